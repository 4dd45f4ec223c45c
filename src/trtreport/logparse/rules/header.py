"""Rules of the run header: ``=== ... ===`` option blocks, the TensorRT version, library
loads, the ``&&&&`` banner, and the marker of a cut log."""

from __future__ import annotations

import re

from trtreport.logparse.rules.base import rule, understood
from trtreport.logparse.state import LogState, Mode, OpenSection, decode_version
from trtreport.model import LineSample

COLLECTED_SECTIONS = frozenset({"Device Information"})
"""``=== X ===`` blocks read as key/value besides every ``... Options`` block."""


def _section_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """Open a ``=== Title ===`` block; a second ``Model Options`` starts a new build."""
    title = match.group("title").strip()
    build = state.current
    if title == "Model Options" and (
        build.has_section(title) or build.engine_layers or build.ends.status
    ):
        build = state.start_build(line)
    if title.endswith("Options") or title in COLLECTED_SECTIONS:
        build.section = OpenSection(title, line)
        state.mode = Mode.OPTIONS
    elif title == "Performance summary":
        build.reach("inference")
        state.mode = Mode.PERFORMANCE
    elif title.startswith("Profile"):
        build.reach("inference")
    return True


SECTION_HEADER = rule(
    "section-header",
    "=== ",
    r"=== (?P<title>[^=].*?) ===\s*\Z",
    _section_header,
    examples=("=== Build Options ===",),
    note="``Key: value`` lines follow as a block",
)


def _tensorrt_version(state: LogState, match: re.Match[str], line: int) -> bool:
    """``TensorRT version: 8.5.10`` (or the packed ``8003``)."""
    version = decode_version(match.group("version"))
    if not version:
        return False
    state.current.declared_version = version
    return True


TENSORRT_VERSION = rule(
    "tensorrt-version",
    "TensorRT version: ",
    r"TensorRT version: (?P<version>[\d.]+)\s*\Z",
    _tensorrt_version,
    examples=("TensorRT version: 8.5.10",),
    note="TensorRT 8.0: ``TensorRT version: 8003``",
)


def _shared_library(state: LogState, match: re.Match[str], line: int) -> bool:
    """A library load; the builder resource library's suffix gives the version (Python logs)."""
    version = match.group("version")
    if version:
        state.current.library_version = version
    return True


SHARED_LIBRARY = rule(
    "shared-library",
    ("Trying to load shared library ", "Loaded shared library "),
    # The version is read when the name starts with the builder resource library (what the
    # earlier "\S*?(?:libnvinfer...|\S*)" matched, in quadratic time on a long name).
    r"(?:Trying to load|Loaded) shared library "
    r"(?:libnvinfer_builder_resource\S*?\.so\.(?P<version>\d+\.\d+\.\d+)\s*\Z|\S*\s*\Z)",
    _shared_library,
    examples=("Loaded shared library libnvinfer_builder_resource_sm89.so.10.14.1",),
)


def _banner(state: LogState, match: re.Match[str], line: int) -> bool:
    """``&&&& RUNNING ...`` starts a build; ``&&&& PASSED/FAILED ...`` gives its status."""
    status = match.group("status")
    version_match = re.search(r"\[TensorRT v(\d+)\]", match.group("tags") or "")
    if status == "RUNNING":
        if state.in_task and state.task_parent is None:
            build = state.start_child(line)
        else:
            build = state.start_build(line, same_process=False)
        build.command = (match.group("command") or "").strip()
        if version_match is not None:
            build.banner_version = decode_version(version_match.group(1))
    else:
        build = state.current
        build.ends.status = "passed" if status in ("PASSED", "WAIVED") else "failed"
        build.ends.status_line = LineSample(line, match.string[: match.end("tags")].strip())
        if not build.command:
            build.command = (match.group("command") or "").strip()
        if version_match is not None and not build.banner_version:
            # A log that starts after its banner still has the version in the trailer.
            build.banner_version = decode_version(version_match.group(1))
    return True


ELIDED_LINES = rule(
    "elided-lines",
    "... Omitting ",
    r"\.\.\. Omitting \d+ lines\s*\Z",
    understood,
    examples=("... Omitting 42125 lines",),
    note="someone cut the log",
)


BANNER = rule(
    "banner",
    "&&&& ",
    r"&&&& (?P<status>RUNNING|PASSED|FAILED|WAIVED) \S+(?P<tags>(?: \[[^\]]*\])*)"
    r"(?: # ?(?P<command>.*))?\Z",
    _banner,
    examples=("&&&& RUNNING TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=m.onnx",),
)


def _task_banner(state: LogState, match: re.Match[str], line: int) -> bool:
    """trtexec 11.1's ``&&&& TASK_BEGIN [iter=0] BuildRoute = '...'``: one route of
    ``--tuneBuildRoutes`` is built, by a child trtexec whose own run may follow; ``TASK_END``
    and ``TASK_ABORT`` close it (the route passed, or failed)."""
    if match.group("task") == "TASK_BEGIN":
        state.end_task(line)
        state.in_task = True
    else:
        state.end_task(line)
    return True


TASK_BANNER = rule(
    "task-banner",
    "&&&& TASK_",
    r"&&&& (?P<task>TASK_BEGIN|TASK_END|TASK_ABORT) \[iter=[^\]]*\] BuildRoute = .*\Z",
    _task_banner,
    examples=(
        "&&&& TASK_BEGIN [iter=0] BuildRoute = '-match_ragged_mha=on -copy_ppg=off'",
        "&&&& TASK_ABORT [iter=1] BuildRoute = '-copy_ppg=on'",
    ),
    note="trtexec 11.1's build-route tuning (``TASK_END`` too)",
)
