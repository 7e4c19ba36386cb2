# The dashboard's files and reports (dashboard/exports.py, followup.py, report.py): exports, pledge follow-up and the
# council report.

files-nav-exports = خروجی فایل
files-nav-followup = پیگیری تعهدها
files-nav-report = گزارش شورا

files-exports-heading = خروجی فایل: { $region }
files-exports-intro = فهرست‌های منطقهٔ شما را به صورت CSV یا اکسل بگیرید. شمارهٔ تلفن و کد ملی هیچ‌کس در این فایل‌ها نیست؛ هر کس با کد معرفش آمده است. هر خروجی در گزارش رویدادها ثبت می‌شود.
files-exports-caption = فهرست‌هایی که می‌توانید بگیرید
files-col-table = فهرست
files-col-download = دریافت
files-table-participants = شرکت‌کنندگان پویش‌ها
files-table-pledges = تعهدها
files-table-volunteers = داوطلبان
files-download-csv = دریافت { $table } (CSV)
files-download-xlsx = دریافت { $table } (اکسل)
export-col-joined_at = تاریخ پیوستن

files-upload-heading = ثبت پرداخت‌های تأییدشده
files-upload-how =
    فایل CSV پرداخت‌های تأییدشده را بارگذاری کنید. ستون‌ها: pledge_id (شماره تعهد) یا referral_code (کد معرف) همراه با amount (مبلغ به تومان).
    اگر حتی یک سطر نادرست باشد، هیچ سطری ثبت نمی‌شود و سطرهای نادرست را با شماره‌شان می‌بینید.
files-upload-label = فایل CSV پرداخت‌ها
files-upload-button = بارگذاری و ثبت
files-upload-too-large-heading = این فایل بزرگ‌تر از اندازهٔ مجاز است
files-upload-too-large = فایل پرداخت‌ها باید کمتر از یک مگابایت باشد (تا ۱۰٬۰۰۰ سطر). فایل را به چند فایل کوچک‌تر بخش کنید و هر کدام را جدا بارگذاری کنید. چیزی ثبت نشد.
files-upload-missing-heading = فایلی بارگذاری نشد
files-upload-missing = فایل CSV پرداخت‌ها را انتخاب کنید و سپس «بارگذاری و ثبت» را بزنید. چیزی ثبت نشد.
files-upload-bad-heading = هیچ پرداختی ثبت نشد
files-upload-bad = این فایل { $count } سطر نادرست دارد، پس هیچ چیز ثبت نشد:
files-upload-fix = این سطرها را درست کنید و فایل را دوباره بارگذاری کنید.
files-upload-done-heading = پرداخت‌ها ثبت شد
files-upload-done = { $matched } تعهد انجام‌شده ثبت شد. { $unmatched } سطر با هیچ تعهد بازی جور نشد.
files-back-to-followup = بازگشت به پیگیری تعهدها
files-overdue-heading = تعهدهای سررسیدگذشته: { $total }
files-overdue-caption = { $shown } تعهد از { $total }، از قدیمی‌ترین سررسید
files-overdue-none = در منطقهٔ شما تعهد سررسیدگذشته‌ای نیست.
files-col-place = منطقه

files-reports-heading = گزارش فصلی برای شورای استان
files-reports-intro = برای هر استان منطقهٔ خود، گزارش یک‌صفحه‌ای فصل را باز کنید و با فرمان چاپ مرورگر روی کاغذ A4 یا در فایل PDF بگیرید.
files-reports-caption = گزارش‌های این فصل و فصل پیش
files-quarter-name = فصل { $quarter } سال { $year }
files-report-link = گزارش { $province }، { $quarter }
files-report-title = گزارش شورای { $province }، { $quarter }
files-report-steps = فصل‌های دیگر
files-report-previous = فصل پیش ({ $quarter })
files-report-next = فصل بعد ({ $quarter })
files-report-print-how = برای چاپ یا PDF از فرمان چاپ مرورگر استفاده کنید؛ گزارش روی یک برگ A4 جا می‌شود.
files-report-heading = گزارش همیار برای شورای { $province }: { $quarter }
files-report-range = از { $first } تا { $last }
files-report-county-only = تنها شهرستان { $county } (منطقهٔ شما)
files-report-map = نقشهٔ شهرستان‌های { $province }
files-report-figures = آمار { $quarter }
files-fig-participants = شرکت‌کنندگان تازهٔ پویش‌ها
files-fig-pledged = تعهدهای ثبت‌شده
files-fig-fulfilled = تعهدهای انجام‌شده
files-fig-pledges = { $count } تعهد، { $tomans } تومان
files-fig-volunteers = داوطلبان
files-fig-volunteers-value = { $total } داوطلب ({ $new } نفر تازه)
files-fig-hours = ساعت‌های خدمت داوطلبان
files-fig-callouts = فراخوان‌های فوری
files-fig-callouts-value = { $total } فراخوان ({ $filled } تکمیل‌شده)
files-report-made = تهیه‌شده در همیار، { $date }
