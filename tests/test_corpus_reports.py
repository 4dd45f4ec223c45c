"""Every build log of the shared corpus goes through the whole pipeline to a report.

For each log: no exception; where the log has ``Engine Layer Information`` the report's engine
is not empty and has exactly as many layers as the log lists for the build it shows; the
report's bindings are the log's binding lines; layer files and profiles of the matching sets in
the MANIFEST join with their log.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from trtreport.join import build_report
from trtreport.layerinfo import parse_layer_file
from trtreport.logparse import parse_build_log
from trtreport.model import Report
from trtreport.profile import parse_profile
from trtreport.render import render_html
from trtreport.textio import HashingReader, open_text_lines

pytestmark = pytest.mark.corpus

_BINDING = re.compile(
    r"(?:Created (input|output) binding for (.+) with dimensions"
    r"|(Input|Output) binding for (.+) with dimensions)"
)


def is_json(path: Path) -> bool:
    """Whether a corpus file is JSON, judged by its first character (extensions lie)."""
    with path.open("rb") as handle:
        head = handle.read(64).lstrip()
    return head[:1] in (b"{", b"[") and not head.startswith(b"[0") and not head[1:2].isdigit()


def corpus_logs(corpus: Path) -> list[Path]:
    """Build and inference logs of the corpus (not JSON, not the notebook, not the MANIFEST)."""
    return sorted(
        p
        for p in corpus.iterdir()
        if p.suffix in (".log", ".txt") and not is_json(p) and p.name != "MANIFEST.md"
    )


def report_of(log: Path, layers: Path | None = None, profile: Path | None = None) -> Report:
    """Run the pipeline the CLI runs, in memory."""
    with log.open("rb") as handle:
        parsed = parse_build_log(open_text_lines(HashingReader(handle), log.name), log.name)
    layer_file = (
        parse_layer_file(layers.read_text(encoding="utf-8"), layers.name) if layers else None
    )
    prof = parse_profile(profile.read_text(encoding="utf-8"), profile.name) if profile else None
    return build_report(parsed, layer_file, prof)


def layer_lines_per_block(path: Path) -> list[int]:
    """Count ``Layer(`` lines after each ``Engine Layer Information:`` header, independently."""
    counts: list[int] = []
    inside = False
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.rstrip().endswith("Engine Layer Information:"):
            counts.append(0)
            inside = True
        elif inside and line.startswith("Layer("):
            counts[-1] += 1
        else:
            inside = False
    return counts


def test_corpus_is_there(corpus_dir: Path) -> None:
    assert len(corpus_logs(corpus_dir)) >= 20


def test_every_corpus_log_gives_a_report(corpus_dir: Path) -> None:
    failures = []
    for log in corpus_logs(corpus_dir):
        report = report_of(log)
        blocks = layer_lines_per_block(log)
        if blocks and max(blocks) > 0:
            if len(report.layers) not in blocks:
                failures.append(f"{log.name}: {len(report.layers)} layers, log lists {blocks}")
            if len(report.layers) != blocks[-1] and len(blocks) == 1:
                failures.append(f"{log.name}: {len(report.layers)} != {blocks[-1]}")
        html = render_html(report)
        if "<!DOCTYPE html>" not in html[:100]:
            failures.append(f"{log.name}: not an HTML page")
    assert failures == []


def test_bindings_match_the_logs_binding_lines(corpus_dir: Path) -> None:
    checked = 0
    for log in corpus_logs(corpus_dir):
        text = log.read_text(encoding="utf-8", errors="replace")
        stated = [
            ((m.group(1) or m.group(3)).lower(), (m.group(2) or m.group(4)).strip())
            for m in _BINDING.finditer(text)
        ]
        report = report_of(log)
        if not stated or len(report.header.command) == 0:
            continue
        if report.header.builds_in_log != 1:
            continue
        got = [(b.direction, b.name) for b in report.bindings]
        assert got == stated, log.name
        checked += 1
    assert checked >= 8


def test_qdq_resnet18_log_report(corpus_dir: Path) -> None:
    report = report_of(corpus_dir / "lix19937-tensorrt-insight__qat__resnet18.log")
    assert report.header.tensorrt_version == "8.5.10"
    assert report.header.device_name == "NVIDIA RTX 2000 Ada Generation Laptop GPU"
    assert report.header.precision_flags == ("FP32", "FP16", "INT8")
    assert len(report.layers) == 26
    assert report.layers[0].name == "QuantizeLinear_2"
    assert report.layers[0].role == "qdq"
    assert (report.layers[0].input_precision, report.layers[0].output_precision) == (
        "FP32",
        "INT8",
    )
    precisions = [layer.precision for layer in report.layers]
    assert precisions.count("INT8") >= 20
    assert report.layers[-1].precision == "FP32"
    assert [b.name for b in report.bindings] == ["inputs.1", "528"]
    assert report.stages[0].label == "Original"
    assert report.stages[0].layers == 359
    # Every layer is reachable from the input: edges connect the whole engine.
    targets = {e.target for e in report.edges}
    assert all(layer.id in targets for layer in report.layers)


MATCHING_SETS = [
    (
        "kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build.log",
        "kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build_layer_info.log",
        "kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build_profile.log",
    ),
    (
        "kalfazed-tensorrt_starter__5.1-trtexec__sample__build.log",
        "kalfazed-tensorrt_starter__5.1-trtexec__sample__build_layer_info.log",
        "kalfazed-tensorrt_starter__5.1-trtexec__sample__build_profile.log",
    ),
    (
        "kalfazed-tensorrt_starter__5.1-trtexec__sample2__build.log",
        "kalfazed-tensorrt_starter__5.1-trtexec__sample2__build_layer_info.log",
        "kalfazed-tensorrt_starter__5.1-trtexec__sample2__build_profile.log",
    ),
    (
        "kalfazed-tensorrt_starter__5.2-load-model__sample__build.log",
        "kalfazed-tensorrt_starter__5.2-load-model__sample__build_layer_info.log",
        "kalfazed-tensorrt_starter__5.2-load-model__sample__build_profile.log",
    ),
    (
        "nvidia-trt-cookbook__07-Tool-trtexec__result-04__7e7e0c39.log",
        "nvidia-trt-cookbook__07-Tool-trtexec__model-trained-exportLayerInfo__7e7e0c39.log",
        None,
    ),
    (
        "nvidia-trt-cookbook__08-Tool-trtexec__result-02__3c25bc54.log",
        "nvidia-trt-cookbook__08-Tool-trtexec__modelInformation__3c25bc54.log",
        None,
    ),
]


@pytest.mark.parametrize(("log", "layers", "profile"), MATCHING_SETS)
def test_matching_sets_join(corpus_dir: Path, log: str, layers: str, profile: str | None) -> None:
    report = report_of(
        corpus_dir / log,
        corpus_dir / layers,
        corpus_dir / profile if profile else None,
    )
    document = json.loads((corpus_dir / layers).read_text(encoding="utf-8"))
    listed = document["Layers"] if isinstance(document, dict) else document
    assert len(report.layers) >= len(listed)
    joined = [layer for layer in report.layers if "layers" in layer.sources]
    # Every layer the file lists is matched to a log layer, or kept and listed as unmatched.
    unmatched_from_file = [u for u in report.unmatched if u.present_in == "layers"]
    assert len(joined) == len(listed)
    assert len(unmatched_from_file) == sum(1 for layer in joined if "log" not in layer.sources)
    if profile:
        timed = [layer for layer in report.layers if layer.time_ms is not None]
        assert len(timed) >= 1


def test_rendering_streams_nothing_from_the_network(corpus_dir: Path) -> None:
    report = report_of(corpus_dir / "lix19937-tensorrt-insight__qat__resnet18.log")
    html = render_html(report)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?https?://""", html)
    assert not re.search(r"url\(\s*['\"]?https?://", html)
    assert io.StringIO(html).readline().startswith("<!DOCTYPE html>")


