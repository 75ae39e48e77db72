"""The Elasticsearch index: its mapping, what a record is written as, and a checker of a
document against the mapping.

A document is the record's JSON as `dateline export` prints it (its `_source`, so a hit comes
back as the record it is), each place with a `location` geo_point beside its lat and lon, and a
`search` object of what queries read: one field per facet (facets.py) holding the values the
facet gives, the days the record covers as a `date_range`, and its place in corpus order.

The mapping is strict and derived, not written out: the record's fields from the table of
fields (schema.FIELDS), every one stored and only these indexed — `text` and `title` as English
text; `id`, `kind`, `doc_id`, `source`, `quote_kind` as keywords; the speaker nested (name as
text with a keyword, kind); the places nested (name, country, location). Offsets and the rest
are kept in `_source`, not indexed (`"index": false`).

`check` holds a document to the rules by which Elasticsearch 8 and 9 refuse one (an `_id` over
512 bytes, a field the strict mapping lacks, a value of another type, a number out of its
type's range, a term over Lucene's 32,766 bytes, a geo_point off the globe, a date_range that
is not two days in order, more nested objects than an index allows, a string that is not
UTF-8), and `check_mapping` the mapping to an index's default limits; where Elasticsearch
would coerce (the number 7 for a keyword) it is stricter.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from typing import Any

from dateline.facets import FACETS, Facet
from dateline.model import Record
from dateline.schema import STORED, resolve

TEMPLATE = "dateline"  # the composable index template's name
SETTINGS = {
    "analysis": {
        "normalizer": {"folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
        "analyzer": {
            "words": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            },
            "english_folded": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding", "english_stop", "english_stemmer"],
            },
        },
        "filter": {
            "english_stop": {"type": "stop", "stopwords": "_english_"},
            "english_stemmer": {"type": "stemmer", "language": "english"},
        },
    },
}
ENGLISH = {"type": "text", "analyzer": "english_folded"}
KEYWORD = {"type": "keyword"}
# the record's fields that are searched, and how; every other leaf is stored only
INDEXED: dict[str, dict[str, Any]] = {
    "id": KEYWORD, "kind": KEYWORD, "doc_id": KEYWORD, "quote_kind": KEYWORD,
    "source": {"type": "text", "analyzer": "words", "fields": {"raw": KEYWORD}},
    "text": ENGLISH, "title": ENGLISH,
    "speaker.name": {"type": "text", "analyzer": "words", "fields": {"raw": KEYWORD}},
    "speaker.kind": KEYWORD,
    "places.name": {"type": "keyword", "normalizer": "folded"},
    "places.country": KEYWORD,
}  # fmt: skip
NESTED = ("speaker", "places")


def _leaf(node: dict[str, Any]) -> dict[str, Any]:
    """A stored, unindexed field of the JSON type of `node`."""
    kind = node.get("type", "string")
    if isinstance(kind, list):
        (kind,) = [k for k in kind if k != "null"]
    es = {"string": "keyword", "integer": "long", "number": "double", "boolean": "boolean"}
    return {"type": es.get(kind, "keyword"), "index": False, "doc_values": False}


def _field(node: dict[str, Any], path: str) -> dict[str, Any]:
    node = resolve(node)
    if node.get("type") == "array":
        return _field(node["items"], path)  # a list is its items, in Elasticsearch
    if node.get("type") == "object":
        props = {name: _field(sub, f"{path}.{name}") for name, sub in node["properties"].items()}
        if path == "places":
            props["location"] = {"type": "geo_point"}
        mapped: dict[str, Any] = {"properties": props}
        if path in NESTED:
            mapped = {"type": "nested", **mapped}
        return mapped
    return dict(INDEXED.get(path) or _leaf(node))


def _facet(facet: Facet) -> dict[str, Any]:
    if facet.match == "words":
        return {"type": "text", "analyzer": "words"}
    return {"type": "keyword", "normalizer": "folded"}


@functools.cache
def mapping() -> dict[str, Any]:
    """The strict mapping of a dateline index."""
    props = {f.name: _field(f.type, f.name) for f in STORED}
    props["search"] = {
        "properties": {
            **{facet.name: _facet(facet) for facet in FACETS},
            "days": {"type": "date_range", "format": "strict_date"},
            "seq": {"type": "long"},
            "sentences": {"type": "integer", "index": False, "doc_values": False},
        }
    }
    return {"dynamic": "strict", "properties": props}


# Above the built-in templates (logs-*-*, metrics-*-*, ...; up to 500), which would otherwise
# win for a name such as `logs` and make its indices data streams
PRIORITY = 501


def index_template(pattern: str) -> dict[str, Any]:
    """A composable index template for the indices `pattern` names (`news-*`)."""
    return {
        "index_patterns": [pattern],
        "priority": PRIORITY,
        "template": {"settings": SETTINGS, "mappings": mapping()},
    }


def document(record: Record, seq: int = 0) -> dict[str, Any]:
    """The document written for one record (its `_id` is the record's id)."""
    d = record.to_dict()
    doc = dict(d)
    if d.get("places"):
        doc["places"] = [_located(p) for p in d["places"]]
    search: dict[str, Any] = {facet.name: facet.values(d) for facet in FACETS}
    if d.get("date_begin"):
        search["days"] = {"gte": d["date_begin"], "lte": d["date_end"]}
    search["seq"] = seq
    if record.sentences:
        search["sentences"] = [n for pair in record.sentences for n in pair]
    doc["search"] = search
    return doc


def _located(place: dict[str, Any]) -> dict[str, Any]:
    if place.get("lat") is None:
        return place
    return {**place, "location": {"lat": place["lat"], "lon": place["lon"]}}


def record_of(source: dict[str, Any]) -> dict[str, Any]:
    """A hit's `_source` as the record it was written from."""
    d = {k: v for k, v in source.items() if k != "search"}
    if d.get("places"):
        d["places"] = [{k: v for k, v in p.items() if k != "location"} for p in d["places"]]
    return d


class MappingError(ValueError):
    """A document the strict mapping would refuse: the message names the path."""


ID_BYTES = 512  # the longest _id Elasticsearch takes
TERM_BYTES = 32766  # Lucene's longest term: an indexed keyword, or its doc value
NESTED_OBJECTS = 10_000  # index.mapping.nested_objects.limit: nested objects in a document
FIELDS_LIMIT, DEPTH_LIMIT, NESTED_LIMIT = 1000, 20, 50  # index.mapping.{total_fields,depth,
# nested_fields}.limit
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")  # strict_date: yyyy-MM-dd
_INTEGERS = {"integer": 2**31, "long": 2**63}  # -n <= value < n


def check(doc: dict[str, Any], mapped: dict[str, Any] | None = None) -> None:
    """Raise MappingError where Elasticsearch would refuse `doc`, its `id` as the `_id`."""
    mapped = mapped or mapping()
    doc_id = doc.get("id")
    if not isinstance(doc_id, str) or not doc_id:
        raise MappingError(f"id: the document's _id, a string, not {doc_id!r}")
    if len(doc_id.encode()) > ID_BYTES:
        raise MappingError(f"id: {len(doc_id.encode())} bytes; an _id is at most {ID_BYTES}")
    walk = _Walk()
    walk.object(doc, mapped["properties"], "")
    if walk.nested > NESTED_OBJECTS:
        raise MappingError(f"{walk.nested:,} nested objects; an index takes {NESTED_OBJECTS:,}")


def check_mapping(mapped: dict[str, Any] | None = None) -> None:
    """Raise MappingError when the mapping passes an index's default limits: fields (objects
    and multi-fields counted), depth, nested fields."""
    fields, depth, nested = _size((mapped or mapping())["properties"])
    for what, n, limit in (("fields", fields, FIELDS_LIMIT), ("levels", depth, DEPTH_LIMIT),
                           ("nested fields", nested, NESTED_LIMIT)):  # fmt: skip
        if n > limit:
            raise MappingError(f"the mapping has {n:,} {what}; an index takes {limit:,}")


def _size(props: dict[str, Any]) -> tuple[int, int, int]:
    fields, depth, nested = 0, 1, 0
    for sub in props.values():
        fields += 1 + len(sub.get("fields", {}))
        nested += sub.get("type") == "nested"
        if "properties" in sub:
            f, d, n = _size(sub["properties"])
            fields, depth, nested = fields + f, max(depth, d + 1), nested + n
    return fields, depth, nested


class _Walk:
    """One document's walk through the mapping, counting its nested objects."""

    def __init__(self) -> None:
        self.nested = 0

    def object(self, value: Any, props: dict[str, Any], path: str) -> None:
        if not isinstance(value, dict):
            raise MappingError(f"{path or 'document'}: an object is mapped, not {value!r}")
        for key, sub in value.items():
            where = f"{path}.{key}" if path else key
            if key not in props:
                raise MappingError(f"{where}: not in the mapping (dynamic: strict)")
            self.value(sub, props[key], where)

    def value(self, value: Any, mapped: dict[str, Any], path: str) -> None:
        if value is None:
            return
        if isinstance(value, list):  # any field may hold a list of its values
            for item in value:
                self.value(item, mapped, path)
            return
        kind = mapped.get("type", "object")
        if kind in ("object", "nested"):
            self.nested += kind == "nested"
            self.object(value, mapped["properties"], path)
        elif kind == "geo_point":
            _geo_point(value, path)
        elif kind == "date_range":
            _date_range(value, path)
        else:
            _scalar(value, kind, path)
            if kind == "keyword" and (mapped.get("index", True) or mapped.get("doc_values", True)):
                _term(value, path)
            for name, sub in mapped.get("fields", {}).items():
                self.value(value, sub, f"{path}.{name}")


_SCALARS = {
    "keyword": (str,), "text": (str,), "long": (int,), "integer": (int,),
    "double": (int, float), "boolean": (bool,),
}  # fmt: skip


def _scalar(value: Any, kind: str, path: str) -> None:
    wanted = _SCALARS[kind]
    bad_bool = isinstance(value, bool) and bool not in wanted
    if bad_bool or not isinstance(value, wanted):
        raise MappingError(f"{path}: a {kind} field, not {value!r}")
    if isinstance(value, str) and not _utf8(value):
        raise MappingError(f"{path}: not UTF-8 (a lone surrogate) in {value[:40]!r}")
    bound = _INTEGERS.get(kind)
    if bound and not -bound <= value < bound:
        raise MappingError(f"{path}: {value} is out of the range of a {kind}")
    if kind == "double" and not math.isfinite(value):
        raise MappingError(f"{path}: a double is finite, not {value!r}")


def _utf8(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _term(value: str, path: str) -> None:
    size = len(value.encode("utf-8"))
    if size > TERM_BYTES:
        raise MappingError(f"{path}: a keyword of {size:,} bytes; a term is at most {TERM_BYTES:,}")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _geo_point(value: Any, path: str) -> None:
    if not (isinstance(value, dict) and set(value) == {"lat", "lon"}):
        raise MappingError(f"{path}: a geo_point is {{lat, lon}}, not {value!r}")
    lat, lon = value["lat"], value["lon"]
    if not (_number(lat) and _number(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise MappingError(f"{path}: a geo_point's lat is in [-90, 90] and lon in [-180, 180], "
                           f"not {value!r}")  # fmt: skip


def _date_range(value: Any, path: str) -> None:
    if not (isinstance(value, dict) and value and set(value) <= {"gte", "lte"}):
        raise MappingError(f"{path}: a date_range is {{gte, lte}}, not {value!r}")
    days = [_day(value[k], f"{path}.{k}") for k in ("gte", "lte") if value.get(k) is not None]
    if len(days) == 2 and days[0] > days[1]:
        raise MappingError(f"{path}: a date_range from {value['gte']} back to {value['lte']}")


def _day(value: Any, path: str) -> datetime.date:
    try:
        if isinstance(value, str) and _DAY.fullmatch(value):
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    raise MappingError(f"{path}: a day as yyyy-MM-dd (strict_date), not {value!r}")
