"""Quantization findings on the real builds of ``../shared/corpus`` (skipped when absent).

Each Q/DQ build's findings were checked by hand against its layer information (and log): the
assertions below pin what was verified. Float-only builds must give no finding at all;
implicit-INT8 builds (no Q/DQ nodes) only ``info`` findings.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from trtreport.analysis import analyse, is_compute, symptoms
from trtreport.join import build_report
from trtreport.layerinfo import parse_layer_file
from trtreport.logparse import parse_build_log
from trtreport.model import BuildLog, Finding, ParseStats, Report
from trtreport.profile import parse_profile
from trtreport.textio import HashingReader, open_text_lines

pytestmark = pytest.mark.corpus

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TREX_PT = "trex__pytorch__resnet__A100__{0}__{1}.onnx.engine.{2}__8fe05393.json"


def analysed(
    log: Path | None,
    layers: Path | None = None,
    profile: Path | None = None,
    *,
    symptoms_only: bool = True,
) -> Report:
    """Run the pipeline and the analysis in memory."""
    if log is None:
        parsed = BuildLog(source="none", builds=(), stats=ParseStats())
    else:
        with log.open("rb") as handle:
            parsed = parse_build_log(open_text_lines(HashingReader(handle), log.name), log.name)
    layer_file = (
        parse_layer_file(layers.read_text(encoding="utf-8"), layers.name) if layers else None
    )
    prof = parse_profile(profile.read_text(encoding="utf-8"), profile.name) if profile else None
    joined = build_report(parsed, layer_file, prof)
    report = analyse(joined)
    if not symptoms_only:
        return report
    # The lists below were checked by hand against each build, rule by rule: they pin what the
    # Q/DQ placement rules find before their findings are folded into root-cause cards.
    found = tuple(f for f in symptoms(joined) if f.rule in PLACEMENT_RULES)
    return replace(report, findings=found)


PLACEMENT_RULES = frozenset(
    {
        "precision-island",
        "unfused-qdq",
        "type-reformat",
        "layout-reformat",
        "int8-float-io",
        "quant-warning",
        "myelin-qdq",
        "dla-fallback",
        "horizontal-merge",
    }
)


def keyed(findings: tuple[Finding, ...]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(rule, severity, layer ids) of each finding."""
    return [(f.rule, f.severity, f.layer_ids) for f in findings]


def trex_pt(corpus: Path, variant: str, model: str) -> Report:
    """A TREx PyTorch ResNet engine: graph + profile."""
    return analysed(
        None,
        corpus / TREX_PT.format(variant, model, "graph"),
        corpus / TREX_PT.format(variant, model, "profile"),
    )


def test_qat_resnet18_log(corpus_dir: Path) -> None:
    report = analysed(corpus_dir / "lix19937-tensorrt-insight__qat__resnet18.log")
    findings = report.findings
    assert keyed(findings) == [
        ("unfused-qdq", "info", ("L0",)),
        ("layout-reformat", "info", ("L22",)),
        ("precision-island", "info", ("L25", "L24", "L23")),
        ("quant-warning", "info", ()),
    ]
    q_input, fc_reformat, softmax_tail, calibrator = findings
    # Layer(Reformat): QuantizeLinear_2 ... inputs.1 (Float[1,3,224,224]) -> 176 (Int8[...])
    assert q_input.title.startswith("Input quantization: QuantizeLinear_2 converts inputs.1")
    assert 6502 in q_input.lines
    # The FC's "Reformatting CopyNode" is a NoOp INT8 32-wide → 4-wide relayout (line 6402).
    assert "NoOp" in fc_reformat.explanation
    assert {6402, 6524} <= set(fc_reformat.lines)
    assert softmax_tail.title == "FP32 tail after the last INT8 layer: Softmax_312"
    assert calibrator.lines == (2175,)
    summary = report.summary
    assert summary is not None
    assert (summary.compute_layers, summary.int8_compute_layers) == (23, 22)
    assert summary.is_qdq is True


