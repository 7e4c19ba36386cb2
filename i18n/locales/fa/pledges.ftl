# Pledges: cash, in kind, dowry, payroll digits, energy reports; my pledges and cancelling.

pl-not-open = این پویش اکنون تعهد نمی‌پذیرد.
pl-kind-not-allowed = این نوع کمک در این پویش پذیرفته نمی‌شود.
pl-ask-amount = مبلغ کمک را به تومان بنویسید (بین { $min } و { $max } تومان). مثلاً ۵۰۰٬۰۰۰ یا «۵۰۰ هزار».
pl-amount-not-number = این مبلغ عدد نیست. لطفاً فقط مبلغ را با رقم بنویسید، مثلاً ۵۰۰٬۰۰۰ (به تومان).
pl-amount-too-small = کمترین مبلغ در این پویش { $min } تومان است. لطفاً مبلغی از { $min } تا { $max } تومان بنویسید.
pl-amount-too-large = بیشترین مبلغ در این پویش { $max } تومان است. لطفاً مبلغی از { $min } تا { $max } تومان بنویسید.
pl-ask-item = چه چیزی اهدا می‌کنید؟ از فهرست انتخاب کنید یا شماره‌اش را بنویسید.
pl-ask-item-free = چه چیزی اهدا می‌کنید؟ از فهرست انتخاب کنید، شماره‌اش را بنویسید، یا نام کالا را بنویسید.
pl-item-invalid = این گزینه در فهرست نیست. لطفاً یکی از گزینه‌ها را بزنید یا شماره‌اش را بنویسید.
pl-item-line = { $number }. { $name }
pl-item-line-price = { $number }. { $name } — { $price } تومان
pl-item-other = کالای دیگر (نوشتن نام)
pl-ask-item-text = نام کالایی را که اهدا می‌کنید بنویسید (۲ تا ۸۰ نویسه).
pl-item-text-invalid = نام کالا باید بین ۲ تا ۸۰ نویسه باشد. لطفاً دوباره بنویسید.
pay-agency-text-invalid = نام دستگاه باید بین ۲ تا ۸۰ نویسه باشد. لطفاً دوباره بنویسید.
pl-ask-quantity = چند { $unit }؟ تعداد را با رقم بنویسید (۱ تا { $max }).
pl-quantity-invalid = تعداد باید عددی از ۱ تا { $max } باشد. لطفاً فقط عدد بنویسید، مثلاً ۳.
pl-unit-default = عدد
pl-answer-invalid = پاسخ باید بین ۲ تا { $max } نویسه باشد. لطفاً دوباره بنویسید.
pl-ask-region = کمک شما به کجا برسد؟
pl-region-county = شهرستان خودم: { $name }
pl-region-province = استان خودم: { $name }
pl-region-other = استان یا شهرستان دیگر
pl-region-any = هر جا نیاز بیشتر است
pl-region-invalid = لطفاً یکی از گزینه‌ها را بزنید یا شماره‌اش را بنویسید (۱ تا ۴).
pl-ask-province = استان مقصد کمک را انتخاب کنید یا نامش را بنویسید.
pl-province-invalid = این استان را پیدا نکردم. لطفاً از فهرست انتخاب کنید یا نامش را درست بنویسید.
pl-ask-county = شهرستانی از استان { $province } را انتخاب کنید، یا «همه استان» را بزنید.
pl-county-invalid = این شهرستان در استان { $province } پیدا نشد. از فهرست انتخاب کنید یا «همه استان» را بزنید.
pl-whole-province = همه استان { $province }
pl-ask-recurrence = یک‌بار کمک می‌کنید یا هر ماه؟
pl-once = یک‌بار
pl-monthly = هر ماه
pl-recurrence-invalid = لطفاً «یک‌بار» یا «هر ماه» را بزنید یا بنویسید.
pl-summary =
    لطفاً تعهد خود را بررسی کنید:
    پویش: { $campaign }
    { $what }
    مقصد: { $region }
    { $when }
    اگر درست است، «تأیید» را بزنید.
