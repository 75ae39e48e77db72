"""Summaries count what their filters name: a place filter lists the places that have the
property, a speaker or event-type filter the rows of that speaker or type; every summary stops
at --limit and says so; a timeline leaves undated records out unless asked."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dateline.cli import cli

from .conftest import indexed_fixture

# every test here runs on each search engine, with the same assertions
pytestmark = pytest.mark.engines


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> str:
    return indexed_fixture(tmp_path_factory.mktemp("summaries"), "summaries")


def dateline(corpus: str, *args: str, fmt: str = "json") -> tuple[int, list[dict], str]:
    """exit code, JSON rows and stderr of `dateline ARGS` on the fixture corpus."""
    result = CliRunner().invoke(cli, [*args, "--corpus", corpus, "--format", fmt])
    assert result.exit_code in (0, 1), result.output
    rows = json.loads(result.stdout) if fmt == "json" else result.stdout
    return result.exit_code, rows, result.stderr


def rows(corpus: str, *args: str) -> list[dict]:
    return dateline(corpus, *args, "--limit", "1000")[1]


def names(corpus: str, *args: str) -> list[str]:
    return [row["name"] for row in rows(corpus, *args)]


# ---------------------------------------------------------------------------------------------
# Place filters on `places`


def test_places_by_country_lists_only_the_places_of_that_country(corpus):
    every = rows(corpus, "places")
    # the floods article names Calais and France beside Leeds and Dover: listed, before
    assert {"Calais", "France", "Leeds"} <= {r["name"] for r in every}
    british = rows(corpus, "places", "--country", "GB")
    assert {r["name"] for r in british} == {
        "England", "Manchester", "Leeds", "Dover", "Edinburgh", "Belfast",
    }  # fmt: skip
    # every record that mentions a British place matches the filter: the same counts
    assert british == [r for r in every if r["country"] == "GB"]


def test_places_by_country_takes_a_name_as_search_does(corpus):
    british = rows(corpus, "places", "--country", "United Kingdom")
    assert british and {r["country"] for r in british} == {"GB"}
    assert british == rows(corpus, "places", "--country", "gb")


def test_places_by_place_lists_it_and_the_places_within_it(corpus):
    every = {r["name"]: r for r in rows(corpus, "places")}
    assert "United States" in every and "North Korea" in every
    in_china = rows(corpus, "places", "--place", "China")
    assert [r["name"] for r in in_china] == ["China", "Beijing"]
    assert in_china == [every["China"], every["Beijing"]]


@pytest.mark.parametrize(
    ("place", "expected"),
    [("SAO PAULO", ["São Paulo"]), ("zurich", ["Zürich"]), ("switzerland", ["Zürich"])],
)
def test_places_by_place_ignore_case_and_accents(corpus, place, expected):
    assert names(corpus, "places", "--place", place) == expected


def test_several_place_or_country_values_are_or(corpus):
    assert set(names(corpus, "places", "--place", "china", "--place", "São Paulo")) == {
        "China", "Beijing", "São Paulo",
    }  # fmt: skip
    assert {r["country"] for r in rows(corpus, "places", "--country", "GB", "--country", "KP")} == {
        "GB", "KP",
    }  # fmt: skip


def test_country_and_place_together_both_hold_for_each_place(corpus):
    assert names(corpus, "places", "--country", "KP", "--place", "North Korea") == [
        "North Korea", "Pyongyang",
    ]  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Speaker and event-type filters on `speakers` and `events --count`


def test_speakers_by_kind_count_only_the_quotes_of_that_kind(corpus):
    # Gartner is an organization in the chips article, a person (an analyst) in the floods one
    everyone = {r["name"]: r for r in rows(corpus, "speakers")}
    assert everyone["Gartner"]["quotes"] == 4
    people = rows(corpus, "speakers", "--speaker-kind", "person")
    assert people and {r["kind"] for r in people} == {"person"}
    gartner = next(r for r in people if r["name"] == "Gartner")
    assert (gartner["quotes"], gartner["documents"], gartner["title"]) == (2, 1, "analyst")
    bodies = {r["name"]: r for r in rows(corpus, "speakers", "--speaker-kind", "organization")}
    assert (bodies["Gartner"]["kind"], bodies["Gartner"]["quotes"]) == ("organization", 2)
    assert "Lorne Craner" not in bodies


@pytest.mark.parametrize(
    ("speaker", "expected"), [("reeker", ["Philip Reeker"]), ("lorne craner", ["Lorne Craner"])]
)
def test_speakers_by_speaker_list_only_that_speaker(corpus, speaker, expected):
    assert names(corpus, "speakers", "--speaker", speaker) == expected


def test_events_count_by_type_lists_only_that_type(corpus):
    arrests = rows(corpus, "events", "--count", "--type", "arrest")
    hits = dateline(corpus, "events", "--type", "arrest", "--limit", "1000")[1]
    assert [(r["type"], r["events"]) for r in arrests] == [("173", len(hits))]
    both = rows(corpus, "events", "--count", "--type", "arrest", "--type", "141")
    assert {r["type"] for r in both} == {"173", "141"}


# ---------------------------------------------------------------------------------------------
# --limit on every summary


@pytest.mark.parametrize(
    ("args", "noun"),
    [(["speakers"], "speakers"), (["places"], "places"), (["events", "--count"], "event types")],
)
def test_a_summary_stops_at_the_limit_and_says_so_on_stderr(corpus, args, noun):
    total = len(rows(corpus, *args))
    assert total > 3
    code, shown, err = dateline(corpus, *args, "--limit", "3")
    assert code == 0 and shown == rows(corpus, *args)[:3]
    assert f"3 of {total} {noun}; --limit shows more" in err
    assert " of " not in dateline(corpus, *args, "--limit", str(total))[2]


def test_a_summary_as_csv_says_it_was_cut_on_stderr(corpus):
    _code, text, err = dateline(corpus, "places", "--limit", "2", fmt="csv")
    assert len(text.splitlines()) == 3  # the header and two rows
    assert "2 of " in err and "places; --limit shows more" in err


def test_a_cut_summary_table_says_so_in_its_title(corpus):
    total = len(rows(corpus, "speakers"))
    _code, table, err = dateline(corpus, "speakers", "--limit", "3", fmt="table")
    assert f"3 of {total} speakers" in table.splitlines()[0]
    assert "--limit" not in err
    _code, table, _err = dateline(corpus, "speakers", "--limit", str(total), fmt="table")
    assert f"{total} speakers" in table.splitlines()[0] and " of " not in table.splitlines()[0]
    _code, table, _err = dateline(corpus, "events", "--count", "--type", "arrest", fmt="table")
    assert table.splitlines()[0].strip() == "1 event type"


# ---------------------------------------------------------------------------------------------
# Undated records on a timeline

UNDATED = ["chips#q1", "chips#q2"]  # the quotes of an article without a publication date


def test_timeline_leaves_undated_records_out_and_says_how_many(corpus):
    code, hits, err = dateline(corpus, "timeline", "--limit", "1000")
    assert code == 0 and hits and all(h["date_begin"] for h in hits)
    assert "chips#e1" in {h["id"] for h in hits}  # dated by its sentence
    assert "2 undated records left out; --undated shows them" in err


def test_timeline_undated_puts_them_after_the_dated_ones(corpus):
    dated = dateline(corpus, "timeline", "--limit", "1000")[1]
    code, hits, err = dateline(corpus, "timeline", "--undated", "--limit", "1000")
    assert code == 0 and "undated" not in err
    assert [h["id"] for h in hits] == [h["id"] for h in dated] + UNDATED


def test_timeline_with_a_date_range_says_nothing_of_undated_records(corpus):
    code, hits, err = dateline(corpus, "timeline", "--since", "2005")
    assert code == 0 and hits and "undated" not in err


def test_timeline_with_only_undated_matches_says_where_they_went(corpus):
    code, hits, err = dateline(corpus, "timeline", "demand recover")
    assert (code, hits) == (1, [])
    assert "no matches" in err and "1 undated record left out" in err
    assert [h["id"] for h in dateline(corpus, "timeline", "demand recover", "--undated")[1]] == [
        "chips#q1"
    ]


def test_speakers_of_unknown_kind_are_listed_when_asked_for(run, tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(
        'Match report\n\n"We will win the cup," he said.\n', encoding="utf-8"
    )
    corpus = str(tmp_path / "c")
    assert run("speakers", "--corpus", corpus, "--format", "json").exit_code == 1
    result = run("speakers", "--speaker-kind", "unknown", "--corpus", corpus, "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["kind"], r["quotes"]) for r in rows] == [("unknown", 1)]


def test_facets_0_shows_no_facet_line(run):
    shown = run("--color", "search", "refugees", "--format", "table", "--facets", "0")
    assert shown.exit_code == 0 and "speaker:" not in shown.stdout
    assert "speaker:" in run("search", "refugees", "--format", "table").stdout
