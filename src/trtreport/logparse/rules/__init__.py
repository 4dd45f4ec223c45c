"""The rule tables of the log parser, assembled in order from the section modules.

Every line kind the parser knows is one :class:`~.base.Rule`, defined once, next to its
handler, in the module of its section:

=====================  ==========================================================================
module                 line kinds
=====================  ==========================================================================
:mod:`.header`         ``=== ... ===`` blocks, TensorRT version, library loads, ``&&&&`` banner
:mod:`.onnx`           the ONNX parser: model summary, nodes, initializers, I/O, plugins
:mod:`.optimizer`      the layer-count funnel, pass events, graph dumps and times
:mod:`.placement`      layers placed on the GPU or DLA
:mod:`.autotuning`     timing runners, tactics, fastest tactics, chosen runners
:mod:`.engine`         engine layers (logged, bare, ``--dumpLayerInfo``), memory, bindings, times
:mod:`.inference`      the inference run, performance summary, profile table, output tensors
:mod:`.endings`        crashes, tracebacks, other tools' trailers: how a process ends
:mod:`.application`    other tools' and loggers' lines, application output
=====================  ==========================================================================

A rule holds its name, its real example lines, its prefilter (``prefix`` strings, or a
``needle``), its compiled regex with named groups, its handler and, for the hottest lines, a
fast handler. ``docs/log-rules.md`` is generated from the rules (``tests/test_rule_catalogue.py``,
regenerated with ``TRTREPORT_REGEN_GOLDEN=1``), and that test checks that every example matches
its own rule and is not taken by a rule tried before it.

The tables, and the order in which rules are tried:

* :data:`MESSAGE_RULES` see the message of a line whose logger prefix was split off
  (:mod:`trtreport.logparse.prefix`). The parser files them by the first word of their
  prefixes (or the first character, for a prefix without a space: :func:`index_rules`), so a
  message meets only the few rules that can match it, in table order; then the needle rules,
  in table order (the most frequent first, :data:`~.optimizer.PASS_OTHER` last).
* :data:`MODE_RULES` see messages inside a multi-line block (the performance summary, the
  profile table, ...), one tuple per :class:`~trtreport.logparse.state.Mode`.
* :data:`BARE_RULES` see lines without a prefix; the rules without a prefix are tried last, in
  table order, and :data:`~.application.APPLICATION_OUTPUT` takes whatever is left.

A handler returns ``True`` when it understood the line; the line then counts as recognised. A
handler that returns ``False`` lets the next candidate try. A needle rule's regex is matched at
the needle: the text before it is the rule's subject (:func:`~.base.subject_of`).

Adding a line kind: write the handler and its ``rule(...)`` (or ``needle_rule(...)``) with at
least one real example line in the section's module, put it in the table below at the place
where it must be tried (before any rule that would take its lines), and regenerate the
catalogue (``TRTREPORT_REGEN_GOLDEN=1 python -m pytest tests/test_rule_catalogue.py``).
"""

from __future__ import annotations

from trtreport.logparse.rules import (
    application,
    autotuning,
    endings,
    engine,
    header,
    inference,
    onnx,
    optimizer,
    placement,
)
from trtreport.logparse.rules.autotuning import (
    NO_TACTICS_REASON,
    record_choice,
    record_fastest,
    start_runner,
)
from trtreport.logparse.rules.base import APPLICATION, FastHandler, Handler, Rule
from trtreport.logparse.rules.onnx import onnx_node_io_fast
from trtreport.logparse.state import Mode

__all__ = [
    "APPLICATION",
    "BARE_RULES",
    "HOT_KEY_CHARS",
    "MESSAGE_RULES",
    "MODE_RULES",
    "NO_TACTICS_REASON",
    "TUNING_FAST_RULES",
    "FastHandler",
    "Handler",
    "Rule",
    "index_fast",
    "index_rules",
    "onnx_node_io_fast",
    "record_choice",
    "record_fastest",
    "start_runner",
]

