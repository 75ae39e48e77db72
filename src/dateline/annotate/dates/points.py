"""Values of expressions naming a place on the calendar: dates, months, weekdays, quarters..."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from dateline.annotate.dates.context import (
    UNKNOWN_DAY,
    UNKNOWN_WEEK,
    Context,
    Hit,
    RuleMatch,
    capitalized,
    day_value,
    in_a_name,
    make_hit,
    point_mod,
    shift_day,
)
from dateline.annotate.dates.lexicon import duration as duration_value
from dateline.annotate.dates.lexicon import key, lexicon
from dateline.annotate.dates.lexicon import number as parse_number
from dateline.annotate.dates.normalize import (
    add_months,
    iso,
    month_value,
    nearest_year,
    quarter_of,
    week_value,
    weekday_date,
)


def explicit_date(m: RuleMatch, ctx: Context) -> Hit | None:
    lex = lexicon()
    if not capitalized(m, ctx, "mon"):
        return None
    month = lex.months[key(m.group("mon"))]
    day = int(m.group("day") or m.group("dday"))
    if not 1 <= day <= 31:
        return None
    if given := _given_year(m):
        year: int | None = given
    elif m.group("yrel"):
        year = _relative_year(ctx, m.group("yrel"))
    else:
        year = _story_year(ctx, m.start()) or nearest_year(
            ctx.anchor, month, day, ctx.tense(m.start(), neutral=True)
        )
    value = f"{year:04d}-{month:02d}-{day:02d}" if year else f"XXXX-{month:02d}-{day:02d}"
    return make_hit(m, "DATE", value, point_mod(m))


def named_month(m: RuleMatch, ctx: Context) -> Hit | None:
    lex = lexicon()
    name = m.group("mon")
    month = lex.months[key(name)]
    if not capitalized(m, ctx, "mon"):
        return None
    rel = key(m.group("rel") or "")
    if given := _given_year(m):
        year: int | None = given
    elif m.group("yrel"):
        year = _relative_year(ctx, m.group("yrel"))
    elif ctx.anchor.year is None:
        year = None
    elif rel == "last":
        # The month just gone is "last month": "last February" said in March is a year back
        # ("up from last February's volume"), as "last March" is.
        year = ctx.anchor.year if month < ctx.anchor.month - 1 else ctx.anchor.year - 1
    elif rel == "next":
        year = ctx.anchor.year if month > ctx.anchor.month else ctx.anchor.year + 1
    elif rel == "this":
        year = ctx.anchor.year
    else:
        # "May" and "March" are also words: take them bare only after a preposition, or as "the
        # March accession" (not "the March on Washington", "the March of Dimes").
        before = ctx.text[max(0, m.start() - 12) : m.start()].lower().split()
        after_preposition = before and before[-1] in ("in", "since", "until", "by", "of", "during")
        modifier = before and before[-1] == "the" and _MONTH_AS_MODIFIER.match(ctx.text, m.end())
        if key(name) in ("may", "march") and not (m.group("pmod") or after_preposition or modifier):
            return None
        year = _story_year(ctx, m.start()) or nearest_year(
            ctx.anchor, month, None, ctx.tense(m.start(), neutral=True)
        )
    value = month_value(year, month) if year else f"XXXX-{month:02d}"
    return make_hit(m, "DATE", value, point_mod(m))


# A noun after "the March": "the March accession", but not "the March on Washington".
_MONTH_AS_MODIFIER = re.compile(r" (?!(?:on|of|for|to|in|at|from|against|and|or)\b)[a-z]+\b")


def month_or_date(m: RuleMatch, ctx: Context) -> Hit | None:
    if m.group("day") or m.group("dday"):
        hit = explicit_date(m, ctx)
        if hit and m.group("every") and not (_given_year(m) or m.group("yrel")):
            return replace(hit, type="SET", value="XXXX" + hit.value[4:])  # "every May 1"
        if hit and m.group("weekof"):
            return _week_of(hit)
        return hit
    # A weekday belongs only before a full date; a bare "Sept" needs its period or a year.
    bare_abbreviation = not _given_year(m) and not m.group("mon").endswith(".")
    if m.group("wd") or (bare_abbreviation and key(m.group("mon")) not in lexicon().full_months):
        return None
    if m.group("every") and not (_given_year(m) or m.group("yrel")):
        if not capitalized(m, ctx, "mon"):
            return None
        return make_hit(m, "SET", f"XXXX-{lexicon().months[key(m.group('mon'))]:02d}")  # each July
    return named_month(m, ctx)


def _week_of(hit: Hit) -> Hit:
    """ "the week of March 6": the week that holds the day (the day, if it has no year or is
    no day of the calendar)."""
    try:
        return replace(hit, value=week_value(date.fromisoformat(hit.value)))
    except ValueError:
        return hit


def _relative_year(ctx: Context, phrase: str) -> int | None:
    if ctx.anchor.year is None:
        return None
    # "of last year", "next year's": the word before "year"
    words = key(phrase).replace("'s", "").split()
    word = words[words.index("year") - 1]
    return ctx.anchor.year + {"last": -1, "next": 1}.get(word, 0)


def bare_year(m: RuleMatch, ctx: Context) -> Hit | None:
    text = ctx.text
    start, end = m.start("year"), m.end("year")
    # A number, not a year: "$1997", "1,997 people", "2001.5", "1998-99" is fine.
    if start and text[start - 1] in "$£€#.,/":
        return None
    if text[end : end + 2] in (",0", ",1", ",2", ",3", ",4", ",5", ",6", ",7", ",8", ",9"):
        return None
    if re.match(r"\.\d|%|\s*(?:percent|%)", text[end : end + 9]):
        return None
    year = int(m.group("year"))
    if m.group("prepost"):  # "post-1959 politics": after 1959
        return make_hit(m, "DATE", str(year), "AFTER" if m.group("prepost") == "post" else "BEFORE")
    if m.group("half") and not m.group("s"):  # "the second half of 1998": 1998-H2
        return make_hit(m, "DATE", f"{year}-H{1 if m.group('half') == 'first' else 2}")
    if m.group("s") and year % 10 == 0:
        return make_hit(m, "DATE", str(year // 10), point_mod(m))
    if m.group("s"):  # "1985's deficit": a possessive, the year itself, not the 1980s
        return Hit(m.start(), m.end("year"), "DATE", str(year), point_mod(m))
    return make_hit(m, "DATE", str(year), point_mod(m))


def decade_word(m: RuleMatch, ctx: Context) -> Hit | None:
    words = m.group("dw")  # "the nineties"
    two = lexicon().decade_words[key(words)] * 10 if words else int(m.group("dd"))
    century = (ctx.anchor.year or 2000) // 100
    if two > (ctx.anchor.year or 2000) % 100:
        century -= 1
    return make_hit(m, "DATE", str((century * 100 + two) // 10), point_mod(m))


def ordinal_century(m: RuleMatch, ctx: Context) -> Hit | None:
    return make_hit(m, "DATE", f"{int(m.group('cent')) - 1:02d}", point_mod(m))


def _season(m: RuleMatch, ctx: Context) -> Hit | None:
    code = lexicon().seasons[m.group("season").lower()]
    rel = key(m.group("rel") or "")
    if given := _given_year(m):
        year: int | None = given
    elif ctx.anchor.year is None:
        year = None
    else:
        first = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[code]
        y, mo = ctx.anchor.year, ctx.anchor.month or 6
        started = mo >= first or (code == "WI" and mo <= 2)
        if code == "WI" and mo <= 2:
            y -= 1  # January's winter began last December
        if rel == "this past":
            year = y if started else y - 1
        elif rel in ("last", "the past"):
            # TimeBank reads "last spring" as the spring of last year, even in the autumn.
            year = y - 1
        elif rel in ("next", "the coming"):
            year = y if not started else y + 1
        else:
            year = y
    value = f"{year:04d}-{code}" if year else f"XXXX-{code}"
    return make_hit(m, "DATE", value, point_mod(m))


def _last_quarter(ctx: Context, back: int = 1) -> tuple[int, int] | None:
    if ctx.anchor.year is None:
        return None
    k = ctx.anchor.year * 4 + quarter_of(ctx.anchor.month) - 1 - back
    return k // 4, k % 4 + 1


# "the third quarter" with no year of its own, not "the year-ago third quarter" or "1988's".
_NAMED_QUARTER = re.compile(
    r"(?<!year-ago )(?<!year-earlier )(?<!year's )(?<!\d )(?<!\d's )"
    r"\b(first|second|third|fourth)[\s-]+(?:fiscal[\s-]+)?quarter\b(?!\s+of\s+(?:fiscal\s+)?\d)",
    re.IGNORECASE,
)


def _reported_quarter(
    ctx: Context, start: int, back: int = 1, compared: bool = False
) -> tuple[int, int] | None:
    """The quarter a results story reports: the first it names by number before `start` ("its
    fiscal first quarter"), else the one last closed; `back=5`: that quarter a year before.
    `compared`: a figure "from $4 million a year earlier" is compared with the quarter its own
    sentence names, when it names one ("Separately, X reported third-quarter profit ...")."""
    if "quarter" not in ctx.cache:
        ctx.cache["quarter"] = list(_NAMED_QUARTER.finditer(ctx.text))
    every: list[re.Match[str]] = ctx.cache["quarter"]  # type: ignore[assignment]
    named = every[0] if every else None
    if compared:
        lo = ctx.sentence_start(start)
        named = next((q for q in reversed(every) if lo <= q.start() < start), named)
    if ctx.anchor.year is None or named is None or named.start() >= start:
        return _last_quarter(ctx, back)
    q = lexicon().ordinals[named.group(1).lower()]
    year = ctx.anchor.year - (1 if q > quarter_of(ctx.anchor.month) else 0)
    return (year - 1 if back == 5 else year), q


def ordinal_quarter(m: RuleMatch, ctx: Context) -> Hit | None:
    q = lexicon().ordinals[m.group("ord").lower()]
    if m.group("year") or m.group("year2"):
        year: int | None = int(m.group("year") or m.group("year2"))
    elif ctx.anchor.year is None:
        year = None
    elif m.group("yrel"):
        year = _relative_year(ctx, m.group("yrel"))
    else:
        year = ctx.anchor.year
        # "the fourth quarter" said in January, in the past tense, is last year's.
        if q > quarter_of(ctx.anchor.month) and ctx.tense(m.start()) < 0:
            year -= 1
        if m.group("yago"):  # "the year-ago third quarter": that quarter a year before
            year -= 1
    return make_hit(m, "DATE", f"{year:04d}-Q{q}" if year else f"XXXX-Q{q}", point_mod(m))


_QUARTER_WORD = re.compile(r"(?i)quarter")


def this_quarter(m: RuleMatch, ctx: Context) -> Hit | None:
    if not m.group("det"):
        return None
    rel = key(m.group("qrel") or "")
    if key(m.group("det")) == "last year's" or m.group("ago"):
        rel = "year-ago"  # "last year's quarter", "the quarter a year ago": a year before
    if rel in ("current", "this"):
        yq = _last_quarter(ctx, 0)
    elif rel in ("next", "coming"):
        yq = _last_quarter(ctx, -1)
    elif rel in ("year-ago", "year-earlier", "same"):
        yq = _reported_quarter(ctx, m.start(), 5)
    else:  # "the quarter", "the latest quarter": the one just reported
        yq = _reported_quarter(ctx, m.start())
    period = m.group("unit").lower() == "period"
    if m.group("qyear") and period and not _QUARTER_WORD.search(ctx.sentence_text(m.start(), 1)):
        # "In the first nine months, net fell from the 1988 period": a stretch of that year,
        # which quarter unsaid when no quarter is spoken of
        return make_hit(m, "DATE", m.group("qyear"))
    if m.group("qyear"):  # "the 1988 quarter": the same quarter of that year
        yq = (int(m.group("qyear")), yq[1] if yq else 0)
        if not yq[1]:
            return make_hit(m, "DATE", f"{yq[0]:04d}-QX")
    elif period and not rel:
        return None
    return make_hit(m, "DATE", f"{yq[0]:04d}-Q{yq[1]}" if yq else "XXXX-QX")


_STRETCH_AFTER = re.compile(r"\s+([\w-]+)\s+(month|week)s\b", re.IGNORECASE)


def year_ago(m: RuleMatch, ctx: Context) -> Hit | None:
    if m.group("ago") and not m.group("one"):
        return None  # "five year ago" is another rule's; "year ago" alone is not English
    stretch = _STRETCH_AFTER.match(ctx.text, m.end())
    if stretch and (n := parse_number(stretch.group(1))):
        # "the year-earlier nine months": that stretch, a year before; an amount of time
        unit = lexicon().units[stretch.group(2).lower()]
        return Hit(m.start(), stretch.end(), "DURATION", duration_value(n, unit))
    # In earnings reports "a year earlier" is the same quarter of the year before.
    if re.search(r"(?i)quarter", ctx.sentence_text(m.start(), previous=1)):
        yq = _reported_quarter(ctx, m.start(), 5, compared=True)
        return make_hit(m, "DATE", f"{yq[0]:04d}-Q{yq[1]}" if yq else "XXXX-QX")
    return make_hit(m, "DATE", str(ctx.anchor.year - 1) if ctx.anchor.year else "XXXX")


def relative_day(m: RuleMatch, ctx: Context) -> Hit | None:
    if in_a_name(ctx, m.start("rday")):
        return None  # "USA Today", "The Tonight Show"
    if _an_age(m, ctx):
        return None
    word = m.group("rday").lower()
    shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[word]
    d = shift_day(ctx, shift)
    pod = m.group("pod") or ("night" if word == "tonight" else None)
    if m.group("this") or (pod and word != "tonight"):
        code = lexicon().parts_of_day[pod.lower()]
        return make_hit(m, "TIME", f"{day_value(ctx, d)}T{code}", point_mod(m))
    return make_hit(m, "DATE", day_value(ctx, d), point_mod(m))


# "the children of today", "the leaders of tomorrow": an age, not a day.
_OF_AN_AGE = re.compile(r"\b[Tt]he\s+[a-z]+\s+of\s+$")
_WORDS_AFTER = re.compile(r"\s+([a-z]+)(?:\s+([a-z]+))?")


def _an_age(m: RuleMatch, ctx: Context) -> bool:
    """Whether "today" or "tomorrow" names the present or coming age rather than a day: "the
    people of tomorrow", "today's world", "many of today's personal computers" (a noun of an
    age within the next two words)."""
    if m.group("pod") or key(m.group("rday")) in ("yesterday", "tonight"):
        return False
    if m.group(0)[-2:] not in ("'s", "’s"):
        return bool(_OF_AN_AGE.search(ctx.text, max(0, m.start() - 30), m.start()))
    after = _WORDS_AFTER.match(ctx.text, m.end())
    return bool(after) and not lexicon().era_nouns.isdisjoint(after.groups())


_NEWSPAPER = re.compile(r"\b[Tt]he $")
_CAPITAL_NEXT = re.compile(
    r" (?!(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b)[A-Z][a-z]"
)


_AHEAD_OF = re.compile(
    r"\b(?:ahead\s+of|heading\s+into|going\s+into|lead(?:ing)?\s+up\s+to|in\s+advance\s+of)"
    r"\s+$",
    re.IGNORECASE,
)
_HAD = re.compile(r"\bhad\b", re.IGNORECASE)
_SHARED_PLURAL = re.compile(
    r",?\s+(?:and|or)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\s+"
    r"(morning|afternoon|evening|night)s\b"
)


def named_weekday(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "Monday", "last Friday", "Tuesday nights", "every Monday": a day placed against
    publication, or a set of days."""
    weekday = lexicon().weekdays[key(m.group("wd"))]
    if not capitalized(m, ctx, "wd"):
        return None
    if _NEWSPAPER.search(ctx.text, max(0, m.start() - 4), m.start()) and _CAPITAL_NEXT.match(
        ctx.text, m.end()
    ):
        return None  # "The Sunday Times", "the Sunday Express": a newspaper, not a day
    weekly = _weekday_set(m, ctx, weekday)
    if weekly is not None:
        return weekly
    if ctx.anchor.day is None:
        return make_hit(m, "DATE", UNKNOWN_DAY, point_mod(m))
    d = weekday_date(ctx.anchor.day, weekday, _weekday_direction(m, ctx), strict=_strict(m))
    # "Friday evening" is 1989-10-27TEV; a "Friday night" or a "Friday morning" is most often
    # written as the whole day in TimeML gold (2000-01-05), so only the evening keeps its part.
    pod = key(m.group("pod") or "")
    code = f"T{lexicon().parts_of_day[pod]}" if pod == "evening" else ""
    return make_hit(m, "TIME" if code else "DATE", iso(d) + code, point_mod(m))


