"""``python -m trtreport``, and the ``trtreport`` command's entry point.

The command's signals are caught as soon as this module is imported (only the command imports
it), before the command's own modules are (about a tenth of a second) and before the script
pip wrote has called :func:`run`, so that a Ctrl-C, SIGTERM or SIGHUP at any moment ends it
with one line and status 130, 143 or 129, not a traceback. (A signal while the interpreter
itself starts, before any of trtreport runs, is Python's to handle: the package's
``__init__`` imports next to nothing, so that this moment is as short as it can be.) This
module imports nothing else first; :func:`trtreport.cli.run` does the rest.

A signal handler runs wherever Python happens to be, and that can be a weak reference's
callback or a ``__del__`` (the import system uses both), where an exception is "ignored":
printed with a traceback, and the run goes on. :func:`_unraisable` catches the exception that
stops the run there and raises it again a moment later, in ordinary code.
"""

from __future__ import annotations

# The C module under :mod:`signal`, loaded with the interpreter: :mod:`signal` itself imports
# :mod:`enum` (milliseconds during which a Ctrl-C would still be Python's traceback).
import _signal  # type: ignore[import-not-found, unused-ignore]
import sys

_STATUS = {"SIGINT": 130, "SIGTERM": 143, "SIGHUP": 129}
_NAMES = {getattr(_signal, name): name for name in _STATUS if hasattr(_signal, name)}
"""The number of each of :data:`_STATUS`'s signals this system has, and its name."""


class _Stopped(SystemExit):
    """The stop of a run that a signal ended while it was starting (the line is said)."""


def _stop_while_starting(signum: int, frame: object) -> None:
    """A signal before the command could start: one line, the signal's status (a second
    signal while it is said is ignored)."""
    for number in _NAMES:
        _signal.signal(number, _signal.SIG_IGN)
    name = _NAMES.get(signum, str(signum))
    sys.stderr.write(f"trtreport: interrupted ({name})\n")
    sys.stderr.flush()
    raise _Stopped(_STATUS.get(name, 1))


_AGAIN: list[BaseException] = []
"""A stop that Python ignored (raised in a callback), to be raised again."""


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """``sys.unraisablehook``: a stop raised where Python can only ignore it is raised again
    a millisecond later (from a SIGALRM timer, in whatever code then runs; again if that is
    a callback too); anything else is reported as Python would."""
    from trtreport.errors import Interrupted  # imported by then: the command raised it

    stop = unraisable.exc_value
    if isinstance(stop, (_Stopped, Interrupted)) and hasattr(_signal, "setitimer"):
        _AGAIN.append(stop)
        _signal.signal(_signal.SIGALRM, _raise_again)
        _signal.setitimer(_signal.ITIMER_REAL, 0.001)
        return
    sys.__unraisablehook__(unraisable)


def _raise_again(signum: int, frame: object) -> None:
    """The SIGALRM handler of :func:`_unraisable`: raise the ignored stop again."""
    if _AGAIN:
        raise _AGAIN.pop()


def _catch_signals() -> None:
    """Stop with one line on :data:`_STATUS`'s signals (those the shell ignores stay so)."""
    sys.unraisablehook = _unraisable
    for number in _NAMES:
        if _signal.getsignal(number) != _signal.SIG_IGN:
            _signal.signal(number, _stop_while_starting)


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
