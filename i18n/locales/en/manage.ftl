# Managers: /manage menu, roles, campaigns, audit, follow-up, approvals, composer, stats, exports.

manage-not-manager = This part is for campaign managers, and you have no manager role. If you are a manager, ask the manager above you to record your role in Hamyar.
manage-menu =
    Hamyar management
    Your role: { $scope }
    Choose an option.
manage-menu-again = Please start again from the management menu.
manage-menu-campaigns = Campaigns
manage-menu-compose = Write a broadcast
manage-menu-stats = Stats and exports
manage-menu-roles = Roles
manage-menu-audit = Audit log
manage-menu-followup = Pledge follow-up
manage-menu-approvals = Approvals
manage-menu-assign = New assignment
manage-menu-callout = MOHEB emergency call-out
manage-whole-country = the whole country

manage-level-super_admin = Super admin
manage-level-national = National manager
manage-level-provincial = Provincial manager
manage-level-county = County manager

manage-roles =
    Active roles in your region:
    { $lines }
manage-roles-none = No roles yet.
manage-role-line = #{ $id } { $name } — { $level } — { $place }
manage-role-grant = Give a new role
manage-role-revoke = Revoke role #{ $id } ({ $name })
manage-grant-who = Send the referral code or the mobile number of the person who gets the role (e.g. 09121234567).
manage-grant-unknown = Nobody with that referral code or mobile number was found. Send their referral code (shown under "My info") or the mobile number they gave Hamyar.
manage-grant-level = Which role should { $name } get?
manage-grant-level-again = I did not recognise that role. Press one of the buttons or type the role's name as shown.
manage-grant-province = Choose the province or type its name.
manage-grant-province-again = I could not find that province. Choose from the list or type the province's name.
manage-grant-county = Choose the county or type its name.
manage-grant-county-again = I could not find that county. Choose from the list or type the county's name.
manage-granted = The role "{ $level }" for { $place } is recorded.
manage-revoked = Role #{ $id } was revoked.
manage-role-refused-not-above = You can only give or revoke roles below your own. Nothing changed.
manage-role-refused-out-of-scope = That region is outside yours. Nothing changed.
manage-role-refused-needs-region = The role's region is missing. Please choose a province or county.
manage-role-refused-unknown-person = That person was not found. Nothing changed.
manage-role-refused-self = You cannot give yourself a role. Nothing changed.
manage-role-refused-peer = That person holds a role at or above yours (or outside your region). Nothing changed.
manage-role-refused-not-active = That role is not active or was not found. Nothing changed.

manage-campaigns =
    Campaigns:
    { $lines }
manage-campaign-line = #{ $id } { $title } — { $status }
manage-campaign-open = open
manage-campaign-upcoming = upcoming
manage-campaign-ended = ended
manage-campaign-paused = paused
manage-campaign-activate = Activate "{ $title }"
manage-campaign-close = Close "{ $title }"
manage-campaign-activated = The campaign is active.
manage-campaign-closed = The campaign is closed.
manage-campaign-load = Load a campaign from a YAML file
manage-campaigns-national-only = Only national managers change campaigns.
manage-campaign-send-file = Send the campaign definition (YAML) as a file. A campaign with the same slug is updated.
manage-campaign-file-bad =
    This file was not loaded and nothing changed:
    { $reason }
    Please fix the file and send it again.
manage-campaign-file-created = Campaign "{ $slug }" was created.
manage-campaign-file-updated = Campaign "{ $slug }" was updated.
manage-campaign-file-unchanged = Campaign "{ $slug }" already has exactly this definition; nothing changed.
manage-send-a-document = Please send it as a file (document), not as text or a photo. Or press Back.
manage-file-too-large = This file is larger than allowed (2 MB).

manage-audit =
    Manager actions ({ $total } in all, newest first):
    { $lines }
manage-audit-empty = Nothing recorded yet.
manage-audit-line = #{ $id } { $at } — { $who } ({ $level }): { $action } — { $audience } — { $count } people/items
manage-action-role_grant = role given
manage-action-role_revoke = role revoked
manage-action-campaign_status = campaign status changed
manage-action-campaign_load = campaign loaded
manage-action-broadcast_send = broadcast sent
manage-action-broadcast_request = broadcast approval requested
manage-action-broadcast_approve = broadcast approved
manage-action-broadcast_reject = broadcast rejected
manage-action-broadcast_pause = broadcast paused
manage-action-broadcast_resume = broadcast resumed
manage-action-broadcast_cancel = broadcast cancelled
manage-action-pledge_fulfil = pledge marked fulfilled
manage-action-pledge_import = payments imported
manage-action-stats_view = stats viewed
manage-action-export = export taken

manage-followup =
    Pledge follow-up
    Overdue pledges in your region: { $overdue }
