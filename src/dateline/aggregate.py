"""Summaries over search results: one row per speaker, place or event type; a document's marks."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Rows = tuple[list[dict[str, Any]], list[str]]


@dataclass(frozen=True)
class Summary:
    """What a summary reads and gives: the kinds of record it counts, what one of its rows is
    (one, many), its columns, and every field of a row (its columns and more)."""

    kinds: tuple[str, ...]
    one: str
    many: str
    columns: tuple[str, ...]
    fields: tuple[str, ...]


SUMMARIES = {
    "speakers": Summary(
        ("quote",), "speaker", "speakers",
        ("name", "kind", "title", "affiliation", "quotes", "documents"),
        ("name", "kind", "title", "affiliation", "quotes", "documents", "aliases"),
    ),
    "places": Summary(
        (), "place", "places",
        ("name", "country", "kind", "within", "records", "documents"),
        ("name", "country", "kind", "within", "records", "documents"),
    ),
    "event_types": Summary(
        ("event",), "event type", "event types",
        ("type", "label", "events", "documents"),
        ("type", "label", "events", "documents"),
    ),
}  # fmt: skip


def summarise(
    what: str, records: Iterable[dict[str, Any]], filters: Any, min_quotes: int = 1
) -> list[dict[str, Any]]:
    """The rows of a summary (a key of SUMMARIES) over the records the filters found: a place
    summary lists only the places that --country and --place name."""
    if what == "speakers":
        return speakers(records, min_quotes, "unknown" in filters.speaker_kinds)[0]
    if what == "places":
        return places(records, filters.countries, filters.places)[0]
    return event_types(records)[0]


def speakers(records: Iterable[dict[str, Any]], min_quotes: int = 1, unknown: bool = False) -> Rows:
    """One row per speaker across the corpus. A bare surname ("Reeker") joins the one person
    whose full name ends with it, so each person is counted once. Speakers of no known kind
    (a pronoun with no antecedent) are left out unless `unknown`."""
    by_name: dict[str, dict[str, Any]] = {}
    for r in records:
        sp = r.get("speaker") or {}
        if not sp.get("name") or (sp.get("kind") == "unknown" and not unknown):
            continue
        row = by_name.setdefault(
            sp["name"],
            {"name": sp["name"], "kinds": Counter(), "titles": Counter(), "affiliation": None,
             "quotes": 0, "docs": set(), "aliases": set()},
        )  # fmt: skip
        row["kinds"][sp["kind"]] += 1
        if sp.get("title"):
            row["titles"][sp["title"]] += 1
        row["affiliation"] = row["affiliation"] or sp.get("affiliation")
        row["quotes"] += 1
        row["docs"].add(r["doc_id"])
        # the words naming them: a pronoun's or a `who`'s antecedent, not the pronoun
        mention = (sp.get("antecedent") or sp.get("mention") or {}).get("text")
        if mention and mention.lower() not in ("he", "she", "they", "it", "who", "which", "that"):
            row["aliases"].add(mention)
    _merge_surnames(by_name)
    rows = []
    for row in by_name.values():
        if row["quotes"] < min_quotes:
            continue
        rows.append(
            {
                "name": row["name"],
                "kind": row["kinds"].most_common(1)[0][0],
                "title": row["titles"].most_common(1)[0][0] if row["titles"] else None,
                "affiliation": row["affiliation"],
                "quotes": row["quotes"],
                "documents": len(row["docs"]),
                "aliases": sorted(row["aliases"] - {row["name"]}),
            }
        )
    rows.sort(key=lambda x: (-x["quotes"], x["name"].lower()))
    return rows, ["name", "kind", "title", "affiliation", "quotes", "documents"]


def _merge_surnames(by_name: dict[str, dict[str, Any]]) -> None:
    people: dict[str, list[str]] = defaultdict(list)
    for name, row in by_name.items():
        if " " in name and row["kinds"].get("person"):
            people[name.split()[-1].lower()].append(name)
    for name in list(by_name):
        owners = people.get(name.lower(), [])
        if " " not in name and len(owners) == 1:
            row, target = by_name.pop(name), by_name[owners[0]]
            target["kinds"]["person"] += sum(row["kinds"].values())
            target["titles"].update(row["titles"])
            target["quotes"] += row["quotes"]
            target["docs"] |= row["docs"]
            target["aliases"] |= row["aliases"] | {name}


def places(
    records: Iterable[dict[str, Any]], countries: Iterable[str] = (), names: Iterable[str] = ()
) -> Rows:
    """One row per place the records mention, with the number of records and documents. Given
    `countries` (ISO codes) or `names` (what --place was given), only the places that have
    them: in one of the countries, and named so or lying within a place named so."""
    wanted = _place_filter(set(countries), {_place_key(n) for n in names})
    rows: dict[tuple[str, str | None], dict[str, Any]] = {}
    for r in records:
        for p in {(p["name"], p.get("country")): p for p in r.get("places") or []}.values():
            if not wanted(p):
                continue
            row = rows.setdefault(
                (p["name"], p.get("country")),
                {"name": p["name"], "country": p.get("country"), "kind": p.get("kind"),
                 "within": ", ".join(p.get("within") or []), "records": 0, "docs": set()},
            )  # fmt: skip
            row["records"] += 1
            row["docs"].add(r["doc_id"])
    out = [dict(row, documents=len(row.pop("docs"))) for row in rows.values()]
    out.sort(key=lambda x: (-x["records"], x["name"]))
    return out, ["name", "country", "kind", "within", "records", "documents"]


def _place_filter(countries: set[str], keys: set[str]) -> Callable[[dict[str, Any]], bool]:
    """Whether a place has what --country and --place ask for: AND across the two, OR within
    each, as the record filters combine them."""

    def wanted(place: dict[str, Any]) -> bool:
        if countries and place.get("country") not in countries:
            return False
        if keys:
            names = [place["name"], *(place.get("within") or [])]
            return any(_place_key(n) in keys for n in names)
        return True

    return wanted


@functools.cache
def _place_key(name: str) -> str:
    """A place name as the index's place field holds it, lowercased and accents folded: what
    --place matches, so that `sao paulo` is São Paulo here as it is in the record filter."""
    from dateline.plan import tokens

    return "".join(tokens("place", name.strip()))


def event_types(records: Iterable[dict[str, Any]]) -> Rows:
    counts: Counter[tuple[str, str]] = Counter()
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in records:
        if r.get("kind") == "event":
            key = (r["type"], r["label"])
            counts[key] += 1
            docs[key].add(r["doc_id"])
    rows = [
        {"type": code, "label": label, "events": n, "documents": len(docs[(code, label)])}
        for (code, label), n in counts.most_common()
    ]
    return rows, ["type", "label", "events", "documents"]


def document_marks(records: list[dict[str, Any]], layers: str | None) -> list[tuple[int, int, str]]:
    """(start, end, layer) for every annotation of one document's records."""
    marks: list[tuple[int, int, str]] = []
    article = next(r for r in records if r["kind"] == "article")
    if layers in (None, "quotes"):
        for r in records:
            if r["kind"] != "quote":
                continue
            marks.append((r["start"], r["end"], "quote"))
            if r.get("cue"):
                marks.append((r["cue"]["start"], r["cue"]["end"], "cue"))
            for key in ("mention", "antecedent"):
                mention = (r.get("speaker") or {}).get(key)
                if mention:
                    marks.append((mention["start"], mention["end"], "speaker"))
    if layers in (None, "events"):
        for r in records:
            if r["kind"] == "event":
                marks.append((r["trigger"]["start"], r["trigger"]["end"], "event"))
    if layers is None:
        marks.extend((d["start"], d["end"], "date") for d in article.get("dates") or [])
        marks.extend((p["start"], p["end"], "place") for p in article.get("places") or [])
    return marks
