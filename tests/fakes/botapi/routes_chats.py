"""The bot and its chats: getMe, commands, profile, files, chats and their members."""

from __future__ import annotations

import re

from tests.fakes.botapi.constants import _ADMIN_RIGHTS, JSONDict
from tests.fakes.botapi.state import BotApiState, FakeChat
from tests.fakes.botapi.wire import _as_int, _bad_request


class ChatRoutes(BotApiState):
    """Part of FakeBotAPI: getMe, commands, profile, getFile, getChat and chat members."""

    async def _true(self, p: JSONDict) -> bool:
        return True

    async def _get_me(self, p: JSONDict) -> JSONDict:
        return {
            **self.bot_user.as_json(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    # commands

    async def _set_my_commands(self, p: JSONDict) -> bool:
        commands = p.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise _bad_request("can't parse commands JSON object")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise _bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", "")).strip()) <= 256:
                raise _bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        key = self._commands_key(p.get("scope"), p.get("language_code"))
        self.commands[key] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    async def _get_my_commands(self, p: JSONDict) -> list[JSONDict]:
        return self.commands.get(self._commands_key(p.get("scope"), p.get("language_code")), [])

    async def _delete_my_commands(self, p: JSONDict) -> bool:
        self.commands.pop(self._commands_key(p.get("scope"), p.get("language_code")), None)
        return True

    async def _set_profile(self, p: JSONDict) -> bool:
        """setMyDescription / setMyShortDescription / setMyName: recorded in ``profile``."""
        for name in ("description", "short_description", "name"):
            if name in p:
                self.profile[(name, p.get("language_code") or "")] = str(p[name])
        return True

    # files and chats

    async def _get_file(self, p: JSONDict) -> JSONDict:
        uploaded = self.files.get(str(p.get("file_id", "")))
        if uploaded is None:
            raise _bad_request("invalid file_id")
        return {
            "file_id": uploaded.file_id,
            "file_unique_id": uploaded.file_unique_id,
            "file_size": len(uploaded.content),
            "file_path": uploaded.file_path,
        }

    async def _get_chat(self, p: JSONDict) -> JSONDict:
        chat = self._target_chat(p)
        return {
            **chat.as_json(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _member(self, chat: FakeChat, user_id: int) -> JSONDict:
        user = self.bot_user if user_id == self.bot_user.id else self._user(user_id)
        if user_id == chat.owner_id:
            return {"status": "creator", "user": user.as_json(), "is_anonymous": False}
        if user_id in chat.admins:
            member = {"status": "administrator", "user": user.as_json(), "is_anonymous": False}
            return {**member, "can_be_edited": False, **dict.fromkeys(_ADMIN_RIGHTS, True)}
        return {"status": "member", "user": user.as_json()}

    async def _get_chat_member(self, p: JSONDict) -> JSONDict:
        chat = self._target_chat(p)
        return self._member(chat, _as_int(p.get("user_id"), "user_id"))

    async def _get_chat_administrators(self, p: JSONDict) -> list[JSONDict]:
        chat = self._target_chat(p)
        if chat.type == "private":
            raise _bad_request("there are no administrators in the private chat")
        ids = ([chat.owner_id] if chat.owner_id is not None else []) + sorted(chat.admins)
        return [self._member(chat, user_id) for user_id in dict.fromkeys(ids)]
