"""A pattern (`refug*`) is searched as the words of the index it matches, the most frequent
first, within budgets, whichever engine holds the words."""

from __future__ import annotations

import re
from collections import Counter

# At most this many words for one pattern, and in all a query's patterns together ...
PATTERN_TERMS = 50
MAX_EXPANSION = 150
# ... and no more than this many postings in all, each of which costs reading: so that `a*` or
# `*e*` cost what a query of a few common words does (the first word is always searched).
MAX_PATTERN_POSTINGS = 30_000


def pattern_regex(pattern: str, char: str = ".") -> str:
    """A pattern of `*` (any letters) and `?` (one letter) as a regular expression, `char`
    being what one letter may be."""
    return "".join(f"{char}*" if c == "*" else char if c == "?" else re.escape(c) for c in pattern)


def prefix(pattern: str) -> str:
    """The fixed beginning of a pattern, before its first `*` or `?`."""
    return re.split(r"[*?]", pattern, maxsplit=1)[0]


class Budget:
    """What is left of one query's budgets as its patterns are expanded; `notes` says where a
    pattern was cut."""

    def __init__(self) -> None:
        self.terms = MAX_EXPANSION
        self.postings = MAX_PATTERN_POSTINGS
        self.notes: list[str] = []

    def choose(self, typed: str, found: dict[str, dict[bytes, int]]) -> list[bytes]:
        """Of the words each field has that match `typed` (field -> word -> documents), the
        most frequent over all the fields, at most PATTERN_TERMS of them, within what is left:
        sorted."""
        frequency: Counter[bytes] = Counter()
        for words in found.values():
            frequency.update(words)
        kept: list[bytes] = []
        for word, n in sorted(frequency.items(), key=lambda item: (-item[1], item[0])):
            if kept and (len(kept) >= min(PATTERN_TERMS, self.terms) or n > self.postings):
                break
            kept.append(word)
            self.postings -= n
        self.terms -= len(kept)
        if len(kept) < len(frequency):
            most = f"the {len(kept):,} most frequent" if len(kept) > 1 else "only the most frequent"
            self.notes.append(
                f"`{typed}` matches {len(frequency):,} words; searched {most} "
                "(make the pattern longer to search fewer)"
            )
        return sorted(kept)
