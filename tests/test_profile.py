"""Tests of the ``--exportProfile`` reader: hand-written fixtures, then the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trtreport.errors import InputError
from trtreport.profile import parse_profile

# trtexec 8.5+ layout: the count header, then one entry per layer, medianMs included.
PROFILE = """[
  { "count" : 2000 }
, { "name" : "stem.conv + stem.act", "timeMs" : 30.5, "averageMs" : 0.01525, "medianMs" : 0.0151,
    "percentage" : 61 }
, { "name" : "head.fc [profile 1]", "timeMs" : 19.5, "averageMs" : 0.00975, "medianMs" : 0.0097,
    "percentage" : 39 }
]
"""

# TensorRT 7-style: no medianMs.
PROFILE_NO_MEDIAN = """[
  { "count" : 1013 }
, { "name" : "conv1 + conv1_relu + pool1 input reformatter 0", "timeMs" : 53.3021,
    "averageMs" : 0.0526181, "percentage" : 1.73547 }
]
"""


def profile_text(*entries: dict[str, object], count: object = 10) -> str:
    """A profile with a ``count`` header and ``entries``."""
    return json.dumps([{"count": count}, *entries])


def entry(**fields: object) -> dict[str, object]:
    """A valid profile entry with ``fields`` added (or replaced)."""
    base: dict[str, object] = {
        "name": "block.conv",
        "timeMs": 1.0,
        "averageMs": 0.1,
        "medianMs": 0.1,
        "percentage": 100,
    }
    base.update(fields)
    return base


def test_profile_fields() -> None:
    """Runs and every entry field come from the file."""
    profile = parse_profile(PROFILE, "build_profile.log")

    assert profile.source == "build_profile.log"
    assert profile.runs == 2000
    first, second = profile.entries
    assert first.name == "stem.conv + stem.act"
    assert first.time_ms == 30.5
    assert first.average_ms == 0.01525
    assert first.median_ms == 0.0151
    assert first.percentage == 61.0
    assert second.name == "head.fc [profile 1]"
    assert second.percentage == 39.0


def test_profile_without_median() -> None:
    """An entry without medianMs has ``median_ms`` None."""
    profile = parse_profile(PROFILE_NO_MEDIAN, "profile.json")

    assert profile.runs == 1013
    (only,) = profile.entries
    assert only.median_ms is None
    assert only.average_ms == 0.0526181


def test_numbers_written_as_strings() -> None:
    """Numbers written as strings are accepted, the count included."""
    text = profile_text(
        entry(timeMs="2.5", averageMs=" 0.25 ", medianMs="0.2", percentage="100"), count="10"
    )
    profile = parse_profile(text, "p.json")

    assert profile.runs == 10
    assert profile.entries[0].time_ms == 2.5
    assert profile.entries[0].average_ms == 0.25
    assert profile.entries[0].median_ms == 0.2
    assert profile.entries[0].percentage == 100.0


def test_profile_without_count_header_has_unknown_runs() -> None:
    """A profile without the count header has ``runs`` 0."""
    profile = parse_profile(json.dumps([entry(), entry(name="block.pool")]), "p.json")

    assert profile.runs == 0
    assert [e.name for e in profile.entries] == ["block.conv", "block.pool"]


def test_header_only_profile_has_no_entries() -> None:
    """A profile with only the header has no entries."""
    profile = parse_profile('[{ "count" : 5 }]', "p.json")

    assert profile.runs == 5
    assert profile.entries == ()


# ----------------------------------------------------------------------------- wrong files


def test_layer_info_passed_as_profile() -> None:
    """Every form of layer information passed as a profile is named as such."""
    detailed = json.dumps(
        {"Layers": [{"Name": "a", "LayerType": "Reformat", "Inputs": [], "Outputs": []}]}
    )
    trt11 = '[{"Name": "a", "LayerType": "kgen", "I/O Tensors": []}]'
    for text in (detailed, '{"Layers": ["a"], "Bindings": []}', '["a", "b"]', trt11):
        with pytest.raises(InputError) as caught:
            parse_profile(text, "layers.log")
        assert str(caught.value) == (
            "layers.log: is a --exportLayerInfo file (layer information), not a profile: "
            "pass it with --layers"
        )


def test_times_passed_as_profile() -> None:
    """A timing file passed as a profile is named as one."""
    times = '[{ "startEnqMs" : 0.2, "endEnqMs" : 0.3, "latencyMs" : 4.6, "computeMs" : 4.4 }]'
    with pytest.raises(InputError, match=r"^times\.json: is a --exportTimes file.*--times$"):
        parse_profile(times, "times.json")


def test_log_passed_as_profile() -> None:
    """A build log passed as a profile is named as a log."""
    log = (
        "[08/20/2024-10:31:02] [I] === Model Options ===\n[08/20/2024-10:31:02] [I] Format: ONNX\n"
    )
    with pytest.raises(InputError, match="is a TensorRT log, not JSON"):
        parse_profile(log, "build.log")


def test_concatenated_profiles() -> None:
    """Concatenated profiles are counted, at the second one's line and column."""
    run = (
        '[\n  { "count" : 1 }\n'
        ', { "name" : "a", "timeMs" : 1, "averageMs" : 1, "percentage" : 9 }\n'
        "]"
    )
    with pytest.raises(InputError) as caught:
        parse_profile(f"{run}\n{run}\n{run}\n", "runs.json")

    assert str(caught.value) == "runs.json:5:1: holds 3 concatenated JSON documents; pass one run"


