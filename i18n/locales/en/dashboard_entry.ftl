# Entry into the managers' dashboard: the login link's page, the /dashboard rate limit and the Mini App
# (dashboard/auth.py, dashboard/miniapp.py, handlers/dashboard_link.py).

dashboard-entry-login-heading = Sign in to the Hamyar dashboard
dashboard-entry-login-how = The Hamyar bot sent you this sign-in link. Press the button below to open the dashboard; after that the link no longer works.
dashboard-entry-login-button = Open the dashboard
dashboard-entry-web-app-button = Open the dashboard in this messenger
dashboard-entry-rate-limited = You have received { $limit } sign-in links in the last { $window } minutes, the most we send. Send /dashboard again in { $minutes } minutes, at { $time } Iran time.
    The links you just received work for five minutes after they arrived.
dashboard-entry-app-heading = Signing in from the messenger
dashboard-entry-app-wait = Signing you in… If the dashboard does not open in a moment, close this page and press «Open the dashboard in this messenger» in the bot again.
dashboard-entry-app-bale = If signing in from Bale does not work, open the one-time link the bot sent in the same message.
dashboard-entry-app-no-data = Open this page from the Hamyar bot's button: send /dashboard to the bot and press «Open the dashboard in this messenger».
dashboard-entry-app-noscript = Signing in from the messenger needs JavaScript. Open the one-time link the bot sent instead.
dashboard-entry-app-forged-heading = Signing in from the messenger was not confirmed
dashboard-entry-app-forged = The messenger did not give this page valid sign-in data. Close it and press the bot's button again, or send /dashboard to the bot and open the one-time link.
dashboard-entry-app-bale-heading = Signing in from Bale was not confirmed
dashboard-entry-app-bale-fallback = Bale did not give sign-in data Hamyar can check. Open the one-time link the bot sent in the same message; if it has expired, send /dashboard again.
dashboard-entry-app-stale-heading = This sign-in has expired
dashboard-entry-app-stale = This page was opened in the messenger more than an hour ago. Close it and press «Open the dashboard in this messenger» again.
dashboard-entry-app-unavailable-heading = Signing in from this messenger is not set up
dashboard-entry-app-unavailable = Send /dashboard to the Hamyar bot and open the one-time link you receive.
dashboard-entry-app-new-tab-heading = Open the dashboard in a new tab
dashboard-entry-app-new-tab = You are signed in, but the messenger's web version does not let the dashboard open inside this frame. The button below opens it in a new browser tab; press «Open the dashboard» there.
dashboard-entry-app-new-tab-button = Open the dashboard in a new tab
dashboard-entry-app-new-tab-once = This link works once, for { $minutes } minutes. If it has expired, close this frame and press «Open the dashboard in this messenger» in the bot again.
