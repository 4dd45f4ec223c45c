"""Rules of the optimizer: the layer-count funnel (``Original: N layers``, ``After ...``), the
passes' events (:class:`~trtreport.model.PassEvent`), graph dumps and graph timings."""

from __future__ import annotations

import re

from trtreport.logparse.dump import onnx_nodes_of
from trtreport.logparse.rules.base import NUM, Handler, in_mode, needle_rule, rule, subject_of
from trtreport.logparse.state import LogState, Mode
from trtreport.model import LayerCountStage
from trtreport.numbers import parse_int


def _starts_new_build(state: LogState) -> bool:
    """True if a builder starting now must be a new build (the current one is done or built)."""
    build = state.current
    return bool(
        build.engine_layers
        or build.dump_layers
        or build.ends.status
        or any(stage.label == "Original" for stage in build.stages)
    )


def _stage(state: LogState, match: re.Match[str], line: int) -> bool:
    """One step of the layer-count funnel; ``Original`` after a finished build starts a new one."""
    label = match.groupdict().get("label") or "Original"
    if label == "Original" and _starts_new_build(state):
        state.start_build(line)
    build = state.current
    build.reach("optimization")
    count = parse_int(match.group("count"))
    if count is None:
        return False
    build.stages.append(LayerCountStage(label, count, line))
    return True


STAGE_ORIGINAL = rule(
    "stage-original",
    "Original: ",
    r"Original: (?P<count>\d+) layers\s*\Z",
    _stage,
    examples=("Original: 359 layers",),
)


STAGE_AFTER = rule(
    "stage-after",
    "After ",
    r"After (?P<label>.+): (?P<count>\d+) layers\s*\Z",
    _stage,
    examples=("After Myelin optimization: 195 layers",),
)


