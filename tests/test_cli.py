"""The installed command, through CliRunner, on the seed corpus: JSON parsed field by field."""

from __future__ import annotations

import csv
import io
import json
import os
import re

import pytest

# every test here runs on each search engine, with the same assertions
pytestmark = pytest.mark.engines


def test_index_reports_what_it_did(run):
    result = run("index")
    assert result.exit_code == 0
    assert "3 added, 0 changed, 0 removed, 0 unchanged" in result.stderr
    assert result.stdout == ""
    again = run("index")
    assert "0 added, 0 changed, 0 removed, 3 unchanged" in again.stderr


def test_search_builds_the_index_on_first_use_and_says_so(run):
    result = run("search", "refugees", "--format", "json")
    assert result.exit_code == 0
    assert "building the index" in result.stderr
    json.loads(result.stdout)


def test_search_refugees_ranks_hits_from_all_three_articles(run_json):
    hits = run_json("search", "refugees", "--limit", "50")
    assert {h["doc_id"] for h in hits} == {
        "000_c490acf75e7bec7d",
        "001_e8d91326f53507e1",
        "003_b65b292e69360f24",
    }
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_every_record_has_the_common_fields(run_json):
    for record in run_json("export"):
        for key in ("id", "kind", "doc_id", "title", "source", "published"):
            assert key in record
        assert record["id"].startswith(record["doc_id"] + "#")


def test_quotes_speaker_reeker_lists_his_five_statements(run_json):
    hits = run_json("quotes", "--speaker", "reeker")
    assert len(hits) == 5
    assert {h["speaker"]["name"] for h in hits} == {"Philip Reeker"}
    assert {h["kind"] for h in hits} == {"quote"}
    first = next(h for h in hits if h["text"].startswith("We are extremely concerned"))
    assert first["quote_kind"] == "direct"
    assert first["cue"]["text"] == "said"
    assert first["speaker"]["title"] == "State Department spokesman"
    # `..., Philip Reeker, who said, "..."`: the words attributing it, and whom they stand for
    assert first["speaker"]["mention"]["text"] == "who"
    assert first["speaker"]["antecedent"]["text"].endswith("Philip Reeker")


def test_quote_offsets_point_into_the_article_text(run_json):
    articles = {r["doc_id"]: r["text"] for r in run_json("export", "--kind", "article")}
    for q in run_json("export", "--kind", "quote"):
        text = articles[q["doc_id"]]
        assert text[q["start"] : q["end"]] == q["text"]
        cue, mention = q["cue"], q["speaker"]["mention"]
        if cue:
            assert text[cue["start"] : cue["end"]] == cue["text"]
        for span in (mention, q["speaker"]["antecedent"]):
            if span:
                assert text[span["start"] : span["end"]] == span["text"]


def test_speaker_option_is_or_within_and_across_options(run_json):
    both = run_json("quotes", "--speaker", "reeker", "--speaker", "eberstadt")
    assert {h["speaker"]["name"] for h in both} == {"Philip Reeker", "Nicholas Eberstadt"}
    direct = run_json("quotes", "--speaker", "reeker", "--quote-kind", "direct")
    assert len(direct) == 2


def test_speakers_lists_each_person_once_with_title(run_json):
    rows = run_json("speakers")
    reeker = [r for r in rows if "Reeker" in r["name"]]
    assert len(reeker) == 1
    assert reeker[0]["title"] == "State Department spokesman" and reeker[0]["quotes"] == 5
    assert "Mr. Reeker" in reeker[0]["aliases"]


