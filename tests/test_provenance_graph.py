"""The ONNX graph from node I/O lines, Myelin regions and precise Q/DQ fates, on a small
hand-written TensorRT 8.5-style log (no region metadata lines, a Q split across a Concat)."""

from __future__ import annotations

import json

import pytest

from regionlog import region_log
from trtreport.join import build_report
from trtreport.logparse import parse_build_log
from trtreport.logparse.nodeio import read_node_io
from trtreport.model import NodeFate, Report
from trtreport.provenance import OnnxGraph, parameters_through
from trtreport.render import regions
from trtreport.render.graph import build_graph
from trtreport.render.regions import RegionData

V = "[05/01/2025-10:00:00] [V] [TRT]"


def node(name: str, op: str, inputs: str, outputs: str) -> list[str]:
    """The importer's three lines for one node (tensors as ``name:dims:TYPE``)."""

    def listed(spec: str) -> str:
        items = []
        for tensor in spec.split():
            tname, dims, dtype = tensor.split(":")
            items.append(f"[{tname} -> ({dims.replace('x', ', ')})[{dtype}]]")
        return ", ".join(items) + ("," if items else "")

    return [
        f"{V} Parsing node: {name} [{op}]",
        f"{V} {name} [{op}] inputs: {listed(inputs)}",
        f"{V} {name} [{op}] outputs: {listed(outputs)}",
    ]


