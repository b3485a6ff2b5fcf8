"""The gateway websocket: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RESUME,
member chunks, zlib-stream, dispatching events, and world changes that clients hear of."""

from __future__ import annotations

import asyncio
import json
import secrets
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.discord_server.constants import JSON, PRIVILEGED_INTENTS
from tests.fakes.discord_server.state import DiscordState
from tests.fakes.discord_server.world import FakeChannel, FakeGuild


@dataclass
class _GatewaySession:
    ws: web.WebSocketResponse
    session_id: str = ""
    seq: int = 0
    compressor: Any = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    identified: bool = False
    intents: int = 0
    sent: list[JSON] = field(default_factory=list)
    shard: tuple[int, int] = (0, 1)  # (shard_id, shard_count) from IDENTIFY

    def owns(self, guild_id: object) -> bool:
        """Discord's rule: a guild's events go to shard ``(guild_id >> 22) % shard_count``."""
        shard_id, count = self.shard
        return guild_id is None or (int(str(guild_id)) >> 22) % count == shard_id


class Gateway(DiscordState):
    """Part of FakeDiscord: gateway sessions, dispatching events, world changes."""

    # ------------------------------------------------------------------ world changes

    async def add_guild(self, guild: FakeGuild) -> None:
        """The bot joins ``guild``: GUILD_CREATE."""
        self.guilds.append(guild)
        await self.dispatch("GUILD_CREATE", guild.payload(self.bot))

    async def remove_guild(self, guild_id: int) -> None:
        """The bot is removed from the guild: GUILD_DELETE without ``unavailable``."""
        self.guilds = [g for g in self.guilds if g.id != guild_id]
        await self.dispatch("GUILD_DELETE", {"id": str(guild_id)})

    async def update_channel(self, guild_id: int, channel: FakeChannel) -> None:
        """Tell clients a channel (or thread) changed, e.g. after editing its overwrites."""
        event = "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE"
        await self.dispatch(event, channel.payload(guild_id))

    # ------------------------------------------------------------------ gateway

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        session = _GatewaySession(ws)
        self.gateway_connections.append(dict(request.query))
        if self.honour_compression and request.query.get("compress") == "zlib-stream":
            session.compressor = zlib.compressobj()
        self._live.append(session)
        try:
            if request.query.get("encoding", "json") != "json":
                await ws.close(code=4002, message=b"Error while decoding payload.")
                return ws
            hello = {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake-discord"]}
            await self._send(session, {"op": 10, "d": hello, "s": None, "t": None})
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    await self._on_gateway_payload(session, json.loads(msg.data))
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            self._live.remove(session)
            self._notify()
        return ws

    async def _on_gateway_payload(self, session: _GatewaySession, payload: JSON) -> None:
        self.gateway_received.append(payload)
        op, data = payload.get("op"), payload.get("d")
        if op == 1:
            await self._send(session, {"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(session, data or {})
        elif op == 6:
            await self._resume(session, data or {})
        elif op == 8:
            await self._members_chunk(session, data or {})
        self._notify()

    async def _identify(self, session: _GatewaySession, data: JSON) -> None:
        if data.get("token") != self.token:
            await session.ws.close(code=4004, message=b"Authentication failed.")
            return
        if session.identified:
            await session.ws.close(code=4005, message=b"Already authenticated.")
            return
        intents = int(data.get("intents") or 0)
        if intents & PRIVILEGED_INTENTS and not self.privileged_intents_allowed:
            await session.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        session.session_id = secrets.token_hex(16)
        session.identified, session.intents = True, intents
        if "shard" in data:
            session.shard = (int(data["shard"][0]), int(data["shard"][1]))
        self._sessions[session.session_id] = session
        self.identifies.append(data)
        ready: JSON = {
            "v": 10,
            "user": self.bot.payload() | {"verified": True, "mfa_enabled": False},
            "guilds": [
                {"id": str(g.id), "unavailable": True} for g in self.guilds if session.owns(g.id)
            ],
            "session_id": session.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
            "user_settings": {},
            "_trace": ["fake-discord"],
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await self._dispatch_to(session, "READY", ready)
        for guild in self.guilds:
            if session.owns(guild.id):
                await self._dispatch_to(session, "GUILD_CREATE", guild.payload(self.bot))

    async def _resume(self, session: _GatewaySession, data: JSON) -> None:
        old = self._sessions.get(str(data.get("session_id")))
        if old is None or data.get("token") != self.token:
            await self._send(session, {"op": 9, "d": False, "s": None, "t": None})
            return
        session.session_id, session.seq, session.sent = old.session_id, old.seq, old.sent
        session.identified, session.intents, session.shard = True, old.intents, old.shard
        self._sessions[session.session_id] = session
        since = int(data.get("seq") or 0)
        for missed in [p for p in session.sent if p["s"] > since]:
            await self._send(session, missed)
        await self._dispatch_to(session, "RESUMED", {"_trace": ["fake-discord"]})

    async def _members_chunk(self, session: _GatewaySession, data: JSON) -> None:
        ids = data.get("guild_id")
        for guild_id in ids if isinstance(ids, list) else [ids]:
            guild = next((g for g in self.guilds if str(g.id) == str(guild_id)), None)
            if guild is None:
                continue
            members = guild.payload(self.bot)["members"]
            chunk: JSON = {
                "guild_id": str(guild.id),
                "members": members,
                "chunk_index": 0,
                "chunk_count": 1,
            }
            if data.get("nonce"):
                chunk["nonce"] = data["nonce"]
            await self._dispatch_to(session, "GUILD_MEMBERS_CHUNK", chunk)

    async def _send(self, session: _GatewaySession, payload: JSON) -> None:
        text = json.dumps(payload)
        async with session.lock:
            if session.ws.closed:
                return
            if session.compressor is not None:
                chunk = session.compressor.compress(text.encode()) + session.compressor.flush(
                    zlib.Z_SYNC_FLUSH
                )
                await session.ws.send_bytes(chunk)
            else:
                await session.ws.send_str(text)

    async def _dispatch_to(self, session: _GatewaySession, event: str, data: JSON) -> None:
        session.seq += 1
        payload = {"op": 0, "t": event, "s": session.seq, "d": data}
        session.sent.append(payload)
        await self._send(session, payload)

    def _identified(self) -> list[_GatewaySession]:
        return [s for s in self._live if s.identified and not s.ws.closed]

    async def wait_until_connected(self, timeout: float = 5.0) -> None:
        """Wait until a client has identified (or resumed) on the gateway."""
        await self.wait_for(lambda: bool(self._identified()), timeout)

    async def dispatch(self, event: str, data: JSON) -> None:
        """Send a DISPATCH event to every identified gateway session whose shard owns
        the event's guild (``guild_id``, or ``id`` of a GUILD_CREATE/DELETE)."""
        whole_guild = event in ("GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE")
        guild_id = data.get("id") if whole_guild else data.get("guild_id")
        sessions = [s for s in self._identified() if s.owns(guild_id)]
        if not sessions:
            raise RuntimeError("fake discord: no identified gateway session to dispatch to")
        for session in sessions:
            await self._dispatch_to(session, event, data)

    async def send_reconnect(self) -> None:
        """Ask clients to reconnect (op 7); discord.py resumes on the resume URL."""
        for session in self._identified():
            await self._send(session, {"op": 7, "d": None, "s": None, "t": None})

    async def drop_gateway(self, code: int = 4000) -> None:
        """Close every gateway connection with ``code`` (4000 lets the client resume)."""
        for session in list(self._live):
            await session.ws.close(code=code)
