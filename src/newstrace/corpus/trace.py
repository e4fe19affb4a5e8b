"""Claim trace: who stated a claim, who copied whom, through which relays, from how many origins."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from ..errors import EmptyInputError
from ..ml.embedding import MODEL_NAME
from ..model import Article, Attribution, PriorCheck, Report
from ..outlets import canonical_outlet
from .factcheck_match import match_claims
from .matching import (
    ClaimMatch,
    Embedder,
    content_stems,
    content_words,
    match_claim,
    rank_sentences,
    versions_of_versions,
)
from .people import other_person

if TYPE_CHECKING:
    from .store import Store

NodeKind = Literal["article", "outlet", "speaker"]
EdgeKind = Literal["copies", "cites", "quotes"]


class CopyLink(BaseModel):
    """`copy_id` copies `source_id`; direction None when the evidence does not tell."""

    source_id: str
    copy_id: str
    confidence: float
    directed: bool = True
    evidence: list[str] = Field(default_factory=list)


class Node(BaseModel):
    id: str = Field(description="article:<id>, outlet:<name>, or <type>:<name> for a speaker")
    kind: NodeKind = Field(description="an article, a relaying outlet, or an original speaker")
    label: str = Field(description="name to show")
    type: str | None = Field(default=None, description="source type for speakers and relays")
    outlet: str | None = Field(default=None, description="an article's outlet")
    date: str | None = Field(default=None, description="an article's date")
    url: str | None = Field(default=None, description="an article's address")


class Edge(BaseModel):
    source: str = Field(description="node id")
    target: str = Field(description="node id")
    kind: EdgeKind = Field(
        description="copies: article copies article; cites: relays through; quotes: rests on "
        "the speaker"
    )
    confidence: float = Field(default=1.0, description="of a copy's direction; 1 otherwise")
    evidence: list[str] = Field(default_factory=list, description="why, in words")


class Origin(BaseModel):
    """One independent origin of the claim, with the articles whose versions rest on it."""

    id: str = Field(description="the speaker's node id")
    label: str = Field(description="name to show")
    type: str = Field(description="person, organization, government, document, outlet, anonymous")
    articles: list[str] = Field(description="ids of the matched articles resting on it")
    via: list[str] = Field(default_factory=list, description="relays seen between")
    also_named: list[str] = Field(
        default_factory=list,
        description="other names of one person (or pair) in other versions ('Gomez', 'Selena')",
    )


class TimelineDay(BaseModel):
    """One day of the story's spread: who ran it first that day, copies and disputes marked."""

    date: str = Field(description="YYYY-MM-DD")
    articles: list[str] = Field(description="ids of the matched articles dated that day")
    new_outlets: list[str] = Field(description="outlets whose first version is that day")
    copies: int = Field(description="of those articles, how many copy another match")
    disputes: int = Field(description="of those articles, how many disagree with the claim")
    apart: bool = Field(description="long before the story's first burst: an earlier story?")


# A version dated this many days or more before the story's first burst is shown apart from it
# (a two-year-old story on the same theme), not taken for the first appearance. The first burst:
# the first week that holds a tenth of the dated versions, and at least two.
APART_DAYS = 90
BURST_DAYS = 7
BURST_SHARE = 0.1
BURST_MIN = 2
# At most this many matching articles by default: a viral story runs to dozens of versions.
TRACE_LIMIT = 50


class Trace(BaseModel):
    claim: str = Field(description="the traced claim")
    matches: list[ClaimMatch] = Field(description="the stored sentences that state it, best first")
    nodes: list[Node] = Field(description="articles, relays and original speakers")
    edges: list[Edge] = Field(description="copies, cites and quotes links")
    earliest: list[str] = Field(description="ids of the articles with the earliest date")
    earliest_date: str | None = Field(description="the earliest date among the matches")
    copy_roots: list[str] = Field(description="matched articles that copy no other match")
    origins: list[Origin] = Field(description="named or anonymous speakers and documents")
    independent_origins: int = Field(
        description="distinct original speakers/documents behind the versions, after merging "
        "copies and relays; versions that name no source are counted apart"
    )
    unattributed: list[str] = Field(
        default_factory=list,
        description="matched articles that state the claim without naming any source",
    )
    explanation: list[str] = Field(description="what the trace found, in words")
    timeline: list[TimelineDay] = Field(
        default_factory=list, description="who ran it when, day by day (dated versions)"
    )
    apart: list[str] = Field(
        default_factory=list,
        description="versions dated long before the story's first burst, left out of `earliest`",
    )
    prior_factchecks: list[PriorCheck] = Field(
        default_factory=list,
        description="stored fact-checks of the claim, best first (from the store's fact-checks)",
    )