LOG = [
    "&&&& RUNNING TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=m.onnx --int8",
    f"{V} Adding network input: images with dtype: float32, dimensions: (1, 3, 8, 8)",
    *node("Q_in", "QuantizeLinear", "images:1x3x8x8:FLOAT s:x:FLOAT", "q_in:1x3x8x8:FLOAT"),
    *node("DQ_in", "DequantizeLinear", "q_in:1x3x8x8:FLOAT s:x:FLOAT", "dq_in:1x3x8x8:FLOAT"),
    *node("Q_w", "QuantizeLinear", "w:4x3x1x1:FLOAT s:x:FLOAT", "q_w:4x3x1x1:FLOAT"),
    *node("DQ_w", "DequantizeLinear", "q_w:4x3x1x1:FLOAT s:x:FLOAT", "dq_w:4x3x1x1:FLOAT"),
    *node("Conv_a", "Conv", "dq_in:1x3x8x8:FLOAT dq_w:4x3x1x1:FLOAT", "conv_a:1x4x8x8:FLOAT"),
    *node("Relu_a", "Relu", "conv_a:1x4x8x8:FLOAT", "relu_a:1x4x8x8:FLOAT"),
    *node("Relu_b", "Relu", "images:1x3x8x8:FLOAT", "relu_b:1x3x8x8:FLOAT"),
    *node("Concat_c", "Concat", "relu_a:1x4x8x8:FLOAT relu_b:1x3x8x8:FLOAT", "cat:1x7x8x8:FLOAT"),
    *node("Q_c", "QuantizeLinear", "cat:1x7x8x8:FLOAT s:x:FLOAT", "q_c:1x7x8x8:FLOAT"),
    *node("DQ_c", "DequantizeLinear", "q_c:1x7x8x8:FLOAT s:x:FLOAT", "dq_c:1x7x8x8:FLOAT"),
    *node("Conv_d", "Conv", "dq_c:1x7x8x8:FLOAT dq_w:4x3x1x1:FLOAT", "out_d:1x4x8x8:FLOAT"),
    *node("/head/Constant_2", "Constant", "", "/head/Constant_2_output_0::FLOAT"),
    *node(
        "/head/Mul",
        "Mul",
        "relu_a:1x4x8x8:FLOAT /head/Constant_2_output_0::FLOAT",
        "mul:1x4x8x8:FLOAT",
    ),
    *node("/head/Sigmoid", "Sigmoid", "mul:1x4x8x8:FLOAT", "sig:1x4x8x8:FLOAT"),
    *node("/head/Unsqueeze_2", "Unsqueeze", "sig:1x4x8x8:FLOAT", "out:1x1x4x8x8:FLOAT"),
    f"{V} Marking out_d as output: out_d",
    f"{V} Marking out as output: out",
    f"{V} Original: 16 layers",
    f"{V} Running: ConstWeightsQuantizeFusion on w",
    f"{V} ConstWeightsQuantizeFusion: Fusing w with Q_w",
    f"{V} Running: SplitQAcrossPrecedingFanIn on Concat_c",
    f"{V} Running: ConvReluFusion on Conv_a",
    f"{V} ConvReluFusion: Fusing Conv_a with Relu_a",
    f"{V} Running: QuantizeDoubleInputNodes on Conv_a + Relu_a",
    f"{V} QuantizeDoubleInputNodes: fusing Q_c_clone_0 into Conv_a + Relu_a",
    f"{V} QuantizeDoubleInputNodes: fusing (DQ_in and DQ_w) into Conv_a + Relu_a",
    f"{V} Running: QuantizeDoubleInputNodes on Conv_d",
    f"{V} QuantizeDoubleInputNodes: fusing DQ_c into Conv_d",
    f"{V} Running: ConstWeightsFusion on w + Q_w",
    f"{V} ConstWeightsFusion: Fusing w + Q_w with Conv_a + Relu_a",
    f"{V} Running: QDQToCopy on Q_in",
    f"{V} Swap the layer type of Q_in from QUANTIZE to kQDQ",
    f"{V} Eliminating concatenation Concat_c",
    f"{V} After final dead-layer removal: 6 layers",
    f"{V} Engine Layer Information:",
    f"{V} Layer(Reformat): Q_in, Tactic: 0x0, images (Float[1,3,8,8]) -> q_in (Int8[1,3,8,8])",
    f"{V} Layer(CaskConvolution): w + Q_w + Conv_a + Relu_a, Tactic: 0x1, "
    "q_in (Int8[1,3,8,8]) -> relu_a (Int8[1,4,8,8])",
    f"{V} Layer(PointWiseV2): Relu_b, Tactic: 0x2, images (Float[1,3,8,8]) -> "
    "relu_b (Float[1,3,8,8])",
    f"{V} Layer(Reformat): Q_c_clone_1, Tactic: 0x0, relu_b (Float[1,3,8,8]) -> "
    "cat (Int8[1,3,8,8])",
    f"{V} Layer(CaskConvolution): Conv_d, Tactic: 0x3, cat (Int8[1,7,8,8]) -> "
    "out_d (Float[1,4,8,8])",
    f"{V} Layer(Myelin): {{ForeignNode[/head/Constant_2.../head/Unsqueeze_2]}}, Tactic: 0x0, "
    "relu_a (Int8[1,4,8,8]) -> out (Float[1,1,4,8,8])",
    "&&&& PASSED TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=m.onnx --int8",
]


def report() -> Report:
    """The report of :data:`LOG`."""
    return build_report(parse_build_log(LOG, "m.log"))


def fates(rep: Report) -> dict[str, NodeFate]:
    """Fates by node name."""
    return {f.node: f for f in rep.node_fates}


def test_the_graph_has_every_tensor_with_producer_and_consumers() -> None:
    rep = report()
    tensors = {t.name: t for t in rep.onnx_graph}
    assert tensors["relu_a"].producer == "Relu_a"
    assert tensors["relu_a"].consumers == ("Concat_c", "/head/Mul")
    assert tensors["images"].producer == ""
    assert tensors["images"].consumers == ("Q_in", "Relu_b")
    assert tensors["q_in"].shape == (1, 3, 8, 8)


def test_every_node_has_a_known_fate() -> None:
    rep = report()
    assert [f.node for f in rep.node_fates if f.fate == "unknown"] == []
    assert len(rep.node_fates) == 15


