"""A record's facets, declared once: what each is called in a query (`country:uk`) and on the
command line (`--country uk`), which values a record holds for it, and how a typed value is
matched. The query's field names, the Filters, the CLI's filter options and every engine's
index fields are derived from this table, so a new facet is one entry here.

How a facet matches (`match`):
- "words": by any word of it, analysed as text is (`--speaker blair`);
- "name": by a whole name, case and accents aside; a place also by what holds it;
- "code": by a stored code, to which a typed value is resolved first (`resolve`);
- "choice": by one of a few fixed values (`choices`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dateline.kinds import QUOTE_KINDS, SPEAKER_KINDS

Values = Callable[[dict[str, Any]], list[str]]


@dataclass(frozen=True)
class Facet:
    name: str  # the query clause's field, the option's name and the Filters' key
    match: str  # words | name | code | choice (above)
    values: Values  # what a record (its JSON, with `kind`) holds for it
    help: str  # the command-line option's help
    aliases: tuple[str, ...] = ()  # other names a query clause may give it (`who:`)
    flags: tuple[str, ...] = ()  # other option names (`--type` for --event)
    choices: tuple[str, ...] = ()
    resolve: str = ""  # what a typed code is resolved from: "country" or "event" names
    field: str = ""  # the index field, when not `name`
    boost: float = 1.0  # how much a match in it weighs in ranking
    scored: bool = False  # whether a match ranks (by frequency and length) or only filters

    @property
    def index_field(self) -> str:
        return self.field or self.name

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


def _speaker(d: dict[str, Any]) -> list[str]:
    """The speaker's name and the words naming them here; an article, every speaker quoted."""
    speaker = d.get("speaker") or {}
    words = [speaker.get("name") or ""]
    if speaker.get("mention") and speaker.get("kind") != "unknown":
        words.append(speaker["mention"]["text"])
    if d["kind"] == "article":
        words.extend(d.get("speakers", []))
    return [w for w in words if w]


def _places(d: dict[str, Any]) -> list[str]:
    """Each place named, and what holds it: Beijing is found under China too."""
    return sorted({n for p in d.get("places") or [] for n in (p["name"], *(p.get("within") or []))})


def _countries(d: dict[str, Any]) -> list[str]:
    """The countries of the places; of a place in a state that no longer exists, today's too
    (Kiev in 1987 is the Soviet Union's and is found under UA)."""
    places = d.get("places") or []
    return sorted({c for p in places for c in (p.get("country"), p.get("successor")) if c})


def _one(key: str) -> Values:
    return lambda d: [d[key]] if d.get(key) else []


FACETS: tuple[Facet, ...] = (
    Facet(
        "speaker", "words", _speaker,
        "Speaker by any part of the name or an alias (repeat for OR).",
        aliases=("who", "by"), boost=3.0, scored=True,
    ),
    Facet(
        "speaker_kind", "choice", lambda d: _one("kind")(d.get("speaker") or {}),
        "Kind of speaker.", choices=SPEAKER_KINDS,
    ),
    Facet("quote_kind", "choice", _one("quote_kind"), "Kind of quote.", choices=QUOTE_KINDS),
    Facet(
        "place", "name", _places,
        "Place, or anything inside it: --place China finds Beijing.",
        aliases=("where", "in"), scored=True,
    ),
    Facet(
        "country", "code", _countries, "Country by ISO code or name: CN, GBR, uk, South Korea.",
        resolve="country",
    ),
    Facet(
        "focus", "code", lambda d: list(d.get("focus") or ()),
        "Articles mostly about this country (and their records): CN, Japan.", resolve="country",
    ),
    Facet(
        "event", "code", lambda d: [d["type"]] if d["kind"] == "event" else d.get("events") or [],
        "Event type: code (173), label or word (arrest).",
        aliases=("type",), flags=("--type",), resolve="event", scored=True,
    ),
    Facet("source", "words", _one("source"), "Publisher, by any word of its name."),
    Facet(
        "author", "words", lambda d: list(d.get("authors") or ()),
        "Byline: an author by any part of the name.", aliases=("byline",),
    ),
    Facet(
        "doc", "code", _one("doc_id"), "Document id.",
        aliases=("doc_id", "document"), field="doc_id",
    ),
)  # fmt: skip

BY_NAME = {f.name: f for f in FACETS}
