"""REST side of interactions: callbacks (types 4-9), follow-ups and ``@original`` edits."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

from tests.fakes.discord_server.constants import EPHEMERAL, JSON, LOADING
from tests.fakes.discord_server.records import (
    FakeInteraction,
    InteractionCallback,
    RecordedFile,
    RecordedMessage,
)
from tests.fakes.discord_server.state import DiscordState
from tests.fakes.discord_server.validation import (
    DiscordError,
    _err,
    _error_args,
    _invalid,
    _validate_callback_data,
    validate_message,
)
from tests.fakes.discord_server.wire import _Call


class InteractionRoutes(DiscordState):
    """Part of FakeDiscord: interaction callbacks, follow-ups, webhook message edits."""

    def _interaction_for(self, call: _Call) -> FakeInteraction:
        it = self._interactions_by_token.get(call.params["token"])
        if "application_id" in call.params:
            if (
                it is None
                or call.params["application_id"] != str(self.application_id)
                or not it.callbacks
            ):
                raise DiscordError(404, 10015, "Unknown Webhook")
        elif it is None or call.params.get("interaction_id") != str(it.id):
            raise DiscordError(404, 10062, "Unknown interaction")
        return it

    async def _interaction_callback(self, call: _Call) -> tuple[int, Any]:
        it = self._interaction_for(call)
        latency = asyncio.get_running_loop().time() - it.dispatched_at
        if latency > self.ack_deadline:
            raise DiscordError(404, 10062, "Unknown interaction")
        if it.callbacks:
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        body = dict(call.json or {})
        cb_type = int(body.get("type", 0))
        data = dict(body.get("data") or {})
        allowed = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}.get(it.type, set())
        if cb_type not in allowed:
            raise _invalid(
                {
                    "type": _err(
                        "INTERACTION_RESPONSE_TYPE_INVALID", "Invalid interaction response type"
                    )
                }
            )
        _validate_callback_data(cb_type, data, len(call.files))
        message = self._apply_callback(it, cb_type, data, call.files)
        it.callbacks.append(InteractionCallback(it.id, cb_type, data, latency))
        self._notify()
        answer: JSON = {
            "interaction": {
                "id": str(it.id),
                "type": it.type,
                "response_message_loading": cb_type == 5,
                "response_message_ephemeral": bool(message and message.ephemeral),
            }
        }
        if message is not None:
            answer["interaction"]["response_message_id"] = str(message.id)
            answer["resource"] = {"type": cb_type, "message": self.message_payload(message)}
        return 200, answer

    def _apply_callback(
        self, it: FakeInteraction, cb_type: int, data: JSON, files: Sequence[RecordedFile]
    ) -> RecordedMessage | None:
        channel_id = int(it.payload["channel_id"])
        flags = int(data.get("flags") or 0) & EPHEMERAL
        if cb_type == 4:
            msg = self._record_message(
                channel_id, data, "interaction", files, flags=flags, interaction_id=it.id
            )
            it.original_id = msg.id
            return msg
        if cb_type == 5:
            msg = self._record_message(
                channel_id,
                {"content": ""},
                "interaction",
                flags=flags | LOADING,
                interaction_id=it.id,
            )
            it.original_id = msg.id
            return msg
        if cb_type in (6, 7) and "message" in it.payload:
            target = self.messages_by_id.get(int(it.payload["message"]["id"]))
            it.original_id = target.id if target else None
            if target is not None and cb_type == 7:
                self._apply_edit(target, data, files)
            return target if cb_type == 7 else None
        return None

    async def _create_followup(self, call: _Call) -> tuple[int, Any]:
        it = self._interaction_for(call)
        payload = dict(call.json or {})
        validate_message(payload, len(call.files))
        original = it.original
        if original is not None and original.loading and original.id not in it.followup_ids:
            # The first follow-up after a deferral replaces the "thinking" message.
            self._apply_edit(original, payload, call.files)
            msg = original
        else:
            flags = int(payload.get("flags") or 0) & EPHEMERAL
            msg = self._record_message(
                int(it.payload["channel_id"]),
                payload,
                "followup",
                call.files,
                flags=flags,
                interaction_id=it.id,
            )
        it.followup_ids.append(msg.id)
        self._notify()
        if call.request.query.get("wait") in ("1", "true", "True"):
            return 200, self.message_payload(msg)
        return 204, None

    def _webhook_message(self, call: _Call) -> tuple[FakeInteraction, RecordedMessage]:
        it = self._interaction_for(call)
        raw = call.params["message_id"]
        msg_id = it.original_id if raw == "@original" else int(raw) if raw.isdigit() else None
        msg = self.messages_by_id.get(msg_id) if msg_id else None
        if (
            msg is None
            or msg.deleted
            or (msg.id != it.original_id and msg.id not in it.followup_ids)
        ):
            raise DiscordError(*_error_args("unknown_message"))
        return it, msg

    async def _get_webhook_message(self, call: _Call) -> tuple[int, Any]:
        return 200, self.message_payload(self._webhook_message(call)[1])

    async def _edit_webhook_message(self, call: _Call) -> tuple[int, Any]:
        _, msg = self._webhook_message(call)
        self._apply_edit(msg, dict(call.json or {}), call.files)
        return 200, self.message_payload(msg)

    async def _delete_webhook_message(self, call: _Call) -> tuple[int, Any]:
        self._webhook_message(call)[1].deleted = True
        self._notify()
        return 204, None
