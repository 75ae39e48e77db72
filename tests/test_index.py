"""Incremental, crash-safe indexing: what changed is redone, a killed run loses nothing."""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.index import IndexStore

from .conftest import whoosh_searcher

# every test here runs on each search engine, with the same assertions
pytestmark = pytest.mark.engines


def make_corpus(folder: Path, n: int, words: str = "refugees") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(
            f'Story {i}\n\n"The {words} crossed at dawn," said Officer Mara Lind{i}. '
            f"Police detained {i} people on Thursday, the ministry said.",
            encoding="utf-8",
        )
    return folder


def test_only_changed_added_and_removed_documents_are_redone(run, tmp_path):
    corpus = make_corpus(tmp_path / "c", 4)
    assert "4 added" in run("index", "--corpus", str(corpus)).stderr
    (corpus / "0001.txt").write_text("Changed\n\nNew text, he said.", encoding="utf-8")
    (corpus / "0002.txt").unlink()
    (corpus / "0009.txt").write_text("Added\n\nMore text.", encoding="utf-8")
    result = run("index", "--corpus", str(corpus))
    assert "1 added, 1 changed, 1 removed, 2 unchanged" in result.stderr
    ids = {r["doc_id"] for r in json.loads(run("export", "--corpus", str(corpus)).stdout)}
    assert ids == {"0000", "0001", "0003", "0009"}


def test_changed_metadata_reindexes_the_document(run, seed_corpus):
    run("index")
    text = seed_corpus.read_text(encoding="utf-8").replace(
        "published: 2002-03-14", "published: 2002-03-15"
    )
    seed_corpus.write_text(text, encoding="utf-8")
    assert "1 changed" in run("index").stderr


def test_the_cp1252_warning_is_said_when_the_file_is_indexed_not_on_every_update(run, tmp_path):
    corpus = make_corpus(tmp_path / "c", 2)
    (corpus / "0001.txt").write_bytes("Price\n\nIt cost \xa3100, he said.".encode("cp1252"))
    warning = "warning: 0001.txt: not valid UTF-8 (byte 15); read as cp1252"
    assert warning in run("index", "--corpus", str(corpus)).stderr
    (corpus / "0007.txt").write_text("Added\n\nMore text.", encoding="utf-8")
    assert "read as cp1252" not in run("index", "--corpus", str(corpus)).stderr  # unchanged
    (corpus / "0001.txt").write_bytes("Price\n\nIt cost \xa3200, he said.".encode("cp1252"))
    result = run("search", "price", "--corpus", str(corpus), "--format", "json")
    assert warning in result.stderr and "1 changed" in result.stderr


def test_search_after_a_change_refreshes_the_index_first(run, tmp_path):
    corpus = make_corpus(tmp_path / "c", 2)
    run("index", "--corpus", str(corpus))
    (corpus / "0005.txt").write_text("Zeppelins\n\nA zeppelin landed, she said.", encoding="utf-8")
    result = run("search", "zeppelin", "--corpus", str(corpus), "--format", "json")
    assert "updating the index" in result.stderr
    assert json.loads(result.stdout)


def test_rebuild_swaps_in_a_new_generation_and_the_next_run_removes_the_old(run, tmp_path):
    corpus = make_corpus(tmp_path / "c", 2)
    run("index", "--corpus", str(corpus))
    store = IndexStore(corpus / ".dateline")
    first = store.current
    assert "2 added" in run("index", "--corpus", str(corpus), "--rebuild").stderr
    assert store.current != first and first.exists()  # for a search that had it open
    assert "2 unchanged" in run("index", "--corpus", str(corpus)).stderr
    assert [g for g in store.path.glob("gen-*")] == [store.current]


def test_a_second_indexer_waits_then_names_the_holder(run, tmp_path):
    corpus = make_corpus(tmp_path / "c", 1)
    store = IndexStore(corpus / ".dateline")
    with store.lock(wait=0):
        result = run("index", "--corpus", str(corpus), "--wait", "0.2")
    assert result.exit_code == 2
    assert f"being updated by process {os.getpid()}" in result.stderr
    assert "(or raise --wait)" in result.stderr


def test_a_search_waiting_for_the_first_build_names_no_option_it_lacks(run, tmp_path):
    corpus = make_corpus(tmp_path / "c", 1)
    store = IndexStore(corpus / ".dateline")
    store.path.mkdir()
    with store.lock(wait=0):
        result = run("search", "word", "--corpus", str(corpus))
    assert result.exit_code == 2
    assert f"being updated by process {os.getpid()}" in result.stderr
    assert "--wait" not in result.stderr  # `search` has none to raise


def _truncate(store: IndexStore, pattern: str) -> None:
    for f in store.current.glob(pattern):
        f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])


