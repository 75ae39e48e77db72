"""postings.py must give exactly what Whoosh's own matchers give: the same documents, the same
scores. Checked on an index of several segments, with deleted documents, and postings long
enough to span many blocks."""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from whoosh import index as windex
from whoosh import query as Q

from dateline.engines.whoosh import termlist
from dateline.engines.whoosh.postings import Postings
from dateline.engines.whoosh.schema import NO_DAY, VALUE_SEPARATOR, WIDE, schema, year_terms
from dateline.engines.whoosh.searching import _Compiled, _in_days, _matcher_scores, run
from dateline.engines.whoosh.termlist import segment_terms
from dateline.search.plan import Filters, build_query
from dateline.search.query import QueryError

WORDS = [
    "minister",
    "said",
    "the",
    "refugees",
    "embassy",
    "asylum",
    "prime",
    "talks",
    "police",
    "fled",
    "border",
]
PLACES = ["united kingdom", "china", "france", "south korea"]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    folder = tmp_path_factory.mktemp("postings-index")
    ix = windex.create_in(str(folder), schema())
    rng = random.Random(7)
    n = 0
    for _segment in range(3):
        writer = ix.writer()
        for _ in range(400):
            words = rng.choices(WORDS, k=rng.randint(1, 40))
            fields = {
                "id": f"d{n}",
                "kind": rng.choice(["article", "quote", "event"]),
                "text": " ".join(words),
                "title": " ".join(rng.choices(WORDS, k=3)),
                "place": VALUE_SEPARATOR.join(rng.sample(PLACES, rng.randint(0, 2))),
                "record": json.dumps({"id": f"d{n}"}),
                "seq": n,
            }
            if rng.random() < 0.3:
                fields["speaker"] = rng.choice(["Philip Reeker", "Tony Blair", "the minister"])
            if rng.random() < 0.5:
                begin = 731000 + rng.randint(0, 800)
                end = begin + rng.choice([0, 0, 30, 365, 3000])
                if rng.random() < 0.05:  # a span of centuries: the `wide` year term
                    begin = 100_000
                fields.update(day_begin=begin, day_end=end, years=year_terms(begin, end))
            writer.add_document(**fields)
            n += 1
        writer.commit(merge=False)
    writer = ix.writer()
    for k in range(0, n, 7):  # deletions in every segment
        writer.delete_by_term("id", f"d{k}")
    writer.commit(merge=False)
    with ix.searcher() as s:
        assert len(s.leaf_searchers()) > 1 and s.reader().has_deletions()
        yield s


QUERIES = [
    "minister",
    "refugees AND embassy",
    "refugees OR police",
    '"prime minister"',
    '"the minister said"',
    '"minister prime" OR talks',
    "asylum NOT border",
    "speaker:reeker",
    "speaker:blair OR fled",
    "ref*",
    "(talks OR police) AND NOT fled",
    "title:embassy minister",
    "refugess",
]


@pytest.mark.parametrize("text", QUERIES)
def test_same_documents_and_scores_as_whoosh(searcher, text):
    check(searcher, whoosh_query(searcher, text))


@pytest.mark.parametrize(
    "query",
    [
        Q.Term("place", "china"),
        Q.Or([Q.Term("place", "china"), Q.Term("place", "france")]),
        Q.Term("kind", "quote"),
        Q.TermRange("years", "2002", "2003"),
        Q.TermRange("years", None, None),
        Q.And([Q.TermRange("years", "2003", None), Q.Term("kind", "event")]),
        Q.Every(),
        Q.Term("text", "nosuchword"),
        Q.Term("nosuchfield", "x"),
    ],
    ids=repr,
)
def test_filters_match_the_same_documents(searcher, query):
    assert Postings(searcher).matching(query) == set(query.docs(searcher))


word = st.sampled_from(WORDS)
leaf = st.one_of(
    word,
    st.lists(word, min_size=2, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"'),
    st.sampled_from(["speaker:reeker", "title:talks", "speaker:minister"]),
)
queries = st.recursive(
    leaf,
    lambda inner: st.tuples(inner, st.sampled_from(["AND", "OR", "AND NOT"]), inner).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    ),
    max_leaves=5,
)


@settings(max_examples=60, deadline=None)
@given(queries)
def test_any_combination_agrees_with_whoosh(searcher, text):
    check(searcher, whoosh_query(searcher, text))


def whoosh_query(searcher, text):
    """The Whoosh query a search runs for `text` (skips a query of common words only)."""
    try:
        return _Compiled(searcher, build_query(text, Filters())).main
    except QueryError:
        assume(False)


def check(searcher, query):
    postings = Postings(searcher)
    docs = postings.matching(query)
    # Whoosh's NOT at the top of a query walks deleted documents too: they are no match
    reader = searcher.reader()
    assert docs == {d for d in query.docs(searcher) if not reader.is_deleted(d)}
    mine = postings.scores(query, docs)
    if mine is None:  # a kind it does not score: search falls back to Whoosh's matcher
        return
    theirs = _matcher_scores(searcher, query, docs)
    assert mine.keys() == theirs.keys()
    for d, score in theirs.items():
        assert mine[d] == pytest.approx(score, rel=1e-9), d


