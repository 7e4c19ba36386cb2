# The dashboard's campaign page, its province and county maps, the newcomers on the overview and the language switch
# (dashboard/campaign.py, dashboard/overview.py, dashboard/templates/campaign*.html, county_panel.html, base.html).

dash-language-switch = English
dash-newcomers-heading = تازه‌واردها
dash-newcomers-week = این هفته (از { $since })
dash-newcomers-month = این ماه (از { $since })
dash-newcomers-participants = شرکت‌کنندگان تازه در پویش‌ها
dash-newcomers-volunteers = داوطلبان تازه
dash-campaign-dates = از { $start } تا { $end }
dash-campaign-goal-heading = هدف پویش
dash-campaign-goal-target = { $target } { $unit }
dash-campaign-fulfilled-of = { $fulfilled } ({ $percent } درصد تعهدها)
dash-col-pledges = تعهدها
dash-col-fulfilled = تعهدهای انجام‌شده
dash-col-rank = رتبه
dash-campaign-map-hint = روی هر استان بزنید تا نقشهٔ شهرستان‌هایش باز شود. عددها در جدول زیر هم آمده‌اند.
dash-county-map-title = مشارکت در هر هزار نفر، به تفکیک شهرستان‌های { $province }
dash-county-unlisted = { $name }: این شهرستان هنوز در فهرست شهرستان‌های همیار نیست
dash-county-panel-heading = شهرستان‌ها
dash-county-pick = استانی را روی نقشه یا در جدول برگزینید تا شهرستان‌هایش را ببینید.
dash-county-close = بستن شهرستان‌ها
dash-county-no-outline = مرز این شهرستان‌ها روی نقشه نیست و تنها در جدول آمده‌اند: { $names }
dash-table-heading = آمار پویش به تفکیک منطقه
dash-table-caption-asc = مرتب‌شده بر پایهٔ «{ $column }»، از کم به زیاد. برای مرتب‌کردن، عنوان هر ستون را بزنید.
dash-table-caption-desc = مرتب‌شده بر پایهٔ «{ $column }»، از زیاد به کم. برای مرتب‌کردن، عنوان هر ستون را بزنید.
dash-table-caption-name-asc = مرتب‌شده بر پایهٔ «{ $column }»، به ترتیب الفبا. برای مرتب‌کردن، عنوان هر ستون را بزنید.
dash-table-caption-name-desc = مرتب‌شده بر پایهٔ «{ $column }»، به ترتیب وارونهٔ الفبا. برای مرتب‌کردن، عنوان هر ستون را بزنید.
dash-fairness-heading = عدالت فضایی: شهرستان‌هایی که کمتر دیده شده‌اند
dash-fairness-explain = { $shown } شهرستان با کمترین مشارکت در هر هزار نفر، از میان { $total } شهرستان منطقهٔ شما.
dash-fairness-caption = شهرستان‌ها به ترتیب شرکت‌کننده در هر هزار نفر، از کمترین، با جمعیتشان
