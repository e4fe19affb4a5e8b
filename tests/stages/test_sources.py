"""Sources: typing speakers, and resolving later mentions and pronouns to the same source."""

from __future__ import annotations

import pytest

from newstrace import Report, Source, analyze

ARTICLES = {
    "anonymous_official": (
        "A senior official who spoke on condition of anonymity said the talks had collapsed "
        "on Friday. The official said the delegation had left the capital.\n\n"
        '"There is no deal on the table," he said.'
    ),
    "mayor_ruiz": (
        "Mayor Ana Ruiz said on Tuesday that the new tram line would open in March. "
        '"The trams are already being tested on the northern loop," Ruiz said.'
    ),
    "mayor_harper": (
        "Mayor John Harper said on Tuesday that the new tram line would open in March. "
        '"The trams are already being tested on the northern loop," Harper said.'
    ),
    "minister_vogt": (
        "Finance Minister Clara Vogt said the budget would be cut by four percent. "
        "Vogt said the cuts would fall mostly on defence."
    ),
    "typed": (
        "The Pentagon said the drill would involve 4,000 sailors. "
        "A report by the audit office found that the navy had overspent by 12 percent. "
        "Officials said the ships would dock at Verna. "
        "Reuters reported that two frigates had left the port of Salen."
    ),
    "two_sources": (
        "One source said the ceasefire would start at midnight. "
        "A second source said the ceasefire had been postponed by a week."
    ),
    "he_then_she": (
        "Defence Minister Paul Okafor said the base would close in June. "
        "He said 300 jobs would be lost. She said the decision was final."
    ),
    "he_then_named_she": (
        "Defence Minister Paul Okafor said the base would close in June. "
        "He said 300 jobs would be lost. Deputy Minister Irene Falk disagreed. "
        "She said the decision was not final."
    ),
}


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {name: analyze(text) for name, text in ARTICLES.items()}


def source_of(report: Report, mention: str) -> Source:
    """The source entity behind the attribution whose speaker mention is `mention`."""
    entity = next(a.source.entity for a in report.attributions if a.source.text == mention)
    return next(s for s in report.sources if s.id == entity)


def speakers(report: Report) -> list[Source]:
    return [s for s in report.sources if s.attributions > 0]


def test_official_speaking_on_condition_of_anonymity_is_anonymous(
    reports: dict[str, Report],
) -> None:
    report = reports["anonymous_official"]
    assert source_of(report, "A senior official").type == "anonymous"


def test_the_official_and_pronoun_after_quote_resolve_to_the_same_anonymous_source(
    reports: dict[str, Report],
) -> None:
    report = reports["anonymous_official"]
    (source,) = speakers(report)
    assert source.type == "anonymous"
    assert source.attributions == 3
    assert {a.source.entity for a in report.attributions} == {source.id}
    assert [m.text for m in source.mentions] == ["A senior official", "The official", "he"]


def test_titled_person_then_surname_is_one_person(reports: dict[str, Report]) -> None:
    report = reports["mayor_ruiz"]
    (source,) = speakers(report)
    assert source.type == "person"
    assert source.attributions == 2
    assert source_of(report, "Ruiz") is source_of(report, "Mayor Ana Ruiz")


def test_title_of_a_named_person_becomes_the_description(reports: dict[str, Report]) -> None:
    (source,) = speakers(reports["mayor_ruiz"])
    assert (source.name, source.description) == ("Ana Ruiz", "Mayor")


def test_title_becomes_the_description_when_the_name_is_recognised(
    reports: dict[str, Report],
) -> None:
    (source,) = speakers(reports["mayor_harper"])
    assert (source.name, source.type, source.description) == ("John Harper", "person", "Mayor")
    assert [m.text for m in source.mentions] == ["Mayor John Harper", "Harper"]


def test_surname_alone_after_full_name_stays_the_same_person(reports: dict[str, Report]) -> None:
    report = reports["minister_vogt"]
    (source,) = speakers(report)
    assert (source.name, source.type) == ("Clara Vogt", "person")


@pytest.mark.parametrize(
    ("mention", "kind"),
    [
        ("The Pentagon", "government"),
        ("A report by the audit office", "document"),
        ("Officials", "anonymous"),
        ("Reuters", "outlet"),
    ],
)
def test_speaker_mentions_are_typed(reports: dict[str, Report], mention: str, kind: str) -> None:
    assert source_of(reports["typed"], mention).type == kind


