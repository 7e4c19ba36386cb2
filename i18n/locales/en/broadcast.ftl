# Broadcasts: buttons on campaign messages, progress for managers, reminders, refusals, opt-out.

broadcast-button-join = Join the campaign
broadcast-button-link = Open the link
broadcast-button-stop = Stop these messages

broadcast-progress =
    Broadcast { $id } is being sent:
    Sent: { $sent } of { $total }
    Blocked or unreachable: { $blocked }
    Failed: { $failed }
    Queued: { $pending }
    Speed: { $rate } messages a second; about { $minutes } min { $seconds } s left
broadcast-summary =
    Broadcast { $id } is finished.
    Sent: { $sent } of { $total }
    Blocked or unreachable: { $blocked }
    Failed: { $failed }
    Cancelled: { $cancelled }

broadcast-monthly-pledge =
    Your monthly pledge for { $month }
    A gentle reminder: your monthly pledge for { $period } is due. Thank you for standing with us.
broadcast-pledge-overdue =
    A reminder: your pledge is past its due date. If you have paid, record it under "My pledges"; if not, whenever you can.

broadcast-monthly-payroll =
    Your monthly pledge for { $month } — { $campaign }
    It is time to record { $period }: send the last four digits of this month's net pay. Press the button below or open the campaign page.
broadcast-after-join-no-pledge =
    Thank you for joining "{ $campaign }".
    You have not made a pledge yet; whenever you are ready, make one with the button below.
broadcast-event-text = { $text }
broadcast-button-pledge = Make a pledge
broadcast-button-payroll = Send this month's four digits

broadcast-refused-empty-audience = This message would reach nobody: no one matches these filters. Widen them.
broadcast-refused-empty-text = The message is empty. Please write its text (and a label for every button).
broadcast-refused-text-too-long = The text is { $length } characters; the most is { $limit }. Please shorten it.
broadcast-refused-caption-too-long = The photo caption is { $length } characters; the most is { $limit }. Please shorten it or drop the photo.
broadcast-refused-bad-photo = This photo is not accepted. Please send the photo again or give its web address (https://).
broadcast-refused-bad-link = The button's address is not valid. Please give a full address starting with https://.
broadcast-refused-schedule-in-past = That time has passed. Please give a time in the future, e.g. 1405/09/03 18:30.
broadcast-refused-campaign-ended = This campaign has ended; it cannot send messages.
broadcast-refused-unknown-campaign = This campaign was not found.
broadcast-refused-bad-schedule = The schedule is incomplete. Write the date as 1405/09/03 18:30, or give the number of days for a "days after joining" reminder.

broadcast-stopped-campaign = You will no longer get this campaign's broadcasts. Turn them back on from the campaign page whenever you like.
broadcast-stopped-all = You will no longer get campaign broadcasts. Turn them back on from a campaign page whenever you like.
broadcast-stop-unknown = Please send /start first.
broadcast-reply-thanks = Your answer arrived; thank you.
broadcast-optin-done = You will get this campaign's broadcasts again.
