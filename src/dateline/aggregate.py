"""Summaries over search results: one row per speaker, place or event type; a document's marks."""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Rows = tuple[list[dict[str, Any]], list[str]]
Terms = Callable[[str, str], list[str]]  # an engine's terms of a field's text (Engine.terms)


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
        ("name", "kind", "title", "affiliation", "quotes", "statements", "documents"),
        ("name", "kind", "title", "affiliation", "quotes", "statements", "documents", "aliases"),
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
    what: str,
    records: Iterable[dict[str, Any]],
    filters: Any,
    min_quotes: int = 1,
    terms: Terms | None = None,
) -> list[dict[str, Any]]:
    """The rows of a summary (a key of SUMMARIES) over the records the filters found: a place
    summary lists only the places that --country and --place name (matched as the engine's
    `terms` of the place field match them)."""
    if what == "speakers":
        return speakers(records, min_quotes, "unknown" in filters.get("speaker_kind"))[0]
    if what == "places":
        return places(records, filters.get("country"), filters.get("place"), terms)[0]
    return event_types(records)[0]


def speakers(records: Iterable[dict[str, Any]], min_quotes: int = 1, unknown: bool = False) -> Rows:
    """One row per speaker across the corpus. A bare surname ("Reeker") joins the one person
    whose full name ends with it (or the one far more often quoted), so each person is counted
    once. Speakers of no known kind
    (a pronoun with no antecedent) are left out unless `unknown`."""
    rows = []
    for row in _speaker_entries(records, unknown).values():
        if row["quotes"] < min_quotes:
            continue
        rows.append(
            {
                "name": row["name"],
                "kind": row["kinds"].most_common(1)[0][0],
                "title": row["titles"].most_common(1)[0][0] if row["titles"] else None,
                "affiliation": row["affiliation"],
                "quotes": row["quotes"],
                "statements": len(row["statements"]),
                "documents": len(row["docs"]),
                "aliases": sorted(row["aliases"] - {row["name"]}),
            }
        )
    rows.sort(key=lambda x: (-x["quotes"], x["name"].lower()))
    return rows, list(SUMMARIES["speakers"].columns)


def _speaker_entries(records: Iterable[dict[str, Any]], unknown: bool) -> dict[str, dict]:
    """The speakers of `records` by name, bare surnames merged into their one full name."""
    by_name: dict[str, dict[str, Any]] = {}
    for r in records:
        sp = r.get("speaker") or {}
        if not sp.get("name") or (sp.get("kind") == "unknown" and not unknown):
            continue
        # an unnamed speaker is one per affiliation: "spokesman" of Tony Blair, of Microsoft
        key = sp["name"]
        if not key[:1].isupper() and sp.get("affiliation"):
            key = f"{key} ({sp['affiliation']})"
        row = by_name.setdefault(
            key,
            {"name": sp["name"], "kinds": Counter(), "titles": Counter(), "affiliation": None,
             "quotes": 0, "statements": set(), "docs": set(), "aliases": set()},
        )  # fmt: skip
        row["kinds"][sp["kind"]] += 1
        if sp.get("title"):
            row["titles"][sp["title"]] += 1
        row["affiliation"] = row["affiliation"] or sp.get("affiliation")
        row["quotes"] += 1
        # the same words reprinted are one statement; a quote in no chain is its own
        row["statements"].add(r.get("statement") or r.get("id") or (r["doc_id"], r.get("start")))
        row["docs"].add(r["doc_id"])
        # the words naming them: a pronoun's or a `who`'s antecedent, not the pronoun
        mention = (sp.get("antecedent") or sp.get("mention") or {}).get("text")
        if mention and mention.lower() not in ("he", "she", "they", "it", "who", "which", "that"):
            row["aliases"].add(mention)
    _merge_surnames(by_name)
    return by_name


# a word ending in a possessive: "Blair's", "Ross’s", "the Democrats'"
_POSSESSIVE_WORD = re.compile(r"\w(?:['’]s|s['’])(?!\w)")


def speaker_check(
    records: Iterable[dict[str, Any]], shown: int = 20, unknown: bool = False, min_quotes: int = 1
) -> list[dict[str, Any]]:
    """How far the speaker entries are from one entry per person: the entries that are a
    possessive ("Tony Blair's", or "Blair" through the alias "Mr Blair's spokesman"), a doubled
    name ("Straw Jack Straw"), or a bare surname ("Blair", a person) that another entry's full
    name ("Tony Blair") covers in an article both speak in. One row per check: how many entries fail
    it, of how many (with `min_quotes` or more), and the first `shown` of them."""
    entries = {
        key: row
        for key, row in _speaker_entries(records, unknown).items()
        if row["quotes"] >= min_quotes
    }
    full_names: dict[tuple[str, str], list[str]] = defaultdict(list)  # (doc, surname) -> names
    for row in entries.values():
        if _full_name(row["name"]) and row["kinds"].get("person"):
            for doc in row["docs"]:
                full_names[(doc, row["name"].split()[-1])].append(row["name"])
    possessive, doubled, covered = [], [], []
    for key, row in sorted(entries.items(), key=lambda e: (-e[1]["quotes"], e[0])):
        kind = row["kinds"].most_common(1)[0][0]
        if _possessive(row, kind):
            possessive.append(key)
        if _doubled(row["name"], kind):
            doubled.append(key)
        if fuller := _covering(row, kind, full_names):
            covered.append(f"{row['name']} ({', '.join(fuller[:3])})")
    return [
        {"check": check, "count": len(found), "of": len(entries), "entries": found[:shown]}
        for check, found in (
            ("possessive", possessive),
            ("doubled_name", doubled),
            ("covered_surname", covered),
        )
    ]


