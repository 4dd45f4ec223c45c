"""Comparing two builds: pairing of layers, precision changes per ONNX node, findings, bindings,
times, and the two forms of a baseline (log and model JSON) giving the same comparison.

The pair of builds most tests use is written by ``tests/synthlog.py`` with ``island_at``: one
network whose block 5 is a float island in the baseline and quantized in the new build, every
other name the same. What changed is known from how the pair was made, and each assertion
checks it against the two builds' own reports.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path

import pytest

from synthlog import make_network, write_layer_json, write_log, write_profile_json
from trtreport.analysis import analyse
from trtreport.baseline import report_from_json
from trtreport.compare import compare_reports, finding_key, held_nodes, pair_layers
from trtreport.join import build_report
from trtreport.layerinfo import parse_layer_file
from trtreport.logparse import parse_build_log
from trtreport.model import (
    BaselineInfo,
    Binding,
    EngineLayer,
    Report,
    TensorInfo,
)
from trtreport.profile import parse_profile
from trtreport.render.jsonmodel import report_to_json
from trtreport.textio import HashingReader, open_text_lines

INFO = BaselineInfo(title="base", tensorrt_version="", source="log")
ISLAND_BLOCK = 5


def synthetic(island_at: int, *, seed: int = 2, layers: int = 40, qdq: bool = True) -> Report:
    """The analysed report of one build of the pair (log, layer file and profile)."""
    net = make_network(layers, seed=seed, island_at=island_at, qdq=qdq, name=f"pair{island_at}")
    log, layer_json, profile_json = io.StringIO(), io.StringIO(), io.StringIO()
    write_log(net, log, verbose_tactics=1)
    write_layer_json(net, layer_json)
    write_profile_json(net, profile_json)
    parsed = parse_build_log(iter(log.getvalue().splitlines(keepends=True)), "build.log")
    return analyse(
        build_report(
            parsed,
            parse_layer_file(layer_json.getvalue(), "layers.json"),
            parse_profile(profile_json.getvalue(), "profile.json"),
        )
    )


@pytest.fixture(scope="module")
def pair() -> tuple[Report, Report]:
    """(baseline with a float island, new build with every block quantized)."""
    return synthetic(ISLAND_BLOCK), synthetic(-1)


def via_json(report: Report) -> Report:
    """The baseline as the CLI reads it from a model JSON: decoded, then analysed anew."""
    decoded = report_from_json(report_to_json(report), "base.json")
    return analyse(dataclasses.replace(decoded, findings=(), summary=None))


def node_precisions(report: Report) -> dict[str, str]:
    """ONNX node → precision of the layer holding it, from the report's own fates."""
    by_id = {layer.id: layer for layer in report.layers}
    held = {"layer", "myelin", "reformat"} | {
        f"{role}-quantizer" for role in ("input", "weight", "output", "residual")
    }
    return {
        fate.node: by_id[fate.layer_id].precision
        for fate in report.node_fates
        if fate.fate in held and fate.layer_id in by_id
    }


# --- the pair --------------------------------------------------------------------------------


def test_a_build_compared_with_itself_has_no_change(pair: tuple[Report, Report]) -> None:
    for report in pair:
        comparison = compare_reports(report, report, INFO)
        assert comparison.is_empty
        assert comparison.layers_paired == len(report.layers)
        assert comparison.notes == ()


def test_precision_changes_are_the_islands_nodes(pair: tuple[Report, Report]) -> None:
    base, new = pair
    comparison = compare_reports(base, new, INFO)
    old, now = node_precisions(base), node_precisions(new)
    expected = {n for n in old.keys() & now.keys() if old[n] != now[n]}
    assert {c.node for c in comparison.precision_changes} == expected
    assert expected, "the island's nodes change precision"
    assert all(c.node.startswith("/layer2.1/") for c in comparison.precision_changes)
    assert {(c.base, c.new) for c in comparison.precision_changes} == {("FP16", "INT8")}
    assert {c.op_type for c in comparison.precision_changes} >= {"Conv", "Relu", "Add"}
    # The layer named in each change is the one holding the node in that build.
    by_id = {layer.id: layer for layer in new.layers}
    for change in comparison.precision_changes:
        assert by_id[change.new_layer.id].precision == change.new


