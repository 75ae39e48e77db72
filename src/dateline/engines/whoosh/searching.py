"""Run a plan (search/plan.py) on the Whoosh index: ranked hits with snippets, counts, facets,
hits by article.

The plan's trees are translated into Whoosh queries, their patterns expanded against the index,
and run from whole posting blocks (postings.py). A date clause anywhere in the tree is a range
of days checked in two columns.
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
from collections import Counter
from collections.abc import Iterator

from whoosh import query as Q
from whoosh.searching import Searcher

from dateline.engines.whoosh.highlight import TextWords, make_hit
from dateline.engines.whoosh.postings import Postings
from dateline.engines.whoosh.schema import NO_DAY, WIDE, count_facets, fold, schema, tokens
from dateline.engines.whoosh.termlist import TermList, matching
from dateline.kinds import RECORD_KINDS
from dateline.search import query as T
from dateline.search.hits import (
    DocumentHits,
    Hit,
    Result,
    corpus_order,
    date_order,
    ranked_order,
)
from dateline.search.patterns import Budget
from dateline.search.plan import Plan, highlighted, index_field, leaf_fields
from dateline.search.suggest import plain_words, respelled, suggest

# ---------------------------------------------------------------------------------------------
# Translation into Whoosh queries, with the index at hand


class _Compiled:
    """One plan translated for one searcher: Whoosh queries for its leaves (each made once,
    patterns expanded against the index), what ranks, and what to highlight."""

    def __init__(self, searcher: Searcher, plan: Plan):
        self.leaf_readers = [sub.reader() for sub, _offset in searcher.leaf_searchers()]
        self.budget = Budget()
        self.searcher = searcher
        self._terms: TermList | bool | None = None  # read when a pattern needs it
        self._leaves: dict[T.Node, Q.Query | None] = {}
        self.plan = plan
        self.filter = self.whoosh(plan.filter) if plan.filter is not None else None
        # the whole query as one Whoosh query when it holds no date clause
        self.main = None if _has_dates(plan.query) else self.whoosh(plan.query)
        ranking = [q for q in (self._ranking(leaf, b) for leaf, b in T.positive(plan.query)) if q]
        self.scoring: Q.Query | None = None
        if ranking:
            self.scoring = ranking[0] if len(ranking) == 1 else Q.Or(ranking)

    def whoosh(self, node: T.Node) -> Q.Query:
        if isinstance(node, T.Every):
            return Q.Every()
        if isinstance(node, T.DateRange):  # matched from the day columns by _match_tree
            raise TypeError("a date clause has no Whoosh query")
        if isinstance(node, T.And | T.Or):
            kids = [self.whoosh(c) for c in node.children]
            return (Q.And if isinstance(node, T.And) else Q.Or)(kids, boost=node.boost)
        if isinstance(node, T.Not):
            return Q.Not(self.whoosh(node.child))
        if isinstance(node, T.AndMaybe):
            return Q.AndMaybe(self.whoosh(node.required), self.whoosh(node.optional))
        return self.leaf(node) or Q.NullQuery

    def _ranking(self, leaf: T.Leaf, boost: float) -> Q.Query | None:
        """A leaf's query weighed by the boosts of the groups around it."""
        q = self.leaf(leaf)
        return q if q is None or boost == 1.0 else Q.Or([q], boost=boost)

    def leaf(self, leaf: T.Node) -> Q.Query | None:
        if leaf not in self._leaves:
            self._leaves[leaf] = self._leaf(leaf)
        return self._leaves[leaf]

    def _leaf(self, leaf: T.Node) -> Q.Query | None:
        if isinstance(leaf, T.Exact):
            name = index_field(leaf.field)
            terms = [Q.Term(name, t) for v in leaf.values for t in tokens(name, v)]
            return _one_of(terms, leaf.boost)
        fields = leaf_fields(leaf)
        if isinstance(leaf, T.Pattern):
            return _one_of(self._pattern(fields, leaf.text), leaf.boost)
        parts = [self._in_field(name, leaf.text) for name in fields]
        return _one_of([p for p in parts if p is not None], leaf.boost)

    def _in_field(self, name: str, text: str) -> Q.Query | None:
        words = tokens(name, text)
        if not words:
            return None
        if len(words) == 1:
            return Q.Term(name, words[0])
        if schema()[name].format.supports("positions"):
            return Q.Phrase(name, words)
        return Q.And([Q.Term(name, w) for w in words])

    def _pattern(self, fields: list[str], typed: str) -> list[Q.Query]:
        """For each field, the words of it the pattern matches (lowercased and without
        accents, as the fields index them) that the budget keeps."""
        found: dict[str, dict[bytes, int]] = {}  # field -> word -> documents
        for name in fields:
            pattern = typed if name in ("doc_id", "id") else fold(typed.lower())
            found[name] = self._expand(name, pattern)
        kept = self.budget.choose(typed, found)
        out = []
        for name in fields:
            terms = [Q.Term(name, word) for word in kept if word in found[name]]
            if terms:
                out.append(Q.ConstantScoreQuery(terms[0] if len(terms) == 1 else Q.Or(terms), 1.0))
        return out

    def _expand(self, fieldname: str, pattern: str) -> dict[bytes, int]:
        """The terms of a field that match a pattern, each with its number of documents: from
        the term list file when it is the index's, else from each segment's term list."""
        if self._terms is None:
            self._terms = TermList.of(self.searcher) or False
        found = self._terms.matching(fieldname, pattern) if self._terms else None
        return found if found is not None else matching(self.leaf_readers, fieldname, pattern)

    def phrases(self) -> list[tuple[str, ...]]:
        return highlighted(self.plan.query, tokens, self._words)

    def _words(self, leaf: T.Pattern) -> list[str]:
        """The words of the text a pattern was searched as."""
        query = self.leaf(leaf)
        found = query.iter_all_terms() if query else ()
        return [v.decode() if isinstance(v, bytes) else v for name, v in found if name == "text"]


