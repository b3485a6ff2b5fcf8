"""getUpdates (long polling) and webhooks: how queued updates reach the bot."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import time

import aiohttp

from tests.fakes.botapi.constants import _DEFAULT_UPDATE_TYPES, JSONDict
from tests.fakes.botapi.state import BotApiState
from tests.fakes.botapi.wire import ApiError, _as_int, _bad_request, _update_kind

logger = logging.getLogger(__name__)


class UpdateRoutes(BotApiState):
    """Part of FakeBotAPI: getUpdates, setWebhook, deleteWebhook, getWebhookInfo."""

    async def _get_updates(self, p: JSONDict) -> list[JSONDict]:
        if self.webhook.get("url"):
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        if p.get("allowed_updates") is not None:
            self._set_allowed_updates(p["allowed_updates"])
        self._confirm(_as_int(p.get("offset", 0), "offset"))
        limit = min(max(_as_int(p.get("limit", 100), "limit"), 1), 100)
        timeout = max(_as_int(p.get("timeout", 0), "timeout"), 0)
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify()  # wakes an older long poll, which then answers 409
        deadline = time.monotonic() + timeout
        while not self._updates and not self._closing:
            changed = self._change
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
        return self._updates[:limit]

    def _confirm(self, offset: int) -> None:
        if offset < 0:
            self._updates = self._updates[offset:]
        elif offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

    def _set_allowed_updates(self, allowed: list[str]) -> None:
        """Remembered until changed, like Telegram; other update types are dropped."""
        self._allowed_updates = frozenset(allowed) if allowed else _DEFAULT_UPDATE_TYPES
        self._updates = [u for u in self._updates if _update_kind(u) in self._allowed_updates]

    async def _set_webhook(self, p: JSONDict) -> bool:
        url = p.get("url", "")
        if not url:
            return await self._delete_webhook(p)
        if not re.fullmatch(r"https?://\S+", url):
            raise _bad_request("bad webhook: invalid webhook URL specified")
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise _bad_request("secret token contains unallowed characters")
        if p.get("drop_pending_updates"):
            self._updates.clear()
        if p.get("allowed_updates") is not None:
            self._set_allowed_updates(p["allowed_updates"])
        self.webhook = {"url": url, "secret_token": secret}
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._deliver_webhook())
        return True

    async def _delete_webhook(self, p: JSONDict) -> bool:
        self.webhook = {}
        if p.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, p: JSONDict) -> JSONDict:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    async def _deliver_webhook(self) -> None:
        async with aiohttp.ClientSession() as session:
            while not self._closing and self.webhook.get("url"):
                changed = self._change
                if not self._updates:
                    await changed.wait()
                    continue
                if not await self._post_update(session, self._updates[0]):
                    await asyncio.sleep(0.2)

    async def _post_update(self, session: aiohttp.ClientSession, update: JSONDict) -> bool:
        headers = {}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
        status: int | None = None
        try:
            timeout = aiohttp.ClientTimeout(total=10)
            async with session.post(
                self.webhook["url"], json=update, headers=headers, timeout=timeout
            ) as response:
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            logger.debug("webhook delivery of update %s failed: %r", update["update_id"], exc)
        self.webhook_deliveries.append((update["update_id"], status))
        delivered = status is not None and 200 <= status < 300
        if delivered and self._updates and self._updates[0] is update:
            self._updates.pop(0)
            self._notify()
        return delivered
