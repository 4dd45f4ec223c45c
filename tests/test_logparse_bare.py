"""A logger that prints TensorRT's messages bare (``print(msg)``, no prefix at all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_logparse_formats import CORPUS_LOGS, base, rewritten, summary
from trtreport.errors import InputError
from trtreport.logparse import parse_build_log


def parse(*lines: str) -> list[object]:
    """Parse ``lines`` as one log and return its summary."""
    return summary(parse_build_log(list(lines), "bare.log"))


@pytest.mark.parametrize("name", CORPUS_LOGS, ids=lambda name: name[:40])
def test_corpus_log_printed_bare(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log's TensorRT messages printed without any prefix THEN the same pass
    events, funnel, engine layers, ONNX nodes and bindings as with the Python logger's prefix,
    and no line left unrecognised (warnings, which carry no level now, read as messages)."""
    items, expected = base(corpus_dir, name)
    log = parse_build_log(rewritten(items, lambda severity, message: message, ""), name)
    assert summary(log) == summary(expected)
    assert log.stats.unrecognised_count == 0, log.stats.unrecognised_samples[:3]


def test_bare_messages_after_application_output() -> None:
    """GIVEN a script's own prints, then TensorRT's messages without a prefix THEN the prints
    are application output and the messages make a build."""
    log = parse_build_log(
        [
            "Loading model.onnx",
            "Epoch: 3",
            "Parsing node: Conv_0 [Conv]",
            "Original: 3 layers",
            "Running: ConvReluFusion on Conv_0",
            "ConvReluFusion: Fusing Conv_0 with Relu_1",
            "After vertical fusions: 2 layers",
        ],
        "bare.log",
    )
    (build,) = log.builds
    assert [(s.label, s.layers) for s in build.stages] == [
        ("Original", 3),
        ("vertical fusions", 2),
    ]
    assert [(e.kind, e.pass_name, e.layers) for e in build.pass_events] == [
        ("running", "ConvReluFusion", ("Conv_0",)),
        ("fuse", "ConvReluFusion", ("Conv_0", "Relu_1")),
    ]
    assert (log.stats.application_lines, log.stats.unrecognised_count) == (2, 0)


def test_prefixed_log_does_not_read_bare_lines_as_messages() -> None:
    """GIVEN a log with logger prefixes THEN an unprefixed line shaped like a message stays the
    application's output (only a log without any prefix is read bare)."""
    log = parse_build_log(
        [
            "[05/01/2025-10:00:00] [TRT] [V] Original: 3 layers",
            "Removing temporary files",
            "[05/01/2025-10:00:00] [TRT] [V] After vertical fusions: 2 layers",
        ],
        "p.log",
    )
    assert log.builds[0].pass_events == ()
    assert log.stats.application_lines == 1


def test_text_file_with_one_message_shaped_line_is_not_a_log() -> None:
    """GIVEN a text file that is no log but has a line shaped like a message THEN it is still
    refused as not a TensorRT log."""
    with pytest.raises(InputError, match="not a TensorRT build log"):
        parse_build_log(["# Notes", "Removing the old cache", "Done."], "notes.txt")


@pytest.mark.parametrize(
    "before",
    [
        ["Removing intermediate container 5f3c2a1b"],  # docker build output
        ["Layers:", "conv1", "relu1"],  # a script's model summary
        ["Starting inference"],
    ],
)
def test_script_output_before_a_prefixed_log_is_not_read_as_messages(before: list[str]) -> None:
    """GIVEN a script's own lines before the first prefixed line of a log THEN they are its
    output: no phantom build, no pass event, no engine layer, no phase taken from them."""
    log = parse_build_log(
        [
            *before,
            "&&&& RUNNING TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=m.onnx --verbose",
            "[05/01/2025-10:00:00] [V] [TRT] Original: 3 layers",
            "[05/01/2025-10:00:00] [V] [TRT] Running: ConvReluFusion on Conv_0",
        ],
        "p.log",
    )
    (build,) = log.builds
    assert [(e.kind, e.layers) for e in build.pass_events] == [("running", ("Conv_0",))]
    assert build.engine_layers == ()
    assert build.last_phase == "optimization"
    assert log.stats.application_lines == len(before)
