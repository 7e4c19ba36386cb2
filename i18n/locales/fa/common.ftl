# Common texts: menu, help, errors, commands. Persian is the default locale.

command-start = شروع یا بازگشت به منوی اصلی
command-campaigns = پویش‌های فعال
command-volunteer = ثبت‌نام داوطلب
command-me = اطلاعات من
command-help = راهنما
command-cancel = لغو و بازگشت به منو

menu-campaigns = پویش‌ها
menu-my-campaigns = پویش‌های من
menu-my-pledges = تعهدهای من
menu-volunteer = داوطلب می‌شوم
menu-profile = اطلاعات من
menu-help = راهنما

main-menu = منوی اصلی. یکی از گزینه‌ها را انتخاب کنید یا بنویسید.
cancelled = لغو شد. به منوی اصلی برگشتید.
nothing-to-cancel = کاری در جریان نبود. منوی اصلی:

help-text =
    همیار، دستیار مشارکت‌های مردمی بهزیستی است.
    با همیار می‌توانید:
    - به پویش‌های نیکوکاری بپیوندید و برای منطقه دلخواه خود تعهد نقدی یا غیرنقدی بدهید؛
    - در شبکه داوطلبان ثبت‌نام کنید و مأموریت بگیرید؛
    - اطلاعاتی را که از شما نگه داشته‌ایم ببینید یا پاک کنید.
    فرمان‌ها:
    /start منوی اصلی
    /campaigns پویش‌ها
    /volunteer ثبت‌نام داوطلب
    /me اطلاعات من
    /forget پاک کردن اطلاعات من
    /cancel لغو کار جاری
    در هر مرحله می‌توانید به‌جای دکمه‌ها، پاسخ را بنویسید.

button-back = بازگشت
button-skip = رد شدن
button-cancel = لغو
button-next-page = صفحه بعد
button-prev-page = صفحه قبل
button-menu = منوی اصلی

error-unexpected = متأسفیم، مشکلی پیش آمد و کار شما ذخیره نشد. لطفاً دوباره تلاش کنید یا /start را بفرستید.
unknown-command = این فرمان را نمی‌شناسم. برای دیدن فرمان‌ها /help را بفرستید.
unknown-text = متوجه نشدم. لطفاً یکی از گزینه‌های منو را انتخاب کنید یا /help را بفرستید.
expect-text = لطفاً پاسخ را به صورت متن بنویسید. عکس، استیکر و فایل در این مرحله پذیرفته نمی‌شود.
text-too-long = پیام شما بیش از حد طولانی است. لطفاً کوتاه‌تر (حداکثر { $max } نویسه) بنویسید.
button-expired = این دکمه دیگر معتبر نیست. لطفاً از آخرین پیام یا منوی اصلی ادامه دهید.
need-start = برای شروع، لطفاً /start را بفرستید.

bot-name = همیار

# A second tap on a button whose step was just handled (bot/repeat_taps.py).
already-done = این کار انجام شده است.
# Sent once when someone sends far faster than a person can (bot/throttle.py).
slow-down = پیام‌های شما خیلی تند پشت سر هم می‌رسد. لطفاً چند ثانیه صبر کنید و بعد ادامه دهید؛ پیام‌هایی که در این فاصله فرستاده‌اید بی‌پاسخ می‌مانند.
# Sent once in a group or supergroup (bot/chat_scope.py).
private-only = همیار فقط در گفتگوی خصوصی کار می‌کند تا اطلاعات شما، مثل شماره موبایل، در گروه دیده نشود. روی دکمه زیر بزنید و در گفتگوی خصوصی /start را بفرستید.
private-only-button = گفتگوی خصوصی با همیار
