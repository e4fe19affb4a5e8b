"""Attribution: cue verbs, 'according to', quotes and reported-speech frames from the parse."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable
from typing import Any

from ..lexicon import (
    ANONYMOUS_HEADS,
    BANG_NAMES,
    CUE_VERBS,
    DOCUMENT_HEADS,
    GIVEN_NAMES,
    GOVERNMENT_WORDS,
    MEDIA_HOSTS,
    NOT_SOURCES,
    ORGANIZATION_HEADS,
    OUTLET_HEADS,
    PEOPLE_NOUNS,
    PERSON_PRONOUNS,
    ROLE_HEADS,
    SOCIAL_NETWORKS,
    WEAK_CUES,
    news_handle,
    outlet_like,
)
from ..ml.attribution.crf import RuleSpans
from ..model import Article, AttributionKind
from ..outlets import outlet_index
from .base import Context, Quote, RawAttribution, Stage
from .boilerplate import after, inside
from .quotes import STAGE as QUOTES
from .quotes import pair_quotes
from .sentences import STAGE as SENTENCES

Token = Any  # spaCy Token; spaCy ships no type stubs

# Dependents that belong to a noun phrase's core; relative clauses, appositives and
# participial modifiers ("who spoke on condition of anonymity") are left out.
_NP_DEPS = frozenset(
    [
        "det",
        "amod",
        "compound",
        "nummod",
        "poss",
        "case",
        "flat",
        "nmod",
        "quantmod",
        "advmod",
        "prep",
        "pobj",
        "cc",
        "conj",
        "npadvmod",
        "punct",
    ]
)
_FRAME_DEPS = frozenset(
    ["aux", "auxpass", "neg", "advmod", "prep", "npadvmod", "prt", "mark", "punct", "cc"]
)
# Quote marks inside a phrase enclose a title that modifies it ("the “Grown-ish” actress").
# Participles that hand a statement to an outlet, and what can be handed ("a statement
# provided to People", "a letter sent to CNN").
_GIVEN_TO = frozenset(["release", "provide", "give", "send", "issue"])
_GIVEN_NOUNS = frozenset(["statement", "letter", "memo", "note", "email", "interview"])
_NP_PUNCT = frozenset("-‐.'’&“”\"")
# What may stand between a quote and its frame; a closing '' or ’’ leaves its second mark.
_SEPARATOR = re.compile(r"^(?:['’]|\ufffd{1,2})?[\s,;:—–-]*$")
# Verbs whose object is nearly always a claim: a verb after their "object" makes it a clause.
_CLAIMING = frozenset(["say", "claim", "insist", "state", "argue"])
# Words that join a new clause to the one a frame closes: "..., Butler says, and no one ...".
_JOINING = frozenset(
    ["and", "but", "because", "so", "although", "though", "while", "since", "or", "yet"]
)
_SPEECH_ONLY = frozenset(
    ["say", "tell", "claim", "insist", "warn", "write", "argue", "state", "explain"]
)
# The opening of a quote inside a quote, right after its cue: ", '", ": ‘".
_NESTED_OPEN = re.compile(r"\s*[,:]?\s*['‘]")
# Marks that open a quotation.
_OPENING_QUOTES = frozenset("\"“‘'")
# Nouns that name someone who can speak, for a report inside a quote.
_VOICES = (
    ANONYMOUS_HEADS
    | PEOPLE_NOUNS
    | ROLE_HEADS
    | GOVERNMENT_WORDS
    | ORGANIZATION_HEADS
    | OUTLET_HEADS
    | DOCUMENT_HEADS
)
_TITLE_SMALL_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"]
)
_RETORTS = frozenset(["fire", "hit", "shoot", "snap", "push"])
_NOT_SAYING = re.compile(
    r"\b(?:instead of|rather than|without|yet to)\s+$",
    re.IGNORECASE,
)
# Content that asks instead of claiming: an indirect question or exclamation.
_ASKED = re.compile(r"(?:why|whether|if)\b", re.IGNORECASE)
_CALLED_FOR = re.compile(r"\bcall(?:s|ed|ing)? for\s*$", re.IGNORECASE)
# Adverbial openers: a clause they begin, ending at a comma, is a circumstance, not a claim.
_FRAGMENT = re.compile(
    r"(?:whenever|before|after|while|when|since|although|though|because|if|once|until|"
    r"speaking)\b",
    re.IGNORECASE,
)
_ARGUING = frozenset(["argue", "say", "claim", "contend", "insist", "suggest"])
# Verbs of a speech event with no words of their own ("spoke to reporters", "fired back").
# Crowds whose members' posts an article quotes after naming them.
_CROWDS = frozenset(["user", "fan", "follower", "viewer", "commenter", "critic", "tweeter"])
_SPEECH_EVENTS = frozenset(
    [
        *("speak", "talk", "address", "testify", "open", "weigh", "reflect"),
        *("respond", "reply", "fire", "hit", "lash", "chime", "chat", "react"),
    ]
)
_SPOKE = frozenset(["speak", "talk", "appear", "write"])
_DIRECTIVE_CUES = frozenset(["tell", "ask", "urge", "warn", "advise", "order", "demand"])
_RECIPIENT_VERBS = frozenset(["tell", "inform", "assure", "reassure", "brief", "advise"])
# The comma that sets a "Per X" phrase off from what it credits.
_SET_OFF = re.compile(r" *,")
# Verbs of manner that writers use as "said" after a quote: '"...," Tim laughed'.
_MANNER_QUOTATIVES = frozenset(
    ["laugh", "smile", "sigh", "chuckle", "giggle", "grin", "shrug", "sob", "beam", "groan"]
)
_CLOSING_MARKS = frozenset(["”", '"', "’", "'"])
# What one says without reporting anything: "said goodbye to the team".
_GREETINGS = frozenset(["hello", "hi", "goodbye", "bye", "farewell", "grace", "cheese"])
_SELVES = frozenset(
    ["myself", "yourself", "himself", "herself", "itself", "ourselves", "themselves"]
)


def is_cue(token: Token) -> bool:
    """A reporting verb: the cue lexicon, a retort ("shot back:", "fired back"), what a
    document "reads" ("the statement reads:"), or a cue's -ing form the tagger took for a noun
    ("and quipping, '...'")."""
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if token.lemma_ == "find" and (
        any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
        or (after is not None and after.lower_ in _SELVES)
    ):
        return False  # "fans found out that ...", "found themselves running into": learnt
    if token.lemma_ == "say" and any(
        c.dep_ in ("dobj", "intj") and c.lower_ in _GREETINGS for c in token.children
    ):
        return False  # "saying hello again to the sunshine state now that ...": a greeting
    if token.lemma_ == "find" and token.dep_ == "ccomp" and token.head.lemma_ in CUE_VERBS:
        return False  # "he said he and Dion found the rumors funny": what was said, not a cue
    if token.lemma_ in CUE_VERBS:
        return True
    if token.lemma_ in ("ask", "wonder"):
        return _frames_a_quote(token)
    if token.lemma_ in _MANNER_QUOTATIVES:
        return _closes_a_quote(token)
    if token.pos_ == "NOUN" and _gerund_lemma(token.lower_) in CUE_VERBS:
        return True
    if token.lemma_ in _RETORTS:
        return any(c.dep_ in ("prt", "advmod") and c.lower_ == "back" for c in token.children)
    if token.lemma_ in ("release", "issue"):  # "released the following statement: ..."
        return any(c.dep_ == "dobj" and c.lemma_ == "statement" for c in token.children)
    if token.lemma_ == "point":  # "Khloé points out that ..."
        return any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children)
    if token.lemma_ == "make":  # "Paul made it clear he is ..."
        clear = any(c.lower_ == "clear" for c in token.subtree if c.i <= token.i + 3)
        return clear and any(c.dep_ == "ccomp" for c in token.subtree if c.i > token.i)
    if token.lemma_ == "read":
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return False
        if subject.tag_ in ("WDT", "WP") and token.dep_ == "relcl":
            subject = token.head  # "a message that read: ..."
        # "part of the post read": the document the part is of
        of = [g for c in subject.children if c.lower_ == "of" for g in c.children]
        return any(t.lemma_.lower() in DOCUMENT_HEADS for t in (subject, *of))
    return False


def _with_phrase_noun(verb: Token) -> Token | None:
    """The one saying in a "with" phrase: "..., with Henstridge saying he ..." (parsed as a
    participle of the main verb beside the phrase) or "with a source close to the family
    saying ..." (the participle hung on the phrase's noun)."""
    if verb.tag_ != "VBG" or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.dep_ == "pobj" and before.head.lower_ == "with":
        return before
    noun = verb.head
    if verb.dep_ == "acl" and noun.dep_ == "pobj" and noun.head.lower_ == "with":
        return noun
    return None


def _manner_subject(verb: Token) -> Token | None:
    """Who laughed or sighed: the subject, or the name right before the verb that the parse
    took for an adverb of it ('"...," Tim laughed')."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    adverbs = [c for c in verb.children if c.dep_ == "npadvmod" and c.i == verb.i - 1]
    return (subjects or adverbs or [None])[0]


def _closes_a_quote(verb: Token) -> bool:
    """'"You make up for it," Tim laughed': a verb of manner is a cue only right after a
    quote its comma (or ! ?) leaves open; "he laughed at the joke" reports nothing."""
    subject = _manner_subject(verb)
    if subject is None:
        return False
    start = min(subject.left_edge.i, verb.i)
    before = [t.text for t in verb.doc[max(0, start - 2) : start]]
    return len(before) == 2 and before[1] in _CLOSING_MARKS and before[0] in (",", "!", "?", "…")


def _frames_a_quote(verb: Token) -> bool:
    """ "'So there's no deal?' Smith asked", "she asked, 'Why?'": a question in quotation
    marks is its asker's words; "asked whether ...", "asked her to stay", "ask for more" and
    "Ask any woman" report none."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    doc = verb.doc
    start = min(subject.left_edge.i, verb.i)
    before = [t.text for t in doc[max(0, start - 3) : start] if t.text != ","]
    if before[-2:] in (["?", "”"], ["?", '"'], ["?", "’"]):
        return True
    if any(c.dep_ in ("dobj", "xcomp", "prep", "ccomp") for c in verb.children):
        return False
    after = [t.text for t in doc[verb.i + 1 : verb.i + 3]]
    return bool(after) and (after[0] in _OPENING_QUOTES or after in ([",", "“"], [":", "“"]))


def _speaker_within(
    previous: RawAttribution | None, before: list[RawAttribution]
) -> RawAttribution | None:
    """The voice a later quote goes on from when the last attribution is an "according to"
    frame around a speaker's ('"A," a spokesperson said, according to News.com.au. "B."'):
    the speaker, relayed by the frame's source as before."""
    # (every attribution in `before` has a source)
    if previous is None or previous.cue_lemma != "according to" or previous.source_head is None:
        return previous
    inner = [
        a
        for a in before
        if a is not previous
        and previous.content[0] <= a.content[0]
        and a.content[1] <= previous.content[1]
    ]
    if not inner or previous.source is None:
        return previous
    speaker = max(inner, key=lambda a: a.content[1])
    relay = (previous.source, previous.source_head)
    return dataclasses.replace(speaker, inner_relays=[relay, *speaker.inner_relays])


def _reported(run: list[Token]) -> bool:
    """Whether a run of words can be what someone said: three words or more, one a verb."""
    words = [t for t in run if not t.is_punct]
    return len(words) >= 3 and any(t.pos_ in ("VERB", "AUX") for t in words)


def _gerund_lemma(word: str) -> str:
    """'quipping' -> 'quip', 'saying' -> 'say', 'noting' -> 'note'; '' for other words."""
    if not word.endswith("ing") or len(word) < 6:
        return ""
    stem = word[:-3]
    if stem in CUE_VERBS:
        return stem
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[:-1] in CUE_VERBS:
        return stem[:-1]
    return stem + "e"


