"""Quote pairing: which double quotation marks open and close a quoted passage."""

from __future__ import annotations

import pytest

from newstrace.stages.quotes import pair_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in pair_quotes(text)]


def test_straight_quotes_pair_and_bound_the_words_inside_the_marks() -> None:
    text = 'The coach said "we will win the cup next season" after the match.'
    (quote,) = pair_quotes(text)
    assert text[quote.start : quote.end] == "we will win the cup next season"
    assert text[quote.open] == '"' and text[quote.close] == '"'
    assert quote.open < quote.start < quote.end <= quote.close
    assert quote.words == 7


def test_curly_quotes_pair() -> None:
    text = "“The ferry will run again on Monday,” the harbour master said."
    assert quoted(text) == ["The ferry will run again on Monday,"]


def test_guillemets_pair() -> None:
    text = "« Nous reconstruirons le pont », a dit le maire."
    assert quoted(text) == ["Nous reconstruirons le pont"]


def test_two_quotes_in_one_paragraph_stay_separate() -> None:
    text = '"The dam held," she said, "but the road to Orvik is gone."'
    assert quoted(text) == ["The dam held,", "but the road to Orvik is gone."]


def test_quote_running_over_two_paragraphs_is_one_quote() -> None:
    # The first paragraph has no closing mark; the second re-opens: newspaper convention.
    text = (
        "“The pumps failed at dawn and the water rose fast.\n\n"
        "“By noon the lower town was under a metre of water,” the fire chief said."
    )
    (quote,) = pair_quotes(text)
    assert quote.open == 0
    assert text[quote.start : quote.end].startswith("The pumps failed at dawn")
    assert text[quote.start : quote.end].endswith("under a metre of water,")
    assert text[quote.close] == "”"


def test_quote_running_over_paragraphs_with_straight_marks_is_one_quote() -> None:
    text = '"The pumps failed at dawn.\n\n"By noon the town was flooded," she said.'
    assert len(pair_quotes(text)) == 1


def test_closed_quotes_in_consecutive_paragraphs_stay_separate() -> None:
    text = '"The pumps failed at dawn."\n\n"Then the rain came," she said.'
    assert quoted(text) == ["The pumps failed at dawn.", "Then the rain came,"]


def test_unclosed_quote_ends_at_its_paragraph_when_the_next_does_not_reopen() -> None:
    text = "“The pumps failed at dawn and nobody came.\n\nBy noon the town was flooded."
    assert quoted(text) == ["The pumps failed at dawn and nobody came."]


@pytest.mark.parametrize(
    "text",
    [
        "The council's offer wasn't accepted, and the union's chief walked out.",
        "The council’s offer wasn’t accepted, and the union’s chief walked out.",
        "The ‘final’ offer was rejected by the drivers' union.",
    ],
)
def test_apostrophes_and_single_quotes_are_not_quotes(text: str) -> None:
    assert pair_quotes(text) == []


def test_typewriter_single_quotes_pair_on_a_page_without_double_quotes() -> None:
    text = "'We won't close the port,' the minister said. 'It's the drivers' call now.'"
    assert quoted(text) == ["We won't close the port,", "It's the drivers' call now."]
    # beside double quotes a ' is an apostrophe or a quote within a quote
    mixed = "\"We won't close it,\" she said of the 'final' offer by the drivers' union."
    assert quoted(mixed) == ["We won't close it,"]
    # a year is no opener
    assert quoted("The '90s were loud, and the '80s louder.") == []


def test_british_single_quotes_pair_and_apostrophes_inside_do_not_end_them() -> None:
    text = "‘We won’t close the port,’ the minister said. ‘It’s the workers’ call now.’"
    assert quoted(text) == ["We won’t close the port,", "It’s the workers’ call now."]


def test_single_quotes_inside_double_quotes_are_a_quote_within_the_quote() -> None:
    text = "“He told me ‘never again’ and left,” she said."
    assert quoted(text) == ["He told me ‘never again’ and left,"]


def test_apostrophes_inside_a_quote_do_not_end_it() -> None:
    text = "The minister's aide said \"it's over for the drivers' strike\" and left."
    assert quoted(text) == ["it's over for the drivers' strike"]


def test_inch_marks_after_digits_are_not_quotes() -> None:
    assert pair_quotes('The crew replaced a 12" pipe and a 3" valve.') == []


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "“",
        "”",
        "” a stray closing mark",
        'He said "we will never give in',
        "He said “we will",
        '"""',
        "“one “two “three ” four",
        "\n\n“\n\n“\n",
    ],
)
def test_unbalanced_quotes_do_not_crash_and_stay_in_bounds(text: str) -> None:
    for quote in pair_quotes(text):
        assert 0 <= quote.open < quote.start < quote.end <= len(text)
        assert quote.end <= quote.close <= len(text)


def test_quote_left_open_at_the_end_of_the_text_is_kept_when_long_enough() -> None:
    assert quoted('He said "we will never give in') == ["we will never give in"]


def test_short_fragment_left_open_is_dropped() -> None:
    assert pair_quotes("He said “we will") == []


def test_a_curly_quote_inside_a_curly_quote_stays_inside_it() -> None:
    from newstrace.stages.quotes import pair_quotes

    text = "“The fans love “Tides” best of all,” Ames said. “It is our song.”"
    assert [text[q.start : q.end] for q in pair_quotes(text)] == [
        "The fans love “Tides” best of all,",
        "It is our song.",
    ]


def test_an_opening_mark_typed_for_the_closer_closes_and_the_next_paragraph_pairs_alone() -> None:
    text = (
        "He was said to be in \u201cgood spirits\u201c, with plans.\n\n"
        "\u201cIt is really shocking,\u201d said the owner. \u201cWe grew up together.\u201d"
    )
    quoted = [text[q.start : q.end] for q in pair_quotes(text)]
    assert quoted == ["good spirits", "It is really shocking,", "We grew up together."]


def test_quote_marks_saved_as_replacement_characters_still_pair() -> None:
    # a page decoded with the wrong charset: each curly quote became three U+FFFD, and so did
    # the apostrophe inside "They're", which stays part of the word
    run = "\ufffd" * 3
    text = f"{run}They{run}re so in love,{run} the singer said. {run}It is nice.{run}"
    assert quoted(text) == [f"They{run}re so in love,", "It is nice."]


def test_a_closing_mark_typed_for_the_opener_opens_before_a_word() -> None:
    text = (
        "”The ferry will run again,” the harbour master said. ”We are ready for it.”\n\n"
        "He added:”Monday is the day.” Nothing ” else ” was said."
    )
    assert quoted(text)[:3] == [
        "The ferry will run again,",
        "We are ready for it.",
        "Monday is the day.",
    ]
