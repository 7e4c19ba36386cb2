# The managers' web dashboard (dashboard/) and the bot's /dashboard link (handlers/dashboard_link.py).

dashboard-title = داشبورد همیار
dashboard-welcome-heading = ورود به داشبورد مدیران
dashboard-welcome-how = برای ورود، در ربات همیار دستور /dashboard را بفرستید و پیوندی را که می‌گیرید باز کنید. هر پیوند تنها یک بار و تا پنج دقیقه کار می‌کند.
dashboard-logout = خروج
dashboard-not-found-heading = این صفحه پیدا نشد
dashboard-not-found = نشانی را بررسی کنید یا از صفحهٔ نخست داشبورد شروع کنید.
