"""Corpus sources as users really hand them over: spreadsheet exports, half-downloaded crawls,
news-please's nulls, pages that are not what their names say. Each case is built here, in
tmp_path, and read the way the installed command reads it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.corpus import CorpusError, documents, load_corpus

WIDE = {"COLUMNS": "200"}
STORY = "The council approved three cycle lanes on Tuesday, despite objections from shops."


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=WIDE)


def read(path: Path, **kwargs) -> tuple[list, list[str]]:
    """The documents of a corpus, and what was warned while reading it."""
    warned: list[str] = []
    docs = list(documents(load_corpus(path), warn=warned.append, **kwargs))
    return docs, warned


# --- CSV ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_a_csv_parted_by_semicolons_tabs_or_bars_is_read_by_its_header(tmp_path, delimiter):
    # a spreadsheet where the comma is the decimal mark exports with `;`
    path = tmp_path / "export.csv"
    path.write_text(
        f"id{delimiter}text{delimiter}published\nc1{delimiter}{STORY}{delimiter}2022-04-12\n"
    )
    docs, _ = read(path)
    assert [(d.id, d.text, d.published) for d in docs] == [("c1", STORY, "2022-04-12")]


def test_a_quote_never_closed_is_an_error_naming_its_line_not_the_rest_in_one_cell(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(f'id,text\na,"{STORY}\nb,The bridge opened.\nc,The road closed.\n')
    with pytest.raises(CorpusError, match=r"^rows\.csv:2: a quote opened in this row is never"):
        read(path)


def test_a_csv_in_cp1252_is_read_with_a_warning_naming_its_line(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes(b"id,text\na,Fine words here.\nb,The caf\xe9 owner said it would close.\n")
    docs, warned = read(path)
    assert [d.text for d in docs] == ["Fine words here.", "The café owner said it would close."]
    assert warned == ["excel.csv:3: not valid UTF-8; read as cp1252"]


def test_a_csv_naming_the_text_column_twice_is_refused(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("id,text,text\na,first words,second words\n")
    with pytest.raises(CorpusError, match=r"twice\.csv: the header names column 'text' twice"):
        read(path)


def test_a_csv_with_a_header_and_no_rows_says_so(tmp_path):
    path = tmp_path / "none.csv"
    path.write_text("id,text\n\n")
    docs, warned = read(path)
    assert docs == [] and warned == ["none.csv: a header and no rows under it; nothing to index"]


def test_blank_lines_above_a_csv_header_are_passed_over(tmp_path):
    path = tmp_path / "gap.csv"
    path.write_text(f"\n\nid,text\ng1,{STORY.replace(',', '')}\n")
    docs, _ = read(path)
    assert [d.id for d in docs] == ["g1"]


# --- news-please --------------------------------------------------------------------------------


def news_please(text: str | None, **fields) -> dict:
    return {
        "maintext": text, "title": "Bridge shut", "date_publish": "2020-11-02 09:00:00",
        "date_download": "2020-11-03 18:02:11", "source_domain": "riverside.example",
        "url": "https://riverside.example/bridge", "authors": ["Sam Ortega"], "language": "en",
        **fields,
    }  # fmt: skip


def test_news_please_records_it_found_no_article_in_are_passed_over_with_a_warning(tmp_path):
    # news-please writes `maintext: null` for a page it could extract nothing from
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / "good.json").write_text(json.dumps(news_please(STORY)))
    (folder / "empty.json").write_text(json.dumps(news_please(None)))
    lines = [news_please(STORY, url="https://r.example/1"), news_please(None), news_please("")]
    (folder / "more.jsonl").write_text("".join(json.dumps(obj) + "\n" for obj in lines))
    docs, warned = read(folder)
    assert sorted(d.id for d in docs) == ["good", "more-1"]
    assert sorted(warned) == [
        "empty.json: no article text (`maintext` is null); skipped",
        "more.jsonl:2: no article text (`maintext` is null); skipped",
        'more.jsonl:3: no article text (`maintext` is ""); skipped',
    ]


@pytest.mark.parametrize(
    ("given", "read_as"),
    [("2019/02/14", "2019-02-14"), ("2019/02/14 10:00:00", "2019-02-14"),
     ("Thu, 14 Feb 2019 10:00:00 GMT", "2019-02-14"), ("2019-02-14T23:30:00+01:00", "2019-02-14")],
)  # fmt: skip
def test_dates_as_exports_and_feeds_write_them_are_read(tmp_path, given, read_as):
    (tmp_path / "a.json").write_text(json.dumps(news_please(STORY, date_publish=given)))
    docs, _ = read(tmp_path / "a.json")
    assert docs[0].published == read_as


def test_a_bad_date_is_named_by_the_source_s_own_field(tmp_path):
    (tmp_path / "a.json").write_text(
        json.dumps(news_please(STORY, date_publish="2019-02-30 10:00:00"))
    )
    with pytest.raises(CorpusError, match=r"a\.json: `date_publish` \(our `published`\) '2019-02"):
        read(tmp_path / "a.json")


# --- dateline annotate on files of many articles ------------------------------------------------


def test_annotate_a_csv_or_json_list_gives_every_article_it_holds(tmp_path):
    (tmp_path / "rows.csv").write_text(
        'id,text\na,"""We will rebuild,"" said Mayor Ann Lee."\nb,The bridge opened on Monday.\n'
    )
    (tmp_path / "list.json").write_text(json.dumps([news_please(STORY), news_please(STORY)]))
    result = invoke("annotate", str(tmp_path / "rows.csv"), str(tmp_path / "list.json"))
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert [(o["path"], o["id"]) for o in out] == [
        (str(tmp_path / "rows.csv"), "a"), (str(tmp_path / "rows.csv"), "b"),
        (str(tmp_path / "list.json"), "list-1"), (str(tmp_path / "list.json"), "list-2"),
    ]  # fmt: skip
    assert out[0]["quotes"][0]["speaker"]["name"] == "Ann Lee"
    assert "id,text" not in json.dumps(out)  # the header is no article text