class _Finder:
    def __init__(self, ctx: Context) -> None:
        self.doc = ctx.doc
        self.text: str = ctx.article.text
        self.quotes = sorted(ctx.quotes, key=lambda q: q.open)
        self._quote_opens = [q.open for q in self.quotes]
        self.sentences = ctx.sentences
        self._sentence_starts = [s for s, _ in self.sentences]
        self._token_starts = [t.idx for t in self.doc]
        self._entity_of = {i: e for e in self.doc.ents for i in range(e.start, e.end)}
        # outlets named around a cue the parse broke up ("reveals Life & Style"): first word
        # -> the name's span
        self._credited_names: dict[int, tuple[int, int]] = {}

    # --- spans -------------------------------------------------------------------------
    @functools.cached_property
    def person_words(self) -> frozenset[str]:
        """Words of the names the tagger calls people somewhere in the text: "Alwyn" tagged a
        body in one sentence is the person "Joe Alwyn" of another."""
        return frozenset(w for e in self.doc.ents if e.label_ == "PERSON" for w in e.text.split())

    def inside_quote(self, char: int) -> bool:
        i = bisect.bisect_right(self._quote_opens, char) - 1
        return i >= 0 and self.quotes[i].open < char < self.quotes[i].close

    def enclosing_quote(self, char: int) -> Quote | None:
        i = bisect.bisect_right(self._quote_opens, char) - 1
        if i >= 0 and self.quotes[i].open < char < self.quotes[i].close:
            return self.quotes[i]
        return None

    def nested(self, verb: Token) -> RawAttribution | None:
        """Speech quoted inside a quote: '"He said, 'this isn't fair,'" she said.' The inner
        speaker's words are the single-quoted run that follows the cue inside the outer quote;
        the outer speaker becomes a relay through the enclosing attribution."""
        outer = self.enclosing_quote(verb.idx)
        speaker, _ = self.subject(verb)
        if outer is None or speaker is None or speaker.idx < outer.start:
            return None
        if speaker.lower_ in ("i", "we"):
            return None  # "I said, 'No'": the quoted speaker's own words, no other voice
        after = self.text[verb.idx + len(verb.text) : outer.end]
        match = _NESTED_OPEN.match(after)
        if match is None:
            return self.nested_clause(verb, speaker, outer)
        start = verb.idx + len(verb.text) + match.end()
        # The closing mark ends a word; one inside a word ("don’t") is an apostrophe.
        close = next(
            (
                i
                for i in range(start + 1, outer.end)
                if self.text[i] in "'’" and not self.text[i + 1 : i + 2].isalnum()
            ),
            -1,
        )
        if close < 0 or len(self.text[start:close].split()) < 3:
            return None
        return RawAttribution(
            cue=(verb.idx, verb.idx + len(verb.text)),
            content=(start, close),
            kind="direct",
            source=self.np_span(speaker),
            source_head=speaker.i,
            cue_lemma=verb.lemma_,
        )

    def nested_clause(self, verb: Token, speaker: Token, outer: Quote) -> RawAttribution | None:
        """Reported speech inside a quote: '"Senator Obama said it was just a guy," McCain
        said.' The clause is the inner speaker's, relayed by the quoted one. The quoted speaker's
        own "I said" or "you say" is not another voice."""
        # Only a name or a noun that can speak ("Senator Obama said", "insiders say"): a
        # pronoun inside a quote is too often the quoted speaker's own "they" or "those".
        if (
            verb.lemma_ in WEAK_CUES
            or verb.lemma_ == "make"
            or not (
                speaker.pos_ == "PROPN" or (speaker.pos_ == "NOUN" and speaker.lemma_ in _VOICES)
            )
        ):
            return None
        clause = self.clause_content(verb, verb.idx + len(verb.text))
        if clause is None or clause[0] < verb.idx or clause[1] > outer.end:
            return None
        if len(self.text[clause[0] : clause[1]].split()) < 3:
            return None
        return RawAttribution(
            cue=(verb.idx, verb.idx + len(verb.text)),
            content=clause,
            kind="indirect",
            source=self.np_span(speaker),
            source_head=speaker.i,
            cue_lemma=verb.lemma_,
        )

    def np_span(self, head: Token) -> tuple[int, int]:
        """Char span of the noun phrase headed by `head`, without clauses hanging off it."""
        keep = {head.i}
        stack = [head]
        while stack:
            tok = stack.pop()
            for child in tok.children:
                if child.dep_ in _NP_DEPS and child.i not in keep:
                    # A comma opens an appositive or a clause: stop the phrase there.
                    if (
                        child.dep_ == "punct"
                        and child.text not in _NP_PUNCT
                        and not _bang_of_name(child)
                    ):
                        continue
                    # "and" far into the phrase joins clauses, not names; inside a name
                    # ("the Department of Roads and Bridges") it joins its words.
                    in_name = tok.i != head.i and tok.tag_.startswith("NNP")
                    if child.dep_ == "cc" and child.i > head.i + 3 and not in_name:
                        continue
                    keep.add(child.i)
                    stack.append(child)
        lo = hi = head.i
        while lo - 1 in keep:
            lo -= 1
        while hi + 1 in keep:
            hi += 1
        while lo < hi and self.doc[hi].is_punct:
            hi -= 1
        while lo < hi and self.doc[lo].is_punct:
            lo += 1
        return self.doc[lo].idx, self.doc[hi].idx + len(self.doc[hi].text)

    def trim(self, start: int, end: int) -> tuple[int, int]:
        # "According to OK!, the couple ...": the "!" closes the name before the content
        bang = start > 0 and self.text[start - 1].isalnum()
        while start < end and (
            self.text[start].isspace()
            or self.text[start] in ",;:—–"
            or (bang and self.text[start] == "!")
        ):
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] in ",;:—–"):
            end -= 1
        return start, end

    def sentence_of(self, char: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self._sentence_starts, char) - 1)
        return self.sentences[i] if self.sentences else (0, len(self.text))

    # --- frames ------------------------------------------------------------------------
    def subject(self, verb: Token) -> tuple[Token | None, bool]:
        """(speaker head, passive?) of a cue verb, following conjunctions and participles."""
        manner = _manner_subject(verb) if verb.lemma_ in _MANNER_QUOTATIVES else None
        if manner is not None and manner.dep_ == "npadvmod":  # '"...," Tim laughed'
            return manner, False
        for child in verb.children:
            if child.dep_ == "nsubj":
                # "men whom Silva claimed took part": the relative pronoun belongs to the
                # clause reported, the other subject speaks
                # '"... Three times, and I got ...," Kris tells her': a word of the quote the
                # parse made a second subject is not the one speaking; nor is a time ("A
                # couple of days back, ... Hanks said") the parse made one
                named = [
                    c
                    for c in verb.children
                    if c.dep_ == "nsubj"
                    and not _relative(c)
                    and (self.inside_quote(verb.idx) or not self.inside_quote(c.idx))
                    and c.ent_type_ not in ("DATE", "TIME")
                ]
                if named and (_relative(child) or child not in named):
                    child = named[0]
                # "The film, said Jane Fonda, will tackle ...": set off by commas, the verb's
                # subject after it speaks; the one before is the reported clause's
                after = [c for c in named if c.i == verb.i + 1 + _left_of(c)]
                if verb.dep_ == "parataxis" and child.i < verb.i and after:
                    child = after[0]
                # "Kurz, who said ...": the relative pronoun stands for the noun it modifies
                elif child.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                    return _described_source(verb.head), False
                child = _split_end(child)  # "the Today co-host": the parse split the word
                return _past_dateline(_past_dangling_preposition(verb, child)), False
            if child.dep_ == "agent" and any(c.lower_ == "as" for c in verb.children):
                # "..., as first reported by Politico": the agent, with no passive subject
                return next((c for c in child.children if c.dep_ == "pobj"), None), False
            if child.dep_ in ("nsubjpass", "expl"):
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                pobj = (
                    next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                )
                return pobj, pobj is None
        # "the 40-year-old insists": a verb cannot take a determiner; the parser hung the
        # subject's words on the verb itself.
        mods = [c for c in verb.lefts if c.dep_ in ("amod", "compound") and c.pos_ != "VERB"]
        if mods and (any(c.dep_ == "det" for c in verb.lefts) or _named_plural_cue(verb)):
            return mods[-1], False
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return _described_source(verb.head), False
        # "Harry is eager to be a dad, added the source.": the clause said comes first, the
        # parse taking the inverted speaker for the verb's object
        after_clause = any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
        if (verb.i == verb.sent.start or after_clause) and verb.lemma_ in _INVERTED_CUES:
            # "Said a source: “...”", "Added the insider, “...”": the verb first, then who
            inverted = next((c for c in verb.children if c.dep_ in ("dobj", "nsubj")), None)
            if inverted is not None and inverted.i > verb.i:
                return inverted, False
        credited = self.credited_outlet(verb)
        if credited is not None:
            return credited, False
        with_noun = _with_phrase_noun(verb)
        if with_noun is not None:
            return with_noun, False
        if _second_cue(verb):
            # "X said that a deal is needed and conceded that ...": the parse joined the
            # second cue to the clause said, not to the cue; X speaks both
            return self.subject(verb.head.head)
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
            head = verb.head
            if verb.dep_ == "xcomp" and head.dep_ == "acomp":
                head = head.head  # "The campaign was quick to point out that ..."
            if verb.dep_ == "advcl" and head.pos_ == "ADV" and head.head.i != head.i:
                head = head.head  # "he went as far as to say that ..."
            if verb.dep_ in ("advcl", "xcomp") and head.lemma_ in ("quote", "cite"):
                obj = next((c for c in head.children if c.dep_ == "dobj"), None)
                return obj, False
            quote = self.enclosing_quote(head.idx) if verb.dep_ == "conj" else None
            if quote is not None and quote.close < verb.idx:
                # '"Glitter is so hot," Tom Fitzgerald, co-creator of ..., told Moneyish': the
                # parse joined the cue to the quote's verb; the name after the quote speaks
                after_quote = self.named_after_quote(quote, verb)
                if after_quote is not None:
                    return after_quote, False
            found = self.subject(head)
            passive_participle = verb.dep_ in ("xcomp", "advcl") and verb.tag_ == "VBG"
            if found[0] is None and found[1] and (verb.dep_ == "conj" or passive_participle):
                # "X was asked if ... but said ...": the one asked is the one who said it;
                # "Cardi was recorded saying, ...": the one recorded
                return next((c for c in head.children if c.dep_ == "nsubjpass"), None), False
            if found[0] is not None or found[1]:
                return found
        quoted = _quoted_as(verb)
        if quoted is not None:
            # "X quoted an insider as saying", "an insider is quoted as saying": the one quoted
            said = [c for c in quoted.children if c.dep_ in ("dobj", "nsubjpass")]
            return (said[0] if said else None), False
        if verb.dep_ == "pcomp":
            # "with Henstridge saying he ...": the noun before the participle is its subject;
            # "answered by saying that ...": the subject of the verb the phrase modifies.
            prep = verb.head
            before = [c for c in prep.children if c.dep_ == "pobj" and c.i < verb.i]
            if before:
                return before[-1], False
            if prep.head.pos_ in ("VERB", "AUX") and prep.head is not prep:
                return self.subject(prep.head)
        if verb.dep_ in ("advcl", "conj", "xcomp", "pcomp", "acl") or verb.tag_ == "VBG":
            person = self.person_before(verb)
            if person is not None or verb.dep_ != "acl":
                return person, False
        # A participle that reports a clause ("— the program ... — confirmed with Breitbart
        # News that ...") is a finite verb the tagger mistook.
        reports = any(c.dep_ == "ccomp" for c in verb.children)
        # Only for the cue itself: a verb it hangs on ("took aim ..., saying") has a subject
        # the participle rule above finds better.
        if (
            is_cue(verb)
            and verb.dep_ in ("ROOT", "acl")
            and (verb.tag_ in ("VBD", "VBZ", "VBP") or (verb.tag_ == "VBN" and reports))
        ):
            return _subject_segment(verb), False
        return None, False

    def named_after_quote(self, quote: Quote, verb: Token) -> Token | None:
        """The first person named between the quote's closing mark and `verb`."""
        for ent in verb.doc.ents:
            if ent.label_ == "PERSON" and quote.close < ent.start_char and ent.end <= verb.i:
                return ent.root
        return None

    def person_before(self, verb: Token) -> Token | None:
        """When the parse gives a participle no subject ("Sen. Rand Paul, R-Ky., took aim at
        the budget, saying ..." with Paul parsed as a conjunct of an earlier noun), the
        nearest named person before it in its clause, not behind a verb with its own subject."""
        for tok in reversed(list(verb.sent[: verb.i - verb.sent.start])):
            subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if tok.pos_ in ("VERB", "AUX") and subject is not None:
                # The clause's own subject, when it names someone: "William went to Tel Aviv
                # and strolled along the shore, chatting and quipping, '...'".
                named = subject.ent_type_ == "PERSON" or subject.pos_ == "PROPN"
                return subject if named and not self.inside_quote(subject.idx) else None
            if (
                tok.ent_type_ == "PERSON"
                and tok.ent_iob_ in ("B", "I")
                and not self.inside_quote(tok.idx)
            ):
                ent = next(e for e in verb.doc.ents if e.start <= tok.i < e.end)
                return ent.root
        return None

    def relays_of(self, verb: Token, speaker: Token | None) -> list[tuple[tuple[int, int], int]]:
        """Outlets between the reporter and the speaker named in the frame itself."""
        relays = []
        head = verb.head
        quoted = _quoted_as(verb)
        if quoted is not None or (
            verb.dep_ in ("advcl", "xcomp") and head.lemma_ in ("quote", "cite")
        ):
            # the last subject: "State news agency IRNA quoted ..." parses as two
            subj = next(
                (c for c in reversed(list((quoted or head).lefts)) if c.dep_ == "nsubj"), None
            )
            if subj is not None:
                relays.append((self.np_span(subj), subj.i))
        # "When asked for comment by The Times, Peskov said": the outlet that asked relays it
        for clause in (c for c in verb.children if c.dep_ == "advcl" and c.lemma_ == "ask"):
            for by in (t for t in clause.subtree if t.dep_ == "agent" or t.lower_ == "by"):
                asker = next((c for c in by.children if c.dep_ == "pobj"), None)
                if asker is not None and self.is_outlet(asker):
                    relays.append((self.np_span(asker), asker.i))
            # "When an Entertainment Tonight reporter asked ..., Theron said"
            for subject in (c for c in clause.children if c.dep_ == "nsubj"):
                named = self._outlet_before(subject, _ASKERS)
                if named is not None:
                    relays.append((self.recipient_span(named), named.i))
        # "Us Weekly talked to an insider who revealed ...": the outlet that spoke with the
        # speaker relays the words.
        if speaker is None or verb.dep_ != "relcl":
            return relays
        if speaker.dep_ == "pobj" and speaker.head.lower_ in ("with", "to"):
            spoke = speaker.head.head
            subj = next((c for c in spoke.children if c.dep_ == "nsubj"), None)
            if spoke.lemma_ in ("speak", "talk") and subj is not None and self.is_outlet(subj):
                relays.append((self.np_span(subj), subj.i))
        return relays

    def citing(self, verb: Token) -> Token | None:
        """'Reuters reported, citing X, that ...': X, wherever the parser hung 'citing'."""
        cites = [c for c in verb.children if c.lemma_ == "cite" and c.pos_ == "VERB"]
        cites += [
            t
            for t in verb.sent
            if t.lemma_ == "cite"
            and t.pos_ == "VERB"
            and 0 < t.i - verb.i <= 8
            and not any(u.lemma_ in CUE_VERBS for u in self.doc[verb.i + 1 : t.i])
        ]
        for cite in cites:
            obj = next((c for c in cite.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        return None

    def recipient(self, verb: Token) -> Token | None:
        if verb.lemma_ in _RECIPIENT_VERBS:
            for child in verb.children:
                if child.dep_ in ("dobj", "dative", "iobj"):
                    # "told ET's Katie Krause": the outlet the interviewer works for
                    owner = _owner(child)
                    if owner is not None and self.owning_outlet(owner):
                        return owner
                    # "told Erin Lim from E! News", "told a reporter with CNN"
                    for prep in (c for c in child.children if c.lower_ in ("from", "of", "with")):
                        employer = next((c for c in prep.children if c.dep_ == "pobj"), None)
                        if employer is not None and self.is_outlet(employer):
                            return employer
                    # "told Erin Lim from E! News": the parse hung the outlet on the verb
                    if not self.is_outlet(child):
                        via = self.medium(verb)
                        if via is not None and via.head.lower_ == "from":
                            return via
                    return child
        return self.medium(verb)

    def medium(self, verb: Token) -> Token | None:
        """The outlet the frame names the words as given to or through."""
        # "said in an interview with CNN", "told reporters on Fox News", "speaking to the BBC",
        # "said in a statement to People", "wrote in an opinion piece for The Washington Post",
        # "said in a statement provided to E! News", "wrote in The Atlantic"
        # '"...," Venus said at the tournament, via ABC': the outlet it came through. After
        # an inverted subject the phrase hangs on it ('said the coach, Patrick Mouratoglou, in
        # an interview with WTATennis.com').
        children = list(verb.children)
        # "Speaking to Sky News, Ruiz said": the participle names whom she spoke to
        for spoke in verb.children:
            if spoke.dep_ == "advcl" and spoke.tag_ == "VBG" and spoke.lemma_ in _SPOKE:
                children += list(spoke.children)
        for subject in [c for c in verb.children if c.dep_ == "nsubj" and c.i > verb.i]:
            children += [c for c in subject.children if c.i > subject.i]
            children += [g for c in subject.children if c.dep_ == "appos" for g in c.children]
        # "When informed of it during an interview with THR, Corden said": the clause before
        # the cue says where the words were given
        heads = [verb, verb.head] if verb.dep_ == "conj" else [verb]
        # "X got serious during an interview with ET, insisting ...": a participle after the
        # main verb gives its words on the same occasion
        if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.i < verb.i:
            children += [c for c in verb.head.children if c.dep_ == "prep" and c.i < verb.i]
        for clause in (c for head in heads for c in head.children):
            if clause.dep_ == "advcl" and clause.i < verb.i:
                children += list(clause.children)
        # "said during an appearance on "The Graham Norton Show"", "in an interview with X"
        for prep in list(children):
            if prep.dep_ == "prep" and prep.lower_ in ("during", "in", "at"):
                for occasion in (c for c in prep.children if c.dep_ == "pobj"):
                    named = self._outlet_before(occasion, _OCCASIONS)
                    if named is not None:
                        return named
                    published = self._published_in(occasion)
                    if published is not None:
                        return published
                    if occasion.lemma_ in _OCCASIONS:
                        # "said in an interview with Inverse": the medium that asked, known
                        # to the outlet list or not
                        given = self._outlet_given_to(occasion)
                        if given is not None:
                            return given
                        children += list(occasion.children)
        for child in children:
            if child.dep_ != "prep" or child.lower_ not in _MEDIUM_PREPOSITIONS:
                continue
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                if self.is_outlet(pobj) or self.in_title(pobj):
                    return pobj
                # "said Sunday on NBCSN", "said on Live With Kelly and Ryan": a show's name
                # no outlet list holds
                if child.lower_ in ("on", "via") and self.show_name(pobj):
                    return pobj
                named = self._outlet_before(pobj, _OCCASIONS)
                if named is not None:
                    return named
                # "told MSNBC's Rachel Maddow", "on CNN's State of the Union"
                owner = _owner(pobj)
                if owner is not None and self.owning_outlet(owner):
                    return owner
                found = self._outlet_given_to(pobj)
                if found is not None:
                    return found
        return None

    def _outlet_before(self, noun: Token, heads: frozenset[str]) -> Token | None:
        """The first word of a known outlet's name set before a noun of `heads` ("in an
        Entertainment Tonight interview", "a CNN reporter"); recipient_span reads the whole
        name from it."""
        if noun.lemma_ not in heads:
            return None
        # capitalised, whatever the tagger said: "Tonight" in "Entertainment Tonight" is a noun
        names = [c for c in noun.lefts if c.dep_ == "compound" and c.text[:1].isupper()]
        if not names:
            return None
        phrase = self.text[names[0].idx : names[-1].idx + len(names[-1].text)]
        return names[0] if outlet_index().find(phrase, tagged=True) is not None else None

    def in_title(self, pobj: Token, heads: tuple[str, ...] = ("tell",)) -> bool:
        """'an insider tells In Touch': the parser reads the magazine's "In" as a preposition;
        with it the words name a known outlet."""
        prep = pobj.head
        if prep.dep_ != "prep" or prep.text != "In" or prep.head.lemma_.lower() not in heads:
            return False
        return (
            outlet_index().find(self.text[prep.idx : self.np_span(pobj)[1]], tagged=True)
            is not None
        )

    def recipient_span(self, recipient: Token) -> tuple[int, int]:
        start, end = self.np_span(recipient)
        if self.in_title(recipient, ("tell", "with", "to", "for")):
            return (recipient.head.idx, end)
        # "told Entertainment Tonight": the parse cut the name at a word it took for a time
        following = [t for t in self.doc[recipient.i + 1 : recipient.i + 3] if t.idx >= end]
        for last in reversed(following):
            if not all(t.text[:1].isupper() for t in self.doc[recipient.i + 1 : last.i + 1]):
                continue
            longer = last.idx + len(last.text)
            index = outlet_index()
            if (
                index.find(self.text[start:longer], tagged=True) is not None
                and index.find(self.text[start:end], tagged=True) is None
            ):
                return (start, longer)
        # "told E! News backstage": the parse made the adverb the head of the outlet's name
        words = [t for t in self.doc[recipient.left_edge.i : recipient.i + 1] if t.idx >= start]
        if len(words) > 1 and recipient.pos_ != "PROPN" and recipient.text.islower():
            name_end = words[-2].idx + len(words[-2].text)
            if outlet_index().find(self.text[start:name_end], tagged=True) is not None:
                return (start, name_end)
        return (start, end)

    def _outlet_given_to(self, noun: Token) -> Token | None:
        """The outlet an interview or statement went to: 'an interview with CNN', 'a statement
        (provided) to People', 'an opinion piece for The Washington Post'."""
        for sub in noun.children:
            if sub.dep_ == "prep" and sub.lower_ in ("with", "to", "for"):
                preps = [sub]
            elif sub.dep_ == "prep" and sub.lower_ in ("in", "on") and noun.lemma_ in _OCCASIONS:
                # "during her interview in Radio Disney", "an appearance on Today": a known
                # outlet or a show's name only ("an interview in May" names a time)
                inner = next((c for c in sub.children if c.dep_ == "pobj"), None)
                if inner is not None and (self.is_outlet(inner) or self.show_name(inner)):
                    return inner
                continue
            elif sub.dep_ == "acl" and sub.lemma_ in _GIVEN_TO:
                preps = [c for c in sub.children if c.dep_ == "prep" and c.lower_ == "to"]
            else:
                continue
            for prep in preps:
                inner = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if inner is None:  # "an interview with In Style": the parse took "In" for a
                    # preposition of its own
                    titled = (c for c in prep.children if c.dep_ == "prep" and c.text == "In")
                    named_in = next(
                        (g for c in titled for g in c.children if g.dep_ == "pobj"), None
                    )
                    if named_in is not None and self.in_title(named_in, ("with", "to", "for")):
                        return named_in
                if inner is not None and self.is_outlet(inner):
                    return inner
                if inner is not None and noun.lemma_ == "interview" and self._interviewer(inner):
                    return inner
                # "in a video for Playboy", "an interview with In Style", "an interview with
                # Vogue magazine"
                if inner is not None and noun.lemma_ in _GIVEN_FOR:
                    named = self._kind_named(inner)
                    if named is not None or self.show_name(inner):
                        return named or inner
        return None

    def _published_in(self, noun: Token) -> Token | None:
        """ "In a report published in the Washington Post, X said": the outlet that ran the
        piece the words were given in (a known outlet only)."""
        if noun.lemma_ not in _PUBLISHED_PIECES:
            return None
        for acl in (c for c in noun.children if c.dep_ == "acl" and c.lemma_ in _PUBLISHING):
            for prep in (c for c in acl.children if c.dep_ in ("prep", "agent")):
                outlet = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if outlet is not None and self.is_outlet(outlet):
                    return outlet
        return None

    def _kind_named(self, noun: Token) -> Token | None:
        """ "Vogue magazine", "the Kidd Kraddick Morning Show": a medium's kind after its name."""
        if noun.lemma_ not in ("magazine", "newspaper", "show", "program", "podcast"):
            return None
        names = [c for c in noun.lefts if c.dep_ == "compound" and c.text[:1].isupper()]
        return noun if names and self.show_name(names[-1]) else None

    def show_name(self, name: Token) -> bool:
        """A capitalised name mid-sentence that may be a show or publication: no person,
        place, date or government, no social network (whose posts are their author's)."""
        if name.pos_ != "PROPN" or not name.text[:1].isupper() or name.is_sent_start:
            return False
        if name.ent_type_ not in ("ORG", "WORK_OF_ART", "PRODUCT", ""):
            return False
        start, end = self.np_span(name)
        words = {w.lower() for w in re.findall(r"[\w'’-]+", self.text[start:end])}
        return not words & (_NOT_SHOWS | GOVERNMENT_WORDS | ORGANIZATION_HEADS) and not (
            len(words) == 1 and name.lower_ in GIVEN_NAMES
        )

    def _interviewer(self, name: Token) -> bool:
        """'in an interview with Digital Spy, the actor said': the speaker gave the interview,
        so a name (not a person's) it was given to is the medium that asked."""
        start, end = self.np_span(name)
        if self.text[start:end].lower() in MEDIA_HOSTS:
            return True  # "an interview with Howard Stern": the host's show
        if name.ent_type_ in ("PERSON", "GPE", "NORP"):
            return False
        # "Inverse" is tagged a common noun; capitalised mid-sentence, it is a name all the
        # same, unless the noun is a person or a body ("an interview with Mom", "with Police")
        common = name.pos_ == "NOUN" and name.lower_ not in (PEOPLE_NOUNS | GOVERNMENT_WORDS)
        if name.pos_ != "PROPN" and not common:
            return False
        return name.text[:1].isupper() and not name.is_sent_start

    def owning_outlet(self, owner: Token) -> bool:
        """Whether the possessor of whom a speaker told ("ET's Katie Krause") is an outlet:
        before a name, even a short name that is also a word ("ET", "People") is one."""
        start, end = self.np_span(owner)
        name = re.sub(r"['’]s$", "", self.text[start:end])
        # "the outlet’s source", "the magazine’s insider": the outlet named before, whose
        # source it is (the sources stage reads which one)
        pointing = owner.lemma_ in OUTLET_HEADS and any(
            c.dep_ == "det" and c.lower_ == "the" for c in owner.children
        )
        return (
            pointing or self.is_outlet(owner) or outlet_index().find(name, tagged=True) is not None
        )

    def is_outlet(self, head: Token) -> bool:
        start, end = self.np_span(head)
        # A name in capitals mid-sentence counts as tagged: "a statement to People" names the
        # magazine even where the parser tags no entity (only known outlet names match).
        capitalised = head.text[:1].isupper() and not head.text.isupper() and not head.is_sent_start
        tagged = head.ent_type_ in ("ORG", "WORK_OF_ART", "PRODUCT") or capitalised
        phrase = self.text[start:end]
        known = outlet_index().find(phrase, tagged=tagged) is not None
        # 'said on "The Talk" back in September': the tagged name, without what hangs on it
        named = self._entity_of.get(head.i)
        if not known and named is not None and named.label_ in ("ORG", "WORK_OF_ART"):
            known = outlet_index().find(named.text, tagged=True) is not None
        if known or news_handle(phrase):  # "an interview with WTATennis.com"
            return True
        return head.ent_type_ in ("ORG", "WORK_OF_ART") and outlet_like(phrase)

    def frame_tokens(self, verb: Token, heads: Iterable[Token | None]) -> set[int]:
        tokens = {verb.i}
        for child in verb.children:
            if child.dep_ == "prep":
                # "said in a statement": the phrase only, not a clause the parser hung on it
                tokens.add(child.i)
                for pobj in (c for c in child.children if c.dep_ == "pobj"):
                    start, end = self.np_span(pobj)
                    tokens.update(t.i for t in child.sent if start <= t.idx < end)
            elif child.dep_ in _FRAME_DEPS:
                tokens.update(t.i for t in child.subtree)
            elif child.dep_ == "dobj" and child.lemma_ == "statement":
                # "released the following statement:": the statement is the frame's, the
                # words after the colon are its content
                start, end = self.np_span(child)
                tokens.update(t.i for t in child.sent if start <= t.idx < end)
        for head in heads:
            if head is None:
                continue
            if head.left_edge.i <= verb.i <= head.right_edge.i:
                # "those who accused Ratner, with Henstridge saying '...'": the speaker's
                # subtree holds the cue's own clause and more; its noun phrase is the frame.
                start, end = self.np_span(head)
                tokens.update(t.i for t in head.sent if start <= t.idx < end)
            else:
                # (on the one told or on a name set after it: "told US Davis’ newspaper The
                # Auggie that ...")
                told = [
                    t.i
                    for c in head.subtree
                    if c.dep_ == "relcl"
                    for t in c.subtree
                    if t.lower_ == "that" and _told_that(verb, t)
                ]
                # "tells The Post that ...": the clause hung on the one told is the content
                cut = min(told, default=head.right_edge.i + 1)
                tokens.update(t.i for t in head.subtree if t.i < cut)
        # The frame lies outside the quote it reports, whatever the parser hung on the verb
        # ('"... five years ago," the narrator says' with "ago" parsed as its modifier).
        return {i for i in tokens if i == verb.i or not self.inside_quote(self.doc[i].idx)}

    # --- content -----------------------------------------------------------------------
    def adjacent_quote(self, frame_start: int, frame_end: int) -> Quote | None:
        for quote in self.quotes:
            between = self.text[quote.close + 1 : frame_start]
            # A quote closing the paragraph before is no frame's content ('"..."\n\nAfter
            # that, Chyna accused him'): a frame after its quote shares its paragraph.
            if quote.close < frame_start and _SEPARATOR.match(between) and "\n" not in between:
                if self.called_for(quote):
                    return None  # 'Calling for "broader options," he urged': a demand
                closed = self.text[quote.start : quote.end].rstrip(" \"”’'")[-1:] in ".!?"
                after = self.text[frame_end : frame_end + 8].lstrip(" \t")
                opens = after[:1] in (",", ":") and after.lstrip(" \t,:")[:1] in (
                    "\n",
                    '"',
                    "“",
                    "‘",
                )
                if closed and opens:
                    # '... “a cycle of jealousy.” A source tells the magazine,\n\n“...”': a
                    # frame that opens onto what follows is not the sentence before's
                    continue
                return quote
            if quote.open >= frame_end and _SEPARATOR.match(self.text[frame_end : quote.open]):
                # After the cue, a title ("Dancing with the Stars") or a word or two ("wrote
                # about a 'slave'") is named or scare-quoted, not what was said.
                if self.title_like(quote) or quote.words < 3:
                    return None
                return quote
        return None

    def clause_content(self, verb: Token, frame_end: int) -> tuple[int, int] | None:
        # What a thing is called, what is admitted to: the parse gives these no clause.
        phrase = _called(verb) if verb.lemma_ == "call" else _admitted_to(verb)
        if phrase is not None:
            return self.trim(phrase[0].idx, phrase[-1].idx + len(phrase[-1].text))
        for child in verb.children:
            if child.dep_ == "ccomp":
                if verb.lemma_ in WEAK_CUES and child.pos_ in ("NOUN", "PROPN", "NUM"):
                    return None  # "Investigators found five rounds": a thing, parsed as a clause
                if (
                    verb.lemma_ in WEAK_CUES
                    and child.tag_ == "VBG"
                    and not any(c.dep_ in ("aux", "mark") for c in child.children)
                ):
                    return None  # "shares photos of them looking in love": a picture's scene
                sub = list(child.subtree)
                if sub[0].idx > verb.idx and sub[0].lower_ in _ADVERBIAL_OPENERS:
                    continue  # '"...," Mill said before entering the arena': when, not what
                if sub[-1].idx < verb.idx:
                    after = self.clause_after(verb, frame_end)
                    if after is not None:
                        return after
                second = next((c for c in child.children if _second_cue(c)), None)
                if second is not None:  # "... is needed and conceded that ...": up to "and"
                    joints = [c.i for c in child.children if c.dep_ == "cc" and c.i < second.i]
                    cut = max(joints, default=second.i)
                    sub = [t for t in sub if t.i < min(cut, second.left_edge.i)]
                if sub[0].idx < verb.idx < sub[-1].idx and _relative(sub[0]):
                    # "a mansion that the city says has features": the relative word before
                    # the frame stands for the noun; what is said starts after the frame
                    sub = [t for t in sub if t.idx > verb.idx]
                return self.trim(sub[0].idx, sub[-1].idx + len(sub[-1].text))
        # The parser often hangs "that ..." on the wrong word ("said in a statement that ...",
        # "reported, citing X, that ..."): a that-clause right after the frame is the content.
        for tok in verb.sent:
            if tok.idx < frame_end or tok.lower_ != "that":
                continue
            if tok.dep_ != "mark" and not _told_that(verb, tok):
                continue
            between = [t for t in verb.sent if frame_end <= t.idx < tok.idx]
            if not any(t.pos_ in ("VERB", "AUX") for t in between):
                words = [t for t in verb.sent if t.i > tok.i and not (t.is_punct or t.is_space)]
                end = words[-1] if words else tok
                if self.text[end.idx + len(end.text) : end.idx + len(end.text) + 1] in '”"':
                    end = verb.sent[-1]
                return self.trim(tok.idx, end.idx + len(end.text))
            break
        return None

    def clause_after(self, verb: Token, frame_end: int) -> tuple[int, int] | None:
        """A clause straight after the frame ("William said his visit had been moving", "one
        Obama says is designed to ..."), which the parser hung elsewhere while taking the words
        before the verb for its object. A comma after the frame ("she said, adding ...")
        starts no reported clause."""
        words = [t for t in verb.sent if t.idx >= frame_end and not t.is_space]
        if len(words) < 4 or words[0].is_punct or self.text[frame_end : words[0].idx].strip():
            return None
        opener = words[0] if words[0].i == 0 else verb.doc[words[0].i - 1]
        if words[0].lower_ in _ADVERBIAL_OPENERS or (
            opener.dep_ == "prep" and opener.lower_ in _ADVERBIAL_OPENERS
        ):
            # '"...," she said as she held the trophy', '"...," Mill said before entering':
            # when, not what
            return None
        if verb.lemma_ in WEAK_CUES and any(
            c.dep_ == "dobj" and c.i > verb.i for c in verb.children
        ):
            return None  # "Investigators found five rounds in a bag that held ...": a thing found
        if not any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in words):
            return None
        last = next(t for t in reversed(words) if not t.is_punct)
        return self.trim(words[0].idx, last.idx + len(last.text))

    def after_cited(self, cited: Token, content: tuple[int, int]) -> tuple[int, int]:
        """Content that swallowed 'citing X' starts after it, at its 'that' when there is one."""
        cited_end = self.np_span(cited)[1]
        if content[1] <= cited_end or content[0] >= cited_end:
            return content
        mark = next((t for t in cited.sent if t.idx >= cited_end and t.lower_ == "that"), None)
        start = mark.idx if mark is not None and mark.idx < content[1] else cited_end
        return self.trim(start, content[1])

    def quote_in_phrase(self, verb: Token) -> Quote | None:
        """'called the poll "a clear sign"': a quote inside the verb's own phrase."""
        lo, hi = verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge.text)
        for quote in self.quotes:
            if verb.idx < quote.open and quote.close <= hi and quote.open >= lo:
                # A word or two in quotes inside the phrase ("wrote about a 'slave'") is a
                # scare quote, not the words reported.
                if self.title_like(quote) or quote.words < 3:
                    return None
                return quote
        return None

    def title_like(self, quote: Quote) -> bool:
        """A quoted title ("Live With Kelly and Ryan") is a name, not something said: most of
        its words are capitalised."""
        words = re.findall(r"[A-Za-z][\w’'-]*", self.text[quote.start : quote.end])
        # "Dancing with the Stars": the small words of a title stay lower-case.
        words = [w for w in words if w.lower() not in _TITLE_SMALL_WORDS or w[0].isupper()]
        capitals = sum(w[0].isupper() for w in words)
        # A full stop inside the marks ends a sentence someone spoke ('"I'm Chris Rock, not
        # Chris Brown."'); a title ends without one.
        sentence = self.text[quote.start : quote.end].rstrip().endswith(".") and any(
            not w[0].isupper() for w in words
        )
        return not sentence and len(words) <= 8 and capitals >= max(2, 0.7 * len(words))

    def seen_by(self, head: Token) -> list[tuple[tuple[int, int], int]]:
        """'documents seen by Reuters': the outlet that saw the document relays it; also
        'documents filed in court and obtained by The Blast' (a participle joined to another)."""
        participles = [c for c in head.children if c.dep_ == "acl"]
        participles += [conj for c in participles for conj in c.conjuncts]
        for child in participles:
            if child.lemma_ in ("see", "obtain", "review", "publish"):
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    if pobj is not None:
                        return [(self.np_span(pobj), pobj.i)]
        # "RadarOnline.com's palace sources": the outlet whose unnamed sources they are
        owner = _owner(head)
        if owner is not None and head.pos_ != "PROPN" and self.owning_outlet(owner):
            return [(self._owner_span(owner), owner.i)]
        # "Bumbery's statement, released to CNN, reads": the outlet given the statement
        given = self._outlet_given_to(head) if head.lemma_ in _GIVEN_NOUNS else None
        return [(self.np_span(given), given.i)] if given is not None else []

    def _owner_span(self, owner: Token) -> tuple[int, int]:
        start, end = self.np_span(owner)
        return start, start + len(re.sub(r"['’]s$", "", self.text[start:end]))

    def credited_outlet(self, verb: Token) -> Token | None:
        """A known outlet named between the cue and the sentence's end ("..., reveals Life &
        Style.", "..., reports OK!.") or between a comma and the cue ("..., E! News notes."),
        whose words the parse took for objects and modifiers; its first word, with the name's
        span kept for `source_span`."""
        if verb.lemma_ not in _CREDITING:
            return None
        sentence = verb.sent
        words = [t for t in sentence if not t.is_space]
        while words and words[-1].text in (".", "”", '"'):
            words.pop()
        after = [t for t in words if t.i > verb.i]
        before = [t for t in words if t.i < verb.i]
        comma = max((i for i, t in enumerate(before) if t.text == ","), default=None)
        for name in (after, before[comma + 1 :] if comma is not None else []):
            while name and name[0].text in ("”", '"', "’", "'"):
                name = name[1:]  # '"...," E! News notes.': the quote's closing mark first
            if not 0 < len(name) <= 5 or not name[0].text[:1].isupper():
                continue
            span = (name[0].idx, name[-1].idx + len(name[-1].text))
            if outlet_index().find(self.text[span[0] : span[1]], tagged=True) is not None:
                self._credited_names[name[0].i] = span
                return name[0]
        return None

    def source_span(self, head: Token) -> tuple[int, int]:
        """The source's phrase, without the outlet whose sources they are (a relay)."""
        if head.i in self._credited_names:
            return self._credited_names[head.i]
        start, end = self.np_span(head)
        first = _split_start(head)
        if first.i != head.i:  # "the Today co-host": the phrase of the word's first piece
            start = min(start, self.np_span(first)[0])
        owner = _owner(head)
        if owner is not None and head.pos_ != "PROPN" and self.owning_outlet(owner):
            after = self.np_span(owner)[1]
            case = next((c for c in owner.children if c.lower_ in ("'s", "’s")), None)
            after = max(after, case.idx + len(case.text)) if case is not None else after
            rest = self.text[after:end]
            start = after + len(rest) - len(rest.lstrip())
        return start, end

    def opens_paragraph(self, char: int) -> bool:
        return not self.text[:char].rstrip(" \t").split("\n")[-1].strip()

    def after_colon(
        self, frame_start: int, frame_end: int
    ) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
        """(content, passage scope) of a frame ending in a colon: 'RT reports:', 'He said:'.

        Ending its paragraph, the colon introduces the paragraphs after it (the scope); the
        content proper is the first of them.
        """
        rest = self.text[frame_end:]
        stripped = rest.lstrip(" \t")
        # "DiCenzo said,\n\nI'm sure today ...": a comma that ends the paragraph opens the next
        # one as a colon would; only its first paragraph is taken (no quote marks say more).
        comma_ends = stripped.startswith(",") and not stripped[1:].split("\n", 1)[0].strip()
        # "He says.\n\n“...”": a short frame that is its whole sentence, ending its
        # paragraph, gives its words in the quote that opens the next one ("X confirmed the
        # news to CNN." says something of its own).
        sentence_start = self.sentence_of(frame_start)[0]
        period_ends = (
            stripped.startswith(".")
            and not stripped[1:].split("\n", 1)[0].strip()
            and not self.text[sentence_start:frame_start].strip()
            and len(self.text[sentence_start:frame_end].split()) <= 3
            and stripped[1:].lstrip()[:1] in _OPENING_QUOTES
        )
        if (comma_ends or period_ends) and "\n" in stripped:
            start = frame_end + (len(rest) - len(stripped)) + 1
            first_start = self.trim(start, len(self.text))[0]
            paragraph_end = self.text.find("\n", first_start)
            end = len(self.text) if paragraph_end < 0 else paragraph_end
            return self.trim(first_start, end), None
        if not stripped.startswith(":"):
            return None
        start = frame_end + (len(rest) - len(stripped)) + 1
        if self.text[start:].split("\n", 1)[0].strip():
            sentence = self.trim(start, self.sentence_of(start)[1])
            if not self.opens_paragraph(frame_start):
                return sentence, None
            # "Daily Mail reports: Cambridge-educated Sir Christopher ...": a frame opening its
            # paragraph introduces what follows, its own line included.
            return sentence, self.trim(start, len(self.text))
        scope = self.trim(start, len(self.text))
        paragraph_end = self.text.find("\n", scope[0])
        first = self.trim(scope[0], len(self.text) if paragraph_end < 0 else paragraph_end)
        # "According to the synopsis:\n\nAdvertisement\n\n“...”": a page's ad slot between
        if _AD_SLOT.fullmatch(self.text[first[0] : first[1]]) and paragraph_end > 0:
            scope = self.trim(paragraph_end, len(self.text))
            paragraph_end = self.text.find("\n", scope[0])
            first = self.trim(scope[0], len(self.text) if paragraph_end < 0 else paragraph_end)
        return first, scope

    def parenthetical(self, frame_start: int, frame_end: int) -> bool:
        """'..., Politico reported in 2014.': a frame set off by a comma reports the rest."""
        before = self.text[:frame_start].rstrip()
        after = self.text[frame_end:].lstrip()
        # "As TheWrap first reported, ...": the "as" may open the frame or stand before it.
        as_frame = before.endswith(("As", "as")) or self.text.startswith(
            ("As ", "as "), frame_start
        )
        return before.endswith(",") or (as_frame and after[:1] == ",")

    def remainder(self, verb: Token, frame: set[int]) -> tuple[int, int] | None:
        """What a speech verb reports when the parse gives it no clause: the words after the
        frame ("William said his visit had been moving"), else the longest run of the
        sentence outside it ("The bridge will close, the mayor said.")."""
        runs: list[list[Token]] = [[]]
        for tok in verb.sent:
            if tok.i in frame or tok.is_space:
                runs.append([])
            else:
                runs[-1].append(tok)
        candidates = [run for run in runs if _reported(run)]
        after = [run for run in candidates if run[0].i > verb.i]
        if _in_relative_clause(verb):
            # "..., in which she urged a rise": a cue in a relative clause reports nothing of
            # the clause it hangs on, only what follows it.
            candidates = after
        before = [run for run in candidates if run[-1].i < verb.i]
        if after and before and after[0][0].lower_ in _JOINING and self._set_off(after[0][0]):
            # "Blankets covered the windows, Butler says, and no one answered": a frame set
            # off by commas closes the clause before it; what follows joins another
            after = []
            candidates = before[-1:]
        best = after[0] if after else max(candidates, key=len, default=None)
        if best is None:
            return None
        return self.trim(best[0].idx, best[-1].idx + len(best[-1].text))

    def _set_off(self, first: Token) -> bool:
        """Whether a comma comes right before the word that follows a frame."""
        return self.text[: first.idx].rstrip().endswith(",")

    def before_colon_quote(self, clause: tuple[int, int]) -> tuple[int, int]:
        """ "X said some have called for it: “...”": the words after the colon are a quote of
        their own (an attribution apart); the clause ends at the colon."""
        for quote in self.quotes:
            if clause[0] < quote.open < clause[1]:
                before = self.text[clause[0] : quote.open].rstrip()
                if before.endswith(":"):
                    return self.trim(clause[0], len(before) + clause[0] - 1)
        return clause

    def frames_a_cue(self, start: int, end: int) -> bool:
        """Whether a reporting verb outside quotation marks speaks within the span."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return span is not None and any(
            is_cue(t) and t.pos_ == "VERB" and not self.inside_quote(t.idx) for t in span
        )

    def kind_and_snap(self, start: int, end: int) -> tuple[AttributionKind, tuple[int, int]]:
        """direct when a quote fills the content, mixed when quotes cover part of it."""
        # "Metz told People she used to design her own, “because ...”": a quote that opens
        # where the clause ends goes on with the clause, in the same words
        following = next((q for q in self.quotes if end <= q.start <= end + 3), None)
        if following is not None and start < following.start:
            gap = self.text[end : following.start]
            if not gap.strip(" ,“\"‘'") and self.text[start:end].rstrip(" “\"‘'").endswith(","):
                closing = self.text[following.end : following.end + 1] in ("”", '"', "»")
                end = following.end + closing
        inner = [q for q in self.quotes if q.start < end and q.end > start]
        # A quote is atomic: content that runs into one takes all of it.
        for q in inner:
            if q.start < start < q.end and q.end < end:
                pass
            elif start <= q.start < end < q.end:
                end = q.end
                if self.text[end : end + 1] in ("”", '"', "»"):
                    end += 1
        if not inner:
            return "indirect", (start, end)
        covered = sum(min(q.end, end) - max(q.start, start) for q in inner)
        if len(inner) == 1 and covered >= 0.8 * (end - start):
            return "direct", (inner[0].start, inner[0].end)
        return "mixed", (start, end)

    # --- attributions ------------------------------------------------------------------
    def from_verb(self, verb: Token) -> RawAttribution | None:
        if not is_cue(verb) or (not _verb_like(verb) and verb.lemma_ in CUE_VERBS):
            return None
        # '"Absolutely not," he said': a "not" inside the quote is what was said, and the
        # parser hangs it on the cue all the same.
        if any(c.dep_ == "neg" and not self.inside_quote(c.idx) for c in verb.children):
            return None
        if (
            verb.dep_ == "acl"
            and verb.tag_ == "VBN"
            and not any(c.dep_ == "ccomp" for c in verb.children)
        ):
            return None  # "a biography written by the singer": a noun's participle says nothing
        if self.inside_quote(verb.idx):
            return self.nested(verb)
        # "Here's what the regulation says:" names the words it goes on to quote
        colon_next = self.text[verb.idx + len(verb.text) :].lstrip(" \t").startswith(":")
        if (_free_relative(verb) and not colon_next) or _idiom(verb) or _circumstance(verb):
            return None
        if _impersonal(verb):
            return None  # "it's important to note that ...": the article's own voice
        quoting = (_quoted_as(t) for t in verb.subtree if t.i > verb.i)
        if any(q is not None and q.i == verb.i for q in quoting):  # (tokens: compare by index)
            return None  # "IRNA quoted X as saying ...": the participle reports it
        if self._unreal(verb):
            return None
        speaker, passive = self.subject(verb)
        if passive and speaker is None and verb.lemma_ not in ("report", "say", "claim", "allege"):
            return None
        if passive and speaker is None:
            # "it was reported in People Magazine that ...": the outlet it ran in reports it
            ran_in = self.medium(verb)
            if ran_in is not None and self.is_outlet(ran_in):
                speaker = ran_in
        cited = self.citing(verb)
        recipient = self.recipient(verb)
        if (
            recipient is None
            and (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG"))
            and is_cue(verb.head)
        ):
            # "told her story in an interview with People, saying that ...", "told People
            # ... and said": the one frame's outlet relays both verbs
            recipient = self.recipient(verb.head)
            if recipient is not None and not self.is_outlet(recipient):
                recipient = self.medium(verb.head)  # the person told relays nothing
        frame = self.frame_tokens(verb, (speaker, recipient, cited))
        words = [
            self.doc[i] for i in frame if not (self.doc[i].is_punct or self.doc[i].is_space)
        ] or [verb]
        frame_start = min(t.idx for t in words)
        frame_end = max(t.idx + len(t.text) for t in words)

        kind: AttributionKind = "direct"
        content: tuple[int, int] | None = None
        scope: tuple[int, int] | None = None
        quote = self.adjacent_quote(frame_start, frame_end)
        clause = self.clause_content(verb, frame_end)
        # "Evening Standard reports: Activists will march ...": a colon right after the frame
        # opens a passage, whatever clause the parser found after it.
        colon_first = quote is None and self.after_colon(frame_start, frame_end) is not None
        if colon_first:
            clause = None
        if quote is None and clause is None:
            quote = self.quote_in_phrase(verb)
        if quote is not None and (clause is None or quote.start <= clause[0] < quote.close):
            content = (quote.start, quote.end)
        elif clause is not None:
            kind, content = self.kind_and_snap(*self.before_colon_quote(clause))
        else:
            colon = self.after_colon(frame_start, frame_end)
            if colon is not None:
                content, scope = colon
            elif verb.lemma_ in _SPEECH_ONLY or self.parenthetical(frame_start, frame_end):
                content = self.remainder(verb, frame)
            if content is None:
                return None
            kind, content = self.kind_and_snap(*content)
        if verb.lemma_ in WEAK_CUES and kind == "indirect" and clause is None and not colon_first:
            return None
        if cited is not None:
            content = self.after_cited(cited, content)
        if content[1] <= content[0]:
            return None
        if kind == "indirect" and len(self.text[content[0] : content[1]].split()) < 2:
            return None  # "tells @GMA": one word is the one told, not what was said
        if kind == "indirect" and self._directive_or_answer(verb, content):
            return None
        if kind == "indirect" and self._thing_said_of(verb, content):
            return None
        if kind == "indirect" and content[0] > verb.idx and _ASKED.match(self.text, content[0]):
            return None  # "will say if it is him", "explained why": asked, not claimed

        if kind == "indirect" and _FRAGMENT.match(self.text, content[0]):
            fragment = "," not in self.text[content[0] : content[1]]
            if fragment and self.text[content[1] : content[1] + 2].lstrip()[:1] == ",":
                return None  # "Whenever split rumors make the rounds, they ...": no claim
        if speaker is not None and _nobody(speaker):
            return None  # "no real insiders could confirm", "you're eager to find out"
        source_head = cited if cited is not None else speaker
        relays = self.relays_of(verb, speaker)
        if cited is not None and speaker is not None:
            relays.append((self.np_span(speaker), speaker.i))
        if source_head is not None:
            relays.extend(self.seen_by(source_head))
        cue = (verb.idx, verb.idx + len(verb.text))
        return RawAttribution(
            cue=cue,
            content=content,
            kind=kind,
            source=self.source_span(source_head) if source_head is not None else None,
            source_head=source_head.i if source_head is not None else None,
            cue_lemma=verb.lemma_,
            recipient=self.recipient_span(recipient) if recipient is not None else None,
            recipient_head=recipient.i if recipient is not None else None,
            recipient_medium=recipient is not None and not _told_only(verb, recipient),
            inner_relays=relays,
            scope=scope,
        )

    def _unreal(self, verb: Token) -> bool:
        """Speech nobody reports as made: asked about ("Why would Hodges say this?") or
        missed ("Instead of saying he was sorry", "without saying")."""
        sentence = self.text[slice(*self.sentence_of(verb.idx))].rstrip(" \n\"”’'")
        if sentence.endswith("?") and not self.inside_quote(verb.idx):
            return True
        if verb.lemma_ in _ARGUING and any(
            c.dep_ == "aux" and c.lower_ in ("can", "could", "might", "may") for c in verb.children
        ):
            return True  # "Lawmakers can argue that ...": what someone might say
        if verb.lemma_ in ("recall", "remember") and any(
            c.dep_ == "aux" and c.lower_ in ("may", "might", "will", "'ll", "can", "could")
            for c in verb.children
        ):
            return True  # "Fans may recall that ...": the writer's reminder, nobody's words
        return _NOT_SAYING.search(self.text, max(0, verb.idx - 20), verb.idx) is not None

    def _thing_said_of(self, verb: Token, content: tuple[int, int]) -> bool:
        """ "explained the decision", "confirmed their relationship", "wrote songs": a noun
        phrase names what the words were about, not what they claim."""
        if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children) or _called(verb):
            return False
        objects = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")]
        if not objects:
            return False
        start = self.np_span(objects[0])[0]
        words = self.text[content[0] : content[1]]
        if verb.lemma_ in _CLAIMING and any(
            (t.tag_ in ("VBD", "VBZ", "VBP", "MD") or (t.tag_ == "VBN" and t.head != objects[0]))
            and t.dep_ in ("acl", "ccomp")
            and t.i > objects[0].i
            and not any(_relative(c) for c in t.children)
            for t in verb.sent
            if content[0] <= t.idx < content[1]
        ):
            return False  # "said evidence including a note pointed to ...": a clause misparsed
        return content[0] >= start and not _CLAUSE_OPENER.match(words)

    def _directive_or_answer(self, verb: Token, content: tuple[int, int]) -> bool:
        """ "told his officers to position dogs", "urged them to leave": an order reports no
        claim; "Owen said yes, and ...": the answer is the one word, and what follows it is
        the writer's."""
        words = self.text[content[0] : content[1]]
        if verb.lemma_ in _DIRECTIVE_CUES and words.startswith(("to ", "not to ")):
            return True
        return any(c.dep_ in ("dobj", "intj") and c.lower_ in ("yes", "no") for c in verb.children)

    def from_noun_cue(self, token: Token) -> RawAttribution | None:
        """ "the 40-year-old insists that ...", "Schwartz teases that ...": a cue's -s form the
        tagger took for a plural noun, with the speaker parsed as its modifiers."""
        lower = token.lower_
        if token.tag_ != "NNS" or not lower.endswith("s") or self.inside_quote(token.idx):
            return None
        lemma = next((w for w in (lower[:-1], lower[:-2]) if w in CUE_VERBS), None)
        if lemma is None:
            return None
        mods = [c for c in token.lefts if c.dep_ in ("det", "amod", "compound", "nummod")]
        heads = [c for c in mods if c.pos_ in ("PROPN", "NOUN", "ADJ")]
        if not heads:
            return None
        clause = next((c for c in token.children if c.dep_ == "ccomp" and c.i > token.i), None)
        if clause is None:
            return None
        said = self.clause_said(clause)
        if said is None:
            return None
        kind, content = said
        speaker = heads[-1]
        return RawAttribution(
            cue=(token.idx, token.idx + len(token.text)),
            content=content,
            kind=kind,
            source=(mods[0].left_edge.idx, speaker.idx + len(speaker.text)),
            source_head=speaker.i,
            cue_lemma=lemma,
        )

    def clause_said(self, clause: Token) -> tuple[AttributionKind, tuple[int, int]] | None:
        """A clause's words as content, snapped to the quotes in it; None for a stub of
        a few letters."""
        sub = list(clause.subtree)
        content = self.trim(sub[0].idx, sub[-1].idx + len(sub[-1].text))
        if content[1] - content[0] < 8:
            return None
        return self.kind_and_snap(*content)

    def from_rumour(self, token: Token) -> RawAttribution | None:
        """ "there are reports that ...", "rumours surfaced that ...", "heard a report that
        ...": talk with no author, whose claim the that-clause gives (a vague source). Not
        "reports that ... are false", where the sentence reports the denial."""
        if token.pos_ != "NOUN" or self.inside_quote(token.idx):
            return None
        head = token.head
        there = (
            token.dep_ == "attr"
            and head.lemma_ == "be"
            and any(c.dep_ == "expl" for c in head.children)
        )
        surfaced = token.dep_ == "nsubj" and head.lemma_ in _SURFACING
        heard = token.dep_ == "dobj" and head.lemma_ in ("hear", "read")
        if not (there or surfaced or heard):
            return None
        holders = [token, head] if surfaced else [token]
        clause = next(
            (
                c
                for holder in holders
                for c in holder.children
                if c.dep_ in ("acl", "ccomp")
                and c.i > token.i
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ),
            None,
        )
        if clause is None:
            return None
        said = self.clause_said(clause)
        if said is None:
            return None
        kind, content = said
        return RawAttribution(
            cue=None,
            content=content,
            kind=kind,
            source=self.np_span(token),
            source_head=token.i,
            cue_lemma=token.lemma_,
        )

    def from_according(self, token: Token) -> RawAttribution | None:
        nxt = token.nbor(1) if token.i + 1 < len(self.doc) else None
        if nxt is None or nxt.lower_ != "to" or self.inside_quote(token.idx):
            return None
        before = self.doc[token.i - 1] if token.i > 0 else None
        if before is not None and before.pos_ in ("VERB", "AUX"):
            return None  # manner, not source: "built according to the standards"
        pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
        title = None
        if pobj is None:
            # "According to In Touch": the parser reads the magazine's "In" as a preposition
            title = next(
                (c for c in token.children if c.dep_ == "prep" and c.text == "In" and c.i > nxt.i),
                None,
            )
            pobj = next((c for c in title.children if c.dep_ == "pobj"), None) if title else None
            if pobj is not None and not self.in_title(pobj, heads=("according", "accord")):
                pobj = None
        if pobj is None or pobj.lemma_.lower() in NOT_SOURCES:
            return None
        phrase = {token.i, nxt.i} | {t.i for t in pobj.subtree} | ({title.i} if title else set())
        lo, hi = min(phrase), max(phrase)
        sent_start, sent_end = self.sentence_of(token.idx)
        left = self.trim(sent_start, self.doc[lo].idx)
        right = self.trim(self.doc[hi].idx + len(self.doc[hi].text), sent_end)
        # "According to a reporter for X that attended the taping, B": the relative clause
        # the parse left outside the phrase still describes the source.
        relative = _RELATIVE_OPENER.match(self.text, right[0])
        comma = self.text.find(", ", right[0], right[1])
        if relative is not None and comma > 0 and right[1] - comma >= 8:
            right = self.trim(comma + 2, right[1])
        source = (title.idx, self.np_span(pobj)[1]) if title else self.source_span(pobj)
        source_head = pobj.i
        named = self._apposed_name(right) if _names_a_person(pobj) else None
        if named is not None:
            # "according to her BFF, rapper Todrick Hall, B": the name set off after the
            # phrase is the source; what was said starts after it
            name_tokens, after = named
            source = (name_tokens[0].idx, name_tokens[-1].idx + len(name_tokens[-1].text))
            source_head = name_tokens[-1].i
            right = self.trim(after, right[1])
        content = right if right[1] - right[0] >= left[1] - left[0] else left
        # "According to the official synopsis:" ending its paragraph introduces what follows
        colon = self.after_colon(self.doc[lo].idx, self.doc[hi].idx + len(self.doc[hi].text))
        scope = None
        if colon is not None and self.text[right[0] : right[1]].strip() in ("", ":"):
            content, scope = colon
        # "A happened, and according to the Post, B": the phrase opens its own clause.
        if _CLAUSE_JOINT.search(self.text, left[0], self.doc[lo].idx) and right[1] - right[0] >= 8:
            content = right
        if content[1] - content[0] < 8:
            return None
        if self.frames_a_cue(*content):
            # '"...," a palace spokesperson said, according to News.com.au': the outlet
            # relays the quote and its speaker both; snapped to the quote, the frame would
            # duplicate the speaker's own attribution and be dropped
            kind: AttributionKind = "mixed"
        else:
            kind, content = self.kind_and_snap(*content)
        cue = (token.idx, nxt.idx + len(nxt.text))
        return self._credited(cue, content, kind, source, source_head, pobj, scope)

    def _credited(
        self,
        cue: tuple[int, int],
        content: tuple[int, int],
        kind: AttributionKind,
        source: tuple[int, int],
        source_head: int,
        pobj: Token,
        scope: tuple[int, int] | None = None,
    ) -> RawAttribution:
        """An "according to" attribution (also "Per X,"): the phrase's object is the source."""
        return RawAttribution(
            cue=cue,
            content=content,
            kind=kind,
            source=source,
            source_head=source_head,
            cue_lemma="according to",
            inner_relays=self.seen_by(pobj),
            scope=scope,
        )

    def from_per(self, token: Token) -> RawAttribution | None:
        """ "Per the EW piece, Lord and Miller took ...", "Per TMZ, ...": "per" opening its
        sentence, its object set off by a comma, credits the rest of the sentence as
        "according to" does ("$5 per person" and "per cent" open no sentence)."""
        opens = token.i == token.sent.start and token.text == "Per"
        # "As per various reports, ..."
        as_per = token.i == token.sent.start + 1 and token.nbor(-1).text == "As"
        if not (opens or as_per) or self.inside_quote(token.idx):
            return None
        pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
        if pobj is None or pobj.lemma_.lower() in NOT_SOURCES:
            return None
        source = self.source_span(pobj)
        comma = _SET_OFF.match(self.text, source[1])
        if comma is None:
            return None
        content = self.trim(comma.end(), self.sentence_of(token.idx)[1])
        if content[1] - content[0] < 8:
            return None
        kind, content = self.kind_and_snap(*content)
        cue = (token.idx, token.idx + len(token.text))
        return self._credited(cue, content, kind, source, pobj.i, pobj)

    def _apposed_name(self, span: tuple[int, int]) -> tuple[list[Token], int] | None:
        """A name set off by commas at the start of `span` (after "according to her BFF,"):
        its proper-noun tokens and where the text after its closing comma starts."""
        if self.text[max(0, span[0] - 2) : span[0]].strip() != ",":
            return None
        comma = self.text.find(",", span[0], span[1])
        if comma < 0 or span[1] - comma < 8 or self.text[comma + 1 :].lstrip()[:1].isdigit():
            return None  # "According to police, John Smith, 45, was ...": the subject
        tokens = [t for t in self.doc if span[0] <= t.idx < comma]
        names = [t for t in tokens if t.pos_ == "PROPN" and t.text[:1].isupper()]
        if not names or len(tokens) > 5 or tokens[-1] is not names[-1]:
            return None
        # what follows must be a clause with its own subject: in "a witness, Smith, the
        # driver, ran away" the name is the subject of what the witness said
        rest = [t for t in self.doc if comma < t.idx < span[1]]
        if not any(
            t.dep_ in ("nsubj", "nsubjpass") and t.head in rest and t.head.i > t.i for t in rest
        ):
            return None
        first = names[0].i
        while first > tokens[0].i and self.doc[first - 1].pos_ == "PROPN":
            first -= 1
        return [t for t in tokens if t.i >= first], comma + 1

    def unframed_quotes(self, found: list[RawAttribution]) -> list[RawAttribution]:
        """Long quotes with no cue of their own continue the speaker quoted just before."""
        extra: list[RawAttribution] = []
        covered = [a.content for a in found]
        for quote in self.quotes:
            if quote.words < 2 or any(s <= quote.start and quote.end <= e for s, e in covered):
                continue
            if self.title_like(quote) or self.called_for(quote):
                continue
            # "X said Y: “...”": the quote the clause's colon opens is X's too, whatever
            # voices it reports inside.
            opened = next(
                (
                    a
                    for a in found
                    if a.source is not None and self.text[a.content[1] : quote.open].strip() == ":"
                ),
                None,
            )
            if opened is not None:
                extra.append(_quoted_in(opened, quote, keep_cue=False))
                continue
            # A cue inside the quote frames it, unless it is another voice the quoted
            # speaker reports, with its words inside the quote too.
            if any(
                quote.start <= (a.cue or (0, 0))[0] < quote.end
                and not quote.start <= a.content[0] < a.content[1] <= quote.end
                for a in found
            ):
                continue
            # A voice reported inside a quote is not the speaker a later quote goes on from.
            before = [
                a
                for a in found
                if a.content[1] <= quote.open
                and a.source is not None
                and not (a.cue is not None and self.inside_quote(a.cue[0]))
            ]
            previous = _speaker_within(
                max(before, key=lambda a: a.content[1], default=None), before
            )
            near = (
                previous is not None
                and self._sentences_between(previous.content[1], quote.open) <= 2
            )
            # A short quote is a continuation only right after its speaker's cued quote in the
            # same paragraph ('"A," McCain said. "My feelings are hurt."'); alone, it is more
            # often a scare quote or a title.
            if quote.words < 5 and not (
                previous is not None
                and previous.kind == "direct"
                and "\n" not in self.text[previous.content[1] : quote.open]
                and self._sentences_between(previous.content[1], quote.open) <= 1
            ):
                continue
            # A paragraph that is one quote and nothing else goes on with the voice quoted
            # last, across the writer's asides between ("The report claims ... \n\n"A."\n\n
            # That's not a good sign.\n\n"B."), as long as no one else has spoken since.
            alone = self.paragraph_is(quote)
            voice = previous is not None and previous.kind in ("direct", "mixed")
            frame = previous if near or (alone and voice) else None
            introduced = self._introduced_person(quote, found)
            if introduced is not None:
                frame = introduced
            following = self._framed_after(quote, found)
            if following is not None:
                # '"A," Hamdani said, and B': the cue after the quote frames it, although the
                # parse gave that cue the clause after it as its content.
                extra.append(_quoted_in(following, quote, keep_cue=True))
                continue
            # The continuation reuses the previous frame, so the outlet it was told to ('"A,"
            # she told People. "B."') relays it too (docs/annotation.md).
            extra.append(
                RawAttribution(
                    cue=None,
                    content=(quote.start, quote.end),
                    kind="direct",
                    source=frame.source if frame else None,
                    source_head=frame.source_head if frame else None,
                    cue_lemma="",
                    recipient=frame.recipient if frame else None,
                    recipient_head=frame.recipient_head if frame else None,
                    recipient_medium=frame.recipient_medium if frame else False,
                    inner_relays=list(frame.inner_relays) if frame else [],
                )
            )
        return extra

    def called_for(self, quote: Quote) -> bool:
        """Whether the quote is what someone called for ("Calling for “broader options”"):
        a demand, no claim."""
        return _CALLED_FOR.search(self.text, max(0, quote.open - 14), quote.open) is not None

    def paragraph_is(self, quote: Quote) -> bool:
        """Whether the quote, with its marks, is the whole of its paragraph."""
        start = self.text.rfind("\n", 0, quote.open) + 1
        end = self.text.find("\n", quote.close)
        end = len(self.text) if end < 0 else end
        return not self.text[start : quote.open].strip() and not self.text[
            quote.close + 1 : end
        ].strip(" \t\"”’'")

    def _framed_after(self, quote: Quote, found: list[RawAttribution]) -> RawAttribution | None:
        """The attribution whose frame follows the quote's closing mark at once ('"...,"
        Talat Hamdani said'), with its content after the frame, not this quote."""
        words = self.text[quote.start : quote.end].rstrip(" \"”’'")
        if words.endswith("."):
            return None  # '"B." They told him ...': a new sentence, not this quote's frame
        for raw in found:
            if raw.cue is None or raw.source is None or raw.content[0] < raw.cue[1]:
                continue
            frame_start = min(raw.cue[0], raw.source[0])
            gap = self.text[quote.end : frame_start]
            if frame_start > quote.end and len(gap) <= 4 and not set(gap) - set(" ,”\"’'"):
                return raw
        return None

    def _introduced_person(
        self, quote: Quote, found: list[RawAttribution]
    ) -> RawAttribution | None:
        """ "Spokeswoman Marie Harf was dubious of the claim. “This sounds made up,”": a quote
        right after a sentence about a named person, in its paragraph, with no cue in that
        sentence, is that person's."""
        start, end = self.sentence_of(max(0, quote.open - 1))
        if start >= quote.open:
            return None
        if any(a.cue is not None and start <= a.cue[0] < end for a in found):
            return None
        at = bisect.bisect_left(self._token_starts, start)
        if at >= len(self.doc):
            return None
        first = self.doc[at].sent[0]
        # Across a paragraph break only after a speech event with no words of its own:
        # "Chief Gregory Moore spoke to reporters this morning.\n\n“Though ...”"
        main_verbs = [t for t in first.sent if t.dep_ == "ROOT"]
        main_verbs += [t for t in first.sent if t.dep_ == "conj" and t.head.dep_ == "ROOT"]
        if "\n" in self.text[start : quote.open] and not (
            self.text[end : quote.open].strip() == ""
            and any(t.lemma_ in _SPEECH_EVENTS for t in main_verbs)
        ):
            return None
        # the last named subject of the sentence: "He urged him to wait, but Isaacs refused."
        # or a he/she for one ("He's aware that could disappoint fans. “I'm sure ...”")
        subjects = [
            t
            for t in first.sent
            if t.dep_ == "nsubj"
            and t.idx < quote.open
            and (
                (
                    t.pos_ == "PROPN"
                    and (t.ent_type_ in ("PERSON", "") or t.text in self.person_words)
                )
                or t.lower_ in PERSON_PRONOUNS
                # "Twitter users have been chatting.\n\n“...”": a crowd the quote is one of
                or (t.tag_ == "NNS" and t.lemma_ in _CROWDS)
            )
        ]
        if not subjects:
            return None
        subject = subjects[-1]
        return RawAttribution(
            cue=None,
            content=(quote.start, quote.end),
            kind="direct",
            source=self.np_span(subject),
            source_head=subject.i,
        )

    def participle_goes_on(
        self, raw: RawAttribution, verb: Token, found: list[RawAttribution]
    ) -> RawAttribution:
        """'"...," she said. Adding that her kids speak Amharic.': a sentence that is only
        a participle's clause goes on with the speaker of the sentence before."""
        # the closing mark of the quote before may open the participle's sentence
        if any(not (t.is_punct or t.is_space) for t in verb.doc[verb.sent.start : verb.i]):
            return raw
        before = [a for a in found if a.source is not None and (a.cue or a.content)[1] <= verb.idx]
        previous = max(
            before, key=lambda a: max(a.content[1], (a.cue or a.content)[1]), default=None
        )
        if previous is None or self._sentences_between(previous.content[1], verb.idx) > 1:
            return raw
        return dataclasses.replace(raw, source=previous.source, source_head=previous.source_head)

    def _sentences_between(self, start: int, end: int) -> int:
        return sum(1 for s, _ in self.sentences if start < s < end)


