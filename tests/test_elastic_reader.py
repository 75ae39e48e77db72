"""The Elasticsearch reader against the official client's own transport, with recorded answers
in place of a server (tests/elastic_support.py): the requests it sends, and what it makes of
the answers — hits as the records they were written from, with snippets, totals, facet counts,
pages, did-you-mean — and of a server that cannot be used."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from dateline.build import lookups
from dateline.cli import cli
from dateline.engines import EngineError, get
from dateline.engines.elastic import ElasticEngine, Location, searching
from dateline.engines.elastic.mapping import record_of
from dateline.engines.elastic.translate import CORPUS_ORDER, DATED, query, search_body
from dateline.engines.whoosh.highlight import make_hit
from dateline.search.plan import Filters, build_query, make_filters
from dateline.search.suggest import SURFACE_RECORDS

from .conftest import REPO
from .elastic_support import Recorded, corpus_documents, corpus_records, error, hit, hits

pytestmark = pytest.mark.filterwarnings("error")  # a deprecated call to the client fails

URL = "http://es.test:9200/news"


@pytest.fixture(scope="module")
def seeds() -> list[dict]:
    """The seed corpus's documents, as `dateline push` writes them."""
    return corpus_documents(REPO / "corpus.yaml")


def _with(seeds: list[dict], word: str) -> list[dict]:
    return [d for d in seeds if word in (d.get("text") or "").lower()]


def _plan(text: str = "", kinds=(), **options):
    found = lookups(SimpleNamespace(events=()), ElasticEngine(URL))
    return build_query(text, make_filters(list(kinds), found, **options), found)


@pytest.fixture
def server(monkeypatch):
    """Install a recorded server: `server(*answers)` gives it, and every reader of the
    engine talks to it."""

    def install(*answers) -> Recorded:
        recorded = Recorded(*answers)
        monkeypatch.setattr("dateline.engines.elastic.connect", recorded.connect())
        return recorded

    return install


def _reader():
    return ElasticEngine(URL).reader()


def _vocabulary(*stems: str) -> dict:
    filters = {stem: {"term": {"text": stem}} for stem in stems}
    return {"global": {}, "aggs": {"held": {"filters": {"filters": filters}}}}


def _held(**counts: int) -> dict:
    return {"held": {"buckets": {stem: {"doc_count": n} for stem, n in counts.items()}}}


NO_FACETS = {
    "speaker": {"known": {"names": {"buckets": []}}},
    "place": {"names": {"buckets": []}},
    "event": {"types": {"buckets": []}},
}


# ---------------------------------------------------------------------------------------------
# Hits


def test_a_search_sends_the_translated_plan_and_gives_back_the_records_with_snippets(server, seeds):
    found = _with(seeds, "refugees")[:3]
    recorded = server(
        hits(
            [hit(d, 9.5 - n, [9.5 - n, d["search"]["seq"], d["id"]]) for n, d in enumerate(found)],
            aggregations={"vocabulary": _held(refuge=len(found))},
        )
    )
    plan = _plan("refugees")
    with _reader() as reader:
        result = reader.run(plan, 20)
    expected = {
        **search_body(plan),
        "track_total_hits": False,
        "aggs": {"vocabulary": _vocabulary("refuge")},
        "size": 20,
    }
    assert recorded.requests == [("POST", "/news/_search", expected)]
    assert [h.record for h in result.hits] == [record_of(d) for d in found]
    assert [h.score for h in result.hits] == [9.5, 8.5, 7.5]
    assert result.total is None and result.suggestion is None and result.undated == 0
    for h in result.hits:
        marked = [m["text"].lower() for m in h.snippet["matches"]]
        assert marked and set(marked) == {"refugees"}
        sentence, at = h.snippet["text"], h.snippet["start"]  # offsets into the article
        assert all(
            sentence[m["start"] - at : m["end"] - at] == m["text"] for m in h.snippet["matches"]
        )


def test_an_articles_snippet_is_its_best_sentence_from_the_pushed_offsets(server, seeds):
    (article,) = [d for d in _with(seeds, "refugees") if d["kind"] == "article"][:1]
    server(hits([hit(article)], aggregations={"vocabulary": _held(refuge=1)}))
    with _reader() as reader:
        (got,) = reader.run(_plan("refugees"), 1).hits
    offsets = article["search"]["sentences"]
    expected = make_hit(record_of(article), offsets, 1.0, [("refuge",)], False).snippet
    assert got.snippet == expected
    assert [got.snippet["start"], got.snippet["end"]] in [
        offsets[i : i + 2] for i in range(0, len(offsets), 2)
    ]


