# Managers: /manage menu, roles, campaigns, audit, follow-up, approvals, composer, stats, exports.

manage-not-manager = این بخش ویژه مدیران پویش‌هاست و شما دسترسی مدیریتی ندارید. اگر مدیر هستید، از مدیر بالادست خود بخواهید نقش شما را در همیار ثبت کند.
manage-menu =
    پنل مدیریت همیار
    نقش شما: { $scope }
    یکی از گزینه‌ها را انتخاب کنید.
manage-menu-again = لطفاً دوباره از منوی مدیریت شروع کنید.
manage-menu-campaigns = پویش‌ها
manage-menu-compose = نوشتن پیام همگانی
manage-menu-stats = آمار و خروجی
manage-menu-roles = نقش‌ها
manage-menu-audit = گزارش کارها
manage-menu-followup = پیگیری تعهدها
manage-menu-approvals = تأییدها
manage-menu-assign = مأموریت تازه
manage-menu-callout = فراخوان اضطراری محب
manage-whole-country = سراسر کشور

manage-level-super_admin = مدیر ارشد
manage-level-national = مدیر ملی
manage-level-provincial = مدیر استانی
manage-level-county = مدیر شهرستان

manage-roles =
    نقش‌های فعال در حوزه شما:
    { $lines }
manage-roles-none = هنوز نقشی ثبت نشده است.
manage-role-line = #{ $id } { $name } — { $level } — { $place }
manage-role-grant = دادن نقش جدید
manage-role-revoke = پس گرفتن نقش #{ $id } ({ $name })
manage-grant-who = کد معرف یا شماره موبایل کسی را که می‌خواهید به او نقش بدهید بنویسید (مثلاً ۰۹۱۲۱۲۳۴۵۶۷).
manage-grant-unknown = کسی با این کد معرف یا شماره موبایل پیدا نشد. لطفاً کد معرف (در بخش «اطلاعات من» او) یا شماره موبایلی را که در همیار ثبت کرده بنویسید.
manage-grant-level = چه نقشی به { $name } داده شود؟
manage-grant-level-again = این نقش را نشناختم. لطفاً یکی از دکمه‌ها را بزنید یا نام نقش را همان‌طور بنویسید.
manage-grant-province = استان را انتخاب کنید یا نامش را بنویسید.
manage-grant-province-again = این استان را پیدا نکردم. لطفاً از فهرست انتخاب کنید یا نام استان را بنویسید.
manage-grant-county = شهرستان را انتخاب کنید یا نامش را بنویسید.
manage-grant-county-again = این شهرستان را پیدا نکردم. لطفاً از فهرست انتخاب کنید یا نام شهرستان را بنویسید.
manage-granted = نقش «{ $level }» برای { $place } ثبت شد.
manage-revoked = نقش #{ $id } پس گرفته شد.
manage-role-refused-not-above = فقط می‌توانید نقش‌هایی پایین‌تر از نقش خودتان بدهید یا پس بگیرید. چیزی تغییر نکرد.
manage-role-refused-out-of-scope = این منطقه بیرون از حوزه شماست. چیزی تغییر نکرد.
manage-role-refused-needs-region = منطقه این نقش مشخص نیست. لطفاً استان یا شهرستان را انتخاب کنید.
manage-role-refused-unknown-person = این شخص پیدا نشد. چیزی تغییر نکرد.
manage-role-refused-self = نمی‌توانید به خودتان نقش بدهید. چیزی تغییر نکرد.
manage-role-refused-peer = این شخص نقشی هم‌سطح یا بالاتر از شما (یا بیرون از حوزه شما) دارد. چیزی تغییر نکرد.
manage-role-refused-not-active = این نقش فعال نیست یا پیدا نشد. چیزی تغییر نکرد.

manage-campaigns =
    پویش‌ها:
    { $lines }
