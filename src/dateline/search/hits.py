"""What a search returns, whichever engine ran it."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from dateline.records import NO_DAY

# a column of an engine: a value for each record number
Column = Sequence[int] | dict[int, int]


@dataclass
class Hit:
    record: dict[str, Any]
    score: float
    highlights: list[tuple[int, int]]  # offsets into record["text"] of the matched words
    snippet: dict[str, Any] | None = None  # the best sentence and its matches (see `snippet`)


@dataclass
class Result:
    hits: list[Hit]
    total: int | None  # None: not counted
    facets: dict[str, Counter]
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)  # what the user should know: a pattern cut
    undated: int = 0  # matches left out for having no date (only records with one were asked)


@dataclass
class DocumentHits:
    """The matches in one article: how many, and the best of them."""

    doc_id: str
    hits: int
    best: Hit


def date_order(docs: set[int], begins: Column, seq: Column, n: int) -> list[int]:
    """The first `n` of `docs` by date: the dated by their first day (then in corpus order),
    then the undated in corpus order."""
    dated = {d for d in docs if begins[d] < NO_DAY}
    first = heapq.nsmallest(n, dated, key=lambda d: (begins[d], seq[d]))
    if len(first) < n:
        first += heapq.nsmallest(n - len(first), docs - dated, key=seq.__getitem__)
    return first


def corpus_order(docs: set[int], seq: Column, n: int) -> list[int]:
    """The first `n` of `docs` in the order they were written, corpus order."""
    return heapq.nsmallest(n, docs, key=seq.__getitem__)


def ranked_order(
    scores: dict[int, float], docs: set[int], seq: Column, n: int
) -> list[tuple[float, int]]:
    """(score, record) of the first `n` of `docs`: the scored best first, equal scores in
    corpus order (so that a build in parallel processes ranks as one in a single process
    does), then the unscored in corpus order."""
    best = heapq.nsmallest(n, scores.items(), key=lambda item: (-item[1], seq[item[0]]))
    out = [(score, d) for d, score in best]
    if len(out) < n and len(scores) < len(docs):
        unscored = corpus_order({d for d in docs if d not in scores}, seq, n - len(out))
        out += [(0.0, d) for d in unscored]
    return out
