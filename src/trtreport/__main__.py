"""``python -m trtreport``, and the ``trtreport`` command's entry point.

The command's signals are caught as soon as this module is imported (only the command imports
it), before the command's own modules are (about a tenth of a second) and before the script
pip wrote has called :func:`run`, so that a Ctrl-C, SIGTERM or SIGHUP at any moment ends it
with one line and status 130, 143 or 129, not a traceback. (A signal while the interpreter
itself starts, before any of trtreport runs, is Python's to handle.) This module imports
nothing else first; :func:`trtreport.cli.run` does the rest.
"""

from __future__ import annotations

import signal
import sys

_STATUS = {"SIGINT": 130, "SIGTERM": 143, "SIGHUP": 129}


def _stop_while_starting(signum: int, frame: object) -> None:
    """A signal before the command could start: one line, the signal's status."""
    name = signal.Signals(signum).name
    sys.stderr.write(f"trtreport: interrupted ({name})\n")
    sys.stderr.flush()
    raise SystemExit(_STATUS.get(name, 1))


def _catch_signals() -> None:
    """Stop with one line on :data:`_STATUS`'s signals (those the shell ignores stay so)."""
    for name in _STATUS:
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop_while_starting)


_catch_signals()


def run() -> None:
    """Import the command and run it (the signals are caught already)."""
    try:
        from trtreport.cli import run as run_command
    except KeyboardInterrupt:  # pragma: no cover - a Ctrl-C before the handler was set
        sys.stderr.write("trtreport: interrupted (SIGINT)\n")
        raise SystemExit(130) from None
    run_command()


if __name__ == "__main__":
    run()
