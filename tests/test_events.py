"""Event annotation: triggers in their inflections and phrases, negation, constraints, actors,
dates and places from hand-made annotations, the taxonomy lookup, then the seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.annotate.events.tagger import event_types, find_events, inflect, match_event_type
from dateline.annotate.text import sentences
from dateline.model import DateMention, Place, Span

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def events_of(text: str, dates=(), places=(), extra_types=None):
    return find_events(text, sentences(text), list(dates), list(places), extra_types)


def types_of(text: str, **kwargs) -> list[str]:
    return [e.type for e in events_of(text, **kwargs)]


def one(text: str, **kwargs):
    found = events_of(text, **kwargs)
    assert len(found) == 1, [(e.type, e.trigger.text) for e in found]
    return found[0]


def span_of(text: str, words: str) -> Span:
    start = text.index(words)
    return Span.of(text, start, start + len(words))


# Triggers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Police arrest two journalists.",
        "Police arrested two journalists.",
        "Police are arresting two journalists.",
        "Two journalists were detained overnight.",
    ],
)
def test_inflected_verb_triggers_are_found(sentence):
    assert types_of(sentence) == ["173"]


def test_irregular_forms_come_from_the_lexicon():
    assert types_of("Hundreds fled across the border.") == ["Movement.Transport"]
    assert "sought" in inflect("seek", {"past": {"seek": ["sought"]}, "plural": {}})


def test_regular_inflection_rules():
    irregular = {"past": {}, "plural": {}}
    assert {"seizes", "seized", "seizing"} <= inflect("seize", irregular)
    assert {"stopped", "stopping"} <= inflect("stop", irregular)
    assert {"fleeing", "flees"} <= inflect("flee", irregular)
    assert {"dying", "died"} <= inflect("die", irregular)
    assert inflect("embassy", irregular, noun=True) == {"embassy", "embassies"}


def test_multiword_trigger_in_another_tense():
    event = one("Last year a family sought refuge in a UN office.")
    assert (event.type, event.trigger.text) == ("X.SeekAsylum", "sought refuge")


def test_multiword_trigger_with_words_between():
    event = one("Beijing wants to send them back to the North.")
    assert (event.type, event.trigger.text) == ("174", "send them back")
    assert "them" in event.actors


def test_forced_entry_phrase():
    event = one("Protesters forced their way into the embassy compound.")
    assert event.type == "X.ForcedEntry"
    assert event.trigger.text == "forced their way into"


def test_threatened_suicide_is_not_a_plain_threat():
    assert types_of("The group threatened suicide if they are deported.") == [
        "X.ThreatenSuicide",
        "174",
    ]


def test_criticism_is_an_event_but_saying_is_not():
    assert types_of("The minister said the plan was sound.") == []
    assert types_of("The opposition condemned the plan.") == ["111"]
    assert types_of("Rights groups criticized the ruling.") == ["111"]


def test_longer_overlapping_trigger_wins():
    event = one("The two leaders held peace talks in Oslo.")
    assert (event.type, event.trigger.text) == ("046", "peace talks")


def test_capitalized_word_inside_a_sentence_is_a_name_not_a_trigger():
    assert types_of("He starred in Arrested Development for years.") == []


# Constraints -------------------------------------------------------------------------------------


def test_seizing_a_person_is_an_arrest_and_seizing_goods_is_not():
    assert types_of("Police seized a North Korean man.") == ["173"]
    assert types_of("Police seized two tonnes of cocaine.") == ["171"]


def test_seizing_power_is_neither():
    assert types_of("The army seized power in a coup.") == []


def test_sending_back_needs_a_person():
    assert types_of("The court sent the issue back to the lower courts.") == []
    assert types_of("Khan was sent back to Norway.") == ["174"]


def test_returning_is_forced_only_with_a_person_as_object():
    assert types_of("When he returned he began to speak.") == []
    assert types_of("The plan is to return the children to Albania.") == ["174"]


def test_a_gap_does_not_cross_a_preposition():
    assert types_of("The government seeks to balance protection with liberty.") == []


def test_riot_police_are_no_riot():
    assert types_of("Riot police lined the street.") == []


def test_a_strike_needs_workers_nearby():
    assert types_of("The firm struck a deal with its pilots.") == []
    assert types_of("Postal workers went on strike on Monday.") == ["143"]


# Negation ----------------------------------------------------------------------------------------


def test_negated_trigger_is_no_event():
    assert types_of("Police did not arrest anyone.") == []
    assert types_of("He has never been charged with a crime.") == []
    assert types_of("No arrests were made.") == []


def test_refusing_to_act_is_negation():
    assert types_of("The government is refusing to grant asylum to the family.") == []


def test_negation_stays_in_its_clause():
    assert types_of("He did not comment, but police arrested his aide.") == ["173"]


def test_did_not_specify_is_no_event():
    assert types_of("He did not specify what those measures might be.") == []


# Actors, offsets, dates, places -----------------------------------------------------------------


def test_actors_are_subject_and_object():
    event = one("Chinese police entered the South Korean consulate on Thursday.")
    assert event.type == "X.ForcedEntry"
    assert event.actors == ("Chinese police", "the South Korean consulate")


def test_titled_name_is_one_actor():
    event = one("Mr. Reeker criticized U.S. officials on Friday.")
    assert event.actors == ("Mr. Reeker", "U.S. officials")


def test_passive_puts_the_subject_as_patient_and_by_phrase_as_agent():
    event = one("The dissident was arrested by state security agents.")
    assert event.actors == ("state security agents", "The dissident")


def test_second_verb_shares_the_subject():
    text = "Police entered the consulate and seized a North Korean national."
    seized = [e for e in events_of(text) if e.type == "173"][0]
    assert seized.actors == ("Police", "a North Korean national")


def test_offsets_point_into_the_text():
    text = "Intro line.\n\nTroops shelled the town. Rebels later kidnapped two aid workers."
    found = events_of(text)
    assert found
    for event in found:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text
        assert text[event.sentence.start : event.sentence.end] == event.sentence.text
        assert event.sentence.contains(event.trigger)


def test_event_takes_the_nearest_calendar_date_of_its_sentence():
    text = "On Monday police arrested him, a week after the March 3 rally. Talks resume soon."
    monday = DateMention(
        span_of(text, "Monday"), "DATE", "2002-06-10", begin="2002-06-10", end="2002-06-10"
    )
    week = DateMention(span_of(text, "a week"), "DURATION", "P1W")
    march = DateMention(
        span_of(text, "March 3"), "DATE", "2002-03-03", begin="2002-03-03", end="2002-03-03"
    )
    arrest = [e for e in events_of(text, dates=[monday, week, march]) if e.type == "173"][0]
    assert arrest.date == monday


def test_event_without_a_calendar_date_has_none():
    text = "Police arrested him last week."
    vague = DateMention(span_of(text, "last week"), "DATE", "PAST_REF")
    assert one(text, dates=[vague]).date is None


def test_event_takes_the_places_of_its_sentence():
    text = "Chinese police entered the consulate in Beijing. Seoul condemned the raid."
    china = Place(span_of(text, "Chinese"), "China", "CN", "country", via="demonym")
    beijing = Place(span_of(text, "Beijing"), "Beijing", "CN", "city", within=("China",))
    seoul = Place(span_of(text, "Seoul"), "Seoul", "KR", "city")
    found = events_of(text, places=[seoul, beijing, china])
    entry = [e for e in found if e.type == "X.ForcedEntry"]
    assert entry[0].places == (china, beijing)


# The taxonomy and its lookup ---------------------------------------------------------------------


def test_match_event_type_by_word_code_and_trigger():
    assert match_event_type("arrest") == ["173"]
    assert match_event_type("173") == ["173"]
    assert {"171", "173"} <= set(match_event_type("seize"))
    assert "173" in match_event_type("seized")


def test_match_event_type_by_code_prefix():
    assert set(match_event_type("17")) >= {"171", "1711", "173", "174"}
    assert "Justice.Execute" in match_event_type("justice")
    assert match_event_type("Justice.Execute") == ["Justice.Execute"]


def test_match_event_type_by_alias_and_label():
    assert match_event_type("deportation") == ["174"]
    assert match_event_type("asylum") == ["075", "X.SeekAsylum"]
    assert match_event_type("sought refuge") == ["X.SeekAsylum"]
    assert match_event_type("no such thing") == []


def test_extra_types_extend_the_taxonomy():
    extra = [
        {
            "code": "X.Hunger",
            "label": "Go hungry",
            "aliases": ["famine"],
            "nouns": ["famine"],
            "verbs": ["starve"],
        }
    ]
    assert types_of("Thousands starved in the north.", extra_types=extra) == ["X.Hunger"]
    assert match_event_type("famine", extra_types=extra) == ["X.Hunger"]
    assert any(t["code"] == "X.Hunger" for t in event_types(extra))
    assert types_of("Thousands starved in the north.") == []


def test_extra_type_with_a_known_code_adds_triggers():
    extra = [{"code": "173", "verbs": ["nab"]}]
    assert types_of("Agents nabbed the smuggler.", extra_types=extra) == ["173"]


def test_extra_type_without_code_is_an_error():
    with pytest.raises(ValueError, match="without a code"):
        event_types([{"label": "Nothing"}])


def test_every_bundled_type_has_code_label_and_a_trigger():
    for etype in event_types():
        assert etype["code"] and etype["label"]
        assert etype.get("verbs") or etype.get("nouns") or etype.get("phrases"), etype["code"]


# The seed articles -------------------------------------------------------------------------------


def test_seed_articles_carry_the_expected_events():
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found += find_events(text, sentences(text), [], [])
    tags = {e.type for e in found}
    assert {
        "X.SeekAsylum",  # seeking asylum, sought refuge
        "X.ForcedEntry",  # police entered the consulate; pushed their way past guards
        "173",  # seized a North Korean national; months of detention
        "174",  # sent back, repatriated
        "111",  # condemned, criticized
        "040",  # dialogue, meets with officials
        "Personnel.Elect",  # presidential election
        "Justice.Execute",  # executed upon their return
        "X.ThreatenSuicide",  # threatened suicide
    } <= tags
    triggers = {e.trigger.text.lower() for e in found if e.type == "173"}
    assert {"seized", "detention"} <= triggers
    assert not [e for e in found if "specify" in e.sentence.text]


# Mentions, not occurrences ---------------------------------------------------------------------


def test_a_trigger_naming_a_kind_of_thing_is_no_event():
    assert types_of("The county election officials opened the doors at seven.") == []
    assert types_of("Judges have issued an arrest warrant for the banker.") == []
    assert types_of("She was elected mayor in a landslide.") == ["Personnel.Elect"]


def test_an_event_asked_for_or_feared_is_no_event():
    assert types_of("Opposition MPs renewed their calls for a full public inquiry.") == []
    assert types_of("The board will resist any takeover of the airline.") == []
    assert types_of("Investigators opened an inquiry into the fire.") == ["090"]


# Sport and entertainment senses ------------------------------------------------------------------


def test_a_players_injury_is_no_event_but_harm_in_an_attack_is():
    assert types_of("The striker is out for a month with a groin injury.") == []
    assert types_of("The winger limped off injured before half-time.") == []
    assert types_of("Six passengers were injured when the bus crashed.") == ["Life.Injure"]


# Figurative uses ---------------------------------------------------------------------------------


def test_a_physical_act_on_an_idea_or_institution_is_figurative():
    assert types_of("The senator launched an assault on child poverty.") == []
    assert types_of("Hecklers hijacked the debate within minutes.") == []
    assert types_of("The exiled owners sought refuge in the courts.") == []
    assert types_of("Gunmen hijacked a bus near the border.") == ["181"]


# Actor phrases -----------------------------------------------------------------------------------


def test_two_subjects_joined_by_and_are_one_agent():
    event = one("Oxfam and the Red Cross condemned the verdict.")
    assert event.actors[0] == "Oxfam and the Red Cross"


def test_an_actor_stops_before_a_participle_or_a_day():
    event = one("Inspectors are investigating a warehouse rented by the firm.")
    assert event.actors == ("Inspectors", "a warehouse")
    assert one("The mayor on Monday rejected the offer.").actors == ("The mayor", "the offer")


def test_an_object_takes_one_of_phrase_and_stops_at_a_participle():
    assert one("Soldiers arrested the leaders of the union at dawn.").actors == (
        "Soldiers",
        "the leaders of the union",
    )
    assert one("Gunmen kidnapped two engineers based in the valley.").actors == (
        "Gunmen",
        "two engineers",
    )


def test_a_capital_trigger_inside_a_sentence_is_a_name_unless_the_line_is_a_headline():
    assert events_of("Fans watched the band Riot play.") == []
    assert types_of("Thousands Riot Over Bread Prices") == ["145"]