def test_malformed_json_names_file_line_and_column() -> None:
    """Malformed JSON is reported as ``file:line:column: malformed JSON``."""
    text = '[\n  { "count" : 1 }\n, { "name" : "a", "timeMs" : 1,, }\n]'
    with pytest.raises(InputError) as caught:
        parse_profile(text, "profile.json")

    assert str(caught.value).startswith(
        "profile.json:3:32: malformed JSON: Expecting property name"
    )


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ('{"Name": "NVIDIA A100"}', "found an object"),
        ("3.5", "found a number (3.5)"),
        ("[1, 2]", "found a list whose entry 1 is a number (1)"),
        ('[{"count": 1}, {"Name": "gpu"}]', "found a list whose entry 2 is an object"),
    ],
)
def test_other_json_is_not_a_profile(text: str, found: str) -> None:
    """Other JSON is refused, saying what was expected and what was found."""
    with pytest.raises(InputError) as caught:
        parse_profile(text, "x.json")

    assert "not a profile: expected" in str(caught.value)
    assert found in str(caught.value)


def test_empty_profile_list() -> None:
    """An empty list is refused."""
    with pytest.raises(InputError, match="holds no entries"):
        parse_profile("[]", "p.json")


# ----------------------------------------------------------------------------- broken entries


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        (
            entry(averageMs="fast"),
            'entry 3 ("block.conv"): "averageMs" must be a number, found a string ("fast")',
        ),
        (entry(timeMs=None), '"timeMs" must be a number, found null'),
        (entry(percentage=True), '"percentage" must be a number, found a boolean'),
        (entry(medianMs=[1]), '"medianMs" must be a number, found a list'),
        (entry(averageMs="nan"), '"averageMs" must be a number'),
        (
            {"name": "block.conv", "timeMs": 1, "percentage": 1},
            'entry 3 ("block.conv"): "averageMs" is missing',
        ),
        (
            {"timeMs": 1, "averageMs": 1, "percentage": 1},
            'entry 3: "name" must be a string, found none',
        ),
        ("block.conv", "entry 3: expected a layer's timing object"),
    ],
)
def test_broken_entries_name_their_position(bad: object, expected: str) -> None:
    """A broken entry is reported with its position (and name when it has one)."""
    with pytest.raises(InputError) as caught:
        parse_profile(profile_text(entry(name="ok"), bad), "p.json")

    assert str(caught.value).startswith("p.json: ")
    assert expected in str(caught.value)


