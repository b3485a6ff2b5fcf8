"""Sending, editing and deleting messages: text/caption limits, HTML, inline keyboards."""

from __future__ import annotations

import re
import time
from typing import Any

from tests.fakes.botapi.constants import (
    _CHAT_ACTIONS,
    _INLINE_BUTTON_ACTIONS,
    CALLBACK_DATA_LIMIT,
    CAPTION_LIMIT,
    TEXT_LIMIT,
    JSONDict,
)
from tests.fakes.botapi.html_entities import (
    HtmlParseError,
    ParsedText,
    parse_telegram_html,
    utf16_len,
)
from tests.fakes.botapi.records import CallbackAnswer, SentMessage, UploadedFile
from tests.fakes.botapi.state import BotApiState, FakeChat
from tests.fakes.botapi.wire import _as_int, _bad_request


class MessageRoutes(BotApiState):
    """Part of FakeBotAPI: send/edit/delete messages, callback answers, chat actions."""

    def _parse(self, text: Any, parse_mode: str | None, limit: int, what: str) -> ParsedText:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        if parse_mode is None or parse_mode == "":
            parsed = ParsedText(text.strip(), [])
        elif parse_mode.lower() == "html":
            try:
                parsed = parse_telegram_html(text, strict=self.strict_html)
            except HtmlParseError as exc:
                raise _bad_request(f"can't parse entities: {exc}") from None
        elif parse_mode.lower() in ("markdown", "markdownv2"):
            parsed = ParsedText(text.strip(), [])  # not validated
        else:
            raise _bad_request("unsupported parse_mode")
        size = utf16_len(parsed.text)
        if what == "text" and size == 0:
            raise _bad_request("message text is empty")
        if size > limit:
            raise _bad_request(
                "message is too long" if what == "text" else "message caption is too long"
            )
        return parsed

    @staticmethod
    def _check_markup(markup: Any) -> JSONDict | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request(
                'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        if sum(len(row) for row in rows) > 100:
            raise _bad_request("reply markup is too long")
        for row in rows:
            for button in row:
                _check_button(button)
        return markup

    def _check_reply(self, chat: FakeChat, p: JSONDict) -> None:
        reply = p.get("reply_parameters") or {}
        message_id = reply.get("message_id", p.get("reply_to_message_id"))
        if message_id is None or (chat.id, message_id) in self._messages:
            return
        if not (reply.get("allow_sending_without_reply") or p.get("allow_sending_without_reply")):
            raise _bad_request("message to be replied not found")

    def _record_message(
        self, method: str, chat: FakeChat, p: JSONDict, parsed: ParsedText, **extra: Any
    ) -> JSONDict:
        thread = self._thread_id(chat, p)
        markup = self._check_markup(p.get("reply_markup"))
        self._check_reply(chat, p)
        chat.message_counter += 1
        now = int(time.time())
        message: JSONDict = {
            "message_id": chat.message_counter,
            "date": now,
            "chat": chat.as_json(),
        }
        if chat.type == "channel":
            message["sender_chat"] = chat.as_json()
        else:
            message["from"] = self.bot_user.as_json()
        if thread is not None:
            message["message_thread_id"] = thread
            message["is_topic_message"] = chat.is_forum
        if markup is not None and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        message.update(extra)
        self._messages[(chat.id, chat.message_counter)] = message
        document = extra.get("document")
        self.sent.append(
            SentMessage(
                method=method,
                chat_id=chat.id,
                message_id=chat.message_counter,
                text=str(p.get("text", p.get("caption", ""))),
                plain_text=parsed.text,
                parse_mode=p.get("parse_mode"),
                message_thread_id=thread,
                reply_markup=markup,
                entities=parsed.entities,
                params={k: v for k, v in p.items() if not isinstance(v, UploadedFile)},
                date=now,
                sent_at=time.monotonic(),
                document=self.files.get(document["file_id"]) if document else None,
            )
        )
        return message

    async def _send_message(self, p: JSONDict) -> JSONDict:
        chat = self._target_chat(p)
        parsed = self._parse(p.get("text"), p.get("parse_mode"), TEXT_LIMIT, "text")
        extra: JSONDict = {"text": parsed.text}
        if parsed.entities:
            extra["entities"] = parsed.entities
        return self._record_message("sendMessage", chat, p, parsed, **extra)

    async def _send_document(self, p: JSONDict) -> JSONDict:
        chat = self._target_chat(p)
        parsed = self._parse(p.get("caption"), p.get("parse_mode"), CAPTION_LIMIT, "caption")
        document = p.get("document")
        if isinstance(document, UploadedFile):
            uploaded = self._store_file(document.filename, document.content, document.mime_type)
        elif isinstance(document, str) and document in self.files:
            uploaded = self.files[document]
        elif isinstance(document, str) and document.startswith(("http://", "https://")):
            uploaded = self._store_file(document.rsplit("/", 1)[-1], b"", None)
        else:
            raise _bad_request("there is no document in the request")
        extra: JSONDict = {"document": uploaded.as_document()}
        if parsed.text:
            extra["caption"] = parsed.text
        if parsed.entities:
            extra["caption_entities"] = parsed.entities
        return self._record_message("sendDocument", chat, p, parsed, **extra)

    async def _edit_message_text(self, p: JSONDict) -> JSONDict:
        if p.get("inline_message_id"):
            raise _bad_request("inline messages are not supported by the fake")
        chat = self._target_chat(p)
        message_id = _as_int(p.get("message_id"), "message_id")
        old = self._messages.get((chat.id, message_id))
        if old is None:
            raise _bad_request("message to edit not found")
        if old.get("from", {}).get("id") != self.bot_user.id and "sender_chat" not in old:
            raise _bad_request("message can't be edited")
        parsed = self._parse(p.get("text"), p.get("parse_mode"), TEXT_LIMIT, "text")
        markup = self._check_markup(p.get("reply_markup"))
        new = {**old, "text": parsed.text, "edit_date": int(time.time())}
        new.pop("entities", None)
        new.pop("reply_markup", None)
        if parsed.entities:
            new["entities"] = parsed.entities
        if markup is not None and "inline_keyboard" in markup:
            new["reply_markup"] = markup
        if all(new.get(k) == old.get(k) for k in ("text", "entities", "reply_markup")):
            raise _bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        self._messages[(chat.id, message_id)] = new
        self.edits.append(
            SentMessage(
                method="editMessageText",
                chat_id=chat.id,
                message_id=message_id,
                text=str(p.get("text", "")),
                plain_text=parsed.text,
                parse_mode=p.get("parse_mode"),
                message_thread_id=old.get("message_thread_id"),
                reply_markup=markup,
                entities=parsed.entities,
                params=dict(p),
                date=new["edit_date"],
                sent_at=time.monotonic(),
            )
        )
        return new

    async def _answer_callback_query(self, p: JSONDict) -> bool:
        query_id = str(p.get("callback_query_id", ""))
        if query_id not in self._open_callbacks:
            raise _bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._open_callbacks.discard(query_id)
        self.callback_answers.append(
            CallbackAnswer(query_id, p.get("text"), bool(p.get("show_alert")), p.get("url"))
        )
        return True

    async def _delete_message(self, p: JSONDict) -> bool:
        chat = self._target_chat(p)
        key = (chat.id, _as_int(p.get("message_id"), "message_id"))
        if self._messages.pop(key, None) is None:
            raise _bad_request("message to delete not found")
        self.deleted.append(key)
        return True

    async def _edit_message_reply_markup(self, p: JSONDict) -> JSONDict:
        chat = self._target_chat(p)
        message_id = _as_int(p.get("message_id"), "message_id")
        old = self._messages.get((chat.id, message_id))
        if old is None:
            raise _bad_request("message to edit not found")
        markup = self._check_markup(p.get("reply_markup"))
        new = {k: v for k, v in old.items() if k != "reply_markup"}
        if markup is not None and "inline_keyboard" in markup:
            new["reply_markup"] = markup
        if new.get("reply_markup") == old.get("reply_markup"):
            raise _bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        new["edit_date"] = int(time.time())
        self._messages[(chat.id, message_id)] = new
        return new

    async def _send_chat_action(self, p: JSONDict) -> bool:
        chat = self._target_chat(p)
        action = p.get("action")
        if action not in _CHAT_ACTIONS:
            raise _bad_request("wrong parameter action in request")
        self.chat_actions.append((chat.id, str(action), self._thread_id(chat, p)))
        return True


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not str(button.get("text", "")).strip():
        raise _bad_request("text buttons are unallowed in the inline keyboard")
    if "callback_data" in button:
        size = len(str(button["callback_data"]).encode("utf-8"))
        if not 1 <= size <= CALLBACK_DATA_LIMIT:
            raise _bad_request("BUTTON_DATA_INVALID")
    elif "url" in button:
        if not re.match(r"(https?|tg)://\S+", str(button["url"])):
            raise _bad_request("BUTTON_URL_INVALID")
    elif not set(button) & _INLINE_BUTTON_ACTIONS:
        raise _bad_request("text buttons are unallowed in the inline keyboard")