def _delete(store: IndexStore, pattern: str) -> None:
    for f in store.current.glob(pattern):
        f.unlink()


DAMAGE = {
    "truncated postings": lambda store: _truncate(store, "*.pst"),
    "truncated stored records": lambda store: _truncate(store, "*_stored.col"),
    "deleted terms": lambda store: _delete(store, "*.trm"),
    "garbage table of contents": lambda store: [
        f.write_bytes(b"garbage") for f in store.current.glob("_MAIN_*.toc")
    ],
    "empty CURRENT": lambda store: (store.path / "CURRENT").write_bytes(b""),
    "random bytes in CURRENT": lambda store: (store.path / "CURRENT").write_bytes(
        bytes(range(256)) * 4
    ),
    "CURRENT names a missing generation": lambda store: (store.path / "CURRENT").write_text(
        "gen-1-1"
    ),
    "deleted state": lambda store: _delete(store, "state.json"),
    "CURRENT is a folder": lambda store: [
        (store.path / "CURRENT").unlink(),
        (store.path / "CURRENT").mkdir(),
    ],
    "CURRENT is a dangling link": lambda store: _replace_current(store, "link", "nowhere"),
    "CURRENT is a link to itself": lambda store: _replace_current(store, "link", "CURRENT"),
    "CURRENT is a FIFO": lambda store: _replace_current(store, "fifo"),
    "state is a list": lambda store: (store.current / "state.json").write_text("[]"),
    "state lists no sizes": lambda store: _edit_state(store, index_files=[1]),
    "LOCK is a folder": lambda store: [
        (store.path / "LOCK").unlink(),
        (store.path / "LOCK").mkdir(),
    ],
}


def _replace_current(store: IndexStore, kind: str, target: str = "") -> None:
    marker = store.path / "CURRENT"
    marker.unlink()
    if kind == "link":
        marker.symlink_to(target)
    else:
        os.mkfifo(marker)  # a reader that opened it would wait for ever


def _edit_state(store: IndexStore, **changes) -> None:
    path = store.current / "state.json"
    path.write_text(json.dumps(dict(json.loads(path.read_text()), **changes)))


@pytest.mark.whoosh_only  # it damages or reads the Whoosh index's own files
@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize("command", ["index", "index --rebuild", "search"])
def test_a_damaged_index_is_named_and_repaired_by_the_next_run(run, tmp_path, damage, command):
    corpus = make_corpus(tmp_path / "c", 3)
    run("index", "--corpus", str(corpus))
    before = json.loads(run("export", "--corpus", str(corpus)).stdout)
    store = IndexStore(corpus / ".dateline")
    DAMAGE[damage](store)
    named = command != "index --rebuild" and not damage.startswith("LOCK")  # a lock is no index
    if named:
        assert store.damage() is not None
    args = [*command.split(), "--corpus", str(corpus)]
    if command == "search":
        args += ["refugees", "--format", "json"]
    result = run(*args)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    if named:
        assert "the index is damaged" in result.stderr and "rebuilding it" in result.stderr
    assert store.damage() is None
    assert json.loads(run("export", "--corpus", str(corpus)).stdout) == before
    assert "unchanged" in run("index", "--corpus", str(corpus)).stderr
    assert [g for g in store.path.glob("gen-*")] == [store.current]


RECORD_FILES = ("_stored.col", "records.sqlite")


def test_a_file_overwritten_at_its_own_size_is_named_then_rebuilt(run, tmp_path):
    """No size gives it away: the search that fails to read it names it in one line (its
    checksum is not the commit's), and the next `dateline index` rebuilds it."""
    corpus = make_corpus(tmp_path / "c", 3)
    run("index", "--corpus", str(corpus))
    before = json.loads(run("export", "--corpus", str(corpus)).stdout)
    store = IndexStore(corpus / ".dateline")
    # the file of the stored records, which export reads, of either engine
    [records] = [f for f in store.current.iterdir() if f.name.endswith(RECORD_FILES)]
    records.write_bytes(random.Random(0).randbytes(records.stat().st_size))
    assert store.damage() is None and store.damage(thorough=True) is not None
    result = run("export", "--corpus", str(corpus), "--format", "jsonl")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert records.name in line and "internal error" not in line
    result = run("index", "--corpus", str(corpus))
    assert "the index is damaged" in result.stderr and "rebuilding it" in result.stderr
    assert json.loads(run("export", "--corpus", str(corpus)).stdout) == before


