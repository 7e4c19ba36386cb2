# نظام ارجاع تیم‌های محب: ارجاع جدید داوطلب، کارت ارجاع و ارائه‌دهندگان خدمت برای مدیران، آمار ارجاع‌ها.

referral-button-new = ارجاع جدید
referral-button-send = ثبت و ارسال ارجاع
referral-need-psychology = روان‌شناسی
referral-need-psychiatry = روان‌پزشکی
referral-need-social_work = مددکاری اجتماعی
referral-need-rehabilitation = توانبخشی
referral-need-legal = حقوقی
referral-need-housing = اسکان
referral-urgency-today = همین امروز
referral-urgency-week = همین هفته
referral-consent-yes = بله، موافق است
referral-consent-no = نه، موافق نیست
referral-ask-need =
    ارجاع جدید، مرحله ۱. فرد به چه خدمتی نیاز دارد؟ یکی را بزنید یا نامش را بنویسید.
    نام و شماره فرد را فقط اگر خودش موافق باشد، در مرحله‌های بعد می‌پرسیم.
referral-need-invalid = این نیاز را نشناختم. یکی از گزینه‌ها را بزنید یا نامش را بنویسید، مثلاً «روان‌شناسی».
referral-ask-urgency = مرحله ۲. چقدر فوری است؟
referral-urgency-invalid = یکی از دو گزینه را بزنید یا بنویسید: «همین امروز» یا «همین هفته».
referral-ask-province = مرحله ۳. فرد در کدام استان است؟ ارجاع باید در استان همین فراخوان باشد.
referral-ask-county = شهرستان را انتخاب کنید یا نامش را بنویسید. اگر نمی‌دانید «رد شدن» را بزنید.
referral-ask-note =
    مرحله ۴. اگر توضیح کوتاهی لازم است بنویسید (حداکثر ۳۰۰ نویسه)، وگرنه «رد شدن» را بزنید.
    شماره تلفن و نشانی را در توضیح ننویسید.
referral-ask-consent = مرحله ۵. آیا خود فرد موافق است که ارائه‌دهندهٔ خدمت با او تماس بگیرد؟
referral-consent-invalid = «بله» یا «نه» را بزنید یا بنویسید.
referral-ask-name = مرحله ۶. نام فرد را بنویسید (حداکثر ۸۰ نویسه). فقط مدیر استان آن را می‌بیند.
referral-ask-phone = مرحله ۷. شمارهٔ همراه فرد را بنویسید، مثلاً ۰۹۱۲۳۴۵۶۷۸۹. فقط مدیر استان آن را می‌بیند.
referral-summary =
    ارجاع جدید
    نیاز: { $need }
    فوریت: { $urgency }
    منطقه: { $region }
    توضیح: { $note }
    { $consent ->
        [yes] فرد با تماس موافق است؛ نام و شماره‌اش فقط برای مدیر استان ثبت می‌شود.
       *[no] فرد با تماس موافق نیست؛ نام و شماره‌ای ثبت نمی‌شود.
    }
    درست است؟ «ثبت و ارسال ارجاع» را بزنید.
referral-sent =
    ارجاع شمارهٔ { $id } ثبت شد و { $urgency ->
        [today] همین حالا برای مدیر استان فرستاده شد.
       *[other] برای مدیر استان فرستاده شد.
    }
    هر تغییری در آن را به شما خبر می‌دهیم. سپاس از همراهی‌تان.
