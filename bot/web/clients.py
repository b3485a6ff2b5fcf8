"""Who is asking: the client's address, taken from X-Forwarded-For only when the direct
peer is a trusted reverse proxy (the rightmost address no trusted proxy stands for)."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def networks(cidrs: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(c.strip(), strict=False) for c in cidrs)


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.9:5123"
        text = text.split(":", 1)[0]
    try:
        found = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(found, ipaddress.IPv6Address) and found.ipv4_mapped is not None:
        return found.ipv4_mapped
    return found


def _trusted(address: Address, trusted: Sequence[Network]) -> bool:
    return any(address.version == n.version and address in n for n in trusted)


def client_address(peer: str, forwarded: Sequence[str], trusted: Sequence[Network]) -> str:
    """The client's address: ``peer`` unless it is a trusted proxy; then the rightmost hop
    of ``forwarded`` (the X-Forwarded-For headers, in order) that is not a trusted proxy.

    Hops left of the first untrusted one were written by whoever sent them, so they are
    never believed; a malformed hop stops the walk at the proxy that passed it on.
    """
    nearest = _address(peer)
    if nearest is None or not trusted or not _trusted(nearest, trusted):
        return str(nearest) if nearest is not None else peer
    hops = [hop for header in forwarded for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return str(nearest)
        if not _trusted(address, trusted):
            return str(address)
        nearest = address
    return str(nearest)
