"""Outlet normalisation: names, domains and aliases mapped to one canonical outlet."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Outlet:
    name: str
    kind: str  # "outlet" or "agency"
    domains: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class OutletIndex:
    by_alias: dict[str, Outlet]
    by_domain: dict[str, Outlet]
    ambiguous: frozenset[str]

    def find(self, name_or_domain: str, *, tagged: bool = True) -> Outlet | None:
        """The outlet a name ("Russia Today"), domain ("rt.com") or url refers to, if known.

        A name must be written as one (with a capital letter): "an insider" is no outlet.
        Names that are also ordinary words ("People", "Insider") count only when `tagged`,
        i.e. the text marks them as an organisation.
        """
        key = _alias_key(name_or_domain)
        written_as_name = any(c.isupper() for c in name_or_domain)
        if key in self.by_alias and written_as_name and (tagged or key not in self.ambiguous):
            return self.by_alias[key]
        domain = normalise_domain(name_or_domain)
        while domain and "." in domain:
            if domain in self.by_domain:
                return self.by_domain[domain]
            domain = domain.split(".", 1)[1]
        return None


def _alias_key(name: str) -> str:
    key = re.sub(r"\s+", " ", name.strip()).lower()
    key = key.removeprefix("the ")
    return key.replace("’s", "").replace("'s", "")


def normalise_domain(value: str) -> str:
    """'https://www.RT.com/news/1' -> 'rt.com'; a bare name is returned lower-cased."""
    value = value.strip().lower()
    if "://" in value:
        value = urlsplit(value).netloc
    value = value.split("/", 1)[0].split(":", 1)[0]
    return value.removeprefix("www.")


@functools.cache
def outlet_index() -> OutletIndex:
    raw = json.loads(
        resources.files("newstrace").joinpath("data/outlets.json").read_text(encoding="utf-8")
    )
    by_alias: dict[str, Outlet] = {}
    by_domain: dict[str, Outlet] = {}
    for row in raw["outlets"]:
        outlet = Outlet(row["name"], row["kind"], tuple(row["domains"]), tuple(row["aliases"]))
        for alias in (outlet.name, *outlet.aliases):
            by_alias.setdefault(_alias_key(alias), outlet)
        for domain in outlet.domains:
            by_domain.setdefault(domain, outlet)
    ambiguous = frozenset(_alias_key(a) for a in raw.get("ambiguous", []))
    return OutletIndex(by_alias, by_domain, ambiguous)


def canonical_outlet(name_or_domain: str | None) -> str | None:
    """Canonical display name for an article's outlet: known outlets by name, else the domain."""
    if not name_or_domain:
        return None
    found = outlet_index().find(name_or_domain)
    if found is not None:
        return found.name
    domain = normalise_domain(name_or_domain)
    return registered_domain(domain) if "." in domain else (domain or name_or_domain)


_SECOND_LEVEL = frozenset(["co", "com", "org", "net", "gov", "ac", "edu", "ne", "or"])


def registered_domain(domain: str) -> str:
    """'bieber.trendolizer.com' -> 'trendolizer.com', 'news.bbc.co.uk' -> 'bbc.co.uk'.

    A heuristic (no public-suffix list ships offline): two labels, three under a country
    code's generic second level such as co.uk.
    """
    labels = domain.split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def outlet_domain(name: str) -> str | None:
    """The main domain of a known outlet ("RT" -> "rt.com"), for rating look-ups."""
    found = outlet_index().find(name)
    return found.domains[0] if found is not None and found.domains else None
