"""Rules of TensorRT's warning, error and fatal lines (``[W]``, ``[E]``, ``[F]``).

Every such line is kept (counted, grouped, sampled: :meth:`~..state.BuildState.add_message`);
these rules say what else a message means. Unlike the line rules, they are not first-match:
:func:`read_message` tries every rule of the message's severity (:data:`MESSAGE_KINDS`, in
order) and applies all that match, in three steps:

1. before the message is kept, ``builder-error-after-run`` may start a new build (the
   message then belongs to it);
2. the message is kept; ``onnx-node-dump`` and ``wrapping-error`` qualify it (never the error
   that stopped the build; never replaces it);
3. the rules with a handler act on the build: an error that stops a build or an engine load
   (``stopping-error``, except ``runtime-api-error``; ``stopping-load-error``), and the
   warnings that show an engine ran or was built.

How the build then ends is decided from what these record, by
:func:`~.endings.decide_ending`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from trtreport.logparse.state import BuildState, LogState

MessageHandler = Callable[[BuildState], None]
"""What a message of the rule's kind does to the build it was kept in."""


class MessageRule(NamedTuple):
    """One kind of warning, error or fatal message: the severities it applies to, a regex
    searched in the message, its handler (if it acts on the build), real examples."""

    name: str
    severities: str
    """Of ``W``, ``E``, ``F``."""
    pattern: re.Pattern[str]
    """Searched anywhere in the message (anchor it with ``\\A`` for a message's start)."""
    handler: MessageHandler | None
    examples: tuple[str, ...]
    note: str = ""


def message_rule(
    name: str,
    severities: str,
    regex: str,
    handler: MessageHandler | None = None,
    *,
    examples: tuple[str, ...],
    note: str = "",
) -> MessageRule:
    """A message rule; ``regex`` is searched in the message."""
    return MessageRule(name, severities, re.compile(regex), handler, examples, note)


BUILDER_ERROR_AFTER_RUN = message_rule(
    "builder-error-after-run",
    "EF",
    r"IBuilder::build|buildSerializedNetwork|buildEngineWithConfig|Skipping tactic \S+ due to"
    r"|Could not find any implementation for node",
    examples=(
        "IBuilder::buildSerializedNetwork: Error Code 10: Internal Error (Could not find any "
        "implementation for node {ForeignNode[(Unnamed Layer* 0) [Constant]...(Unnamed Layer* "
        "1) [DynamicQuantize]]}. In computeCosts at "
        "/_src/optimizer/common/tactic/optimizer.cpp:4265)",
    ),
    note="an error only a builder gives (autotuning, engine building), never an inference run: "
    "read after this build's engine was built and run, it is a later build in the same "
    "process (a script building case after case), which failed",
)

ONNX_NODE_DUMP = message_rule(
    "onnx-node-dump",
    "EF",
    r"--- (?:Begin|End) node ---|\A(?:\w+\.cpp:\d+: )?(?:input|output): \"",
    examples=("ModelImporter.cpp:772: --- Begin node ---",),
    note="the ONNX parser's dump of the node it failed on, logged line by line as errors: "
    "never the cause",
)

WRAPPING_ERROR = message_rule(
    "wrapping-error",
    "EF",
    r"(?i)\A(?:\[\w+\] )?(?:Parsing model failed|Failed to parse onnx file"
    r"|Engine could not be created|Network could not be built|Engine set up failed"
    r"|Failed to create engine from model or file)",
    examples=("Failed to parse onnx file", "Engine could not be created from network"),
    note="trtexec's own errors that only say a step failed: they follow the error that says "
    "why, and never replace it as the cause, even when a line in between moved the build on "
    "(``Finished parsing network model`` is printed after a failed parse too)",
)


def _stops(build: BuildState) -> None:
    """The error ends the build (or the engine load), unless its run already ended."""
    if not build.ends.status:
        build.ends.stopped_by_error = True


RUNTIME_API_ERROR = message_rule(
    "runtime-api-error",
    "EF",
    r"\A(?:IRefitter::|IExecutionContext::|IRuntime::|ICudaEngine::)",
    examples=(
        "IRefitter::setNamedWeightsWithLocation: Error Code 3: API Usage Error (conv1.weight: "
        "The weights cannot be refitted.)",
    ),
    note="errors of the API used on a built engine (refitting, running): they do not end a "
    "build, whatever their words",
)


