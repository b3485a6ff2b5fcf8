"""The panel's login links and sessions: only hashes of their secrets are stored."""

from __future__ import annotations

import builtins
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from bot.store.tables import web_login_tokens, web_sessions

if TYPE_CHECKING:
    from bot.store import Store


@dataclass(frozen=True, slots=True)
class WebSession:
    id: int
    platform: str
    actor: str
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    client: str

    @property
    def user(self) -> str:
        return f"{self.platform}:{self.actor}"


SEEN_EVERY = timedelta(minutes=1)  # how often a session's last_seen_at is written


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class WebAuth:
    _store: Store

    # -- login links ---------------------------------------------------------------------

    async def issue_login(self, platform: str, actor: str, *, now: datetime, ttl: timedelta) -> str:
        """A new one-time login token for ``actor``; only its hash is stored."""
        token = secrets.token_urlsafe(32)
        await self._add_login(token_hash(token), platform, actor, now=now, ttl=ttl)
        return token

    async def _add_login(
        self, hashed: str, platform: str, actor: str, *, now: datetime, ttl: timedelta
    ) -> None:
        async with self._store.write() as conn:
            await conn.execute(
                web_login_tokens.delete().where(web_login_tokens.c.expires_at < now - ttl)
            )
            await conn.execute(
                web_login_tokens.insert().values(
                    token_hash=hashed,
                    platform=platform,
                    actor=actor[:128],
                    created_at=now,
                    expires_at=now + ttl,
                )
            )

    async def use_login(self, token: str, *, now: datetime) -> tuple[str, str] | None:
        """(platform, actor) of an unused, unexpired link, which is spent by this call."""
        t = web_login_tokens.c
        hashed = token_hash(token)
        live = sa.and_(t.token_hash == hashed, t.used_at.is_(None), t.expires_at > now)
        async with self._store.write() as conn:
            done = await conn.execute(web_login_tokens.update().where(live).values(used_at=now))
            if done.rowcount != 1:
                return None
            row = (
                await conn.execute(sa.select(t.platform, t.actor).where(t.token_hash == hashed))
            ).one()
        return str(row.platform), str(row.actor)

    # -- sessions ------------------------------------------------------------------------

    async def open_session(
        self, platform: str, actor: str, *, now: datetime, ttl: timedelta, client: str = ""
    ) -> str:
        """A new session for ``actor``; returns its id (for the cookie), stores its hash."""
        token = secrets.token_urlsafe(32)
        async with self._store.write() as conn:
            await conn.execute(web_sessions.delete().where(web_sessions.c.expires_at <= now))
            await conn.execute(
                web_sessions.insert().values(
                    token_hash=token_hash(token),
                    platform=platform,
                    actor=actor[:128],
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + ttl,
                    client=client[:64],
                )
            )
        return token

    async def session(self, token: str, *, now: datetime) -> WebSession | None:
        """The live session with this id (its last_seen_at renewed now and then), or None."""
        c = web_sessions.c
        query = sa.select(web_sessions).where(c.token_hash == token_hash(token), c.expires_at > now)
        async with self._store.read() as conn:
            row = (await conn.execute(query)).first()
        if row is None:
            return None
        if now - row.last_seen_at >= SEEN_EVERY:
            async with self._store.write() as conn:
                await conn.execute(
                    web_sessions.update().where(c.id == row.id).values(last_seen_at=now)
                )
        return _session(row)

    async def sessions(self, *, now: datetime) -> builtins.list[WebSession]:
        """The live sessions, newest first."""
        c = web_sessions.c
        query = sa.select(web_sessions).where(c.expires_at > now).order_by(c.created_at.desc())
        async with self._store.read() as conn:
            return [_session(r) for r in (await conn.execute(query.limit(500))).all()]

    async def end_session(self, token: str) -> bool:
        """Log out: the session with this id is deleted."""
        query = web_sessions.delete().where(web_sessions.c.token_hash == token_hash(token))
        async with self._store.write() as conn:
            return (await conn.execute(query)).rowcount == 1

    async def revoke_session(self, session_id: int) -> bool:
        query = web_sessions.delete().where(web_sessions.c.id == session_id)
        async with self._store.write() as conn:
            return (await conn.execute(query)).rowcount == 1

    async def revoke_all(self) -> tuple[int, int]:
        """Every session ends and every unused login link dies: (sessions, links)."""
        async with self._store.write() as conn:
            ended = (await conn.execute(web_sessions.delete())).rowcount
            links = (
                await conn.execute(
                    web_login_tokens.delete().where(web_login_tokens.c.used_at.is_(None))
                )
            ).rowcount
        return int(ended or 0), int(links or 0)


def _session(row: Any) -> WebSession:
    return WebSession(
        row.id,
        row.platform,
        row.actor,
        row.created_at,
        row.last_seen_at,
        row.expires_at,
        row.client,
    )