def test_qdq_fates_are_precise() -> None:
    by = fates(report())
    assert by["Q_in"].fate == "reformat"
    assert by["Q_in"].pass_name == "QDQToCopy"
    assert "network input images" in by["Q_in"].detail
    assert by["DQ_in"].fate == "input-quantizer"
    assert by["Q_w"].fate == "weight-quantizer"
    assert by["DQ_w"].fate == "weight-quantizer"
    assert by["DQ_c"].fate == "input-quantizer"
    split = by["Q_c"]
    assert split.fate == "moved"
    assert split.pass_name == "SplitQAcrossPrecedingFanIn"
    assert split.other == "Q_c_clone_0, Q_c_clone_1"
    assert "Q_c_clone_0 (in w + Q_w + Conv_a + Relu_a)" in split.detail
    assert "Q_c_clone_1 (left as the stand-alone Reformat Q_c_clone_1)" in split.detail
    assert by["Concat_c"].fate == "removed"


def test_myelin_region_nodes_come_from_the_graph_between_its_ends() -> None:
    rep = report()
    by = fates(rep)
    region = next(layer for layer in rep.layers if layer.role == "myelin")
    head = ["/head/Constant_2", "/head/Mul", "/head/Sigmoid", "/head/Unsqueeze_2"]
    assert [(by[n].fate, by[n].layer_id) for n in head] == [("myelin", region.id)] * 4
    assert [(r.layer_id, r.nodes, r.source) for r in rep.regions] == [
        (region.id, tuple(head), "graph")
    ]
    # The region's details list its nodes, not just the two its name gives (Constant nodes
    # are left out of a layer's list; the region keeps them).
    assert region.onnx_nodes == tuple(head[1:])
    # The walk stopped at the region's input: the convolution before it keeps its nodes.
    assert by["Relu_a"].fate == "layer"


def test_region_metadata_line_of_tensorrt_10_wins() -> None:
    at = LOG.index(f"{V} Engine Layer Information:")
    lines = [
        *LOG[:at],
        f"{V} ForeignNode {{ForeignNode[/head/Constant_2.../head/Unsqueeze_2]}} metadata: "
        "[ONNX Layer: /head/Mul][ONNX Layer: /head/Sigmoid]",
        *LOG[at:],
    ]
    rep = build_report(parse_build_log(lines, "m.log"))
    assert [(r.nodes, r.source) for r in rep.regions] == [(("/head/Mul", "/head/Sigmoid"), "log")]


def test_events_that_shaped_a_node_are_listed_in_log_order() -> None:
    rep = report()
    trail = fates(rep)["Conv_a"].events
    passes = [rep.pass_events[i].event.pass_name for i in trail]
    assert passes == [
        "ConvReluFusion",
        "ConvReluFusion",
        "QuantizeDoubleInputNodes",
        "QuantizeDoubleInputNodes",
        "QuantizeDoubleInputNodes",
        "ConstWeightsFusion",
    ]


def test_parameters_through_identity_are_exposed() -> None:
    """The evidence for an Identity-fed BatchNormalization is in the graph."""
    lines = [
        *node("Identity_3", "Identity", "bn.weight:4:FLOAT", "bn_scale:4:FLOAT"),
        *node(
            "BatchNormalization_4",
            "BatchNormalization",
            "x:1x4x8x8:FLOAT bn_scale:4:FLOAT bn.bias:4:FLOAT",
            "y:1x4x8x8:FLOAT",
        ),
    ]
    build = parse_build_log(lines, "m.log").builds[0]
    assert build.onnx is not None
    graph = OnnxGraph(read_node_io(build.onnx).nodes)
    assert parameters_through(graph, "BatchNormalization_4", ("Identity", "Cast")) == (
        "Identity_3",
    )
    assert graph.is_constant("bn_scale")