def timeline_of(
    ids: Sequence[str],
    articles: Mapping[str, Article],
    roots: Mapping[str, str],
    stances: Mapping[str, str | None],
) -> tuple[list[TimelineDay], list[str]]:
    """The spread day by day, and the versions dated far before the story's first burst."""
    dated = sorted(
        (parsed, article_id)
        for article_id in ids
        if (parsed := _day(articles[article_id].date)) is not None
    )
    if not dated:
        return [], []
    start = _burst_start([when for when, _ in dated])
    apart = [i for when, i in dated if start is not None and (start - when).days >= APART_DAYS]
    seen: set[str] = set()
    timeline: dict[str, TimelineDay] = {}
    for day_of, article_id in dated:
        date = day_of.isoformat()
        entry = timeline.setdefault(
            date,
            TimelineDay(
                date=date,
                articles=[],
                new_outlets=[],
                copies=0,
                disputes=0,
                apart=article_id in apart,
            ),
        )
        entry.articles.append(article_id)
        outlet = canonical_outlet(articles[article_id].outlet) or articles[article_id].outlet
        if outlet and outlet not in seen:
            seen.add(outlet)
            entry.new_outlets.append(outlet)
        entry.copies += roots[article_id] != article_id
        entry.disputes += stances.get(article_id) == "disagree"
    return list(timeline.values()), apart


def _burst_start(days: Sequence[dt.date]) -> dt.date | None:
    """The first day from which a week holds a tenth of the dated versions (at least two): the
    story's first burst. A lone version long before it is another story; a burst of coverage
    long before the later mentions is the story's start, however many mentions follow. None
    when no week holds two versions (nothing to tell a burst by)."""
    ordered = sorted(days)
    need = max(BURST_MIN, math.ceil(BURST_SHARE * len(ordered)))
    for k, first in enumerate(ordered):
        within = sum(1 for when in ordered[k:] if (when - first).days < BURST_DAYS)
        if within >= need:
            return first
    return None


