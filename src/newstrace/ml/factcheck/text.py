"""Text as the fact-check matcher reads it: tweets normalised, terms stemmed, numbers and names.

Queries are often tweets: links, pic.twitter.com images, @handles, #CamelCaseTags and the
"— Name (@handle) January 6, 2020" line an embedded tweet ends with carry no claim words but
would dilute both the lexical and the embedding match.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from newstrace.lexicon import STOPWORDS

_URL = re.compile(r"(?:https?://|www\.)\S+|\bpic\.twitter\.com/\S+|\S+\.(?:com|org|net|ly)/\S*")
# The embed trailer: a dash, the author's name, the handle in brackets, then the date or the end.
_EMBED_TRAILER = re.compile(
    r"[—–-]\s*([^()\n—–]{1,60}?)\s*\(@\w+\)\s*(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}|\s*$)"
)
_MENTION = re.compile(r"@(\w+)")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[\w'’]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"\b[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)*")


def _split_tag(match: re.Match[str]) -> str:
    """#CamelCaseTag and @CamelHandle as their words: "real Donald Trump"."""
    return _CAMEL.sub(" ", match.group(1).replace("_", " "))


def normalise(text: str) -> str:
    """The query's claim words: no links, handles and hashtags as words, no embed trailer."""
    text = _URL.sub(" ", text)
    text = _EMBED_TRAILER.sub(lambda m: " " + m.group(1), text.strip())
    text = _MENTION.sub(_split_tag, text)
    text = _HASHTAG.sub(_split_tag, text)
    return _SPACE.sub(" ", text).strip()


@functools.cache
def _english_stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    # Cached: the stemmer is pure Python and a claim vocabulary repeats.
    stemmed: str = _english_stemmer().stemWord(word)
    return stemmed


def terms(text: str) -> list[str]:
    """Stemmed content words, lower case, stop words and one-letter tokens left out."""
    words = (w.strip("'’").replace("’", "'") for w in _WORD.findall(text.lower()))
    return [_stem(w) for w in words if len(w) > 1 and w not in STOPWORDS]


def numbers(text: str) -> set[str]:
    """The numbers a text states, separators dropped ("1,000" and "1000" are one number)."""
    return {n.replace(",", "") for n in _NUMBER.findall(text)}


def names(text: str) -> set[str]:
    """Capitalised words not at a sentence start, lower-cased: a cheap stand-in for entities."""
    found: set[str] = set()
    for match in _NAME.finditer(text):
        start = match.start()
        before = text[:start].rstrip()
        if not before or before[-1] in '.!?"“:':
            words = match.group().split()[1:]  # the first word may be capitalised as a start
        else:
            words = match.group().split()
        found.update(w.lower() for w in words if w.lower() not in STOPWORDS)
    return found
