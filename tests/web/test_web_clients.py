"""The login limit counts clients, not the reverse proxy in front of the panel: the client
address comes from X-Forwarded-For only when the direct peer is a trusted proxy."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.settings import Settings, SettingsError, load_settings
from bot.store import Store
from bot.web.clients import client_address, networks
from tests.support.clock import Clock
from tests.web.support import Panel, csrf, log_in, running_panel

PROXIES = networks(["10.0.0.0/8", "2001:db8:f::1"])


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        # no trusted peer: the header is the sender's word, never believed
        ("203.0.113.9", ["198.51.100.1"], "203.0.113.9"),
        ("127.0.0.1", ["198.51.100.1"], "127.0.0.1"),
        # a trusted proxy: the rightmost hop that is not a trusted proxy
        ("10.0.0.2", ["198.51.100.1"], "198.51.100.1"),
        ("10.0.0.2", ["6.6.6.6, 198.51.100.1"], "198.51.100.1"),  # spoofed left part
        ("10.0.0.2", ["6.6.6.6", "198.51.100.1, 10.1.2.3"], "198.51.100.1"),  # two proxies
        ("10.0.0.2", ["  198.51.100.1:5123 "], "198.51.100.1"),
        ("2001:db8:f::1", ["[2001:db8::7]:443"], "2001:db8::7"),
        ("::ffff:10.0.0.2", ["198.51.100.1"], "198.51.100.1"),  # an IPv4 peer on a v6 socket
        # nothing usable: the nearest trusted proxy stands for the client
        ("10.0.0.2", [], "10.0.0.2"),
        ("10.0.0.2", ["10.9.9.9"], "10.9.9.9"),
        ("10.0.0.2", ["198.51.100.1, unknown"], "10.0.0.2"),
        ("10.0.0.2", ["unknown, 10.9.9.9"], "10.9.9.9"),
    ],
)
def test_client_address(peer: str, forwarded: list[str], client: str) -> None:
    assert client_address(peer, forwarded, PROXIES) == client


def test_trusted_proxies_must_be_addresses_or_networks() -> None:
    env = {"SITREP_WEB__TRUSTED_PROXIES": "10.0.0.0/8,192.0.2.7"}
    assert load_settings(env=env).web.trusted_proxies == ["10.0.0.0/8", "192.0.2.7"]
    with pytest.raises(SettingsError, match="trusted_proxies"):
        load_settings(env={"SITREP_WEB__TRUSTED_PROXIES": "proxy.internal"})


async def attempts(panel: Panel, forwarded: str, n: int) -> list[int]:
    async with httpx.AsyncClient(base_url=panel.base) as client:
        token = csrf((await client.get("/admin/login?token=x")).text)
        return [
            (
                await client.post(
                    "/admin/login",
                    data={"token": f"bad{i}", "_xsrf": token},
                    headers={"X-Forwarded-For": forwarded},
                )
            ).status_code
            for i in range(n)
        ]


@pytest.fixture
async def behind_proxy(settings: Settings, store: Store) -> AsyncIterator[Panel]:
    web = settings.web.model_copy(update={"trusted_proxies": ["127.0.0.1"]})
    async with running_panel(settings.model_copy(update={"web": web}), store, Clock()) as panel:
        yield panel


async def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(
    settings: Settings, store: Store
) -> None:
    async with running_panel(settings, store, Clock()) as panel:
        codes = [(await attempts(panel, f"198.51.100.{i}", 1))[0] for i in range(12)]
    assert codes[:10] == [403] * 10 and codes[10:] == [429, 429]


async def test_behind_a_trusted_proxy_each_client_has_its_own_limit(
    behind_proxy: Panel,
) -> None:
    assert await attempts(behind_proxy, "198.51.100.1", 11) == [403] * 10 + [429]
    # Forged hops left of the proxy's own entry change nothing for that client...
    assert await attempts(behind_proxy, "6.6.6.6, 198.51.100.1", 1) == [429]
    # ...and another client behind the same proxy still logs in.
    async with httpx.AsyncClient(base_url=behind_proxy.base, follow_redirects=True) as client:
        client.headers["X-Forwarded-For"] = "198.51.100.2"
        page = await log_in(client, await behind_proxy.link())
        assert page.status_code == 200
        sessions = await client.get("/admin/sessions")
        assert "<td>198.51.100.2</td>" in sessions.text  # the session names the real client
    entry = (await behind_proxy.app.store.audit.recent())[0]
    assert entry.detail == "one-time link, from 198.51.100.2"