STOPPING_ERROR = message_rule(
    "stopping-error",
    "EF",
    r"(?i)engine could not be created|building engine failed|failed to (?:parse|create|build)"
    r"|parsing model failed|build_serialized_network failed|unsupported onnx|network must have"
    r"|could not (?:find|open)|Error Code \d+|Assertion .* failed|std::exception|out of memory",
    _stops,
    examples=(
        "IBuilder::buildSerializedNetwork: Error Code 10: Internal Error (Could not find any "
        "implementation for node {ForeignNode[(Unnamed Layer* 0) [Constant]...(Unnamed Layer* "
        "1) [DynamicQuantize]]}. In computeCosts at "
        "/_src/optimizer/common/tactic/optimizer.cpp:4265)",
        "Failed to parse onnx file",
    ),
    note="an error that ends a build, unless it is a ``runtime-api-error`` (an error before "
    "an engine that was built all the same did not: :func:`~.endings.decide_ending`)",
)

STOPPING_LOAD_ERROR = message_rule(
    "stopping-load-error",
    "EF",
    r"(?i)not compatible with this version of TensorRT|deserializ\w* (?:the cuda engine )?failed"
    r"|Engine (?:creation|set up) failed|Invalid Engine",
    _stops,
    examples=(
        "The engine plan file is not compatible with this version of TensorRT, expecting "
        "library version 8.6.1.6 got 8.6.3.1, please rebuild.",
    ),
    note="an error that ends an engine load",
)


def _engine_ran(build: BuildState) -> None:
    """An engine ran (a Python script at INFO level logs little else of it)."""
    build.loaded = build.loaded or not build.built
    build.reach("inference")


ENGINE_RAN = message_rule(
    "engine-ran",
    "W",
    r"\AUsing default stream in enqueueV",
    _engine_ran,
    examples=(
        "Using default stream in enqueueV3() may lead to performance issues due to additional "
        "calls to cudaStreamSynchronize() by TensorRT to ensure correct synchronization. Please "
        "use non-default stream instead.",
    ),
)


def _weights_converted(build: BuildState) -> None:
    """Said as the engine's weights are written: the engine was built."""
    build.built = True
    build.reach("engine")


WEIGHTS_CONVERTED = message_rule(
    "weights-converted",
    "W",
    r"\ATensorRT encountered issues when converting weights",
    _weights_converted,
    examples=(
        "TensorRT encountered issues when converting weights between types and that could "
        "affect accuracy.",
    ),
)


MESSAGE_KINDS: tuple[MessageRule, ...] = (
    BUILDER_ERROR_AFTER_RUN,
    ONNX_NODE_DUMP,
    WRAPPING_ERROR,
    RUNTIME_API_ERROR,
    STOPPING_ERROR,
    STOPPING_LOAD_ERROR,
    ENGINE_RAN,
    WEIGHTS_CONVERTED,
)
"""Every message rule, in the order :func:`read_message` applies them."""

_BY_SEVERITY = {
    severity: tuple(rule for rule in MESSAGE_KINDS if severity in rule.severities)
    for severity in "WEF"
}


def message_kinds(severity: str, message: str) -> frozenset[str]:
    """The names of the message rules of ``severity`` that match ``message``."""
    return frozenset(
        rule.name for rule in _BY_SEVERITY[severity] if rule.pattern.search(message) is not None
    )


def _keep(build: BuildState, severity: str, message: str, line: int, kinds: frozenset[str]) -> None:
    """Step 2: keep the message in ``build``, with what the qualifying rules say of it."""
    build.add_message(
        severity,
        message,
        line,
        node_dump=ONNX_NODE_DUMP.name in kinds,
        wrapping=WRAPPING_ERROR.name in kinds,
    )


def read_message(state: LogState, severity: str, message: str, line: int) -> None:
    """A warning (``W``), error (``E``) or fatal (``F``) message of TensorRT's: kept in the
    build it belongs to, and acted on by every message rule that matches it (the three steps
    of this module's docstring)."""
    kinds = message_kinds(severity, message)
    build = state.current
    if BUILDER_ERROR_AFTER_RUN.name in kinds and build.built and build.phase == "inference":
        build = state.start_build(line)
        build.opened_by_error = True
        build.reach("autotuning")
    _keep(build, severity, message, line, kinds)
    for rule in _BY_SEVERITY[severity]:
        if rule.handler is None or rule.name not in kinds:
            continue
        if rule is STOPPING_ERROR and RUNTIME_API_ERROR.name in kinds:
            continue  # an error of the API used on a built engine does not end a build
        rule.handler(build)


def record_error(state: LogState, message: str, line: int) -> None:
    """An error read from a line that is not a logged error (an ONNX parser error a script
    prints, trtexec's ``Cannot find device ID 1!``), which stops the run all the same."""
    build = state.current
    _keep(build, "E", message, line, message_kinds("E", message))
    _stops(build)
