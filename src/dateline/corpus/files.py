"""Finding and reading the corpus's files: globs, bytes, text, and messages that name them."""

from __future__ import annotations

import fnmatch
import glob as globlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_MAX_BYTES = 10_000_000

Warn = Callable[[str], None]
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SURROGATE = re.compile(r"[\ud800-\udfff]")


class CorpusError(Exception):
    """Bad input: the message names the file and, where known, the line."""


class NoArticleText(CorpusError):
    """A record its crawler found no article in (news-please's `maintext: null`): passed over
    with a warning, like a page with no article text, not an error."""


class NotAnArticle(CorpusError):
    """A file found in a bare folder that holds no article (a JSON sidecar, a data table)."""


def glob_files(root: str, pattern: str) -> list[str]:
    """The files below `root` that `pattern` matches (`*`, `?`, `[...]` within a name, `**` for
    any depth of folders), hidden files and folders left out, in no order. Unlike glob.glob,
    a folder is listed once however many links lead to it: a link to a folder above it would
    send `**` round the loop forever. (A folder reached again with other parts of the pattern
    still to match is listed again for them; that ends too, as the parts are finite.)"""
    root = os.path.abspath(root)  # `.` would lose its folder to normpath: `./**` is `**`
    parts = os.path.normpath(os.path.join(root, pattern)).split(os.sep)
    fixed = next((i for i, part in enumerate(parts) if globlib.has_magic(part)), len(parts))
    base, rest = os.sep.join(parts[:fixed]) or os.sep, parts[fixed:]
    if _hidden(base, root):
        return []
    if not rest:
        return [base] if os.path.isfile(base) else []
    return _Walk(rest).files(base)


class _Walk:
    """A walk down from a pattern's fixed folder, matching the names below it to the pattern's
    other parts. A state is the index of a part the next name may match."""

    def __init__(self, rest: list[str]):
        self.rest = rest
        self.matchers = [_name_matcher(part) for part in rest]
        self.last = len(rest) - 1
        self.listed: set[tuple[int, int, frozenset[int]]] = set()

    def files(self, base: str) -> list[str]:
        """The files below `base` the parts match, depth first, by name."""
        found: list[str] = []
        stack = [(base, _past_any_depth(self.rest, {0}))]
        while stack:
            folder, states = stack.pop()
            below = []
            for entry in self._entries(folder, states):
                inner = self._states_below(states, entry.name)
                try:
                    if entry.is_dir():
                        if inner:
                            below.append((entry.path, _past_any_depth(self.rest, inner)))
                    elif entry.is_file() and self._ends_on(states, entry.name):
                        found.append(entry.path)
                except OSError:
                    continue
            stack.extend(reversed(below))  # depth first, by name: the first link to a folder wins
        return found

    def _entries(self, folder: str, states: frozenset[int]) -> list[os.DirEntry[str]]:
        """A folder's entries by name, hidden ones left out; none if it was listed before in
        these states (by device and inode: links lead there again) or cannot be listed."""
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino, states) in self.listed:
                return []
            self.listed.add((st.st_dev, st.st_ino, states))
            with os.scandir(folder) as entries:
                names = sorted(entries, key=lambda e: e.name)
        except OSError:  # a folder that cannot be listed matches nothing, as in glob.glob
            return []
        return [entry for entry in names if not entry.name.startswith(".")]

    def _states_below(self, states: frozenset[int], name: str) -> set[int]:
        """The parts the names below `name` may match: `**` goes on down; any other part, once
        matched, passes to the next."""
        inner = {i for i in states if i <= self.last and self.rest[i] == "**"}
        inner.update(i + 1 for i in states if i < self.last and self.matchers[i](name))
        return inner

    def _ends_on(self, states: frozenset[int], name: str) -> bool:
        """Whether a file's name matches the pattern's last part, the one a file must match."""
        return self.last in states and bool(self.matchers[self.last](name))


def _name_matcher(part: str) -> Callable[[str], Any]:
    if part == "**":
        return lambda _name: True
    return re.compile(fnmatch.translate(part)).match


def _past_any_depth(parts: list[str], states: set[int]) -> frozenset[int]:
    """`states` (the indexes of the parts the next name may match) with, after each `**`, the
    part after it: `**` matches no folder too."""
    out = set(states)
    for i in sorted(states):
        while i < len(parts) and parts[i] == "**":
            i += 1
            out.add(i)
    return frozenset(out)


def path_order(path: str) -> list[str]:
    """Sort key for path strings: the order of Path objects, folder by folder."""
    return path.split(os.sep)


def _hidden(path: str, root: str) -> bool:
    rel = os.path.relpath(path, root)
    return rel != os.curdir and any(part.startswith(".") for part in rel.split(os.sep))


def path_text(path: str | os.PathLike[str]) -> str:
    """A path as text that can go anywhere (JSON, the index, a terminal): the bytes of a name
    that are not UTF-8, which Python holds as lone surrogates, written `\\xff`."""
    text = os.fspath(path)
    if text.isascii():
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def read_bytes(path: Path, rel: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise CorpusError(
                f"{rel}: {size:,} bytes is over the limit of {max_bytes:,} (--max-bytes)"
            )
        return path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{rel}: cannot read: {reason(exc)}") from None


def decode(raw: bytes, where: str, warn: Warn) -> str:
    """UTF-8 (a leading BOM dropped), UTF-16 with its BOM (Windows' "Unicode"), else cp1252
    with a warning; binary data is an error."""
    if raw.startswith(UTF16_BOMS):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CorpusError(f"{where}: not valid UTF-16 (byte {exc.start})") from None
    if b"\x00" in raw:  # all of it: text with a binary tail is no article either
        raise CorpusError(f"{where}: looks like a binary file, not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise CorpusError(
                f"{where}: neither UTF-8 nor cp1252 text (byte {exc.start})"
            ) from None
        warn(f"{where}: not valid UTF-8 (byte {exc.start}); read as cp1252")
        return text


def RAISE(message: str) -> None:  # noqa: N802 - a `skip` that is none: the error as it is
    """`skip` for a reader outside `dateline index` (annotate): a bad file or record is an
    error, with no word of --skip-bad, which is not there to pass it."""
    raise AssertionError(message)  # `bad` raises before it is called


def bad(exc: CorpusError, skip: Warn | None, others: str) -> None:
    """A file or record that cannot be read: an error that says how to index the `others`,
    or, with --skip-bad, a warning."""
    if skip is RAISE:
        raise CorpusError(str(exc)) from None
    if skip is None:
        raise CorpusError(
            f"{exc}; `dateline index --skip-bad` indexes the other {others}"
        ) from None
    skip(f"{exc}; skipped")


def lone_surrogate(value: Any) -> str | None:
    """A lone surrogate in the strings of a JSON value, its keys too; None if there is none."""
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if found := SURROGATE.search(value):
                return found.group()
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def relative(path: Path, root: Path) -> str:
    """The path as messages and records name it."""
    try:
        return path_text(path.relative_to(root))
    except ValueError:
        return path_text(path)


def escaped(text: str) -> str:
    """Text with its lone surrogates written as escapes (`\\ud800`), fit for a message."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)
