# Profile (/me), editing its fields, and erasing it (/forget).

prof-summary =
    اطلاعاتی که از شما نگه داشته‌ایم:
    نام: { $name }
    تلفن: { $phone }
    کد ملی: { $national_id }
    زبان: { $language }
    منطقه: { $region }
    محله: { $neighbourhood }
    تاریخ عضویت: { $joined }
    داوطلبی: { $volunteer }
    پویش‌هایی که پیوسته‌اید: { $campaigns }
    تعهدها: { $pledges }
    کد معرفی شما: { $referral }
    پیوند دعوت دوستان: { $link }
    برای ویرایش، دکمه هر مورد را بزنید.
prof-not-given = ثبت نشده
prof-volunteer-none = ثبت‌نام نکرده‌اید. با /volunteer داوطلب شوید.
prof-volunteer = { $axes }؛ { $specialty }؛ فراخوان اضطراری: { $on_call }
prof-edit-language = تغییر زبان
prof-edit-phone = تغییر تلفن
prof-edit-region = تغییر منطقه
prof-edit-neighbourhood = تغییر محله
prof-edit-national-id = تغییر کد ملی
prof-edit-volunteer = ثبت‌نام داوطلبی
prof-all-pledges = همه تعهدهای من
prof-forget = پاک کردن اطلاعات من

prof-ask-language = زبان را انتخاب کنید: «فارسی» یا «English».
prof-ask-phone = شماره موبایل تازه را با دکمه «ارسال شماره من» بفرستید یا بنویسید (مثلاً ۰۹۱۲۱۲۳۴۵۶۷). برای انصراف «بازگشت» را بزنید.
prof-ask-province = استان تازه را انتخاب کنید یا نامش را بنویسید.
prof-ask-county = شهرستان خود در استان { $province } را انتخاب کنید یا نامش را بنویسید.
prof-ask-neighbourhood = نام محله را بنویسید (۲ تا ۶۰ نویسه).
prof-ask-national-id = کد ملی ۱۰ رقمی خود را بنویسید.
prof-clear-neighbourhood = حذف محله
prof-clear-national-id = حذف کد ملی
prof-saved = ذخیره شد.
prof-region-saved = منطقه ذخیره شد. چون شهرستان عوض شد، محله قبلی پاک شد.

prof-forget-ask =
    با پاک کردن، شماره تلفن، کد ملی، نام، محله و مهارت‌هایی که نوشته‌اید برای همیشه پاک می‌شود.
    تعهدهای شما بدون نام در آمار پویش‌ها می‌ماند. این کار برگشت‌پذیر نیست.
    آیا مطمئن هستید؟
prof-forget-yes = بله، همه را پاک کن
prof-forget-no = نه، نگه دار
prof-forget-invalid = لطفاً «بله، همه را پاک کن» یا «نه، نگه دار» را انتخاب کنید یا بنویسید.
prof-forget-kept = چیزی پاک نشد.
prof-forgotten = اطلاعات شما پاک شد. اگر روزی خواستید برگردید، /start را بفرستید.