def test_every_onnx_node_of_the_qdq_log_has_a_fate(corpus_dir: Path) -> None:
    """Issue target: on Q/DQ logs, < 2 % of the ONNX nodes end as "unknown"."""
    log = corpus_dir / "lix19937-tensorrt-insight__qat__resnet18.log"
    report = report_of(log)
    parsed_nodes = sum(
        1 for line in log.read_text(encoding="utf-8").splitlines() if "] Parsing node: " in line
    )
    assert len(report.node_fates) == parsed_nodes == 313
    unknown = [f for f in report.node_fates if f.fate == "unknown"]
    assert len(unknown) / parsed_nodes < 0.02
    by_node = {f.node: f for f in report.node_fates}
    # A DQ fused into its convolution, checked by hand against lines 2700-2701.
    dq = by_node["DequantizeLinear_5"]
    assert (dq.fate, dq.pass_name, dq.other, dq.line) == (
        "input-quantizer",
        "QuantizeDoubleInputNodes",
        "Conv_9",
        2701,
    )
    assert report.layers[int(dq.layer_id[1:])].name.endswith("Conv_9 + MaxPool_12")
    # Every Q/DQ with a precise fate, checked by hand against the log: the input's Q left as
    # a Reformat (QDQToCopy, line 2813), the weights' Q/DQ pairs, the Q moved past MaxPool_12
    # (line 2566) and fused as conv1's output quantizer, the residual DQs of the Adds that
    # ConvEltwiseSumFusion fused, and the duplicates HorizontalMergeQNodes eliminated.
    qdq = [f for f in report.node_fates if f.op_type in ("QuantizeLinear", "DequantizeLinear")]
    counts = {fate: sum(1 for f in qdq if f.fate == fate) for fate in {f.fate for f in qdq}}
    assert counts == {
        "reformat": 1,
        "weight-quantizer": 42,
        "input-quantizer": 22,
        "output-quantizer": 21,
        "residual-quantizer": 8,
        "duplicate": 8,
    }
    assert (by_node["QuantizeLinear_2"].fate, by_node["QuantizeLinear_2"].line) == (
        "reformat",
        2813,
    )
    assert "network input inputs.1" in by_node["QuantizeLinear_2"].detail
    moved = by_node["QuantizeLinear_15"]
    assert moved.fate == "output-quantizer"
    assert "moved past MaxPool_12 by VanillaSwapWithFollowingQ (log line 2566)" in moved.detail
    assert by_node["DequantizeLinear_41"].fate == "residual-quantizer"
    assert by_node["QuantizeLinear_7"].fate == "weight-quantizer"
    assert by_node["DequantizeLinear_8"].fate == "weight-quantizer"
    # The Q moved before the Flatten quantizes the pooling's output (lines 2540, 2776).
    assert by_node["QuantizeLinear_304"].fate == "output-quantizer"
    # A Constant feeding a Q's scale, removed by name of its output tensor (174).
    assert by_node["Constant_0"].pass_name == "ConstQDQInitializersFusion"
    # The graph: every tensor with its producer and consumers.
    tensors = {t.name: t for t in report.onnx_graph}
    assert tensors["176"].producer == "QuantizeLinear_2"
    assert tensors["176"].consumers == ("DequantizeLinear_5",)
    # A batch norm folded into the convolution the QConvScaleFusion pass ran on (line 2580).
    assert by_node["BatchNormalization_10"].layer_id == dq.layer_id
    # A Q eliminated as a duplicate of another (line 2542).
    dup = by_node["QuantizeLinear_38"]
    assert (dup.fate, dup.other) == ("duplicate", "QuantizeLinear_15")
    # The Flatten that ShuffleErasure deleted (line 2570).
    assert by_node["Flatten_301"].fate == "removed"
    # Events shaped the layers they name: the first conv carries its fusions.
    first_conv = report.layers[1]
    passes = {report.pass_events[i].event.pass_name for i in first_conv.pass_events}
    assert {"ConstWeightsQuantizeFusion", "QuantizeDoubleInputNodes", "QConvScaleFusion"} <= passes