def _day(date: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((date or "")[:10])
    except ValueError:
        return None


def _innermost(report: Report, start: int, end: int) -> Attribution | None:
    """The attribution with the smallest content that covers most of the sentence."""
    best: Attribution | None = None
    for att in report.attributions:
        c = att.content
        overlap = min(end, c.end) - max(start, c.start)
        if overlap <= 0 or overlap < 0.5 * min(end - start, c.end - c.start):
            continue
        if best is None or c.end - c.start < best.content.end - best.content.start:
            best = att
    return best


def _headline_attribution(report: Report, headline: str) -> Attribution | None:
    """A headline names no source; the body's attribution whose content shares the most of
    its words (at least two) is what the headline sums up, the innermost one on a tie (the
    speaker rather than the outlet relaying the passage)."""

    words = set(content_stems(headline))
    best: Attribution | None = None
    best_key = (1, 0)
    for att in report.attributions:
        key = (len(words & set(content_stems(att.content.text))), -len(att.content.text))
        if key[0] > best_key[0] or (key[0] == best_key[0] and best and key > best_key):
            best, best_key = att, key
    return best


def _attribution_of(report: Report | None, match: ClaimMatch) -> Attribution | None:
    if report is None:
        return None
    if match.start < 0:
        return _headline_attribution(report, match.sentence)
    return _innermost(report, match.start, match.end)


def _folded(text: str) -> str:
    """Lower case without accents: outlets spell "Khloé" and "Khloe", "Raísa" and "Raisa"."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _link_key(name: str, kind: str) -> str:
    if kind == "outlet":
        return "outlet:" + (canonical_outlet(name) or name).lower()
    return f"{kind}:{_folded(name).removeprefix('the ')}"


def _copy_roots(ids: Sequence[str], copies: Sequence[CopyLink]) -> dict[str, str]:
    """Map each article to the root of its copy tree (itself when it copies no match)."""
    parent: dict[str, str] = {}
    for link in sorted(copies, key=lambda c: -c.confidence):
        if link.directed and link.copy_id not in parent and link.source_id in ids:
            parent[link.copy_id] = link.source_id
    roots: dict[str, str] = {}
    for article_id in ids:
        seen = {article_id}
        node = article_id
        while node in parent and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
        roots[article_id] = node
    return roots


class _Builder:
    def __init__(self, articles: Mapping[str, Article]) -> None:
        self.articles = articles
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str, str], Edge] = {}

    def article_node(self, article_id: str) -> str:
        article = self.articles[article_id]
        key = f"article:{article_id}"
        label = article.title or article.outlet or article_id
        self.nodes.setdefault(
            key,
            Node(
                id=key,
                kind="article",
                label=label,
                outlet=article.outlet,
                date=article.date,
                url=article.url,
            ),
        )
        return key

    def link_node(self, key: str, name: str, kind: str, *, speaker: bool) -> str:
        label = canonical_outlet(name) if kind == "outlet" and not speaker else name
        self.nodes.setdefault(
            key,
            Node(id=key, kind="speaker" if speaker else "outlet", label=label or name, type=kind),
        )
        return key

    def merge_node(self, old: str, new: str) -> None:
        """Fold node `old` into `new`: its edges now end (or start) there."""
        self.nodes.pop(old, None)
        for (source, target, kind), edge in list(self.edges.items()):
            if old in (source, target):
                del self.edges[(source, target, kind)]
                moved = edge.model_copy(
                    update={
                        "source": new if source == old else source,
                        "target": new if target == old else target,
                    }
                )
                self.edges.setdefault((moved.source, moved.target, kind), moved)

    def edge(
        self,
        source: str,
        target: str,
        kind: EdgeKind,
        confidence: float = 1.0,
        evidence: Sequence[str] = (),
    ) -> None:
        edge = Edge(
            source=source, target=target, kind=kind, confidence=confidence, evidence=list(evidence)
        )
        self.edges.setdefault((source, target, kind), edge)


def _vague(report: Report | None, att: Attribution) -> bool:
    """Whether the speaker is a vague relay ("Russian media"): anonymous and no origin."""
    if report is None or att.source.type != "anonymous":
        return False
    source = next((s for s in report.sources if s.id == att.source.entity), None)
    return source is not None and not source.original


def _origin_key(
    article: Article,
    att: Attribution | None,
    root: str,
    articles: Mapping[str, Article],
    report: Report | None = None,
) -> tuple[str, str, str, list[tuple[str, str, str]]]:
    """(key, label, type, relays) of the origin a matched sentence rests on.

    Named speakers are the same origin across articles; an anonymous source is identified by
    the innermost outlet it reached (two articles quoting "a source who told RIA Novosti"
    rest on one source), else by the copy tree it appears in. A sentence with no attribution
    rests on the reporting of the outlet at the root of its copy tree.
    """
    if att is None or att.source.type == "unattributed":
        outlet = articles[root].outlet or root
        return "unattributed", f"{outlet} (no source named)", "unattributed", []
    links = att.chain[1:] if article.outlet and att.chain else att.chain
    relays: list[tuple[str, str, str]] = [
        (_link_key(link.name, link.type), link.name, str(link.type)) for link in links[:-1]
    ]
    speaker = att.source
    if _vague(report, att):
        # "Russian media claim ...": a relay whose origin the text does not name.
        outlet = articles[root].outlet or root
        relays.append((_link_key(speaker.name, "anonymous"), speaker.name, "anonymous"))
        return "unattributed", f"{outlet} (no source named)", "unattributed", relays
    if speaker.type == "anonymous":
        outlets = [r for r in relays if r[2] == "outlet"]
        where = outlets[-1][1] if outlets else (articles[root].outlet or root)
        key = f"anonymous:{speaker.name.lower()}@{_link_key(where, 'outlet')}"
        return key, f"{speaker.name} (anonymous)", "anonymous", relays
    name = _entity_name(report, att)
    return _link_key(name, speaker.type), name, str(speaker.type), relays


def _entity_name(report: Report | None, att: Attribution) -> str:
    """The speaker's fullest name in its article ("Selena Gomez" for a "Gomez" mention)."""
    if report is not None and att.source.entity:
        for source in report.sources:
            if source.id == att.source.entity and len(source.name) >= len(att.source.name):
                return source.name
    return att.source.name


def _name_words(name: str) -> frozenset[str]:
    return frozenset(w.strip(".,'’") for w in _folded(name).split() if w.strip(".,'’"))


# A person's name may come out typed organization or government in one article (a parse that
# took "Theroux" for a company); such an origin may still be that person.
_NAME_TYPES = frozenset({"person", "organization", "government"})
_JOINT = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)


