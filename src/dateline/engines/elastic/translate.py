"""A plan (search/plan.py) as Elasticsearch's query DSL, over the documents of mapping.py: the
query tree scored, the filters, kinds and days in filter context, and the sort. Pure: no
client and no server (tests/fixtures/elastic/queries.json holds what it makes of every query
the CLI tests ask; `python -m tests.regen_elastic` writes it again).

What each clause means, as the Whoosh engine means it:
- a word or a phrase searches `text`, `title` (articles only: every record carries its
  article's title, Whoosh indexes it on the article) and `search.speaker`, weighted as the
  Whoosh schema weighs them (title 1.5, speaker 3); a word is matched as a phrase of its
  tokens (`£1,400`), the server analysing it as it analysed the field;
- a "words" facet (speaker, source, author) is matched by any of its words, a name facet
  (place) by a whole value, case and accents aside (the values hold what contains a place),
  a code or choice facet (country, event, doc, ...) by its stored codes; `kind:` and `id:`
  as stored;
- a pattern is a `wildcard` on each field's indexed terms, lowercased and without accents as
  the fields fold them (`id:` as typed), scoring 1 a field as Whoosh's does;
- a date clause or option keeps the records whose `search.days` overlap its days (two clauses
  that must both be met: the records whose days reach from one to the other); it never ranks;
- AND, OR, NOT, ANDMAYBE are bool's must, should, must_not and must + should; boosts of words
  and groups are bool boosts; NOT and filters score nothing;
- the best first, equal scores in corpus order (`search.seq`); with nothing to rank, corpus
  order; by date, the first day (a runtime field read from `_source`: the mapping has no
  sortable day), the undated last.

Where Elasticsearch cannot give Whoosh's answer:
- Scores: Lucene's BM25 is not Whoosh's BM25F. A field's weight multiplies its score instead
  of its term frequency, keyword fields keep no lengths, statistics are per shard, and a leaf
  that matches in a branch that does not (`a OR (b AND c)` on a record with a and b only)
  scores nothing, where Whoosh adds it. The same records match; ties and near-ties may rank
  in another order.
- Analysis: the server's (mapping.SETTINGS: the standard tokenizer, English stop words,
  Lucene's Porter stemmer, ASCII folding) is not Whoosh's (dateline's token pattern, Whoosh's
  stop words and single letters, Whoosh's Porter stemmer, its accent map). `£1,400` is the
  token `1,400` (any currency), `Blair's` one token that `blair` does not find, the words
  that one list stops and not the other (`they`, `was` are stopped by the server only: a
  query of them finds nothing), and a phrase keeps a gap where a stop word stood. The plan
  leaves out the words Whoosh would not index (`us`, `we`), as for the other engines.
- A phrase never spans two values of a field (a speaker's name and mention are two values
  here, one text in Whoosh).
- A pattern searches every term it matches, as far as the server allows: no budget of 50 and
  no note saying it was cut.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateline.engines.whoosh.schema import fold, schema
from dateline.facets import BY_NAME
from dateline.search import query as T
from dateline.search.plan import DEFAULT_FIELDS, Plan

DSL = dict[str, Any]

DAYS = "search.days"
SEQ = "search.seq"
FIRST_DAY = "dateline_first_day"  # the runtime field a date sort reads
MATCH_ALL: DSL = {"match_all": {}}
ARTICLES: DSL = {"term": {"kind": "article"}}
DATED: DSL = {"exists": {"field": DAYS}}
# corpus order; the id last, so that every record has a place of its own to page after
CORPUS_ORDER: list[DSL] = [{SEQ: {"order": "asc"}}, {"id": {"order": "asc"}}]
# The record's first day, for sorting by date: ISO days sort as strings do.
FIRST_DAY_FIELD: DSL = {
    "type": "keyword",
    "script": {
        "source": "def d = params._source.date_begin; if (d != null) { emit(d.toString()); }"
    },
}


def field_of(name: str) -> str:
    """The document field a clause's field searches: a facet's in `search`."""
    return f"search.{name}" if name in BY_NAME else name


def _boost(field: str) -> float:
    """How much a match in a field weighs, as the Whoosh schema weighs it."""
    if field == "title":
        return schema()["title"].format.field_boost
    facet = BY_NAME.get(field)
    return facet.boost if facet else 1.0


def _scored(field: str) -> bool:
    """Whether a match in a keyword field ranks (by frequency) or only counts 1."""
    facet = BY_NAME.get(field)
    return bool(facet and facet.scored)


def _keyword(field: str) -> bool:
    facet = BY_NAME.get(field)
    return field in ("kind", "id") or bool(facet and facet.match != "words")


def _weighted(q: DSL, boost: float) -> DSL:
    """`q` with a boost, given inside its one clause (match_phrase, term, wildcard) or bool."""
    if boost == 1.0:
        return q
    ((kind, body),) = q.items()
    if kind in ("bool", "constant_score"):
        return {kind: {**body, "boost": body.get("boost", 1.0) * boost}}
    ((field, params),) = body.items()
    return {kind: {field: {**params, "boost": params.get("boost", 1.0) * boost}}}


def _in_articles(field: str, q: DSL) -> DSL:
    """A title is an article's: its quotes and events carry it but are not matched by it."""
    return {"bool": {"must": [q], "filter": [ARTICLES]}} if field == "title" else q


def _any(parts: list[DSL], boost: float = 1.0) -> DSL:
    """At least one of the parts, their scores summed."""
    if not parts:
        return {"match_none": {}}
    if len(parts) == 1:
        return _weighted(parts[0], boost)
    return _weighted({"bool": {"should": parts, "minimum_should_match": 1}}, boost)


