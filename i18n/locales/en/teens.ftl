# Teens (the MANA programme — social participation of Iran's teens): year of birth, guardian's consent, protections.

teen-ask-birth-year =
    Before registering as a volunteer, type your year of birth in the Persian (Jalali) calendar, e.g. 1370.
    Teens under 18 take part in the MANA programme with the consent of a parent or legal guardian.
teen-year-not-a-year = I could not read that year. Type your year of birth as four digits in the Jalali calendar, e.g. 1385.
teen-year-future = That year has not come yet. Type your year of birth in the Jalali calendar, e.g. 1385 (not the Gregorian year).
teen-year-too-old = That is more than { $max } years ago. Please type your Jalali year of birth again carefully, e.g. 1365.
teen-year-cannot-age = Your year of birth is already recorded and you are under 18. Only a provincial manager can change it to an earlier year; please contact your province's welfare manager.
teen-ask-birth-year-onboarding = This campaign is for a particular age group. Before going on, type your year of birth in the Jalali calendar, e.g. 1385.
teen-onboarding-no-phone = You are under 18, so your phone number is not asked unless your guardian later allows it.
teen-path-intro =
    You are under 18, so you register on the teens' path (the MANA programme).
    After the questions, your registration waits for your parent's or legal guardian's consent.
    Teens never receive emergency call-outs, and get no messages between 21:00 and 08:00.
    Your phone number is not kept unless your guardian allows it.
teen-awaiting =
    Your registration is kept and waits for your guardian's consent.
    Send this link to your parent or legal guardian: { $link }
    Or give them this code to type in this bot: /guardian { $code }
    If nobody confirms within { $days } days (by { $until }), your data is erased and we will tell you.
teen-awaiting-no-link =
    Your registration is kept and waits for your guardian's consent.
    Give your parent or legal guardian this code to type in this bot: /guardian { $code }
    If nobody confirms within { $days } days (by { $until }), your data is erased and we will tell you.
teen-saved-confirmed = Your registration is saved with your guardian's consent. Teens receive only assignments meant for teens.
teen-accepted-notice = Your guardian confirmed your registration in the volunteer network (MANA). Welcome! Assignments for teens will be sent to you.
teen-accepted-phone = Your guardian confirmed your registration in the volunteer network (MANA) and allowed you to add your phone number (from /me). Welcome!
teen-refused-notice = Your guardian did not agree to your registration in the volunteer network. Your data has been erased. Send /start whenever you want to begin again.
teen-withdrawn-notice = Your guardian withdrew their consent. Your data has been erased. Send /start whenever you want to begin again.
teen-expired-notice = No guardian confirmed your registration in the last { $days } days, so your data has been erased. Send /start whenever you want to begin again.
teen-list-separator = {", "}
teen-no-name = the teen

teen-guardian-ask-code = Type the teen's code (8 letters and digits, e.g. AB7K2M9Q). Press Back to leave.
teen-guardian-code-invalid = That code is not right. A code is 8 Latin letters and digits, e.g. AB7K2M9Q; type it as the teen sent it.
teen-guardian-left = Main menu:
teen-guardian-view =
    { $name } wants to take part in the welfare volunteer network (MANA) and asks for your consent.
    What they will do:
    Axes: { $axes }
    Specialty: { $specialty }
    Days: { $days }, hours: { $hours }
    Region: { $region }
    Skills: { $skills }
    What is stored: first name, year of birth, region and the answers above; a phone number only if you allow it. Teens never receive emergency call-outs and get no messages between 21:00 and 08:00.
    This request is valid until { $until }. Answer only if you are their parent or legal guardian and over 18.
teen-guardian-button-accept = I agree (I am their guardian)
teen-guardian-button-accept-phone = I agree, and their phone number may be kept
teen-guardian-button-refuse = I do not agree
teen-guardian-accepted = Your consent is recorded and { $name } has been told. Send /guardian any time to see or withdraw it.
teen-guardian-refused = Your answer is recorded. { $name }'s data has been erased and they have been told.
teen-guardian-not-found = That code or link was not found. Ask the teen for the code again and type it as it is: /guardian CODE
teen-guardian-own-code = This is your own code. Send it to your parent or guardian so they can confirm.
teen-guardian-not-onboarded = To confirm, first finish registering with the bot (send /start), then open the link again or send /guardian and the code.
teen-guardian-is-teen = Consent is accepted only from adults (over 18). Give this link to a parent or legal guardian.
teen-guardian-answered-by-you = You have already answered this request; nothing changed. Send /guardian to see or withdraw your consent.
teen-guardian-answered-by-other = Another guardian has already answered this request; nothing changed.
teen-guardian-closed = This request is no longer open (it was answered or it expired); nothing changed.
teen-guardian-given =
    Your consent for { $name } (since { $when }):
    Axes: { $axes }; region: { $region }
    Phone number: { $phone }
    Stored: first name, year of birth, region and the volunteer registration.
teen-phone-not-allowed-yet = A teen's phone number is kept only with their guardian's permission, and your guardian has not given it.
teen-phone-allowed = allowed
teen-phone-not-allowed = not allowed (never asked)
teen-guardian-button-withdraw = Withdraw consent for { $name }
teen-guardian-withdraw-ask = Withdrawing your consent erases all of this teen's data, and we will tell them. Are you sure?
teen-guardian-button-withdraw-yes = Yes, withdraw
teen-guardian-button-keep = No, keep it
teen-guardian-kept = Your consent stays in place.
teen-guardian-withdrawn = Consent withdrawn. The teen's data has been erased and they have been told.
teen-guardian-withdraw-failed = This consent was already withdrawn or is not yours; nothing changed.

teen-join-ask-year = The campaign «{ $title }» is for a particular age group. Type your year of birth in the Jalali calendar, e.g. 1385.
teen-join-for-teens = This campaign is for teens under 18 (MANA); adults cannot join it. See the other campaigns under «Campaigns».
teen-join-for-adults = This campaign is for adults; teens under 18 cannot join it.
teen-join-needs-guardian = To join, your guardian must consent first: register with /volunteer and send its link to your parent or legal guardian.
teen-join-left = You left joining the campaign. Nothing was saved. Main menu:

teen-callout-refused = Teens do not take emergency call-outs or assignments for adults. Assignments for teens will be sent to you.
teen-managers-only = This command is for managers only.
teen-mark-usage = Type the assignment's number, e.g. /teenok 12
teen-mark-not-found = No assignment with that number in your region.
teen-mark-callout = An emergency call-out never goes to teens; only an ordinary assignment can be marked for teens.
teen-mark-done = Assignment { $id } will also go to teens whose guardian consented.
teen-mark-already = Assignment { $id } is already marked suitable for teens.
teen-year-usage = Type the person's id and Jalali year of birth, e.g. /birthyear 45 1386 (not in the future, nor more than { $max } years ago).
teen-year-corrected = The year of birth of person { $id } has been corrected.
teen-year-no-person = No person with id { $id }.

teen-stats-title = MANA teens by province and county (awaiting guardian / confirmed / erased):
teen-stats-line = { $region }: { $awaiting } / { $confirmed } / { $closed }
teen-stats-none = No teen has registered in your region yet.
teen-export-count = Teens (a count only, no personal data): { $count }
