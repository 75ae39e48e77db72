"""Turn a query and filters into Whoosh queries; ranked hits, highlights, facets, suggestions."""

from __future__ import annotations

import calendar
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


FACET_HITS = 200  # facet counts are taken over this many best hits
NO_DAY = 2**31 - 1  # what a day column holds for a record with no date


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


def make_filters(
    kinds: list[str], resolve_event: Callable[[str], list[str]], **options: Any
) -> Filters:
    """Filters from the command-line options (`since`, `events`, `speaker`, ...); a bad value
    is a QueryError naming its option."""
    days = {}
    for option, end in (("since", False), ("until", True)):
        value = options.get(option)
        try:
            days[option] = parse_day(value, end=end) if value else None
        except QueryError as exc:
            raise QueryError(f"--{option}: {exc}") from None
    codes: list[str] = []
    for words in options.get("events") or ():
        found = resolve_event(words)
        if not found:
            raise QueryError(f"--event {words!r}: no such event type (`dateline events --count`)")
        codes.extend(found)

    def many(option: str) -> list[str]:
        return list(options.get(option) or ())

    return Filters(
        kinds=list(kinds),
        speakers=many("speaker"),
        speaker_kinds=many("speaker_kind"),
        places=many("place"),
        countries=many("country"),
        events=codes,
        sources=many("source"),
        docs=many("doc"),
        quote_kinds=many("quote_kind"),
        since=days["since"],
        until=days["until"],
    )


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
            last = calendar.monthrange(year, int(month))[1]
            return dt.date(year, int(month), last if end else 1)
        return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
    except ValueError:
        raise QueryError(f"{value!r} is not a real date") from None


@dataclass
class Plan:
    """What to run: the scoring query, the filters on indexed terms, and a range of days."""

    main: Q.Query
    filter: Q.Query | None
    kinds: frozenset[str] = frozenset()
    since: int | None = None  # day ordinals
    until: int | None = None


def build_query(
    text: str, filters: Filters, resolve_event: Callable[[str], list[str]], literal: bool = False
) -> Plan:
    """The plan for a query and its filters; dates and event names in the query become filters."""
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
    if filters.since and filters.until and filters.since > filters.until:
        raise QueryError(f"--since {filters.since} is after --until {filters.until}")
    return Plan(
        main,
        _filter_query(filters),
        frozenset(filters.kinds),
        filters.since.toordinal() if filters.since else None,
        filters.until.toordinal() if filters.until else None,
    )


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
        _any_of([_name_query("speaker", s) for s in f.speakers]),
        _any_of([Q.Term("speaker_kind", k) for k in f.speaker_kinds]),
        _any_of([Q.Term("place", p.lower().strip()) for p in f.places]),
        _any_of([Q.Term("country", c.lower().strip()) for c in f.countries]),
        _any_of([Q.Term("event", e.lower()) for e in f.events]),
        _any_of([_name_query("source", s) for s in f.sources]),
        _any_of([Q.Term("doc_id", d) for d in f.docs]),
        _any_of([Q.Term("quote_kind", k) for k in f.quote_kinds]),
    ]
    parts = [p for p in parts if p is not None]
    return Q.And(parts) if parts else None


def run(
    searcher: Searcher,
    plan: Plan,
    limit: int | None,
    sort: str = "relevance",
    words: list[str] | None = None,
    detail: bool = False,
) -> Result:
    """Ranked (or date-ordered) hits. With `detail`, what a table shows besides: highlights,
    the exact number of matches and facet counts over the best hits (these cost more time)."""
    query, allowed = _narrowed(searcher, plan)
    if allowed is not None:
        ranked = _rank(searcher, query, allowed, limit, sort)
    else:
        kwargs: dict[str, Any] = {"limit": limit, "terms": False}
        if sort == "date":
            kwargs["sortedby"] = "day_begin"
        results = searcher.search(query, **kwargs)
        ranked = [(float(r.score or 0.0), r.docnum) for r in results]
    terms = _text_terms(plan.main) if detail else set()
    hits = []
    for score, docnum in ranked:
        record = json.loads(searcher.stored_fields(docnum)["record"])
        hits.append(Hit(record, score, highlight(record.get("text", ""), terms)))
    total = len(hits)
    counts: dict[str, Counter] = {}
    if detail and hits:
        total = len(allowed) if allowed is not None else len(results)
        counts = _facets(searcher, query, allowed, FACET_HITS)
    return Result(hits, total, counts, _suggest(searcher, words or []))


