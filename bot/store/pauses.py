"""The pacer's pauses as the store keeps them: each 429 a sender met (and each pause a reply
waited out), written by the process that met it, read by the panel in any process."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.store.tables import pacer_pauses

if TYPE_CHECKING:
    from bot.store import Store

KEEP = timedelta(days=8)
ACTIVE_ROWS = 1000  # the most active pauses one summary reads


@dataclass(frozen=True, slots=True)
class Pause:
    platform: str
    chat: str  # "" for a global pause
    global_pause: bool
    rate_limited: bool  # a 429 (else a pause after a network error)
    source: str  # "outbox" or "reply"
    seconds: float
    at: datetime
    until: datetime
    worker: str


@dataclass(slots=True)
class PlatformPauses:
    """One platform's 429s over the last hour and day, and the pauses still running."""

    platform: str
    limited_hour: int = 0
    limited_day: int = 0
    global_pause: Pause | None = None
    chats: builtins.list[Pause] = field(default_factory=list)  # one per chat, longest first


class PauseLog:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def record(
        self,
        platform: str,
        chat: str,
        seconds: float,
        *,
        now: datetime,
        global_pause: bool = False,
        rate_limited: bool = True,
        source: str = "outbox",
        worker: str = "",
    ) -> None:
        """Note one pause (rows older than ``KEEP`` go at the same time)."""
        async with self._store.write() as conn:
            await conn.execute(pacer_pauses.delete().where(pacer_pauses.c.at < now - KEEP))
            await conn.execute(
                pacer_pauses.insert().values(
                    platform=platform[:16],
                    chat="" if global_pause else chat[:140],
                    global_pause=global_pause,
                    rate_limited=rate_limited,
                    source=source[:16],
                    seconds=seconds,
                    at=now,
                    until=now + timedelta(seconds=seconds),
                    worker=worker[:64],
                )
            )

    async def summary(self, now: datetime) -> dict[str, PlatformPauses]:
        """Per platform: 429s in the last hour and day, the global pause and the chats'
        pauses running at ``now`` (the longest per chat)."""
        c = pacer_pauses.c
        hour = sa.func.sum(sa.case((c.at >= now - timedelta(hours=1), 1), else_=0))
        counts = (
            sa.select(c.platform, hour, sa.func.count())
            .where(c.at >= now - timedelta(days=1), c.rate_limited.is_(True))
            .group_by(c.platform)
        )
        active = (
            sa.select(pacer_pauses).where(c.until > now).order_by(c.until.desc()).limit(ACTIVE_ROWS)
        )
        async with self._store.read() as conn:
            counted = (await conn.execute(counts)).all()
            running = [_pause(r) for r in (await conn.execute(active)).all()]
        found: dict[str, PlatformPauses] = {}
        for platform, in_hour, in_day in counted:
            found[platform] = PlatformPauses(platform, int(in_hour or 0), int(in_day))
        seen: set[tuple[str, str]] = set()
        for pause in running:  # longest first: the first per chat is the one that holds it
            entry = found.setdefault(pause.platform, PlatformPauses(pause.platform))
            if pause.global_pause:
                entry.global_pause = entry.global_pause or pause
            elif (pause.platform, pause.chat) not in seen:
                seen.add((pause.platform, pause.chat))
                entry.chats.append(pause)
        return found


def _pause(row: Any) -> Pause:
    return Pause(
        str(row.platform),
        str(row.chat),
        bool(row.global_pause),
        bool(row.rate_limited),
        str(row.source),
        float(row.seconds),
        row.at,
        row.until,
        str(row.worker),
    )
