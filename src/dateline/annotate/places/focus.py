"""The countries a story is about, with their evidence, and the one (or few) it is mostly about.

Evidence, strongest first: the dateline (where it was filed), a place named in the country or the
country itself, a national institution ("the Bundesbank"), a nationality word ("Chinese
police"), and, weakest, an amount in the country's currency ("5 mln yen"); a bare dollar amount
is the US's, but says little outside US wire copy, so it weighs least. A mention in the headline
or the first sentence of the body counts more. The focus is the countries of the most weight;
ties are kept, ordered by the headline, then the dateline, then the first mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from dateline.annotate.lexicons import load
from dateline.annotate.places.gazetteer import gazetteer
from dateline.model import Country, Place, Span

_WEIGHT = {"dateline": 2.5, "name": 1.0, "institution": 1.0, "demonym": 0.75, "currency": 0.4}
_WEAK_CURRENCY = 0.1
_IN_HEADLINE = 2.0
_IN_LEAD = 1.5  # the body's first sentence


@dataclass(frozen=True, slots=True)
class _Currencies:
    pattern: re.Pattern[str]
    country: dict[str, str]  # the currency (a word or a sign) as written -> ISO code
    weak: frozenset[str]


@cache
def _currencies() -> _Currencies:
    lex = load("currencies")
    country = {form: iso for iso, forms in lex["countries"].items() for form in forms}
    signs = {sign: iso for iso, forms in lex["symbols"].items() for sign in forms}
    names = "|".join(re.escape(f) for f in sorted(country, key=len, reverse=True))
    amounts = "|".join(map(re.escape, lex["amount_words"]))
    pattern = re.compile(
        rf"\d[\d,.]*(?:\s+(?:{amounts}))?\s+(?P<qualifier>[A-Z][\w.]*\s+)?(?P<currency>{names})\b"
        rf"|(?<![\w$])(?P<sign>{'|'.join(map(re.escape, signs))})\s?\d"
    )
    return _Currencies(pattern, country | signs, frozenset(lex["weak"]))


class Amount(NamedTuple):
    """An amount in one country's currency: the country, the currency's words or sign, and
    whether it says little (a bare dollar amount)."""

    country: str
    span: Span
    weak: bool


def currency_amounts(text: str) -> list[Amount]:
    """Each amount in a country's currency (`5 mln yen`, `£24m`); `20 mln Canadian dlrs` is
    left to its nationality word."""
    currencies = _currencies()
    out = []
    for m in currencies.pattern.finditer(text):
        group = "sign" if m.group("sign") else "currency"
        if group == "currency" and m.group("qualifier"):
            continue
        written = m.group(group)
        span = Span.of(text, m.start(group), m.end(group))
        out.append(Amount(currencies.country[written], span, written in currencies.weak))
    return out


@dataclass(slots=True)
class _Tally:
    first: int  # where it is first evoked
    evidence: dict[str, int]
    weight: float = 0.0
    in_headline: bool = False
    in_dateline: bool = False


def story_countries(
    text: str,
    places: list[Place],
    filed_from: Place | None,
    headline: Span | None,
    lead: Span | None,
    amounts: list[Amount] | None = None,
) -> tuple[list[Country], list[str]]:
    """The story's countries, most weight first, and its focus (country codes); `amounts`,
    the story's currency amounts when the caller has them (`currency_amounts`)."""
    tallies: dict[str, _Tally] = {}

    def add(country: str, via: str, span: Span | None, weight: float) -> None:
        start = span.start if span else -1
        t = tallies.setdefault(country, _Tally(start, {}))
        t.first = min(t.first, start)
        t.evidence[via] = t.evidence.get(via, 0) + 1
        if via == "dateline" or span is None:
            pass  # where it was filed from, wherever the dateline stands
        elif headline is not None and headline.contains(span):
            weight *= _IN_HEADLINE
            t.in_headline = True
        elif lead is not None and lead.contains(span):
            weight *= _IN_LEAD
        t.in_dateline |= via == "dateline"
        t.weight += weight

    if filed_from is not None and filed_from.span is None and filed_from.country:
        add(filed_from.country, "dateline", None, _WEIGHT["dateline"])
    for p in places:
        if p.country:
            add(p.country, p.via, p.span, _WEIGHT.get(p.via, 1.0))
    for a in currency_amounts(text) if amounts is None else amounts:
        add(a.country, "currency", a.span, _WEAK_CURRENCY if a.weak else _WEIGHT["currency"])
    return _ranked(tallies)


def _ranked(tallies: dict[str, _Tally]) -> tuple[list[Country], list[str]]:
    if not tallies:
        return [], []
    names = gazetteer().countries
    weight = {c: round(t.weight, 6) for c, t in tallies.items()}  # sums of floats: ties stay ties
    order = sorted(
        tallies,
        key=lambda c: (
            -weight[c],
            not tallies[c].in_headline,
            not tallies[c].in_dateline,
            tallies[c].first,
        ),
    )
    countries = [
        Country(
            c,
            names[c].name if c in names else c,
            dict(sorted(tallies[c].evidence.items())),
            sum(tallies[c].evidence.values()),
            round(weight[c], 3),
        )
        for c in order
    ]
    return countries, [c for c in order if weight[c] == weight[order[0]]]
