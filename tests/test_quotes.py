"""Quote and speaker attribution: each position and speaker form from sentences written for it,
then the seed articles' expectations."""

from __future__ import annotations

import pytest

from dateline.annotate import annotate
from dateline.model import Document

from .conftest import seed_text


def quotes_of(text: str):
    return annotate(Document(id="t", text=text)).quotes


def one(text: str):
    found = quotes_of(text)
    assert len(found) == 1, [(q.span.text, q.speaker.name) for q in found]
    return found[0]


def by_text(quotes, fragment: str):
    matches = [q for q in quotes if fragment in q.span.text]
    assert matches, f"no quote containing {fragment!r}: {[q.span.text for q in quotes]}"
    return matches[0]


def test_attribution_after_the_quote():
    q = one('"The bridge will open in May," Ms. Alvarez said.')
    assert q.kind == "direct" and q.span.text == "The bridge will open in May"
    assert q.speaker.mention.text == "Ms. Alvarez" and q.cue.text == "said"


def test_inverted_attribution_after_the_quote():
    q = one('"We have no plans to sell the farm," said Tomas Berger, a local dairy farmer.')
    assert q.speaker.name == "Tomas Berger" and q.speaker.kind == "person"


def test_attribution_before_the_quote_with_colon():
    q = one('Ines Moreau added: "Nobody told us the water was unsafe."')
    assert q.speaker.name == "Ines Moreau" and q.cue.text == "added"


def test_quote_split_by_its_attribution_gives_one_speaker():
    found = quotes_of('"The plan is sound," the mayor said, "but the money is not there yet."')
    assert len(found) == 2
    assert {q.speaker.name for q in found} == {"mayor"}


def test_colon_lead_in_on_its_own_paragraph():
    text = 'The minister, Karen Ostrova, told parliament:\n\n"We will not raise taxes this year."'
    q = by_text(quotes_of(text), "raise taxes")
    assert q.speaker.name == "Karen Ostrova"


def test_according_to_names_the_source():
    q = one("The factory will close in March, according to the union's regional secretary.")
    assert q.cue.text == "according to" and "regional secretary" in q.speaker.mention.text
    assert q.span.text.startswith("The factory will close")


def test_dash_credit_names_the_speaker():
    q = one('"Broadband is a necessity, not a luxury." — Commissioner Dana Whitfield')
    assert q.speaker.name == "Dana Whitfield" and q.speaker.title == "Commissioner"


def test_paragraph_of_its_own_continues_the_previous_speaker():
    text = (
        '"The harvest failed twice," said Omar Haddad, who runs the cooperative.\n\n'
        '"Without rain in April, we lose the whole year."'
    )
    found = quotes_of(text)
    assert [q.speaker.name for q in found] == ["Omar Haddad", "Omar Haddad"]


def test_indirect_speech_with_that():
    q = one("Governor Ella Price said that the budget would be balanced by June.")
    assert q.kind == "indirect"
    assert q.span.text == "the budget would be balanced by June"
    assert q.speaker.name == "Ella Price" and q.speaker.title == "Governor"


def test_told_skips_its_object():
    q = one("Mr. Lind told a meeting of farmers the subsidy would end.")
    assert q.span.text == "the subsidy would end"


def test_mixed_quote_keeps_the_quoted_fragment():
    q = one('The coach said his players had been "absolutely magnificent" all season.')
    assert q.kind == "mixed" and '"absolutely magnificent"' in q.span.text


def test_scare_quotes_alone_are_not_statements():
    assert quotes_of('The so-called "green zone" was closed on Monday.') == []


def test_apostrophes_and_plural_possessives_are_not_quote_marks():
    assert quotes_of("The teachers' union met at the workers' hall. It's raining.") == []


def test_unbalanced_mark_does_not_swallow_the_next_paragraph():
    text = 'He said "the talks collapsed.\n\nThe second paragraph has no quote at all.'
    for q in quotes_of(text):
        assert "second paragraph" not in q.span.text


def test_long_title_is_split_from_the_name():
    q = one("Deputy Minister of Energy and Mines Rafael Ortiz said prices would rise.")
    assert q.speaker.name == "Rafael Ortiz"
    assert q.speaker.title == "Deputy Minister of Energy and Mines"


def test_apposition_gives_the_affiliation():
    q = one("Hanna Berg, of the Nordic Policy Forum, said the tariffs would hurt exporters.")
    assert q.speaker.name == "Hanna Berg" and q.speaker.affiliation == "Nordic Policy Forum"


def test_honorific_resolves_to_the_earlier_full_name():
    text = "Senator Julia Marsh opened the hearing.\n\nMs. Marsh said the report was incomplete."
    q = one(text)
    assert q.speaker.name == "Julia Marsh" and q.speaker.mention.text == "Ms. Marsh"


