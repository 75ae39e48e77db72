"""Quotation marks: which marks open and close a quotation, and the regions they enclose.

Curly, straight, doubled (`''`, as some wires write them) and guillemets all close one another,
since real copy mixes them (`“Yes," he said`). Whether a mark opens or closes is decided by what
stands beside it, so apostrophes (`don’t`, `teachers'`) never count. Single marks make a region only
outside double ones (British style); inside a double quotation they are nested quotes. A mark left
open ends with its paragraph and never runs into the next.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from dateline.annotate.lexicons import load
from dateline.model import Span

_OPENING_CONTEXT = frozenset("([{—–-/:;,\u00a0")


@dataclass(frozen=True, slots=True)
class QuotedRegion:
    """Text between quotation marks; `inner` excludes the marks."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the last character of the closing mark; None when left open
    inner: Span
    continued: bool = False  # opens a paragraph that continues the previous paragraph's quote
    single: bool = False  # between single marks
    ended: bool = False  # left open, but ends before its attribution: `"Yes, said Roe.`

    @property
    def end(self) -> int:
        """Offset just past the region, closing mark included."""
        return self.close + 1 if self.close is not None else self.inner.end


@cache
def _attribution_after_comma() -> re.Pattern[str]:
    """`, said Kessel` / `, Kessel said`: where a quotation whose closing mark was left out ends."""
    lex = load("reporting_verbs")["clause"]
    verbs = sorted({f for lemma in ("say", "tell", "add", "write") for f in lex[lemma]}, key=len)
    alternatives = "|".join(re.escape(v) for v in reversed(verbs) if " " not in v)
    return re.compile(rf",\s+(?:[A-Z][\w.'’-]*\s+){{0,3}}(?:{alternatives})\b")


def _end_before_attribution(text: str, region: QuotedRegion) -> QuotedRegion:
    m = _attribution_after_comma().search(text, region.inner.start, region.inner.end)
    if m is None:
        return region
    inner = Span.of(text, region.inner.start, m.start())
    return QuotedRegion(region.open, None, inner, region.continued, region.single, ended=True)


@cache
def _marks(kind: str) -> tuple[dict[str, str], re.Pattern[str]]:
    """The marks of a kind (double_marks, single_marks) and their pattern, built once."""
    marks = load("quotes")[kind]
    return marks, _mark_pattern(list(marks))


def _mark_pattern(marks: list[str]) -> re.Pattern[str]:
    """Longest marks first; a doubled mark (two apostrophes) takes the last two of a run of
    three, so that a nested single quote closes before the double one around it."""
    ordered = sorted(marks, key=len, reverse=True)
    return re.compile(
        "|".join(
            re.escape(m) + (f"(?!{re.escape(m[0])})" if len(m) > 1 and len(set(m)) == 1 else "")
            for m in ordered
        )
    )


def quoted_regions(text: str, paragraphs: list[Span]) -> list[QuotedRegion]:
    """Quotations within each paragraph, in order; none overlaps another."""
    doubles, double_pattern = _marks("double_marks")
    singles, single_pattern = _marks("single_marks")
    regions: list[QuotedRegion] = []
    previous_unclosed = False
    for para in paragraphs:
        found = _scan(text, para, double_pattern, doubles, previous_unclosed)
        if found and found[-1].close is None:
            found[-1] = _end_before_attribution(text, found[-1])
        previous_unclosed = bool(found) and found[-1].close is None and not found[-1].ended
        # single marks outside the double quotations: 'British style' quotes
        pos = para.start
        for region in [*found, None]:
            stop = region.open if region is not None else para.end
            if stop > pos:
                gap = Span(pos, stop, "")
                regions.extend(_scan(text, gap, single_pattern, singles, False, single=True))
            if region is not None:
                regions.append(region)
                pos = region.end
    return regions


