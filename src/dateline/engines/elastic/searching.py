"""Run a plan on an Elasticsearch index or alias (search.Reader): the DSL of translate.py sent
through the official client, the hits read back as the records they were written from
(mapping.record_of), with snippets made as the other engines make them, from the article's
sentence offsets in `search.sentences`.

One search request gives a listing's hits, its total and, for a table, its facet counts;
the did-you-mean asks the server only for a word the index does not hold. Listings of every
match (`iter_all`, and hits past the server's window of 10,000) page with search_after on
corpus order, without a point in time: records pushed while a listing pages through may be
missed or seen."""

from __future__ import annotations

import fnmatch
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from dateline.engines import EngineError
from dateline.engines.elastic import Location
from dateline.engines.elastic.mapping import record_of
from dateline.engines.elastic.translate import (
    CORPUS_ORDER,
    DATED,
    MATCH_ALL,
    SEQ,
    query,
    ranks,
    search_body,
    undated,
)
from dateline.engines.whoosh.highlight import TextWords, make_hit
from dateline.engines.whoosh.schema import fold, tokens
from dateline.kinds import RECORD_KINDS
from dateline.search import query as T
from dateline.search.hits import DocumentHits, Hit, Result
from dateline.search.plan import Plan, highlighted
from dateline.search.suggest import SURFACE_RECORDS, plain_words, respelled, suggest

PAGE = 1000  # records a page of a listing of every match
WINDOW = 10_000  # the most hits one request returns (the server's max_result_window)
FACET_VALUES = 50  # values counted of each facet, the most frequent (a table shows a few)
# a collapsed request's count of articles is exact below this many, approximate above
ARTICLE_PRECISION = 40_000
NO_SEARCH: dict[str, Any] = {"excludes": ["search"]}  # a record's _source, for a listing