@pytest.mark.parametrize("count", [-1, 2.5, "many", None])
def test_bad_count(count: object) -> None:
    """A count that is not a whole, non-negative number is refused."""
    with pytest.raises(InputError, match='entry 1: "count" must be a whole number of runs'):
        parse_profile(profile_text(entry(), count=count), "p.json")


# ----------------------------------------------------------------------------- corpus


def manifest_rows(corpus: Path) -> list[tuple[str, str]]:
    """``(file, kind column)`` of every table row of the corpus MANIFEST."""
    rows = []
    for line in (corpus / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 5 and (corpus / cells[1]).is_file():
            rows.append((cells[1], cells[4]))
    return rows


@pytest.mark.corpus
def test_corpus_profiles_parse_and_sum_to_100(corpus_dir: Path) -> None:
    """Every MANIFEST profile parses with its runs and entries; percentages sum to 100."""
    sums: dict[str, float] = {}
    counts: dict[str, tuple[int, int]] = {}
    expected_counts: dict[str, tuple[int, int]] = {}
    for name, kind in manifest_rows(corpus_dir):
        if not kind.startswith("profile json") or "concatenated" in kind:
            continue
        text = (corpus_dir / name).read_text(encoding="utf-8")
        document = json.loads(text)
        expected_counts[name] = (int(document[0]["count"]), len(document) - 1)
        profile = parse_profile(text, name)
        counts[name] = (profile.runs, len(profile.entries))
        sums[name] = sum(e.percentage for e in profile.entries)
    assert len(sums) >= 17
    assert counts == expected_counts
    assert sums == {name: pytest.approx(100.0, abs=0.05) for name in sums}


@pytest.mark.corpus
def test_corpus_concatenated_profiles_and_times_are_refused(corpus_dir: Path) -> None:
    """The 7-run concatenations get the concatenation message at the second run."""
    refused = {}
    for name, kind in manifest_rows(corpus_dir):
        if not kind.startswith(("profile json", "timing json")) or "concatenated" not in kind:
            continue
        with pytest.raises(InputError) as caught:
            parse_profile((corpus_dir / name).read_text(encoding="utf-8"), name)
        refused[name] = caught.value
    assert len(refused) == 4
    for name, error in refused.items():
        assert error.message == "holds 7 concatenated JSON documents; pass one run", name
        assert error.column == 1
    resnet = refused["jetson-trtexec__ResNet50_N2_int8__profile_7runs_concat.json"]
    assert resnet.line == 62


@pytest.mark.corpus
def test_corpus_timing_files_are_refused_as_profiles(corpus_dir: Path) -> None:
    """Real --exportTimes files are refused as profiles."""
    names = [
        name
        for name, kind in manifest_rows(corpus_dir)
        if kind.startswith("timing json") and "concatenated" not in kind
    ]
    assert names
    for name in names:
        with pytest.raises(InputError, match="is a --exportTimes file"):
            parse_profile((corpus_dir / name).read_text(encoding="utf-8"), name)


@pytest.mark.corpus
def test_corpus_kalfazed_sample_profile_values(corpus_dir: Path) -> None:
    """Spot-check the values of a real one-layer profile."""
    name = "kalfazed-tensorrt_starter__5.1-trtexec__sample__build_profile.log"
    profile = parse_profile((corpus_dir / name).read_text(encoding="utf-8"), name)

    assert profile.runs == 128427
    (only,) = profile.entries
    assert only.name == "/conv1/Conv + /act1/Relu"
    assert only.time_ms == 755.615
    assert only.average_ms == 0.00588362
    assert only.median_ms == 0.006144
    assert only.percentage == 100.0


@pytest.mark.corpus
def test_corpus_profile_without_median(corpus_dir: Path) -> None:
    """A real profile without medianMs gives None medians."""
    name = "trex__tests__inputs__mobilenet.qat.onnx.engine.profile__26210e92.json"
    profile = parse_profile((corpus_dir / name).read_text(encoding="utf-8"), name)

    assert profile.runs == 4216
    assert profile.entries[0].name == "QuantizeLinear_2"
    assert all(e.median_ms is None for e in profile.entries)
