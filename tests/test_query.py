"""The query language means what it says: field clauses anywhere in the tree, operators as
written, exact text, accents folded, and an engine that returns what a brute-force reading of
the exported records returns, for random combinations."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.annotate.events.tagger import match_event_type
from dateline.cli import cli
from dateline.engines.whoosh.schema import fold, schema
from dateline.search import query as T
from dateline.search.query import QueryError, parse

from .conftest import ENGINES, indexed_fixture, whoosh_searcher

# ---------------------------------------------------------------------------------------------
# The parser


def test_words_side_by_side_must_all_match():
    assert parse("refugees border") == T.And((T.Word(None, "refugees"), T.Word(None, "border")))


def test_and_binds_tighter_than_or_and_or_tighter_than_words_side_by_side():
    a, b, c = (T.Word(None, w) for w in "abc")
    assert parse("a AND b OR c") == T.Or((T.And((a, b)), c))
    assert parse("a OR b c") == T.And((T.Or((a, b)), c))
    assert parse("NOT a b") == T.And((T.Not(a), b))
    assert parse("a ANDNOT b") == T.And((a, T.Not(b)))
    assert parse("a ANDMAYBE b OR c") == T.AndMaybe(a, T.Or((b, c)))


def test_field_clauses_take_aliases_phrases_and_groups():
    assert parse("who:reeker") == T.Word("speaker", "reeker")
    assert parse('place:"south korea"') == T.Phrase("place", "south korea")
    assert parse("speaker:(blair OR brown)") == T.Or(
        (T.Word("speaker", "blair"), T.Word("speaker", "brown"))
    )
    assert parse("Title:budget") == T.Word("title", "budget")


@pytest.mark.parametrize(
    ("text", "since", "until"),
    [
        ("date:2005", "2005-01-01", "2005-12-31"),
        ("date:2004-02", "2004-02-01", "2004-02-29"),
        ("date:2002-06-13", "2002-06-13", "2002-06-13"),
        ("date:[2002-06-01 TO 2002-06-30]", "2002-06-01", "2002-06-30"),
        ("date:[2003 TO]", "2003-01-01", None),
        ("date:[TO 2003-05]", None, "2003-05-31"),
        ("date:>2004", "2005-01-01", None),
        ("date:>=2004-03", "2004-03-01", None),
        ("date:<2004", None, "2003-12-31"),
        ("date:<=2004", None, "2004-12-31"),
    ],
)
def test_date_clauses_are_ranges_of_days(text, since, until):
    day = lambda s: dt.date.fromisoformat(s) if s else None  # noqa: E731
    assert parse(text) == T.DateRange(day(since), day(until))


def test_a_date_clause_is_a_clause_like_any_other():
    tree = parse("blair OR NOT (date:2005 kind:quote)")
    assert isinstance(tree, T.Or)
    negated = tree.children[1]
    assert isinstance(negated, T.Not) and isinstance(negated.child.children[0], T.DateRange)


def test_boosts_on_words_phrases_and_groups():
    assert parse("blair^2") == T.Word(None, "blair", 2.0)
    assert parse('"prime minister"^3') == T.Phrase(None, "prime minister", 3.0)
    assert parse("(a OR b)^2").boost == 2.0


def test_literal_reads_operators_brackets_and_fields_as_words():
    assert parse("NOT AND China", literal=True) == T.And(
        (T.Word(None, "NOT"), T.Word(None, "AND"), T.Word(None, "China"))
    )
    assert parse('speaker:x "(', literal=True) == T.And(
        (T.Word(None, "speaker:x"), T.Word(None, '"('))
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date:bogus refugees", "date:bogus"),
        ("date:2005-13", "not a real date"),
        ("date:[2005 TO 2004]", "after"),
        ("refugees AND", "nothing after it"),
        ("OR refugees", "nothing before it"),
        ("a AND OR b", "two operators"),
        ("(a OR b", "not closed"),
        ("a)", "closes nothing"),
        ('"a b', "unbalanced quotation mark"),
        ("speakr:blair", "did you mean speaker:"),
        ("speaker:", "needs a value"),
        ("title:[a TO b]", "for dates only"),
        ("()", "empty brackets"),
        ("(" * 60 + "a" + ")" * 60, "levels deep"),
    ],
)
def test_malformed_queries_say_what_is_wrong(text, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(")):
        parse(text)


# ---------------------------------------------------------------------------------------------
# The command, on a corpus written by hand


@pytest.fixture(scope="module", params=ENGINES)
def corpus(request, tmp_path_factory) -> Iterator[str]:
    """The fixture, indexed, then one story changed and indexed again: the index has two
    segments, and deleted documents in the first. Every test that reads it runs once per
    engine (DATELINE_ENGINE is set while they run), with the same assertions."""
    before = os.environ.get("DATELINE_ENGINE")
    os.environ["DATELINE_ENGINE"] = request.param
    path = indexed_fixture(tmp_path_factory.mktemp(f"queries-{request.param}"), "queries")
    storm = Path(path).parent / "storm.txt"
    storm.write_text(
        storm.read_text(encoding="utf-8") + '\n"Søren Ødegaard closed the port," said Łukasz.\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["index", "--corpus", path])
    assert "1 changed" in result.stderr, result.output
    yield path
    if before is None:
        del os.environ["DATELINE_ENGINE"]
    else:
        os.environ["DATELINE_ENGINE"] = before


def search(corpus: str, *args: str) -> tuple[int, list[dict], str]:
    """exit code, JSON hits (all of them) and stderr of `dateline search ARGS`."""
    result = CliRunner().invoke(
        cli, ["search", *args, "--corpus", corpus, "--format", "json", "--limit", "100000"]
    )
    hits = json.loads(result.stdout) if result.stdout else []
    return result.exit_code, hits, result.stderr


def ids(corpus: str, *args: str) -> set[str]:
    code, hits, err = search(corpus, *args)
    assert code in (0, 1), err
    return {h["id"] for h in hits}


class Records(list):
    def __repr__(self) -> str:  # hypothesis prints its arguments: not 200 kB of records
        return f"<{len(self)} records>"


@pytest.fixture(scope="module")
def records(corpus) -> Records:
    result = CliRunner().invoke(cli, ["export", "--corpus", corpus, "--format", "json"])
    return Records(json.loads(result.stdout))


def overlapping(records, since: str, until: str) -> set[str]:
    return {
        r["id"]
        for r in records
        if r["date_begin"] and r["date_begin"] <= until and r["date_end"] >= since
    }


def test_a_date_clause_alone(corpus, records):
    assert ids(corpus, "date:2005") == overlapping(records, "2005-01-01", "2005-12-31")
    assert ids(corpus, "date:[2002-06-01 TO 2002-06-30]") == overlapping(
        records, "2002-06-01", "2002-06-30"
    )


def test_not_a_date_clause(corpus, records):
    everything = {r["id"] for r in records}
    assert ids(corpus, "NOT date:2005") == everything - ids(corpus, "date:2005")


def test_or_with_a_date_clause_is_an_or(corpus):
    blair = ids(corpus, "blair")
    assert blair and ids(corpus, "blair OR date:2004") == blair | ids(corpus, "date:2004")


def test_a_date_clause_in_any_order_and_in_brackets(corpus):
    assert ids(corpus, "date:2005 rebate") == ids(corpus, "rebate date:2005")
    assert ids(corpus, "(rebate AND date:2005) OR (refugees AND date:2004)") == ids(
        corpus, "rebate date:2005"
    ) | ids(corpus, "refugees date:2004")


def test_a_bad_date_clause_names_itself(corpus):
    code, _hits, err = search(corpus, "date:bogus refugees")
    assert code == 2 and "date:bogus" in err and "unknown field" not in err


def test_literal_never_raises_on_operators(corpus):
    china = ids(corpus, "China")
    assert china and ids(corpus, "--literal", "NOT AND China") == china
    assert ids(corpus, "--literal", "OR NOT blair") == ids(corpus, "blair")
    # plain words that no article holds: no match, and no error
    code, hits, err = search(corpus, "--literal", "ANDMAYBE ANDNOT ANDMAYBE blair")
    assert (code, hits) == (1, []) and "error" not in err
    code, _hits, err = search(corpus, "--literal", "AND OR NOT")
    assert code == 2 and "no words" in err


def test_common_words_do_not_restrict_the_speaker(corpus):
    assert ids(corpus, "the refugees") == ids(corpus, "refugees")


def test_an_amount_of_money_is_found_as_written(corpus):
    assert {i.split("#")[0] for i in ids(corpus, "£1,400")} == {"budget"}
    assert "budget#q3" not in ids(corpus, "£1,400")  # "400,000 families" is no match
    assert {i.split("#")[0] for i in ids(corpus, "--literal", "£1,400")} == {"budget"}
    assert ids(corpus, "2.5%") and ids(corpus, "15%") != ids(corpus, "2.5%")


def test_an_amount_is_highlighted_whole(corpus):
    result = CliRunner().invoke(
        cli, ["--color", "search", "£1,400", "--corpus", corpus, "--format", "table"]
    )
    assert "\x1b[1;33m£1,400\x1b[0m" in result.stdout


@pytest.mark.parametrize("typed", ["Beyoncé", "Beyonce", "BEYONCE", "beyoncé"])
def test_accents_are_folded(corpus, typed):
    assert {i.split("#")[0] for i in ids(corpus, typed)} == {"concert"}


def test_accents_are_folded_in_fields_and_kept_in_the_text(corpus):
    hits = search(corpus, "speaker:nunez")[1]
    assert hits and hits[0]["speaker"]["name"] == "José Núñez"


def test_a_place_name_holding_a_comma_is_one_value(corpus):
    assert ids(corpus, 'place:"south korea"') == ids(corpus, "--place", "South Korea")


def test_a_pattern_that_matches_too_many_words_is_cut_and_says_so(corpus, monkeypatch):
    from dateline.search import patterns

    monkeypatch.setattr(patterns, "PATTERN_TERMS", 3)
    code, hits, err = search(corpus, "s*")
    assert code == 0 and hits
    assert "`s*` matches" in err and "searched the 3 most frequent" in err


def test_did_you_mean_keeps_the_rest_of_the_query(corpus):
    _code, _hits, err = search(corpus, "refugess place:china")
    assert "did you mean: refugees place:china" in err


@pytest.mark.parametrize("word", ["x" * 100, "中é", "Пекин"])
def test_no_suggestion_for_long_or_mixed_or_foreign_script_words(corpus, word):
    _code, _hits, err = search(corpus, f"China {word}")
    assert "did you mean" not in err


def test_verbose_shows_how_the_query_was_read(corpus):
    result = CliRunner().invoke(
        cli, ["-v", "search", "blair OR date:2004", "--corpus", corpus, "--format", "json"]
    )
    assert "query (blair OR date:[2004-01-01 TO 2004-12-31])" in result.stderr


# ---------------------------------------------------------------------------------------------
# Random queries against a brute-force reading of the exported records


def analyse(fieldname: str, text: str) -> list[str]:
    return [t.text for t in schema()[fieldname].analyzer(text or "", mode="query")]


@dataclass
class Fields:
    """What each field of a record holds, read from its JSON as the README describes them."""

    values: dict[str, list[str]]  # field -> token lists are made on demand
    days: tuple[str, str] | None

    @classmethod
    def of(cls, r: dict) -> Fields:
        sp = r.get("speaker") or {}
        speaker = [sp.get("name") or ""]
        if sp.get("mention") and sp.get("kind") != "unknown":
            speaker.append(sp["mention"]["text"])
        if r["kind"] == "article":
            speaker += r.get("speakers") or []
        places = [p["name"] for p in r.get("places") or []]
        places += [w for p in r.get("places") or [] for w in p.get("within") or []]
        values = {
            "text": [r.get("text") or ""],
            "title": [r.get("title") or ""] if r["kind"] == "article" else [],
            "speaker": [" ".join(w for w in speaker if w)],
            "source": [r.get("source") or ""],
            "place": places,
            "country": [p["country"] for p in r.get("places") or [] if p.get("country")],
            "event": [r["type"]] if r["kind"] == "event" else r.get("events") or [],
            "doc": [r["doc_id"]],
            "kind": [r["kind"]],
            "id": [r["id"]],
        }
        days = (r["date_begin"], r["date_end"]) if r.get("date_begin") else None
        return cls(values, days)


TEXT_FIELDS = ("text", "title", "speaker", "source")
DROPPED = None  # a clause that means nothing to the index (`the`): left out of its group


def holds(seq: list[str], tokens: list[str]) -> bool:
    n = len(seq)
    return any(tokens[i : i + n] == seq for i in range(len(tokens) - n + 1))


def truth(node: T.Node, rec: Fields):
    """True, False, or DROPPED for a clause of common words only."""
    if isinstance(node, T.And | T.Or):
        parts = [p for p in (truth(c, rec) for c in node.children) if p is not DROPPED]
        if not parts:
            return DROPPED
        return all(parts) if isinstance(node, T.And) else any(parts)
    if isinstance(node, T.Not):
        inner = truth(node.child, rec)
        return DROPPED if inner is DROPPED else not inner
    if isinstance(node, T.AndMaybe):
        return truth(node.required, rec)
    if isinstance(node, T.DateRange):
        if rec.days is None:
            return False
        lo = str(node.since) if node.since else "0000"
        hi = str(node.until) if node.until else "9999"
        return rec.days[0] <= hi and rec.days[1] >= lo
    fields = [node.field] if node.field else ["text", "title", "speaker"]
    if isinstance(node, T.Pattern):
        pattern = fold(node.text.lower())
        return any(
            fnmatch.fnmatchcase(tok, pattern)
            for f in fields
            for v in rec.values[f]
            for tok in (analyse(f, v) if f in TEXT_FIELDS else [v.lower()])
        )
    if node.field in TEXT_FIELDS or node.field is None:
        if not analyse(node.field or "text", node.text):
            return DROPPED
        return any(
            (seq := analyse(f, node.text)) and holds(seq, analyse(f, v))
            for f in fields
            for v in rec.values[f]
        )
    wanted = node.text.lower()
    if node.field == "event":
        wanted_codes = {c.lower() for c in match_event_type(node.text)}
        return bool(wanted_codes & {v.lower() for v in rec.values["event"]})
    if node.field == "country":
        wanted = {"uk": "gb", "south korea": "kr"}.get(wanted, wanted)
    folded = [
        analyse("place", v)[0] if node.field == "place" else v.lower()
        for v in rec.values[node.field]
    ]
    return wanted in folded


WORDS = [
    "refugees", "China", "embassy", "rebate", "tickets", "Beyonce", "Beyoncé", "storm",
    "police", "said", "Korea", "the", "zeppelin", "£1,400", "400,000", "15%", "2.5%",
    "Seoul", "asylum", "winter", "London", "Calais", "minister", "reeker", "Blair",
]  # fmt: skip
PHRASES = [
    "North Korean", "asylum seekers", "the rebate", "South Korea", "Spanish Embassy",
    "winter storm", "second home", "Chinese police", "foreign minister", "sold out",
]  # fmt: skip
FIELD_CLAUSES = [
    "speaker:reeker", "speaker:craner", "speaker:brown", "who:blair", "speaker:nunez",
    "place:china", 'place:"south korea"', "place:beijing", "place:london", "place:calais",
    "country:cn", "country:kr", "country:fr", "country:uk", 'country:"south korea"',
    "event:arrest", "event:173", "type:040", "date:2002", "date:2005", "date:2004-11",
    "date:2002-06-13",
    "date:[2002-06-01 TO 2002-12-31]", "date:>2004", "date:<=2002-06", "source:ledger",
    'source:"voice of america"', "doc:budget", "doc:storm", "kind:quote", "kind:event",
    "title:refugees", "title:storm", "text:tickets", "quote:winter", "refug*", "b?r*",
    "speaker:b*", "date:2002-12-05", "date:2002-12-20", "date:2005-03-02", "Beyon*", "Sør*",
    "speaker:łuk*", "ødegaard", "Nú*",
]  # fmt: skip

leaf_text = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(PHRASES).map(lambda p: f'"{p}"'),
    st.sampled_from(FIELD_CLAUSES),
)
query_text = st.recursive(
    leaf_text,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from([" AND ", " OR ", " ", " AND NOT "]), inner).map(
            lambda t: f"({t[0]}{t[1]}{t[2]})"
        ),
        inner.map(lambda q: f"(NOT {q})"),
    ),
    max_leaves=6,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query_text)
def test_the_engine_returns_what_brute_force_returns(corpus, records, text):
    tree = parse(text)
    expected = {r["id"] for r in records if truth(tree, Fields.of(r)) is True}
    dropped = truth(tree, Fields.of(records[0])) is DROPPED
    code, hits, err = search(corpus, text)
    if dropped:
        assert code == 2 and "no words" in err, err
        return
    assert code in (0, 1), err
    assert {h["id"] for h in hits} == expected


@pytest.mark.parametrize("typed", ["fr", "FR", "FRA", "France", "france"])
def test_country_option_takes_codes_and_names(corpus, typed):
    assert ids(corpus, "--country", typed) == ids(corpus, "country:fr") != set()


def test_country_option_repeats_as_or(corpus):
    both = ids(corpus, "--country", "uk", "--country", "South Korea")
    assert both == ids(corpus, "country:gb") | ids(corpus, "country:kr")


@pytest.mark.parametrize("args", [["--country", "Untied Kingdom"], ['country:"Untied Kingdom"']])
def test_an_unknown_country_is_an_error_with_a_suggestion(corpus, args):
    code, _hits, err = search(corpus, *args)
    assert code == 2 and "no such country" in err and "United Kingdom" in err
    assert err.count("\n") == 1


@pytest.mark.whoosh_only
@pytest.mark.parametrize("pattern", ["refug*", "*ing", "b?r*", "speaker:b*", "place:s*"])
def test_patterns_match_the_same_from_the_term_list_file_as_from_the_segments(
    corpus, monkeypatch, pattern
):
    from dateline.engines.whoosh import searching as engine
    from dateline.index import IndexStore

    with whoosh_searcher(IndexStore(Path(corpus).parent / ".dateline")) as searcher:
        assert engine.TermList.of(searcher) is not None  # the file is there, and is used
    from_file = ids(corpus, pattern)
    monkeypatch.setattr(engine.TermList, "of", classmethod(lambda cls, searcher: None))
    assert from_file and ids(corpus, pattern) == from_file


def test_a_term_list_of_other_segments_is_not_used(tmp_path):
    from whoosh import index as windex

    from dateline.engines.whoosh import termlist
    from dateline.engines.whoosh.schema import schema

    ix = windex.create_in(str(tmp_path), schema())
    with ix.writer() as writer:
        writer.add_document(id="a", text="refugees", record="{}")
    with ix.searcher() as searcher:
        termlist.write(tmp_path, searcher)
        assert termlist.TermList.of(searcher).matching("text", "refug*") == {b"refuge": 1}
    with ix.writer() as writer:  # a second segment
        writer.add_document(id="b", text="refuse", record="{}")
    with ix.searcher() as searcher:
        assert termlist.TermList.of(searcher) is None


def test_two_date_clauses_find_the_records_that_span_both(corpus, records):
    # the article of December 2002 is dated by its month: its records cover both days
    both = ids(corpus, "date:2002-12-05 date:2002-12-20")
    expected = {
        r["id"]
        for r in records
        if r["date_begin"] and r["date_begin"] <= "2002-12-05" and r["date_end"] >= "2002-12-20"
    }
    assert both == expected != set()
    assert ids(corpus, "date:2002-12-05", "--since", "2002-12-20") == expected


@pytest.mark.parametrize("pattern", ["Søre*", "soren*", "Łuk*", "speaker:łuk*"])
def test_a_pattern_folds_accents_as_the_index_does(corpus, pattern):
    assert {i.split("#")[0] for i in ids(corpus, pattern)} == {"storm"}


def test_common_words_lost_from_a_phrase_or_typed_in_capitals_are_named(corpus):
    _code, _hits, err = search(corpus, '"the winter storm" US')
    assert "were left out: the, US" in err
    _code, _hits, err = search(corpus, "the storm")  # a lone `the`: nothing to say
    assert "left out" not in err


@pytest.mark.parametrize("typed", ["UK", "Britain", "united kingdom"])
def test_a_place_named_as_its_country_is_that_country(corpus, typed):
    assert ids(corpus, "--place", typed) == ids(corpus, "--place", "United Kingdom") != set()
    assert ids(corpus, f'place:"{typed}"') == ids(corpus, "--place", "United Kingdom")


def test_hits_sorted_by_date_keep_their_scores(corpus):
    hits = search(corpus, "refugees", "--sort", "date")[1]
    assert hits and all(h["score"] > 0 for h in hits)
    begins = [h["date_begin"] for h in hits]
    assert begins == sorted(begins)


def test_a_minus_before_a_clause_is_not(corpus):
    assert ids(corpus, "refugees -china") == ids(corpus, "refugees NOT china")
    assert ids(corpus, "storm -speaker:office") == ids(corpus, "storm NOT speaker:office")


def test_a_date_range_open_at_both_ends_is_every_dated_record(corpus, records):
    assert ids(corpus, "date:[TO]") == {r["id"] for r in records if r["date_begin"]}


@pytest.mark.parametrize("typed", ["text:refugess", '"refugess"'])
def test_did_you_mean_for_words_in_a_field_or_a_phrase(corpus, typed):
    _code, _hits, err = search(corpus, typed)
    assert "did you mean:" in err and "refugees" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--since", ""], "--since: give a value"), (["--doc", " "], "--doc: give a value")],
)
def test_an_empty_option_value_is_an_error(corpus, args, message):
    code, _hits, err = search(corpus, "storm", *args)
    assert code == 2 and message in err


def test_a_courtesy_title_in_speaker_is_not_needed_in_the_mention(corpus):
    brown = ids(corpus, "--speaker", "Brown")
    assert brown and ids(corpus, "--speaker", "Mr Brown") == brown
    assert ids(corpus, "--speaker", "bro*") >= brown


def test_a_phrase_twice_in_a_query_is_the_same_both_times(run_json):
    """An And narrowed the phrase's remembered matches in place: in `(P AND NOT w) OR P` the
    second P then matched only what the first had kept (found by the property test)."""
    both = run_json(
        "search",
        '((source:"voice of america" AND NOT refugees) OR source:"voice of america")',
        "--count",
    )
    alone = run_json("search", 'source:"voice of america"', "--count")
    assert both["count"] == alone["count"] > 0
