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
"""

from __future__ import annotations

import functools
from typing import Any

from dateline.facets import FACETS, Facet
from dateline.model import Record
from dateline.schema import DEFS, FIELDS

TEMPLATE = "dateline"  # the composable index template's name
SETTINGS = {
    "analysis": {
        "normalizer": {"folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}},
        "analyzer": {
            "words": {"type": "custom", "tokenizer": "standard",
                      "filter": ["lowercase", "asciifolding"]},  # fmt: skip
            "english_folded": {"type": "custom", "tokenizer": "standard",
                               "filter": ["lowercase", "asciifolding", "english_stop",
                                          "english_stemmer"]},  # fmt: skip
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
SEARCH_ONLY = ("score", "snippet")  # a search result's own fields, never written


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in node:
            node = DEFS[node["$ref"].removeprefix("#/$defs/")]
        elif "oneOf" in node:
            (node,) = [n for n in node["oneOf"] if n.get("type") != "null"]
        else:
            return node


def _leaf(node: dict[str, Any]) -> dict[str, Any]:
    """A stored, unindexed field of the JSON type of `node`."""
    kind = node.get("type", "string")
    if isinstance(kind, list):
        (kind,) = [k for k in kind if k != "null"]
    es = {"string": "keyword", "integer": "long", "number": "double", "boolean": "boolean"}
    return {"type": es.get(kind, "keyword"), "index": False, "doc_values": False}


def _field(node: dict[str, Any], path: str) -> dict[str, Any]:
    node = _resolve(node)
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
    props = {f.name: _field(f.type, f.name) for f in FIELDS if f.name not in SEARCH_ONLY}
    props["search"] = {
        "properties": {
            **{facet.name: _facet(facet) for facet in FACETS},
            "days": {"type": "date_range", "format": "strict_date"},
            "seq": {"type": "long"},
            "sentences": {"type": "integer", "index": False, "doc_values": False},
        }
    }
    return {"dynamic": "strict", "properties": props}


def index_template(pattern: str) -> dict[str, Any]:
    """A composable index template for the indices `pattern` names (`news-*`)."""
    return {"index_patterns": [pattern], "template": {"settings": SETTINGS, "mappings": mapping()}}


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


def check(doc: dict[str, Any], mapped: dict[str, Any] | None = None) -> None:
    """Raise MappingError where `doc` breaks the mapping as Elasticsearch would: a field it
    does not map (dynamic: strict), or a value of the wrong type."""
    mapped = mapped or mapping()
    _check_object(doc, mapped["properties"], "")


def _check_object(value: Any, props: dict[str, Any], path: str) -> None:
    if not isinstance(value, dict):
        raise MappingError(f"{path or 'document'}: an object is mapped, not {value!r}")
    for key, sub in value.items():
        where = f"{path}.{key}" if path else key
        if key not in props:
            raise MappingError(f"{where}: not in the mapping (dynamic: strict)")
        _check_value(sub, props[key], where)


_SCALARS = {
    "keyword": (str,), "text": (str,), "long": (int,), "integer": (int,),
    "double": (int, float), "boolean": (bool,),
}  # fmt: skip


def _check_value(value: Any, mapped: dict[str, Any], path: str) -> None:
    if value is None:
        return
    if isinstance(value, list):  # any field may hold a list of its values
        for item in value:
            _check_value(item, mapped, path)
        return
    kind = mapped.get("type", "object")
    if kind in ("object", "nested"):
        _check_object(value, mapped["properties"], path)
    elif kind == "geo_point":
        if not (isinstance(value, dict) and set(value) == {"lat", "lon"}):
            raise MappingError(f"{path}: a geo_point is {{lat, lon}}, not {value!r}")
    elif kind == "date_range":
        if not (isinstance(value, dict) and set(value) <= {"gte", "lte"}):
            raise MappingError(f"{path}: a date_range is {{gte, lte}}, not {value!r}")
    else:
        wanted = _SCALARS[kind]
        bad_bool = isinstance(value, bool) and bool not in wanted
        if bad_bool or not isinstance(value, wanted):
            raise MappingError(f"{path}: a {kind} field, not {value!r}")
