"""Findings as a person acts on them: root-cause cards, stable ids, cost, the build checks,
warnings kept past the cap, and the evidence lines.

GIVEN a small engine (or log) built to show one situation, THEN the card says it, once.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from test_analysis import (
    CONV_DETAILS,
    int8_conv,
    island_engine,
    of_rule,
    rec,
    report_of,
    t,
)
from trtreport.analysis import analyse, symptoms
from trtreport.analysis.evidence import attach_evidence, wanted_lines
from trtreport.join import build_report
from trtreport.logparse import parse_build_log
from trtreport.logparse.state import MAX_MESSAGES
from trtreport.model import (
    AutotuneSummary,
    Binding,
    EngineLayer,
    LineSample,
    MessageGroup,
    OnnxModelInfo,
    OnnxNode,
    OnnxTensor,
    OptionSection,
    Report,
)
from trtreport.render.figures import memory_rows, timing_rows, timing_text


def cards(report: Report) -> list[tuple[str, str, str]]:
    """(rule, severity, id) of each card."""
    return [(f.rule, f.severity, f.id) for f in analyse(report).findings]


# ---------------------------------------------------------------------------------------------
# Root causes
# ---------------------------------------------------------------------------------------------


def test_an_island_card_holds_the_q_it_leaves_unfused() -> None:
    report = analyse(island_engine())
    island = next(f for f in report.findings if f.rule == "precision-island")
    assert [p.rule for p in island.parts] == ["unfused-qdq"]
    assert island.parts[0].id == "unfused-qdq:QuantizeLinear_206"
    assert "also gives 1 Q/DQ left as a separate layer" in island.explanation
    # No card of its own for the Q: it is a symptom.
    assert not [f for f in report.findings if f.id == "unfused-qdq:QuantizeLinear_206"]
    # The card's cost counts the island's layers and the Q.
    by_id = {layer.id: layer for layer in report.layers}
    assert "QuantizeLinear_206" in {by_id[i].name for i in island.cost_ids}
    assert island.cost_layers == len(island.cost_ids)


def test_ids_are_made_of_onnx_nodes_not_layer_ids() -> None:
    first = analyse(island_engine())
    # The same model with one more layer in front: every layer id shifts by one.
    shifted = report_of(
        rec("Reformat_in", "Reformat", [t("input.0", "FP32")], [t("input.1", "FP32")]),
        *[
            rec(
                x.name,
                x.layer_type,
                list(x.inputs),
                list(x.outputs),
                origin=x.origin,
                details=x.details,
            )
            for x in island_engine().layers
        ],
    )
    again = analyse(shifted)
    island_ids = {f.id for f in first.findings if f.rule == "precision-island"}
    assert island_ids == {f.id for f in again.findings if f.rule == "precision-island"}
    (island_id,) = island_ids
    assert island_id.startswith("precision-island:Add_202+")
    assert "L" + "3" not in island_id


def test_residual_adds_gather_in_one_card_with_their_unfused_q() -> None:
    layers = [int8_conv("Conv_1", "in8", "a0")]
    for i in range(3):
        # An INT8 conv whose fused Add takes an FP32 branch, then a standalone Q after it.
        layers.append(
            rec(
                f"Conv_{10 + i} + Add_{20 + i} + Relu_{30 + i}",
                "CaskConvolution",
                [t(f"a{i}", "INT8"), t(f"skip{i}", "FP32")],
                [t(f"f{i}", "FP32")],
                details=CONV_DETAILS,
            )
        )
        layers.append(
            rec(
                f"QuantizeLinear_{40 + i}",
                "Reformat",
                [t(f"f{i}", "FP32")],
                [t(f"a{i + 1}", "INT8")],
                origin="QDQ",
            )
        )
        layers.append(int8_conv(f"Conv_{50 + i}", f"a{i + 1}", f"x{i}"))
    report = analyse(report_of(*layers))
    residual = [f for f in report.findings if f.id == "int8-float-io:residual-branches"]
    assert len(residual) == 1
    assert residual[0].title.startswith("3 residual Adds take an unquantized branch")
    assert len(residual[0].parts) == 3
    assert not [f for f in report.findings if f.rule == "unfused-qdq" and f.severity == "warning"]


def test_cards_are_sorted_by_severity_then_cost() -> None:
    report = analyse(island_engine())
    ranks = {"error": 0, "warning": 1, "info": 2}
    keys = [(ranks[f.severity], -(f.cost_ms or 0), -f.cost_layers) for f in report.findings]
    assert keys == sorted(keys)


def test_symptoms_keep_what_each_rule_found() -> None:
    raw = symptoms(island_engine())
    assert [f.id for f in raw if f.rule == "unfused-qdq" and f.severity == "warning"] == [
        "unfused-qdq:QuantizeLinear_206"
    ]


# ---------------------------------------------------------------------------------------------
# The checks users expect
# ---------------------------------------------------------------------------------------------


def with_kernel(record_name: str, kernel: str, dtype: str) -> Report:
    """One convolution of ``dtype`` running ``kernel``."""
    record = replace(
        rec(record_name, "CaskConvolution", [t("x", dtype)], [t("y", dtype)], details=CONV_DETAILS),
        kernel=kernel,
    )
    return report_of(record)


def test_fp16_conv_on_a_plain_kernel_is_not_on_tensor_cores() -> None:
    plain = with_kernel("Conv_1", "volta_fp16_scudnn_fp16_128x64_relu_small_nn_v1", "FP16")
    (card,) = of_rule(plain, "tensor-cores")
    assert card.severity == "warning"
    assert card.title == "1 convolution or matrix multiply not on Tensor Cores"
    assert [p.id for p in card.parts] == ["tensor-cores:Conv_1"]
    tensor_core = with_kernel("Conv_1", "sm80_xmma_fprop_implicit_gemm_f16f16_f16f32", "FP16")
    assert of_rule(tensor_core, "tensor-cores") == []
    fp32 = with_kernel("Conv_1", "sm80_scudnn_128x64_relu", "FP32")
    assert of_rule(fp32, "tensor-cores") == []


def test_channel_counts_not_aligned_for_int8_and_fp16() -> None:
    report = report_of(
        rec(
            "Conv_0",
            "CaskConvolution",
            [t("img", "INT8", (1, 3, 224, 224))],
            [t("a", "INT8", (1, 64, 112, 112))],
            details=CONV_DETAILS,
        ),
        rec(
            "Conv_1",
            "CaskConvolution",
            [t("a", "INT8", (1, 64, 112, 112))],
            [t("b", "INT8", (1, 24, 112, 112))],
            details=CONV_DETAILS,
        ),
        rec(
            "Conv_2",
            "CaskConvolution",
            [t("b", "FP16", (1, 24, 112, 112))],
            [t("c", "FP16", (1, 20, 112, 112))],
            details=CONV_DETAILS,
        ),
    )
    (card,) = of_rule(report, "channel-alignment")
    titles = [p.title for p in card.parts]
    assert any(title.startswith("Conv_1 (INT8): output channels 24") for title in titles)
    assert any("output channels 20" in title for title in titles)
    # An image's 3 input channels are not worth a word; 24 input channels in FP16 are aligned.
    assert not any("input channels 3" in title for title in titles)
    assert not any("input channels 24" in title for title in titles)


def test_engine_io_type_differing_from_the_model_is_a_warning() -> None:
    base = report_of(int8_conv("Conv_1", "images", "out"))
    report = replace(
        base,
        onnx=OnnxModelInfo(
            inputs=(OnnxTensor("images", "FP32"),), outputs=(OnnxTensor("out", "FP32"),)
        ),
        bindings=(
            Binding(0, "images", "input", dtype="FP16", line=7),
            Binding(1, "out", "output", dtype="FP32"),
        ),
    )
    (card,) = of_rule(report, "io-format")
    assert card.severity == "warning"
    assert card.title == "Engine I/O types differ from the model's: images FP32→FP16"
    assert card.id == "io-format:images"
    assert 7 in card.lines


def test_reformats_forced_by_io_formats() -> None:
    base = report_of(
        int8_conv("Conv_1", "images", "y"),
        rec(
            "Reformatting CopyNode for Output Tensor 0 to Conv_1",
            "Reformat",
            [t("y", "INT8")],
            [t("out", "FP16")],
        ),
    )
    header = replace(base.header, command="trtexec --onnx=m.onnx --int8 --outputIOFormats=fp16:chw")
    report = replace(base, header=header, bindings=(Binding(0, "out", "output", dtype="FP16"),))
    (card,) = of_rule(report, "io-format")
    assert card.title == "1 Reformat at the engine's inputs and outputs forced by the I/O formats"
    assert "--outputIOFormats=fp16:chw" in card.explanation


def test_int8_without_calibration_from_the_command_alone() -> None:
    base = report_of(int8_conv("Conv_1", "x", "y"))
    report = replace(base, header=replace(base.header, command="trtexec --onnx=m.onnx --int8"))
    (card,) = of_rule(report, "int8-no-calibration")
    assert card.severity == "warning"
    calibrated = replace(
        base, header=replace(base.header, command="trtexec --onnx=m.onnx --int8 --calib=c.cache")
    )
    assert of_rule(calibrated, "int8-no-calibration") == []


def test_tactics_skipped_for_workspace() -> None:
    base = report_of(int8_conv("Conv_1", "x", "y"))
    layer = base.layers[0]
    tune = AutotuneSummary(
        layer=layer.name,
        tactics_skipped=5,
        skip_reasons=(("insufficient memory on requested size of N detected for tactic N", "5"),),
        first_line=120,
    )
    report = replace(base, layers=(replace(layer, autotune=tune),))
    (card,) = of_rule(report, "memory-skips")
    assert "skipped 5 tactics for lack of workspace or memory in 1 layer" in card.explanation
    assert "--memPoolSize=workspace" in card.fix
    assert 120 in card.lines


def test_a_failed_build_says_what_it_was_tuning() -> None:
    base = report_of()
    header = replace(
        base.header,
        log_end="failed",
        last_phase="autotuning",
        end_reason="Python exception: RuntimeError: Myelin error",
        end_line=900,
    )
    tune = AutotuneSummary(
        layer="{ForeignNode[/head/MatMul.../head/Add]}",
        layer_type="Myelin",
        format_combinations=2,
        tactics_timed=1,
    )
    report = replace(
        base,
        header=header,
        tuned_without_engine=(tune,),
        last_combination=LineSample(880, "Autotuning format combination: Half(1,64) -> Half(1,64)"),
    )
    (card,) = of_rule(report, "build-stopped")
    assert card.severity == "error"
    assert card.title.startswith("The build failed during autotuning while tuning {ForeignNode")
    assert (
        "in its 2nd format combination, Half(1,64) -> Half(1,64) (line 880), after the first "
        "had been timed" in card.explanation
    )
    assert {880, 900} <= set(card.lines)


@pytest.mark.parametrize(
    ("tactic_line", "words"),
    [
        (
            "{ForeignNode[/head/MatMul.../head/Add]} Set Tactic Name: myelin_v1 Tactic: 0x0",
            "Its last runner was Myelin (line 881); it was timing tactic 0x0 (kernel myelin_v1, "
            "line 882) when the log stops: no time follows it.",
        ),
        (
            "Tactic: 0x000000000000001c Time: 0.0412",
            "Its last runner was Myelin (line 881); its last tactic timed was 0x000000000000001c "
            "(0.0412 ms, line 882), and the log stops before the next.",
        ),
        (
            "Tactic: 0x1 skipped. Scratch requested: 1000000, available: 4",
            "Its last runner was Myelin (line 881); its last tactic, 0x1, was skipped (line 882).",
        ),
        (None, "Its last runner was Myelin (line 881)."),
    ],
)
def test_a_failed_build_names_its_last_runner_and_tactic(
    tactic_line: str | None, words: str
) -> None:
    """GIVEN a build that stopped inside a runner's tactics THEN the card names the runner and
    the tactic being timed (a name with no time after it) or the last one timed."""
    base = report_of()
    header = replace(base.header, log_end="failed", last_phase="autotuning", end_line=900)
    tune = AutotuneSummary(layer="{ForeignNode[/head/MatMul.../head/Add]}", format_combinations=2)
    report = replace(
        base,
        header=header,
        tuned_without_engine=(tune,),
        last_combination=LineSample(880, "Autotuning format combination: Half(1,64) -> Half(1,64)"),
        last_runner=LineSample(881, "{ForeignNode[/head/MatMul.../head/Add]} (Myelin)"),
        last_tactic=LineSample(882, tactic_line) if tactic_line is not None else None,
    )
    (card,) = of_rule(report, "build-stopped")
    assert card.explanation.endswith(words)
    assert {880, 881, 900} <= set(card.lines)
    assert (882 in card.lines) == (tactic_line is not None)


def test_dla_fallback_counts_the_logs_own_lists_and_all_warnings() -> None:
    base = report_of(int8_conv("Conv_1", "x", "y"))
    report = replace(
        base,
        options=(OptionSection("Build Options", (("DLACore", "0"),), 3),),
        placement=(
            *((f"Conv_{i}", "GPU") for i in range(5)),
            *((f"Pool_{i}", "DLA") for i in range(2)),
        ),
        messages=(
            MessageGroup(
                "warning",
                "Layer … … Switching this layer's device type to GPU.",
                "Layer 'Conv_0' (CONVOLUTION): Unsupported on DLA. Switching this "
                "layer's device type to GPU.",
                3,
                (10, 11, 12),
            ),
            MessageGroup(
                "warning",
                "…",
                "Default DLA is enabled but layer Conv_4 is not "
                "supported on DLA, falling back to GPU.",
                2,
                (13, 14),
            ),
        ),
    )
    (card,) = of_rule(report, "dla-fallback")
    assert card.title == "5 layers fell back from DLA to GPU"
    assert "(and 2 on DLA)" in card.explanation
    assert "5 fallback warnings" in card.explanation


def test_batchnorm_fed_by_identity_asks_for_constant_folding_not_qdq() -> None:
    base = report_of(
        int8_conv("Conv_1", "x", "a", "FP32"),
        rec("BatchNormalization_5", "ElementWise", [t("a", "FP32")], [t("b", "FP32")]),
        rec("QuantizeLinear_7", "Reformat", [t("b", "FP32")], [t("c", "INT8")], origin="QDQ"),
        int8_conv("Conv_9", "c", "d"),
    )
    onnx = OnnxModelInfo(
        nodes=(
            OnnxNode("Identity_3", "Identity", 40),
            OnnxNode("Conv_1", "Conv", 41),
            OnnxNode("BatchNormalization_5", "BatchNormalization", 42),
        )
    )
    report = replace(base, onnx=onnx)
    (island,) = [f for f in analyse(report).findings if f.rule == "precision-island"]
    assert "BatchNormalization_5 was not folded into the convolution" in island.explanation
    assert "Identity_3" in island.explanation
    assert "--fold-constants" in island.fix
    assert "is not the fix" in island.fix


# ---------------------------------------------------------------------------------------------
# Nothing lost to caps
# ---------------------------------------------------------------------------------------------


LOG_HEAD = [
    "&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx --int8 --verbose",
    "[12/04/2026-10:00:00] [I] === Model Options ===",
    "[12/04/2026-10:00:00] [I] Format: ONNX",
]


def test_every_distinct_warning_is_kept_past_the_cap() -> None:
    lines = [
        *LOG_HEAD,
        *(
            f"[12/04/2026-10:00:01] [W] [TRT] Layer 'Conv_{i}' (CONVOLUTION): Unsupported on "
            f"DLA. Switching this layer's device type to GPU."
            for i in range(MAX_MESSAGES + 50)
        ),
        "[12/04/2026-10:00:02] [W] [TRT] Calibrator is not being used. Users must provide "
        "dynamic range for all tensors that are not Int8.",
        "[12/04/2026-10:00:02] [W] [TRT] Calibrator is not being used. Users must provide "
        "dynamic range for all tensors that are not Int8.",
    ]
    log = parse_build_log(lines, "build.log")
    (build,) = log.builds
    assert len(build.warnings) == MAX_MESSAGES
    assert build.warning_count == MAX_MESSAGES + 52
    calibrator = [m for m in build.messages if m.text.startswith("Calibrator is not being used")]
    assert [(m.count, m.lines) for m in calibrator] == [(2, (254, 255))]
    kinds = {m.kind for m in build.messages if "DLA" in m.text}
    assert kinds == {
        "Layer … (CONVOLUTION): Unsupported on DLA. Switching this layer's device type to GPU."
    }
    report = analyse(build_report(log, None, None))
    assert "int8-no-calibration" in {f.rule for f in report.findings}


# ---------------------------------------------------------------------------------------------
# Evidence and figures
# ---------------------------------------------------------------------------------------------


def test_evidence_embeds_the_cited_lines_with_context() -> None:
    report = analyse(island_engine())
    finding = report.findings[0]
    report = replace(report, findings=(replace(finding, lines=(10,), parts=()),))
    assert wanted_lines(report) == {8, 9, 10, 11, 12}
    text = {n: f"line {n} <b>" for n in range(1, 20)}
    shown = attach_evidence(report, text).findings[0].evidence
    assert [(s.line, s.text) for s in shown] == [(n, f"line {n} <b>") for n in range(8, 13)]


def test_timings_take_their_unit_from_the_key() -> None:
    assert timing_text("Deserialization (us)", "46178") == "46,178 µs (46.2 ms)"
    assert timing_text("Engine built", "53.4699") == "53.4699 s"
    rows = timing_rows((("Graph optimization", "0.1"), ("Graph optimization", "0.2")))
    assert [r.label for r in rows] == [
        "Graph optimization (1st of 2)",
        "Graph optimization (2nd of 2)",
    ]


def test_memory_repeats_are_collapsed_and_labelled() -> None:
    rows = memory_rows(
        (
            ("MemUsageChange: Init CUDA", "CPU +1, GPU +0"),
            ("Total Activation Memory", "8587253760"),
            ("MemUsageChange: Init CUDA", "CPU +0, GPU +0"),
            ("Total Activation Memory", "602112"),
            ("Total Device Persistent Memory", "0"),
            ("Total Device Persistent Memory", "0"),
        )
    )
    assert [(r.label, r.count) for r in rows] == [
        ("MemUsageChange: Init CUDA", 2),
        ("Total Activation Memory (during tactic selection)", 1),
        ("Total Activation Memory (of the engine)", 1),
        ("Total Device Persistent Memory", 2),
    ]


def test_finding_layers_are_engine_layers() -> None:
    """Every id a card or part names is a layer of the engine (graph highlights work)."""
    report = analyse(island_engine())
    known = {layer.id for layer in report.layers}

    def ids(findings: tuple) -> set[str]:  # type: ignore[type-arg]
        return {i for f in findings for i in (*f.layer_ids, *f.cost_ids)} | {
            i for f in findings for i in ids(f.parts)
        }

    assert ids(report.findings) <= known
    assert all(isinstance(layer, EngineLayer) for layer in report.layers)


def test_io_formats_read_from_trtexecs_option_dump() -> None:
    """A Python-run or pasted log has no command; trtexec's ``Input(s): fp16:chw`` says it."""
    lines = [
        *LOG_HEAD,
        "[12/04/2026-10:00:00] [I] === Build Options ===",
        "[12/04/2026-10:00:00] [I] Input(s)s format: fp32:CHW",
        "[12/04/2026-10:00:00] [I] Output(s): fp16:chw",
    ]
    report = build_report(parse_build_log(lines, "build.log"), None, None)
    from trtreport.analysis.checks import io_format_options

    assert io_format_options(report) == {"output": "fp16:chw"}


