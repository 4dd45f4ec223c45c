"""The ``trtreport`` command: the only module that opens files, prints and picks exit codes.

Exit status: 0 on success; 1 when an input is missing, unreadable, of the wrong kind or broken,
or an output cannot be written (one line on stderr naming the file, and the line where it
applies); 2 for a malformed command line (click's usage errors); 3 for a bug in trtreport
itself (one line; ``TRTREPORT_DEBUG=1`` shows the traceback). Outputs are written to a
temporary file beside the target and renamed into place only when everything succeeded, so a
failure never leaves a half-written report or clobbers an existing one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import click

from trtreport import __version__
from trtreport.analysis import analyse
from trtreport.analysis.evidence import attach_evidence, wanted_lines
from trtreport.errors import InputError, OutputError, TrtreportError
from trtreport.join import build_report
from trtreport.layerinfo import parse_layer_file
from trtreport.logparse import parse_build_log
from trtreport.model import InputFile, IterationTimes, LayerFile, Profile, Report
from trtreport.profile import parse_profile, parse_times
from trtreport.textio import HashingReader, open_text_lines, read_text

STDIN = "-"


class InternalError(click.ClickException):
    """A failure that is trtreport's fault, not the input's: exit status 3."""

    exit_code = 3


class _Progress:
    """A binary stream that reports how far it has been read, on a terminal's stderr.

    Only the log is wrapped (it can be hundreds of MB); the line is rewritten in place at
    most every 1 % and erased at the end, so nothing is left behind in a scrollback.
    """

    def __init__(self, raw: BinaryIO, name: str, total: int) -> None:
        self._raw = raw
        self._name = name
        self._total = total
        self._done = 0
        self._shown = -1

    def read(self, size: int = -1) -> bytes:
        """Read from the wrapped stream and update the progress line."""
        data = self._raw.read(size)
        self._done += len(data)
        percent = min(100, self._done * 100 // self._total) if self._total else 100
        if percent != self._shown:
            self._shown = percent
            click.echo(
                f"\rReading {self._name}: {percent:3d}% of {human_size(self._total)}",
                err=True,
                nl=False,
            )
        return data

    def close_line(self) -> None:
        """Erase the progress line."""
        if self._shown >= 0:
            click.echo("\r\033[K", err=True, nl=False)


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
    path: str, *, progress: bool = False, spool: BinaryIO | None = None
) -> Iterator[HashingReader]:
    """Open an input (``-`` is stdin, copied into ``spool`` when given) as a hashing binary
    stream; errors become InputError."""
    if path == STDIN:
        source: BinaryIO = sys.stdin.buffer
        yield HashingReader(_Tee(source, spool) if spool is not None else source)  # type: ignore[arg-type]
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
        if not progress:
            yield HashingReader(handle)
            return
        meter = _Progress(handle, Path(path).name, Path(path).stat().st_size)
        try:
            yield HashingReader(meter)  # type: ignore[arg-type]
        finally:
            meter.close_line()


def _record(role: str, path: str, reader: HashingReader) -> InputFile:
    """The archive record of an input: base name, SHA-256 and size of its bytes."""
    name = "<stdin>" if path == STDIN else Path(path).name
    return InputFile(role=role, name=name, sha256=reader.hexdigest(), size=reader.size)


def _read_json_input(role: str, path: str) -> tuple[str, InputFile]:
    """Read a JSON input whole (gzip and BOMs allowed) and its archive record."""
    with _open_input(path) as reader:
        try:
            text = read_text(reader, path)
        except OSError as exc:
            raise InputError(path, f"cannot be read ({exc})") from None
        return text, _record(role, path, reader)


def load_report(
    log_path: str,
    layers_path: str | None,
    profile_path: str | None,
    title: str | None,
    times_path: str | None = None,
    *,
    progress: bool = False,
) -> Report:
    """Read and join every input into the report model (``progress``: show it on stderr)."""
    records: list[InputFile] = []
    with contextlib.ExitStack() as stack:
        spool = stack.enter_context(tempfile.TemporaryFile()) if log_path == STDIN else None
        return _load_report(
            log_path, layers_path, profile_path, title, times_path, progress, spool, records
        )


def _load_report(
    log_path: str,
    layers_path: str | None,
    profile_path: str | None,
    title: str | None,
    times_path: str | None,
    progress: bool,
    spool: BinaryIO | None,
    records: list[InputFile],
) -> Report:
    """:func:`load_report`, with standard input copied into ``spool``."""
    layer_file: LayerFile | None = None
    profile: Profile | None = None
    times: IterationTimes | None = None
    with _open_input(log_path, progress=progress, spool=spool) as reader:
        try:
            log = parse_build_log(open_text_lines(reader, log_path), log_path)
            reader.drain()
        except OSError as exc:
            raise InputError(log_path, f"cannot be read ({exc})") from None
        records.append(_record("log", log_path, reader))
    if layers_path is not None:
        text, record = _read_json_input("layers", layers_path)
        layer_file = parse_layer_file(text, layers_path)
        records.append(record)
    if profile_path is not None:
        text, record = _read_json_input("profile", profile_path)
        profile = parse_profile(text, profile_path)
        records.append(record)
    if times_path is not None:
        text, record = _read_json_input("times", times_path)
        times = parse_times(text, times_path)
        records.append(record)
    joined = build_report(log, layer_file, profile, times=times, inputs=tuple(records), title=title)
    report = analyse(joined)
    return attach_evidence(report, _log_lines(log_path, wanted_lines(report), spool))


def _log_lines(log_path: str, wanted: set[int], spool: BinaryIO | None) -> dict[int, str]:
    """The text of the ``wanted`` lines of the log (or of standard input's copy in
    ``spool``), read again up to the last of them."""
    found: dict[int, str] = {}
    if not wanted:
        return found
    last = max(wanted)
    with contextlib.ExitStack() as stack:
        if spool is not None:
            spool.seek(0)
            reader = HashingReader(spool)
        else:
            reader = stack.enter_context(_open_input(log_path))
        try:
            for number, text in enumerate(open_text_lines(reader, log_path), 1):
                if number in wanted:
                    found[number] = text
                if number >= last:
                    break
        except OSError as exc:
            raise InputError(log_path, f"cannot be read ({exc})") from None
    return found


def default_output(log_path: str) -> Path:
    """The log's name with ``.html``, in the current directory (``report.html`` for stdin)."""
    if log_path == STDIN:
        return Path("report.html")
    name = Path(log_path).name
    if name.endswith(".gz"):
        name = name[: -len(".gz")]
    stem = Path(name).stem or name
    return Path(f"{stem}.html")


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (existing or not)."""
    try:
        if a.exists() and b.exists():
            return a.samefile(b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _check_outputs(outputs: list[Path], inputs: list[str]) -> None:
    """Refuse to write over an input or twice to the same path."""
    for out in outputs:
        for src in inputs:
            if src != STDIN and _same_file(out, Path(src)):
                raise OutputError(str(out), "is one of the inputs; choose another output path")
        if out.is_dir():
            raise OutputError(str(out), "is a directory; give a file name")
    if len(outputs) == 2 and _same_file(outputs[0], outputs[1]):
        raise OutputError(str(outputs[1]), "is given for both the HTML and the JSON output")


def _write_atomically(targets: list[tuple[Path, str]]) -> None:
    """Write every ``(path, text)`` to a temporary file, then rename them all into place."""
    staged: list[tuple[str, Path]] = []
    umask = os.umask(0)
    os.umask(umask)
    try:
        for path, text in targets:
            directory = path.parent if str(path.parent) else Path()
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
            except OSError as exc:
                raise OutputError(str(path), f"cannot be written ({exc.strerror or exc})") from None
            staged.append((tmp, path))
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
                Path(tmp).chmod(0o666 & ~umask)
            except OSError as exc:  # a full disk, a quota
                raise OutputError(str(path), f"cannot be written ({exc.strerror or exc})") from None
        for tmp, path in staged:
            try:
                Path(tmp).replace(path)
            except OSError as exc:
                raise OutputError(str(path), f"cannot be written ({exc.strerror or exc})") from None
    finally:
        for tmp, _ in staged:
            with contextlib.suppress(FileNotFoundError):
                Path(tmp).unlink()


def human_size(size: int) -> str:
    """A byte count as people read it (``812.4 kB``)."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("build_log", metavar="BUILD_LOG")
