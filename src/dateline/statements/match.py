"""Whether two quotes are one statement, and how their words differ: the words of a quote as
compared (lowercased, punctuation and quotation marks left out), the word windows that MinHash
hashes, the alignment (difflib) that decides, and the word-level diff a trace shows."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from dateline.kinds import STATEMENT_FLAGS

# a word: letters and digits, with an apostrophe inside (don't, O'Neill); quote marks are not
# (with the combining accents of text written decomposed: "cafe\u0301" is one word)
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
_WORD = re.compile(rf"[\w{_MARKS}]+(?:['’][\w{_MARKS}]+)*")
# A quote of fewer words is one statement only with the same speaker's: "We will win" said
# by two people is two statements (and the rule below asks more of two speakers' quotes).
SHORT = 6
# Two quotes are one statement when, aligned word for word, runs of two words or more cover
# this share of the shorter one's words (a trimmed version is covered whole, a version with a
# word or two changed nearly so), and at least MIN_WORDS of them; credited to different
# speakers (or to no one), at least MIN_WORDS_OTHER: a stock phrase ("did not go far enough",
# "the right thing to do") in two people's mouths is not one statement.
COVER = 0.8
MIN_WORDS = 3
MIN_WORDS_OTHER = 8
# ... and the aligned runs hold this share of the shorter one's content words (those not in
# the function_words lexicon): the same frame with other things in it ("we will build the
# bridge ... the county will pay" and "... the stadium ... the state will pay") is another
# statement.
CONTENT_COVER = 0.7
# The windows MinHash sees: a trimmed quote meets the window of the longer one it was cut from.
WINDOW, STRIDE = 8, 4


@dataclass(frozen=True)
class Word:
    text: str  # as compared (`folded`)
    start: int  # offsets into the text the words were read from
    end: int


def words(text: str) -> list[Word]:
    """The words of a text as compared — lowercased, without accents (café, cafe, and café
    written decomposed are one word) — each with its offsets as written."""
    return [Word(folded(m.group()), m.start(), m.end()) for m in _WORD.finditer(text)]


def folded(text: str) -> str:
    """Text as compared: lowercased, apostrophes as ', accents left out."""
    if text.isascii():  # no accents nor curly apostrophes: only the case to fold
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def key_words(text: str) -> tuple[str, ...]:
    """The words of `words(text)`, without their offsets."""
    if text.isascii():  # lowercasing ASCII changes no letter's length nor what is a word
        return tuple(_WORD.findall(text.lower()))
    return tuple(map(folded, _WORD.findall(text)))


def stored_words(said: str) -> tuple[str, ...]:
    """A wording's words as the chains file keeps them, joined by spaces."""
    return tuple(said.split(" ")) if said else ()


def windows(tokens: tuple[str, ...]) -> list[list[bytes]]:
    """The shingles (word pairs) of each window of the words; a window of one word is that word."""
    out = []
    for start in range(0, max(1, len(tokens) - WINDOW + STRIDE), STRIDE):
        part = tokens[start : start + WINDOW]
        pairs = [f"{a} {b}".encode() for a, b in zip(part, part[1:], strict=False)]
        out.append(pairs or [w.encode() for w in part])
    return out


def _aligned(a: tuple[str, ...], b: tuple[str, ...], run: int = 2) -> set[int]:
    """The positions of `a` whose words align with `b`'s in runs of `run` or more (a lone
    shared word is chance), or all of a one-word `a` found in `b`."""
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return {
        i
        for block in blocks
        if block.size >= run or block.size == len(a) == 1
        for i in range(block.a, block.a + block.size)
    }


def matched_words(a: tuple[str, ...], b: tuple[str, ...], run: int = 2) -> int:
    """How many words of `a` align with `b`'s (see `_aligned`)."""
    return len(_aligned(a, b, run))


def same_statement(a: tuple[str, ...], b: tuple[str, ...], same_speaker: bool) -> bool:
    """Whether the words `a` and `b` are one statement, trimmed or with a few words changed;
    `same_speaker`: whether both are credited to the same speaker."""
    if a == b:  # the same words: credited to someone else, still one statement if not short
        return len(a) >= (1 if same_speaker else SHORT)
    short, other = sorted((a, b), key=len)
    least = min(MIN_WORDS, len(short)) if same_speaker else MIN_WORDS_OTHER
    if not short or len(short) < least:
        return False
    needed = max(least, COVER * len(short))
    if sum((Counter(short) & Counter(other)).values()) < needed:
        return False  # not even that many words shared, aligned or not: no need to align
    aligned = _aligned(short, other)
    if len(aligned) < needed:
        return False
    from dateline.annotate import lexicons  # here: reading a trace needs no lexicon

    function = lexicons.words("function_words")
    content = [i for i, word in enumerate(short) if word not in function]
    return not content or sum(i in aligned for i in content) >= CONTENT_COVER * len(content)