def test_each_typed_speaker_is_its_own_source(reports: dict[str, Report]) -> None:
    assert len(speakers(reports["typed"])) == 4


def test_a_second_anonymous_source_is_not_merged_with_the_first(
    reports: dict[str, Report],
) -> None:
    report = reports["two_sources"]
    first = source_of(report, "One source")
    second = source_of(report, "A second source")
    assert first.type == second.type == "anonymous"
    assert first.id != second.id


def test_she_does_not_resolve_to_a_source_already_called_he(reports: dict[str, Report]) -> None:
    report = reports["he_then_she"]
    assert source_of(report, "He") is source_of(report, "Defence Minister Paul Okafor")
    assert source_of(report, "She") is not source_of(report, "He")


def test_she_resolves_to_the_woman_named_since(reports: dict[str, Report]) -> None:
    report = reports["he_then_named_she"]
    okafor = source_of(report, "Defence Minister Paul Okafor")
    assert source_of(report, "He") is okafor
    she = source_of(report, "She")
    assert she is not okafor
    assert she.name == "Irene Falk"


def _speaker_types(text: str, outlet: str = "example-news.test") -> dict[str, str]:
    report = analyze(text, outlet=outlet)
    types = {source.id: source.type for source in report.sources}
    return {a.source.text: types[a.source.entity or ""] for a in report.attributions}


@pytest.mark.parametrize(
    ("text", "mention", "expected"),
    [
        (
            "A Canadian tourist said the beach had been closed for a week.",
            "A Canadian tourist",
            "anonymous",
        ),
        ("The FBI said the suspect had been arrested in Ohio on Monday.", "The FBI", "government"),
        ("His second wife said the couple had separated in 1997.", "His second wife", "person"),
        ("Authorities said the road would reopen on Friday morning.", "Authorities", "anonymous"),
        (
            "An editorial in the paper said the council had wasted the money.",
            "An editorial in the paper",
            "document",
        ),
        ("E! says the host will leave the network after three years.", "E!", "outlet"),
    ],
)
def test_speakers_are_typed_by_what_heads_their_phrase(
    text: str, mention: str, expected: str
) -> None:
    types = _speaker_types(text)
    found = {m.rstrip("!"): t for m, t in types.items()}
    assert found.get(mention.rstrip("!")) == expected, types


def test_the_articles_own_outlet_is_an_outlet_even_when_its_name_is_an_ordinary_word() -> None:
    types = _speaker_types(
        "The couple agreed to joint custody, PEOPLE confirmed on Monday.", outlet="people.com"
    )
    assert types == {"PEOPLE": "outlet"}


def test_a_fuller_form_of_a_name_is_the_same_person_and_a_shared_surname_is_not() -> None:
    text = (
        'Kim Vance said the label would close. "We are done," Kim Vance Holt said later. '
        "Rob Vance said the decision was hers."
    )
    report = analyze(text, outlet="example-news.test")
    names = {source.id: source.name for source in report.sources}
    speakers = [names[a.source.entity or ""] for a in report.attributions]
    assert speakers[0] == speakers[1] == "Kim Vance"
    assert speakers[2] == "Rob Vance"


def test_a_phrase_that_cannot_speak_is_no_source_and_no_extra_origin() -> None:
    # A wrong parse can hand a cue a subject that names nothing able to speak.
    text = "The capture of the shark told scientists that the lake was getting warmer."
    report = analyze(text, outlet="example-news.test")
    (found,) = report.attributions
    assert found.source.type == "unattributed"
    assert all("capture" not in source.name for source in report.sources)
    assert report.sourcing.independent_sources == 0


def _chains(report: Report) -> dict[str, list[str]]:
    return {a.content.text: [link.name for link in a.chain] for a in report.attributions}


def test_a_named_sources_outlet_is_credited_in_the_sentence_that_credits_it_only() -> None:
    text = (
        "Lena Ortiz told Reuters that the mill would close. "
        "Ortiz said 300 jobs would go by the end of the year."
    )
    chains = _chains(analyze(text, outlet="example-news.test"))
    assert chains["that the mill would close"] == ["example-news.test", "Reuters", "Lena Ortiz"]
    assert chains["300 jobs would go by the end of the year"] == ["example-news.test", "Lena Ortiz"]


