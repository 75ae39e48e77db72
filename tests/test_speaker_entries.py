"""One entry per person: a bare surname and "Ms X" join the full name of the article, two first
names stay two people, a possessive names the one it belongs to, and `speakers --check` counts
the entries that are not one per person."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dateline.aggregate import speaker_check
from dateline.annotate import annotate
from dateline.cli import cli
from dateline.model import Document

from .conftest import indexed_fixture


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> str:
    return indexed_fixture(tmp_path_factory.mktemp("speakers"), "speakers")


def run_json(corpus: str, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, [*args, "--corpus", corpus, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def entries(corpus: str) -> dict[str, dict]:
    return {r["name"]: r for r in run_json(corpus, "speakers", "--limit", "100")}


def test_surname_and_courtesy_title_join_the_full_name_of_the_article(corpus):
    mayor = entries(corpus)["Anna Kowalski"]
    assert mayor["quotes"] == 3 and {"Kowalski", "Ms Kowalski"} <= set(mayor["aliases"])
    assert "Kowalski" not in entries(corpus)


def test_two_first_names_are_two_people(corpus):
    found = entries(corpus)
    assert found["Piotr Kowalski"]["aliases"] == ["Mr Kowalski"]
    assert found["Anna Kowalski"]["documents"] == 1


def test_a_headline_above_the_full_name_makes_no_doubled_name(corpus):
    assert not any(name.startswith("Kowalski ") for name in entries(corpus))


def test_a_possessive_names_whom_it_belongs_to_not_the_speaker(corpus):
    spokesman = entries(corpus)["spokesman"]
    assert spokesman["kind"] == "person" and spokesman["affiliation"] == "Anna Kowalski"


def test_the_mention_is_the_noun_phrase_not_the_adverbial_before_it(corpus):
    aliases = {a for r in entries(corpus).values() for a in r["aliases"]}
    assert not any(a.startswith("During") for a in aliases)
    assert entries(corpus)["Ewa Nowak"]["title"] == "Harbour manager"


def test_check_reports_no_entry_that_is_not_one_per_person(corpus):
    rows = run_json(corpus, "speakers", "--check")
    assert [(r["check"], r["count"]) for r in rows] == [
        ("possessive", 0), ("doubled_name", 0), ("covered_surname", 0),
    ]  # fmt: skip
    assert all(r["of"] == len(entries(corpus)) for r in rows)


def test_check_as_a_table(corpus):
    result = CliRunner().invoke(
        cli, ["speakers", "--check", "--corpus", corpus, "--format", "table"]
    )
    assert result.exit_code == 0 and "covered_surname" in result.stdout


def quote(doc: str, name: str, kind: str = "person", mention: str | None = None) -> dict:
    speaker = {"name": name, "kind": kind, "mention": {"text": mention or name}}
    return {"doc_id": doc, "speaker": speaker}


def test_check_finds_possessives_doubled_names_and_covered_surnames():
    records = [
        quote("a", "Jan Roe's"),
        quote("a", "Roe Jan Roe"),
        quote("b", "Jan Roe"),
        quote("e", "Eva Roe"),
        quote("b", "Roe"),  # two people named Roe, quoted as often: it joins neither
        quote("c", "Eva Lind", mention="Ms Lind's aide"),
        quote("d", "the Dockers' Union", "organization"),
    ]
    rows = {r["check"]: r for r in speaker_check(records, shown=1)}
    assert rows["possessive"]["count"] == 2 and len(rows["possessive"]["entries"]) == 1
    assert rows["doubled_name"]["entries"] == ["Roe Jan Roe"]
    assert rows["covered_surname"]["entries"] == ["Roe (Jan Roe)"]


def test_a_bare_surname_joins_the_person_the_corpus_quotes_far_more_often():
    from dateline.aggregate import speakers

    records = [quote(doc, "Jan Roe") for doc in "abcde"]
    records += [quote("f", "Eva Roe"), quote("g", "Roe")]
    rows = {r["name"]: r for r in speakers(records)[0]}
    assert "Roe" not in rows and rows["Jan Roe"]["quotes"] == 6 and rows["Eva Roe"]["quotes"] == 1
    even = [quote("a", "Jan Roe"), quote("b", "Eva Roe"), quote("c", "Roe")]
    assert "Roe" in {r["name"] for r in speakers(even)[0]}


def test_a_group_named_like_a_surname_does_not_join_the_person():
    from dateline.aggregate import speakers

    records = [quote(doc, "Senior Dockers") for doc in "abc"] + [quote("d", "Dockers", "group")]
    rows = {r["name"]: r for r in speakers(records)[0]}
    assert rows["Dockers"]["kind"] == "group" and rows["Senior Dockers"]["quotes"] == 3


def test_a_common_noun_opening_a_sentence_is_the_same_entry():
    from dateline.aggregate import speakers

    records = [quote("a", "Analysts", "group"), quote("b", "analysts", "group")]
    records += [quote("c", "Officials", "group")]
    rows = {r["name"]: r for r in speakers(records)[0]}
    assert rows["analysts"]["quotes"] == 2 and "Analysts" not in rows
    assert rows["analysts"]["aliases"] == ["Analysts"] and rows["Officials"]["quotes"] == 1


def test_check_counts_the_entries_the_listing_would_show(corpus):
    everyone = run_json(corpus, "speakers", "--check")[0]["of"]
    rows = run_json(corpus, "speakers", "--check", "--min-quotes", "2")
    shown = run_json(corpus, "speakers", "--min-quotes", "2", "--limit", "100")
    assert all(r["of"] == len(shown) for r in rows) and len(shown) < everyone


def test_he_after_a_sentence_about_mr_x_is_mr_x_not_the_last_speaker():
    text = (
        "Eddery defects\n\n"
        'Prime Minister Ann Leclerc said she was "delighted". Mr Eddery, who has clashed with '
        "his party over fees, served as a minister until 1990. In a letter to his agent he "
        'wrote: "It is time for a change." Mr Eddery liked the plan, Ms Leclerc said. '
        '"We welcome him," she added.'
    )
    quotes = annotate(Document(id="t", text=text)).quotes
    [letter] = [q for q in quotes if "time for a change" in q.span.text]
    assert letter.speaker.name == "Eddery" and letter.speaker.mention.text == "he"
    # a sentence whose statement is someone else's lends its subject to no pronoun after it
    [welcome] = [q for q in quotes if "We welcome him" in q.span.text]
    assert welcome.speaker.name == "Ann Leclerc"
