"""Streaming parser of TensorRT verbose build logs.

:func:`parse_build_log` reads ``trtexec --verbose`` output or a Python builder's VERBOSE logger
output, line by line, into a :class:`trtreport.model.BuildLog`: one
:class:`~trtreport.model.Build` per build in the log (or engine load), with its header options,
device, ONNX import, layer-count funnel, optimizer pass events, layer placement, per-layer
autotuning summaries, engine layers (``Engine Layer Information`` and ``--dumpLayerInfo``),
reformats, memory, timings, bindings, performance summary, profile table, warnings and errors,
how the build ends, plus statistics of what was not understood and of application output.

Modules: :mod:`.prefix` splits logger prefixes, :mod:`.rules` holds the rule tables,
:mod:`.tensors` and :mod:`.dump` read the two layer syntaxes, :mod:`.tactics` reads runs of
tactic lines in bulk, :mod:`.state` accumulates builds, :mod:`.parser` runs the pass.
"""

from __future__ import annotations

from trtreport.logparse.parser import FAST_PATHS, LineCounts, parse_build_log

__all__ = ["FAST_PATHS", "LineCounts", "parse_build_log"]
