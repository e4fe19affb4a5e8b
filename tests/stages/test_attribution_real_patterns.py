"""Patterns the real-news gold set showed `analyze` getting wrong, each in a text written for
this test: short continuation quotes, voices reported inside a quote, media told by domain or
call sign, a pronoun that continues the sentence before, statements released with a colon."""

from __future__ import annotations

from newstrace import Attribution, Report, analyze

OUTLET = "example-news.test"


def _name(report: Report, attribution: Attribution) -> str:
    return {s.id: s.name for s in report.sources}.get(attribution.source.entity or "", "-")


def _only(report: Report, words: str) -> Attribution:
    (found,) = [a for a in report.attributions if words in a.content.text]
    return found


def _chain(attribution: Attribution) -> list[str]:
    return [link.name for link in attribution.chain]


def test_a_short_quote_right_after_a_cued_one_continues_its_speaker() -> None:
    text = (
        "The council met on Monday.\n\n"
        '"I have heard enough about the tolls and the bridge," Mayor Dana Ruiz said. '
        '"My patience is gone."\n\nThe vote is next week.'
    )
    report = analyze(text, outlet=OUTLET)
    assert _name(report, _only(report, "My patience is gone.")) == "Dana Ruiz"


def test_a_short_quote_standing_alone_is_not_given_to_the_last_speaker() -> None:
    text = (
        '"We will reopen the pier," Mayor Dana Ruiz said.\n\n'
        'The old pier is known as "the long walk" and its cafe as "the shed".'
    )
    report = analyze(text, outlet=OUTLET)
    assert not [a for a in report.attributions if "long walk" in a.content.text]


def test_a_spoken_sentence_with_capitalised_names_is_not_a_title() -> None:
    text = '"They asked who I was," Tom Brask said. "I am Tom Brask, not Tom Brisk."\n\nHe laughed.'
    report = analyze(text, outlet=OUTLET)
    assert _name(report, _only(report, "I am Tom Brask")) == "Tom Brask"


def test_a_voice_reported_inside_a_quote_is_relayed_by_the_quoted_speaker() -> None:
    text = (
        "Senator Ines Varga spoke in Kelso on Monday.\n\n"
        '"I have heard enough," Varga said. "Governor Paulo Lind said the plant was safe. '
        'We know more than that now."'
    )
    report = analyze(text, outlet=OUTLET)
    (inner,) = [a for a in report.attributions if a.content.text == "the plant was safe"]
    assert _chain(inner) == [OUTLET, "Ines Varga", "Paulo Lind"]
    # the quote goes on being Varga's
    outer = _only(report, "We know more than that now.")
    assert _name(report, outer) == "Ines Varga"


def test_the_quoted_speakers_own_i_said_is_no_other_voice() -> None:
    text = '"I said the plant was safe, and I meant it," Governor Paulo Lind said on Monday.'
    report = analyze(text, outlet=OUTLET)
    assert len(report.attributions) == 1


def test_a_medium_told_by_domain_or_call_sign_is_a_relay() -> None:
    text = (
        "Lt. Maren Holt told KTRV that two men had entered the building.\n\n"
        "Holt told Kelsoline.com that one of them had a key."
    )
    report = analyze(text, outlet=OUTLET)
    assert _chain(_only(report, "two men")) == [OUTLET, "KTRV", "Maren Holt"]
    assert _chain(_only(report, "had a key")) == [OUTLET, "Kelsoline.com", "Maren Holt"]


def test_telling_a_legislature_makes_it_no_relay() -> None:
    text = "Maren Holt told Congress that the budget would not last the year."
    report = analyze(text, outlet=OUTLET)
    assert _chain(_only(report, "budget")) == [OUTLET, "Maren Holt"]


def test_a_pronoun_opening_a_sentence_continues_the_subject_before() -> None:
    text = (
        '"The jet will not sell below cost," Dan Orvik said.\n\n'
        "Robert Hale owns Northline Aviation. He said his company had sold 300 planes."
    )
    report = analyze(text, outlet=OUTLET)
    assert _name(report, _only(report, "300 planes")) == "Robert Hale"


def test_a_quote_framed_after_it_keeps_its_frame_when_the_cue_takes_a_clause_too() -> None:
    text = (
        '"I lost a brother in the fire," Talia Brandt said, and rebuilding the hall '
        '"is the least the city owes us."'
    )
    report = analyze(text, outlet=OUTLET)
    assert _name(report, _only(report, "I lost a brother")) == "Talia Brandt"


def test_a_subject_set_off_by_a_relative_clause_still_speaks() -> None:
    text = (
        "After the vote, Ivo Marek, who had backed the plan for a year, told reporters he no "
        "longer supports it."
    )
    report = analyze(text, outlet=OUTLET)
    assert _name(report, _only(report, "no longer supports")) == "Ivo Marek"


