"""Learned attribution tagger: CRF token labels for source, cue and content, linked into triples."""

from __future__ import annotations

import functools
import gzip
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newstrace import lexicon
from newstrace.errors import ModelError
from newstrace.ml.shipped import model_path
from newstrace.model import Article, Attribution, SourceMention, Span

# Version 2: the content layer also reads where the frame layer put cues (`frame_context`).
FORMAT_VERSION = 2
MODEL_FILE = "attribution_tagger.json.gz"

# Two layers because a source or cue often sits inside another attribution's content
# ("He said she told reporters that ..."): one BIO layer could not label both.
FRAME_LABELS: tuple[str, ...] = ("O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE")
CONTENT_LABELS: tuple[str, ...] = ("O", "B-CONTENT", "I-CONTENT")
LAYERS: dict[str, tuple[str, ...]] = {"frame": FRAME_LABELS, "content": CONTENT_LABELS}

CharSpan = tuple[int, int]
TokenSpan = tuple[int, int]  # Doc token indices, end exclusive

_QUOTE_CHARS = frozenset("\"“”'‘’«»")
_SUBJECT_DEPS = frozenset(["nsubj", "nsubjpass", "csubj", "agent"])
# Word lists of the rule stages, as token flags: the kind of noun a source is headed by.
_LEXICON_FLAGS: dict[str, frozenset[str]] = {
    "weakcue": lexicon.WEAK_CUES,
    "distcue": lexicon.DISTANCING_CUES,
    "anon": lexicon.ANONYMOUS_HEADS,
    "spokes": lexicon.SPOKES_HEADS,
    "outlet": lexicon.OUTLET_HEADS,
    "gov": lexicon.GOVERNMENT_WORDS,
    "docu": lexicon.DOCUMENT_HEADS,
    "org": lexicon.ORGANIZATION_HEADS,
    "role": lexicon.ROLE_HEADS,
    "title": lexicon.TITLE_WORDS,
    "people": lexicon.PEOPLE_NOUNS,
    "pron": lexicon.PERSON_PRONOUNS | lexicon.PLURAL_PRONOUNS,
}
# Dependents of a cue verb whose subtree edges often are a content's or a source's edges.
_CLAUSE_DEPS = frozenset(
    ["ccomp", "xcomp", "advcl", "dobj", "nsubj", "parataxis", "prep", "npadvmod", "conj"]
)
# Past this many tokens a cue and a content are not linked: PolNeAR frames sit next to
# their content or at most a sentence away (a quote's "he said" after three sentences).
_MAX_LINK_DISTANCE = 60
_MAX_SOURCE_DISTANCE = 15  # a source sits in its cue's sentence, close to it
_PARAGRAPH_PENALTY = 25
_SENTENCE_PENALTY = 4
_SYNTAX_BONUS = 6


# The cue lexicon the shipped CRF was trained with (its features name these verbs). The rule
# stages' lexicon (newstrace.lexicon.CUE_VERBS) follows our annotation definition and may
# change; the model's inputs must not.
_TRAINED_CUES = """
    accuse acknowledge add admit advise affirm allege announce answer argue assert assure
    believe boast brief call caution claim clarify comment complain concede conclude confirm
    contend continue counter declare demand deny describe disclose dispute doubt emphasise
    emphasize estimate expect explain fear find forecast hint indicate inform insist joke
    maintain mention note observe pledge post predict promise publish quip recall recount
    reiterate remark repeat reply report respond retort reveal say show speculate state stress
    suggest tell testify think threaten tweet urge vow warn write
"""
CUE_VERBS = frozenset(_TRAINED_CUES.split())


@dataclass(frozen=True)
class TaggedAttribution:
    """One attribution as char spans into the article text; source and cue may be missing."""

    source: CharSpan | None
    cue: CharSpan | None
    content: CharSpan


