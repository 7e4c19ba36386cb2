# Words people may type instead of pressing a button, as `|`-separated lists (read by `words` in
# bot/i18n.py). The Persian and English lists are both accepted whatever the reader's language, on top of
# the button's own label; spelling variants (ی/ي، ک/ك، نیم‌فاصله، فاصله) and list numbers are handled in code.

answers-yes = بله|آره|بلی
answers-no = خیر|نه
answers-agree = موافقم|قبول
answers-confirm = تأیید|تایید|ثبت
answers-language-fa = فارسی|پارسی
answers-language-en = انگلیسی
answers-every-day = همه
answers-this-region = همین
answers-once = یک بار|یکبار
answers-monthly = ماهانه|هر ماه
answers-unit-kwh = کیلووات
answers-unit-bill = قبض|ریال
answers-greeting = سلام|درود|سلامعلیکم|علیک

# Header names a payments CSV may give its columns (any case; half-spaces count as spaces).
answers-csv-pledge-id = شناسه تعهد|شناسه|شماره تعهد
answers-csv-referral-code = کد معرف|کد معرفی|کد
answers-csv-amount = مبلغ|مبلغ (تومان)

# Amounts typed in words: «۵۰۰ هزار تومان», «۲ میلیون»; payslip net pay «۱۸۷٬۵۴۳٬۲۱۰ ریال».
answers-unit-toman = تومان|تومن|ت
answers-scale-thousand = هزار
answers-scale-million = میلیون
answers-scale-billion = میلیارد
answers-unit-rial = ریال
