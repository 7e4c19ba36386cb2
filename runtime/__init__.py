"""What the two programs share to run: their settings from the environment (runtime.config) and their
Prometheus metrics (runtime.metrics). `bot/` (the aiogram application) and `worker/` (the sender) both
import it; it imports neither, nor aiogram, so the worker never loads the bot's package."""
