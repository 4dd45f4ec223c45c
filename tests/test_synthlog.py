"""Tests of the synthetic build-log generator (tests/synthlog.py).

Each test checks a property a bug in the generator would break: determinism, the layer-count
story of the optimizer part, the agreement of the log with the layer and profile JSON, the
tensor graph, the deliberate quantization defects, the per-version syntaxes and the sizing.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import synthlog

SCRIPT = Path(synthlog.__file__).resolve()
LAYER_RE = re.compile(r"^Layer\((?P<type>[^)]*)\): (?P<name>.*), Tactic: (?P<tactic>\S+), ")
COUNT_RE = re.compile(r"\] (?P<label>Original|After [a-zA-Z -]+): (?P<n>\d+) layers$")


def _log(net: synthlog.Network, **kw: object) -> str:
    buf = io.StringIO()
    synthlog.write_log(net, buf, **kw)  # type: ignore[arg-type]
    return buf.getvalue()


def _layer_json(net: synthlog.Network, trt_version: str = "8.5.10") -> str:
    buf = io.StringIO()
    synthlog.write_layer_json(net, buf, trt_version=trt_version)
    return buf.getvalue()


def _profile_json(net: synthlog.Network) -> str:
    buf = io.StringIO()
    synthlog.write_profile_json(net, buf)
    return buf.getvalue()


def _engine_lines(log: str) -> list[str]:
    """The unprefixed ``Layer(`` lines that follow ``Engine Layer Information:``."""
    lines = log.splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith("Engine Layer Information:"))
    out = []
    for line in lines[start + 1 :]:
        if not line.startswith("Layer("):
            break
        out.append(line)
    return out


@pytest.fixture(scope="module")
def net() -> synthlog.Network:
    return synthlog.make_network(40, seed=1)


@pytest.fixture(scope="module")
def log(net: synthlog.Network) -> str:
    return _log(net)


def test_same_seed_same_bytes_different_seed_different_names() -> None:
    a, b = synthlog.make_network(30, seed=5), synthlog.make_network(30, seed=5)
    assert _log(a) == _log(b)
    assert _layer_json(a) == _layer_json(b)
    assert _profile_json(a) == _profile_json(b)
    c = synthlog.make_network(30, seed=6)
    names_a = {layer.name for layer in a.engine}
    names_c = {layer.name for layer in c.engine}
    assert names_a != names_c
    assert _log(a) != _log(c)


def test_timestamps_are_deterministic_and_ordered(log: str) -> None:
    stamps = re.findall(r"^\[(\d\d/\d\d/\d{4}-\d\d:\d\d:\d\d)\]", log, re.M)
    assert stamps[0] == "08/20/2024-19:31:00"
    assert stamps == sorted(stamps)
    assert len(set(stamps)) > 1


def test_engine_size_matches_layer_counts(net: synthlog.Network, log: str) -> None:
    engine = _engine_lines(log)
    assert len(engine) == len(net.engine)
    counts = [(m["label"], int(m["n"])) for m in map(COUNT_RE.search, log.splitlines()) if m]
    last_concat = [n for label, n in counts if label == "After concat removal"][-1]
    added = log.count("] Adding reformat layer: ")
    assert added == 2
    assert last_concat + added == len(engine)
    assert dict(counts)["After reformat layers"] == len(engine)
    assert counts[0] == ("Original", net.original_layer_count)
    # Counts never grow during optimization (only reformat layers are added afterwards).
    opt = [n for label, n in counts if label != "After reformat layers"]
    assert opt == sorted(opt, reverse=True)
    assert opt[0] > 5 * opt[-1]


def test_layer_counts_follow_the_optimizer_events(log: str) -> None:
    """Original minus one per removing/fusing line gives the count of each checkpoint."""
    count = None
    for line in log.splitlines():
        m = COUNT_RE.search(line)
        if m:
            if count is None:
                count = int(m["n"])
            elif m["label"] != "After reformat layers":
                assert int(m["n"]) == count, line
            continue
        if count is None or "] [TRT] " not in line:
            continue
        msg = line.split("] [TRT] ", 1)[1]
        if msg.startswith(("Removing ", "Eliminating concatenation ")) or ": Fusing " in msg:
            count -= 1
    assert count is not None


def test_layer_json_names_the_engine_layers_in_order(net: synthlog.Network, log: str) -> None:
    doc = json.loads(_layer_json(net))
    engine = [LAYER_RE.match(line) for line in _engine_lines(log)]
    assert all(engine)
    assert [layer["Name"] for layer in doc["Layers"]] == [m["name"] for m in engine if m]
    assert [layer["LayerType"] for layer in doc["Layers"]] == [m["type"] for m in engine if m]
    assert [layer["TacticValue"] for layer in doc["Layers"]] == [m["tactic"] for m in engine if m]
    assert doc["Bindings"] == [net.inputs[0][0], net.outputs[0][0]]
    dump = [
        line.split(", LayerType: ")[0][6:] for line in log.splitlines() if line.startswith("Name: ")
    ]
    assert dump == [layer["Name"] for layer in doc["Layers"]]


def test_chosen_tactics_were_timed(net: synthlog.Network, log: str) -> None:
    chosen = set(re.findall(r"Chose Runner Type: \S+ Tactic: (0x[0-9a-f]{16})", log))
    timed = set(re.findall(r"\] Tactic: (0x[0-9a-f]{16}) Time: ", log))
    for layer in net.engine:
        if layer.layer_type.startswith("Cask"):
            tac = synthlog.hex_tactic(layer.tactic)
            assert tac in chosen, layer.name
            assert tac in timed, layer.name


def test_every_consumed_tensor_is_produced_earlier(net: synthlog.Network) -> None:
    doc = json.loads(_layer_json(net))
    available = {net.inputs[0][0]}
    for layer in doc["Layers"]:
        for t in layer["Inputs"]:
            assert t["Name"] in available, (layer["Name"], t["Name"])
        available.update(t["Name"] for t in layer["Outputs"])
    assert net.outputs[0][0] in available


def test_onnx_import_searches_only_known_tensors(log: str) -> None:
    known: set[str] = set()
    for line in log.splitlines():
        for pat in (
            r"Importing initializer: (.+)$",
            r"Adding network input: (\S+) with",
            r"\[\w+\] outputs: \[(\S+) -> ",
        ):
            m = re.search(pat, line)
            if m:
                known.add(m[1])
        m = re.search(r"Searching for input: (.+)$", line)
        if m:
            assert m[1] in known, line


def test_profile_json_matches_engine(net: synthlog.Network, log: str) -> None:
    doc = json.loads(_profile_json(net))
    assert doc[0] == {"count": 2147}
    rows = doc[1:]
    assert [r["name"] for r in rows] == [layer.name for layer in net.engine]
    assert abs(sum(r["percentage"] for r in rows) - 100.0) <= 0.01
    assert all(r["timeMs"] > 0 and r["averageMs"] > 0 for r in rows)
    total = sum(r["timeMs"] for r in rows)
    for r in rows:  # each share agrees with the times, so no row hides the others' rounding
        assert abs(r["percentage"] - 100.0 * r["timeMs"] / total) < 0.01, r
    assert "=== Profile (2147 iterations ) ===" in log
    table = [
        line for line in log.splitlines() if re.search(r"\d+\.\d\s*$", line) and "[I]  " in line
    ]
    assert len(table) == len(net.engine) + 1  # rows plus Total
    assert table[-1].split()[-5] == "Total"


def test_big_profile_percentages_still_sum_to_100() -> None:
    net = synthlog.make_network(3000, seed=2)
    rows = json.loads(_profile_json(net))[1:]
    assert len(rows) == len(net.engine) > 2900
    assert abs(sum(r["percentage"] for r in rows) - 100.0) <= 0.01


def test_quantization_defects_are_present(net: synthlog.Network, log: str) -> None:
    doc = json.loads(_layer_json(net))
    layers = doc["Layers"]
    first = layers[0]
    assert first["LayerType"] == "Reformat" and first["Origin"] == "QDQ"
    assert first["Inputs"][0]["Format/Datatype"] == "Row major linear FP32"
    assert "Int8" in first["Outputs"][0]["Format/Datatype"]
    qdq = [layer for layer in layers if layer.get("Origin") == "QDQ"]
    assert len(qdq) == 2
    island_q = qdq[1]
    assert "FP16" in island_q["Inputs"][0]["Format/Datatype"]
    assert f"Name: {island_q['Name']}, LayerType: Reformat" in log
    dump = next(line for line in log.splitlines() if line.startswith(f"Name: {island_q['Name']},"))
    assert "Origin: QDQ" in dump
    assert f"Running: QDQToCopy on {island_q['Name']}" in log
    # The island: FP16 convolutions between INT8 ones, and an INT8 conv with a float output.
    island = [layer for layer in layers if layer["Name"] in net.island]
    assert len(island) >= 2
    assert all("FP16" in layer["Outputs"][0]["Format/Datatype"] for layer in island)
    int8_float_out = [
        layer
        for layer in layers
        if layer["LayerType"] == "CaskConvolution"
        and layer["Weights"]["Type"] == "Int8"
        and "FP16" in layer["Outputs"][0]["Format/Datatype"]
    ]
    assert int8_float_out
    assert any(
        n.startswith("Reformatting CopyNode for Input Tensor 0 to ")
        for n in (layer["Name"] for layer in layers)
    )
    assert layers[-1]["LayerType"] == "CudaSoftMax"
    assert layers[-1]["Outputs"][0]["Format/Datatype"] == "Row major linear FP32"
    int8_convs = [layer for layer in layers if layer.get("Weights", {}).get("Type") == "Int8"]
    assert len(int8_convs) > len(layers) // 2
    assert re.search(r"\(Int8\[1,64:32,56,56\]\)", log)


def test_optimizer_pass_lines(log: str) -> None:
    for pattern in (
        r"Running: ConstQDQInitializersFusion on QuantizeLinear_\d+$",
        r"Running: QuantizeDoubleInputNodes on Conv_\d+$",
        r"QuantizeDoubleInputNodes: fusing \(DequantizeLinear_\d+ and "
        r"DequantizeLinear_\d+\) into Conv_\d+$",
        r"QuantizeDoubleInputNodes: fusing QuantizeLinear_\d+ into Conv_\d+$",
        r"ConstWeightsQuantizeFusion: Fusing \S+\.weight with QuantizeLinear_\d+$",
        r"ConvReluFusion: Fusing Conv_\d+ with Relu_\d+$",
        r"Eliminating QuantizeLinear_\d+ which duplicates \(Q\) QuantizeLinear_\d+$",
        r"Swapping MaxPool_\d+ with QuantizeLinear_\d+$",
        r"Running: QConvScaleFusion on Conv_\d+$",
        r"Eliminating concatenation Concat_\d+$",
        r"Graph construction and optimization completed in [\d.]+ seconds\.$",
    ):
        assert re.search(pattern, log, re.M), pattern


def test_other_versions_and_loggers() -> None:
    net = synthlog.make_network(20, seed=3)
    old = _log(net, trt_version="8.4.12", syntax="8.4")
    assert "&&&& RUNNING TensorRT.trtexec [TensorRT v8412]" in old
    assert re.search(
        r"^Layer\(CaskConvolution\): .*, Tactic: 0x[0-9a-f]{16}, \S+\[Int8\(1,64,56,56\)\]",
        old,
        re.M,
    )
    v80 = _log(net, trt_version="8.0.3", syntax="8.4")
    assert re.search(r"^Layer\(Reformat\): QuantizeLinear_\d+, Tactic: -?\d+, ", v80, re.M)
    new = _log(net, trt_version="10.14.1")
    assert "Input binding for images with dimensions 1x3x224x224 and type fp32 is created." in new
    assert re.search(r"\] Tactic Name: \S+ Tactic: 0x[0-9a-f]{16} Time: [\d.e-]+$", new, re.M)
    assert "Graph optimization time: " in new and "Graph construction and optimization" not in new
    assert "   Time(ms)     Avg.(ms)   Median(ms)   Time(%)   Layer" in new
    layers = json.loads(_layer_json(net, "10.14.1"))["Layers"]
    assert all(layer["StreamId"] == 0 for layer in layers)
    assert "[ONNX Layer: " in layers[1]["Metadata"] and "\x1e" in layers[1]["Metadata"]
    py = _log(net, logger="python")
    assert re.match(r"\[08/20/2024-19:31:00\] \[TRT\] \[V\] Registered plugin creator", py)
    assert "&&&&" not in py and "[I] === " not in py
    assert len(_engine_lines(py)) == len(net.engine)


def test_names_only_and_no_qdq() -> None:
    net = synthlog.make_network(30, qdq=False, seed=0)
    buf = io.StringIO()
    synthlog.write_names_only_json(net, buf)
    doc = json.loads(buf.getvalue())
    assert doc["Layers"] == [layer.name for layer in net.engine]
    log = _log(net)
    assert "Precision: FP32+FP16" in log and "INT8" not in log.split("=== System")[0]
    assert "QuantizeLinear" not in log
    assert all("Int8" not in line for line in _engine_lines(log))


@pytest.mark.subprocess
def test_cli_writes_three_files_near_target_size(tmp_path: Path) -> None:
    target = 4_000_000
    subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--layers",
            "60",
            "--seed",
            "4",
            "--tactics",
            "8",
            "--target-bytes",
            str(target),
            "--out-dir",
            str(tmp_path),
            "--name",
            "big",
        ],
        check=True,
        capture_output=True,
    )
    size = (tmp_path / "big.log").stat().st_size
    assert abs(size - target) <= target * 0.10, size
    layers = json.loads((tmp_path / "big.layers.json").read_text())["Layers"]
    profile = json.loads((tmp_path / "big.profile.json").read_text())
    assert [r["name"] for r in profile[1:]] == [layer["Name"] for layer in layers]
    # Without a target the same network gives a much smaller log.
    small = _log(synthlog.make_network(60, seed=4), verbose_tactics=8)
    assert len(small) < size / 4


@pytest.mark.parametrize(
    ("trt_version", "logger"),
    [("8.0.3", "trtexec"), ("8.4.1", "trtexec"), ("8.5.10", "trtexec"), ("8.6.1", "python")],
)
def test_autotuning_fast_path_changes_nothing(trt_version: str, logger: str) -> None:
    """GIVEN generated logs of several TensorRT versions and loggers THEN the model is the same
    with the autotuning fast path (bulk tactic runs, whole format combinations) and the direct
    needle path turned off."""
    from trtreport.logparse import FAST_PATHS, LineCounts, parse_build_log
    from trtreport.textio import open_text_lines

    network = synthlog.make_network(30, qdq=True, seed=3, name="fastpath")
    out = io.StringIO()
    synthlog.write_log(
        network, out, trt_version=trt_version, logger=logger, verbose_tactics=4, format_combos=3
    )
    data = out.getvalue().encode()
    counts = LineCounts()
    fast = parse_build_log(open_text_lines(io.BytesIO(data), "s.log"), "s.log", counts=counts)
    tuning_lines = sum(1 for text in out.getvalue().splitlines() if "Tactic" in text)
    assert counts.bulk > tuning_lines  # the fast path did read the autotuning
    slow_paths = FAST_PATHS - {"bulk-autotuning", "needles"}
    slow = parse_build_log(
        open_text_lines(io.BytesIO(data), "s.log"), "s.log", fast_paths=slow_paths
    )
    assert fast == slow
    slow_counts = LineCounts()
    none = parse_build_log(
        open_text_lines(io.BytesIO(data), "s.log"), "s.log", fast_paths=False, counts=slow_counts
    )
    assert none == fast
    assert (slow_counts.fast, slow_counts.bulk) == (0, 0)
    tuned = fast.builds[0].autotuning
    assert len(tuned) >= 25
    assert all(t.format_combinations >= 3 for t in tuned if t.tactics_timed)
    assert fast.stats.lines_recognised == fast.stats.lines_read
