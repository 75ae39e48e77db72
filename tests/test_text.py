"""The sentence splitter and tokenizer: offsets exact, abbreviations and quotes kept whole."""

from __future__ import annotations

from dateline.annotate.text import (
    MOST_SENTENCE_CHARS,
    paragraphs,
    sentence_at,
    sentences,
    tokens,
)


def sentence_texts(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


def test_sentences_keep_exact_offsets():
    text = "The dam held. Engineers were relieved.\n\nA new paragraph starts here."
    for s in sentences(text):
        assert text[s.start : s.end] == s.text
    assert len(sentences(text)) == 3


def test_titles_do_not_end_a_sentence():
    assert sentence_texts("Dr. Imani Obi and Mr. Lutz met in the square.") == [
        "Dr. Imani Obi and Mr. Lutz met in the square."
    ]


def test_acronym_ends_a_sentence_only_before_a_sentence_starter():
    assert len(sentences("Exports to the U.S. rose again. The U.S. market grew.")) == 2
    assert len(sentences("He moved to the U.S. The next day he found work.")) == 2


def test_a_sentence_never_opens_in_lower_case():
    text = '"Why would we wait?" she asked. Sen. Ada Moss (D-Vt.) said the bill was ready.'
    assert sentence_texts(text) == [
        '"Why would we wait?" she asked.',
        "Sen. Ada Moss (D-Vt.) said the bill was ready.",
    ]


def test_quotation_ending_a_sentence_stays_with_it():
    text = 'He said "the roof leaks." Nobody answered.'
    assert sentence_texts(text) == ['He said "the roof leaks."', "Nobody answered."]


def test_sentences_do_not_cross_paragraphs():
    text = "First paragraph without a stop\n\nsecond one in lower case."
    assert len(sentences(text)) == 2
    assert len(paragraphs(text)) == 2


def test_a_run_without_stops_is_cut_at_spaces_into_pieces_no_longer_than_the_most():
    words = [f"word{n}" for n in range(2000)]  # about 17,000 characters, not one stop
    text = "The list: " + " ".join(words) + ". The end."
    found = sentences(text)
    assert all(len(s.text) <= MOST_SENTENCE_CHARS for s in found)
    assert all(text[s.start : s.end] == s.text for s in found)
    assert " ".join(s.text for s in found) == text and len(found) > 8
    assert found[-1].text == "The end."


def test_a_long_sentence_of_prose_is_one_sentence():
    text = "The minister, " + "who had served for many years, " * 30 + "resigned. He left."
    assert sentence_texts(text) == [text[: -len(" He left.")], "He left."]


def test_a_line_ending_without_a_stop_is_a_heading_after_many_lines_with_stops():
    text = "".join(f"Line {n} ends here.\n" for n in range(50)) + "A Heading\nThe text goes on."
    assert sentence_texts(text)[-2:] == ["A Heading", "The text goes on."]


def test_tokens_split_a_final_period_but_keep_abbreviations():
    assert [t.text for t in tokens("Gov. Ruiz left early.")] == [
        "Gov.",
        "Ruiz",
        "left",
        "early",
        ".",
    ]
    assert [t.text for t in tokens("the U.S. team")] == ["the", "U.S.", "team"]


def test_sentence_at_finds_the_sentence_holding_an_offset():
    text = "One here. Two there."
    found = sentence_at(sentences(text), text.index("there"))
    assert found is not None and found.text == "Two there."