manage-campaign-line = #{ $id } { $title } — { $status }
manage-campaign-open = فعال
manage-campaign-upcoming = به‌زودی
manage-campaign-ended = پایان‌یافته
manage-campaign-paused = متوقف
manage-campaign-activate = فعال کردن «{ $title }»
manage-campaign-close = بستن «{ $title }»
manage-campaign-activated = پویش فعال شد.
manage-campaign-closed = پویش بسته شد.
manage-campaign-load = بارگذاری پویش از فایل YAML
manage-campaigns-national-only = تغییر پویش‌ها فقط با مدیران ملی است.
manage-campaign-send-file = فایل تعریف پویش (YAML) را به صورت «فایل» بفرستید. اگر پویشی با همین شناسه (slug) باشد، به‌روز می‌شود.
manage-campaign-file-bad =
    این فایل بارگذاری نشد و چیزی تغییر نکرد:
    { $reason }
    لطفاً فایل را درست کنید و دوباره بفرستید.
manage-campaign-file-created = پویش «{ $slug }» ساخته شد.
manage-campaign-file-updated = پویش «{ $slug }» به‌روز شد.
manage-campaign-file-unchanged = پویش «{ $slug }» همین حالا با همین تعریف ثبت است؛ چیزی تغییر نکرد.
manage-send-a-document = لطفاً فایل را به صورت «فایل» (سند) بفرستید، نه متن یا عکس. یا «بازگشت» را بزنید.
manage-file-too-large = این فایل بزرگ‌تر از اندازه مجاز (۲ مگابایت) است.

manage-audit =
    گزارش کارهای مدیران ({ $total } مورد، تازه‌ترین اول):
    { $lines }
manage-audit-empty = هنوز کاری ثبت نشده است.
manage-audit-line = #{ $id } { $at } — { $who } ({ $level }): { $action } — { $audience } — { $count } نفر/مورد
manage-action-role_grant = دادن نقش
manage-action-role_revoke = پس گرفتن نقش
manage-action-campaign_status = تغییر وضعیت پویش
manage-action-campaign_load = بارگذاری پویش
manage-action-broadcast_send = ارسال پیام همگانی
manage-action-broadcast_request = درخواست تأیید پیام همگانی
manage-action-broadcast_approve = تأیید پیام همگانی
manage-action-broadcast_reject = رد پیام همگانی
manage-action-broadcast_pause = توقف موقت پیام همگانی
manage-action-broadcast_resume = ادامه پیام همگانی
manage-action-broadcast_cancel = لغو پیام همگانی
manage-action-pledge_fulfil = ثبت انجام تعهد
manage-action-pledge_import = بارگذاری پرداخت‌ها
manage-action-stats_view = دیدن آمار
manage-action-export = گرفتن خروجی

manage-followup =
    پیگیری تعهدها
    تعهدهای سررسید گذشته در حوزه شما: { $overdue }
manage-followup-fulfil = ثبت انجام یک تعهد
manage-followup-import = بارگذاری فایل پرداخت‌ها (CSV)
manage-followup-overdue = تعهدهای سررسید گذشته
manage-fulfil-ask = شماره تعهد را بنویسید (مثلاً ۱۲۳).
manage-fulfil-not-a-number = شماره تعهد باید عدد باشد، مثلاً ۱۲۳.
manage-fulfil-number-too-long = تعهدی با این شماره نیست؛ شماره‌های تعهد کوتاه‌اند، مثلاً ۱۲۳. لطفاً شماره را از فهرست تعهدهای عقب‌افتاده بنویسید.
manage-fulfil-done = تعهد #{ $id } انجام‌شده ثبت شد. شماره بعدی را بنویسید یا «بازگشت» را بزنید.
manage-fulfil-not-found = تعهد #{ $id } پیدا نشد. چیزی تغییر نکرد.
manage-fulfil-out-of-scope = تعهد #{ $id } برای منطقه‌ای بیرون از حوزه شماست. چیزی تغییر نکرد.
manage-fulfil-not-open = تعهد #{ $id } باز نیست (پیش‌تر انجام یا لغو شده). چیزی تغییر نکرد.
manage-import-ask =
    فایل CSV پرداخت‌های تأییدشده را به صورت «فایل» بفرستید.
    ستون‌ها: pledge_id (شماره تعهد) یا referral_code (کد معرف) همراه با amount (مبلغ به تومان).
    اگر حتی یک سطر نادرست باشد، هیچ سطری ثبت نمی‌شود.
