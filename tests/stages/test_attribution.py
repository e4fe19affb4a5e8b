"""Attribution: who is cited for which words, how (direct, indirect, mixed) and through whom."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace import Article, Attribution, Report, analyze
from newstrace.stages.attribution import STAGE as ATTRIBUTION
from newstrace.stages.base import Context
from newstrace.stages.quotes import STAGE as QUOTES
from newstrace.stages.sentences import STAGE as SENTENCES

OUTLET = "example-news.test"

ARTICLES = {
    "direct": (
        "Mayor John Harper toured the flooded district on Monday. "
        '"We will rebuild the bridge before the first snow," he said.'
    ),
    "indirect": "The regional governor said that the dam had been inspected twice this year.",
    "mixed": (
        "The regional governor said that the dam was "
        '"structurally sound and fully inspected" after the tremor.'
    ),
    "according": (
        "According to the harbour authority, three cargo ships ran aground "
        "near Pellworth on Sunday night."
    ),
    "told": "A ministry spokesman told Reuters that the fuel subsidy would end in April.",
    "passage": (
        "The Daily Example reports:\n\n"
        "The governor of Tarlow province said that the grain silos had been emptied by looters.\n\n"
        "A local farmer told the paper that prices had tripled within a week.\n"
    ),
    "quote_with_cue_inside": (
        '"Nobody said this would be easy, and the minister knows it," '
        "said the union leader Tomas Brenner."
    ),
    "told_inside_quote": (
        '"I told them the roof would collapse and they laughed at me," the engineer said.'
    ),
    "add_troops": "The army will add 600 troops.",
    "added_quote": '"We will be at the border crossing by Friday," he added.',
}


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {name: analyze(text, outlet=OUTLET) for name, text in ARTICLES.items()}


def only(report: Report) -> Attribution:
    assert len(report.attributions) == 1, [a.content.text for a in report.attributions]
    return report.attributions[0]


def chain_names(attribution: Attribution) -> list[str]:
    return [link.name for link in attribution.chain]


def test_direct_quote_followed_by_he_said(reports: dict[str, Report]) -> None:
    att = only(reports["direct"])
    assert att.kind == "direct"
    assert att.content.text.rstrip(",") == "We will rebuild the bridge before the first snow"
    assert att.cue is not None and att.cue.text == "said"
    assert att.source.text == "he"


def test_said_that_is_indirect_speech_with_the_clause_as_content(
    reports: dict[str, Report],
) -> None:
    att = only(reports["indirect"])
    assert att.kind == "indirect"
    assert att.source.text == "The regional governor"
    assert att.content.text.endswith("the dam had been inspected twice this year")
    assert "said" not in att.content.text


def test_partial_quote_inside_indirect_speech_is_mixed(reports: dict[str, Report]) -> None:
    att = only(reports["mixed"])
    assert att.kind == "mixed"
    assert '"structurally sound and fully inspected"' in att.content.text
    assert att.content.text.endswith("after the tremor")


def test_according_to_names_the_source_and_takes_the_rest_of_the_sentence(
    reports: dict[str, Report],
) -> None:
    att = only(reports["according"])
    assert att.cue is not None and att.cue.text == "According to"
    assert att.source.text == "the harbour authority"
    assert att.content.text.startswith("three cargo ships ran aground")


def test_told_reuters_makes_reuters_a_relay_between_outlet_and_speaker(
    reports: dict[str, Report],
) -> None:
    att = only(reports["told"])
    assert att.recipient is not None and att.recipient.text == "Reuters"
    assert att.source.text == "A ministry spokesman"
    assert chain_names(att) == [OUTLET, "Reuters", "ministry spokesman"]
    assert [link.type for link in att.chain][:2] == ["outlet", "outlet"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Citing the state news agency, Reuters reported that three bridges had been closed.",
            id="citing-first",
        ),
        pytest.param(
            "Reuters reported, citing the state news agency, that three bridges had been closed.",
            id="citing-between-verb-and-that",
        ),
        pytest.param(
            "Reuters, citing the state news agency, reported that three bridges had been closed.",
            id="citing-between-subject-and-verb",
        ),
        pytest.param(
            "Reuters reported on Monday, citing the state news agency, "
            "that three bridges had been closed.",
            id="citing-after-adverbial",
        ),
    ],
)
def test_reported_citing_the_agency_makes_the_agency_the_source_relayed_by_reuters(
    text: str,
) -> None:
    att = only(analyze(text, outlet=OUTLET))
    assert att.source.text == "the state news agency"
    assert att.source.type == "outlet"
    assert chain_names(att) == [OUTLET, "Reuters", "state news agency"]
    assert att.content.text == "that three bridges had been closed"


def test_passage_frame_puts_its_outlet_in_the_chain_of_every_attribution_inside(
    reports: dict[str, Report],
) -> None:
    report = reports["passage"]
    inside = [a for a in report.attributions if a.source.text != "The Daily Example"]
    assert {a.source.text for a in inside} == {"The governor of Tarlow province", "A local farmer"}
    for att in inside:
        names = chain_names(att)
        assert names[:2] == [OUTLET, "Daily Example"]
        assert names[-1] == att.source.name


@pytest.mark.parametrize("name", list(ARTICLES))
def test_every_span_is_a_slice_of_the_article_text(reports: dict[str, Report], name: str) -> None:
    report = reports[name]
    text = report.article.text
    spans = [a.content for a in report.attributions]
    spans += [a.cue for a in report.attributions if a.cue is not None]
    spans += [a.recipient for a in report.attributions if a.recipient is not None]
    spans += [a.source for a in report.attributions]
    spans += [m for s in report.sources for m in s.mentions]
    spans += list(report.claims) + [h for c in report.claims for h in c.hedges]
    for span in spans:
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("text", "place"),
    [
        pytest.param(
            "Residents in Velika Gora said the tap water had turned brown overnight.",
            "Velika Gora",
            id="residents-in-place",
        ),
        pytest.param(
            "In Velika Gora, police said two men were arrested after the bank raid.",
            "Velika Gora",
            id="in-place-comma",
        ),
        pytest.param(
            "In Dunmore, he said, two men were arrested after the bank raid.",
            "Dunmore",
            id="pronoun-after-place",
        ),
        pytest.param(
            "Velika Gora police said two men were arrested after the bank raid.",
            "Velika Gora",
            id="place-as-modifier",
        ),
    ],
)
def test_place_name_near_a_cue_verb_is_never_a_person_speaker(text: str, place: str) -> None:
    report = analyze(text)
    assert report.attributions
    persons = [s.name for s in report.sources if s.type == "person"]
    assert not any(place in name for name in persons)


@pytest.mark.parametrize("name", ["quote_with_cue_inside", "told_inside_quote"])
def test_cue_verb_inside_a_direct_quote_is_not_a_separate_attribution(
    reports: dict[str, Report], name: str
) -> None:
    att = only(reports[name])
    assert att.kind == "direct"
    assert att.cue is not None and att.cue.start > att.content.end


def test_add_without_a_clause_or_quote_is_not_an_attribution(reports: dict[str, Report]) -> None:
    assert reports["add_troops"].attributions == []


def test_added_after_a_quote_is_an_attribution(reports: dict[str, Report]) -> None:
    att = only(reports["added_quote"])
    assert att.cue is not None and att.cue.text == "added"
    assert att.content.text.rstrip(",") == "We will be at the border crossing by Friday"


TRANSCRIPT = """NIGHT DESK

