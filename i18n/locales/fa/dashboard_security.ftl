# A sign-in to the dashboard posted from another site (login CSRF): the refusal page and its audit entry
# (dashboard/login_csrf.py).

dashboard-refused-login-csrf-heading = این ورود پذیرفته نشد
dashboard-refused-login-csrf = درخواست ورود از صفحه‌ای بیرون از داشبورد همیار فرستاده شده بود یا صفحهٔ ورود کهنه شده بود؛ کسی وارد نشد. اگر خودتان می‌خواستید وارد شوید، پیوندی را که ربات فرستاده دوباره باز کنید و دکمهٔ «ورود به داشبورد» را بزنید، یا دکمهٔ «باز کردن داشبورد در همین پیام‌رسان» را دوباره بزنید.
live-audit-dashboard_login_csrf = ورود به داشبورد از صفحه‌ای بیرون از داشبورد (رد شد)
