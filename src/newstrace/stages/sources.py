"""Sources: type speaker mentions, resolve pronouns and nominal references, build relay chains."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from ..lexicon import (
    ANONYMOUS_HEADS,
    ANONYMOUS_MODIFIERS,
    BODY_NOUNS,
    CUE_VERBS,
    DESCRIBING_NOUNS,
    DOCUMENT_HEADS,
    FEMALE_NAMES,
    FEMALE_WORDS,
    GIVEN_NAMES,
    GOVERNMENT_NAMES,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    KIN_NOUNS,
    MALE_NAMES,
    MALE_WORDS,
    MEDIA_HOSTS,
    ORG_NAME_WORDS,
    ORGANIZATION_HEADS,
    OUTLET_HEADS,
    OUTLET_NAME_WORDS,
    PEOPLE_NOUNS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PLACE_NAMES,
    PLURAL_PRONOUNS,
    ROLE_HEADS,
    SOCIAL_NETWORKS,
    SPOKES_HEADS,
    THING_NOUNS,
    THING_PRONOUNS,
    TITLE_WORDS,
    VAGUE_MEDIA,
    news_handle,
    outlet_like,
)
from ..model import Attribution, ChainLink, SourceMention, SourceType, Span
from ..model import Source as SourceModel
from ..outlets import Outlet, canonical_outlet, normalise_domain, outlet_index
from .base import Context, RawAttribution, Stage

Token = Any
_DETERMINERS = ("a ", "an ", "the ", "one ", "another ", "some ", "two ", "three ", "several ")
_INDEFINITE = frozenset(["a", "an", "one", "another", "some", "two", "three", "several"])
_FEMALE = frozenset(["she", "her"])
# Transcript voices that name no one.
_UNNAMED_VOICES = frozenset(
    [
        "announcer",
        "unidentified",
        "narrator",
        "voice",
        "crowd",
        "audience",
        "host",
        "male",
        "female",
    ]
)
_AGE = re.compile(r"\b(\d+)[- ]year[- ]old\b")
# Quantifiers that stand for unnamed people when they are the whole subject.
# "most of our sources", "one of the women": a part of an unnamed group of people.
_PART_OF = re.compile(
    r"(?i)(some|many|most|several|few|one|two|three|four|five|both|all|none|each) of "
    r"((?:the|our|their|his|her|its|those|these) [a-z][\w -]*)$"
)
_SOME_PEOPLE = frozenset(["some", "many", "several", "most", "few", "another", "others"])

_PERSON_NOUN_ENDINGS = ("ist", "er", "or", "ian", "ant", "ent", "man", "woman", "ee")
_TITLES = ROLE_HEADS | TITLE_WORDS
_ORGISH = frozenset(("ORG", "WORK_OF_ART", "PRODUCT"))
_PLACE_PREPS = frozenset(
    ["in", "at", "near", "from", "to", "outside", "inside", "into", "toward", "towards"]
)


@dataclass
class Entity:
    id: str
    name: str
    type: SourceType
    head: str
    description: str | None = None
    plural: bool = False
    gender: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    speaker: bool = False
    human: bool = False
    attributions: int = 0
    frames_only: bool = True  # every attribution of it is a relay frame around others
    vague: bool = False  # a collective that relays ("state media"): never an origin


_QUOTE_MARKS = frozenset('"“”')


@dataclass
class Typed:
    type: SourceType
    name: str
    head: str
    description: str | None
    definite: bool
    named: bool
    plural: bool
    human: bool = False  # an institution speaking through a person: "she" can refer to it
    vague: bool = False  # "Russian media", "reports": a relay of an unknown origin


class Resolver:
    """In-article coreference over speaker mentions, in reading order."""

    def __init__(self, ctx: Context) -> None:
        self.doc = ctx.doc
        self.text: str = ctx.article.text
        self.entities: list[Entity] = []
        self.last_seen: dict[str, int] = {}
        self.by_span: dict[tuple[int, int], Entity] = {}
        # Entities inside transcript speaker labels ("CO-HOST") are no mentions of sources.
        # (a transcript has thousands of labels: found by bisection, not one by one)
        labels = sorted(r.source for r in ctx.raw_attributions if r.label and r.source)
        self.ents = [e for e in ctx.doc.ents if not _inside_any(labels, e.start_char)]
        # Where each token starts, in order, read from the parse's arrays: a mention's token is
        # found by its offset without walking the whole document (long articles have 10k
        # tokens) or making a token object for each.
        self.starts: list[int] = ctx.doc.to_array("IDX").tolist()
        self.spelt: dict[str, str] = {}  # transcript labels repeat: "KERRY" a hundred times
        self.quoted = [(q.open, q.close) for q in ctx.quotes if q.words > 1]
        self.places = _place_names(ctx.doc)
        self.outlet_mentions = _outlet_mentions(ctx.doc)
        self.untagged_people = _untagged_people(ctx.doc)
        self._names: list[str] | None = None  # _person_names, once read
        self._full_name_words: frozenset[str] | None = None  # their words, once read
        # indefinite mentions by head noun ("a woman"), where each ends, once read per noun
        self._unnamed_at: dict[str, list[int]] = {}
        # The article's own outlet is named as one even where its name is an ordinary word
        # ("PEOPLE" on people.com, "Variety" on variety.com).
        self.own_outlet = outlet_index().find(ctx.article.outlet or "")
        self.own_domain = normalise_domain(ctx.article.outlet or "")

    # --- typing ------------------------------------------------------------------------
    def classify(self, span: tuple[int, int], head: Token, *, recipient: bool = False) -> Typed:
        phrase = self.text[span[0] : span[1]]
        titled = self._name_after_title(phrase, span)
        if titled is not None:  # "said Maj. Diana Haynie": the parse kept only "Maj"
            return Typed("person", titled, titled.split()[-1].lower(), phrase, False, True, False)
        bare = _without_stray_marks(_strip_determiner(phrase))
        words = {w.lower() for w in re.findall(r"[\w'’-]+", phrase)}
        head_lemma = head.lemma_.lower()
        part = _PART_OF.match(phrase)
        if part is not None and head.lower_ == part.group(1).lower():
            # "most of our sources", "some of the women": unnamed people, named by the
            # whole phrase (the determiner rule would leave "of the women")
            group = part.group(2).split()[-1].lower()
            return Typed("anonymous", phrase, group, None, False, False, True)
        # "the 40-year-old insists": where the parse left the article on the verb, an age
        # alone still points back like "the 40-year-old".
        definite = phrase.lower().startswith(("the ", "this ", "that ")) or bool(
            _AGE.fullmatch(phrase)
        )
        plural = head.tag_ in ("NNS", "NNPS")
        ents = [e for e in self.ents if e.start_char < span[1] and e.end_char > span[0]]
        # A person must head the phrase: in "Velika Gora police" the (mis-tagged) place only
        # modifies "police".
        persons = [
            e
            for e in ents
            if (e.label_ == "PERSON" or _given_name_first(e))
            and e.text not in self.places
            and e.start <= head.i < e.end
        ]

        posted = _POSTED_BY.fullmatch(bare)
        if posted is not None and self._a_person(posted.group(1).split()[-1]):
            # "Chris Pratt’s Instagram says": what a person's account posts is their words
            name = posted.group(1)
            return Typed("person", name, name.split()[-1].lower(), phrase, False, True, False)
        if _SEAT.fullmatch(bare):
            # "Kensington Palace said": the building speaks as the government it houses,
            # whatever the tagger called it
            return Typed("government", bare, head_lemma, None, False, True, False)
        group = self._joint_speakers(head, phrase, span[1])
        if group is not None:
            return Typed("person", group, head_lemma, None, False, True, True)
        # The outlet must be the speaker itself, not a possessor: "CNN's Bourdain" is a person.
        # One told in capitals ("she told People") is a publication by that name.
        told_name = recipient and bare[:1].isupper() and not self.opens_sentence(span[0])
        # One capitalised word mid-sentence is a name: "..., People reports" is the magazine.
        one_name = bare[:1].isupper() and " " not in bare and not self.opens_sentence(span[0])
        # "People reports that ...": the plural noun takes "report"; the magazine "reports"
        one_name = one_name or (
            bare == "People" and head.dep_ == "nsubj" and head.head.tag_ == "VBZ"
        )
        tagged = head.ent_type_ in _ORGISH or "magazine" in words or told_name or one_name
        outlet = (
            self._named_by_domain(span[0])
            or outlet_index().find(bare, tagged=tagged)
            or _kind_named(bare)
            or next(
                (
                    o
                    for e in ents
                    if e.start <= head.i < e.end
                    and (o := outlet_index().find(e.text, tagged=e.label_ in _ORGISH)) is not None
                ),
                None,
            )
        )
        # en_core_web_sm tags some outlets ("Xinhua") and firms ("Kestrel Pay") as PERSON.
        persons = [
            p
            for p in persons
            if outlet_index().find(p.text, tagged=False) is None and not _org_like(p.text)
        ]
        if outlet is not None and _KIND_AFTER.match(self.text, span[1]):
            persons = []  # "told People magazine": the magazine, whatever the tagger said
        if outlet is not None and told_name and all(p.text == bare for p in persons):
            persons = []  # "told Billboard": the magazine the tagger took for a person
        # "according to Billboard": one capitalised word mid-sentence the outlet list knows,
        # unless the article gives it as a word of a person's full name
        in_full_name = any(bare in n.split() for n in self._person_names() if " " in n)
        only_this = all(p.text == bare for p in persons)
        if outlet is not None and one_name and only_this and not in_full_name:
            persons = []
        if outlet is None and told_name and self._publication_told(bare, span[1]):
            return Typed("outlet", bare, head_lemma, None, False, True, False)
        if outlet is None and (told_name or head.ent_type_ in _ORGISH):
            edition = _edition_of(bare)
            if edition is not None:  # "told Harper's Bazaar Arabia": an edition of a known one
                return Typed("outlet", bare, head_lemma, None, False, True, False)
        outlet = outlet or self._own_or_exclaimed(bare, span)
        if outlet is not None and not persons:
            name = self._short_outlet_name(bare, span[0]) or outlet.name
            return Typed("outlet", name, head_lemma, None, definite, True, False)
        if recipient and (_told_medium(bare, head, words) or self._titled_told(phrase, span)):
            named = bare[:1].isupper()  # "the celebrity news site" names the one before
            return Typed("outlet", bare, head_lemma, None, definite, named, False)
        if (
            bare.lower() in GOVERNMENT_NAMES
            or bare.lower().removesuffix("s") in GOVERNMENT_NAMES  # "U.S. Coast Guards"
            or head.text.lower() in GOVERNMENT_NAMES
            or _undotted(bare) in GOVERNMENT_NAMES  # "the F.B.I."
        ):
            return Typed("government", bare, head_lemma, None, definite, True, False)
        # the tagger may take a rare surname mid-sentence for a noun ("Chiappalone said")
        # "Union admitted" after "Gabrielle Union": a surname that is also a word
        name_like = head.pos_ == "PROPN" or (
            head.text[:1].isupper() and (not head.is_sent_start or self._a_person(head.text))
        )
        surname = self._full_name(head, span) if name_like else None
        if surname is not None:  # "Okafor said" after "Paul Okafor" was mentioned
            return Typed("person", surname, head_lemma, None, False, True, False)
        apposed = self._apposed_person(head)
        if apposed is not None:  # "Velmora's mayor, Tomas Reyes, said"
            return Typed("person", apposed, head_lemma, bare, False, True, False)
        office = self._name_after_office(head, span)
        if office is not None:  # "Tracy Anderson Method VP of Training Maria Kelling said"
            return Typed("person", office, head_lemma, phrase, False, True, False)
        roled = _name_after_role(self.doc, span, head)
        if roled is not None and not persons:  # "Cabin crew member Ilayda Erhalac said"
            return Typed("person", roled, head_lemma, phrase, False, True, False)
        if persons:
            name, title = _split_title(self._with_given_name(persons[-1], span))
            description = _description(phrase, name) or title
            return Typed("person", name, head_lemma, description, False, True, False)
        if _vague_media(head, head_lemma, plural, ents):
            return Typed("anonymous", bare, head_lemma, None, definite, False, True, vague=True)
        if head.pos_ == "PROPN" and OUTLET_NAME_WORDS & set(re.findall(r"[\w-]+", phrase)):
            return Typed("outlet", bare, head_lemma, None, definite, True, False)
        named_after = next(
            (c for c in head.rights if c.dep_ == "appos" and c.pos_ == "PROPN"), None
        )
        if head_lemma in OUTLET_HEADS and named_after is not None:
            # "the campus newspaper The Acorn": the name after the noun
            name = self.doc[named_after.left_edge.i : named_after.i + 1].text
            return Typed("outlet", name, head_lemma, None, False, True, False)
        if head_lemma in OUTLET_HEADS or (head_lemma == "agency" and "news" in words):
            # "the Haiti Libre newspaper" is Haiti Libre: the name before the noun
            name = bare[: -len(head.text)].strip() if bare.endswith(head.text) else ""
            if name and all(w[:1].isupper() for w in name.split()):
                return Typed("outlet", name, head_lemma, None, False, True, False)
            return Typed("outlet", bare, head_lemma, None, definite, False, False)
        # "the EW piece", "a Daily Mail article": a piece of writing another outlet
        # published, not this article
        published = head_lemma in _WRITINGS and any(
            c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" for c in head.lefts
        )
        if head_lemma in DOCUMENT_HEADS or head.lower_ in DOCUMENT_HEADS or published:
            # "a report by Reuters", "a Reuters report": the outlet's own reporting
            by = next(
                (o for e in ents if (o := outlet_index().find(e.text, tagged=True)) is not None),
                None,
            )
            if by is not None:
                return Typed("outlet", by.name, head_lemma, None, False, True, False)
            return Typed("document", bare, head_lemma, None, definite, False, plural)
        if head_lemma in SPOKES_HEADS:
            # A spokesperson speaks for the body: "a Brightwater spokeswoman" is Brightwater.
            seat = _SEAT.search(phrase) is not None
            kind: SourceType = "government" if words & GOVERNMENT_WORDS or seat else "organization"
            # "a Kensington Palace spokesperson", "a White House spokesman": a seat of
            # government the tagger calls a building speaks as the government it houses
            body = next(
                (
                    e
                    for e in ents
                    if e.label_ in ("ORG", "NORP", "PERSON", "GPE")
                    or (e.label_ == "FAC" and _SEAT.search(e.text) is not None)
                ),
                None,
            )
            # "a rep for Shelton", "a Murtha spokesman": a surname the tagger took for a body
            # is the person the article names by it elsewhere.
            represented = [
                e.text
                for e in ents
                if e.label_ == "PERSON" or (e.label_ in ("ORG", "GPE") and self._a_person(e.text))
            ] + [owner.text for owner in _possessors(head) if self._a_person(owner.text)]
            if represented:
                # "Leto's reps", "a spokesperson for Oscar winner Jared Leto": an unnamed
                # representative of a person is an anonymous source, one per person.
                person = self._fullest_name(represented[-1])
                name = f"representatives of {person}"
                return Typed("anonymous", name, "rep", phrase, False, True, plural)
            if body is not None:
                return Typed(kind, body.text, head_lemma, None, False, True, False, human=True)
            return Typed(kind, bare, head_lemma, None, True, False, False, human=True)
        if head_lemma in ROLE_HEADS and not plural:
            if _INDEFINITE_ONE.match(phrase):
                # "a hotel manager said": someone by role only, whom no reader can look up
                return Typed("anonymous", bare, head_lemma, None, False, False, False)
            return Typed("person", bare, head_lemma, None, definite, False, False)
        if head_lemma in KIN_NOUNS and (
            re.search(r"\b(his|her|their|my|our)\b|[’']s\b", phrase.lower())
            or any(t.pos_ == "PROPN" for t in head.lefts)
        ):
            return Typed("person", bare, head_lemma, None, definite, False, plural)
        if (
            head_lemma == "authority"
            and plural
            and not any(e.label_ in ("ORG", "GPE", "NORP") for e in ents)
        ):
            return Typed("anonymous", bare, head_lemma, None, definite, False, True)
        if head_lemma in ANONYMOUS_HEADS or words & ANONYMOUS_MODIFIERS:
            return Typed("anonymous", bare, head_lemma, None, definite, False, plural)
        if plural and head.ent_type_ == "NORP" and head.tag_ in ("NNPS", "NNS"):
            # "Republicans say", "Senate Democrats said": members of a party or a people,
            # a collective no reader can identify, not the body itself
            return Typed("anonymous", bare, head_lemma, None, definite, False, True)
        if (
            head.pos_ == "PROPN"
            and bare.lower() in GIVEN_NAMES
            and bare.lower() not in PLACE_NAMES
            and head.ent_type_ in ("GPE", "ORG", "NORP")
        ):
            # "Lauren tells her", "Fergie told them": a given name alone, whatever the tagger
            # said, is a person
            return Typed("person", bare, head_lemma, None, False, True, False)
        if head.ent_type_ == "GPE" and not _stage_initials(head.text):
            return Typed("government", bare, head_lemma, None, definite, True, False)
        if head_lemma in GOVERNMENT_WORDS or "white house" in phrase.lower():
            return Typed(
                "government", bare, head_lemma, None, definite, head.pos_ == "PROPN", plural
            )
        if head_lemma in PERSON_NOUNS:  # "the California Democrat", "her attorney"
            return Typed("anonymous", bare, head_lemma, None, definite, False, plural)
        # A body names the speaker when it heads the phrase: "a Canadian tourist" is a person.
        orgs = [e for e in ents if e.label_ in ("ORG", "NORP") and e.start <= head.i < e.end]
        if orgs and words & GOVERNMENT_WORDS and head.pos_ == "PROPN":
            return Typed("government", bare, head_lemma, None, definite, True, plural)
        tail = next(reversed(re.findall(r"[\w'’-]+", phrase.lower())), "")
        described = head.pos_ == "NOUN" and not plural and head_lemma in _DESCRIBED_PEOPLE
        if described or (definite and tail != head_lemma and tail in _DESCRIBED_PEOPLE):
            # "the Netflix star", "the Real Housewives of Beverly Hills star" (the parse
            # heading it with "Housewives"): someone a body or show describes, where the
            # tagger's body covers the noun too
            noun = head_lemma if described else tail
            return Typed("anonymous", bare, noun, None, definite, False, False)
        if orgs or head_lemma in ORGANIZATION_HEADS or _org_like(phrase):
            # "the McConnell campaign": a name before the noun says whose body it is
            owned = any(c.dep_ in ("compound", "poss") and c.pos_ == "PROPN" for c in head.lefts)
            named = bool(orgs) or owned
            return Typed("organization", bare, head_lemma, None, definite, named, plural)
        if head.pos_ == "PROPN":
            # "proposed to Bella", "asked Mariah to pose": a name the places guess took from
            # a preposition, which the tagger did not call a place, is a person's
            person_word = head.ent_type_ in ("PERSON", "") and (
                bare.lower() in GIVEN_NAMES or self._a_person(bare) or self._a_person(head.text)
            )
            place = (head.text in self.places and not person_word) or head.ent_type_ in (
                "GPE",
                "LOC",
                "FAC",
            )
            if place and not _stage_initials(head.text):
                return Typed("government", bare, head_lemma, None, False, True, False)
            name, title = _split_title(bare)
            return Typed("person", name, head_lemma, title, False, True, False)
        if head_lemma in THING_NOUNS:
            return Typed("unattributed", "unattributed", head_lemma, None, False, False, False)
        # Unnamed groups ("critics", "one of them") are anonymous; a bare singular noun
        # ("the board") stands for an institution.
        if plural or head.pos_ in ("NUM", "PRON"):
            return Typed("anonymous", bare, head_lemma, None, definite, False, True)
        if (
            head_lemma in PEOPLE_NOUNS
            or head_lemma in PERSON_NOUNS
            or head_lemma in DESCRIBING_NOUNS  # "the Needham native", "the tight end"
            or head_lemma.endswith(_PERSON_NOUN_ENDINGS)
            or _AGE.search(phrase)
        ):
            return Typed("anonymous", bare, head_lemma, None, definite, False, False)
        if head_lemma in BODY_NOUNS:  # "the board", "the panel"
            return Typed("organization", bare, head_lemma, None, definite, False, plural)
        # Nothing in the phrase can speak ("just the right time", "the capture of a shark"):
        # the parse took a wrong word for the speaker, so the words stay without one.
        return Typed("unattributed", "unattributed", head_lemma, None, False, False, False)

    def _joint_speakers(self, head: Token, phrase: str, end: int) -> str | None:
        """ "Rob and his sister Kylie Jenner sued ..., alleging": two people speaking jointly
        are one source, a group ("the siblings" later), not the first of them. A person and
        their staff ("Chyna and her legal team") is the person."""
        if head.pos_ != "PROPN" or head.ent_type_ != "PERSON":
            return None
        for conj in (c for c in head.children if c.dep_ == "conj"):
            # "Aniston and Theroux say": a surname the article gives a person elsewhere,
            # whatever the tagger made of it here
            surname = conj.pos_ == "PROPN" and self._a_person(conj.text)
            person = conj.ent_type_ == "PERSON" or conj.lemma_.lower() in KIN_NOUNS or surname
            if not person:
                continue
            named = next(
                (c for c in conj.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"),
                None,
            )
            if named is not None and named.idx >= end:
                ent = next(e for e in self.doc.ents if e.start <= named.i < e.end)
                return f"{phrase} {ent.text}"
            return phrase
        return None

    def _person_names(self) -> list[str]:
        # Asked for every mention, and the entities do not change: read once per article.
        if self._names is None:
            self._names = self._read_person_names()
        return self._names

    def _read_person_names(self) -> list[str]:
        # "Tiffany Haddish" tagged a company is a person too (a given name first), as is a
        # full name the tagger left untagged
        people = [
            e
            for e in self.ents
            if (e.label_ == "PERSON" or _given_name_first(e)) and e.text not in self.places
        ]
        names = [_trimmed_name(_bare_name(e.text)) for e in [*people, *self.untagged_people]]
        # "Actress Gabrielle Union" tagged a company: the name after the describing word
        return names + [n for e in self.ents if (n := _described_name(e)) is not None]

    def _as_named(self, typed: Typed, head: Token) -> Typed:
        """A mention by surname the tagger took for a plural noun ("Hodges says"), or by
        initial and surname ("M. Hodges"), is the person the article names in full."""
        trimmed = _trimmed_name(typed.name)
        if trimmed != typed.name:
            if typed.type == "person" and " " not in trimmed:
                trimmed = self._fullest_name(trimmed)  # "Added Parton" after "Dolly Parton"
            typed = dataclasses.replace(typed, name=trimmed)
        words = typed.name.split()
        # "Parton predicted", "Tennessee-born Parton said" after "Dolly Parton": the tagger
        # took the surname for a place or a body; descriptors before it say nothing of who.
        named = [w for w in words if w[:1].isupper() and not _DESCRIPTOR.search(w)]
        if (
            typed.type in ("government", "organization")
            and len(named) == 1
            and head.text == named[0]
            and self._a_person(named[0])
        ):
            # The tagger took the name for a person elsewhere in the article, in full or
            # not ("Chrissy Teigen" tagged as "Teigen" alone): a person either way.
            full = self._fullest_name(named[0])
            return Typed("person", full, typed.head, None, False, True, False)
        if typed.type == "anonymous" and len(words) == 1 and head.text[:1].isupper():
            full = self._fullest_name(typed.name)
            if len(full.split()) > 1 and self._a_person(typed.name):
                return Typed("person", full, typed.head, None, False, True, False)
        if typed.type == "person" and len(words) == 2 and re.fullmatch(r"[A-Z]\.", words[0]):
            full = self._fullest_name(typed.name)
            # "M." is also the French "Monsieur", a title before any first name.
            initial = full.split()[0][:1] == words[0][0] or words[0] == "M."
            if initial and len(full.split()) > 1:
                return dataclasses.replace(typed, name=full)
        if typed.type == "person" and len(words) == 1 and words[0][:1].isupper():
            # "Portia told her", "De Rossi played" after "wife Portia de Rossi"
            return dataclasses.replace(typed, name=self._fullest_name(words[0]))
        return typed

    def _with_given_name(self, ent: Any, span: tuple[int, int]) -> str:
        """ "Charlize Theron" where the tagger's name starts at "Theron": the capitalised
        names compounded on it before, in the phrase, are the rest of the name."""
        first = ent.start
        while first > 0 and len(ent) == 1:
            before = self.doc[first - 1]
            if (
                before.idx < span[0]
                or before.dep_ != "compound"
                or before.pos_ != "PROPN"
                or not before.text[:1].isupper()
                or before.text.strip(".").lower() in _TITLES
                or before.lemma_.lower() in _ROLE_WORDS  # "Engineer Sofia Marin"
                or before.ent_type_ not in ("", "PERSON")
            ):
                break
            first -= 1
        if first == ent.start == ent.end - 1 and first > 0:
            # "\n\nMariah Carey says": a given name the parser cut off into a sentence of its
            # own, right before the surname, is still the start of the name
            before = self.doc[first - 1]
            if (
                before.pos_ == "PROPN"
                and before.whitespace_ == " "
                and before.text.lower() in GIVEN_NAMES
                and before.ent_type_ in ("", "PERSON")
            ):
                first -= 1
        return str(self.doc[first : ent.end].text) if first < ent.start else str(ent.text)

    def _publication_told(self, bare: str, end: int) -> bool:
        """ "he told Gala.", "stylist Robert Verdi told Moneyish.": one capitalised word told,
        ending the frame, that the article never uses in a full name and no list knows as a
        person, place or body, is a publication the outlet list lacks."""
        if not re.fullmatch(r"[A-Z][a-z]{2,}", bare) or self.text[end : end + 1] not in ".,":
            return False
        lowered = bare.lower()
        if lowered in _KNOWN_NOT_TITLES or lowered in _BODY_WORDS:
            return False
        return not self._in_full_name(bare)

    def _in_full_name(self, word: str) -> bool:
        """A word of a person's name of two words or more in the article."""
        if self._full_name_words is None:
            self._full_name_words = frozenset(
                w for name in self._person_names() if " " in name for w in name.split()
            )
        return word in self._full_name_words

    def _name_after_office(self, head: Token, span: tuple[int, int]) -> str | None:
        """The name ending "the company's VP of Training Maria Kelling", "head of sales Ana
        Ruiz": an office of a department, its person named last, from a given name on."""
        if head.lower_ not in _OFFICES and head.lemma_.lower() not in ROLE_HEADS:
            return None
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
            for ent in self.ents:
                if (
                    ent.label_ == "PERSON"
                    and ent.start > prep.i + 1  # a department first: "VP of Training Maria"
                    and ent.end_char == span[1]
                    and len(ent) > 1
                    and ent[0].lower_ in GIVEN_NAMES
                ):
                    return str(ent.text)
        return None

    def _titled_told(self, phrase: str, span: tuple[int, int]) -> bool:
        """ "told The Celebrity Café", "telling The Auggie": a name told that takes a capital
        "The" mid-sentence is a title (people's names take no article), unless the article
        uses its words in a person's name or a list knows them as a place or body."""
        if not _TITLED.fullmatch(phrase) or self.opens_sentence(span[0]):
            return False
        words = phrase.split()[1:]
        lowered = {w.lower() for w in words}
        if lowered & (_BODY_WORDS | GOVERNMENT_WORDS | ORGANIZATION_HEADS):
            return False
        if words[-1].lower() in PEOPLE_NOUNS:  # "The Doctor", whatever comes before
            return False
        return not any(self._a_person(word) for word in words)

    def _a_person(self, word: str) -> bool:
        """A word the article uses as (part of) a person's name elsewhere."""
        return any(word in name.split() for name in self._person_names())

    def _fullest_name(self, mention: str) -> str:
        """The full name the article gives a surname ("Leto" -> "Jared Leto"): of several
        people sharing it, the one introduced first, whom a bare surname refers to (a
        relative named later, "my Pomeranian, Chip ... Brazile", is named in full). A word no
        full name ends with may be the given name of one person ("Portia" for "Portia de
        Rossi")."""
        surname = _bare_name(mention).split()[-1:]
        names = [n for n in self._person_names() if len(n.split()) > 1]
        fuller = [n for n in names if n.split()[-1:] == surname]
        if fuller:
            return fuller[0]
        given = {n for n in names if n.split()[:1] == surname}
        return given.pop() if len(given) == 1 else " ".join(surname)

    def token_at(self, char: int) -> Token | None:
        """The token that starts at `char`, if one does."""
        i = bisect.bisect_left(self.starts, char)
        return self.doc[i] if i < len(self.starts) and self.starts[i] == char else None

    def opens_sentence(self, char: int) -> bool:
        token = self.token_at(char)
        return token is not None and bool(token.is_sent_start)

    def _name_after_title(self, phrase: str, span: tuple[int, int]) -> str | None:
        """The person a bare title abbreviation stands before ("Maj.", "Sen.", "Dr.")."""
        if phrase.strip().rstrip(".").lower() not in TITLE_WORDS:
            return None
        for ent in self.ents:
            if ent.label_ == "PERSON" and span[1] <= ent.start_char <= span[1] + 3:
                return _split_title(ent.text)[0]
        return None

    def _named_by_domain(self, start: int) -> Outlet | None:
        """The article's own outlet named at `start` as its domain reads: "TheWrap" on
        thewrap.com, "FOX 5 DC" on fox5dc.com (which the index would take for Fox News by its
        first word, and the parse may cut after "FOX")."""
        stem = self.own_domain.split(".")[0]
        if len(stem) < 4:
            return None
        if self.text.startswith("the ", start) or self.text.startswith("The ", start):
            start += 4
        letters, end = "", start
        while end < len(self.text) and len(letters) < len(stem):
            if self.text[end].isalnum():
                letters += self.text[end].lower()
            elif self.text[end] not in " -.":
                break
            end += 1
        if letters != stem or (end < len(self.text) and self.text[end].isalnum()):
            return None
        name = self.text[start:end]
        return self.own_outlet or Outlet(
            name=name, kind="outlet", domains=(self.own_domain,), aliases=()
        )

    def _own_or_exclaimed(self, bare: str, span: tuple[int, int]) -> Outlet | None:
        """The article's own outlet by any alias; "E!" whose "!" the phrase left out."""
        own = self.own_outlet
        if own is not None and bare.lower().removeprefix("the ") in {
            a.lower().removeprefix("the ") for a in (*own.aliases, own.name)
        }:
            return own
        if self.text[span[1] : span[1] + 1] == "!":
            return outlet_index().find(bare + "!", tagged=True)
        return None

    def _full_name(self, head: Token, span: tuple[int, int]) -> str | None:
        """The full name a bare surname or first name stands for: a surname takes the latest
        person of that name mentioned before it; a first name ("Kim" for "Kim Lee") the one
        person in the article with that first name, so two "Lee"s stay apart."""
        persons = [
            e
            for e in self.ents
            if (e.label_ == "PERSON" or _given_name_first(e)) and e.text not in self.places
        ]
        persons += self.untagged_people
        word = self.text[span[0] : span[1]]
        # A hyphenated surname ("Huntington-Whiteley") is one word of a name in three tokens.
        if word != head.text and not _HYPHENATED.fullmatch(word):
            return None
        # Each name as the person-name list reads it: no possessive, no describing word the
        # tagger took in ("Model Jordyn Woods" is Jordyn Woods).
        named = [(e, _trimmed_name(_bare_name(e.text)).split()) for e in persons]
        for words in reversed([w for e, w in named if e.end_char <= span[0]]):
            # "Mann" for "Jules Mann-Stewart": the first half of a double surname.
            if len(words) > 1 and (words[-1] == word or words[-1].startswith(f"{word}-")):
                return " ".join(words)
        # One person, however often named with a possessive ("Rob Kardashian’s"), is one.
        firsts = {" ".join(w) for _, w in named if len(w) > 1 and w[0] == word}
        if len(firsts) == 1:
            return firsts.pop()
        if firsts:
            return None
        # "Brit" for "Britney Spears", "Chris" for "Christopher Lee": the short form of the
        # one person's first name it begins.
        shortened = {
            " ".join(w)
            for _, w in named
            if len(w) > 1 and len(word) >= 3 and w[0].startswith(word) and w[0] != word
        }
        if len(shortened) == 1:
            return shortened.pop()
        return self._shared_surname(word, persons)

    def _shared_surname(self, first: str, persons: list[Any]) -> str | None:
        """ "sisters Kim and Khloé Kardashian": a first name joined to a full name shares its
        surname, so a later "Kim" is Kim Kardashian."""
        pattern = rf"\b{re.escape(first)}\s+(?:and|&)\s+([A-Z][\w’'-]+\s+[A-Z][\w’'-]+)\b"
        full = {_bare_name(e.text) for e in persons}
        for match in re.finditer(pattern, self.text):
            before = self.text[: match.start()].split()[-1:]
            if before and before[0][:1].isupper():
                continue  # "Ines Varga and Pol Moreau": a surname, not a first name
            if match.group(1) in full:
                return f"{first} {match.group(1).split()[-1]}"
        return None

    def _titled_person(self, title: str, at: int) -> Entity | None:
        """'the minister' after 'Health Minister Ilse Varga' was mentioned: of the people so
        titled, the one quoted already, else the latest named."""
        titled: list[Typed] = []
        for ent in reversed([e for e in self.ents if e.end_char <= at]):
            # The title vouches for a person even where the name is a place elsewhere
            # ("Prince William", a county too).
            if ent.label_ != "PERSON":
                continue
            before = self.doc[max(0, ent.start - 4) : ent.start + 1]
            if any(t.lemma_.lower() == title for t in before):
                name = ent.text if ent[0].lemma_.lower() != title else ent[1:].text
                if name:
                    titled.append(Typed("person", name, title, None, False, True, False))
        # "the prince said" after Prince William was quoted and Prince Andrew only named
        for found in titled:
            for entity in self.entities:
                if entity.speaker and _same_name(entity, found):
                    return entity
        if not titled:
            return None
        for entity in self.entities:
            if _same_name(entity, titled[0]):
                return entity
        return self._new(titled[0])

    def _apposed_person(self, head: Token) -> str | None:
        for child in head.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                ent = next((e for e in self.ents if e.start <= child.i < e.end), None)
                if ent is not None and ent.text not in self.places:
                    return str(ent.text)
            # "The board chair, Ana Ruiz, said": a first and last name the tagger left
            # untyped is still the person the role noun names.
            given = [c for c in child.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            if child.dep_ == "appos" and child.pos_ == "PROPN" and not child.ent_type_ and given:
                name = self.doc[given[0].i : child.i + 1].text
                # "Sen. Susan Collins, R-Maine": the party and state, no one's name
                if name not in self.places and not _PARTY_STATE.fullmatch(name):
                    return str(name)
        return None

    # --- resolution --------------------------------------------------------------------
    def resolve(
        self,
        span: tuple[int, int],
        head_i: int,
        *,
        speaker: bool,
        not_: Entity | None = None,
        recipient: bool = False,
        medium: bool = False,
    ) -> Entity:
        """The entity a mention refers to; a pronoun never to `not_` (the verb's recipient).
        A `medium` the frame gave the words to ("said on NBCSN") is an outlet unless a person
        is named."""
        # One phrase can serve two attributions (a quote before the cue and the paraphrase
        # after it): it names one source, never two with the same name.
        known = self.by_span.get(span)
        if known is not None:
            known.speaker = known.speaker or speaker
            return known
        head = self.doc[head_i]
        lower = head.lower_
        alone = span[1] - span[0] == len(head.text)
        if recipient and alone and head.text == "Us" and not self.opens_sentence(span[0]):
            # "Another source told Us that ...": the magazine, not the first person plural
            return self._mention(self._outlet_entity("Us Weekly"), span, speaker)
        if alone and lower in _SOME_PEOPLE:
            # "Some said", "many say": unnamed people, never a pronoun to resolve.
            typed = Typed("anonymous", lower, lower, None, False, False, True)
            return self._mention(self._new(typed), span, speaker)
        if head.pos_ == "PRON" and alone:
            found = self._pronoun(lower, span[0], not_)
            if found is not None:
                return self._mention(found, span, speaker)
            return self._mention(
                self._new(Typed("unattributed", "unattributed", lower, None, False, False, False)),
                span,
                speaker,
            )
        typed = self._as_named(self.classify(span, head, recipient=recipient), head)
        if medium and typed.type != "outlet" and head.ent_type_ != "PERSON":
            typed = dataclasses.replace(typed, type="outlet", named=True)
        found = self._antecedent(typed, span[0])
        no_outlet_before = found is None and typed.type == "outlet" and not typed.named
        if no_outlet_before and typed.head in ("site", "website"):
            typed.type = "document"  # "told the site" with no outlet named before it
        if found is None and typed.type == "organization" and not typed.named:
            # "a group that advocates ...", "the business lobby", "production staff": a body
            # the text never names is a source a careful reader cannot check, like "officials".
            typed.type = "anonymous"
        entity = found if found is not None else self._new(typed)
        # "according to Otnes" read as a body, "said Otnes" as the person: a body's name is
        # never read as a person's, but a seat of government ("Kensington Palace") the
        # tagger calls a person stays government
        seat = _SEAT.fullmatch(entity.name) is not None
        if typed.type == "person" and _typed_twice(entity, typed) and not seat:
            entity.type = "person"
        if _fuller_name(entity, typed):
            entity.name = typed.name  # "Portia" first (a she resolved), "Portia de Rossi" now
        entity.human = entity.human or typed.human
        if entity.description is None and typed.description:
            entity.description = typed.description
        return self._mention(entity, span, speaker)

    def resolve_label(self, span: tuple[int, int]) -> Entity:
        """A transcript speaker label ("JOHN KERRY", "KERRY", "ANNOUNCER") as a source."""
        label = self.text[span[0] : span[1]]
        words = label.split()
        outlet = outlet_index().find(label, tagged=True)
        if outlet is not None:
            typed = Typed("outlet", outlet.name, words[-1].lower(), None, False, True, False)
        elif news_handle(label):  # "ClickonDetroit.com has more:"
            typed = Typed("outlet", label, words[-1].lower(), None, False, True, False)
        elif {w.lower() for w in words} & _UNNAMED_VOICES:
            typed = Typed("anonymous", label, words[-1].lower(), None, False, False, False)
        else:
            name = self._spelt(label)
            if len(words) == 1:  # "KERRY:", "Berman:": the full name the article gives
                name = self._fullest_name(name)
            typed = Typed("person", name, words[-1].lower(), None, False, True, False)
        found = next((e for e in self.entities if _same_name(e, typed)), None)
        return self._mention(found or self._new(typed), span, True)

    def _spelt(self, label: str) -> str:
        """A name in capitals as the text spells it elsewhere ("MCCONNELL" -> "McConnell")."""
        known = self.spelt.get(label)
        if known is None:
            known = self.spelt[label] = self._spelling(label)
        return known

    def _spelling(self, label: str) -> str:
        wanted = label.lower().split()
        for ent in self.ents:
            words = ent.text.split()
            if [w.lower() for w in words[-len(wanted) :]] == wanted:
                return " ".join(words[-len(wanted) :])
        return " ".join(w.capitalize() if w.isalpha() else w.title() for w in label.split())

    def _mention(self, entity: Entity, span: tuple[int, int], speaker: bool) -> Entity:
        self.by_span[span] = entity
        entity.mentions.append(span)
        entity.speaker = entity.speaker or speaker
        self.last_seen[entity.id] = span[0]
        return entity

    def _new(self, typed: Typed) -> Entity:
        entity = Entity(
            id=f"s{len(self.entities) + 1}",
            name=typed.name,
            type=typed.type,
            head=typed.head,
            description=typed.description,
            plural=typed.plural,
            human=typed.human or typed.type in ("person", "anonymous"),
            gender=_gender_of(typed) if typed.type in ("person", "anonymous") else None,
            vague=typed.vague,
        )
        self.entities.append(entity)
        return entity

    def _recent(self, before: int) -> list[Entity]:
        seen = [(self.last_seen.get(e.id, -1), e) for e in self.entities]
        return [e for pos, e in sorted(seen, key=lambda p: -p[0]) if 0 <= pos < before]

    def _pronoun(self, lower: str, at: int, not_: Entity | None = None) -> Entity | None:
        recent = [e for e in self._recent(at) if e is not not_]
        if lower in PERSON_PRONOUNS:
            gender = "f" if lower in _FEMALE else "m"
            sentence_start = self._sentence_start(at)
            main = self._main_subject(at, gender)
            if main is not None and main is not not_:
                return main
            topic = self._previous_subject(at, gender)
            if topic is not None and topic is not not_:
                return topic
            for entity in recent:
                singular = entity.human and not entity.plural
                if entity.speaker and singular and entity.gender in (None, gender):
                    if self.last_seen[entity.id] < sentence_start and self._subordinate(at):
                        # "Munn said she met Ratner, where he boasted": the man named in the
                        # pronoun's own sentence, not a speaker of sentences before. Only in a
                        # clause inside another's words: "..., he said" goes on as before.
                        named = self._person_before(at, gender, since=sentence_start)
                        if named is not None and named is not not_:
                            named.gender = gender
                            return named
                    shifted = self._subject_since(self.last_seen[entity.id], at, gender)
                    if shifted is not None and shifted is not not_:
                        return shifted
                    entity.gender = gender
                    return entity
            person = self._person_before(at, gender)
            if person is not None:
                person.gender = gender
            return person
        if lower in PLURAL_PRONOUNS:
            for entity in recent:
                if entity.speaker and (
                    entity.plural or entity.type in ("organization", "government")
                ):
                    return entity
        if lower in THING_PRONOUNS:
            for entity in recent:
                if entity.speaker and entity.type in (
                    "organization",
                    "government",
                    "outlet",
                    "document",
                ):
                    return entity
        return None

    def _quoted(self, start: int, end: int) -> bool:
        """Whether the characters from `start` to `end` lie inside one quote, marks included."""
        return any(opened <= start and end <= closed for opened, closed in self.quoted)

    def _subject_since(self, since: int, at: int, gender: str) -> Entity | None:
        """ "... a source said. [narrative] Cardi B resorted to Instagram ... She stated":
        a named person the narrative made a sentence's subject after the last speaker spoke,
        in sentences that report no one's words, is whom a he/she goes on with."""
        token = self.token_at(at)
        if token is None:
            return None
        sentence = token.sent
        while sentence.start > 0:
            sentence = self.doc[sentence.start - 1].sent
            if sentence.start_char <= since:
                return None
            # a sentence of someone's quote (from its opening mark on) is no narrative
            if self._quoted(sentence.start_char, sentence.start_char) or _reports_words(sentence):
                return None
            person = self._subject_person(sentence, at, gender)
            if person is not None:
                return person
        return None

    def _previous_subject(self, at: int, gender: str) -> Entity | None:
        """ "Robert Heckmann owns Turbo North Aviation. He said ...": a he/she opening its
        sentence continues the person the sentence before was about (its subject), when that
        sentence reports no one's words; after a cue, the speaker rule below decides."""
        token = self.token_at(at)
        if token is None or token.sent.start == 0:
            return None
        # '"...," he told Radio Mambi' opens with the quote its own sentence frames
        opening = self.text[token.sent.start_char : at].strip().rstrip(",")
        quoted = opening[:1] in _QUOTE_MARKS and opening[-1:] in _QUOTE_MARKS
        first = token.sent.start
        if token.i != token.sent.start and not quoted:
            # a quote of several sentences before "she tweeted": the sentence before the
            # quote's opening mark, when the quote opens its own sentence
            mark = self._quote_opening(at)
            if mark is None or mark.i != mark.sent.start or mark.sent.start == 0:
                return None
            first = mark.sent.start
        before = self.doc[first - 1].sent
        if _reports_words(before):
            return None
        return self._subject_person(before, at, gender)

    def _subject_person(self, before: Any, at: int, gender: str) -> Entity | None:
        """The named person a sentence is about (its root's subject), for a he/she at `at`."""
        subjects = [c for c in before.root.children if c.dep_ == "nsubj"]
        # a parse may give the root two subjects ("analyst and ... Marie Harf"): the named one
        subject = next(
            (c for c in subjects if c.pos_ == "PROPN"), subjects[0] if subjects else None
        )
        if subject is not None and subject.pos_ == "NOUN":
            # "Fox News analyst and former spokeswoman Marie Harf was dubious": the name
            # the describing nouns lead up to
            named = [t for t in subject.subtree if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"]
            subject = named[-1] if named else subject
        if subject is None or subject.pos_ != "PROPN":
            return None
        # "Haddish celebrated" tagged a nationality: a person's name all the same when the
        # article names a person by it elsewhere
        if subject.ent_type_ not in ("PERSON", "") and not self._a_person(subject.text):
            return None
        end = subject.idx + len(subject.text)
        if subject.ent_type_ == "PERSON":
            person = self._person_before(end, gender, since=subject.left_edge.idx)
            return person if person is not None and not person.plural else None
        # A full name the tagger left untagged ("Brooklynn Prince"): first name and surname.
        words = [t for t in subject.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
        if not words:
            # "Pitt opened up about the battle. “...,” he said.": a surname alone is the
            # person named in full before it, if any
            known = self._full_name(subject, (subject.idx, end))
            if known is None:
                return None
            typed = Typed("person", known, subject.lemma_.lower(), None, False, True, False)
            surnamed = self._antecedent(typed, at) or self._new(typed)
            return surnamed if surnamed.gender in (None, gender) else None
        name = f"{words[0].text} {subject.text}" if len(words) == 1 else ""
        if not name or _org_like(name) or outlet_index().find(name, tagged=True) is not None:
            return None
        typed = Typed("person", name, subject.lemma_.lower(), None, False, True, False)
        entity = self._antecedent(typed, at)
        if entity is None:
            # Not _gender_of: a surname such as "Prince" is no title.
            first = words[0].text.lower()
            other = MALE_NAMES if gender == "f" else FEMALE_NAMES
            if first in other:
                return None
            entity = self._new(typed)
            entity.gender = gender
        return entity if entity.gender in (None, gender) else None

    def _quote_opening(self, at: int) -> Token | None:
        """The opening mark of the quote that ends right before the cue at `at` ('“...,”
        she said'), in the same paragraph; None when no quote ends there."""
        head = self.text[:at].rstrip()
        if head[-1:] not in ("”", '"'):
            return None
        close = len(head) - 1
        paragraph = head.rfind("\n", 0, close) + 1
        opening = max(head.rfind("“", paragraph, close), head.rfind('"', paragraph, close))
        return self.token_at(opening) if opening >= 0 else None

    def _main_subject(self, at: int, gender: str) -> Entity | None:
        """ "A hotel manager called police because he said ...": a he/she opening an adverbial
        clause is the subject of the clause it hangs on, when that is a person (named or
        described), not a speaker of sentences before."""
        token = self.token_at(at)
        if token is None or token.dep_ != "nsubj" or token.head.dep_ != "advcl":
            return None
        # "when" is parsed as an adverb of the clause, "because" as its marker
        marks = (c for c in token.head.children if c.dep_ in ("mark", "advmod"))
        if not any(c.lower_ in _CLAUSE_MARKS for c in marks):
            return None
        subject = next((c for c in token.head.head.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ == "PRON" or subject.tag_ in ("NNS", "NNPS"):
            return None
        span = (subject.left_edge.idx, subject.idx + len(subject.text))
        typed = self.classify(span, subject)
        if typed.type not in ("person", "anonymous") or typed.plural:
            return None
        entity = self.by_span.get(span) or self._antecedent(typed, at) or self._new(typed)
        if entity.gender not in (None, gender):
            return None
        entity.gender = gender
        return entity

    def _subordinate(self, at: int) -> bool:
        """Whether the pronoun at `at` is the subject of a clause inside another speaker's
        sentence (a relative or adverbial clause), not of the sentence's main verb."""
        token = self.token_at(at)
        if token is None:
            return False
        clause = token.head
        return bool(
            clause.dep_ == "relcl" or (clause.dep_ == "advcl" and clause.head.dep_ != "ROOT")
        )

    def _previous_start(self, at: int) -> int:
        """Where the sentence before the one holding `at` starts."""
        start = self._sentence_start(at)
        return self._sentence_start(start - 1) if start > 0 else 0

    def _sentence_start(self, at: int) -> int:
        i = bisect.bisect_right(self.starts, at) - 1
        token = self.doc[i] if i >= 0 and at < self.starts[i] + len(self.doc[i].text) + 1 else None
        return int(token.sent.start_char) if token is not None else 0

    def _person_of_age(self, description: str, at: int) -> Entity | None:
        """The person named with the age a description gives ("the 39-year-old" after "Kevin
        Hart, 39," or "39-year-old Kevin Hart"), the latest before `at`."""
        age = _AGE.search(description)
        if age is None:
            return None
        years = age.group(1)
        for ent in reversed([e for e in self.ents if e.end_char <= at and e.label_ == "PERSON"]):
            after = self.text[ent.end_char : ent.end_char + 6]
            before = self.text[max(0, ent.start_char - 14) : ent.start_char]
            if re.match(rf",\s*{years}\b", after) or re.search(rf"\b{years}-year-old\s*$", before):
                name = _trimmed_name(_bare_name(ent.text))
                typed = Typed("person", name, ent.root.lemma_.lower(), None, False, True, False)
                return self._antecedent(typed, at) or self._new(typed)
        return None

    def _person_before(
        self, at: int, gender: str | None, since: int = 0, *, subject_first: bool = False
    ) -> Entity | None:
        """A named person mentioned (not as a speaker) just before a he/she (or a describing
        noun: gender None agrees with anyone), at or after `since`. With `subject_first`, the
        words of a quote the cue at `at` closes are not searched, and a person the sentence is
        about goes before an object or possessor."""
        if subject_first and (mark := self._quote_opening(at)) is not None:
            # '"... if Cersei Lannister was running this country," the ABC star said': the
            # speaker is described, not named in their own words; the sentence before is
            # the one before the quote, however the parse split the quote from its frame
            at = mark.idx
            if since:
                since = min(since, self._previous_start(at))
        # A surname the model tagged ORG here ("Ratner") is the person it tags elsewhere.
        persons = [
            e
            for e in self.ents
            if since <= e.start_char
            and e.end_char <= at
            and (
                e.label_ == "PERSON"
                or (e.label_ == "ORG" and self._a_person(e.text))
                or _given_name_first(e)  # "Tyra Banks" tagged a company
            )
        ]
        if subject_first:
            # '"... until my last album, Rainbow, ..." says Mariah. The star adds': a name in
            # someone's words is not who the narrative goes on to describe
            persons = [e for e in persons if not self._quoted(e.start_char, e.end_char)]
            # "Jimmy Kimmel proposed making Trump king ... the ABC star said": the one the
            # sentence is about, not the latest name in it (a stable sort keeps reading order)
            persons.sort(key=lambda e: not _object_like(e.root))
        persons = [e for e in persons if e.text not in self.places]
        # "the Harry Potter films": a name that only modifies a noun refers to no one here
        persons = [
            e for e in persons if not (e.root.dep_ == "compound" and e.root.head.pos_ == "NOUN")
        ]
        for ent in reversed(persons):
            # "her son Luca": the kin noun before the name says the gender.
            single = ent.label_ != "PERSON" or len(ent) == 1
            # the name as the person-name list reads it ("Model Jordyn Woods" is Jordyn Woods)
            name = self._fullest_name(ent.text) if single else _trimmed_name(_bare_name(ent.text))
            typed = Typed("person", name, ent.root.lemma_.lower(), None, False, True, False)
            entity = self._antecedent(typed, at) or self._new(typed)
            near = {t.lower_ for t in self.doc[max(0, ent.start - 2) : ent.start]}
            if entity.gender is None and near & FEMALE_WORDS and not near & MALE_WORDS:
                entity.gender = "f"
            elif entity.gender is None and near & MALE_WORDS and not near & FEMALE_WORDS:
                entity.gender = "m"
            if gender is None or entity.gender in (None, gender):
                return entity
        return None

    def _antecedent(self, typed: Typed, at: int) -> Entity | None:
        if typed.type == "anonymous" and _ANOTHER.match(self.text, at):
            return None  # "another source close to the situation" is not the one before
        recent = self._recent(at)
        if typed.named:
            for entity in recent + self.entities:
                if _same_name(entity, typed):
                    return entity
            return None
        described = self._described_as(typed, recent)
        if described is not None:
            return described
        if typed.type == "document" and not typed.plural:
            same = next((e for e in recent if _same_document(e, typed)), None)
            if same is not None:
                return same
        if typed.type == "anonymous" and not typed.plural and typed.head in _ONE_SOURCE_HEADS:
            # "a source" then "a source close to the actor": a bare unnamed source the text
            # goes on to describe is that source, not a second one
            same = next((e for e in recent if _described_further(e, typed)), None)
            if same is not None:
                return same
        # "the news agency" points back; "the state news agency" introduces another one.
        if (
            typed.type == "outlet"
            and typed.definite
            and (len(typed.name.split()) <= 2 or typed.head in ("site", "website"))
        ):
            named = [e for e in recent if e.type == "outlet"]
            outlet = self._outlet_in_text_before(at)
            if outlet is not None and (not named or self.last_seen[named[0].id] < outlet[1]):
                return self._outlet_entity(outlet[0])
            return named[0] if named else None
        if typed.definite:
            return self._definite(typed, recent, at)
        # Bare plurals repeat the same group ("officials said ... officials added").
        for entity in recent:
            # The first word, not a prefix: "authorities" is a bare plural, "a source" is not.
            if (
                entity.name.lower() == typed.name.lower()
                and typed.name.lower().partition(" ")[0] not in _INDEFINITE
            ):
                return entity if typed.plural else None
        return None

    def _described_as(self, typed: Typed, recent: list[Entity]) -> Entity | None:
        """ "Chyna's attorney" after "Chyna's lawyer Lisa Bloom": a role the article gave a
        named person, with the same owner where the phrase names one."""
        group = next((g for g in _ROLE_GROUPS if typed.head in g), None)
        if group is None or typed.plural or typed.type not in ("anonymous", "person"):
            return None
        owner = _OWNER.match(typed.name)
        owner_words = set(owner.group(1).lower().split()) if owner else set()
        for entity in recent:
            words = set(re.findall(r"\w+", (entity.description or "").lower()))
            if entity.type == "person" and words & group and owner_words <= words:
                return entity
        return None

    def _definite(self, typed: Typed, recent: list[Entity], at: int) -> Entity | None:
        """'the official', 'the minister', 'the company': the latest entity they can name."""
        for entity in recent:
            if not _compatible(entity.type, typed.type):
                continue
            if _head_word(entity.head) == _head_word(typed.head):
                return entity
            if entity.description and typed.head in entity.description.lower().split():
                return entity
            if entity.type != "document" and typed.head in entity.name.lower().split()[-1:]:
                return entity
        if typed.head in GROUP_NOUNS and (typed.plural or typed.head in _PAIR_NOUNS):
            # "the siblings alleged" after "Rob and his sister Kylie Jenner sued"; "The couple
            # says" after "Jennifer Aniston and Justin Theroux have split": the people named
            # together last (a couple even before they spoke)
            pair = typed.head in _PAIR_NOUNS
            for entity in recent:
                together = entity.plural or _PAIR.search(entity.name) is not None
                if entity.type == "person" and together and (entity.speaker or pair):
                    return entity
            return self._pair_before(at) if pair else None
        if typed.type == "anonymous" and not typed.plural:
            # "the source" after "a person familiar with the investigation"; "the TV star"
            # after the star was named
            # A describing noun ("the reality star", "the 39-year-old") names a person; an
            # anonymous head ("the source", "the official") only an unnamed source.
            people = typed.head in PEOPLE_NOUNS or typed.head not in ANONYMOUS_HEADS
            gender = _gender_of(typed)
            aged = _AGE.search(typed.name) is not None
            # A describing noun ("the Oscar winner"), an age ("the 34-year-old") or a gendered
            # noun ("the new mom") describes someone named, never the unnamed source quoted
            # last ("a rep for the couple").
            # "the mom of Tally, 2," names her by a relation the noun's own phrase gives: a
            # description of the person just named, like a describing noun
            related = re.search(rf"\b{re.escape(typed.head)}\s+(?:of|to)\s", typed.name.lower())
            describing = typed.head in DESCRIBING_NOUNS or aged or bool(gender and related)
            unnamed_ok = not describing and not (gender and typed.head in PEOPLE_NOUNS)
            if aged:
                # "Kevin Hart, 39, and Eniko Parrish, 33, ... The 39-year-old actor declared":
                # the person the text gave that age
                of_age = self._person_of_age(typed.name, at)
                if of_age is not None:
                    return of_age
            if describing:
                # "Jason Isaacs was the perfect villain, but ... the actor admitted": a person
                # named in this sentence or the one before, before any earlier speaker
                near = self._person_before(
                    at, gender, since=self._previous_start(at), subject_first=True
                )
                if near is not None:
                    return near
            for entity in recent:
                if (
                    entity.speaker
                    and not entity.plural
                    and entity.gender in (None, gender or entity.gender)
                    and (
                        (unnamed_ok and entity.type == "anonymous")
                        or (people and entity.type == "person")
                    )
                ):
                    return entity
            if not describing and self._introduced_unnamed(typed.head, at):
                return None  # "with a woman in Las Vegas ... the woman told TMZ": that woman
            if describing or (gender and typed.head in PEOPLE_NOUNS):
                # "the California Democrat said" before she is quoted by name: the noun
                # describes the person just named ("House leader Nancy Pelosi ..."); so does
                # an age ("the 40-year-old") or a gendered noun ("the new mom").
                return self._person_before(at, gender)
        if typed.type == "person" and typed.head in ROLE_HEADS:
            return self._titled_person(typed.head, at)
        if typed.type in ("organization", "government"):
            named = self._org_in_text_before(typed, at)
            if named is not None:
                return named
        return None

    def _introduced_unnamed(self, head: str, at: int) -> bool:
        """Whether the text brought in someone by an indefinite noun of this head before `at`
        ("seen with a woman", "a young man in a hoodie"), whom "the woman" then names. A
        description of someone named ("Dana Velmora, a mother of three"), a predicate ("she
        is a woman of principle") and "no one" or "any one" bring in no one."""
        ends = self._unnamed_at.get(head)
        if ends is None:
            ends = self._unnamed_at[head] = self._read_unnamed(head)
        return bisect.bisect_right(ends, at) > 0

    def _read_unnamed(self, head: str) -> list[int]:
        if not head.isalpha():
            return []
        found = []
        pattern = rf"\b(?:an?|one|another)\s+(?:[\w-]+\s+){{0,2}}{head}\b"
        for match in re.finditer(pattern, self.text, re.IGNORECASE):
            before = self.text[max(0, match.start() - 12) : match.start()]
            if re.search(
                r"(?:\b(?:is|was|are|were|be|been|as|no|any|every|some)|[’']s|,)\s*$", before
            ):
                continue
            found.append(match.end())
        return found

    def _pair_before(self, at: int) -> Entity | None:
        """The last two people named together ("Ashley Judd and Mira Sorvino") before `at`."""
        persons = [e for e in self.ents if e.end_char <= at and e.label_ == "PERSON"]
        for first, second in reversed(list(itertools.pairwise(persons))):
            # "pals Courteney Cox, Andrea Bendewald, Leigh Kilton-Smith and Kristin Hahn": the
            # end of a longer list is no couple
            listed = any(e.end_char == first.start_char - 2 for e in persons)
            if not listed and _PAIR.fullmatch(self.text[first.end_char : second.start_char]):
                name = self.text[first.start_char : second.end_char]
                typed = Typed("person", name, "and", None, False, True, True)
                return self._antecedent(typed, at) or self._new(typed)
        return None

    def _org_in_text_before(self, typed: Typed, at: int) -> Entity | None:
        """A named body mentioned earlier, for 'the company' or 'the ministry'."""
        for ent in reversed([e for e in self.ents if e.end_char <= at]):
            if ent.label_ not in ("ORG", "PERSON") or ent.text in self.places:
                continue
            if ent.label_ == "PERSON" and not _org_like(ent.text):
                continue
            if outlet_index().find(ent.text, tagged=ent.label_ in _ORGISH) is not None:
                continue
            if typed.head in ent.text.lower().split() or typed.head in ORGANIZATION_HEADS:
                found = Typed(typed.type, ent.text, typed.head, None, False, True, False)
                for entity in self.entities:
                    if _same_name(entity, found):
                        return entity
                return self._new(found)
        return None

    def _short_outlet_name(self, bare: str, at: int) -> str | None:
        """ "the Post" after "The Washington Post": a one-word short name is the outlet named
        before it whose name ends in that word, not another outlet known by it."""
        word = bare.lower().removeprefix("the ").strip()
        if " " in word:
            return None
        for name, pos in reversed(self.outlet_mentions):
            words = name.lower().split()
            if pos < at and len(words) > 1 and words[-1] == word:
                return name
        return None

    def _outlet_in_text_before(self, at: int) -> tuple[str, int] | None:
        before = [(name, pos) for name, pos in self.outlet_mentions if pos < at]
        return before[-1] if before else None

    def _outlet_entity(self, name: str) -> Entity:
        for entity in self.entities:
            if entity.type == "outlet" and entity.name == name:
                return entity
        return self._new(Typed("outlet", name, name.lower(), None, False, True, False))


def _vague_media(head: Token, lemma: str, plural: bool, ents: list[Any]) -> bool:
    """ "Russian media", "state media", "local outlets", "early reports": media named by no
    name, or reports by no one ("a report by the audit office" names its author)."""
    if head.lower_ not in VAGUE_MEDIA and lemma not in VAGUE_MEDIA and lemma != "report":
        return False
    # "the latest report", "a new report": no author, no kind ("a police report", "the
    # coroner's report" name who wrote it); so do "police reports", where "early reports"
    # name no one
    kinds = [c for c in head.children if c.dep_ not in ("det", "amod")]
    if lemma == "report" and kinds and (not plural or any(c.dep_ == "compound" for c in kinds)):
        return False
    # A name that heads the phrase makes it a named outlet; a place or people modifying it
    # ("Russian media", "Nordmark media") leaves it vague.
    named = [e for e in ents if e.start <= head.i < e.end and e.label_ != "NORP"]
    authored = any(c.dep_ in ("prep", "poss") for c in head.children)
    return not named and not authored


def _possessors(head: Token) -> list[Token]:
    """Who owns the head noun: its poss child, or the word before a "'s" the parser hung
    elsewhere ("Leto's reps" parsed with Leto as a subject)."""
    owners = [c for c in head.children if c.dep_ == "poss"]
    doc = head.doc
    if head.i >= 2 and doc[head.i - 1].lower_ in ("’s", "'s") and doc[head.i - 2].pos_ == "PROPN":
        owners.append(doc[head.i - 2])
    return owners


def _name_after_role(doc: Any, span: tuple[int, int], head: Token) -> str | None:
    """The name in "crew member Ilayda Erhalac", "pilot Alper Akkaya": a noun that only people
    are ("member", "pilot") followed by a proper name that ends the phrase and is its head.
    The small model tags such names as ORG or not at all."""
    tokens = [t for t in doc[head.i - 6 if head.i >= 6 else 0 : head.i + 1] if t.idx >= span[0]]
    if not tokens or tokens[-1].i != head.i or head.pos_ != "PROPN":
        return None
    n = len(tokens)
    while n > 0 and tokens[n - 1].pos_ == "PROPN" and tokens[n - 1].text[:1].isupper():
        n -= 1
    if n == 0 or len(tokens) - n < 2:
        return None
    role = tokens[n - 1]
    people = ANONYMOUS_HEADS | PEOPLE_NOUNS | ROLE_HEADS
    if role.pos_ != "NOUN" or role.lemma_.lower() not in people:
        return None
    return " ".join(t.text for t in tokens[n:])


def _gender_of(typed: Typed) -> str | None:
    """ "f" or "m" when the name, a title or a noun in the phrase says so ("Mrs. Lane", "the
    actress", "Kim Lee"); None when nothing does."""
    words = re.findall(r"[\w’'-]+", f"{typed.description or ''} {typed.name}".lower())
    words = [w.strip(".") for w in words]
    female = any(w in FEMALE_WORDS for w in words) or typed.head in FEMALE_WORDS
    male = any(w in MALE_WORDS for w in words) or typed.head in MALE_WORDS
    if female != male:
        return "f" if female else "m"
    names = typed.name.split()
    # a given name only where a name follows or stands alone: "the Oscar winner" is no Oscar
    named = typed.type == "person" and (len(names) == 1 or names[1][:1].isupper())
    first = names[0].lower() if names and named else ""
    # "Ryan Michelle Bathe": a middle given name of the other gender leaves it open
    middle = names[1].lower() if len(names) > 2 and named else ""
    if first in FEMALE_NAMES and first not in MALE_NAMES and middle not in MALE_NAMES:
        return "f"
    if first in MALE_NAMES and first not in FEMALE_NAMES and middle not in FEMALE_NAMES:
        return "m"
    return None


# One word with a capital inside ("BabyCenter", "TechCrunch"), not a name's prefix
# ("McCain", "DeSantis", "LeBron").
_WEB_BRAND = re.compile(r"(?!Mc|Mac|De|Le|La|Di|Du|Van|Von|O')[A-Z][a-z]{2,}[A-Z][a-z]+")


_KIND_AFTER = re.compile(r"\s+(?:magazine|newspaper)\b", re.I)
_KIND_WORD = re.compile(r"\s+(?:magazine|newspaper|paper|website|site|network|channel)$", re.I)


def _kind_named(bare: str) -> Outlet | None:
    """ "People magazine", "the Guardian newspaper": a known outlet with the kind of medium it
    is written after its name."""
    name = _KIND_WORD.sub("", bare)
    return outlet_index().find(name, tagged=True) if name != bare and name[:1].isupper() else None


def _untagged_people(doc: Any) -> list[Any]:
    """Given name and surname the tagger left untyped ("Dolly Parton, Lily Tomlin and ..." at
    the start of a text): the full names a later bare surname can stand for."""
    found = []
    for token in doc[:-1]:
        after = doc[token.i + 1]
        if (
            after.pos_ == "PROPN"
            and token.text[:1].isupper()  # the tagger may call "Dolly" an adverb
            and not token.ent_type_
            and after.ent_type_ not in ("PERSON", "ORG")
            and token.lower_ in GIVEN_NAMES
            and after.text[:1].isupper()
        ):
            found.append(doc[token.i : token.i + 2])
    return found


# Word lists joined once, not per mention: a body's words, the words that describe a person
# before the name ("Actress"), and the known names no publication told is called by.
_BODY_WORDS = ORGANIZATION_HEADS | GOVERNMENT_WORDS | BODY_NOUNS
_DESCRIBING = DESCRIBING_NOUNS | ROLE_HEADS
_KNOWN_NOT_TITLES = GIVEN_NAMES | PLACE_NAMES | GOVERNMENT_NAMES | KIN_NOUNS | MEDIA_HOSTS


def _given_name_first(ent: Any) -> bool:
    """ "Kristy Chiappalone" tagged as a company: two or three names, the first a given name,
    nothing in them a body's word, is a person whatever the tagger said."""
    words = ent.text.split()
    return (
        ent.label_ in ("ORG", "GPE", "NORP")
        and 2 <= len(words) <= 3
        and all(t.pos_ == "PROPN" for t in ent)
        and words[0].lower() in GIVEN_NAMES
        and not {w.lower() for w in words[:-1]} & _BODY_WORDS
        and (
            words[-1].lower() not in _BODY_WORDS
            # "Gabrielle Union": a body's word as surname, the given name a person elsewhere
            or any(e.label_ == "PERSON" and e.text == words[0] for e in ent.doc.ents)
            or _speaks_bare(ent)
        )
        and outlet_index().find(ent.text, tagged=True) is None
    )


def _speaks_bare(ent: Any) -> bool:
    """ "Union admitted" after "Gabrielle Union": the surname alone, with no article, as a
    verb's subject elsewhere; a body would be "the union"."""
    return str(ent[-1].text) in _bare_subjects(ent.doc)


@functools.lru_cache(maxsize=4)
def _bare_subjects(doc: Any) -> frozenset[str]:
    """The words a document uses alone as a verb's subject: no article, no name before them.
    Read once per document (the name checks ask for every entity of every mention)."""
    return frozenset(
        t.text
        for t in doc
        if t.dep_ == "nsubj"
        and not any(c.dep_ in ("det", "compound") for c in t.children)
        and (t.i == 0 or doc[t.i - 1].pos_ != "PROPN")
    )


def _described_name(ent: Any) -> str | None:
    """ "Actress Gabrielle Union" tagged as a body: a describing word, then a given name and a
    surname, is that person."""
    words = ent.text.split()
    if ent.label_ not in ("ORG", "GPE", "NORP") or not 3 <= len(words) <= 4:
        return None
    if words[0].lower() not in _DESCRIBING or words[1].lower() not in GIVEN_NAMES:
        return None
    # the surname may be a body's word ("Union"); a word between the names may not
    between = {w.lower() for w in words[2:-1]}
    if between & _BODY_WORDS:
        return None
    if not all(t.pos_ == "PROPN" for t in ent[1:]):
        return None
    return " ".join(words[1:])


def _told_medium(bare: str, head: Token, words: set[str]) -> bool:
    """Whom a speaker told is a news medium the outlet list lacks: a site by its domain
    ("told MLive.com"), a broadcaster by its call sign ("told WNEM"), a publication the parser
    tags as an organisation ("told Men's Health"; not "told Congress"), or "the (news) site"."""
    if news_handle(bare):
        return True
    if _WEB_BRAND.fullmatch(bare) and head.ent_type_ not in ("PERSON", "GPE", "NORP"):
        return True  # "told BabyCenter": a capital inside one word names a web brand
    if head.lemma_.lower() in ("site", "website") and bare[:1].islower():
        return True
    lowered = bare.lower()
    institutional = (
        words & (GOVERNMENT_WORDS | ORGANIZATION_HEADS)
        or lowered in GOVERNMENT_NAMES
        or head.text.lower() in GOVERNMENT_NAMES
    )
    return head.ent_type_ == "ORG" and head.pos_ == "PROPN" and not institutional


_ONE_SOURCE_HEADS = frozenset(["source", "insider"])
# Offices that take a department before their holder's name: "VP of Training Maria Kelling".
_OFFICES = frozenset(["vp", "svp", "evp", "vice-president", "officer", "editor", "professor"])
# A person's account on a network: "Chris Pratt’s Instagram", "her Twitter account".
_POSTED_BY = re.compile(
    r"((?:[A-Z][\w.-]*\s){0,3}[A-Z][\w-]*)['’]s?\s+(?i:"
    + "|".join(re.escape(n) for n in sorted(SOCIAL_NETWORKS))
    + r")(?:\s+(?:account|page|feed|post|caption|story|stories))?"
)
# An article that makes a noun indefinite: "a hotel manager", "one director".
_INDEFINITE_ONE = re.compile(r"(?:a|an|one|another)\s", re.IGNORECASE)
# Kinds of source a bare name may be typed as by mistake, one for another.
_NAMED_KINDS = frozenset(["person", "organization", "government"])
# Nouns for a person that a body's name may describe ("the Netflix star").
_DESCRIBED_PEOPLE = (PEOPLE_NOUNS | DESCRIBING_NOUNS) - ORGANIZATION_HEADS - GOVERNMENT_WORDS
# Describing words set before a name in capitals that the noun lists lack.
_DESCRIBING_WORDS = (
    PEOPLE_NOUNS
    | DESCRIBING_NOUNS
    | frozenset(["bachelorette", "bachelor", "showrunner", "co-creator", "co-star"])
)
# A legislator's party and state after the name: "R-Maine", "D-Pa.".
_PARTY_STATE = re.compile(r"[RDI]\s?-\s?[A-Z][\w.]*(?: [A-Z][\w.]*)?")
# A title with its article: "The Celebrity Café", "The Auggie".
_TITLED = re.compile(r"The(?: [A-Z][\w'’&.-]*){1,4}")
_ANOTHER = re.compile(r"(?:another|a second|a third|a different|one more)\b", re.IGNORECASE)
# Conjunctions of adverbial clauses whose subject pronoun goes back to the main clause's.
_CLAUSE_MARKS = frozenset(["because", "after", "when", "as", "since", "before", "until", "once"])


def _described_further(entity: Entity, typed: Typed) -> bool:
    """One of two unnamed sources with the same head is the bare word ("source") and the
    other says more of it ("source close to the actor")."""
    if entity.type != "anonymous" or entity.plural or entity.head != typed.head:
        return False
    ours, theirs = _strip_determiner(entity.name).lower(), _strip_determiner(typed.name).lower()
    # Only a phrase after the word describes it further: "a second source" is another one.
    head = typed.head
    return (ours == head and theirs.startswith(f"{head} ")) or (
        theirs == head and ours.startswith(f"{head} ")
    )


def _document_words(name: str) -> set[str]:
    return {w.removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w'’]+", name.lower())}


def _same_document(entity: Entity, typed: Typed) -> bool:
    """ "a coroner's report" and "A Los Angeles County Coroner's Office report": one
    document, when one name's words are all in the other's and the head noun is the same.
    "a new poll" and "a Gallup poll" stay two."""
    if (
        entity.type != "document"
        or entity.plural
        or _head_word(entity.head) != _head_word(typed.head)
    ):
        return False
    ours, theirs = (
        _document_words(_strip_determiner(entity.name)),
        _document_words(_strip_determiner(typed.name)),
    )
    return len(ours & theirs) >= 2 and (ours <= theirs or theirs <= ours)


def _inside_any(spans: list[tuple[int, int]], char: int) -> bool:
    """Whether `char` falls in one of `spans` (sorted, not overlapping)."""
    i = bisect.bisect_right(spans, (char, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= char < spans[i][1]


def _typed_twice(entity: Entity, typed: Typed) -> bool:
    """One name the tagger typed a person once and a body once ("according to Otnes" a
    company, "said Otnes" the person)."""
    types = {entity.type, typed.type}
    return (
        entity.type != typed.type
        and "person" in types
        and types <= _NAMED_KINDS
        and entity.name.lower() == typed.name.lower()
    )


def _compatible(a: SourceType, b: SourceType) -> bool:
    return a == b or {a, b} <= {"organization", "government"}


def _org_like(name: str) -> bool:
    """Company-style names: 'Kestrel Pay', 'Northfield Interiors', 'Acme Holdings'."""
    words = name.split()
    return len(words) > 1 and words[-1].strip(".,") in ORG_NAME_WORDS


def _same_name(entity: Entity, typed: Typed) -> bool:
    paired = _PAIR.search(entity.name) is not None and _PAIR.search(typed.name) is not None
    if paired and entity.type == "person" and _same_pair(entity.name.lower(), typed.name.lower()):
        return True  # "Judd and Sorvino" after "Ashley Judd and Mira Sorvino", however typed
    if _typed_twice(entity, typed):
        return True  # "Otnes" the tagger typed a body once and a person once: one source
    if not _compatible(entity.type, typed.type) and {entity.type, typed.type} != {
        "person",
        "anonymous",
    }:
        return False
    a, b = entity.name.lower(), typed.name.lower()
    if a == b:
        return True
    if entity.type in ("organization", "government") and typed.type == entity.type:
        # "Brightwater" after "Brightwater Foods"
        if a.split()[0] == b.split()[0] and (len(a.split()) == 1 or len(b.split()) == 1):
            return True
        # "Justice Department" after "U.S. Justice Department": one word of place before it
        shorter, longer = sorted((a.split(), b.split()), key=len)
        return len(shorter) >= 2 and len(longer) == len(shorter) + 1 and longer[1:] == shorter
    # "Carter" after "Ashton Carter": a surname picks up the full name; so does a fuller
    # form of it ("Kim Kardashian West" for "Kim Kardashian", "Beverly Young Nelson").
    if entity.type == "person" == typed.type:
        x, y = a.split(), b.split()
        if ("and" in x) != ("and" in y) or ("&" in x) != ("&" in y):
            return False  # "Ms Marks" is one of "Mr Trump and Ambassador Marks", not the pair
        if x[-1] == y[-1] and (len(x) == 1 or len(y) == 1):
            return True
        if _maiden_name(x, y) or _maiden_name(y, x):
            return True
        # "M. Hodges" for "Normand Hodges": an initial stands for the first name.
        if len(x) == len(y) == 2 and x[1] == y[1] and _initial_of(x[0], y[0]):
            return True
        if _initials_of(entity.name, typed.name) or _initials_of(typed.name, entity.name):
            return True
        if (len(x) == 1) != (len(y) == 1) and (
            _transposed(x[-1], y[-1]) or _clipped(x, y) or _clipped(y, x)
        ):
            return True
        # "Brooklynn" after "Brooklynn Prince": celebrity news calls people by first name.
        if (len(x) == 1) != (len(y) == 1) and x[0] == y[0] and len(x[0]) > 2:
            return True
        shorter, longer = (x, y) if len(x) <= len(y) else (y, x)
        return len(shorter) >= 2 and shorter[0] == longer[0] and set(shorter) <= set(longer)
    return False


def _reports_words(sentence: Any) -> bool:
    """Whether a sentence reports someone's words: "continued to sing her praises" does
    not (a cue verb counts only without a verb after it)."""
    return any(
        t.lemma_ in CUE_VERBS
        and t.pos_ == "VERB"
        and not any(c.dep_ == "xcomp" for c in t.children)
        for t in sentence
    )


def _object_like(token: Token) -> bool:
    """A name the sentence is not about: an object, a possessor, a noun's modifier ("making
    Trump king", "dishing on Shelton and Stefani", "Pitt's ex-wife"), a role ("Isaacs was the
    perfect Lucius Malfoy")."""
    while token.dep_ in ("compound", "flat", "conj") and token.head is not token:
        token = token.head
    return token.dep_ in ("dobj", "pobj", "dative", "amod", "poss", "npadvmod", "attr")


def _initials_of(short: str, full: str) -> bool:
    """ "VB" for "Victoria Beckham": a person's initials in capitals, written as their name."""
    words = full.split()
    return (
        2 <= len(short) <= 3
        and short.isupper()
        and short.isalpha()
        and len(words) == len(short)
        and all(w[:1].upper() == c for w, c in zip(words, short, strict=True))
    )


# "Elizabeth I. Alwyn plays ...": a monarch's numeral ends a sentence the tagger read on into
# the next one's name ("John I. Smith" keeps its middle initial: only a monarch's name before).
_REGNAL_END = re.compile(
    r"^.*\b(?:Elizabeth|Henry|George|Charles|Edward|James|William|Louis|Mary|Richard|Philip|"
    r"Peter|Catherine|Frederick|Napoleon|Alexander|Nicholas) (?:I{1,3}|IV|VI{0,3}|IX|XI{0,3})\.\s+"
    r"(?=[A-Z])"
)


def _fuller_name(entity: Entity, typed: Typed) -> bool:
    """A person's name given in full where the entity so far had one word of it."""
    words = typed.name.split()
    return (
        entity.type == "person" == typed.type
        and " " not in entity.name
        and len(words) > 1
        and entity.name in (words[0], words[-1])
        and not _PAIR.search(typed.name)
    )


_PAIR = re.compile(r"\s+(?:and|&)\s+")
# Singular nouns for two people named together before.
_PAIR_NOUNS = frozenset(["couple", "pair", "duo"])


def _same_pair(a: str, b: str) -> bool:
    """ "William and Harry" for "Prince William and Prince Harry": two people named again,
    each by one word of the name given before."""
    x, y = _PAIR.split(a), _PAIR.split(b)
    if len(x) != 2 or len(y) != 2 or a == b:
        return False
    for one, other in zip(x, y, strict=True):
        p, q = one.split(), other.split()
        if not p or not q:
            return False
        short, full = (p, q) if len(p) <= len(q) else (q, p)
        if not (short[-1] == full[-1] or (len(short) == 1 and short[0] in full)):
            return False
    return True


def _maiden_name(short: list[str], full: list[str]) -> bool:
    """ "Kardashian" for "Kim Kardashian West": a surname kept before a married one."""
    return (
        len(short) == 1
        and len(full) >= 3
        and short[0] in full[1:-1]
        and short[0] not in GIVEN_NAMES
        and short[0][:1].isalpha()
    )


def _clipped(short: list[str], full: list[str]) -> bool:
    """ "Gronk" for "Rob Gronkowski": a nickname that clips the surname; not a given name
    ("Jack" is no Jackson)."""
    word, surname = short[-1], full[-1]
    return (
        len(short) == 1
        and len(full) >= 2
        and len(word) >= 4
        and len(surname) > len(word)
        and surname.startswith(word)
        and word not in GIVEN_NAMES
    )


def _transposed(a: str, b: str) -> bool:
    """ "Rasiman" for "Raisman": a surname with two neighbouring letters swapped, or one vowel
    for another ("Harber" for "Harbor"), the typos a hurried copy makes; long names only,
    where two people rarely differ so little."""
    if len(a) != len(b) or len(a) < 5 or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        # "Harber" for "Harbor": one vowel for another past the first letter, never in the
        # endings that make different families ("Hansen", "Hanson"; "Coleman", "Colemen")
        at = diff[0]
        ending = at >= len(a) - 2 and a[-1] == "n"
        return at > 0 and not ending and a[at] in _VOWELS and b[at] in _VOWELS
    return (
        len(diff) == 2
        and diff[1] == diff[0] + 1
        and a[diff[0]] == b[diff[1]]
        and (a[diff[1]] == b[diff[0]])
    )


_VOWELS = frozenset("aeiou")


# A double surname: "Huntington-Whiteley", "Mann-Stewart".
_HYPHENATED = re.compile(r"[A-Z][\w’']*(?:-[A-Z][\w’']*)+")
# Places written as initials; other initials that speak are people ("T.I.", "J.K.").
_PLACE_INITIALS = frozenset(["U.S.", "U.K.", "U.N.", "E.U.", "D.C.", "L.A.", "N.Y.", "U.S.A."])


def _undotted(name: str) -> str:
    """Initials without their dots, lower-cased ("F.B.I." -> "fbi"); other names as they are,
    lower-cased."""
    if re.fullmatch(r"(?:[A-Z]\.){2,}", name):
        return name.replace(".", "").lower()
    return name.lower()


def _stage_initials(word: str) -> bool:
    """A name of initials the tagger took for a place ("T.I. said")."""
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,3}", word)) and word not in _PLACE_INITIALS


def _initial_of(a: str, b: str) -> bool:
    """One word is the other's initial ("m." and "normand")."""
    short, full = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) == 2 and short[1] == "." and len(full) > 2 and full[0] == short[0]


# Nouns that only describe a person before the name ("Engineer Sofia Marin"), never a name.
_ROLE_WORDS = ANONYMOUS_HEADS | PEOPLE_NOUNS | PERSON_NOUNS | ROLE_HEADS


# A word that describes a name's bearer: "Tennessee-born", "Oscar-winning", "L.A.-based".
_DESCRIPTOR = re.compile(r"-[a-z]")


def _split_title(name: str) -> tuple[str, str | None]:
    """'Mayor Ana Ruiz' -> ('Ana Ruiz', 'Mayor'): leading titles are a description."""
    words = name.split()
    n = 0
    # Titles ("Mayor") and lower-case modifiers ("newly-elected", "31-year-old") go.
    while n < len(words) - 1 and (
        words[n].strip(".").lower() in _TITLES or not words[n][:1].isupper()
    ):
        n += 1
    if n == 0:
        return name, None
    return " ".join(words[n:]), " ".join(words[:n])


# "Added Parton, '...'": a speech verb opening the sentence before the name it inverts.
_INVERTED_CUES = frozenset(
    ["added", "said", "explained", "continued", "noted", "wrote", "recalled", "quipped"]
)
# "Aly Raisman Calls ...", "Sheryl Crow Condemns ...": a title-case headline's verb.
_HEADLINE_VERBS = frozenset(
    [
        "calls",
        "slams",
        "blasts",
        "reveals",
        "admits",
        "talks",
        "opens",
        "shares",
        "responds",
        "denies",
        "says",
        "confirms",
        "condemns",
        "defends",
        "explains",
        "addresses",
        "fires",
        "hits",
        "gushes",
        "jokes",
        "speaks",
        "models",
        "debuts",
    ]
)


_WRITINGS = frozenset(["article", "piece", "story", "column", "feature", "profile"])
# Buildings whose name stands for those who govern from them.
_SEAT = re.compile(r"\b(?:\w+ Palace|White House|Kremlin|Pentagon|Élysée|Elysee|Downing Street)\b")


def _trimmed_name(name: str) -> str:
    """A name less the words the tagger took into it: an inverted speech verb before it,
    a describing noun set in capitals at a sentence's start ("Model Jordyn Woods"), a
    headline's verb after it; a promo's capitals ("VIEW GALLERY Alex"), a platform's name
    ("Instagram McHugh") or a stray quote mark before it; a lawyer's "Esq." after it."""
    words = name.strip("\"“”‘’' ").split()
    caps = next((i for i, w in enumerate(words) if not (w.isupper() and len(w) > 1)), 0)
    if 0 < caps < len(words) and words[caps].lower() in GIVEN_NAMES:
        words = words[caps:]
    if len(words) >= 2 and words[0].lower() in SOCIAL_NETWORKS and words[1][:1].isupper():
        words = words[1:]
    if len(words) >= 2 and words[0].lower() in _INVERTED_CUES:
        words = words[1:]
    # "Creator Ryan Murphy", "Bachelorette Becca Kufrin": a describing word before a name
    if len(words) >= 3 and words[0].lower() in _DESCRIBING_WORDS and words[1][:1].isupper():
        words = words[1:]
    if len(words) >= 3 and words[-1].lower() in _HEADLINE_VERBS and words[-1][:1].isupper():
        words = words[:-1]
    if len(words) >= 3 and words[-1].rstrip(".").lower() == "esq":  # "Ana Ruiz, Esq."
        words = [*words[:-2], words[-2].rstrip(",")]
    return " ".join(words)


def _without_stray_marks(name: str) -> str:
    """A name less a quote mark the phrase cut from its pair ('so-called "insider' ->
    'so-called insider'); a nickname in paired marks stays."""
    if name.count('"') % 2 or name.count("“") != name.count("”"):
        return re.sub(r"\s+", " ", re.sub(r"[\"“”]", "", name)).strip()
    return name


def _strip_determiner(phrase: str) -> str:
    lowered = phrase.lower()
    for det in _DETERMINERS:
        if lowered.startswith(det):
            return phrase[len(det) :]
    return phrase


def _description(phrase: str, name: str) -> str | None:
    rest = _strip_determiner(phrase.replace(name, " ")).strip(" ,")
    rest = re.sub(r"\s+", " ", rest).strip()
    return rest or None


def _titled_person(doc: Any, ent: Any) -> bool:
    """A name after a person's title with a given name first ("Rep. John Murtha", "Dr. Ana
    Ruiz"), which no place has."""
    before = doc[ent.start - 1] if ent.start > 0 else None
    titled = before is not None and before.lower_.rstrip(".") in _TITLES
    return titled and len(ent) > 1 and ent[0].lower_ in GIVEN_NAMES


def _place_names(doc: Any) -> set[str]:
    """Names the text itself uses as places: objects of 'in/at/near...' or GPE/LOC entities.

    en_core_web_sm tags some place names as PERSON; a place cannot be a speaker.
    """
    places = {e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        root = ent.root
        # "according to country singer Dolly Parton", "told to ..." names a speaker
        prep = root.head
        speech = prep.i > 0 and doc[prep.i - 1].lower_ in ("according", "told", "said", "spoke")
        if _titled_person(doc, ent):
            continue  # "close ties to Rep. John Murtha": a person by title and given name
        if (
            (root.dep_ == "pobj" and prep.lower_ in _PLACE_PREPS and not speech)
            or (root.dep_ == "conj" and root.head.ent_type_ in ("GPE", "LOC"))
            or any(c.dep_ == "conj" and c.ent_type_ in ("GPE", "LOC") for c in root.children)
        ):
            places.add(ent.text)
    return places


def _outlet_mentions(doc: Any) -> list[tuple[str, int]]:
    """Outlets named in full, with where each mention ends. A one-word name ("the Post") is
    left out: it is resolved against these, not taken for the outlet the index knows by it."""
    found = []
    for ent in doc.ents:
        if ent.label_ in ("ORG", "PERSON", "GPE", "WORK_OF_ART", "PRODUCT", "NORP"):
            outlet = outlet_index().find(ent.text, tagged=ent.label_ in _ORGISH)
            if outlet is not None and not _one_word_of_longer(ent.text, outlet.name):
                found.append((outlet.name, ent.end_char))
            elif ent.label_ in _ORGISH and outlet_like(ent.text):
                # "the UK's Sunday Times" the outlet list lacks: "the paper" is it later
                found.append((_strip_determiner(ent.text), ent.end_char))
    # "on the cover of People", "in Variety": a capitalised word mid-sentence after a
    # preposition that the outlet list knows, which the tagger left untyped.
    for token in doc:
        if token.ent_type_ or token.is_sent_start or not token.text[:1].isupper():
            continue
        if token.i == 0 or (doc[token.i - 1].dep_ != "prep" and doc[token.i - 1].pos_ != "ADP"):
            continue
        outlet = outlet_index().find(token.text, tagged=True)
        if outlet is not None and (
            token.i + 1 >= len(doc) or not doc[token.i + 1].text[:1].isupper()
        ):
            found.append((outlet.name, token.idx + len(token.text)))
    found.sort(key=lambda item: item[1])
    return found


def _edition_of(bare: str) -> Outlet | None:
    """The known outlet a name begins with when the words after it are capitalised, as an
    edition's are ("Harper's Bazaar Arabia", "Vogue India")."""
    words = bare.split()
    for cut in range(len(words) - 1, 0, -1):
        rest = words[cut:]
        if not all(w[:1].isupper() for w in rest):
            continue
        # a name that is also a word starts many other names ("Time Warner", "People Power")
        if cut == 1 and outlet_index().find(words[0], tagged=False) is None:
            continue
        outlet = outlet_index().find(" ".join(words[:cut]), tagged=True)
        if outlet is not None:
            return outlet
    return None


def _one_word_of_longer(text: str, name: str) -> bool:
    """ "Post" for the New York Post: one word that is the last of a longer outlet name."""
    word = text.lower().removeprefix("the ").strip()
    words = name.lower().split()
    return " " not in word and len(words) > 1 and words[-1] == word


# --- chains ------------------------------------------------------------------------------
@dataclass
class _Resolved:
    raw: RawAttribution
    entity: Entity
    mention: tuple[int, int] | None
    inner: list[Entity]  # relays named in the frame (recipient outlet, citing subject)
    outer: list[Entity] = field(default_factory=list)  # enclosing attributions' sources


def _enclosing_all(items: list[_Resolved]) -> list[list[_Resolved]]:
    """For every item, the items whose reach covers its cue (or content), innermost first:
    the frames it was said within. Each reach is read once (a transcript has hundreds of
    attributions, and this is quadratic in them)."""
    order = sorted(range(len(items)), key=lambda k: items[k].raw.reach[0])
    starts = [items[k].raw.reach[0] for k in order]
    reach = [items[k].raw.reach for k in order]
    out = []
    for item in items:
        anchor = (item.raw.cue or item.raw.content)[0]
        # innermost first; among equals, in reading order of the items
        around = sorted(
            (
                order[j]
                for j in range(bisect.bisect_right(starts, anchor))
                if anchor < reach[j][1]
                and items[order[j]] is not item
                and items[order[j]].entity is not item.entity
                and items[order[j]].raw.content != item.raw.content
            ),
            key=lambda k: (items[k].raw.reach[0] - items[k].raw.reach[1], k),
        )
        out.append([items[k] for k in around])
    return out


def _bound_scopes(items: list[_Resolved]) -> None:
    """A passage frame ("X reports:") relays what follows only when X is an outlet passing on
    a report, and only up to the next outlet's passage frame; another speaker's colon ("Here
    is what the regulation says:", "Obama shot back:") covers its own content alone."""
    frames = sorted(
        (i for i in items if i.raw.scope is not None),
        key=lambda i: i.raw.scope[0],  # type: ignore[index]
    )
    reposts = [i for i in frames if i.entity.type == "outlet"]
    for item in frames:
        if item.entity.type != "outlet":
            item.raw.scope = None
    for this, following in itertools.pairwise(reposts):
        assert this.raw.scope is not None and following.raw.scope is not None
        cut = (following.raw.cue or following.raw.content)[0]
        start, end = this.raw.scope
        if start < cut < end:
            this.raw.scope = (start, cut)
    # A post pasted into the page (a tweet) is the page's, not the reposted report's: the
    # repost ends where the first one begins.
    posts = sorted(i.raw.content[0] for i in items if i.raw.cue_lemma == "post")
    for item in reposts:
        assert item.raw.scope is not None
        start, end = item.raw.scope
        cut = next((p for p in posts if start < p < end), end)
        item.raw.scope = (start, cut)


def _merge(lists: list[list[Entity]]) -> list[Entity]:
    merged: list[Entity] = []
    for chain in lists:
        for entity in chain:
            if entity not in merged:
                merged.append(entity)
    return merged


def resolve_sources(ctx: Context) -> None:
    resolver = Resolver(ctx)
    items: list[_Resolved] = []
    for raw in ctx.raw_attributions:
        inner = [resolver.resolve(span, head, speaker=False) for span, head in raw.inner_relays]
        # The one told is resolved first: "she tells Kim" cannot mean Kim told herself.
        recipient = None
        if raw.recipient is not None and raw.recipient_head is not None:
            recipient = resolver.resolve(
                raw.recipient,
                raw.recipient_head,
                speaker=False,
                recipient=True,
                medium=raw.recipient_medium,
            )
        if raw.label and raw.source is not None:
            entity = resolver.resolve_label(raw.source)
        elif raw.source is not None and raw.source_head is not None:
            entity = resolver.resolve(raw.source, raw.source_head, speaker=True, not_=recipient)
        else:
            entity = resolver._new(
                Typed("unattributed", "unattributed", "", None, False, False, False)
            )
        if recipient is not None and recipient is not entity and _relays(recipient):
            inner.append(recipient)
        items.append(_Resolved(raw, entity, raw.source, inner))

    _bound_scopes(items)
    enclosing = _enclosing_all(items)
    for item, around in zip(items, enclosing, strict=True):
        for other in around:
            links = (*other.outer, *other.inner, other.entity)
            item.outer.extend(e for e in links if e not in item.outer)
        item.entity.attributions += 1

    only_frames: dict[int, bool] = {}
    for around in enclosing:
        for other in around:
            if id(other) not in only_frames:
                only_frames[id(other)] = _only_frames(other, items)
    framing = {key for key, frames in only_frames.items() if frames}
    for item in items:
        if id(item) not in framing:
            item.entity.frames_only = False

    for entity in resolver.entities:
        _share_relays(entity, [i for i in items if i.entity is entity], ctx.sentences)

    ctx.attributions = [_to_model(ctx, n, item) for n, item in enumerate(items, start=1)]
    text = ctx.article.text
    ctx.sources = [_to_source(text, e) for e in resolver.entities if e.attributions or e.mentions]
    _attach_ratings(ctx)


# Words for one role: a person introduced by one is referred to by another.
_ROLE_GROUPS = (
    frozenset(["lawyer", "attorney", "counsel", "solicitor"]),
    frozenset(["spokesman", "spokeswoman", "spokesperson", "publicist"]),
    frozenset(["rep", "representative", "agent", "manager"]),
)
# Head nouns that name one kind of thing: "the EPA site" after "the website".
_SAME_HEADS = {"website": "site", "webpage": "page"}


def _head_word(head: str) -> str:
    return _SAME_HEADS.get(head, head)


_OWNER = re.compile(r"^(.+?)['‘’ʼ]s?\s")
_POSSESSIVE = re.compile(r"['‘’ʼ]s?$")


def _bare_name(text: str) -> str:
    """A person entity's text without a possessive ending ("Rob Kardashian‘s") or a
    sentence before it the tagger read on from ("Elizabeth I. Alwyn")."""
    return _REGNAL_END.sub("", _POSSESSIVE.sub("", text.strip()))


def _only_frames(frame: _Resolved, items: list[_Resolved]) -> bool:
    """Whether an attribution around others only passes them on. An outlet's frame always
    does ("RT reports:"); a person's post or quote that wraps another's words ("Police say it
    was a robbery - we'll see") has words of its own when the others cover little of it."""
    if frame.entity.type == "outlet" or frame.raw.scope is not None:
        return True
    start, end = frame.raw.content
    covered = [False] * (end - start)
    for item in items:
        # Words passed on from no one ("reports that ...") leave the frame its own words.
        if item is frame or item.entity is frame.entity or item.entity.type == "unattributed":
            continue
        lo = min(item.raw.content[0], (item.raw.cue or item.raw.content)[0])
        for i in range(max(lo, start), min(item.raw.content[1], end)):
            covered[i - start] = True
    return sum(covered) >= 0.6 * len(covered)


def _same_sentence(a: RawAttribution, b: RawAttribution, sentences: list[tuple[int, int]]) -> bool:
    def sentence(raw: RawAttribution) -> int:
        at = (raw.cue or raw.content)[0]
        return next((n for n, (s, e) in enumerate(sentences) if s <= at < e), -1)

    return sentence(a) == sentence(b) != -1


def _share_relays(entity: Entity, own: list[_Resolved], sentences: list[tuple[int, int]]) -> None:
    """Spread relays learnt for a source to its other quotes.

    "X told AFP ... 'quote,' X said": the quotes come from the one interview, so a single
    outlet the source spoke to applies to all its quotes. An anonymous source's words reach
    the reader only through the outlets that relayed them, so for it every relay, including
    the passage frames ("RT reports:"), applies to all its quotes.
    """
    inner = _merge([i.inner for i in own])
    if entity.type == "anonymous":
        # The outlets, that is: a speaker whose passage happens to enclose one quote of the
        # source is no relay of its other quotes.
        outlets = _merge([[e for e in i.outer if e.type == "outlet"] for i in own])
        for item in own:
            item.outer = _merge([outlets, item.outer])
            item.inner = [e for e in inner if e not in item.outer]
        return
    # A named source's outlet is credited where the text credits it: in the sentence of the
    # frame that names it ('"A," X told AFP, "B."'), not in later ones.
    for item in own:
        if item.inner:
            continue
        near = [i for i in own if i.inner and _same_sentence(i.raw, item.raw, sentences)]
        relays = _merge([i.inner for i in near])
        if len(relays) == 1 and relays[0] not in item.outer:
            item.inner = list(relays)


def _relays(recipient: Entity) -> bool:
    """Whether the one told passes the words on: an outlet, or a broadcast host."""
    if recipient.type == "outlet":
        return True
    return recipient.type == "person" and recipient.name.lower() in MEDIA_HOSTS


def _chain(ctx: Context, item: _Resolved) -> list[ChainLink]:
    links: list[ChainLink] = []
    if ctx.article.outlet:
        links.append(ChainLink(name=ctx.article.outlet, type="outlet"))
    for entity in (*item.outer, *item.inner, item.entity):
        if links and _same_link(links[-1], entity):
            continue
        links.append(ChainLink(name=entity.name, type=entity.type))
    return links


def _same_link(link: ChainLink, entity: Entity) -> bool:
    if link.name == entity.name:
        return True
    if not link.type == entity.type == "outlet":
        return False
    return canonical_outlet(link.name) == canonical_outlet(entity.name) or _squashed(
        link.name
    ) == _squashed(entity.name)


def _squashed(outlet: str) -> str:
    """An outlet name or domain as one lower-case word: "thewrap.com" and "TheWrap" agree."""
    domain = normalise_domain(outlet)
    stem = domain.split(".")[0] if "." in domain and " " not in outlet.strip() else outlet
    return re.sub(r"\W", "", stem.lower())


def _span(text: str, span: tuple[int, int]) -> Span:
    return Span(text=text[span[0] : span[1]], start=span[0], end=span[1])


def _to_model(ctx: Context, n: int, item: _Resolved) -> Attribution:
    text = ctx.article.text
    raw = item.raw
    mention = item.mention or (raw.content[0], raw.content[0])
    return Attribution(
        id=f"a{n}",
        content=_span(text, raw.content),
        kind=raw.kind,
        cue=_span(text, raw.cue) if raw.cue else None,
        source=SourceMention(
            text=text[mention[0] : mention[1]],
            start=mention[0],
            end=mention[1],
            type=item.entity.type,
            name=item.entity.name,
            entity=item.entity.id,
        ),
        chain=_chain(ctx, item),
        recipient=_span(text, raw.recipient) if raw.recipient else None,
    )


def _to_source(text: str, entity: Entity) -> SourceModel:
    return SourceModel(
        id=entity.id,
        name=entity.name,
        type=entity.type,
        description=entity.description,
        attributions=entity.attributions,
        mentions=[_span(text, m) for m in sorted(set(entity.mentions))],
        original=entity.attributions > 0 and not entity.frames_only and not entity.vague,
    )


def _attach_ratings(ctx: Context) -> None:
    if not ctx.ratings:
        return
    from ..ratings import lookup_outlet

    for source in ctx.sources:
        if source.type == "outlet":
            source.ratings = lookup_outlet(ctx.ratings, source.name)
    if ctx.article.outlet:
        ctx.outlet_ratings = lookup_outlet(ctx.ratings, ctx.article.outlet)


STAGE = Stage(
    "sources",
    reads=("raw_attributions", "article", "doc", "sentences", "quotes"),
    adds=("attributions", "sources"),
    run=resolve_sources,
)