def test_a_repost_ends_where_a_post_pasted_into_the_page_begins() -> None:
    text = (
        "The Daily Example reports:\n\n"
        "The governor of Tarlow said that the silos had been emptied by looters.\n\n"
        "Stay safe everyone, the roads are closed tonight. https://t.co/x1 "
        "— Ilse Brandt (@ibrandt) July 12, 2024"
    )
    chains = _chains(analyze(text, outlet="coast.example"))
    assert chains["that the silos had been emptied by looters"][:2] == [
        "coast.example",
        "Daily Example",
    ]
    assert chains["Stay safe everyone, the roads are closed tonight."] == [
        "coast.example",
        "Ilse Brandt",
    ]


def _speakers(report: Report) -> list[str]:
    names = {source.id: source.name for source in report.sources}
    return [names.get(a.source.entity or "", "-") for a in report.attributions]


def test_one_phrase_serving_two_attributions_is_one_source() -> None:
    # The quote before the cue and the paraphrase after it share "the Ohio Democrat".
    text = (
        "Senator Mara Quill spoke on Tuesday. "
        '"We will not wait," the Ohio Democrat said, adding that the vote would come soon.'
    )
    report = analyze(text, outlet="example-news.test")
    assert len({a.source.entity for a in report.attributions}) == 1
    assert len([s for s in report.sources if s.type != "unattributed"]) == 1


def test_a_describing_noun_refers_back_to_the_person_just_named() -> None:
    text = (
        "House leader Mara Quill met the union on Monday. The Ohio Democrat said the bill "
        'would pass. "It is a good day," Quill said.'
    )
    report = analyze(text, outlet="example-news.test")
    assert set(_speakers(report)) == {"Mara Quill"}
    assert len([s for s in report.sources if s.type != "unattributed"]) == 1


def test_a_describing_noun_with_a_quoted_title_refers_back_too() -> None:
    """ "the “Harbor Lights” actress": the quote marks of the show's title stay inside the
    phrase, so it is definite and refers back, not a new unnamed source."""
    text = (
        "Actress Lena Ott spoke about the gift on Monday. Ott, she said, told her over a call "
        "she was a match.\n\n"
        "“And I was like, ‘Yes... what? How do you know this?’” the “Harbor Lights” actress said."
    )
    report = analyze(text, outlet="example-news.test")
    assert set(_speakers(report)) == {"Lena Ott"}
    assert not [s for s in report.sources if s.type == "anonymous"]


def test_a_describing_noun_skips_the_unnamed_source_quoted_last() -> None:
    text = (
        "Actress Lena Ott filed for divorce on Monday, her lawyer said.\n\n"
        "“I am focused on my children,” the Oscar winner said in a statement."
    )
    report = analyze(text, outlet="example-news.test")
    speakers = [a.source.name for a in report.attributions]
    assert speakers == ["her lawyer", "Lena Ott"]


def test_the_post_stays_the_washington_post_after_a_second_short_mention() -> None:
    """'the Post' twice after 'The Washington Post': the first short mention must not make
    the second one the New York Post, which the outlet index also knows as 'the Post'."""
    text = (
        "His parents wrote in an opinion piece for The Washington Post in May that the claims "
        "were simply incorrect.\n\nHe appears elsewhere in the book, as the Post reported "
        "earlier in the weekend. She wrote that she had installed cameras at her home, "
        "according to the Post."
    )
    report = analyze(text, outlet="example-news.test")
    outlets = {s.name for s in report.sources if s.type == "outlet"}
    assert "New York Post" not in outlets and "The Washington Post" in outlets


@pytest.mark.parametrize("short", ["Daniel", "Morgan"])
def test_a_name_given_with_a_possessive_still_completes_a_short_one(short: str) -> None:
    """ "Daniel Morgan’s new album ...", then "Daniel said": one person, named in full and
    without the possessive."""
    text = (
        "Daniel Morgan’s new album leaked on Friday.\n\n"
        f"“I am angry and I feel robbed of the launch,” {short} said on Saturday."
    )
    report = analyze(text, outlet="example-news.test")
    assert [s.name for s in report.sources if s.type == "person"] == ["Daniel Morgan"]


def test_a_title_abbreviation_cut_from_its_name_is_no_source_of_its_own() -> None:
    text = (
        "Detainees will get the vaccine, said Maj. Ilona Petrakis, a spokeswoman for the base. "
        '"The doses arrive next week," Petrakis said.'
    )
    report = analyze(text, outlet="example-news.test")
    assert set(_speakers(report)) == {"Ilona Petrakis"}