# Openers that take a noun ("After the vote, ..."), unlike "although" or "because", whose
# clause the parser may also hang on the verb.
_NOUN_PREPOSITIONS = frozenset(
    ["after", "before", "following", "amid", "despite", "since", "during", "upon", "with"]
)


# What names the medium words went through: "told reporters on Fox News", "via ABC".
_MEDIUM_PREPOSITIONS = frozenset(["to", "with", "on", "in", "via", "from"])
# Cues that open a sentence before their speaker: "Said a source:", "Added the insider,".
_INVERTED_CUES = frozenset(["say", "add", "explain", "continue", "write", "note", "insist"])
# Who asks for an outlet: "an Entertainment Tonight reporter asked".
_ASKERS = frozenset(["reporter", "correspondent", "host", "interviewer", "journalist", "producer"])
# Where words were given: "during an appearance on X", "in an interview with X".
# Names after "said on" that are no show: a social network (words posted there are their
# author's, the network relays nothing) or a place.
_NOT_SHOWS = SOCIAL_NETWORKS | frozenset(["capitol", "hill", "broadway"])
# What is made for an outlet: "in a video for Playboy", "an interview with In Style".
_GIVEN_FOR = frozenset(["interview", "video", "piece", "essay", "op-ed", "column", "podcast"])
# Talk with no author, and what it does when it spreads: "rumours surfaced that ...".
_RUMOURS = frozenset(["report", "rumor", "rumour", "speculation", "whisper", "chatter"])
_SURFACING = frozenset(["surface", "emerge", "circulate", "swirl", "spread", "abound", "persist"])
# Cues an outlet's name may stand right before or after at a sentence's end: "..., reveals
# Life & Style.", "..., E! News notes."
_CREDITING = frozenset(["reveal", "report", "say", "note", "claim", "write", "add", "confirm"])
# A piece another outlet ran, and how it ran it: "a report published in the Washington Post".
_PUBLISHED_PIECES = frozenset(["report", "article", "piece", "story", "column", "profile", "op-ed"])
_PUBLISHING = frozenset(["publish", "run", "print", "air", "broadcast", "post"])
_OCCASIONS = frozenset(
    ["appearance", "interview", "episode", "segment", "visit", "chat", "conversation", "sit-down"]
)
_AD_SLOT = re.compile(r"\s*(?:advertisement|advertising|ad|story continues below)\s*", re.I)
_CLAUSE_OPENER = re.compile(r"(?:that|whether|if|how|why|what|when|where|who)\b", re.IGNORECASE)
_INFERENCE = frozenset(["explain", "show", "suggest", "indicate", "prove", "mean", "confirm"])
# Verbs that say something is so by evidence: a report "shows that" (its words), a person
# "showed that" they understood (by what they did).
_DEEDS = frozenset(["show", "prove", "demonstrate"])
_RELATIVE_OPENER = re.compile(r"(?:that|who|which)\s+\w+(?:ed|s)\b", re.IGNORECASE)
# What ends the clause before an "according to" that opens the next one.
_CLAUSE_JOINT = re.compile(r"(?:[,;–—-]\s*(?:and|but|while|yet)|;)\s*$", re.IGNORECASE)
_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
# Words that open a clause saying when or why, not what: '"...," she said as she left'.
_ADVERBIAL_OPENERS = frozenset(["as", "while", "when", "before", "after", "because", "since"])