manage-import-bad =
    این فایل { $count } سطر نادرست دارد، پس هیچ چیز ثبت نشد:
    { $rows }
    لطفاً این سطرها را درست کنید و فایل را دوباره بفرستید.
manage-import-done = { $matched } تعهد انجام‌شده ثبت شد. { $unmatched } سطر با هیچ تعهد بازی جور نشد:
manage-import-row = سطر { $line }: { $problem }
manage-import-more = و { $count } سطر دیگر.
manage-row-no-columns = ستون pledge_id یا referral_code در سطر اول نیست
manage-row-bad-id = شماره تعهد عدد نیست
manage-row-bad-amount = مبلغ عدد مثبت نیست
manage-row-no-key = نه شماره تعهد دارد، نه کد معرف همراه با مبلغ
manage-row-duplicate = این شماره تعهد دوباره آمده است
manage-row-out-of-scope = این تعهد بیرون از حوزه شماست
manage-row-too-many = فایل بیش از ۱۰٬۰۰۰ سطر دارد
manage-row-not-text = فایل متنی UTF-8 نیست
manage-row-no-pledge = تعهد بازی پیدا نشد
manage-row-not-open = تعهد باز نیست (پیش‌تر انجام یا لغو شده)
manage-row-amount-differs = مبلغ با مبلغ تعهد یکی نیست
manage-overdue =
    تعهدهای سررسید گذشته ({ $total } مورد، قدیمی‌ترین اول):
    { $lines }
manage-overdue-line = #{ $id } — کد { $code } — { $amount } — سررسید { $due } — { $place }

manage-approvals =
    پیام‌های همگانی در انتظار تأیید:
    { $lines }
manage-approvals-none = پیامی در انتظار تأیید نیست.
manage-approvals-line = #{ $id } — { $audience } — { $count } نفر
manage-approval-review = بررسی درخواست #{ $id }
manage-approval-request = یک پیام همگانی به تأیید مدیر دوم نیاز دارد (قاعده دو نفر).
manage-approval =
    درخواست #{ $id }
    مخاطبان: { $audience }
    تعداد: { $count } نفر
    زمان ارسال: { $when }
    متن پیام:
    { $text }
manage-approval-now = بی‌درنگ پس از تأیید
manage-approval-recount = تعداد مخاطبان همین حالا: { $count } نفر
manage-approval-photo = (همراه با عکس)
manage-approve = تأیید و ارسال
manage-reject = رد
manage-approved = درخواست #{ $id } تأیید شد و پیام همگانی شماره { $broadcast } در صف ارسال است.
manage-rejected = درخواست #{ $id } رد شد.

compose-refused-out-of-scope = این مخاطبان بیرون از حوزه شما هستند. فقط به مردم منطقه خودتان می‌توانید پیام بفرستید. چیزی تغییر نکرد.
compose-refused-own-broadcast = این پیام را خودتان نوشته‌اید؛ طبق قاعده دو نفر، مدیر دیگری باید آن را تأیید کند. چیزی تغییر نکرد.
compose-refused-not-pending = درباره این درخواست پیش‌تر تصمیم گرفته شده است. چیزی تغییر نکرد.
compose-refused-not-found = این مورد پیدا نشد.
compose-ask-text = متن پیام همگانی را بنویسید (همان‌طور که نوشته‌اید فرستاده می‌شود). می‌توانید عکسی با متن زیرش هم بفرستید.
compose-text-bad = لطفاً متن پیام را بنویسید (حداکثر { $limit } نویسه).
compose-caption-needed = لطفاً عکس را همراه با متن زیر آن بفرستید (حداکثر { $limit } نویسه)، یا اول متن را بنویسید.
compose-caption-too-long = متن برای زیر عکس بلند است (حداکثر { $limit } نویسه). «رد شدن» را بزنید یا به مرحله متن برگردید.
compose-ask-photo = اگر می‌خواهید، یک عکس بفرستید تا همراه پیام برود؛ وگرنه «رد شدن» را بزنید.
compose-photo-expected = لطفاً یک عکس بفرستید یا «رد شدن» را بزنید.
compose-ask-buttons =
    دکمه‌های زیر پیام (دکمه «این پیام‌ها را دیگر نفرست» همیشه اضافه می‌شود).
    دکمه‌های فعلی: { $buttons }
