# The monthly message on what a participant's area achieved (campaigns/area_feedback.py, worker/feedback.py).

feedback-title = Monthly report: what your neighbourhood, county and province did together in { $month }
feedback-campaign = Campaign "{ $title }"
feedback-area =
    { $level ->
        [neighbourhood] • Neighbourhood { $place }
        [county] • County { $place }
       *[province] • Province { $place }
    }: new pledges { $pledges } ({ $amount } tomans), fulfilled { $fulfilled }
feedback-wheelchairs = , { $wheelchairs } wheelchairs from electricity saved
feedback-nothing = • No new pledges in your area this month.
feedback-hours-title = Volunteer hours:
feedback-hours =
    { $level ->
        [neighbourhood] • Neighbourhood { $place }
        [county] • County { $place }
       *[province] • Province { $place }
    }: { $hours } hours
feedback-footer = Thank you for taking part. Press a campaign's button to see it.
feedback-button-stop = Stop the monthly report
feedback-button-resume = Send the monthly report again
feedback-opted-out = We will not send you the monthly report any more. Campaign messages still arrive as before. If you change your mind, press the button below.
feedback-opted-in = You will receive the monthly report again.
