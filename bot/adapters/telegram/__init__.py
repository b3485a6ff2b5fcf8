"""Telegram: python-telegram-bot on sitrep's loop (``adapter``) and its platform profile."""
