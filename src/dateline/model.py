"""Plain data passed between the stages: documents, spans and the annotations laid on them.

Every span carries offsets into the document text as read, so `text[start:end] == span.text`.
`to_dict()` gives the JSON shape scripts rely on; field names there are a public contract.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any


@dataclass(frozen=True, slots=True, init=False)
class Span:
    start: int
    end: int
    text: str

    # The constructor is set below: a frozen dataclass's own sets each field through
    # object.__setattr__, the cost of most of a token's making (annotate makes ~1,000 a story).

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(start, end, text[start:end])

    @classmethod
    def many(cls, starts: Sequence[int], ends: Sequence[int], texts: Sequence[str]) -> list[Span]:
        """Spans from parallel sequences: what `list(map(Span, starts, ends, texts))` gives, in
        half the time (the loops run in C, with no Python call per span)."""
        spans = list(map(object.__new__, repeat(cls, len(starts))))
        deque(map(_set_start, spans, starts), 0)
        deque(map(_set_end, spans, ends), 0)
        deque(map(_set_text, spans, texts), 0)
        return spans

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


# the slots' own setters, past the frozen __setattr__
_set_start, _set_end, _set_text = Span.start.__set__, Span.end.__set__, Span.text.__set__


def _span_init(
    self: Span,
    start: int,
    end: int,
    text: str,
    *,
    _start=_set_start,
    _end=_set_end,
    _text=_set_text,
) -> None:
    _start(self, start)
    _end(self, end)
    _text(self, text)


Span.__init__ = _span_init  # type: ignore[method-assign]


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date known to the year, the month or the day (`2002`, `2002-06`, `2002-06-13`), and
    the days it covers: a publication date, a `--since` value, a `date:` clause."""

    year: int
    month: int | None = None
    day: int | None = None

    _FORM = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """`YYYY`, `YYYY-MM` or `YYYY-MM-DD`; ValueError("form") for other text, and
        ValueError("day") for a day the calendar does not have (2005-02-30)."""
        found = cls._FORM.fullmatch(text.strip())
        if not found:
            raise ValueError("form")
        year, month, day = (int(g) if g else None for g in found.groups())
        date = cls(year, month, day)  # type: ignore[arg-type]
        try:
            date.last()
        except ValueError:
            raise ValueError("day") from None
        return date

    def first(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last(self) -> dt.date:
        if self.day is not None:
            return dt.date(self.year, self.month or 1, self.day)
        if self.month is not None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    def iso(self) -> str:
        """As written in records: `2002`, `2002-06`, `2002-06-13`."""
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n]
        return "-".join(parts)


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    text: str
    title: str = ""
    source: str = ""
    published: str | None = None  # YYYY-MM-DD or YYYY-MM
    dateline: str | None = None  # where the story was filed from
    url: str | None = None
    path: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # warnings from reading it (read as cp1252): said when it is indexed, not again on every
    # update that finds it unchanged
    notes: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()  # the byline, one name each
    language: str | None = None  # as the source gives it, or as detected: `en`, `de`
    # `published` is the day the page was crawled (a WARC record's date), not one it gives
    crawl_date: bool = False


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str  # canonical name ("Philip Reeker"), or the group's own words ("U.S. officials")
    kind: str  # person | organization | group | document | unknown
    # the words of this attribution naming the speaker: a pronoun (`he`, `who`) stays a pronoun
    mention: Span | None = None
    title: str | None = None
    affiliation: str | None = None
    # the words the mention was resolved to, when it does not name the speaker itself: `Al Reyes`
    # for the `who` of `said Al Reyes, who argued`, the last naming of `he`'s person
    antecedent: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "title": self.title,
            "affiliation": self.affiliation,
            "mention": self.mention.to_dict() if self.mention else None,
            "antecedent": self.antecedent.to_dict() if self.antecedent else None,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    span: Span
    kind: str  # direct | mixed | indirect
    cue: Span | None
    speaker: Speaker
    date: DateMention | None = None  # when it was said, when the sentence says so


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: 2002-06-13, 2002-06, P2W, PAST_REF, ...
    mod: str | None = None
    # The days the expression points at, as ISO dates, when it can be placed on the calendar.
    begin: str | None = None
    end: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = self.span.to_dict()
        d.update(type=self.type, value=self.value)
        if self.mod:
            d["mod"] = self.mod
        if self.begin:
            d.update(day_begin=self.begin, day_end=self.end)
        return d


@dataclass(frozen=True, slots=True)
class Place:
    span: Span | None  # None only for a dateline given by the manifest, not in the text
    name: str  # canonical gazetteer name
    country: str | None  # ISO 3166-1 alpha-2
    kind: str  # city | country | region
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    # name: the place is named; demonym: "Chinese police" involves China; dateline: the story
    # was filed from it; institution: "the Bundesbank" is Germany's
    via: str = "name"
    within: tuple[str, ...] = ()  # names of what holds it, nearest first: ("Beijing", "China")
    # for a state that no longer exists (ISO 3166-3: SU, YU, DD, CS, ZR), or a place in one when
    # the story was written (Moscow in 1987): the code of today's state
    successor: str | None = None

    def to_dict(self, written: str = "") -> dict[str, Any]:
        """`written`: the words of a place with no span (a manifest's dateline)."""
        d = self.span.to_dict() if self.span else {"text": written, "start": None, "end": None}
        d.update(name=self.name, country=self.country, kind=self.kind, via=self.via)
        d["within"] = list(self.within)
        if self.geonameid is not None:
            d["geonameid"] = self.geonameid
        if self.lat is not None:
            d.update(lat=self.lat, lon=self.lon)
        if self.successor is not None:
            d["successor"] = self.successor
        return d


@dataclass(frozen=True, slots=True)
class Country:
    """A country a story is about, with the kinds of evidence for it and how often each is seen
    ({"name": 4, "demonym": 2, "currency": 1}; in JSON a list of {via, count})."""

    country: str  # ISO 3166-1 alpha-2, or 3166-3 for a state that no longer exists
    name: str
    evidence: dict[str, int]
    count: int
    weight: float  # mentions weighed by where they are and how telling they are

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "name": self.name,
            "evidence": [{"via": via, "count": n} for via, n in self.evidence.items()],
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class Event:
    type: str  # taxonomy code: CAMEO ("173") or ACE 2005 ("Personnel.Elect")
    label: str
    trigger: Span
    sentence: Span
    date: DateMention | None = None
    places: tuple[Place, ...] = ()
    actors: tuple[str, ...] = ()


@dataclass(slots=True)
class Annotations:
    sentences: list[Span] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)  # most weight first
    focus: list[str] = field(default_factory=list)  # the country codes the story is about
    # where the story was filed from: the dateline the body opens with, else the manifest's
    # (then with no span: the words are not in the text)
    filed_from: Place | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """One searchable unit: an article, a quote or an event, flattened for JSON and the index."""

    id: str
    kind: str  # article | quote | event
    doc_id: str
    data: dict[str, Any]
    # An article's sentences as (start, end): what a search hit's snippet is chosen from. Kept
    # with the index, not in the record's JSON.
    sentences: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "doc_id": self.doc_id, **self.data}