def _left_of(head: Token) -> int:
    """How many words of its phrase stand before a head ("Jane" before "Fonda")."""
    return int(head.i - head.left_edge.i)


def _told_that(verb: Token, that: Token) -> bool:
    """ "tells The Post that Cabello always strives ...": the parser made the that-clause a
    relative clause on the one told, "that" its object; a clause with a subject of its own
    says what was told."""
    clause = that.head
    told = clause.head
    while told.dep_ in ("appos", "compound") and told.head.i != told.i:
        told = told.head  # "told the newspaper The Auggie that ...": the name after the noun
    return (
        verb.lemma_ in _RECIPIENT_VERBS
        and that.dep_ in ("dobj", "nsubj")
        and clause.dep_ == "relcl"
        and told.head.i == verb.i
        and told.dep_ in ("dobj", "dative", "iobj")
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i != that.i for c in clause.children)
    )


def _told_only(verb: Token, recipient: Token) -> bool:
    """Whether the recipient is only whom the words were told ("told her mother", "told
    Moneyish"), not a medium the frame names ("on NBCSN", "an interview with Vogue")."""
    return recipient.head.i == verb.i and recipient.dep_ in ("dobj", "dative", "iobj")


def _bang_of_name(token: Token) -> bool:
    """The "!" of "E! Online": part of the name, not the end of a sentence."""
    if token.text != "!" or token.i == 0:
        return False
    before = token.doc[token.i - 1]
    return before.text in BANG_NAMES and not before.whitespace_


