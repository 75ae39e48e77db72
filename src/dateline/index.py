"""The index folder of a corpus, whatever engine writes it: generations, freshness and locking.

Layout of the index folder (`.dateline/` beside corpus.yaml by default):
`CURRENT` names the live generation; `gen-*/` holds one engine's index and its `state.json`.
A full rebuild writes a new generation and switches `CURRENT` only when it is complete, so a
killed run never leaves searchers without an index. Updates run under a lock file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import sqlite3
import stat
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from dateline import workers
from dateline.statements import Statements
from dateline.statements.chains import FILE as STATEMENTS_FILE
from dateline.statements.chains import Chains, Member

if TYPE_CHECKING:
    from dateline.search import Engine, Reader, Writer

INDEX_DIR_NAME = ".dateline"
STATE_FILE = "state.json"
CURRENT_FILE = "CURRENT"
LOCK_FILE = "LOCK"
# Bump when the schema or the fields written for a record change: older indexes are rebuilt.
INDEX_FORMAT = 8


class IndexProblem(Exception):
    """The index cannot be used as it is; the message says what to run."""


class IndexBusy(IndexProblem):
    """Another process holds the index lock."""


class IndexDamaged(IndexProblem):
    """The live generation is not what its commit left: `dateline index` rebuilds it."""

    def __init__(self, folder: Path, reason: str):
        super().__init__(
            f"{folder}: the index is damaged ({reason}); run `dateline index` to repair it"
        )
        self.reason = reason


class IndexUnwritable(IndexProblem):
    """The index could not be written (disk full, read-only folder); the live one is intact."""


@dataclass
class Report:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0  # bad files and JSON Lines records left out (--skip-bad)
    # articles left out as not English, by language (--all-languages keeps them)
    languages: Counter[str] = field(default_factory=Counter)
    # pages left out as holding no article text, by file
    empty: Counter[str] = field(default_factory=Counter)
    records: int = 0
    rebuilt: bool = False
    switched: bool = False  # a new generation is live (an interrupted run says so)

    def summary(self) -> str:
        parts = [f"{self.added:,} added", f"{self.changed:,} changed", f"{self.removed:,} removed"]
        parts.append(f"{self.unchanged:,} unchanged")
        if self.skipped:  # only ever with --skip-bad, each one warned about
            parts.append(f"{self.skipped:,} skipped")
        rebuilt = ", index rebuilt" if self.rebuilt else ""
        return ", ".join(parts) + f" ({self.records:,} records written{rebuilt})"

    def empty_note(self) -> str | None:
        """`3 pages skipped: no article text found (news.warc.gz 2, index.html 1)`, or None."""
        if not self.empty:
            return None
        total = sum(self.empty.values())
        files = ", ".join(f"{name} {n:,}" for name, n in self.empty.most_common(3))
        more = ", ..." if len(self.empty) > 3 else ""
        noun = "page" if total == 1 else "pages"
        return f"{total:,} {noun} skipped: no article text found ({files}{more})"

    def languages_note(self) -> str | None:
        """`1,204 articles skipped: not English (de 800, fr 404); ...`, or None."""
        if not self.languages:
            return None
        total = sum(self.languages.values())
        each = ", ".join(f"{code} {n:,}" for code, n in self.languages.most_common())
        noun = "article" if total == 1 else "articles"
        return f"{total:,} {noun} skipped: not English ({each}); --all-languages to keep them"


# ---------------------------------------------------------------------------------------------
# Location, generations, lock


class IndexStore:
    """The index folder of one corpus, written and read by one engine (chosen above this
    stage and handed in; only reading and writing need it)."""

    def __init__(self, path: Path, engine: Engine | None = None):
        self.path = path
        self._engine = engine
        self._state_cache: tuple[tuple, dict[str, Any]] | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise TypeError("this IndexStore was made without an engine")
        return self._engine

    @property
    def current(self) -> Path | None:
        """The live generation; None before the first build; IndexDamaged when CURRENT does
        not name one."""
        marker = self.path / CURRENT_FILE
        try:
            if not stat.S_ISREG(marker.lstat().st_mode):  # a link, a FIFO, a device
                raise IndexDamaged(self.path, f"{CURRENT_FILE} is not a plain file")
            with open(marker, "rb") as handle:
                raw = handle.read(256)
        except FileNotFoundError:
            return None
        except OSError as exc:
            reason = f"{CURRENT_FILE} cannot be read: {os_error_text(exc)}"
            raise IndexDamaged(self.path, reason) from None
        try:
            name = raw.decode("ascii").strip()
        except UnicodeDecodeError:
            name = ""
        if not _GENERATION.fullmatch(name):
            raise IndexDamaged(self.path, f"{CURRENT_FILE} does not name a generation")
        gen = self.path / name
        if not gen.is_dir():
            raise IndexDamaged(self.path, f"{CURRENT_FILE} names {name}, which is missing")
        return gen

    def exists(self) -> bool:
        return os.path.lexists(self.path / CURRENT_FILE)

    def discard_if_empty(self) -> None:
        """Remove the folder when it holds nothing but a lock file left by no one (a first
        build that failed before writing anything)."""
        with contextlib.suppress(OSError):
            names = os.listdir(self.path)
            lock = self.path / LOCK_FILE
            if names == [LOCK_FILE] and lock.stat().st_size == 0:
                lock.unlink()
                self.path.rmdir()

    def live(self) -> Path | None:
        """The live generation, or None when there is none or it is damaged."""
        try:
            return self.current
        except IndexProblem:
            return None

    def damage(self, thorough: bool = False) -> str | None:
        """Why the live generation cannot be trusted, or None: what CURRENT names must be
        there, with its state and every file its commit recorded, at the recorded size;
        `thorough`, with the recorded checksum too (every byte read: `dateline index` checks
        so, a search only when reading the index failed)."""
        try:
            gen = self.current
        except IndexDamaged as exc:
            return exc.reason
        if gen is None:
            return None
        state = self.state()
        if state is None:
            return f"{gen.name}/{STATE_FILE} is missing or unreadable"
        for name, size in (state.get("index_files") or {}).items():
            try:
                found = (gen / name).stat().st_size
            except OSError:
                return f"{gen.name}/{name} is missing"
            if found != size:
                return f"{gen.name}/{name} has {found:,} bytes, not {size:,}"
        if (gen / STATEMENTS_FILE).exists():
            try:
                Statements(gen).close()
            except sqlite3.Error as exc:
                return f"{gen.name}/{STATEMENTS_FILE} cannot be read ({exc})"
        for name, crc in (state.get("index_sums") or {}).items() if thorough else ():
            try:
                if _checksum(gen / name) != crc:
                    return f"{gen.name}/{name} has changed since it was written"
            except OSError as exc:
                return f"{gen.name}/{name} cannot be read ({exc.strerror})"
        return None

    def check_foreign(self) -> None:
        """Refuse a folder that holds anything but a dateline index: a rebuild would replace
        its CURRENT, and remove its generations."""
        if self.path.exists() and not self.path.is_dir():
            raise IndexProblem(f"{self.path}: is a file, not an index folder; pass --index-dir")
        if not self.path.is_dir():
            return
        names = [p.name for p in self.path.iterdir()]
        ours = all(
            n in (CURRENT_FILE, LOCK_FILE) or _GENERATION.fullmatch(n) or _CURRENT_TMP.fullmatch(n)
            for n in names
        )
        # an index has a generation wherever it has a CURRENT
        if not ours or (CURRENT_FILE in names and not any(map(_GENERATION.fullmatch, names))):
            raise IndexProblem(
                f"{self.path}: holds files that are not a dateline index; "
                "pass another --index-dir or remove the folder"
            )

    def state(self) -> dict[str, Any] | None:
        """The live generation's state.json, read once while it stays the same file (a
        search asks several times, and at 27,000 documents it takes 50 ms to parse)."""
        gen = self.live()
        if gen is None:
            return None
        path = gen / STATE_FILE
        try:
            st = path.stat()
            key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
            if self._state_cache is not None and self._state_cache[0] == key:
                return self._state_cache[1]
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        shapes = {
            "docs": dict, "index_files": (dict, type(None)), "index_sums": (dict, type(None)),
            "files": dict,
        }  # fmt: skip
        if not isinstance(state, dict) or not all(
            isinstance(state.get(key, {}), shape) for key, shape in shapes.items()
        ):
            return None
        self._state_cache = (key, state)
        return state

    @contextlib.contextmanager
    def reader(self) -> Iterator[Reader]:
        """The live generation, open for searching."""
        with self.opened() as (reader, _statements):
            yield reader

    @contextlib.contextmanager
    def opened(self) -> Iterator[tuple[Reader, Statements]]:
        """The live generation, open for searching, and its statements (`search.statements`
        puts them on the records found)."""
        gen = self._readable()
        with contextlib.ExitStack() as stack:
            try:
                reader = stack.enter_context(self.engine.reader(gen))
            except Exception as exc:  # an engine raises many kinds on a damaged folder
                reason = self.damage(thorough=True)
                reason = reason or f"{gen.name} cannot be opened: {type(exc).__name__}"
                raise IndexDamaged(self.path, reason) from None
            try:
                yield reader, stack.enter_context(self._statements_of(gen))
            except Exception as exc:
                if isinstance(exc, OSError) or type(exc).__module__.startswith("dateline."):
                    raise  # a message of the run's own, a reader gone, a disk's error
                # a library's error reading the index (a file overwritten where it stood, at
                # its own size, decodes to garbage): the index, if its bytes are not what
                # its commit wrote; else a bug, which stays what it is
                reason = self.damage(thorough=True)
                if reason is None:
                    raise
                raise IndexDamaged(self.path, reason) from exc

    @contextlib.contextmanager
    def statements(self) -> Iterator[Statements]:
        """The live generation's statements, read without opening the engine's index."""
        with self._statements_of(self._readable()) as statements:
            yield statements

    @contextlib.contextmanager
    def _statements_of(self, gen: Path) -> Iterator[Statements]:
        try:
            statements = Statements(gen)
        except sqlite3.Error as exc:
            raise IndexDamaged(self.path, f"{gen.name}/{STATEMENTS_FILE}: {exc}") from None
        try:
            yield statements
        finally:
            statements.close()

    def _readable(self) -> Path:
        """The live generation, when there is one and it is whole."""
        gen = self.current
        if gen is None:
            raise IndexProblem(f"{self.path}: no index yet; run `dateline index`")
        damage = self.damage()
        if damage is not None:
            raise IndexDamaged(self.path, damage)
        return gen

    @contextlib.contextmanager
    def lock(self, wait: float, warn: Callable[[str], None] = lambda _m: None) -> Iterator[None]:
        """Hold the update lock; give up after `wait` seconds with the holder's process id.
        Processes forked meanwhile do not inherit it (see workers), and a lock whose holder
        is gone is taken over."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            fd = self._take_lock(time.monotonic() + wait, warn)
        except OSError as exc:
            reason = os_error_text(exc)
            raise IndexUnwritable(f"{self.path}: cannot lock the index ({reason})") from None
        release = workers.parent_only(fd)
        try:
            yield
        finally:
            release()
            os.ftruncate(fd, 0)  # a process id left in LOCK means its run did not finish
            os.close(fd)

    def _take_lock(self, deadline: float, warn: Callable[[str], None]) -> int:
        path = self.path / LOCK_FILE
        while True:
            _clear_broken(path)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(fd)
                if holder is not None and _stays_dead(fd, holder):
                    # Its holder is gone but a process it forked keeps the file locked: a
                    # new lock file, which that process does not hold, takes its place.
                    warn(f"{path}: process {holder} held the lock and is gone; taking it over")
                    if _same_file(fd, path):
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(path)
                    os.close(fd)
                    continue
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise IndexBusy(
                        f"{self.path}: the index is being updated by process "
                        f"{holder or 'unknown'}; try again when it finishes"
                    ) from None
                time.sleep(0.1)
                continue
            if not _same_file(fd, path):  # taken over while we waited: lock the new file
                os.close(fd)
                continue
            holder = _holder(fd)
            # our own process id first, before anything slow: another run that finds the lock
            # held reads who holds it
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            if holder is not None and holder != os.getpid() and not _alive(holder):
                warn(f"process {holder} stopped before it finished updating the index")
            return fd

    def new_generation(self) -> Path:
        gen = self.path / f"gen-{time.time_ns()}-{os.getpid()}"
        gen.mkdir(parents=True)
        return gen

    def switch_to(self, gen: Path) -> None:
        marker = self.path / CURRENT_FILE
        if marker.is_dir() and not marker.is_symlink():  # a damage only a rebuild gets to
            shutil.rmtree(marker)
        _write_atomic(marker, gen.name)  # replaces a link, FIFO or device, not what it names

    def remove_stale(self, *keep: Path | None) -> None:
        """Generations that are not live: old ones, and half-built ones from killed runs;
        and the temporary files of a CURRENT that was being written."""
        for entry in self.path.glob("gen-*"):
            if entry not in keep and _GENERATION.fullmatch(entry.name):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry, ignore_errors=True)
                else:
                    entry.unlink(missing_ok=True)
        for entry in self.path.glob(f".{CURRENT_FILE}.*.tmp"):
            entry.unlink(missing_ok=True)


