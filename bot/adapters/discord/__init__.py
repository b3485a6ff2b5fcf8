"""Discord: discord.py slash commands and outbox sends (``adapter``, ``commands``) and its
platform profile."""
