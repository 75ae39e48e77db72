"""Run a plan on the SQLite engine: our tree's leaves as FTS5 queries over hex terms, the tree
combined as sets of record numbers, BM25 over the fields that rank, as Whoosh weighs them."""

from __future__ import annotations

import json
import math
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from dateline.engines.sqlite.writing import decode, encode
from dateline.engines.whoosh.highlight import TextWords, make_hit
from dateline.engines.whoosh.schema import count_facets, fold, schema, scored_length, tokens
from dateline.kinds import RECORD_KINDS
from dateline.records import NO_DAY
from dateline.search import query as T
from dateline.search.hits import (
    DocumentHits,
    Hit,
    Result,
    corpus_order,
    date_order,
    ranked_order,
)
from dateline.search.patterns import Budget, pattern_regex, prefix
from dateline.search.plan import Plan, highlighted, index_field, leaf_fields
from dateline.search.suggest import plain_words, respelled, suggest

B, K1 = 0.75, 1.2  # BM25's parameters, Whoosh's defaults


@dataclass(frozen=True)
class _Part:
    """One field's share of a leaf: its terms, as a phrase (in order) or all of them, or a
    pattern's words (any of them, scored 1)."""

    field: str
    terms: tuple[str, ...]
    phrase: bool = False
    pattern: bool = False

    def fts(self) -> str:
        if self.pattern:
            inner = " OR ".join(f'"{encode(t)}"' for t in self.terms)
        elif self.phrase:
            inner = '"' + " ".join(encode(t) for t in self.terms) + '"'
        else:
            inner = " AND ".join(f'"{encode(t)}"' for t in self.terms)
        return f"{{{self.field}}} : ({inner})"