MESSAGE_RULES: tuple[Rule, ...] = (
    # Needle rules are tried in table order on every line no prefix rule took: the most
    # frequent first.
    onnx.ONNX_NODE_IO,
    optimizer.PASS_FUSING,
    # Hot autotuning lines first: millions of them in large logs.
    autotuning.TACTIC_TIMING,
    autotuning.SET_TACTIC,
    autotuning.SET_TACTIC_PENDING,
    autotuning.TACTIC_NAME,
    autotuning.SET_TACTIC_UNNAMED,
    autotuning.TIMING_RUNNER,
    autotuning.FASTEST_TACTIC,
    autotuning.CHOSE_RUNNER,
    autotuning.AUTOTUNING_HEADER,
    autotuning.COMPUTING_COSTS,
    autotuning.RUNNER_NO_TACTICS,
    autotuning.RUNNER_SKIPPING,
    autotuning.TACTIC_SKIPPING,
    autotuning.PROFILING_COMPLETED,
    autotuning.CACHED_RESULT,
    autotuning.TACTIC_PRUNING,
    autotuning.MYELIN_AUTOTUNING,
    autotuning.MYELIN_ADVICE,
    autotuning.TACTIC_CHATTER,
    # Run header.
    header.SECTION_HEADER,
    header.TENSORRT_VERSION,
    header.SHARED_LIBRARY,
    # ONNX import.
    onnx.ONNX_MODEL_INFO,
    onnx.ONNX_PARSE_NODE,
    onnx.ONNX_INITIALIZER,
    onnx.ONNX_NETWORK_INPUT,
    onnx.ONNX_MARK_OUTPUT,
    onnx.ONNX_IMPORT,
    onnx.PLUGIN_REGISTRY,
    onnx.ONNX_SUMMARY_RULE,
    onnx.BUILDER_CREATED,
    onnx.PLUGIN_IMPORT,
    onnx.IMPORTER_CHATTER,
    onnx.IMPORTER_BROADCAST,
    # Optimizer.
    optimizer.STAGE_ORIGINAL,
    optimizer.STAGE_AFTER,
    optimizer.PASS_RUNNING,
    optimizer.PASS_FUSING_WEIGHTS,
    optimizer.PASS_FUSING_UNNAMED,
    optimizer.PASS_QDI_FUSING,
    optimizer.PASS_REMOVING,
    optimizer.PASS_SWAPPING,
    optimizer.PASS_ELIMINATE_DUP,
    optimizer.PASS_ELIMINATE_SLICE,
    optimizer.PASS_ELIMINATE_CONCAT,
    optimizer.PASS_SWAP_TYPE,
    optimizer.PASS_CONVERT_TYPE,
    optimizer.PASS_MERGING,
    optimizer.PASS_RETARGETING,
    optimizer.PASS_STOMP_COPY,
    optimizer.PASS_SLICE_COPY,
    optimizer.PASS_PHASE,
    optimizer.PASS_SQUEEZE,
    optimizer.OPTIMIZER_CHATTER,
    optimizer.GRAPH_TIME,
    optimizer.GRAPH_DUMP_HEADER,
    optimizer.FOREIGN_NODE,
    # Placement.
    placement.PLACEMENT_HEADER,
    placement.PLACEMENT_LAYER,
    # Engine.
    engine.ENGINE_LAYERS_HEADER,
    engine.ENGINE_LAYER_LOGGED,
    engine.LAYER_INFO_HEADER,
    engine.LAYER_DUMP_HEADER,
    engine.REFORMAT_ADDED,
    engine.MEMORY,
    engine.MEM_USAGE,
    engine.PHASE_TIME,
    engine.LAYER_MEMORY,
    inference.NETWORK_TENSORS_DETECTED,
    engine.ENGINE_CHATTER,
    engine.NON_CONFORMING,
    engine.BINDING_CREATED,
    engine.BINDING_IS_CREATED,
    engine.BINDING_DYNAMIC,
    # Inference run.
    inference.INFERENCE_CHATTER,
    inference.SETUP_FATAL,
    inference.RUN_SETUP_CHATTER,
    inference.TRACE_AVERAGE,
    inference.PERF7_METRIC,
    inference.CALIBRATION,
    inference.PERF_METRIC_PASTED,
    inference.PERF6_AVERAGE,
    inference.PERF7_SINGLE,
    inference.METRIC_EXPLANATION,
    inference.PROFILE_HEADER,
    inference.OUTPUT_TENSORS,
    inference.PROFILE_INFORMATION,
    inference.ACCURACY_LOSS,
    inference.REFERENCE_OUTPUT,
    inference.DESERIALIZATION_TIME,
    inference.TUNING_CHATTER,
    header.ELIDED_LINES,
    # Last: an event line of the running pass in a shape the rules above do not know.
    optimizer.PASS_OTHER,
)