def _members(label: str) -> list[frozenset[str]]:
    """The people a joint origin names ("Aniston and Theroux"), one word set each."""
    return [words for words in (_name_words(part) for part in _JOINT.split(label)) if words]


def _fullest(words: frozenset[str], names: Iterable[frozenset[str]]) -> frozenset[str] | None:
    """The one fullest of `names` that holds all of `words`; None when none or several do, or
    when a generational suffix makes another person ("Donald Trump" is not "Donald Trump Jr.")."""
    fuller = [name for name in names if words < name]
    if any(_generation(name) - words for name in fuller):
        return None  # "Trump" beside "Donald Trump Jr.": the father or the son?
    tops = {name for name in fuller if not any(name < other for other in fuller)}
    return next(iter(tops)) if len(tops) == 1 else None


def _same_people(origins: Mapping[str, Origin]) -> dict[str, str]:
    """Origins that are one person (or one pair of people) named otherwise, across articles:
    "Gomez" and "Selena" are "Selena Gomez" when she is the only person origin whose name holds
    all their words, whatever type the short mention was given; "Aniston and Theroux" and
    "Justin Theroux and Jennifer Aniston" are one joint origin. Two fuller names that both hold
    a name ("Kardashian": Kim or Khloé?) leave it apart."""
    named = {k: _members(o.label) for k, o in origins.items() if o.type in _NAME_TYPES}
    people = {k: m[0] for k, m in named.items() if len(m) == 1 and origins[k].type == "person"}
    by_name = {words: key for key, words in people.items()}
    merged: dict[str, str] = {}
    for key, members in named.items():
        if len(members) != 1:
            continue
        top = _fullest(members[0], by_name)
        if top is not None:
            merged[key] = by_name[top]
    # Joint origins: the same people, each named in full where any origin names them so.
    known = set(people.values()) | {w for m in named.values() if len(m) > 1 for w in m}
    groups: dict[frozenset[frozenset[str]], list[str]] = {}
    for key, members in named.items():
        if len(members) > 1:
            people_named = frozenset(_fullest(m, known) or m for m in members)
            groups.setdefault(people_named, []).append(key)
    for keys in groups.values():
        keep = min(keys, key=lambda k: (-len(origins[k].label), -len(origins[k].articles), k))
        merged.update({k: keep for k in keys if k != keep})
    return merged


_GENERATIONS = frozenset(["jr", "sr", "ii", "iii", "iv"])


def _generation(words: frozenset[str]) -> frozenset[str]:
    """The generational suffix of a name's words (`_name_words` already dropped its dot)."""
    return words & _GENERATIONS