def _weekday_set(m: RuleMatch, ctx: Context, weekday: int) -> Hit | None:
    """A set of weekdays: "every Monday", "on Mondays" (XXXX-WXX-1), "Tuesday nights",
    "every Monday morning" (XXXX-WXX-2TNI, XXXX-WXX-1TMO; "Sundays evening" keeps the set of
    Sundays alone), and "on Monday and Tuesday nights": Monday nights too."""
    if not (m.group("every") or m.group("pl") or m.group("pod")) and (
        shared := _SHARED_PLURAL.match(ctx.text, m.end())
    ):
        code = lexicon().parts_of_day[key(shared.group(1))]
        return make_hit(m, "SET", f"XXXX-WXX-{weekday}T{code}")
    if not (m.group("every") or m.group("pl") or m.group("podpl")):
        return None
    pod = m.group("pod")
    whole = pod and (m.group("podpl") or not m.group("pl"))
    if pod and not whole:
        end = m.end("wd") + len(m.group("pl"))
        return Hit(m.start(), end, "SET", f"XXXX-WXX-{weekday}")
    code = f"T{lexicon().parts_of_day[key(pod)]}" if pod else ""
    return make_hit(m, "SET", f"XXXX-WXX-{weekday}{code}")


def _strict(m: RuleMatch) -> bool:
    """ "last Friday", "next Friday" never mean today's Friday."""
    return key(m.group("rel") or "") in ("last", "this past", "next", "this coming")


