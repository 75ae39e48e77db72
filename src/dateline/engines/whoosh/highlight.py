"""Where a hit matches: the offsets of the query's words and phrases in a text, and a hit's
snippet, the sentence that holds the most of them."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from dateline.engines.whoosh.schema import fold, schema, tokens
from dateline.search.hits import Hit


def highlight(text: str, phrases: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    """Offsets of each run of words in `text` whose stems are one of the phrases (a word is a
    phrase of one): from the first word's start to the last one's end. Only the stretches of
    text around words that may be a phrase's longest word are analysed."""
    if not phrases or not text:
        return []
    analyzer = schema()["text"].analyzer
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in set(phrases):
        by_first.setdefault(phrase[0], []).append(phrase)
    out = set()
    for a, b in _stretches(text, set(phrases)):
        tokens = [
            (t.text, t.startchar + a, t.endchar + a)
            for t in analyzer(text[a:b], chars=True, mode="index")
        ]
        for i, (word, start, _end) in enumerate(tokens):
            for phrase in by_first.get(word, ()):
                n = len(phrase)
                if tuple(t[0] for t in tokens[i : i + n]) == phrase:
                    out.add((start, tokens[i + n - 1][2]))
    return sorted(out)


# Porter's rules rewrite a word's ending only, never more than its last two letters (of 42,000
# words of BBC and PolNeAR text, the stem of every one without accents keeps all but at most its
# last letter: `govern` of government, `happi` of happy). So a text none of whose words begins
# like a stem of a phrase cannot hold the phrase, and only the stretches around the words that
# begin like its longest stem (the rarest beginning, as a rule) are analysed. A token never
# begins right after a letter. Stretches run from white space to white space (no token holds
# any), far enough before and after the word to take in the rest of the phrase.
_STEM_REWRITES = 2
_STRETCH = 120  # characters a stretch runs before or after its word, per other word of a phrase


def _stretches(text: str, phrases: set[tuple[str, ...]]) -> list[tuple[int, int]]:
    """The stretches of `text` to analyse: all of it when it is short, or when lowercasing would
    not keep each character one character."""
    lowered = text.lower()
    if len(text) < 2 * _STRETCH or len(lowered) != len(text):
        return [(0, len(text))]
    probe = fold(lowered)  # as the analyzer does; each character stays one
    beginnings, back, on = set(), 0, 0
    for phrase in phrases:
        k = max(range(len(phrase)), key=lambda n: len(phrase[n]))  # the longest word
        beginnings.add(phrase[k][: max(len(phrase[k]) - _STEM_REWRITES, 1)])
        back, on = max(back, _STRETCH * k), max(on, _STRETCH * (len(phrase) - 1 - k))
    alternatives = "|".join(map(re.escape, sorted(beginnings, key=len, reverse=True)))
    pattern = re.compile(rf"(?<![^\W\d])(?:{alternatives})")
    merged: list[list[int]] = []
    covered = 0
    for m in pattern.finditer(probe):
        if merged and m.start() - back < merged[-1][1]:  # meets the last stretch: runs it on
            if m.end() + on > merged[-1][1]:
                merged[-1][1] = _space_after(text, m.end() + on)
            continue
        if merged:
            covered += merged[-1][1] - merged[-1][0]
            if 2 * covered > len(text):  # most of the text: analyse all of it
                return [(0, len(text))]
        before = max(m.start() - back, 0)
        start = max(text.rfind(" ", 0, before), text.rfind("\n", 0, before)) + 1
        merged.append([start, _space_after(text, m.end() + on)])
    return [(a, b) for a, b in merged]


def _space_after(text: str, at: int) -> int:
    """The first white space at or after `at`, or the end of the text."""
    found = _SPACE.search(text, min(at, len(text)))
    return found.start() if found else len(text)


_SPACE = re.compile(r"\s")


def make_hit(
    record: dict[str, Any],
    sentences: list[int] | None,
    score: float,
    phrases: list[tuple[str, ...]],
    marked: bool,
) -> Hit:
    """One hit with its snippet (`sentences`: an article's sentence offsets, start and end
    one after the other), and with `marked` the highlights of its whole text."""
    marks = None
    if marked or (phrases and record.get("kind") == "article"):
        marks = highlight(record.get("text") or "", phrases)
    return Hit(record, score, marks if marked else [], snippet(record, sentences, phrases, marks))


class TextWords:
    """What did-you-mean (search.suggest.Vocabulary) asks of the text analysis, for an engine
    whose text field is analysed as this one's."""

    def stems(self, word: str) -> list[str]:
        return tokens("text", word)

    def marks(self, text: str, stem: str) -> list[tuple[int, int]]:
        return highlight(text, [(stem,)])


def snippet(
    record: dict[str, Any],
    sentences: list[int] | None,
    phrases: list[tuple[str, ...]],
    marks: list[tuple[int, int]] | None = None,
) -> dict[str, Any] | None:
    """The sentence of a hit that holds the most of the query's words and phrases (a quote's
    or an event's own sentence; of an article, the best of its sentences), with the matched
    words: spans with offsets into the article text, like every span. None when the query
    has no words that a text holds. `marks`: the highlights of an article's text, if known."""
    if not phrases:
        return None
    if record.get("kind") == "article":
        text = record.get("text") or ""
        offsets = sentences or [0, len(text)]
        starts = offsets[::2]
        in_sentence: dict[int, list[tuple[int, int]]] = {}
        if marks is None:
            marks = highlight(text, phrases)
        for a, b in marks:
            in_sentence.setdefault(max(bisect_right(starts, a) - 1, 0), []).append((a, b))

        def rank(n: int) -> tuple:
            found = in_sentence.get(n, [])
            return len({text[a:b].lower() for a, b in found}), len(found), -n

        best = max(in_sentence, key=rank) if in_sentence else 0
        start, end = offsets[2 * best], offsets[2 * best + 1]
        sentence = text[start:end]
        found = [(a - start, b - start) for a, b in in_sentence.get(best, []) if b <= end]
    else:
        span = record.get("sentence") or {"text": record.get("text") or "", "start": 0}
        sentence, start = span["text"], span["start"]
        end = start + len(sentence)
        found = highlight(sentence, phrases)
    return {
        "text": sentence,
        "start": start,
        "end": end,
        "matches": [
            {"text": sentence[a:b], "start": start + a, "end": start + b} for a, b in found
        ],
    }
