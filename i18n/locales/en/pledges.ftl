# Pledges: cash, in kind, dowry, payroll digits, energy reports; my pledges and cancelling.

pl-not-open = This campaign is not taking pledges now.
pl-kind-not-allowed = This campaign does not take this kind of help.
pl-ask-amount = Type the amount in tomans (from { $min } to { $max } tomans), e.g. 500,000 or "500 thousand".
pl-amount-not-number = That amount is not a number. Please type just the amount in digits, e.g. 500,000 (tomans).
pl-amount-too-small = The smallest amount for this campaign is { $min } tomans. Please type an amount from { $min } to { $max } tomans.
pl-amount-too-large = The largest amount for this campaign is { $max } tomans. Please type an amount from { $min } to { $max } tomans.
pl-ask-item = What do you give? Choose from the list or type its number.
pl-ask-item-free = What do you give? Choose from the list, type its number, or type the name of the goods.
pl-item-invalid = That is not on the list. Please tap an option or type its number.
pl-item-line = { $number }. { $name }
pl-item-line-price = { $number }. { $name } — { $price } tomans
pl-item-other = Something else (type its name)
pl-ask-item-text = Type the name of what you give (2 to 80 characters).
pl-item-text-invalid = The name must be 2 to 80 characters. Please type it again.
pay-agency-text-invalid = The agency's name must be 2 to 80 characters. Please type it again.
pl-ask-quantity = How many { $unit }? Type the number in digits (1 to { $max }).
pl-quantity-invalid = The quantity must be a number from 1 to { $max }. Please type just the number, e.g. 3.
pl-unit-default = items
pl-answer-invalid = The answer must be 2 to { $max } characters. Please type it again.
pl-ask-region = Where should your help go?
pl-region-county = My county: { $name }
pl-region-province = My province: { $name }
pl-region-other = Another province or county
pl-region-any = Wherever it is most needed
pl-region-invalid = Please tap an option or type its number (1 to 4).
pl-ask-province = Choose the province your help goes to, or type its name.
pl-province-invalid = I could not find that province. Please choose from the list or type its name correctly.
pl-ask-county = Choose a county of { $province }, or tap "All of the province".
pl-county-invalid = That county is not in { $province }. Choose from the list or tap "All of the province".
pl-whole-province = All of { $province }
pl-ask-recurrence = Once, or every month?
pl-once = Once
pl-monthly = Every month
pl-recurrence-invalid = Please tap or type "Once" or "Every month".
pl-summary =
    Please check your pledge:
    Campaign: { $campaign }
    { $what }
    Goes to: { $region }
    { $when }
    If it is right, tap "Confirm".
pl-what-cash = Cash: { $amount } tomans
pl-what-in-kind = Goods: { $quantity } { $unit } { $item }
pl-what-dowry = Dowry: { $quantity } × { $item } (worth about { $amount } tomans)
pl-what-payroll = Last four payslip digits of { $period }: { $amount } rials (agency: { $agency })
pl-when-once = When: once, by { $due }
pl-when-monthly = When: every month, the first by { $due }
pl-answer-line = { $question } { $answer }
pl-region-anywhere = wherever it is most needed
pl-confirm = Confirm
pl-confirm-invalid = Please tap "Confirm" to save the pledge, "Back" to change it, or /cancel to drop it.
pl-saved = Your pledge is saved. Thank you! Reference number: { $id }
pl-saved-payment = To pay: { $how }
pl-already-saved = This pledge was already saved (reference { $id }). No second pledge was made.
pl-expired = This conversation has ended. To pledge again, start from the campaign page.