pl-what-cash = کمک نقدی: { $amount } تومان
pl-what-in-kind = کمک غیرنقدی: { $quantity } { $unit } { $item }
pl-what-dowry = جهیزیه: { $quantity } × { $item } (ارزش تقریبی { $amount } تومان)
pl-what-payroll = چهار رقم آخر فیش { $period }: { $amount } ریال (دستگاه: { $agency })
pl-when-once = نوبت: یک‌بار، تا { $due }
pl-when-monthly = نوبت: هر ماه، نخستین نوبت تا { $due }
pl-answer-line = { $question } { $answer }
pl-region-anywhere = هر جا نیاز بیشتر است
pl-confirm = تأیید
pl-confirm-invalid = لطفاً «تأیید» را بزنید تا تعهد ثبت شود، یا «بازگشت» برای اصلاح، یا /cancel برای لغو.
pl-saved = تعهد شما ثبت شد. سپاس از همراهی‌تان! شماره پیگیری: { $id }
pl-saved-payment = برای پرداخت: { $how }
pl-already-saved = این تعهد پیش‌تر ثبت شده بود (شماره پیگیری { $id }). تعهد دوباره‌ای ساخته نشد.
pl-expired = این گفت‌وگو به پایان رسیده است. برای تعهد تازه، از صفحه پویش دوباره شروع کنید.

pl-open-title = تعهدهای جاری شما ({ $count }):
pl-open-line = - { $campaign }: { $what } — { $status }
pl-open-more = و { $count } تعهد دیگر؛ همه را با دکمه «همه تعهدهای من» ببینید.
pl-mine-title = تعهدهای شما:
pl-mine-empty = هنوز تعهدی ثبت نکرده‌اید. برای دیدن پویش‌ها /campaigns را بفرستید.
pl-mine-line = { $number }. { $campaign } — { $what } — { $date } — { $status }
pl-mine-what-cash = { $amount } تومان
pl-mine-what-item = { $quantity } × { $item }
pl-mine-what-payroll = { $amount } ریال ({ $period })
pl-mine-monthly = ، هر ماه
pl-status-pledged = تعهد شده (سررسید { $due })
pl-status-fulfilled = انجام شده
pl-status-cancelled = لغو شده
pl-status-overdue = سررسید گذشته ({ $due })
pl-button-cancel = لغو تعهد { $number }
pl-cancel-ask = تعهد «{ $what }» به پویش «{ $campaign }» لغو شود؟
pl-cancel-yes = بله، لغو شود
pl-cancel-no = نه، بماند
pl-cancelled = تعهد لغو شد.
pl-cancel-failed = این تعهد دیگر قابل لغو نیست (انجام یا لغو شده است).
pl-kept = تعهد سر جای خود ماند.
pl-cancel-ask-monthly =
    تعهد ماهانه «{ $what }» به پویش «{ $campaign }» لغو شود؟
    «بله» کل تعهد ماهانه را متوقف می‌کند؛ «فقط همین ماه» تعهد این ماه را لغو می‌کند و ماه بعد ادامه می‌یابد.
pl-cancel-month-only = فقط همین ماه
pl-cancelled-month = تعهد این ماه لغو شد. تعهد ماهانه شما سر جایش است و ماه بعد ادامه می‌یابد.
pl-series-stopped = تعهد لغو شد: تعهد ماهانه شما متوقف شد؛ از این پس نه تعهد تازه‌ای ساخته می‌شود و نه یادآوری ماهانه می‌آید.

