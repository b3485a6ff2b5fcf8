"""Chat-user commands: /latest, /quotes, /who, /search, /story, /sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands.core import CommandError, Invocation, is_number, parse_count
from bot.replies import (
    BriefingBlock,
    Button,
    Heading,
    ListBlock,
    Paragraph,
    QuoteBlock,
    Reply,
    text_reply,
)
from bot.store.quotes import StoredQuote

if TYPE_CHECKING:
    from bot.commands import Commands

PAGE = 5
MAX_ACTION_BYTES = 64


def page_button(label: str, action: str) -> tuple[Button, ...]:
    """A "next page" button, if its callback data fits the platforms' 64-byte limit."""
    if len(action.encode()) > MAX_ACTION_BYTES:
        return ()
    return (Button(label, action),)


def quote_blocks(found: list[StoredQuote]) -> tuple[QuoteBlock, ...]:
    return tuple(
        QuoteBlock(
            q.quote,
            link=q.link or q.url,
            source=" — ".join(part for part in (q.source, q.headline) if part),
        )
        for q in found
    )


class ReaderCommands:
    def __init__(self, commands: Commands) -> None:
        self.c = commands

    async def latest(self, inv: Invocation) -> Reply:
        count = parse_count(inv.words[0] if inv.words else "", default=PAGE)
        briefings = await self.c.store.articles.latest(count, inv.offset)
        if not briefings:
            return text_reply("No stories yet." if not inv.offset else "No more stories.")
        blocks = tuple(BriefingBlock(b) for b in briefings)
        buttons = (
            page_button("Next page ▶", f"latest:{count}:{inv.offset + count}")
            if len(briefings) == count
            else ()
        )
        return Reply(blocks=(Heading("Latest briefings"), *blocks), buttons=buttons)

    async def quotes(self, inv: Invocation) -> Reply:
        subject = inv.text.strip()[:100]
        store = self.c.store
        topic = self.c.lexicon.canonical_name(subject) if subject and self.c.lexicon else None
        if not subject:
            found, title = await store.articles.quotes_latest(PAGE, inv.offset), "Latest quotes"
        elif topic:
            found, title = (
                await store.articles.quotes_on_topic(topic, PAGE, inv.offset),
                f"Quotes on {topic}",
            )
        else:
            found = await store.articles.quotes_by_speaker(subject, PAGE, inv.offset)
            title = f"Quotes by {found[0].quote.speaker}" if found else ""
        if not found:
            if inv.offset:
                return text_reply("No more quotes.")
            return text_reply(
                f"No quotes found for {subject!r}. Try a surname, or a topic like NATO."
                if subject
                else "No quotes yet."
            )
        buttons = (
            page_button("More quotes ▶", f"quotes:{inv.offset + PAGE}:{subject}")
            if len(found) == PAGE
            else ()
        )
        return Reply(blocks=(Heading(title), *quote_blocks(found)), buttons=buttons)

    async def who(self, inv: Invocation) -> Reply:
        name = inv.text.strip()[:100]
        if not name:
            raise CommandError("Whose quotes? Give a name.")
        matches = await self.c.store.articles.speakers(name, limit=5)
        if not matches:
            return text_reply(f"Nobody called {name!r} has been quoted yet.")
        speaker, role, count = matches[0]
        found = await self.c.store.articles.quotes_by_speaker(speaker, 3)
        blocks: list[object] = [
            Heading(speaker),
            Paragraph(f"{role or 'Role not given'} · quoted {count} times"),
        ]
        blocks.extend(quote_blocks(found))
        if len(matches) > 1:
            blocks.append(ListBlock(tuple(m[0] for m in matches[1:]), title="Also matching"))
        buttons = page_button("More quotes ▶", f"quotes:3:{speaker}")
        return Reply(blocks=tuple(blocks), buttons=buttons)  # type: ignore[arg-type]

    async def search(self, inv: Invocation) -> Reply:
        terms = inv.text.strip()[:200]
        if not terms:
            raise CommandError("Search for what? Give one or more words.")
        found = await self.c.store.articles.search(terms, PAGE, inv.offset)
        if not found:
            return text_reply("No more results." if inv.offset else f"Nothing found for {terms!r}.")
        buttons = (
            page_button("Next page ▶", f"search:{inv.offset + PAGE}:{terms}")
            if len(found) == PAGE
            else ()
        )
        return Reply(
            blocks=(Heading(f"Search: {terms}"), *(BriefingBlock(b) for b in found)),
            buttons=buttons,
        )

    async def story(self, inv: Invocation) -> Reply:
        ref = inv.words[0].lstrip("#") if inv.words else ""
        if not is_number(ref):
            raise CommandError("Give the story number shown under a briefing, e.g. /story 42.")
        found = await self.c.store.articles.get(int(ref))
        if found is None:
            return text_reply(f"No story #{ref}.", kind="error")
        briefing, _article = found
        return Reply(blocks=(BriefingBlock(briefing, full=True),))

    async def sources(self, inv: Invocation) -> Reply:
        feeds = [f for f in await self.c.store.feeds.list() if not f.paused]
        if not feeds:
            return text_reply("No sources are configured.")
        return Reply(blocks=(ListBlock(tuple(f.name for f in feeds), title="Sources"),))
