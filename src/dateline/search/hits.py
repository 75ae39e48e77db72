"""What a search returns, whichever engine ran it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


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