pay-ask-agency = در کدام دستگاه کار می‌کنید؟ از فهرست انتخاب کنید، شماره‌اش را بنویسید یا «سایر» را بزنید.
pay-agency-other = سایر (نوشتن نام دستگاه)
pay-agency-invalid = این دستگاه در فهرست نیست. لطفاً از فهرست انتخاب کنید یا «سایر» را بزنید و نام دستگاه را بنویسید.
pay-ask-agency-text = نام دستگاه محل کار خود را بنویسید (۲ تا ۸۰ نویسه).
pay-ask-digits = چهار رقم آخر خالص پرداختی فیش حقوقی { $period } را بنویسید (۰ تا ۹٬۹۹۹ ریال). می‌توانید کل خالص پرداختی را هم بنویسید؛ چهار رقم آخرش را برمی‌داریم.
pay-digits-not-digits = لطفاً فقط رقم بنویسید: چهار رقم آخر خالص پرداختی (مثلاً ۴۵۶۷) یا کل خالص پرداختی.
pay-digits-ambiguous = این عدد نه چهار رقم آخر است و نه یک خالص پرداختی کامل. لطفاً فقط چهار رقم آخر را بنویسید (حداکثر ۹٬۹۹۹)، مثلاً ۴۵۶۷.
pay-saved = تعهد ماه { $period } ثبت شد: { $amount } ریال. سپاس! ماه بعد یادآوری می‌کنیم.
pay-updated = مبلغ ماه { $period } به { $amount } ریال تغییر کرد.
pay-totals-title = آمار طرح به تفکیک دستگاه:
pay-totals-province = به تفکیک استان:
pay-totals-line = { $name }: { $amount } ریال از { $people } نفر
pay-totals-empty = هنوز تعهدی ثبت نشده است.
pay-unknown = نامشخص

en-ask-unit = مصرف برق را چگونه گزارش می‌کنید؟
en-unit-kwh = به کیلووات‌ساعت (از قبض)
en-unit-rial = به مبلغ قبض (ریال)
en-unit-invalid = لطفاً «کیلووات‌ساعت» یا «مبلغ قبض» را بزنید یا بنویسید.
en-ask-baseline-kwh = مصرف پایه: مصرف برق یک ماه معمولی پیش از پویش را به کیلووات‌ساعت بنویسید (مثلاً ۳۲۰).
en-ask-baseline-rial = مصرف پایه: مبلغ قبض برق یک ماه معمولی پیش از پویش را به ریال بنویسید (مثلاً ۸۵۰٬۰۰۰).
en-ask-month-kwh = مصرف برق { $period } را به کیلووات‌ساعت بنویسید. مصرف پایه شما { $baseline } کیلووات‌ساعت است.
en-ask-month-rial = مبلغ قبض برق { $period } را به ریال بنویسید. مبلغ پایه شما { $baseline } ریال است.
en-value-invalid = لطفاً فقط عدد بنویسید (۱ تا { $max })، مثلاً ۲۸۰.
en-baseline-saved = مصرف پایه ثبت شد. از ماه بعد، هر ماه مصرف خود را ثبت کنید تا صرفه‌جویی‌تان حساب شود.
en-standing-kwh = صرفه‌جویی شما تا امروز: { $saved } کیلووات‌ساعت برق، به ارزش { $value } ریال.
en-standing-rial = صرفه‌جویی شما تا امروز: { $value } ریال کمتر در قبض برق.
en-standing-none = هنوز مصرفی کمتر از مصرف پایه ثبت نکرده‌اید. هر ماه مصرف خود را ثبت کنید؛ هر کیلووات‌ساعت کمتر به خرید ویلچر کمک می‌کند.
en-share-whole = این بهای { $wheelchairs } ویلچر کامل است. دستتان درد نکند!
en-share-percent = این { $percent }٪ بهای یک ویلچر است.
en-share-people = اگر { $people } نفر مثل شما صرفه‌جویی کنند، یک ویلچر کامل خریده می‌شود.
en-share-started = کمتر از یک درصد بهای یک ویلچر؛ با هر گزارش بیشتر می‌شود.
en-together = { $place }: { $people } نفر با هم { $value } ریال صرفه‌جویی کرده‌اند. { $share }
en-place-neighbourhood = محله { $name }
en-place-county = شهرستان { $name }
en-unit-kwh-short = کیلووات‌ساعت
en-unit-rial-short = ریال
en-totals-title = آمار صرفه‌جویی پویش:
en-totals-line = { $name }: { $value } ریال، { $wheelchairs } ویلچر
en-totals-all = همه کشور
en-totals-empty = هنوز گزارشی ثبت نشده است.
