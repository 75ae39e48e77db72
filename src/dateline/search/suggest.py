"""Did-you-mean: for the words of a query that the index does not hold, the nearest that it
does, spelt as they stand in the text; from any engine's words (a Vocabulary)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import Protocol

from dateline.search import query as T

# Words are looked for within two edits; longer words than this are not looked up.
MAX_SUGGEST_LENGTH = 24
# How a suggested stem is written is read from at most this many records that hold it.
SURFACE_RECORDS = 10


class Vocabulary(Protocol):
    """The words of an index's text field, as an engine gives them to did-you-mean."""

    def stems(self, word: str) -> list[str]:
        """The terms the text field makes of a word."""

    def doc_frequency(self, stem: str) -> int:
        """How many records hold a term."""

    def within(self, stem: str, maxdist: int, limit: int) -> list[str]:
        """At most `limit` terms within `maxdist` edits (Levenshtein) of `stem` that share its
        first letter, the most frequent first (then in order)."""

    def texts(self, stem: str) -> Iterator[str]:
        """The texts of the records that hold a term."""

    def marks(self, text: str, stem: str) -> list[tuple[int, int]]:
        """Where in `text` the words of that stem are."""


def plain_words(node: T.Node) -> list[str]:
    """The words of the text and title a query searches, alone or in phrases, for
    did-you-mean: not patterns, and not names of speakers or places."""
    out = []
    for leaf in T.leaves(node):
        if isinstance(leaf, T.Word | T.Phrase) and leaf.field in (None, "text", "title"):
            out.extend(w for w in leaf.text.split() if w.isalpha())
    return list(dict.fromkeys(out))


def _script(word: str) -> str | None:
    """The one script of a word's letters (LATIN, CYRILLIC, CJK ...), None when it mixes them."""
    scripts = {unicodedata.name(c, "?").split()[0] for c in word}
    return scripts.pop() if len(scripts) == 1 else None


def respelled(text: str, changes: dict[str, str]) -> str | None:
    """The query as typed with the misspelt words replaced; None when there are none."""
    if not changes:
        return None
    pattern = r"(?<!\w)(" + "|".join(map(re.escape, changes)) + r")(?![\w:])"
    return re.sub(pattern, lambda m: changes[m.group(1)], text)


def suggest(vocabulary: Vocabulary, words: list[str]) -> dict[str, str]:
    """`refugees` for `refugess`: each word the index does not hold, and the nearest term it
    does hold, spelt as it stands in the text. Long words and words that mix scripts are left
    as they are, and a word is only replaced by one of its own script."""
    out: dict[str, str] = {}
    for word in words:
        stems = vocabulary.stems(word)
        script = _script(word)
        if (
            len(stems) != 1
            or len(word) > MAX_SUGGEST_LENGTH
            or script is None
            or vocabulary.doc_frequency(stems[0])
        ):
            continue
        close = [c for c in _near(vocabulary, stems[0]) if _script(c) == script]
        if close:
            # An edit distance counts a swap of two letters as two edits; people make it as
            # one. Of the nearest stems, the word as written nearest to what was typed wins.
            nearest = min(edit_distance(stems[0], c) for c in close)
            forms = [
                _surface(vocabulary, c, word.lower())
                for c in close
                if edit_distance(stems[0], c) == nearest
            ]
            out[word] = min(forms, key=lambda f: (edit_distance(word.lower(), f), f))
    return out


def _near(vocabulary: Vocabulary, stem: str) -> list[str]:
    """Terms of the text within two edits of `stem` that share its first letter (or, failing
    those, within one edit of it with its first two letters swapped)."""
    found = vocabulary.within(stem, 2, 8)
    if not found and len(stem) > 2 and stem[0] != stem[1]:
        found = vocabulary.within(stem[1] + stem[0] + stem[2:], 1, 8)
    return found


def _surface(vocabulary: Vocabulary, stem: str, typed: str) -> str:
    """A word of the text whose stem is `stem`, the one nearest to what was typed, from the
    first few records that hold it."""
    forms: set[str] = set()
    for text in itertools.islice(vocabulary.texts(stem), SURFACE_RECORDS):
        forms.update(text[a:b].lower() for a, b in vocabulary.marks(text, stem))
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