def test_annotate_a_page_with_no_article_is_one_line_naming_it_as_given(tmp_path):
    pytest.importorskip("trafilatura")
    page = tmp_path / "cookies.html"
    page.write_text("<html><body><div>We use cookies. Accept all to continue.</div></body></html>")
    result = invoke("annotate", str(page))
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"dateline: error: {page}: no article text found in the page"
    ]


def test_annotate_a_bad_record_says_nothing_of_index_options(tmp_path):
    (tmp_path / "wire.jsonl").write_text(json.dumps({"id": "a"}) + "\n")
    result = invoke("annotate", str(tmp_path / "wire.jsonl"))
    assert result.exit_code == 2
    assert "--skip-bad" not in result.stderr and f"{tmp_path / 'wire.jsonl'}:1" in result.stderr


# --- WARC ---------------------------------------------------------------------------------------


PAGE = (
    b"<html lang='en'><head><title>Ferry resumes</title></head><body><article><h1>Ferry resumes"
    b"</h1><p>The island ferry ran again on Monday after a week of storms kept it in port, the "
    b'operator said, and extra sailings were added for the weekend.</p><p>"We are glad to be '
    b'back," said Captain Ida Holm.</p></article></body></html>'
)


def warc_record(uri: str, kind: str, content_type: str, body: bytes) -> bytes:
    """One record as some crawlers write it, by hand: warcio's writer would not."""
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2021-05-06T07:08:09Z\r\nWARC-Record-ID: <urn:uuid:{abs(hash(uri))}>\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body + b"\r\n\r\n"


def test_a_resource_record_of_a_page_is_read_and_a_response_without_http_is_counted(tmp_path):
    pytest.importorskip("trafilatura")
    pytest.importorskip("warcio")
    path = tmp_path / "odd.warc"
    path.write_bytes(
        warc_record("https://isle.example/ferry", "resource", "text/html", PAGE)
        + warc_record("https://isle.example/bare", "response", "text/html", PAGE)
    )
    docs, warned = read(path)
    assert [d.id for d in docs] == ["https://isle.example/ferry"]
    # not "status lang='en'><head>...": warcio takes the page's first lines for HTTP headers
    assert warned == ["odd.warc: 1 page read, 1 record skipped (1 without HTTP headers)"]


def test_an_empty_warc_says_so(tmp_path):
    pytest.importorskip("warcio")
    (tmp_path / "crawl.warc.gz").write_bytes(b"")
    docs, warned = read(tmp_path / "crawl.warc.gz")
    assert docs == [] and warned == ["crawl.warc.gz: empty file, skipped"]