MODE_RULES: dict[Mode, tuple[Rule, ...]] = {
    Mode.PERFORMANCE: (inference.PERF_METRIC,),
    Mode.PERF7: (inference.PERF7_VALUE,),
    Mode.PROFILE: (inference.PROFILE_ROW,),
    Mode.OUTPUT_TENSORS: (inference.OUTPUT_TENSOR,),
    Mode.GRAPH_DUMP: (optimizer.GRAPH_DUMP_LINE,),
    Mode.PLACEMENT: (placement.PLACEMENT_LIST,),
}


BARE_RULES: tuple[Rule, ...] = (
    header.BANNER,
    header.TASK_BANNER,
    engine.ENGINE_LAYER,
    endings.ONNX_PARSER_ERROR,
    engine.DUMP_LAYER,
    engine.DUMP_BINDINGS,
    engine.CONTINUATION,
    onnx.ONNX_SUMMARY,
    endings.APPLICATION_POLYGRAPHY_END,
    application.APPLICATION_POLYGRAPHY,
    endings.APPLICATION_ROS_LAUNCH,
    endings.APPLICATION_TRACEBACK,
    endings.APPLICATION_TERMINATE,
    endings.APPLICATION_TERMINATE_WHAT,
    # Rules without a prefix are tried in table order on every bare line no rule above took.
    endings.APPLICATION_TRACEBACK_LINE,
    endings.APPLICATION_TRACEBACK_JUPYTER,
    endings.APPLICATION_CRASH,
    application.APPLICATION_OTHER_LOGGER,
    engine.DUMP_NAME,
    application.APPLICATION_GLOG,
    application.APPLICATION_OUTPUT,
)


HOT_KEY_CHARS = 8
"""Length of the message head that selects a rule's fast handler (``"Tactic: "``)."""


TUNING_FAST_RULES = frozenset(
    {"tactic-timing", "set-tactic", "timing-runner", "fastest-tactic", "chose-runner"}
    | {"autotuning-header"}
)
"""The fast rules of the autotuning lines. The parser tries them before the ``set-tactic``
needle; the other fast rules (ONNX import, optimizer passes) after it."""


def index_fast(
    rules: tuple[Rule, ...], names: frozenset[str] | None = None
) -> tuple[dict[str, FastHandler], tuple[tuple[str, FastHandler], ...]]:
    """Fast handlers by the first :data:`HOT_KEY_CHARS` characters of their prefix, and the
    ``(needle, handler)`` pairs of needle rules that have one (only the rules in ``names``, if
    given). Two fast rules may not share a head."""
    by_head: dict[str, FastHandler] = {}
    needles: list[tuple[str, FastHandler]] = []
    for rule in rules:
        if rule.fast is None or (names is not None and rule.name not in names):
            continue
        if rule.needle:
            needles.append((rule.needle, rule.fast))
        for prefix in rule.prefix:
            if len(prefix) < HOT_KEY_CHARS:
                raise ValueError(f"rule {rule.name}: a fast rule needs a prefix of 8+ characters")
            head = prefix[:HOT_KEY_CHARS]
            if by_head.get(head, rule.fast) is not rule.fast:
                raise ValueError(f"rule {rule.name}: another fast rule has the head {head!r}")
            by_head[head] = rule.fast
    return by_head, tuple(needles)


def index_rules(
    rules: tuple[Rule, ...],
) -> tuple[dict[str, tuple[Rule, ...]], dict[str, tuple[Rule, ...]], tuple[Rule, ...]]:
    """Rules to try per first word of a message, per first character, and by needle.

    A rule whose prefix holds a space is filed under the prefix's first word (the text before
    the first space, ``""`` for a prefix starting with one); a prefix without a space is filed
    under its first character. Needle rules come last, tried on every message that the others
    did not understand. Table order is kept within each list.
    """
    by_word: dict[str, list[Rule]] = {}
    by_char: dict[str, list[Rule]] = {}
    needles: list[Rule] = []
    for rule in rules:
        if not rule.prefix:
            needles.append(rule)
            continue
        for prefix in rule.prefix:
            if " " in prefix:
                bucket = by_word.setdefault(prefix.split(" ", 1)[0], [])
            else:
                bucket = by_char.setdefault(prefix[:1], [])
            if rule not in bucket:
                bucket.append(rule)
    return (
        {word: tuple(found) for word, found in by_word.items()},
        {char: tuple(found) for char, found in by_char.items()},
        tuple(needles),
    )