def test_a_failed_log_gives_the_card_end_to_end() -> None:
    """GIVEN a trtexec log that fails timing a Myelin node in Half after Float passed THEN one
    error card names the node, the format combination and its line, and the error's line."""
    ts = "[12/04/2026-10:00:00]"
    node = "{ForeignNode[/head/MatMul.../head/Add]}"
    runner = f"{ts} [V] [TRT] --------------- Timing Runner: {node} (Myelin[0x80000023])"
    lines = [
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx --fp16 --verbose",
        f"{ts} [I] === Model Options ===",
        f"{ts} [I] Format: ONNX",
        f"{ts} [V] [TRT] Original: 20 layers",
        f"{ts} [V] [TRT] =============== Computing costs for {node}",
        f"{ts} [V] [TRT] *************** Autotuning format combination: Float(1,64) -> "
        "Float(1,64) ***************",
        runner,
        f"{ts} [V] [TRT] Tactic: 0x0000000000000000 Time: 0.1",
        f"{ts} [V] [TRT] *************** Autotuning format combination: Half(1,64) -> "
        "Half(1,64) ***************",
        runner,
        f"{ts} [E] Error[2]: [myelinBuilderUtils.cpp::operator()::371] Error Code 2: Internal "
        "Error (Myelin compile failed)",
        f"{ts} [E] Engine could not be created from network",
        "&&&& FAILED TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx --fp16 --verbose",
    ]
    report = analyse(build_report(parse_build_log(lines, "b.log"), None, None))
    (card,) = [f for f in report.findings if f.rule == "build-stopped"]
    assert card.severity == "error"
    assert card.title == f"The build failed during autotuning while tuning {node}"
    assert "Half(1,64) -> Half(1,64) (line 9)" in card.explanation
    assert "Error Code 2" in card.explanation
    assert {9, 11} <= set(card.lines)


