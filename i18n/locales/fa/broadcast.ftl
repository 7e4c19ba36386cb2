# Broadcasts: buttons on campaign messages, progress for managers, reminders, refusals, opt-out.

broadcast-button-join = پیوستن به پویش
broadcast-button-link = باز کردن پیوند
broadcast-button-stop = این پیام‌ها را دیگر نفرست

broadcast-progress =
    ارسال پیام همگانی شماره { $id } در جریان است:
    ارسال‌شده: { $sent } از { $total }
    مسدودکرده یا در دسترس نبوده: { $blocked }
    ناموفق: { $failed }
    در صف: { $pending }
    سرعت: { $rate } پیام در ثانیه؛ زمان باقی‌مانده حدود { $minutes } دقیقه و { $seconds } ثانیه
broadcast-summary =
    پیام همگانی شماره { $id } تمام شد.
    ارسال‌شده: { $sent } از { $total }
    مسدودکرده یا در دسترس نبوده: { $blocked }
    ناموفق: { $failed }
    لغوشده: { $cancelled }

broadcast-monthly-pledge =
    تعهد ماهانه { $month } شما
    یادآوری مهربانانه: زمان پرداخت تعهد ماهانه شما برای { $period } رسیده است. از همراهی شما سپاسگزاریم.
broadcast-pledge-overdue =
    یادآوری: موعد تعهد شما گذشته است. اگر پرداخت کرده‌اید، از بخش «تعهدهای من» آن را ثبت کنید؛ اگر نه، هر وقت توانستید انجامش دهید.

broadcast-monthly-payroll =
    تعهد ماهانه { $month } شما — { $campaign }
    وقت ثبت تعهد { $period } است: چهار رقم آخر خالص پرداختی فیش حقوقی این ماه را بفرستید. دکمه زیر را بزنید یا از صفحه پویش وارد شوید.
broadcast-after-join-no-pledge =
    از پیوستن شما به پویش «{ $campaign }» سپاسگزاریم.
    هنوز تعهدی ثبت نکرده‌اید؛ هر وقت آماده بودید، با دکمه زیر تعهد خود را ثبت کنید.
broadcast-event-text = { $text }
broadcast-button-pledge = ثبت تعهد
broadcast-button-payroll = فرستادن چهار رقم این ماه

broadcast-refused-empty-audience = این پیام به هیچ‌کس نمی‌رسد: مخاطبی با این ویژگی‌ها پیدا نشد. ویژگی‌ها را گسترده‌تر کنید.
broadcast-refused-empty-text = متن پیام خالی است. لطفاً متن پیام (و برای هر دکمه، عنوان آن) را بنویسید.
broadcast-refused-text-too-long = متن پیام { $length } نویسه است؛ بیشترین اندازه { $limit } نویسه است. لطفاً کوتاه‌ترش کنید.
broadcast-refused-caption-too-long = متن زیر عکس { $length } نویسه است؛ بیشترین اندازه { $limit } نویسه است. لطفاً کوتاه‌ترش کنید یا عکس را بردارید.
broadcast-refused-bad-photo = این عکس پذیرفته نمی‌شود. لطفاً عکس را دوباره بفرستید یا نشانی اینترنتی آن را (با https://) بدهید.
broadcast-refused-bad-link = نشانی دکمه درست نیست. لطفاً نشانی کاملی که با https:// شروع می‌شود بدهید.
broadcast-refused-schedule-in-past = این زمان گذشته است. لطفاً زمانی در آینده بدهید، مثلاً ۱۴۰۵/۰۹/۰۳ ساعت ۱۸:۳۰.
broadcast-refused-campaign-ended = این پویش به پایان رسیده است؛ برای آن نمی‌توان پیام فرستاد.
broadcast-refused-unknown-campaign = این پویش پیدا نشد.
broadcast-refused-bad-schedule = زمان‌بندی کامل نیست. لطفاً تاریخ را به شکل ۱۴۰۵/۰۹/۰۳ ۱۸:۳۰ بنویسید، یا برای یادآوری «چند روز پس از پیوستن» تعداد روزها را بدهید.

broadcast-stopped-campaign = دیگر پیام‌های همگانی این پویش برای شما فرستاده نمی‌شود. هر وقت خواستید، از صفحه پویش دوباره آن را روشن کنید.
broadcast-stopped-all = دیگر پیام‌های همگانی پویش‌ها برای شما فرستاده نمی‌شود. هر وقت خواستید، از صفحه یک پویش دوباره آن را روشن کنید.
broadcast-stop-unknown = برای این کار ابتدا /start را بفرستید.
broadcast-reply-thanks = پاسخ شما رسید؛ سپاسگزاریم.
broadcast-optin-done = از این پس پیام‌های همگانی این پویش برای شما فرستاده می‌شود.
