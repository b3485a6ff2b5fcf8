"""The quote engine: direct quotations in article text and who said them.

``extract_quotes`` (in ``extractor``) is the entry point. The other modules are its parts:
``spans`` finds quotation marks and paragraphs, ``sentences`` splits the narrative into
sentences, ``prepared`` holds one article made ready for attribution, ``filters`` drops
what is not speech, ``cues`` holds the word lists, ``phrase_words`` tokenises speaker
phrases and tests single words, ``speakers`` parses noun phrases into mentions, ``cast``
collects the article's people, ``references`` resolves roles, acronyms and plurals, and
``attribution`` finds the "NAME said" beside a quote.
"""

from summaries.quotes.extractor import extract_quotes

__all__ = ["extract_quotes"]