@dataclass(frozen=True)
class RuleSpans:
    """Char spans the rule stages found; the tagger reads them as features.

    The caller computes them (`newstrace.stages.attribution.rule_spans`, or the pipeline's own
    context), so that models sit below the stages that use them. `quotes` are the paired
    double quotes as (opening mark, closing mark) offsets.
    """

    source: list[CharSpan]
    cue: list[CharSpan]
    content: list[CharSpan]
    quotes: list[CharSpan] = field(default_factory=list)


@dataclass(frozen=True)
class CrfLayer:
    """A linear-chain CRF exported from crfsuite: transition matrix and sparse state weights."""

    labels: tuple[str, ...]
    transitions: npt.NDArray[np.float64]
    weights: Mapping[str, Sequence[tuple[int, float]]]

    def decode(self, features: Sequence[Sequence[str]]) -> list[str]:
        """Viterbi path, constrained so that I-X only follows B-X or I-X."""
        if not features:
            return []
        emissions = np.zeros((len(features), len(self.labels)))
        for position, attributes in enumerate(features):
            row = emissions[position]
            for attribute in attributes:
                for label_index, weight in self.weights.get(attribute, ()):
                    row[label_index] += weight
        return constrained_path(emissions, self.transitions, self.labels)


def constrained_path(
    emissions: npt.NDArray[np.float64],
    transitions: npt.NDArray[np.float64],
    labels: Sequence[str],
) -> list[str]:
    """Best BIO label sequence in which I-X only follows B-X or I-X."""
    if len(emissions) == 0:
        return []
    # An I- label can neither open the text nor follow anything but its own B-/I-.
    inside = np.array([label.startswith("I-") for label in labels])
    start = np.where(inside, -np.inf, 0.0)
    allowed = transitions.copy()
    for to, label in enumerate(labels):
        for frm, previous in enumerate(labels):
            if inside[to] and previous[2:] != label[2:]:
                allowed[frm, to] = -np.inf
    return [labels[i] for i in _viterbi(emissions, allowed, start)]


def _viterbi(
    emissions: npt.NDArray[np.float64],
    transitions: npt.NDArray[np.float64],
    start: npt.NDArray[np.float64],
) -> list[int]:
    n, n_labels = emissions.shape
    score = emissions[0] + start
    back = np.zeros((n, n_labels), dtype=np.int64)
    for position in range(1, n):
        candidates = score[:, None] + transitions
        back[position] = candidates.argmax(axis=0)
        score = candidates.max(axis=0) + emissions[position]
    path = [int(score.argmax())]
    for position in range(n - 1, 0, -1):
        path.append(int(back[position, path[-1]]))
    return path[::-1]


@dataclass(frozen=True)
class AttributionTagger:
    frame: CrfLayer
    content: CrfLayer
    metadata: Mapping[str, Any]

    def tag(self, doc: Any, text: str, rules: RuleSpans) -> list[TaggedAttribution]:
        """Attributions found in a parsed article: frame labels, then content labels that see
        the frame's cues, spans, then linking. `rules`: what the rule stages found in it."""
        features = token_features(doc, text, rules)
        frame_labels = self.frame.decode(features)
        content_labels = self.content.decode(with_frame_context(doc, features, frame_labels))
        frame = labelled_spans(frame_labels)
        content = labelled_spans(content_labels)
        return link(doc, frame.get("SOURCE", []), frame.get("CUE", []), content.get("CONTENT", []))


def layer_from_json(data: Mapping[str, Any], expected: tuple[str, ...]) -> CrfLayer:
    labels = tuple(data["labels"])
    if labels != expected:
        raise ModelError(f"attribution tagger layer has labels {labels}, expected {expected}")
    transitions = np.array(data["transitions"], dtype=np.float64)
    if transitions.shape != (len(labels), len(labels)):
        raise ModelError("attribution tagger transition matrix has the wrong shape")
    weights = {
        attribute: [(int(label), float(weight)) for label, weight in pairs]
        for attribute, pairs in data["weights"].items()
    }
    return CrfLayer(labels=labels, transitions=transitions, weights=weights)


