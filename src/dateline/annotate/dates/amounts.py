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
    in_a_name,
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
    """A number of units as an amount of time ("three years": P3Y), or a rate or "one day"."""
    num = m.group("num")
    n = parse_number(num) if num else None
    unit = unit_code(m.group("unit"))
    plural = m.group("unit").lower().endswith("s")
    article = key(num or "") in ("a", "an")
    if _not_an_amount(m, ctx, unit, plural, article):
        return None
    if article and _is_rate(m, ctx, unit):
        return make_hit(m, "SET", duration_value(1, unit))
    if _not_a_count(num, n):
        return None
    if _is_some_day(m, ctx, unit, plural):
        return make_hit(m, "DATE", "FUTURE_REF")
    if (m.group("and_half") or m.group("num_half")) and n is not None:
        n += 0.5  # "a minute and a half": PT1M30S; "two and a half years": P2Y6M
    mod = lexicon().duration_mods.get(key(m.group("dmod") or ""))
    value = duration_value(n, unit)
    begin, end = _on_the_calendar(m, ctx, n, unit)
    return make_hit(m, "DURATION", value, mod, begin=begin, end_day=end)


def _not_an_amount(m: RuleMatch, ctx: Context, unit: str, plural: bool, article: bool) -> bool:
    """Whether the words are no amount of time: a unit alone, a title, an age, a fraction..."""
    if m.group("num") is None and not (plural or m.group("hyph")):
        return True  # no count, and no plural or hyphen to stand for one
    u = m.start("unit")
    if ctx.text[u].isupper() and ctx.text[u + 1].islower():
        return True  # "60 Minutes", "Four Weddings": a title, not an amount of time
    if _is_age_or_gap(m, ctx):
        return True
    if article and (plural or unit == "TS"):
        return True  # "a decades-long feud": the article is the noun's; "a second group"
    return unit == "Q" and _is_fraction(m, ctx, plural, article)


def _just_before(pattern: re.Pattern[str], m: RuleMatch, ctx: Context, reach: int) -> bool:
    """Whether `pattern` is found in the `reach` characters before the match."""
    return bool(pattern.search(ctx.text, max(0, m.start() - reach), m.start()))


def _is_age_or_gap(m: RuleMatch, ctx: Context) -> bool:
    """Whether an amount is an age ("aged two years") or a difference ("one second slower")."""
    return bool(_AGE_OR_GAP_AFTER.match(ctx.text, m.end())) or _just_before(_AGE_BEFORE, m, ctx, 20)


def _is_fraction(m: RuleMatch, ctx: Context, plural: bool, article: bool) -> bool:
    """Whether quarters are a fraction ("a quarter of", "three-quarters"), not of a year."""
    return article or m.group("hyph") == "-" or plural and ctx.text.startswith(" of", m.end())


_CALENDAR_DAYS = {"Y": 365, "M": 30, "W": 7, "D": 1}  # the units of the calendar, in days


def _is_rate(m: RuleMatch, ctx: Context, unit: str) -> bool:
    """Whether "a year", "a week" follow an amount: a rate ("$5 a year", "twice a week")."""
    return unit in _CALENDAR_DAYS and _just_before(_RATE_BEFORE, m, ctx, 20)


def _not_a_count(num: str | None, n: float | None) -> bool:
    """Whether the count is none: a word neither a number nor a vague one, or a year."""
    if num and n is None and key(num) not in lexicon().vague:
        return True
    # "the 1988 quarter" is a year; "2,000 years", "two thousand years" are counts
    return n is not None and n >= 1000 and bool(re.fullmatch(r"\d{4}", num or ""))


def _is_some_day(m: RuleMatch, ctx: Context, unit: str, plural: bool) -> bool:
    """Whether "one day" follows a modal or "to": some day ahead ("will one day be")."""
    return (
        key(m.group("num") or "") == "one"
        and unit == "D"
        and not plural
        and _just_before(_SOME_DAY, m, ctx, 12)
    )


def _on_the_calendar(
    m: RuleMatch, ctx: Context, n: float | None, unit: str
) -> tuple[str | None, str | None]:
    """The first and last day of "in two weeks" and "the past two weeks", counted from the
    publication day (or month, when only the month is known); (None, None) for others."""
    first, last = ctx.anchor.days()
    if n is None or not first or unit not in _CALENDAR_DAYS or int(n) != n:
        return None, None
    days = _CALENDAR_DAYS[unit] * int(n)
    drel = key(m.group("drel") or "")
    if drel in ("past", "last", "previous"):
        return iso(first - timedelta(days=days)), iso(last)
    before = ctx.text[max(0, m.start() - 8) : m.start()].lower()
    if (
        # "in two weeks" looks ahead even in reported speech; "in two weeks of talks" does not
        re.search(r"\b(?:in|within)\s+$", before)
        and not ctx.text.startswith(" of", m.end())
        or drel in ("next", "coming")
    ):
        return iso(first), iso(last + timedelta(days=days))
    return None, None


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


def vague_duration(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "for a while", "for some time": a stretch of unsaid length (PXX), without the "for"."""
    return make_hit(m, "DURATION", "PXX", group="vd")


def recurrence(m: RuleMatch, ctx: Context) -> Hit | None:
    if in_a_name(ctx, m.start()):
        return None  # "the New York Daily News", "Publishers Weekly"
    return make_hit(m, "SET", lexicon().sets[key(m.group(0))])


def vague_period(m: RuleMatch, ctx: Context) -> Hit | None:
    hit = _vague_period(m, ctx)
    if hit and m.group("vrel").lower() == "for":
        # "for years": the duration is the plural alone.
        return Hit(m.start("unit"), m.end("unit"), hit.type, hit.value)
    return hit


def bare_plural(m: RuleMatch, ctx: Context) -> Hit | None:
    """A plural unit with no count: a duration of unknown length ("for centuries": PXC)."""
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


def one_unit_long(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "a week-long strike", "the day-long talks": one unit, as an amount of time (P1W)."""
    return make_hit(m, "DURATION", duration_value(1, unit_code(m.group("unit"))))
