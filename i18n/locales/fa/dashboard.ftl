# The managers' web dashboard (dashboard/) and the bot's /dashboard link (handlers/dashboard_link.py).

dashboard-title = داشبورد همیار
dashboard-welcome-heading = ورود به داشبورد مدیران
dashboard-welcome-how = برای ورود، در ربات همیار دستور /dashboard را بفرستید و پیوندی را که می‌گیرید باز کنید. هر پیوند تنها یک بار و تا پنج دقیقه کار می‌کند.
dashboard-logout = خروج
dashboard-not-found-heading = این صفحه پیدا نشد
dashboard-not-found = نشانی را بررسی کنید یا از صفحهٔ نخست داشبورد شروع کنید.
dashboard-scope-national = سراسر کشور
dashboard-overview-heading = نمای کلی: { $region }
dashboard-refused-forged-heading = این پیوند معتبر نیست
dashboard-refused-forged = این پیوند را همیار نساخته یا ناقص کپی شده است. در ربات همیار دستور /dashboard را بفرستید تا پیوند تازه‌ای بگیرید.
dashboard-refused-expired-heading = زمان این پیوند یا نشست گذشته است
dashboard-refused-expired = پیوند ورود تنها پنج دقیقه اعتبار دارد و نشست پس از مدتی بی‌کاری بسته می‌شود. در ربات همیار دستور /dashboard را بفرستید تا پیوند تازه‌ای بگیرید.
dashboard-refused-used-heading = این پیوند پیش‌تر به کار رفته است
dashboard-refused-used = هر پیوند ورود تنها یک بار باز می‌شود. اگر خودتان آن را باز نکرده‌اید، به مدیر بالادست خود خبر دهید. برای ورود دوباره در ربات همیار دستور /dashboard را بفرستید.
dashboard-refused-not-manager-heading = دسترسی مدیریتی ندارید
dashboard-refused-not-manager = داشبورد ویژه مدیران پویش‌هاست و اکنون نقش مدیریتی برای شما ثبت نیست. اگر مدیر هستید، از مدیر بالادست خود بخواهید نقش شما را در همیار ثبت کند.
dashboard-refused-csrf-heading = این فرم پذیرفته نشد
dashboard-refused-csrf = فرم از صفحهٔ خود داشبورد فرستاده نشده یا کهنه است. صفحه را دوباره باز کنید و دوباره امتحان کنید.
dashboard-link = پیوند ورود شما به داشبورد همیار:
    { $link }
    این پیوند تنها یک بار و تا پنج دقیقه کار می‌کند؛ آن را برای کسی نفرستید.
dashboard-link-unavailable = داشبورد همیار هنوز در این سامانه راه‌اندازی نشده است. از راهبر فنی بخواهید DASHBOARD_SECRET را تنظیم کند.
dashboard-campaigns-heading = پویش‌های فعال
dashboard-no-campaigns = اکنون پویش فعالی در منطقهٔ شما نیست.
dashboard-campaign-figures = { $participants } شرکت‌کننده، { $pledges } تعهد، { $fulfilled } تعهد انجام‌شده
dashboard-campaign-goal = پیشرفت به سوی هدف پویش: { $current } از { $target } ({ $percent } درصد)
dashboard-campaign-fulfilled = تعهدهای انجام‌شده در منطقهٔ شما: { $percent } درصد
dashboard-map-heading = مشارکت در هر هزار نفر، به تفکیک استان
dashboard-map-province = { $name }: { $rate } شرکت‌کننده در هر هزار نفر
dashboard-map-out = { $name }: بیرون از منطقهٔ شما
dashboard-map-attribution = © OpenStreetMap (مشارکت‌کنندگان OpenStreetMap، مجوز ODbL)
dashboard-legend-heading = راهنمای رنگ‌ها (شرکت‌کننده در هر هزار نفر)
dashboard-legend-none = بدون مشارکت
dashboard-legend-range = از { $low } تا { $high }
dashboard-legend-out = بیرون از منطقهٔ شما
dashboard-table-caption = شمار شرکت‌کنندگان پویش‌های فعال، جمعیت و نرخ در هر هزار نفر
dashboard-col-province = استان
dashboard-col-county = شهرستان
dashboard-col-participants = شرکت‌کنندگان
dashboard-col-population = جمعیت
dashboard-col-rate = در هر هزار نفر
dashboard-back-to-overview = بازگشت به نمای کلی
dashboard-province-heading = شهرستان‌های { $province }
dashboard-province-caption = شهرستان‌ها به ترتیب مشارکت در هر هزار نفر، از کمترین
dashboard-out-of-scope-heading = این استان در منطقهٔ شما نیست
dashboard-out-of-scope = شما تنها آمار منطقهٔ خودتان را می‌بینید. این درخواست در گزارش رویدادها ثبت شد.