class SqliteReader:
    def __init__(self, con: sqlite3.Connection, columns: tuple[str, ...]):
        self.con = con
        self.columns = columns
        self._table: dict[str, dict[int, Any]] | None = None
        self._lengths: dict[int, list[int]] = {}
        (total,) = con.execute("SELECT total FROM lengths").fetchone() or ("[]",)
        self.n = con.execute("SELECT count(*) FROM records").fetchone()[0]
        self.average = {
            name: (t / self.n if self.n else 0.0)
            for name, t in zip(columns, json.loads(total), strict=False)
        }

    # -- what the records table holds, read once for every record (a few columns)

    def column(self, name: str) -> dict[int, Any]:
        if self._table is None:
            self._table = {c: {} for c in ("kind", "doc_id", "seq", "day_begin", "day_end")}
            rows = self.con.execute(
                "SELECT docnum, kind, doc_id, seq, day_begin, day_end FROM records"
            )
            for docnum, kind, doc_id, seq, begin, end in rows:
                self._table["kind"][docnum] = kind
                self._table["doc_id"][docnum] = doc_id
                self._table["seq"][docnum] = seq
                self._table["day_begin"][docnum] = NO_DAY if begin is None else begin
                self._table["day_end"][docnum] = NO_DAY if end is None else end
        return self._table[name]

    def every(self) -> set[int]:
        return set(self.column("seq"))

    def matching(self, expression: str) -> set[int]:
        rows = self.con.execute("SELECT rowid FROM terms WHERE terms MATCH ?", (expression,))
        return {r for (r,) in rows}

    def length(self, docnum: int, fieldname: str) -> int:
        """How many terms a record has in a field."""
        if docnum not in self._lengths:
            (lengths,) = self.con.execute(
                "SELECT lengths FROM records WHERE docnum = ?", (docnum,)
            ).fetchone()
            self._lengths[docnum] = json.loads(lengths)
        return self._lengths[docnum][self.columns.index(fieldname)]

    def stored(self, docnum: int) -> tuple[dict[str, Any], list[int]]:
        record, sentences = self.con.execute(
            "SELECT record, sentences FROM records WHERE docnum = ?", (docnum,)
        ).fetchone()
        return json.loads(record), json.loads(sentences)

    # -- the protocol

    def run(
        self, plan: Plan, limit: int | None, sort: str = "relevance", detail: bool = False
    ) -> Result:
        compiled = _Compiled(self, plan)
        docs, undated = _candidates(self, compiled)
        n = len(docs) if limit is None else limit
        ranked = _ordered(self, compiled, docs, sort, n)
        if sort == "date" and compiled.ranking:
            shown = {d for _, d in ranked[:limit]}
            scores = compiled.scores(shown)
            ranked = [(scores.get(d, 0.0), d) for _, d in ranked]
        phrases = compiled.phrases()
        hits = [self._hit(d, score, phrases, detail) for score, d in ranked[:limit]]
        counts = _facets(self, docs) if detail and hits else {}
        suggestion = respelled(plan.text, suggest(_Vocabulary(self), plain_words(plan.query)))
        notes = plan.notes + compiled.budget.notes
        return Result(hits, len(docs), counts, suggestion, notes, undated)

    def count(self, plan: Plan) -> tuple[dict[str, int], list[str]]:
        compiled = _Compiled(self, plan)
        docs, _undated = _candidates(self, compiled)
        kind_of = self.column("kind")
        kinds = Counter(kind_of[d] for d in docs)
        return {k: kinds[k] for k in RECORD_KINDS if kinds[k]}, plan.notes + compiled.budget.notes

    def by_document(
        self, plan: Plan, limit: int | None, sort: str = "relevance"
    ) -> tuple[list[DocumentHits], int, list[str]]:
        compiled = _Compiled(self, plan)
        docs, _undated = _candidates(self, compiled)
        ranked = _ordered(self, compiled, docs, sort, len(docs))
        doc_of = self.column("doc_id")
        counts = Counter(doc_of[d] for d in docs)
        best: dict[str, tuple[float, int]] = {}
        for score, d in ranked:
            best.setdefault(doc_of[d], (score, d))
        phrases = compiled.phrases()
        out = [
            DocumentHits(key, counts[key], self._hit(d, score, phrases, True))
            for key, (score, d) in list(best.items())[:limit]
        ]
        return out, len(best), plan.notes + compiled.budget.notes

    def iter_all(self, plan: Plan) -> Iterator[dict]:
        docs, _undated = _candidates(self, _Compiled(self, plan))
        seq = self.column("seq")
        for d in sorted(docs, key=seq.__getitem__):
            yield self.stored(d)[0]

    def doc_count(self) -> int:
        return self.n

    def _hit(self, docnum: int, score: float, phrases: list[tuple[str, ...]], marked: bool) -> Hit:
        return make_hit(*self.stored(docnum), score, phrases, marked)


class _Vocabulary(TextWords):
    """The text field's words, for did-you-mean (search.suggest), from FTS5's vocabulary."""

    def __init__(self, reader: SqliteReader):
        self.reader = reader

    def doc_frequency(self, stem: str) -> int:
        row = self.reader.con.execute(
            "SELECT doc FROM vocab WHERE col = 'text' AND term = ?", (encode(stem),)
        ).fetchone()
        return row[0] if row else 0

    def within(self, stem: str, maxdist: int, limit: int) -> list[str]:
        first = encode(stem[:1])
        rows = self.reader.con.execute(
            "SELECT term, cnt FROM vocab WHERE col = 'text' AND term >= ? AND term < ?",
            (first, first + "g"),
        )
        near = []
        for token, n in rows:
            term = decode(token)
            close = term != stem and abs(len(term) - len(stem)) <= maxdist
            if close and levenshtein(stem, term) <= maxdist:
                near.append((-n, term))
        return [term for _n, term in sorted(near)[:limit]]

    def texts(self, stem: str) -> Iterator[str]:
        for d in sorted(self.reader.matching(f'{{text}} : "{encode(stem)}"')):
            yield self.reader.stored(d)[0].get("text", "")


