# Shift reminders (campaigns/shifts.py, handlers/shifts.py): confirm or release a place before the start.

shift-reminder =
    { $lead ->
        [day] Reminder:
       *[other] Reminder: in one hour
    } the assignment "{ $title }" starts ({ $when_en }) at { $place } ({ $region_en }).
    Are you coming? If you cannot, press "I cannot come" so your place goes to another volunteer.
shift-button-coming = I'm coming
shift-button-cannot = I cannot come
shift-place-freed =
    A place opened up in the assignment "{ $title }": { $when_en } at { $place } ({ $region_en }).
    If you can still come, press "I accept"; the place goes to whoever accepts first.

shift-answer-confirmed = Thank you! You are down as coming. Press "I have arrived" when you get there.
shift-answer-already-confirmed = You are already down as coming. See you there.
shift-answer-released = Your place is free and goes to another volunteer. Thank you for letting us know.
shift-answer-already-released = Your place was already freed; nothing else is needed.
shift-answer-after-start =
    This assignment has started, so your answer no longer changes anything.
    If something came up, please tell the assignment's manager directly.
shift-answer-not-accepted = You are not on the list of those coming to this assignment; no answer is needed.
shift-answer-checked-in = You have already checked in, so there is no place to free. If you must leave, press "Finished".
shift-answer-not-invited = This reminder is not for you or is no longer valid.

shift-live = Confirmed: { $confirmed }, released: { $released }, refilled: { $refilled }, unconfirmed at the start: { $unconfirmed }
