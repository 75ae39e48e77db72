"""Faults injected into real `dateline index` runs: signals at each phase of a parallel rebuild,
a disk that fills up, a lock whose holder died and left a child holding it.

After each fault: no process of the run is left, the lock is free, the live index holds every
record it held before, and the next `dateline index` finishes. Every process a test starts is
recorded by PID and stopped by PID."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dateline.index import IndexStore

from .conftest import whoosh_searcher

DATELINE = [sys.executable, "-m", "dateline"]
PHASES = ("early annotation", "late annotation", "segment writing", "switch-over")
# (signal, sent to the run's process group or to the dateline process alone)
SIGNALS = [
    (signal.SIGKILL, "group"),
    (signal.SIGKILL, "parent"),
    (signal.SIGTERM, "group"),
    (signal.SIGTERM, "parent"),
    (signal.SIGINT, "group"),
]


def _story(i: int) -> str:
    """An article with quotes, speakers, dates and places, different for each i."""
    city = ("Beijing", "Seoul", "Geneva", "Madrid", "Lagos")[i % 5]
    return (
        f"Talks resume in {city}\n\n"
        f'"We expect {i} families to cross before Friday," said Minister Ana Perez{i} '
        f"on Tuesday in {city}. Police detained {i % 17} people on 3 March 2004, the ministry "
        f"said. The United Nations refugee agency said it had asked for access.\n\n"
        f'"Nobody should be sent back," Perez{i} told reporters. Officials in {city} declined '
        f"to comment on the talks, which are due to end next month. "
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("faults") / "news"
    folder.mkdir()
    for i in range(500):
        (folder / f"{i:04d}.txt").write_text(_story(i), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def baseline(corpus) -> dict:
    """The complete index of the corpus, how many records it holds, and how long a rebuild
    takes here (the phases are timed from it)."""
    started = time.monotonic()
    done = _dateline("index", "--jobs", "2", corpus=corpus)
    assert done.returncode == 0, done.stderr
    return {"records": _records(corpus), "seconds": time.monotonic() - started}


def _dateline(*args: str, corpus: Path, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, DATELINE_CORPUS=str(corpus))
    env.pop("DATELINE_INDEX", None)
    return subprocess.run(
        [*DATELINE, *args], env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


def _records(corpus: Path) -> int:
    with whoosh_searcher(IndexStore(corpus / ".dateline")) as searcher:
        return searcher.doc_count()


def _indexed(folder: Path, n: int) -> IndexStore:
    """A corpus of `n` stories in `folder`, indexed."""
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(_story(i), encoding="utf-8")
    assert _dateline("index", corpus=folder).returncode == 0
    return IndexStore(folder / ".dateline")


def _small_files() -> None:
    """In the child: a file-size limit stands in for a full disk (writes past it fail)."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (64_000, 64_000))


def _state(pid: int) -> str | None:
    """A process's state letter (Z for a zombie), or None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def _group(pgid: int) -> set[int]:
    """The processes of a process group."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                found.add(int(entry.name))
    return found


def _living(pids: set[int]) -> set[int]:
    return {pid for pid in pids if _state(pid) not in (None, "Z")}