Aired March 3 - 20:00 ET

ANNOUNCER: Tonight on Night Desk, the harbour strike enters its second week.

MARA QUILL, CO-HOST: Welcome back. I'm Mara Quill.

(BEGIN VIDEO CLIP)

TOMAS BREL, UNION LEADER: We will stay out until the port authority listens.

(END VIDEO CLIP)

QUILL: The port authority has made its final offer.

Talks could resume on Friday, I am told.
"""


def _turns(report: Report) -> list[tuple[str, str, str, str | None]]:
    names = {source.id: (source.name, source.type) for source in report.sources}
    return [
        (*names[a.source.entity or ""], a.content.text, a.cue.text if a.cue else None)
        for a in report.attributions
        if a.cue is None
    ]


def test_transcript_turns_are_direct_attributions_to_their_labelled_speakers() -> None:
    report = analyze(TRANSCRIPT, outlet=OUTLET)
    assert _turns(report) == [
        (
            "ANNOUNCER",
            "anonymous",
            "Tonight on Night Desk, the harbour strike enters its second week.",
            None,
        ),
        ("Mara Quill", "person", "Welcome back. I'm Mara Quill.", None),
        ("Tomas Brel", "person", "We will stay out until the port authority listens.", None),
        ("Mara Quill", "person", "The port authority has made its final offer.", None),
        # A paragraph without a label continues the last turn; stage directions are no turn.
        ("Mara Quill", "person", "Talks could resume on Friday, I am told.", None),
    ]


def test_an_exchange_quoted_in_an_article_gives_turns_but_no_continuations() -> None:
    text = (
        'The interview aired on Sunday.\n\nHOST: "Did you sign it?" ORTEGA: "I did."\n\n'
        "Ortega later left the studio without further comment."
    )
    report = analyze(text, outlet=OUTLET)
    assert [(name, words) for name, _, words, _ in _turns(report)] == [
        ("HOST", "Did you sign it?"),
        ("Ortega", "I did."),
    ]


def test_a_single_label_line_in_an_article_is_not_a_transcript() -> None:
    text = "UPDATE: The ferry resumed service.\n\nSOURCE: harbour office.\n\nThe port reopened."
    assert _turns(analyze(text, outlet=OUTLET)) == []


def test_a_pronoun_subject_is_never_the_one_it_tells() -> None:
    text = (
        "Nora Vance and her sister Lia Vance spoke after the hearing. "
        '"We will appeal," Lia said. "It just hurts," she tells Nora.'
    )
    report = analyze(text, outlet=OUTLET)
    names = {source.id: source.name for source in report.sources}
    hurt = next(a for a in report.attributions if a.content.text.startswith("It just hurts"))
    assert names[hurt.source.entity or ""] == "Lia Vance"


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        (
            'Under attack at the debate, Ilse Brandt shot back: "Read the plan first."',
            "shot",
            "Ilse Brandt",
        ),
        (
            'The statement reads: "We regret the delay and apologise to our passengers."',
            "reads",
            "The statement",
        ),
    ],
)
def test_retorts_and_what_a_document_reads_are_cues(text: str, cue: str, source: str) -> None:
    (found,) = analyze(text, outlet=OUTLET).attributions
    assert found.cue is not None and found.cue.text == cue
    assert found.source.text == source


def test_a_person_does_not_read_out_an_attribution() -> None:
    assert analyze("Ilse Brandt reads the paper every morning.", outlet=OUTLET).attributions == []


def test_an_embedded_post_is_a_direct_attribution_to_the_author_its_signature_names() -> None:
    text = (
        "The ambassador spoke on Friday.\n\n"
        "Grateful to everyone who came out for the harbour walk today. See you next year! "
        "https://t.co/abc123 — Ilse Brandt (@ilsebrandt) July 12, 2024\n\n"
        "The walk raised money for the lifeboat station."
    )
    report = analyze(text, outlet=OUTLET)
    names = {source.id: (source.name, source.type) for source in report.sources}
    (post,) = report.attributions
    assert post.content.text == (
        "Grateful to everyone who came out for the harbour walk today. See you next year!"
    )
    assert post.cue is None and names[post.source.entity or ""] == ("Ilse Brandt", "person")


def test_according_to_after_a_verb_is_manner_not_a_source() -> None:
    text = "The tanks were built according to the current safety standards of the port."
    assert analyze(text, outlet=OUTLET).attributions == []


def test_a_quoted_show_title_is_not_something_said() -> None:
    text = 'The host will continue to present "Morning With Ana and Teo" from Kelso next year.'
    assert analyze(text, outlet=OUTLET).attributions == []


def test_a_cues_ing_form_tagged_as_a_noun_still_reports_the_clause_subjects_words() -> None:
    text = (
        "Ilse Brandt went to the harbour and walked along the quay, chatting with fishermen "
        "and quipping, “I should have brought my boots.”"
    )
    report = analyze(text, outlet=OUTLET)
    quote = next(a for a in report.attributions if a.content.text.startswith("I should"))
    assert quote.source.text == "Ilse Brandt"


def test_a_title_or_a_scare_quote_after_the_cue_is_not_what_was_said() -> None:
    from newstrace import analyze

    text = (
        "The producers contend “Dancing on the Ice” saved the season. "
        "In the memoir she wrote about a “traitor.”"
    )
    report = analyze(text, outlet="example-news.test")
    contents = [a.content.text for a in report.attributions]
    assert "Dancing on the Ice" not in contents
    assert all("traitor" not in c or len(c.split()) > 2 for c in contents)


def test_one_word_told_is_the_recipient_not_the_content() -> None:
    from newstrace import analyze

    report = analyze("She tells @morningshow.", outlet="example-news.test")
    assert report.attributions == []


def test_a_quote_inside_a_quote_is_the_inner_speakers_relayed_by_the_outer() -> None:
    report = analyze(
        "Donald Trump called Kim Lee on Monday. \"He said, 'this is not fair at all,' and then"
        ' he hung up," Lee said.',
        outlet="example-news.test",
    )
    inner = [a for a in report.attributions if a.content.text.startswith("this is not fair")]
    assert len(inner) == 1
    chain = [link.name for link in inner[0].chain]
    assert chain == ["example-news.test", "Kim Lee", "Donald Trump"]
    outer = [a for a in report.attributions if a.content.text.startswith("He said")]
    assert [link.name for link in outer[0].chain] == ["example-news.test", "Kim Lee"]
    # Both speakers are real sources; the relay does not make a third.
    assert sorted(s.name for s in report.sources) == ["Donald Trump", "Kim Lee"]


def test_a_short_single_quoted_phrase_inside_a_quote_is_not_nested_speech() -> None:
    report = analyze(
        "\"They said, 'no way,' and walked out of the talks,\" Kim Lee said.",
        outlet="example-news.test",
    )
    assert len(report.attributions) == 1


def test_a_quote_continuing_an_interview_keeps_the_outlet_it_was_told_to() -> None:
    """'"A," X told People. "B."': the second quote reuses the frame, People included."""
    text = (
        "Singer Mara Vintner spoke on Monday. “That was not a healthy place for me,” Vintner "
        "told People in 2015. “I was so unhappy. I remember my hands cramping all the time.”"
    )
    report = analyze(text, outlet=OUTLET)
    chains = [[link.name for link in a.chain][1:] for a in report.attributions]
    assert chains == [["People", "Mara Vintner"], ["People", "Mara Vintner"]]


def test_documents_filed_and_obtained_by_an_outlet_reach_us_through_it() -> None:
    text = (
        "According to court papers filed on Monday in the district court and obtained by "
        "The Harbor Gazette, the company denies every one of the claims made by its workers."
    )
    (found,) = analyze(text, outlet=OUTLET).attributions
    assert [link.name for link in found.chain][1:] == ["Harbor Gazette", "court papers"]


@pytest.mark.parametrize(
    "text, relay",
    [
        (
            '"We are heartbroken by the loss of a dear friend," singer Ann Vey said in an '
            "interview with CNN.",
            "CNN",
        ),
        (
            '"We are heartbroken by the loss of a dear friend," the band said in a statement '
            "to People on Friday.",
            "People",
        ),
        (
            "In a statement to People, singer Ann Vey said she was heartbroken by the loss of a "
            "dear friend.",
            "People",
        ),
        (
            'His parents wrote in an opinion piece for The Washington Post in May, "Those who '
            'have suggested it are simply incorrect."',
            "The Washington Post",
        ),
    ],
)
def test_the_outlet_an_interview_or_statement_went_to_relays_it(text: str, relay: str) -> None:
    (found,) = analyze(text, outlet=OUTLET).attributions
    assert [link.name for link in found.chain][1] == relay


def test_people_in_lower_case_are_no_outlet() -> None:
    text = "Singer Ann Vey told people at the show that she was heartbroken by the loss."
    (found,) = analyze(text, outlet=OUTLET).attributions
    assert [link.name for link in found.chain][1:] == ["Ann Vey"]


@pytest.mark.parametrize(
    "text",
    [
        "Before we begin, it's important to note that the two candidates agree on most of it.",
        "It is worth noting that the bridge was built in 1950 and repaired twice since then.",
        "It is fair to say that the council has failed the residents of the harbour district.",
    ],
)
def test_an_impersonal_frame_is_the_article_s_own_voice(text: str) -> None:
    assert analyze(text, outlet=OUTLET).attributions == []


def test_a_speaker_who_wants_to_say_something_still_says_it() -> None:
    text = "The mayor wanted to say that the council had failed the residents of the district."
    (found,) = analyze(text, outlet=OUTLET).attributions
    assert found.source.name == "mayor"


def test_the_outlet_s_own_we_is_no_source_but_a_quoted_we_is_the_speaker_s() -> None:
    ruling = "And so we find the senator's statement to be True, since the record backs it up."
    assert analyze(ruling, outlet=OUTLET).attributions == []
    quoted = "“We said from the start that the bridge would close,” the mayor told reporters."
    (found,) = analyze(quoted, outlet=OUTLET).attributions
    assert found.source.name == "mayor"


def _name(report: Report, attribution: Attribution) -> str:
    return {s.id: s.name for s in report.sources}.get(attribution.source.entity or "", "-")


def _speaker_of(text: str, words: str) -> str:
    """The name of the one source whose content holds `words`."""
    report = analyze(text, outlet=OUTLET)
    (found,) = [a for a in report.attributions if words in a.content.text]
    return _name(report, found)


def test_a_quote_closing_the_paragraph_before_is_no_content_of_the_next_frame() -> None:
    text = (
        "Mara Quill, 33, is still on his side.\n\n"
        "\u201cIt just hurts,\u201d she tells Ines. \u201cHe is painted as the villain while "
        "nobody asks what happened to him first.\u201d\n\n"
        "After the hearing, Tomas Ferrant accused him of lying to the court."
    )
    assert _speaker_of(text, "He is painted") == "Mara Quill"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Prince Harald opened the new bridge on Monday. \u201cIt is a fine day for the "
            "valley,\u201d Harald said.\n\nAt a meeting with Ana Ruiz, the prince, on a visit "
            "described by the palace as private, said he hoped the road would open soon.",
            "Harald",
        ),
        (
            "A spokesperson for the Department of Roads and Bridges \u2014 the agency that runs "
            "the toll booths on the coast \u2014 confirmed with the Daily Ledger that the fees "
            "would rise in May.",
            "A spokesperson for the Department of Roads and Bridges",
        ),
    ],
)
def test_a_cue_the_parse_left_without_subject_takes_the_phrase_before_it(
    text: str, speaker: str
) -> None:
    report = analyze(text, outlet=OUTLET)
    last = report.attributions[-1]
    assert any(speaker in found for found in (_name(report, last), last.source.text))


def test_the_subject_the_parse_gave_an_opening_preposition_is_its_object() -> None:
    text = (
        "After Tomas Ferrant\u2019s long social media rampage, Ines Varga and her legal team "
        "accused him of breaking the law, claiming in court documents that he had threatened "
        "her several times."
    )
    assert "Varga" in _speaker_of(text, "he had threatened")


def _parsed(rows: list[tuple[str, bool, int, str, str, str, str]]) -> tuple[Any, str]:
    """A Doc with the parse given (word, space after, head, dep, pos, tag, lemma): rules
    that repair the parser's mistakes are tested on the mistake itself, which a model
    update could stop making on any particular sentence."""
    import spacy
    from spacy.tokens import Doc

    words, spaces, heads, deps, pos, tags, lemmas = (list(c) for c in zip(*rows, strict=True))
    doc = Doc(
        spacy.blank("en").vocab,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=tags,
        lemmas=lemmas,
    )
    return doc, doc.text


def test_the_speakers_relative_clause_is_no_frame_that_swallows_a_nearer_cue() -> None:
    # As the parser read a real sentence of this shape: "who accused" a relative clause of
    # "those", the quote under "saying" inside it.
    doc, text = _parsed(
        [
            ("Singers", True, 1, "nsubj", "NOUN", "NNS", "singer"),
            ("are", True, 1, "ROOT", "AUX", "VBP", "be"),
            ("among", True, 1, "prep", "ADP", "IN", "among"),
            ("those", True, 2, "pobj", "PRON", "DT", "those"),
            ("who", True, 5, "nsubj", "PRON", "WP", "who"),
            ("accused", True, 3, "relcl", "VERB", "VBD", "accuse"),
            ("Hollins", False, 5, "dobj", "PROPN", "NNP", "Hollins"),
            (",", True, 5, "punct", "PUNCT", ",", ","),
            ("with", True, 5, "prep", "ADP", "IN", "with"),
            ("Varga", True, 8, "pobj", "PROPN", "NNP", "Varga"),
            ("saying", True, 8, "pcomp", "VERB", "VBG", "say"),
            ("he", True, 13, "nsubj", "PRON", "PRP", "he"),
            ("\u201c", False, 13, "punct", "PUNCT", "``", "\u201c"),
            ("forced", True, 10, "ccomp", "VERB", "VBD", "force"),
            ("her", True, 13, "dobj", "PRON", "PRP", "she"),
            ("to", True, 16, "aux", "PART", "TO", "to"),
            ("sign", True, 13, "xcomp", "VERB", "VB", "sign"),
            ("the", True, 18, "det", "DET", "DT", "the"),
            ("papers", False, 16, "dobj", "NOUN", "NNS", "paper"),
            (",", False, 1, "punct", "PUNCT", ",", ","),
            ("\u201d", True, 1, "punct", "PUNCT", "''", "\u201d"),
            ("while", True, 23, "mark", "SCONJ", "IN", "while"),
            ("Moreau", True, 23, "nsubj", "PROPN", "NNP", "Moreau"),
            ("says", True, 1, "advcl", "VERB", "VBZ", "say"),
            ("he", True, 25, "nsubj", "PRON", "PRP", "he"),
            ("lied", False, 23, "ccomp", "VERB", "VBD", "lie"),
            (".", False, 1, "punct", "PUNCT", ".", "."),
        ]
    )
    ctx = Context(article=Article(text=text, id="parsed"), doc=doc)
    for stage in (SENTENCES, QUOTES, ATTRIBUTION):
        stage.run(ctx)
    quoted = [r for r in ctx.raw_attributions if "sign the papers" in text[slice(*r.content)]]
    assert quoted
    assert all(r.source is not None and text[slice(*r.source)] == "Varga" for r in quoted)


def test_a_cue_in_a_relative_clause_does_not_report_the_clause_it_hangs_on() -> None:
    text = (
        "The council's plan goes much further than Mayor Ruth Hale proposed in her March "
        "speech, in which she urged a rise to $9 an hour. Councillor Dan Reyes said the plan "
        "would cost too much."
    )
    report = analyze(text, outlet="example-news.test")
    contents = [a.content.text for a in report.attributions]
    assert not any("plan goes much further" in c for c in contents)
    assert "the plan would cost too much" in contents
