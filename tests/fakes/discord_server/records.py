"""What the fake Discord records: requests, messages, files, command syncs, interactions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tests.fakes.discord_server.constants import EPHEMERAL, JSON, LOADING

if TYPE_CHECKING:
    from tests.fakes.discord_server.server import FakeDiscord


@dataclass
class RecordedFile:
    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class RecordedRequest:
    method: str
    path: str
    route: str  # "POST /channels/{channel_id}/messages"
    params: dict[str, str]
    query: dict[str, str]
    json: Any
    files: list[RecordedFile]
    status: int = 0
    response: Any = None
    at: float = 0.0


@dataclass
class RecordedMessage:
    id: int
    channel_id: int
    payload: JSON  # what the client sent (payload_json for multipart)
    source: str  # "channel" | "interaction" | "followup"
    files: list[RecordedFile] = field(default_factory=list)
    interaction_id: int | None = None
    edits: list[JSON] = field(default_factory=list)
    deleted: bool = False
    flags: int = 0

    @property
    def content(self) -> str:
        return str(self.payload.get("content") or "")

    @property
    def embeds(self) -> list[JSON]:
        return list(self.payload.get("embeds") or [])

    @property
    def components(self) -> list[JSON]:
        return list(self.payload.get("components") or [])

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    def custom_ids(self) -> list[str]:
        """Every component custom_id on the message, rows flattened."""
        found: list[str] = []
        for row in self.components:
            for item in row.get("components", []):
                if "custom_id" in item:
                    found.append(item["custom_id"])
        return found


@dataclass
class InteractionCallback:
    interaction_id: int
    type: int
    data: JSON
    latency: float  # seconds from INTERACTION_CREATE to the callback


@dataclass
class CommandSync:
    application_id: int
    guild_id: int | None
    commands: list[JSON]

    def names(self) -> list[str]:
        return [c["name"] for c in self.commands]

    def command(self, name: str) -> JSON:
        return next(c for c in self.commands if c["name"] == name)


@dataclass
class FakeInteraction:
    """An INTERACTION_CREATE the fake dispatched, and what the bot answered."""

    server: FakeDiscord
    id: int
    token: str
    type: int
    payload: JSON
    dispatched_at: float
    callbacks: list[InteractionCallback] = field(default_factory=list)
    original_id: int | None = None
    followup_ids: list[int] = field(default_factory=list)

    @property
    def response(self) -> InteractionCallback | None:
        return self.callbacks[0] if self.callbacks else None

    @property
    def original(self) -> RecordedMessage | None:
        return self.server.messages_by_id.get(self.original_id) if self.original_id else None

    @property
    def followups(self) -> list[RecordedMessage]:
        return [self.server.messages_by_id[i] for i in self.followup_ids]

    async def wait_for_response(self, timeout: float = 5.0) -> InteractionCallback:
        return await self.server.wait_for(lambda: self.response, timeout)

    async def wait_for_followups(
        self, count: int = 1, timeout: float = 5.0
    ) -> list[RecordedMessage]:
        return await self.server.wait_for(
            lambda: self.followups if len(self.followup_ids) >= count else None, timeout
        )

    async def wait_for_original(
        self, predicate: Callable[[RecordedMessage], bool] | None = None, timeout: float = 5.0
    ) -> RecordedMessage:
        def ready() -> RecordedMessage | None:
            msg = self.original
            if msg is None or (predicate is not None and not predicate(msg)):
                return None
            return msg

        return await self.server.wait_for(ready, timeout)
