"""Reading --exportTimes files into per-metric statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trtreport.errors import InputError
from trtreport.profile import parse_times


def iteration(start: float, latency: float) -> dict[str, float]:
    """One --exportTimes entry with the real keys."""
    return {
        "startEnqMs": start,
        "endEnqMs": start + 0.005,
        "startH2dMs": start,
        "endH2dMs": start,
        "startComputeMs": start,
        "endComputeMs": start + latency,
        "startD2hMs": start + latency,
        "endD2hMs": start + latency,
        "h2dMs": 0,
        "computeMs": latency,
        "d2hMs": 0,
        "latencyMs": latency,
    }


def test_statistics_per_metric() -> None:
    rows = [iteration(i * 1.0, 0.1 * (i + 1)) for i in range(10)]
    times = parse_times(json.dumps(rows), "t.json")
    assert times.iterations == 10
    latency = dict(next(m for m in times.metrics if m.name == "Latency").values)
    assert latency["min"] == "0.1"
    assert latency["max"] == "1"
    assert latency["median"] == "0.55"
    assert latency["percentile(90%)"] == "0.9"
    assert latency["percentile(99%)"] == "1"
    enqueue = dict(next(m for m in times.metrics if m.name == "Enqueue Time").values)
    assert float(enqueue["mean"]) == pytest.approx(0.005, rel=1e-3)


@pytest.mark.parametrize(
    "text",
    [
        '[{"count": 3}, {"name": "a", "timeMs": 1, "averageMs": 1, "percentage": 100}]',
        # no count header, and a key of a newer trtexec: still a profile
        '[{"name": "a", "timeMs": 1, "averageMs": 1, "percentage": 100, "extra": 1}]',
    ],
)
def test_profile_passed_as_times_is_named(text: str) -> None:
    with pytest.raises(InputError, match="is an --exportProfile file: pass it with --profile"):
        parse_times(text, "p.json")


@pytest.mark.parametrize(
    "text",
    [
        '{"Layers": [{"Name": "a", "LayerType": "Reformat", "Inputs": []}], "Bindings": []}',
        '{"Layers": ["a"], "Bindings": []}',
        '["a", "b"]',
    ],
)
def test_layer_info_passed_as_times_is_named(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_times(text, "layers.json")
    assert str(caught.value) == "layers.json: is an --exportLayerInfo file: pass it with --layers"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('[{"name": "gpu0", "memory": 8}]', "found a list whose first entry is an object"),
        ("[1]", "found a list whose first entry is a number (1)"),
        ('{"device_information": {}}', "found an object"),
        ("[]", "found a list"),
    ],
)
def test_other_json_is_not_times(text: str, found: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_times(text, "x.json")
    assert str(caught.value).startswith("x.json: is not an --exportTimes file: ")
    assert str(caught.value).endswith(found)


@pytest.mark.corpus
def test_corpus_times_files(corpus_dir: Path) -> None:
    for path in sorted(corpus_dir.glob("*timing*.json")):
        times = parse_times(path.read_text(encoding="utf-8"), path.name)
        assert times.iterations == len(json.loads(path.read_text(encoding="utf-8")))
    with pytest.raises(InputError, match="concatenated"):
        name = "jetson-trtexec__ResNet50_N2_int8__times_7runs_concat.json"
        parse_times((corpus_dir / name).read_text(encoding="utf-8"), name)
