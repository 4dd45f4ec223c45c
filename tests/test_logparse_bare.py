"""A logger that prints TensorRT's messages bare (``print(msg)``, no prefix at all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_logparse_formats import CORPUS_LOGS, base, rewritten, summary
from trtreport.errors import InputError
from trtreport.logparse import parse_build_log


@pytest.mark.parametrize("name", CORPUS_LOGS, ids=lambda name: name[:40])
def test_corpus_log_printed_bare(corpus_dir: Path, name: str) -> None:
    """GIVEN a corpus log's TensorRT messages printed without any prefix THEN the same pass
    events, funnel, engine layers, ONNX nodes and bindings as with the Python logger's prefix,
    and no line left unrecognised (warnings, which carry no level now, read as messages)."""
    items, expected = base(corpus_dir, name)
    log = parse_build_log(rewritten(items, lambda severity, message: message, ""), name)
    assert summary(log) == summary(expected)
    assert log.stats.unrecognised_count == 0, log.stats.unrecognised_samples[:3]


def test_text_file_with_one_message_shaped_line_is_not_a_log() -> None:
    """GIVEN a text file that is no log but has a line shaped like a message THEN it is still
    refused as not a TensorRT log."""
    with pytest.raises(InputError, match="not a TensorRT build log"):
        parse_build_log(["# Notes", "Removing the old cache", "Done."], "notes.txt")
