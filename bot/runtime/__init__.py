"""Runtime: the long-running service (APScheduler ticks, delivery workers, adapters), its
HTTP server (health, metrics, webhook) and metrics. Only ``bot.app`` and the CLI import it.
"""