def test_pronoun_goes_to_the_nearest_person_who_spoke():
    text = (
        "Anna Kowal said the vote was fair. Piotr Nowak said it was rigged. "
        "He said he would appeal."
    )
    q = by_text(quotes_of(text), "appeal")
    assert q.speaker.name == "Piotr Nowak" and q.speaker.mention.text == "He"


def test_group_and_organization_speakers():
    found = quotes_of(
        "Local residents say the river has flooded twice. "
        "The health ministry said the water was safe."
    )
    kinds = {q.speaker.name: q.speaker.kind for q in found}
    assert kinds == {"Local residents": "group", "health ministry": "organization"}


def test_first_person_inside_a_quote_is_never_the_speaker():
    text = '"I was there and we saw everything," the witness told police.'
    q = one(text)
    assert q.speaker.mention.text == "the witness"


def test_passive_asked_is_not_a_statement():
    assert quotes_of("She was asked why the road was closed.") == []


@pytest.mark.parametrize(
    "text",
    ['Prices "rose" sharply.', '"', '""', 'He said "', "said", '" said "x" said "y"'],
)
def test_odd_input_keeps_offsets_exact(text):
    for q in quotes_of(text):
        assert text[q.span.start : q.span.end] == q.span.text


# --- the seed articles ---------------------------------------------------------------------


def seed_quotes(name: str):
    return annotate(Document(id=name, text=seed_text(name))).quotes


def test_seed_000_reeker_speaks_five_statements():
    quotes = seed_quotes("000_c490acf75e7bec7d.txt")
    reeker = [q for q in quotes if q.speaker.name == "Philip Reeker"]
    fragments = [
        "We are extremely concerned",
        "We certainly regard the inviolability",
        '"consistently"',
        "the United States expects China",
        "he was unaware",
    ]
    for fragment in fragments:
        assert by_text(reeker, fragment)
    assert by_text(reeker, "We are extremely").kind == "direct"
    assert by_text(reeker, "consistently").kind == "mixed"
    assert {q.speaker.title for q in reeker} == {"State Department spokesman"}


def test_seed_000_organizations_countries_and_groups_speak():
    quotes = seed_quotes("000_c490acf75e7bec7d.txt")
    assert by_text(quotes, "illegal intruders").speaker.name == "Chinese foreign ministry"
    assert by_text(quotes, "illegal intruders").kind == "mixed"
    assert by_text(quotes, "not refugees deserving").speaker.name == "China"
    assert by_text(quotes, "seizure of the man").speaker.name == "South Korea"
    us = by_text(quotes, "should not be forcibly returned")
    assert us.speaker.name == "U.S. officials" and us.speaker.kind == "group"


def test_seed_001_craner_and_eberstadt():
    quotes = seed_quotes("001_e8d91326f53507e1.txt")
    craner = "Lorne Craner"
    assert by_text(quotes, "We have pushed this issue").speaker.name == craner
    assert by_text(quotes, "We have pushed this issue").kind == "direct"
    for fragment in ["he hopes the countries", "the Bush administration wants", "in two weeks",
                     "China should work with", "beginning to understand", "must involve"]:  # fmt: skip
        assert by_text(quotes, fragment).speaker.name == craner, fragment
    title = by_text(quotes, "beginning to understand").speaker.title
    assert title == "Assistant Secretary of State for Democracy and Human Rights"
    eberstadt = by_text(quotes, "does not do enough")
    assert eberstadt.speaker.name == "Nicholas Eberstadt"
    assert eberstadt.speaker.affiliation == "American Enterprise Institute"
    assert by_text(quotes, "constitution considers").speaker.name == "Nicholas Eberstadt"
    assert by_text(quotes, "have been executed").speaker.name == "Some refugees"
    woman = by_text(quotes, "babies born")
    assert woman.speaker.name == "One North Korean woman" and woman.speaker.kind == "person"


def test_seed_003_statement_choi_and_the_guards():
    quotes = seed_quotes("003_b65b292e69360f24.txt")
    for fragment in ["such desperation", "Some of us carry poison"]:
        q = by_text(quotes, fragment)
        assert q.kind == "direct" and "statement" in q.speaker.name
    for fragment, cue in [("strictly persecuted", "wrote"), ("decent life", "added"),
                          ("fled to China in 1997", "said")]:  # fmt: skip
        q = by_text(quotes, fragment)
        assert q.speaker.name == "Choi Byong-sop" and q.cue.text == cue
    sorry = by_text(quotes, "Sorry, sorry")
    assert sorry.speaker.kind == "group" and "security forces" in sorry.speaker.name
    man = by_text(quotes, "no one was available")
    assert man.speaker.name.startswith("A man") and man.speaker.kind == "person"
