"""The ``trtreport`` command: the only module that opens files, prints and picks exit codes.

Exit status: 0 on success; 1 when an input is missing, unreadable, of the wrong kind or broken,
or an output cannot be written (one line on stderr naming the file, and the line where it
applies); 2 for a malformed command line (click's usage errors, and a ``--fail-on`` condition
these inputs cannot decide); 3 for a bug in trtreport itself (one line; ``TRTREPORT_DEBUG=1``
shows the traceback); 4 when a ``--fail-on`` condition is met (every output is written first);
130, 143 and 129 when SIGINT, SIGTERM or SIGHUP stopped the run.
Outputs are written to a temporary file beside the target and renamed into place only when
everything succeeded, so a failure never leaves a half-written report or clobbers an existing
one. An output that is not a plain file (a device such as ``/dev/null``, a FIFO, ``/dev/stdout``)
is written to as a stream, never replaced; ``-o`` naming a symbolic link replaces the file the
link points to, atomically, and leaves the link. Temporary files are named
``.NAME.trtreport-PID-XXXX.tmp``: one left by a run that was killed (SIGKILL) is removed by the
next run writing beside it. SIGINT, SIGTERM and SIGHUP end a run with one line, no temporary
file left, and status 130, 143 or 129.

Everything printed that comes from an input or the command line (file names, names in a
message, the title) goes through :func:`~trtreport.errors.printable`: control and bidi
characters are shown escaped and the bytes of a non-UTF-8 name as replacement characters.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import os
import re
import signal
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import click

from trtreport import __version__, render_html, to_markdown
from trtreport.baseline import looks_like_model, report_from_json
from trtreport.errors import InputError, Interrupted, OutputError, TrtreportError, printable
from trtreport.gate import Condition, GateUsageError, check, describe_conditions, parse_condition
from trtreport.join import build_report
from trtreport.layerinfo import parse_layer_file
from trtreport.logparse import parse_build_log
from trtreport.model import (
    BaselineInfo,
    BuildLog,
    InputFile,
    IterationTimes,
    LayerFile,
    Profile,
    Report,
)
from trtreport.profile import parse_profile, parse_times
from trtreport.textio import HashingReader, lines_at, open_text_lines, read_text

STDIN = "-"
"""The input path that reads standard input."""
STDOUT = "-"
"""The output path that writes standard output."""


class InternalError(click.ClickException):
    """A failure that is trtreport's fault, not the input's: exit status 3."""

    exit_code = 3


class Progress:
    """What the run is doing, on one line of a terminal's stderr, rewritten in place.

    A disabled one (stderr is not a terminal, ``--quiet``) prints nothing. The line names the
    stage (reading each input, with a percentage of its size; joining; looking for findings;
    rendering; writing) and is erased when the run ends, so nothing is left in a scrollback.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._shown = False

    def show(self, text: str) -> None:
        """Replace the line with ``text``."""
        if self.enabled:
            click.echo(f"\r{printable(text)}\033[K", err=True, nl=False)
            self._shown = True

    def clear(self) -> None:
        """Erase the line (before the summary, or an error, is printed)."""
        if self._shown:
            click.echo("\r\033[K", err=True, nl=False)
            self._shown = False


