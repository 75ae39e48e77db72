"""Corpora as they arrive: saved pages, WARC crawls, news-please JSON and CSV exports, each read
with its metadata, through the installed command (CliRunner) and the corpus stage."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli
from dateline.corpus import CorpusError, documents, load_corpus

FIXTURES = Path(__file__).parent / "fixtures"
BOILERPLATE = (
    "Related stories", "Ten beaches", "Posted by", "Subscribe", "Copyright", "Cookie",
    "Most read", "Sign up for our newsletter", "Obituaries", "Share this story",
    "You may also like", "All content copyright", "Impressum",
)  # fmt: skip


WIDE = {"COLUMNS": "200"}


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False, env=WIDE)


def as_json(*args: str):
    result = invoke(*args, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def copy_fixture(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / name
    shutil.copytree(FIXTURES / name, folder)
    return folder


def offsets_hold(corpus: str) -> None:
    """Every span of every record points at its words in the article text."""
    articles = {
        r["doc_id"]: r["text"] for r in as_json("export", "--corpus", corpus, "--kind", "article")
    }
    assert articles
    for record in as_json("export", "--corpus", corpus):
        text = articles[record["doc_id"]]
        assert text[record["start"] : record["end"]] == record["text"]
        spans = [record.get("cue"), (record.get("speaker") or {}).get("mention")]
        spans += [p.get("span") for p in record.get("places", [])] + record.get("dates", [])
        for span in spans:
            if span and span.get("start") is not None:
                assert text[span["start"] : span["end"]] == span["text"]


# --- HTML pages ---------------------------------------------------------------------------------


@pytest.fixture
def web(tmp_path):
    pytest.importorskip("trafilatura")
    return copy_fixture("web", tmp_path)


def test_pages_give_the_story_without_navigation_comments_or_related_links(web):
    docs = {d.id: d for d in documents(load_corpus(web))}
    assert set(docs) == {"harbour-meta", "library-jsonld", "orchard-byline", "zeitung-de"}
    harbour = docs["harbour-meta"].text
    assert harbour.startswith("Port workers end strike after pay deal\n\nGOTHENBURG, March 14 - ")
    assert '"This agreement recognises the skill' in harbour
    assert "no jobs would be cut under the deal" in harbour
    assert "said Liv Berg" in docs["orchard-byline"].text
    for doc in docs.values():
        for words in BOILERPLATE:
            assert words not in doc.text, (doc.id, words)


def test_a_page_gives_its_date_from_meta_json_ld_or_the_visible_byline(web):
    docs = {d.id: d for d in documents(load_corpus(web))}
    assert docs["harbour-meta"].published == "2019-03-14"  # article:published_time
    assert docs["library-jsonld"].published == "2021-09-02"  # JSON-LD datePublished
    assert docs["orchard-byline"].published == "2020-05-05"  # "Published 5 May 2020"
    assert not any(d.crawl_date for d in docs.values())


def test_a_page_gives_its_title_byline_site_address_and_language(web):
    docs = {d.id: d for d in documents(load_corpus(web))}
    harbour, library = docs["harbour-meta"], docs["library-jsonld"]
    assert harbour.title == "Port workers end strike after pay deal"
    assert harbour.authors == ("Maria Lindqvist",)
    assert harbour.source == "The Coastal Courier"
    assert harbour.url == "https://courier.example/news/port-strike-ends"
    assert harbour.language == "en"  # <html lang="en-GB">
    assert library.authors == ("Tom Okafor", "Ana Ruiz")
    assert library.source == "Valley Herald"
    assert docs["zeitung-de"].language == "de"


def test_indexing_pages_skips_other_languages_in_one_line_and_keeps_them_on_request(web):
    corpus = str(web)
    result = invoke("index", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert "3 added" in result.stderr
    assert "1 article skipped: not English (de 1); --all-languages to keep them" in result.stderr
    assert "zeitung-de" not in {r["doc_id"] for r in as_json("export", "--corpus", corpus)}
    kept = invoke("index", "--corpus", corpus, "--all-languages")
    assert "1 added" in kept.stderr and "not English" not in kept.stderr
    records = as_json("export", "--corpus", corpus, "--kind", "article")
    assert {r["doc_id"]: r["language"] for r in records}["zeitung-de"] == "de"


def test_page_records_carry_the_byline_and_the_author_option_finds_them(web):
    corpus = str(web)
    quotes = as_json("quotes", "--corpus", corpus, "--author", "okafor")
    assert quotes and {q["doc_id"] for q in quotes} == {"library-jsonld"}
    assert all(q["authors"] == ["Tom Okafor", "Ana Ruiz"] for q in quotes)
    holm = as_json("quotes", "--corpus", corpus, "--speaker", "holm")
    assert [q["doc_id"] for q in holm] == ["harbour-meta"]
    assert holm[0]["published"] == "2019-03-14"
    assert as_json("search", "port", "--corpus", corpus, "--author", "nobody-by-this-name") == []
    shown = invoke("show", "harbour-meta", "--corpus", corpus, "--format", "table")
    assert "by Maria Lindqvist · The Coastal Courier · 2019-03-14" in shown.output


def test_offsets_hold_in_the_text_extracted_from_pages(web):
    offsets_hold(str(web))


def test_a_page_with_no_article_is_skipped_with_a_warning(web):
    (web / "index.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    result = invoke("index", "--corpus", str(web))
    assert result.exit_code == 0, result.output
    assert "1 page skipped: no article text found (index.html 1)" in result.stderr


def test_pages_without_trafilatura_say_what_to_install(web, monkeypatch):
    from dateline.corpus import web as reader

    monkeypatch.setattr(reader._Extractor, "_one", None)
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import fails
    result = invoke("index", "--corpus", str(web))
    assert result.exit_code == 2
    assert "reading HTML needs trafilatura: pip install 'dateline[web]'" in result.stderr
    assert "Traceback" not in result.output
    assert not (web / ".dateline").exists() or not any((web / ".dateline").glob("gen-*"))


# --- WARC crawls --------------------------------------------------------------------------------


def write_warc(path: Path, pages: list[tuple[str, bytes]], compress: bool = True) -> None:
    """A crawl as a crawler writes one: a request and a response per page, an image, a 404."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=compress)

        def response(uri: str, status: str, kind: str, body: bytes) -> None:
            http = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": "2023-01-07T10:00:00Z"},
            )  # fmt: skip
            writer.write_record(rec)

        for uri, body in pages:
            http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=http))
            response(uri, "200 OK", "text/html; charset=utf-8", body)
        response("https://courier.example/logo.png", "200 OK", "image/png", b"\x89PNG....")
        response("https://courier.example/gone", "404 Not Found", "text/html", b"<p>Not found</p>")