def test_a_pattern_highlights_the_words_of_the_hit_it_matches(server, seeds):
    (quote,) = [d for d in _with(seeds, "refugees") if d["kind"] == "quote"][:1]
    server(hits([hit(quote)]))
    with _reader() as reader:
        (got,) = reader.run(_plan("refug*"), 1).hits
    assert {m["text"].lower() for m in got.snippet["matches"]} == {"refugees"}


def test_a_table_asks_for_the_total_and_the_facet_counts(server, seeds):
    found = _with(seeds, "refugees")[:2]
    place = {"name": "Beijing", "country": "CN"}
    facets = {
        "doc_count": 40,
        "speaker": {"known": {"names": {"buckets": [{"key": "Philip Reeker", "doc_count": 5}]}}},
        "place": {
            "names": {
                "buckets": [
                    {
                        "key": "beijing",
                        "doc_count": 9,
                        "records": {"doc_count": 6},
                        "one": {"hits": {"hits": [{"_source": place}]}},
                    }
                ]
            }
        },
        "event": {
            "types": {
                "buckets": [
                    {
                        "key": "x.forcedentry",
                        "doc_count": 2,
                        "one": {
                            "hits": {
                                "hits": [
                                    {
                                        "_source": {
                                            "type": "X.ForcedEntry",
                                            "label": "Force entry into premises",
                                        }
                                    }
                                ]
                            }
                        },
                    }
                ]
            }
        },
    }
    recorded = server(
        hits(
            [hit(d) for d in found],
            total=40,
            aggregations={"matches": facets, "vocabulary": _held(refuge=40)},
        )
    )
    with _reader() as reader:
        result = reader.run(_plan("refugees"), 2, detail=True)
    (_method, _path, body) = recorded.requests[0]
    assert body["track_total_hits"] is True
    assert body["aggs"]["matches"]["filter"] == {"match_all": {}}
    assert set(body["aggs"]["matches"]["aggs"]) == {"speaker", "place", "event"}
    assert result.total == 40
    assert result.facets == {
        "speaker": {"Philip Reeker": 5},
        "place": {"Beijing": 6},  # records, not mentions; the name as written
        "event": {"X.ForcedEntry Force entry into premises": 2},
    }
    assert all(h.highlights for h in result.hits)  # a table marks the whole text


def test_the_facet_aggregations_are_ones_the_clients_own_dsl_reads_back_unchanged():
    from elasticsearch.dsl import Search

    body = {"size": 0, "aggs": searching._facet_aggs()}
    assert Search.from_dict(body).to_dict() == body


def test_hits_past_the_servers_window_come_in_pages_after_the_last(server, seeds, monkeypatch):
    monkeypatch.setattr(searching, "WINDOW", 2)
    found = _with(seeds, "refugees")[:3]
    sorts = [[3.0 - n, d["search"]["seq"], d["id"]] for n, d in enumerate(found)]
    first_page = [
        hit(d, 3.0 - n, s) for n, (d, s) in enumerate(zip(found[:2], sorts[:2], strict=True))
    ]
    recorded = server(
        hits(first_page, aggregations={"vocabulary": _held(refuge=3)}),
        hits([hit(found[2], 1.0, sorts[2])]),
    )
    plan = _plan("refugees")
    with _reader() as reader:
        result = reader.run(plan, 3)
    assert [h.record["id"] for h in result.hits] == [d["id"] for d in found]
    first, second = (body for _m, _p, body in recorded.requests)
    assert first["size"] == 2 and "aggs" in first
    assert second == {**search_body(plan), "track_total_hits": False, "size": 1,
                      "search_after": sorts[1]}  # fmt: skip


def test_sorted_by_date_the_hits_keep_their_scores(server, seeds):
    found = sorted(_with(seeds, "refugees")[:2], key=lambda d: d["date_begin"])
    recorded = server(
        hits(
            [hit(d, 2.5, [d["date_begin"], 0, d["id"]]) for d in found],
            aggregations={"vocabulary": _held(refuge=2)},
        )
    )
    with _reader() as reader:
        result = reader.run(_plan("refugees"), 2, sort="date")
    body = recorded.requests[0][2]
    assert body["track_scores"] is True and "runtime_mappings" in body
    assert [h.score for h in result.hits] == [2.5, 2.5]


