"""Page furniture removed from the parsed HTML tree before extraction.

Hidden blocks, comment sections, author boxes, share/related blocks, cookie, paywall
and advertising containers go, judged by tag and by class/id tokens.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_JUNK_TOKEN = re.compile(
    r"""(?x)^(?:
        (?:\w+[-_])*comments?(?:[-_]\w+)*
      | commentlist | comment[-_]respond | respond | reply | replies | disqus(?:_thread)?
      | (?:td[-_])?author[-_]?(?:box|bio|info|block|card|profile|wrap|details|about)
      | about[-_]?(?:the[-_])?author | bio[-_]?box | author[-_]bio[-_]box
      | .*share.* | sharedaddy | social(?:[-_].*)? | sharing
      | (?:jp[-_])?related(?:[-_]?(?:posts?|articles?|stories|content|links|box))?
      | relatedposts | read[-_]?more | more[-_](?:stories|articles|news) | recommended.*
      | also[-_]read | you[-_]may[-_]like | outbrain.* | taboola.* | newsletter.*
      | .*cookie.* | .*consent.* | gdpr.* | cmp[-_].*
      | (?:\w+[-_])?paywall[-_](?:prompt|modal|overlay|message|notice|banner|cta|promo|offer|teaser).*
      | subscribe.* | subscription.* | piano.* | tp[-_](?:modal|container).*
      | premium[-_](?:teaser|wall|overlay) | regwall.* | meter(?:ed)?[-_].*
      | ad | ads | advert.* | ad[-_](?:slot|unit|container|wrapper).* | sponsored.* | promo.*
      | hidden | sr[-_]only | visually[-_]hidden | screen[-_]reader[-_]text | d[-_]none
    )$""",
    re.IGNORECASE,
)
_KEEP_TOKEN = re.compile(
    r"(?i)^(?:entry[-_]content|post[-_](?:content|body)|article[-_](?:body|content|text)"
    r"|story[-_]body|td[-_]post[-_]content|main[-_]content)$"
)
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "footer",
    "iframe",
    "dialog",
    "button",
    "svg",
    "figcaption",
)
_WRAPPER_SHARE = 0.5  # a "junk" block holding more of the page than this wraps the story
_NEVER_PRUNE = frozenset({"html", "head", "body", "article", "main"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _tokens(element: etree._Element) -> list[str]:
    attrs = f"{element.get('class', '')} {element.get('id', '')}"
    return attrs.split()


def _is_junk(element: etree._Element) -> bool:
    if element.tag == "form":  # a search box or sign-up form; some pages wrap everything
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    if _HIDDEN_STYLE.search(element.get("style", "")):
        return True
    tokens = _tokens(element)
    if any(_KEEP_TOKEN.match(token) for token in tokens):
        return False
    return any(_JUNK_TOKEN.match(token) for token in tokens)


def prune_page(root: lxml.html.HtmlElement) -> None:
    """Remove hidden blocks and page furniture in place, before extraction."""
    tags = [e for e in root.iter(*_DROP_TAGS) if e.getparent() is not None]
    for element in tags:
        element.drop_tree()  # scripts and styles first: they must not count as page text
    body = root.find("body")
    body_chars = len(body.text_content()) if body is not None else 0
    doomed = [
        element
        for element in root.iter()
        if isinstance(element.tag, str) and element.tag not in _NEVER_PRUNE and _is_junk(element)
    ]
    for element in doomed:
        if element.getparent() is None:
            continue
        share = len(element.text_content()) / body_chars if body_chars else 0.0
        if share > _WRAPPER_SHARE and not _is_hidden(element):
            continue  # a wrapper around the whole story, not furniture
        element.drop_tree()


def _is_hidden(element: etree._Element) -> bool:
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style", "")))
