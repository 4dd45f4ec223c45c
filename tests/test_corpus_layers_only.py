"""Reports from real layer files alone (TREx ``*.graph.json``, trtexec and cookbook exports).

An engine whose build log is gone still has its ``--exportLayerInfo`` file (and often a
profile): the report shows its graph, precisions, Reformats and times, and says which sections
need the log. Skipped without ``../shared/corpus``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import trtreport

pytestmark = pytest.mark.corpus

LAYER_FILES = (
    # (layer file, its profile or "")
    *(
        (f"trex__{stem}.graph__{commit}.json", f"trex__{stem}.profile__{commit}.json")
        for stem, commit in (
            ("pytorch__resnet__A100__qat__resnet-qat.onnx.engine", "8fe05393"),
            ("pytorch__resnet__A100__fp16__resnet.onnx.engine", "8fe05393"),
            ("tensorflow__resnet__RTX-3090__qat__resnet-qat.onnx.engine", "e8fa1222"),
            ("tests__inputs__mobilenet.qat.onnx.engine", "26210e92"),
        )
    ),
    (
        "kalfazed-tensorrt_starter__6.4-trex__resnet50-int8.engine.graph.json",
        "kalfazed-tensorrt_starter__6.4-trex__resnet50-int8.engine.profile.json",
    ),
    (
        "kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build_layer_info.log",
        "kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build_profile.log",
    ),
    (
        "yuanjiechen-trt2023__layerinfo__7bb9d371.json",
        "yuanjiechen-trt2023__profile__7bb9d371.json",
    ),
    ("nvidia-trt-cookbook__07-Tool-trtexec__model-trained-exportLayerInfo__7e7e0c39.log", ""),
)


@pytest.mark.parametrize(("layers", "profile"), LAYER_FILES, ids=[f[:60] for f, _ in LAYER_FILES])
def test_layer_file_alone_gives_graph_precisions_times_and_says_what_needs_the_log(
    corpus_dir: Path, layers: str, profile: str
) -> None:
    report = trtreport.build_report(
        None, layers=corpus_dir / layers, profile=corpus_dir / profile if profile else None
    )
    assert report.header.has_log is False
    assert len(report.layers) > 5
    assert report.edges, "a detailed layer file gives the graph's edges"
    known = [layer for layer in report.layers if layer.precision not in ("unknown", "mixed")]
    assert len(known) > len(report.layers) / 2
    if profile:
        assert sum(layer.time_ms is not None for layer in report.layers) > len(report.layers) / 2
    page = trtreport.render_html(report)
    assert "Made without the build log" in page
    assert page.count("Needs the build log") == 6


def test_qat_layer_file_alone_has_its_findings(corpus_dir: Path) -> None:
    """A Q/DQ engine's layer file alone still shows what TensorRT left in float."""
    stem = "trex__pytorch__resnet__A100__qat__resnet-qat.onnx.engine.{}__8fe05393.json"
    report = trtreport.build_report(
        None, layers=corpus_dir / stem.format("graph"), profile=corpus_dir / stem.format("profile")
    )
    assert report.summary is not None and report.summary.is_qdq
    assert {"precision-island", "unfused-qdq"} <= {f.rule for f in report.findings}