def _scan(
    text: str,
    para: Span,
    pattern: re.Pattern[str],
    kinds: dict[str, str],
    previous_unclosed: bool,
    single: bool = False,
) -> list[QuotedRegion]:
    out: list[QuotedRegion] = []
    open_at: int | None = None
    open_len = 0
    for m in pattern.finditer(text, para.start, para.end):
        i, j = m.span()
        role = _role(text, i, j, para, kinds[m.group()], single)
        if role == "open" or (role == "either" and open_at is None and not single):
            if open_at is not None and not text[open_at + open_len : i].strip():
                # `: ““Radical ...”`: a mark typed twice opens one quotation
                open_len = j - open_at
                continue
            if open_at is not None:
                # a second opening mark: the first was never closed; it ends here
                out.append(_region(text, open_at, open_len, None, i, previous_unclosed, para))
            open_at, open_len = i, j - i
        elif role in ("close", "either") and open_at is not None and i > open_at + open_len:
            out.append(_region(text, open_at, open_len, j - 1, i, previous_unclosed, para))
            open_at = None
    if open_at is not None:
        out.append(_region(text, open_at, open_len, None, para.end, previous_unclosed, para))
    if single:
        out = [r for r in out if r.close is not None]  # an odd single mark is an apostrophe
        out = [QuotedRegion(r.open, r.close, r.inner, r.continued, True) for r in out]
    return out


class _Sides(NamedTuple):
    """The characters either side of a mark, and whether they let it open or close."""

    before: str
    after: str
    can_open: bool  # space (or an opening context) before, a character after
    can_close: bool  # a character before, space (or punctuation) after


def _sides(text: str, i: int, j: int, para: Span) -> _Sides:
    """What stands beside the mark at [i, j); the paragraph's edges count as spaces."""
    before = text[i - 1] if i > para.start else " "
    after = text[j] if j < para.end else " "
    space_before = before.isspace() or before in _OPENING_CONTEXT
    space_after = after.isspace() or (not after.isalnum() and after not in "‘“'\"([")
    can_open = space_before and not after.isspace()
    can_close = not before.isspace() and space_after
    return _Sides(before, after, can_open, can_close)


def _role(text: str, i: int, j: int, para: Span, kind: str, single: bool) -> str:
    """open, close, either (straight marks that could be both) or none."""
    sides = _sides(text, i, j, para)
    if single:
        return _single_role(kind, sides)
    if kind == "open":
        return "close" if sides.can_close and not sides.can_open else "open"
    if kind == "close":
        return "open" if _opens_paragraph(text, i, para) else "close"
    return _straight_role(text, i, para, sides)


def _single_role(kind: str, sides: _Sides) -> str:
    """A single mark opens before a word and closes after one; an apostrophe does neither."""
    # an apostrophe sits between letters (don't), or after an s before a space (teachers')
    before, after, can_open, can_close = sides
    if kind == "open":
        return "open" if can_open and (after.isalnum() or after in '“"') else "none"
    if kind == "close":
        return "close" if can_close and not (before == "s" and after == " ") else "none"
    if can_open and after.isalnum():
        return "open"
    return "close" if can_close and before != "s" else "none"


def _opens_paragraph(text: str, i: int, para: Span) -> bool:
    """A closing mark typed where a paragraph opens opens its quotation."""
    # `” … in the case of Wyoming, ...,” wrote Time`, after an invisible format character at most
    return not text[para.start : i].strip("\u200b\u200e\u200f\u202a\u202c\ufeff")


def _straight_role(text: str, i: int, para: Span, sides: _Sides) -> str:
    """A straight double mark opens or closes by its sides; spaced on both, it may only close."""
    if sides.can_open and not sides.can_close:
        return "open"
    if sides.can_close and not sides.can_open:
        return "close"
    if not (sides.before.isspace() and sides.after.isspace()):
        return "either"
    return "close" if _closes_after_a_space(text, i, para) else "none"


def _closes_after_a_space(text: str, i: int, para: Span) -> bool:
    """Spaced on both sides, a mark closes a quote after a nested single mark or after `,?!`."""
    # `like, 'Oh, this is important,' " Magel said`: a space between the nested single mark
    # and the double one that closes after it
    after_single = i - 3 >= para.start and text[i - 2] in "'’" and not text[i - 3].isspace()
    # `... doing this, " Trump said`: a stray space between the comma and the closing mark
    return after_single or (i - 2 >= para.start and text[i - 2] in ",?!")


def _region(
    text: str,
    open_at: int,
    open_len: int,
    close: int | None,
    inner_end: int,
    previous_unclosed: bool,
    para: Span,
) -> QuotedRegion:
    inner_start = open_at + open_len
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and (text[inner_end - 1].isspace() or text[inner_end - 1] == ","):
        inner_end -= 1
    continued = previous_unclosed and open_at == para.start
    return QuotedRegion(open_at, close, Span.of(text, inner_start, inner_end), continued)