def test_only_dated_records_count_the_undated_left_out(server, seeds):
    dated = [d for d in seeds if d["kind"] == "quote" and d.get("date_begin")][:2]
    recorded = server(
        hits([hit(d, None) for d in dated], aggregations={"undated": {"doc_count": 3}})
    )
    plan = _plan("", ["event", "quote"], dated=True)
    with _reader() as reader:
        result = reader.run(plan, 20, sort="date")
    body = recorded.requests[0][2]
    assert body["post_filter"] == DATED
    assert body["aggs"] == {"undated": {"filter": {"bool": {"must_not": [DATED]}}}}
    assert result.undated == 3
    assert [h.score for h in result.hits] == [0.0, 0.0] and result.hits[0].snippet is None


def test_a_word_the_index_does_not_hold_gets_a_suggestion_spelt_as_the_text_has_it(server, seeds):
    spelt = _with(seeds, "refugees")[:2]
    recorded = server(
        hits([], aggregations={"vocabulary": _held(refugess=0)}),
        {
            "suggest": {
                "near": [
                    {
                        "text": "refugess",
                        "offset": 0,
                        "length": 8,
                        "options": [{"text": "refuge", "score": 0.83, "freq": 40}],
                    }
                ]
            }
        },  # fmt: skip
        hits([{"_source": {"text": d["text"]}} for d in spelt]),
    )
    with _reader() as reader:
        result = reader.run(_plan("refugess"), 20)
    assert result.suggestion == "refugees"
    _search, (_m, _p, near), (_m2, _p2, texts) = recorded.requests
    assert near["suggest"]["near"]["text"] == "refugess"
    assert near["suggest"]["near"]["term"] == {
        "field": "text", "analyzer": "keyword", "suggest_mode": "always", "max_edits": 2,
        "prefix_length": 1, "min_word_length": 1, "size": 8, "sort": "frequency",
        "string_distance": "levenshtein",
    }  # fmt: skip
    assert texts == {
        "query": {"term": {"text": "refuge"}},
        "size": SURFACE_RECORDS,
        "sort": [{"search.seq": {"order": "asc"}}],
        "_source": ["text"],
    }


def test_a_word_the_index_holds_costs_no_request_of_its_own(server, seeds):
    recorded = server(hits([hit(seeds[0])], aggregations={"vocabulary": _held(refuge=9)}))
    with _reader() as reader:
        reader.run(_plan("refugees"), 1)
    assert len(recorded.requests) == 1


# ---------------------------------------------------------------------------------------------
# Counts, articles, listings


def test_count_asks_for_the_kinds_of_every_match(server):
    buckets = [{"key": "quote", "doc_count": 7}, {"key": "article", "doc_count": 2}]
    recorded = server(hits([], total=9, aggregations={"kinds": {"buckets": buckets}}))
    plan = _plan("refugees")
    with _reader() as reader:
        assert reader.count(plan) == ({"article": 2, "quote": 7}, [])
    assert recorded.requests == [
        ("POST", "/news/_search", {
            "query": query(plan), "size": 0, "track_total_hits": True,
            "aggs": {"kinds": {"terms": {"field": "kind", "size": 3}}},
        })
    ]  # fmt: skip


def test_by_document_collapses_the_hits_on_their_article(server, seeds):
    best = [d for d in _with(seeds, "refugees") if d["kind"] == "quote"]
    one_each = list({d["doc_id"]: d for d in reversed(best)}.values())[:2]
    answers = []
    for n, d in enumerate(one_each):
        answer = hit(d, 5.0 - n, [5.0 - n, d["search"]["seq"], d["id"]])
        answer["inner_hits"] = {"matches": {"hits": {"total": {"value": 4 - n}, "hits": []}}}
        answers.append(answer)
    recorded = server(hits(answers, aggregations={"articles": {"value": 3}}))
    plan = _plan("refugees")
    with _reader() as reader:
        found, total, notes = reader.by_document(plan, 2)
    assert total == 3 and notes == []
    assert [(d.doc_id, d.hits, d.best.record["id"]) for d in found] == [
        (one_each[0]["doc_id"], 4, one_each[0]["id"]),
        (one_each[1]["doc_id"], 3, one_each[1]["id"]),
    ]
    body = recorded.requests[0][2]
    assert body["collapse"] == {"field": "doc_id", "inner_hits": {"name": "matches", "size": 0}}
    assert body["query"] == query(plan) and body["size"] == 2