compose-add-join = افزودن دکمه «پیوستن به پویش»
compose-add-link = افزودن دکمه پیوند
compose-buttons-done = ادامه: انتخاب مخاطبان
compose-pick-campaign = پویش را انتخاب کنید.
compose-ask-link-label = متن روی دکمه پیوند را بنویسید (حداکثر ۴۰ نویسه).
compose-link-label-bad = لطفاً متنی کوتاه (حداکثر ۴۰ نویسه) بنویسید.
compose-link-url-too-long = این نشانی بیش از حد بلند است (بیشترین اندازه { $max } نویسه). لطفاً نشانی کوتاه‌تری که با https:// شروع می‌شود بدهید.
compose-ask-link-url = نشانی پیوند را بنویسید؛ باید با https:// شروع شود.
compose-audience =
    مخاطبان: { $audience }
    تعداد کسانی که پیام به آن‌ها می‌رسد: { $count } نفر
    برای محدودتر کردن، یکی از ویژگی‌ها را انتخاب کنید؛ یا نام استان یا شهرستان را بنویسید.
compose-aud-everyone = همه مردم حوزه شما
compose-aud-province = استان { $name }
compose-aud-county = شهرستان { $name }
compose-aud-axis = داوطلبان محور { $name }
compose-aud-specialty = داوطلبان با تخصص { $name }
compose-aud-joined = عضو پویش #{ $id }
compose-aud-not_joined = غیرعضو پویش #{ $id }
compose-aud-pledged = متعهد در پویش #{ $id }
compose-aud-language = زبان { $name }
compose-aud-platform = پیام‌رسان { $name }
compose-pick-province = استان
compose-pick-county = شهرستان
compose-pick-campaign-button = پویش
compose-pick-axis = محور داوطلبی
compose-pick-specialty = تخصص
compose-pick-language = زبان
compose-pick-platform = پیام‌رسان
compose-pick-membership = کدام گروه؟
compose-member-joined = عضوهای پویش
compose-member-not_joined = کسانی که عضو نیستند
compose-member-pledged = کسانی که تعهد داده‌اند
compose-lang-fa = فارسی
compose-lang-en = انگلیسی
compose-platform-telegram = تلگرام
compose-platform-bale = بله
compose-any = همه (بدون محدودیت)
compose-clear = پاک کردن همه انتخاب‌ها
compose-to-preview = پیش‌نمایش
compose-province-first = اول استان را انتخاب کنید.
compose-region-unknown = این استان یا شهرستان را پیدا نکردم. لطفاً از دکمه‌ها استفاده کنید یا نام را درست بنویسید.
compose-preview =
    پیش‌نمایش بالا همان چیزی است که مخاطبان می‌بینند.
    مخاطبان: { $audience }
    تعداد: { $count } نفر
    همین حالا بفرستم یا برای زمانی دیگر زمان‌بندی کنم؟
compose-send-now = همین حالا بفرست
compose-schedule = زمان‌بندی
compose-back-to-audience = تغییر مخاطبان
compose-discard = دور انداختن پیام
compose-ask-when = زمان ارسال را به تاریخ شمسی بنویسید، مثلاً ۱۴۰۵/۰۹/۰۳ ۱۸:۳۰
compose-queued = پیام همگانی شماره { $id } برای { $count } نفر در صف ارسال است. گزارش پیشرفت برایتان فرستاده می‌شود.
compose-quiet-until = ساعت‌های سکوت: پیام‌های همگانی عادی شب‌ها فرستاده نمی‌شوند؛ ارسال این پیام { $day } ساعت { $time } به وقت ایران شروع می‌شود.
compose-quiet-today = امروز
compose-quiet-tomorrow = فردا
compose-needs-approval = این پیام به { $count } نفر می‌رسد که بیش از سقف { $threshold } نفر است؛ پس (طبق قاعده دو نفر) برای تأیید یک مدیر دیگر فرستاده شد. شماره درخواست: { $id }
compose-progress-button = وضعیت ارسال
compose-pause = توقف موقت
compose-resume = ادامه
compose-cancel = لغو ارسال
compose-progress =
    پیام همگانی شماره { $id } — { $status }
    ارسال‌شده: { $sent } از { $total }
    ناموفق: { $failed }
    مسدودکرده: { $blocked }
    در صف: { $pending }
    لغوشده: { $cancelled }
