"""HTTP fetching with the limits a feed reader needs.

Conditional GET, connect/read timeouts, capped redirects (each hop re-validated),
a response-size cap applied to the *decompressed* body and safe gzip/deflate
decoding (we decompress ourselves with a bounded output size), per-host concurrency.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from bot.ingest.netguard import BlockedURL, IPNetwork, address_problem, check_url

REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A fetch failed; ``kind`` groups errors for metrics.

    Kinds: http, timeout, size, blocked, network.
    """

    def __init__(self, message: str, kind: str = "network") -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # final URL after redirects
    status: int
    body: bytes
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


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
                raise BlockedURL(problem if host == str(addr) else f"{host}: {problem}")
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


class Fetcher:
    """One shared client for feeds and pages; owns its connection pool."""

    def __init__(
        self,
        *,
        user_agent: str,
        connect_timeout: float = 10,
        read_timeout: float = 20,
        max_redirects: int = 5,
        per_host: int = 4,
        allowed_networks: Sequence[IPNetwork] = (),
        max_connections: int = 100,
    ) -> None:
        self._allowed = tuple(allowed_networks)
        self._max_redirects = max_redirects
        self._per_host = per_host
        self._host_slots: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(per_host)
        )
        transport = httpx.AsyncHTTPTransport(
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
            retries=0,
        )
        # httpx has no public hook for the network backend; the pool takes it here.
        transport._pool._network_backend = GuardedBackend(self._allowed)
        self._client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(read_timeout, connect=connect_timeout, pool=read_timeout * 3),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            trust_env=False,
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def get(
        self,
        url: str,
        *,
        max_bytes: int,
        etag: str = "",
        last_modified: str = "",
        accept: str = "*/*",
    ) -> FetchResult:
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _hop in range(self._max_redirects + 1):
            try:
                current = check_url(current, self._allowed)
            except BlockedURL as exc:
                raise FetchError(str(exc), "blocked") from None
            result = await self._get_once(current, headers, max_bytes)
            if isinstance(result, str):  # a redirect target
                current = urljoin(current, result)
                continue
            return result
        raise FetchError(f"more than {self._max_redirects} redirects", "http")

    async def _get_once(
        self, url: str, headers: dict[str, str], max_bytes: int
    ) -> FetchResult | str:
        host = urlsplit(url).hostname or ""
        async with self._host_slots[host]:
            try:
                async with self._client.stream("GET", url, headers=headers) as response:
                    if response.status_code in REDIRECTS:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(
                                f"HTTP {response.status_code} without Location", "http"
                            )
                        return str(location)
                    if response.status_code == 304:
                        return FetchResult(
                            url,
                            304,
                            b"",
                            etag=response.headers.get("etag", ""),
                            last_modified=response.headers.get("last-modified", ""),
                        )
                    if response.status_code >= 400:
                        raise FetchError(
                            f"HTTP {response.status_code} {response.reason_phrase}".strip(), "http"
                        )
                    body = await _read_capped(response, max_bytes)
                    return FetchResult(
                        url=url,
                        status=response.status_code,
                        body=body,
                        content_type=response.headers.get("content-type", ""),
                        etag=response.headers.get("etag", ""),
                        last_modified=response.headers.get("last-modified", ""),
                    )
            except BlockedURL as exc:
                raise FetchError(str(exc), "blocked") from None
            except httpx.TimeoutException as exc:
                raise FetchError(f"timed out ({type(exc).__name__})", "timeout") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"network error: {exc or type(exc).__name__}", "network") from None


def _decoder(encoding: str) -> zlib._Decompress | None:
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS | 32)
    raise FetchError(f"unsupported content encoding {encoding!r}", "http")


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            f"response is {int(declared):,} bytes, over the {max_bytes:,}-byte limit", "size"
        )
    decoder = _decoder(response.headers.get("content-encoding", ""))
    try:
        return await _decode_capped(response, decoder, max_bytes)
    except zlib.error as exc:
        raise FetchError(f"corrupt compressed body ({exc})", "http") from None


async def _decode_capped(
    response: httpx.Response, decoder: zlib._Decompress | None, max_bytes: int
) -> bytes:
    out = bytearray()
    async for chunk in response.aiter_raw():
        if decoder is None:
            out += chunk
        else:
            data = chunk
            while data:
                out += decoder.decompress(data, max_bytes + 1 - len(out))
                if len(out) > max_bytes:
                    break
                data = decoder.unconsumed_tail
        if len(out) > max_bytes:
            raise FetchError(
                f"response is over the {max_bytes:,}-byte limit (after decompression)", "size"
            )
    if decoder is not None:
        out += decoder.flush(max_bytes + 1 - len(out))
        if len(out) > max_bytes:
            raise FetchError(
                f"response is over the {max_bytes:,}-byte limit (after decompression)", "size"
            )
    return bytes(out)
