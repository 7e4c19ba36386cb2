# The command menu's descriptions of /referral and /guardian (handlers/command_menus.py); the others are in common.ftl.

command-referral = New referral for a person you met on a MOHEB call-out
command-guardian = A teen's guardian: give or withdraw consent
