"""The Whoosh engine's schema: how a record's text is analysed (tokens, accents folded, stop
words, stems) and which fields a record is written as."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections import Counter
from typing import Any

from whoosh.analysis import (
    STOP_WORDS,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.columns import NumericColumn, VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, FieldType, Schema
from whoosh.support.charset import accent_map
from whoosh.util.numeric import byte_to_length, length_to_byte

from dateline.facets import FACETS, Facet
from dateline.model import Record
from dateline.records import NO_DAY, day_number
from dateline.search.query import TOKEN_PATTERN

WIDE = "wide"  # the year term of a record spanning more than MAX_YEARS years
MAX_YEARS = 500

# Not indexed in text: common words, and single letters ("s" of "Blair's").
TEXT_STOP_WORDS = frozenset(STOP_WORDS) | frozenset("abcdefghijklmnopqrstuvwxyz")
VALUE_SEPARATOR = "\n"  # between the values of a keyword field (a place name may hold a comma)
FACET_SEPARATOR = "\x1e"


def fold(text: str) -> str:
    """Beyoncé, Beyonce: both `beyonce` (after lowercasing). Whoosh's accent map turns each
    character into one; ASCII text, nearly every word, passes untouched, and of a longer
    text only the characters beyond ASCII are looked up (translate() looks up every one)."""
    if text.isascii():
        return text
    return _BEYOND_ASCII.sub(lambda m: m.group().translate(accent_map), text)


_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]+")


class FoldAccents(Filter):
    """Accents folded at index and query time; the stored text keeps them."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def _words():
    return RegexTokenizer(TOKEN_PATTERN) | LowercaseFilter() | FoldAccents()


def _stems():
    stop = StopFilter(stoplist=TEXT_STOP_WORDS, minsize=1)
    return _words() | stop | StemFilter(cachesize=-1)


def _values():
    """One token per value of a keyword field, lowercased and without accents."""
    return RegexTokenizer(r"[^\n]+") | LowercaseFilter() | FoldAccents()


@functools.cache
def schema() -> Schema:
    """One declaration of every field: those every record has, then one per facet (facets.py);
    speaker and quote text weigh more than an article body."""
    fields = dict(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True, sortable=True),  # a column: checked directly on candidates
        doc_id=ID(stored=True, sortable=True),  # a column too: hits grouped by article
        # The text is stored once, inside `record`; did-you-mean works from this field's terms.
        text=TEXT(analyzer=_stems()),
        title=TEXT(analyzer=_stems(), field_boost=1.5),
        # The days a record covers, as day ordinals in columns only: a date filter reads them
        # for its candidates, and sorting by date for the hits.
        day_begin=COLUMN(NumericColumn("i", default=NO_DAY)),
        day_end=COLUMN(NumericColumn("i", default=NO_DAY)),
        # The order records were written in, corpus order: listings without words follow it,
        # where document numbers do not (a parallel build interleaves its segments).
        seq=COLUMN(NumericColumn("i", default=NO_DAY)),
        # The years those days touch, as terms: a date filter's first cut, a few postings
        # lists where a numeric range over days would be a hundred.
        years=KEYWORD(commas=True),
        # What facet counts read for every match, without parsing its record: the speaker,
        # the places and the event type (FACET_SEPARATOR between the three, VALUE_SEPARATOR
        # between places).
        facets=COLUMN(VarBytesColumn()),
        record=STORED,
        sentences=STORED,  # an article's sentence offsets, for a hit's snippet
    )
    for facet in FACETS:
        fields.setdefault(facet.index_field, _facet_field(facet))
    return Schema(**fields)


def _facet_field(facet: Facet) -> FieldType:
    if facet.match == "words":
        return TEXT(analyzer=_words(), field_boost=facet.boost)
    if facet.match == "choice":
        return ID
    # one value per line: a place name may hold a comma
    return KEYWORD(analyzer=_values(), scorable=facet.scored)


def scored_length(n: int) -> int:
    """A field's length as Whoosh stores it for scoring, in one byte: rounded above 8."""
    return byte_to_length(length_to_byte(n))


def tokens(fieldname: str, text: str) -> list[str]:
    """The terms a field of the schema makes of `text`, in order."""
    return list(schema()[fieldname].process_text(text, mode="query"))


def record_fields(record: Record) -> dict[str, Any]:
    """The Whoosh document for one record."""
    d = record.to_dict()
    fields = {name: separator.join(values(d)) for name, values, separator in _FACET_FIELDS}
    fields.update(
        id=record.id,
        kind=record.kind,
        doc_id=record.doc_id,
        text=d.get("text") or "",
        # the title goes on the article only: once per document
        title=(d.get("title") or "") if record.kind == "article" else "",
        facets=facet_values(d).encode("utf-8"),
        record=_to_json(d),
    )
    if record.sentences:
        fields["sentences"] = [n for span in record.sentences for n in span]
    begin, end = day_number(d.get("date_begin")), day_number(d.get("date_end"))
    if begin is not None:
        fields["day_begin"] = begin
        fields["day_end"] = end
        fields["years"] = year_terms(begin, end)
    return fields


_to_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps makes an encoder a call

# Each facet's index field (but doc_id, written as itself), what a record holds for it, and
# what its values are joined by as the field takes them: words side by side, else a value a line.
_FACET_FIELDS = tuple(
    (facet.index_field, facet.values, " " if facet.match == "words" else VALUE_SEPARATOR)
    for facet in FACETS
    if facet.index_field != "doc_id"
)


def facet_values(d: dict[str, Any]) -> str:
    """A record's speaker, distinct place names and event type, as the facets column holds
    them (`read_facets` reads them back)."""
    speaker = d.get("speaker") or {}
    name = (speaker.get("name") or "") if speaker.get("kind") != "unknown" else ""
    places = sorted({p["name"] for p in d.get("places") or []})
    event = f"{d['type']} {d['label']}" if d.get("kind") == "event" else ""
    clean = [_one_value(v) for v in (name, *places, event)]
    return FACET_SEPARATOR.join([clean[0], VALUE_SEPARATOR.join(clean[1:-1]), clean[-1]])


def count_facets(values: Counter[bytes]) -> dict[str, Counter]:
    """Counts by speaker, place and event type from the facets values of the matches (each
    distinct value with the number of matches that have it)."""
    counts: dict[str, Counter] = {"speaker": Counter(), "place": Counter(), "event": Counter()}
    for raw, n in values.items():
        speaker, places, event = read_facets(raw)
        if speaker:
            counts["speaker"][speaker] += n
        for name in places:
            counts["place"][name] += n
        if event:
            counts["event"][event] += n
    return counts


def read_facets(raw: bytes) -> tuple[str, list[str], str]:
    """The speaker, places and event type of a record's facets column ("" for none)."""
    if not raw:  # written without facets
        return "", [], ""
    speaker, places, event = raw.decode("utf-8").split(FACET_SEPARATOR)
    return speaker, places.split(VALUE_SEPARATOR) if places else [], event


def _one_value(text: str) -> str:
    """A value with no separator in it."""
    return text.replace(FACET_SEPARATOR, " ").replace(VALUE_SEPARATOR, " ")


def year_terms(begin: int, end: int) -> str:
    """The years from one day ordinal to another, as the `years` field holds them."""
    first, last = dt.date.fromordinal(begin).year, dt.date.fromordinal(end).year
    if last - first > MAX_YEARS:
        return WIDE
    return ",".join(f"{year:04d}" for year in range(first, last + 1))