def test_the_reverse_comparison_mirrors_the_forward_one(pair: tuple[Report, Report]) -> None:
    base, new = pair
    forward = compare_reports(base, new, INFO)
    reverse = compare_reports(new, base, INFO)
    assert {(c.node, c.base, c.new) for c in reverse.precision_changes} == {
        (c.node, c.new, c.base) for c in forward.precision_changes
    }
    assert {f.key for f in reverse.findings_added} == {f.key for f in forward.findings_resolved}
    assert {f.key for f in reverse.findings_resolved} == {f.key for f in forward.findings_added}
    assert [u.layer.name for u in reverse.layers_added] == [
        u.layer.name for u in forward.layers_removed
    ]


def test_the_unfused_q_reformat_is_removed_and_the_island_findings_resolved(
    pair: tuple[Report, Report],
) -> None:
    base, new = pair
    comparison = compare_reports(base, new, INFO)
    assert [u.layer.layer_type for u in comparison.layers_removed] == ["Reformat"]
    removed = comparison.layers_removed[0]
    assert removed.layer.name.endswith("QuantizeLinear_0")
    # The Q it held is fused into a convolution of the new build, and the comparison says where.
    assert removed.elsewhere and "Conv" in removed.elsewhere[0]
    assert comparison.layers_added == ()
    assert comparison.layers_paired == len(new.layers)
    # One card: the island, with the Q it leaves unfused inside it.
    assert [f.rule for f in comparison.findings_resolved] == ["precision-island"]
    island = next(f for f in base.findings if f.rule == "precision-island")
    assert "unfused-qdq" in {part.rule for part in island.parts}
    assert comparison.findings_added == ()


def test_headline_deltas_are_each_builds_own_figures(pair: tuple[Report, Report]) -> None:
    base, new = pair
    deltas = {d.key: d for d in compare_reports(base, new, INFO).deltas}
    assert base.summary is not None and new.summary is not None
    assert deltas["layers_after"].base == len(base.layers)
    assert deltas["layers_after"].new == len(new.layers)
    assert deltas["int8_compute_share"].base == pytest.approx(base.summary.int8_compute_share * 100)
    assert deltas["int8_compute_share"].new == pytest.approx(new.summary.int8_compute_share * 100)
    assert deltas["int8_compute_share"].new > deltas["int8_compute_share"].base
    assert deltas["reformats"].base == base.summary.reformats == new.summary.reformats + 1
    assert deltas["findings_error"].base == base.summary.error_findings
    assert deltas["gpu_compute_mean"].base is not None
    assert deltas["gpu_compute_mean"].new < deltas["gpu_compute_mean"].base
    assert deltas["qdq_nodes"].new > deltas["qdq_nodes"].base


def test_layers_are_paired_through_their_onnx_nodes(pair: tuple[Report, Report]) -> None:
    base, new = pair
    comparison = compare_reports(base, new, INFO)
    pairing = dict(comparison.pairing)
    # Fused names change when the island gets its quantizers: the ONNX nodes still pair them.
    assert int(pairing["onnx"]) >= len(new.layers) - 3
    renamed = [c for c in comparison.layers_changed if c.base.name != c.new.name]
    assert renamed and all(c.matched_by == "onnx" for c in renamed)
    island = [c for c in comparison.layers_changed if "precision FP16 → INT8" in c.changes]
    assert len(island) == 2


def test_time_changes_compare_paired_layers(pair: tuple[Report, Report]) -> None:
    base, new = pair
    comparison = compare_reports(base, new, INFO)
    assert comparison.time_improvements, "the quantized island is faster"
    times_old = {layer.id: layer.time_ms for layer in base.layers}
    times_new = {layer.id: layer.time_ms for layer in new.layers}
    for change in (*comparison.time_regressions, *comparison.time_improvements):
        assert times_old[change.base.id] == change.base_ms
        assert times_new[change.new.id] == change.new_ms
    growth = [c.new_ms - c.base_ms for c in comparison.time_regressions]
    assert growth == sorted(growth, reverse=True) and all(g > 0 for g in growth)


def test_pass_activity_counts_each_builds_events(pair: tuple[Report, Report]) -> None:
    base, new = pair
    comparison = compare_reports(base, new, INFO)
    counts_old: dict[str, int] = {}
    counts_new: dict[str, int] = {}
    for traced in base.pass_events:
        counts_old[traced.event.pass_name] = counts_old.get(traced.event.pass_name, 0) + 1
    for traced in new.pass_events:
        counts_new[traced.event.pass_name] = counts_new.get(traced.event.pass_name, 0) + 1
    for activity in comparison.pass_activity:
        assert counts_old.get(activity.pass_name, 0) == activity.base
        assert counts_new.get(activity.pass_name, 0) == activity.new
    assert any(a.pass_name == "ConstQDQInitializersFusion" for a in comparison.pass_activity)
    assert comparison.events_added_count >= len(comparison.events_added) > 0


