"""How a build ends: the rules of the lines that end a process besides TensorRT's own
messages (Python tracebacks, ``terminate called``, shell and signal crashes, ros2 launch and
Polygraphy trailers, the ONNX parser's fatal error), and :func:`decide_ending`, the one place
that decides a build's end from what the rules recorded.

What the rules record for the ending (``build.ends``, a
:class:`~trtreport.logparse.state.EndFacts`; how far the build got is the build's own):

* ``status``/``status_line``: the run's trailer, ``&&&& PASSED ...`` or ``&&&& FAILED ...``
  (``banner`` rule) or Polygraphy's ``[I] PASSED | Runtime: ...``;
* ``crash``/``crash_progress``: a crash read from the lines of this module's rules, and how far
  the build had got then (a crash counts only if nothing happened after it);
* ``cause``: the error that stopped the build (the first of the last run of errors, set as
  messages are added), ``error_after_engine`` (and the build's ``error_count``);
* ``stopped_by_error``: an error that ends a build or an engine load was read
  (the ``stopping-error`` and ``stopping-load-error`` rules of :mod:`.messages`,
  ``setup-fatal``, ``onnx-parser-error``);
* the build's ``built``/``loaded``/``engine_layers``: an engine was built or loaded;
* ``open_listing``, ``cut``: the log stops inside a layer listing, or on a line cut short.
"""

from __future__ import annotations

import re

from trtreport.logparse.rules.base import APPLICATION, rule
from trtreport.logparse.rules.messages import record_error
from trtreport.logparse.state import BuildState, LogState, Mode, error_words, quoted
from trtreport.model import LineSample
from trtreport.numbers import parse_int

_PYTHON_EXCEPTION = re.compile(r"[A-Za-z_][\w.]*(?::(?: .*)?)?\s*\Z")
"""The last line of a Python traceback: ``RuntimeError: msg``, ``KeyboardInterrupt``,
``polygraphy.exception.exception.PolygraphyException: Could not deserialize engine.``"""


