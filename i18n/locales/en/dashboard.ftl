# The managers' web dashboard (dashboard/) and the bot's /dashboard link (handlers/dashboard_link.py).

dashboard-title = Hamyar dashboard
dashboard-welcome-heading = Sign in to the managers' dashboard
dashboard-welcome-how = To sign in, send /dashboard to the Hamyar bot and open the link you receive. Each link works once, within five minutes.
dashboard-logout = Sign out
dashboard-not-found-heading = Page not found
dashboard-not-found = Check the address, or start from the dashboard's first page.
dashboard-scope-national = The whole country
dashboard-overview-heading = Overview: { $region }
dashboard-refused-forged-heading = This link is not valid
dashboard-refused-forged = Hamyar did not make this link, or it was copied incompletely. Send /dashboard to the Hamyar bot to get a new one.
dashboard-refused-expired-heading = This link or session has expired
dashboard-refused-expired = A login link works for five minutes, and a session ends after a while unused. Send /dashboard to the Hamyar bot to get a new link.
dashboard-refused-used-heading = This link was already used
dashboard-refused-used = Each login link opens only once. If you did not open it yourself, tell the manager above you. To sign in again, send /dashboard to the Hamyar bot.
dashboard-refused-not-manager-heading = You have no manager role
dashboard-refused-not-manager = The dashboard is for campaign managers, and no manager role is recorded for you now. If you are a manager, ask the manager above you to record your role in Hamyar.
dashboard-refused-csrf-heading = This form was not accepted
dashboard-refused-csrf = The form was not sent from the dashboard's own page, or it is stale. Open the page again and retry.
dashboard-link = Your link to the Hamyar dashboard:
    { $link }
    It works once, within five minutes; do not forward it.
dashboard-link-unavailable = The Hamyar dashboard is not set up on this system yet. Ask the technical administrator to set DASHBOARD_SECRET.
dashboard-campaigns-heading = Active campaigns
dashboard-no-campaigns = No campaign is active in your region now.
dashboard-campaign-figures = { $participants } participants, { $pledges } pledges, { $fulfilled } fulfilled
dashboard-campaign-goal = Progress towards the campaign's goal: { $current } of { $target } ({ $percent }%)
dashboard-campaign-fulfilled = Pledges fulfilled in your region: { $percent }%
dashboard-map-heading = Participation per 1,000 people, by province
dashboard-map-province = { $name }: { $rate } participants per 1,000 people
dashboard-map-out = { $name }: outside your region
dashboard-map-attribution = © OpenStreetMap contributors (ODbL)
dashboard-legend-heading = Legend (participants per 1,000 people)
dashboard-legend-none = No participation
dashboard-legend-range = { $low } to { $high }
dashboard-legend-out = Outside your region
dashboard-table-caption = Participants of the active campaigns, population and rate per 1,000 people
dashboard-col-province = Province
dashboard-col-county = County
dashboard-col-participants = Participants
dashboard-col-population = Population
dashboard-col-rate = Per 1,000
dashboard-back-to-overview = Back to the overview
dashboard-province-heading = Counties of { $province }
dashboard-province-caption = Counties by participation per 1,000 people, lowest first
dashboard-out-of-scope-heading = This province is not in your region
dashboard-out-of-scope = You see only your own region's figures. This request was written to the audit log.