def test_every_match_is_listed_in_corpus_order_page_after_page(server, seeds, monkeypatch):
    monkeypatch.setattr(searching, "PAGE", 2)
    five = [d for d in seeds if d["kind"] == "quote"][:5]
    recorded = server(
        hits([hit(d, None) for d in five[:2]]),
        hits([hit(d, None) for d in five[2:4]]),
        hits([hit(d, None) for d in five[4:]]),
    )
    plan = _plan("", ["quote"])
    with _reader() as reader:
        listed = list(reader.iter_all(plan))
    assert listed == [record_of(d) for d in five]
    bodies = [body for _m, _p, body in recorded.requests]
    listing = {"query": query(plan), "sort": CORPUS_ORDER, "_source": {"excludes": ["search"]}}
    assert bodies[0] == {**listing, "size": 2}
    assert bodies[1] == {
        **listing,
        "size": 2,
        "search_after": [five[1]["search"]["seq"], five[1]["id"]],
    }
    assert bodies[2]["search_after"] == [five[3]["search"]["seq"], five[3]["id"]]


def test_a_record_comes_back_as_it_was_annotated():
    records = corpus_records(REPO / "corpus.yaml")[:10]
    from dateline.engines.elastic.mapping import document

    assert [record_of(document(r, n)) for n, r in enumerate(records)] == [
        r.to_dict() for r in records
    ]


def test_doc_count_is_the_indexs_count(server):
    recorded = server({"count": 91})
    with _reader() as reader:
        assert reader.doc_count() == 91
    assert recorded.requests == [("POST", "/news/_count", None)]


# ---------------------------------------------------------------------------------------------
# A server that cannot be used


def test_a_missing_index_is_one_line_saying_to_push(server):
    server(error(404, "index_not_found_exception", "no such index [news]"))
    with pytest.raises(EngineError) as caught, _reader() as reader:
        reader.count(_plan("refugees"))
    assert str(caught.value) == (
        "http://es.test:9200/news: no index or alias 'news' on the server; "
        "write the records with `dateline records` and `dateline push` them"
    )


def test_an_error_of_the_server_is_one_line_with_its_reason(server):
    server(error(400, "search_phase_execution_exception", "all shards failed"))
    said = "^http://es.test:9200/news: Elasticsearch answered 400: "
    said += "search_phase_execution_exception: all shards failed$"
    with pytest.raises(EngineError, match=said), _reader() as reader:
        reader.count(_plan("refugees"))


def test_a_server_older_than_the_client_says_which_client_to_install(server):
    from elasticsearch import __versionstr__

    major = int(__versionstr__.split(".")[0])
    server(error(400, "media_type_header_exception", "Invalid media-type value"))
    wanted = f"older than the client.*pip install 'elasticsearch>={major - 1},<{major}'"
    with pytest.raises(EngineError, match=wanted), _reader() as reader:
        reader.doc_count()


def test_a_refusal_says_how_to_give_a_user(server):
    server(error(401, "security_exception", "missing authentication credentials"))
    refused = "refused the request \\(401 security_exception\\)"
    with pytest.raises(EngineError, match=refused), _reader() as reader:
        reader.doc_count()


def test_credentials_in_the_url_reach_the_client_and_never_a_message():
    where = Location("https://ann:s3cret@es.test:9243/prefix/news")
    assert where.server == "https://ann:s3cret@es.test:9243/prefix"
    assert where.index == "news" and where.url == "https://es.test:9243/prefix/news"
    assert Location("http://es.test:9200").index == Location("http://es.test:9200/").index


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://es.test:9200/News", "'News' is not the name of an index or alias"),
        ("http://es.test:9200/news?pretty", "no query, no fragment"),
        ("http:///news", "no query, no fragment"),
        ("http://es.test:port/news", "http://host:9200/INDEX"),
    ],
)
def test_a_url_that_names_no_index_is_refused(url, message):
    with pytest.raises(EngineError, match=message):
        get(url)


# ---------------------------------------------------------------------------------------------
# Through the command line


def _cli(seed_corpus: Path, *args: str, engine: str = URL):
    runner = CliRunner()
    env = {"DATELINE_CORPUS": str(seed_corpus), "DATELINE_ENGINE": engine}
    return runner.invoke(cli, list(args), env=env, catch_exceptions=False)


