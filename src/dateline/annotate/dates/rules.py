"""The rules of the date annotator: a regex per expression shape and a function giving its value.

Rules match lower-cased text; words that may precede an expression and belong to it ("early",
"last", "at least") are read backwards from the match, so every regex starts with a fixed word and
the regex engine can skip ahead quickly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from dateline.annotate.dates.amounts import (
    amount,
    bare_plural,
    one_unit_long,
    recurrence,
    vague_duration,
    vague_period,
    vague_reference,
)
from dateline.annotate.dates.context import Context, Handler, Hit, RuleMatch
from dateline.annotate.dates.lexicon import lexicon
from dateline.annotate.dates.normalize import Anchor
from dateline.annotate.dates.points import (
    bare_year,
    clock,
    decade_word,
    every_part_of_day,
    holiday,
    in_the_part_of_day,
    last_night,
    mid_part_of_day,
    month_or_date,
    named_weekday,
    ordinal_century,
    ordinal_quarter,
    relative_day,
    relative_period,
    season_guard,
    second_day,
    spelled_year,
    that_day,
    that_year,
    the_year,
    this_part_of_day,
    this_quarter,
    year_ago,
    year_end,
    year_range,
)
from dateline.annotate.lexicons import load
from dateline.model import Span


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    handler: Handler
    left: re.Pattern[str] | None  # optional words before the match that belong to it
    cased: bool  # the pattern runs on the text as written (it starts with a capitalized name)
    # Words of which every match holds one (as the pattern spells them, lower case): a text
    # holding none is not scanned. Empty: scanned always.
    needs: tuple[str, ...] = ()


_LEFT_REACH = 40  # characters to look back for modifiers such as "at least the past"


@cache
def _rules() -> list[_Rule]:
    p = lexicon().p
    e = r"(?![\w-])"
    pmod = rf"(?:(?P<pmod>{p['pmod_words']})(?:\s+|-))?"
    rel = r"(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+past|the\s+coming)\s+)?"
    year = r"(?P<year>\d{4})(?!\d)"
    # A year in words: "nineteen ninety-seven", "two thousand and one" (any case)
    ones = r"(?:one|two|three|four|five|six|seven|eight|nine)"
    tens = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    teens = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    spelled = (
        rf"(?i:two\s+(?P<thousand>thousand)(?:\s+(?:and\s+)?(?:{teens}|{ones})(?![\w-]))?|"
        rf"nineteen[-\s]+(?:{tens}(?:[-\s]+{ones})?|{teens})(?![\w-]))"
    )
    any_year = rf"(?:{year}|(?P<syear>{spelled}))"
    clock_day = (
        rf"(?:\s+{p['tz']})?(?:,?\s+(?:on\s+)?(?:(?P<wd>{p['weekday']})|(?P<rday>today|yesterday|"
        rf"tomorrow)|(?:,\s*)?(?P<mon>{p['month']})\s+(?P<day>\d{{1,2}})(?!\d)))?{e}"
    )
    # "that March day in 2009": the month of that year
    month_scene = r"\s+(?:day|night|morning|afternoon|evening|weekend)\s+in\s+"
    # A match of a lexicon list's piece holds the first word of one of its entries as written.
    data = load("dates")
    seasons, sets = _first_words(data["seasons"]), _first_words(data["sets"])
    plural_units = _first_words(data["plural_units"])
    # (pattern, handler, words before, and optionally the words every match holds one of)
    specs: list[tuple[str, Handler, str] | tuple[str, Handler, str, tuple[str, ...]]] = [
        (
            rf"(?P<mon>{p['Month']})(?:\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?!\d|:\d|\s*(?:%|percent)))?(?:(?:,?\s+(?:of\s+)?|{month_scene}){any_year}|"
            rf"\s+(?P<yrel>(?:of\s+)?(?:last|this|next)\s+year))?{e}",
            month_or_date,
            rf"{pmod}(?:(?P<every>every|each)\s+|(?P<weekof>the\s+week\s+of)\s+)?"
            rf"(?:(?P<wd>{p['weekday']}),?\s+)?"
            r"(?:(?P<dday>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?)?" + rel,
        ),
        (
            # "April 24 and 25": the second day is a date of its own, in the same month.
            rf"(?P<mon>{p['Month']})\s+\d{{1,2}}(?:st|nd|rd|th)?\s+(?:and|or)\s+"
            rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|:\d|\s*(?:%|percent)){e}",
            second_day,
            "",
        ),
        (
            # "1830 GMT", "at 0600 local time": a clock time, never the year 1830
            rf"(?P<year>(?:1[89]|20)\d\d)(?!\s+(?:{p['tz']}|local\s+time|hours|hrs)\b)(?P<s>'?s)?"
            + e,
            bare_year,
            rf"{pmod}(?:(?:fiscal|the\s+year)\s+|(?P<prepost>pre|post)-|(?:the\s+)?(?P<half>first|second|last|latter)"
            r"\s+(?:half|two\s+quarters)\s+of\s+)?",  # "the first two quarters of 1990": H1
        ),
        (
            # "the 1998-99 season", "1914-1918": each year a date of its own, "99" of the 1900s
            r"(?P<year>(?:1[89]|20)\d\d)[-/–](?P<yy>(?:1[89]|20)?\d\d)(?![\w-]|[.,]\d)",
            year_range,
            "",
        ),
        (rf"'(?P<dd>\d0)s{e}", decade_word, pmod),
        (rf"the\s+(?P<dw>{p['decade_word']}){e}", decade_word, pmod),
        (
            rf"(?P<cent>1\d|20|21)(?:st|nd|rd|th)[\s-]+century{e}",
            ordinal_century,
            rf"{pmod}(?:the\s+)?",
            ("century",),
        ),
        (
            rf"(?P<season>{p['season']})(?:\s+(?:of\s+)?{any_year})?{e}",
            season_guard,
            pmod
            + r"(?:(?P<every>every|each)\s+)?"
            + rel
            + r"(?:(?P<the>over|during|in|into|through|since|until)\s+the\s+)?",
            seasons,
        ),
        (
            rf"(?P<ord>{p['ordinal']})[\s-]+(?:fiscal\s+)?(?:quarter|period)"
            rf"(?:\s+of\s+(?:fiscal\s+)?(?P<year2>\d{{4}}))?{e}",
            ordinal_quarter,
            rf"{pmod}(?:the\s+)?(?:(?P<year>\d{{4}})\s+|(?P<yrel>(?:this|last|next)\s+year's)\s+|"
            r"(?:comparable\s+)?(?P<yago>year-(?:ago|earlier))\s+)?(?:fiscal[\s-]+)?",
            ("quarter", "period"),
        ),
        (
            rf"(?P<unit>quarter|period)(?P<ago>\s+a\s+year\s+(?:ago|earlier))?{e}",
            this_quarter,
            r"(?P<det>the|this|last|next|last\s+year's)\s+(?:(?P<qyear>\d{4})\s+)?(?:(?P<qrel>latest|last|past|"
            r"previous|current|most\s+recent|recent|year-ago|year-earlier|same|comparable|this|"
            r"next|coming)\s+)?(?:fiscal\s+)?",
            ("quarter", "period"),
        ),
        (
            rf"year(?:\s+(?P<ago>ago|earlier)|-(?:earlier|ago)){e}",
            year_ago,
            r"(?:the\s+)?(?:(?P<one>a|one)\s+)?",
        ),
        (
            rf"(?P<rday>yesterday|today|tomorrow|tonight)(?:['’]s)?(?:\s+(?P<pod>{p['pod']}))?{e}",
            relative_day,
            pmod,
            ("yesterday", "today", "tomorrow", "tonight"),
        ),
        (r"(?P<this>this)\s+(?P<rday>morning|afternoon|evening)" + e, this_part_of_day, ""),
        (r"last\s+(?P<pod>night|evening)" + e, last_night, ""),
        (
            r"mid[-\s]?(?P<pod>morning|afternoon|evening)(?:\s+(?P<rday>yesterday|today|tomorrow))?"
            + e,
            mid_part_of_day,
            "",
            ("mid",),
        ),
        (rf"(?:every|each)\s+(?P<pod>{p['pod']}){e}", every_part_of_day, "", ("every", "each")),
        (
            rf"that\s+(?P<same>same\s+)?day{e}",
            that_day,
            r"(?P<when>earlier|later)\s+",
        ),
        (
            rf"(?P<wd>{p['Weekday']})(?P<pl>s(?![\w-]))?(?:['’]s)?(?:\s+(?P<pod>{p['pod']})"
            rf"(?P<podpl>s)?)?{e}",
            named_weekday,
            pmod + r"(?:(?P<every>every|each)\s+)?" + rel,
        ),
        (
            rf"(?P<unit>week|month|year|weekend|decade|century){e}",
            relative_period,
            rf"{pmod}(?P<rel>last|this|next|the\s+past|the\s+last|the\s+next|the\s+coming|"
            r"this\s+past|the\s+previous|the\s+following|the\s+current|the\s+latest|the)\s+"
            r"(?:(?P<fiscal>fiscal)\s+)?",
        ),
        (
            # Anchored on the unit word, which the regex engine finds fast; the number is read
            # backwards: "at least the past (two) years", "(three) weeks ago".
            rf"(?P<unit>{p['unit']})(?P<and_half>\s+and\s+a\s+half)?(?:-long)?(?:\s+(?P<dir>ago|earlier|before|later|from\s+now|"
            r"hence))?(?![\w-]|\s+old)",
            amount,
            r"(?:the\s+)?(?:(?P<drel>past|last|next|coming|first|previous|following|final|full|"
            rf"entire|whole|latest)\s+)?{p['dmod']}(?P<num>{p['number']}|{p['vague']})"
            r"(?P<num_half>\s+and\s+a\s+half)?"
            r"(?:\s+(?:more|additional|full|straight|consecutive|trading|business|working))?"
            r"(?P<hyph>\s+|-)",
        ),
        (
            r"(?P<vrel>recent|coming|for|several|many|past|future)\s+(?P<unit>years|months|"
            rf"weeks|days|decades|hours|quarters){e}",
            vague_period,
            "",
            ("years", "months", "weeks", "days", "decades", "hours", "quarters"),
        ),
        (
            # A plural unit alone: "within weeks", "over the years", "in the days before the
            # vote", "days after", "decades-long". The count is unknown (PXW).
            rf"(?P<unit>{p['plural_unit']})(?P<long>-long)?(?=(?P<after>\s+(?:before|after|"
            r"ahead|later|earlier|that\s+followed|to\s+come)\b)?)(?![\w-])",
            bare_plural,
            r"(?:(?P<prep>within|over|for|in)\s+|(?P<verb>took|takes|take|taking|lasted|lasts|"
            r"last|spent|spend|spends|waited|wait)\s+)?(?:(?P<the>the)\s+)?",
            plural_units,
        ),
        (
            # "a week-long strike": one unit, as an amount of time
            r"(?P<unit>hour|day|week|month|year|decade|century)-long(?![\w-])",
            one_unit_long,
            "",
            ("-long",),
        ),
        (
            r"the\s+(?:(?P<which>full|fiscal|entire|whole|calendar)\s+)?year"
            r"(?=(?P<ended>\s+(?:ended|ending|through|to\s+date))?)(?!\s+(?:\d|(?:ago|before|"
            rf"after|earlier|later|of|in|when|that)\b)){e}",
            the_year,
            "",
        ),
        (rf"(?:year(?:-|\s+|'s\s+)end|the\s+end\s+of\s+the\s+year){e}", year_end, "", ("year",)),
        (
            # "later that year": the year last named before it, in the sentence or the one before.
            rf"that\s+(?:same\s+)?year{e}",
            that_year,
            pmod,
            ("year",),
        ),
        (rf"{p['refs']}{e}", vague_reference, ""),
        (rf"for\s+(?P<vd>{p['vague_durations']}){e}", vague_duration, "", ("for",)),
        (rf"{p['sets']}{e}", recurrence, "", sets),
        (
            # `\d\d?`, not `\d{1,2}`: the same match, but the engine skips ahead to a digit
            r"(?P<h>\d\d?)(?::(?P<mi>\d\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am|pm)(?!\w)" + clock_day,
            clock,
            "",
        ),
        (r"(?P<word>noon|midnight|midday)" + clock_day, clock, "", ("noon", "midnight", "midday")),
        (
            # "in the morning" is a part of an unnamed day; "4 in the morning" is 4 a.m.
            r"in\s+the\s+(?P<pod>morning|afternoon|evening)" + e,
            in_the_part_of_day,
            r"(?:(?P<h>\d{1,2})\s+)?",
        ),
        (
            rf"(?P<hol>{p['Holiday']})(?:\s+{year})?{e}",
            holiday,
            r"(?:(?P<rel>last|this|next)\s+)?",
        ),
        (
            rf"(?P<sy>{spelled}){e}",
            spelled_year,
            r"(?:the\s+year\s+)?",
            ("thousand", "nineteen"),
        ),
    ]
    from_lexicon = (seasons, plural_units, sets)  # spelled in the pattern as a trie, not whole
    assert all(
        word in spec[0]
        for spec in specs
        if len(spec) == 4 and spec[3] not in from_lexicon
        for word in spec[3]
    )
    return [
        _Rule(
            re.compile(pattern),
            handler,
            re.compile(rf"(?<![\w-]){left}\Z") if left else None,
            cased=any(p[name] in pattern for name in ("Month", "Weekday", "Holiday")),
            needs=needs[0] if needs else (),
        )
        for pattern, handler, left, *needs in specs
    ]


def _first_words(entries: Iterable[object]) -> tuple[str, ...]:
    """The first word of each entry of a lexicon list, in lower case (as lexicon.alt spells
    them)."""
    return tuple(sorted({str(entry).lower().split()[0] for entry in entries}))


def _lower(text: str) -> str:
    """`text` in lower case with every offset kept (a few characters grow when lower-cased)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def find_hits(text: str, published: str | None, sentences: list[Span]) -> list[Hit]:
    """Every candidate expression of every rule, overlapping ones included."""
    ctx = Context(text, Anchor.parse(published), published, sentences)
    low = _lower(text)
    hits: list[Hit] = []
    for rule in _rules():
        scanned = text if rule.cased else low
        if rule.needs and not any(word in scanned for word in rule.needs):
            continue  # (a substring search is much faster than the rule's scan)
        for m in rule.pattern.finditer(scanned):
            start = m.start()
            # Inside a word ("day" in "today"): no rule's words before can end in a letter.
            if start and low[start - 1].isalnum():
                continue
            left = rule.left.search(low, max(0, start - _LEFT_REACH), start) if rule.left else None
            match = RuleMatch(m, left)
            # Without words before it, a match must not continue a compound ("mid-May").
            if match.left is None and start and low[start - 1] in "-_":
                continue
            if (hit := rule.handler(match, ctx)) is None:
                continue
            if isinstance(hit, Hit):
                hits.append(hit)
            else:
                hits.extend(hit)  # "1998-99": two dates
    return hits
