# Assignments and MOHEB emergency call-outs, volunteers' answers, the time bank.

assignments-not-manager = ساختن مأموریت و فراخوان ویژه مدیران است. اگر مدیر هستید، از مدیر بالاتر بخواهید نقش شما را ثبت کند.
assignments-need-start = ابتدا /start را بفرستید و ثبت‌نام را کامل کنید.
assignments-ask-title =
    مأموریت تازه، مرحله ۱ از ۸. عنوان مأموریت را بنویسید (حداکثر ۲۰۰ نویسه).
    مثلاً «حمایت روانی در اسکان اضطراری».
assignments-ask-title-urgent =
    فراخوان اضطراری محب، مرحله ۱ از ۸. عنوان فراخوان را بنویسید (حداکثر ۲۰۰ نویسه).
    مثلاً «حمایت روانی سیل‌زدگان».
assignments-title-invalid = عنوان باید بین ۱ تا ۲۰۰ نویسه باشد. لطفاً عنوان کوتاه‌تری بنویسید.
assignments-ask-place = مرحله ۲ از ۸. محل حضور را بنویسید (نشانی یا نام مکان، حداکثر ۳۰۰ نویسه).
assignments-place-invalid = محل باید بین ۱ تا ۳۰۰ نویسه باشد. لطفاً نشانی کوتاه‌تری بنویسید.
assignments-ask-province = مرحله ۳ از ۸. استان مأموریت را انتخاب کنید یا نامش را بنویسید.
assignments-province-invalid = این استان را نشناختم. از فهرست انتخاب کنید یا نام استان را بنویسید، مثلاً «اصفهان».
assignments-ask-county = مرحله ۴ از ۸. شهرستان را انتخاب کنید یا نامش را بنویسید. برای همه استان «رد شدن» را بزنید.
assignments-county-invalid = این شهرستان را نشناختم. از فهرست انتخاب کنید یا نامش را بنویسید؛ برای همه استان «رد شدن» را بزنید.
assignments-ask-need = مرحله ۵ از ۸. چه داوطلبانی لازم است؟ یک تخصص یا محور را انتخاب کنید یا بنویسید.
assignments-ask-need-urgent = مرحله ۵ از ۸. چه تخصصی لازم است؟ فراخوان به داوطلبان آماده به خدمت همین تخصص می‌رسد.
assignments-need-invalid = این را نشناختم. یکی از گزینه‌ها را بزنید یا نامش را بنویسید، مثلاً «روان‌شناس».
assignments-need-any = همه داوطلبان
assignments-ask-when =
    مرحله ۶ از ۸. تاریخ و ساعت شروع را به تقویم شمسی بنویسید، مثلاً «۱۴۰۵/۰۹/۰۳ ۱۸:۳۰».
assignments-when-invalid = تاریخ را نشناختم. به این شکل بنویسید: «۱۴۰۵/۰۹/۰۳ ۱۸:۳۰» (سال/ماه/روز ساعت:دقیقه).
assignments-ask-headcount = مرحله ۷ از ۸. چند نفر لازم است؟ یک عدد بنویسید، مثلاً «۲۰».
assignments-ask-deadline =
    مرحله ۸ از ۸. مهلت پذیرش تا کی است؟ تاریخ و ساعت را بنویسید، مثلاً «۱۴۰۵/۰۹/۰۲ ۲۰:۰۰».
    با «رد شدن»، مهلت همان زمان شروع است.
assignments-summary =
    { $urgent ->
        [yes] فراخوان اضطراری محب
       *[no] مأموریت
    }: { $title }
    محل: { $place }
    منطقه: { $region }
    نیاز: { $need }
    شروع: { $when }
    تعداد: { $headcount } نفر
    مهلت پذیرش: { $deadline }
    درست است؟ «ثبت و ارسال» را بزنید.
assignments-button-create = ثبت و ارسال
assignments-created = ثبت شد (شماره { $id }). دعوت‌نامه‌ها در حال ارسال است؛ شمار پذیرفته‌ها را در پیام زیر ببینید.
assignments-left = ساختن مأموریت را رها کردید. چیزی ذخیره نشد.

assignments-refused-not-manager = ساختن مأموریت ویژه مدیران است. چیزی ثبت نشد.
assignments-refused-out-of-region = این منطقه بیرون از حوزه مسئولیت شماست. فقط در منطقه خودتان می‌توانید مأموریت بسازید. منطقه دیگری انتخاب کنید.
assignments-refused-bad-headcount = تعداد باید عددی بزرگ‌تر از صفر (و حداکثر ۱۰٬۰۰۰) باشد. دوباره بنویسید، مثلاً «۲۰».
assignments-refused-past-deadline = این مهلت گذشته است. زمانی در آینده بنویسید، مثلاً «۱۴۰۵/۰۹/۰۲ ۲۰:۰۰».
assignments-refused-past-start = زمان شروع گذشته است. زمانی در آینده بنویسید.
assignments-refused-deadline-after-start = مهلت پذیرش باید پیش از زمان شروع باشد. زمان زودتری بنویسید.
assignments-refused-unknown-region = این منطقه را نشناختم. استان و شهرستان را از فهرست انتخاب کنید.
assignments-refused-empty-title = عنوان و محل نباید خالی یا بیش از اندازه بلند باشد.
assignments-refused-needs-specialty = فراخوان اضطراری باید یک تخصص داشته باشد. تخصص را انتخاب کنید.