def test_a_role_noun_before_a_name_makes_a_person() -> None:
    text = "Cabin crew member Zeynep Talay said the passenger had been calm during takeoff."
    report = analyze(text, outlet="example-news.test")
    (source,) = [s for s in report.sources if s.type != "unattributed"]
    assert (source.name, source.type) == ("Zeynep Talay", "person")


def test_she_skips_a_man_named_as_someones_son() -> None:
    text = (
        "Singer Odette Marlow shared a photo with her son Tiberius on Sunday. "
        '"I feel stronger than ever," she writes in the caption.'
    )
    report = analyze(text, outlet="example-news.test")
    assert _speakers(report) == ["Odette Marlow"]


def test_a_publication_told_in_capitals_is_a_relay() -> None:
    text = (
        "Odette Marlow spoke about her early years. "
        '"That was not a good time for me," she told People in 2015.'
    )
    chains = _chains(analyze(text, outlet="example-news.test"))
    assert chains["That was not a good time for me,"][-2:] == ["People", "Odette Marlow"]


def test_a_clause_straight_after_the_cue_is_the_content() -> None:
    text = (
        "Speaking at a dinner in his honour, the prince said his visit to the museum had "
        "been a moving experience."
    )
    report = analyze(text, outlet="example-news.test")
    (found,) = report.attributions
    assert found.content.text.startswith("his visit to the museum")


def test_a_post_with_words_of_its_own_around_anothers_is_an_origin() -> None:
    text = (
        "Crowds gathered near the palace on Friday.\n\n"
        "Police say it looks like a robbery, we shall see what comes out. "
        "https://t.co/x2 — Aldous Brenner (@abrenner) July 12, 2024"
    )
    report = analyze(text, outlet="coast.example")
    by_name = {s.name: s for s in report.sources}
    assert by_name["Aldous Brenner"].original


def test_an_unnamed_representative_of_a_person_is_one_anonymous_source() -> None:
    text = (
        "Representatives for Grammy winner Tomas Ferrant say the tour is going ahead. "
        '"Nothing has changed," Ferrant’s reps said in a statement.'
    )
    report = analyze(text, outlet="example-news.test")
    speakers = [s for s in report.sources if s.type != "unattributed"]
    assert [(s.name, s.type) for s in speakers] == [
        ("representatives of Tomas Ferrant", "anonymous")
    ]


def test_an_outlet_the_index_lacks_is_its_own_outlet_by_its_domain() -> None:
    text = "A person familiar with the talks told TheHarbour that the deal was close."
    report = analyze(text, outlet="theharbour.com")
    (found,) = report.attributions
    assert [link.name for link in found.chain] == [
        "theharbour.com",
        "person familiar with the talks",
    ]


def test_the_noun_of_a_with_phrase_says_the_participle() -> None:
    text = (
        "Actors Ines Varga and Pol Moreau are among those who criticised the studio, with "
        "Varga saying the contract was unfair."
    )
    report = analyze(text, outlet="example-news.test")
    (speaker,) = _speakers(report)
    assert speaker.endswith("Varga")


def test_phrasal_cues_point_out_and_make_clear() -> None:
    text = (
        "Mara Quill points out that the budget grew. "
        "Tomas Ferrant made it clear he would vote against it."
    )
    speakers = _speakers(analyze(text, outlet="example-news.test"))
    assert speakers == ["Mara Quill", "Tomas Ferrant"]


def test_he_goes_to_the_man_named_in_its_own_sentence_not_an_older_speaker() -> None:
    text = (
        "A person familiar with the production said the shoot had ended early.\n\n"
        "Years later, Ines Varga said she met Tomas Ferrant at a party, where he boasted "
        "that the film would win."
    )
    report = analyze(text, outlet="example-news.test")
    names = {s.id: s.name for s in report.sources}
    (boast,) = [a for a in report.attributions if a.cue is not None and a.cue.text == "boasted"]
    assert names[boast.source.entity or ""].endswith("Ferrant")


def test_a_body_the_text_never_names_is_anonymous() -> None:
    text = "A group that campaigns for cheaper fares said the new timetable was a step back."
    report = analyze(text, outlet="example-news.test")
    (found,) = report.attributions
    assert {s.id: s.type for s in report.sources}[found.source.entity or ""] == "anonymous"