def _free_relative(verb: Token) -> bool:
    """ "what she claims is his signature", "based on what Asghari said": the words are named,
    not reported: "what" is the verb's own object."""
    return any(
        c.lower_ == "what" and c.dep_ in ("dobj", "nsubj", "ccomp") and c.i < verb.i
        for c in verb.children
    ) or (
        verb.dep_ in ("relcl", "ccomp", "pcomp") and verb.doc[max(verb.i - 2, 0)].lower_ == "what"
    )


def _described_source(noun: Token) -> Token:
    """ "a source close to Kelly, who says": the parser hangs the relative clause on the last
    name; the one who says is the unnamed source that name describes."""
    up = noun
    while up.dep_ == "pobj" and up.head.dep_ == "prep" and up.head.head.pos_ in ("ADJ", "NOUN"):
        up = up.head.head
        while up.pos_ == "ADJ" and up.dep_ == "amod":
            up = up.head
        if up.pos_ == "NOUN" and up.lemma_ in ANONYMOUS_HEADS:
            return up
    return noun


def _quoted_in(frame: RawAttribution, quote: Quote, *, keep_cue: bool) -> RawAttribution:
    """The quote as a direct attribution of `frame`'s speaker and relays; with its cue when
    the frame is the quote's own ('"A," Hamdani said'), without when it only opens it ("X
    said Y: '...'")."""
    moved = dataclasses.replace(
        frame,
        content=(quote.start, quote.end),
        kind="direct",
        inner_relays=list(frame.inner_relays),
        scope=None,
        label=False,
    )
    return moved if keep_cue else dataclasses.replace(moved, cue=None, cue_lemma="")