class ElasticReader:
    """One index or alias of one server, for the length of a command."""

    def __init__(self, client: Any, location: Location):
        self.client = client
        self.location = location

    # -- the protocol

    def run(
        self, plan: Plan, limit: int | None, sort: str = "relevance", detail: bool = False
    ) -> Result:
        body = search_body(plan, sort)
        vocabulary = _Vocabulary(self, plain_words(plan.query))
        aggs: dict[str, Any] = {}
        if detail:  # over the matches that are hits: the dated, when only they are asked for
            kept = DATED if undated(plan) else MATCH_ALL
            aggs["matches"] = {"filter": kept, "aggs": _facet_aggs()}
        if undated(plan):
            aggs["undated"] = {"filter": {"bool": {"must_not": [DATED]}}}
        if vocabulary.held_stems:  # how many records hold each word: no request of its own
            aggs["vocabulary"] = vocabulary.aggregation()
        first = {**body, "track_total_hits": detail, **({"aggs": aggs} if aggs else {})}
        pages = self._pages(first, limit, {**body, "track_total_hits": False})
        response, found = next(pages)
        for _response, more in pages:
            found.extend(more)
        aggregations = response.get("aggregations") or {}
        vocabulary.counted(aggregations.get("vocabulary"))
        scored = ranks(plan)
        made = [self._hit(h, plan, scored, detail) for h in found]
        total = response["hits"]["total"]["value"] if detail else None
        counts = _facet_counts(aggregations["matches"]) if detail and made else {}
        left_out = (aggregations.get("undated") or {}).get("doc_count", 0)
        suggestion = respelled(plan.text, suggest(vocabulary, vocabulary.words))
        return Result(made, total, counts, suggestion, list(plan.notes), left_out)

    def count(self, plan: Plan) -> tuple[dict[str, int], list[str]]:
        aggs = {"kinds": {"terms": {"field": "kind", "size": len(RECORD_KINDS)}}}
        response = self._search(
            {"query": query(plan), "size": 0, "track_total_hits": True, "aggs": aggs}
        )
        kinds = {b["key"]: b["doc_count"] for b in response["aggregations"]["kinds"]["buckets"]}
        return {k: kinds[k] for k in RECORD_KINDS if kinds.get(k)}, list(plan.notes)

    def by_document(
        self, plan: Plan, limit: int | None, sort: str = "relevance"
    ) -> tuple[list[DocumentHits], int, list[str]]:
        body = {
            **search_body(plan, sort),
            "query": query(plan),
            "size": min(limit or WINDOW, WINDOW),
            "collapse": {"field": "doc_id", "inner_hits": {"name": "matches", "size": 0}},
            "aggs": {
                "articles": {
                    "cardinality": {"field": "doc_id", "precision_threshold": ARTICLE_PRECISION}
                }
            },
        }
        body.pop("post_filter", None)
        response = self._search(body)
        scored = ranks(plan)
        out = []
        for hit in response["hits"]["hits"]:
            matches = hit["inner_hits"]["matches"]["hits"]["total"]["value"]
            best = self._hit(hit, plan, scored, True)
            out.append(DocumentHits(best.record["doc_id"], matches, best))
        return out, response["aggregations"]["articles"]["value"], list(plan.notes)

    def iter_all(self, plan: Plan) -> Iterator[dict]:
        body = {"query": query(plan), "sort": CORPUS_ORDER, "_source": NO_SEARCH}
        for _response, hits in self._pages(body, None):
            for hit in hits:
                yield record_of(hit["_source"])

    def doc_count(self) -> int:
        return self._call("count")["count"]

    # -- talking to the server

    def _call(self, api: str, **params: Any) -> dict[str, Any]:
        """One request; what goes wrong is one line naming the index's URL."""
        from elasticsearch import ApiError, TransportError

        try:
            response = getattr(self.client, api)(index=self.location.index, **params)
        except (ApiError, TransportError) as exc:
            raise server_error(self.location, exc) from None
        return response.body

    def _search(self, body: dict[str, Any]) -> dict[str, Any]:
        params = {("source" if k == "_source" else k): v for k, v in body.items()}
        return self._call("search", **params)

    def _pages(
        self, first: dict[str, Any], limit: int | None, rest: dict[str, Any] | None = None
    ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """Each response and its hits, up to `limit` (None: every match): one request when
        they fit the window, else pages after the last hit's sort values (the later pages
        from `rest`, without the first one's aggregations)."""
        wanted = limit if limit is not None else float("inf")
        size = int(min(wanted, WINDOW if limit is not None else PAGE))
        body, got = {**first, "size": size}, 0
        while True:
            response = self._search(body)
            hits = response["hits"]["hits"][: int(min(size, wanted - got))]
            got += len(hits)
            yield response, hits
            if got >= wanted or len(hits) < size:
                return
            size = int(min(wanted - got, WINDOW if limit is not None else PAGE))
            body = {**(rest or first), "size": size, "search_after": hits[-1]["sort"]}

    # -- hits

    def _hit(self, hit: dict[str, Any], plan: Plan, scored: bool, marked: bool) -> Hit:
        source = hit["_source"]
        record = record_of(source)
        sentences = (source.get("search") or {}).get("sentences")
        score = float(hit.get("_score") or 0.0) if scored else 0.0
        phrases = highlighted(plan.query, tokens, lambda leaf: _pattern_words(leaf, record))
        return make_hit(record, sentences, score, phrases, marked)


def _pattern_words(leaf: T.Pattern, record: dict[str, Any]) -> list[str]:
    """The words of a hit's text (and its sentence) that a pattern matches, as the text field
    indexes them: what its highlights are for (Whoosh's, from the whole index's words)."""
    texts = [record.get("text") or "", (record.get("sentence") or {}).get("text") or ""]
    words = {t for text in texts for t in tokens("text", text)}
    pattern = fold(leaf.text.lower())
    return sorted(w for w in words if fnmatch.fnmatchcase(w, pattern))


class _Vocabulary(TextWords):
    """The text field's words, for did-you-mean (search.suggest): how many records hold a word
    comes with the hits (a global aggregation); the near words and their spelling are asked
    for only when a word is not held."""

    def __init__(self, reader: ElasticReader, words: list[str]):
        self.reader = reader
        self.words = words
        self.held_stems = sorted({s for w in words for s in self.stems(w)})
        self._held: dict[str, int] = {}

    def aggregation(self) -> dict[str, Any]:
        terms = {stem: {"term": {"text": stem}} for stem in self.held_stems}
        return {"global": {}, "aggs": {"held": {"filters": {"filters": terms}}}}

    def counted(self, found: dict[str, Any] | None) -> None:
        buckets = ((found or {}).get("held") or {}).get("buckets") or {}
        self._held.update({stem: b["doc_count"] for stem, b in buckets.items()})

    def doc_frequency(self, stem: str) -> int:
        if stem not in self._held:
            body = {"query": {"term": {"text": stem}}}
            self._held[stem] = self.reader._call("count", **body)["count"]
        return self._held[stem]

    def within(self, stem: str, maxdist: int, limit: int) -> list[str]:
        near = {
            "text": stem,
            "term": {
                "field": "text", "analyzer": "keyword", "suggest_mode": "always",
                "max_edits": maxdist, "prefix_length": 1, "min_word_length": 1,
                "size": limit, "sort": "frequency", "string_distance": "levenshtein",
            },
        }  # fmt: skip
        response = self.reader._search({"size": 0, "suggest": {"near": near}})
        entries = (response.get("suggest") or {}).get("near") or []
        return [o["text"] for entry in entries for o in entry.get("options", [])][:limit]

    def texts(self, stem: str) -> Iterator[str]:
        body = {
            "query": {"term": {"text": stem}},
            "size": SURFACE_RECORDS,
            "sort": [{SEQ: {"order": "asc"}}],
            "_source": ["text"],
        }
        for hit in self.reader._search(body)["hits"]["hits"]:
            yield hit["_source"].get("text") or ""


# ---------------------------------------------------------------------------------------------
# Facet counts


def _facet_aggs() -> dict[str, Any]:
    """Counts by speaker, place and event type over the matches (only the dated ones when
    only they are asked for: a post filter keeps the undated out of the hits, not of these,
    so the counts sit under the same filter)."""
    names = {"terms": {"field": "speaker.name.raw", "size": FACET_VALUES}}
    known = {"bool": {"must_not": [{"term": {"speaker.kind": "unknown"}}]}}
    places = {
        "terms": {"field": "places.name", "size": FACET_VALUES},
        # a record that names a place twice counts once; the name as written, not folded
        "aggs": {"records": {"reverse_nested": {}}, "one": {"top_hits": {"size": 1}}},
    }
    types = {
        "terms": {"field": "search.event", "size": FACET_VALUES},
        "aggs": {"one": {"top_hits": {"size": 1, "_source": ["type", "label"]}}},
    }
    return {
        "speaker": {
            "nested": {"path": "speaker"},
            "aggs": {"known": {"filter": known, "aggs": {"names": names}}},
        },
        "place": {"nested": {"path": "places"}, "aggs": {"names": places}},
        "event": {"filter": {"term": {"kind": "event"}}, "aggs": {"types": types}},
    }


def _facet_counts(aggregations: dict[str, Any]) -> dict[str, Counter]:
    counts: dict[str, Counter] = {"speaker": Counter(), "place": Counter(), "event": Counter()}
    for b in aggregations["speaker"]["known"]["names"]["buckets"]:
        counts["speaker"][b["key"]] += b["doc_count"]
    for b in aggregations["place"]["names"]["buckets"]:
        name = _first_source(b).get("name") or b["key"]
        counts["place"][name] += b["records"]["doc_count"]
    for b in aggregations["event"]["types"]["buckets"]:
        one = _first_source(b)
        label = f"{one.get('type', b['key'])} {one.get('label') or ''}".strip()
        counts["event"][label] += b["doc_count"]
    return counts


def _first_source(bucket: dict[str, Any]) -> dict[str, Any]:
    hits = bucket["one"]["hits"]["hits"]
    return hits[0]["_source"] if hits else {}


# ---------------------------------------------------------------------------------------------
# Errors


def server_error(location: Location, exc: Exception) -> EngineError:
    """What went wrong with a request, in one line that names the index's URL."""
    from elasticsearch import (
        ApiError,
        AuthenticationException,
        AuthorizationException,
        NotFoundError,
        UnsupportedProductError,
        __versionstr__,
    )

    if isinstance(exc, UnsupportedProductError):
        return EngineError(
            f"{location}: the server is not Elasticsearch (its official client, which "
            "dateline uses, refuses others)"
        )
    if isinstance(exc, NotFoundError) and _error_type(exc) == "index_not_found_exception":
        return EngineError(
            f"{location}: no index or alias {location.index!r} on the server; "
            "write the records with `dateline records` and `dateline push` them"
        )
    if isinstance(exc, AuthenticationException | AuthorizationException):
        return EngineError(
            f"{location}: the server refused the request ({exc.meta.status} "
            f"{_error_type(exc) or 'unauthorized'}); give a user in the URL: "
            "https://USER:PASSWORD@host:9200/INDEX"
        )
    if isinstance(exc, ApiError) and exc.message == "media_type_header_exception":
        major = __versionstr__.split(".")[0]
        return EngineError(
            f"{location}: the server is older than the client, which speaks to Elasticsearch "
            f"{major} only: pip install 'elasticsearch>={int(major) - 1},<{major}'"
        )
    if isinstance(exc, ApiError):
        return EngineError(f"{location}: Elasticsearch answered {exc.meta.status}: {_reason(exc)}")
    return EngineError(f"{location}: cannot reach Elasticsearch ({_unreachable(exc)})")


def _error_type(exc: Any) -> str:
    error = exc.body.get("error") if isinstance(exc.body, dict) else None
    return error.get("type", "") if isinstance(error, dict) else ""


def _reason(exc: Any) -> str:
    error = exc.body.get("error") if isinstance(exc.body, dict) else None
    if isinstance(error, dict):
        cause = (error.get("root_cause") or [error])[0]
        return f"{cause.get('type', '')}: {cause.get('reason', '')}".strip(": ")
    return " ".join(str(exc.message).split())[:200]


def _unreachable(exc: Exception) -> str:
    """`Connection refused`, `timed out`: the cause, not the client's repr of it."""
    text = str(exc)
    errno = re.search(r"\[Errno -?\d+\] ([^)\]'\"]+)", text)
    if errno:
        return errno.group(1).strip()
    if "timed out" in text.lower():
        return "timed out"
    return " ".join(text.split())[:200] or type(exc).__name__
