"""What sitrep must know of a chat platform outside its adapter, in one object.

Each adapter package exports a :class:`PlatformProfile` (``bot.adapters.telegram.profile``,
``bot.adapters.discord.profile``, ``bot.adapters.console``); the composition root collects
them. Planning renders outbox rows with ``render_parts``, delivery paces with ``limits``,
the command layer asks ``is_admin``, the CLI previews with ``preview``. A new platform is a
new profile, not a new branch in those places.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.delivery.pacing import Limits
    from bot.replies import Reply
    from bot.settings import DeliverySettings, Settings


@dataclass(frozen=True)
class PlatformProfile:
    name: str
    render_parts: Callable[[Reply], list[dict[str, Any]]]
    """The messages a reply becomes on this platform, in sending order (outbox payload)."""
    preview: Callable[[Reply], str]
    """The same messages as text, for ``sitrep brief --format NAME``."""
    limits: Callable[[DeliverySettings], Limits]
    admin_ids: Callable[[Settings], Sequence[int]]
    """The user ids configured as sitrep admins on this platform."""
    everyone_is_admin: bool = False
    """The local console and command line: whoever runs sitrep administers it."""

    def is_admin(self, settings: Settings, user_id: str, *, platform_admin: bool) -> bool:
        if self.everyone_is_admin or platform_admin:
            return True
        return user_id.isascii() and user_id.isdigit() and int(user_id) in self.admin_ids(settings)


Profiles = Mapping[str, PlatformProfile]
