"""From what the user typed to what runs: the options as Filters, the query parsed into the tree
of query.py, field values resolved (event types, countries, kinds), words the index does not keep
dropped, and the date clauses every match must meet joined to the options' range of days. No
index is opened here; what the engine makes of a word (`the`: nothing) comes in with the
Lookups."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from dateline.facets import BY_NAME, FACETS, Facet
from dateline.kinds import RECORD_KINDS
from dateline.search import query as T
from dateline.search.query import TOKEN_PATTERN, QueryError, parse_day

# a clause's field name -> the index field
INDEX_FIELD = {f.name: f.index_field for f in FACETS if f.index_field != f.name}
DEFAULT_FIELDS = ("text", "title", "speaker")  # what a word without a field searches
# Clause fields whose values are resolved to the stored codes before the query runs.
EXACT_FIELDS = ("kind", "id", *(f.name for f in FACETS if f.match in ("code", "choice")))
NAME_FIELDS = tuple(f.name for f in FACETS if f.match == "name")  # place: and what holds it
CHOICES = {"kind": RECORD_KINDS, **{f.name: f.choices for f in FACETS if f.choices}}


@dataclass(frozen=True)
class Lookups:
    """What field values mean, from the annotators' lexicons, which the caller passes in (the
    search stage does not load them): the event-type codes of `event:arrest`, the country
    code of `country:uk`, and the names nearest to an unknown country. By default a value is
    taken as the code it is."""

    event_types: Callable[[str], list[str]] = lambda value: [value]
    country: Callable[[str], str | None] = lambda value: value.strip().upper() or None
    country_suggestions: Callable[[str], list[str]] = lambda _value: []
    # the name the index holds for a country named otherwise (`UK`: United Kingdom), or None
    country_name: Callable[[str], str | None] = lambda _value: None
    # a title that comes before a name, not part of it (`Mr`)
    courtesy: Callable[[str], bool] = lambda _word: False
    # the states that no longer exist whose successor a country is: RU -> (SU,)
    predecessors: Callable[[str], tuple[str, ...]] = lambda _code: ()
    # the terms the engine's field makes of a text (Engine.terms); by default its words
    terms: Callable[[str, str], list[str]] = lambda _field, text: _words(text)
    # the gazetteer's name of a place named otherwise (`Kiev`: Kyiv, `Newcastle`: Newcastle
    # upon Tyne), or None
    place_name: Callable[[str], str | None] = lambda _value: None

    def place_names(self, value: str) -> list[str]:
        """The names a place may be searched by: as typed, the country's own name, and the
        name the gazetteer gives the place (records hold that one)."""
        names = [value]
        for name in (self.country_name(value), self.place_name(value)):
            if name is not None and name.lower() not in (n.lower() for n in names):
                names.append(name)
        return names

    def country_code(self, value: str, where: str) -> str:
        code = self.country(value)
        if code is None:
            close = self.country_suggestions(value)
            hint = f"did you mean {', '.join(close)}? " if close else ""
            raise QueryError(
                f"{where} {value!r}: no such country; {hint}(an ISO code such as GB, or a "
                "name; a region or city goes in --place)"
            )
        return code

    def country_codes(self, value: str, where: str) -> tuple[str, ...]:
        """The country's code, and those of the states it succeeds: RU finds the Soviet Union."""
        code = self.country_code(value, where)
        return (code, *self.predecessors(code))


@dataclass
class Filters:
    """The filter options: the values of each facet (facets.py) asked for, ORed within one
    facet and ANDed across them, resolved to the stored codes where the facet keeps codes
    (countries as ISO 3166-1 alpha-2, events as taxonomy codes); and a range of days."""

    kinds: list[str] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)  # facet name -> values
    since: dt.date | None = None
    until: dt.date | None = None
    dated: bool = False  # only records that have a date

    def get(self, facet: str) -> list[str]:
        return self.values.get(facet, [])


def make_filters(kinds: list[str], lookups: Lookups, **options: Any) -> Filters:
    """Filters from the command-line options (`since`, `event`, `speaker`, ...); a bad value
    is a QueryError naming its option."""
    for option in ("since", "until", *BY_NAME):
        value = options.get(option)
        for one in (value,) if isinstance(value, str) else value or ():
            if not one.strip():
                raise QueryError(f"--{option.replace('_', '-')}: give a value, not an empty one")
    days = {}
    for option, end in (("since", False), ("until", True)):
        value = options.get(option)
        try:
            days[option] = parse_day(value, end=end) if value else None
        except QueryError as exc:
            raise QueryError(f"--{option}: {exc}") from None
    values = {}
    for facet in FACETS:
        typed = list(options.get(facet.name) or ())
        if typed:
            values[facet.name] = [v for one in typed for v in _codes(facet, one, lookups)]
    return Filters(list(kinds), values, days["since"], days["until"], bool(options.get("dated")))