def _one_of(queries: list[Q.Query], boost: float = 1.0) -> Q.Query | None:
    if not queries:
        return None
    if len(queries) == 1 and boost == 1.0:
        return queries[0]
    return Q.Or(queries, boost=boost)


def _has_dates(node: T.Node) -> bool:
    return any(isinstance(leaf, T.DateRange) for leaf in T.leaves(node))


# ---------------------------------------------------------------------------------------------
# Running


def run(
    searcher: Searcher,
    plan: Plan,
    limit: int | None,
    sort: str = "relevance",
    detail: bool = False,
) -> Result:
    """Ranked (or date-ordered) hits, each with its snippet. With `detail`, what a table shows
    besides: the exact number of matches, highlights and facet counts over every match.
    Without, a query with a phrase is checked only in as many documents as it takes to find
    the best (and `total` is None)."""
    postings = Postings(searcher)
    compiled = _Compiled(searcher, plan)
    loose = None
    if sort == "relevance" and limit is not None and not detail and compiled.main is not None:
        loose = _loosened(compiled.main)
    if loose is not None:
        docs, undated = _candidates(postings, compiled, loose)  # a superset: count no undated
        ranked = _best_checked(postings, compiled.main, loose, docs, limit)
        total, undated = None, 0
    else:
        docs, undated = _candidates(postings, compiled)
        n = len(docs) if limit is None else limit
        ranked = _ordered(postings, compiled.scoring, docs, sort, n)
        total = len(docs)
    if sort == "date" and compiled.scoring is not None:  # ordered by date, scored all the same
        shown = {d for _, d in ranked[:limit]}
        scores = postings.scores(compiled.scoring, shown)
        if scores is None:
            scores = _matcher_scores(searcher, compiled.scoring, shown)
        ranked = [(scores.get(d, 0.0), d) for _, d in ranked]
    phrases = compiled.phrases()
    hits = [_hit(searcher, docnum, score, phrases, detail) for score, docnum in ranked[:limit]]
    counts = facets(postings, docs) if detail and hits else {}
    suggestion = respelled(plan.text, suggest(_Vocabulary(searcher), plain_words(plan.query)))
    return Result(hits, total, counts, suggestion, plan.notes + compiled.budget.notes, undated)


def _hit(
    searcher: Searcher, docnum: int, score: float, phrases: list[tuple[str, ...]], marked: bool
) -> Hit:
    stored = searcher.stored_fields(docnum)
    return make_hit(json.loads(stored["record"]), stored.get("sentences"), score, phrases, marked)


class _Vocabulary(TextWords):
    """The text field's words, for did-you-mean (search.suggest)."""

    def __init__(self, searcher: Searcher):
        self.searcher = searcher

    def doc_frequency(self, stem: str) -> int:
        return self.searcher.doc_frequency("text", stem)

    def within(self, stem: str, maxdist: int, limit: int) -> list[str]:
        # Whoosh's automaton over the words of one first letter: under 2 ms (over the whole
        # word list about 40 ms a letter)
        return self.searcher.suggest("text", stem, limit=limit, maxdist=maxdist, prefix=1)

    def texts(self, stem: str) -> Iterator[str]:
        for docnum in Q.Term("text", stem).docs(self.searcher):
            yield json.loads(self.searcher.stored_fields(docnum)["record"]).get("text", "")