def test_io_type_difference_holds_the_reformats_it_forces() -> None:
    """An FP16 output where the model declares FP32, and the Reformat that writes it: one card."""
    base = report_of(
        int8_conv("Conv_1", "images", "y"),
        rec(
            "Reformatting CopyNode for Output Tensor 0 to Conv_1",
            "Reformat",
            [t("y", "INT8")],
            [t("out", "FP16")],
        ),
    )
    report = replace(
        base,
        onnx=OnnxModelInfo(outputs=(OnnxTensor("out", "FP32"),)),
        bindings=(Binding(0, "out", "output", dtype="FP16", line=9),),
    )
    (card,) = of_rule(report, "io-format")
    assert card.title == "Engine I/O types differ from the model's: out FP32→FP16"
    assert [p.title for p in card.parts] == ["Reformat after Conv_1 (INT8→FP16)"]
    assert card.cost_layers == 1


def test_a_batchnorm_folded_into_a_float_conv_is_not_called_unfolded() -> None:
    report = report_of(
        int8_conv("Conv_1", "x", "a", "FP16"),
        rec(
            "Conv_3 + BatchNormalization_4 + Relu_5",
            "CaskConvolution",
            [t("a", "FP16")],
            [t("b", "FP16")],
            details=CONV_DETAILS,
        ),
        rec("QuantizeLinear_7", "Reformat", [t("b", "FP16")], [t("c", "INT8")], origin="QDQ"),
        int8_conv("Conv_9", "c", "d"),
    )
    (island,) = [f for f in analyse(report).findings if f.rule == "precision-island"]
    assert "was not folded" not in island.explanation
    assert "--fold-constants" not in island.fix


