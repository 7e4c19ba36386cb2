# The printed poster of a campaign (`python -m bot poster <slug>`, bot/poster_print.py).

poster-organisation = State Welfare Organisation of Iran
poster-goal = Campaign goal: { $target } { $unit }
poster-telegram = On Telegram
poster-bale = On Bale
poster-scan = Scan your messenger's code with your phone's camera and Hamyar opens the campaign for you; or send the address under the code in the messenger.
poster-bot = Hamyar, the Welfare Organisation's participation assistant
