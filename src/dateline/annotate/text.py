"""Paragraphs, sentences and tokens, each a Span with offsets into the text as read."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from itertools import compress, count, repeat
from operator import attrgetter

from dateline.annotate.lexicons import words
from dateline.model import Span

# No sentence of prose is this long (the longest of the 98,000 in the corpora we measure on has
# 1,094 characters). A longer run with no full stop (a table, a transcript, a text that lost its
# stops) is cut into pieces this long: annotators read a sentence at a time, so their work per
# sentence stays bounded and a document of one endless sentence is not read in quadratic time.
MOST_SENTENCE_CHARS = 2000

# Wire copy wrapped at a fixed width: 3 in 5 lines of a paragraph this long (a heading or a list
# item is seldom), and at least this many lines.
WRAPPED_WIDTH = range(50, 90)
WRAPPED_LINES = 3
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*|\r\n?[ \t]*\r\n?\s*")
_LINE_BREAK = re.compile(r"[ \t]*\r?\n[ \t]*")
_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*\.?|[^\w\s]", re.UNICODE)
# A candidate sentence end: terminal punctuation, optional closing quotes or brackets, then space,
# then a word, or an opening mark before it: one character, or the two apostrophes (or backticks)
# some wires write a double mark with (`he added. ''Six months ago ...''`).
# (The lookahead first, which the match implies, lets the regex engine skip to those marks.)
_OPENING_MARK = r"(?:''|``|[\"“‘(\[])?"
_BOUNDARY = re.compile(rf"(?=[.!?…])([.!?]+|\.\.\.|…)([\"'”’)\]]*)(\s+)(?={_OPENING_MARK}[\w])")
_WORD_CHAR = re.compile(r"[\w.'’-]")
_WORD_AFTER = re.compile(rf"{_OPENING_MARK}([\w'’-]+)")
_ACRONYM = re.compile(r"(?:\w\.)+\w")
_END = attrgetter("end")


def paragraphs(text: str) -> list[Span]:
    """Blocks of text separated by blank lines, stripped of surrounding white space."""
    spans = []
    pos = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        spans.extend(_stripped(text, pos, brk.start()))
        pos = brk.end()
    spans.extend(_stripped(text, pos, len(text)))
    return spans


def headline(paragraphs_: list[Span]) -> Span | None:
    """The first paragraph, when it is one short line with the story after it."""
    if len(paragraphs_) < 2:
        return None
    first = paragraphs_[0]
    return first if len(first.text) <= 200 and "\n" not in first.text else None


def _stripped(text: str, start: int, end: int) -> list[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [Span.of(text, start, end)] if end > start else []


def sentences(text: str, paragraphs_: list[Span] | None = None) -> list[Span]:
    """Sentences inside paragraphs; none crosses a paragraph or a one-line heading, and none is
    longer than MOST_SENTENCE_CHARS. `paragraphs_`, when given, are `paragraphs(text)`."""
    spans: list[Span] = []
    for para in paragraphs(text) if paragraphs_ is None else paragraphs_:
        pos = para.start
        # The last character but space since `pos`, read one line at a time: rereading from
        # `pos` at every line break would be quadratic in a paragraph of many lines.
        last, read = "", pos
        # (most paragraphs are one line: the regex, which has no first character to skip
        # ahead by, is not run over them)
        multiline = text.find("\n", para.start, para.end) >= 0
        hard_wrapped = multiline and _hard_wrapped(para.text)
        line_breaks = _LINE_BREAK.finditer(text, para.start, para.end) if multiline else ()
        for line_break in line_breaks:
            line = text[read : line_break.start()].rstrip()
            last, read = line[-1] if line else last, line_break.end()
            # A line ending without punctuation is a heading or list item: a sentence of its own;
            # unless the paragraph is hard-wrapped copy ("at 1.25 times New\nYork July"), the
            # next line not indented as a new paragraph, and the line no Title Case heading (or
            # the sentence goes on in lower case).
            wrapped = (
                hard_wrapped
                and text[line_break.end() - 1] == "\n"
                and (text[line_break.end()].islower() or not _title_case(line))
            )
            if not wrapped and (not last or last not in ".!?,;:\"”'’-–—"):
                spans.extend(_split_sentences(text, pos, line_break.start()))
                pos, last = line_break.end(), ""
        spans.extend(_split_sentences(text, pos, para.end))
    return spans


def _title_case(line: str) -> bool:
    """A heading's capitals: most long words, and the last word (wrapped copy breaks anywhere:
    "at the Chicago Board of")."""
    words = line.split()
    long_words = [w for w in words if len(w) > 3]
    if len(long_words) < 3 or not words[-1][0].isupper():
        return False
    return sum(w[0].isupper() for w in long_words) >= 0.75 * len(long_words)


def _hard_wrapped(paragraph: str) -> bool:
    lines = paragraph.split("\n")[:-1]  # the last line of a paragraph may be short
    if len(lines) + 1 < WRAPPED_LINES:
        return False
    full = sum(len(line.strip()) in WRAPPED_WIDTH for line in lines)
    return full >= 0.6 * len(lines)


def _split_sentences(text: str, start: int, end: int) -> list[Span]:
    out: list[Span] = []
    pos = start
    for m in _BOUNDARY.finditer(text, start, end):
        if _is_sentence_end(text, pos, m):
            out.extend(_bounded(text, pos, m.start(3)))
            pos = m.end(3)
    out.extend(_bounded(text, pos, end))
    return out


def _bounded(text: str, start: int, end: int) -> list[Span]:
    """The sentence between `start` and `end`, stripped; one longer than MOST_SENTENCE_CHARS is
    cut at spaces into pieces no longer."""
    while end > start and text[end - 1].isspace():
        end -= 1
    out: list[Span] = []
    while True:
        while start < end and text[start].isspace():
            start += 1
        if end - start <= MOST_SENTENCE_CHARS:
            if end > start:
                out.append(Span.of(text, start, end))
            return out
        cut = text.rfind(" ", start + 1, start + MOST_SENTENCE_CHARS + 1)
        if cut < 0:
            cut = start + MOST_SENTENCE_CHARS
        out.extend(_stripped(text, start, cut))
        start = cut


def _is_sentence_end(text: str, sentence_start: int, m: re.Match[str]) -> bool:
    after = _WORD_AFTER.match(text, m.end(3))
    next_word = after.group(1) if after else ""
    # A sentence does not open in lower case: `"Why?" he asked`, `Sen. Ann Roe (D-Vt.) said`.
    if next_word[:1].islower():
        return False
    if m.group(1) != ".":
        return True
    before = _word_before(text, sentence_start, m.start(1))
    if not before:
        return True
    word = before.lower().rstrip(".")
    next_word = next_word.lower()
    if word in words("abbreviations", "titles"):
        return False
    is_acronym = bool(_ACRONYM.fullmatch(word)) or len(word) == 1
    if is_acronym or word in words("abbreviations", "other"):
        # "the U.S. State Department" runs on; "in the U.S. The next day" does not.
        return next_word in words("abbreviations", "sentence_starters")
    return True


def _word_before(text: str, start: int, end: int) -> str | None:
    """The word (letters, digits, dots, apostrophes, hyphens) ending at `end`, read backwards
    from it, not forwards from `start`: a search from the sentence's start for every full stop
    in it would be quadratic in a sentence that never ends. As a search for `[...]+$` would,
    it may end before a newline that ends the text."""
    if end > start and text[end - 1] == "\n":
        end -= 1
    k = end
    while k > start and _WORD_CHAR.match(text, k - 1):
        k -= 1
    return text[k:end] if k < end else None


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Words (with inner hyphens, apostrophes and dots) and single punctuation marks."""
    end = len(text) if end is None else end
    # map over the matches, not a loop: the per-token steps run in C (a third of the time).
    found = list(_TOKEN.finditer(text, start, end))
    strs = list(map(re.Match.group, found))
    out = Span.many(list(map(re.Match.start, found)), list(map(re.Match.end, found)), strs)
    # A trailing period belongs to the word only for abbreviations and acronyms: the other
    # words ending in one ("said.") are cut in two.
    keeps_period = _keeps_period()
    cuts = [
        k
        for k in compress(count(), map(str.endswith, strs, repeat(".")))
        if len(strs[k]) > 2 and "." not in strs[k][:-1] and strs[k][:-1].lower() not in keeps_period
    ]
    if not cuts:
        return out
    parts: list[Span] = []
    done = 0
    for k in cuts:
        parts.extend(out[done:k])
        tok = out[k]
        parts.append(Span(tok.start, tok.end - 1, tok.text[:-1]))
        parts.append(Span(tok.end - 1, tok.end, "."))
        done = k + 1
    parts.extend(out[done:])
    return parts


@cache
def _keeps_period() -> frozenset[str]:
    return words("abbreviations", "titles") | words("abbreviations", "other")


def sentence_at(sentences_: list[Span], offset: int) -> Span | None:
    """The sentence holding `offset` (sentences sorted by start)."""
    i = sentence_index(sentences_, offset)
    return sentences_[i] if i is not None else None


def sentence_index(sentences_: Sequence[Span], offset: int) -> int | None:
    """The index of the sentence holding `offset` (sentences sorted by start)."""
    lo = bisect_right(sentences_, offset, key=_END)  # the first sentence ending after it
    if lo < len(sentences_) and sentences_[lo].start <= offset:
        return lo
    return None
