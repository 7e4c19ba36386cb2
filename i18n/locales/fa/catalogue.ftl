# Catalogue: the campaign list, campaign pages, join and leave, share, my campaigns.

cat-list-title = پویش‌های فعال ({ $count } پویش). برای دیدن هر پویش، دکمه نامش را بزنید یا شماره‌اش را بنویسید:
cat-list-empty = اکنون پویش فعالی نیست. بعداً دوباره سر بزنید.
cat-list-line = { $number }. { $title }
cat-list-line-local = { $number }. { $title } (ویژه استان شما)
cat-list-line-upcoming = { $number }. { $title } (به‌زودی)
cat-not-found = این پویش پیدا نشد؛ شاید پیوند اشتباه است یا پویش برداشته شده. فهرست پویش‌ها: /campaigns

cat-progress = پیشرفت: { $percent }٪ — { $current } از { $target } { $unit }
cat-progress-bar = نمودار پیشرفت: { $bar }
cat-dates-both = زمان: از { $start } تا { $end }
cat-dates-start = زمان: از { $start }
cat-dates-end = زمان: تا { $end }
cat-regions-national = منطقه: سراسر کشور
cat-regions = منطقه: { $regions }
cat-payment-link = نشانی پرداخت: { $link }
cat-payment-card = شماره کارت: { $card }
cat-payment-disclaimer = همیار پولی دریافت نمی‌کند؛ پرداخت را خودتان از راه بالا انجام دهید.
cat-member = شما عضو این پویش هستید.
cat-not-member = شما هنوز عضو این پویش نیستید.
cat-ended = این پویش به پایان رسیده است و دیگر عضو یا تعهد نمی‌پذیرد.
cat-paused = این پویش فعلاً متوقف است و عضو یا تعهد نمی‌پذیرد.
cat-upcoming = این پویش از { $start } آغاز می‌شود.

cat-button-join = عضویت در پویش
cat-button-leave = خروج از پویش
cat-button-share = دعوت دیگران
cat-button-back-list = بازگشت به فهرست پویش‌ها
cat-button-pledge-cash = تعهد کمک نقدی
cat-button-pledge-in_kind = تعهد کمک غیرنقدی
cat-button-pledge-dowry = اهدای جهیزیه (سری کامل یا یک قلم)
cat-button-pledge-payroll = ثبت چهار رقم آخر فیش این ماه
cat-button-payroll-totals = آمار به تفکیک دستگاه و استان
cat-button-energy-report = ثبت مصرف برق
cat-button-energy-totals = آمار صرفه‌جویی
cat-button-volunteer = ثبت‌نام داوطلب

cat-joined = به پویش «{ $title }» پیوستید. سپاس!
cat-joined-already = شما از قبل عضو پویش «{ $title }» هستید.
cat-left = از پویش «{ $title }» خارج شدید. هر وقت بخواهید دوباره می‌توانید بپیوندید.
cat-left-already = شما عضو این پویش نبودید.
cat-not-open = این پویش اکنون عضو نمی‌پذیرد.
cat-share =
    برای دعوت دیگران به پویش «{ $title }» این پیوند را بفرستید. هر کس با آن بپیوندد، به نام شما ثبت می‌شود:
    { $link }
cat-share-unavailable = پیوند دعوت اکنون در دسترس نیست. لطفاً کمی بعد دوباره تلاش کنید.

cat-mine-title = پویش‌هایی که عضوشان هستید:
cat-mine-empty = هنوز عضو هیچ پویشی نیستید. برای دیدن پویش‌ها /campaigns را بفرستید یا «پویش‌ها» را بزنید.
cat-typed-unknown = این پویش را پیدا نکردم. شماره‌ای بین ۱ و { $count } یا بخشی از نام پویش را بنویسید.
