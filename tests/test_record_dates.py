"""A record's date is when the statement was made or the event happened, not any year in its
sentence; tables show dates in words people read. Sentences of our own."""

from __future__ import annotations

import pytest

from dateline.annotate import annotate
from dateline.model import Document
from dateline.records import document_records
from dateline.render import readable_when


def records(text: str, published: str = "2005-03-10") -> list[dict]:
    doc = Document("d", text, published=published)
    return [r.to_dict() for r in document_records(doc, annotate(doc))]


def quote(text: str, **kw) -> dict:
    (q,) = [r for r in records(text, **kw) if r["kind"] == "quote"]
    return q


def test_a_year_inside_the_words_quoted_does_not_date_the_statement() -> None:
    q = quote('"We have kept every promise since 1997," the minister said.')
    assert (q["when"], q["date_begin"]) == ("2005-03-10", "2005-03-10")


def test_a_year_naming_a_thing_does_not_date_the_statement() -> None:
    q = quote("The envoy said that the 1951 refugee convention bound every signatory.")
    assert q["when"] == "2005-03-10"


def test_a_date_of_the_speech_act_dates_it() -> None:
    q = quote("The envoy said on Tuesday that the 1951 refugee convention bound every signatory.")
    assert q["date_begin"] == "2005-03-08"


def test_a_date_after_the_cue_of_a_quote_that_came_first_dates_it() -> None:
    q = quote('"The talks will go on," the envoy told reporters on Monday.')
    assert q["date_begin"] == "2005-03-07"


def test_an_event_takes_the_date_attached_to_its_trigger() -> None:
    text = "Police said the man, who was arrested on March 3, had fled the 1998 floods."
    (event,) = [r for r in records(text) if r["kind"] == "event" and "arrest" in r["label"].lower()]
    assert event["date_begin"] == "2005-03-03"


def test_an_event_with_no_date_of_its_own_takes_the_publication_date() -> None:
    text = "Protesters marched through the capital against the 2004 budget."
    events = [r for r in records(text) if r["kind"] == "event"]
    assert events and all(e["date_begin"] == "2005-03-10" for e in events)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("19", "20th century"),
        ("14", "15th century"),
        ("20", "21st century"),
        ("198", "1980s"),
        ("P2W", "2 weeks"),
        ("P1Y", "1 year"),
        ("PXW", "weeks"),
        ("PT48H", "48 hours"),
        ("P1DE", "1 decade"),
        ("2002-SU", "summer 2002"),
        ("2002-W24", "week 24, 2002"),
        ("2002-06-13TMO", "2002-06-13 morning"),
        ("PRESENT_REF", "now"),
        ("2002-06-13", "2002-06-13"),
        (None, ""),
    ],
)
def test_a_date_column_shows_words_people_read(value: str | None, words: str) -> None:
    assert readable_when(value) == words


def test_every_reeker_record_of_the_seeds_is_dated_the_day_he_spoke(run_json) -> None:
    found = run_json("quotes", "--speaker", "reeker")
    assert found and {(r["when"], r["date_begin"]) for r in found} == {("2002-06-13", "2002-06-13")}


def test_an_event_date_may_follow_the_object_of_its_verb() -> None:
    text = "Police arrested two executives of a rival firm on 4 March in the capital."
    (event,) = [r for r in records(text) if r["kind"] == "event" and "arrest" in r["label"].lower()]
    assert event["date_begin"] == "2005-03-04"


def test_a_relative_clause_keeps_its_date_to_itself() -> None:
    text = "The minister, who resigned on Monday, was questioned by prosecutors."
    events = {r["trigger"]["text"]: r for r in records(text) if r["kind"] == "event"}
    assert events["resigned"]["date_begin"] == "2005-03-07"


def test_a_date_that_starts_a_period_does_not_date_the_statement() -> None:
    q = quote("The firm, which has had two offices since 1990, will announce that it is moving.")
    assert q["when"] == "2005-03-10"


def test_a_date_of_the_clause_before_does_not_date_the_statement() -> None:
    q = quote("The bank failed in 1998 and regulators claim that its books were false.")
    assert q["when"] == "2005-03-10"


@pytest.mark.parametrize(
    "text",
    [
        # the year is the relative clause's verb's (`founded`), not the speaking's
        "Of the award, Ada Moss, 70, who founded the festival in 1979, said it was a surprise.",
        # ... and the opening clause's (`After ... 2004,`)
        "After a slow end to 2004, the bakery said sales had picked up again.",
        # ... and the aside's, set off by dashes
        "A survey - covering the whole of 2003 - suggested the slowdown was over.",
    ],
)
def test_a_date_in_another_clause_before_the_cue_does_not_date_the_statement(text) -> None:
    assert quote(text)["when"] == "2005-03-10"


def test_a_date_opening_the_sentence_still_dates_the_cue() -> None:
    assert quote("On Tuesday, the bakery said sales had picked up.")["date_begin"] == "2005-03-08"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("When asked on Monday, the minister said it was over.", "2005-03-07"),
        ("On Tuesday the Anglo–French committee said talks would resume.", "2005-03-08"),
    ],
)
def test_a_date_of_the_asking_or_across_an_en_dash_compound_still_dates_it(text, day) -> None:
    assert quote(text)["date_begin"] == day