manage-followup-fulfil = Mark a pledge fulfilled
manage-followup-import = Upload a payments file (CSV)
manage-followup-overdue = Overdue pledges
manage-fulfil-ask = Type the pledge number (e.g. 123).
manage-fulfil-not-a-number = The pledge number must be a number, e.g. 123.
manage-fulfil-number-too-long = There is no pledge with that number; pledge numbers are short, e.g. 123. Please copy the number from the overdue list.
manage-fulfil-done = Pledge #{ $id } is marked fulfilled. Type the next number or press Back.
manage-fulfil-not-found = Pledge #{ $id } was not found. Nothing changed.
manage-fulfil-out-of-scope = Pledge #{ $id } is for a place outside your region. Nothing changed.
manage-fulfil-not-open = Pledge #{ $id } is not open (already fulfilled or cancelled). Nothing changed.
manage-import-ask =
    Send the CSV of confirmed payments as a file.
    Columns: pledge_id, or referral_code together with amount (in tomans).
    If even one row is bad, no row is imported.
manage-import-bad =
    This file has { $count } bad rows, so nothing was imported:
    { $rows }
    Please fix these rows and send the file again.
manage-import-done = { $matched } pledges marked fulfilled. { $unmatched } rows matched no open pledge:
manage-import-row = Row { $line }: { $problem }
manage-import-more = and { $count } more rows.
manage-row-no-columns = the first row names neither pledge_id nor referral_code
manage-row-bad-id = the pledge number is not a number
manage-row-bad-amount = the amount is not a positive number
manage-row-no-key = it has neither a pledge number nor a referral code with an amount
manage-row-duplicate = this pledge number appears twice
manage-row-out-of-scope = this pledge is outside your region
manage-row-too-many = the file has more than 10,000 rows
manage-row-not-text = the file is not UTF-8 text
manage-row-no-pledge = no open pledge found
manage-row-not-open = the pledge is not open (already fulfilled or cancelled)
manage-row-amount-differs = the amount differs from the pledge's amount
manage-overdue =
    Overdue pledges ({ $total } in all, oldest first):
    { $lines }
manage-overdue-line = #{ $id } — code { $code } — { $amount } — due { $due } — { $place }

manage-approvals =
    Broadcasts waiting for approval:
    { $lines }
manage-approvals-none = Nothing is waiting for approval.
manage-approvals-line = #{ $id } — { $audience } — { $count } people
manage-approval-review = Review request #{ $id }
manage-approval-request = A broadcast needs a second manager's approval (two-person rule).
manage-approval =
    Request #{ $id }
    Audience: { $audience }
    Count: { $count } people
    When: { $when }
    Message:
    { $text }
manage-approval-now = as soon as approved
manage-approval-recount = Audience right now: { $count } people
manage-approval-photo = (with a photo)
manage-approve = Approve and send
manage-reject = Reject
manage-approved = Request #{ $id } is approved; broadcast { $broadcast } is queued.
manage-rejected = Request #{ $id } was rejected.

compose-refused-out-of-scope = That audience is outside your region. You can only message people in your own region. Nothing changed.
compose-refused-own-broadcast = You wrote this broadcast; under the two-person rule another manager must approve it. Nothing changed.
compose-refused-not-pending = This request was already decided. Nothing changed.
compose-refused-not-found = Not found.
compose-ask-text = Write the broadcast's text (it is sent exactly as written). You may also send a photo with a caption.
compose-text-bad = Please write the message text (at most { $limit } characters).
compose-caption-needed = Please send the photo with a caption (at most { $limit } characters), or write the text first.
compose-caption-too-long = The text is too long for a photo caption (at most { $limit } characters). Press Skip or go back to the text.
compose-ask-photo = Send a photo to go with the message if you like; otherwise press Skip.
compose-photo-expected = Please send a photo or press Skip.
compose-ask-buttons =
    Buttons under the message ("stop these messages" is always added).
    Buttons so far: { $buttons }
compose-add-join = Add a "join the campaign" button
compose-add-link = Add a link button
compose-buttons-done = Next: choose the audience
compose-pick-campaign = Choose the campaign.
compose-ask-link-label = Write the words on the link button (at most 40 characters).
compose-link-label-bad = Please write a short label (at most 40 characters).
compose-link-url-too-long = That address is too long (at most { $max } characters). Please give a shorter address starting with https://.
compose-ask-link-url = Write the link's address; it must start with https://
compose-audience =
    Audience: { $audience }
    People it reaches: { $count }
    Narrow it by choosing a feature, or type a province or county name.
