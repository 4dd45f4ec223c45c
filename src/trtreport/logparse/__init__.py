"""Streaming parser of TensorRT verbose build logs.

:func:`parse_build_log` reads ``trtexec --verbose`` output or a Python builder's VERBOSE logger
output, line by line, into a :class:`trtreport.model.BuildLog`: one
:class:`~trtreport.model.Build` per build in the log (or engine load), with its header options,
device, ONNX import, layer-count funnel, optimizer pass events, layer placement, per-layer
autotuning summaries, engine layers (``Engine Layer Information`` and ``--dumpLayerInfo``),
reformats, memory, timings, bindings, performance summary, profile table, warnings and errors,
how the build ends, plus statistics of what was not understood and of application output.

Where things are:

* :mod:`.parser` runs the single pass: each line's logger prefix is split off
  (:mod:`.prefix`, a table of logger formats), then the line goes through the rule tables;
  fast paths (:data:`FAST_PATHS`, switched by ``parse_build_log(..., fast_paths=...)``) settle
  the hottest lines without the general dispatch and never change the result;
* :mod:`.rules` holds every line kind as one rule (name, real example lines, prefilter, regex,
  handler, fast handler), in one module per section of a log: :mod:`.rules.header`,
  :mod:`.rules.onnx`, :mod:`.rules.optimizer`, :mod:`.rules.placement`,
  :mod:`.rules.autotuning`, :mod:`.rules.engine`, :mod:`.rules.inference`,
  :mod:`.rules.endings` (crashes and other tools' trailers, and
  :func:`~.rules.endings.decide_ending`, how a build ends), :mod:`.rules.application`
  (other tools' output); warning, error and fatal messages are classified by the rules of
  :mod:`.rules.messages`; the ordered tables are assembled in :mod:`.rules` (its
  ``__init__``);
* :mod:`.autotune` reads the autotuning section in bulk, with the patterns and markers of the
  rules of :mod:`.rules.autotuning` (which also finds a fastest tactic's kernel in a skipped
  run of tactic lines, :func:`~.rules.autotuning.kernel_in_run`);
* :mod:`.tensors` and :mod:`.dump` read the two layer syntaxes, :mod:`.nodeio` the ONNX
  importer's node I/O lines;
* :mod:`.state` accumulates builds; :mod:`trtreport.matching` holds the name rule and the
  binding resolution shared with the join.

Where is a line handled? ``docs/log-rules.md`` (generated from the rules) lists every line
kind with its module and real examples. Adding a line kind: write the handler and its rule,
with a real example line, in the section's module, put the rule into its table in
:mod:`.rules` before any rule that would take its lines, and regenerate the catalogue
(``TRTREPORT_REGEN_GOLDEN=1 python -m pytest tests/test_rule_catalogue.py``), whose test checks
that the example is read by the new rule and by no rule tried before it.
"""

from __future__ import annotations

from trtreport.logparse.parser import FAST_PATHS, LineCounts, parse_build_log

__all__ = ["FAST_PATHS", "LineCounts", "parse_build_log"]
