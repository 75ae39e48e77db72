"""Values of amounts of time ("three years", "two weeks ago"), sets and vague references."""

from __future__ import annotations

import re
from datetime import timedelta

from dateline.annotate.dates.context import (
    UNKNOWN_WEEK,
    Context,
    Hit,
    RuleMatch,
    day_value,
    make_hit,
    shift_day,
)
from dateline.annotate.dates.lexicon import duration as duration_value
from dateline.annotate.dates.lexicon import key, lexicon
from dateline.annotate.dates.lexicon import number as parse_number
from dateline.annotate.dates.lexicon import unit as unit_code
from dateline.annotate.dates.normalize import (
    add_months,
    iso,
    month_value,
    week_value,
)


def amount(m: RuleMatch, ctx: Context) -> Hit | tuple[Hit, ...] | None:
    """A number of units: a point in time with "ago", a duration without."""
    if m.group("num") is None:
        return None
    return ago_or_apart(m, ctx) if m.group("dir") else duration_hit(m, ctx)


def ago_or_apart(m: RuleMatch, ctx: Context) -> Hit | tuple[Hit, ...] | None:
    n = parse_number(m.group("num"))
    unit = unit_code(m.group("unit"))
    direction = key(m.group("dir"))
    if direction == "from now":
        # "ten years from now": TimeML marks the amount and "now" apart (P10Y, PRESENT_REF).
        hit = duration_hit(m, ctx)
        if hit is None:
            return None
        now = m.end("dir")
        return (
            Hit(hit.start, m.end("unit"), hit.type, hit.value, hit.mod),
            Hit(now - 3, now, "DATE", "PRESENT_REF"),
        )
    if direction in ("later", "earlier", "before"):
        # "three days later" counts from the story's last event, not from publication.
        hit = duration_hit(m, ctx)
        return Hit(m.start(), m.end(), hit.type, hit.value, hit.mod) if hit else None
    sign = 1 if direction in ("from now", "hence") else -1
    a = ctx.anchor
    mod = lexicon().duration_mods.get(key(m.group("dmod") or ""))
    mod = "APPROX" if mod else None
    if n is None or a.year is None:
        return make_hit(m, "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    k = int(n * sign)
    if unit in ("Y", "DE", "CE"):
        k *= {"Y": 1, "DE": 10, "CE": 100}[unit]
        return make_hit(m, "DATE", str(a.year + k), mod)
    if unit == "M":
        return make_hit(m, "DATE", month_value(*add_months(a.year, a.month, k)), mod)
    if unit == "W":
        return make_hit(
            m, "DATE", week_value(a.day + timedelta(weeks=k)) if a.day else UNKNOWN_WEEK
        )
    if unit == "D":
        return make_hit(m, "DATE", day_value(ctx, shift_day(ctx, k)), mod)
    return None


# An age ("ages 6 months and up", "aged two years or older") or a difference ("one second
# slower", "two minutes behind"): amounts of time, but no time of the story.
_AGE_BEFORE = re.compile(r"\b(?:ages?|aged)\s+(?:[\w.]+\s*(?:to|and|or|-)\s*)?$", re.IGNORECASE)
_AGE_OR_GAP_AFTER = re.compile(
    r"\s+(?:(?:and|or)\s+(?:up|older|over|younger|under)|of\s+age|old|slower|faster|quicker|"
    r"behind|clear\s+of)\b",
    re.IGNORECASE,
)
_SOME_DAY = re.compile(r"\b(?:will|would|could|might|may|can|shall|should|to)\s+$", re.IGNORECASE)
_RATE_BEFORE = re.compile(r"(?:\d[\d,.]*%?|\b(?:times|twice|once|percent|cents?|dollars?))\s*$")


def duration_hit(m: RuleMatch, ctx: Context) -> Hit | None:
    lex = lexicon()
    num = m.group("num")
    n = parse_number(num) if num else None
    unit = unit_code(m.group("unit"))
    plural = m.group("unit").lower().endswith("s")
    if num is None and not (plural or m.group("hyph")):
        return None
    u = m.start("unit")
    if ctx.text[u].isupper() and ctx.text[u + 1].islower():
        return None  # "60 Minutes", "Four Weddings": a title, not an amount of time
    if _AGE_OR_GAP_AFTER.match(ctx.text, m.end()) or _AGE_BEFORE.search(
        ctx.text, max(0, m.start() - 20), m.start()
    ):
        return None
    if plural and key(num or "") in ("a", "an"):
        return None  # "a decades-long feud": the article is the noun's
    if unit == "TS" and key(num or "") in ("a", "an"):
        return None  # "a second group": the ordinal, not the unit
    if unit == "Q" and (
        key(num or "") in ("a", "an")
        or m.group("hyph") == "-"
        or plural
        and (ctx.text.startswith(" of", m.end()))
    ):
        return None  # "a quarter of", "three-quarters": a fraction
    # "$5 a year", "twice a week": a rate, not a stretch of time.
    is_one = num is not None and key(num) in ("a", "an") and unit in ("Y", "M", "W", "D")
    if is_one and _RATE_BEFORE.search(ctx.text, max(0, m.start() - 20), m.start()):
        return make_hit(m, "SET", duration_value(1, unit))
    if num and n is None and key(num) not in lex.vague:
        return None
    if n is not None and n >= 1000:
        return None  # "the 1988 quarter" is a year
    if (
        key(num or "") == "one"
        and unit == "D"
        and not plural
        and _SOME_DAY.search(ctx.text, max(0, m.start() - 12), m.start())
    ):
        return make_hit(m, "DATE", "FUTURE_REF")  # "will one day be": some day ahead
    if (m.group("and_half") or m.group("num_half")) and n is not None:
        n += 0.5  # "a minute and a half": PT1M30S; "two and a half years": P2Y6M
    mod = lex.duration_mods.get(key(m.group("dmod") or ""))
    value = duration_value(n, unit)
    begin = end = None
    drel = key(m.group("drel") or "")
    first, last = ctx.anchor.days()
    if n is not None and first and unit in ("Y", "M", "W", "D") and int(n) == n:
        # Place "in two weeks" and "the past two weeks" on the calendar from the publication
        # day (or month, when only the month is known).
        before = ctx.text[max(0, m.start() - 8) : m.start()].lower()
        days = {"Y": 365, "M": 30, "W": 7, "D": 1}[unit] * int(n)
        if drel in ("past", "last", "previous"):
            begin, end = iso(first - timedelta(days=days)), iso(last)
        elif (
            # "in two weeks" looks ahead even in reported speech; "in two weeks of talks" does not
            re.search(r"\b(?:in|within)\s+$", before)
            and not ctx.text.startswith(" of", m.end())
            or drel in ("next", "coming")
        ):
            begin, end = iso(first), iso(last + timedelta(days=days))
    return make_hit(m, "DURATION", value, mod, begin=begin, end_day=end)


def _vague_period(m: RuleMatch, ctx: Context) -> Hit | None:
    word = m.group("vrel").lower()
    unit = unit_code(m.group("unit"))
    if word == "recent" and unit == "Y" or word == "past":
        return make_hit(m, "DATE", "PAST_REF")  # "recent years", "past years"
    if word == "future":
        return make_hit(m, "DATE", "FUTURE_REF")  # "future quarters"
    return make_hit(m, "DURATION", duration_value(None, unit))


def vague_reference(m: RuleMatch, ctx: Context) -> Hit | None:
    value = lexicon().refs[key(m.group(0))]
    return make_hit(m, "DATE", value)


def recurrence(m: RuleMatch, ctx: Context) -> Hit | None:
    return make_hit(m, "SET", lexicon().sets[key(m.group(0))])


def vague_period(m: RuleMatch, ctx: Context) -> Hit | None:
    hit = _vague_period(m, ctx)
    if hit and m.group("vrel").lower() == "for":
        # "for years": the duration is the plural alone.
        return Hit(m.start("unit"), m.end("unit"), hit.type, hit.value)
    return hit


def bare_plural(m: RuleMatch, ctx: Context) -> Hit | None:
    """A plural unit with no count: a duration of unknown length ("for centuries": PXCE)."""
    if not (m.group("long") or m.group("after") or m.group("prep") or m.group("verb")):
        return None  # "the years" alone, "days" alone: too often not a time at all
    if m.group("verb") and (m.group("the") or ctx.text.startswith(" of", m.end())):
        return None  # "took the days off", "spent years of savings"
    if m.group("the") and not (m.group("after") or key(m.group("prep") or "") == "over"):
        return None  # "within the weeks" is not English; "over the years" is
    before = ctx.text[max(0, m.start() - 8) : m.start()].lower().split()
    if before and before[-1] in ("of", "first", "last"):
        return None  # "a matter of days before": an amount; "the first days": a stretch named
    value = duration_value(None, unit_code(m.group("unit")))
    # TimeBank keeps "the" in "over the years", "the weeks ahead", but not in "the days before".
    after = key(m.group("after") or "").strip()
    start = m.start("the") if m.group("the") and after not in _RELATIVE else m.start("unit")
    return Hit(start, m.end("long") if m.group("long") else m.end("unit"), "DURATION", value)


_RELATIVE = ("before", "after", "later", "earlier")