def build_trace(
    claim: str,
    matches: Sequence[ClaimMatch],
    articles: Mapping[str, Article],
    reports: Mapping[str, Report],
    copies: Sequence[CopyLink] = (),
) -> Trace:
    """The provenance graph of a claim over the matched articles (a pure function)."""
    ids = list(dict.fromkeys(m.article_id for m in matches if m.article_id in articles))
    roots = _copy_roots(ids, copies)
    builder = _Builder(articles)
    for link in copies:
        if link.source_id in roots and link.copy_id in roots:
            builder.edge(
                builder.article_node(link.copy_id),
                builder.article_node(link.source_id),
                "copies",
                confidence=link.confidence,
                evidence=link.evidence,
            )
    origins: dict[str, Origin] = {}
    vague: dict[str, list[str]] = {}  # vague relay ("Russian media") -> versions citing only it
    best_match = {m.article_id: m for m in sorted(matches, key=lambda m: m.score)}
    for article_id in ids:
        match = best_match[article_id]
        article = articles[article_id]
        node = builder.article_node(article_id)
        att = _attribution_of(reports.get(article_id), match)
        key, label, kind, relays = _origin_key(
            article, att, roots[article_id], articles, reports.get(article_id)
        )
        previous = node
        for relay_key, relay_name, relay_type in relays:
            builder.link_node(relay_key, relay_name, relay_type, speaker=False)
            builder.edge(previous, relay_key, "cites")
            previous = relay_key
        if key != "unattributed":  # a version that names no source has no speaker node
            builder.link_node(key, label, kind, speaker=True)
            builder.edge(previous, key, "quotes")
        if key == "unattributed" and relays and relays[-1][2] == "anonymous":
            vague.setdefault(relays[-1][1], []).append(article_id)
        origin = origins.setdefault(key, Origin(id=key, label=label, type=kind, articles=[]))
        origin.articles.append(article_id)
        if len(relays) > len(origin.via):  # the longest relay path seen for this origin
            origin.via = [r[1] for r in relays]

    merges = _same_people(origins)
    for short, full in merges.items():
        target, gone = origins[full], origins.pop(short)
        target.articles.extend(gone.articles)
        target.also_named.append(gone.label)
        builder.merge_node(short, full)
    stances = {m.article_id: m.stance for m in matches}
    timeline, apart = timeline_of(ids, articles, roots, stances)
    # A version far outside the burst is shown apart, not taken for the first appearance.
    dated = sorted((articles[i].date, i) for i in ids if articles[i].date and i not in apart)
    earliest_date = dated[0][0] if dated else None
    earliest = [i for d, i in dated if d == earliest_date]
    copy_roots = sorted({roots[i] for i in ids})
    unattributed = origins.pop("unattributed", None)
    ordered = sorted(origins.values(), key=lambda o: -len(o.articles))
    return Trace(
        claim=claim,
        matches=list(matches),
        nodes=list(builder.nodes.values()),
        edges=list(builder.edges.values()),
        earliest=earliest,
        earliest_date=earliest_date,
        copy_roots=copy_roots,
        origins=ordered,
        independent_origins=len(ordered),
        unattributed=unattributed.articles if unattributed else [],
        explanation=_explain(
            ids, articles, roots, ordered, earliest, earliest_date, unattributed, vague
        )
        + _apart_line(apart, articles),
        timeline=timeline,
        apart=apart,
    )


def _explain(
    ids: Sequence[str],
    articles: Mapping[str, Article],
    roots: Mapping[str, str],
    origins: Sequence[Origin],
    earliest: Sequence[str],
    earliest_date: str | None,
    unattributed: Origin | None,
    vague: Mapping[str, Sequence[str]] | None = None,
) -> list[str]:
    if not ids:
        return ["no stored article states this claim"]
    outlets = {canonical_outlet(articles[i].outlet) or articles[i].outlet for i in ids} - {None}
    lines = [f"{len(ids)} article(s) from {len(outlets)} outlet(s) state the claim"]
    if earliest_date:
        first = ", ".join(articles[i].outlet or i for i in earliest)
        lines.append(f"earliest appearance in the corpus: {earliest_date} ({first})")
    else:
        lines.append("no article has a date: the earliest appearance cannot be told")
    copies = sum(1 for i in ids if roots[i] != i)
    if copies:
        originals = len({roots[i] for i in ids})
        lines.append(f"{copies} of them copy another; {originals} original version(s) remain")
    by_kind: dict[str, int] = defaultdict(int)
    for origin in origins:
        by_kind[origin.type] += 1
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(by_kind.items()))
    lines.append(
        f"after merging copies and relays the versions rest on {len(origins)} independent "
        f"origin(s) ({kinds})"
    )
    for origin in origins:
        lines.append(_merge_line(origin, articles, roots))
    for name, versions in (vague or {}).items():
        lines.append(
            f"{len(versions)} version(s) cite only “{name}”, a relay that names no one behind "
            "the claim: a relay, not an origin"
        )
    relayed = {i for versions in (vague or {}).values() for i in versions}
    silent = [i for i in unattributed.articles if i not in relayed] if unattributed else []
    if silent:
        n = len(silent)
        lines.append(
            f"{n} version(s) name no source for it: their origin cannot be told from the text "
            "(they may rewrite others without credit), so they are not counted as origins"
        )
    return lines


