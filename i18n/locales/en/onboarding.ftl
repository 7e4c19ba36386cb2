# Onboarding: language, consent, phone, province, county, neighbourhood.

welcome =
    Hello! Welcome to Hamyar, the Welfare Organisation's public-participation assistant.
    With Hamyar you can join charity campaigns, pledge cash or in-kind help to the region you choose, and volunteer.
    Please choose a language.
welcome-back = Welcome back, { $name }.
welcome-back-anonymous = Welcome back.
language-fa = فارسی
language-en = English
language-invalid = Please choose one of the two languages: "فارسی" or "English".

privacy-notice =
    Before we go on, about your data:
    - To record your participation we keep your phone number, province and county; your national ID only if you give it.
    - It is used only for the Welfare Organisation's campaigns and is never sold or shared.
    - Whenever you like, /me shows it and /forget erases it.
    Do you agree?
consent-yes = I agree
consent-no = I do not agree
consent-invalid = Please choose or type "I agree" or "I do not agree".
consent-declined = Fine. Nothing about you was stored. Send /start whenever you wish.

ask-phone = Please send your mobile number with the "Send my number" button, or type it (e.g. 09121234567).
button-share-phone = Send my number
phone-invalid = That is not a valid mobile number. Please send an 11-digit number starting with 09, e.g. 09121234567.
phone-not-own = That is not your own number. Please use the "Send my number" button to send your own.
phone-saved = Number { $phone } saved.

ask-province = Choose your province from the list or type its name.
province-invalid = I could not find that province. Please choose from the list or type its name (e.g. "Isfahan").
ask-county = Choose your county in { $province } or type its name.
county-invalid = That county was not found in { $province }. Please choose from the list or type its name.
ask-neighbourhood = Type your neighbourhood (optional). Press "Skip" if you prefer not to.
neighbourhood-invalid = A neighbourhood name must be 2 to 60 characters. Please type it again or press "Skip".
page-indicator = Page { $page } of { $pages }

onboarding-done =
    Your registration is complete. Thank you for joining!
    Region: { $region }
onboarding-done-referred = A friend invited you; their invitation has been credited.