_GENERATION = re.compile(r"gen-\d+-\d+")
_CURRENT_TMP = re.compile(rf"\.{CURRENT_FILE}\.\d+\.tmp")


_TAKEOVER_GRACE = 1.0  # seconds a dead holder's id must stay in a locked file to be taken over


def _stays_dead(fd: int, holder: int) -> bool:
    """The locked file names a process that is gone, and goes on naming it: the run that
    holds the lock has had time to write its own id, so the lock is held by no run."""
    if _alive(holder):
        return False
    time.sleep(_TAKEOVER_GRACE)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return _holder(fd) == holder
    fcntl.flock(fd, fcntl.LOCK_UN)  # free now: the caller tries again the ordinary way
    return False


def _clear_broken(path: Path) -> None:
    """A LOCK that is a folder or a dangling link can be nobody's lock: it goes."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        shutil.rmtree(path)
    elif stat.S_ISLNK(st.st_mode) and not path.exists():
        path.unlink()


def _holder(fd: int) -> int | None:
    raw = os.pread(fd, 32, 0).strip()
    return int(raw) if raw.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)


def os_error_text(exc: OSError) -> str:
    """An OSError in words: "No space left on device", not errno 28."""
    return exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


# ---------------------------------------------------------------------------------------------
Progress = Callable[[int], None]


class Written(NamedTuple):
    """What the index writes of one document: the engine's fields of each record, and its
    quotes as their statements' chains need them."""

    fields: list[Any]
    members: list[Member]


