"""What a search gives besides its hits: exact facet counts, --count, --by-doc, and a snippet
with exact offsets on every JSON hit."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

import pytest

# every test here runs on each search engine, with the same assertions
pytestmark = pytest.mark.engines


def test_facet_counts_are_exact_over_every_match_not_the_hits_shown(run, run_json):
    quotes = run_json("export", "--kind", "quote")
    craner = sum(1 for q in quotes if q["speaker"]["name"] == "Lorne Craner")
    result = run("search", "--kind", "quote", "--limit", "2", "--format", "table", "--facets", "50")
    line = " ".join(result.stdout.split())
    assert f"Lorne Craner ({craner})" in line
    places = Counter(p for q in quotes for p in {p["name"] for p in q["places"]})
    name, n = places.most_common(1)[0]
    assert f"{name} ({n})" in line


def test_count_prints_the_number_of_matches_by_kind(run, run_json):
    matches = run_json("search", "refugees", "--limit", "10000")
    result = run("search", "refugees", "--count", "--format", "json")
    counted = json.loads(result.stdout)
    assert counted["count"] == len(matches)
    assert counted["by_kind"] == dict(Counter(h["kind"] for h in matches))
    assert result.exit_code == 0


def test_count_as_plain_number_and_per_kind_with_verbose(run):
    plain = run("quotes", "--speaker", "reeker", "--count", "--format", "table")
    assert plain.stdout == "5\n"
    verbose = run("-v", "search", "reeker", "--count", "--format", "table")
    lines = verbose.stdout.splitlines()
    assert lines[-1].isdigit() and any(line.startswith("quote\t") for line in lines)
    rows = list(
        csv.DictReader(io.StringIO(run("search", "reeker", "--count", "--format", "csv").stdout))
    )
    assert rows[-1]["kind"] == "all" and int(rows[-1]["count"]) == int(lines[-1])


def test_count_of_nothing_exits_1(run):
    result = run("search", "zeppelin", "--count", "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout)["count"] == 0


def test_by_doc_gives_one_row_per_article_with_its_best_hit(run_json):
    titles = {a["doc_id"]: a["title"] for a in run_json("export", "--kind", "article")}
    matches = run_json("search", "refugees", "--limit", "10000")
    rows = run_json("search", "refugees", "--by-doc")
    assert [r["doc_id"] for r in rows] == list(dict.fromkeys(h["doc_id"] for h in matches))
    per_doc = Counter(h["doc_id"] for h in matches)
    for row in rows:
        assert row["hits"] == per_doc[row["doc_id"]]
        best = max((h for h in matches if h["doc_id"] == row["doc_id"]), key=lambda h: h["score"])
        assert row["best"]["score"] == best["score"] and row["title"] == titles[row["doc_id"]]


def test_by_doc_as_csv_and_with_fields(run):
    out = run("quotes", "--by-doc", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3 and {"doc_id", "hits", "best.id"} <= set(rows[0])
    picked = run("quotes", "--by-doc", "--fields", "doc_id,best.speaker.name", "--format", "json")
    assert all(set(r) == {"doc_id", "best.speaker.name"} for r in json.loads(picked.stdout))
    bad = run("quotes", "--by-doc", "--fields", "best.speakr", "--format", "json")
    assert bad.exit_code == 2 and "best.speaker" in bad.stderr


def test_by_doc_says_when_articles_were_left_out(run):
    result = run("search", "refugees", "--by-doc", "--limit", "1", "--format", "json")
    assert len(json.loads(result.stdout)) == 1
    assert "1 of 3 articles" in result.stderr


def test_every_json_hit_has_a_snippet_with_exact_offsets(run_json):
    articles = {r["doc_id"]: r["text"] for r in run_json("export", "--kind", "article")}
    hits = run_json("search", '"asylum seekers" OR refugees OR Beijing', "--limit", "200")
    assert {h["kind"] for h in hits} == {"article", "quote", "event"}
    for hit in hits:
        snip, text = hit["snippet"], articles[hit["doc_id"]]
        assert text[snip["start"] : snip["end"]] == snip["text"]
        assert snip["matches"], hit["id"]
        for m in snip["matches"]:
            assert text[m["start"] : m["end"]] == m["text"]
            assert re.fullmatch(r"(?i)asylum.seekers?|refugees?|beijing", m["text"])


def test_an_article_snippet_is_its_sentence_with_most_query_words(run_json):
    [hit] = run_json("search", "suicide poison", "--kind", "article")
    assert "poison" in hit["snippet"]["text"] and "suicide" in hit["snippet"]["text"]
    assert len(hit["snippet"]["text"]) < 400


def test_a_listing_without_words_has_no_snippet(run_json):
    assert all(h["snippet"] is None for h in run_json("quotes", "--speaker", "reeker"))


def full_highlight(text, phrases):
    """What highlighting gives when the whole text is analysed."""
    from dateline.engines.whoosh.schema import schema

    tokens = [(t.text, t.startchar, t.endchar) for t in schema()["text"].analyzer(text, chars=True)]
    found = set()
    for i in range(len(tokens)):
        for phrase in phrases:
            if tuple(t[0] for t in tokens[i : i + len(phrase)]) == phrase:
                found.add((tokens[i][1], tokens[i + len(phrase) - 1][2]))
    return sorted(found)


def test_highlighting_stretches_of_a_text_finds_what_analysing_all_of_it_finds():
    from dateline.engines.whoosh.highlight import highlight
    from dateline.engines.whoosh.schema import schema

    from .conftest import REPO

    analyzer = schema()["text"].analyzer
    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    texts.append("Café owners in Zürich paid £1,400 — 2.5% more — said Beyoncé's agent. " * 30)
    for text in texts:
        words = [t.text for t in analyzer(text)]
        for n in range(0, len(words), 7):
            for phrase in ((words[n],), tuple(words[n : n + 2]), tuple(words[n : n + 3])):
                assert highlight(text, [phrase]) == full_highlight(text, [phrase]), phrase


def test_every_data_format_the_cli_offers_has_a_writer():
    from dateline.kinds import DATA_FORMATS
    from dateline.render import WRITERS

    assert set(WRITERS) == set(DATA_FORMATS)