def test_a_float_island_with_its_residuals_and_their_qs_is_one_card() -> None:
    """GIVEN an FP32 island whose output is the float shortcut of three INT8 residual convs,
    each followed by a Q that stayed a Reformat and a layout Reformat after it, THEN one card
    holds the island, the three residual Adds, the three Qs and the three Reformats."""
    layers = [
        int8_conv("Conv_0", "in8", "a", "FP32"),
        rec("Split_1 + Concat_2", "PointWise", [t("a", "FP32")], [t("float", "FP32")]),
    ]
    for i in range(3):
        layers += [
            int8_conv(f"Conv_{10 + i}", "q0", f"c{i}"),
            rec(
                f"Conv_{20 + i} + Add_{30 + i}",
                "CaskConvolution",
                [t(f"c{i}", "INT8"), t("float", "FP32")],
                [t(f"f{i}", "FP32")],
                details=CONV_DETAILS,
            ),
            rec(
                f"QuantizeLinear_{40 + i}",
                "Reformat",
                [t(f"f{i}", "FP32")],
                [t(f"q{i + 1}", "INT8")],
                origin="QDQ",
            ),
            rec(
                f"Reformatting CopyNode for Input Tensor 0 to Conv_{50 + i}",
                "Reformat",
                [t(f"q{i + 1}", "INT8")],
                [t(f"r{i}", "INT8")],
            ),
            int8_conv(f"Conv_{50 + i}", f"r{i}", f"o{i}"),
        ]
    layers.insert(
        2,
        rec("QuantizeLinear_3", "Reformat", [t("float", "FP32")], [t("q0", "INT8")], origin="QDQ"),
    )
    report = analyse(report_of(*layers))
    placement = [f for f in report.findings if f.severity != "info"]
    assert [f.rule for f in placement] == ["precision-island"]
    (card,) = placement
    rules = sorted(p.rule for p in card.parts)
    assert rules.count("int8-float-io") == 3
    assert rules.count("unfused-qdq") == 4
    assert rules.count("layout-reformat") == 3