def write_records(
    store: IndexStore,
    docs: Iterable[tuple[str, str, Written | None]],
    state: dict[str, Any],
    known: dict[str, str],
    report: Report,
    progress: Progress = lambda _n: None,
    procs: int = 1,
) -> None:
    """Write (doc_id, fingerprint, what is written of it) into the index: a fresh index when
    nothing is `known` (doc id -> fingerprint of what is indexed), else an update of the live
    one; and the chains of its statements beside it. What is written is None for a document
    that did not change; `state` is
    saved with the index. A rebuild with `procs` > 1 writes that many segments in parallel
    processes (Whoosh's multiprocessing writer).

    A run that changes anything writes a new generation (an update starts from links to the
    live one's files, which Whoosh never changes once written) and makes it live only when it
    is complete: a run that fails or is killed leaves the live generation as it was, and
    removes its own files."""
    target = _Generation(store, rebuild=not known, procs=procs)
    seen: dict[str, str] = {}
    seq = 0 if target.rebuild else (store.state() or {}).get("next_seq", 0)
    try:
        for doc_id, fingerprint, records in docs:
            seen[doc_id] = fingerprint
            if records is None:
                report.unchanged += 1
            else:
                if doc_id in known:
                    target.delete(doc_id)
                    report.changed += 1
                else:
                    report.added += 1
                for fields in records.fields:
                    target.add(fields, seq)
                    seq += 1
                for member in records.members:
                    target.chain(member)
                report.records += len(records.fields)
            progress(1)
            workers.check()
        for doc_id in set(known) - set(seen):
            target.delete(doc_id)
            report.removed += 1
        new_state = dict(state, docs=seen, next_seq=seq)
        if target.path is None and not target.rebuild:
            # no record changed: the live generation stays, with what it was built from now
            live = store.current
            assert live is not None
            for key in ("index_files", "index_sums"):
                new_state[key] = (store.state() or {}).get(key)
            _write_atomic(live / STATE_FILE, json.dumps(new_state))
            return
        gen = target.commit(new_state)
        workers.check()  # the last moment the run can stop without its index going live
    except OSError as exc:
        target.discard()
        raise IndexUnwritable(
            f"{store.path}: cannot write the index ({os_error_text(exc)}); the index is as it was"
        ) from None
    except BaseException:
        target.discard()
        raise
    replaced = store.live()
    store.switch_to(gen)
    report.switched = True
    report.rebuilt = target.rebuild
    # A search that began a moment ago may still read the generation this one replaced
    # (Whoosh opens column files when they are first read): it stays until the next run.
    store.remove_stale(gen, replaced)


