"""Rules of lines that are not TensorRT's: other tools' status lines (Polygraphy), other
loggers, and any application output (counted apart from TensorRT's lines)."""

from __future__ import annotations

import re

from trtreport.logparse.prefix import POLYGRAPHY_CHATTER, POLYGRAPHY_STATUS
from trtreport.logparse.rules.base import APPLICATION, rule
from trtreport.logparse.state import LogState, Mode

_TENSORRT_LOOKING = re.compile(
    r"\[(?:TRT|TensorRT)\]|\[[VIWEF]\] |\A(?:Layer\(|Name: .*, LayerType: |&&&&)"
)


def _application_output(state: LogState, match: re.Match[str], line: int) -> bool:
    """An unprefixed line outside any TensorRT block that does not look like TensorRT's."""
    if state.mode is Mode.ONNX_SUMMARY:
        state.mode = Mode.NONE  # a summary that never got its closing rule of dashes
    if state.mode is not Mode.NONE:
        return False
    return _TENSORRT_LOOKING.search(match.string) is None


APPLICATION_OUTPUT = rule(
    f"{APPLICATION}-output",
    (),
    r".",
    _application_output,
    examples=("[TensorRT-Cookbook] Version: 1.0.0",),
    note=(
        ", ``[[0.1 0.2]]``: any other unprefixed line outside a TensorRT block that does not "
        "look like TensorRT's (application output, counted apart from TensorRT's lines)"
    ),
)


def _application_glog(state: LogState, match: re.Match[str], line: int) -> bool:
    """A glog-style line from a plugin's own logger (``2024-06-22 20:51:38.566468: T f.cpp:1]``)."""
    return True


APPLICATION_GLOG = rule(
    f"{APPLICATION}-glog",
    (),
    r"(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [TDIWEF] |[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+ +\d+ )"
    r"[\w.-]+:\d+\]",
    _application_glog,
    examples=("2024-06-22 20:51:38.566468: T identity.cpp:294] getPluginName",),
    note="a plugin's own logger: application output",
)


def _application_tagged(state: LogState, match: re.Match[str], line: int) -> bool:
    """Another logger's line that looks like TensorRT's (``[ts] [TRT-LLM] [I] ...``):
    application output."""
    return True


APPLICATION_OTHER_LOGGER = rule(
    f"{APPLICATION}-other-logger",
    (),
    r"(?:\[[\d/:., T-]+\] ?)*\[(?!(?:TRT|TensorRT|[VIWEFX])\])[A-Za-z][\w.-]*\] \[[VIWEF]\] ",
    _application_tagged,
    examples=("[11/16/2024-00:05:47] [TRT-LLM] [I] Set nccl_plugin to None.",),
)


def _polygraphy_line(state: LogState, match: re.Match[str], line: int) -> bool:
    """Polygraphy's own line (``[I] RUNNING | Command: ...``, ``[I] Loading model: m.onnx``):
    application output, in the log of a TensorRT tool (so the file is a TensorRT log even if
    TensorRT itself logged nothing)."""
    state.saw_tensorrt = True
    version = _POLYGRAPHY_MODULE.match(match.string)
    if version is not None and not state.current.library_version:
        state.current.library_version = version.group(1)
    return True


APPLICATION_POLYGRAPHY = rule(
    f"{APPLICATION}-polygraphy",
    tuple(f"[{tag}] " for tag in "VIWEX!"),
    rf"\[[VIWEX!]\] (?:{POLYGRAPHY_STATUS}| *{POLYGRAPHY_CHATTER})",
    _polygraphy_line,
    examples=("[I] Folding Constants | Pass 3",),
    note=(
        "Polygraphy's own status lines; also its chatter, ``[I] TF32 is disabled by default. "
        "...``, ``[I] Saving engine to m.plan``"
    ),
)


_POLYGRAPHY_MODULE = re.compile(r"\[[VIX]\] Loaded Module: tensorrt +\| Version: (\d+(?:\.\d+)+) ")
"""Polygraphy's ``[V] Loaded Module: tensorrt | Version: 8.0.3.4 | Path: [...]``: the version of
the TensorRT it loaded."""