def levenshtein(a: str, b: str) -> int:
    """Insertions, deletions and substitutions, as Whoosh's automaton counts edits."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


class _Compiled:
    """One plan for one reader: each leaf's parts (made once, patterns expanded against the
    vocabulary), the leaves that rank, and BM25 statistics as they are needed."""

    def __init__(self, reader: SqliteReader, plan: Plan):
        self.reader, self.plan = reader, plan
        self.budget = Budget()
        self._parts: dict[T.Node, list[_Part]] = {}
        self._found: dict[T.Node, set[int]] = {}
        self._in_part: dict[_Part, set[int]] = {}
        self._stats: dict[tuple[str, str], tuple[float, dict[int, int]]] = {}
        self.ranking = [(leaf, b) for leaf, b in T.positive(plan.query) if self.parts(leaf)]

    def parts(self, leaf: T.Node) -> list[_Part]:
        if leaf not in self._parts:
            self._parts[leaf] = self._make(leaf)
        return self._parts[leaf]

    def _make(self, leaf: T.Node) -> list[_Part]:
        if isinstance(leaf, T.Every | T.DateRange):
            return []
        if isinstance(leaf, T.Exact):
            # any of its terms, each scored as Whoosh scores a term (BM25), not as a pattern
            name = index_field(leaf.field)
            return [_Part(name, (t,)) for v in leaf.values for t in tokens(name, v)]
        fields = leaf_fields(leaf)
        if isinstance(leaf, T.Pattern):
            return self._pattern(fields, leaf.text)
        out = []
        for name in fields:
            words = tuple(tokens(name, leaf.text))
            if words:
                out.append(_Part(name, words, phrase=schema()[name].format.supports("positions")))
        return out

    def _pattern(self, fields: list[str], typed: str) -> list[_Part]:
        found: dict[str, dict[bytes, int]] = {}
        for name in fields:
            pattern = typed if name in ("doc_id", "id") else fold(typed.lower())
            found[name] = self._expand(name, pattern)
        kept = self.budget.choose(typed, found)
        out = []
        for name in fields:
            words = tuple(w.decode("utf-8") for w in kept if w in found[name])
            if words:
                out.append(_Part(name, words, pattern=True))
        return out

    def _expand(self, fieldname: str, pattern: str) -> dict[bytes, int]:
        """The field's terms that match a pattern, with their numbers of records."""
        regex = re.compile(pattern_regex(pattern) + r"\Z", re.DOTALL)
        start = encode(prefix(pattern))
        sql = "SELECT term, doc FROM vocab WHERE col = ? AND term >= ?"
        args: list[Any] = [fieldname, start]
        if start:  # hex sorts as its bytes do: the terms of a prefix are a range
            sql += " AND term < ?"
            args.append(start + "g")
        found = {}
        for token, n in self.reader.con.execute(sql, args):
            term = decode(token)
            if regex.match(term):
                found[term.encode("utf-8")] = n
        return found

    def found(self, leaf: T.Node) -> set[int]:
        if leaf not in self._found:
            parts = self.parts(leaf)
            expression = " OR ".join(p.fts() for p in parts)
            self._found[leaf] = self.reader.matching(expression) if parts else set()
        return self._found[leaf]

    def scores(self, docs: set[int]) -> dict[int, float]:
        """BM25 of the ranking leaves, summed over the leaves and fields each of `docs`
        matches (a pattern's field scores 1), times the boosts of the groups around each."""
        out: dict[int, float] = {}
        for leaf, boost in self.ranking:
            weight = boost * getattr(leaf, "boost", 1.0)
            for part in self.parts(leaf):
                if part not in self._in_part:
                    self._in_part[part] = self.reader.matching(part.fts())
                for d in docs & self._in_part[part]:
                    out[d] = out.get(d, 0.0) + weight * self._score(part, d)
        return out

    def _score(self, part: _Part, docnum: int) -> float:
        if part.pattern:
            return 1.0
        return sum(self._term_score(part.field, t, docnum) for t in part.terms)

    def _term_score(self, fieldname: str, term: str, docnum: int) -> float:
        key = (fieldname, term)
        if key not in self._stats:
            con = self.reader.con
            token = encode(term)
            rows = con.execute(
                "SELECT doc, count(*) FROM instances WHERE term = ? AND col = ? GROUP BY doc",
                (token, fieldname),
            )
            tf = dict(rows)
            idf = math.log(self.reader.n / (len(tf) + 1)) + 1
            self._stats[key] = (idf, tf)
        idf, tf = self._stats[key]
        field = schema()[fieldname]
        weight = tf.get(docnum, 0) * field.format.field_boost  # what Whoosh writes as weight
        if not weight or not field.scorable:
            return float(weight)
        length = scored_length(self.reader.length(docnum, fieldname))  # as Whoosh scores it
        average = self.reader.average.get(fieldname) or 1.0
        return idf * (weight * (K1 + 1)) / (weight + K1 * ((1 - B) + B * length / average))

    def phrases(self) -> list[tuple[str, ...]]:
        return highlighted(self.plan.query, tokens, self._words)

    def _words(self, leaf: T.Pattern) -> list[str]:
        return [t for part in self.parts(leaf) if part.field == "text" for t in part.terms]


