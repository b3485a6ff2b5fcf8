"""The SSRF guard: which URLs and addresses sitrep may fetch.

Every connection httpx opens goes through :class:`GuardedBackend`, which resolves the
host itself, refuses the connection if any address is private, loopback, link-local,
multicast, reserved or a cloud metadata address (unless an allowed network covers it)
and then connects to the checked address, so a DNS answer cannot change between the
check and the connect, and every redirect hop is checked the same way.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Addresses that are globally routable on paper but still must never be fetched.
ALWAYS_BLOCKED = [
    ipaddress.ip_network("169.254.169.254/32"),  # cloud metadata (also link-local)
    ipaddress.ip_network("fd00:ec2::254/128"),  # AWS metadata over IPv6
    ipaddress.ip_network("100.64.0.0/10"),  # carrier-grade NAT
    ipaddress.ip_network("192.0.0.0/24"),
    ipaddress.ip_network("198.18.0.0/15"),  # benchmarking
]
MAX_URL_LENGTH = 2048


class BlockedURL(ValueError):
    """A URL sitrep refuses to fetch; the message says why."""


def parse_networks(cidrs: Iterable[str]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(c, strict=False) for c in cidrs)


def address_problem(addr: IPAddress, allowed: Sequence[IPNetwork]) -> str | None:
    """Why ``addr`` may not be fetched, or ``None`` if it may."""
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if any(addr in net for net in allowed if net.version == addr.version):
        return None
    if any(addr in net for net in ALWAYS_BLOCKED if net.version == addr.version):
        return f"{addr} is a reserved or cloud-metadata address"
    for label, flag in (
        ("loopback", addr.is_loopback),
        ("private", addr.is_private),
        ("link-local", addr.is_link_local),
        ("multicast", addr.is_multicast),
        ("unspecified", addr.is_unspecified),
        ("reserved", addr.is_reserved),
    ):
        if flag:
            return f"{addr} is a {label} address"
    if not addr.is_global:
        return f"{addr} is not a public address"
    return None


def check_url(url: str, allowed: Sequence[IPNetwork] = ()) -> str:
    """Validate a feed or page URL's form; returns it stripped. Addresses are checked at
    connect time by :class:`GuardedBackend` (and literal IPs here, for a clear message)."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise BlockedURL(f"URL is longer than {MAX_URL_LENGTH} characters")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BlockedURL(f"not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https"):
        raise BlockedURL("only http and https URLs can be fetched")
    host = parts.hostname
    if not host:
        raise BlockedURL("the URL has no host")
    if parts.username or parts.password:
        raise BlockedURL("URLs with credentials are not accepted")
    if port is not None and not 0 < port < 65536:
        raise BlockedURL("invalid port")
    literal = _literal_ip(host)
    if literal is not None:
        problem = address_problem(literal, allowed)
        if problem:
            raise BlockedURL(f"refused: {problem}")
    return url


def _literal_ip(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    try:  # decimal, octal and hex forms (2130706433, 0177.0.0.1, 0x7f.1) as inet_aton reads them
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore network backend that refuses non-public destinations."""

    def __init__(
        self, allowed: Sequence[IPNetwork] = (), inner: httpcore.AsyncNetworkBackend | None = None
    ) -> None:
        self._allowed = tuple(allowed)
        self._inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109 - httpcore defines this signature
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), timeout=timeout
            )
        except (OSError, TimeoutError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
        for addr in addresses:
            problem = address_problem(addr, self._allowed)
            if problem:
                raise BlockedURL(f"refused {host}: {problem}")
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no address")
        return await self._inner.connect_tcp(
            str(addresses[0]),
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )

    async def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        raise BlockedURL("unix sockets are not allowed")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