referral-already-sent = ارجاع شمارهٔ { $id } پیش‌تر ثبت شده است؛ دوباره ثبت نشد.
referral-left = ارجاع ثبت نشد. هر وقت خواستید از زیر فراخوان یا با /referral دوباره شروع کنید.
referral-no-callout = ارجاع فقط برای داوطلبی است که فراخوان اضطراری محب را پذیرفته است. شما فراخوان پذیرفته‌شده‌ای در دو هفتهٔ گذشته ندارید.
referral-pick-callout = ارجاع برای کدام فراخوان است؟
referral-refused-not-on-callout = ارجاع فقط برای داوطلبی است که همین فراخوان محب را پذیرفته است. از زیر پیام فراخوانِ پذیرفته‌شده «ارجاع جدید» را بزنید.
referral-refused-other-province = این استان با استان فراخوان یکی نیست. ارجاع را فقط در استان همین فراخوان می‌توان ثبت کرد؛ استان فراخوان را انتخاب کنید.
referral-refused-note-too-long = توضیح حداکثر ۳۰۰ نویسه است. کوتاه‌ترش کنید و دوباره بفرستید، یا «رد شدن» را بزنید.
referral-refused-note-has-phone = در توضیح شماره تلفن ننویسید؛ این توضیح ذخیره نشد. توضیح را بدون شماره بفرستید. اگر فرد موافق تماس باشد، شماره‌اش را در مرحلهٔ خودش می‌پرسیم.
referral-refused-bad-name = نام باید حروف داشته باشد و حداکثر ۸۰ نویسه باشد، بدون شماره. لطفاً دوباره بنویسید.
referral-refused-bad-phone = این شمارهٔ همراه درست نیست. یازده رقم با ۰۹ بنویسید، مثلاً ۰۹۱۲۳۴۵۶۷۸۹.
referral-refused-unknown-region = این منطقه را نشناختم. لطفاً از نو ارجاع را شروع کنید.
referral-refused-out-of-scope = این ارجاع بیرون از منطقهٔ مسئولیت شماست؛ چیزی تغییر نکرد.
referral-refused-not-found = این ارجاع پیدا نشد.
referral-refused-no-provider = این ارائه‌دهنده در استان این ارجاع نیست. از فهرست همین ارجاع انتخاب کنید.
referral-status-open = باز، در انتظار ارائه‌دهنده
referral-status-assigned = به ارائه‌دهندهٔ خدمت سپرده شد
referral-status-contacted = ارائه‌دهنده با فرد تماس گرفت
referral-status-closed = بسته شد
referral-status-served = بسته شد: خدمت ارائه شد
referral-status-declined = بسته شد: فرد خدمت را نپذیرفت
referral-status-unreachable = بسته شد: دسترسی به فرد ممکن نشد
# Sent by the worker (the outbox): to the managers of the province, and to the referring volunteer.
referral-new =
    ارجاع تازه از تیم محب، شمارهٔ { $id }
    نیاز: { $need }
    فوریت: { $urgency }
    منطقه: { $region }
    برای دیدن جزئیات و سپردن به ارائه‌دهندهٔ خدمت «باز کردن ارجاع» را بزنید.
referral-update =
    خبر ارجاع شمارهٔ { $id } شما ({ $need }):
    { $status }
referral-overdue-reminder =
    یادآوری: ارجاع شمارهٔ { $id } ({ $need }، { $urgency }) در { $region } هنوز به تماس نرسیده و از مهلتش گذشته است.
referral-button-open = باز کردن ارجاع
# The managers' card and lists.
referral-menu = ارجاع‌ها
referral-card =
    ارجاع شمارهٔ { $id }
    نیاز: { $need }
    فوریت: { $urgency }
    منطقه: { $region }
    توضیح داوطلب: { $note }
    وضعیت: { $status }
    ارائه‌دهنده: { $provider }
    ثبت: { $created }
referral-card-overdue = ⚠️ از مهلت تماس گذشته است.
referral-card-contact =
    فرد با تماس موافق است (فقط برای شما):
    نام: { $name }
    همراه: { $phone }