@pytest.mark.parametrize("keep", [0.05, 0.2, 0.35, 0.6, 0.75, 0.99])
def test_a_warc_cut_anywhere_is_one_line_naming_it_never_silence_nor_a_traceback(tmp_path, keep):
    pytest.importorskip("trafilatura")
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    whole = tmp_path / "whole.warc.gz"
    with whole.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in (1, 2):
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            uri = f"https://isle.example/{n}"
            rec = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(PAGE), http_headers=http
            )
            writer.write_record(rec)
    data = whole.read_bytes()
    cut = tmp_path / "crawl" / "cut.warc.gz"
    cut.parent.mkdir()
    cut.write_bytes(data[: int(len(data) * keep)])
    result = invoke("index", "--corpus", str(cut.parent), "--jobs", "1")
    assert result.exit_code == 2, result.output
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("dateline: error: cut.warc.gz") and "--skip-bad" in line, line
    assert "cut short" in line, line


def test_an_id_column_with_a_value_twice_is_an_error_and_skip_bad_keeps_the_first(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("story,text\ns1,The bridge opened.\ns2,The road closed.\ns1,The ferry ran.\n")
    (tmp_path / "corpus.yaml").write_text(
        "documents:\n  - path: export.csv\n    fields: {id: story}\n"
    )
    twice = r"^export\.csv:4: duplicate document id 's1' \(also export\.csv:2\); `dateline index"
    with pytest.raises(CorpusError, match=twice):
        read(tmp_path)
    skipped: list[str] = []
    docs, _ = read(tmp_path, skip=skipped.append)
    assert [(d.id, d.text) for d in docs] == [
        ("s1", "The bridge opened."),
        ("s2", "The road closed."),
    ]
    assert skipped == ["export.csv:4: duplicate document id 's1' (also export.csv:2); skipped"]


# --- HTML ---------------------------------------------------------------------------------------


def test_an_empty_page_is_skipped_with_a_warning_as_an_empty_text_file_is(tmp_path):
    pytest.importorskip("trafilatura")
    (tmp_path / "a.html").write_bytes(PAGE)
    (tmp_path / "failed.html").write_bytes(b"  \n")
    docs, warned = read(tmp_path)
    assert [d.id for d in docs] == ["a"] and warned == ["failed.html: empty file, skipped"]


def test_a_field_map_for_one_field_of_news_please_keeps_its_other_names(tmp_path):
    obj = news_please(STORY, feed="Riverside Gazette", authors="By Sam Ortega and Lee Chan")
    (tmp_path / "a.json").write_text(json.dumps(obj))
    (tmp_path / "corpus.yaml").write_text(
        "documents:\n  - path: a.json\n    fields: {source: feed}\n"
    )
    [doc], _ = read(tmp_path)
    assert (doc.text, doc.source, doc.published) == (STORY, "Riverside Gazette", "2020-11-02")
    assert doc.authors == ("Sam Ortega", "Lee Chan")


def test_utf_16_files_with_their_bom_are_read(tmp_path):
    # what Excel's "Unicode Text" and Windows PowerShell write
    (tmp_path / "sheet.csv").write_text(f"id\ttext\ns1\t{STORY} Café.\n", encoding="utf-16")
    (tmp_path / "story.json").write_text(json.dumps({"text": STORY}), encoding="utf-16")
    (tmp_path / "note.txt").write_text(STORY, encoding="utf-16")
    docs, _ = read(tmp_path)
    assert sorted((d.id, d.text) for d in docs) == [
        ("note", STORY), ("s1", f"{STORY} Café."), ("story", STORY)
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["x-default", "und", "{{ lang }}", "EN_us"])
def test_a_page_declaring_no_real_language_is_guessed_not_left_out_as_foreign(tmp_path, lang):
    pytest.importorskip("py3langid")
    pytest.importorskip("trafilatura")
    (tmp_path / "a.html").write_bytes(PAGE.replace(b"lang='en'", f"lang='{lang}'".encode()))
    [doc], _ = read(tmp_path / "a.html")
    assert doc.language == "en"


def test_what_warcio_would_print_itself_is_a_warning_naming_the_file(tmp_path, capfd):
    pytest.importorskip("trafilatura")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    first = warc_record("https://isle.example/1", "response", "application/http", http + PAGE)
    short = f"Content-Length: {len(http + PAGE) - 10}".encode()  # ends inside `</html>`
    first = first.replace(f"Content-Length: {len(http + PAGE)}".encode(), short)
    second = warc_record("https://isle.example/sp ace", "response", "application/http", http + PAGE)
    (tmp_path / "odd.warc").write_bytes(first + second)
    docs, warned = read(tmp_path / "odd.warc")
    assert "https://isle.example/sp%20ace" in [d.id for d in docs]
    assert "odd.warc, record 1: its Content-Length is not where it ends; read on" in warned[0]
    out, err = capfd.readouterr()
    assert err == "" and out == ""  # nothing from warcio: no "Replacing spaces", no WARNING


def test_metadata_on_a_warc_entry_of_corpus_yaml_is_not_ignored(tmp_path):
    pytest.importorskip("trafilatura")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    record = warc_record("https://isle.example/1", "response", "application/http", http + PAGE)
    (tmp_path / "cc.warc").write_bytes(record)
    (tmp_path / "corpus.yaml").write_text(
        "documents:\n  - path: cc.warc\n    source: Common Crawl\n    authors: Desk\n"
    )
    [doc], _ = read(tmp_path)
    assert (doc.source, doc.authors, doc.title) == ("Common Crawl", ("Desk",), "Ferry resumes")


@pytest.mark.parametrize("pattern", ["path: story.html", "glob: 'pages/*.html'", "path: a.txt"])
def test_a_field_map_on_an_entry_it_cannot_apply_to_is_refused_not_ignored(tmp_path, pattern):
    (tmp_path / "corpus.yaml").write_text(
        f"documents:\n  - {pattern}\n    fields: {{text: body}}\n"
    )
    with pytest.raises(CorpusError, match=r"corpus\.yaml:3: `fields:` maps the names of JSON"):
        load_corpus(tmp_path)


def test_a_field_map_naming_a_key_no_json_object_has_is_said(tmp_path):
    lines = [{"guid": "w1", "body": STORY, "pubDate": "2021-06-01"}, {"guid": "w2", "body": STORY}]
    (tmp_path / "wire.jsonl").write_text("".join(json.dumps(obj) + "\n" for obj in lines))
    fields = "{id: guid, text: body, published: pub_date}"
    manifest = f"documents:\n  - path: wire.jsonl\n    fields: {fields}\n"
    (tmp_path / "corpus.yaml").write_text(manifest)
    docs, warned = read(tmp_path)
    assert [d.id for d in docs] == ["w1", "w2"]
    assert warned == ["wire.jsonl: no line has `pub_date` (`fields: {published: pub_date}`)"]


def test_many_records_without_article_text_are_said_in_a_few_lines(tmp_path):
    lines = [news_please(STORY, url="https://r.example/0")] + [news_please(None)] * 40
    (tmp_path / "crawl.jsonl").write_text("".join(json.dumps(obj) + "\n" for obj in lines))
    docs, warned = read(tmp_path / "crawl.jsonl")
    assert len(docs) == 1 and len(warned) == 6
    assert warned[-1] == "35 more pages or records with no article text; skipped"


def test_empty_cells_past_the_header_are_no_error_but_a_filled_one_is(tmp_path):
    path = tmp_path / "padded.csv"
    path.write_text("id,text\na,The bridge opened.,,\nb,The road closed.,oops\n")
    skipped: list[str] = []
    docs, _ = read(path, skip=skipped.append)
    assert [d.id for d in docs] == ["a"]
    assert skipped == ["padded.csv:3: 3 cells under a header of 2 columns; skipped"]


def test_a_page_crawled_many_times_is_said_in_a_few_lines(tmp_path):
    pytest.importorskip("trafilatura")
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    record = warc_record("https://isle.example/1", "response", "application/http", http + PAGE)
    (tmp_path / "cc.warc").write_bytes(record * 9)
    docs, warned = read(tmp_path / "cc.warc")
    assert [d.id for d in docs] == ["https://isle.example/1"] and len(warned) == 6
    assert warned[-1] == "3 more pages crawled again; kept the first of each"
