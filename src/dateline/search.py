"""Turn a query and filters into Whoosh queries; ranked hits, highlights, facets, suggestions."""

from __future__ import annotations

import calendar
import datetime as dt
import heapq
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from whoosh import query as Q
from whoosh.qparser import (
    FieldAliasPlugin,
    GtLtPlugin,
    MultifieldParser,
    WildcardPlugin,
)
from whoosh.searching import Searcher

from dateline.index import NO_DAY, WIDE, schema
from dateline.postings import Postings

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
    total: int | None  # None: not counted
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
    """Ranked (or date-ordered) hits. With `detail`, what a table shows besides: the exact
    number of matches, highlights and facet counts over the best hits. Without, a query with
    a phrase is checked only in as many documents as it takes to find the best (and `total`
    is None)."""
    postings = Postings(searcher)
    loose = None
    if sort == "relevance" and limit is not None and not detail:
        loose = _loosened(plan.main)
    if loose is not None:
        docs = _candidates(searcher, postings, replace(plan, main=loose))
        ranked = _best_checked(postings, plan.main, loose, docs, limit)
        total = None
    else:
        docs = _candidates(searcher, postings, plan)
        n = len(docs) if limit is None else max(limit, FACET_HITS * detail)
        ranked = _ordered(searcher, postings, plan.main, docs, sort, n)
        total = len(docs)
    terms = _text_terms(plan.main) if detail else set()
    hits = []
    for score, docnum in ranked[:limit]:
        record = json.loads(searcher.stored_fields(docnum)["record"])
        hits.append(Hit(record, score, highlight(record.get("text", ""), terms)))
    counts = _facets(searcher, [d for _, d in ranked[:FACET_HITS]]) if detail and hits else {}
    return Result(hits, total, counts, _suggest(searcher, words or []))


def iter_all(searcher: Searcher, plan: Plan) -> Iterator[dict]:
    """Every matching record, in corpus order, without ranking: for export and aggregation."""
    postings = Postings(searcher)
    docs = _candidates(searcher, postings, plan)
    seq = postings.column("seq")
    for docnum in sorted(docs, key=seq.__getitem__):
        yield json.loads(searcher.stored_fields(docnum)["record"])


# Reading a column for one document costs about ten times what one posting does when postings
# are read a block at a time: below that ratio, candidates are checked in the column instead.
COLUMN_COST = 10
# Below this many candidates, checking their days beats reading a date range's postings.
FEW = 2000


def _candidates(searcher: Searcher, postings: Postings, plan: Plan) -> set[int]:
    """The documents that match the words and every filter. Filters first: they are usually
    the narrower, and an empty set ends the work early."""
    docs = postings.matching(plan.filter) if plan.filter is not None else None
    if not isinstance(plan.main, Q.Every) and (docs is None or docs):
        found = postings.matching(plan.main)
        docs = found if docs is None else docs & found
    reader = searcher.reader()
    if plan.kinds:
        kinds = Q.Or([Q.Term("kind", k) for k in sorted(plan.kinds)])
        size = sum(reader.doc_frequency("kind", k) for k in plan.kinds)
        if docs is not None and len(docs) * COLUMN_COST < size:
            kind_of = reader.column_reader("kind")
            docs = {d for d in docs if kind_of[d] in plan.kinds}
        else:
            found = postings.matching(kinds)
            docs = found if docs is None else docs & found
    if plan.since is not None or plan.until is not None:
        docs = _in_days(postings, plan, docs)
    return docs if docs is not None else postings.matching(Q.Every())


def _in_days(postings: Postings, plan: Plan, docs: set[int] | None) -> set[int]:
    """The documents of `docs` (None: of all) whose days overlap the plan's range. The years
    field makes a first cut; a range of whole years needs nothing more, any other is checked
    in the day columns, as are few candidates from the start."""
    lo = plan.since if plan.since is not None else 1
    hi = plan.until if plan.until is not None else NO_DAY - 1

    def overlapping(found: set[int]) -> set[int]:
        # a record with no date has the column's default (the largest number): never overlaps
        if len(found) < FEW:
            begins = postings.values("day_begin", found)
            ends = postings.values("day_end", found)
        else:
            begins, ends = postings.column("day_begin"), postings.column("day_end")
        return {d for d in found if begins[d] <= hi and lo <= ends[d] < NO_DAY}

    if docs is not None and len(docs) < FEW:
        return overlapping(docs)
    first = dt.date.fromordinal(lo)
    last = dt.date.fromordinal(min(hi, dt.date.max.toordinal()))
    found = postings.matching(Q.TermRange("years", f"{first.year:04d}", f"{last.year:04d}"))
    wide = postings.matching(Q.Term("years", WIDE))
    if docs is not None:
        found, wide = found & docs, wide & docs
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return found | overlapping(wide)
    return overlapping(found | wide)


