"""Logs as a CI system, a container runtime or the journal captured them: each line behind a
prefix of their own (GitHub Actions' and ``docker logs -t`` timestamps, ``docker compose``'s
service bar, journalctl's short format), or colored with terminal escapes. They must read as
the log itself does."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from trtreport.logparse import parse_build_log
from trtreport.logparse.prefix import outer_prefix
from trtreport.model import BuildLog
from trtreport.textio import open_text_lines

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "qdq_resnet_small.log"

OUTER = {
    "github-actions": lambda i: f"2024-05-01T10:{i // 600 % 60:02d}:{i // 10 % 60:02d}.{i:07d}Z ",
    "docker-t": lambda i: f"2024-05-01T10:00:00.{i:09d}+00:00 ",
    "compose": lambda i: "trtexec-1  | ",
    "journal": lambda i: f"May  1 10:00:{i % 60:02d} gpu-box trtexec[4242]: ",
}


def read(text: str) -> BuildLog:
    """``text`` parsed as the CLI reads a file."""
    return parse_build_log(open_text_lines(io.BytesIO(text.encode()), "t.log"), "t.log")


@pytest.mark.parametrize("style", sorted(OUTER))
def test_outer_prefixes_are_taken_off(style: str) -> None:
    """GIVEN the example log with every line behind a CI, container or journal prefix THEN
    the same builds and line counts as the log itself."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    prefixed = "".join(f"{OUTER[style](i)}{text}\n" for i, text in enumerate(lines))
    plain = read("\n".join(lines) + "\n")
    got = read(prefixed)
    assert got.builds == plain.builds
    assert got.stats == plain.stats
    assert len(got.builds[0].engine_layers) > 10


def test_terminal_colors_are_taken_off() -> None:
    """GIVEN the example log with its levels colored (as a tool writing to a terminal does)
    THEN the same builds as the log itself."""
    text = EXAMPLE.read_text(encoding="utf-8")
    colored = text.replace("[W]", "\x1b[33m[W]\x1b[0m").replace("[I] ", "\x1b[1;32m[I]\x1b[0m ")
    assert "\x1b[" in colored
    assert read(colored).builds == read(text).builds


def test_a_log_with_a_few_bars_or_timestamps_keeps_its_lines() -> None:
    """GIVEN a log whose lines only sometimes start like an outer prefix THEN none is taken
    off (at least half of the lines must start with it)."""
    block = "\n".join(
        [
            "[05/01/2024-10:00:00] [I] TensorRT version: 8.6.1",
            "Layer | Time",
            "conv1 | 0.1",
            "conv2 | 0.2",
            "[05/01/2024-10:00:00] [I] Done",
            "[05/01/2024-10:00:01] [I] Done",
            "[05/01/2024-10:00:02] [I] Done",
        ]
    )
    assert outer_prefix(block) is None
