"""What the fake records (sent messages, requests, 429s, errors, files) and the
scripted failures it answers with instead of the real reply."""

from __future__ import annotations

from dataclasses import dataclass

from tests.fakes.botapi.constants import MESSAGE_METHODS, JSONDict


@dataclass
class UploadedFile:
    file_id: str
    file_unique_id: str
    filename: str | None
    content: bytes
    mime_type: str | None
    file_path: str

    def as_document(self) -> JSONDict:
        doc: JSONDict = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.filename:
            doc["file_name"] = self.filename
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        return doc


@dataclass
class SentMessage:
    """One message the bot put into a chat (or one edit, in ``FakeBotAPI.edits``)."""

    method: str
    chat_id: int
    message_id: int
    text: str  # as the bot sent it (HTML source); the caption for documents
    plain_text: str  # after entity parsing, what users see
    parse_mode: str | None
    message_thread_id: int | None
    reply_markup: JSONDict | None
    entities: list[JSONDict]
    params: JSONDict
    date: int
    sent_at: float  # time.monotonic()
    document: UploadedFile | None = None

    @property
    def callback_data(self) -> list[str]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b["callback_data"] for row in rows for b in row if "callback_data" in b]


@dataclass(frozen=True)
class RateLimitHit:
    at: float  # time.monotonic()
    method: str
    chat_id: int
    scope: str  # "overall", "chat", "group" or "scripted"
    retry_after: int


@dataclass(frozen=True)
class ErrorReply:
    at: float
    method: str
    chat_id: int | None
    status: int
    description: str


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    params: JSONDict
    at: float


@dataclass(frozen=True)
class CallbackAnswer:
    callback_query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass
class ScriptedFailure:
    """An answer the fake gives instead of the real one.

    ``status=None`` with a ``delay`` answers normally after the delay (the message is still
    sent, as when Telegram is slow and the client has already timed out). ``times=None``
    means forever; ``methods=None`` means every method addressing the chat.
    """

    status: int | None = 500
    description: str = "Internal Server Error"
    parameters: JSONDict | None = None
    delay: float = 0.0
    times: int | None = 1
    methods: frozenset[str] | None = MESSAGE_METHODS
    reset_connection: bool = False
    raw_body: str | None = None

    def applies_to(self, method: str) -> bool:
        return self.methods is None or method in self.methods
