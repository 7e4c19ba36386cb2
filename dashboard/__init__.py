"""The managers' web dashboard: server-rendered pages over the same services and scopes as the bot (no aiogram)."""