def test_a_title_noun_goes_to_the_titled_person_quoted_not_the_latest_titled() -> None:
    text = (
        "Prince Harald opened the new bridge on Monday. \u201cIt is a fine day for the "
        "valley,\u201d Harald said.\n\nHis uncle Prince Frederik was married to a countess "
        "from the coast.\n\nAt the reception, the prince said he hoped the road would open "
        "soon."
    )
    assert _speakers(analyze(text, outlet="example-news.test"))[-1].endswith("Harald")


def test_a_role_the_article_gave_a_named_person_refers_back_to_them() -> None:
    text = (
        "At the time, Varga\u2019s lawyer Olga Brandt said the ruling did not settle the "
        "dispute.\n\nIn a statement on Friday, Varga\u2019s attorney said the appeal would "
        "be filed within a week."
    )
    assert _speakers(analyze(text, outlet="example-news.test")) == ["Olga Brandt"] * 2


def test_two_people_speaking_jointly_are_one_group_the_plural_refers_back_to() -> None:
    text = (
        "In September, Tomas Ferrant and his sister Ines Ferrant sued the studio, alleging "
        "it had broken the contract.\n\nIn the complaint, the siblings alleged the studio "
        "had hidden the profits for years."
    )
    speakers = _speakers(analyze(text, outlet="example-news.test"))
    assert speakers == ["Tomas Ferrant and his sister Ines Ferrant"] * 2


def test_a_first_name_joined_to_a_full_name_shares_its_surname() -> None:
    text = (
        "In a preview of the show, sisters Kate and Sarah Dalton discuss the lawsuit.\n\n"
        '"I could not take it any more," says Kate.'
    )
    assert _speakers(analyze(text, outlet="example-news.test")) == ["Kate Dalton"]


def test_a_site_and_the_website_are_one_document() -> None:
    text = (
        "The website says milk has been covered by the spill rule since 1973.\n\n"
        "The agency site says the rule applies only to farms storing large amounts of oil."
    )
    report = analyze(text, outlet="example-news.test")
    assert len({a.source.entity for a in report.attributions}) == 1


def test_a_bare_surname_is_the_person_introduced_first_not_a_relative_named_later() -> None:
    text = (
        "A new book by Donna Whitaker, the former party chair, is out on Tuesday.\n\n"
        "The dedication reads: \u201cTo my late father, Lionel Whitaker Sr., and my beloved "
        "dog, Chip Joshua Marvin Whitaker.\u201d\n\n"
        "The story appears elsewhere in Whitaker\u2019s book. She wrote that the campaign had "
        "treated her badly."
    )
    speakers = _speakers(analyze(text, outlet="example-news.test"))
    assert speakers[-1] == "Donna Whitaker"


def test_an_abstract_noun_handed_a_cue_is_no_source_of_its_own() -> None:
    text = (
        "Economists say several factors can explain why wages have stalled, including the "
        "rising productivity of workers. Professor Ana Ruiz said the trend would last."
    )
    report = analyze(text, outlet="example-news.test")
    names = {source.name for source in report.sources}
    assert not any("factor" in name for name in names)
    # The economists said it: an original source, not a relay of the factors.
    (economists,) = [source for source in report.sources if source.name == "Economists"]
    assert economists.original and economists.type == "anonymous"


def test_one_source_under_its_shorter_names_stays_one() -> None:
    text = (
        "Model Dana Ruiz-Velmora spoke about the show on Monday.\n\n"
        "“It was a long year,” Ruiz-Velmora said. “We learned a lot,” Ruiz added.\n\n"
        "The U.S. Justice Department said the scheme cost millions. The Justice Department "
        "said six people were charged.\n\n"
        "The car was stopped at the border, authorities reported. The driver was cited for a "
        "misdemeanor, authorities reported.\n"
    )
    report = analyze(text, outlet="example-news.test")
    named = {s.name for s in report.sources if s.type != "unattributed"}
    assert len([n for n in named if "Ruiz" in n]) == 1
    assert len([n for n in named if "Justice Department" in n]) == 1
    assert len([s for s in report.sources if s.name == "authorities"]) == 1


def test_words_the_tagger_took_into_a_name_are_left_out() -> None:
    text = (
        "Dana Ruiz starred in the film. “We agreed,” said Ana Velmora.\n\n"
        "Added Ruiz, “I told them we better get after it.”\n"
    )
    report = analyze(text, outlet="example-news.test")
    names = {s.name for s in report.sources if s.type != "unattributed"}
    assert names == {"Ana Velmora", "Dana Ruiz"}