compose-aud-everyone = everyone in your region
compose-aud-province = province { $name }
compose-aud-county = county { $name }
compose-aud-axis = volunteers in { $name }
compose-aud-specialty = volunteers who are { $name }
compose-aud-joined = members of campaign #{ $id }
compose-aud-not_joined = non-members of campaign #{ $id }
compose-aud-pledged = pledgers in campaign #{ $id }
compose-aud-language = language { $name }
compose-aud-platform = messenger { $name }
compose-pick-province = Province
compose-pick-county = County
compose-pick-campaign-button = Campaign
compose-pick-axis = Volunteer axis
compose-pick-specialty = Specialty
compose-pick-language = Language
compose-pick-platform = Messenger
compose-pick-membership = Which group?
compose-member-joined = campaign members
compose-member-not_joined = people who have not joined
compose-member-pledged = people who pledged
compose-lang-fa = Persian
compose-lang-en = English
compose-platform-telegram = Telegram
compose-platform-bale = Bale
compose-any = All (no limit)
compose-clear = Clear all choices
compose-to-preview = Preview
compose-province-first = Choose the province first.
compose-region-unknown = I could not find that province or county. Use the buttons or type the name correctly.
compose-preview =
    The preview above is what people will see.
    Audience: { $audience }
    Count: { $count } people
    Send it now or schedule it?
compose-send-now = Send now
compose-schedule = Schedule
compose-back-to-audience = Change the audience
compose-discard = Discard the message
compose-ask-when = Write when to send, as a Jalali date, e.g. 1405/09/03 18:30
compose-queued = Broadcast { $id } to { $count } people is queued. You will get progress reports.
compose-quiet-until = Quiet hours: ordinary broadcasts are not sent at night; this one starts { $day } at { $time } Iran time.
compose-quiet-today = today
compose-quiet-tomorrow = tomorrow
compose-needs-approval = This message reaches { $count } people, over the limit of { $threshold }; under the two-person rule it was sent to another manager for approval. Request number: { $id }
compose-progress-button = Progress
compose-pause = Pause
compose-resume = Resume
compose-cancel = Cancel sending
compose-progress =
    Broadcast { $id } — { $status }
    Sent: { $sent } of { $total }
    Failed: { $failed }
    Blocked: { $blocked }
    Queued: { $pending }
    Cancelled: { $cancelled }
compose-status-preparing = preparing
compose-status-running = sending
compose-status-paused = paused
compose-status-cancelled = cancelled
compose-status-done = done
compose-steered-pause = Broadcast { $id } is paused.
compose-steered-resume = Broadcast { $id } carries on.
compose-steered-cancel = Broadcast { $id } is cancelled.
compose-steer-impossible = That is not possible for broadcast { $id } in its present state.

stats-menu = Stats and exports (your region only). Choose a campaign or a report.
stats-no-region = no region
stats-campaign =
    { $title }
    Participants: { $participants }
    Pledges: { $pledges } — amount: { $amount } tomans — items: { $items }
    Fulfilled: { $fulfilled } ({ $percent }%)
    By region (participants / pledges / amount / fulfilled):
    { $lines }
stats-region-line = { $place }: { $participants } / { $pledges } / { $amount } / { $fulfilled }
stats-volunteers-button = Volunteers
stats-volunteers =
    Volunteers in your region: { $total }
    By axis:
    { $axes }
    By specialty:
    { $specialties }
    By region:
    { $regions }
stats-count-line = { $name }: { $count }
stats-fair-volunteers = Fewest volunteers per thousand
stats-fair-pledges = Fewest pledges per thousand
stats-fair-volunteers-title =
    Counties with the fewest volunteers per thousand residents:
    { $lines }
stats-fair-pledges-title =
    Counties with the fewest pledges per thousand residents:
    { $lines }
stats-fair-line = { $place }: { $count } of { $population } people — { $rate } per thousand
stats-export-pledges-csv = Export pledges (CSV)
stats-export-pledges-xlsx = Export pledges (Excel)
stats-export-volunteers-csv = Export volunteers (CSV)
stats-export-volunteers-xlsx = Export volunteers (Excel)
stats-export-caption = { $count } rows, from your region only. No national IDs or phone numbers.

export-col-pledge_id = Pledge number
export-col-campaign = Campaign
export-col-referral_code = Referral code
export-col-kind = Kind
export-col-amount = Amount
export-col-item = Item
export-col-quantity = Quantity
export-col-recurrence = Recurrence
export-col-period = Period
export-col-province = Province
export-col-county = County
export-col-status = Status
export-col-due_on = Due
export-col-created_at = Made on
export-col-fulfilled_at = Fulfilled on
export-col-first_name = Name
export-col-axes = Axes
export-col-specialty = Specialty
export-col-days = Days
export-col-hours = Hours
export-col-on_call = On call
export-col-registered_at = Registered on
manage-your-broadcast-approved = Another manager approved your broadcast (request { $id }); it is queued for sending.
manage-your-broadcast-rejected = Another manager turned down your broadcast (request { $id }); it will not be sent.