def test_a_statement_released_with_a_colon_is_its_speakers() -> None:
    text = (
        "The editor, Lina Berg, released the following statement:\n\n"
        "\u201cWe have learned that someone is calling readers in our name. We condemn it.\u201d"
        "\n\nThe calls began on Friday."
    )
    report = analyze(text, outlet=OUTLET)
    assert _name(report, _only(report, "calling readers")) == "Lina Berg"


def test_a_noun_participle_is_no_cue() -> None:
    text = "A diary written by the singer was found in his room, the police said."
    report = analyze(text, outlet=OUTLET)
    assert [a.cue.text for a in report.attributions if a.cue] == ["said"]


def test_two_names_of_one_report_are_one_source() -> None:
    text = (
        "A coroner's report confirms that the singer died of heart failure. "
        "The Kelso County Coroner's Office report adds that no drugs were found."
    )
    report = analyze(text, outlet=OUTLET)
    documents = [s for s in report.sources if s.type == "document"]
    assert len(documents) == 1


def test_a_first_name_after_the_full_name_is_the_same_person() -> None:
    text = (
        '"This is a big honour," Brooklyn Marsh said.\n\n'
        "Later Brooklyn said she would give the prize to her school."
    )
    report = analyze(text, outlet=OUTLET)
    people = {s.name for s in report.sources if s.type == "person"}
    assert people == {"Brooklyn Marsh"}


def test_a_magazine_with_a_one_word_name_reports_and_is_the_publication_after() -> None:
    text = (
        "Dana Ruiz told E! News that the split was hard.\n\n"
        "Meanwhile, the pair are trying to stay on speaking terms, People reports.\n\n"
        "\u201cThey will have to work it out,\u201d a source told the publication."
    )
    report = analyze(text, outlet=OUTLET)
    assert _chain(_only(report, "work it out")) == [OUTLET, "People", "source"]


def test_a_newspaper_the_outlet_list_lacks_is_the_paper_told_later() -> None:
    text = (
        "In a new interview with the Kelso Sunday Times, the singer Ana Brik reveals that she "
        "sold the rights.\n\n"
        '"I have protected the songs," Brik told the paper.'
    )
    report = analyze(text, outlet=OUTLET)
    assert _chain(_only(report, "protected the songs")) == [
        OUTLET,
        "Kelso Sunday Times",
        "Ana Brik",
    ]


def test_a_frame_ending_its_paragraph_with_a_comma_introduces_the_next() -> None:
    text = (
        "In a series of posts, Mika Dorn said,\n\n"
        "Today was hard for all of us. The crew stayed late to finish the show.\n\n"
        "The show aired at ten."
    )
    report = analyze(text, outlet=OUTLET)
    found = _only(report, "Today was hard")
    assert _name(report, found) == "Mika Dorn"
    assert "aired" not in found.content.text


def test_a_bare_unnamed_source_described_further_is_one_source() -> None:
    text = (
        "A source said the actor was relieved. \u201cHe is fine,\u201d a source close to the "
        "actor told the Kelso Evening Post."
    )
    report = analyze(text, outlet=OUTLET)
    assert [s.name for s in report.sources if s.type == "anonymous"] == ["source"]


def test_the_site_told_with_no_outlet_before_it_is_no_relay() -> None:
    text = "A witness told the site that the driver had stopped to help."
    report = analyze(text, outlet=OUTLET)
    assert all(
        link.type != "outlet" or link.name == OUTLET for link in _only(report, "driver").chain
    )


def test_a_clause_saying_when_is_not_what_was_said() -> None:
    text = '"Thank you all," she said as she held the trophy close to her heart.'
    report = analyze(text, outlet=OUTLET)
    assert [a.content.text for a in report.attributions] == ["Thank you all,"]


def test_an_opening_participle_of_speech_is_where_the_main_cue_was_said() -> None:
    text = "Speaking at a reception in the capital, Prince Olav said his visit had been moving."
    report = analyze(text, outlet=OUTLET)
    assert [a.cue.text for a in report.attributions if a.cue] == ["said"]


def test_words_named_by_what_are_not_reported() -> None:
    text = "Based on what Ivo Marek said to the Kelso Post, the pair met early."
    report = analyze(text, outlet=OUTLET)
    assert not report.attributions


def test_what_a_document_says_with_a_colon_introduces_its_words() -> None:
    text = (
        "The claim is the opposite of the rule. Here is what the regulation says:\n\n"
        '"Milk containers are exempt from the spill plan."'
    )
    report = analyze(text, outlet=OUTLET)
    assert _only(report, "Milk containers").source.text == "the regulation"


def test_calling_it_quits_is_no_speech() -> None:
    text = "The couple dated for years before the singer called it quits in April."
    report = analyze(text, outlet=OUTLET)
    assert not report.attributions


def test_an_outlet_named_before_its_kind_of_publication_is_named_alone() -> None:
    text = "According to the Kelso Libre newspaper, the minister was in good spirits."
    report = analyze(text, outlet=OUTLET)
    assert _chain(_only(report, "good spirits")) == [OUTLET, "Kelso Libre"]