def _apart_line(apart: Sequence[str], articles: Mapping[str, Article]) -> list[str]:
    if not apart:
        return []
    which = ", ".join(f"{articles[i].outlet or i} {articles[i].date}" for i in apart[:5])
    return [
        f"{len(apart)} version(s) dated {APART_DAYS} days or more before the story's first burst "
        f"are shown apart, not as its earliest appearance ({which}): an earlier story?"
    ]


def _merge_line(origin: Origin, articles: Mapping[str, Article], roots: Mapping[str, str]) -> str:
    """One origin and why its versions are one: the same speaker named by several outlets, the
    same unnamed source reached through one relay, copies of one original."""
    via = f" via {' → '.join(origin.via)}" if origin.via else ""
    ids = origin.articles
    outlets = sorted({canonical_outlet(articles[i].outlet) or articles[i].outlet or i for i in ids})
    copied = sum(1 for i in ids if roots[i] != i)
    if origin.type == "anonymous":
        why = "the same unnamed source, reached through the same outlet"
    elif origin.also_named:
        names = ", ".join(f"'{name}'" for name in origin.also_named)
        who = "people" if len(_members(origin.label)) > 1 else origin.type
        why = f"the same {who}, named by {len(outlets)} outlet(s), some as {names}"
    elif len(outlets) > 1:
        why = f"the same {origin.type} named by {len(outlets)} outlets"
    else:
        why = f"one {origin.type}"
    copies = f", {copied} of them copies" if copied else ""
    return (
        f"{origin.label}{via}: {len(ids)} article(s) ({', '.join(outlets)}{copies}) rest on {why}"
    )


def copy_links(articles: Sequence[Article]) -> list[CopyLink]:
    """Copies among the given articles, each with its direction (or none, said so)."""
    from .dedupe import find_copies
    from .direction import direct

    by_id = {a.id: a for a in articles}
    links = []
    for pair in find_copies((a.id, a.text) for a in articles):
        edge = direct(pair, by_id[pair.a], by_id[pair.b])
        if edge.source is not None and edge.copy is not None:
            links.append(
                CopyLink(
                    source_id=edge.source,
                    copy_id=edge.copy,
                    confidence=edge.confidence,
                    evidence=list(edge.evidence),
                )
            )
        else:
            reason = [edge.reason] if edge.reason else []
            links.append(
                CopyLink(
                    source_id=pair.a,
                    copy_id=pair.b,
                    confidence=0.0,
                    directed=False,
                    evidence=list(edge.evidence) + reason,
                )
            )
    return links


def claim_of_article(store: Store, target: str) -> str:
    """The claim to trace for `target`: the text itself, or, when it names a stored article,
    that article's headline (its claim in brief), else its most check-worthy sentence."""
    from ..pipeline import analyze_article

    article = store.get_article(target) if len(target) < 80 else None
    if article is None:
        return target
    if article.title and len(article.title.split()) >= 4:
        return article.title
    report = store.get_report(target) or analyze_article(article)
    if not report.claims:
        return article.text[:200].strip()
    return max(report.claims, key=lambda c: c.checkworthiness).text


