# Shift reminders (campaigns/shifts.py, handlers/shifts.py): confirm or release a place before the start.

shift-reminder =
    { $lead ->
        [day] یادآوری:
       *[other] یادآوری: یک ساعت دیگر
    } مأموریت «{ $title }» در { $when_fa }، ساعت { $when_clock_fa } در { $place } ({ $region_fa }) شروع می‌شود.
    می‌آیید؟ اگر نمی‌توانید، «نمی‌توانم بیایم» را بزنید تا جای شما به داوطلب دیگری برسد.
shift-button-coming = می‌آیم
shift-button-cannot = نمی‌توانم بیایم
shift-place-freed =
    یک جای خالی در مأموریت «{ $title }» باز شد: { $when_fa }، ساعت { $when_clock_fa } در { $place } ({ $region_fa }).
    اگر هنوز می‌توانید بیایید، «می‌پذیرم» را بزنید؛ جای خالی به نخستین کسانی می‌رسد که بپذیرند.

shift-answer-confirmed = سپاس! آمدن شما ثبت شد. هنگام رسیدن «رسیدم» را بزنید.
shift-answer-already-confirmed = آمدن شما پیش‌تر ثبت شده است. منتظر دیدارتان هستیم.
shift-answer-released = جای شما آزاد شد و به داوطلب دیگری می‌رسد. سپاس از اینکه خبر دادید.
shift-answer-already-released = جای شما پیش‌تر آزاد شده است؛ نیازی به کار دیگری نیست.
shift-answer-after-start =
    این مأموریت شروع شده است و پاسخ شما دیگر چیزی را تغییر نمی‌دهد.
    اگر کاری پیش آمده، لطفاً مستقیم به مدیر مأموریت خبر دهید.
shift-answer-not-accepted = شما در فهرست آمدن به این مأموریت نیستید؛ پاسخی لازم نیست.
shift-answer-checked-in = حضور شما ثبت شده است و جایی برای آزاد کردن نیست. اگر باید بروید، «پایان کار» را بزنید.
shift-answer-not-invited = این یادآوری برای شما نیست یا دیگر معتبر نیست.

shift-live = تأیید آمدن: { $confirmed }، انصراف: { $released }، جایگزین: { $refilled }، بی‌پاسخ تا شروع: { $unconfirmed }
