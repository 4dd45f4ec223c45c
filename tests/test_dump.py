"""The ``--dumpLayerInfo`` line reader: its one-match fast paths read what the tokenizer reads."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import synthlog
from trtreport.logparse import dump
from trtreport.model import LayerRecord

NEVER = re.compile(r"(?!)")

TRICKY = (
    "Name: odd, Dimensions: name, LayerType: Reformat, Inputs: [ { Name: a, Dimensions: x, "
    "Location: Device, Dimensions: [1,2], Format/Datatype: Row major linear FP32 }], Outputs: [ "
    "{ Name: b, Location: Device, Dimensions: [1,2], Format/Datatype: Half, Odd: yes }], "
    'ParameterType: Reformat, Origin: QDQ, Weights: {"Type": "Int8", "Count": 9}, '
    "Note: [a, B: c], TacticValue: 0x3e8, Metadata: [ONNX Layer: q, Key: v]"
)


def slow(text: str, monkeypatch: pytest.MonkeyPatch, line: int = 1) -> LayerRecord:
    """The line read by the tokenizer alone."""
    with monkeypatch.context() as patch:
        patch.setattr(dump, "_TENSOR", NEVER)
        patch.setattr(dump, "_split_pairs", lambda text, pos: None)
        return dump.parse_dump_layer(text, line)


def dump_lines(corpus_dir: Path | None) -> list[str]:
    """Every dump line of a generated log, and of the corpus when it is there."""
    out = io.StringIO()
    synthlog.write_log(synthlog.make_network(40, qdq=True, seed=5, name="dump"), out)
    texts = [out.getvalue()]
    if corpus_dir is not None:
        texts += [path.read_text(errors="replace") for path in sorted(corpus_dir.glob("*.log"))]
    return [line for text in texts for line in text.splitlines() if line.startswith("Name: ")]


def test_fast_paths_read_what_the_tokenizer_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN every dump line of a generated log and of the corpus (when present) THEN the same
    record with and without the one-match tensor and key/value readers."""
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    lines = dump_lines(corpus if corpus.is_dir() else None)
    assert len(lines) > 40
    for text in lines:
        assert dump.parse_dump_layer(text, 1) == slow(text, monkeypatch), text[:120]


def test_tricky_names_and_values_fall_back_to_the_tokenizer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """GIVEN a name holding a field marker, a type holding ``, Key:`` and bracketed values
    holding ``, Key:`` THEN the fast paths step aside and the tokenizer's reading stands."""
    record = dump.parse_dump_layer(TRICKY, 7)
    assert record == slow(TRICKY, monkeypatch, 7)
    assert record.name == "odd, Dimensions: name"
    assert [tensor.name for tensor in record.inputs] == ["a"]
    assert record.outputs[0].raw_type == "Half"
    assert record.onnx_nodes == ("q, Key: v",)
    assert ("Note", "[a, B: c]") in record.details
    assert record.tactic == "0x3e8"


def test_crossed_brackets_fall_back_to_the_tokenizer(monkeypatch: pytest.MonkeyPatch) -> None:
    """GIVEN a value whose brackets balance in number but cross (``][``) THEN the split steps
    aside and the tokenizer's reading stands (one value running on to the next key)."""
    text = (
        "Name: s, LayerType: Shuffle, Inputs: [], Outputs: [], ParameterType: Shuffle, "
        "Order: ][, HasBias: 1"
    )
    record = dump.parse_dump_layer(text, 3)
    assert record == slow(text, monkeypatch, 3)
    assert record.details == (("ParameterType", "Shuffle"), ("Order", "][, HasBias: 1"))


@pytest.mark.subprocess
def test_many_tensors_without_location_read_in_linear_time() -> None:
    """GIVEN a TensorRT 10 Myelin layer with 8,000 tensors that have no ``Location`` THEN the
    line is read (in a child process bounded to 60 s: a quadratic fast path takes minutes)."""
    program = (
        "from trtreport.logparse.dump import parse_dump_layer\n"
        "tensors = ', '.join("
        "'{ Name: t%d, Dimensions: [1], Format/Datatype: Float }' % i for i in range(8000))\n"
        "text = 'Name: m, LayerType: kgen, Inputs: [ ' + tensors + '], Outputs: [], "
        "TacticName: , StreamId: 0, Metadata:'\n"
        "print(len(parse_dump_layer(text, 1).inputs))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "8000"


_HEAD = "Name: m, LayerType: Shuffle, Inputs: [], Outputs: []"


@pytest.mark.parametrize(
    "tail",
    [
        ", Metadata: [ONNX Layer: a]",  # Metadata the only key
        ", Metadata: ",  # empty Metadata at the very end
        ", Order: [1, Metadata: x], TacticValue: 0x1",  # ", Metadata: " inside a value
        ", Order: 1, Metadata: [ONNX Layer: a, Key: b], TacticValue: 0x2",  # keys after it
        ", Order: 1, Key:",  # a key at the very end
        ", Order: 1:",
        ', Order: {"a": 1, Key: 2}, HasBias: 1',  # braces around ", Key: "
        ', Order: "x, Key: y", HasBias: 1',  # quotes around ", Key: "
        ", Order: (1, Key: 2), HasBias: 1",
        "",
    ],
)
def test_key_value_split_reads_what_the_tokenizer_reads(
    tail: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a key/value tail with ``Metadata`` first, last, empty or quoted inside another
    value, or a value holding ``, Key: `` inside brackets, braces or quotes THEN the split (or
    its refusal) gives what the tokenizer gives, error or record."""
    text = _HEAD + tail
    try:
        expected: LayerRecord | str = slow(text, monkeypatch)
    except dump.DumpSyntaxError as error:
        expected = f"error: {error}"
    try:
        got: LayerRecord | str = dump.parse_dump_layer(text, 1)
    except dump.DumpSyntaxError as error:
        got = f"error: {error}"
    assert got == expected
