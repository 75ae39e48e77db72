"""`dateline records` (Parquet partitions annotated on Dask) and `dateline index --from-records`:
the same records as the index holds, on a local cluster, on a real scheduler with two workers,
and after a run killed mid-way. Needs the `dask` extra."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dateline.cli import cli

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

import contextlib

from dateline.parquet import SENTENCES, read_rows  # noqa: E402

PEOPLE = ["Ana Ruiz", "Tomas Berg", "Leila Haddad", "Kofi Mensah", "Mei Chen", "Ivan Petrov"]
ROLES = ["a spokesman for the ministry", "the city's mayor", "an economist at the bank"]
PLACES = ["Paris", "Nairobi", "Lima", "Oslo", "Hanoi", "Toronto", "Cairo"]
SAYINGS = [
    "We will not accept any delay",
    "The figures are better than we feared",
    "Nobody expected the talks to collapse",
    "The river has never been this high",
]
VERBS = ["said", "told reporters", "warned", "added"]


def _article(n: int, rng: random.Random) -> dict:
    who, other = rng.sample(PEOPLE, 2)
    place = rng.choice(PLACES)
    text = (
        f'{place.upper()}, March {rng.randint(1, 28)} - "{rng.choice(SAYINGS)}," '
        f"{who}, {rng.choice(ROLES)}, {rng.choice(VERBS)} on Tuesday.\n\n"
        f"Officials in {rng.choice(PLACES)} said talks would resume next week, and {other} "
        f'said the plan was "{rng.choice(SAYINGS).lower()}."\n\n'
        f"The protest in {place} drew {rng.randint(2, 90)},000 people, police said."
    )
    return {
        "id": f"story-{n:04d}",
        "title": f"Talks in {place}, story {n}",
        "text": text,
        "published": f"2004-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "source": rng.choice(["Wire A", "Wire B"]),
    }


def _corpus(folder: Path, n: int) -> Path:
    rng = random.Random(n)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            out.write(json.dumps(_article(i, rng)) + "\n")
    return path


def _invoke(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result


def _parquet_records(folder: Path) -> dict[str, dict]:
    records = {}
    for path in sorted(folder.glob("part-*.parquet")):
        for row in read_rows(path):
            row.pop(SENTENCES, None)
            records[row["id"]] = row
    return records


def _exported(corpus: Path, index: Path) -> dict[str, dict]:
    result = _invoke("export", "--corpus", str(corpus), "--index-dir", str(index), "-q",
                     "--format", "jsonl")  # fmt: skip
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    for r in records.values():  # a local index's chains of statements, not a record's own
        r.pop("statement", None)
    return records


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict[str, dict]]:
    """A generated corpus of 240 articles and the records `dateline export` gives for it."""
    root = tmp_path_factory.mktemp("generated")
    corpus = _corpus(root / "news", 240)
    return corpus, _exported(corpus, root / "index")


def test_records_on_a_local_cluster_are_the_records_the_index_holds(generated, tmp_path):
    corpus, exported = generated
    out = tmp_path / "records"
    result = _invoke("records", "--corpus", str(corpus), "--out", str(out), "--workers", "2",
                     "--chunk", "50")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"records {out}: 240 articles" in result.stderr and "5 partitions" in result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "_manifest.json",
        *(f"part-0000{n}.parquet" for n in range(5)),
    ]
    assert _parquet_records(out) == exported
    manifest = json.loads((out / "_manifest.json").read_text())
    assert manifest["complete"] and manifest["docs"] == 240
    assert manifest["records"] == len(exported)


def test_a_second_run_keeps_what_is_written_and_a_changed_corpus_writes_anew(tmp_path):
    corpus = _corpus(tmp_path / "news", 30)
    out = tmp_path / "records"
    args = ("records", "--corpus", str(corpus), "--out", str(out), "--workers", "1",
            "--chunk", "10")  # fmt: skip
    assert _invoke(*args).exit_code == 0
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")}
    again = _invoke(*args)
    assert "(3 written before)" in again.stderr
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("part-*")} == first
    with corpus.open("a", encoding="utf-8") as more:
        more.write(json.dumps(_article(99, random.Random(1))) + "\n")
    changed = _invoke(*args)
    assert "writing it anew" in changed.stderr and "31 articles" in changed.stderr


def test_the_records_are_indexed_and_searched_as_the_corpus_is(generated, tmp_path):
    corpus, _exported_records = generated
    out = tmp_path / "records"
    assert _invoke("records", "--corpus", str(corpus), "--out", str(out), "--workers", "1",
                   "--chunk", "100").exit_code == 0  # fmt: skip
    built = _invoke("index", "--from-records", str(out))
    assert built.exit_code == 0 and "240 added" in built.stderr
    query = ("quotes", "--speaker", "haddad", "--format", "json", "--limit", "500")
    from_records = _invoke(*query, "--corpus", str(out))
    from_corpus = _invoke(*query, "--corpus", str(corpus), "--index-dir", str(tmp_path / "i"))
    ids = [r["id"] for r in json.loads(from_records.stdout)]
    assert ids and ids == [r["id"] for r in json.loads(from_corpus.stdout)]
    hit = json.loads(_invoke("search", "talks", "--corpus", str(out), "--format", "json").stdout)
    assert hit[0]["snippet"] and "talks" in hit[0]["snippet"]["text"].lower()


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _stop(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process tree from /proc")
def test_a_run_killed_mid_way_resumes_and_ends_with_the_same_records(generated, tmp_path):
    corpus, exported = generated
    out = tmp_path / "records"
    args = [sys.executable, "-m", "dateline", "records", "--corpus", str(corpus), "--out",
            str(out), "--workers", "1", "--chunk", "4", "-q"]  # fmt: skip
    run = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tree: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and run.poll() is None:
            tree = sorted(set(tree) | set(_descendants(run.pid)))
            written = len(list(out.glob("part-*.parquet"))) if out.is_dir() else 0
            if written >= 3:
                break
            time.sleep(0.005)
        assert run.poll() is None, "the run ended before it could be killed"
        tree = sorted(set(tree) | set(_descendants(run.pid)))
        _stop([run.pid, *tree])
        run.wait(10)
    finally:
        _stop([run.pid, *tree])
    manifest = json.loads((out / "_manifest.json").read_text())
    assert not manifest["complete"]
    assert not any(out.glob("part-*.parquet.*"))  # no half partition under a part's name
    unfinished = _invoke("search", "talks", "--corpus", str(out))
    assert unfinished.exit_code == 2 and "not complete" in unfinished.stderr
    resumed = _invoke(*args[3:-1])
    assert resumed.exit_code == 0, resumed.output
    assert "written before" in resumed.stderr
    assert _parquet_records(out) == exported
    assert not list(out.glob(".*.tmp"))


def test_records_on_a_real_scheduler_with_two_workers(generated, tmp_path):
    corpus, exported = generated
    dask = Path(sys.executable).with_name("dask")
    if not dask.is_file():
        pytest.skip("the dask command is not installed beside python")
    address_file = tmp_path / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    started = [
        subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", "0",
                          "--no-dashboard", "--scheduler-file", str(address_file)], **quiet)
    ]  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not address_file.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(address_file.read_text())["address"]
        for n in range(2):
            started.append(subprocess.Popen(
                [str(dask), "worker", address, "--nthreads", "1", "--no-dashboard",
                 "--name", f"w{n}", "--local-directory", str(tmp_path / f"w{n}")], **quiet,
            ))  # fmt: skip
        out = tmp_path / "records"
        result = _invoke("records", "--corpus", str(corpus), "--out", str(out), "--scheduler",
                         address, "--chunk", "30")  # fmt: skip
        assert result.exit_code == 0, result.output
        assert _parquet_records(out) == exported
    finally:
        tree = [pid for p in started for pid in (p.pid, *_descendants(p.pid))]
        for process in started:
            process.terminate()
        for process in started:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(10)
        _stop(tree)


def test_bad_output_folders_are_refused_before_anything_is_written(tmp_path):
    corpus = _corpus(tmp_path / "news", 3)
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    result = _invoke("records", "--corpus", str(corpus), "--out", str(other))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"dateline: error: --out {other}: the folder holds other files and no records "
        "manifest (_manifest.json); give a new or empty folder"
    ]
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    gone = tmp_path / "new"
    failed = _invoke("records", "--corpus", str(tmp_path / "none.jsonl"), "--out", str(gone))
    assert failed.exit_code == 2 and not gone.exists()


def test_from_records_needs_a_records_folder(tmp_path):
    result = _invoke("index", "--from-records", str(tmp_path))
    assert result.exit_code == 2
    assert "no _manifest.json in it" in result.stderr
    both = _invoke("index", "--from-records", str(tmp_path), "--corpus", str(tmp_path))
    assert both.exit_code == 2 and "not both" in both.stderr


def test_without_the_extra_the_command_says_what_to_install(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path / "news", 2)
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    result = _invoke("records", "--corpus", str(corpus), "--out", str(tmp_path / "r"))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "dateline: error: dateline records needs distributed: pip install 'dateline[dask]'"
    )
    assert not (tmp_path / "r").exists()


def test_records_written_inside_a_folder_corpus_are_not_part_of_it(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text('Port\n\n"The port is closed," said Jo Lind.', encoding="utf-8")
    assert _invoke("records", "--corpus", str(news), "--out", str(news / "recs"),
                   "--workers", "1").exit_code == 0  # fmt: skip
    result = _invoke("index", "--corpus", str(news))
    assert result.exit_code == 0 and "1 added" in result.stderr
    assert "passed over" not in result.stderr


def test_records_of_a_records_folder_are_refused_by_its_name(tmp_path, monkeypatch):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text('Port\n\n"The port is closed," said Jo Lind.', encoding="utf-8")
    out = tmp_path / "recs"
    assert _invoke("records", "--corpus", str(news), "--out", str(out), "--workers", "1"
                   ).exit_code == 0  # fmt: skip
    monkeypatch.setenv("DATELINE_CORPUS", str(out))
    again = _invoke("records", "--out", str(tmp_path / "again"))
    assert again.exit_code == 2
    assert again.stderr.strip() == (
        f"dateline: error: {out}: holds records already; index them with --from-records"
    )