def _codes(facet: Facet, value: str, lookups: Lookups) -> list[str]:
    """What a facet's option value stands for in the index: a country's codes, an event's."""
    if facet.resolve == "country":
        return list(lookups.country_codes(value, facet.option))
    if facet.resolve == "event":
        found = lookups.event_types(value)
        if not found:
            raise QueryError(f"--event {value!r}: no such event type (`dateline events --count`)")
        return found
    return [value]


@dataclass
class Plan:
    """What to run: the words (our query tree, without the dates every match needs), the
    filters from the options (a tree too), the record kinds and a range of days."""

    query: T.Node
    filter: T.Node | None = None
    kinds: frozenset[str] = frozenset()
    since: int | None = None  # day ordinals
    until: int | None = None
    text: str = ""  # as typed, for did-you-mean
    dated: bool = False  # only records that have a date
    notes: list[str] = field(default_factory=list)  # what the user should know of the query

    def __str__(self) -> str:
        parts = [f"query {T.describe(self.query)}"]
        if self.filter is not None:
            parts.append(f"filters {T.describe(self.filter)}")
        if self.kinds:
            parts.append("kinds " + ",".join(sorted(self.kinds)))
        if self.since is not None or self.until is not None:
            lo = dt.date.fromordinal(self.since) if self.since is not None else ""
            hi = dt.date.fromordinal(self.until) if self.until is not None else ""
            parts.append(f"days {lo}..{hi}")
        return "; ".join(parts)


def _words(text: str) -> list[str]:
    return re.findall(TOKEN_PATTERN, text.lower())


def build_query(
    text: str, filters: Filters, lookups: Lookups | None = None, literal: bool = False
) -> Plan:
    """The plan for a query and its filters. Field values are resolved (event types, country
    names), words that index to nothing (`the`, a dash) dropped, and the date clauses that
    every match must meet joined to the options' date range."""
    lookups = lookups or Lookups()
    tree = _resolve(T.parse(text, literal), lookups)
    pruned = T.prune(tree, lambda leaf: _indexable(leaf, lookups.terms))
    if pruned is None:
        raise QueryError(
            f"the query {text.strip()!r} has no words to search for "
            "(common words such as `the` and punctuation are not indexed)"
        )
    tree, dates = T.split_dates(pruned)
    since, until = filters.since, filters.until
    for d in dates:
        since = max(filter(None, [since, d.since]), default=None)
        until = min(filter(None, [until, d.until]), default=None)
    if dates and since is None and until is None:  # date:[TO]: any day, so only dated records
        since = dt.date.min
    if filters.since and filters.until and filters.since > filters.until:
        raise QueryError(f"--since {filters.since} is after --until {filters.until}")
    return Plan(
        tree,
        _filter_tree(filters, lookups),
        frozenset(filters.kinds),
        since.toordinal() if since else None,
        until.toordinal() if until else None,  # before `since`: a record must span both
        text=text,
        dated=filters.dated,
        notes=_left_out(T.parse(text, literal), lookups.terms),
    )


def _left_out(node: T.Node, terms: Callable[[str, str], list[str]]) -> list[str]:
    """What to tell of the common words a query loses: those inside a phrase (`"Take That"`
    is searched as `take`) and those typed in capitals (`US`, `IT`), which may be a name.
    A lone lower-case `the` is left out without a word."""
    lost: dict[str, None] = {}
    for leaf in T.leaves(node):
        if not isinstance(leaf, T.Word | T.Phrase) or leaf.field not in (None, "text", "title"):
            continue
        words = re.findall(TOKEN_PATTERN, leaf.text)
        for word in words:
            if not terms("text", word) and (len(words) > 1 or (word.isupper() and len(word) > 1)):
                lost[word] = None
    if not lost:
        return []
    return [
        f"common words are not indexed, and were left out: {', '.join(lost)} "
        "(--literal does not keep them either)"
    ]


