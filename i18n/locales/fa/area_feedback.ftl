# The monthly message on what a participant's area achieved (campaigns/area_feedback.py, worker/feedback.py).

feedback-title = گزارش ماهانه: آنچه در { $month } در محله، شهرستان و استان شما با هم انجام شد
feedback-campaign = پویش «{ $title }»
feedback-area =
    { $level ->
        [neighbourhood] • محله { $place }
        [county] • شهرستان { $place }
       *[province] • استان { $place }
    }: { $pledges } تعهد تازه ({ $amount } تومان)، { $fulfilled } تعهد انجام‌شده
feedback-wheelchairs = ، { $wheelchairs } ویلچر از محل کاهش مصرف برق
feedback-nothing = • این ماه در حوزه شما تعهد تازه‌ای ثبت نشد.
feedback-hours-title = ساعت‌های داوطلبی:
feedback-hours =
    { $level ->
        [neighbourhood] • محله { $place }
        [county] • شهرستان { $place }
       *[province] • استان { $place }
    }: { $hours } ساعت
feedback-footer = سپاس که همراه هستید. برای دیدن هر پویش دکمه‌اش را بزنید.
feedback-button-stop = دیگر گزارش ماهانه نفرست
feedback-button-resume = گزارش ماهانه را دوباره بفرست
feedback-opted-out = دیگر گزارش ماهانه برایتان نمی‌فرستیم. پیام‌های پویش‌ها مثل قبل می‌رسد. اگر پشیمان شدید، دکمه زیر را بزنید.
feedback-opted-in = گزارش ماهانه دوباره برایتان فرستاده می‌شود.