assignments-invite =
    مأموریت داوطلبانه: { $title }
    محل: { $place } ({ $region_fa })
    زمان: { $when_fa }، ساعت { $when_clock_fa }، حدود { $hours } ساعت
    ظرفیت: { $headcount } نفر. مهلت پاسخ: { $deadline_fa }، ساعت { $deadline_clock_fa }
    اگر می‌توانید بیایید «می‌پذیرم» را بزنید.
assignments-callout-invite =
    🚨 فراخوان اضطراری محب: { $title }
    محل: { $place } ({ $region_fa })
    زمان: { $when_fa }، ساعت { $when_clock_fa }
    { $headcount } نیروی متخصص لازم است. اگر می‌توانید بیایید، همین حالا «می‌پذیرم» را بزنید.
assignments-reminder =
    یادآوری: مأموریت «{ $title }» در { $when_fa }، ساعت { $when_clock_fa } در { $place } ({ $region_fa }) شروع می‌شود.
    هنگام رسیدن «رسیدم» را بزنید.
assignments-button-accept = می‌پذیرم
assignments-button-decline = نمی‌توانم
assignments-button-withdraw = انصراف
assignments-button-check-in = رسیدم
assignments-button-check-out = پایان کار
assignments-button-roster = چه کسانی می‌آیند

assignments-answer-accepted = پذیرفته شدید؛ سپاس! پیش از شروع یادآوری می‌فرستیم. هنگام رسیدن «رسیدم» را بزنید.
assignments-answer-already-accepted = شما پیش‌تر پذیرفته شده‌اید. جای شما محفوظ است.
assignments-answer-filled = ظرفیت تکمیل شد؛ سپاس از شما
assignments-answer-closed = مهلت این مأموریت گذشته است؛ سپاس از شما
assignments-answer-declined = پاسخ شما ثبت شد. سپاس از اینکه خبر دادید.
assignments-answer-not-invited = این دعوت برای شما نیست یا دیگر معتبر نیست.
assignments-answer-checked-in = حضور شما ثبت شد. در پایان کار «پایان کار» را بزنید تا ساعت‌هایتان در بانک زمان ثبت شود.
assignments-answer-already-checked-in = حضور شما پیش‌تر ثبت شده است.
assignments-answer-too-early = هنوز زود است؛ از دو ساعت پیش از شروع می‌توانید ورود بزنید.
assignments-answer-checked-out = پایان کار ثبت شد: { $hours } ساعت و { $minutes } دقیقه به بانک زمان شما افزوده شد. سپاس!
assignments-answer-not-checked-in = برای ثبت پایان کار، ابتدا باید «رسیدم» را زده باشید.
assignments-answer-not-accepted = برای ثبت حضور، ابتدا باید دعوت را پذیرفته باشید.

assignments-live =
    { $urgent ->
        [yes] 🚨 فراخوان محب
       *[no] مأموریت
    } «{ $title }» (شماره { $id })
    پذیرفته: { $accepted } از { $headcount }
    دعوت‌شده: { $invited }، پیام رسیده: { $notified }
    موج: { $wave ->
        [county] شهرستان
        [province] استان
        [neighbours] استان‌های همسایه
       *[other] در حال آغاز
    }
    وضعیت: { $status ->
        [filled] ظرفیت تکمیل شد ✅
        [expired] مهلت تمام شد
        [cancelled] لغو شد
       *[open] در حال پذیرش
    }
assignments-roster-title = فهرست «{ $title }»: { $accepted } از { $headcount } نفر
assignments-roster-line = { $name } ({ $phone }): { $status ->
        [accepted] می‌آید
        [checked_in] رسیده
       *[checked_out] کار را تمام کرده
    }
assignments-roster-empty = هنوز کسی نپذیرفته است.
assignments-list-title = مأموریت‌های اخیر در حوزه شما (برای فهرست حاضران یکی را بزنید):
assignments-list-empty = هنوز مأموریتی در حوزه شما ثبت نشده است. با /assign یا /callout بسازید.

assignments-hours-title = بانک زمان شما: { $hours } ساعت و { $minutes } دقیقه
assignments-hours-line = { $date }: { $hours } ساعت و { $minutes } دقیقه، { $what }
assignments-hours-manual = تأیید مدیر
assignments-hours-empty = هنوز ساعتی در بانک زمان شما ثبت نشده است. با پذیرفتن مأموریت‌ها ساعت جمع کنید.
assignments-hours-regions = ساعت‌های داوطلبی در حوزه شما:
assignments-hours-region-line = { $region }: { $hours } ساعت، { $volunteers } داوطلب
