# Assignments and MOHEB emergency call-outs, volunteers' answers, the time bank.

assignments-not-manager = Creating assignments and call-outs is for managers. If you are one, ask a manager above you to record your role.
assignments-need-start = Please send /start and finish signing up first.
assignments-ask-title =
    New assignment, step 1 of 8. Type its title (at most 200 characters).
    For example "Psychological support at the shelter".
assignments-ask-title-urgent =
    MOHEB emergency call-out, step 1 of 8. Type its title (at most 200 characters).
    For example "Psychological support for flood victims".
assignments-title-invalid = The title must be 1 to 200 characters. Please type a shorter one.
assignments-ask-place = Step 2 of 8. Type the place (an address or the name of a place, at most 300 characters).
assignments-place-invalid = The place must be 1 to 300 characters. Please type a shorter one.
assignments-ask-province = Step 3 of 8. Choose the province, or type its name.
assignments-province-invalid = I did not recognise that province. Choose one from the list or type its name, e.g. "Isfahan".
assignments-ask-county = Step 4 of 8. Choose the county, or type its name. For the whole province press "Skip".
assignments-county-invalid = I did not recognise that county. Choose one from the list or type its name; for the whole province press "Skip".
assignments-ask-need = Step 5 of 8. Which volunteers are needed? Choose or type a specialty or an axis.
assignments-ask-need-urgent = Step 5 of 8. Which specialty is needed? The call-out reaches on-call volunteers of that specialty.
assignments-need-invalid = I did not recognise that. Press one of the options or type its name, e.g. "psychologist".
assignments-need-any = Any volunteer
assignments-ask-when =
    Step 6 of 8. Type the start date and time in the Jalali calendar, e.g. "1405/09/03 18:30".
assignments-when-invalid = I could not read that date. Type it like "1405/09/03 18:30" (year/month/day hour:minute).
assignments-ask-headcount = Step 7 of 8. How many people are needed? Type a number, e.g. "20".
assignments-ask-deadline =
    Step 8 of 8. Until when are acceptances taken? Type a date and time, e.g. "1405/09/02 20:00".
    "Skip" makes the deadline the start time.
assignments-summary =
    { $urgent ->
        [yes] MOHEB emergency call-out
       *[no] Assignment
    }: { $title }
    Place: { $place }
    Region: { $region }
    Needed: { $need }
    Starts: { $when }
    People: { $headcount }
    Accepting until: { $deadline }
    Is this right? Press "Create and send".
assignments-button-create = Create and send
assignments-created = Created (number { $id }). Invitations are going out; watch the accepted count in the message below.
assignments-left = You left the new assignment. Nothing was saved.

assignments-refused-not-manager = Creating assignments is for managers. Nothing was saved.
assignments-refused-out-of-region = That region is outside your area of responsibility. You may create assignments only in your own region. Choose another region.
assignments-refused-bad-headcount = The number must be more than zero (and at most 10,000). Type it again, e.g. "20".
assignments-refused-past-deadline = That deadline has passed. Type a moment in the future, e.g. "1405/09/02 20:00".
assignments-refused-past-start = That start time has passed. Type a moment in the future.
assignments-refused-deadline-after-start = The deadline must come before the start. Type an earlier moment.
assignments-refused-unknown-region = I do not know that region. Choose the province and county from the list.
assignments-refused-empty-title = The title and place must not be empty or too long.
assignments-refused-needs-specialty = An emergency call-out needs a specialty. Choose one.

assignments-invite =
    Volunteer assignment: { $title }
    Place: { $place } ({ $region_en })
    When: { $when_en }, about { $hours } hours
    Places: { $headcount }. Answer by: { $deadline_en }
    If you can come, press "I accept".
assignments-callout-invite =
    🚨 MOHEB emergency call-out: { $title }
    Place: { $place } ({ $region_en })
    When: { $when_en }
    { $headcount } specialists are needed. If you can come, press "I accept" now.
assignments-reminder =
    Reminder: "{ $title }" starts { $when_en } at { $place } ({ $region_en }).
    Press "I have arrived" when you get there.
assignments-button-accept = I accept
assignments-button-decline = I cannot
assignments-button-withdraw = Withdraw
assignments-button-check-in = I have arrived
assignments-button-check-out = Finished
assignments-button-roster = Who is coming

assignments-answer-accepted = You are in, thank you! We will remind you before the start. Press "I have arrived" when you get there.
assignments-answer-already-accepted = You have already been accepted. Your place is kept.
assignments-answer-filled = All places are filled; thank you
assignments-answer-closed = This assignment's deadline has passed; thank you
assignments-answer-declined = Your answer is recorded. Thank you for letting us know.
assignments-answer-not-invited = This invitation is not for you or is no longer valid.
assignments-answer-checked-in = Your arrival is recorded. Press "Finished" at the end so your hours go to the time bank.
assignments-answer-already-checked-in = Your arrival was already recorded.
assignments-answer-too-early = It is too early; you can check in from two hours before the start.
assignments-answer-checked-out = Finished: { $hours } hours and { $minutes } minutes added to your time bank. Thank you!
assignments-answer-not-checked-in = To finish, you first need to press "I have arrived".
assignments-answer-not-accepted = To check in, you first need to accept the invitation.

assignments-live =
    { $urgent ->
        [yes] 🚨 MOHEB call-out
       *[no] Assignment
    } "{ $title }" (number { $id })
    Accepted: { $accepted } of { $headcount }
    Invited: { $invited }, messages delivered: { $notified }
    Wave: { $wave ->
        [county] county
        [province] province
        [neighbours] neighbouring provinces
       *[other] starting
    }
    Status: { $status ->
        [filled] all places filled ✅
        [expired] deadline passed
        [cancelled] cancelled
       *[open] taking acceptances
    }
assignments-roster-title = "{ $title }": { $accepted } of { $headcount }
assignments-roster-line = { $name } ({ $phone }): { $status ->
        [accepted] coming
        [checked_in] arrived
       *[checked_out] finished
    }
assignments-roster-empty = Nobody has accepted yet.
assignments-list-title = Recent assignments in your region (press one for its roster):
assignments-list-empty = No assignments in your region yet. Create one with /assign or /callout.

assignments-hours-title = Your time bank: { $hours } hours and { $minutes } minutes
assignments-hours-line = { $date }: { $hours } h { $minutes } min, { $what }
assignments-hours-manual = confirmed by a manager
assignments-hours-empty = No hours in your time bank yet. Accept assignments to collect hours.
assignments-hours-regions = Volunteer hours in your region:
assignments-hours-region-line = { $region }: { $hours } hours, { $volunteers } volunteers
