"""Feeds and article pages built from our own wire-style fixtures, in the shapes real
outlets use: WordPress RSS with ``content:encoded``, summary-only RSS whose links lead
to article pages (with comments, author bios and related-article blocks), Atom and JSON Feed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

from tests.support.clock import wall_now

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wire"


@dataclass(frozen=True)
class WireArticle:
    slug: str
    title: str
    author: str
    bio: str
    published: datetime
    paragraphs: list[str]
    comments: list[str]
    related: list[str]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def load_articles(now: datetime | None = None) -> list[WireArticle]:
    """The wire fixtures, each published its ``published_hours_ago`` before ``now`` (by
    default the real time of the run, which the ``sitrep`` subprocesses see too)."""
    now = now or wall_now()
    data = json.loads((FIXTURES / "articles.json").read_text(encoding="utf-8"))
    return [
        WireArticle(
            **{k: v for k, v in item.items() if k != "published_hours_ago"},
            published=now - timedelta(hours=item["published_hours_ago"]),
        )
        for item in data
    ]


def article_html(a: WireArticle) -> str:
    body = "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in a.paragraphs)
    comments = "".join(
        f'<li class="comment"><div class="comment-body"><p>{escape(c, quote=False)}</p></div></li>'
        for c in a.comments
    )
    related = "".join(
        f'<li><a href="/related/{i}">{escape(r)}</a></li>' for i, r in enumerate(a.related)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(a.title)} - Wire Test</title>
<meta property="og:title" content="{escape(a.title)}">
<meta property="og:site_name" content="Wire Test">
<meta property="article:published_time" content="{a.published.isoformat()}">
<meta name="author" content="{escape(a.author)}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<main><article class="post">
<h1 class="entry-title">{escape(a.title)}</h1>
<div class="byline">By {escape(a.author)}</div>
<div class="share-buttons"><a href="#">Share on X</a> <a href="#">Share on Facebook</a></div>
<div class="entry-content">
{body}</div>
<div class="author-bio"><p>{escape(a.bio, quote=False)}</p></div>
<section class="related-posts"><h3>Related articles</h3><ul>{related}</ul></section>
</article>
<section id="comments" class="comments-area"><h2>{len(a.comments)} COMMENTS</h2><ol class="comment-list">{comments}</ol>
<div id="respond"><h3>Leave a Reply</h3></div></section>
</main><footer>Copyright Wire Test</footer></body></html>"""


def _rss_item(
    a: WireArticle, base: str, *, full: bool, guid: str | None = None, link: str | None = None
) -> str:
    link = link or f"{base}/news/{a.slug}/"
    summary = escape(a.paragraphs[0][:200])
    content = ""
    if full:
        html = "".join(f"<p>{escape(p, quote=False)}</p>" for p in a.paragraphs)
        content = f"<content:encoded><![CDATA[{html}]]></content:encoded>"
    return (
        f"<item><title>{escape(a.title)}</title><link>{link}</link>"
        f'<guid isPermaLink="false">{escape(guid or f"{base}/?p={a.slug}")}</guid>'
        f"<pubDate>{format_datetime(a.published)}</pubDate><dc:creator>{escape(a.author)}</dc:creator>"
        f"<description>{summary}</description>{content}</item>"
    )


def rss(
    articles: list[WireArticle],
    base: str,
    *,
    full: bool = True,
    guids: dict[str, str] | None = None,
    links: dict[str, str] | None = None,
    title: str = "Wire Test",
) -> str:
    guids = guids or {}
    links = links or {}
    items = "".join(
        _rss_item(a, base, full=full, guid=guids.get(a.slug), link=links.get(a.slug))
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>{escape(title)}</title><link>{base}/</link><description>Test wire</description>"
        f"{items}</channel></rss>"
    )


def atom(articles: list[WireArticle], base: str, *, title: str = "Wire Atom") -> str:
    entries = "".join(
        f'<entry><title>{escape(a.title)}</title><link rel="alternate" href="{base}/news/{a.slug}/"/>'
        f"<id>tag:wire.test,2026:{a.slug}</id><updated>{a.published.isoformat()}</updated>"
        f"<author><name>{escape(a.author)}</name></author>"
        f"<summary>{escape(a.paragraphs[0][:200])}</summary></entry>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f'<title>{escape(title)}</title><link href="{base}/"/><id>tag:wire.test,2026:feed</id>'
        f"<updated>{max(a.published for a in articles).isoformat()}</updated>{entries}</feed>"
    )


def json_feed(articles: list[WireArticle], base: str) -> str:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Wire JSON",
            "home_page_url": base + "/",
            "items": [
                {
                    "id": a.slug,
                    "url": f"{base}/news/{a.slug}/",
                    "title": a.title,
                    "content_html": "".join(
                        f"<p>{escape(p, quote=False)}</p>" for p in a.paragraphs
                    ),
                    "date_published": a.published.isoformat(),
                }
                for a in articles
            ],
        }
    )