def _weekday_direction(m: RuleMatch, ctx: Context) -> int:
    """Whether a weekday is the one before publication (-1) or after it (+1)."""
    rel = key(m.group("rel") or "")
    if rel in ("last", "this past"):
        return -1
    if rel in ("next", "this coming"):
        return 1
    if m.group(0).endswith(("'s", "’s")):
        # "Wednesday's ruling" is news already, but "ahead of Saturday's caucus" is not
        # (unless told in the past perfect: "Clinton had 1,944 delegates heading into ...")
        ahead = _AHEAD_OF.search(ctx.text, max(0, m.start() - 20), m.start()) and not (
            _HAD.search(ctx.text, ctx.sentence_start(m.start()), m.start())
        )
        return 1 if ahead else -1
    return ctx.tense(m.start())


def relative_period(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "last week", "this year", "the following month": a period counted from publication."""
    rel = key(m.group("rel") or "")
    unit = m.group("unit").lower()
    if not rel:
        return None
    if rel == "the" and unit != "weekend" and not _this_period(m, ctx):
        # "the month" alone is too vague to place; "the week" is one of the story's
        return _a_week_of_the_story(m, ctx) if unit == "week" else None
    u = m.start("unit")
    if ctx.text[u].isupper() and ctx.text[u + 1].islower() and not _sentence_start(ctx, m.start()):
        return None  # "This Week", "Next Year" mid-sentence: a title (not a headline's "LAST WEEK")
    if m.group("fiscal") and unit != "year":
        return None  # "this fiscal year" is the year of reference; a "fiscal week" is not
    n = _STEP.get(rel, 0)
    if unit == "century":
        return _this_century(m, ctx, rel, n)
    if unit == "decade":
        return _decade(m, ctx, rel, n)
    value = _PERIOD_VALUE[unit](ctx, m.start(), rel, n)
    return make_hit(m, "DATE", value, point_mod(m))


# How many periods on from publication's: "last week" -1, "next week" +1, "this week" 0.
_STEP = {
    **dict.fromkeys(("last", "the last", "the past", "this past", "the previous"), -1),
    "the latest": -1,  # "the latest fiscal year": the one last closed
    **dict.fromkeys(("next", "the next", "the coming", "the following"), 1),
}
_FROM_NAMED = ("the following", "the previous")  # counted from the one last named


def _a_week_of_the_story(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "For the week, the index fell": a week of the story, which one unsaid (YYYY-WXX); not
    "the week of March 6", where the date says which."""
    if ctx.text.startswith(" of", m.end()):
        return None
    return make_hit(m, "DATE", f"{a.year:04d}-WXX" if (a := ctx.anchor).year else UNKNOWN_WEEK)


def _this_century(m: RuleMatch, ctx: Context, rel: str, n: int) -> Hit | None:
    """ "this century" in 1998 is "19", "last century" "18"; "the past century" (P100Y) is none."""
    a = ctx.anchor
    if not a.year or rel not in ("this", "the current", "last"):
        return None
    return make_hit(m, "DATE", f"{a.year // 100 + min(n, 0):02d}", point_mod(m))


def _decade(m: RuleMatch, ctx: Context, rel: str, n: int) -> Hit | None:
    """ "the past decade", "over the next decade": ten years; "this decade": the 2000s are
    "200"."""
    if n:
        return make_hit(m, "DURATION", "P10Y", point_mod(m))
    if ctx.anchor.year and rel in ("this", "the current"):
        return make_hit(m, "DATE", str(ctx.anchor.year // 10), point_mod(m))
    return None


def _year_counted(ctx: Context, start: int, rel: str, n: int) -> str:
    """ "next year"; "the following year" in a story of 1995 is 1996: from the year last named."""
    named = _named_years(ctx, start) if rel in _FROM_NAMED else []
    base = int(named[-1]) if named else ctx.anchor.year
    return str(base + n) if base else "XXXX"


def _month_counted(ctx: Context, start: int, rel: str, n: int) -> str:
    """ "last month"; "In March, ... The following month": April, from the month last named."""
    a = ctx.anchor
    named = _named_month(ctx, start) if rel in _FROM_NAMED else None
    base = named or ((a.year, a.month) if a.year and a.month else None)
    return month_value(*add_months(*base, n)) if base else "XXXX-XX"


def _week_counted(ctx: Context, start: int, rel: str, n: int) -> str:
    """ "last week", "next week": the week of publication's, moved by `n`."""
    a = ctx.anchor
    return week_value(a.day + timedelta(weeks=n)) if a.day else UNKNOWN_WEEK


def _weekend_counted(ctx: Context, start: int, rel: str, n: int) -> str:
    """ "next weekend"; "this weekend" by the tense: the one ahead or the one past."""
    if not ctx.anchor.day:
        return UNKNOWN_WEEK + "-WE"
    saturday = weekday_date(ctx.anchor.day, 6, n or ctx.tense(start), strict=bool(n))
    return week_value(saturday) + "-WE"


_PERIOD_VALUE = {
    "year": _year_counted,
    "month": _month_counted,
    "week": _week_counted,
    "weekend": _weekend_counted,
}


def the_year(m: RuleMatch, ctx: Context) -> Hit | None:
    # "the year ended March 31" is a stretch of twelve months; "for the year" is this year.
    if m.group("ended") or (m.group("which") or "").lower() == "fiscal":
        return make_hit(m, "DURATION", "P1Y")
    before = ctx.text[max(0, m.start() - 8) : m.start()].lower().split()
    if before and before[-1] in ("for", "of"):
        return make_hit(m, "DATE", str(ctx.anchor.year) if ctx.anchor.year else "XXXX")
    return None


def year_end(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "year-end", the accounts' closing day, is December 31; "year end", "year's end" and "the
    end of the year" are the year's last stretch: the year with mod END, as TIMEX3 writes it."""
    year = ctx.anchor.year
    if year and ctx.text[max(0, m.start() - 6) : m.start()].lower().strip() == "since":
        year -= 1  # "since year-end": the last one
    if "-" not in m.group(0):
        return make_hit(m, "DATE", f"{year:04d}" if year else "XXXX", "END")
    return make_hit(m, "DATE", f"{year:04d}-12-31" if year else "XXXX-12-31")


def clock(m: RuleMatch, ctx: Context) -> Hit | None:
    if m.group("word") and ctx.text[max(0, m.start() - 5) : m.start()].lower() == "high ":
        return None  # "high noon": the idiom, or the film
    if m.group("word"):
        hour, minute = (12, 0) if m.group("word").lower() in ("noon", "midday") else (24, 0)
    else:
        hour = int(m.group("h"))
        minute = int(m.group("mi") or 0)
        if hour > 12 or minute > 59:
            return None
        pm = m.group("ap").lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    d = ctx.anchor.day
    if m.group("mon"):
        date_hit = explicit_date(m, ctx)
        if date_hit is None:
            return None
        return make_hit(m, "TIME", f"{date_hit.value}T{hour:02d}:{minute:02d}")
    if m.group("wd"):
        if d:
            d = weekday_date(d, lexicon().weekdays[key(m.group("wd"))], ctx.tense(m.start()))
    elif m.group("rday"):
        d = shift_day(ctx, {"yesterday": -1, "tomorrow": 1}.get(m.group("rday").lower(), 0))
    elif d and (aside := _WEEKDAY_AFTER_ASIDE.match(ctx.text, m.end())):
        # "at 10:35 a.m. (0735 GMT) Friday": the weekday after the aside is the clock's day.
        d = weekday_date(d, lexicon().weekdays[key(aside.group(1))], ctx.tense(m.start()))
    return make_hit(m, "TIME", f"{day_value(ctx, d)}T{hour:02d}:{minute:02d}")


_WEEKDAY_AFTER_ASIDE = re.compile(
    r"\s*\([^()\n]{1,25}\)\s*(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def holiday(m: RuleMatch, ctx: Context) -> Hit | None:
    name = key(m.group("hol"))
    a = ctx.anchor
    year = int(m.group("year")) if m.group("year") else a.year
    if year is None:
        return make_hit(m, "DATE", UNKNOWN_DAY)
    d = _holiday_date(name, year)
    if not m.group("year") and a.day:
        rel = key(m.group("rel") or "")
        # A holiday still ahead, spoken of in the past tense, is last year's.
        if d >= a.day and (rel == "last" or (not rel and ctx.tense(m.start()) < 0)):
            d = _holiday_date(name, year - 1)
        elif d < a.day and (rel == "next" or (not rel and ctx.tense(m.start()) > 0)):
            d = _holiday_date(name, year + 1)
    return make_hit(m, "DATE", iso(d))


def _holiday_date(name: str, year: int) -> date:
    if name in lexicon().holidays:
        return date(year, *lexicon().holidays[name])
    if name.startswith("thanksgiving"):  # the fourth Thursday of November
        return weekday_date(date(year, 11, 1), 4, 1) + timedelta(weeks=3)
    # election day: the Tuesday after the first Monday of November
    return weekday_date(date(year, 11, 2), 2, 1)


def spelled_year_value(words: str) -> int | None:
    """ "nineteen ninety-seven" 1997, "two thousand and one" 2001; None for other words."""
    parts = re.split(r"[-\s]+", key(words))
    if parts[:2] == ["two", "thousand"]:
        rest = [w for w in parts[2:] if w != "and"]
        n = parse_number(" ".join(rest)) if rest else 0
        return None if n is None else 2000 + int(n)
    if parts[0] == "nineteen" and len(parts) > 1:
        n = parse_number("-".join(parts[1:]))
        return None if n is None or not 10 <= n < 100 else 1900 + int(n)
    return None


def _given_year(m: RuleMatch) -> int | None:
    """The year a match names, in digits ("May 1997") or in words ("May nineteen ninety-seven")."""
    if m.group("year"):
        return int(m.group("year"))
    if m.group("syear"):
        return spelled_year_value(m.group("syear"))
    return None


# "two thousand years", "two thousand of them": a count, not the year 2000.
_COUNTED = re.compile(
    r"\s+(?:(?:years?|months?|weeks?|days?|hours?|people|dollars|miles|troops|soldiers|more|"
    r"others?|of)\b)",
    re.IGNORECASE,
)


def spelled_year(m: RuleMatch, ctx: Context) -> Hit | None:
    if m.group("thousand") and _COUNTED.match(ctx.text, m.end()):
        return None
    year = spelled_year_value(m.group(0)[m.start("sy") - m.start() :])
    return make_hit(m, "DATE", str(year)) if year else None


def season_guard(m: RuleMatch, ctx: Context) -> Hit | None:
    # A bare "spring" or "fall" is too often a verb or a noun: take it with a year or a relative.
    # "over the summer" is this year's; "the spring" and "the fall" may be water or a collapse.
    the = m.group("the") and key(m.group("season")) in lexicon().the_seasons
    if the and not _given_year(m) and ctx.text.startswith(" of", m.end()):
        return None  # "the winter of nineteen ninety-four" is not this winter
    if m.group("every") and not _given_year(m):  # "each winter"
        return make_hit(m, "SET", f"XXXX-{lexicon().seasons[m.group('season').lower()]}")
    if not (m.group("rel") or _given_year(m) or m.group("pmod") or the):
        return None
    hit = _season(m, ctx)
    if hit and m.group("the") and not (m.group("rel") or m.group("pmod")):
        # "over the summer": the expression is "the summer"
        the_at = (
            m.end("the")
            + len(ctx.text[m.end("the") : m.start("season")])
            - len(ctx.text[m.end("the") : m.start("season")].lstrip())
        )
        return Hit(the_at, hit.end, hit.type, hit.value)
    return hit


def last_night(m: RuleMatch, ctx: Context) -> Hit | None:
    code = lexicon().parts_of_day[key(m.group("pod"))]
    return make_hit(m, "TIME", f"{day_value(ctx, shift_day(ctx, -1))}T{code}")


def that_day(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "that same day", "earlier that day": the day of the date named last (dates.py)."""
    if not (m.group("same") or m.group("when")):
        return None  # "trades made that day": too often a day of the story's own
    return make_hit(m, "DATE", UNKNOWN_DAY, anaphoric=True)


def this_part_of_day(m: RuleMatch, ctx: Context) -> Hit | None:
    if m.group("this"):
        code = lexicon().parts_of_day[m.group("rday").lower()]
        d = ctx.anchor.day
        return make_hit(m, "TIME", f"{day_value(ctx, d)}T{code}")
    return relative_day(m, ctx)


_YEAR_NAMED = re.compile(r"(?<![\w$.,-])(1[89]\d\d|20\d\d)(?![\w%-]|[.,]\d)")


def that_year(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "that year", "later that year": the latest year named before, in this sentence or the
    last; a story's past is told by its own years, not by the publication's."""
    years = _named_years(ctx, m.start())
    return make_hit(m, "DATE", years[-1] if years else "XXXX", point_mod(m))


_MONTH_NAMED = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)(?:\s+\d{1,2}(?!\d))?"
    r"(?:,?\s+(1[89]\d\d|20\d\d)(?!\d))?"
)
_MONTH_REACH = 600  # characters back to the month that "the following month" counts from


def _named_month(ctx: Context, start: int) -> tuple[int, int] | None:
    """The (year, month) last named by name in the few sentences before `start`."""
    names = list(_MONTH_NAMED.finditer(ctx.text, max(0, start - _MONTH_REACH), start))
    if not names:
        return None
    last = names[-1]
    month = lexicon().months[key(last.group(1))]
    if last.group(2):
        return int(last.group(2)), month
    year = nearest_year(ctx.anchor, month, None, -1)
    return (year, month) if year else None


# A year named alone after "in" ("in 1987,"), not the year of a date ("May 22, 1995").
# "in 1985/86" names a season of two years, not the story's year.
_STORY_YEAR = re.compile(r"\b[Ii]n\s+(1[89]\d\d|20\d\d)(?![\w%/-]|[.,]\d|\s+(?:to|and|-)\b)")
_YEAR_SEEN = re.compile(r"(?<![\w$.,-])(?:1[89]\d\d|20\d\d)(?![\w%-]|[.,]\d)")


def _story_year(ctx: Context, start: int) -> int | None:
    """A past story tells its own year: "In 1987 the mill closed; in March the workers left"
    is March 1987. The year named alone after "in" last before `start`, in its sentence or the
    one before, if no other year is named after it, it is before publication's, and the
    sentence looks back."""
    if ctx.anchor.year is None:
        return None
    lo = ctx.sentence_start(start, previous=1)
    told = list(_STORY_YEAR.finditer(ctx.text, lo, start))
    if not told:
        return None
    year = int(told[-1].group(1))
    if _YEAR_SEEN.search(ctx.text, told[-1].end(), start) or year >= ctx.anchor.year:
        return None
    return year if ctx.tense(start) < 0 else None


def _named_years(ctx: Context, start: int) -> list[str]:
    """The years named before `start` in its sentence and the one before, in order."""
    return _YEAR_NAMED.findall(ctx.text, ctx.sentence_start(start, previous=1), start)


def _sentence_start(ctx: Context, start: int) -> bool:
    """Whether only quotation marks and spaces stand between `start` and its sentence's start."""
    return not ctx.text[ctx.sentence_start(start) : start].strip(" \t\n\"'`“‘(")


def second_day(m: RuleMatch, ctx: Context) -> Hit | None:
    """The "25" of "April 24 and 25": a date in the month named before it."""
    hit = explicit_date(m, ctx)
    if hit is None:
        return None
    return Hit(m.start("day"), m.end("day"), hit.type, hit.value)


_EARLIER_IN = re.compile(r"\b(?:earlier|later|early|late)\s+in\s+$", re.IGNORECASE)


def _this_period(m: RuleMatch, ctx: Context) -> bool:
    """ "the end of the month", "earlier in the year": the period of publication."""
    return bool(m.group("pmod")) or bool(
        _EARLIER_IN.search(ctx.text, max(0, m.start() - 16), m.start())
    )


def in_the_part_of_day(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "4 in the morning": 04:00; "in the morning": TMO; of the day named last before them
    (dates.py), or, for a clock time, of publication as "4 a.m." is."""
    pod = key(m.group("pod"))
    if m.group("h"):
        hour = int(m.group("h"))
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if pod != "morning" else 0)
        return make_hit(m, "TIME", f"{UNKNOWN_DAY}T{hour:02d}:00", anaphoric=True)
    # The day is the one named last before (dates.py), as in "that same day".
    the_at = m.start() + ctx.text[m.start() : m.start("pod")].lower().rfind("the")
    return Hit(
        the_at, m.end(), "TIME", f"{UNKNOWN_DAY}T{lexicon().parts_of_day[pod]}", anaphoric=True
    )


def year_range(m: RuleMatch, ctx: Context) -> tuple[Hit, ...] | None:
    """ "the 1998-99 season": two dates, 1998 and 1999 (the century of the first)."""
    start = m.start()
    if start and ctx.text[start - 1] in "$£€#.,/-":
        return None  # "$1998-99", "12-1998-99": numbers, not years
    first = int(m.group("year"))
    yy = m.group("yy")
    last = int(yy) if len(yy) == 4 else first // 100 * 100 + int(yy)
    if len(yy) == 2 and last < first:
        last += 100  # "1999-00"
    if not first < last <= first + 20:
        return None
    return (
        make_hit(m, "DATE", str(first), group="year"),
        make_hit(m, "DATE", str(last), group="yy"),
    )


def every_part_of_day(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "every evening": a set of evenings."""
    return make_hit(m, "SET", f"{UNKNOWN_DAY}T{lexicon().parts_of_day[key(m.group('pod'))]}")


def mid_part_of_day(m: RuleMatch, ctx: Context) -> Hit | None:
    """ "mid-afternoon", "mid-morning yesterday": the middle of a part of that day (of
    publication when no day is said)."""
    code = lexicon().parts_of_day[key(m.group("pod"))]
    shift = {"yesterday": -1, "tomorrow": 1}.get(key(m.group("rday") or ""), 0)
    return make_hit(m, "TIME", f"{day_value(ctx, shift_day(ctx, shift))}T{code}", "MID")
