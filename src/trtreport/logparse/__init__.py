"""Streaming parser of TensorRT verbose build logs.

:func:`parse_build_log` reads ``trtexec --verbose`` output or a Python builder's VERBOSE logger
output, line by line, into a :class:`trtreport.model.BuildLog`: one
:class:`~trtreport.model.Build` per build in the log, with its header options, device, layer-count
funnel, engine layers (``Engine Layer Information`` and ``--dumpLayerInfo``), bindings,
warnings and errors, plus statistics of what was not understood.

Modules: :mod:`.prefix` splits logger prefixes, :mod:`.rules` holds the rule tables,
:mod:`.tensors` and :mod:`.dump` read the two layer syntaxes, :mod:`.state` accumulates builds,
:mod:`.parser` runs the pass.
"""

from __future__ import annotations

from trtreport.logparse.parser import parse_build_log

__all__ = ["parse_build_log"]
