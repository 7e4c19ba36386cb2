# The dashboard's campaign page, its province and county maps, the newcomers on the overview and the language switch
# (dashboard/campaign.py, dashboard/overview.py, dashboard/templates/campaign*.html, county_panel.html, base.html).

dash-language-switch = فارسی
dash-newcomers-heading = Newcomers
dash-newcomers-week = This week (since { $since })
dash-newcomers-month = This month (since { $since })
dash-newcomers-participants = New campaign participants
dash-newcomers-volunteers = New volunteers
dash-campaign-dates = From { $start } to { $end }
dash-campaign-goal-heading = Campaign goal
dash-campaign-goal-target = { $target } { $unit }
dash-campaign-fulfilled-of = { $fulfilled } ({ $percent }% of pledges)
dash-col-pledges = Pledges
dash-col-fulfilled = Fulfilled pledges
dash-col-rank = Rank
dash-campaign-map-hint = Choose a province to open its county map. The numbers are in the table below as well.
dash-county-map-title = Participation per 1,000 people in the counties of { $province }
dash-county-unlisted = { $name }: this county is not yet in Hamyar's list of counties
dash-county-panel-heading = Counties
dash-county-pick = Choose a province on the map or in the table to see its counties.
dash-county-close = Close the counties
dash-county-no-outline = These counties have no outline on the map and are listed in the table only: { $names }
dash-table-heading = The campaign by region
dash-table-caption-asc = Sorted by “{ $column }”, lowest first. Choose a column heading to sort by it.
dash-table-caption-desc = Sorted by “{ $column }”, highest first. Choose a column heading to sort by it.
dash-table-caption-name-asc = Sorted by “{ $column }”, A to Z. Choose a column heading to sort by it.
dash-table-caption-name-desc = Sorted by “{ $column }”, Z to A. Choose a column heading to sort by it.
dash-fairness-heading = Spatial fairness: the counties services miss
dash-fairness-explain = The { $shown } counties with the fewest participants per 1,000 people, of the { $total } in your region.
dash-fairness-caption = Counties by participants per 1,000 people, lowest first, with their population