def leaf(node: T.Leaf) -> DSL:
    """A word, phrase, pattern or stored value, in every field it searches."""
    if isinstance(node, T.Exact):
        return _exact(node.field, list(node.values), node.boost)
    fields = [node.field] if node.field else list(DEFAULT_FIELDS)
    if isinstance(node, T.Pattern):
        parts = [_pattern(name, node.text) for name in fields]
    else:
        parts = [_words(name, node.text) for name in fields]
    return _any(parts, node.boost)


def _words(name: str, text: str) -> DSL:
    field = field_of(name)
    if _keyword(name):  # a place: its whole name (normalised by the field as it was)
        return {"term": {field: {"value": text}}}
    q = _weighted({"match_phrase": {field: {"query": text}}}, _boost(name))
    return _in_articles(name, q)


def _pattern(name: str, typed: str) -> DSL:
    pattern = typed if name == "id" else fold(typed.lower())
    q = {"wildcard": {field_of(name): {"value": pattern}}}  # scores 1, as Whoosh's
    return _in_articles(name, q)


def _exact(name: str, values: list[str], boost: float) -> DSL:
    field = field_of(name)
    if _scored(name):  # an event type: ranked by how rare it is
        return _any([{"term": {field: {"value": v}}} for v in values], boost)
    stored: DSL = {"terms": {field: values}}
    return {"constant_score": {"filter": stored, "boost": boost}}  # counts 1, as Whoosh's


def days(since: dt.date | int | None, until: dt.date | int | None) -> DSL:
    """The records whose days overlap [since, until] (either end open; day ordinals or dates).
    With since after until (two date clauses, both to be met), those whose days reach from
    until to since."""
    lo, hi = (_day(d) for d in (since, until))
    if lo is None and hi is None:
        return DATED
    if lo is not None and hi is not None and lo > hi:
        return {"range": {DAYS: {"gte": hi, "lte": lo, "relation": "contains"}}}
    bounds = {k: v for k, v in (("gte", lo), ("lte", hi)) if v is not None}
    return {"range": {DAYS: {**bounds, "relation": "intersects"}}}


def _day(day: dt.date | int | None) -> str | None:
    if day is None:
        return None
    return (dt.date.fromordinal(day) if isinstance(day, int) else day).isoformat()


def tree(node: T.Node) -> DSL:
    """Our query tree as a query: its leaves scored, its dates and NOTs only matched."""
    if isinstance(node, T.Every):
        return MATCH_ALL
    if isinstance(node, T.DateRange):
        return {"bool": {"filter": [days(node.since, node.until)]}}
    if isinstance(node, T.And):
        must = [tree(c) for c in node.children if not isinstance(c, T.Not)]
        must_not = [tree(c.child) for c in node.children if isinstance(c, T.Not)]
        body: DSL = {"must": must} if must else {"filter": [MATCH_ALL]}
        if must_not:
            body["must_not"] = must_not
        return _weighted({"bool": body}, node.boost)
    if isinstance(node, T.Or):
        body = {"should": [tree(c) for c in node.children], "minimum_should_match": 1}
        return _weighted({"bool": body}, node.boost)
    if isinstance(node, T.Not):
        return {"bool": {"filter": [MATCH_ALL], "must_not": [tree(node.child)]}}
    if isinstance(node, T.AndMaybe):
        return {"bool": {"must": [tree(node.required)], "should": [tree(node.optional)]}}
    return leaf(node)


def ranks(plan: Plan) -> bool:
    """Whether any word of the query ranks the hits (else they come in corpus order)."""
    return any(True for _ in T.positive(plan.query))


def filters(plan: Plan, dated: bool = True) -> list[DSL]:
    """What every match must meet besides the words, in filter context: the options' facets,
    the record kinds, the days; with `dated`, a date when only dated records are asked for."""
    out = []
    if plan.filter is not None:
        out.append(tree(plan.filter))
    if plan.kinds:
        out.append({"terms": {"kind": sorted(plan.kinds)}})
    if plan.since is not None or plan.until is not None:
        out.append(days(plan.since, plan.until))
    elif dated and plan.dated:
        out.append(DATED)
    return out


def query(plan: Plan, dated: bool = True) -> DSL:
    """The query of a plan: its words scored, everything else filtering (see `filters`)."""
    found = filters(plan, dated)
    if isinstance(plan.query, T.Every):
        return {"bool": {"filter": found}} if found else MATCH_ALL
    words = tree(plan.query)
    return {"bool": {"must": [words], "filter": found}} if found else words


def undated(plan: Plan) -> bool:
    """Whether the plan asks for dated records only, so that the undated are counted aside."""
    return plan.dated and plan.since is None and plan.until is None


def sort(plan: Plan, order: str = "relevance") -> list[DSL]:
    """Best first (equal scores in corpus order), or by first day (the undated last, each
    in corpus order), or in corpus order when nothing ranks."""
    if order == "date":
        return [{FIRST_DAY: {"order": "asc", "missing": "_last"}}, *CORPUS_ORDER]
    if ranks(plan):
        return [{"_score": {"order": "desc"}}, *CORPUS_ORDER]
    return CORPUS_ORDER


def search_body(plan: Plan, order: str = "relevance") -> DSL:
    """A search request's body for the hits of a plan (size and paging left to the caller):
    with only dated records asked for, the undated are kept out by a post filter, so that an
    aggregation can count them."""
    body: DSL = {"query": query(plan, dated=not undated(plan)), "sort": sort(plan, order)}
    if undated(plan):
        body["post_filter"] = DATED
    if order == "date":
        body["runtime_mappings"] = {FIRST_DAY: FIRST_DAY_FIELD}
        if ranks(plan):
            body["track_scores"] = True  # ordered by date, scored all the same
    return body
