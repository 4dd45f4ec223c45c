"""trtreport: turn a TensorRT verbose build log into one self-contained HTML report.

The Python API is a few functions; the ``trtreport`` command is built on them::

    import trtreport

    report = trtreport.build_report("build.log", layers="info.json", profile="profile.json")
    html = trtreport.render_html(report)  # one self-contained page, as a str
    model = trtreport.to_json(report)  # the --json document, as a str
    print(len(report.layers), report.summary.int8_compute_share if report.summary else None)

    # what a change did: compare with an earlier build (its report, or the model CI kept)
    main = trtreport.read_model("main.model.json")
    changed = trtreport.compare_builds(main, report, source="model")
    summary = trtreport.to_markdown(changed)  # the merge-request comment

:func:`build_report` reads the files; :func:`render_html` and :func:`to_json` only turn the
:class:`~trtreport.model.Report` (frozen dataclasses, see ``docs/model-schema.md``) into text,
so writing it anywhere is the caller's choice. A bad input raises :class:`InputError` (its
message names the file and line) and nothing else is written or printed.

Importing this package is cheap: each function imports the stage it needs when it is called.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
"""True for type checkers only. Not imported from :mod:`typing`: ``python -m trtreport`` runs
this module before its signal handlers are set, so it imports nothing it can do without (the
errors too are imported when first asked for, by :func:`__getattr__`)."""
if TYPE_CHECKING:
    from trtreport.errors import InputError, MismatchError, OutputError, TrtreportError
    from trtreport.model import Report

_ERRORS = frozenset({"InputError", "MismatchError", "OutputError", "TrtreportError"})


def __getattr__(name: str) -> object:
    """The error classes, from :mod:`trtreport.errors` (``trtreport.InputError``)."""
    if name in _ERRORS:
        from trtreport import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'trtreport' has no attribute {name!r}")


__version__ = "0.1.0"

__all__ = [
    "InputError",
    "MismatchError",
    "OutputError",
    "TrtreportError",
    "__version__",
    "build_report",
    "compare_builds",
    "read_model",
    "render_html",
    "to_json",
    "to_markdown",
]

PathArg = str | os.PathLike[str]
"""A path to an input file; ``"-"`` reads standard input."""


def build_report(
    log: PathArg | None,
    *,
    layers: PathArg | None = None,
    profile: PathArg | None = None,
    times: PathArg | None = None,
    title: str | None = None,
) -> Report:
    """Read one build's files and return its report model, findings included.

    ``log`` is the verbose build log (plain, gzip-compressed, UTF-16...), or ``None`` for a
    report from ``layers`` (and ``profile``) alone, of an engine whose log is gone.
    ``layers``, ``profile`` and ``times`` are the files trtexec writes with
    ``--exportLayerInfo``, ``--exportProfile`` and ``--exportTimes``. ``title`` replaces the
    report's title (the model's file name by default).

    Raises :class:`InputError` (a :class:`MismatchError` when the files are of different
    builds) for a missing, unreadable or broken input, and :class:`ValueError` when neither
    ``log`` nor ``layers`` is given.
    """
    from trtreport.cli import load_report  # the one module that opens files

    if log is None and layers is None:
        raise ValueError("build_report needs a log, or layers for a report without one")
    return load_report(_path(log), _path(layers), _path(profile), title, _path(times))


def read_model(path: PathArg) -> Report:
    """The report model that an earlier ``--json`` run wrote (a baseline kept by CI), its
    findings made anew by this version's rules. Raises :class:`InputError` for a file that is
    not such a model, or one of another schema version."""
    from trtreport.cli import read_model as read

    return read(os.fspath(path))[0]


def compare_builds(baseline: Report, report: Report, *, source: str = "log") -> Report:
    """``report`` with what changed since ``baseline`` (its ``comparison``); both are reports
    :func:`build_report` or :func:`read_model` gave, and ``source`` says which the baseline's
    was (``log`` or ``model``), as the report tells its reader."""
    from dataclasses import replace

    from trtreport.compare import compare_reports
    from trtreport.model import BaselineInfo

    info = BaselineInfo(
        title=baseline.header.title,
        tensorrt_version=baseline.header.tensorrt_version,
        source=source,
        inputs=baseline.header.inputs,
    )
    return replace(report, comparison=compare_reports(baseline, report, info))


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (same report, same text)."""
    from trtreport.render import render_html as render

    return render(report)


def to_json(report: Report) -> str:
    """The report model as the ``--json`` document: compact, sorted keys, ending in a newline."""
    from trtreport.render.jsonmodel import report_to_json

    return report_to_json(report)


def to_markdown(report: Report) -> str:
    """The short Markdown summary for a merge-request comment (a comparison when ``report``
    has one), ending in a newline."""
    from trtreport.render.markdown import render_markdown

    return render_markdown(report)


def _path(path: PathArg | None) -> str | None:
    """A path argument as the string the reader takes."""
    return None if path is None else os.fspath(path)
