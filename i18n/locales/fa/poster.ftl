# The printed poster of a campaign (`python -m bot poster <slug>`, bot/poster_print.py).

poster-organisation = سازمان بهزیستی کشور
poster-goal = هدف پویش: { $target } { $unit }
poster-telegram = در تلگرام
poster-bale = در بله
poster-scan = با دوربین گوشی، کد پیام‌رسان خود را بخوانید تا همیار پویش را برایتان باز کند؛ یا نشانی زیر کد را در پیام‌رسان بفرستید.
poster-bot = همیار، دستیار مشارکت‌های مردمی بهزیستی
