"""Which date, if any, says when a statement was made or an event happened.

A sentence's dates are not all the date of what it reports: in "Reeker said on Thursday that
the 1967 U.N. protocol binds China", the statement is dated Thursday, and 1967 names the
protocol. A date dates a cue or an event trigger when it is a calendar date:
- close to it, with no clause break (; : a dash, a quotation mark, ", who") between them: "said on
  Tuesday", "Tuesday, he said", "was arrested on March 3", "told reporters last week";
- not inside the words quoted (they date what the speaker talks about, not the speaking);
- not naming a thing: a year after a determiner and before a noun ("the 1967 U.N. protocol",
  "the 2002 World Cup", "its 1995 report") names what follows it;
- not bounding a period: "since 1930", "until June" say when a state of things began or ends.
With none, the record takes its publication date (records.py).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from dateline.model import DateMention, Span

# A cue's date is among its own modifiers ("said in a statement on Monday"); an event's may
# follow its object ("arrested two executives of a rival firm on 4 March").
SPEECH_WORDS = 4
EVENT_WORDS = 10
_CLAUSE_BREAK = re.compile(r"[;:\"“”«»—]|''|``| [-–] |, (?:who|which|where|while|but)\b")
_YEAR = re.compile(r"(?:the |a |an )?\d{4}$")
_DETERMINER = re.compile(
    r"(?:\b(?:the|a|an|its|his|her|their|our|this|that|these|those)|'s|’s)\s+$", re.IGNORECASE
)
_NOUN_AFTER = re.compile(r"\s+[A-Za-z]")
# Between a date and the verb after it, these open another clause.
_CLAUSE_OPENER = re.compile(r"\b(?:and|but|after|before|as|when|while|because)\b", re.IGNORECASE)
_RELATIVE = re.compile(r", (?:who|which|whose|where)\b")
# ... but `When asked on Monday, the minister said`: the asking is the saying
_OPENS_CLAUSE = re.compile(
    r"\s*(?:after|before|as|when|while|because|although|though|since)\b"
    r"(?!\s+(?:asked|speaking|questioned|interviewed|pressed)\b)",
    re.IGNORECASE,
)
_BOUND = re.compile(r"\b(?:since|until|till)\s+$", re.IGNORECASE)


class DateAnchors:
    """The calendar dates of one document, for asking which dates a cue or trigger."""

    def __init__(self, text: str, dates: list[DateMention]) -> None:
        self.text = text
        self.dates = sorted((d for d in dates if d.begin), key=lambda d: d.span.start)
        self.starts = [d.span.start for d in self.dates]

    def date_of(
        self, anchor: Span, within: Span, most_words: int, quoted: Span | None = None
    ) -> DateMention | None:
        """The date of `anchor` (a cue, a trigger) among those in `within` (its sentence), at
        most `most_words` away and not inside `quoted`; the nearest when several qualify."""
        reach = 12 * (most_words + 1)  # characters, to bound the look
        lo = bisect_left(self.starts, max(within.start, anchor.start - reach))
        hi = bisect_right(self.starts, min(within.end, anchor.end + reach))
        best, best_gap = None, 0
        for d in self.dates[lo:hi]:
            if not within.contains(d.span) or (quoted is not None and quoted.overlaps(d.span)):
                continue
            if d.span.overlaps(anchor) or self.names_a_thing(d) or self.bounds_a_period(d):
                continue
            gap = (
                self.text[anchor.end : d.span.start]
                if d.span.start >= anchor.end
                else self.text[d.span.end : anchor.start]
            )
            if len(gap.split()) > most_words or _CLAUSE_BREAK.search(gap):
                continue
            if d.span.start < anchor.start and (
                _CLAUSE_OPENER.search(gap) or self.in_subordinate_clause(d, within)
            ):
                continue  # "collapsed in 2002 and prosecutors claim": the date is the other verb's
            if best is None or len(gap) < best_gap:
                best, best_gap = d, len(gap)
        return best

    def in_subordinate_clause(self, d: DateMention, within: Span) -> bool:
        """The date is the verb's of a clause before the anchor's: a relative clause that no
        comma closes before it ("Lee, who created Spider-Man in 1962, his lawyer said"), or one
        opening the sentence ("After falls at the end of 2004, Halifax said ...")."""
        before = self.text[within.start : d.span.start]
        if _OPENS_CLAUSE.match(before) and "," not in before:
            return True
        opened = [m.end() for m in _RELATIVE.finditer(before)]
        return bool(opened) and "," not in before[opened[-1] :]

    def bounds_a_period(self, d: DateMention) -> bool:
        """ "since 1930", "until June": where a state of things starts or ends, not a moment."""
        return bool(_BOUND.search(self.text, max(0, d.span.start - 8), d.span.start))

    def names_a_thing(self, d: DateMention) -> bool:
        if not _YEAR.match(d.span.text):
            return False
        before = self.text[max(0, d.span.start - 12) : d.span.start]
        return bool(_DETERMINER.search(before) or d.span.text[:1].isalpha()) and bool(
            _NOUN_AFTER.match(self.text, d.span.end)
        )
