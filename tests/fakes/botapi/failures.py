"""Scripted failures: blocked, removed, migrated, flooded, failing or slow chats and methods."""

from __future__ import annotations

from tests.fakes.botapi.constants import _BLOCKED, _CHAT_NOT_FOUND, _MIGRATED
from tests.fakes.botapi.records import ScriptedFailure
from tests.fakes.botapi.state import BotApiState


class Failures(BotApiState):
    """Part of FakeBotAPI: script failures per chat or method (replayed by the server)."""

    def script_failure(self, chat_id: int | None, failure: ScriptedFailure) -> ScriptedFailure:
        """Answer requests for ``chat_id`` (``None``: any request) with ``failure``."""
        self._failures.setdefault(chat_id, []).append(failure)
        return failure

    def block_chat(self, chat_id: int, description: str = _BLOCKED) -> ScriptedFailure:
        """403 from now on, e.g. "bot was blocked by the user" / "bot was kicked"."""
        return self.script_failure(chat_id, ScriptedFailure(403, description, times=None))

    def remove_chat(self, chat_id: int) -> ScriptedFailure:
        """400 "chat not found" from now on."""
        return self.script_failure(
            chat_id, ScriptedFailure(400, _CHAT_NOT_FOUND, times=None, methods=None)
        )

    def migrate_chat(self, chat_id: int, new_chat_id: int) -> ScriptedFailure:
        """The group became supergroup ``new_chat_id``: 400 with ``migrate_to_chat_id``."""
        old = self._chat(chat_id)
        new = self.add_chat(new_chat_id, "supergroup", title=old.title)
        new.admins, new.owner_id = set(old.admins), old.owner_id
        params = {"migrate_to_chat_id": new_chat_id}
        return self.script_failure(
            chat_id, ScriptedFailure(400, _MIGRATED, params, times=None, methods=None)
        )

    def flood_chat(self, chat_id: int | None, retry_after: int = 1, times: int = 1) -> None:
        """429 "Too Many Requests" with ``parameters.retry_after`` for the next sends."""
        description = f"Too Many Requests: retry after {retry_after}"
        params = {"retry_after": retry_after}
        self.script_failure(chat_id, ScriptedFailure(429, description, params, times=times))

    def fail_chat(
        self,
        chat_id: int | None,
        status: int = 500,
        description: str = "Internal Server Error",
        *,
        times: int | None = 1,
        raw_body: str | None = None,
        reset_connection: bool = False,
    ) -> ScriptedFailure:
        """Transient failures: 5xx (JSON, or ``raw_body`` as an nginx page) or a reset."""
        failure = ScriptedFailure(
            status, description, times=times, raw_body=raw_body, reset_connection=reset_connection
        )
        return self.script_failure(chat_id, failure)

    def delay_chat(self, chat_id: int | None, seconds: float, times: int = 1) -> None:
        """Answer the next sends after ``seconds`` (the message is still sent)."""
        self.script_failure(chat_id, ScriptedFailure(None, "", delay=seconds, times=times))

    def fail_method(self, method: str, status: int, description: str, times: int = 1) -> None:
        """Fail any call of ``method`` (e.g. ``getUpdates``) regardless of chat."""
        methods = frozenset({method.lower()})
        self.script_failure(
            None, ScriptedFailure(status, description, times=times, methods=methods)
        )

    def clear_failures(self, chat_id: int | None = None) -> None:
        if chat_id is None:
            self._failures.clear()
        else:
            self._failures.pop(chat_id, None)

    def _take_failure(self, method: str, chat_id: int | None) -> ScriptedFailure | None:
        for key in (chat_id, None) if chat_id is not None else (None,):
            for failure in self._failures.get(key, []):
                if failure.applies_to(method) and (failure.times is None or failure.times > 0):
                    if failure.times is not None:
                        failure.times -= 1
                    return failure
        return None