def _past_dateline(subject: Token) -> Token:
    """ "Washington, DC — A former agent ... said": the parser makes the dateline's place the
    subject and the real one its apposition after the dash."""
    if subject.pos_ != "PROPN" or not subject.is_sent_start:
        return subject
    dash = next((t for t in subject.children if t.text in ("—", "–", "--")), None)
    if dash is None:
        return subject
    after = [c for c in subject.children if c.dep_ == "appos" and c.i > dash.i]
    return after[0] if after else subject


def _owner(noun: Token) -> Token | None:
    """The possessor of a noun: "CNN's" in "CNN's Jake Tapper" (the parser also hangs it as
    a modifier or a compound with its "'s")."""
    for child in noun.children:
        if child.dep_ == "poss" or (
            child.dep_ in ("nmod", "compound")
            and any(c.lower_ in ("'s", "’s") for c in child.children)
        ):
            return child
    return None


def _joined(left: Token, mark: Token) -> bool:
    """Whether `mark` joins `left` to the word after it into one phrase the parse split: a
    hyphen inside a word ("co-host"), or a bare possessive apostrophe ("Faris’ rep")."""
    if left.whitespace_:
        return False
    if mark.text == "-":
        return not mark.whitespace_
    return mark.text in ("’", "'") and left.text[-1:] in ("s", "S") and bool(mark.whitespace_)


