# Words people may type instead of pressing a button, as `|`-separated lists (read by `words` in
# bot/i18n.py). The Persian and English lists are both accepted whatever the reader's language, on top of
# the button's own label; spelling variants, letter case and list numbers are handled in code.

answers-yes = yes|y
answers-no = no|n
answers-agree = agree|accept
answers-confirm = confirm|save|ok
answers-language-fa = persian|farsi|fa
answers-language-en = english|en
answers-every-day = all|every day
answers-this-region = same|this one
answers-once = once
answers-monthly = monthly|every month
answers-unit-kwh = kwh|kilowatt
answers-unit-bill = bill|rial
answers-greeting = hi|hello|hey|salam|salaam

# Header names a payments CSV may give its columns (any case; half-spaces count as spaces).
answers-csv-pledge-id = pledge_id|pledge|id
answers-csv-referral-code = referral_code|referral|code
answers-csv-amount = amount

# Amounts typed in words: "500 thousand tomans", "2 million"; payslip net pay "187,543,210 rials".
answers-unit-toman = tomans|toman
answers-scale-thousand = thousand|k
answers-scale-million = million|m
answers-scale-billion = billion
answers-unit-rial = rials|rial