def same_speaker(a: str | None, b: str | None) -> bool:
    """Whether two speaker keys (`chains.speaker_key`) name one speaker: the same name; or the
    same last word when one of them gives no other ("Blair", "Tony Blair"), or both the same
    first name or initial ("T Blair"); never two first names (Tony and Ian Blair, Bill and
    Hillary Clinton)."""
    if a is None or b is None:
        return False
    if a == b:
        return True
    x, y = a.split(), b.split()
    if not x or not y or x[-1] != y[-1]:
        return False
    if len(x) == 1 or len(y) == 1 or x[0] == y[0]:
        return True
    return x[0][0] == y[0][0] and min(len(x[0]), len(y[0])) == 1


def relation(base: tuple[str, ...], other: tuple[str, ...]) -> str:
    """How a version's words stand to the earliest version's: `same`; `trimmed` (a part of
    them, word for word) or `extended` (they are a part of its: the earliest was the trimmed
    one); or `changed`."""
    if base == other:
        return "same"
    short, long = sorted((base, other), key=len)
    blocks = SequenceMatcher(None, long, short, autojunk=False).get_matching_blocks()
    if not any(block.size == len(short) for block in blocks):
        return "changed"
    return "trimmed" if short is other else "extended"


def diff(base_text: str, base_at: int, text: str, at: int) -> list[dict[str, Any]]:
    """The word-level edits that make the earliest version (`base_text`, at offset `base_at` of
    its article) into this one (`text`, at `at` of its own): `delete`, `insert` and `replace`
    operations, each with the words of both sides as spans into their articles (an empty span
    where one side has no words: where they were dropped, or where they are added)."""
    base, here = words(base_text), words(text)
    matcher = SequenceMatcher(None, [w.text for w in base], [w.text for w in here], autojunk=False)
    return [
        {
            "op": op,
            "earliest": _span(base_text, base, i1, i2, base_at),
            "here": _span(text, here, j1, j2, at),
        }
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]


def _span(text: str, ws: list[Word], i: int, j: int, at: int) -> dict[str, Any]:
    """Words i..j of a quote as a span of its article; with no words, the empty span after the
    word before them."""
    if i == j:
        pos = ws[i - 1].end if i else 0
        return {"text": "", "start": at + pos, "end": at + pos}
    start, end = ws[i].start, ws[j - 1].end
    return {"text": text[start:end], "start": at + start, "end": at + end}


def changes(
    base: tuple[tuple[str, ...], str, str | None], version: tuple[tuple[str, ...], str, str | None]
) -> list[str]:
    """What a version, (words, quote kind, speaker key), changed of the earliest: `trimmed` or
    `wording_changed`, `speaker_differs` (credited to someone else; `base`'s speaker is the
    first one the chain credits) and `paraphrased` (quoted in one, reported in the other's own
    words)."""
    (base_words, base_kind, base_speaker), (words, kind, speaker) = base, version
    out = []
    how = relation(base_words, words)
    if how != "same":
        out.append("wording_changed" if how == "changed" else "trimmed")
    if base_speaker and speaker and not same_speaker(base_speaker, speaker):
        out.append("speaker_differs")
    if (base_kind == "indirect") != (kind == "indirect"):
        out.append("paraphrased")
    return out


def chain_flags(versions: list[tuple[tuple[str, ...], str, str | None]]) -> list[str]:
    """A chain's flags, from its versions (words, quote kind, speaker key), earliest first:
    what any of them changed of the earliest."""
    if not versions:
        return []
    base = credited(versions)
    found = {flag for version in versions[1:] for flag in changes(base, version)}
    return [flag for flag in STATEMENT_FLAGS if flag in found]


def credited(
    versions: list[tuple[tuple[str, ...], str, str | None]],
) -> tuple[tuple[str, ...], str, str | None]:
    """The earliest version, with the first speaker the chain credits."""
    words, kind, _ = versions[0]
    return words, kind, next((s for _w, _k, s in versions if s), None)
