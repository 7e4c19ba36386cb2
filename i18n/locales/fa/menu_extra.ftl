# The command menu's descriptions of /referral and /guardian (handlers/command_menus.py); the others are in common.ftl.

command-referral = ارجاع جدید برای فردی که در فراخوان محب دیدید
command-guardian = رضایت سرپرست برای نوجوان: تأیید یا پس گرفتن
