"""The `dateline` command and `python -m dateline`.

Signals are taken over before anything is imported: a Ctrl-C or SIGTERM in the first moments,
before the run has begun any work, ends it with the same one line and exit status as later.
"""

import os
import signal


def run() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:  # nohup's choice is kept
            signal.signal(signum, _stop_at_once)
    from dateline.cli import main

    main()


def _stop_at_once(signum: int, _frame: object) -> None:
    os.write(2, b"dateline: interrupted\n")
    os._exit(128 + signum)


if __name__ == "__main__":
    run()
