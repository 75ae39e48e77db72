"""Turn a document and its annotations into searchable records: the article, its quotes, its events.

Every record carries the document's metadata and the calendar days it refers to (`date_begin`,
`date_end`), so date filters find the consulate seizure of "Thursday" on 13 June 2002.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from dateline.model import (
    Annotations,
    DateMention,
    Document,
    Event,
    PartialDate,
    Place,
    Quote,
    Record,
    Span,
)


def published_range(published: str | None) -> tuple[str, str] | None:
    """The days a publication date covers: one day, or the whole month when only it is known."""
    if not published:
        return None
    date = PartialDate.parse(published)
    return date.first().isoformat(), date.last().isoformat()


def document_records(doc: Document, ann: Annotations) -> list[Record]:
    """The article record first, then quotes and events in document order."""
    filed = ann.filed_from
    base = {
        "title": doc.title,
        "source": doc.source,
        "published": doc.published,
        "dateline": doc.dateline or (filed.span.text if filed and filed.span else None),
        "focus": list(ann.focus),
        "url": doc.url,
        "path": doc.path,
        "authors": list(doc.authors),
        "language": doc.language,
        "crawl_date": doc.crawl_date,
    }
    records = [_article(doc, ann, base)]
    layers = _Layers(ann)
    for n, quote in enumerate(ann.quotes, 1):
        records.append(_quote(doc, layers, quote, n, base))
    for n, event in enumerate(ann.events, 1):
        records.append(_event(doc, event, n, base))
    return records


def _article(doc: Document, ann: Annotations, base: dict[str, Any]) -> Record:
    data = dict(base)
    data.update(
        text=doc.text,
        start=0,
        end=len(doc.text),
        speakers=sorted({q.speaker.name for q in ann.quotes if q.speaker.kind != "unknown"}),
        dates=[d.to_dict() for d in ann.dates],
        places=_article_places(doc, ann),
        countries=[c.to_dict() for c in ann.countries],
        events=sorted({e.type for e in ann.events}),
        quotes=len(ann.quotes),
        words=len(doc.text.split()),
    )
    data.update(_when(None, doc.published))
    sentences = tuple((s.start, s.end) for s in ann.sentences)
    return Record(f"{doc.id}#a", "article", doc.id, data, sentences)


def _article_places(doc: Document, ann: Annotations) -> list[dict[str, Any]]:
    """The places named, and first the manifest's dateline when the text does not hold it."""
    places = [p.to_dict() for p in ann.places]
    filed = ann.filed_from
    if filed is not None and filed.span is None:
        places.insert(0, filed.to_dict(written=doc.dateline or ""))
    return places


def _quote(doc: Document, layers: _Layers, quote: Quote, n: int, base: dict) -> Record:
    parts = [p for p in (quote.span, quote.cue, quote.speaker.mention) if p is not None]
    start, end = min(p.start for p in parts), max(p.end for p in parts)
    sentences = layers.sentences_over(start, end) or [quote.span]
    scope = Span(sentences[0].start, sentences[-1].end, "")
    dates = layers.dates.inside(scope)
    data = dict(base)
    data.update(
        text=quote.span.text,
        start=quote.span.start,
        end=quote.span.end,
        quote_kind=quote.kind,
        cue=quote.cue.to_dict() if quote.cue else None,
        speaker=quote.speaker.to_dict(),
        sentence=Span.of(doc.text, scope.start, scope.end).to_dict(),
        dates=[d.to_dict() for d in dates],
        places=[p.to_dict() for p in layers.places.inside(scope)],
        events=sorted({e.type for e in layers.events.inside(scope)}),
    )
    data.update(_when(quote.date, doc.published))
    return Record(f"{doc.id}#q{n}", "quote", doc.id, data)


def _event(doc: Document, event: Event, n: int, base: dict) -> Record:
    data = dict(base)
    data.update(
        text=event.sentence.text,
        start=event.sentence.start,
        end=event.sentence.end,
        type=event.type,
        label=event.label,
        trigger=event.trigger.to_dict(),
        sentence=event.sentence.to_dict(),
        date=event.date.to_dict() if event.date else None,
        places=[p.to_dict() for p in event.places],
        actors=list(event.actors),
    )
    data.update(_when(event.date, doc.published))
    return Record(f"{doc.id}#e{n}", "event", doc.id, data)


T = TypeVar("T")


class _Layer(Generic[T]):
    """One layer's annotations ordered by start, so that those inside a quote's sentences are
    found by bisection rather than by a scan of the whole document for every quote."""

    def __init__(self, items: Sequence[T], span_of: Callable[[T], Span]) -> None:
        self._items = items
        self._span_of = span_of
        self._order = sorted(range(len(items)), key=lambda k: span_of(items[k]).start)
        self._starts = [span_of(items[k]).start for k in self._order]

    def inside(self, scope: Span) -> list[T]:
        """The items whose span lies within `scope`, in the layer's own order."""
        lo, hi = bisect_left(self._starts, scope.start), bisect_right(self._starts, scope.end)
        found = sorted(
            k for k in self._order[lo:hi] if scope.contains(self._span_of(self._items[k]))
        )
        return [self._items[k] for k in found]


class _Layers:
    """A document's sentences, dates, places and events, indexed once for all its quotes."""

    def __init__(self, ann: Annotations) -> None:
        self._sentences = ann.sentences
        self._sentence_starts = [s.start for s in ann.sentences]
        self._sentence_ends = [s.end for s in ann.sentences]
        self.dates: _Layer[DateMention] = _Layer(ann.dates, lambda d: d.span)
        self.places: _Layer[Place] = _Layer(ann.places, lambda p: p.span)
        self.events: _Layer[Event] = _Layer(ann.events, lambda e: e.trigger)

    def sentences_over(self, start: int, end: int) -> list[Span]:
        """The sentences overlapping [start, end); sentences come in order and never overlap."""
        lo = bisect_right(self._sentence_ends, start)
        hi = bisect_left(self._sentence_starts, end)
        return [s for s in self._sentences[lo:hi] if s.start < end and start < s.end]


def _when(date: DateMention | None, published: str | None) -> dict[str, Any]:
    """`when`: the value the record refers to; `date_begin`/`date_end`: the days it covers.

    A record with no date of its own refers to its publication date: a statement is made then.
    """
    if date is not None and date.begin:
        return {"when": date.value, "date_begin": date.begin, "date_end": date.end}
    days = published_range(published)
    if days is None:
        return {"when": None, "date_begin": None, "date_end": None}
    return {"when": published, "date_begin": days[0], "date_end": days[1]}


NO_DAY = 2**31 - 1  # what an engine's day column holds for a record with no date


def day_number(iso: str | None) -> int | None:
    """An ISO day as an ordinal, for fast numeric range filters in the index."""
    return dt.date.fromisoformat(iso).toordinal() if iso else None
