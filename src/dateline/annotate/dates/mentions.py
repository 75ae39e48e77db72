"""Date and time expressions (TIMEX3 DATE, TIME, DURATION, SET), normalized against publication.

The rules (rules.py) propose candidates; here the longest win where they overlap, and each
mention that can be placed on the calendar gets its first and last day.

When the publication date is known only to the month, expressions that need the day ("Thursday",
"yesterday", "last week") are left underspecified (`XXXX-XX-XX`, `XXXX-WXX`) with no begin/end
rather than guessed; month-level and coarser ones ("this month", "last year") are resolved.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from dateline.annotate.dates.normalize import value_range
from dateline.annotate.dates.rules import Hit, find_hits
from dateline.model import DateMention, Span

__all__ = ["find_dates", "value_range"]


def find_dates(text: str, published: str | None, sentences: list[Span]) -> list[DateMention]:
    """Date, time, duration and set expressions in `text`, normalized against `published`.

    `published` is YYYY-MM-DD, YYYY-MM or None; `sentences` (from text.sentences) tell the tense
    around a bare weekday. Mentions do not overlap and come sorted by start.
    """
    candidates = find_hits(text, published, sentences)
    # The longest expression wins; among equals, the earlier rule (the more specific) does.
    candidates.sort(key=lambda h: h.start - h.end)
    taken: list[Hit] = []
    covered = _Covered(len(text))
    for hit in candidates:
        if not covered.overlaps(hit.start, hit.end):
            covered.add(hit.start, hit.end)
            taken.append(hit)
    taken.sort(key=lambda h: h.start)
    mentions = []
    for i, hit in enumerate(taken):
        hit = _day_beside(text, _resolve(hit, taken[:i], published), taken[i - 1].end if i else 0)
        mentions.append(_mention(text, hit, published))
    return mentions


_REACH = 400  # characters back to the date that "that same day" refers to


def _resolve(hit: Hit, before: list[Hit], published: str | None) -> Hit:
    """ "that same day" takes the day of the calendar date named last before it, if near;
    "in the morning" (XXXX-XX-XXTMO) that day's morning."""
    if not hit.anaphoric:
        return hit
    time_of_day = hit.value[len("XXXX-XX-XX") :]
    for prior in reversed(before):
        if prior.start < hit.start - _REACH:
            break
        if prior.type == "DATE" and re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", prior.value):
            if len(prior.value) == 10:
                return replace(hit, value=prior.value + time_of_day)
            if not time_of_day:
                return replace(hit, value=prior.value + "-XX")
            return hit
    if time_of_day[1:2].isdigit() and published and len(published) == 10:
        return replace(hit, value=published + time_of_day)  # "4 in the morning": as "4 a.m."
    return hit


_DAY_BESIDE = re.compile(r"(?i)(?<![\w-])(?:the\s+)?day\s+(before|after)\s+\Z")


def _day_beside(text: str, hit: Hit, floor: int) -> Hit:
    """ "the day before last Tuesday", "the day after Christmas": one expression, the day next
    to the date named (its words after `floor`, where the expression before it ends)."""
    if hit.type != "DATE" or not re.fullmatch(r"\d{4}-\d\d-\d\d", hit.value):
        return hit
    before = _DAY_BESIDE.search(text, max(floor, hit.start - 20), hit.start)
    if before is None:
        return hit
    try:
        day = date.fromisoformat(hit.value)
    except ValueError:  # no day of the calendar ("Feb. 30")
        return hit
    shifted = day + timedelta(days=-1 if before.group(1).lower() == "before" else 1)
    return replace(hit, start=before.start(), value=shifted.isoformat(), begin=None, end_day=None)


class _Covered:
    """The characters the expressions taken so far cover: whether a candidate overlaps one costs
    its own length, however many are taken. (No rule matches an empty string.)"""

    def __init__(self, length: int) -> None:
        self._marks = bytearray(length)

    def overlaps(self, start: int, end: int) -> bool:
        return any(self._marks[start:end])

    def add(self, start: int, end: int) -> None:
        self._marks[start:end] = b"\x01" * (end - start)


def _mention(text: str, hit: Hit, published: str | None) -> DateMention:
    begin, end = hit.begin, hit.end_day
    if begin is None and hit.type in ("DATE", "TIME"):
        days = value_range(hit.value, published)
        if days:
            begin, end = days
    return DateMention(
        span=Span.of(text, hit.start, hit.end),
        type=hit.type,
        value=hit.value,
        mod=hit.mod,
        begin=begin,
        end=end,
    )
