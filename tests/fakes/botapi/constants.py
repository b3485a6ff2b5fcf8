"""Bot API limits, method and parameter sets, and error texts the fake Bot API uses."""

from __future__ import annotations

from typing import Any

JSONDict = dict[str, Any]


TEXT_LIMIT = 4096


CAPTION_LIMIT = 1024


CALLBACK_DATA_LIMIT = 64


# Methods that put a message into a chat: rate-limited, and the default target of
# ``fail_chat`` / ``flood_chat`` / ``delay_chat``.
MESSAGE_METHODS = frozenset(
    {
        "sendmessage",
        "senddocument",
        "sendphoto",
        "copymessage",
        "forwardmessage",
        "editmessagetext",
    }
)


_RATE_LIMITED_METHODS = MESSAGE_METHODS - {"editmessagetext"}


# Parameters Telegram treats as strings even when they look like JSON ("123", "true").
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "url",
        "secret_token",
        "language_code",
        "action",
        "file_id",
        "inline_message_id",
        "description",
        "short_description",
        "name",
        "document",
        "photo",
        "ip_address",
    }
)


_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


_DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "inline_query",
        "chosen_inline_result",
        "my_chat_member",
        "poll",
        "poll_answer",
        "shipping_query",
        "pre_checkout_query",
        "chat_join_request",
    }
)


_ADMIN_RIGHTS = (
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_pin_messages",
    "can_post_messages",
)


_INLINE_BUTTON_ACTIONS = frozenset(
    {
        "switch_inline_query",
        "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat",
        "web_app",
        "login_url",
        "copy_text",
        "pay",
        "callback_game",
    }
)


_BLOCKED = "Forbidden: bot was blocked by the user"


_CHAT_NOT_FOUND = "Bad Request: chat not found"


_MIGRATED = "Bad Request: group chat was upgraded to a supergroup chat"
