"""A record's fields, declared once: on which records each is, what it holds, what it means, and
which are the default CSV columns. The JSON Schema (`record.schema.json`, written from this table
by `python -m dateline.schema`; a test keeps it current), the paths `--fields` accepts and the
CSV columns are derived from it. What a record's facets are for searching is in `facets`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.kinds import QUOTE_KINDS, RECORD_KINDS, SPEAKER_KINDS

SCHEMA_FILE = Path(__file__).with_name("record.schema.json")


@dataclass(frozen=True)
class Field:
    name: str
    type: dict[str, Any]  # its JSON Schema (see `obj` for one of named fields)
    about: str = ""  # the schema's description
    on: tuple[str, ...] = RECORD_KINDS  # the kinds of record that carry it
    required: bool = True  # whether every record of those kinds has it
    csv: tuple[str, ...] = ()  # the default CSV columns it gives: itself, or paths inside it
    stored: bool = True  # False for a search result's own fields, never written with a record

    def schema(self) -> dict[str, Any]:
        return {**self.type, "description": self.about} if self.about else dict(self.type)


def obj(*fields: Field) -> dict[str, Any]:
    """The JSON Schema of an object of these fields."""
    return {
        "type": "object",
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: f.schema() for f in fields},
    }


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _or_null(schema: dict[str, Any]) -> dict[str, Any]:
    return {"oneOf": [schema, {"type": "null"}]}


STRING = {"type": "string"}
TEXT = {"type": ["string", "null"]}
OFFSET = {"type": "integer", "minimum": 0}
CODE = {"type": "string", "pattern": "^[A-Z]{2}$"}
STRINGS = {"type": "array", "items": STRING}
SPAN = (Field("text", STRING), Field("start", OFFSET), Field("end", OFFSET))

DEFS: dict[str, dict[str, Any]] = {
    "day": {"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "span": obj(*SPAN),
    "speaker": obj(
        Field("name", STRING, "canonical name: one per person per article"),
        Field("kind", {"enum": list(SPEAKER_KINDS)}),
        Field("title", TEXT),
        Field("affiliation", TEXT),
        Field(
            "mention", _or_null(_ref("span")),
            "the words of this attribution naming the speaker; a pronoun (he, who) stays a "
            "pronoun",
        ),
        Field(
            "antecedent", _or_null(_ref("span")),
            "the words the mention was resolved to when it does not name the speaker itself "
            "(the name a pronoun or `who` stands for), else null",
        ),
    ),
    "date": obj(
        Field("text", STRING),
        Field("start", {"type": "integer"}),
        Field("end", {"type": "integer"}),
        Field("type", {"enum": ["DATE", "TIME", "DURATION", "SET"]}),
        Field("value", STRING, "TIMEX3 value: 2002-06-13, 2002-06, P2W, PAST_REF, ..."),
        Field("mod", STRING, required=False),
        Field("day_begin", _ref("day"), "first day the expression covers", required=False),
        Field("day_end", _ref("day"), "last day it covers", required=False),
    ),
    "country": obj(
        Field(
            "country", CODE,
            "ISO 3166-1 alpha-2; ISO 3166-3 for a state that no longer exists (SU, YU, DD, "
            "CS, ZR, BU)",
        ),
        Field("name", STRING),
        Field(
            "evidence",
            {"type": "array", "items": obj(
                Field("via", {"enum": ["name", "demonym", "institution", "dateline", "currency"]}),
                Field("count", {"type": "integer", "minimum": 1}),
            )},
            "each kind of evidence and how often it is seen",
        ),
        Field("count", {"type": "integer", "minimum": 1}),
    ),
    "place": obj(
        Field("text", STRING),
        Field(
            "start", {"type": ["integer", "null"]},
            "null only for a dateline given by the manifest, not in the text",
        ),
        Field("end", {"type": ["integer", "null"]}),
        Field("name", STRING),
        Field("country", {"type": ["string", "null"], "pattern": "^[A-Z]{2}$"}),
        Field("kind", {"enum": ["city", "country", "region", "continent"]}),
        Field("via", {"enum": ["name", "demonym", "institution", "dateline"]}),
        Field(
            "successor", CODE,
            "for a state that no longer exists, or a place in one when the story was written "
            "(Moscow in 1987): today's state",
            required=False,
        ),
        Field("within", STRINGS),
        Field("geonameid", {"type": "integer"}, required=False),
        Field("lat", {"type": "number"}, required=False),
        Field("lon", {"type": "number"}, required=False),
    ),
}  # fmt: skip

QUOTE, EVENT, ARTICLE = ("quote",), ("event",), ("article",)

FIELDS: tuple[Field, ...] = (
    Field(
        "id", {**STRING, "pattern": "#(a|q[0-9]+|e[0-9]+)$"},
        "<doc_id>#a for the article, #qN for a quote, #eN for an event", csv=("id",),
    ),
    Field("kind", {"enum": list(RECORD_KINDS)}, csv=("kind",)),
    Field("doc_id", STRING, csv=("doc_id",)),
    Field("title", STRING, csv=("title",)),
    Field("source", STRING, csv=("source",)),
    Field(
        "authors", STRINGS,
        "the article's byline, one name each (empty when the source gives none), on each of "
        "its records",
        csv=("authors",),
    ),
    Field(
        "published", {**TEXT, "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"}, csv=("published",)
    ),
    Field(
        "when", TEXT,
        "TIMEX3 value the record refers to; the publication date when it has none of its own",
        csv=("when",),
    ),
    Field("date_begin", _ref("day")),
    Field("date_end", _ref("day")),
    Field(
        "dateline", TEXT,
        "where the story was filed from: the manifest's, else the dateline the body opens with",
    ),
    Field(
        "focus", {"type": "array", "items": CODE},
        "the countries the article is mostly about (ties kept, in order), on each of its records",
    ),
    Field("url", TEXT),
    Field("path", TEXT),
    Field(
        "language", TEXT,
        "the article's language as its source gives it or as detected (ISO 639-1 where known: "
        "en, de); null when unknown",
    ),
    Field(
        "crawl_date", {"type": "boolean"},
        "true when `published` is the day the page was crawled (a WARC record's or "
        "news-please's download date), not a date the page gives",
    ),
    Field("speaker", _ref("speaker"), on=QUOTE, csv=("speaker.name", "speaker.kind")),
    Field("quote_kind", {"enum": list(QUOTE_KINDS)}, on=QUOTE, csv=("quote_kind",)),
    Field("cue", _or_null(_ref("span")), on=QUOTE),
    Field(
        "statement", STRING,
        "the statement this quote is a version of, the same in every article that carries it "
        "(reprinted, trimmed, re-worded, credited to someone else): the id of its earliest "
        "version (`dateline trace ID` follows it); written by a local index, not kept in "
        "records folders or Elasticsearch",
        on=QUOTE, required=False, stored=False, csv=("statement",),
    ),
    *(
        Field(
            name, {"type": "integer", "minimum": least},
            f"on --distinct results only: how many {what} carry this statement",
            on=QUOTE, required=False, stored=False,
        )
        for name, least, what in (
            ("versions", 1, "quotes (its versions)"),
            ("articles", 1, "articles"),
            ("outlets", 0, "outlets (sources)"),
        )
    ),
    Field(
        "type", STRING, "CAMEO code, ACE 2005 type, or a documented extension",
        on=EVENT, csv=("type",),
    ),
    Field("label", STRING, on=EVENT, csv=("label",)),
    Field("trigger", _ref("span"), on=EVENT),
    Field("date", _or_null(_ref("date")), on=EVENT),
    Field("actors", STRINGS, on=EVENT),
    Field("text", STRING, csv=("text",)),
    Field("start", OFFSET),
    Field("end", OFFSET),
    Field("sentence", _ref("span"), on=QUOTE + EVENT),
    Field("dates", {"type": "array", "items": _ref("date")}, on=ARTICLE + QUOTE),
    Field("places", {"type": "array", "items": _ref("place")}),
    Field("events", STRINGS, on=ARTICLE + QUOTE),
    Field("speakers", STRINGS, on=ARTICLE),
    Field(
        "countries", {"type": "array", "items": _ref("country")},
        "every country the story gives evidence of, most weight first", on=ARTICLE,
    ),
    Field("quotes", {"type": "integer", "minimum": 0}, on=ARTICLE),
    Field(
        "words", {"type": "integer", "minimum": 0},
        "the article's length in words, as `wc -w` counts them", on=ARTICLE,
    ),
    Field(
        "score", {"type": "number"}, "relevance, on search results only", required=False,
        stored=False,
    ),
    Field(
        "snippet",
        _or_null(obj(*SPAN, Field("matches", {"type": "array", "items": _ref("span")}))),
        "on search results only: the sentence that holds most of the query's words (a "
        "quote's or event's own sentence), with the matched words; null when the query has no "
        "words a text holds",
        required=False, stored=False,
    ),
)  # fmt: skip

CSV_COLUMNS: tuple[str, ...] = tuple(path for f in FIELDS for path in f.csv)
STORED: tuple[Field, ...] = tuple(f for f in FIELDS if f.stored)  # what a store holds (Parquet...)


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """A schema node with its $ref followed (into DEFS) and a nullable oneOf reduced to what
    it allows besides null: the shape a store (an Arrow type, a mapping) is made for."""
    while True:
        if "$ref" in node:
            here = {k: v for k, v in node.items() if k != "$ref"}
            node = {**DEFS[node["$ref"].removeprefix("#/$defs/")], **here}
        elif "oneOf" in node:
            (node,) = [n for n in node["oneOf"] if n.get("type") != "null"]
        else:
            return node


def record_schema() -> dict[str, Any]:
    """The JSON Schema of a record, from FIELDS and DEFS."""
    everywhere = [f for f in FIELDS if set(f.on) == set(RECORD_KINDS)]
    by_kind = [
        (kind, [f for f in FIELDS if kind in f.on and f not in everywhere]) for kind in RECORD_KINDS
    ]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://dateline.invalid/schema/record.schema.json",
        "title": "dateline record",
        "description": (
            "One record as printed by `dateline search/quotes/events/export --format "
            "json|jsonl`: an article, a quote or an event. Offsets are Python str indices into "
            "the article text as read, so text[start:end] == span text. Fields may be added in "
            "later versions; none of these will be renamed. Written from dateline.schema.FIELDS "
            "by `python -m dateline.schema`."
        ),
        **obj(*everywhere),
        "allOf": [
            {"if": {"properties": {"kind": {"const": kind}}}, "then": obj(*fields)}
            for kind, fields in by_kind
            if fields
        ],
        "$defs": DEFS,
    }


def schema_text() -> str:
    """The schema file's text: what `python -m dateline.schema` writes."""
    return json.dumps(record_schema(), indent=2, ensure_ascii=False) + "\n"


@functools.cache
def record_paths() -> tuple[str, ...]:
    """Every dotted path a record may hold: `id`, `speaker.name`, `speaker.mention.text`,
    `places.name` (a list's items are reached through the list)."""
    paths: dict[str, None] = {}
    schema = record_schema()
    _paths(schema, schema["$defs"], "", paths, ())
    return tuple(paths)


def _paths(
    node: dict[str, Any], defs: dict[str, Any], prefix: str, out: dict[str, None], refs: tuple
) -> None:
    for name, sub in node.get("properties", {}).items():
        out[prefix + name] = None
        _paths(sub, defs, f"{prefix}{name}.", out, refs)
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/") and ref not in refs:  # `refs`: no endless walk of a loop
        _paths(defs[ref.removeprefix("#/$defs/")], defs, prefix, out, (*refs, ref))
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in node.get(key, []):
            _paths(sub, defs, prefix, out, refs)
    for key in ("then", "else", "items"):
        if isinstance(node.get(key), dict):
            _paths(node[key], defs, prefix, out, refs)