def test_a_search_reads_the_server_and_keeps_no_index_beside_the_corpus(server, seeds, seed_corpus):
    found = _with(seeds, "refugees")[:2]
    recorded = server(
        hits(
            [hit(d) for d in found],
            total=2,
            aggregations={"vocabulary": _held(refuge=2), "matches": NO_FACETS},
        )
    )
    result = _cli(seed_corpus, "-v", "search", "refugees", "--format", "json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert [r["id"] for r in printed] == [d["id"] for d in found]
    assert all(r["snippet"]["matches"] for r in printed)
    assert f"index {URL}; query" in result.stderr
    assert "building the index" not in result.stderr
    assert not (seed_corpus.parent / ".dateline").exists()
    assert len(recorded.requests) == 1


def test_quotes_by_a_speaker_filter_on_the_server(server, seeds, seed_corpus):
    reeker = [d for d in seeds if (d.get("speaker") or {}).get("name") == "Philip Reeker"]
    recorded = server(hits([hit(d, None) for d in reeker]))
    result = _cli(seed_corpus, "quotes", "--speaker", "reeker", "--format", "json")
    assert [r["id"] for r in json.loads(result.stdout)] == [d["id"] for d in reeker]
    body = recorded.requests[0][2]
    assert body["query"] == query(_plan("", ["quote"], speaker=["reeker"]))


def test_a_summary_reads_every_match_from_the_server(server, seeds, seed_corpus):
    quotes = [d for d in seeds if d["kind"] == "quote"]
    server(hits([hit(d, None) for d in quotes]))
    result = _cli(seed_corpus, "speakers", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Philip Reeker" in {row["name"] for row in json.loads(result.stdout)}


def test_no_match_on_the_server_exits_1(server, seed_corpus):
    nothing_near = {"suggest": {"near": []}}  # nor with its first two letters swapped
    server(hits([], aggregations={"vocabulary": _held(zeppelin=0)}), nothing_near, nothing_near)
    result = _cli(seed_corpus, "search", "zeppelin", "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout) == []


def test_a_server_that_is_not_there_is_one_line_and_exit_2(seed_corpus):
    url = "http://127.0.0.1:9/news"  # the discard port: nothing listens on it
    result = _cli(seed_corpus, "search", "refugees", engine=url)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"dateline: error: {url}: cannot reach Elasticsearch (Connection refused)"
    ]


def test_the_manifest_may_name_the_server(server, seeds, seed_corpus, monkeypatch):
    text = seed_corpus.read_text(encoding="utf-8")
    seed_corpus.write_text(f"engine: {URL}\n{text}", encoding="utf-8")
    server(hits([hit(seeds[0])], aggregations={"vocabulary": _held(refuge=1)}))
    runner = CliRunner()
    env = {"DATELINE_CORPUS": str(seed_corpus), "DATELINE_ENGINE": ""}
    result = runner.invoke(cli, ["search", "refugees", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    assert not (seed_corpus.parent / ".dateline").exists()


def test_index_with_a_server_says_to_push_instead(seed_corpus):
    result = _cli(seed_corpus, "index")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"dateline: error: {URL}: `dateline index` writes a local index; for Elasticsearch, "
        "write the records with `dateline records`, then `dateline push` them"
    ]


def test_an_empty_plan_still_names_what_it_filters(server):
    """Filters without words: a listing in corpus order, nothing scored."""
    recorded = server(hits([]))
    plan = build_query("", Filters(kinds=["quote"]))
    with _reader() as reader:
        assert reader.run(plan, 5).hits == []
    assert recorded.requests[0][2]["sort"] == CORPUS_ORDER


def test_without_the_client_installed_a_search_says_how_to_install_it(monkeypatch, seed_corpus):
    monkeypatch.setitem(sys.modules, "elasticsearch", None)  # as if it were not installed
    result = _cli(seed_corpus, "search", "refugees")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "dateline: error: searching Elasticsearch needs its client: "
        "pip install 'dateline[elasticsearch]'"
    ]


def test_a_user_and_password_in_the_url_are_sent_as_basic_authentication():
    from dateline.engines.elastic import connect

    where = Location("https://ann:s3cret@es.test:9243/prefix/news")
    (node,) = connect(where.server).transport.node_pool.all()
    assert node.base_url == "https://es.test:9243/prefix"
    assert node.config.headers["authorization"] == "Basic YW5uOnMzY3JldA=="