pl-open-title = Your open pledges ({ $count }):
pl-open-line = - { $campaign }: { $what } — { $status }
pl-open-more = and { $count } more; see them all with "All my pledges".
pl-mine-title = Your pledges:
pl-mine-empty = You have made no pledges yet. Send /campaigns to see the campaigns.
pl-mine-line = { $number }. { $campaign } — { $what } — { $date } — { $status }
pl-mine-what-cash = { $amount } tomans
pl-mine-what-item = { $quantity } × { $item }
pl-mine-what-payroll = { $amount } rials ({ $period })
pl-mine-monthly = , every month
pl-status-pledged = pledged (due { $due })
pl-status-fulfilled = fulfilled
pl-status-cancelled = cancelled
pl-status-overdue = overdue ({ $due })
pl-button-cancel = Cancel pledge { $number }
pl-cancel-ask = Cancel the pledge "{ $what }" to "{ $campaign }"?
pl-cancel-yes = Yes, cancel it
pl-cancel-no = No, keep it
pl-cancelled = The pledge is cancelled.
pl-cancel-failed = This pledge can no longer be cancelled (it is fulfilled or cancelled).
pl-kept = The pledge stays as it was.
pl-cancel-ask-monthly =
    Cancel the monthly pledge "{ $what }" to "{ $campaign }"?
    "Yes" stops the monthly pledge; "Only this month" cancels this month's and it goes on next month.
pl-cancel-month-only = Only this month
pl-cancelled-month = This month's pledge is cancelled. Your monthly pledge stays and goes on next month.
pl-series-stopped = Pledge cancelled: your monthly pledge is stopped; no new months will be made and no monthly reminders sent.

pay-ask-agency = Which agency do you work for? Choose from the list, type its number, or tap "Other".
pay-agency-other = Other (type the agency's name)
pay-agency-invalid = That agency is not on the list. Please choose from the list, or tap "Other" and type its name.
pay-ask-agency-text = Type the name of the agency you work for (2 to 80 characters).
pay-ask-digits = Type the last four digits of the net pay on your { $period } payslip (0 to 9,999 rials). You may type the whole net pay; we take its last four digits.
pay-digits-not-digits = Please type digits only: the last four digits of your net pay (e.g. 4567) or the whole net pay.
pay-digits-ambiguous = That number is neither the last four digits nor a whole net pay. Please type just the last four digits (at most 9,999), e.g. 4567.
pay-saved = Your pledge for { $period } is saved: { $amount } rials. Thank you! We will remind you next month.
pay-updated = The amount for { $period } is now { $amount } rials.
pay-totals-title = Totals by agency:
pay-totals-province = By province:
pay-totals-line = { $name }: { $amount } rials from { $people } people
pay-totals-empty = No pledges yet.
pay-unknown = unknown

en-ask-unit = How will you report your electricity use?
en-unit-kwh = In kilowatt-hours (from the bill)
en-unit-rial = As the bill amount (rials)
en-unit-invalid = Please tap or type "kilowatt-hours" or "bill amount".
en-ask-baseline-kwh = Baseline: type a usual month's electricity use before the campaign, in kWh (e.g. 320).
en-ask-baseline-rial = Baseline: type a usual month's electricity bill before the campaign, in rials (e.g. 850,000).
en-ask-month-kwh = Type your electricity use for { $period } in kWh. Your baseline is { $baseline } kWh.
en-ask-month-rial = Type your electricity bill for { $period } in rials. Your baseline is { $baseline } rials.
en-value-invalid = Please type just a number (1 to { $max }), e.g. 280.
en-baseline-saved = Your baseline is saved. From next month, report your use every month and we will count your saving.
en-standing-kwh = Your saving so far: { $saved } kWh of electricity, worth { $value } rials.
en-standing-rial = Your saving so far: { $value } rials less on your electricity bill.
en-standing-none = You have not reported using less than your baseline yet. Report your use every month: every kWh less helps buy wheelchairs.
en-share-whole = That pays for { $wheelchairs } whole wheelchairs. Thank you!
en-share-percent = That is { $percent }% of a wheelchair.
en-share-people = If { $people } people save as much as you, a whole wheelchair is bought.
en-share-started = Less than one percent of a wheelchair so far; every report adds to it.
en-together = { $place }: { $people } people together saved { $value } rials. { $share }
en-place-neighbourhood = Neighbourhood { $name }
en-place-county = { $name } county
en-unit-kwh-short = kWh
en-unit-rial-short = rials
en-totals-title = The campaign's saving:
en-totals-line = { $name }: { $value } rials, { $wheelchairs } wheelchairs
en-totals-all = Whole country
en-totals-empty = No reports yet.