def _ordered(
    searcher: Searcher, postings: Postings, main: Q.Query, docs: set[int], sort: str, n: int
) -> list[tuple[float, int]]:
    """(score, docnum) of the first `n` of `docs`: best first, or earliest first by date, or
    in corpus order when there are no words to rank by."""
    if sort == "date":
        # dated records by their first day, then the undated ones, in corpus order
        begins, seq = postings.column("day_begin"), postings.column("seq")
        dated = {d for d in docs if begins[d] < NO_DAY}
        first = heapq.nsmallest(n, dated, key=lambda d: (begins[d], seq[d]))
        if len(first) < n:
            first += heapq.nsmallest(n - len(first), docs - dated, key=seq.__getitem__)
        return [(0.0, d) for d in first]
    if isinstance(main, Q.Every):
        seq = postings.column("seq")  # corpus order
        return [(0.0, d) for d in heapq.nsmallest(n, docs, key=seq.__getitem__)]
    scores = postings.scores(main, docs)
    if scores is None:
        scores = _matcher_scores(searcher, main, docs)
    best = heapq.nsmallest(n, scores.items(), key=lambda item: (-item[1], item[0]))
    return [(score, d) for d, score in best]


def _loosened(query: Q.Query) -> Q.Query | None:
    """The query with each phrase replaced by the And of its words; None when it holds no
    phrase, or anything but terms, phrases, And and Or. Whoosh scores a phrase as the sum of
    its words, and these queries only add scores up: the loosened query matches every document
    the query does, and scores each at least as high."""
    phrases = []

    def loosen(q: Q.Query) -> Q.Query:
        if isinstance(q, Q.Phrase) and q.slop == 1:
            phrases.append(q)
            return Q.And([Q.Term(q.fieldname, w) for w in q.words], boost=q.boost)
        if isinstance(q, Q.Term):
            return q
        if type(q) is Q.And or (type(q) is Q.Or and not q.minmatch and not q.scale):
            return q.apply(loosen)
        raise ValueError(q)

    try:
        loose = loosen(query)
    except ValueError:
        return None
    return loose if phrases else None


def _best_checked(
    postings: Postings, query: Q.Query, loose: Q.Query, docs: set[int], n: int
) -> list[tuple[float, int]]:
    """The `n` best documents for `query` among `docs`, which match its loosened form: in
    order of their loosened score, an upper bound of the true one, each is checked and scored
    exactly, until no document left can beat the n-th best found."""
    bounds = postings.scores(loose, docs)
    if bounds is None:  # not BM25F: check every document
        exact = docs & postings.matching(query)
        return _ordered(postings.searcher, postings, query, exact, "relevance", n)
    best: list[tuple[float, int]] = []  # a heap of (score, -docnum): the worst on top
    for neg_bound, d in sorted((-bound, d) for d, bound in bounds.items()):
        if len(best) >= n and -neg_bound < best[0][0]:
            break
        score = postings.scores(query, {d}).get(d)
        if score is None:
            continue
        if len(best) < n:
            heapq.heappush(best, (score, -d))
        elif (score, -d) > best[0]:
            heapq.heapreplace(best, (score, -d))
    return [(score, -d) for score, d in sorted(best, reverse=True)]


def _matcher_scores(searcher: Searcher, query: Q.Query, docs: set[int]) -> dict[int, float]:
    """Scores from Whoosh's own matcher, for the query kinds `postings` cannot score: the
    matcher skips straight to each document instead of scoring every match."""
    matcher = query.matcher(searcher, searcher.context())
    scores = {}
    for docnum in sorted(docs):
        if not matcher.is_active():
            break
        if matcher.id() < docnum:
            matcher.skip_to(docnum)
        if matcher.is_active() and matcher.id() == docnum:
            scores[docnum] = matcher.score()
    return scores


def _facets(searcher: Searcher, docnums: list[int]) -> dict[str, Counter]:
    """Counts by speaker, place and event type over the given hits."""
    counts: dict[str, Counter] = {"speaker": Counter(), "place": Counter(), "event": Counter()}
    for docnum in docnums:
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
    """The plain words of a query (no field names, operators, dates or wildcard patterns), for
    did-you-mean."""
    text = _DATE_CLAUSE.sub(" ", text or "")
    text = re.sub(r"\b\w+:(\"[^\"]*\"|\S+)", " ", text)
    text = re.sub(r"[\w'-]*[*?][\w'*?-]*", " ", text)  # `refug*`: a pattern, not a misspelling
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