def test_node_io_lines_of_every_version_give_the_tensors() -> None:
    """TensorRT 8/10 print ``[name -> (dims)[TYPE]]``; TensorRT 7 prints no type; names may
    hold brackets and spaces; a node without inputs prints nothing after ``inputs:``."""
    lines = [
        f"{V} Parsing node: Conv_0 [Conv]",
        f"{V} Conv_0 [Conv] inputs: [input.1 -> (1, 3, 224, 224)], [conv1.weight -> (64, 3, 7, 7)], ",
        f"{V} Conv_0 [Conv] outputs: [(Unnamed Layer* 3) [Shuffle]_output -> (1, 64, -1, 112)[HALF]], ",
        f"{V} Constant_1 [Constant] inputs: ",
        f"{V} Constant_1 [Constant] outputs: [174 -> ()[INT8]], ",
    ]
    build = parse_build_log(lines, "m.log").builds[0]
    assert build.onnx is not None
    # The parser keeps the lists as printed; the join reads them.
    assert build.onnx.nodes[0].raw_io[0].startswith("Conv_0 [Conv] inputs: [input.1 -> (1,")
    assert build.onnx.nodes[0].inputs == ()
    conv, constant = read_node_io(build.onnx).nodes
    assert [(t.name, t.dtype, t.shape) for t in conv.inputs] == [
        ("input.1", "unknown", (1, 3, 224, 224)),
        ("conv1.weight", "unknown", (64, 3, 7, 7)),
    ]
    assert [(t.name, t.dtype, t.shape) for t in conv.outputs] == [
        ("(Unnamed Layer* 3) [Shuffle]_output", "FP16", (1, 64, -1, 112))
    ]
    assert (constant.name, constant.op_type, constant.inputs) == ("Constant_1", "Constant", ())
    assert [(t.name, t.dtype, t.shape) for t in constant.outputs] == [("174", "INT8", ())]


SPLIT_LOG = [
    "&&&& RUNNING TensorRT.trtexec [TensorRT v8412] # trtexec --onnx=m.onnx --int8",
    f"{V} Adding network input: x with dtype: float32, dimensions: (1, 4, 8, 8)",
    *node("Relu_1", "Relu", "x:1x4x8x8:FLOAT", "r1:1x4x8x8:FLOAT"),
    *node("Relu_2", "Relu", "x:1x4x8x8:FLOAT", "r2:1x4x8x8:FLOAT"),
    *node("Concat_1", "Concat", "r1:1x4x8x8:FLOAT r2:1x4x8x8:FLOAT", "cat:1x8x8x8:FLOAT"),
    *node("Q_1", "QuantizeLinear", "cat:1x8x8x8:FLOAT s:x:FLOAT", "q1:1x8x8x8:FLOAT"),
    *node("Q_5", "QuantizeLinear", "r2:1x4x8x8:FLOAT s:x:FLOAT", "q5:1x4x8x8:FLOAT"),
    *node("/head/Constant_12", "Constant", "", "/head/Constant_12_output_0:2:FLOAT"),
    *node("/head/Constant_13", "Constant", "", "/head/Constant_13_output_0:2:FLOAT"),
    *node(
        "/head/Mul",
        "Mul",
        "/head/Constant_12_output_0:2:FLOAT /head/Constant_13_output_0:2:FLOAT",
        "mul:2:FLOAT",
    ),
    *node("/head/Unsqueeze_6", "Unsqueeze", "mul:2:FLOAT", "anchors:1x2:FLOAT"),
    f"{V} Original: 10 layers",
    f"{V} Running: SplitQAcrossPrecedingFanIn on Concat_1",
    f"{V} Running: HorizontalMergeQNodes on Q_5",
    f"{V} Eliminating Q_1_clone_1 which duplicates (Q) Q_5",
    f"{V} Removing Q_1_clone_1",
    f"{V} Eliminating concatenation Concat_1",
    f"{V} Running: QDQToCopy on Q_1_clone_0",
    f"{V} Swap the layer type of Q_1_clone_0 from QUANTIZE to kQDQ",
    f"{V} Running: QDQToCopy on Q_5",
    f"{V} Swap the layer type of Q_5 from QUANTIZE to kQDQ",
    f"{V} Engine Layer Information:",
    f"{V} Layer(Myelin): {{ForeignNode[/head/Constant_12_output_0.../head/Unsqueeze_6]}}, "
    "Tactic: 0x0000000000000000, -> anchors[Float(1,2)]",
    f"{V} Layer(PointWiseV2): Relu_1, Tactic: 0x1, x[Float(1,4,8,8)] -> r1[Float(1,4,8,8)]",
    f"{V} Layer(PointWiseV2): Relu_2, Tactic: 0x1, x[Float(1,4,8,8)] -> r2[Float(1,4,8,8)]",
    f"{V} Layer(Reformat): Q_1_clone_0, Tactic: 0x0, r1[Float(1,4,8,8)] -> q1[Int8(1,4,8,8)]",
    f"{V} Layer(Reformat): Q_5, Tactic: 0x0, r2[Float(1,4,8,8)] -> q5[Int8(1,4,8,8)]",
    "&&&& PASSED TensorRT.trtexec [TensorRT v8412] # trtexec --onnx=m.onnx --int8",
]


