"""Versions about other people: a sentence the matcher found for "Angelina Jolie and Brad Pitt
are getting back together" that reads "Pitt and Aniston show no signs of getting back
together" is a sibling story, not a version, however alike the words.

Celebrity and political news repeats one frame ("X and Y split", "X is pregnant") for many
people, and an outlet that denies one rumour often recalls its siblings in the next sentence.
Trace leaves such a sentence out when it names a person the claim does not, in place of one
the claim names: its surname absent, a full name of someone else present ("Jennifer
Aniston", a given name and a capitalised word), or another name joined to one of the claim's
("Pitt and Aniston"). Only people are compared: names of bodies and places vary too freely
between versions ("ISIS" and "Islamic State"). Plain string work, so it costs nothing next to
the matcher.
"""

from __future__ import annotations

import re

from ..lexicon import GIVEN_NAMES, KIN_NOUNS, PEOPLE_NOUNS, STOPWORDS
from ..ml.stance.dispute import title_cased

# A given name and one or two capitalised words after it: "Gwen Stefani", "Kim Jong Un".
_FULL_NAME = re.compile(r"\b([A-Z][a-z]+)((?:\s+[A-Z][\w'’-]*[\w]){1,2})")
_PARTS = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"[’']s?$")
# A word after a name that makes the name describe someone else: "Phelps girlfriend".
_TIES = KIN_NOUNS | PEOPLE_NOUNS


def _parts(text: str) -> set[str]:
    """Lower-cased word parts, split at hyphens and apostrophes ("Jong-Un" -> jong, un)."""
    return set(_PARTS.findall(text.lower()))


def full_names(text: str, *, describing: bool = True) -> list[str]:
    """The people `text` names in full: a known given name and the capitalised words after.
    With `describing=False`, not a name that only describes someone else by a tie to it
    ("Michael Phelps girlfriend", "Lucille Clerc's message", "Phelps' alleged girlfriend")."""
    out = []
    for match in _FULL_NAME.finditer(text):
        if match.group(1).lower() not in GIVEN_NAMES:
            continue
        words = match.group(2).split()
        # up to three lower-case words on: "Michael Phelps' self-proclaimed girlfriend"
        following = re.match(r"(?:\s+[a-z][\w-]*){1,3}", text[match.end() :])
        after = following.group().replace("-", " ").split() if following else []
        tie = _POSSESSIVE.search(words[-1]) is not None or not _TIES.isdisjoint(after)
        if describing or not tie:
            out.append(" ".join([match.group(1), *(_POSSESSIVE.sub("", w) for w in words)]))
    return out


def claim_surnames(claim: str) -> list[str]:
    """The surnames of the people the claim names in full, lower-cased."""
    return [name.split()[-1].lower() for name in full_names(claim)]


def other_person(claim: str, sentence: str) -> str | None:
    """The person `sentence` names in place of one the claim names, or None when it names
    none (or the claim names nobody)."""
    surnames = claim_surnames(claim)
    if not surnames:
        return None
    have = _parts(sentence)
    if all(_parts(surname) <= have for surname in surnames):
        return None  # every person of the claim is there: more names only add detail
    known = _parts(claim)
    if not title_cased(sentence):
        for name in full_names(sentence, describing=False):
            if not _parts(name.split()[-1]) & known and name.split()[-1].lower() not in STOPWORDS:
                return name
    for surname in surnames:
        joined = re.search(
            rf"\b([A-Z][\w'’-]+)\s+(?:and|&)\s+{re.escape(surname)}\b"
            rf"|\b{re.escape(surname)}\s+(?:and|&)\s+([A-Z][\w'’-]+)",
            sentence,
            re.IGNORECASE,
        )
        if joined is None:
            continue
        other = _POSSESSIVE.sub("", joined.group(1) or joined.group(2))
        if other[:1].isupper() and not _parts(other) & known and other.lower() not in STOPWORDS:
            return other
    return None
