"""Telegram: python-telegram-bot on sitrep's loop (``adapter``: lifecycle, webhook, outbox
sends; ``updates``: incoming commands, buttons and uploads; ``errors``: Bot API errors,
reply retries, token redaction; ``messages``: keyboards and link previews) and its platform
profile."""