class _Generation:
    """The generation a run writes, begun when its first change comes."""

    def __init__(self, store: IndexStore, rebuild: bool, procs: int):
        self.store, self.rebuild, self.procs = store, rebuild, procs
        self.path: Path | None = None
        self.writer: Writer | None = None
        self.chains: Chains | None = None
        self.expected = 0  # the records the committed index must hold

    def _writer(self) -> Writer:
        if self.writer is None:
            self.path = self.store.new_generation()
            base = None if self.rebuild else self.store.current
            assert self.rebuild or base is not None
            self.writer = self.store.engine.writer(self.path, base, self.procs)
            self.chains = Chains(self.path, base)
            self.expected = self.writer.count
        return self.writer

    def add(self, fields: Any, seq: int) -> None:
        writer = self._writer()  # first: a new writer counts what is there
        writer.add(fields, seq)
        self.expected += 1

    def delete(self, doc_id: str) -> None:
        writer = self._writer()  # first, as in add
        self.expected -= writer.delete(doc_id)
        assert self.chains is not None
        self.chains.remove(doc_id)

    def chain(self, member: Member) -> None:
        """A quote of a record just added, for its statement's chain."""
        assert self.chains is not None
        self.chains.add(member)

    def commit(self, state: dict[str, Any]) -> Path:
        """Write it out, check it holds every record, and save its state: then it may go live."""
        writer = self._writer()  # an empty corpus makes an empty index
        assert self.path is not None
        written = writer.commit(self.expected)
        self.writer = None
        if written != self.expected:  # a writer process failed
            raise IndexUnwritable(
                f"{self.store.path}: writing the index failed ({written:,} "
                f"of {self.expected:,} records were written); the index is as it was"
            )
        assert self.chains is not None
        self.chains.save()
        self.chains = None
        sizes = _file_sizes(self.path)
        sums = {name: _checksum(self.path / name) for name in sizes}
        state = dict(state, index_files=sizes, index_sums=sums)
        _write_atomic(self.path / STATE_FILE, json.dumps(state))
        return self.path

    def discard(self) -> None:
        """Stop its writer and its writer's processes, and remove what it wrote."""
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None
        if self.chains is not None:
            self.chains.discard()
            self.chains = None
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)


def _checksum(path: Path) -> int:
    """The CRC-32 of a file: a file overwritten in place, at its own size, is caught by it."""
    crc = 0
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc


def _file_sizes(gen: Path) -> dict[str, int]:
    """What a generation's commit left, file by file: `IndexStore.damage` checks it."""
    return {
        entry.name: entry.stat().st_size
        for entry in sorted(gen.iterdir())
        if entry.is_file() and entry.name != STATE_FILE and not entry.name.startswith(".")
    }
