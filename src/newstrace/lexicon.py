"""Word lists the rule-based stages share: cue verbs, hedges, and the nouns that type a source."""

from __future__ import annotations

# Verbs that introduce reported speech or a stated position (lemmas).
CUE_VERBS = frozenset(
    [
        "say",
        "tell",
        "claim",
        "report",
        "add",
        "warn",
        "insist",
        "state",
        "announce",
        "explain",
        "note",
        "argue",
        "suggest",
        "confirm",
        "deny",
        "admit",
        "allege",
        "write",
        "acknowledge",
        "assert",
        "declare",
        "predict",
        "reveal",
        "disclose",
        "estimate",
        "reply",
        "respond",
        "answer",
        "comment",
        "remark",
        "mention",
        "observe",
        "recall",
        "stress",
        "emphasize",
        "emphasise",
        "testify",
        "contend",
        "maintain",
        "concede",
        "caution",
        "vow",
        "promise",
        "pledge",
        "threaten",
        "urge",
        "demand",
        "tweet",
        "post",
        "complain",
        "boast",
        "indicate",
        "conclude",
        "accuse",
        "describe",
        "quip",
        "joke",
        "continue",
        "inform",
        "assure",
        "hint",
        "speculate",
        "counter",
        "retort",
        "recount",
        "repeat",
        "believe",
        "think",
        "expect",
        "fear",
        "doubt",
        "show",
        "find",
        "reiterate",
        "affirm",
        "clarify",
        "dispute",
        "forecast",
        "advise",
        "brief",
        "publish",
    ]
)

# Cue verbs that need more than a clause to count (e.g. "show", "find" are documents' verbs;
# "add" and "continue" are speech only with a quote or a that-clause).
WEAK_CUES = frozenset(["show", "find", "continue", "add", "describe", "accuse", "recall"])

# Cues by which the reporter distances themself from the content.
DISTANCING_CUES = frozenset(
    ["claim", "allege", "suggest", "insist", "purport", "speculate", "contend", "assert"]
)

HEDGE_ADVERBS = frozenset(
    [
        "reportedly",
        "allegedly",
        "purportedly",
        "apparently",
        "supposedly",
        "possibly",
        "probably",
        "perhaps",
        "seemingly",
        "ostensibly",
        "likely",
        "unconfirmed",
        "rumoured",
        "rumored",
    ]
)
HEDGE_MODALS = frozenset(["may", "might", "could"])
HEDGE_PHRASES = (
    "is said to",
    "are said to",
    "was said to",
    "were said to",
    "is believed to",
    "are believed to",
    "is thought to",
    "is understood to",
    "according to unconfirmed",
    "unverified",
    "could not be independently verified",
    "could not be verified",
    "it is claimed",
    "it was claimed",
    "it is reported",
    "it was reported",
)

# Head nouns of unnamed sources: "a senior official", "sources close to", "a diplomatic source".
ANONYMOUS_HEADS = frozenset(
    [
        "source",
        "official",
        "insider",
        "aide",
        "diplomat",
        "person",
        "people",
        "officer",
        "adviser",
        "advisor",
        "staffer",
        "employee",
        "investigator",
        "member",
        "figure",
        "individual",
        "confidant",
        "associate",
        "friend",
        "relative",
        "witness",
        "expert",
        "analyst",
        "observer",
        "critic",
        "supporter",
        "resident",
        "insider",
        "operative",
        "lawmaker",
        "legislator",
        "negotiator",
        "executive",
        "worker",
        "veteran",
        "activist",
        "officials",
        "sources",
    ]
)
ANONYMOUS_MODIFIERS = frozenset(
    ["anonymous", "unnamed", "unidentified", "undisclosed", "confidential", "senior"]
) - {"senior"}

# On-record roles whose words are the institution's, not an anonymous person's.
SPOKES_HEADS = frozenset(
    ["spokesman", "spokeswoman", "spokesperson", "representative", "secretary"]
)

OUTLET_HEADS = frozenset(
    [
        "newspaper",
        "broadcaster",
        "channel",
        "network",
        "website",
        "outlet",
        "paper",
        "daily",
        "tabloid",
        "magazine",
        "publication",
        "wire",
        "station",
        "newswire",
    ]
)

GOVERNMENT_WORDS = frozenset(
    [
        "ministry",
        "department",
        "pentagon",
        "kremlin",
        "government",
        "administration",
        "embassy",
        "parliament",
        "congress",
        "senate",
        "police",
        "army",
        "military",
        "navy",
        "commission",
        "authorities",
        "authority",
        "cabinet",
        "presidency",
        "council",
        "court",
        "prosecutor",
        "prosecutors",
        "regime",
        "municipality",
        "directorate",
        "command",
        "coalition",
        "bureau",
        "office",
    ]
)

DOCUMENT_HEADS = frozenset(
    [
        "report",
        "study",
        "survey",
        "poll",
        "filing",
        "filings",
        "document",
        "documents",
        "statement",
        "memo",
        "letter",
        "lawsuit",
        "complaint",
        "indictment",
        "record",
        "records",
        "data",
        "analysis",
        "audit",
        "review",
        "assessment",
        "ruling",
        "order",
        "release",
        "transcript",
        "email",
        "emails",
        "cable",
        "tweet",
        "dossier",
        "estimate",
        "figures",
        "statistics",
        "paper",
        "research",
        "findings",
        "census",
        "investigation",
        "inquiry",
        "affidavit",
        "notice",
        "brief",
    ]
)

ORGANIZATION_HEADS = frozenset(
    [
        "company",
        "group",
        "firm",
        "organization",
        "organisation",
        "union",
        "association",
        "party",
        "campaign",
        "committee",
        "foundation",
        "institute",
        "university",
        "hospital",
        "bank",
        "charity",
        "club",
        "team",
        "corporation",
        "airline",
        "manufacturer",
        "retailer",
        "nonprofit",
        "coalition",
        "think-tank",
        "lab",
        "laboratory",
        "center",
        "centre",
    ]
)

PERSON_PRONOUNS = frozenset(["he", "she", "him", "her"])
PLURAL_PRONOUNS = frozenset(["they", "them"])
THING_PRONOUNS = frozenset(["it"])

# Capitalised words that mark an unknown proper name as a news outlet ("the Coastline Herald").
OUTLET_NAME_WORDS = frozenset(
    """
    Herald Times Post Gazette Tribune Journal News Chronicle Telegraph Observer Express Mirror
    Courier Examiner Inquirer Dispatch Register Bulletin Monitor Press Wire Today Magazine
    Daily Weekly Standard Guardian Independent Star Record Reporter Broadcasting TV Radio
    Newswire Post-Gazette Sentinel Leader Mail Argus Clarion Ledger
    """.split()
)

# Offices whose holder speaks on the record even when the text does not name them.
ROLE_HEADS = frozenset(
    """
    mayor president minister governor senator chancellor premier secretary ambassador chief
    director commissioner chairman chairwoman chair ceo judge prosecutor sheriff general
    admiral commander king queen prince pope leader head founder owner coach manager
    """.split()
)
