"""Discord: discord.py slash commands and outbox sends (``adapter``: lifecycle and outbox
sends; ``client``, ``interactions``, ``errors``, ``messages``, ``commands``) and its
platform profile."""