def test_trex_resnet_qat_unquantized_residuals(corpus_dir: Path) -> None:
    """TREx's own example of bad placement: residual branches without Q/DQ."""
    report = trex_pt(corpus_dir, "qat", "resnet-qat")
    counts: dict[tuple[str, str], int] = {}
    for finding in report.findings:
        key = (finding.rule, finding.severity)
        counts[key] = counts.get(key, 0) + 1
    assert counts == {
        ("precision-island", "warning"): 2,
        ("unfused-qdq", "warning"): 9,
        ("int8-float-io", "warning"): 8,
        ("type-reformat", "warning"): 1,
        ("unfused-qdq", "info"): 1,
        ("layout-reformat", "info"): 1,
        ("int8-float-io", "info"): 1,
    }
    islands = [f.title for f in report.findings if f.rule == "precision-island"]
    assert islands == [
        "FP32 island between INT8 layers: MaxPool_12",
        "FP16 island between INT8 layers: GlobalAveragePool_246",
    ]
    residual = next(f for f in report.findings if f.rule == "int8-float-io")
    assert residual.title == (
        "Residual Add_36 in Conv_34 + Add_36 + Relu_37 takes an unquantized FP16 branch"
    )
    assert report.summary is not None
    assert report.summary.int8_time_share is not None
    assert 0.6 < report.summary.int8_time_share < 0.7


def test_trex_resnet_qat_residual(corpus_dir: Path) -> None:
    """Residuals quantized, GAP not: the last block writes FP32 and its residual DQ stays."""
    report = trex_pt(corpus_dir, "qat-residual", "resnet-qat-residual")
    assert keyed(report.findings) == [
        ("unfused-qdq", "warning", ("L19", "L21")),
        ("int8-float-io", "warning", ("L21", "L19", "L22")),
        ("precision-island", "warning", ("L22", "L21", "L23")),
        ("unfused-qdq", "warning", ("L23", "L22")),
        ("unfused-qdq", "info", ("L0",)),
        ("int8-float-io", "info", ("L24",)),
    ]
    assert "GlobalAveragePool_294" in report.findings[0].fix


def test_trex_resnet_qat_residual_qgap_is_clean(corpus_dir: Path) -> None:
    """With the GAP quantized too, only the expected input Q and final dequantize remain."""
    report = trex_pt(corpus_dir, "qat-residual-qgap", "resnet-qat-residual-qgap")
    assert keyed(report.findings) == [
        ("unfused-qdq", "info", ("L0",)),
        ("int8-float-io", "info", ("L22",)),
    ]
    assert report.summary is not None
    assert report.summary.int8_compute_share == 1.0


def test_trex_tensorflow_resnet_qat(corpus_dir: Path) -> None:
    stem = "trex__tensorflow__resnet__RTX-3090__qat__resnet-qat.onnx.engine.{0}__e8fa1222.json"
    report = analysed(None, corpus_dir / stem.format("graph"), corpus_dir / stem.format("profile"))
    assert [(f.rule, f.severity) for f in report.findings] == [
        ("unfused-qdq", "info"),
        ("layout-reformat", "info"),
        ("precision-island", "info"),
    ]
    assert report.findings[2].title == (
        "FP32 tail after the last INT8 layer: resnet50/quant_predictions/Softmax"
    )


@pytest.mark.parametrize("commit", ["26210e92", "8fe05393"])
def test_trex_mobilenet_qat(corpus_dir: Path, commit: str) -> None:
    stem = "trex__tests__inputs__mobilenet.qat.onnx.engine.{0}__" + commit + ".json"
    report = analysed(None, corpus_dir / stem.format("graph"), corpus_dir / stem.format("profile"))
    unfused = [f for f in report.findings if f.rule == "unfused-qdq" and f.severity == "warning"]
    islands = [f for f in report.findings if f.rule == "precision-island"]
    residuals = [f for f in report.findings if f.title.startswith("Residual ")]
    assert len(unfused) == 16
    assert [f.title for f in islands] == [
        f"{'FP32' if commit == '26210e92' else 'FP16'} island between INT8 layers: "
        "GlobalAveragePool_843"
    ]
    assert len(residuals) == 10
    assert not [f for f in report.findings if f.severity == "error"]