referral-card-no-consent = فرد با تماس موافق نبود؛ نام و شماره‌ای ثبت نشده است.
referral-button-assign = سپردن به ارائه‌دهنده
referral-button-contacted = تماس گرفته شد
referral-button-served = بستن: خدمت ارائه شد
referral-button-declined = بستن: فرد نپذیرفت
referral-button-unreachable = بستن: دسترسی نشد
referral-button-list = فهرست ارجاع‌ها
referral-button-overdue = ارجاع‌های عقب‌افتاده
referral-button-providers = ارائه‌دهندگان خدمت
referral-pick-provider = ارجاع شمارهٔ { $id } را به کدام ارائه‌دهنده بسپاریم؟
referral-no-providers = در استان این ارجاع ارائه‌دهنده‌ای ثبت نشده است. از «ارائه‌دهندگان خدمت» یکی بیفزایید، سپس دوباره «سپردن به ارائه‌دهنده» را بزنید.
referral-moved = ارجاع شمارهٔ { $id }: { $status }. به داوطلب ارجاع‌دهنده هم خبر دادیم.
referral-unchanged = ارجاع شمارهٔ { $id } پیش‌تر به این وضعیت رسیده است: { $status }. چیزی تغییر نکرد.
referral-list-title = ارجاع‌های باز منطقهٔ شما (قدیمی‌ترها اول):
referral-list-empty = در منطقهٔ شما ارجاع بازی نیست.
referral-overdue-title = ارجاع‌هایی که از مهلت تماس گذشته‌اند (۴۸ ساعت برای «همین امروز»، ۷ روز برای «همین هفته»):
referral-overdue-empty = ارجاع عقب‌افتاده‌ای در منطقهٔ شما نیست.
referral-list-line = { $overdue ->
        [yes] ⚠️ #{ $id } { $need }، { $urgency }: { $status }
       *[no] #{ $id } { $need }، { $urgency }: { $status }
    }
referral-providers-title = ارائه‌دهندگان خدمت منطقهٔ شما (تماس فقط برای مدیران):
referral-providers-empty = در منطقهٔ شما ارائه‌دهنده‌ای ثبت نشده است.
referral-provider-line = • { $name } ({ $kind }، { $region }): { $contact }
referral-button-provider-add = افزودن ارائه‌دهنده
referral-provider-ask-kind = ارائه‌دهندهٔ تازه، مرحله ۱ از ۴. چه خدمتی می‌دهد؟ یکی را بزنید یا نامش را بنویسید.
referral-provider-ask-name = مرحله ۲ از ۴. نام ارائه‌دهنده را بنویسید (حداکثر ۱۲۰ نویسه)، مثلاً «مرکز مشاوره بهزیستی شهرستان».
referral-provider-name-invalid = نام باید بین ۱ تا ۱۲۰ نویسه باشد. لطفاً دوباره بنویسید.
referral-provider-ask-contact = مرحله ۳ از ۴. راه تماس را بنویسید (تلفن یا نشانی، حداکثر ۲۰۰ نویسه). فقط مدیران آن را می‌بینند. اگر ندارید «رد شدن» را بزنید.
referral-provider-contact-invalid = راه تماس حداکثر ۲۰۰ نویسه است. کوتاه‌ترش کنید یا «رد شدن» را بزنید.
referral-provider-ask-province = مرحله ۴ از ۴. ارائه‌دهنده در کدام استان است؟
referral-provider-ask-county = شهرستان ارائه‌دهنده را انتخاب کنید یا نامش را بنویسید. اگر برای همهٔ استان است «رد شدن» را بزنید.
referral-provider-added = «{ $name }» به ارائه‌دهندگان خدمت افزوده شد.
referral-provider-left = ارائه‌دهنده‌ای افزوده نشد.
# The manager's statistics.
referral-stats-button = ارجاع‌های تیم‌های محب
referral-stats-title = ارجاع‌های تیم‌های محب در منطقهٔ شما: { $total }
referral-stats-kind = بر پایهٔ نیاز:
referral-stats-province = بر پایهٔ استان:
referral-stats-line = • { $name }: { $count }
referral-stats-contact = زمان تا نخستین تماس (میانه): { $hours } ساعت، در { $contacted } ارجاع
referral-stats-contact-none = هنوز هیچ ارجاعی به تماس نرسیده است.
referral-stats-none = هنوز ارجاعی در منطقهٔ شما ثبت نشده است.