class _Meter:
    """A binary stream that shows on a :class:`Progress` how much of it has been read.

    The line is rewritten at most once per percent, so a log of hundreds of MB costs a few
    hundred writes.
    """

    def __init__(self, raw: BinaryIO, name: str, total: int, progress: Progress) -> None:
        self._raw = raw
        self._name = name
        self._total = total
        self._progress = progress
        self._done = 0
        self._percent = -1

    def read(self, size: int = -1) -> bytes:
        """Read from the wrapped stream and update the progress line."""
        data = self._raw.read(size)
        self._done += len(data)
        percent = min(100, self._done * 100 // self._total) if self._total else 100
        if percent != self._percent:
            self._percent = percent
            self._progress.show(f"Reading {self._name}: {percent:3d}% of {human_size(self._total)}")
        return data


_QUIET = Progress(enabled=False)


class _Tee:
    """A binary stream that copies what is read from it into a spool file: standard input can
    be read only once, and the findings' evidence needs some of its lines again."""

    def __init__(self, raw: BinaryIO, spool: BinaryIO) -> None:
        self._raw = raw
        self._spool = spool

    def read(self, size: int = -1) -> bytes:
        """Read from the wrapped stream and keep a copy."""
        data = self._raw.read(size)
        self._spool.write(data)
        return data


@contextlib.contextmanager
def _open_input(
    path: str,
    progress: Progress = _QUIET,
    spool: BinaryIO | None = None,
    *,
    hashing: bool = True,
    stream: bool = False,
) -> Iterator[HashingReader]:
    """Open an input (``-`` is stdin, copied into ``spool`` when given) as a hashing binary
    stream (a file read again without ``hashing``: the plain file; a log, read as a
    ``stream``, hashed in a thread of its own); errors become InputError."""
    if path == STDIN:
        buffer = getattr(sys.stdin, "buffer", None)
        if buffer is None:  # `trtreport - <&-`: Python then has no sys.stdin at all
            raise InputError(
                "<stdin>", "standard input is closed: pipe the input in, or give its file name"
            )
        progress.show("Reading standard input")
        source = _Tee(buffer, spool) if spool is not None else buffer
        yield HashingReader(source, threaded=stream)  # type: ignore[arg-type]
        return
    if Path(path).is_dir():
        raise InputError(path, "is a directory, not a file")
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 - closed by the with below
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as exc:
        raise InputError(path, f"cannot be opened ({exc.strerror or exc})") from None
    with handle:
        if not hashing:
            yield handle  # type: ignore[misc]
            return
        if not progress.enabled:
            yield HashingReader(handle, threaded=stream)
            return
        meter = _Meter(handle, Path(path).name, Path(path).stat().st_size, progress)
        yield HashingReader(meter, threaded=stream)  # type: ignore[arg-type]


def as_text(name: str) -> str:
    """A command-line argument or file name as text the outputs can hold: the bytes of a
    non-UTF-8 name (which Python keeps as lone surrogates) become U+FFFD."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate that is no escaped byte
        return name.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def _record(role: str, path: str, reader: HashingReader) -> InputFile:
    """The archive record of an input: base name, SHA-256 and size of its bytes."""
    name = "<stdin>" if path == STDIN else as_text(Path(path).name)
    return InputFile(role=role, name=name, sha256=reader.hexdigest(), size=reader.size)


def _read_json_input(role: str, path: str, progress: Progress) -> tuple[str, InputFile]:
    """Read a JSON input whole (gzip and BOMs allowed) and its archive record."""
    with _open_input(path, progress) as reader:
        try:
            text = read_text(reader, path)
        except OSError as exc:
            raise InputError(path, f"cannot be read ({exc})") from None
        return text, _record(role, path, reader)


def load_report(
    log_path: str | None,
    layers_path: str | None,
    profile_path: str | None,
    title: str | None,
    times_path: str | None = None,
    *,
    progress: Progress = _QUIET,
) -> Report:
    """Read and join every input into the report model, with its findings.

    ``log_path`` is ``None`` for a report from the layer file (and profile) alone; ``-`` for
    any path reads standard input. Bad input raises :class:`~trtreport.errors.InputError`.
    """
    with contextlib.ExitStack() as stack:
        spool = stack.enter_context(tempfile.TemporaryFile()) if log_path == STDIN else None
        return _load_report(log_path, layers_path, profile_path, title, times_path, progress, spool)


def _load_report(
    log_path: str | None,
    layers_path: str | None,
    profile_path: str | None,
    title: str | None,
    times_path: str | None,
    progress: Progress,
    spool: BinaryIO | None,
) -> Report:
    """:func:`load_report`, with standard input copied into ``spool``."""
    log: BuildLog | None = None
    layer_file: LayerFile | None = None
    profile: Profile | None = None
    times: IterationTimes | None = None
    records: list[InputFile] = []
    if log_path is not None:
        with _open_input(log_path, progress, spool, stream=True) as reader:
            try:
                lines = open_text_lines(reader, log_path)
                log = parse_build_log(lines, log_path, shown_only=True)
                reader.drain()
            except OSError as exc:
                raise InputError(log_path, f"cannot be read ({exc})") from None
            if lines.lines_cut:
                stats = dataclasses.replace(log.stats, lines_cut=lines.lines_cut)
                log = dataclasses.replace(log, stats=stats)
            records.append(_record("log", log_path, reader))
    if layers_path is not None:
        text, record = _read_json_input("layers", layers_path, progress)
        layer_file = parse_layer_file(text, layers_path)
        records.append(record)
    if profile_path is not None:
        text, record = _read_json_input("profile", profile_path, progress)
        profile = parse_profile(text, profile_path)
        records.append(record)
    if times_path is not None:
        text, record = _read_json_input("times", times_path, progress)
        times = parse_times(text, times_path)
        records.append(record)
    progress.show("Joining the inputs")
    joined = build_report(log, layer_file, profile, times=times, inputs=tuple(records), title=title)
    progress.show("Looking for findings")
    from trtreport.analysis import analyse  # imported once the inputs are read: see _json_chunks
    from trtreport.analysis.evidence import attach_evidence, wanted_lines

    report = analyse(joined)
    if log_path is None:
        return report
    progress.show("Reading the findings' log lines")
    return attach_evidence(report, _log_lines(log_path, wanted_lines(report), spool))


def _log_lines(log_path: str, wanted: set[int], spool: BinaryIO | None) -> dict[int, str]:
    """The text of the ``wanted`` lines of the log (or of standard input's copy in
    ``spool``), read again up to the last of them: the findings show them as evidence."""
    numbers = sorted(number for number in wanted if number > 0)
    if not numbers:
        return {}
    with contextlib.ExitStack() as stack:
        if spool is not None:
            spool.seek(0)
            source: BinaryIO | HashingReader = spool
        else:
            source = stack.enter_context(_open_input(log_path, hashing=False))
        try:
            return lines_at(source, numbers, log_path)
        except OSError as exc:
            raise InputError(log_path, f"cannot be read ({exc})") from None


def _json_start(path: str) -> str:
    """``{`` or ``[`` when a file (gzip-compressed or not) begins, past blanks and a BOM, like a
    JSON object or an array of objects or strings (no log line starts so); ``""`` otherwise."""
    try:
        with Path(path).open("rb") as handle:
            head = handle.read(4096)
            if head[:2] == b"\x1f\x8b":
                handle.seek(0)
                with gzip.open(handle) as unpacked:
                    head = unpacked.read(4096)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (OSError, EOFError) as exc:
        raise InputError(path, f"cannot be read ({exc})") from None
    start = head.replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").decode("latin-1")
    if looks_like_model(start):
        return "{"
    if start[:1] == "[" and start[1:].lstrip()[:1] in ("{", '"'):
        return "["
    return ""


def read_model(path: str, progress: Progress = _QUIET) -> tuple[Report, InputFile]:
    """The report model a ``--json`` run wrote, with its findings made anew by this version's
    rules (so that a model and the log it came from give the same comparison)."""
    text, record = _read_json_input("baseline", path, progress)
    decoded = report_from_json(text, path)
    from trtreport.analysis import analyse

    return analyse(dataclasses.replace(decoded, findings=(), summary=None)), record


def load_baseline(
    path: str,
    layers_path: str | None = None,
    profile_path: str | None = None,
    times_path: str | None = None,
    *,
    progress: Progress = _QUIET,
) -> tuple[Report, BaselineInfo]:
    """Read the baseline: a build log (with its own layer, profile and times files) or the
    ``--json`` model an earlier run wrote."""
    if path == STDIN:
        raise InputError(path, "the baseline cannot be read from standard input; give its file")
    if Path(path).is_dir():
        raise InputError(path, "is a directory, not a file")
    start = _json_start(path)
    if start == "[":
        raise InputError(
            path,
            "is one of trtexec's JSON files, not a baseline: give the earlier build's log (its "
            "JSON files go with --baseline-layers, --baseline-profile, --baseline-times) or the "
            "--json model an earlier trtreport run wrote",
        )
    if start == "{":
        if layers_path or profile_path or times_path:
            raise click.UsageError(
                "--baseline-layers, --baseline-profile and --baseline-times go with a baseline "
                f"build log; {path} is a model JSON, which already holds them"
            )
        base, record = read_model(path, progress)
        source, model_file = "model", record
    else:
        base = load_report(path, layers_path, profile_path, None, times_path, progress=progress)
        source, model_file = "log", None
    info = BaselineInfo(
        title=base.header.title,
        tensorrt_version=base.header.tensorrt_version,
        source=source,
        inputs=base.header.inputs,
        model_file=model_file,
    )
    return base, info


def _json_chunks(report: Report) -> Iterator[str]:
    """The ``--json`` document in pieces (the renderer is imported only when it is needed:
    a run that fails on its input should not pay for Jinja2)."""
    from trtreport.render.jsonmodel import report_json_chunks

    return iter(report_json_chunks(report))


def _fail_on(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> list[Condition]:
    """Parse every ``--fail-on`` value; a malformed one is a usage error."""
    conditions = []
    for value in values:
        try:
            conditions.append(parse_condition(value))
        except ValueError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return conditions


def default_output(input_path: str) -> Path:
    """The input's name with ``.html``, in the current directory (``report.html`` for stdin).

    The input is the build log, or the layer file of a report made without one.
    """
    if input_path == STDIN:
        return Path("report.html")
    name = Path(input_path).name
    if name.endswith(".gz"):
        name = name[: -len(".gz")]
    stem = Path(name).stem or name
    return Path(f"{stem}.html")


@dataclass(frozen=True, slots=True)
class Output:
    """One output a run writes: the option that asked for it, where it goes, how it is made.

    ``path`` is ``-`` for standard output (one output at most). Another output is one more
    ``Output(...)`` in :func:`main`'s list: checking, rendering and writing are shared.
    """

    option: str
    what: str
    """What it is, for the summary line (``model`` in ``...; model in m.json``)."""
    path: str
    render: Callable[[Report], str | Iterable[str]]
    """The text, or its pieces (written as they come: the JSON model of a large engine)."""


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (existing or not)."""
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links: refused when written
        return False


def _check_outputs(outputs: Sequence[Output], inputs: Sequence[str]) -> None:
    """Refuse standard output twice, an output over an input, or one path for two outputs."""
    to_stdout = [out.option for out in outputs if out.path == STDOUT]
    if len(to_stdout) > 1:
        raise click.UsageError(
            f"{' and '.join(to_stdout)} both ask for standard output ('-'); only one output "
            "can go there: give the others a file name."
        )
    if sum(1 for path in inputs if path == STDIN) > 1:
        raise click.UsageError("only one input can be read from standard input ('-').")
    files = [out for out in outputs if out.path != STDOUT and not is_stream(out.path)]
    for out in files:
        for src in inputs:
            if src != STDIN and _same_file(Path(out.path), Path(src)):
                raise OutputError(out.path, "is one of the inputs; choose another output path")
        if Path(out.path).is_dir():
            raise OutputError(out.path, "is a directory; give a file name")
    for i, out in enumerate(files):
        for earlier in files[:i]:
            if _same_file(Path(out.path), Path(earlier.path)):
                raise OutputError(out.path, f"is given for both {earlier.option} and {out.option}")


def write_outputs(targets: Sequence[tuple[str, str | Iterable[str]]]) -> None:
    """Write every ``(path, text)``; ``-`` is standard output. All or nothing for files.

    Plain files (new, existing, or the file a symbolic link points to) go to temporary files
    beside them, renamed into place only once all of them and every stream are written, so a
    failure leaves no half-written file and replaces none. Devices, FIFOs and ``/dev/stdout``
    are streams: they are opened and written, never replaced. The one output to standard
    output is written last. Text is UTF-8 with ``\n`` line endings.
    """
    files: list[tuple[Path, str | Iterable[str]]] = []
    streams: list[tuple[str, str | Iterable[str]]] = []
    for path, text in targets:
        if path == STDOUT:
            continue
        if is_stream(path):
            streams.append((path, text))
        else:
            files.append((_link_target(path), text))
    with _staged(files) as staged:
        for path, text in streams:
            _write_stream(path, text)
        _commit(staged)
    for path, text in targets:
        if path == STDOUT:
            _write_stdout(text)


def is_stream(path: str) -> bool:
    """Whether an output path names something to write to rather than a file to replace: a
    device, FIFO or socket (through any symbolic links), or anything under ``/dev`` and
    ``/proc`` (``/dev/stdout`` points to a pipe that has no name to replace)."""
    if os.name == "posix" and Path(path).absolute().parts[1:2] in (("dev",), ("proc",)):
        return True
    try:
        mode = Path(path).stat().st_mode
    except OSError:  # not there yet (or a dangling link): a file to create
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _link_target(path: str) -> Path:
    """The file an output path names: a symbolic link's final target (so that the link stays
    and the file it points to is replaced), the path itself otherwise."""
    if not Path(path).is_symlink():
        return Path(path)
    try:
        return Path(path).resolve(strict=False)
    except (OSError, RuntimeError) as exc:  # a loop of links
        raise OutputError(path, f"is a symbolic link that cannot be followed ({exc})") from None


def _pieces(text: str | Iterable[str]) -> Iterable[str]:
    """An output's text as pieces to write."""
    return (text,) if isinstance(text, str) else text


def _write_stream(path: str, text: str | Iterable[str]) -> None:
    """Write ``text`` to a device or FIFO as it is (a write error, a full device, is an error)."""
    try:
        with Path(path).open("wb") as handle:
            for piece in _pieces(text):
                handle.write(piece.encode("utf-8"))
    except OSError as exc:
        raise OutputError(path, f"cannot be written ({exc.strerror or exc})") from None


def _write_stdout(text: str | Iterable[str]) -> None:
    """Write ``text`` to standard output; a reader that stops early (``| head``) is no error."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        raise OutputError("<stdout>", "standard output is closed: give the output a file name")
    try:
        for piece in _pieces(text):
            stream.write(piece.encode("utf-8"))
        stream.flush()
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit: point it at nothing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise SystemExit(1) from None
    except OSError as exc:
        raise OutputError("<stdout>", f"cannot be written ({exc.strerror or exc})") from None


TEMP_MARK = ".trtreport-"
"""Part of every temporary output's name: ``.report.html.trtreport-4242-x7jcnzr9.tmp``."""
_TEMP_NAME = re.compile(r"\.(?P<name>.+)\.trtreport-(?P<pid>\d{1,10})-[A-Za-z0-9_]+\.tmp\Z")


def _remove_stale_temporaries(directory: Path, name: str) -> None:
    """Remove the temporary files of ``name`` that a killed run left in ``directory``: those
    whose process no longer runs (never another live run's)."""
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return
    try:
        entries = list(directory.glob(f".{glob_escape(name)}{TEMP_MARK}*.tmp"))
    except OSError:
        return
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if match is None or match.group("name") != name:
            continue
        pid = int(match.group("pid"))
        if pid == os.getpid():
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                entry.unlink()
        except OSError:  # alive, someone else's
            continue


def glob_escape(name: str) -> str:
    """``name`` with the characters :meth:`Path.glob` reads as patterns escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)


@contextlib.contextmanager
def _staged(
    targets: Sequence[tuple[Path, str | Iterable[str]]],
) -> Iterator[list[tuple[str, Path]]]:
    """Write every ``(path, text)`` to a temporary file beside it; yield ``(temporary, path)``
    pairs, and remove whatever temporary file is left at the end, whatever ends it."""
    staged: list[tuple[str, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for path, text in targets:
            directory = path.parent if str(path.parent) else Path()
            _remove_stale_temporaries(directory, path.name)
            with signals_held():  # a file made is a file listed for removal
                try:
                    fd, tmp = tempfile.mkstemp(
                        prefix=f".{path.name}{TEMP_MARK}{os.getpid()}-",
                        suffix=".tmp",
                        dir=directory,
                    )
                except OSError as exc:
                    raise OutputError(
                        str(path), f"cannot be written ({exc.strerror or exc})"
                    ) from None
                staged.append((tmp, path))
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    for piece in _pieces(text):
                        handle.write(piece)
                Path(tmp).chmod(0o666 & ~umask)
            except OSError as exc:  # a full disk, a quota
                raise OutputError(str(path), f"cannot be written ({exc.strerror or exc})") from None
        yield staged
    finally:
        with signals_held():  # a signal now would stop the removal half-way
            for tmp, _ in staged:
                with contextlib.suppress(OSError):
                    Path(tmp).unlink()


def _commit(staged: Sequence[tuple[str, Path]]) -> None:
    """Rename every staged temporary file into place (all of them: a signal waits)."""
    with signals_held():
        for tmp, path in staged:
            try:
                Path(tmp).replace(path)
            except OSError as exc:
                raise OutputError(str(path), f"cannot be written ({exc.strerror or exc})") from None


def human_size(size: int) -> str:
    """A byte count as people read it (``812.4 kB``)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _summary(report: Report, written: Sequence[tuple[Output, str | Iterable[str]]]) -> str:
    """The line printed on success: where the report went, its size, and the other outputs."""
    parts: list[str] = []
    for out, text in written:
        if out.option == "--output":
            size = human_size(len(text.encode("utf-8")) if isinstance(text, str) else 0)
            where = "the report to standard output" if out.path == STDOUT else out.path
            parts.insert(0, f"Wrote {where} ({len(report.layers)} layers, {size})")
        else:
            where = "on standard output" if out.path == STDOUT else f"in {out.path}"
            parts.append(f"{out.what} {where}")
    if report.comparison is not None:
        parts.append(
            "no change since the baseline"
            if report.comparison.is_empty
            else "compared with the baseline"
        )
    return "; ".join(parts)


EPILOG = (
    "\b\nConditions for --fail-on (those that compare need --baseline):\n"
    + "\n".join(f"  {line}" for line in describe_conditions().splitlines())
    + """

\b
Exit status: 0 the report was written; 1 an input is missing, unreadable, of the
wrong kind or broken, or an output cannot be written (one line naming the file);
2 a malformed command line, or a --fail-on condition these inputs cannot decide;
3 a bug in trtreport (TRTREPORT_DEBUG=1 shows the traceback); 4 a --fail-on
condition was met (every output is written first, then one line per condition);
130, 143, 129 stopped by SIGINT (Ctrl-C), SIGTERM, SIGHUP (no half-written file).

\b
Examples:
  trtreport build.log --layers info.json --profile profile.json -o report.html
  trtreport mr.log --baseline main.model.json --markdown - --fail-on new-finding
"""
)

_INPUT = click.Path(allow_dash=True, path_type=str)
"""Input paths: a file name, or ``-`` for standard input (file names complete in the shell;
missing or unreadable files are reported by trtreport itself, naming the file, exit 1)."""
_OUTPUT = click.Path(allow_dash=True, path_type=str)
"""Output paths: a file name, or ``-`` for standard output."""


@click.command(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG)
@click.argument("build_log", metavar="[BUILD_LOG]", required=False, type=_INPUT)
@click.option(
    "--layers",
    "layers_path",
    metavar="JSON",
    type=_INPUT,
    help="Layer information written by trtexec --exportLayerInfo (detailed or names only). "
    "It adds formats, kernels and ONNX node names to the engine layers. Without BUILD_LOG, "
    "the report is made from it (and --profile) alone.",
)
@click.option(
    "--profile",
    "profile_path",
    metavar="JSON",
    type=_INPUT,
    help="Per-layer timings written by trtexec --exportProfile. They add time per layer.",
)
@click.option(
    "--times",
    "times_path",
    metavar="JSON",
    type=_INPUT,
    help="Per-iteration timings written by trtexec --exportTimes. They add latency "
    "statistics (one run per file: concatenated runs are refused).",
)
@click.option(
    "-o",
    "--output",
    "output_path",
    metavar="OUT",
    type=_OUTPUT,
    help="Where to write the HTML report; - writes it to standard output. The default is the "
    "log's name with .html, in the current directory. An existing file is replaced, but never "
    "one of the inputs.",
)
@click.option(
    "--json",
    "json_path",
    metavar="MODEL",
    type=_OUTPUT,
    help="Also write the report's data model as JSON (schema in docs/model-schema.md), for "
    "scripts and CI checks; - writes it to standard output.",
)
@click.option(
    "--markdown",
    "markdown_path",
    metavar="FILE",
    type=_OUTPUT,
    help="Also write a short Markdown summary for a merge-request comment (GitHub or GitLab): "
    "the headline figures, the top findings and, with --baseline, the top changes; - writes "
    "it to standard output.",
)
@click.option(
    "--baseline",
    "baseline_path",
    metavar="BASE",
    type=click.Path(path_type=str),
    help="Compare with an earlier build: its build log, or the model JSON an earlier run wrote "
    "with --json. The report then opens with what changed.",
)
@click.option(
    "--baseline-layers",
    "baseline_layers_path",
    metavar="JSON",
    type=click.Path(path_type=str),
    help="The baseline build's --exportLayerInfo file (with a baseline build log).",
)
@click.option(
    "--baseline-profile",
    "baseline_profile_path",
    metavar="JSON",
    type=click.Path(path_type=str),
    help="The baseline build's --exportProfile file (with a baseline build log).",
)
@click.option(
    "--baseline-times",
    "baseline_times_path",
    metavar="JSON",
    type=click.Path(path_type=str),
    help="The baseline build's --exportTimes file (with a baseline build log).",
)
@click.option(
    "--fail-on",
    "fail_on",
    metavar="CONDITION",
    multiple=True,
    callback=_fail_on,
    help="After writing every output, exit with status 4 when CONDITION is met (repeatable; "
    "the conditions are listed below).",
)
@click.option(
    "--title",
    metavar="TEXT",
    help="Title of the report. The default is the model's file name.",
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print nothing on success: no progress, no summary line. Errors are still printed.",
)
@click.version_option(__version__, "--version", prog_name="trtreport")
def main(
    build_log: str | None,
    layers_path: str | None,
    profile_path: str | None,
    times_path: str | None,
    output_path: str | None,
    json_path: str | None,
    markdown_path: str | None,
    baseline_path: str | None,
    baseline_layers_path: str | None,
    baseline_profile_path: str | None,
    baseline_times_path: str | None,
    fail_on: list[Condition],
    title: str | None,
    quiet: bool,
) -> None:
    """Turn a TensorRT build log into one self-contained HTML report.

    BUILD_LOG is what `trtexec --verbose` (or a Python builder with a VERBOSE logger) printed.
    It may be gzip-compressed, and `-` reads it from standard input. Without it, --layers
    (and --profile) make a report of an engine whose build log is gone. The report opens in
    any browser without a network and is byte-identical for the same inputs.
    """
    if title is not None:
        title = as_text(title)
    primary = build_log if build_log is not None else layers_path
    if primary is None:
        raise click.UsageError(
            "give BUILD_LOG, or --layers JSON for a report from the layer information alone."
        )
    outputs = [
        Output("--output", "report", output_path or str(default_output(primary)), render_html)
    ]
    if json_path:
        outputs.append(Output("--json", "model", json_path, _json_chunks))
    if markdown_path:
        outputs.append(Output("--markdown", "summary", markdown_path, to_markdown))
    baseline_inputs = (baseline_layers_path, baseline_profile_path, baseline_times_path)
    if baseline_path is None and any(p is not None for p in baseline_inputs):
        raise click.UsageError(
            "--baseline-layers, --baseline-profile and --baseline-times need --baseline"
        )
    inputs = [
        p
        for p in (build_log, layers_path, profile_path, times_path, baseline_path, *baseline_inputs)
        if p is not None
    ]
    for path in [*inputs, *(out.path for out in outputs)]:
        if "\x00" in path:  # only a program can pass one; no file system holds it
            raise click.UsageError(f"{printable(path)}: a file name cannot hold a NUL character")
    progress = Progress(enabled=not quiet and sys.stderr.isatty() if sys.stderr else False)
    try:
        _check_outputs(outputs, inputs)
        report = load_report(
            build_log, layers_path, profile_path, title, times_path, progress=progress
        )
        if baseline_path is not None:
            base, info = load_baseline(baseline_path, *baseline_inputs, progress=progress)
            progress.show("Comparing with the baseline")
            from trtreport.compare import compare_reports

            report = dataclasses.replace(report, comparison=compare_reports(base, report, info))
        try:
            met = check(fail_on, report)
        except GateUsageError as exc:
            raise click.UsageError(str(exc)) from None
        written: list[tuple[Output, str | Iterable[str]]] = []
        for out in outputs:
            progress.show(f"Rendering {out.option.lstrip('-')}")
            written.append((out, out.render(report)))
        progress.show("Writing")
        write_outputs([(out.path, text) for out, text in written])
        progress.clear()
    except TrtreportError as exc:
        progress.clear()
        raise click.ClickException(printable(str(exc))) from None
    except click.ClickException as exc:
        progress.clear()
        _escape_message(exc)
        raise
    except Exception as exc:
        progress.clear()
        # A bug of ours, not a bad input: one line, a distinct status, the traceback on demand.
        if os.environ.get("TRTREPORT_DEBUG"):
            raise
        raise InternalError(
            printable(
                f"internal error ({type(exc).__name__}: {exc}) while reporting {primary}; "
                "rerun with TRTREPORT_DEBUG=1 for the traceback, and please report it"
            )
        ) from None
    if not quiet:
        click.echo(printable(_summary(report, written)), err=True)
    for line in met:
        click.echo(printable(f"trtreport: {line}"), err=True)
    if met:
        raise SystemExit(4)


def _escape_message(exc: click.ClickException) -> None:
    """Escape a click error's message in place (click declares it final; a usage error must
    keep its context to show the usage line)."""
    exc.__dict__["message"] = printable(exc.message)


SIGNALS = {"SIGINT": 130, "SIGTERM": 143, "SIGHUP": 129}
"""The signals that stop a run, and its exit status for each (128 + the signal's number)."""


def _stop(signum: int, frame: object) -> None:
    """The handler of :data:`SIGNALS`: unwind (removing temporary files) to :func:`run`; a
    second signal is ignored, so that it cannot stop that unwinding half-way."""
    ignore_signals()
    raise Interrupted(signum, signal.Signals(signum).name)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold :data:`SIGNALS` back while the block runs (a temporary file made and listed, the
    renames that put outputs in place, their removal): one that comes meanwhile is acted on
    when the block ends. Where signals cannot be blocked (Windows) the block just runs."""
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:  # pragma: no cover - POSIX has it
        yield
        return
    numbers = {getattr(signal, name) for name in SIGNALS if hasattr(signal, name)}
    previous = block(signal.SIG_BLOCK, numbers)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)


def catch_signals() -> None:
    """Turn :data:`SIGNALS` into :class:`~trtreport.errors.Interrupted` (a signal the shell
    made this process ignore, as ``nohup`` does, stays ignored)."""
    for name in SIGNALS:
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _stop)


def ignore_signals() -> None:
    """Ignore :data:`SIGNALS` while the run says why it stopped (a second Ctrl-C then prints
    no traceback)."""
    for name in SIGNALS:
        signum = getattr(signal, name, None)
        if signum is not None:
            signal.signal(signum, signal.SIG_IGN)


def interrupted_status(stop: BaseException) -> int:
    """The exit status for a run stopped by ``stop`` (an :class:`Interrupted`, or Python's
    own :class:`KeyboardInterrupt`)."""
    name = stop.name if isinstance(stop, Interrupted) else "SIGINT"
    return SIGNALS.get(name, 1)


def run() -> None:
    """Entry point of the ``trtreport`` command (and ``python -m trtreport``): the command,
    with the program name shown in messages, its signals turned into one line and a status,
    and click's own messages (a mistyped option) escaped like every other."""
    catch_signals()
    try:
        try:
            status = main.main(prog_name="trtreport", standalone_mode=False)
        except click.ClickException as exc:
            _escape_message(exc)
            exc.show()
            status = exc.exit_code
        except click.exceptions.Abort:  # click's own view of a Ctrl-C at a prompt
            ignore_signals()
            click.echo("trtreport: interrupted", err=True)
            status = 130
        ignore_signals()  # the run is over: a signal now changes nothing
    except (Interrupted, KeyboardInterrupt) as stop:
        ignore_signals()
        name = stop.name if isinstance(stop, Interrupted) else "SIGINT"
        click.echo(f"trtreport: interrupted ({name})", err=True)
        status = interrupted_status(stop)
    sys.exit(status if isinstance(status, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    run()
