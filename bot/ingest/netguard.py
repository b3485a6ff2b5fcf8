"""The SSRF guard: which URLs and addresses sitrep may fetch.

Every connection httpx opens goes through ``bot.fetch.GuardedBackend``, which resolves the
host itself, refuses the connection if any address is private, loopback, link-local,
multicast, reserved or a cloud metadata address (unless an allowed network covers it)
and then connects to the checked address, so a DNS answer cannot change between the
check and the connect, and every redirect hop is checked the same way.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

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


def _allow_hint(addr: IPAddress) -> str:
    width = 8 if addr.version == 4 and addr.is_loopback else addr.max_prefixlen
    network = ipaddress.ip_network(f"{addr}/{width}", strict=False)
    return f"; to allow it, add {network} to SITREP_ALLOWED_NETWORKS"


def address_problem(addr: IPAddress, allowed: Sequence[IPNetwork]) -> str | None:
    """Why ``addr`` may not be fetched (with how to allow it), or ``None`` if it may."""
    problem = _address_problem(addr, allowed)
    if problem is None or "metadata" in problem:
        return problem
    return problem + _allow_hint(addr)


def _address_problem(addr: IPAddress, allowed: Sequence[IPNetwork]) -> str | None:
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
    connect time by ``bot.fetch.GuardedBackend`` (and literal IPs here, for a clear message)."""
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
            raise BlockedURL(problem)
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
