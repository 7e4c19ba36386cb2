# Common texts: menu, help, errors, commands. English is the second locale.

command-start = Start, or back to the main menu
command-campaigns = Active campaigns
command-volunteer = Volunteer sign-up
command-me = My data
command-help = Help
command-cancel = Cancel and go back to the menu
command-pledges = My pledges
command-privacy = The data we keep, and erasing it
command-manage = Management panel
command-compose = Write a broadcast
command-assign = Create an assignment for volunteers
command-callout = Emergency call-out of volunteers

menu-campaigns = Campaigns
menu-my-campaigns = My campaigns
menu-my-pledges = My pledges
menu-volunteer = Volunteer
menu-profile = My data
menu-help = Help

main-menu = Main menu. Choose an option or type it.
cancelled = Cancelled. You are back at the main menu.
nothing-to-cancel = Nothing was in progress. Main menu:

help-text =
    Hamyar is the Welfare Organisation's assistant for public participation.
    With Hamyar you can:
    - join charity campaigns and pledge cash or in-kind help to the region you choose;
    - register in the volunteer network and receive assignments;
    - see or erase the data we hold about you.
    Commands:
    /start main menu
    /campaigns campaigns
    /pledges my pledges
    /volunteer volunteer sign-up
    /referral refer a person you met on a MOHEB call-out
    /guardian a teen's guardian: give or withdraw consent
    /me my data
    /forget erase my data
    /privacy the data we keep
    /cancel cancel what you are doing
    At every step you may type your answer instead of pressing a button.

button-back = Back
button-skip = Skip
button-cancel = Cancel
button-next-page = Next page
button-prev-page = Previous page
button-menu = Main menu

error-unexpected = Sorry, something went wrong and nothing was saved. Please try again or send /start.
unknown-command = I do not know that command. Send /help to see the commands.
unknown-text = I did not understand. Please choose an option from the menu or send /help.
greeting =
    { $named ->
        [yes] Hello { $name }!
       *[no] Hello!
    } I am Hamyar, the Welfare Organisation's participation assistant.
    From the menu below: "Campaigns" to join campaigns and pledge help, "Volunteer" to register as a volunteer, "My pledges" and "My data" to see what you have recorded.
    Full help: /help
greeting-stranger = Hello! I am Hamyar, the Welfare Organisation's participation assistant. { need-start }
expect-text = Please type your answer as text. Photos, stickers and files are not accepted at this step.
text-too-long = Your message is too long. Please write it shorter (at most { $max } characters).
button-expired = This button has expired. Please continue from the latest message or the main menu.
need-start = To begin, please send /start.

bot-name = Hamyar

# A second tap on a button whose step was just handled (bot/repeat_taps.py).
already-done = This is already done.
# Sent once when someone sends far faster than a person can (bot/throttle.py).
slow-down = Your messages are arriving very fast. Please wait a few seconds before going on; messages sent in the meantime are not answered.
# Sent once in a group or supergroup (bot/chat_scope.py).
private-only = Hamyar works only in a private chat, so that your details, such as your phone number, are never shown in a group. Tap the button below and send /start in the private chat.
private-only-button = Private chat with Hamyar

# The bot's profile on the platform (setMyDescription, setMyShortDescription: at most 512 and 120 characters).
bot-description =
    Hamyar is the Welfare Organisation's assistant for public participation.
    With Hamyar you join charity campaigns, pledge cash or in-kind help to the province and county you choose, follow a campaign's progress and register in the volunteer network.
    Press Start to begin.
bot-short-description = The Welfare Organisation's participation assistant: charity campaigns, pledges and volunteering.

# /privacy: what is stored, why, for how long, and how to erase it.
privacy-text =
    What Hamyar keeps about you:
    - your name, language, mobile number, province, county and (if you give it) neighbourhood;
    - the campaigns you joined and your pledges;
    - if you volunteer: your axis, specialty, free days and hours, national ID (only if you give it), skills and hours served.
    Why: to record your participation, to send campaign messages and assignments to the right region, and for province and county statistics. It is used only for the Welfare Organisation's campaigns and is never sold or given to anyone.
    For how long: until you erase it.
    See and change it: /me
    Erase it: /forget — your number, national ID, name, neighbourhood and skills are erased for good; your pledges stay in the campaigns' statistics without your name.
    Stop broadcasts: /stop
