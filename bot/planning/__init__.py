"""Planning: local-time schedules, subscription filters and the planner that turns due
digests and new articles into outbox rows.

May import: ``bot.domain``, ``bot.settings``, ``bot.store``, ``bot.replies``, ``bot.platform``
and ``summaries``; never a chat library, APScheduler or the CLI.
"""
