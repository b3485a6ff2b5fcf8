"""Page extraction on our own small pages: the story survives wrappers, forms, tables
and HTML comments; the headline comes from metadata or <h1>, never from a caption."""

from __future__ import annotations

from summaries.text import article_from_html

PARAGRAPHS = [
    "The harbour authority in Port Ellery confirmed on Tuesday that two patrol boats "
    "had been moved to the northern pier while the old slipway is rebuilt.",
    "Engineers expect the work to take eleven weeks, the authority said, and the boats "
    "will keep their usual patrol schedule during the repairs.",
    "Local fishing crews were told to use the southern channel until the end of the month, "
    "when the temporary buoys are taken away again.",
    "The rebuilt slipway will be able to take vessels twice as heavy as the current one, "
    "which opened more than forty years ago.",
]


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def story(tag: str = "p") -> str:
    return "".join(f"<{tag}>{p}</{tag}>" for p in PARAGRAPHS)


def assert_whole_story(text: str) -> None:
    for paragraph in PARAGRAPHS:
        assert paragraph in text, paragraph


def test_story_wrapped_in_a_paywall_class_is_kept() -> None:
    tracking = "<script>var config = {" + "'slot': 1, " * 800 + "};</script>"
    html = page(
        tracking + "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Patrol boats move pier</h1><div class='paywall'>{story()}</div></article>"
        "<div class='paywall-prompt'><p>Subscribe now to continue reading our journalism.</p></div>"
    )
    text = article_from_html(html).text
    assert_whole_story(text)
    assert "Subscribe now" not in text


def test_story_inside_a_form_is_kept() -> None:
    html = page(
        f"<form id='aspnetForm'><div id='content'><h1>Pier works</h1>{story()}</div></form>"
    )
    assert_whole_story(article_from_html(html).text)


def test_html_comment_inside_a_paragraph_does_not_cut_it() -> None:
    first, *rest = PARAGRAPHS
    cut = first.index(" confirmed")
    marked = f"<p>{first[:cut]}<!-- ad slot -->{first[cut:]}</p>" + "".join(
        f"<p>{p}</p>" for p in rest
    )
    text = article_from_html(page(f"<article>{marked}</article>")).text
    assert_whole_story(text)


def test_table_laid_out_page_keeps_its_story() -> None:
    cells = "".join(f"<tr><td>{p}</td></tr>" for p in PARAGRAPHS)
    html = page(f"<table><tr><td><h1>Pier works</h1></td></tr>{cells}</table>")
    assert_whole_story(article_from_html(html).text)


def test_headline_comes_from_og_title_without_the_site_name() -> None:
    head = (
        "<title>Home | Harbour Gazette</title>"
        "<meta property='og:title' content='Patrol boats move to northern pier | Harbour Gazette'>"
        "<meta property='og:site_name' content='Harbour Gazette'>"
    )
    body = f"<article><figure><figcaption>File photo: a patrol boat</figcaption></figure>{story()}</article>"
    article = article_from_html(page(body, head))
    assert article.title == "Patrol boats move to northern pier"
    assert article.source == "Harbour Gazette"
    assert "File photo" not in article.text


def test_headline_falls_back_to_h1_then_title() -> None:
    with_h1 = page(
        f"<article><h1>Slipway to be rebuilt</h1>{story()}</article>", "<title>x</title>"
    )
    assert article_from_html(with_h1).title == "Slipway to be rebuilt"
    only_title = page(f"<article>{story()}</article>", "<title>Slipway rebuilt</title>")
    assert article_from_html(only_title).title == "Slipway rebuilt"


def test_canonical_link_is_the_article_url() -> None:
    head = "<link rel='canonical' href='https://gazette.example/pier'>"
    article = article_from_html(page(f"<article>{story()}</article>", head), "https://m.x/p?a=1")
    assert article.url == "https://gazette.example/pier"