def test_a_split_q_and_a_region_named_after_a_constant_tensor() -> None:
    """TensorRT 8.4's shapes: a Myelin region without inputs named after a Constant's output
    tensor, and a Q split across a Concat whose copies end as a Reformat and a duplicate."""
    rep = build_report(parse_build_log(SPLIT_LOG, "m.log"))
    by = fates(rep)
    assert [f.node for f in rep.node_fates if f.fate == "unknown"] == []
    split = by["Q_1"]
    assert (split.fate, split.pass_name) == ("moved", "SplitQAcrossPrecedingFanIn")
    assert "Q_1_clone_0 (left as the stand-alone Reformat Q_1_clone_0)" in split.detail
    assert "Q_1_clone_1 (duplicate of Q_5)" in split.detail
    survivor = by["Q_5"]
    assert (survivor.fate, survivor.pass_name) == ("reformat", "QDQToCopy")
    assert "its producer Relu_2 runs in Relu_2" in survivor.detail
    head = ["/head/Constant_12", "/head/Constant_13", "/head/Mul", "/head/Unsqueeze_6"]
    assert [by[n].fate for n in head] == ["myelin"] * 4
    assert [r.nodes for r in rep.regions] == [tuple(head)]


def test_shape_computations_of_a_dynamic_model() -> None:
    """Shape → Gather → Concat feeding a Reshape's shape input, on a dynamic input: no engine
    layer runs them (TensorRT evaluates shape tensors); with static shapes they fold away."""
    lines = [
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx",
        f"{V} Adding network input: x with dtype: float32, dimensions: (-1, 4, 8)",
        *node("Shape_0", "Shape", "x:-1x4x8:FLOAT", "s0:3:INT64"),
        *node("Gather_1", "Gather", "s0:3:INT64 idx::INT64", "g1::INT64"),
        *node("Concat_2", "Concat", "g1:1:INT64 c32:1:INT64", "shape:2:INT64"),
        *node("Reshape_3", "Reshape", "x:-1x4x8:FLOAT shape:2:INT64", "y:-1x32:FLOAT"),
        f"{V} Engine Layer Information:",
        f"{V} Layer(NoOp): Reshape_3, Tactic: 0x0, x[Float(-1,4,8)] -> y[Float(-1,32)]",
        "&&&& PASSED TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx",
    ]
    by = fates(build_report(parse_build_log(lines, "m.log")))
    assert [by[n].fate for n in ("Shape_0", "Gather_1", "Concat_2")] == ["shape"] * 3
    assert by["Reshape_3"].fate == "layer"