def test_no_match_exits_1_with_an_empty_array(run):
    result = run("search", "zeppelin", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == []


def test_did_you_mean_for_a_misspelt_word(run):
    result = run("search", "refugess", "--format", "json")
    assert "did you mean: refugees" in result.stderr


def test_a_wildcard_pattern_is_not_taken_for_a_misspelling(run):
    result = run("search", "north kor* refugess", "--format", "json")
    assert "did you mean: north kor* refugees" in result.stderr


def test_jsonl_and_csv_formats(run):
    lines = run("quotes", "--speaker", "craner", "--format", "jsonl").stdout.splitlines()
    assert lines and all(json.loads(line)["speaker"]["name"] == "Lorne Craner" for line in lines)
    rows = list(csv.DictReader(io.StringIO(run("quotes", "--format", "csv").stdout)))
    assert rows and {"id", "speaker.name", "text"} <= set(rows[0])


def test_fields_picks_columns(run_json):
    hits = run_json("quotes", "--speaker", "eberstadt", "--fields", "id,speaker.name")
    assert hits and all(set(h) == {"id", "speaker.name"} for h in hits)


def test_output_file_is_written_whole(run, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "hits.json"
    result = run("search", "refugees", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))
    assert [p.name for p in out.iterdir()] == ["hits.json"]


def test_json_is_utf8_not_ascii_escaped(run, tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(
        'Café news\n\n"Nous sommes prêts à négocier," said José Núñez.', encoding="utf-8"
    )
    result = run("quotes", "--corpus", str(tmp_path / "c"), "--format", "json")
    assert "José Núñez" in result.stdout


def test_table_output_highlights_the_matched_words(run):
    result = run("--color", "search", "asylum", "--format", "table", "--limit", "3")
    assert result.exit_code == 0
    assert re.search(r"\x1b\[1;33m(?i:asylum)\x1b\[0m", result.stdout)
    assert "who" in result.stdout and "hits" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "zeppelin", "--since", "2002-13-45"], "--since"),
        (["search", "zeppelin", "--limit", "0"], "--limit"),
        (["search", 'speaker:"reeker'], "unbalanced quotation mark"),
        (["search", "nosuchfield:x"], "unknown field"),
        (["search", "zeppelin", "-o", "/no/such/folder/out.json"], "does not exist"),
        (["search", "zeppelin", "--event", "no such event type at all"], "--event"),
        (["search", "zeppelin", "--corpus", "/no/such/corpus.yaml"], "no such file"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run, args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stderr.strip().count("\n") <= 2


def test_literal_searches_words_with_special_characters(run_json):
    hits = run_json("search", 'refugees "', "--literal")
    assert hits


def test_annotate_files_without_an_index(run, seed_corpus):
    path = str(seed_corpus.parent / "seeds" / "001_e8d91326f53507e1.txt")
    result = run("annotate", path, "--published", "2002-12")
    [doc] = json.loads(result.stdout)
    assert doc["path"] == path
    assert any(q["speaker"]["name"] == "Lorne Craner" for q in doc["quotes"])
    assert set(doc) >= {"quotes", "dates", "places", "events"}


def test_show_marks_the_document(run):
    result = run("--color", "show", "003_b65b292e69360f24", "--format", "table")
    assert result.exit_code == 0
    assert "legend" in result.stdout and "\x1b[" in result.stdout


def test_show_says_where_the_story_was_filed_and_what_it_is_about(run):
    result = run("show", "003_b65b292e69360f24", "--format", "table", env=WIDE)
    assert result.exit_code == 0
    assert "2002-03-14 · filed from Beijing · about China" in result.stdout


def test_show_unknown_document_is_an_error(run):
    result = run("show", "nope")
    assert result.exit_code == 2 and "no document 'nope'" in result.stderr


def test_help_has_an_example_for_every_command(run):
    from dateline.cli import cli

    for name in cli.commands:
        assert "Example" in run(name, "--help").stdout, name


def test_date_range_finds_the_thursday_consulate_seizure(run_json):
    hits = run_json("events", "--since", "2002-06-01", "--until", "2002-06-30")
    seizures = [h for h in hits if h["type"] == "173" and h["doc_id"] == "000_c490acf75e7bec7d"]
    assert seizures
    assert all(h["date_begin"] <= "2002-06-30" and h["date_end"] >= "2002-06-01" for h in hits)
    assert not [h for h in hits if h["doc_id"] == "003_b65b292e69360f24"]


def test_place_filter_includes_what_lies_inside(run_json):
    in_china = {h["id"] for h in run_json("events", "--place", "China", "--limit", "200")}
    in_beijing = {h["id"] for h in run_json("events", "--place", "Beijing", "--limit", "200")}
    assert in_beijing and in_beijing <= in_china
    for hit in run_json("events", "--country", "KP"):
        assert "KP" in {p["country"] for p in hit["places"]}


@pytest.mark.parametrize("words", ["arrest", "173", "seize"])
def test_event_type_by_code_label_or_word(run_json, words):
    hits = run_json("events", "--type", words)
    assert hits and "173" in {h["type"] for h in hits}


def test_events_count_per_type(run_json):
    rows = run_json("events", "--count")
    counts = {r["type"]: r["events"] for r in rows}
    assert counts["173"] >= 2 and "X.SeekAsylum" in counts


def test_timeline_is_ordered_by_date(run_json):
    hits = run_json("timeline", "--limit", "200")
    begins = [h["date_begin"] for h in hits if h["date_begin"]]
    assert begins == sorted(begins) and begins[0] <= "2001-06-30"


def test_query_date_range_and_field_names(run_json):
    hits = run_json("search", "speaker:craner date:2002-12", "--kind", "quote")
    assert hits and {h["speaker"]["name"] for h in hits} == {"Lorne Craner"}
    assert run_json("search", "place:seoul")


def test_event_types_from_corpus_yaml_are_tagged_and_searchable(run, tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(
        "Carmaker\n\nThe carmaker began a recall of 40,000 vans on Monday.", encoding="utf-8"
    )
    (tmp_path / "c" / "corpus.yaml").write_text(
        "documents: [a.txt]\n"
        "event_types:\n"
        "  - code: X.Recall\n    label: Product recall\n    nouns: [recall]\n",
        encoding="utf-8",
    )
    corpus = str(tmp_path / "c" / "corpus.yaml")
    hits = json.loads(
        run("events", "--type", "recall", "--corpus", corpus, "--format", "json").stdout
    )
    assert [(h["type"], h["trigger"]["text"]) for h in hits] == [("X.Recall", "recall")]


def test_an_event_type_without_a_code_is_named_in_corpus_yaml(run, tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "corpus.yaml").write_text(
        "documents: [a.txt]\nevent_types:\n  - label: No code\n", encoding="utf-8"
    )
    result = run("index", "--corpus", str(tmp_path / "corpus.yaml"))
    assert result.exit_code == 2 and "corpus.yaml:3: an event type needs a `code`" in result.stderr


def test_a_date_range_that_matches_nothing_returns_nothing(run):
    result = run("search", "refugees", "--since", "1990", "--until", "1990", "--format", "json")
    assert result.exit_code == 1 and json.loads(result.stdout) == []


def test_help_does_not_import_whoosh_or_the_annotators():
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from dateline.cli import cli; "
        "CliRunner().invoke(cli, ['--help']); "
        "print([m for m in sys.modules if m.startswith(('whoosh', 'dateline.annotate'))])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_eval_on_a_hand_made_brat_folder(run, tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = '"We will win," said Mara Voss.'
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "attributions" / "a_x1.ann").write_text(
        "T1\tContent 1 12\tWe will win\nT2\tCue 15 19\tsaid\nT3\tSource 20 29\tMara Voss\n"
        "E1\tAttribution:T2 Content:T1 Cue:T2 Source:T3\n",
        encoding="utf-8",
    )
    [figures] = json.loads(run("eval", str(tmp_path), "--format", "json").stdout)
    assert figures["task"] == "quotes"
    assert (figures["precision"], figures["recall_all"], figures["speaker_accuracy"]) == (1, 1, 1)


def test_eval_pairs_a_gold_attribution_with_the_quote_of_its_cue(run, tmp_path):
    """Two quotes share words with the one gold attribution; the one cued as the gold is its
    pair, not the other that shares more (an attribution inside it, by someone else)."""
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    text = "Officials argued that the levy was unfair, though Ames said it paid for a bridge."
    content = "the levy was unfair, though Ames said it paid for a bridge"
    c = text.index(content)
    ann = (
        f"T1\tContent {c} {c + len(content)}\t{content}\nT2\tCue 10 16\targued\n"
        "T3\tSource 0 9\tOfficials\nE1\tAttribution:T2 Content:T1 Cue:T2 Source:T3\n"
    )
    (tmp_path / "text" / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "attributions" / "a_x1.ann").write_text(ann, encoding="utf-8")
    [figures] = json.loads(run("eval", str(tmp_path), "--format", "json").stdout)
    assert (figures["speaker_pairs"], figures["speaker_accuracy"]) == (1, 1)


def test_eval_of_a_task_its_folder_holds_nothing_for_is_an_error(run, tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("On Monday, it rained.", encoding="utf-8")
    gold = {"dct": "2001-01-02", "timex": []}
    (tmp_path / "d" / "a.timex.json").write_text(json.dumps(gold), encoding="utf-8")
    result = run("eval", str(tmp_path / "d"), "--task", "quotes")
    assert result.exit_code == 2 and "no article with its annotations" in result.stderr
    (tmp_path / "b" / "text").mkdir(parents=True)
    (tmp_path / "b" / "attributions").mkdir()
    result = run("eval", str(tmp_path / "b"), str(tmp_path / "d"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'b'}: quotes, {tmp_path / 'd'}: dates" in result.stderr


def test_empty_fields_and_an_output_beside_which_nothing_can_be_written_are_errors(run):
    result = run("quotes", "--fields", " , ")
    assert result.exit_code == 2 and "--fields ' , ': name at least one field" in result.stderr
    result = run("quotes", "-o", "/proc/quotes.json")
    assert result.exit_code == 2
    last = result.stderr.splitlines()[-1]
    assert last.startswith("dateline: error: -o /proc/quotes.json: cannot write beside it")


def test_eval_on_a_folder_of_neither_kind_is_a_one_line_error(run, tmp_path):
    result = run("eval", str(tmp_path))
    assert result.exit_code == 2 and "pass --task" in result.stderr


def test_annotate_a_binary_file_prints_nothing_and_exits_2(run, tmp_path):
    (tmp_path / "good.txt").write_text("Text, he said.", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01binary")
    result = run("annotate", str(tmp_path / "good.txt"), str(tmp_path / "bad.txt"))
    assert result.exit_code == 2 and result.stdout == ""
    assert "bad.txt: looks like a binary file" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--limit", "500"],
        ["search", "refugees", "--since", "2002-01-01", "--until", "2002-12-31", "--kind", "quote"],
        ["quotes", "--sort", "date", "--limit", "500"],
        ["events", "--place", "China", "--since", "2002-01-01"],
    ],
)
def test_columns_and_postings_give_the_same_hits(run_json, monkeypatch, args):
    """Kinds and days are checked in columns for few candidates, from postings for many;
    both ways must agree."""
    from dateline.engines.whoosh import searching as search

    by_columns = run_json(*args)
    monkeypatch.setattr(search, "FEW", 0)
    monkeypatch.setattr(search, "COLUMN_COST", 0)
    by_postings = run_json(*args)
    assert by_columns and [h["id"] for h in by_columns] == [h["id"] for h in by_postings]


@pytest.mark.parametrize(
    ("args", "first_column"),
    [(["places"], "name"), (["speakers"], "name"), (["events", "--count"], "type")],
)
def test_summaries_as_csv_have_their_own_columns(run, args, first_column):
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert rows and all(row[first_column] for row in rows)


def test_quiet_after_the_command_silences_stderr(run):
    result = run("search", "refugees", "--format", "json", "-q")
    assert result.exit_code == 0 and json.loads(result.stdout)
    assert result.stderr == ""


def test_verbose_after_the_command_adds_the_timing(run):
    result = run("quotes", "--speaker", "reeker", "--format", "json", "-v")
    assert len(json.loads(result.stdout)) == 5
    assert "5 matches in" in result.stderr


def test_no_color_after_the_command_overrides_color_before_it(run):
    args = ["search", "asylum", "--format", "table", "--limit", "1"]
    assert "\x1b[" in run(*args, "--color").stdout
    result = run("--color", *args, "--no-color")
    assert result.exit_code == 0 and "asylum" in result.stdout.lower()
    assert "\x1b[" not in result.stdout


def test_debug_after_the_command_shows_the_error_itself(run):
    from dateline.corpus import CorpusError

    assert run("export", "--corpus", "/no/such/corpus.yaml").exit_code == 2
    with pytest.raises(CorpusError, match="no such file"):
        run("export", "--corpus", "/no/such/corpus.yaml", "--debug")


def test_every_command_lists_the_global_options_in_its_help(run):
    from dateline.cli import cli

    for name in cli.commands:
        help_text = run(name, "--help").stdout
        for option in ("-q, --quiet", "-v, --verbose", "--color / --no-color", "--debug"):
            assert option in help_text, (name, option)


@pytest.mark.parametrize(
    "args",
    [
        ["export"],
        ["export", "--format", "jsonl"],
        ["search", "--limit", "500"],
        ["timeline", "--limit", "500"],
        ["search", "--limit", "500", "--format", "table"],
    ],
)
def test_a_reader_that_goes_away_ends_the_run_quietly_with_0(run, seed_corpus, args):
    """`dateline export | head -1`: the pipe is closed after one line, as head closes it."""
    import subprocess
    import sys

    assert run("index").exit_code == 0
    # more than a pipe (64 KiB) and the buffers at its two ends hold: still writing when it closes
    assert len(run(*args).stdout.encode("utf-8")) > 64 * 1024 + 2 * io.DEFAULT_BUFFER_SIZE
    proc = subprocess.Popen(
        [sys.executable, "-m", "dateline", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=seed_corpus.parent,
    )
    try:
        assert proc.stdout.readline().strip()
        proc.stdout.close()
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    assert (proc.returncode, stderr.decode()) == (0, "")


@pytest.fixture
def umask_027():
    import os

    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_output_file_gets_the_permissions_of_the_umask(run, tmp_path, umask_027):
    target = tmp_path / "hits.json"
    assert run("search", "refugees", "-o", str(target)).exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_replaced_output_file_keeps_its_permissions(run, tmp_path, umask_027):
    target = tmp_path / "quotes.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o664)
    assert run("quotes", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("id,kind,")
    assert target.stat().st_mode & 0o777 == 0o664


@pytest.mark.parametrize(
    ("args", "good", "bad", "suggestion"),
    [
        (["search", "refugees"], "id", "speaker.nam", "did you mean speaker.name?"),
        (["quotes"], "id", "Cue.Txt", "did you mean cue.text?"),
        (["export", "--kind", "event"], "id", "trigger.txt", "did you mean trigger.text?"),
        (["timeline"], "id", "places.nme", "did you mean places.name?"),
        (["speakers"], "name", "titel", "did you mean title?"),
        (["events", "--count"], "type", "tpye", "did you mean type?"),
        (["places"], "name", "speaker.name", "the fields are name, country, kind"),
        (["export"], "id", "xqzw", "the fields are id, kind, doc_id"),
    ],
)
def test_an_unknown_field_is_one_line_naming_fields_and_exit_2(run, args, good, bad, suggestion):
    assert run(*args, "--fields", good, "--format", "json").exit_code == 0
    result = run(*args, "--fields", f"{good},{bad}", "--format", "json")
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"dateline: error: --fields: no field {bad!r};")
    assert suggestion in line


def test_every_field_a_record_holds_is_a_known_field(run_json):
    from dateline.schema import record_paths

    def paths(value, prefix=""):
        if isinstance(value, list):
            for item in value:
                yield from paths(item, prefix)
        elif isinstance(value, dict):
            for key, inner in value.items():
                yield prefix + key
                yield from paths(inner, f"{prefix}{key}.")

    held = {p for record in run_json("search", "--limit", "500") for p in paths(record)}
    assert {"score", "speaker.mention.text", "places.name", "dates.value", "cue.text"} <= held
    assert held <= set(record_paths())


def test_a_dotted_path_reaches_into_a_list(run, run_json):
    records = {r["id"]: r for r in run_json("quotes", "--speaker", "reeker")}
    fields = "id,places.name,speaker.name,events"
    picked = run_json("quotes", "--speaker", "reeker", "--fields", fields)
    assert picked and {p["id"] for p in picked} == set(records)
    for p in picked:
        record = records[p["id"]]
        assert p["places.name"] == [place["name"] for place in record["places"]]
        assert p["speaker.name"] == "Philip Reeker" and p["events"] == record["events"]
    csv_out = run("quotes", "--speaker", "reeker", "--fields", fields, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert any(";" in row["places.name"] for row in rows)
    for row in rows:
        record = records[row["id"]]
        assert row["places.name"] == "; ".join(place["name"] for place in record["places"])
        assert row["events"] == "; ".join(record["events"])
        assert row["speaker.name"] == "Philip Reeker"


def test_a_summary_takes_the_fields_its_rows_carry(run_json):
    rows = run_json("speakers", "--fields", "name,aliases")
    reeker = next(r for r in rows if r["name"] == "Philip Reeker")
    assert set(reeker) == {"name", "aliases"} and "Mr. Reeker" in reeker["aliases"]


WIDE = {"COLUMNS": "250"}  # no cell of these tables is folded at this width


def _table_header(stdout: str) -> list[str]:
    line = next(line for line in stdout.splitlines() if line.startswith("┃"))
    return [cell.strip() for cell in line.split("┃")[1:-1]]


@pytest.mark.parametrize(
    "args", [["search", "refugees"], ["quotes", "--speaker", "reeker"], ["timeline"], ["events"]]
)
def test_a_table_shows_each_record_id(run, run_json, args):
    ids = [hit["id"] for hit in run_json(*args)]
    table = run(*args, "--format", "table", env=WIDE).stdout
    assert ids and re.findall(r"[\w/.-]+#(?:a|q\d+|e\d+)\b", table) == ids
    doc_id = ids[0].split("#")[0]
    assert run("show", doc_id, "--format", "json").exit_code == 0


def test_fields_picks_the_columns_of_a_hits_table(run):
    fields = "id,speaker.name,places.name,score"
    result = run("quotes", "--speaker", "reeker", "--format", "table", "--fields", fields, env=WIDE)
    assert result.exit_code == 0
    assert _table_header(result.stdout) == fields.split(",")
    assert "000_c490acf75e7bec7d#q3" in result.stdout
    assert "South Korea, United States, China, South Korea, Beijing" in result.stdout  # joined


@pytest.mark.parametrize(
    ("args", "fields"),
    [
        (["speakers"], "quotes,name,aliases"),
        (["places"], "name,records"),
        (["events", "--count"], "label"),
    ],
)
def test_fields_picks_the_columns_of_a_summary_table(run, args, fields):
    result = run(*args, "--format", "table", "--fields", fields, env=WIDE)
    assert result.exit_code == 0 and _table_header(result.stdout) == fields.split(",")
    if "aliases" in fields:
        assert "Mr. Reeker, the State Department spokesman Philip Reeker" in result.stdout


def test_output_through_a_link_writes_the_file_it_names_and_keeps_the_link(run, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert run("search", "refugees", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))


def test_output_into_a_pipe_writes_into_it_and_leaves_it_a_pipe(run, tmp_path):
    import os
    import threading

    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    assert run("search", "refugees", "-o", str(fifo)).exit_code == 0
    reader.join(timeout=30)
    assert json.loads(got[0]) and fifo.is_fifo()


def test_output_to_an_empty_name_is_an_error_naming_the_option(run):
    result = run("search", "refugees", "-o", "")
    assert result.exit_code == 2 and "-o: give the name of a file" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "x", "--limit", "abc"], "Invalid value for '--limit'"),
        (["search", "x", "--bogus"], "No such option '--bogus'"),
        (["bogus"], "No such command 'bogus'"),
        (["search", "tony", "blair"], "goes in quotes"),
        (["search", "refugees", "--format", "table", "-o", "t.txt"], "--format table"),
        (["search", "refugees", "--count", "--fields", "id"], "--count"),
        (["search", "refugees", "--facets", "-5"], "Invalid value for '--facets'"),
    ],
)
def test_usage_errors_are_one_line_too(run, args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr
    assert result.stderr.startswith("dateline: error:") and result.stderr.count("\n") == 1


def test_output_format_from_the_file_name_in_any_case(run, tmp_path):
    target = tmp_path / "hits.CSV"
    assert run("search", "refugees", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("id,kind,")


def test_export_limit_given_is_kept(run_json):
    assert len(run_json("export", "--limit", "2")) == 2
    assert len(run_json("export")) > 20


def test_show_takes_a_record_id_for_its_document(run):
    result = run("show", "003_b65b292e69360f24#q2", "--format", "json")
    assert (
        result.exit_code == 0 and json.loads(result.stdout)[0]["doc_id"] == "003_b65b292e69360f24"
    )


def test_a_document_id_with_a_hash_is_refused(run, tmp_path):
    corpus = tmp_path / "a.jsonl"
    corpus.write_text('{"id": "a#q1", "text": "Text."}\n', encoding="utf-8")
    result = run("index", "--corpus", str(corpus))
    assert result.exit_code == 2 and "may not hold `#`" in result.stderr


def test_a_file_named_with_bytes_not_utf8_is_indexed_and_found(run, tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    with open(os.fsencode(corpus) + b"/bad\xff\xfe.txt", "wb") as handle:
        handle.write(b"Zeppelins\n\nA zeppelin landed, the minister said.")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    hits = json.loads(run("search", "zeppelin", "--corpus", str(corpus), "--format", "json").stdout)
    assert {(h["doc_id"], h["path"]) for h in hits} == {("bad\\xff\\xfe", "bad\\xff\\xfe.txt")}
    [state] = (corpus / ".dateline").glob("gen-*/state.json")
    assert "\\udc" not in state.read_text(encoding="utf-8")  # no lone surrogate, escaped or not


def test_skip_bad_indexes_the_other_files_and_counts_the_skipped(run, tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Zeppelins\n\nA zeppelin landed, he said.", encoding="utf-8")
    (corpus / "b.txt").write_bytes(b"Title\n\n" + b"word " * 4000 + b"\x00binary tail")
    (corpus / "c.jsonl").write_text('{"text": "Zeppelin \\ud800, she said."}\n', encoding="utf-8")
    refused = run("index", "--corpus", str(corpus))
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("dateline: error: b.txt: looks like a binary file")
    assert "`dateline index --skip-bad` indexes the other files" in refused.stderr
    result = run("index", "--corpus", str(corpus), "--skip-bad")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: b.txt: looks like a binary file, not text; skipped",
        "warning: c.jsonl:1: `text` holds \\ud800, which is not text (a lone surrogate); skipped",
    ]
    assert "1 added, 0 changed, 0 removed, 0 unchanged, 2 skipped" in result.stderr
    records = json.loads(run("export", "--corpus", str(corpus), "--format", "json").stdout)
    assert {r["doc_id"] for r in records} == {"a"}
    # the refresh before a search skips what `index --skip-bad` skipped
    (corpus / "d.txt").write_text("Airships\n\nAn airship landed, she said.", encoding="utf-8")
    found = run("search", "airship", "--corpus", str(corpus), "--format", "json")
    assert found.exit_code == 0, found.stderr
    assert "b.txt: looks like a binary file, not text; skipped" in found.stderr
    assert [h["doc_id"] for h in json.loads(found.stdout)][:1] == ["d"]


def test_a_search_answers_when_a_new_file_cannot_be_read(run, tmp_path):
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Zeppelins\n\nA zeppelin landed, he said.", encoding="utf-8")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    (corpus / "b.txt").write_bytes(b"Title\n\n\x00binary")
    found = run("search", "zeppelin", "--corpus", str(corpus), "--format", "json")
    assert found.exit_code == 0, found.stderr
    assert "b.txt: looks like a binary file" in found.stderr
    assert "may be out of date" in found.stderr
    assert {h["doc_id"] for h in json.loads(found.stdout)} == {"a"}


def test_wait_refuses_nan(run):
    result = run("index", "--wait", "nan")
    assert result.exit_code == 2 and "--wait: nan is not a number of seconds" in result.stderr


def test_a_folder_option_given_an_option_is_refused_not_made(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("search", "refugees", "--index-dir", "--corpus", "x")
    assert result.exit_code == 2
    assert "'--corpus' looks like an option, not a folder" in result.stderr
    assert not (tmp_path / "--corpus").exists()


def test_a_query_opening_with_a_word_to_leave_out_is_told_to_go_after_dashes(run):
    result = run("search", "-refugees")
    assert result.exit_code == 2 and "search -- -refugees`" in result.stderr
    result = run("search", "-rx")  # too short to be taken for a word: click's own error
    assert result.exit_code == 2 and "search -- -word`" in result.stderr
    result = run("search", "--count", "--format", "json", "--", "-refugees")
    assert result.exit_code == 0 and json.loads(result.stdout)["count"] > 0


def test_a_place_no_gazetteer_names_is_said_with_the_nearest_names(run):
    result = run("search", "refugees", "--place", "Bejing")
    assert result.exit_code == 1
    assert "--place 'Bejing': no place of the gazetteer has that name; did you mean Beijing" in (
        result.stderr
    )
    result = run("quotes", "--place", "Tokyo")  # a place, which the seeds do not name
    assert result.exit_code == 1 and "gazetteer" not in result.stderr


@pytest.mark.parametrize("query", ["event:arrest", "event:173 OR speaker:craner", "event:seize"])
def test_a_field_of_exact_values_is_ranked_alike_by_every_engine(run, query):
    """Under SQLite the ids must come in Whoosh's order (the `run` fixture checks): each value
    scored as a term, not every hit 1."""
    hits = json.loads(run("search", query, "--format", "json", "--limit", "50").stdout)
    assert hits and all(h["score"] > 1 for h in hits if "#e" in h["id"])


def test_a_place_named_otherwise_finds_the_records_of_the_gazetteers_name(run_json):
    # the records hold `Beijing`; `Peking` is its old name in places.yaml's aliases
    by_old = {h["id"] for h in run_json("search", "--place", "Peking", "--limit", "100")}
    assert by_old and by_old == {
        h["id"] for h in run_json("search", "--place", "Beijing", "--limit", "100")
    }


def test_a_word_after_one_dash_is_never_read_as_a_cluster_of_short_options(
    run, tmp_path, monkeypatch
):
    # `-vote` would be `-v -o te`: a file `te` written where the user asked for a search
    monkeypatch.chdir(tmp_path)
    result = run("search", "-vote")
    assert result.exit_code == 2 and "`dateline search -- -vote`" in result.stderr
    assert not (tmp_path / "te").exists()


def test_an_old_name_that_is_also_a_state_finds_no_places_within_the_state(run):
    # `Washington DC` is `Washington`, which Seattle lies within too: not searched by it
    result = run("search", "--place", "Washington DC", "--count", "--format", "json")
    assert json.loads(result.stdout)["count"] == 0