def _stop(pids: set[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _lock_is_free(store: IndexStore) -> bool:
    with open(store.path / "LOCK", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def _new_generation(store: IndexStore, live: Path) -> Path | None:
    return next((g for g in store.path.glob("gen-*") if g != live), None)


def _reached(phase: str, store: IndexStore, live: Path, started: float, seconds: float) -> bool:
    new = _new_generation(store, live)
    if phase == "early annotation":
        return new is not None and time.monotonic() - started > 0.15 * seconds
    if phase == "late annotation":
        return time.monotonic() - started > 0.6 * seconds
    if phase == "segment writing":
        return new is not None and any(new.glob("*.pst"))
    return store.live() != live  # switch-over: CURRENT names the new generation


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize(("signum", "target"), SIGNALS, ids=lambda v: getattr(v, "name", v))
def test_a_signal_at_any_phase_leaves_no_process_and_a_complete_index(
    corpus, baseline, phase, signum, target
):
    store = IndexStore(corpus / ".dateline")
    live = store.current
    env = dict(os.environ, DATELINE_CORPUS=str(corpus))
    env.pop("DATELINE_INDEX", None)
    proc = subprocess.Popen(
        [*DATELINE, "index", "--rebuild", "--jobs", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: its children are found by it
    )
    seen: set[int] = {proc.pid}
    started = time.monotonic()
    try:
        while proc.poll() is None and not _reached(
            phase, store, live, started, baseline["seconds"]
        ):
            seen |= _group(proc.pid)  # every process of the run, by PID
            time.sleep(0.005)
        seen |= _group(proc.pid)
        hit = proc.poll() is None  # else it finished first: the checks below still hold
        print(f"{signum.name} to the {target} at {phase}: {'sent' if hit else 'run had ended'}")
        if hit:
            if target == "group":
                os.killpg(proc.pid, signum)
            else:
                os.kill(proc.pid, signum)
        _, err = proc.communicate(timeout=120)
        deadline = time.monotonic() + 10
        while _living(seen) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = _living(seen)
        assert not left, f"processes left after {signum.name} at {phase}: {sorted(left)}"
    finally:
        _stop(_living(seen))
    done = proc.returncode == 0  # the signal came as the run ended, its work done and said
    if hit and signum != signal.SIGKILL and not (done and phase == "switch-over"):
        assert proc.returncode == 128 + signum, err
        # besides warnings, and the report of a run that was done when the signal came
        lines = [line for line in err.splitlines() if not line.startswith(("warning: ", "index "))]
        assert len(lines) == 1, err
        assert lines[0] in (
            "dateline: interrupted; the index is as it was",
            "dateline: interrupted; the new index is already live",
        )
    if done:
        assert "index rebuilt" in err and "Traceback" not in err
    assert _lock_is_free(store)
    assert store.damage() is None
    assert _records(corpus) == baseline["records"]
    after = _dateline("index", corpus=corpus)
    assert after.returncode == 0, after.stderr
    assert "Traceback" not in after.stderr
    assert [g for g in store.path.glob("gen-*")] == [store.current]


def test_a_full_disk_leaves_the_live_index_as_it_was(tmp_path):
    corpus = tmp_path / "news"
    store = _indexed(corpus, 3)
    before = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in store.current.iterdir()}
    records = _records(corpus)
    (corpus / "big.txt").write_text(_story(7) * 80, encoding="utf-8")  # 170 kB

    failed = _dateline("index", corpus=corpus, preexec_fn=_small_files)
    assert failed.returncode == 2
    assert failed.stderr.count("\n") == 1, failed.stderr
    assert "cannot write the index (File too large)" in failed.stderr
    assert str(store.path) in failed.stderr and "the index is as it was" in failed.stderr
    after = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in store.current.iterdir()}
    assert after == before
    assert [g for g in store.path.glob("gen-*")] == [store.current]  # no debris
    assert not [p for p in store.path.iterdir() if p.name.endswith(".tmp")]
    # a search still answers, from the index as it was, and says so
    found = _dateline(
        "search", "refugee", "--format", "json", corpus=corpus, preexec_fn=_small_files
    )
    assert found.returncode == 0, found.stderr
    assert "may be out of date" in found.stderr
    assert {h["doc_id"] for h in json.loads(found.stdout)} <= {"0000", "0001", "0002"}
    assert _dateline("index", corpus=corpus).returncode == 0  # with room again, it goes through
    assert _records(corpus) > records


def test_a_lock_held_by_the_child_of_a_dead_run_is_taken_over(tmp_path):
    """What older releases left behind: the run was killed, a process it forked lived on with
    the lock. The next run takes the lock over, and says so."""
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_text(_story(1), encoding="utf-8")
    store = IndexStore(corpus / ".dateline")
    store.path.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys, time\n"
            f"fd = os.open({str(store.path / 'LOCK')!r}, os.O_RDWR | os.O_CREAT)\n"
            "fcntl.flock(fd, fcntl.LOCK_EX)\n"
            "os.write(fd, str(os.getpid()).encode())\n"
            "child = os.fork()\n"
            "if child == 0:\n"
            "    time.sleep(120)\n"
            "    os._exit(0)\n"
            "print(child, flush=True)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    orphan = int(holder.stdout.readline())
    holder.wait()
    try:
        result = _dateline("index", "--wait", "0", corpus=corpus)
        assert result.returncode == 0, result.stderr
        assert f"process {holder.pid} held the lock and is gone; taking it over" in result.stderr
        assert _records(corpus) > 0
    finally:
        _stop({orphan})


def test_killing_a_search_that_builds_the_index_leaves_nothing_behind(tmp_path):
    """A first search builds the index, in parallel past a megabyte of text; kill -9 of it
    must take its workers with it and leave the lock free for the next search."""
    corpus = tmp_path / "news"
    corpus.mkdir()
    for i in range(700):  # 1.1 MB
        text = "".join(_story(i + k) for k in range(4))
        (corpus / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    env = dict(os.environ, DATELINE_CORPUS=str(corpus))
    env.pop("DATELINE_INDEX", None)
    proc = subprocess.Popen(
        [*DATELINE, "search", "refugee"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    seen = {proc.pid}
    store = IndexStore(corpus / ".dateline")
    try:
        deadline = time.monotonic() + 60
        while len(_living(seen)) < 3 and proc.poll() is None and time.monotonic() < deadline:
            seen |= _group(proc.pid)  # the search and its annotation workers
            time.sleep(0.005)
        assert len(seen) >= 3, "the search built the index without workers"
        time.sleep(1)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while _living(seen) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _living(seen)
    finally:
        _stop(_living(seen))
    assert _lock_is_free(store)
    found = _dateline("search", "refugee", "--format", "json", corpus=corpus)
    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)


def test_runs_that_start_together_after_a_kill_take_the_lock_in_turn(tmp_path):
    """kill -9 leaves the dead run's id in LOCK: a run that finds the lock held and reads that
    id must not take the lock from the live run that holds it and has not written its own."""
    corpus = tmp_path / "news"
    corpus.mkdir()
    (corpus / "a.txt").write_text(_story(1), encoding="utf-8")
    assert _dateline("index", corpus=corpus).returncode == 0
    store = IndexStore(corpus / ".dateline")
    for _trial in range(3):
        (store.path / "LOCK").write_text("999999")  # no such process
        env = dict(os.environ, DATELINE_CORPUS=str(corpus))
        runs = [
            subprocess.Popen(
                [*DATELINE, "index", "--rebuild", "--jobs", "1", "--wait", "60"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        try:
            errs = [r.communicate(timeout=120)[1] for r in runs]
        finally:
            _stop(_living({r.pid for r in runs}))
        assert [r.returncode for r in runs] == [0, 0, 0], errs
        assert not [e for e in errs if "taking it over" in e], errs
        assert store.damage() is None and _records(corpus) > 0


def test_a_full_disk_in_a_parallel_rebuild_is_one_line_that_says_why(tmp_path):
    corpus = tmp_path / "news"
    store = _indexed(corpus, 300)
    live, records = store.current, _records(corpus)
    failed = _dateline("index", "--rebuild", "--jobs", "2", corpus=corpus, preexec_fn=_small_files)
    assert failed.returncode == 2
    assert failed.stderr.splitlines() == [
        f"dateline: error: {store.path}: cannot write the index (File too large); "
        "the index is as it was"
    ]
    assert store.current == live and _records(corpus) == records
    assert [g for g in store.path.glob("gen-*")] == [live]
