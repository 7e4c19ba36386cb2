# The MOHEB referral system: a volunteer's new referral, the managers' referral card and service providers, figures.

referral-button-new = New referral
referral-button-send = Save and send the referral
referral-need-psychology = Psychology
referral-need-psychiatry = Psychiatry
referral-need-social_work = Social work
referral-need-rehabilitation = Rehabilitation
referral-need-legal = Legal
referral-need-housing = Housing
referral-urgency-today = Today
referral-urgency-week = This week
referral-consent-yes = Yes, they agree
referral-consent-no = No, they do not
referral-ask-need =
    New referral, step 1. What service does the person need? Tap one or type its name.
    We ask for their name and phone later, and only if they agree.
referral-need-invalid = I did not recognise that need. Tap an option or type its name, e.g. "Psychology".
referral-ask-urgency = Step 2. How urgent is it?
referral-urgency-invalid = Tap or type one of the two: "Today" or "This week".
referral-ask-province = Step 3. Which province is the person in? A referral must be in the call-out's province.
referral-ask-county = Choose the county or type its name. If you do not know, tap Skip.
referral-ask-note =
    Step 4. Write a short note if needed (at most 300 characters), or tap Skip.
    Do not put phone numbers or addresses in the note.
referral-ask-consent = Step 5. Does the person agree to be contacted by the service provider?
referral-consent-invalid = Tap or type "Yes" or "No".
referral-ask-name = Step 6. Type the person's name (at most 80 characters). Only the provincial manager sees it.
referral-ask-phone = Step 7. Type the person's mobile number, e.g. 09123456789. Only the provincial manager sees it.
referral-summary =
    New referral
    Need: { $need }
    Urgency: { $urgency }
    Region: { $region }
    Note: { $note }
    { $consent ->
        [yes] The person agrees to be contacted; their name and phone are stored for the provincial manager only.
       *[no] The person does not agree to be contacted; no name or phone is stored.
    }
    Is this right? Tap "Save and send the referral".
referral-sent =
    Referral no. { $id } is saved and { $urgency ->
        [today] was sent to the provincial manager right away.
       *[other] was sent to the provincial manager.
    }
    We will tell you of every change. Thank you.
referral-already-sent = Referral no. { $id } was already saved; it was not saved again.
referral-left = No referral was saved. Start again any time from the call-out or with /referral.
referral-no-callout = Referrals are for volunteers who accepted a MOHEB emergency call-out. You have no call-out accepted in the last two weeks.
referral-pick-callout = Which call-out is the referral from?
referral-refused-not-on-callout = Referrals are for volunteers who accepted this MOHEB call-out. Tap "New referral" under the call-out you accepted.
referral-refused-other-province = That province is not the call-out's. A referral can only be made in the call-out's own province; choose that province.
referral-refused-note-too-long = The note may be at most 300 characters. Shorten it and send it again, or tap Skip.
referral-refused-note-has-phone = Please do not put a phone number in the note; this note was not saved. Send it without the number. If the person agrees to be contacted, we ask for their phone at its own step.
referral-refused-bad-name = The name must have letters, no numbers, and at most 80 characters. Please type it again.
referral-refused-bad-phone = That is not a valid mobile number. Type eleven digits starting 09, e.g. 09123456789.
referral-refused-unknown-region = I did not recognise that region. Please start the referral again.
referral-refused-out-of-scope = This referral is outside your region; nothing changed.
referral-refused-not-found = This referral was not found.
referral-refused-no-provider = That provider is not in this referral's province. Choose from this referral's list.
referral-status-open = open, waiting for a provider
referral-status-assigned = handed to a service provider
referral-status-contacted = the provider contacted the person
referral-status-closed = closed
referral-status-served = closed: served
referral-status-declined = closed: the person declined
referral-status-unreachable = closed: the person could not be reached
referral-new =
    New referral from a MOHEB team, no. { $id }
    Need: { $need }
    Urgency: { $urgency }
    Region: { $region }
    Tap "Open the referral" to see it and hand it to a service provider.
referral-update =
    News of your referral no. { $id } ({ $need }):
    { $status }
referral-overdue-reminder =
    Reminder: referral no. { $id } ({ $need }, { $urgency }) in { $region } has not been contacted and is overdue.
referral-button-open = Open the referral
referral-menu = Referrals
referral-card =
    Referral no. { $id }
    Need: { $need }
    Urgency: { $urgency }
    Region: { $region }
    Volunteer's note: { $note }
    Status: { $status }
    Provider: { $provider }
    Saved: { $created }
referral-card-overdue = ⚠️ Past its contact deadline.
referral-card-contact =
    The person agrees to be contacted (for you only):
    Name: { $name }
    Mobile: { $phone }
referral-card-no-consent = The person did not agree to be contacted; no name or phone is stored.
referral-button-assign = Hand to a provider
referral-button-contacted = Contacted
referral-button-served = Close: served
referral-button-declined = Close: declined
referral-button-unreachable = Close: unreachable
referral-button-list = Referrals list
referral-button-overdue = Overdue referrals
referral-button-providers = Service providers
referral-pick-provider = Which provider should referral no. { $id } go to?
referral-no-providers = No provider is registered in this referral's province. Add one under "Service providers", then tap "Hand to a provider" again.
referral-moved = Referral no. { $id }: { $status }. The referring volunteer was told too.
referral-unchanged = Referral no. { $id } is already here: { $status }. Nothing changed.
referral-list-title = Open referrals in your region (oldest first):
referral-list-empty = There are no open referrals in your region.
referral-overdue-title = Referrals past their contact deadline (48 hours for "Today", 7 days for "This week"):
referral-overdue-empty = No referral in your region is overdue.
referral-list-line = { $overdue ->
        [yes] ⚠️ #{ $id } { $need }, { $urgency }: { $status }
       *[no] #{ $id } { $need }, { $urgency }: { $status }
    }
referral-providers-title = Service providers in your region (contacts for managers only):
referral-providers-empty = No provider is registered in your region.
referral-provider-line = • { $name } ({ $kind }, { $region }): { $contact }
referral-button-provider-add = Add a provider
referral-provider-ask-kind = New provider, step 1 of 4. What service does it give? Tap one or type its name.
referral-provider-ask-name = Step 2 of 4. Type the provider's name (at most 120 characters), e.g. "County welfare counselling centre".
referral-provider-name-invalid = The name must be 1 to 120 characters. Please type it again.
referral-provider-ask-contact = Step 3 of 4. Type how to reach it (a phone or an address, at most 200 characters). Only managers see it. If there is none, tap Skip.
referral-provider-contact-invalid = The contact may be at most 200 characters. Shorten it or tap Skip.
referral-provider-ask-province = Step 4 of 4. Which province is the provider in?
referral-provider-ask-county = Choose the provider's county or type its name. If it serves the whole province, tap Skip.
referral-provider-added = "{ $name }" was added to the service providers.
referral-provider-left = No provider was added.
referral-stats-button = MOHEB referrals
referral-stats-title = MOHEB referrals in your region: { $total }
referral-stats-kind = By need:
referral-stats-province = By province:
referral-stats-line = • { $name }: { $count }
referral-stats-contact = Time to first contact (median): { $hours } hours, over { $contacted } referrals
referral-stats-contact-none = No referral has been contacted yet.
referral-stats-none = No referral has been made in your region yet.
