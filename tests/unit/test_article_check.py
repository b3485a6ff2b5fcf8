"""Table-driven cases for the not-an-article checks (our own sample text only)."""

from __future__ import annotations

import random

import pytest

from summaries.article_check import check_article, check_bytes
from summaries.models import Article

STORY = (
    "The Royal Navy will order two more frigates, the defence ministry said on Tuesday. "
    "“These ships will be built in Britain,” the minister told reporters in Rosyth, adding "
    "that the first would be in service before the end of the decade."
)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "a gzip archive"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a WebP image"),
        (b"\x00\x00\x00\x18ftypmp42", "an MP4"),
        (b"\x7fELF\x02\x01\x01", "an executable"),
        (random.Random(7).randbytes(20_000), "binary data"),
        (b"text\x00with\x00many\x00nul\x00bytes\x00" * 50, "binary data"),
    ],
)
def test_non_text_bytes_are_named(data: bytes, reason: str) -> None:
    found = check_bytes(data)
    assert found is not None and reason in found


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><p>" + STORY.encode() + b"</p></body></html>",
        STORY.encode("utf-8"),
        STORY.encode("cp1252", errors="replace"),
        "\ufeff".encode() + STORY.encode(),
        STORY.encode("utf-16"),
        b"",
        b"Mzansi defence news: " + STORY.encode(),
    ],
)
def test_text_and_html_pass(data: bytes) -> None:
    assert check_bytes(data) is None


def article(text: str, title: str = "Frigates ordered") -> Article:
    return Article(title=title, text=text)


@pytest.mark.parametrize(
    ("item", "reason"),
    [
        (article(""), "no article text"),
        (article("  \n\n "), "no article text"),
        (article("", title="Sign in to continue reading"), "sign-in"),
        (article("Subscribe to continue reading. Already a subscriber? Log in."), "sign-in"),
        (article("This article is only available to subscribers."), "sign-in"),
        (article("Navy orders frigates."), "too little text for an article (3 words)"),
    ],
)
def test_no_article_is_named(item: Article, reason: str) -> None:
    found = check_article(item)
    assert found is not None and reason in found


@pytest.mark.parametrize(
    "item",
    [
        article(STORY),
        article(STORY + " Readers can sign up for the newsletter on the website."),
        article(STORY * 10 + " Already a subscriber? Log in."),  # a long article keeps its text
    ],
)
def test_articles_pass(item: Article) -> None:
    assert check_article(item) is None