def test_a_q_dq_no_event_names_takes_its_neighbours_layer() -> None:
    """A DQ whose only reader sits in a convolution layer, with no event naming the DQ (a log
    whose builder fused it silently): fused into that layer, and the sentence says how it was
    decided."""
    lines = [
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx --int8",
        f"{V} Adding network input: x with dtype: float32, dimensions: (1, 4, 8, 8)",
        *node("Q_0", "QuantizeLinear", "x:1x4x8x8:FLOAT s:x:FLOAT", "q:1x4x8x8:FLOAT"),
        *node("DQ_1", "DequantizeLinear", "q:1x4x8x8:FLOAT s:x:FLOAT", "dq:1x4x8x8:FLOAT"),
        *node("Conv_2", "Conv", "dq:1x4x8x8:FLOAT w:4x4x1x1:FLOAT", "y:1x4x8x8:FLOAT"),
        f"{V} Engine Layer Information:",
        f"{V} Layer(Reformat): Q_0, Tactic: 0x0, x[Float(1,4,8,8)] -> q[Int8(1,4,8,8)]",
        f"{V} Layer(CaskConvolution): Conv_2, Tactic: 0x1, q[Int8(1,4,8,8)] -> y[Float(1,4,8,8)]",
        "&&&& PASSED TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx --int8",
    ]
    by = fates(build_report(parse_build_log(lines, "m.log")))
    assert by["DQ_1"].fate == "input-quantizer"
    assert by["DQ_1"].detail.startswith("no event names it; the nodes that read it are in")
    assert by["Q_0"].fate == "reformat"


def region_page(rep: Report) -> list[RegionData]:
    """The graph's region data of a report."""
    return build_graph(rep)["regions"]


def test_region_data_draws_its_nodes_and_joins_its_boundary_by_tensor_name() -> None:
    rep = report()
    (region,) = region_page(rep)
    names = [rep.node_fates[row].node for row in region["fates"]]
    # The Constant is counted, not drawn; rows follow the tensors (one node per row here).
    assert names == ["/head/Mul", "/head/Sigmoid", "/head/Unsqueeze_2"]
    assert (region["total"], region["constants"], region["rows"]) == (4, 1, [1, 1, 1])
    assert region["edges"][0::3] == [0, 1] and region["edges"][1::3] == [1, 2]
    graph = build_graph(rep)
    tensors = {edge["t"]: (edge["from"], edge["to"]) for edge in graph["edges"]}
    ((t_in, exact_in, *reads),) = region["ins"]
    ((t_out, exact_out, *writes),) = region["outs"]
    # relu_a (from the conv layer) is read by /head/Mul; /head/Unsqueeze_2 writes out.
    assert (exact_in, reads, exact_out, writes) == (1, [0], 1, [2])
    conv = next(layer.id for layer in rep.layers if "Conv_a" in layer.name)
    assert tensors[t_in] == (conv, region_id(rep)) and tensors[t_out][1] == "out:out"


def region_id(rep: Report) -> str:
    """The id of the report's Myelin layer."""
    return next(layer.id for layer in rep.layers if layer.role == "myelin")


def test_a_renamed_boundary_tensor_joins_the_regions_open_entries() -> None:
    """The builder feeds the region a copy (``relu_a copy``) that no ONNX node reads: the
    edge goes to the nodes that read a tensor from outside, marked as not matched by name."""
    lines = [
        line.replace("relu_a (Int8[1,4,8,8]) -> out", "relu_a copy (Int8[1,4,8,8]) -> out")
        for line in LOG
    ]
    lines.insert(
        lines.index(next(line for line in lines if "Layer(Myelin)" in line)),
        f"{V} Layer(Reformat): relu_a copy, Tactic: 0x0, relu_a (Int8[1,4,8,8]) -> "
        "relu_a copy (Int8[1,4,8,8])",
    )
    rep = build_report(parse_build_log(lines, "m.log"))
    (region,) = region_page(rep)
    ((_, exact, *reads),) = region["ins"]
    assert (exact, reads) == (0, [0])


def test_a_large_region_is_capped_and_its_data_stays_small(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rep = build_report(parse_build_log(region_log(3, 20), "t.log"))
    (region,) = region_page(rep)
    assert (len(region["fates"]), region["total"], region["constants"]) == (860, 1080, 220)
    assert sum(region["rows"]) == 860 and len(region["edges"]) == 3 * 1037
    # Numbers only: well under 30 bytes of page data per node drawn.
    assert len(json.dumps(region, separators=(",", ":"))) < 30 * 860
    monkeypatch.setattr(regions, "MAX_DRAWN", 100)
    (capped,) = region_page(rep)
    assert (len(capped["fates"]), capped["total"]) == (100, 1080)
    assert capped["outs"] == []  # the region's output is written past the first 100 nodes
