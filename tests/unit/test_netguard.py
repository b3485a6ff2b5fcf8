"""The SSRF guard: URL forms and address classes, table-driven."""

from __future__ import annotations

import ipaddress

import pytest

from bot.ingest.netguard import BlockedURL, address_problem, check_url, parse_networks


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/feed",
        "file:///etc/passwd",
        "gopher://example.com",
        "javascript:alert(1)",
        "http://",
        "http://user:pw@example.com/feed",
        "http://127.0.0.1/feed",
        "http://localhost.localdomain.invalid:99999/",
        "http://[::1]/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://10.1.2.3/feed",
        "http://172.16.0.1/feed",
        "http://192.168.1.1/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/",
        "http://2130706433/",  # decimal 127.0.0.1
        "http://0177.0.0.1/",  # octal
        "http://0x7f.1/",  # hex, short form
        "http://0/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://[fe80::1]/",
        "https://example.com/" + "a" * 3000,
    ],
)
def test_refused_urls(url: str) -> None:
    with pytest.raises(BlockedURL):
        check_url(url)


@pytest.mark.parametrize(
    "url",
    ["https://ukdefencejournal.org.uk/feed/", "http://8.8.8.8/feed", "https://[2606:4700::1111]/"],
)
def test_public_urls_pass(url: str) -> None:
    assert check_url(url) == url


def test_allowed_networks_exempt_only_their_range() -> None:
    allowed = parse_networks(["127.0.0.0/8"])
    assert check_url("http://127.0.0.1:8080/feed", allowed)
    with pytest.raises(BlockedURL):
        check_url("http://10.0.0.1/feed", allowed)


@pytest.mark.parametrize(
    ("addr", "word"),
    [
        ("127.0.0.1", "loopback"),
        ("10.0.0.1", "private"),
        ("169.254.169.254", "metadata"),
        ("::1", "loopback"),
        ("ff02::1", "multicast"),
    ],
)
def test_address_problems_are_explained(addr: str, word: str) -> None:
    problem = address_problem(ipaddress.ip_address(addr), ())
    assert problem is not None and word in problem