def test_example_finds_the_planted_island_and_unfused_q() -> None:
    report = analysed(
        EXAMPLES / "qdq_resnet_small.log",
        EXAMPLES / "qdq_resnet_small.layers.json",
        EXAMPLES / "qdq_resnet_small.profile.json",
    )
    first, second = report.findings[:2]
    assert (first.rule, first.severity, first.layer_ids[:2]) == (
        "precision-island",
        "error",
        ("L16", "L17"),
    )
    assert first.title.endswith("Conv_199 + Relu_200, Conv_201 + Add_202 + Relu_203")
    assert (second.rule, second.severity, second.layer_ids[0]) == ("unfused-qdq", "warning", "L18")
    assert "QuantizeLinear_206" in second.title


FLOAT_ONLY = [
    ("kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build.log", None, None),
    (
        "kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build.log",
        "kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build_layer_info.log",
        "kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build_profile.log",
    ),
    ("nvidia-trt-cookbook__08-Tool-trtexec__result-FP16__88fe8012.log", None, None),
    ("nvidia-trt-cookbook__08-Tool-trtexec__result-FP32__88fe8012.log", None, None),
    ("nvidia-trt-cookbook__08-Tool-trtexec__result-FP32__48a13cbe.txt", None, None),
    (None, TREX_PT.format("fp16", "resnet", "graph"), TREX_PT.format("fp16", "resnet", "profile")),
    (None, TREX_PT.format("fp32", "resnet", "graph"), TREX_PT.format("fp32", "resnet", "profile")),
    (
        None,
        "trex__tensorflow__resnet__RTX-3090__fp16__resnet.onnx.engine.graph__e8fa1222.json",
        None,
    ),
    (
        None,
        "yuanjiechen-trt2023__layerinfo__7bb9d371.json",
        "yuanjiechen-trt2023__profile__7bb9d371.json",
    ),
]


@pytest.mark.parametrize(("log", "layers", "profile"), FLOAT_ONLY)
def test_float_only_builds_have_no_findings(
    corpus_dir: Path, log: str | None, layers: str | None, profile: str | None
) -> None:
    report = analysed(
        corpus_dir / log if log else None,
        corpus_dir / layers if layers else None,
        corpus_dir / profile if profile else None,
    )
    assert report.layers
    assert report.findings == ()
    assert report.summary is not None
    assert report.summary.is_qdq is False
    assert report.summary.int8_compute_layers == 0


@pytest.mark.parametrize(
    ("log", "layers", "rules"),
    [
        (
            None,
            "kalfazed-tensorrt_starter__6.4-trex__resnet50-int8.engine.graph.json",
            {"type-reformat", "layout-reformat", "channel-alignment"},
        ),
        ("jetson-trtexec__googlenet_int8__raw_7runs.txt", None, {"int8-no-calibration"}),
    ],
)
def test_implicit_int8_builds_get_info_only_but_for_missing_calibration(
    corpus_dir: Path, log: str | None, layers: str | None, rules: set[str]
) -> None:
    """Without Q/DQ nodes the placement of conversions is TensorRT's choice (info); INT8 with
    no calibrator ("Calibrator is not being used") means placeholder scales: a warning."""
    report = analysed(
        corpus_dir / log if log else None,
        corpus_dir / layers if layers else None,
        symptoms_only=False,
    )
    assert report.summary is not None
    assert report.summary.is_qdq is False
    assert {f.rule for f in report.findings} == rules
    expected = {"warning"} if "int8-no-calibration" in rules else {"info"}
    assert {f.severity for f in report.findings} == expected


def test_int8_allowed_without_calibration_but_unused_is_info(corpus_dir: Path) -> None:
    """--best with no calibrator, and TensorRT chose FP32 for every layer of this MNIST: the
    placeholder scales reach no layer, so the card is info (and the header says nothing)."""
    report = analysed(
        corpus_dir / "lix19937-tensorrt-insight__trtexec__mnist__trt_build_best.log",
        symptoms_only=False,
    )
    assert [(f.rule, f.severity) for f in report.findings] == [("int8-no-calibration", "info")]
    assert report.findings[0].title == "INT8 allowed without calibration, but no layer runs in INT8"