def count(searcher: Searcher, plan: Plan) -> tuple[dict[str, int], list[str]]:
    """How many records match, by kind; and what the user should know (a pattern cut)."""
    postings = Postings(searcher)
    compiled = _Compiled(searcher, plan)
    docs, _undated = _candidates(postings, compiled)
    kinds = Counter(postings.values("kind", docs).values())  # the kind column: bytes
    found = {kind: kinds[kind.encode()] for kind in RECORD_KINDS if kinds[kind.encode()]}
    return found, plan.notes + compiled.budget.notes


def by_document(
    searcher: Searcher, plan: Plan, limit: int | None, sort: str = "relevance"
) -> tuple[list[DocumentHits], int, list[str]]:
    """The articles holding matches, each with its number of matches and its best one: the
    articles ordered by their best match (by relevance, by date, or in corpus order when no
    words rank), how many articles there are in all, and what the user should know."""
    postings = Postings(searcher)
    compiled = _Compiled(searcher, plan)
    docs, _undated = _candidates(postings, compiled)
    ranked = _ordered(postings, compiled.scoring, docs, sort, len(docs))
    doc_ids = postings.values("doc_id", docs)
    counts: Counter[bytes] = Counter(doc_ids.values())
    best: dict[bytes, tuple[float, int]] = {}
    for score, docnum in ranked:  # best first: the first of each article is its best
        best.setdefault(doc_ids[docnum], (score, docnum))
    phrases = compiled.phrases()
    out = []
    for key, (score, docnum) in list(best.items())[:limit]:
        out.append(
            DocumentHits(
                key.decode("utf-8"), counts[key], _hit(searcher, docnum, score, phrases, True)
            )
        )
    return out, len(best), plan.notes + compiled.budget.notes


def iter_all(searcher: Searcher, plan: Plan) -> Iterator[dict]:
    """Every matching record, in corpus order, without ranking: for export and aggregation."""
    postings = Postings(searcher)
    docs, _undated = _candidates(postings, _Compiled(searcher, plan))
    seq = postings.column("seq")
    for docnum in sorted(docs, key=seq.__getitem__):
        yield json.loads(searcher.stored_fields(docnum)["record"])


# Reading a column for one document costs about ten times what one posting does when postings
# are read a block at a time: below that ratio, candidates are checked in the column instead.
COLUMN_COST = 10
# Below this many candidates, checking their days beats reading a date range's postings.
FEW = 2000


def _candidates(
    postings: Postings, compiled: _Compiled, main: Q.Query | None = None
) -> tuple[set[int], int]:
    """The documents that match the words (`main` if given, else the plan's query) and every
    filter, and how many more had matched but have no date, when only dated records were
    asked for. Filters first: they are usually the narrower, and an empty set ends the work
    early."""
    plan = compiled.plan
    docs = postings.matching(compiled.filter) if compiled.filter is not None else None
    if docs is None or docs:
        if main is not None:
            docs = _narrowed(docs, postings.matching(main))
        elif not isinstance(plan.query, T.Every):
            docs = _narrowed(docs, _match_tree(postings, compiled, plan.query))
    if plan.kinds:
        docs = _of_kinds(postings, plan.kinds, docs)
    if plan.since is not None or plan.until is not None:
        docs = _in_days(postings, *_bounds(plan.since, plan.until), docs)
    if docs is None:
        docs = postings.matching(Q.Every())
    undated = 0
    if plan.dated and plan.since is None and plan.until is None:
        begins = postings.column("day_begin")  # NO_DAY: no date
        dated = {d for d in docs if begins[d] < NO_DAY}
        docs, undated = dated, len(docs) - len(dated)
    return docs, undated


def _of_kinds(postings: Postings, kinds: frozenset[str], docs: set[int] | None) -> set[int]:
    """The documents (of `docs`, if given) of these record kinds: few candidates are checked
    in the kind column, many are met with the kinds' postings."""
    reader = postings.searcher.reader()
    size = sum(reader.doc_frequency("kind", k) for k in kinds)
    if docs is not None and len(docs) * COLUMN_COST < size:
        kind_of = reader.column_reader("kind")
        return {d for d in docs if kind_of[d] in kinds}
    return _narrowed(docs, postings.matching(Q.Or([Q.Term("kind", k) for k in sorted(kinds)])))


