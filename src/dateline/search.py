"""Turn a query and filters into Whoosh queries; ranked hits, highlights, facets, suggestions."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as Q
from whoosh.qparser import (
    FieldAliasPlugin,
    GtLtPlugin,
    MultifieldParser,
    WildcardPlugin,
)
from whoosh.searching import Searcher

from dateline.index import schema

FIELD_ALIASES = {
    "doc_id": ["doc", "document"],
    "speaker": ["who", "by"],
    "place": ["where", "in"],
    "event": ["type"],
    "text": ["quote", "body"],
}
DEFAULT_FIELDS = ["text", "title", "speaker"]
_DATE_CLAUSE = re.compile(
    r"\bdate:(?:\[\s*(?P<a>[\d-]*)\s+TO\s+(?P<b>[\d-]*)\s*\]|(?P<one>\d{4}(?:-\d{2}){0,2}))",
    re.IGNORECASE,
)
_EVENT_CLAUSE = re.compile(r"\b(?:event|type):(?:\"(?P<q>[^\"]+)\"|(?P<w>[^\s()]+))", re.IGNORECASE)


class QueryError(ValueError):
    """A query or filter that cannot be run; the message says what is wrong and how to fix it."""


@dataclass
class Filters:
    kinds: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    speaker_kinds: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)  # taxonomy codes
    sources: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    quote_kinds: list[str] = field(default_factory=list)
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass
class Hit:
    record: dict[str, Any]
    score: float
    highlights: list[tuple[int, int]]  # offsets into record["text"] of the matched words


@dataclass
class Result:
    hits: list[Hit]
    total: int
    facets: dict[str, Counter]
    suggestion: str | None = None


def parse_day(value: str, end: bool = False) -> dt.date:
    """`2002`, `2002-06` or `2002-06-13`; a partial date is its first day (last, for `end`)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value.strip())
    if not m:
        raise QueryError(f"{value!r} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day:
            return dt.date(year, int(month), int(day))
        if month:
            first = dt.date(year, int(month), 1)
            if not end:
                return first
            nxt = dt.date(year + (first.month == 12), first.month % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError:
        raise QueryError(f"{value!r} is not a real date") from None


def build_query(
    text: str, filters: Filters, resolve_event: Callable[[str], list[str]], literal: bool = False
) -> tuple[Q.Query, Q.Query | None]:
    """(scoring query, filter query). Dates and event names in the query become filters."""
    text = (text or "").strip()
    if not literal:
        text = _extract_dates(text, filters)
        text = _EVENT_CLAUSE.sub(
            lambda m: _event_terms(m.group("q") or m.group("w"), resolve_event), text
        )
    if not text:
        main: Q.Query = Q.Every()
    elif literal:
        words = re.findall(r"\w+", text)
        main = _parser().parse(" ".join(words)) if words else Q.Every()
    else:
        main = _parse(text)
    return main, _filter_query(filters)


def _parser() -> MultifieldParser:
    parser = MultifieldParser(DEFAULT_FIELDS, schema=schema())
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(GtLtPlugin())
    parser.add_plugin(WildcardPlugin())
    return parser


def _parse(text: str) -> Q.Query:
    if text.count('"') % 2:
        raise QueryError(
            f"unbalanced quotation mark in {text!r}: close the phrase, or use --literal "
            "to search the words as plain text"
        )
    if text.count("(") != text.count(")") or text.count("[") != text.count("]"):
        raise QueryError(f"unbalanced brackets in {text!r}; --literal searches the words as text")
    known = set(schema().names()) | {a for al in FIELD_ALIASES.values() for a in al}
    for name in re.findall(r"(?<![\w\"])(\w+):(?=\S)", text):
        if name.lower() not in known:
            raise QueryError(
                f"unknown field `{name}:` in the query; fields are speaker:, place:, country:, "
                "event:, date:, source:, doc:, kind: (quote a colon inside a phrase)"
            )
    try:
        query = _parser().parse(text)
    except Exception as exc:  # the parser's errors are not one class
        raise QueryError(f"cannot read the query {text!r} ({exc}); try --literal") from None
    if query is Q.NullQuery:
        raise QueryError(f"the query {text!r} has no words to search for")
    return query


def _extract_dates(text: str, filters: Filters) -> str:
    def take(m: re.Match[str]) -> str:
        if m.group("one"):
            since, until = parse_day(m.group("one")), parse_day(m.group("one"), end=True)
        else:
            since = parse_day(m.group("a")) if m.group("a") else None
            until = parse_day(m.group("b"), end=True) if m.group("b") else None
        filters.since = max(filter(None, [filters.since, since]), default=None)
        filters.until = min(filter(None, [filters.until, until]), default=None)
        return " "

    return _DATE_CLAUSE.sub(take, text)


def _event_terms(words: str, resolve_event: Callable[[str], list[str]]) -> str:
    codes = resolve_event(words)
    if not codes:
        raise QueryError(f"no event type matches {words!r}; `dateline events --count` lists them")
    return "(" + " OR ".join(f'event:"{c}"' for c in codes) + ")"


def _any_of(queries: list[Q.Query]) -> Q.Query | None:
    if not queries:
        return None
    return queries[0] if len(queries) == 1 else Q.Or(queries)


def _name_query(field_name: str, name: str) -> Q.Query:
    words = re.findall(r"\w+", name.lower())
    if not words:
        raise QueryError(f"--{field_name} {name!r} has no letters or digits to match")
    return Q.And([Q.Term(field_name, w) for w in words])


def _filter_query(f: Filters) -> Q.Query | None:
    parts = [
        _any_of([Q.Term("kind", k) for k in f.kinds]),
        _any_of([_name_query("speaker", s) for s in f.speakers]),
        _any_of([Q.Term("speaker_kind", k) for k in f.speaker_kinds]),
        _any_of([Q.Term("place", p.lower().strip()) for p in f.places]),
        _any_of([Q.Term("country", c.lower().strip()) for c in f.countries]),
        _any_of([Q.Term("event", e.lower()) for e in f.events]),
        _any_of([_name_query("source", s) for s in f.sources]),
        _any_of([Q.Term("doc_id", d) for d in f.docs]),
        _any_of([Q.Term("quote_kind", k) for k in f.quote_kinds]),
    ]
    if f.since and f.until and f.since > f.until:
        raise QueryError(f"--since {f.since} is after --until {f.until}")
    # A record matches a date range when the days it covers overlap the range.
    if f.since:
        parts.append(Q.NumericRange("day_end", f.since.toordinal(), None))
    if f.until:
        parts.append(Q.NumericRange("day_begin", None, f.until.toordinal()))
    parts = [p for p in parts if p is not None]
    return Q.And(parts) if parts else None


def run(
    searcher: Searcher,
    main: Q.Query,
    filter_query: Q.Query | None,
    limit: int | None,
    sort: str = "relevance",
    words: list[str] | None = None,
    facet_limit: int = 2000,
) -> Result:
    """Ranked (or date-ordered) hits with highlights and facet counts."""
    combined = main if filter_query is None else Q.And([main, filter_query])
    kwargs: dict[str, Any] = {"limit": limit, "terms": False}
    if sort == "date":
        kwargs["sortedby"] = "day_begin"
    results = searcher.search(combined, **kwargs)
    terms = _text_terms(main)
    hits = []
    for r in results:
        record = json.loads(r["record"])
        hits.append(Hit(record, float(r.score or 0.0), highlight(record.get("text", ""), terms)))
    if sort != "date" and isinstance(main, Q.Every):
        # nothing to rank by: keep the documents' own order
        hits.sort(
            key=lambda h: (h.record["doc_id"], h.record["kind"] != "article", h.record["start"])
        )
    facets = _facets(searcher, combined, facet_limit) if hits else {}
    return Result(hits, len(results), facets, _suggest(searcher, words or []))


def iter_all(searcher: Searcher, main: Q.Query, filter_query: Q.Query | None) -> Iterator[dict]:
    """Every matching record, in index order, without ranking: for export and aggregation."""
    combined = main if filter_query is None else Q.And([main, filter_query])
    for docnum in combined.docs(searcher):
        yield json.loads(searcher.stored_fields(docnum)["record"])


def _facets(searcher: Searcher, query: Q.Query, limit: int) -> dict[str, Counter]:
    counts: dict[str, Counter] = {"speaker": Counter(), "place": Counter(), "event": Counter()}
    for n, docnum in enumerate(query.docs(searcher)):
        if n >= limit:
            break
        rec = json.loads(searcher.stored_fields(docnum)["record"])
        speaker = rec.get("speaker") or {}
        if speaker.get("name") and speaker.get("kind") != "unknown":
            counts["speaker"][speaker["name"]] += 1
        for name in {p["name"] for p in rec.get("places") or []}:
            counts["place"][name] += 1
        if rec.get("kind") == "event":
            counts["event"][f"{rec['type']} {rec['label']}"] += 1
    return counts


def _text_terms(query: Q.Query) -> set[str]:
    out = set()
    for fieldname, value in query.iter_all_terms(phrases=True):
        if fieldname in ("text", "title") and isinstance(value, str):
            out.add(value)
    return out


def highlight(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Offsets of the words in `text` whose stems are among the query's terms."""
    if not terms or not text:
        return []
    analyzer = schema()["text"].analyzer
    return [
        (tok.startchar, tok.endchar)
        for tok in analyzer(text, chars=True, mode="index")
        if tok.text in terms
    ]


def query_words(text: str) -> list[str]:
    """The plain words of a query (no field names, operators or dates), for did-you-mean."""
    text = _DATE_CLAUSE.sub(" ", text or "")
    text = re.sub(r"\b\w+:(\"[^\"]*\"|\S+)", " ", text)
    return [w for w in re.findall(r"[^\W\d_]+", text) if w not in ("AND", "OR", "NOT", "TO")]


def _suggest(searcher: Searcher, words: list[str]) -> str | None:
    """`refugees` for `refugess`: each word the index does not hold, replaced by the nearest
    term it does hold, spelt as it stands in the text."""
    analyzer = schema()["text"].analyzer
    changed = False
    out = []
    for word in words:
        stems = [t.text for t in analyzer(word)]
        if len(stems) == 1 and not searcher.doc_frequency("text", stems[0]):
            close = searcher.suggest("text", stems[0], limit=8, maxdist=2)
            if close:
                # Whoosh counts a swap of two letters as two edits; people make it as one.
                # Of the nearest stems, the word as written nearest to what was typed wins.
                nearest = min(edit_distance(stems[0], c) for c in close)
                forms = [
                    _surface(searcher, c, word.lower())
                    for c in close
                    if edit_distance(stems[0], c) == nearest
                ]
                out.append(min(forms, key=lambda f: (edit_distance(word.lower(), f), f)))
                changed = True
                continue
        out.append(word)
    return " ".join(out) if changed else None


def _surface(searcher: Searcher, stem: str, typed: str) -> str:
    """A word of the text whose stem is `stem`, the one nearest to what was typed."""
    analyzer = schema()["text"].analyzer
    forms: set[str] = set()
    for docnum in Q.Term("text", stem).docs(searcher):
        text = json.loads(searcher.stored_fields(docnum)["record"]).get("text", "")
        forms.update(
            text[t.startchar : t.endchar].lower()
            for t in analyzer(text, chars=True, mode="index")
            if t.text == stem
        )
        if len(forms) >= 3:
            break
    return min(forms, key=lambda f: (edit_distance(typed, f), f)) if forms else stem


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions, transpositions."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]
