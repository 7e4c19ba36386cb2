# Volunteer registration: axes, specialty, availability, region, national ID, skills, summary.

vol-need-onboarding = Please finish the first registration before volunteering: send /start.
vol-already-registered = You are already registered in the volunteer network. Your answers are in the summary below; you can edit any part.
vol-left = You left the volunteer registration. Nothing was saved. Main menu:

vol-ask-axes =
    Volunteer network registration, step 1 of 8.
    Which areas would you work in? Choose one or more, then press "Continue".
    Or type them, e.g. "health, cultural" or "1 3".
vol-axis-health = Health
vol-axis-empowerment = Empowerment
vol-axis-cultural = Cultural
vol-axis-construction = Construction
vol-axis-extracurricular = Extracurricular
vol-selected = { $label }, selected
vol-button-done = Continue
vol-axes-empty = You have not chosen an area yet. Choose at least one, then press "Continue".
vol-axes-invalid = I did not recognise that area. Areas: 1 Health, 2 Empowerment, 3 Cultural, 4 Construction, 5 Extracurricular. Type names or numbers, e.g. "health, cultural" or "1 3".

vol-ask-specialty = Step 2 of 8. What is your specialty? Choose or type it.
vol-spec-doctor = Doctor
vol-spec-nurse = Nurse
vol-spec-psychologist = Psychologist
vol-spec-psychiatrist = Psychiatrist
vol-spec-social_worker = Social worker
vol-spec-engineer = Engineer
vol-spec-teacher = Teacher
vol-spec-other = Other
vol-specialty-invalid = I did not recognise that specialty. Choose one, or type its name or number (e.g. "Nurse" or "2"). If yours is not listed, choose "Other".

vol-ask-days =
    Step 3 of 8. Which days can you help? Choose one or more, then press "Continue".
    Or type them, e.g. "Saturday, Monday" or "every day".
vol-day-sat = Saturday
vol-day-sun = Sunday
vol-day-mon = Monday
vol-day-tue = Tuesday
vol-day-wed = Wednesday
vol-day-thu = Thursday
vol-day-fri = Friday
vol-days-all = Every day
vol-days-empty = You have not chosen a day yet. Choose at least one, then press "Continue".
vol-days-invalid = I did not recognise that day. Separate day names with commas, e.g. "Saturday, Tuesday", or type "every day".

vol-ask-hours = Step 4 of 8. At what time of day can you help?
vol-hours-morning = Morning
vol-hours-afternoon = Afternoon
vol-hours-evening = Evening
vol-hours-any = Any time
vol-hours-invalid = Please choose or type one of: morning, afternoon, evening, any time.

vol-ask-on-call =
    Step 5 of 8. MOHEB teams (helpers in disasters) call specialist volunteers at once when a disaster strikes.
    Are you ready to be called in an emergency?
vol-yes = Yes
vol-no = No
vol-on-call-invalid = Please choose or type "Yes" or "No".

vol-ask-region = Step 6 of 8. Where you will help: { $region }. Keep this region or choose another?
vol-region-keep = Keep this region
vol-region-other = Another region
vol-region-invalid = Please choose "Keep this region" or "Another region", or type a province name.
vol-ask-province = Choose the province where you will help, or type its name.
vol-province-invalid = I could not find that province. Choose from the list or type its name (e.g. "Isfahan").
vol-ask-county = Choose the county in { $province } where you will help, or type its name.
vol-county-invalid = That county was not found in { $province }. Choose from the list or type its name.

vol-ask-national-id = Step 7 of 8. Type your 10-digit national ID (optional). Press "Skip" if you prefer not to.
vol-national-id-shape = A national ID has 10 digits. Please type yours without dashes, or press "Skip".
vol-national-id-invalid = That national ID is not valid: its check digit does not match the other digits. Please type it again carefully, or press "Skip".

vol-ask-skills = Step 8 of 8. Briefly describe your skills or experience (optional, at most { $max } characters). Press "Skip" if you prefer not to.
vol-skills-too-long = Your text is { $length } characters; at most { $max } are accepted. Please write it shorter.

vol-summary =
    Your volunteer registration:
    1. Areas: { $axes }
    2. Specialty: { $specialty }
    3. Days: { $days }
    4. Time: { $hours }
    5. Emergency call-outs: { $on_call }
    6. Region: { $region }
    7. National ID: { $national_id }
    8. Skills: { $skills }
    If this is right, press "Confirm and save". To change a part, press its button or type its number.
vol-not-given = not given
vol-button-confirm = Confirm and save
vol-edit = Edit { $field }
vol-field-axes = areas
vol-field-specialty = specialty
vol-field-days = days
vol-field-hours = time
vol-field-on_call = emergency call-outs
vol-field-region = region
vol-field-national_id = national ID
vol-field-skills = skills
vol-summary-invalid = Please press or type "Confirm and save". To edit a part, type its number (1 to 8) or its name, e.g. "specialty".
vol-saved =
    Your volunteer registration is saved. Thank you for joining!
    Send /volunteer whenever you want to change it.
vol-already-saved = Your registration is already saved.
