# A sign-in to the dashboard posted from another site (login CSRF): the refusal page and its audit entry
# (dashboard/login_csrf.py).

dashboard-refused-login-csrf-heading = This sign-in was not accepted
dashboard-refused-login-csrf = The sign-in was sent from a page outside the Hamyar dashboard, or the sign-in page was stale; no one was signed in. If you meant to sign in, open the link the bot sent again and press «Open the dashboard», or press the bot's «Open the dashboard in this messenger» button again.
live-audit-dashboard_login_csrf = Dashboard sign-in from a page outside the dashboard (refused)