def test_a_model_json_baseline_gives_the_same_comparison(pair: tuple[Report, Report]) -> None:
    base, new = pair
    assert compare_reports(via_json(base), new, INFO) == compare_reports(base, new, INFO)
    assert compare_reports(via_json(new), base, INFO) == compare_reports(new, base, INFO)


# --- pairing by hand -------------------------------------------------------------------------


def layer(
    index: int, name: str, nodes: tuple[str, ...] = (), ins: str = "", outs: str = "", **kw: str
) -> EngineLayer:
    """A small engine layer for the pairing tests."""
    return EngineLayer(
        id=f"L{index}",
        index=index,
        name=name,
        layer_type=kw.get("layer_type", "CaskConvolution"),
        role=kw.get("role", "compute"),
        precision=kw.get("precision", "INT8"),
        input_precision="INT8",
        output_precision="INT8",
        inputs=tuple(TensorInfo(t, "INT8") for t in ins.split(",") if t),
        outputs=tuple(TensorInfo(t, "INT8") for t in outs.split(",") if t),
        onnx_nodes=nodes,
    )


def nodes_of(layers: list[EngineLayer]) -> dict[str, frozenset[str]]:
    """Each layer's ONNX nodes."""
    return {item.id: frozenset(item.onnx_nodes) for item in layers}


def test_pairing_prefers_onnx_nodes_then_name_then_signature() -> None:
    base = [
        layer(0, "conv1 + relu1", ("conv1", "relu1")),
        layer(1, "Reformatting CopyNode for Input Tensor 0 to x", role="reformat"),
        layer(2, "pool", ins="t1", outs="t2", layer_type="CaskPooling"),
        layer(3, "gone", ("gone",)),
    ]
    new = [
        layer(0, "q1 + conv1 + relu1", ("q1", "conv1", "relu1")),
        layer(1, "Reformatting CopyNode for Input Tensor 0 to x", role="reformat"),
        layer(2, "pool_renamed", ins="t1", outs="t2", layer_type="CaskPooling"),
        layer(3, "fresh", ("fresh",)),
    ]
    pairs = pair_layers(base, new, nodes_of(base), nodes_of(new))
    assert pairs == [(0, 0, "onnx"), (1, 1, "name"), (2, 2, "signature")]


def test_pairing_picks_the_layer_sharing_most_nodes() -> None:
    base = [layer(0, "a + b", ("a", "b")), layer(1, "c", ("c",))]
    new = [layer(0, "c + a", ("c", "a")), layer(1, "b + a + x", ("b", "a", "x"))]
    pairs = pair_layers(base, new, nodes_of(base), nodes_of(new))
    # new L1 shares two nodes with base L0; new L0 then takes base L1 through "c".
    assert sorted(pairs) == [(0, 1, "onnx"), (1, 0, "onnx")]


def test_names_repeated_on_one_side_do_not_pair() -> None:
    base = [layer(0, "same"), layer(1, "same")]
    new = [layer(0, "same")]
    assert pair_layers(base, new, nodes_of(base), nodes_of(new)) == []


def test_held_nodes_falls_back_to_fused_names_but_not_for_reformats() -> None:
    report = Report(
        header=None,  # type: ignore[arg-type]
        layers=(
            layer(0, "conv1 + relu1"),
            layer(1, "Reformatting CopyNode for Input Tensor 0 to conv2 + relu2", role="reformat"),
            layer(2, "{ForeignNode[a...b]}", role="myelin"),
        ),
        edges=(),
        bindings=(),
        stages=(),
        options=(),
        device=(),
        stats=None,  # type: ignore[arg-type]
    )
    held = held_nodes(report)
    assert held == {"L0": {"conv1", "relu1"}, "L1": frozenset(), "L2": frozenset()}


# --- bindings and findings -------------------------------------------------------------------


