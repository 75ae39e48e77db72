"""Calendar arithmetic for TIMEX3 values: anchors, shifts, and the days a value covers."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}

_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_MONTH = re.compile(r"(\d{4})-(\d\d)$")
_YEAR = re.compile(r"(\d{4})$")
_DECADE = re.compile(r"(\d{3})X?$")
_CENTURY = re.compile(r"(\d\d)$")
_WEEK = re.compile(r"(\d{4})-W(\d\d)(-WE)?$")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])$")
_HALF = re.compile(r"(\d{4})-H([12])$")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)$")


@dataclass(frozen=True, slots=True)
class Anchor:
    """What is known of the publication date: a day, or only a year and month, or nothing."""

    year: int | None = None
    month: int | None = None
    day: date | None = None

    def days(self) -> tuple[date | None, date | None]:
        """The first and last day the publication date may be: one day, or its whole month."""
        if self.day:
            return self.day, self.day
        if self.year and self.month:
            last = calendar.monthrange(self.year, self.month)[1]
            return date(self.year, self.month, 1), date(self.year, self.month, last)
        return None, None

    @classmethod
    def parse(cls, published: str | None) -> Anchor:
        if not published:
            return cls()
        m = re.match(r"(\d{4})-(\d\d)(?:-(\d\d))?", published)
        if not m:
            return cls()
        year, month = int(m.group(1)), int(m.group(2))
        day = date(year, month, int(m.group(3))) if m.group(3) else None
        return cls(year, month, day)


def iso(d: date) -> str:
    return d.isoformat()


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + month - 1 + n
    return k // 12, k % 12 + 1


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, last_day(year, month))


def nearest_year(anchor: Anchor, month: int, day: int | None = None, tense: int = 0) -> int | None:
    """The year that puts `month` (and `day`) nearest the anchor; `tense` <0 or >0 breaks ties.

    News speaks of the recent past and the near future: "January" written in October 1989 is most
    likely January 1990, and "Nov. 25" written in mid-January is last November.
    """
    if anchor.year is None or anchor.month is None:
        return None
    here = anchor.year * 12 + anchor.month - 1 + ((anchor.day.day - 1) / 31 if anchor.day else 0.5)
    best, best_cost = anchor.year, 1e9
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        there = year * 12 + month - 1 + ((day - 1) / 31 if day else 0.5)
        cost = abs(there - here)
        # Past-tense sentences rarely speak of a month beyond the next few.
        if tense < 0 and there > here + 0.5:
            cost += 7
        if tense > 0 and there < here - 0.5:
            cost += 7
        if cost < best_cost:
            best, best_cost = year, cost
    return best


def weekday_date(today: date, weekday: int, direction: int, strict: bool = False) -> date:
    """The `weekday` (1-7) nearest `today` looking back (direction <0) or forward (>0)."""
    delta = (weekday - today.isoweekday()) % 7
    if direction > 0:
        return today + timedelta(days=delta or (7 if strict else 0))
    back = (today.isoweekday() - weekday) % 7
    return today - timedelta(days=back or (7 if strict else 0))


def value_range(value: str, published: str | None = None) -> tuple[str, str] | None:
    """The first and last ISO day a TIMEX3 value covers, or None if it is not on the calendar.

    `published` places the vague PRESENT_REF on the publication day; other values stand alone.
    """
    span = _days(value, published)
    return (iso(span[0]), iso(span[1])) if span else None


def _days(value: str, published: str | None) -> tuple[date, date] | None:
    try:
        if m := _DAY.match(value):
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return d, d
        if m := _MONTH.match(value):
            return month_range(int(m.group(1)), int(m.group(2)))
        if m := _YEAR.match(value):
            y = int(m.group(1))
            return date(y, 1, 1), date(y, 12, 31)
        if m := _WEEK.match(value):
            monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
            if m.group(3):
                return monday + timedelta(days=5), monday + timedelta(days=6)
            return monday, monday + timedelta(days=6)
        if m := _QUARTER.match(value):
            y, q = int(m.group(1)), int(m.group(2))
            return date(y, 3 * q - 2, 1), month_range(y, 3 * q)[1]
        if m := _HALF.match(value):
            y, h = int(m.group(1)), int(m.group(2))
            return date(y, 6 * h - 5, 1), month_range(y, 6 * h)[1]
        if m := _SEASON.match(value):
            y = int(m.group(1))
            first, last = SEASON_MONTHS[m.group(2)]
            end_year = y + 1 if last < first else y
            return date(y, first, 1), month_range(end_year, last)[1]
        if m := _DECADE.match(value):
            y = int(m.group(1)) * 10
            return date(y, 1, 1), date(y + 9, 12, 31)
        if m := _CENTURY.match(value):
            y = int(m.group(1)) * 100
            return date(max(y, 1), 1, 1), date(y + 99, 12, 31)
    except ValueError:  # an impossible date such as Feb. 30
        return None
    if value == "PRESENT_REF":
        anchor = Anchor.parse(published)
        if anchor.day:
            return anchor.day, anchor.day
    return None