def crawl_pages() -> list[tuple[str, bytes]]:
    """Two pages: one with its date, one whose date was taken out (its crawl's date stands)."""
    undated = (FIXTURES / "web" / "library-jsonld.html").read_bytes()
    undated = undated.replace(b'"datePublished": "2021-09-02T10:15:00-05:00",', b"")
    harbour = (FIXTURES / "web" / "harbour-meta.html").read_bytes()
    return [
        ("https://courier.example/news/port-strike-ends", harbour),
        ("https://herald.example/library-sundays#top", undated),
    ]


@pytest.fixture
def crawl(tmp_path):
    pytest.importorskip("trafilatura")
    pytest.importorskip("warcio")
    folder = tmp_path / "crawl"
    folder.mkdir()
    write_warc(folder / "news.warc.gz", crawl_pages())
    return folder


def test_a_warc_gives_a_document_per_html_response_and_counts_the_rest(crawl):
    corpus = str(crawl)
    result = invoke("index", "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert "2 added" in result.stderr
    assert (
        "news.warc.gz: 2 pages read, 4 records skipped (2 request, 1 not HTML, 1 status 404)"
        in result.stderr
    )
    articles = {r["doc_id"]: r for r in as_json("export", "--corpus", corpus, "--kind", "article")}
    assert set(articles) == {
        "https://courier.example/news/port-strike-ends",
        "https://herald.example/library-sundays",
    }
    harbour = articles["https://courier.example/news/port-strike-ends"]
    assert harbour["published"] == "2019-03-14" and harbour["crawl_date"] is False
    library = articles["https://herald.example/library-sundays"]
    assert library["published"] == "2023-01-07" and library["crawl_date"] is True
    assert library["authors"] == ["Tom Okafor", "Ana Ruiz"]
    shown = invoke("show", library["doc_id"], "--corpus", corpus, "--format", "table")
    assert "Valley Herald · crawled 2023-01-07" in shown.output
    offsets_hold(corpus)


def test_an_uncompressed_warc_is_read_too(tmp_path):
    pytest.importorskip("trafilatura")
    pytest.importorskip("warcio")
    page = (FIXTURES / "web" / "harbour-meta.html").read_bytes()
    write_warc(tmp_path / "one.warc", [("https://courier.example/a", page)], compress=False)
    docs = list(documents(load_corpus(tmp_path / "one.warc")))
    assert [d.id for d in docs] == ["https://courier.example/a"]


def test_a_changed_page_in_a_warc_is_the_only_one_annotated_again(crawl):
    corpus = str(crawl)
    invoke("index", "--corpus", corpus)
    (uri, harbour), library = crawl_pages()
    write_warc(crawl / "news.warc.gz", [(uri, harbour.replace(b"nine days", b"ten days")), library])
    again = invoke("index", "--corpus", corpus)
    assert "0 added, 1 changed, 0 removed, 1 unchanged" in again.stderr


def test_a_truncated_warc_is_one_line_and_leaves_the_index_as_it_was(crawl):
    corpus = str(crawl)
    invoke("index", "--corpus", corpus)
    before = as_json("export", "--corpus", corpus)
    warc = crawl / "news.warc.gz"
    data = warc.read_bytes()
    warc.write_bytes(data[: len(data) // 3])  # a download that stopped in the first page
    result = invoke("index", "--corpus", corpus)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if "news.warc.gz" in line]
    assert len(lines) == 1 and "--skip-bad" in lines[0]
    assert "Traceback" not in result.output
    assert as_json("export", "--corpus", corpus) == before


def test_a_file_that_is_no_warc_is_refused_naming_it(tmp_path):
    pytest.importorskip("warcio")
    (tmp_path / "bad.warc.gz").write_bytes(b"this is not a crawl")
    result = invoke("index", "--corpus", str(tmp_path))
    assert result.exit_code == 2
    assert "bad.warc.gz, record 1: not a readable WARC record" in result.stderr
    assert not list(tmp_path.glob(".dateline/gen-*"))


# --- news-please JSON ---------------------------------------------------------------------------


def test_a_news_please_folder_is_read_without_configuration(tmp_path):
    folder = copy_fixture("newsplease", tmp_path)
    docs = {d.id: d for d in documents(load_corpus(folder))}
    bridge, vote = docs["bridge"], docs["vote"]
    assert bridge.text.startswith("The Elm Street bridge was closed")
    assert bridge.title == "Elm Street bridge closed after cracks found"
    assert bridge.published == "2020-11-02" and not bridge.crawl_date
    assert bridge.source == "www.riverside.example"
    assert bridge.url == "https://www.riverside.example/bridge-closed"
    assert bridge.authors == ("Sam Ortega",)
    assert vote.published == "2020-11-05" and vote.crawl_date  # no date_publish: date_download
    assert docs["wahl"].language == "de"


def test_news_please_records_through_the_command(tmp_path):
    corpus = str(copy_fixture("newsplease", tmp_path))
    result = invoke("index", "--corpus", corpus)
    assert "2 added" in result.stderr and "not English (de 1)" in result.stderr
    pike = as_json("quotes", "--corpus", corpus, "--speaker", "pike")
    # the quotation, and what "adding that" reports: both hers, both in the bridge story
    assert [(q["doc_id"], q["quote_kind"]) for q in pike] == [
        ("bridge", "direct"),
        ("bridge", "indirect"),
    ]
    assert pike[0]["authors"] == ["Sam Ortega"] and pike[0]["language"] == "en"
    offsets_hold(corpus)


def test_news_please_objects_in_json_lines_are_recognised_by_shape(tmp_path):
    lines = [
        json.loads((FIXTURES / "newsplease" / n).read_text()) for n in ("bridge.json", "vote.json")
    ]
    (tmp_path / "crawl.jsonl").write_text("\n".join(json.dumps(o) for o in lines) + "\n")
    docs = list(documents(load_corpus(tmp_path / "crawl.jsonl")))
    assert [d.title for d in docs] == [
        "Elm Street bridge closed after cracks found",
        "Oakdale votes for new pool",
    ]
    assert docs[0].authors == ("Sam Ortega",)


# --- CSV and field maps -------------------------------------------------------------------------


def test_a_csv_export_with_a_field_map(tmp_path):
    corpus = str(copy_fixture("csv", tmp_path) / "corpus.yaml")
    docs = list(documents(load_corpus(corpus)))
    assert [d.id for d in docs] == ["mm-101", "mm-102"]
    council = docs[0]
    assert council.title == "Council approves cycle lanes"
    assert council.published == "2022-04-12" and council.source == "Metro Monitor"
    assert council.authors == ("Kim Park", "Lee Chan")
    assert '"Safer streets are good for business too," said Mayor Ruth Adler' in council.text
    assert council.path == "export.csv:2"
    adler = as_json("quotes", "--corpus", corpus, "--author", "lee chan")
    assert [q["speaker"]["name"] for q in adler] == ["Ruth Adler"]
    offsets_hold(corpus)


def test_a_field_map_naming_a_missing_column_is_exit_2_naming_field_and_file(tmp_path):
    folder = copy_fixture("csv", tmp_path)
    (folder / "corpus.yaml").write_text(
        "documents:\n  - path: export.csv\n    fields: {text: content, id: story_id}\n"
    )
    result = invoke("index", "--corpus", str(folder / "corpus.yaml"))
    assert result.exit_code == 2
    assert "export.csv: no column 'content' for `fields: text:`" in result.stderr
    assert "Traceback" not in result.output


def test_a_csv_without_a_text_column_says_how_to_map_one(tmp_path):
    (tmp_path / "plain.csv").write_text("headline,body\nA,Some words here.\n")
    with pytest.raises(
        CorpusError, match=r"plain\.csv: no `text` column \(columns: headline, body\); map one"
    ):
        list(documents(load_corpus(tmp_path / "plain.csv")))


def test_a_bad_csv_row_is_named_by_its_line_and_skipped_with_skip_bad(tmp_path):
    (tmp_path / "rows.csv").write_text(
        "id,text,published\n"
        "a,The mayor said the road would reopen.,2022-01-03\n"
        "b,The council met.,March 2022\n"
        "c,The bridge opened.,2022-01-05\n"
    )
    with pytest.raises(CorpusError, match=r"^rows\.csv:3: `published` must be YYYY-MM-DD"):
        list(documents(load_corpus(tmp_path / "rows.csv")))
    skipped: list[str] = []
    docs = list(documents(load_corpus(tmp_path / "rows.csv"), skip=skipped.append))
    assert [d.id for d in docs] == ["a", "c"] and len(skipped) == 1


def test_a_top_level_field_map_applies_to_json_lines(tmp_path):
    (tmp_path / "wire.jsonl").write_text(
        json.dumps({"guid": "w1", "body": "Prices rose, the bank said.", "when": "2021-06-01"})
        + "\n"
    )
    (tmp_path / "corpus.yaml").write_text(
        "fields: {id: guid, text: body, published: when}\ndocuments:\n  - jsonl: wire.jsonl\n"
    )
    [doc] = documents(load_corpus(tmp_path / "corpus.yaml"))
    assert (doc.id, doc.published, doc.text) == ("w1", "2021-06-01", "Prices rose, the bank said.")


def test_a_field_map_with_an_unknown_name_is_refused_with_its_line(tmp_path):
    (tmp_path / "corpus.yaml").write_text("documents:\n  - path: a.csv\n    fields: {body: text}\n")
    with pytest.raises(CorpusError, match=r"corpus\.yaml:3: `fields:` cannot map 'body'"):
        load_corpus(tmp_path / "corpus.yaml")


def test_json_and_csv_files_in_a_bare_folder_that_hold_no_article_are_passed_over(tmp_path):
    (tmp_path / "story.txt").write_text("Rain fell, the weather service said.\n")
    (tmp_path / "story.meta.json").write_text('{"dct": "2020-01-01", "countries": ["GB"]}')
    (tmp_path / "figures.csv").write_text("year,rainfall\n2019,812\n")
    warned: list[str] = []
    docs = list(documents(load_corpus(tmp_path), warn=warned.append))
    assert [d.id for d in docs] == ["story"]
    assert "1 .csv file holds no article text (no `text` field); passed over" in warned
    assert "1 .json file holds no article text (no `text` field); passed over" in warned
    # named in a manifest, the same file is an error
    (tmp_path / "corpus.yaml").write_text("documents:\n  - path: story.meta.json\n")
    with pytest.raises(CorpusError, match=r"story\.meta\.json: missing or empty `text`"):
        list(documents(load_corpus(tmp_path)))


def test_an_update_extracts_only_the_pages_that_changed(web, monkeypatch):
    from dateline.corpus import web as reader

    corpus = str(web)
    assert invoke("index", "--corpus", corpus).exit_code == 0
    page = web / "harbour-meta.html"
    page.write_bytes(page.read_bytes().replace(b"nine days", b"ten days"))
    calls: list[str] = []
    real = reader._Extractor.extract
    monkeypatch.setattr(
        reader._Extractor, "extract", lambda self, raw, where, url=None: calls.append(where)
        or real(self, raw, where, url),
    )  # fmt: skip
    again = invoke("index", "--corpus", corpus)
    assert "0 added, 1 changed, 0 removed, 2 unchanged" in again.stderr
    # the German page is extracted again (left out, it is not in the index to compare with)
    assert sorted(calls) == ["harbour-meta.html", "zeitung-de.html"]


def test_pages_are_extracted_in_the_worker_processes_with_the_same_records(crawl, tmp_path):
    corpus = str(crawl)
    one = invoke("index", "--corpus", corpus, "--index-dir", str(tmp_path / "one"), "--jobs", "1")
    two = invoke("index", "--corpus", corpus, "--index-dir", str(tmp_path / "two"), "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    records = [
        as_json("export", "--corpus", corpus, "--index-dir", str(tmp_path / name))
        for name in ("one", "two")
    ]
    assert records[0] == records[1] and len(records[0]) > 2


def test_a_crawled_page_with_no_article_is_counted_in_one_line(tmp_path):
    pytest.importorskip("trafilatura")
    pytest.importorskip("warcio")
    menu = b"<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>"
    pages = [
        *crawl_pages(),
        ("https://courier.example/", menu),
        ("https://courier.example/b", menu),
    ]
    write_warc(tmp_path / "site.warc.gz", pages)
    result = invoke("index", "--corpus", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "2 added" in result.stderr
    assert "2 pages skipped: no article text found (site.warc.gz 2)" in result.stderr


def test_a_csv_export_names_the_byline(tmp_path):
    import csv as csvlib

    corpus = str(copy_fixture("csv", tmp_path) / "corpus.yaml")
    out = invoke("export", "--corpus", corpus, "--kind", "article", "--format", "csv")
    rows = list(csvlib.DictReader(io.StringIO(out.stdout)))
    assert {r["id"]: r["authors"] for r in rows}["mm-101#a"] == "Kim Park; Lee Chan"


def test_a_first_build_that_fails_leaves_no_index_folder(web, monkeypatch):
    from dateline.corpus import web as reader

    monkeypatch.setattr(reader._Extractor, "_one", None)
    monkeypatch.setitem(sys.modules, "trafilatura", None)
    assert invoke("index", "--corpus", str(web)).exit_code == 2
    assert not (web / ".dateline").exists()
