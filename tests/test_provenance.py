"""Provenance: layer-name parts, renames through pass events, node fates, Myelin kernels."""

from __future__ import annotations

from trtreport.join import build_report
from trtreport.model import (
    Build,
    BuildLog,
    EngineLayer,
    LayerRecord,
    OnnxModelInfo,
    OnnxNode,
    ParseStats,
    PassEvent,
    Profile,
    ProfileEntry,
    TensorInfo,
)
from trtreport.provenance import Tracer, name_parts, node_fates, trace_events


def layer(i: int, name: str, *nodes: str) -> EngineLayer:
    """An engine layer with only what provenance looks at."""
    return EngineLayer(
        id=f"L{i}",
        index=i,
        name=name,
        layer_type="CaskConvolution",
        role="compute",
        precision="INT8",
        input_precision="INT8",
        output_precision="INT8",
        onnx_nodes=nodes,
    )


def ev(line: int, pass_name: str, kind: str, *layers: str, result: str = "") -> PassEvent:
    """A pass event in one line."""
    return PassEvent(line=line, pass_name=pass_name, kind=kind, layers=layers, result=result)


def test_name_parts_of_real_layer_name_shapes() -> None:
    assert name_parts("conv1.weight + QuantizeLinear_7 + Conv_9 + MaxPool_12") == (
        "conv1.weight",
        "QuantizeLinear_7",
        "Conv_9",
        "MaxPool_12",
    )
    assert name_parts("Conv_3 || Conv_5") == ("Conv_3", "Conv_5")
    assert name_parts("PWN((Unnamed Layer* 11) [ElementWise] + node_relu_2)") == (
        "(Unnamed Layer* 11) [ElementWise]",
        "node_relu_2",
    )
    assert name_parts("{ForeignNode[/attn/MatMul.../attn/Softmax]}") == (
        "/attn/MatMul",
        "/attn/Softmax",
    )
    assert name_parts("Reformatting CopyNode for Input Tensor 0 to Conv_9") == ()
    assert name_parts("(Unnamed Layer* 355) [Shuffle]") == ("(Unnamed Layer* 355) [Shuffle]",)


def test_a_copy_holds_no_node_and_its_target_keeps_its_own() -> None:
    """The copy's name ends in its target's; the ONNX nodes are the target's, not the copy's."""
    copy = "Reformatting CopyNode for Output Tensor 0 to Conv_9 + Relu_10"
    assert name_parts(copy) == ()
    tracer = Tracer((layer(0, copy), layer(1, "Conv_9 + Relu_10")), ())
    assert (tracer.holder("Conv_9"), tracer.holder("Relu_10"), tracer.holder(copy)) == (
        "L1",
        "L1",
        "L0",
    )


EVENTS = (
    ev(10, "ConstWeightsQuantizeFusion", "running", "conv1.weight"),
    ev(11, "ConstWeightsQuantizeFusion", "fuse", "conv1.weight", "QuantizeLinear_7"),
    ev(12, "QuantizeDoubleInputNodes", "fuse", "DequantizeLinear_5", "Conv_9", result="Conv_9"),
    ev(13, "ConvReluFusion", "fuse", "Conv_9", "Relu_10"),
    ev(14, "ShuffleErasure", "running", "Flatten_20"),
    ev(15, "ShuffleErasure", "remove", "Flatten_20"),
    ev(16, "", "eliminate-duplicate", "QuantizeLinear_30", "QuantizeLinear_28"),
    ev(17, "ConstQDQInitializersFusion", "remove", "Constant_3"),
    ev(18, "", "merge", "Conv_40", "Conv_41"),
    ev(19, "Eliminating concatenation", "eliminate-concat", "Concat_50"),
)
ENGINE = (
    layer(0, "conv1.weight + QuantizeLinear_7 + Conv_9 + Relu_10"),
    layer(1, "QuantizeLinear_28"),
    layer(2, "Conv_40 || Conv_41"),
)


def test_events_are_traced_to_the_layer_they_produced() -> None:
    tracer = Tracer(ENGINE, EVENTS)
    traced, by_layer = trace_events(tracer, EVENTS)
    assert [t.layer_id for t in traced] == ["L0", "L0", "L0", "L0", "", "", "L1", "", "L2", ""]
    assert by_layer == {"L0": [0, 1, 2, 3], "L1": [6], "L2": [8]}