def _rank(
    searcher: Searcher, query: Q.Query, allowed: set[int], limit: int | None, sort: str
) -> list[tuple[float, int]]:
    """(score, docnum) of the best of `allowed`, scoring only those documents: the matcher
    skips straight to each one instead of ranking every match of the query."""
    if sort == "date":
        begins = searcher.reader().column_reader("day_begin")
        order = sorted(allowed, key=lambda d: (begins[d], d))
        return [(0.0, d) for d in order[:limit]]
    matcher = query.matcher(searcher, searcher.context())
    scored = []
    for docnum in sorted(allowed):
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            scored.append((matcher.score(), docnum))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored[:limit]


def iter_all(searcher: Searcher, plan: Plan) -> Iterator[dict]:
    """Every matching record, in index order, without ranking: for export and aggregation."""
    query, allowed = _narrowed(searcher, plan)
    for docnum in query.docs(searcher):
        if allowed is None or docnum in allowed:
            yield json.loads(searcher.stored_fields(docnum)["record"])


def _narrowed(searcher: Searcher, plan: Plan) -> tuple[Q.Query, set[int] | None]:
    """The query to score, and the documents to keep of it when columns narrow it.

    Term filters join the query at a score of nothing, so the index intersects posting lists
    instead of ranking every match and dropping most; with no words to search, they are the
    query, scored alike so documents keep their order. The record kind and a date range are
    checked in columns of the candidates: far faster than intersecting the posting list of
    `kind:quote` (most records) or a numeric range over the whole index.
    """
    query, keep = plan.main, plan.filter
    if keep is not None:
        quiet = Q.ConstantScoreQuery(keep, 0.0 if not isinstance(query, Q.Every) else 1.0)
        query = quiet if isinstance(query, Q.Every) else Q.And([query, quiet])
    kinds = plan.kinds
    if kinds and isinstance(query, Q.Every):
        query, kinds = Q.ConstantScoreQuery(_any_of([Q.Term("kind", k) for k in kinds])), None
    dated = plan.since is not None or plan.until is not None
    if not kinds and not dated:
        return query, None
    if isinstance(query, Q.Every):
        # nothing narrows the candidates: let the index find the days
        return Q.ConstantScoreQuery(Q.And(_day_ranges(plan))), None
    reader = searcher.reader()
    kind_of = reader.column_reader("kind")
    begins, ends = reader.column_reader("day_begin"), reader.column_reader("day_end")
    lo = plan.since if plan.since is not None else 0
    hi = plan.until if plan.until is not None else NO_DAY
    allowed = set()
    for d in query.docs(searcher):
        if kinds and kind_of[d] not in kinds:
            continue
        # the days a record covers overlap the range; a record with no date has the
        # column's default (the largest number) and never does
        if dated and not (begins[d] <= hi and lo <= ends[d] < NO_DAY):
            continue
        allowed.add(d)
    return query, allowed


def _day_ranges(plan: Plan) -> list[Q.Query]:
    parts: list[Q.Query] = []
    if plan.since is not None:
        parts.append(Q.NumericRange("day_end", plan.since, None))
    if plan.until is not None:
        parts.append(Q.NumericRange("day_begin", None, plan.until))
    return parts


def _facets(
    searcher: Searcher, query: Q.Query, allowed: set[int] | None, top: int
) -> dict[str, Counter]:
    """Counts by speaker, place and event type over the `top` best hits."""
    counts: dict[str, Counter] = {"speaker": Counter(), "place": Counter(), "event": Counter()}
    for hit in searcher.search(query, limit=top, filter=allowed, terms=False):
        rec = json.loads(hit["record"])
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
