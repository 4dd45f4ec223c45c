"""The ``trtreport`` command: the only module that opens files, prints and picks exit codes.

Exit status: 0 on success; 1 when an input is missing, unreadable, of the wrong kind or broken,
or an output cannot be written (one line on stderr naming the file, and the line where it
applies); 2 for a malformed command line (click's usage errors, and a ``--fail-on`` condition
these inputs cannot decide); 3 for a bug in trtreport itself (one line; ``TRTREPORT_DEBUG=1``
shows the traceback); 4 when a ``--fail-on`` condition is met (every output is written first).
Outputs are written to a temporary file beside the target and renamed into place only when
everything succeeded, so a failure never leaves a half-written report or clobbers an existing
one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import click

from trtreport import __version__
from trtreport.analysis import analyse
from trtreport.baseline import looks_like_model, report_from_json
from trtreport.compare import compare_reports
from trtreport.errors import InputError, OutputError, TrtreportError
from trtreport.gate import Condition, GateUsageError, check, describe_conditions, parse_condition
from trtreport.join import build_report
from trtreport.layerinfo import parse_layer_file
from trtreport.logparse import parse_build_log
from trtreport.model import BaselineInfo, InputFile, IterationTimes, LayerFile, Profile, Report
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


@contextlib.contextmanager
def _open_input(path: str, *, progress: bool = False) -> Iterator[HashingReader]:
    """Open an input (``-`` is stdin) as a hashing binary stream; errors become InputError."""
    if path == STDIN:
        yield HashingReader(sys.stdin.buffer)
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
    layer_file: LayerFile | None = None
    profile: Profile | None = None
    times: IterationTimes | None = None
    records: list[InputFile] = []
    with _open_input(log_path, progress=progress) as reader:
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
    return analyse(joined)


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


def load_baseline(
    path: str,
    layers_path: str | None = None,
    profile_path: str | None = None,
    times_path: str | None = None,
    *,
    progress: bool = False,
) -> tuple[Report, BaselineInfo]:
    """Read the baseline: a build log (with its own layer, profile and times files) or the
    ``--json`` model an earlier run wrote. A model's findings are made anew by this version's
    rules, so that both forms of one baseline give the same comparison."""
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
        text, record = _read_json_input("baseline", path)
        decoded = report_from_json(text, path)
        base = analyse(dataclasses.replace(decoded, findings=(), summary=None))
        info = BaselineInfo(
            title=base.header.title,
            tensorrt_version=base.header.tensorrt_version,
            source="model",
            inputs=base.header.inputs,
            model_file=record,
        )
        return base, info
    base = load_report(path, layers_path, profile_path, None, times_path, progress=progress)
    info = BaselineInfo(
        title=base.header.title,
        tensorrt_version=base.header.tensorrt_version,
        source="log",
        inputs=base.header.inputs,
    )
    return base, info


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
    for i, first in enumerate(outputs):
        for second in outputs[i + 1 :]:
            if _same_file(first, second):
                raise OutputError(str(second), "is given for two outputs; give each its own path")


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


_EPILOG = (
    "\b\nConditions for --fail-on (those that compare need --baseline):\n"
    + "\n".join(f"  {line}" for line in describe_conditions().splitlines())
    + "\n\n\b\nExit status: 0 success; 1 bad input or unwritable output; 2 usage error; "
    "3 internal error;\n4 a --fail-on condition was met (every output is written first)."
    "\n\n\b\nExample:\n  trtreport new.log --layers new.json --baseline main.model.json "
    "--markdown - --fail-on new-finding --fail-on int8-drop=1 -o report.html"
)


@click.command(context_settings={"help_option_names": ["-h", "--help"]}, epilog=_EPILOG)
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
    "--markdown",
    "markdown_path",
    metavar="FILE",
    help="Also write a short Markdown summary for a merge-request comment (GitHub or GitLab): "
    "the headline figures, the top findings and, with --baseline, the top changes. "
    "`-` writes it to standard output.",
)
@click.option(
    "--baseline",
    "baseline_path",
    metavar="BASE",
    help="Compare with an earlier build: its build log, or the model JSON an earlier run wrote "
    "with --json. The report then opens with what changed.",
)
@click.option(
    "--baseline-layers",
    "baseline_layers_path",
    metavar="JSON",
    help="The baseline build's --exportLayerInfo file (with a baseline build log).",
)
@click.option(
    "--baseline-profile",
    "baseline_profile_path",
    metavar="JSON",
    help="The baseline build's --exportProfile file (with a baseline build log).",
)
@click.option(
    "--baseline-times",
    "baseline_times_path",
    metavar="JSON",
    help="The baseline build's --exportTimes file (with a baseline build log).",
)
@click.option(
    "--fail-on",
    "fail_on",
    metavar="CONDITION",
    multiple=True,
    callback=_fail_on,
    help="Exit with status 4 after writing every output when CONDITION is met (repeatable); "
    "conditions are listed below.",
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
    It may be gzip-compressed, and `-` reads it from standard input. The report opens in any
    browser without a network and is byte-identical for the same inputs.
    """
    from trtreport.render import render_html  # heavy (jinja2, pyvis): only when needed
    from trtreport.render.jsonmodel import report_to_json
    from trtreport.render.markdown import render_markdown

    baseline_inputs = (baseline_layers_path, baseline_profile_path, baseline_times_path)
    if baseline_path is None and any(p is not None for p in baseline_inputs):
        raise click.UsageError(
            "--baseline-layers, --baseline-profile and --baseline-times need --baseline"
        )
    out = Path(output_path) if output_path else default_output(build_log)
    outputs = [out] + ([Path(json_path)] if json_path else [])
    if markdown_path and markdown_path != STDIN:
        outputs.append(Path(markdown_path))
    inputs = [
        p
        for p in (build_log, layers_path, profile_path, times_path, baseline_path, *baseline_inputs)
        if p is not None
    ]
    try:
        _check_outputs(outputs, inputs)
        progress = not quiet and sys.stderr.isatty() and build_log != STDIN
        report = load_report(
            build_log, layers_path, profile_path, title, times_path, progress=progress
        )
        if baseline_path is not None:
            base, info = load_baseline(
                baseline_path, *baseline_inputs, progress=not quiet and sys.stderr.isatty()
            )
            report = dataclasses.replace(report, comparison=compare_reports(base, report, info))
        try:
            met = check(fail_on, report)
        except GateUsageError as exc:
            raise click.UsageError(str(exc)) from None
        html = render_html(report)
        targets = [(out, html)]
        if json_path:
            targets.append((Path(json_path), report_to_json(report)))
        markdown = render_markdown(report) if markdown_path else ""
        if markdown_path and markdown_path != STDIN:
            targets.append((Path(markdown_path), markdown))
        _write_atomically(targets)
    except TrtreportError as exc:
        raise click.ClickException(str(exc)) from None
    except click.ClickException:
        raise  # a usage error found once the inputs were read (--fail-on, --baseline-*)
    except Exception as exc:
        # A bug of ours, not a bad input: one line, a distinct status, the traceback on demand.
        if os.environ.get("TRTREPORT_DEBUG"):
            raise
        raise InternalError(
            f"internal error ({type(exc).__name__}: {exc}) while reporting {build_log}; "
            "rerun with TRTREPORT_DEBUG=1 for the traceback, and please report it"
        ) from None
    if markdown_path == STDIN:
        click.echo(markdown, nl=False)
    if not quiet:
        size = human_size(len(html.encode("utf-8")))
        also = f"; model in {json_path}" if json_path else ""
        if markdown_path and markdown_path != STDIN:
            also += f"; summary in {markdown_path}"
        compared = ""
        if report.comparison is not None:
            compared = (
                "; no change since the baseline"
                if report.comparison.is_empty
                else "; compared with the baseline"
            )
        click.echo(f"Wrote {out} ({len(report.layers)} layers, {size}){also}{compared}", err=True)
    for line in met:
        click.echo(f"trtreport: {line}", err=True)
    if met:
        raise SystemExit(4)


def run() -> None:
    """Entry point for ``python -m trtreport`` with the program name shown in messages."""
    main(prog_name="trtreport")


if __name__ == "__main__":  # pragma: no cover
    run()