def _traceback_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Traceback (most recent call last):``: a Python exception ends the process (or, after
    an exception line, the next of a chain of exceptions begins)."""
    state.mode = Mode.NONE
    build = state.current
    if not build.crashed(line, "Python exception (the traceback is cut)", "traceback"):
        build.refine_crash("exception", line, "", then="traceback")
    return True


APPLICATION_TRACEBACK = rule(
    f"{APPLICATION}-traceback",
    "Traceback (most recent call last):",
    r"Traceback \(most recent call last\):\s*\Z",
    _traceback_header,
    examples=("Traceback (most recent call last):",),
    note=(
        "(a Python exception ends the process; ``application-traceback-line`` reads its frames "
        "and its last line, ``RuntimeError: ...``, which becomes the end reason; "
        "``application-traceback-jupyter`` is IPython's header, ``RuntimeError                "
        "Traceback (most recent call last)``)"
    ),
)


APPLICATION_TRACEBACK_JUPYTER = rule(
    f"{APPLICATION}-traceback-jupyter",
    (),
    r"[A-Za-z_][\w.]* +Traceback \(most recent call last\)\s*\Z",
    _traceback_header,
    examples=("RuntimeError                              Traceback (most recent call last)",),
)


def _traceback_line(state: LogState, match: re.Match[str], line: int) -> bool:
    """A line of an open traceback: a frame, source or caret line (indented), or the exception
    line that ends it, whose text is the reason the process ended."""
    build = state.current
    if build.ends.crash_kind != "traceback":
        return False
    text = match.string
    if not text[:1].isspace() and _PYTHON_EXCEPTION.match(text) is not None:
        build.refine_crash("traceback", line, f"Python exception: {quoted(text)}", "exception")
    return True


APPLICATION_TRACEBACK_LINE = rule(
    f"{APPLICATION}-traceback-line",
    (),
    r"",
    _traceback_line,
    examples=(
        '  File "/work/export/build_engine.py", line 88, in <module>',
        "RuntimeError: engine build returned no plan",
    ),
)


_SIGNAL_REASONS = {
    "segmentation fault": "the process crashed",
    "bus error": "the process crashed",
    "illegal instruction": "the process crashed",
    "illegal hardware instruction": "the process crashed",
    "floating point exception": "the process crashed",
    "trace/breakpoint trap": "the process crashed",
    "aborted": "the process aborted",
    "abort": "the process aborted",
    "killed": "the process was killed",
}
"""Signal words of shells (bash: ``Killed``, zsh: ``killed``) → what they say in plain words."""


_EXIT_CODE_REASONS = {
    137: "the process was killed",
    -9: "the process was killed",
    139: "the process crashed",
    -11: "the process crashed",
    134: "the process aborted",
    -6: "the process aborted",
}
"""Exit codes of a process ended by a signal (128 + signal, or minus the signal)."""


def _crash(state: LogState, match: re.Match[str], line: int) -> bool:
    """A line saying the process died: a shell's signal message (``Segmentation fault (core
    dumped)``, ``./build.sh: line 3: 4242 Killed   trtexec ...``), ``Fatal Python error``, a
    signal handler's report, glibc's abort on a corrupted heap, an exit code."""
    build = state.current
    text = quoted(match.string)
    signal = match.group("signal") or match.group("shell_signal")
    if signal is not None:
        build.crashed(line, f"{_SIGNAL_REASONS[signal.lower()]} ({text})")
    elif match.group("received") is not None:
        build.crashed(line, "the process received a signal", "signal")
    elif match.group("mpi_signal") is not None:
        reason = f"the process crashed ({match.group('mpi_signal')})"
        if not build.refine_crash("signal", line, reason):
            build.crashed(line, reason)
    elif match.group("assertion") is not None:
        build.crashed(line, f"an assertion failed ({text})")
    elif match.group("gdb") is not None:
        reason = f"the process received {match.group('gdb')} ({text})"
        if not build.refine_crash("signal", line, reason):
            build.crashed(line, reason)
    elif match.group("exit") is not None:
        code = parse_int(match.group("exit"))
        if code == 0:
            return True
        reason = (
            _EXIT_CODE_REASONS.get(code, "the process failed") if code else "the process failed"
        )
        build.crashed(line, f"{reason} ({text})")
    else:
        build.crashed(line, f"the process crashed ({text})")
    return True


def _terminate(state: LogState, match: re.Match[str], line: int) -> bool:
    """``terminate called after throwing an instance of 'std::bad_alloc'``: an uncaught C++
    exception aborts the process; its ``what():`` line may follow."""
    exception = match.group("exception")
    reason = f"uncaught C++ exception: {exception}" if exception else quoted(match.string)
    state.current.crashed(line, reason, "terminate" if exception else "done")
    return True


APPLICATION_TERMINATE = rule(
    f"{APPLICATION}-terminate",
    "terminate called ",
    r"terminate called (?:after throwing an instance of '(?P<exception>[^']+)'"
    r"|recursively|without an active exception)",
    _terminate,
    examples=("terminate called after throwing an instance of 'std::bad_alloc'",),
    note="(``application-terminate-what`` reads the ``  what():  ...`` line after it)",
)


def _terminate_what(state: LogState, match: re.Match[str], line: int) -> bool:
    """``  what():  std::bad_alloc``: the message of the uncaught C++ exception."""
    build = state.current
    what = quoted(match.group("what"))
    crash = build.ends.crash
    if crash is not None and build.ends.crash_kind == "terminate" and not crash.text.endswith(what):
        build.refine_crash("terminate", line, f"{crash.text}: {what}")
    return True


APPLICATION_TERMINATE_WHAT = rule(
    f"{APPLICATION}-terminate-what",
    "  what():",
    r"\s+what\(\):\s+(?P<what>\S.*)",
    _terminate_what,
    examples=("  what():  std::bad_alloc",),
)


def _ros_launch(state: LogState, match: re.Match[str], line: int) -> bool:
    """A line of ``ros2 launch`` itself (``[INFO] [launch]: ...``, ``[ERROR] [trt_node-1]:
    process has died [pid 4242, exit code -9, ...]``): application output, or how the node
    running the build ended."""
    code = match.group("code")
    if code is not None and parse_int(code) != 0:
        reason = _EXIT_CODE_REASONS.get(parse_int(code) or 0, "the process failed")
        state.current.crashed(line, f"{reason} ({quoted(match.string)})")
    return True


APPLICATION_ROS_LAUNCH = rule(
    f"{APPLICATION}-ros-launch",
    tuple(f"[{level}] [" for level in ("DEBUG", "INFO", "WARN", "ERROR", "FATAL")),
    r"\[(?:DEBUG|INFO|WARN|ERROR|FATAL)\] \[[^\]\s]+\]: "
    r"(?:process has died \[pid \d+, exit code (?P<code>-?\d+))?",
    _ros_launch,
    examples=("[ERROR] [trt_node-1]: process has died [pid 4242, exit code -9, cmd '...']",),
    note="ros2 launch's own lines; a non-zero exit code ends the build",
)


def _onnx_parser_error(state: LogState, match: re.Match[str], line: int) -> bool:
    """An ONNX parser error as a script prints it (``parser.get_error(i)``): ``In node 2599
    (importFallbackPluginImporter): UNSUPPORTED_NODE: Assertion failed: ...``. It is an error
    of the build, and stops it, as the same error logged by TensorRT would."""
    state.saw_tensorrt = True
    record_error(state, match.string, line)
    return True


ONNX_PARSER_ERROR = rule(
    "onnx-parser-error",
    "In node ",
    r"In node -?\d+ \([^()]*\): [A-Z][A-Z_]*: \S",
    _onnx_parser_error,
    examples=(
        (
            "In node 2599 (importFallbackPluginImporter): UNSUPPORTED_NODE: Assertion failed: "
            'creator && "Plugin not found"'
        ),
    ),
)


def _polygraphy_end(state: LogState, match: re.Match[str], line: int) -> bool:
    """Polygraphy's last line, ``[I] PASSED | Runtime: 9.8s | Command: ...``: the run's status,
    as trtexec's ``&&&&`` trailer gives it."""
    state.saw_tensorrt = True
    build = state.current
    if not build.ends.status:
        build.ends.status = "passed" if match.group("status") == "PASSED" else "failed"
        build.ends.status_line = LineSample(line, quoted(match.string.partition(" | Command")[0]))
    return True


