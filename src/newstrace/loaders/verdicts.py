"""Fact-check verdicts: textual ratings put on one scale (false .. true) where unambiguous."""

from __future__ import annotations

import re

from newstrace.model import Verdict

# Curated by hand. Only wordings whose meaning on a false..true scale is the same at every
# fact-checker that uses them: PolitiFact's "barely true" is its mostly-false step, "pants on
# fire" its false one. Left out on purpose: "misleading", "mixture", "missing context",
# "unproven", "satire", Pinocchio counts, numeric scales (their direction varies by publisher).
_TABLE: dict[str, Verdict] = {
    "false": "false",
    "pants on fire": "false",
    "pants fire": "false",
    "fake": "false",
    "incorrect": "false",
    "wrong": "false",
    "mostly false": "mostly-false",
    "barely true": "mostly-false",
    "half true": "half",
    "half false": "half",
    "mostly true": "mostly-true",
    "mostly correct": "mostly-true",
    "true": "true",
    "correct": "true",
    "accurate": "true",
}
_NOT_WORD = re.compile(r"[^\w]+")


def normal_rating(rating: str) -> str:
    """A rating as the table keys it: lower case, punctuation and hyphens turned to spaces."""
    return " ".join(_NOT_WORD.sub(" ", rating.lower()).replace("_", " ").split())


def verdict_of(rating: str | None) -> Verdict | None:
    """The rating on the five-step scale, or None when its wording is not in the table."""
    if not rating:
        return None
    return _TABLE.get(normal_rating(rating))
