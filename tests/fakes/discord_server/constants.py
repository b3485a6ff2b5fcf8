"""Discord API constants the fake uses: paths, permission bits, channel types, default ids."""

from __future__ import annotations

import re
from typing import Any, TypeVar

T = TypeVar("T")


JSON = dict[str, Any]


API_PREFIX = "/api/v10"


GATEWAY_PATH = "/gateway-ws/"


# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3


MANAGE_GUILD = 1 << 5


VIEW_CHANNEL = 1 << 10


SEND_MESSAGES = 1 << 11


EMBED_LINKS = 1 << 14


ATTACH_FILES = 1 << 15


READ_MESSAGE_HISTORY = 1 << 16


USE_APPLICATION_COMMANDS = 1 << 31


SEND_MESSAGES_IN_THREADS = 1 << 38


ALL_PERMISSIONS = (1 << 51) - 1


MEMBER_DEFAULT = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)


PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15)  # members, presences, message content


EPHEMERAL = 1 << 6


LOADING = 1 << 7


# Channel types.
TEXT, DM, VOICE, CATEGORY, NEWS = 0, 1, 2, 4, 5


PUBLIC_THREAD, PRIVATE_THREAD = 11, 12


THREAD_TYPES = (10, PUBLIC_THREAD, PRIVATE_THREAD)


# The default world: one guild with two text channels and a thread.
DEFAULT_BOT_ID = 1_200_000_000_000_000_001


DEFAULT_GUILD_ID = 1_200_000_000_000_001_000


DEFAULT_CHANNEL_ID = 1_200_000_000_000_001_001


DEFAULT_ALERTS_CHANNEL_ID = 1_200_000_000_000_001_002


DEFAULT_THREAD_ID = 1_200_000_000_000_001_003


DEFAULT_OWNER_ID = 1_200_000_000_000_002_001


DEFAULT_MEMBER_ID = 1_200_000_000_000_002_002


_DISCORD_EPOCH_MS = 1_420_070_400_000


_NAME_RE = re.compile(r"^[-_\w]{1,32}$")
