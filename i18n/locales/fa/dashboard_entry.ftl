# Entry into the managers' dashboard: the login link's page, the /dashboard rate limit and the Mini App
# (dashboard/auth.py, dashboard/miniapp.py, handlers/dashboard_link.py).

dashboard-entry-login-heading = ورود به داشبورد همیار
dashboard-entry-login-how = این پیوند ورود را ربات همیار برای شما فرستاده است. با زدن دکمهٔ زیر وارد داشبورد می‌شوید و پس از آن، این پیوند دیگر کار نمی‌کند.
dashboard-entry-login-button = ورود به داشبورد
dashboard-entry-web-app-button = باز کردن داشبورد در همین پیام‌رسان
dashboard-entry-rate-limited = در { $window } دقیقهٔ گذشته { $limit } پیوند ورود گرفته‌اید و بیش از این فرستاده نمی‌شود. { $minutes } دقیقهٔ دیگر، ساعت { $time } به وقت ایران، دوباره /dashboard را بفرستید.
    پیوندهایی که تازه گرفته‌اید تا پنج دقیقه پس از رسیدن کار می‌کنند.
dashboard-entry-app-heading = ورود به داشبورد از درون پیام‌رسان
dashboard-entry-app-wait = در حال ورود به داشبورد… اگر تا چند لحظهٔ دیگر باز نشد، این صفحه را ببندید و دکمهٔ «باز کردن داشبورد در همین پیام‌رسان» را در ربات دوباره بزنید.
dashboard-entry-app-bale = اگر ورود در بله انجام نشد، پیوند یک‌بارمصرفی را که ربات در همان پیام فرستاده باز کنید.
dashboard-entry-app-no-data = این صفحه را باید از دکمهٔ ربات همیار باز کنید. در ربات دستور /dashboard را بفرستید و دکمهٔ «باز کردن داشبورد در همین پیام‌رسان» را بزنید.
dashboard-entry-app-noscript = برای ورود از درون پیام‌رسان اجرای جاوااسکریپت لازم است. به جای آن، پیوند یک‌بارمصرفی را که ربات فرستاده باز کنید.
dashboard-entry-app-forged-heading = ورود از درون پیام‌رسان تأیید نشد
dashboard-entry-app-forged = پیام‌رسان نشانی ورود معتبری به این صفحه نداد. صفحه را ببندید و دکمهٔ ربات را دوباره بزنید، یا در ربات دستور /dashboard را بفرستید و پیوند یک‌بارمصرف را باز کنید.
dashboard-entry-app-bale-heading = ورود از درون بله تأیید نشد
dashboard-entry-app-bale-fallback = بله نشانی ورودی نداد که همیار بتواند بررسی کند. پیوند یک‌بارمصرفی را که ربات در همان پیام فرستاده باز کنید؛ اگر زمانش گذشته، دستور /dashboard را دوباره بفرستید.
dashboard-entry-app-stale-heading = زمان این ورود گذشته است
dashboard-entry-app-stale = این صفحه بیش از یک ساعت پیش در پیام‌رسان باز شده است. آن را ببندید و دکمهٔ «باز کردن داشبورد در همین پیام‌رسان» را دوباره بزنید.
dashboard-entry-app-unavailable-heading = ورود از درون این پیام‌رسان راه‌اندازی نشده است
dashboard-entry-app-unavailable = در ربات همیار دستور /dashboard را بفرستید و پیوند یک‌بارمصرفی را که می‌گیرید باز کنید.
dashboard-entry-app-new-tab-heading = داشبورد را در زبانهٔ تازه باز کنید
dashboard-entry-app-new-tab = ورود شما تأیید شد، ولی نسخهٔ وب پیام‌رسان نمی‌گذارد داشبورد درون همین قاب باز شود. دکمهٔ زیر داشبورد را در زبانهٔ تازه‌ای از مرورگر باز می‌کند؛ در آنجا دکمهٔ «ورود به داشبورد» را بزنید.
dashboard-entry-app-new-tab-button = باز کردن داشبورد در زبانهٔ تازه
dashboard-entry-app-new-tab-once = این پیوند فقط یک بار و تا { $minutes } دقیقه کار می‌کند. اگر زمانش گذشت، این قاب را ببندید و دکمهٔ «باز کردن داشبورد در همین پیام‌رسان» را در ربات دوباره بزنید.
