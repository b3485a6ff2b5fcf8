"""Ingestion: feeds and pages fetched (SSRF-guarded), parsed, briefed by ``summaries`` and stored.

May import: ``bot.domain``, ``bot.settings``, ``bot.store``, ``bot.planning`` (filters, story
index) and ``summaries``; never a chat library, the scheduler or the CLI.
"""
