# The region picker every conversation shares (handlers/region_picker.py). A conversation may ask with
# its own texts instead (onboarding, profile, volunteer, pledges, assignments, manage); these are the defaults.
region-ask-province = استان را انتخاب کنید یا نامش را بنویسید.
region-ask-county = شهرستانی از استان { $province } را انتخاب کنید یا نامش را بنویسید.
region-province-invalid = این استان را پیدا نکردم. لطفاً از فهرست انتخاب کنید، یا نام استان (مثلاً «اصفهان») یا شماره‌اش در فهرست را بنویسید.
region-county-invalid = این شهرستان در استان { $province } پیدا نشد. لطفاً از فهرست انتخاب کنید، یا نام شهرستان یا شماره‌اش در فهرست را بنویسید.
region-ask-neighbourhood = نام محله را بنویسید (اختیاری). اگر نمی‌خواهید، «رد شدن» را بزنید.
region-neighbourhood-invalid = نام محله باید بین ۲ تا ۶۰ نویسه باشد. لطفاً دوباره بنویسید یا «رد شدن» را بزنید.
region-whole-province = همه استان { $province }
region-lost = این انتخاب منطقه دیگر معتبر نیست. لطفاً از منوی اصلی دوباره شروع کنید.