def _narrowed(docs: set[int] | None, found: set[int]) -> set[int]:
    return found if docs is None else docs & found


def _match_tree(postings: Postings, compiled: _Compiled, node: T.Node) -> set[int]:
    """The documents a tree matches: a part without dates as one Whoosh query from the posting
    blocks, and around the date clauses the sets combined here."""
    if not _has_dates(node):
        return postings.matching(compiled.whoosh(node))
    if isinstance(node, T.DateRange):
        return _in_days(postings, *_days(node), None)
    if isinstance(node, T.And):
        parts = sorted(node.children, key=_has_dates)  # the date clauses last, on fewer
        found = _match_tree(postings, compiled, parts[0])
        for part in parts[1:]:
            if not found:
                break
            if isinstance(part, T.DateRange):
                found = _in_days(postings, *_days(part), found)
            else:
                found &= _match_tree(postings, compiled, part)
        return found
    if isinstance(node, T.Or):
        out: set[int] = set()
        for part in node.children:
            out |= _match_tree(postings, compiled, part)
        return out
    if isinstance(node, T.Not):
        return postings.matching(Q.Every()) - _match_tree(postings, compiled, node.child)
    if isinstance(node, T.AndMaybe):
        return _match_tree(postings, compiled, node.required)
    raise TypeError(node)


def _days(node: T.DateRange) -> tuple[int, int]:
    since, until = node.since, node.until
    return _bounds(since.toordinal() if since else None, until.toordinal() if until else None)


def _bounds(since: int | None, until: int | None) -> tuple[int, int]:
    """A range of day ordinals with its open ends closed: from the first day, to the last."""
    return (1 if since is None else since), (NO_DAY - 1 if until is None else until)


def _in_days(postings: Postings, lo: int, hi: int, docs: set[int] | None) -> set[int]:
    """The documents of `docs` (None: of all) whose days overlap [lo, hi]: begin <= hi and
    end >= lo. With lo > hi (two date clauses both to be met, one before the other) those are
    the records whose days reach from one to the other. The years field makes a first cut; a
    range of whole years needs nothing more, any other is checked in the day columns, as are
    few candidates from the start."""

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
    first = dt.date.fromordinal(min(lo, hi))
    last = dt.date.fromordinal(min(max(lo, hi), dt.date.max.toordinal()))
    # a record meeting both ends touches every year between them: the first is enough to cut
    years = (f"{first.year:04d}", f"{last.year:04d}" if lo <= hi else f"{first.year:04d}")
    found = postings.matching(Q.TermRange("years", *years))
    wide = postings.matching(Q.Term("years", WIDE))
    if docs is not None:
        found, wide = found & docs, wide & docs
    if lo <= hi and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
        return found | overlapping(wide)
    return overlapping(found | wide)


def _ordered(
    postings: Postings, scoring: Q.Query | None, docs: set[int], sort: str, n: int
) -> list[tuple[float, int]]:
    """(score, docnum) of the first `n` of `docs`: best first, or earliest first by date, or
    in corpus order when there are no words to rank by. A document that matched only through
    words that do not rank (a date clause, a NOT) scores 0."""
    if sort == "date":
        first = date_order(docs, postings.column("day_begin"), postings.column("seq"), n)
        return [(0.0, d) for d in first]
    if scoring is None:
        return [(0.0, d) for d in corpus_order(docs, postings.column("seq"), n)]
    scores = postings.scores(scoring, docs)
    if scores is None:
        scores = _matcher_scores(postings.searcher, scoring, docs)
    return ranked_order(scores, docs, postings.column("seq"), n)


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
        return _ordered(postings, query, exact, "relevance", n)
    seq = postings.column("seq")
    # a heap of (score, -seq, docnum): the worst on top, of equal scores the latest in corpus
    best: list[tuple[float, int, int]] = []
    for neg_bound, _seq, d in sorted((-bound, seq[d], d) for d, bound in bounds.items()):
        if len(best) >= n and -neg_bound < best[0][0]:
            break
        score = postings.scores(query, {d}).get(d)
        if score is None:
            continue
        entry = (score, -seq[d], d)
        if len(best) < n:
            heapq.heappush(best, entry)
        elif entry > best[0]:
            heapq.heapreplace(best, entry)
    return [(score, d) for score, _seq, d in sorted(best, reverse=True)]


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


def facets(postings: Postings, docs: set[int]) -> dict[str, Counter]:
    """Counts by speaker, place and event type over every one of `docs`, from the facets
    column (no record is parsed)."""
    return count_facets(Counter(postings.values("facets", docs).values()))