def trace_claim(
    store: Store,
    claim: str,
    *,
    limit: int = TRACE_LIMIT,
    embedder: Embedder | None = None,
    analyze_missing: bool = True,
) -> Trace:
    """Match `claim` in the store and build its trace.

    The copies of every matched article (found through the store's LSH index and verified)
    join the trace even when their wording around the claim differs. Matched articles without
    a stored report are analysed now and their reports stored (so the next trace is fast);
    with `analyze_missing=False` they count as versions that name no source.
    """
    from ..pipeline import analyze_many

    if not content_words(claim):
        raise EmptyInputError(
            "the claim has no word to match (only stop words, numbers under three digits or "
            "punctuation): give the claim's names and key words",
            path="claim",
        )
    matches = match_claim(claim, store, limit=limit, embedder=embedder)
    capped = len(matches) >= limit
    matches, others = _about_the_claims_people(claim, matches)
    hopped = versions_of_versions(matches, store, limit=limit - len(matches), embedder=embedder)
    hopped, hopped_others = _about_the_claims_people(claim, hopped)
    others += hopped_others
    matches += hopped
    found = {m.article_id: a for m in matches if (a := store.get_article(m.article_id))}
    candidates = {i for m in matches for i in store.similar_ids(m.article_id, limit=50)}
    extra = {i: a for i in candidates - found.keys() if (a := store.get_article(i))}
    links = copy_links([*found.values(), *extra.values()])
    copied = {i for link in links for i in (link.source_id, link.copy_id) if i in extra}
    for article_id in sorted(copied):
        best = rank_sentences(claim, [extra[article_id]], limit=1, min_score=0.0)
        if best:
            matches.append(best[0])
            found[article_id] = extra[article_id]
    reports = {i: r for i in found if (r := store.get_report(i)) is not None}
    missing = [a for i, a in found.items() if i not in reports]
    if missing and analyze_missing:
        fresh = list(analyze_many(missing))
        store.save_reports(fresh)
        reports.update({r.article.id: r for r in fresh})
    kept = [link for link in links if link.source_id in found and link.copy_id in found]
    label_stances(claim, matches, found)
    trace = build_trace(claim, matches, found, reports, kept)
    if capped:
        trace.explanation.append(
            f"more stored articles may state the claim: the trace holds the best {limit} "
            "matches (and their copies); raise the limit (--limit, or limit= on the web) to "
            "see more"
        )
    if hopped:
        trace.explanation.append(
            f"{len(hopped)} version(s) were found through other versions: worded unlike the "
            "claim, each states a version the matcher is sure of (`via` names it)"
        )
    if others:
        named = ", ".join(dict.fromkeys(others))
        trace.explanation.append(
            f"{len(others)} sentence(s) alike in words were left out: they name other people "
            f"({named}) in place of the claim's, a sibling story rather than a version"
        )
    trace.explanation.extend(_matching_notes(store, embedder))
    trace.prior_factchecks = match_claims([claim], store)[0]
    return trace


def _about_the_claims_people(
    claim: str, matches: list[ClaimMatch]
) -> tuple[list[ClaimMatch], list[str]]:
    """The matches that keep to the people the claim names, and the other people named in
    those left out (corpus/people.py)."""
    kept: list[ClaimMatch] = []
    others: list[str] = []
    for match in matches:
        other = other_person(claim, match.sentence)
        if other is None:
            kept.append(match)
        else:
            others.append(other)
    return kept, others


def _matching_notes(store: Store, embedder: Embedder | None) -> list[str]:
    """What the matching could not see: a version in other words needs sentence vectors."""
    if embedder is None:
        return [
            "matched by shared words only (no sentence embeddings: install newstrace[semantic] "
            "or drop --lexical); a version worded otherwise may be missed"
        ]
    embedded, total = store.vector_count(MODEL_NAME), store.count()
    if embedded == 0:
        return [
            "versions were searched by shared words only: the store has no sentence vectors "
            "from the current encoder (run `newstrace embed`: it also replaces an older "
            "encoder's), so a version worded otherwise may be missed"
        ]
    if embedded < total:
        return [
            f"{total - embedded:,} of {total:,} stored articles have no sentence vectors yet "
            "(run `newstrace embed`): those were searched by shared words only"
        ]
    return []


def label_stances(
    claim: str, matches: Sequence[ClaimMatch], articles: Mapping[str, Article]
) -> None:
    """How each matching version stands toward the claim: agree, disagree or discuss, with the
    probability: the shipped dispute layer over the FNC-1 model averaged with the stance
    cross-encoder where the semantic extra is installed, else the layer alone
    (docs/models/stance.md gives both on a claim-disjoint part of Emergent). A version is its
    matched sentence or title, the way Emergent pairs a claim with a headline."""
    from ..ml.versions.stance import label_versions

    found = [m for m in matches if m.article_id in articles]
    labels = label_versions([(claim, m.sentence) for m in found])
    for match, (label, probability) in zip(found, labels, strict=True):
        match.stance = label
        match.stance_probability = round(probability, 3)