@settings(max_examples=120, deadline=None)
@given(
    st.dates(dt.date(1990, 1, 1), dt.date(2012, 12, 31)),
    st.integers(0, 4000),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)
def test_date_ranges_from_year_terms_agree_with_the_day_columns(
    searcher, since, days, open_lo, open_hi, swapped
):
    until = since + dt.timedelta(days=days)
    lo = 1 if open_lo else since.toordinal()
    hi = NO_DAY - 1 if open_hi else until.toordinal()
    if swapped:  # two clauses, one before the other: records that span from one to the other
        lo, hi = hi, lo
    begins = searcher.reader().column_reader("day_begin")
    ends = searcher.reader().column_reader("day_end")
    expected = {
        d
        for d in searcher.reader().all_doc_ids()
        if begins[d] <= hi and lo <= ends[d] and begins[d] != NO_DAY
    }
    assert _in_days(Postings(searcher), lo, hi, None) == expected


def test_year_terms():
    day = dt.date(2002, 6, 13).toordinal()
    assert year_terms(day, day) == "2002"
    assert year_terms(day, dt.date(2004, 1, 1).toordinal()) == "2002,2003,2004"
    assert year_terms(dt.date(1000, 1, 1).toordinal(), day) == WIDE


phrase_queries = st.lists(
    st.one_of(
        word, st.lists(word, min_size=2, max_size=3).map(lambda ws: '"' + " ".join(ws) + '"')
    ),
    min_size=1,
    max_size=3,
).map(lambda parts: " OR ".join(parts) if len(parts) > 2 else " ".join(parts))


@settings(max_examples=60, deadline=None)
@given(phrase_queries, st.integers(1, 30))
def test_checking_phrases_only_in_the_best_documents_ranks_as_checking_all(searcher, text, n):
    try:
        plan = build_query(text, Filters())
    except QueryError:  # common words only
        assume(False)
    lazy = run(searcher, plan, n)
    full = run(searcher, plan, n, detail=True)
    assert [(h.record, round(h.score, 9)) for h in lazy.hits] == [
        (h.record, round(h.score, 9)) for h in full.hits
    ]


@pytest.mark.parametrize("name", ["day_begin", "day_end", "seq"])
def test_columns_read_at_once_hold_what_whoosh_reads_one_by_one(searcher, name):
    reader = searcher.reader().column_reader(name)
    expected = [reader[d] for d in range(searcher.reader().doc_count_all())]
    assert list(Postings(searcher).column(name)) == expected
    few = set(range(0, len(expected), 97))
    assert Postings(searcher).values(name, few) == {d: expected[d] for d in few}


def test_a_column_no_document_has_reads_as_its_default(tmp_path):
    ix = windex.create_in(str(tmp_path), schema())
    with ix.writer() as writer:
        writer.add_document(id="a", text="words", record="{}")
    with ix.searcher() as searcher:
        assert list(Postings(searcher).column("seq")) == [NO_DAY]
        assert Postings(searcher).values("seq", {0}) == {0: NO_DAY}


@pytest.mark.parametrize(
    ("fieldname", "prefix", "pattern"),
    [
        ("text", b"", r".*e.*"),
        ("text", b"p", r"p.*"),
        ("place", b"", r".*"),
        ("title", b"zz", r".*"),
    ],
)
@pytest.mark.parametrize("chunk", [termlist._SCAN_BYTES, 37])  # 37 bytes: entries cross reads
def test_terms_read_as_bytes_are_the_terms_whoosh_lists(
    searcher, monkeypatch, fieldname, prefix, pattern, chunk
):
    import re

    monkeypatch.setattr(termlist, "_SCAN_BYTES", chunk)
    regex = re.compile(pattern + r"\Z")
    for sub, _offset in searcher.leaf_searchers():
        reader = sub.reader()
        expected = {
            t: reader.doc_frequency(fieldname, t)
            for t in reader.expand_prefix(fieldname, prefix)
            if regex.match(t.decode())
        }
        found = segment_terms(reader, fieldname, prefix, lambda b: bool(regex.match(b.decode())))
        assert found == expected
        assert found or fieldname == "title"


def test_a_reader_of_another_kind_has_its_terms_listed_the_public_way(searcher):
    whole = searcher.reader()  # several segments: a MultiReader, with no term file of its own
    assert not hasattr(whole, "_terms")
    expected = {t: whole.doc_frequency("text", t) for t in whole.expand_prefix("text", b"p")}
    assert segment_terms(whole, "text", b"p", lambda b: True) == expected != {}


def test_a_bytes_column_read_at_once_holds_what_whoosh_reads_one_by_one(tmp_path):
    ix = windex.create_in(str(tmp_path), schema())
    with ix.writer() as writer:
        for n in range(50):
            writer.add_document(id=f"d{n}", facets=("x" * (n % 7)).encode(), record="{}")
    with ix.searcher() as searcher:
        reader = searcher.reader().column_reader("facets", translate=False)
        expected = {d: reader[d] for d in range(50)}
        assert Postings(searcher).values("facets", set(range(50))) == expected
        assert Postings(searcher).values("facets", {3, 4}) == {3: expected[3], 4: expected[4]}
