"""The worker: a program of its own, free of aiogram — the broadcast send loop, call-out waves,
schedules, the lean Bot API client and the platforms' error dialects."""