def test_binding_order_shape_and_type_changes(pair: tuple[Report, Report]) -> None:
    base, _ = pair
    first, second = base.bindings[0], base.bindings[1]
    changed = dataclasses.replace(
        base,
        bindings=(
            dataclasses.replace(second, index=0),
            dataclasses.replace(first, index=1, shape=(4, 3, 224, 224), dtype="FP16"),
            Binding(index=2, name="extra", direction="output", dtype="FP32"),
        ),
    )
    changes = compare_reports(base, changed, INFO).binding_changes
    aspects = {(c.name, c.aspect) for c in changes}
    assert aspects == {
        (second.name, "order"),
        (first.name, "order"),
        (first.name, "shape"),
        (first.name, "type"),
        ("extra", "added"),
    }
    shape = next(c for c in changes if c.aspect == "shape")
    assert (shape.base, shape.new) == ("[1,3,224,224]", "[4,3,224,224]")


def test_binding_order_is_not_compared_when_one_build_does_not_know_it(
    pair: tuple[Report, Report],
) -> None:
    base, _ = pair
    guessed = dataclasses.replace(
        base,
        bindings=tuple(
            reversed([dataclasses.replace(b, index=1 - b.index) for b in base.bindings])
        ),
        bindings_source="onnx",
    )
    comparison = compare_reports(base, guessed, INFO)
    assert not [c for c in comparison.binding_changes if c.aspect == "order"]
    assert any("binding order is not compared" in note for note in comparison.notes)


def test_finding_keys_are_the_findings_ids_else_their_onnx_nodes(
    pair: tuple[Report, Report],
) -> None:
    base, _ = pair
    nodes = held_nodes(base)
    island = next(f for f in base.findings if f.rule == "precision-island")
    assert finding_key(island, base, nodes) == island.id
    assert island.id.startswith("precision-island:") and "L" not in island.id.split(":")[1][:1]
    anonymous = dataclasses.replace(island, id="")
    key = finding_key(anonymous, base, nodes)
    assert key.startswith("precision-island|") and "|/layer2.1/Conv_0|" in key
    renamed = dataclasses.replace(
        base,
        layers=tuple(dataclasses.replace(x, name=f"renamed {x.index}") for x in base.layers),
    )
    assert finding_key(anonymous, renamed, held_nodes(renamed)) == key


def test_a_place_inside_a_card_both_builds_have_is_new_or_resolved_by_its_own_id(
    pair: tuple[Report, Report],
) -> None:
    base, _ = pair
    card = next(f for f in base.findings if f.parts)
    fewer = dataclasses.replace(card, parts=card.parts[1:])
    trimmed = dataclasses.replace(
        base, findings=tuple(fewer if f is card else f for f in base.findings)
    )
    comparison = compare_reports(base, trimmed, INFO)
    assert [f.key for f in comparison.findings_resolved] == [card.parts[0].id]
    assert comparison.findings_added == ()


# --- the corpus ------------------------------------------------------------------------------


def corpus_report(path: Path) -> Report:
    """The analysed report of a corpus log."""
    with path.open("rb") as handle:
        parsed = parse_build_log(open_text_lines(HashingReader(handle), path.name), path.name)
    return analyse(build_report(parsed))


COOKBOOK_FP32 = "nvidia-trt-cookbook__08-Tool-trtexec__result-FP32__88fe8012.log"
COOKBOOK_FP16 = "nvidia-trt-cookbook__08-Tool-trtexec__result-FP16__88fe8012.log"


@pytest.mark.corpus
def test_every_corpus_log_compared_with_itself_is_unchanged(corpus_dir: Path) -> None:
    from test_corpus_reports import corpus_logs

    changed = []
    for path in corpus_logs(corpus_dir):
        report = corpus_report(path)
        for base in (report, via_json(report)):
            if not compare_reports(base, report, INFO).is_empty:
                changed.append(path.name)
    assert changed == []


@pytest.mark.corpus
def test_json_round_trip_of_every_corpus_model(corpus_dir: Path) -> None:
    from test_corpus_reports import corpus_logs

    for path in corpus_logs(corpus_dir):
        written = report_to_json(corpus_report(path))
        assert report_to_json(report_from_json(written, "m.json")) == written, path.name