def test_root_cause_cards_on_the_qat_resnets(corpus_dir: Path) -> None:
    """The unquantized residuals of the TREx PyTorch QAT ResNet: 7 Adds and the Q nodes they
    leave separate were 13 cards; they are one card, whose parts name each place."""
    report = analysed(
        None,
        corpus_dir / TREX_PT.format("qat", "resnet-qat", "graph"),
        corpus_dir / TREX_PT.format("qat", "resnet-qat", "profile"),
        symptoms_only=False,
    )
    cards = report.findings
    assert len(cards) <= 6
    residual = next(f for f in cards if f.id == "int8-float-io:residual-branches")
    assert residual.title.startswith("7 residual Adds take an unquantized branch")
    assert len(residual.parts) == 7
    assert residual.cost_ms is not None and residual.cost_share is not None
    # Most costly first, among the warnings.
    warnings = [f for f in cards if f.severity == "warning"]
    assert [f.cost_ms or 0 for f in warnings] == sorted(
        (f.cost_ms or 0 for f in warnings), reverse=True
    )
    # A card's parts are ordered by their cost too, and keep their own ids.
    assert len({p.id for p in residual.parts}) == 7
    # The ids are the same when the build is read again (two runs of the same model).
    again = analysed(
        None,
        corpus_dir / TREX_PT.format("qat", "resnet-qat", "graph"),
        corpus_dir / TREX_PT.format("qat", "resnet-qat", "profile"),
        symptoms_only=False,
    )
    assert [f.id for f in again.findings] == [f.id for f in cards]


def test_mobilenet_cards_fit_a_few_screens(corpus_dir: Path) -> None:
    """30 symptoms of the TREx MobileNet QAT engine become a handful of cards."""
    name = "trex__tests__inputs__mobilenet.qat.onnx.engine.{0}__8fe05393.json"
    report = analysed(
        None,
        corpus_dir / name.format("graph"),
        corpus_dir / name.format("profile"),
        symptoms_only=False,
    )
    assert len(symptoms(report)) >= 25
    assert len(report.findings) <= 6
    ids = [f.id for f in report.findings]
    assert len(ids) == len(set(ids))


def test_qat_resnet18_log_cards_and_evidence_lines(corpus_dir: Path) -> None:
    report = analysed(
        corpus_dir / "lix19937-tensorrt-insight__qat__resnet18.log", symptoms_only=False
    )
    ids = [f.id for f in report.findings]
    assert "precision-island:Softmax_312" in ids
    assert "unfused-qdq:QuantizeLinear_2" in ids
    assert "quant-warning:calibrator-ignored" in ids


QDQ_LAYER_FILES = [
    TREX_PT.format("qat", "resnet-qat", "graph"),
    TREX_PT.format("qat-residual", "resnet-qat-residual", "graph"),
    TREX_PT.format("qat-residual-qgap", "resnet-qat-residual-qgap", "graph"),
    "trex__tensorflow__resnet__RTX-3090__qat__resnet-qat.onnx.engine.graph__e8fa1222.json",
    "trex__tests__inputs__mobilenet.qat.onnx.engine.graph__26210e92.json",
    "trex__tests__inputs__mobilenet.qat.onnx.engine.graph__8fe05393.json",
]


@pytest.mark.parametrize("layers", QDQ_LAYER_FILES)
def test_every_float_compute_layer_and_copy_is_explained(corpus_dir: Path, layers: str) -> None:
    """In a Q/DQ build, each non-INT8 compute layer and each Reformat/Q/DQ layer has a finding."""
    report = analysed(None, corpus_dir / layers)
    covered = {layer_id for finding in report.findings for layer_id in finding.layer_ids}
    unexplained = [
        layer.name
        for layer in report.layers
        if (is_compute(layer) and layer.precision != "INT8") or layer.role in ("qdq", "reformat")
        if layer.id not in covered
    ]
    assert report.summary is not None and report.summary.is_qdq
    assert unexplained == []
