"""Name aliases for claim matching: "Moscow" for Russia, "ISIL" for the Islamic State, "the
Federal Bureau of Investigation" for the FBI. Word embeddings miss such metonyms and acronyms,
so both the claim and every candidate are read with each alias replaced by its group's key
(`data/aliases.json`, a curated table). Given names are read the same way: "Steve", "Steven" and
"Stephen" before a surname are one name (`data/given_names.json`)."""

from __future__ import annotations

import functools
import json
import re
from importlib.resources import files

from ..lexicon import STOPWORDS

# Acronyms that are also ordinary words ("WHO", "IS", "US") count only in capitals.
_CASE_SENSITIVE = frozenset(["WHO", "US", "UN", "EU"])


_WORD = re.compile(r"\w+")


@functools.cache
def _first_words() -> frozenset[str]:
    """The first word of every alias, folded: a text with none of them has no alias, and
    most sentences are skipped without running the table's long alternation."""
    return frozenset(m.group().lower() for name in _table()[2] if (m := _WORD.search(name)))


@functools.cache
def _table() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    data = json.loads((files("newstrace") / "data" / "aliases.json").read_text(encoding="utf-8"))
    key_of: dict[str, str] = {}
    for group in data["groups"]:
        token = "alias" + re.sub(r"\W", "", group[0].lower())
        for name in group:
            key_of[name if name in _CASE_SENSITIVE else name.lower()] = token
    names = sorted(key_of, key=len, reverse=True)  # "North Korea" before "Korea"
    exact = [n for n in names if n in _CASE_SENSITIVE]
    folded = [n for n in names if n not in _CASE_SENSITIVE]
    return (
        re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, folded)) + r")(?![\w])", re.I),
        re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, exact)) + r")(?![\w])"),
        key_of,
    )


def with_alias_keys(text: str) -> str:
    """`text` with every known alias replaced by its group's key word ("aliasrussia")."""
    if _first_words().isdisjoint(_WORD.findall(text.lower())):
        return text
    folded, exact, key_of = _table()
    text = folded.sub(lambda m: key_of[m.group().lower()], text)
    return exact.sub(lambda m: key_of[m.group()], text)


def alias_forms(key: str) -> list[str]:
    """The names a key word stands for ("aliasrussia" -> Russia, Moscow, ...), for searching."""
    return [name for name, token in _table()[2].items() if token == key]


@functools.cache
def _given_names() -> tuple[re.Pattern[str], dict[str, str]]:
    data = json.loads(
        (files("newstrace") / "data" / "given_names.json").read_text(encoding="utf-8")
    )
    key_of: dict[str, str] = {}
    for group in data["groups"]:
        for name in group:
            key_of[name] = key_of[name.upper()] = group[0]
    names = sorted(key_of, key=len, reverse=True)
    # A given name counts before a capitalised word that is not a stopword (its surname, or an
    # initial): "Bill Gates", "STEVE JOBS", "Steven J. Sotloff"; not "the bill" or "Bill To".
    return re.compile(r"\b(" + "|".join(names) + r")\b(?=\s+([A-Z][\w'’]*))"), key_of


def _given_name_key(match: re.Match[str]) -> str:
    if match.group(2).lower() in STOPWORDS:
        return match.group(1)
    return _given_names()[1][match.group(1)]


def with_given_name_keys(text: str) -> str:
    """`text` with every short form or other spelling of a given name before a surname replaced
    by its group's first name ("Steve Sotloff" -> "Steven Sotloff", `data/given_names.json`)."""
    pattern, key_of = _given_names()
    if key_of.keys().isdisjoint(_WORD.findall(text)):
        return text
    return pattern.sub(_given_name_key, text)