@pytest.mark.parametrize(
    "layout",
    [
        {"gen-2019-holiday/img001.jpg": "photo"},  # a name like ours, not ours
        {"CURRENT": "MANIFEST-000005\n", "LOCK": "", "000003.log": "d"},  # another store's
        {"CURRENT": "MANIFEST-000005\n", "LOCK": ""},
    ],
)
def test_a_folder_of_other_files_is_never_taken_for_an_index(run, tmp_path, layout):
    corpus = make_corpus(tmp_path / "c", 1)
    folder = tmp_path / "theirs"
    for name, text in layout.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    for args in (["index"], ["index", "--rebuild"], ["search", "refugees"]):
        result = run(*args, "--corpus", str(corpus), "--index-dir", str(folder))
        assert result.exit_code == 2 and "not a dateline index" in result.stderr
    for name, text in layout.items():
        assert (folder / name).read_text() == text


def test_foreign_folder_is_not_taken_for_an_index(run, tmp_path):
    corpus = make_corpus(tmp_path / "c", 1)
    (corpus / ".dateline").mkdir()
    (corpus / ".dateline" / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("index", "--corpus", str(corpus))
    assert result.exit_code == 2 and "not a dateline index" in result.stderr
    assert (corpus / ".dateline" / "notes.txt").exists()


def test_killing_an_index_run_leaves_the_previous_index_searchable(tmp_path):
    corpus = make_corpus(tmp_path / "c", 3, words="refugees")
    env = dict(os.environ, DATELINE_CORPUS=str(corpus))
    env.pop("DATELINE_INDEX", None)
    cmd = [sys.executable, "-m", "dateline"]
    subprocess.run([*cmd, "index"], env=env, check=True, capture_output=True)
    store = IndexStore(corpus / ".dateline")
    live = store.current
    make_corpus(corpus, 3000, words="migrants")  # a long rebuild to kill halfway
    proc = subprocess.Popen([*cmd, "index", "--rebuild"], env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not [g for g in store.path.glob("gen-*") if g != live] and time.monotonic() < deadline:
        time.sleep(0.05)
    (half,) = [g for g in store.path.glob("gen-*") if g != live]
    time.sleep(0.3)  # well into annotating and writing
    assert proc.poll() is None, "the rebuild finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert store.current == live
    with whoosh_searcher(store) as s:
        assert s.document(kind="quote") and s.doc_frequency("text", "refuge") > 0
    # the next run completes: it brings the index up to date and clears the half-built generation
    found = subprocess.run(
        [*cmd, "search", "migrants", "--format", "json"], env=env, capture_output=True, text=True
    )
    assert found.returncode == 0, found.stderr
    assert len(json.loads(found.stdout)) == 20
    assert not half.exists()
    # the update's generation is live; the one it replaced stays for searches begun before
    assert sorted(store.path.glob("gen-*")) == sorted([store.current, live])


@pytest.mark.whoosh_only  # it damages or reads the Whoosh index's own files
def test_an_update_keeps_the_generation_it_replaced_until_the_next_run(run, tmp_path):
    corpus = make_corpus(tmp_path / "c", 3)
    run("index", "--corpus", str(corpus))
    store = IndexStore(corpus / ".dateline")
    first = store.current
    opened = contextlib.ExitStack()
    reader = opened.enter_context(whoosh_searcher(store))  # a search begun before the update
    (corpus / "0001.txt").write_text("Changed\n\nNew text, he said.", encoding="utf-8")
    assert "1 changed" in run("index", "--corpus", str(corpus)).stderr
    second = store.current
    assert second != first and first.exists()
    assert reader.doc_count() == 12 and reader.document(doc_id="0001")["record"]
    opened.close()
    (corpus / "0002.txt").write_text("Changed\n\nOther text, she said.", encoding="utf-8")
    assert "1 changed" in run("index", "--corpus", str(corpus)).stderr
    assert sorted(store.path.glob("gen-*")) == sorted([store.current, second])


def test_equal_scores_rank_in_corpus_order_whatever_the_build(run, tmp_path):
    """Records that score alike (the same words in every story) come in corpus order, after
    a build in parallel processes as after one in a single process."""
    corpus = make_corpus(tmp_path / "c", 400)
    serial = str(tmp_path / "serial")
    assert (
        run("index", "--corpus", str(corpus), "--index-dir", serial, "--jobs", "1").exit_code == 0
    )
    assert run("index", "--corpus", str(corpus), "--jobs", "2").exit_code == 0
    for query in ("crossed", '"crossed at dawn"', "cross*"):
        args = ("search", query, "--corpus", str(corpus), "--limit", "30", "--format", "json")
        ids = [r["id"] for r in json.loads(run(*args).stdout)]
        expected = [r["id"] for r in json.loads(run(*args, "--index-dir", serial).stdout)]
        assert ids == expected and ids == sorted(ids)


@pytest.mark.whoosh_only  # it damages or reads the Whoosh index's own files
def test_listings_follow_corpus_order_after_a_parallel_build(run, tmp_path):
    """A parallel build hands batches of records to two writer processes, so document numbers
    interleave; listings without words must still come in corpus order, as after a build in
    one process, and an update goes after what was there."""
    corpus = make_corpus(tmp_path / "c", 400)
    serial = str(tmp_path / "serial")
    assert (
        run("index", "--corpus", str(corpus), "--index-dir", serial, "--jobs", "1").exit_code == 0
    )
    assert run("index", "--corpus", str(corpus), "--jobs", "2").exit_code == 0
    with whoosh_searcher(IndexStore(corpus / ".dateline")) as searcher:
        assert len(searcher.leaf_searchers()) > 1  # the case this test is about
    for args in (["export"], ["quotes", "--limit", "5000", "--format", "json"]):
        ids = [r["id"] for r in json.loads(run(*args, "--corpus", str(corpus)).stdout)]
        expected = json.loads(run(*args, "--corpus", str(corpus), "--index-dir", serial).stdout)
        assert ids == [r["id"] for r in expected]
    (corpus / "0000.txt").write_text('Changed\n\n"New words," said Ann Lee.', encoding="utf-8")
    records = json.loads(run("export", "--corpus", str(corpus)).stdout)
    runs = [doc for doc, _ in itertools.groupby(r["doc_id"] for r in records)]
    assert runs == [f"{i:04d}" for i in range(1, 400)] + ["0000"]


def test_an_empty_corpus_indexes_to_an_empty_index(run, tmp_path):
    corpus = tmp_path / "empty.jsonl"
    corpus.write_text("", encoding="utf-8")
    assert run("index", "--corpus", str(corpus)).exit_code == 0
    result = run("search", "zeppelin", "--corpus", str(corpus), "--format", "json")
    assert result.exit_code == 1 and result.stdout.strip() == "[]"


def test_an_index_folder_of_another_corpus_is_never_overwritten(run, tmp_path):
    first = make_corpus(tmp_path / "first", 3)
    other = make_corpus(tmp_path / "other", 2, words="migrants")
    index_dir = str(tmp_path / "idx")
    assert run("index", "--corpus", str(first), "--index-dir", index_dir).exit_code == 0
    result = run("search", "migrants", "--corpus", str(other), "--index-dir", index_dir)
    assert result.exit_code == 2 and "holds the index of" in result.stderr
    assert "--rebuild" in result.stderr and result.stderr.count("\n") == 1
    kept = run("export", "--corpus", str(first), "--index-dir", index_dir, "--format", "json")
    assert {r["doc_id"] for r in json.loads(kept.stdout)} == {"0000", "0001", "0002"}
    replaced = run("index", "--rebuild", "--corpus", str(other), "--index-dir", index_dir)
    assert replaced.exit_code == 0 and "2 added" in replaced.stderr


def test_a_corpus_copied_with_its_index_searches_its_copy(run, tmp_path):
    import shutil

    first = make_corpus(tmp_path / "first", 3)
    assert run("index", "--corpus", str(first)).exit_code == 0
    copy = tmp_path / "copy"
    shutil.copytree(first, copy)  # the index beside it comes along
    result = run("search", "refugees", "--corpus", str(copy), "--format", "json")
    assert result.exit_code == 0, result.stderr


def test_a_search_answers_from_the_live_index_when_another_run_holds_it(run, tmp_path):
    corpus = make_corpus(tmp_path / "c", 2)
    run("index", "--corpus", str(corpus))
    (corpus / "0007.txt").write_text("Zeppelins\n\nA zeppelin landed, she said.", encoding="utf-8")
    store = IndexStore(corpus / ".dateline")
    with store.lock(wait=0):
        result = run("search", "refugees", "--corpus", str(corpus), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "may be out of date" in result.stderr and f"process {os.getpid()}" in result.stderr
    assert {h["doc_id"] for h in json.loads(result.stdout)} == {"0000", "0001"}
    assert "1 added" in run("index", "--corpus", str(corpus)).stderr  # and then it catches up


def test_a_folder_that_cannot_be_written_still_answers(run, tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "c", 2)
    run("index", "--corpus", str(corpus))
    (corpus / "0007.txt").write_text("Zeppelins\n\nA zeppelin landed, she said.", encoding="utf-8")

    def read_only(*_args, **_kwargs):  # as root, chmod would not stop us: say it as the OS does
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(IndexStore, "_take_lock", read_only)
    result = run("search", "refugees", "--corpus", str(corpus), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "cannot lock the index (Permission denied)" in result.stderr
    assert "may be out of date" in result.stderr
    failed = run("index", "--corpus", str(corpus))
    assert failed.exit_code == 2 and "cannot lock the index (Permission denied)" in failed.stderr
