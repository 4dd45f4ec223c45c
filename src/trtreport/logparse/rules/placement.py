"""Rules of layer placement: which layers run on the GPU or DLA."""

from __future__ import annotations

import re

from trtreport.logparse.rules.base import rule
from trtreport.logparse.state import LogState, Mode


def _placement_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Layers running on GPU:`` (the next line lists them) or the TensorRT 8 block header."""
    build = state.current
    build.placement_target = match.group("target").upper()
    if match.group("inline") is not None:
        state.mode = Mode.PLACEMENT
    return True


PLACEMENT_HEADER = rule(
    "placement-header",
    ("--------------- Layers running on ", "---------- Layers Running on "),
    r"-+ Layers [Rr]unning on (?P<target>DLA|GPU)(?::(?P<inline>\s*)\Z| -+\s*\Z)",
    _placement_header,
    examples=("--------------- Layers running on GPU: ",),
    note="the next line lists them",
)


def _placement_layer(state: LogState, match: re.Match[str], line: int) -> bool:
    """``[GpuLayer] CONVOLUTION: NAME`` (TensorRT 8.5+) or ``[GpuLayer] NAME`` (8.2 to 8.4)."""
    target = "DLA" if match.group("where") == "Dla" else "GPU"
    state.current.placement.append((match.group("name"), target))
    return True


PLACEMENT_LAYER = rule(
    "placement-layer",
    ("[GpuLayer] ", "[DlaLayer] "),
    r"\[(?P<where>Gpu|Dla)Layer\] (?:(?P<type>[A-Z][A-Z0-9_]*): )?(?P<name>.+)\Z",
    _placement_layer,
    examples=("[GpuLayer] CONVOLUTION: Conv_0 + Relu_1",),
)


def _placement_list(state: LogState, match: re.Match[str], line: int) -> bool:
    """The line after ``Layers running on GPU:``: layer names separated by ``, ``."""
    build = state.current
    text = match.string.strip()
    state.mode = Mode.NONE
    if text:
        target = build.placement_target or "GPU"
        build.placement.extend((name, target) for name in text.split(", "))
    return True


PLACEMENT_LIST = rule(
    "placement-list",
    "",
    r"[^\[].*\Z|\Z",
    _placement_list,
    examples=("conv1 + conv1_relu + pool1, res2a_branch2a + res2a_branch2a_relu",),
)