def _pass_running(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Running: PASS on LAYER``: the pass later event lines belong to."""
    build = state.current
    name = match.group("pass")
    layer = match.group("layer")
    build.running_pass = name
    build.event(line, name, "running", (layer,) if layer else (), "", match.string)
    return True


def _pass_running_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Running: PASS`` or ``Running: PASS on LAYER`` on the hot path: PASS runs to the first
    blank, which must open `` on `` and a non-empty LAYER."""
    if not text.startswith("Running: ", start):
        return False
    pass_start = start + len("Running: ")
    words = text[pass_start:].split(maxsplit=1)
    if not words or text[pass_start].isspace():
        return False
    name = words[0]
    rest_at = pass_start + len(name)
    if rest_at == len(text):
        layers: tuple[str, ...] = ()
    elif text.startswith(" on ", rest_at) and rest_at + 4 < len(text):
        layers = (text[rest_at + 4 :],)
    else:
        return False
    build = state.current
    build.running_pass = name
    build.event(line, name, "running", layers, "", text[start:])
    return True


PASS_RUNNING = rule(
    "pass-running",
    "Running: ",
    r"Running: (?P<pass>\S+)(?: on (?P<layer>.+))?\Z",
    _pass_running,
    _pass_running_fast,
    examples=("Running: ConstQDQInitializersFusion on QuantizeLinear_4",),
)


def _pass_fusing(state: LogState, match: re.Match[str], line: int) -> bool:
    """``PASS: Fusing A with B``: the product is named ``A + B``."""
    name = subject_of(match)
    if not name or " " in name:
        return False
    first, second = match.group("a"), match.group("b")
    state.current.event(line, name, "fuse", (first, second), f"{first} + {second}", match.string)
    return True


PASS_FUSING = needle_rule(
    "pass-fusing",
    ": Fusing ",
    r": Fusing (?P<a>.+?) with (?P<b>.+)\Z",
    _pass_fusing,
    examples=("ConvReluFusion: Fusing Conv_9 with Relu_10",),
    note="needle",
)


def _pass_fusing_unnamed(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Fusing A with B`` without a pass name (TensorRT 7): the running pass's fusion."""
    first, second = match.group("a"), match.group("b")
    build = state.current
    build.event(
        line, build.running_pass, "fuse", (first, second), f"{first} + {second}", match.string
    )
    return True


PASS_FUSING_UNNAMED = rule(
    "pass-fusing-unnamed",
    "Fusing ",
    r"Fusing (?P<a>.+?) with (?P<b>.+)\Z",
    _pass_fusing_unnamed,
    examples=("Fusing conv1 with relu1",),
    note="TensorRT 7: no pass name; the running one",
)


def _pass_qdi_fusing(state: LogState, match: re.Match[str], line: int) -> bool:
    """``QuantizeDoubleInputNodes: fusing (A and B) into C`` or ``... fusing A into C``."""
    target = match.group("into")
    pair = match.group("pair")
    layers = (*pair.split(" and ", 1), target) if pair is not None else (match.group("one"), target)
    state.current.event(
        line, "QuantizeDoubleInputNodes", "fuse", tuple(layers), target, match.string
    )
    return True


PASS_QDI_FUSING = rule(
    "pass-qdi-fusing",
    "QuantizeDoubleInputNodes: fusing ",
    # The pair's first " and " is the earliest (".(?:(?! and ).)*"): the same match as
    # ".+ and .+", without trying every " and " when there is no ") into ".
    r"QuantizeDoubleInputNodes: fusing "
    r"(?:\((?P<pair>.(?:(?! and ).)* and .+)\)|(?P<one>.+)) into (?P<into>.+)\Z",
    _pass_qdi_fusing,
    examples=("QuantizeDoubleInputNodes: fusing (DequantizeLinear_5 and Conv_7) into Conv_7",),
)


def _running_event(kind: str, groups: tuple[str, ...], result: str = "") -> Handler:
    """A handler recording an event of ``kind`` attributed to the running pass."""

    def handler(state: LogState, match: re.Match[str], line: int) -> bool:
        """Record the event (see :func:`_running_event`)."""
        build = state.current
        layers = tuple(match.group(group) for group in groups)
        build.event(
            line,
            build.running_pass,
            kind,
            layers,
            match.group(result) if result else "",
            match.string,
        )
        return True

    handler.__doc__ = f"Record a ``{kind}`` event of the running pass."
    return handler


PASS_FUSING_WEIGHTS = rule(
    "pass-fusing-weights",
    "Fusing convolution weights from ",
    r"Fusing convolution weights from (?P<a>.+?) with scale (?P<b>.+)\Z",
    _running_event("fuse", ("a", "b"), "a"),
    examples=("Fusing convolution weights from conv1 with scale bn1",),
    note="TensorRT 7: the scale folded into the convolution, which keeps its name",
)


PASS_SWAPPING = rule(
    "pass-swapping",
    "Swapping ",
    r"Swapping (?P<a>.+?) with (?P<b>.+)\Z",
    _running_event("swap", ("a", "b")),
    examples=("Swapping DequantizeLinear_310 with transpose_before_Gemm_311",),
)


PASS_ELIMINATE_DUP = rule(
    "pass-eliminate-dup",
    "Eliminating ",
    r"Eliminating (?P<a>.+) which duplicates \((?P<q>D?Q)\) (?P<b>.+)\Z",
    _running_event("eliminate-duplicate", ("a", "b"), "b"),
    examples=("Eliminating QuantizeLinear_38 which duplicates (Q) QuantizeLinear_15",),
)


PASS_SWAP_TYPE = rule(
    "pass-swap-type",
    "Swap the layer type of ",
    r"Swap the layer type of (?P<layer>.+) from (?P<old>\w+) to (?P<new>\w+)\s*\Z",
    _running_event("swap-type", ("layer",), "layer"),
    examples=("Swap the layer type of Add_3 from ELEMENTWISE to POINTWISE",),
)


PASS_CONVERT_TYPE = rule(
    "pass-convert-type",
    "Convert layer type of ",
    r"Convert layer type of (?P<layer>.+) from (?P<old>\w+) to (?P<new>\w+)\s*\Z",
    _running_event("swap-type", ("layer",), "layer"),
    examples=("Convert layer type of /fc/Gemm from MATRIX_MULTIPLY to CONVOLUTION",),
)


def _pass_named_event(pass_name: str, kind: str, groups: tuple[str, ...], result: str) -> Handler:
    """A handler recording an event of ``kind`` for a pass the line itself names."""

    def handler(state: LogState, match: re.Match[str], line: int) -> bool:
        """Record the event (see :func:`_pass_named_event`)."""
        layers = tuple(match.group(group) for group in groups)
        state.current.event(
            line, pass_name, kind, layers, match.group(result) if result else "", match.string
        )
        return True

    handler.__doc__ = f"Record a ``{kind}`` event of ``{pass_name}``."
    return handler


PASS_ELIMINATE_SLICE = rule(
    "pass-eliminate-slice",
    "Eliminating slice ",
    r"Eliminating slice (?P<slice>.+?) by retargeting (?P<rest>.+)\Z",
    _pass_named_event("Eliminating slice", "eliminate-slice", ("slice",), ""),
    examples=("Eliminating slice Slice_4 by retargeting 12 from 13 to 14",),
)


PASS_ELIMINATE_CONCAT = rule(
    "pass-eliminate-concat",
    "Eliminating concatenation ",
    r"Eliminating concatenation (?P<concat>.+)\Z",
    _pass_named_event("Eliminating concatenation", "eliminate-concat", ("concat",), ""),
    examples=("Eliminating concatenation Concat_10",),
)


PASS_RETARGETING = rule(
    "pass-retargeting",
    "Retargeting ",
    r"Retargeting (?P<a>.+) to (?P<b>.+)\Z",
    _pass_named_event("Retargeting", "retarget", ("a", "b"), "b"),
    examples=("Retargeting Reshape_5_output_0 to Concat_10_output_0",),
)


PASS_STOMP_COPY = rule(
    "pass-stomp-copy",
    "Generating copy for ",
    # The lookahead checks the end first, so that a line without it fails in linear time.
    r"Generating copy for (?=.* because (?:of stomping hazard|input is not movable"
    r"|input does not support striding)\.?\s*\Z)"
    r"(?P<a>.+) to (?P<b>.+) because (?:of stomping hazard|input is not movable"
    r"|input does not support striding)\.?\s*\Z",
    _pass_named_event("Generating copy", "stomp-copy", ("a", "b"), ""),
    examples=(
        "Generating copy for Div_1_output_0 to Concat_10_output_0 because of stomping hazard.",
    ),
    note=(
        "also ``... because input is not movable.``, ``... because input does not support "
        "striding.``"
    ),
)


PASS_SLICE_COPY = rule(
    "pass-slice-copy",
    "Replacing slice ",
    r"Replacing slice (?=.* with copy from .* to )(?P<slice>.+?) with copy from "
    r"(?P<a>.+) to (?P<b>.+?)\s*\Z",
    _pass_named_event("Replacing slice", "other", ("slice", "a", "b"), ""),
    examples=("Replacing slice Slice_3 with copy from input to part0",),
    note="a slice kept as a copy, not eliminated",
)


def _pass_removing_fast(state: LogState, text: str, start: int, line: int) -> bool:
    """``Removing LAYER`` on the hot path: an event of the running pass."""
    if not text.startswith("Removing ", start) or len(text) <= start + len("Removing "):
        return False
    build = state.current
    build.event(
        line, build.running_pass, "remove", (text[start + len("Removing ") :],), "", text[start:]
    )
    return True


PASS_REMOVING = rule(
    "pass-removing",
    "Removing ",
    r"Removing (?P<layer>.+)\Z",
    _running_event("remove", ("layer",)),
    _pass_removing_fast,
    examples=("Removing BatchNormalization_10 + Relu_11",),
)


def _pass_merging(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Merging layers: A || B || C``: the merged layer keeps the joined name."""
    merged = match.group("layers")
    state.current.event(
        line, "Merging layers", "merge", tuple(merged.split(" || ")), merged, match.string
    )
    return True


PASS_MERGING = rule(
    "pass-merging",
    "Merging layers: ",
    r"Merging layers: (?P<layers>.+)\Z",
    _pass_merging,
    examples=("Merging layers: Conv_1 + Relu_2 || Conv_3 + Relu_4",),
)


def _pass_phase(state: LogState, match: re.Match[str], line: int) -> bool:
    """A QDQ optimizer phase header; the passes of the phase follow."""
    build = state.current
    build.running_pass = ""
    build.event(line, match.string.strip(), "phase", (), "", match.string)
    return True


PASS_PHASE = rule(
    "pass-phase",
    "QDQ ",
    r"QDQ (?:graph )?optimi[sz](?:er|ation)\b.*\Z",
    _pass_phase,
    examples=("QDQ graph optimizer quantization epilogue pass",),
)


def _pass_squeeze(state: LogState, match: re.Match[str], line: int) -> bool:
    """``-----------SqueezePushDown kSQUEEZE_JOIN case: A --> B --> C``."""
    state.current.event(
        line,
        state.current.running_pass or "SqueezePushDown",
        "other",
        tuple(match.group("chain").split(" --> ")),
        "",
        match.string,
    )
    return True


PASS_SQUEEZE = rule(
    "pass-squeeze",
    "-----------SqueezePushDown ",
    r"-+SqueezePushDown \w+ case: (?P<chain>.+)\Z",
    _pass_squeeze,
    examples=("-----------SqueezePushDown kSQUEEZE_JOIN case: Gemm_3 --> r_4 --> e_5",),
)


def _pass_other(state: LogState, match: re.Match[str], line: int) -> bool:
    """``PASS: anything`` while PASS is running: an event shape the rules do not know."""
    build = state.current
    name = subject_of(match)
    if not name or name != build.running_pass:
        return False
    build.event(line, name, "other", (), "", match.string)
    return True


PASS_OTHER = needle_rule(
    "pass-other",
    ": ",
    r": .",
    _pass_other,
    examples=("ConvReluFusion: a message in a shape no other rule knows",),
    note="while ConvReluFusion is running (needle)",
)


def _region_metadata(state: LogState, match: re.Match[str], line: int) -> bool:
    """TensorRT 10's ``ForeignNode {ForeignNode[A...B]} metadata: [ONNX Layer: A][ONNX Layer:
    C]...``: the ONNX nodes a Myelin region holds (kept once per region, the last line wins)."""
    build = state.current
    build.reach("optimization")
    nodes = onnx_nodes_of(match.group("metadata"))
    if nodes and len(build.region_nodes) < 100_000:
        build.region_nodes.append((match.group("region"), nodes))
    return True


FOREIGN_NODE = rule(
    "foreign-node",
    "ForeignNode ",
    r"ForeignNode (?P<region>\{ForeignNode\[.*\]\}) metadata:(?P<metadata>.*)\Z",
    _region_metadata,
    examples=("ForeignNode {ForeignNode[node_linear]} metadata: [ONNX Layer: x]",),
)


def _optimizer(state: LogState, match: re.Match[str], line: int) -> bool:
    """Optimizer chatter: understood, nothing to keep."""
    state.current.reach("optimization")
    return True


OPTIMIZER_CHATTER = rule(
    "optimizer-chatter",
    (
        "Applying generic optimizations",
        "Trying to split Reshape",
        "Enabling FP8 fusions",
        "Layer not supported for fusion",
        "Applying ",
    ),
    r"Applying generic optimizations to the graph for inference\.|Trying to split Reshape "
    r"|Enabling FP8 fusions|Layer not supported for fusion|Applying \w+ fusions\.",
    _optimizer,
    examples=("Applying generic optimizations to the graph for inference.",),
)


def _graph_time(state: LogState, match: re.Match[str], line: int) -> bool:
    """The optimizer's duration, in its three spellings (TensorRT 8, 10 and 10's split form)."""
    build = state.current
    build.reach("optimization")
    if match.group("built") is not None:
        build.timings.append(("Graph construction", match.group("built")))
    else:
        build.timings.append(("Graph optimization", match.group("s2") or match.group("s3")))
    return True


GRAPH_TIME = rule(
    "graph-time",
    ("Graph construction ", "Graph optimization time: "),
    rf"Graph (?:construction completed in (?P<built>{NUM}) seconds\."
    rf"|construction and optimization completed in (?P<s2>{NUM}) seconds\."
    rf"|optimization time: (?P<s3>{NUM}) seconds\.)\s*\Z",
    _graph_time,
    examples=("Graph construction and optimization completed in 0.97 seconds.",),
    note=(
        "also ``Graph optimization time: 0.0057 seconds.``, ``Graph construction completed in ...``"
    ),
)


def _graph_dump(state: LogState, match: re.Match[str], line: int) -> bool:
    """``GRAPH NODES`` / ``SYMBOLIC CHECKS``: TensorRT 10's node listing follows."""
    state.current.reach("optimization")
    state.mode = Mode.GRAPH_DUMP
    return True


GRAPH_DUMP_HEADER = rule(
    "graph-dump-header",
    ("GRAPH NODES", "SYMBOLIC CHECKS"),
    r"(?:GRAPH NODES|SYMBOLIC CHECKS)\s*\Z",
    _graph_dump,
    examples=("GRAPH NODES",),
    note="TensorRT 10; ``SYMBOLIC CHECKS``",
)


GRAPH_DUMP_LINE = rule(
    "graph-dump-line",
    "",
    r"(?:[A-Z][A-Z_0-9]* \S.*|    (?:Input|Output) \d+|        \S.*|GRAPH NODES"
    r"|SYMBOLIC CHECKS)\s*\Z",
    in_mode(Mode.GRAPH_DUMP),
    examples=("TOPK TopK",),
    note=", ``    Input 0``, ``        28   28``",
)
