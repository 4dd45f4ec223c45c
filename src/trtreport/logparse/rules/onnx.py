"""Rules of the ONNX import: the parser's model summary, nodes, initializers, inputs and
outputs, node I/O lines, plugins, and the importer's chatter."""

from __future__ import annotations

import re

from trtreport.logparse.rules.base import needle_rule, rule, tuple_dims
from trtreport.logparse.state import BuildState, LogState, Mode
from trtreport.model import OnnxTensor
from trtreport.precision import normalise_dtype


def _onnx_info(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Opset version:    13``-style lines of the ONNX parser's model summary."""
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.onnx_items[match.group("key")] = match.group("value").strip()
    return True


ONNX_MODEL_INFO = rule(
    "onnx-model-info",
    (
        "Input filename:",
        "ONNX IR version:",
        "Opset version:",
        "Producer name:",
        "Producer version:",
        "Domain:",
        "Model version:",
        "Doc string:",
    ),
    r"(?P<key>Input filename|ONNX IR version|Opset version|Producer name|Producer version"
    r"|Domain|Model version|Doc string):(?P<value>.*)\Z",
    _onnx_info,
    examples=("Opset version:    13",),
    note=(
        "also ``ONNX IR version``, ``Producer name``, ``Producer version``, ``Domain``, "
        "``Model version``, ``Doc string``, ``Input filename``"
    ),
)


_ONNX_SUMMARY_KEYS = (
    "Input filename",
    "ONNX IR version",
    "Opset version",
    "Producer name",
    "Producer version",
    "Domain",
    "Model version",
    "Doc string",
)
"""The keys of the ONNX parser's model summary, in the order it prints them."""


def _onnx_summary_line(state: LogState, match: re.Match[str], line: int) -> bool:
    """The ONNX parser's summary without a logger prefix (TensorRT 7's samples): ``Input
    filename:`` opens it, the other keys follow line by line, a line of dashes closes it."""
    mode = state.mode
    if match.group("key") is None:
        state.mode = Mode.NONE
        return mode is Mode.ONNX_SUMMARY
    if mode is not Mode.ONNX_SUMMARY and match.group("key") != "Input filename":
        return False
    _onnx_info(state, match, line)
    state.mode = Mode.ONNX_SUMMARY
    return True


ONNX_SUMMARY = rule(
    "onnx-summary",
    ("-" * 64, *(f"{key}:" for key in _ONNX_SUMMARY_KEYS)),
    rf"-{{64}}\s*\Z|(?P<key>{'|'.join(_ONNX_SUMMARY_KEYS)}):(?P<value>.*)\Z",
    _onnx_summary_line,
    examples=("Opset version:    9",),
    note=(
        "TensorRT 7 samples print the ONNX parser's summary without a prefix: from ``Input "
        "filename:`` to the closing line of dashes"
    ),
)


def _onnx_node(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Parsing node: NAME [OP]``."""
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.onnx_nodes.append((match.group("name"), match.group("op"), line))
    return True


_PARSING_NODE = "Parsing node: "


def _onnx_node_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Parsing node: NAME [OP]`` on the hot path: OP is inside the last ``[``, which follows a
    space and closes at the line's last non-blank character."""
    if not text.startswith(_PARSING_NODE, start):
        return False
    name_start = start + len(_PARSING_NODE)
    stripped = text.rstrip()
    open_at = stripped.rfind("[", name_start)
    if (
        open_at <= name_start
        or not stripped.endswith("]")
        or open_at + 2 >= len(stripped)
        or stripped.find("]", open_at, -1) >= 0
        or stripped[open_at - 1] != " "
    ):
        return False
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.onnx_nodes.append((text[name_start : open_at - 1], stripped[open_at + 1 : -1], line))
    return True


ONNX_PARSE_NODE = rule(
    "onnx-parse-node",
    "Parsing node: ",
    r"Parsing node: (?P<name>.*) \[(?P<op>[^\[\]]+)\]\s*\Z",
    _onnx_node,
    _onnx_node_fast,
    examples=("Parsing node: Conv_9 [Conv]",),
)


def _onnx_initializer(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Importing initializer: NAME``."""
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.initializer_count += 1
    return True


def _onnx_initializer_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Importing initializer: NAME`` on the hot path."""
    if not text.startswith("Importing initializer: ", start):
        return False
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.initializer_count += 1
    return True


ONNX_INITIALIZER = rule(
    "onnx-initializer",
    "Importing initializer: ",
    r"Importing initializer: ",
    _onnx_initializer,
    _onnx_initializer_fast,
    examples=("Importing initializer: fc.weight",),
)


def _onnx_input(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Adding network input: NAME with dtype: float32, dimensions: (1, 3, 224, 224)``."""
    build = state.build_for_import(line)
    build.reach("onnx-import")
    build.onnx_inputs.append(
        OnnxTensor(
            match.group("name"),
            normalise_dtype(match.group("dtype")),
            tuple_dims(match.group("dims")),
            line,
        )
    )
    return True


ONNX_NETWORK_INPUT = rule(
    "onnx-network-input",
    "Adding network input: ",
    r"Adding network input: (?P<name>.+) with dtype: (?P<dtype>\w+), dimensions: "
    r"(?P<dims>\([^()]*\))\s*\Z",
    _onnx_input,
    examples=("Adding network input: input0 with dtype: float32, dimensions: (1, 3, 224, 224)",),
)


def _onnx_output(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Marking TENSOR as output: NAME`` (network outputs in declared order)."""
    build = state.current
    build.reach("onnx-import")
    build.onnx_outputs.append(OnnxTensor(match.group("name"), line=line))
    return True


ONNX_MARK_OUTPUT = rule(
    "onnx-mark-output",
    "Marking ",
    r"Marking .+ as output: (?P<name>.+)\Z",
    _onnx_output,
    examples=("Marking logits_1 as output: logits",),
)


def _onnx_node_io(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Conv_9 [Conv] inputs: [x -> (1, 3, 224, 224)[FLOAT]], [w -> (64, 3, 7, 7)[FLOAT]],``
    and its ``outputs: [...]`` line: the node's tensors, for the ONNX graph, kept as the text
    of the list (:mod:`trtreport.logparse.nodeio` reads it)."""
    return _node_io(state, match.string, match.start(), line)


ONNX_NODE_IO = needle_rule(
    "onnx-node-io",
    "puts: ",
    r"puts: (?:\[.*|\s*)\Z",
    _onnx_node_io,
    examples=("Conv_9 [Conv] inputs: [input0 -> (1, 3, 224, 224)[FLOAT]], ",),
)


def onnx_node_io_fast(state: LogState, text: str, head_end: int, line: int) -> bool:
    """The ``onnx-node-io`` rule without its regex, for the parser's needle path: ``head_end``
    is where ``puts: `` starts; ``False`` (the general rules then try the line) unless what
    follows is a list or nothing, as the rule's regex requires."""
    after = head_end + 6
    if not text.startswith("[", after) and not (after >= len(text) or text[after:].isspace()):
        return False
    return _node_io(state, text, head_end, line)


def _node_io(state: LogState, text: str, head_end: int, line: int) -> bool:
    """Attach a node I/O line to its node (see :func:`_onnx_node_io`)."""
    build = state.current
    nodes = build.onnx_nodes
    if nodes:
        # The node ``Parsing node:`` just named, the usual case: ``NAME [OP] in|out``.
        name, op_type, _ = nodes[-1]
        at = len(name) + 2
        if (
            text.startswith(name)
            and text.startswith(" [", at - 2)
            and text.startswith(op_type, at)
            and text.startswith("] ", at + len(op_type))
        ):
            side_at = at + len(op_type) + 2
            if side_at == head_end - 2 or side_at == head_end - 3:
                # The whole message is kept (no copy): nodeio reads the list after "puts: ".
                # ``inputs:`` comes first, ``outputs:`` completes the pair (tuples of strings
                # are not tracked by the garbage collector; lists would be).
                at = len(nodes) - 1
                if side_at == head_end - 2:
                    build.onnx_raw_io[at] = (text, "")
                else:
                    build.onnx_raw_io[at] = (build.onnx_raw_io.get(at, ("", ""))[0], text)
                return True
    side = text[head_end - 3 : head_end]
    if side == "out":
        op_end = head_end - 4
    elif text.endswith("] in", 0, head_end):
        op_end = head_end - 3
        side = "in"
    else:
        op_end = -1
    op_start = text.rfind(" [", 0, op_end) if op_end > 0 else -1
    if op_start <= 0 or text[op_end - 1] != "]" or text[op_end] != " ":
        state.current.reach("onnx-import")
        return True
    state.add_node_io(text[:op_start], text[op_start + 2 : op_end - 1], side, text, line)
    return True


def _onnx_import(state: LogState, match: re.Match[str], line: int) -> bool:
    """Importer progress (``Searching for input``, ``Registering layer``, ...)."""
    build = state.current
    build.reach("onnx-import")
    text = match.string
    if text.startswith("Registering layer: ") and text.endswith(_HELPER_SUFFIX):
        _helper_layer(build, text[len("Registering layer: ") : -len(_HELPER_SUFFIX)])
    return True


IMPORTER_CHATTER = rule(
    "importer-chatter",
    (
        "Convolution input dimensions: ",
        "Convolution output dimensions: ",
        "Using kernel: ",
        "Kernel weights are not set yet",
        "GEMM: using ",
        "GlobalAveragePool operators are implemented",
        "Original shape: ",
        "Setting dynamic range for ",
        "User overriding scale with ",
        "Assigning ",
        "using ",
        "Deconvolution input dimensions: ",
        "Deconvolution output dimensions: ",
        "Running deconvolution with: ",
        "Using opA: ",
        "Using Gather axis: ",
        "Casting to type: ",
    ),
    r"(?:(?:De)?[Cc]onvolution (?:input|output) dimensions: |Using kernel: \("
    r"|Kernel weights are not set yet|GEMM: using |GlobalAveragePool operators are implemented"
    r"|Original shape: .*(?:squeezing|unsqueezing) to: |Setting dynamic range for .+ to \["
    r"|User overriding scale with scale and zero-point"
    r"|Assigning .+ scale and zero-point|using .+ scale and zero-point"
    r"|Running deconvolution with: |Using opA: \d+ opB: \d+|Using Gather axis: -?\d+"
    r"|Casting to type: \w+\s*\Z)",
    _onnx_import,
    examples=("Convolution input dimensions: (1, 3, 224, 224)",),
    note="the importer's notes on dimensions, kernels, weights, quantization scales",
)


IMPORTER_BROADCAST = needle_rule(
    "importer-broadcast",
    ": broadcasting input",
    r": broadcasting input\d* to make tensors conform, dims\(input0\)=",
    _onnx_import,
    examples=(
        (
            "MatMul_0: broadcasting input1 to make tensors conform, dims(input0)=[1,12,64][NONE] "
            "dims(input1)=[1,64,12][NONE]."
        ),
    ),
)


_IMPORT_PREFIXES = ("Searching for input: ", "Registering layer: ", "Registering tensor: ")


def _onnx_import_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Searching for input: X``, ``Registering layer: X``, ``Registering tensor: X`` on the
    hot path (the name's first character must not be blank)."""
    if not text.startswith(_IMPORT_PREFIXES, start):
        return False
    name_at = text.find(": ", start) + 2
    if name_at >= len(text) or text[name_at].isspace():
        return False
    build = state.current
    build.reach("onnx-import")
    if text[-1] == "T" and text.endswith(_HELPER_SUFFIX) and text.startswith("Registering", start):
        _helper_layer(build, text[name_at : -len(_HELPER_SUFFIX)])
    return True


ONNX_IMPORT = rule(
    "onnx-import",
    (
        "Searching for input: ",
        "Registering layer: ",
        "Registering tensor: ",
        "Static check for parsing node: ",
        "Start parsing network model",
        "Finish parsing network model",
    ),
    r"(?:Searching for input|Registering layer|Registering tensor"
    r"|Static check for parsing node): \S|(?:Start|Finish) parsing network model\.?\s*\Z",
    _onnx_import,
    _onnx_import_fast,
    examples=("Searching for input: 141",),
    note="``Registering layer``, ``Registering tensor``, ``Static check for parsing node``",
)


_HELPER_SUFFIX = " required by ONNX-TRT"


def _helper_layer(build: BuildState, layer: str) -> None:
    """A layer the ONNX parser added while importing the last node (``Registering layer:
    ONNXTRT_castHelper_5 required by ONNX-TRT``): Myelin regions are named after such layers."""
    if build.onnx_nodes and len(build.helper_layers) < 100_000:
        build.helper_layers.append((layer, build.onnx_nodes[-1][0]))


def _plugin_import(state: LogState, match: re.Match[str], line: int) -> bool:
    """The ONNX parser importing a node as a plugin; ``Successfully created plugin: X`` names
    a plugin the model uses."""
    build = state.current
    build.reach("onnx-import")
    created = match.group("created")
    if created and created not in build.plugins_created and len(build.plugins_created) < 500:
        build.plugins_created.append(created)
    return True


PLUGIN_IMPORT = rule(
    "plugin-import",
    (
        "Searching for plugin: ",
        "Successfully created plugin: ",
        "No importer registered for op: ",
        "Loading standard plugins",
        "Loading supplied plugin library: ",
    ),
    r"Searching for plugin: |Successfully created plugin: (?P<created>\S+)?"
    r"|No importer registered for op: |Loading standard plugins"
    r"|Loading supplied plugin library: ",
    _plugin_import,
    examples=("Searching for plugin: Identity_TRT, plugin_version: 1, plugin_namespace: ",),
)


def _plugin_registered(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Registered plugin creator - ::NAME version V``."""
    if match.group("verb") == "Registered plugin creator":
        plugins = state.current.plugins
        name = f"{match.group('plugin')} version {match.group('version')}"
        if len(plugins) < 500:
            plugins.append(name)
    return True


PLUGIN_REGISTRY = rule(
    "plugin-registry",
    ("Registered plugin creator", "Plugin creator already registered"),
    r"(?P<verb>Registered plugin creator|Plugin creator already registered) - "
    r"(?P<plugin>\S*) version (?P<version>\S+)\s*\Z",
    _plugin_registered,
    examples=("Registered plugin creator - ::BatchedNMS_TRT version 1",),
)


def _new_builder(state: LogState, match: re.Match[str], line: int) -> bool:
    """A second builder in the process, or the rule of dashes opening the ONNX parser's summary:
    a new build starts here if the current one is done (:meth:`LogState.build_for_import`)."""
    state.build_for_import(line)
    return True


ONNX_SUMMARY_RULE = rule(
    "onnx-summary-rule",
    "-" * 64,
    r"-{64}\s*\Z",
    _new_builder,
    examples=("----------------------------------------------------------------",),
    note="64 dashes around the summary; the opening one after a finished build starts a new build",
)


BUILDER_CREATED = rule(
    "builder-created",
    "The logger passed into createInferBuilder ",
    r"The logger passed into createInferBuilder differs",
    _new_builder,
    examples=(
        (
            "The logger passed into createInferBuilder differs from one already provided for an "
            "existing builder, runtime, or refitter."
        ),
    ),
    note="a new build if the last is done",
)