APPLICATION_POLYGRAPHY_END = rule(
    f"{APPLICATION}-polygraphy-end",
    ("[I] PASSED | ", "[E] FAILED | "),
    r"\[[IE]\] (?P<status>PASSED|FAILED) \| Runtime: ",
    _polygraphy_end,
    examples=("[E] FAILED | Runtime: 3.1s | Command: polygraphy run m.onnx",),
    note="Polygraphy's last line: the run's status, as trtexec's ``&&&&`` trailer gives it",
)


_SHELL_SIGNALS = (
    r"Segmentation fault|Bus error|Illegal instruction|Floating point exception"
    r"|Trace/breakpoint trap|Aborted|Killed"
)
"""bash's words for the signal that ended a job (``Killed``: most often the out-of-memory
killer)."""


_ZSH_SIGNALS = (
    r"segmentation fault|bus error|illegal hardware instruction|floating point exception"
    r"|abort|killed"
)


_CRASH = (
    # bash: "Killed", "Segmentation fault (core dumped)", "./run.sh: line 3:  4242 Killed   cmd"
    rf"(?:[^\s:]+: line \d+: +\d+ +)?(?P<signal>{_SHELL_SIGNALS})(?P<core> +\(core dumped\))?"
    r"(?:\s*|\s{2,}\S.*|(?(core) \S.*))\Z"
    # zsh: "zsh: killed     python build.py"
    rf"|zsh: (?P<shell_signal>{_ZSH_SIGNALS})(?: \(core dumped\))?(?: +\S.*)?\Z"
    r"|Fatal Python error: \S"
    # Open MPI's and UCX's signal handlers
    r"|\[[^\]\s]+\] (?:\*\*\* (?P<received>Process received signal) \*\*\*"
    r"|Signal: (?P<mpi_signal>[^()]+?) \(\d+\)|Caught signal \d+ \()"
    # glibc aborting on a corrupted heap or stack
    r"|(?:double free or corruption|free\(\): invalid |malloc\(\): |munmap_chunk\(\): invalid "
    r"|corrupted size vs\. prev_size|\*\*\* stack smashing detected \*\*\*)"
    # PyCharm and similar runners
    r"|Process finished with exit code (?P<exit>-?\d+)"
    # glibc's assert() (prog: file:line: function: Assertion `x' failed.), and gdb
    r"|(?P<assertion>[^\s:]+: [^\s:]+:\d+: [^\n]*Assertion `[^\n]*' failed\.)\s*\Z"
    r"|Thread \d+ \"[^\"]*\" received signal (?P<gdb>SIG[A-Z]+), "
)


APPLICATION_CRASH = rule(
    f"{APPLICATION}-crash",
    (),
    _CRASH,
    _crash,
    examples=("Segmentation fault (core dumped)",),
    note=(
        ", ``Killed``, ``./run.sh: line 3: 4242 Aborted   (core dumped) trtexec ...``, ``zsh: "
        "killed  python b.py``, ``Fatal Python error: Segmentation fault``, ``[host:4242] "
        "Signal: Segmentation fault (11)``, ``double free or corruption (out)``, ``Process "
        "finished with exit code 137``"
    ),
)