def test_node_fates() -> None:
    tracer = Tracer(ENGINE, EVENTS)
    nodes = [
        OnnxNode("Conv_9", "Conv", 1),
        OnnxNode("DequantizeLinear_5", "DequantizeLinear", 2),
        OnnxNode("Flatten_20", "Flatten", 3),
        OnnxNode("QuantizeLinear_30", "QuantizeLinear", 4),
        OnnxNode("Constant_3", "Constant", 5),
        OnnxNode("Constant_4", "Constant", 6),
        OnnxNode("Gather_99", "Gather", 7),
        OnnxNode("Concat_50", "Concat", 8),
        OnnxNode("BatchNormalization_10", "BatchNormalization", 9),
    ]
    fates = {f.node: f for f in node_fates(tracer, nodes)}
    assert (fates["Conv_9"].fate, fates["Conv_9"].layer_id, fates["Conv_9"].line) == (
        "layer",
        "L0",
        0,
    )
    dq = fates["DequantizeLinear_5"]
    assert (dq.fate, dq.layer_id, dq.pass_name, dq.other, dq.line) == (
        "layer",
        "L0",
        "QuantizeDoubleInputNodes",
        "Conv_9",
        12,
    )
    assert (fates["Flatten_20"].fate, fates["Flatten_20"].pass_name) == (
        "removed",
        "ShuffleErasure",
    )
    dup = fates["QuantizeLinear_30"]
    assert (dup.fate, dup.other, dup.layer_id) == ("duplicate", "QuantizeLinear_28", "L1")
    assert fates["Constant_3"].fate == "constant"
    assert fates["Constant_3"].pass_name == "ConstQDQInitializersFusion"
    assert fates["Constant_4"].fate == "constant"
    assert fates["Gather_99"].fate == "unknown"
    concat = fates["Concat_50"]
    assert (concat.fate, concat.pass_name, concat.line) == (
        "removed",
        "Eliminating concatenation",
        19,
    )


def test_removal_under_a_fusion_pass_is_absorption_into_its_layer() -> None:
    """``Running: QConvScaleFusion on Conv_9`` then ``Removing BN + Relu``: folded into Conv_9."""
    events = (
        ev(1, "ScaleActivationFusion", "fuse", "BatchNormalization_10", "Relu_11"),
        ev(2, "QConvScaleFusion", "running", "Conv_9"),
        ev(3, "QConvScaleFusion", "remove", "BatchNormalization_10 + Relu_11"),
        ev(4, "ShuffleErasure", "running", "Flatten_5"),
        ev(5, "ShuffleErasure", "remove", "Flatten_5"),
    )
    engine = (layer(0, "w + QuantizeLinear_7 + Conv_9 + MaxPool_12"),)
    tracer = Tracer(engine, events)
    fates = {
        f.node: f
        for f in node_fates(
            tracer,
            [OnnxNode("Relu_11", "Relu", 1), OnnxNode("Flatten_5", "Flatten", 2)],
        )
    }
    assert (fates["Relu_11"].fate, fates["Relu_11"].layer_id) == ("layer", "L0")
    assert (fates["Flatten_5"].fate, fates["Flatten_5"].pass_name) == ("removed", "ShuffleErasure")
    traced, _ = trace_events(tracer, events)
    assert [t.layer_id for t in traced] == ["L0", "L0", "L0", "", ""]


def test_rename_cycles_end() -> None:
    events = (ev(1, "X", "fuse", "A", "B", result="C"), ev(2, "X", "fuse", "C", "D", result="A"))
    tracer = Tracer((), events)
    assert tracer.resolve("A") == ("", events[0])


def test_join_attaches_events_and_fates_to_layers() -> None:
    tensor = TensorInfo("t", "INT8", (1, 8))
    build = Build(
        index=0,
        first_line=1,
        last_line=50,
        engine_layers=(
            LayerRecord(
                "conv1.weight + QuantizeLinear_7 + Conv_9 + Relu_10",
                "CaskConvolution",
                inputs=(tensor,),
                outputs=(TensorInfo("u", "INT8", (1, 8)),),
            ),
        ),
        pass_events=EVENTS[:4],
        onnx=OnnxModelInfo(nodes=(OnnxNode("DequantizeLinear_5", "DequantizeLinear", 2),)),
    )
    report = build_report(BuildLog("b.log", (build,), ParseStats()))
    assert report.layers[0].pass_events == (0, 1, 2, 3)
    assert report.pass_events[2].layer_id == "L0"
    assert report.node_fates[0].layer_id == "L0"


def test_myelin_kernels_are_summed_into_their_region() -> None:
    records = (
        LayerRecord(
            "Reformatting CopyNode for Input Tensor 0 to {ForeignNode[node_conv2d...node_relu]}",
            "Reformat",
        ),
        LayerRecord("{ForeignNode[node_conv2d...node_relu]}", "Myelin"),
        LayerRecord("node_max_pool2d", "CaskPooling"),
    )
    build = Build(index=0, first_line=1, last_line=9, engine_layers=records)
    profile = Profile(
        "p.json",
        100,
        (
            ProfileEntry("__mye59_0_myl0_0", 3.0, 0.03, None, 10.0),
            ProfileEntry("node_conv2d_myl0_1", 12.0, 0.12, None, 40.0),
            ProfileEntry("node_max_pool2d", 9.0, 0.09, None, 30.0),
            ProfileEntry("__myl_Cast_myl7_0", 6.0, 0.06, None, 20.0),
        ),
    )
    report = build_report(BuildLog("b.log", (build,), ParseStats()), profile=profile)
    myelin = report.layers[1]
    assert myelin.time_ms == 0.15
    assert myelin.time_share == 50.0
    assert myelin.profiled_as == ("__mye59_0_myl0_0", "node_conv2d_myl0_1")
    assert report.layers[2].time_ms == 0.09
    assert [(u.name, u.reason) for u in report.unmatched] == [
        ("__myl_Cast_myl7_0", "Myelin kernel of region 7: no layer holds it")
    ]
