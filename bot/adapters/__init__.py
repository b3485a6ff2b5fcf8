"""Chat adapters, one package per platform; each exports a :class:`bot.platform.PlatformProfile`.

Platform libraries (python-telegram-bot, discord.py) are imported only inside their adapter.
"""