def _candidates(reader: SqliteReader, compiled: _Compiled) -> tuple[set[int], int]:
    """The records that match the words and every filter, and how many more had matched
    but have no date, when only dated records were asked for."""
    plan = compiled.plan
    docs = _match_tree(compiled, plan.filter) if plan.filter is not None else None
    if (docs is None or docs) and not isinstance(plan.query, T.Every):
        found = _match_tree(compiled, plan.query)
        docs = found if docs is None else docs & found
    if docs is None:
        docs = reader.every()
    if plan.kinds:
        kind_of = reader.column("kind")
        docs = {d for d in docs if kind_of[d] in plan.kinds}
    if plan.since is not None or plan.until is not None:
        lo = 1 if plan.since is None else plan.since
        hi = NO_DAY - 1 if plan.until is None else plan.until
        docs = _in_days(reader, lo, hi, docs)
    undated = 0
    if plan.dated and plan.since is None and plan.until is None:
        begins = reader.column("day_begin")
        dated = {d for d in docs if begins[d] < NO_DAY}
        docs, undated = dated, len(docs) - len(dated)
    return docs, undated


def _match_tree(compiled: _Compiled, node: T.Node) -> set[int]:
    reader = compiled.reader
    if isinstance(node, T.Every):
        return reader.every()
    if isinstance(node, T.DateRange):
        since, until = node.since, node.until
        lo = since.toordinal() if since else 1
        hi = until.toordinal() if until else NO_DAY - 1
        return _in_days(reader, lo, hi, reader.every())
    if isinstance(node, T.And):
        found: set[int] | None = None
        for part in node.children:
            got = _match_tree(compiled, part)
            found = got if found is None else found & got
            if not found:
                break
        return found or set()
    if isinstance(node, T.Or):
        out: set[int] = set()
        for part in node.children:
            out |= _match_tree(compiled, part)
        return out
    if isinstance(node, T.Not):
        return reader.every() - _match_tree(compiled, node.child)
    if isinstance(node, T.AndMaybe):
        return _match_tree(compiled, node.required)
    return compiled.found(node)


def _in_days(reader: SqliteReader, lo: int, hi: int, docs: set[int]) -> set[int]:
    """The records of `docs` whose days overlap [lo, hi] (begin <= hi and end >= lo); an
    undated record never does."""
    begins, ends = reader.column("day_begin"), reader.column("day_end")
    return {d for d in docs if begins[d] <= hi and lo <= ends[d] < NO_DAY}


def _ordered(
    reader: SqliteReader, compiled: _Compiled, docs: set[int], sort: str, n: int
) -> list[tuple[float, int]]:
    """(score, docnum) of the first `n` of `docs`, as the Whoosh engine orders them: best
    first, or by date, or in corpus order when no words rank."""
    seq = reader.column("seq")
    if sort == "date":
        return [(0.0, d) for d in date_order(docs, reader.column("day_begin"), seq, n)]
    if not compiled.ranking:
        return [(0.0, d) for d in corpus_order(docs, seq, n)]
    return ranked_order(compiled.scores(docs), docs, seq, n)


def _facets(reader: SqliteReader, docs: set[int]) -> dict[str, Counter]:
    rows = reader.con.execute("SELECT docnum, facets FROM records")
    return count_facets(Counter(f.encode("utf-8") for d, f in rows if d in docs))