@click.option(
    "--layers",
    "layers_path",
    metavar="JSON",
    help="Layer information written by trtexec --exportLayerInfo (detailed or names only). "
    "It adds formats, kernels and ONNX node names to the engine layers.",
)
@click.option(
    "--profile",
    "profile_path",
    metavar="JSON",
    help="Per-layer timings written by trtexec --exportProfile. They add time per layer.",
)
@click.option(
    "--times",
    "times_path",
    metavar="JSON",
    help="Per-iteration timings written by trtexec --exportTimes. They add latency "
    "statistics (one run per file: concatenated runs are refused).",
)
@click.option(
    "-o",
    "--output",
    "output_path",
    metavar="OUT",
    help="Where to write the HTML report. The default is the log's name with .html, in the "
    "current directory. An existing file is replaced, but never one of the inputs.",
)
@click.option(
    "--json",
    "json_path",
    metavar="MODEL",
    help="Also write the report's data model as JSON (schema in docs/model-schema.md), for "
    "scripts and CI checks.",
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
    build_log: str,
    layers_path: str | None,
    profile_path: str | None,
    times_path: str | None,
    output_path: str | None,
    json_path: str | None,
    title: str | None,
    quiet: bool,
) -> None:
    """Turn a TensorRT build log into one self-contained HTML report.

    BUILD_LOG is what `trtexec --verbose` (or a Python builder with a VERBOSE logger) printed.
    It may be gzip-compressed, and `-` reads it from standard input. The report opens in any
    browser without a network and is byte-identical for the same inputs.
    """
    from trtreport.render import render_html  # heavy (jinja2, pyvis): only when needed
    from trtreport.render.jsonmodel import report_to_json

    out = Path(output_path) if output_path else default_output(build_log)
    outputs = [out] + ([Path(json_path)] if json_path else [])
    inputs = [p for p in (build_log, layers_path, profile_path, times_path) if p is not None]
    try:
        _check_outputs(outputs, inputs)
        progress = not quiet and sys.stderr.isatty() and build_log != STDIN
        report = load_report(
            build_log, layers_path, profile_path, title, times_path, progress=progress
        )
        html = render_html(report)
        targets = [(out, html)]
        if json_path:
            targets.append((Path(json_path), report_to_json(report)))
        _write_atomically(targets)
    except TrtreportError as exc:
        raise click.ClickException(str(exc)) from None
    except Exception as exc:
        # A bug of ours, not a bad input: one line, a distinct status, the traceback on demand.
        if os.environ.get("TRTREPORT_DEBUG"):
            raise
        raise InternalError(
            f"internal error ({type(exc).__name__}: {exc}) while reporting {build_log}; "
            "rerun with TRTREPORT_DEBUG=1 for the traceback, and please report it"
        ) from None
    if quiet:
        return
    size = human_size(len(html.encode("utf-8")))
    also = f"; model in {json_path}" if json_path else ""
    click.echo(f"Wrote {out} ({len(report.layers)} layers, {size}){also}", err=True)


def run() -> None:
    """Entry point for ``python -m trtreport`` with the program name shown in messages."""
    main(prog_name="trtreport")


if __name__ == "__main__":  # pragma: no cover
    run()
