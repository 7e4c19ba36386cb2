# The managers' web dashboard (dashboard/) and the bot's /dashboard link (handlers/dashboard_link.py).

dashboard-title = Hamyar dashboard
dashboard-welcome-heading = Sign in to the managers' dashboard
dashboard-welcome-how = To sign in, send /dashboard to the Hamyar bot and open the link you receive. Each link works once, within five minutes.
dashboard-logout = Sign out
dashboard-not-found-heading = Page not found
dashboard-not-found = Check the address, or start from the dashboard's first page.