def tagger_from_json(data: Mapping[str, Any]) -> AttributionTagger:
    if data.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"attribution tagger format {data.get('format_version')!r} unsupported")
    try:
        layers = data["layers"]
        return AttributionTagger(
            frame=layer_from_json(layers["frame"], FRAME_LABELS),
            content=layer_from_json(layers["content"], CONTENT_LABELS),
            metadata=data.get("metadata", {}),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"attribution tagger model is malformed: {exc!r}") from exc


def _read_model(raw: bytes) -> Any:
    # The shipped file is gzipped JSON (1.0 MB instead of 3.9 MB); plain JSON is read too.
    return json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)


def load_tagger_file(path: str | Path) -> AttributionTagger:
    """A model written by `train` (gzipped JSON) or its plain-JSON form."""
    try:
        data = _read_model(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the attribution tagger model {path}: {exc}") from exc
    return tagger_from_json(data)


@functools.cache
def load_attribution_tagger() -> AttributionTagger:
    """The shipped model, read once from package data."""
    try:
        data = _read_model(model_path(MODEL_FILE).read_bytes())
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read the shipped attribution tagger: {exc}") from exc
    return tagger_from_json(data)


def tag_attributions(doc: Any, text: str, rules: RuleSpans) -> list[TaggedAttribution]:
    """Source, cue and content triples in `text` (parsed as `doc`) by the shipped tagger."""
    if doc.text != text:
        raise ValueError("the Doc was parsed from a different text")
    return load_attribution_tagger().tag(doc, text, rules)


def as_attributions(tagged: Sequence[TaggedAttribution], text: str) -> list[Attribution]:
    """Tagger triples as newstrace Attributions; sources stay unresolved mentions."""
    article = Article(text=text, id="tagged")
    result = []
    for number, item in enumerate(tagged, start=1):
        if item.source is not None:
            start, end = item.source
            source = SourceMention(
                text=text[start:end], start=start, end=end, type="person", name=text[start:end]
            )
        else:
            source = SourceMention(
                text="",
                start=item.content[0],
                end=item.content[0],
                type="unattributed",
                name="unattributed",
            )
        cue: Span | None = article.span(*item.cue) if item.cue else None
        result.append(
            Attribution(
                id=f"a{number}",
                content=article.span(*item.content),
                kind="indirect",
                cue=cue,
                source=source,
            )
        )
    return result


# --- features -------------------------------------------------------------------------------


def _char_marks(n_chars: int, spans: Sequence[CharSpan]) -> npt.NDArray[np.int8]:
    marks = np.zeros(n_chars + 1, dtype=np.int8)
    for start, end in spans:
        marks[start:end] = 1
        marks[start] = 2  # a span's first character: the token starting it is "B"
    return marks


def _bio_of_tokens(doc: Any, n_chars: int, spans: Sequence[CharSpan]) -> list[str]:
    marks = _char_marks(n_chars, spans)
    tags = []
    for token in doc:
        chunk = marks[token.idx : token.idx + len(token.text)]
        tags.append("B" if (chunk == 2).any() else "I" if chunk.any() else "O")
    return tags


def _clean(word: str) -> str:
    # crfsuite reads "name:value" in attribute strings as a weight, so colons must go.
    if word.isspace():
        return "<nl>" if "\n" in word else "<sp>"
    return word.replace(":", "<colon>")


def _bucket(distance: int) -> str:
    size = abs(distance)
    band = "1" if size <= 1 else "2-3" if size <= 3 else "4-7" if size <= 7 else "8+"
    return ("-" if distance < 0 else "+") + band


def _verb_ancestors(token: Any, limit: int = 2) -> list[tuple[str, str]]:
    """(lemma, dep of the child on the path) for the nearest verb ancestors."""
    found: list[tuple[str, str]] = []
    child = token
    steps = 0
    while child.head.i != child.i and len(found) < limit and steps < 30:
        head = child.head
        if head.pos_ in ("VERB", "AUX"):
            found.append((head.lemma_.lower(), child.dep_))
        child = head
        steps += 1
    return found


def _cue_ancestor_dep(token: Any) -> str | None:
    child = token
    for _ in range(30):
        if child.head.i == child.i:
            return None
        if child.head.lemma_ in CUE_VERBS:
            return str(child.dep_)
        child = child.head
    return None


def _cue_path(token: Any) -> tuple[str, int]:
    """The last three dependencies on the way up to the nearest CUE_VERBS verb, and the steps."""
    path: list[str] = []
    child = token
    for steps in range(1, 30):
        if child.head.i == child.i:
            break
        path.append(child.dep_)
        if child.head.lemma_ in CUE_VERBS and child.head.pos_ in ("VERB", "AUX"):
            return ">".join(path[-3:]), steps
        child = child.head
    return "none", 0


def _clause_edges(doc: Any) -> tuple[dict[int, str], dict[int, str]]:
    """Tokens that open or close the subtree of a cue verb's dependent, with that dependency."""
    left: dict[int, str] = {}
    right: dict[int, str] = {}
    for token in doc:
        if (
            token.head.i != token.i
            and token.head.lemma_ in CUE_VERBS
            and token.dep_ in _CLAUSE_DEPS
        ):
            left.setdefault(token.left_edge.i, token.dep_)
            right.setdefault(token.right_edge.i, token.dep_)
    return left, right


def is_quote_mark(token: Any) -> bool:
    """Whether a spaCy token is a quotation mark, straight, curly or doubled."""
    return token.text in _QUOTE_CHARS or token.text in ("''", "``")


def _sentence_features(sent: Any) -> dict[str, str]:
    """Whether the sentence has a cue verb or a quote mark, and its root."""
    root = sent.root
    return {
        "s_cue": str(any(t.lemma_ in CUE_VERBS and t.pos_ in ("VERB", "AUX") for t in sent)),
        "s_q": str(any(is_quote_mark(t) for t in sent)),
        "s_root": _clean(root.lemma_.lower()),
        "s_rootcue": str(root.lemma_ in CUE_VERBS),
    }


def _lexicon_flag(token: Any) -> str:
    lemma = token.lemma_.lower()
    flag = "-"
    for name, words in _LEXICON_FLAGS.items():
        if lemma in words or token.lower_ in words:
            flag = name
    return flag


def _structure_features(doc: Any) -> list[dict[str, str]]:
    """Lexicon flag, path to the cue verb, clause edges and sentence context of every token."""
    left, right = _clause_edges(doc)
    sentences = {sent.start: _sentence_features(sent) for sent in doc.sents}
    result = []
    for token in doc:
        path, steps = _cue_path(token)
        result.append(
            {
                "lex": _lexicon_flag(token),
                "cuepath": _clean(path),
                "cuesteps": str(min(steps, 5)),
                "ledge": left.get(token.i, "no"),
                "redge": right.get(token.i, "no"),
                **sentences[token.sent.start],
                "hhlem": _clean(token.head.head.lemma_.lower()),
                "nchild": str(min(sum(1 for _ in token.children), 3)),
            }
        )
    return result


def _quote_marks(quotes: Sequence[CharSpan], n_chars: int) -> npt.NDArray[np.int8]:
    inside = np.zeros(n_chars + 1, dtype=np.int8)
    for open_mark, close_mark in quotes:
        inside[open_mark : close_mark + 1] = 1
    return inside


def _own_features(doc: Any, text: str, rules: RuleSpans) -> list[dict[str, str]]:
    n_chars = len(text)
    rule_tags = {
        role: _bio_of_tokens(doc, n_chars, getattr(rules, role))
        for role in ("source", "cue", "content")
    }
    in_quote = _quote_marks(rules.quotes, n_chars)
    cue_positions = [t.i for t in doc if t.lemma_ in CUE_VERBS and t.pos_ in ("VERB", "AUX")]
    structure = _structure_features(doc)
    result = []
    for token in doc:
        sent = token.sent
        nearest = min(cue_positions, key=lambda i: abs(i - token.i), default=None)
        in_sentence = nearest is not None and sent.start <= nearest < sent.end
        ancestors = _verb_ancestors(token)
        features = {
            "w": _clean(token.lower_),
            "lem": _clean(token.lemma_.lower()),
            "pos": token.pos_,
            "tag": _clean(token.tag_),
            "dep": token.dep_,
            "shape": _clean(token.shape_[:4]),
            "ent": f"{token.ent_iob_}{token.ent_type_}",
            "hlem": _clean(token.head.lemma_.lower()),
            "hpos": token.head.pos_,
            "dep_hpos": f"{token.dep_}/{token.head.pos_}",
            "cuelex": str(token.lemma_ in CUE_VERBS),
            "hcuelex": str(token.head.lemma_ in CUE_VERBS),
            "subj_of_cue": str(token.dep_ in _SUBJECT_DEPS and token.head.lemma_ in CUE_VERBS),
            "cueanc": _cue_ancestor_dep(token) or "none",
            "inq": str(int(in_quote[token.idx])),
            "qmark": str(is_quote_mark(token)),
            "title": str(token.is_title),
            "sfirst": str(token.i == sent.start),
            "slast": str(token.i == sent.end - 1),
            "spos": _bucket(token.i - sent.start),
            "cuedist": _bucket(nearest - token.i)
            if in_sentence and nearest is not None
            else "none",
            "r_src": rule_tags["source"][token.i],
            "r_cue": rule_tags["cue"][token.i],
            "r_cont": rule_tags["content"][token.i],
            **structure[token.i],
        }
        for depth, (lemma, dep) in enumerate(ancestors, start=1):
            features[f"v{depth}"] = _clean(lemma)
            features[f"v{depth}dep"] = dep
            features[f"v{depth}lemdep"] = f"{_clean(lemma)}/{dep}"
        result.append(features)
    return result


_NEAR = (
    "w",
    "lem",
    "pos",
    "dep",
    "inq",
    "r_src",
    "r_cue",
    "r_cont",
    "qmark",
    "ledge",
    "redge",
    "lex",
)
_NEIGHBOUR_KEYS: dict[int, tuple[str, ...]] = {
    -3: ("w",),
    -2: ("w", "pos", "lem", "dep", "inq"),
    -1: _NEAR,
    1: _NEAR,
    2: ("w", "pos", "lem", "dep", "inq"),
    3: ("w",),
}


def token_features(doc: Any, text: str, rules: RuleSpans) -> list[list[str]]:
    """crfsuite attribute strings per token: the token's own features and its neighbours'."""
    own = _own_features(doc, text, rules)
    sequences = []
    for i, features in enumerate(own):
        attributes = ["bias", *(f"{key}={value}" for key, value in features.items())]
        attributes.append(f"w|r={features['w']}|{features['r_cont']}")
        for offset, keys in _NEIGHBOUR_KEYS.items():
            j = i + offset
            if 0 <= j < len(own):
                attributes.extend(f"{offset}{key}={own[j][key]}" for key in keys)
            else:
                attributes.append(f"{offset}edge")
        if i > 0:
            attributes.append(f"-1w|w={own[i - 1]['w']}|{features['w']}")
        sequences.append(attributes)
    return sequences


def frame_context(doc: Any, frame_labels: Sequence[str]) -> list[list[str]]:
    """Per token, where the frame layer put cues: the second pass's extra features.

    The content layer learns from these which clause a predicted cue governs, so it sees
    PolNeAR's broad cues ("lashed out at", "according to") beyond CUE_VERBS.
    """
    cues = labelled_spans(frame_labels).get("CUE", [])
    cue_of = {i: number for number, (start, end) in enumerate(cues) for i in range(start, end)}
    cue_starts = sorted(start for start, _ in cues)
    left: dict[int, str] = {}
    right: dict[int, str] = {}
    for token in doc:
        if token.head.i in cue_of and token.i not in cue_of:
            left.setdefault(token.left_edge.i, token.dep_)
            right.setdefault(token.right_edge.i, token.dep_)
    result = []
    for token in doc:
        sent = token.sent
        in_sentence = [c for c in cue_starts if sent.start <= c < sent.end]
        nearest = min(in_sentence, key=lambda c: abs(c - token.i), default=None)
        attributes = [
            f"pf={frame_labels[token.i]}",
            f"pcuedist={_bucket(nearest - token.i) if nearest is not None else 'none'}",
            f"pcueanc={_predicted_cue_ancestor(token, cue_of)}",
            f"pledge={left.get(token.i, 'no')}",
            f"predge={right.get(token.i, 'no')}",
            f"pscue={nearest is not None}",
        ]
        for offset in (-2, -1, 1, 2):
            j = token.i + offset
            attributes.append(f"{offset}pf={frame_labels[j] if 0 <= j < len(doc) else 'edge'}")
        result.append(attributes)
    return result


def _predicted_cue_ancestor(token: Any, cue_of: Mapping[int, int]) -> str:
    """Dependency under the nearest ancestor inside a predicted cue, with the steps to it."""
    child = token
    for steps in range(1, 30):
        if child.head.i == child.i:
            break
        if child.head.i in cue_of and child.i not in cue_of:
            return f"{child.dep_}/{min(steps, 4)}"
        child = child.head
    return "none"


def with_frame_context(
    doc: Any, features: Sequence[Sequence[str]], frame_labels: Sequence[str]
) -> list[list[str]]:
    """The content layer's input: each token's features plus its frame context."""
    context = frame_context(doc, frame_labels)
    return [[*own, *extra] for own, extra in zip(features, context, strict=True)]


# --- spans and linking ----------------------------------------------------------------------


def labelled_spans(labels: Sequence[str]) -> dict[str, list[TokenSpan]]:
    """Token spans per type from a BIO sequence; a stray I- starts a span."""
    spans: dict[str, list[TokenSpan]] = {}
    current: tuple[str, int] | None = None
    for i, label in enumerate([*labels, "O"]):
        kind = label[2:]
        continues = label.startswith("I-") and current is not None and current[0] == kind
        if current is not None and not continues:
            spans.setdefault(current[0], []).append((current[1], i))
            current = None
        if label != "O" and not continues:
            current = (kind, i)
    return spans


def token_char_span(doc: Any, span: TokenSpan) -> CharSpan | None:
    """Char extent of a token span with whitespace tokens at its edges left out."""
    tokens = [t for t in doc[span[0] : span[1]] if not t.is_space]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


@dataclass(frozen=True)
class TextLayout:
    """Sentence and paragraph number of every token of a parsed article."""

    sentence: list[int]
    paragraph: list[int]

    @classmethod
    def of(cls, doc: Any) -> TextLayout:
        sentence, paragraph = [], []
        sentence_number, paragraph_number = 0, 0
        for token in doc:
            if token.is_sent_start and token.i > 0:
                sentence_number += 1
            if token.is_space and "\n" in token.text:
                paragraph_number += 1
            sentence.append(sentence_number)
            paragraph.append(paragraph_number)
        return cls(sentence, paragraph)


def _gap(a: TokenSpan, b: TokenSpan) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _governs(doc: Any, head_span: TokenSpan, dependent_span: TokenSpan) -> bool:
    """Some token of `dependent_span` attaches directly to a token of `head_span`."""
    return any(head_span[0] <= t.head.i < head_span[1] for t in doc[slice(*dependent_span)])


def _facing_tokens(a: TokenSpan, b: TokenSpan) -> tuple[int, int]:
    """The tokens where two spans face each other (one token when they overlap)."""
    if b[0] >= a[1]:
        return a[1] - 1, b[0]
    if a[0] >= b[1]:
        return b[1] - 1, a[0]
    return a[0], a[0]


def _link_cost(doc: Any, layout: TextLayout, cue: TokenSpan, content: TokenSpan) -> float:
    # Breaks are counted between the facing edges: a long quote is no further from its cue.
    first, last = _facing_tokens(cue, content)
    cost = float(_gap(cue, content))
    cost += _SENTENCE_PENALTY * (layout.sentence[last] - layout.sentence[first])
    cost += _PARAGRAPH_PENALTY * (layout.paragraph[last] - layout.paragraph[first])
    if _governs(doc, cue, content):
        cost -= _SYNTAX_BONUS
    return cost


def _source_cost(doc: Any, layout: TextLayout, cue: TokenSpan, source: TokenSpan) -> float | None:
    if layout.sentence[source[0]] != layout.sentence[cue[0]]:
        return None
    cost = float(_gap(cue, source))
    if _governs(doc, cue, source):
        cost -= _SYNTAX_BONUS
    return cost


def _best(costs: Iterator[tuple[float, int]], limit: float) -> int | None:
    ranked = sorted(c for c in costs if c[0] <= limit)
    return ranked[0][1] if ranked else None


def link(
    doc: Any,
    sources: Sequence[TokenSpan],
    cues: Sequence[TokenSpan],
    contents: Sequence[TokenSpan],
) -> list[TaggedAttribution]:
    """Triples from separate spans: each cue takes its nearest content and its subject source.

    Contents no cue chose take their nearest cue; sources no cue chose join the nearest cue of
    their sentence, so every tagged span reaches the output.
    """
    layout = TextLayout.of(doc)
    cue_content = {
        q: _best(
            ((_link_cost(doc, layout, cue, c), q_c) for q_c, c in enumerate(contents)),
            _MAX_LINK_DISTANCE,
        )
        for q, cue in enumerate(cues)
    }
    chosen = {c for c in cue_content.values() if c is not None}
    content_cue = {
        c: _best(
            ((_link_cost(doc, layout, cue, content), q) for q, cue in enumerate(cues)),
            _MAX_LINK_DISTANCE,
        )
        for c, content in enumerate(contents)
        if c not in chosen
    }
    cue_source: dict[int, int | None] = {}
    for q, cue in enumerate(cues):
        costs = ((_source_cost(doc, layout, cue, s), i) for i, s in enumerate(sources))
        cue_source[q] = _best(((c, i) for c, i in costs if c is not None), _MAX_SOURCE_DISTANCE)
    pairs: list[tuple[int | None, int | None, int]] = []
    for q, chosen_content in cue_content.items():
        if chosen_content is not None:
            pairs.append((cue_source[q], q, chosen_content))
    for c, chosen_cue in content_cue.items():
        pairs.append((cue_source[chosen_cue] if chosen_cue is not None else None, chosen_cue, c))
    pairs.extend(_orphan_sources(doc, layout, pairs, sources, cues, cue_content))
    return _to_chars(doc, pairs, sources, cues, contents)


def _orphan_sources(
    doc: Any,
    layout: TextLayout,
    pairs: Sequence[tuple[int | None, int | None, int]],
    sources: Sequence[TokenSpan],
    cues: Sequence[TokenSpan],
    cue_content: Mapping[int, int | None],
) -> list[tuple[int | None, int | None, int]]:
    """Sources no cue took, each joined to its sentence's nearest cue that has a content."""
    linked = {s for s, _, _ in pairs if s is not None}
    extra: list[tuple[int | None, int | None, int]] = []
    for s, source in enumerate(sources):
        if s in linked:
            continue
        costs = ((_source_cost(doc, layout, cue, source), q) for q, cue in enumerate(cues))
        nearest = _best(((c, i) for c, i in costs if c is not None), _MAX_SOURCE_DISTANCE)
        content = cue_content.get(nearest) if nearest is not None else None
        if content is not None:
            extra.append((s, nearest, content))
    return extra


def _to_chars(
    doc: Any,
    pairs: Sequence[tuple[int | None, int | None, int]],
    sources: Sequence[TokenSpan],
    cues: Sequence[TokenSpan],
    contents: Sequence[TokenSpan],
) -> list[TaggedAttribution]:
    result: dict[TaggedAttribution, None] = {}
    for s, q, c in pairs:
        content = token_char_span(doc, contents[c])
        if content is None:
            continue
        result[
            TaggedAttribution(
                source=token_char_span(doc, sources[s]) if s is not None else None,
                cue=token_char_span(doc, cues[q]) if q is not None else None,
                content=content,
            )
        ] = None
    return sorted(result, key=lambda a: (a.content, a.cue or (0, 0)))