def _split_end(token: Token) -> Token:
    """The last piece of a word or possessive phrase the parse split into subjects ("co",
    "-", "host"; "Faris", "’", "rep")."""
    doc = token.doc
    while (
        token.i + 2 < len(doc)
        and _joined(token, doc[token.i + 1])
        and doc[token.i + 2].head.i == token.head.i
        and doc[token.i + 2].dep_ == token.dep_
    ):
        token = doc[token.i + 2]
    return token


def _split_start(token: Token) -> Token:
    """The first piece of a split word or possessive phrase whose last piece is `token`."""
    doc = token.doc
    while (
        token.i >= 2
        and _joined(doc[token.i - 2], doc[token.i - 1])
        and doc[token.i - 2].head.i == token.head.i
        and doc[token.i - 2].dep_ == token.dep_
    ):
        token = doc[token.i - 2]
    return token


def _second_cue(verb: Token) -> bool:
    """A cue with its own clause and no subject joined to a clause that another cue reports
    ("said that a deal is needed and conceded that ..."): the parse's reading of a second cue
    of the first one's speaker."""
    head = verb.head
    return (
        verb.dep_ == "conj"
        and is_cue(verb)
        and any(c.dep_ == "ccomp" for c in verb.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
        and head.dep_ == "ccomp"
        and head.head.i != head.i
        and is_cue(head.head)
        and not any(c.dep_ == "nsubj" and c.pos_ in ("PROPN", "PRON") for c in head.children)
    )


def _nobody(speaker: Token) -> bool:
    """A subject that reports no one's words: a negated one ("no insiders", "none of them")
    or the generic "you" of the writer's own voice (inside a quote it is the speaker's)."""
    if speaker.lower_ == "none" or any(
        c.dep_ == "det" and c.lower_ == "no" for c in speaker.children
    ):
        return True
    # "say that reports that he was cast are false": a conjunction parsed as the subject of
    # a plural noun taken for a verb, whose claim the sentence reports and denies
    if speaker.lower_ == "that" and speaker.pos_ == "SCONJ":
        return True
    # "Which explains her posts", "That shows how ...": the writer's own inference
    if speaker.lower_ in ("which", "this", "that") and speaker.head.lemma_ in _INFERENCE:
        return True
    # "the fact that ... indicates that", "their behavior only shows how": an abstract thing
    # shows what the writer infers; records, studies, people and bodies show what they hold
    if (
        speaker.pos_ == "NOUN"
        and speaker.head.lemma_ in _READINGS
        and speaker.lemma_.lower() not in _EVIDENCE_HOLDERS
        and not any(c.ent_type_ for c in speaker.children if c.dep_ in ("compound", "poss"))
    ):
        return True
    # "the look on her face told me that ...", "my gut says ...": a reading of a sign
    if speaker.pos_ == "NOUN" and speaker.lemma_ in _SIGNS:
        return True
    return bool(speaker.lower_ == "you")


# Verbs of evidence, whose subject shows rather than says: "the poll suggests that".
_READINGS = frozenset(["show", "indicate", "suggest", "prove", "mean", "demonstrate"])
# Who or what can show a thing as its words or its record: "records show", "a poll suggests",
# "officials indicated" (other subjects of an inference verb are the writer's reading).
_EVIDENCE_HOLDERS = (
    DOCUMENT_HEADS
    | PEOPLE_NOUNS
    | ANONYMOUS_HEADS
    | ROLE_HEADS
    | GOVERNMENT_WORDS
    | ORGANIZATION_HEADS
    | OUTLET_HEADS
    | frozenset(
        ["photo", "picture", "image", "evidence", "test", "result", "clip", "photograph", "scan"]
    )
)
# Things that "tell" or "say" only as a sign a writer reads, never as a source's words.
_SIGNS = frozenset(
    ["look", "face", "expression", "eye", "gut", "instinct", "heart", "smile", "tone", "silence"]
)


def _names_a_person(noun: Token) -> bool:
    """A noun for someone a name can be set beside: "her BFF", "his lawyer", "a spokesman"."""
    lemma = noun.lemma_.lower()
    return noun.pos_ == "NOUN" and (
        lemma in PEOPLE_NOUNS or lemma in ANONYMOUS_HEADS or lemma in ROLE_HEADS or lemma == "bff"
    )


def _verb_like(token: Token) -> bool:
    """A verb, or a cue the tagger took for a plural noun although it has a subject and
    heads the sentence ("The couple have split, TMZ reports.")."""
    if token.pos_ in ("VERB", "AUX"):
        return True
    return (token.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in token.children)) or (
        _named_plural_cue(token)
    )


def _named_plural_cue(token: Token) -> bool:
    """ "Fergie states, “...”": a cue's -s form the tagger took for a plural noun with the
    name as its modifier, introducing a quote."""
    after = token.doc[token.i + 1 : token.i + 3]
    return (
        token.tag_ == "NNS"
        and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in token.lefts)
        and len(after) == 2
        and after[0].text in (",", ":")
        and after[1].text in ('"', "“", "‘", "'")
    )


def _quoted_as(verb: Token) -> Token | None:
    """ "The BBC quoted X as saying ...": the verb that quotes, for the participle."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.lower_ != "as" or prep.head.lemma_ not in ("quote", "cite"):
        return None
    return prep.head


def _idiom(verb: Token) -> bool:
    """ "called it quits": no speech; nor "called for their deportation", a demand without
    a claim (docs/annotation.md: "called for an early election"); nor "something tells us",
    "that said", "those said tests" (an adjective), or a person who "showed that" (by deeds)."""
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if verb.lower_ == "said" and before is not None:
        if before.lower_ in ("the", "those", "these", "said"):
            return True
        if before.lower_ in ("that", "this") and (after is None or after.is_punct):
            return True
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "conj":  # "Lee read it and showed that ..."
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if verb.lemma_ == "tell" and any(s.lower_ == "something" for s in subjects):
        return True
    if verb.lemma_ in _DEEDS and any(
        s.ent_type_ == "PERSON" or s.lower_ in PERSON_PRONOUNS for s in subjects
    ):
        return True
    if verb.lemma_ != "call":
        return False
    return any(c.lower_ == "quits" for c in verb.subtree) or any(
        c.dep_ == "prep" and c.lower_ == "for" for c in verb.children
    )


def _called(verb: Token) -> list[Token] | None:
    """ "Williams called it a wonderful match", "calling her 'fat'": what a thing is called is
    the speaker's claim about it, the object and its predicate together; a name given ("called
    him Bob") claims nothing."""
    thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
    said = next((c for c in verb.children if c.dep_ == "oprd"), None)
    if thing is None or said is None or said.i < thing.i or said.pos_ == "PROPN":
        return None
    # Not a way of putting it ("an understatement to call her excited", "as fans called
    # her"), a noun's modifier ("the first time calling ..."), or a name for oneself.
    if verb.dep_ == "acl" or thing.lower_ in _SELVES:
        return None
    if any(c.lower_ in ("to", "as") and c.dep_ in ("aux", "mark") for c in verb.children):
        return None
    return [t for t in verb.doc[thing.left_edge.i : said.right_edge.i + 1] if not t.is_space]


def _admitted_to(verb: Token) -> list[Token] | None:
    """ "admitted to being shocked that ...": an admission's content is its "to" phrase."""
    if verb.lemma_ not in ("admit", "confess"):
        return None
    for prep in verb.children:
        if (
            prep.dep_ == "prep"
            and prep.lower_ == "to"
            and prep.i > verb.i
            and any(c.dep_ == "pcomp" and c.pos_ in ("VERB", "AUX") for c in prep.children)
        ):
            return [t for t in prep.subtree if not t.is_space]
    return None


def _circumstance(verb: Token) -> bool:
    """ "Speaking at a reception in his honor, William said ...": an opening participle with
    no words of its own says where the main cue's words were said."""
    return (
        verb.tag_ == "VBG"
        and verb.dep_ == "advcl"
        and verb.i == verb.sent.start
        and not any(c.dep_ in ("ccomp", "dobj") for c in verb.children)
        and is_cue(verb.head)
    )


def _relative(token: Token) -> bool:
    """A relative word ("who", "whom", "which", or "that" the tagger may call a preposition)."""
    return token.tag_ in _RELATIVE_TAGS or token.lower_ in ("that", "which", "who", "whom")


def _in_relative_clause(verb: Token) -> bool:
    """ "the speech, in which she urged ...", "the mayor, who warned ...": the parser may hang
    such a clause as relcl or as advcl; a relative word before the verb tells it either way."""
    if verb.dep_ == "relcl":
        return True
    return any(
        child.i < verb.i
        and (
            child.tag_ in _RELATIVE_TAGS
            or any(grand.tag_ in _RELATIVE_TAGS for grand in child.children)
        )
        for child in verb.children
    )


def _past_dangling_preposition(verb: Token, subject: Token) -> Token:
    """ "After Rob's rampage, Chyna and her team accused him": the parser gave the opening
    preposition no object and made its noun the subject, with the real one a conjunct after
    the comma. A conjunct after a comma is the subject then."""
    left = subject.left_edge
    prep = verb.doc[left.i - 1] if left.i > 0 else None
    if (
        prep is None
        or prep.lower_ not in _NOUN_PREPOSITIONS
        or prep.dep_ not in ("prep", "mark")
        or prep.head.i != verb.i
        or any(c.dep_ in ("pobj", "pcomp") for c in prep.children)
    ):
        return subject
    for conj in subject.children:
        if conj.dep_ == "conj" and any(t.text == "," for t in verb.doc[subject.i + 1 : conj.i]):
            return conj
    return subject


_SEGMENT_BREAKS = frozenset([",", "—", "–", "--"])
_DASHES = frozenset(["—", "–", "--"])


def _subject_segment(verb: Token) -> Token | None:
    """A finite cue the parse gave no subject ("At a meeting with Rivlin, the prince, on a
    visit ..., said"; "A spokesperson for the department — the program that ... — confirmed"):
    the nearest phrase before it, set off by commas or dashes, that is a noun phrase. Phrases
    between dashes are asides; phrases opening with a preposition or a verb are
    circumstances."""
    tokens = list(verb.doc[verb.sent.start : verb.i])
    segments: list[list[Token]] = [[]]
    breaks: list[str] = []
    for tok in tokens:
        if tok.text in _SEGMENT_BREAKS:
            segments.append([])
            breaks.append(tok.text)
        elif not tok.is_space:
            segments[-1].append(tok)
    for index in range(len(segments) - 1, -1, -1):
        words = segments[index]
        if not words:
            continue
        before = breaks[index - 1] if index > 0 else ""
        after = breaks[index] if index < len(breaks) else ""
        if before in _DASHES and after in _DASHES:
            continue
        if words[0].pos_ in ("ADP", "ADV", "SCONJ", "VERB", "CCONJ"):
            continue
        if words[0].tag_ in _RELATIVE_TAGS:
            continue  # "Newt Gingerich, who defended Trump, told ...": a clause about him
        inside = {t.i for t in words}
        roots = [t for t in words if t.head.i not in inside or t.head.i == t.i]
        head = roots[0] if len(roots) == 1 else None
        if head is not None and head.pos_ in ("NOUN", "PROPN"):
            return head
        return None
    return None


def _outlet_voice(
    raw: RawAttribution, text: str, turns: list[RawAttribution], finder: _Finder
) -> bool:
    """ "We find the statement to be True": a "we" (or "I") outside quotes, transcript turns
    and posts is the outlet or its writer speaking, which is no source (the article asserts
    it)."""
    # "As I said above": a blog's writer, like an outlet's "we", asserts in their own voice.
    if raw.source is None or text[raw.source[0] : raw.source[1]].lower() not in ("we", "i"):
        return False
    at = (raw.cue or raw.content)[0]
    inside = finder.inside_quote(at) or any(t.content[0] <= at < t.content[1] for t in turns)
    return not inside


def _impersonal(verb: Token) -> bool:
    """A cue in an impersonal frame: "it is important to note", "it is worth noting", "it is
    fair to say". The cue has no subject of its own and the clause above it has only "it"."""
    if verb.dep_ != "xcomp" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    head = verb.head
    while head.dep_ in ("acomp", "xcomp", "ccomp") and head.head.i != head.i:
        if any(c.dep_ in ("nsubj", "expl") for c in head.children):
            break
        head = head.head
    subjects = [c for c in head.children if c.dep_ in ("nsubj", "expl", "nsubjpass")]
    return bool(subjects) and all(c.lower_ == "it" for c in subjects)