def decide_ending(build: BuildState, *, last: bool) -> tuple[str, int, str]:
    """How ``build`` ends: ``complete``, ``failed`` or ``truncated`` (see
    :attr:`trtreport.model.Build.end`), the line that shows it, and the reason in words.

    ``last``: the build is the log's last (a build followed by another one stops where the next
    starts). The cases, tried in this order:
    """
    facts = build.ends
    cause = facts.cause
    stopped = (
        (cause.line, f"stopped by an error: {error_words(cause.text)}")
        if cause is not None
        else (build.last_line, "stopped by an error")
    )
    trailer = facts.status_line or LineSample(build.last_line, "")
    crashed = facts.crash is not None and facts.crash_progress == build.progress()
    # 1. ``&&&& FAILED TensorRT.trtexec [TensorRT v8510] # trtexec ...``: failed, at the crash
    #    that ended the run if one was read last, else at the error that stopped it, else at
    #    the trailer.
    if facts.status == "failed":
        if crashed and facts.crash is not None:
            return "failed", facts.crash.line, facts.crash.text
        if cause is not None:
            return ("failed", *stopped)
        return "failed", trailer.line, f"the run failed ({trailer.text})"
    # 2. ``&&&& PASSED TensorRT.trtexec [TensorRT v8510] # trtexec ...``: complete.
    if facts.status == "passed":
        return "complete", trailer.line, f"the run passed ({trailer.text})"
    # 3. A crash with nothing after it (``Segmentation fault (core dumped)``, a Python
    #    traceback's ``RuntimeError: ...``): failed, with the error before it if there was one.
    if crashed and facts.crash is not None:
        reason = facts.crash.text
        if cause is not None:
            reason = f"{reason}; the error before it: {error_words(cause.text)}"
        return "failed", facts.crash.line, reason
    finished = (build.built or build.loaded or bool(build.engine_layers)) and (
        facts.open_listing is None
    )
    # 4. An error that stops a build (``Error Code 4: Internal Error (Network must have at least
    #    one output)``) after the engine, or with no engine: failed. An error before an engine
    #    that was built all the same did not stop the build (TensorRT recovers from running
    #    out of memory while timing a tactic).
    if facts.stopped_by_error and (facts.error_after_engine or not finished):
        return ("failed", *stopped)
    # 5. A trtexec run (its ``&&&& RUNNING ... # trtexec ...`` banner read) without its
    #    ``&&&&`` trailer, the log's last: trtexec always prints one, so the run did not
    #    finish: failed if it logged errors and no engine, else truncated.
    if build.command and last:
        if build.error_count and not finished:
            return ("failed", *stopped)
        return ("truncated", *_truncation(build, last=last))
    # 6. An engine built or loaded (``Engine generation completed in 9.50705 seconds.``, an
    #    ``Engine Layer Information:`` listing): complete, saying how many errors did not stop
    #    it.
    if finished:
        done = "built" if build.kind() == "build" else "loaded"
        reason = f"the engine was {done}"
        if build.error_count:
            plural = "s" if build.error_count > 1 else ""
            reason = f"{reason} ({build.error_count} error{plural} did not stop it)"
        return "complete", build.last_line, reason
    # 7. No engine, but errors: failed at the error that stopped it.
    if build.error_count:
        return ("failed", *stopped)
    # 8. No engine and no error: the log stops before the end (see :func:`_truncation`).
    return ("truncated", *_truncation(build, last=last))


def _truncation(build: BuildState, *, last: bool) -> tuple[int, str]:
    """Where and how a build's part of the log stops before the build finished: where the next
    build starts, inside a layer listing, on a line cut short, without trtexec's trailer, with
    no build at all, or simply before an engine."""
    facts = build.ends
    where = f"during {build.phase}"
    if not last:
        return build.last_line, f"its lines stop {where}, where the next build starts"
    if facts.open_listing is not None:
        return facts.open_listing.line, facts.open_listing.text
    if facts.cut is not None:
        last_text = quoted(facts.cut.text)
        return (
            facts.cut.line,
            f"the log stops {where}, its last line cut short or unknown: {last_text}",
        )
    if build.command:
        return build.last_line, f"the log stops {where}, without trtexec's '&&&&' trailer"
    if build.phase == "header" and build.kind() == "other":
        return build.last_line, "the log shows no build and no engine load"
    return build.last_line, f"the log stops {where}, before an engine was built or loaded"
