# Profile (/me), editing its fields, and erasing it (/forget).

prof-summary =
    What we keep about you:
    Name: { $name }
    Phone: { $phone }
    National ID: { $national_id }
    Language: { $language }
    Region: { $region }
    Neighbourhood: { $neighbourhood }
    Member since: { $joined }
    Volunteering: { $volunteer }
    Campaigns joined: { $campaigns }
    Pledges: { $pledges }
    Your referral code: { $referral }
    Link to invite friends: { $link }
    To change something, press its button.
prof-not-given = not given
prof-volunteer-none = not registered. Send /volunteer to volunteer.
prof-volunteer = { $axes }; { $specialty }; emergency call-outs: { $on_call }
prof-edit-language = Change language
prof-edit-phone = Change phone
prof-edit-region = Change region
prof-edit-neighbourhood = Change neighbourhood
prof-edit-national-id = Change national ID
prof-edit-volunteer = Volunteer registration
prof-all-pledges = All my pledges
prof-forget = Erase my data

prof-ask-language = Choose a language: "فارسی" or "English".
prof-ask-phone = Send your new mobile number with the "Send my number" button, or type it (e.g. 09121234567). Press "Back" to leave it as it is.
prof-ask-province = Choose your new province, or type its name.
prof-ask-county = Choose your county in { $province }, or type its name.
prof-ask-neighbourhood = Type your neighbourhood (2 to 60 characters).
prof-ask-national-id = Type your 10-digit national ID.
prof-clear-neighbourhood = Remove neighbourhood
prof-clear-national-id = Remove national ID
prof-saved = Saved.
prof-region-saved = Region saved. As the county changed, the old neighbourhood was removed.

prof-forget-ask =
    Erasing removes your phone number, national ID, name, neighbourhood and the skills you wrote, for good.
    Your pledges stay in the campaigns' totals without your name. This cannot be undone.
    Are you sure?
prof-forget-yes = Yes, erase everything
prof-forget-no = No, keep it
prof-forget-invalid = Please choose or type "Yes, erase everything" or "No, keep it".
prof-forget-kept = Nothing was erased.
prof-forgotten = Your data has been erased. If you ever want to come back, send /start.