@pytest.mark.corpus
def test_fp32_and_fp16_builds_of_one_model(corpus_dir: Path) -> None:
    fp32 = corpus_report(corpus_dir / COOKBOOK_FP32)
    fp16 = corpus_report(corpus_dir / COOKBOOK_FP16)
    comparison = compare_reports(fp32, fp16, INFO)
    settings = {(s.section, s.key): (s.base, s.new) for s in comparison.settings}
    assert settings[("build", "Precisions allowed")] == ("FP32", "FP32, FP16")
    assert settings[("Build Options", "Precision")] == ("FP32", "FP32+FP16")
    # A GTX 1070 has no fast FP16: the builder kept every layer in FP32, and the two builds'
    # own reports agree that no ONNX node changed precision.
    old, now = node_precisions(fp32), node_precisions(fp16)
    assert {n for n in old.keys() & now.keys() if old[n] != now[n]} == set()
    assert comparison.precision_changes == ()
    # The two reformats sit on different tensors: one is new, one is gone.
    assert [u.layer.layer_type for u in comparison.layers_added] == ["Reformat"]
    assert [u.layer.layer_type for u in comparison.layers_removed] == ["Reformat"]
    deltas = {d.key: d for d in comparison.deltas}
    assert deltas["throughput"].base == pytest.approx(6170.89)
    assert deltas["throughput"].new == pytest.approx(6106.55)
    assert "int8_compute_share" not in deltas  # neither build asked for INT8
    json.dumps(dataclasses.asdict(comparison))  # plain data all the way down


def test_an_fp16_build_against_an_int8_build_of_one_graph() -> None:
    """The same ONNX graph built without Q/DQ (FP16) and with Q/DQ everywhere (INT8)."""

    fp16, int8 = synthetic(-1, qdq=False), synthetic(-1)
    comparison = compare_reports(fp16, int8, INFO)
    old, now = node_precisions(fp16), node_precisions(int8)
    expected = {n for n in old.keys() & now.keys() if old[n] != now[n]}
    assert {c.node for c in comparison.precision_changes} == expected
    assert len(expected) > 50
    assert {(c.base, c.new) for c in comparison.precision_changes} == {("FP16", "INT8")}
    assert comparison.layers_paired == len(int8.layers) == len(fp16.layers)
    back = compare_reports(int8, fp16, INFO)
    assert {(c.node, c.base, c.new) for c in back.precision_changes} == {
        (c.node, c.new, c.base) for c in comparison.precision_changes
    }


def test_layers_named_differently_pair_by_kind_and_shape_in_order() -> None:
    def conv(index: int, name: str, shape: tuple[int, ...], precision: str) -> EngineLayer:
        return dataclasses.replace(
            layer(index, name, (name,), precision=precision),
            outputs=(TensorInfo(f"t{name}", precision, shape),),
        )

    base = [
        conv(0, "Conv_0", (1, 64, 56, 56), "FP16"),
        conv(1, "Conv_1", (1, 128, 28, 28), "FP16"),
        conv(2, "Conv_2", (1, 256, 14, 14), "FP16"),
    ]
    new = [
        conv(0, "Conv_4", (1, 64, 56, 56), "INT8"),
        conv(1, "Conv_9", (1, 256, 14, 14), "INT8"),
    ]
    pairs = pair_layers(base, new, nodes_of(base), nodes_of(new))
    assert pairs == [(0, 0, "order"), (2, 1, "order")]


@pytest.mark.corpus
def test_fp16_and_qat_engines_of_one_model_from_their_layer_files(corpus_dir: Path) -> None:
    """TREx's FP16 and QAT ResNet engines: PyTorch numbered the QAT export's nodes anew, so the
    compute layers pair by kind and shape, and each paired convolution went FP16 → INT8."""
    import trtreport

    stem = "trex__pytorch__resnet__A100__{}.onnx.engine.graph__8fe05393.json"
    fp16 = trtreport.build_report(None, layers=corpus_dir / stem.format("fp16__resnet"))
    qat = trtreport.build_report(
        None, layers=corpus_dir / stem.format("qat-residual-qgap__resnet-qat-residual-qgap")
    )
    comparison = compare_reports(fp16, qat, INFO)
    by_order = [c for c in comparison.layers_changed if c.matched_by == "order"]
    assert len(by_order) >= 15
    assert all(c.base.precision == "FP16" and c.new.precision == "INT8" for c in by_order)
    assert all(not any(x.startswith("ONNX nodes") for x in c.changes) for c in by_order)
    assert any("paired by their kind and output shape" in note for note in comparison.notes)
    deltas = {d.key: d for d in comparison.deltas}
    assert (deltas["int8_compute_share"].base, deltas["int8_compute_share"].new) == (0.0, 100.0)
