"""The Elasticsearch engine's translation of our query tree into the query DSL: each node kind
on a small query, with the exact DSL expected; and every query shape the CLI tests ask, against
the golden file (`python -m tests.regen_elastic` writes it again)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from dateline.engines.elastic import translate as X
from dateline.search import query as T
from dateline.search.plan import Filters, Plan, build_query

from .regen_elastic import GOLDEN, cases, translated


def _title(q: dict) -> dict:
    return {"bool": {"must": [q], "filter": [{"term": {"kind": "article"}}]}}


def _default(kind: str, value: str) -> list[dict]:
    """A word's, phrase's or pattern's query in each of the default fields, boosted as the
    Whoosh schema boosts them."""
    if kind == "wildcard":
        return [
            {"wildcard": {"text": {"value": value}}},
            _title({"wildcard": {"title": {"value": value}}}),
            {"wildcard": {"search.speaker": {"value": value}}},
        ]
    return [
        {"match_phrase": {"text": {"query": value}}},
        _title({"match_phrase": {"title": {"query": value, "boost": 1.5}}}),
        {"match_phrase": {"search.speaker": {"query": value, "boost": 3.0}}},
    ]


def _should(parts: list[dict], **extra) -> dict:
    return {"bool": {"should": parts, "minimum_should_match": 1, **extra}}


REFUGEES = _should(_default("match_phrase", "refugees"))
CHINA = _should(_default("match_phrase", "china"))


# ---------------------------------------------------------------------------------------------
# Leaves


def test_a_word_searches_text_title_of_articles_and_speaker_weighted_as_whoosh_weighs_them():
    assert X.tree(T.Word(None, "refugees")) == REFUGEES


def test_a_phrase_is_a_phrase_in_each_field_and_a_word_of_several_tokens_too():
    assert X.tree(T.Phrase(None, "asylum seekers")) == _should(
        _default("match_phrase", "asylum seekers")
    )
    assert X.tree(T.Word(None, "£1,400")) == _should(_default("match_phrase", "£1,400"))


def test_a_word_in_a_field_searches_that_field_only():
    assert X.tree(T.Word("text", "tickets")) == {"match_phrase": {"text": {"query": "tickets"}}}
    assert X.tree(T.Word("title", "storm")) == _title(
        {"match_phrase": {"title": {"query": "storm", "boost": 1.5}}}
    )
    assert X.tree(T.Word("source", "ledger")) == {
        "match_phrase": {"search.source": {"query": "ledger"}}
    }
    assert X.tree(T.Phrase("speaker", "philip reeker")) == {
        "match_phrase": {"search.speaker": {"query": "philip reeker", "boost": 3.0}}
    }


def test_a_place_is_matched_by_its_whole_name_which_the_field_normalises():
    assert X.tree(T.Phrase("place", "south korea")) == {
        "term": {"search.place": {"value": "south korea"}}
    }


def test_a_pattern_is_a_wildcard_on_the_folded_terms_of_each_field():
    assert X.tree(T.Pattern(None, "Sør*")) == _should(_default("wildcard", "sor*"))
    assert X.tree(T.Pattern("speaker", "Łuk*")) == {
        "wildcard": {"search.speaker": {"value": "luk*"}}
    }
    assert X.tree(T.Pattern("doc", "Bud?et*")) == {"wildcard": {"search.doc": {"value": "bud?et*"}}}
    assert X.tree(T.Pattern("id", "Budget#q*")) == {"wildcard": {"id": {"value": "Budget#q*"}}}


def test_a_code_that_ranks_is_a_term_each_and_one_that_does_not_counts_one():
    assert X.tree(T.Exact("event", ("171", "173"))) == _should(
        [{"term": {"search.event": {"value": "171"}}}, {"term": {"search.event": {"value": "173"}}}]
    )
    assert X.tree(T.Exact("event", ("173",))) == {"term": {"search.event": {"value": "173"}}}
    assert X.tree(T.Exact("country", ("RU", "SU"))) == {
        "constant_score": {"filter": {"terms": {"search.country": ["RU", "SU"]}}, "boost": 1.0}
    }
    assert X.tree(T.Exact("kind", ("quote",))) == {
        "constant_score": {"filter": {"terms": {"kind": ["quote"]}}, "boost": 1.0}
    }


def test_boosts_of_words_phrases_patterns_and_codes_weigh_the_whole_leaf():
    assert X.tree(T.Word(None, "refugees", 2.0)) == _should(
        _default("match_phrase", "refugees"), boost=2.0
    )
    assert X.tree(T.Word("text", "tickets", 3.0)) == {
        "match_phrase": {"text": {"query": "tickets", "boost": 3.0}}
    }
    assert X.tree(T.Word("speaker", "blair", 2.0)) == {
        "match_phrase": {"search.speaker": {"query": "blair", "boost": 6.0}}
    }
    assert X.tree(T.Exact("country", ("GB",), 2.0)) == {
        "constant_score": {"filter": {"terms": {"search.country": ["GB"]}}, "boost": 2.0}
    }


# ---------------------------------------------------------------------------------------------
# Dates


def _range(**bounds) -> dict:
    return {"range": {"search.days": bounds}}


def _overlap(**bounds) -> dict:
    return _range(**bounds, relation="intersects")


REACHING = _range(gte="2002-12-05", lte="2002-12-20", relation="contains")


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        ("2002-06-01", "2002-06-30", _overlap(gte="2002-06-01", lte="2002-06-30")),
        ("2003-01-01", None, _overlap(gte="2003-01-01")),
        (None, "2003-05-31", _overlap(lte="2003-05-31")),
        # two clauses that must both be met: the records whose days reach from one to the other
        ("2002-12-20", "2002-12-05", REACHING),
        (None, None, {"exists": {"field": "search.days"}}),
    ],
)  # fmt: skip
def test_days_overlap_a_range_of_dates_or_day_ordinals(since, until, expected):
    day = lambda s: dt.date.fromisoformat(s) if s else None  # noqa: E731
    assert X.days(day(since), day(until)) == expected
    ordinal = lambda s: day(s).toordinal() if s else None  # noqa: E731
    assert X.days(ordinal(since), ordinal(until)) == expected


def test_a_date_clause_filters_and_never_ranks():
    clause = T.DateRange(dt.date(2005, 1, 1), dt.date(2005, 12, 31))
    assert X.tree(clause) == {"bool": {"filter": [_overlap(gte="2005-01-01", lte="2005-12-31")]}}


# ---------------------------------------------------------------------------------------------
# Operators


def test_and_is_must_with_its_nots_as_must_not():
    tree = T.And((T.Word(None, "refugees"), T.Not(T.Word(None, "china"))))
    assert X.tree(tree) == {"bool": {"must": [REFUGEES], "must_not": [CHINA]}}


def test_an_and_of_nots_alone_matches_everything_else():
    tree = T.And((T.Not(T.Word(None, "refugees")), T.Not(T.Word(None, "china"))))
    assert X.tree(tree) == {"bool": {"filter": [{"match_all": {}}], "must_not": [REFUGEES, CHINA]}}


def test_or_is_should_of_which_one_must_match():
    tree = T.Or((T.Word(None, "refugees"), T.Word(None, "china")))
    assert X.tree(tree) == _should([REFUGEES, CHINA])


def test_not_alone_matches_everything_else_and_scores_nothing():
    assert X.tree(T.Not(T.Word(None, "china"))) == {
        "bool": {"filter": [{"match_all": {}}], "must_not": [CHINA]}
    }


def test_andmaybe_ranks_higher_where_the_optional_part_matches_too():
    tree = T.AndMaybe(T.Word(None, "refugees"), T.Word(None, "china"))
    assert X.tree(tree) == {"bool": {"must": [REFUGEES], "should": [CHINA]}}


def test_a_group_boost_weighs_the_group():
    tree = T.Or((T.Word(None, "refugees"), T.Word(None, "china")), boost=2.0)
    assert X.tree(tree) == _should([REFUGEES, CHINA], boost=2.0)
    tree = T.And((T.Word(None, "refugees"), T.Word(None, "china")), boost=3.0)
    assert X.tree(tree) == {"bool": {"must": [REFUGEES, CHINA], "boost": 3.0}}


def test_no_words_is_every_record():
    assert X.tree(T.Every()) == {"match_all": {}}


# ---------------------------------------------------------------------------------------------
# Plans: filters, kinds, days, order


SEQ = [{"search.seq": {"order": "asc"}}, {"id": {"order": "asc"}}]


def test_a_plan_scores_its_words_and_filters_with_the_rest():
    plan = Plan(
        T.Word(None, "refugees"),
        filter=T.Word("speaker", "reeker"),
        kinds=frozenset({"quote", "event"}),
        since=dt.date(2002, 6, 1).toordinal(),
    )
    assert X.search_body(plan) == {
        "query": {
            "bool": {
                "must": [REFUGEES],
                "filter": [
                    {"match_phrase": {"search.speaker": {"query": "reeker", "boost": 3.0}}},
                    {"terms": {"kind": ["event", "quote"]}},
                    _overlap(gte="2002-06-01"),
                ],
            }
        },
        "sort": [{"_score": {"order": "desc"}}, *SEQ],
    }


def test_a_plan_without_words_lists_in_corpus_order():
    assert X.search_body(Plan(T.Every())) == {"query": {"match_all": {}}, "sort": SEQ}
    plan = Plan(T.Every(), kinds=frozenset({"quote"}))
    assert X.search_body(plan) == {
        "query": {"bool": {"filter": [{"terms": {"kind": ["quote"]}}]}},
        "sort": SEQ,
    }


def test_words_that_only_filter_list_in_corpus_order_too():
    plan = Plan(T.Not(T.Word(None, "china")))
    assert X.search_body(plan)["sort"] == SEQ


def test_sorted_by_date_the_first_day_comes_from_source_and_scores_are_kept():
    body = X.search_body(Plan(T.Word(None, "refugees")), "date")
    assert body["sort"] == [{"dateline_first_day": {"order": "asc", "missing": "_last"}}, *SEQ]
    assert body["runtime_mappings"] == {"dateline_first_day": X.FIRST_DAY_FIELD}
    assert body["track_scores"] is True
    assert "params._source.date_begin" in X.FIRST_DAY_FIELD["script"]["source"]
    assert "track_scores" not in X.search_body(Plan(T.Every()), "date")


def test_only_dated_records_are_a_post_filter_so_that_the_undated_can_be_counted():
    plan = Plan(T.Every(), kinds=frozenset({"quote"}), dated=True)
    body = X.search_body(plan, "date")
    assert body["post_filter"] == {"exists": {"field": "search.days"}}
    assert body["query"] == {"bool": {"filter": [{"terms": {"kind": ["quote"]}}]}}
    # elsewhere (a count, a listing) they are kept out by the query itself
    assert X.query(plan) == {
        "bool": {"filter": [{"terms": {"kind": ["quote"]}}, {"exists": {"field": "search.days"}}]}
    }


def test_a_date_range_given_makes_dated_redundant():
    plan = Plan(T.Every(), since=dt.date(2002, 1, 1).toordinal(), dated=True)
    body = X.search_body(plan)
    assert "post_filter" not in body
    assert body["query"] == {"bool": {"filter": [_overlap(gte="2002-01-01")]}}


def test_date_clauses_anded_at_the_top_join_the_options_range():
    plan = build_query("refugees date:2002-06", Filters(until=dt.date(2002, 6, 15)))
    assert X.query(plan) == {
        "bool": {
            "must": [REFUGEES],
            "filter": [_overlap(gte="2002-06-01", lte="2002-06-15")],
        }
    }


# ---------------------------------------------------------------------------------------------
# The golden file


GOLDEN_CASES = json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_the_golden_file_holds_every_case_in_order():
    without = [{k: v for k, v in case.items() if k != "dsl"} for case in GOLDEN_CASES]
    assert without == cases(), "run `python -m tests.regen_elastic`"


@pytest.mark.parametrize(
    "case", GOLDEN_CASES, ids=[f"{n}:{c['query'][:40]}" for n, c in enumerate(GOLDEN_CASES)]
)
def test_every_query_shape_of_the_cli_tests_translates_as_the_golden_file_says(case):
    expected = case["dsl"]
    assert translated({k: v for k, v in case.items() if k != "dsl"}) == expected, (
        "the translation changed: run `python -m tests.regen_elastic` and read the diff"
    )


def test_every_golden_body_is_one_the_clients_own_dsl_reads_back_unchanged():
    """No server here: the client's DSL classes at least know every query, sort and option
    the translation writes, and give each body back as it was."""
    from elasticsearch.dsl import Search

    for case in GOLDEN_CASES:
        assert Search.from_dict(case["dsl"]).to_dict() == case["dsl"], case["query"]
