# Catalogue: the campaign list, campaign pages, join and leave, share, my campaigns.

cat-list-title = Active campaigns ({ $count }). Tap a campaign, or type its number, to see it:
cat-list-empty = There are no active campaigns right now. Please check again later.
cat-list-line = { $number }. { $title }
cat-list-line-local = { $number }. { $title } (for your province)
cat-list-line-upcoming = { $number }. { $title } (coming soon)
cat-not-found = This campaign was not found; the link may be wrong or the campaign removed. Campaigns: /campaigns

cat-progress = Progress: { $percent }% — { $current } of { $target } { $unit }
cat-progress-bar = Progress bar: { $bar }
cat-dates-both = When: { $start } to { $end }
cat-dates-start = When: from { $start }
cat-dates-end = When: until { $end }
cat-regions-national = Where: the whole country
cat-regions = Where: { $regions }
cat-payment-link = Pay at: { $link }
cat-payment-card = Card number: { $card }
cat-payment-disclaimer = Hamyar takes no money; please pay yourself using the details above.
cat-member = You are a member of this campaign.
cat-not-member = You have not joined this campaign yet.
cat-ended = This campaign has ended and no longer takes members or pledges.
cat-paused = This campaign is paused and takes no members or pledges for now.
cat-upcoming = This campaign starts on { $start }.

cat-button-join = Join the campaign
cat-button-leave = Leave the campaign
cat-button-share = Invite others
cat-button-back-list = Back to the campaigns
cat-button-pledge-cash = Pledge cash
cat-button-pledge-in_kind = Pledge goods
cat-button-pledge-dowry = Give a dowry (a set or one item)
cat-button-pledge-payroll = Send this month's last four payslip digits
cat-button-payroll-totals = Totals by agency and province
cat-button-energy-report = Report electricity use
cat-button-energy-totals = Saving totals
cat-button-volunteer = Register as a volunteer

cat-joined = You joined "{ $title }". Thank you!
cat-joined-already = You are already a member of "{ $title }".
cat-left = You left "{ $title }". You can join again at any time.
cat-left-already = You were not a member of this campaign.
cat-not-open = This campaign is not taking members now.
cat-share =
    To invite others to "{ $title }", send them this link. Everyone who joins through it is credited to you:
    { $link }
cat-share-unavailable = The invitation link is not available right now. Please try again shortly.

cat-mine-title = Campaigns you are a member of:
cat-mine-empty = You have not joined any campaign yet. Send /campaigns or tap "Campaigns" to see them.
cat-typed-unknown = I could not find that campaign. Type a number from 1 to { $count } or part of its name.