def _resolve(node: T.Node, lookups: Lookups) -> T.Node:
    """Values of the keyword fields as the index stores them: `event:arrest` is the codes of
    its event types, `country:uk` is GB, `kind:Quote` is quote."""
    if isinstance(node, T.And | T.Or):
        return type(node)(tuple(_resolve(c, lookups) for c in node.children), node.boost)
    if isinstance(node, T.Not):
        return T.Not(_resolve(node.child, lookups))
    if isinstance(node, T.AndMaybe):
        return T.AndMaybe(_resolve(node.required, lookups), _resolve(node.optional, lookups))
    if isinstance(node, T.Word | T.Phrase) and node.field in NAME_FIELDS:
        names = lookups.place_names(node.text)
        return T.disjunction([replace(node, text=name) for name in names])
    if not isinstance(node, T.Word | T.Phrase | T.Pattern) or node.field not in EXACT_FIELDS:
        return node
    name, value = node.field, node.text.strip()
    if isinstance(node, T.Pattern):
        if name in ("doc", "id"):
            return node
        raise QueryError(f"{name}:{value}: patterns with * or ? work in text fields and doc:")
    resolve = BY_NAME[name].resolve if name in BY_NAME else ""
    if resolve == "event":
        codes = lookups.event_types(value)
        if not codes:
            raise QueryError(
                f"event:{value}: no event type matches; `dateline events --count` lists them"
            )
        return T.Exact(name, tuple(codes), node.boost)
    if resolve == "country":
        return T.Exact(name, lookups.country_codes(value, f"{name}:"), node.boost)
    if name in CHOICES:
        if value.lower() not in CHOICES[name]:
            raise QueryError(f"{name}:{value}: use one of {', '.join(CHOICES[name])}")
        value = value.lower()
    return T.Exact(name, (value,), node.boost)


def _indexable(leaf: T.Leaf, terms: Callable[[str, str], list[str]]) -> bool:
    """Whether a leaf means anything to the index: a word unfielded is searched when the text
    field keeps it (not a common word, not punctuation); in a field, when that field does."""
    if isinstance(leaf, T.Exact):
        return bool(leaf.values)
    if isinstance(leaf, T.Pattern):
        return bool(leaf.text.strip("*?"))
    return bool(terms(index_field(leaf.field or "text"), leaf.text))


def _filter_tree(f: Filters, lookups: Lookups) -> T.Node | None:
    """The options as one tree: AND across options, OR within a repeated one."""

    def words(fieldname: str, value: str) -> T.Node:
        typed = value.split()
        kept = [w for w in typed if not lookups.courtesy(w)] or typed  # `Mr Blair`: Blair
        parts = [T.leaf(fieldname, w) for w in kept if lookups.terms(fieldname, w.strip("*?"))]
        if not parts:
            raise QueryError(f"--{fieldname} {value!r} has no letters or digits to match")
        return T.conjunction(parts)

    def names(fieldname: str, value: str) -> T.Node:
        if not lookups.terms(fieldname, value):
            raise QueryError(f"--{fieldname} {value!r} has no letters or digits to match")
        named = lookups.place_names(value)
        return T.disjunction([T.leaf(fieldname, name.strip()) for name in named])

    def any_of(nodes: list[T.Node]) -> T.Node | None:
        return T.disjunction(nodes) if nodes else None

    def exact(fieldname: str, values: list[str]) -> T.Node | None:
        return T.Exact(fieldname, tuple(values)) if values else None

    def one_facet(facet: Facet, values: list[str]) -> T.Node | None:
        if not values:
            return None
        if facet.match == "words":
            return any_of([words(facet.name, v) for v in values])
        if facet.match == "name":
            return any_of([names(facet.name, v) for v in values])
        return exact(facet.name, values)

    parts = [one_facet(facet, f.get(facet.name)) for facet in FACETS]
    present = [p for p in parts if p is not None]
    return T.conjunction(present) if present else None


def index_field(name: str) -> str:
    return INDEX_FIELD.get(name, name)


def leaf_fields(leaf: T.Leaf) -> list[str]:
    """The index fields a word, phrase or pattern searches: its own, or the default ones."""
    return [index_field(f) for f in ([leaf.field] if leaf.field else DEFAULT_FIELDS)]


def highlighted(
    query: T.Node,
    terms: Callable[[str, str], list[str]],
    pattern_words: Callable[[T.Pattern], list[str]],
) -> list[tuple[str, ...]]:
    """What a hit's text is highlighted for: the terms of each word or phrase of the text
    or title that ranks it, and each word of the text a pattern was searched as."""
    out: list[tuple[str, ...]] = []
    for leaf, _boost in T.positive(query):
        if isinstance(leaf, T.Exact) or leaf.field not in (None, "text", "title"):
            continue
        if isinstance(leaf, T.Pattern):
            out.extend((word,) for word in pattern_words(leaf))
        else:
            out.append(tuple(terms("text", leaf.text)))
    return [p for p in out if p]
