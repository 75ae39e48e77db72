"""corpus.yaml, folders and JSON Lines: reading, metadata, and one-line errors for bad input."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dateline.corpus import CorpusError, documents, load_corpus


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def docs_of(manifest: Path, **kwargs):
    return list(documents(load_corpus(manifest), **kwargs))


def test_seed_manifest_gives_three_documents_with_metadata(seed_corpus):
    docs = {d.id: d for d in docs_of(seed_corpus)}
    assert set(docs) == {"000_c490acf75e7bec7d", "001_e8d91326f53507e1", "003_b65b292e69360f24"}
    assert docs["001_e8d91326f53507e1"].published == "2002-12"
    assert docs["000_c490acf75e7bec7d"].published == "2002-06-13"
    assert docs["003_b65b292e69360f24"].dateline == "Beijing"
    assert docs["003_b65b292e69360f24"].title.startswith("North Koreans Rush Embassy in Beijing")


def test_glob_entry_applies_metadata_and_keeps_ids_apart(tmp_path):
    write(tmp_path / "news/a/001.txt", "One\n\nBody one.")
    write(tmp_path / "news/b/001.txt", "Two\n\nBody two.")
    m = write(tmp_path / "corpus.yaml", "documents:\n  - glob: news/*/*.txt\n    source: Wire\n")
    docs = docs_of(m)
    assert [d.id for d in docs] == ["a/001", "b/001"]
    assert {d.source for d in docs} == {"Wire"}
    assert [d.title for d in docs] == ["One", "Two"]


def test_bare_folder_is_a_corpus(tmp_path):
    write(tmp_path / "x/one.txt", "Headline\n\nText.")
    assert [d.id for d in documents(load_corpus(tmp_path / "x"))] == ["one"]


def test_jsonl_source_reads_each_line(tmp_path):
    write(
        tmp_path / "a.jsonl",
        '{"id": "n1", "title": "T", "text": "He said so.", "published": "2020-01-02"}\n'
        '{"text": "No id here.", "source": "AP"}\n',
    )
    m = write(tmp_path / "corpus.yaml", "documents:\n  - jsonl: a.jsonl\n")
    docs = docs_of(m)
    assert [(d.id, d.published) for d in docs] == [("n1", "2020-01-02"), ("a-2", None)]
    assert docs[1].source == "AP"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "n2", "text": ', "not valid JSON"),
        ('{"text": "ok", "x": ' + "[" * 100_000 + "]" * 100_000 + "}", "JSON nested too deeply"),
    ],
)
def test_jsonl_broken_line_names_the_line(tmp_path, line, message):
    write(tmp_path / "a.jsonl", '{"id": "n1", "text": "ok"}\n' + line + "\n")
    m = write(tmp_path / "corpus.yaml", "documents:\n  - jsonl: a.jsonl\n")
    with pytest.raises(CorpusError, match=rf"a\.jsonl:2: {message}"):
        docs_of(m)


def test_jsonl_skip_bad_keeps_the_good_lines(tmp_path):
    write(tmp_path / "a.jsonl", '{"id": "n1", "text": "ok"}\nnot json\n{"id": "n3", "text": "y"}\n')
    m = write(tmp_path / "corpus.yaml", "documents:\n  - jsonl: a.jsonl\n")
    warnings: list[str] = []
    docs = docs_of(m, skip=warnings.append)
    assert [d.id for d in docs] == ["n1", "n3"]
    assert "a.jsonl:2" in warnings[0]


def test_unknown_key_suggests_the_right_one_with_its_line(tmp_path):
    m = write(tmp_path / "corpus.yaml", "documents:\n  - path: a.txt\n    publishd: 2002-01-01\n")
    with pytest.raises(CorpusError, match=r"corpus\.yaml:3: unknown key `publishd`.*`published`"):
        load_corpus(m)


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    m = write(tmp_path / "corpus.yaml", "documents:\n  - path: [a.txt\n")
    with pytest.raises(CorpusError, match=r"corpus\.yaml:\d+:\d+: YAML syntax error"):
        load_corpus(m)


@pytest.mark.parametrize("value", ["13 June 2002", "2002-13", "2002-02-30", "yesterday"])
def test_published_must_be_an_iso_date_or_month(tmp_path, value):
    write(tmp_path / "a.txt", "x")
    m = write(tmp_path / "corpus.yaml", f"documents:\n  - path: a.txt\n    published: '{value}'\n")
    with pytest.raises(CorpusError, match=r"corpus\.yaml:3: `published`"):
        load_corpus(m)


def test_duplicate_ids_are_an_error(tmp_path):
    write(tmp_path / "a.txt", "x")
    write(tmp_path / "b.txt", "y")
    m = write(
        tmp_path / "corpus.yaml",
        "documents:\n  - path: a.txt\n    id: same\n  - path: b.txt\n    id: same\n",
    )
    with pytest.raises(CorpusError, match="duplicate document id 'same'"):
        docs_of(m)


def test_missing_path_and_empty_glob_are_errors(tmp_path):
    m = write(tmp_path / "corpus.yaml", "documents:\n  - path: nope.txt\n")
    with pytest.raises(CorpusError, match=r"corpus\.yaml:2: nope\.txt: no such file"):
        docs_of(m)
    (tmp_path / "news").mkdir()
    m = write(tmp_path / "corpus.yaml", "documents:\n  - path: news\n")
    with pytest.raises(CorpusError, match=r"corpus\.yaml:2: news: is a folder; .*glob: news/\*"):
        docs_of(m)
    m = write(tmp_path / "corpus.yaml", "documents:\n  - glob: '*.md'\n")
    with pytest.raises(CorpusError, match="matches no file"):
        docs_of(m)


def test_cp1252_text_is_read_with_a_note_to_say_when_it_is_indexed(tmp_path):
    write(tmp_path / "a.txt", "Price \xa3100 said.".encode("cp1252"))
    m = write(tmp_path / "corpus.yaml", "documents: [a.txt]\n")
    warnings: list[str] = []
    [doc] = docs_of(m, warn=warnings.append)
    assert doc.text == "Price £100 said."
    assert warnings == []  # said by the indexer, which knows whether the file changed
    assert doc.notes == ("a.txt: not valid UTF-8 (byte 6); read as cp1252",)


def test_bom_is_dropped_and_crlf_kept_as_read(tmp_path):
    write(tmp_path / "a.txt", "\ufeffTitle\r\n\r\nBody.".encode())
    m = write(tmp_path / "corpus.yaml", "documents: [a.txt]\n")
    [doc] = docs_of(m)
    assert doc.text == "Title\r\n\r\nBody."
    assert doc.title == "Title"


def test_binary_and_oversized_files_are_errors(tmp_path):
    write(tmp_path / "a.txt", b"\x00\x01\x02binary")
    m = write(tmp_path / "corpus.yaml", "documents: [a.txt]\n")
    with pytest.raises(CorpusError, match="a.txt: looks like a binary file"):
        docs_of(m)
    write(tmp_path / "a.txt", "x" * 100)
    with pytest.raises(CorpusError, match="over the limit"):
        docs_of(m, max_bytes=10)


def test_empty_file_is_skipped_with_a_warning(tmp_path):
    write(tmp_path / "a.txt", "  \n")
    write(tmp_path / "b.txt", "Text.")
    m = write(tmp_path / "corpus.yaml", "documents: [a.txt, b.txt]\n")
    warnings: list[str] = []
    assert [d.id for d in docs_of(m, warn=warnings.append)] == ["b"]
    assert "a.txt: empty file" in warnings[0]


@pytest.mark.parametrize("day", ["2005-02-30", "0000-01-01", "2005-13-01", "2005-12-01 25:00:00"])
def test_a_date_yaml_reads_but_no_calendar_has_is_named_with_its_line(tmp_path, day):
    write(tmp_path / "a.txt", "Title\n\nText.")
    write(tmp_path / "corpus.yaml", f"documents:\n  - path: a.txt\n    published: {day}\n")
    with pytest.raises(CorpusError, match=rf"corpus.yaml:3: '{day}' is not a real date"):
        load_corpus(tmp_path / "corpus.yaml")


def test_a_file_named_with_bytes_not_utf8_gets_an_id_with_the_bytes_escaped(tmp_path):
    (tmp_path / "news").mkdir()
    with open(os.fsencode(tmp_path / "news") + b"/bad\xff\xfe.txt", "wb") as handle:
        handle.write(b"Bad name\n\nThe minister said so.")
    write(tmp_path / "news/good.txt", "Good\n\nText.")
    [bad, good] = documents(load_corpus(tmp_path / "news"))
    assert (bad.id, bad.path, good.id) == ("bad\\xff\\xfe", "bad\\xff\\xfe.txt", "good")
    bad.id.encode("utf-8")  # text, not lone surrogates: it can be written anywhere


@pytest.mark.parametrize(
    "line",
    [
        r'{"text": "He said \ud800 so."}',
        r'{"text": "ok", "title": "\uDFFF"}',
        r'{"text": "ok", "tags": ["a", {"k": "\ud800"}]}',
        r'{"\ud800": 1, "text": "ok"}',
    ],
)
def test_a_jsonl_record_holding_a_lone_surrogate_is_refused_with_its_line(tmp_path, line):
    write(tmp_path / "a.jsonl", '{"text": "one"}\n{"text": "two"}\n' + line + "\n")
    m = write(tmp_path / "corpus.yaml", "documents:\n  - jsonl: a.jsonl\n")
    with pytest.raises(
        CorpusError, match=r"^a\.jsonl:3: .* holds \\ud[89a-f][0-9a-f]{2}, .*lone surrogate"
    ):
        docs_of(m)
    skipped: list[str] = []
    assert [d.id for d in docs_of(m, skip=skipped.append)] == ["a-1", "a-2"]
    assert len(skipped) == 1 and skipped[0].startswith("a.jsonl:3: ")


def test_a_surrogate_pair_escaped_in_json_is_one_character_and_welcome(tmp_path):
    write(tmp_path / "a.jsonl", r'{"text": "Smile \ud83d\ude00 said he."}' + "\n")
    [doc] = documents(load_corpus(tmp_path / "a.jsonl"))
    assert doc.text == "Smile \U0001f600 said he."


def test_a_link_back_up_the_tree_is_followed_once(tmp_path):
    write(tmp_path / "news/a/x.txt", "X\n\nText.")
    write(tmp_path / "news/b.txt", "B\n\nText.")
    os.symlink("..", tmp_path / "news/a/up")  # news/a/up/a/up/... without end
    os.symlink("a", tmp_path / "news/same")  # news/a again, by another name
    m = write(tmp_path / "corpus.yaml", "documents:\n  - glob: 'news/**/*.txt'\n")
    assert [d.id for d in docs_of(m)] == ["a/x", "b"]
    assert [d.id for d in documents(load_corpus(tmp_path / "news"))] == ["a/x", "b"]


def test_a_link_to_a_folder_outside_is_followed_and_hidden_files_stay_out(tmp_path):
    write(tmp_path / "elsewhere/far.txt", "Far\n\nText.")
    write(tmp_path / "news/.draft.txt", "Draft\n\nText.")
    write(tmp_path / "news/.old/x.txt", "Old\n\nText.")
    write(tmp_path / "news/near.txt", "Near\n\nText.")
    os.symlink(tmp_path / "elsewhere", tmp_path / "news/linked")
    assert [d.id for d in documents(load_corpus(tmp_path / "news"))] == ["linked/far", "near"]


def alias_bomb(levels: int = 10, width: int = 7) -> str:
    """A manifest of a few lines whose aliases, once expanded, are width**levels values."""
    lines = [
        "documents: [a.txt]",
        "event_types:",
        "  - {code: 1, x: &a0 [" + ", ".join("x" * width) + "]}",
    ]
    for i in range(1, levels):
        lines.append(f"  - {{code: 1, x: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (alias_bomb(), r"corpus\.yaml:4: YAML aliases \(\*a0\) are not allowed in a manifest"),
        (
            'documents:\n  - path: a.txt\n    title: "x\\ud800"\n',
            r"corpus\.yaml:3: \\ud800 is not text \(a lone surrogate\)",
        ),
    ],
)
def test_a_manifest_with_an_alias_or_a_lone_surrogate_is_refused_at_once(
    tmp_path, manifest, message
):
    write(tmp_path / "a.txt", "Title\n\nText.")
    m = write(tmp_path / "corpus.yaml", manifest)
    started = time.perf_counter()
    with pytest.raises(CorpusError, match=message):
        load_corpus(m)
    assert time.perf_counter() - started < 5


def test_binary_data_past_the_first_8_kb_is_found(tmp_path):
    write(tmp_path / "a.txt", b"Title\n\n" + b"word " * 4000 + b"\x00\x01")
    m = write(tmp_path / "corpus.yaml", "documents: [a.txt]\n")
    with pytest.raises(CorpusError, match="a.txt: looks like a binary file"):
        docs_of(m)


def test_skip_bad_leaves_out_a_binary_file_and_says_so(tmp_path):
    write(tmp_path / "news/a.txt", b"\x00\x01\x02binary")
    write(tmp_path / "news/b.txt", "B\n\nText.")
    corpus = load_corpus(tmp_path / "news")
    with pytest.raises(CorpusError, match="--skip-bad` indexes the other files"):
        list(documents(corpus))
    skipped: list[str] = []
    assert [d.id for d in documents(corpus, skip=skipped.append)] == ["b"]
    assert skipped == ["a.txt: looks like a binary file, not text; skipped"]


@pytest.mark.parametrize(
    ("error", "reason"),
    [(PermissionError(13, "Permission denied"), "Permission denied"),
     (FileNotFoundError(2, "No such file or directory"), "No such file")],
)  # fmt: skip
def test_skip_bad_leaves_out_an_unreadable_or_vanished_file(tmp_path, monkeypatch, error, reason):
    write(tmp_path / "news/a.txt", "A\n\nText.")
    write(tmp_path / "news/b.txt", "B\n\nText.")
    read_bytes = Path.read_bytes

    def failing(path: Path) -> bytes:
        if path.name == "a.txt":
            raise error
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", failing)
    skipped: list[str] = []
    assert [d.id for d in documents(load_corpus(tmp_path / "news"), skip=skipped.append)] == ["b"]
    assert len(skipped) == 1 and skipped[0].startswith(f"a.txt: cannot read: {reason}")


def test_a_deeply_nested_manifest_is_refused_at_once(tmp_path):
    manifest = tmp_path / "corpus.yaml"
    manifest.write_text("documents: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"corpus.yaml:1: nested more than 50 levels deep"):
        load_corpus(manifest)


def test_the_current_folder_is_a_corpus_as_dot(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Title\n\nText, he said.", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [path.name for _source, path in load_corpus(".").files()] == ["a.txt"]


def test_an_entry_names_one_kind_and_a_path_to_json_lines_is_an_entry_of_many(tmp_path):
    write(tmp_path / "feed.jsonl", '{"id": "f1", "text": "The quay reopened, she said."}\n')
    m = write(tmp_path / "corpus.yaml", "documents:\n  - path: feed.jsonl\n")
    assert [d.id for d in docs_of(m)] == ["f1"]
    m = write(tmp_path / "corpus.yaml", "documents:\n  - path: feed.jsonl\n    id: quay\n")
    with pytest.raises(CorpusError, match=r"corpus\.yaml:2: `id` names one document"):
        load_corpus(m)
    m = write(tmp_path / "corpus.yaml", "documents:\n  - path: feed.jsonl\n    glob: '*.txt'\n")
    with pytest.raises(CorpusError, match=r"corpus\.yaml:2: .* exactly one of path, glob, jsonl"):
        load_corpus(m)


def test_a_double_star_matches_no_folder_as_well_as_many(tmp_path):
    write(tmp_path / "news/top.txt", "Top\n\nText.")
    write(tmp_path / "news/a/b/deep.txt", "Deep\n\nText.")
    write(tmp_path / "news/a/b/deep.md", "Not this one")
    m = write(tmp_path / "corpus.yaml", "documents:\n  - glob: 'news/**/*.txt'\n")
    assert sorted(d.id for d in docs_of(m)) == ["a/b/deep", "top"]