# A transcript turn's label: a name in capitals, perhaps a party tag and a comma-separated role,
# then a colon ("JOHN KERRY, SECRETARY OF STATE:", "RICK SANTORUM (R):", "ANNOUNCER:").
_LABEL = re.compile(
    r"(?P<name>[A-Z][A-Z.'’\-]*(?: [A-Z][A-Z.'’\-]*){0,3})"
    r"(?: \([A-Z]{1,3}(?:-[A-Z]{2})?\))?"
    r"(?P<role>, [A-Z][A-Z0-9.'’&\- ]{1,60}(?: \([A-Z]{1,3}(?:-[A-Z]{2})?\))?)?"
    r" ?:[ \t]+(?=\S)"
)
# Labels that open a line in ordinary articles too.
_NOT_SPEAKERS = frozenset(
    [
        *("ADVERTISEMENT", "BREAKING", "BREAKING NEWS", "CLOSE", "CORRECTION", "EDITOR'S NOTE"),
        *("NOTE", "PHOTO", "PHOTOS", "READ MORE", "RELATED", "SOURCE", "SOURCES", "UPDATE"),
        *("UPDATED", "VIDEO", "WATCH", "WARNING", "WASHINGTON", "NEW YORK", "LONDON"),
        *("NOW WATCH", "ALSO READ", "SEE ALSO", "MORE", "READ", "TRENDING", "SPONSORED"),
        *("REVIEW", "OPINION", "ANALYSIS", "GALLERY", "SLIDESHOW", "LISTEN", "PODCAST"),
        *("EXCLUSIVE", "RECOMMENDED", "LATEST", "LIVE", "POLL", "QUIZ", "SUBSCRIBE", "VIDEOS"),
    ]
)
# Words of a link's label ("WATCH IT AGAIN:", "CLICK HERE:") that no speaker's name holds.
_LINK_LABEL_WORDS = frozenset({"IT", "AGAIN", "HERE", "NOW", "ALSO", "MORE", "THIS", "YOUR"})
# Stage directions in transcripts: "(BEGIN VIDEO CLIP)", "(CROSSTALK)", "(LAUGHTER)".
_DIRECTION = re.compile(r"^\([A-Z][A-Z ,.'’-]*\)$")


def _labels_in(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Turn labels opening the paragraph or a sentence inside it ('... yearbook." NELSON: "He')."""
    found = []
    for match in _LABEL.finditer(text, start, end):
        if (
            len(re.sub(r"[^A-Z]", "", match["name"])) < 2
            or match["name"] in _NOT_SPEAKERS
            or _LINK_LABEL_WORDS.intersection(match["name"].split())
        ):
            continue
        before = text[start : match.start()].rstrip()
        if before and before[-1] not in '.?!”"’)':
            continue
        found.append(match)
    return found


# An interview's turn label in ordinary case ("Berman: ...", "Paul Horner: ..."), read as one
# only where two or more such names each open two paragraphs or more (a question-and-answer).
_NAME_LABEL = re.compile(r"(?P<name>[A-Z][a-z'’\-]+(?: [A-Z][a-z'’\-]+){0,2}) ?:[ \t]+(?=\S)")


def _interview_labels(
    text: str, paragraphs: list[tuple[int, int]]
) -> dict[int, list[re.Match[str]]]:
    found = {start: _NAME_LABEL.match(text, start, end) for start, end in paragraphs}
    opened = {
        start: m for start, m in found.items() if m and m["name"].upper() not in _NOT_SPEAKERS
    }
    # Section heads in a listicle ("Winter Worry:", "The Cool News:") are not voices: a label
    # is a surname alone or a name that starts with a given name.
    opened = {start: m for start, m in opened.items() if _name_like_label(m["name"])}
    counts: dict[str, int] = {}
    for match in opened.values():
        counts[match["name"]] = counts.get(match["name"], 0) + 1
    recurring = {name for name, n in counts.items() if n >= 2}
    if len(recurring) < 2:
        # one voice quoted turn after turn ("Hillary: “...”" three times or more) is read
        # the same way, when its label is a given name
        recurring = {
            name for name, n in counts.items() if n >= 3 and name.split()[0].lower() in GIVEN_NAMES
        }
        if not recurring:
            return {}
    return {start: [m] for start, m in opened.items() if m["name"] in recurring}


def _name_like_label(label: str) -> bool:
    words = label.split()
    return len(words) == 1 or words[0].lower() in GIVEN_NAMES


def transcript_turns(text: str) -> list[RawAttribution]:
    """The turns of a transcript: each label's words to the next label or the paragraph's end
    are a direct attribution without a cue; a paragraph with no label continues the last turn.

    Only a text with at least two labelled turns is read as a transcript, so one "SOURCE:" or
    "UPDATE:" line in an article stays what it is.
    """
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    labelled = {start: _labels_in(text, start, end) for start, end in paragraphs}
    interview = _interview_labels(text, paragraphs)
    for start, matches in interview.items():
        labelled[start] = labelled[start] or matches
    if sum(len(matches) for matches in labelled.values()) < 2:
        return []
    # Unlabelled paragraphs continue a turn only in a transcript proper (several paragraphs
    # open with a label), not after a short exchange quoted inside an article.
    transcript = (
        sum(
            bool(matches) and matches[0].start() == start and start not in interview
            for start, matches in labelled.items()
        )
        >= 2
    )
    turns: list[RawAttribution] = []
    speaker: tuple[int, int] | None = None
    quoted = False
    for start, end in paragraphs:
        line = text[start:end].strip()
        if not line or _DIRECTION.match(line):
            continue
        matches = labelled[start]
        if not matches:
            # A turn in quote marks ('WHEELER: "Absolutely."') is an exchange quoted inside
            # an article, whose own prose goes on after it; a transcript's turns are bare.
            if speaker is not None and transcript and not quoted:
                first = start + (len(text[start:end]) - len(text[start:end].lstrip()))
                turns.append(_turn(text, speaker, first, end, continued=True))
            continue
        if text[start : matches[0].start()].strip() and speaker is not None and transcript:
            turns.append(_turn(text, speaker, start, matches[0].start(), continued=True))
        for match, following in zip(matches, [*matches[1:], None], strict=True):
            speaker = (match.start("name"), match.end("name"))
            stop = following.start() if following is not None else end
            quoted = text[match.end() : stop].lstrip()[:1] in ('"', "“")
            turns.append(_turn(text, speaker, match.end(), stop, continued=False))
    return [turn for turn in turns if turn.content[1] > turn.content[0]]


def _unquoted(text: str, start: int, end: int) -> tuple[int, int]:
    """A passage without the space around it; one that is a single quotation is reported
    without its marks."""
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    if (
        end - start > 2
        and text[start] in '"“'
        and text[end - 1] in '"”'
        and (text.count('"', start + 1, end - 1) + text.count("“", start + 1, end - 1) == 0)
    ):
        start, end = start + 1, end - 1
    return start, end


def _turn(
    text: str, speaker: tuple[int, int], start: int, end: int, *, continued: bool
) -> RawAttribution:
    return RawAttribution(
        cue=None,
        content=_unquoted(text, start, end),
        kind="direct",
        source=speaker,
        source_head=None,
        cue_lemma="turn" if not continued else "",
        label=True,
    )


# An embedded post as pages paste it: its words, links, then "— Name (@handle) July 12, 2018".
_POST_SIGNATURE = re.compile(
    r"(?:\s*(?:https?://\S+|pic\.twitter\.com/\S+))*\s*[—–]\s*"
    r"(?P<name>[^()\n—–]{2,60}?)\s*\(@\w{1,30}\)\s*[A-Z][a-z]+\.? \d{1,2}, \d{4}\s*$"
)


# An Instagram post: "<caption> A post shared by Name (@handle) on Jul 10, 2019 at 8:17am PDT".
_SHARED_SIGNATURE = re.compile(
    r"\s*A (?:post|photo|video) shared by (?P<name>[^()\n]{2,60}?)\s*\(@[\w.]{1,30}\)"
    r"\s*on [A-Z][a-z]+\.? \d{1,2}, \d{4}(?: at \d{1,2}:\d{2}\s*[ap]m)?(?: [A-Z]{2,4})?\s*$"
)
_VIEW_POST = re.compile(r"\s*View this (?:post|photo|video) on Instagram\s*")


# "From Fox News:" on a line of its own: the paragraphs after it are the outlet's, reposted.
_REPOST_LINE = re.compile(
    r"(?:From|Via|Excerpt from|According to)\s+(?P<name>[^:\n]{2,60}?)\s*:\s*"
)
# "... the Medicare money. ClickonDetroit.com has more:" closing a paragraph
_HAS_MORE = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<name>[A-Z][\w.&'’ -]{1,60}?) (?:has|have) (?:more|the story|"
    r"the details|details)\s*:\s*$"
)


def repost_frames(text: str) -> list[RawAttribution]:
    """A verbless repost frame ("From Fox News:", "Via Reuters:") ending its paragraph: the
    outlet relays the paragraph after it. Only that one: blogs paste an excerpt and go on in
    their own voice with no mark where it ends, so the frame is not carried further."""
    frames = []
    for line in re.finditer(r"[^\n]+", text):
        match = _REPOST_LINE.fullmatch(line.group()) or _HAS_MORE.search(line.group())
        if match is None:
            continue
        if outlet_index().find(match["name"], tagged=True) is None and not news_handle(
            match["name"]
        ):
            continue
        following = re.compile(r"[^\n]*\S[^\n]*").search(text, line.end())
        if following is None:
            continue
        name = (line.start() + match.start("name"), line.start() + match.end("name"))
        if match.re is _HAS_MORE:  # "ClickonDetroit.com has more:"
            cue = (line.start() + match.end("name") + 1, line.start() + match.end() - 1)
        else:  # "From": the frame's cue, before what it relays
            cue = (line.start(), line.start() + len(line.group().split()[0]))
        frames.append(
            RawAttribution(
                cue=cue,
                content=_unquoted(text, following.start(), following.end()),
                kind="indirect",
                source=name,
                source_head=None,
                cue_lemma="from",
                label=True,
            )
        )
    return frames


def embedded_posts(text: str) -> list[RawAttribution]:
    """Posts pasted into the page (tweets and the like): direct attributions, without a cue, to
    the author their signature names."""
    posts = []
    paragraphs = list(re.finditer(r"[^\n]+", text))
    for at, paragraph in enumerate(paragraphs):
        signature = _POST_SIGNATURE.search(paragraph.group()) or _SHARED_SIGNATURE.search(
            paragraph.group()
        )
        if signature is None:
            continue
        start = paragraph.start()
        words = (start, start + signature.start())
        while words[0] < words[1] and text[words[0]].isspace():
            words = (words[0] + 1, words[1])
        if words[1] - words[0] < 2 and at >= 2 and _VIEW_POST.fullmatch(paragraphs[at - 2].group()):
            # "View this post on Instagram", the caption, then "A post shared by ..." alone
            words = (paragraphs[at - 1].start(), paragraphs[at - 1].end())
        if words[1] - words[0] < 2:
            continue
        name = (start + signature.start("name"), start + signature.end("name"))
        post = _turn(text, name, *words, continued=False)
        post.cue_lemma = "post"
        posts.append(post)
    return posts


def find_attributions(ctx: Context) -> None:
    finder = _Finder(ctx)
    text = ctx.article.text
    found: list[RawAttribution] = transcript_turns(ctx.article.text)
    found += embedded_posts(ctx.article.text)
    found += repost_frames(ctx.article.text)
    seen: set[tuple[int, int]] = {turn.content for turn in found}
    participles: list[tuple[int, Token]] = []
    for token in ctx.doc:
        raw: RawAttribution | None = None
        if token.lemma_ in _RUMOURS:
            raw = finder.from_rumour(token)
        if raw is not None:
            pass  # "there are reports that ...": the noun, a cue's form or not, frames it
        elif token.lower_ == "according":
            raw = finder.from_according(token)
        elif token.lower_ == "per":
            raw = finder.from_per(token)
        elif is_cue(token):
            raw = finder.from_verb(token)
        elif token.tag_ == "NNS" and token.dep_ == "ROOT":
            raw = finder.from_noun_cue(token)
        else:
            continue
        if raw is None or raw.content in seen or _outlet_voice(raw, text, found, finder):
            continue
        # 'Adding, “He had a good day.”': the parse may hang the participle on the quote's
        # verb, whose subject is a voice inside the quote, not the one adding
        unsaid = raw.source is None or finder.inside_quote(raw.source[0])
        if unsaid and token.tag_ == "VBG" and (token.dep_ == "ROOT" or token.head.i > token.i):
            raw = finder.participle_goes_on(raw, token, found)
            if raw.source is None:
                participles.append((len(found), token))
        seen.add(raw.content)
        found.append(raw)
    found.extend(finder.unframed_quotes(found))
    # again once the quote paragraphs that go on with their speaker are read: "Adding, ..."
    # may follow one of them
    for index, token in participles:
        found[index] = finder.participle_goes_on(found[index], token, found)
    found.sort(key=lambda a: (a.cue or a.content)[0])
    ctx.raw_attributions = _without_boilerplate(found, ctx.boilerplate, finder)


def _without_boilerplate(
    found: list[RawAttribution], spans: list[tuple[int, int]], finder: _Finder
) -> list[RawAttribution]:
    """Promos and teasers say nothing anyone said; a dateline is not part of the words."""
    kept = []
    for raw in found:
        if (raw.cue is not None and inside(spans, *raw.cue)) or inside(spans, *raw.content):
            continue
        if raw.source is not None and inside(spans, *raw.source):
            continue  # "RELATED GALLERY: ..." is a promo's label, not a speaker's name
        start = after(spans, *raw.content)
        if start != raw.content[0]:
            raw.content = finder.trim(start, raw.content[1])
        kept.append(raw)
    return kept


STAGE = Stage(
    "attribution",
    reads=("doc", "quotes", "sentences", "boilerplate"),
    adds=("raw_attributions",),
    run=find_attributions,
)


def rule_spans(doc: Any, text: str) -> RuleSpans:
    """What the rule stages find in a parsed text (before coreference): the learned taggers'
    features. Runs sentences, quotes and this stage on a context of its own."""
    ctx = Context(article=Article(text=text, id="features"), doc=doc)
    for stage in (SENTENCES, QUOTES, STAGE):
        stage.run(ctx)
    return spans_of(ctx)


def spans_of(ctx: Context) -> RuleSpans:
    """The rule spans of a context the rule stages have already run on."""
    raws = ctx.raw_attributions
    return RuleSpans(
        source=[raw.source for raw in raws if raw.source is not None],
        cue=[raw.cue for raw in raws if raw.cue is not None],
        content=[raw.content for raw in raws],
        quotes=[(quote.open, quote.close) for quote in pair_quotes(ctx.article.text)],
    )