compose-status-preparing = در حال آماده‌سازی
compose-status-running = در حال ارسال
compose-status-paused = متوقف
compose-status-cancelled = لغوشده
compose-status-done = تمام‌شده
compose-steered-pause = ارسال پیام شماره { $id } موقتاً متوقف شد.
compose-steered-resume = ارسال پیام شماره { $id } ادامه یافت.
compose-steered-cancel = ارسال پیام شماره { $id } لغو شد.
compose-steer-impossible = این کار برای پیام شماره { $id } در وضعیت کنونی‌اش ممکن نیست.

stats-menu = آمار و خروجی‌ها (فقط حوزه شما). یک پویش یا گزارش را انتخاب کنید.
stats-no-region = بدون منطقه
stats-campaign =
    { $title }
    شرکت‌کنندگان: { $participants }
    تعهدها: { $pledges } — مبلغ: { $amount } تومان — اقلام: { $items }
    انجام‌شده: { $fulfilled } ({ $percent }٪)
    به تفکیک منطقه (شرکت‌کنندگان / تعهدها / مبلغ / انجام‌شده):
    { $lines }
stats-region-line = { $place }: { $participants } / { $pledges } / { $amount } / { $fulfilled }
stats-volunteers-button = داوطلبان
stats-volunteers =
    داوطلبان حوزه شما: { $total }
    به تفکیک محور:
    { $axes }
    به تفکیک تخصص:
    { $specialties }
    به تفکیک منطقه:
    { $regions }
stats-count-line = { $name }: { $count }
stats-fair-volunteers = کمترین داوطلب به ازای هر هزار نفر
stats-fair-pledges = کمترین تعهد به ازای هر هزار نفر
stats-fair-volunteers-title =
    شهرستان‌هایی با کمترین داوطلب به ازای هر هزار نفر جمعیت:
    { $lines }
stats-fair-pledges-title =
    شهرستان‌هایی با کمترین تعهد به ازای هر هزار نفر جمعیت:
    { $lines }
stats-fair-line = { $place }: { $count } از { $population } نفر — { $rate } در هزار
stats-export-pledges-csv = خروجی تعهدها (CSV)
stats-export-pledges-xlsx = خروجی تعهدها (Excel)
stats-export-volunteers-csv = خروجی داوطلبان (CSV)
stats-export-volunteers-xlsx = خروجی داوطلبان (Excel)
stats-export-caption = { $count } ردیف، فقط از حوزه شما. کد ملی و شماره تلفن در خروجی نیست.

export-col-pledge_id = شماره تعهد
export-col-campaign = پویش
export-col-referral_code = کد معرف
export-col-kind = نوع
export-col-amount = مبلغ
export-col-item = قلم
export-col-quantity = تعداد
export-col-recurrence = تکرار
export-col-period = دوره
export-col-province = استان
export-col-county = شهرستان
export-col-status = وضعیت
export-col-due_on = سررسید
export-col-created_at = تاریخ ثبت
export-col-fulfilled_at = تاریخ انجام
export-col-first_name = نام
export-col-axes = محورها
export-col-specialty = تخصص
export-col-days = روزها
export-col-hours = ساعت‌ها
export-col-on_call = آماده‌باش
export-col-registered_at = تاریخ ثبت‌نام
manage-your-broadcast-approved = پیام همگانی شما (درخواست شماره { $id }) را مدیر دیگری تأیید کرد و در صف ارسال است.
manage-your-broadcast-rejected = پیام همگانی شما (درخواست شماره { $id }) را مدیر دیگری رد کرد و ارسال نمی‌شود.
