"""Signals and the processes a build forks.

SIGTERM (what `timeout`, systemd and CI runners send) is handled like Ctrl-C: both raise
`Interrupted` in the main process, which unwinds the build and removes what it half-wrote.
The processes a build forks — annotation workers, Whoosh's segment writers — never hold the
index lock (its descriptor is closed in them), leave signals from the terminal to the parent
(which stops them), and die when the parent dies, however it dies (kill -9 included).
"""

from __future__ import annotations

import contextlib
import logging  # noqa: F401 - see register_at_fork below
import os
import signal
import sys
import threading
import time
from collections.abc import Callable

HANDLED = (signal.SIGINT, signal.SIGTERM)
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_WATCH_SECONDS = 0.5  # how often a child checks its parent where the kernel cannot tell it


class Interrupted(BaseException):
    """The user (Ctrl-C) or the system (SIGTERM) stopped the run. A BaseException, as
    KeyboardInterrupt is: no `except Exception` on the way swallows it."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def outcome(self) -> str:
        """What became of the index, once the run has written one or tried to."""
        return _outcome[0]

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


_received: list[int] = []
_outcome = [""]


def interrupted_leaves(outcome: str) -> None:
    """Say what an interruption from now on leaves of the index ("the index is as it was")."""
    _outcome[0] = outcome


_forking = [False]


def raise_on_signals() -> None:
    """In the main process: SIGINT and SIGTERM raise `Interrupted`, once; a second signal
    while the run cleans up is not let to cut the clean-up short."""

    def handler(signum: int, _frame: object) -> None:
        first = not _received
        _received.append(signum)
        # Python drops (and prints) an exception raised in the callbacks it runs around a
        # fork; there `check` raises it a moment later instead
        if first and not _forking[0]:
            raise Interrupted(signum)

    for signum in HANDLED:
        if signal.getsignal(signum) is not signal.SIG_IGN:  # as nohup and `cmd &` leave them
            signal.signal(signum, handler)


def ignore_signals() -> None:
    """When the run is over: Python restores the default handlers as it exits, so a signal
    then would kill the process with the signal's status, after a run that did its work."""
    for signum in HANDLED:
        signal.signal(signum, signal.SIG_IGN)


def check() -> None:
    """Raise `Interrupted` if a signal came: a long run calls this now and then, so that a
    signal that could not be raised where it came (see above) still stops it."""
    if _received:
        raise Interrupted(_received[0])


def stop_children() -> None:
    """Kill every child process at once, and reap them. An interrupted run does this rather
    than Pool.terminate(), which waits for a lock that a worker killed by a signal to the
    whole process group may have held."""
    import multiprocessing  # here: only a run that forked has children

    children = multiprocessing.active_children()
    for child in children:
        child.kill()
    for child in children:
        child.join(timeout=5)


# File descriptors a forked child must not keep open: the index lock's. A child keeping it
# would hold the lock after its parent is gone.
_parent_only: set[int] = set()
_forking_parent = [0]


def parent_only(fd: int) -> Callable[[], None]:
    """Close `fd` in every process forked from now on; call the result to stop."""
    _parent_only.add(fd)
    return lambda: _parent_only.discard(fd)


def _before_fork() -> None:
    _forking[0] = True
    _forking_parent[0] = os.getpid()


def _after_fork_in_parent() -> None:
    _forking[0] = False


def _in_child() -> None:
    for fd in _parent_only:
        with contextlib.suppress(OSError):
            os.close(fd)
    _parent_only.clear()
    # Ctrl-C reaches the terminal's whole process group: the parent alone decides, and stops
    # its children (no traceback from each of them); SIGTERM ends a child at once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent(_forking_parent[0])


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:  # it died before the kernel was told to tell us
                os._exit(1)
            return
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    """Where the kernel cannot kill a child with its parent: notice the parent is gone."""
    while os.getppid() == parent:
        time.sleep(_WATCH_SECONDS)
    os._exit(1)


# Registered after logging's callbacks (imported first for that), so that ours run first before
# a fork and last after it: no signal is raised inside theirs.
os.register_at_fork(
    before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_in_child
)