def _possessive(row: dict[str, Any], kind: str) -> bool:
    """`Tony Blair's`, or `Blair` named through `Mr Blair's spokesman`; but the proper name of a
    body may hold one: `Lloyd's`, `the Musicians' Union`."""
    name, parts = row["name"], row["name"].split()
    proper = all(p[:1].isupper() for p in parts if p not in ("of", "the", "and"))
    if _POSSESSIVE_WORD.search(name) and not (kind == "organization" and proper):
        return True
    owner = re.compile(rf"\b{re.escape(parts[-1])}['’]s?\s+\w") if parts else None
    return bool(owner and any(owner.search(a) for a in row["aliases"]))


def _doubled(name: str, kind: str) -> bool:
    """`Straw Jack Straw`; not `Mr Islam and Mr Kazi`, a pair."""
    capitalized = [p for p in name.split() if p[:1].isupper()]
    return kind != "group" and len(set(capitalized)) < len(capitalized)


def _covering(
    row: dict[str, Any], kind: str, full_names: dict[tuple[str, str], list[str]]
) -> list[str]:
    """The full names that cover a bare surname (a person's) in an article both speak in."""
    name = row["name"]
    if len(name.split()) != 1 or not name[:1].isupper() or kind not in ("person", "unknown"):
        return []
    return sorted({f for doc in row["docs"] for f in full_names.get((doc, name), ())})


def _merge_surnames(by_name: dict[str, dict[str, Any]]) -> None:
    people: dict[str, list[str]] = defaultdict(list)
    for key, row in by_name.items():
        if _full_name(row["name"]) and row["kinds"].get("person"):
            people[row["name"].split()[-1].lower()].append(key)
    for name in list(by_name):
        owners = sorted(people.get(name.lower(), []), key=lambda o: -len(by_name[o]["docs"]))
        kind = by_name[name]["kinds"].most_common(1)[0][0]
        if " " not in name and name[:1].isupper() and owners and kind in ("person", "unknown"):
            # one owner, or one the corpus quotes in twice as many articles as all the others
            # ("Blair" is Tony Blair, not Ian or Cherie Blair, where the article says no more)
            others = sum(len(by_name[o]["docs"]) for o in owners[1:])
            if len(by_name[owners[0]]["docs"]) <= 2 * others:
                continue
            _merge_into(by_name[owners[0]], by_name.pop(name), name, "person")
    # `Analysts` opening a sentence are the `analysts` of another: one entry, not two
    for name in list(by_name):
        twin = name[:1].lower() + name[1:]
        row = by_name[name]
        if twin != name and twin in by_name and not row["kinds"].get("person"):
            _merge_into(by_name[twin], by_name.pop(name), name)


def _full_name(name: str) -> bool:
    """`Tony Blair`, `Charles de Gaulle`: capitalized words but for name particles; not `A
    spokesman for the LSE`."""
    parts = name.split()
    return (
        len(parts) > 1
        and parts[0] not in ("A", "An", "The")
        and all(p[:1].isupper() or p in _NAME_PARTICLES for p in parts)
        and parts[-1][:1].isupper()
    )


_NAME_PARTICLES = frozenset({"de", "da", "di", "van", "von", "der", "den", "bin", "al", "la", "le"})


def _merge_into(target: dict[str, Any], row: dict[str, Any], name: str, kind: str | None = None):
    if kind is None:
        target["kinds"].update(row["kinds"])
    else:
        target["kinds"][kind] += sum(row["kinds"].values())
    target["titles"].update(row["titles"])
    target["quotes"] += row["quotes"]
    target["docs"] |= row["docs"]
    target["statements"] |= row["statements"]
    target["aliases"] |= row["aliases"] | {name}


def places(
    records: Iterable[dict[str, Any]],
    countries: Iterable[str] = (),
    names: Iterable[str] = (),
    terms: Terms | None = None,
) -> Rows:
    """One row per place the records mention, with the number of records and documents. Given
    `countries` (ISO codes) or `names` (what --place was given), only the places that have
    them: in one of the countries, and named so or lying within a place named so."""
    key = _place_key(terms or (lambda _field, text: [text.lower()]))
    wanted = _place_filter(set(countries), {key(n) for n in names}, key)
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


def _place_filter(
    countries: set[str], keys: set[str], key: Callable[[str], str]
) -> Callable[[dict[str, Any]], bool]:
    """Whether a place has what --country and --place ask for: AND across the two, OR within
    each, as the record filters combine them."""

    def wanted(place: dict[str, Any]) -> bool:
        if countries and place.get("country") not in countries:
            return False
        if keys:
            names = [place["name"], *(place.get("within") or [])]
            return any(key(n) in keys for n in names)
        return True

    return wanted


def _place_key(terms: Terms) -> Callable[[str], str]:
    """A place name as the index's place field holds it (for Whoosh lowercased and accents
    folded): what --place matches, so that `sao paulo` is São Paulo here as it is in the
    record filter."""

    @functools.cache
    def key(name: str) -> str:
        return "".join(terms("place", name.strip()))

    return key


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
        places = [p for p in article.get("places") or [] if p["start"] is not None]
        marks.extend((p["start"], p["end"], "place") for p in places)
    return marks
