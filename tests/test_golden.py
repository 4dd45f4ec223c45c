"""Golden files: the model JSON and the HTML's visible text for the project's example.

The example (``examples/qdq_resnet_small.*``) is written by ``tests/synthlog.py``. When a change
to the parser, the join or the templates changes the output on purpose, regenerate with::

    TRTREPORT_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py

and read the diff of ``tests/golden/`` before committing it: it is the review of the change.
"""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from trtreport.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "qdq_resnet_small"
GOLDEN = REPO / "tests" / "golden"
REGENERATE = os.environ.get("TRTREPORT_REGEN_GOLDEN") == "1"


class _VisibleText(HTMLParser):
    """Collect the text a reader sees: everything outside ``<script>`` and ``<style>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skipping = 0
        self.lines: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            text = " ".join(data.split())
            if text:
                self.lines.append(text)


def visible_text(html: str) -> str:
    """The page's visible text, one text node per line."""
    parser = _VisibleText()
    parser.feed(html)
    return "\n".join(parser.lines) + "\n"


@pytest.fixture(scope="module")
def example_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """Run the CLI on the example once; return (model JSON, HTML)."""
    out = tmp_path_factory.mktemp("golden")
    result = CliRunner().invoke(
        main,
        [
            str(EXAMPLE.with_suffix(".log")),
            "--layers",
            str(EXAMPLE.with_suffix(".layers.json")),
            "--profile",
            str(EXAMPLE.with_suffix(".profile.json")),
            "-o",
            str(out / "example.html"),
            "--json",
            str(out / "example.model.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    return (
        (out / "example.model.json").read_text(encoding="utf-8"),
        (out / "example.html").read_text(encoding="utf-8"),
    )


def check_golden(name: str, actual: str) -> None:
    """Compare with ``tests/golden/<name>``, or rewrite it when regenerating."""
    path = GOLDEN / name
    if REGENERATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} changed; see the docstring of {__name__} to regenerate"


def test_model_json_matches_golden(example_outputs: tuple[str, str]) -> None:
    """The CLI writes compact JSON; the golden copy is indented so that its diffs are read."""
    written = example_outputs[0]
    assert "\n" not in written[:-1] and written.endswith("}\n")
    check_golden("example.model.json", pretty(written))


def pretty(document: str) -> str:
    """The same JSON, one key per line (sorted, as written)."""
    return json.dumps(json.loads(document), sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def test_html_text_matches_golden(example_outputs: tuple[str, str]) -> None:
    check_golden("example.html.txt", visible_text(example_outputs[1]))


def test_committed_example_report_is_current(example_outputs: tuple[str, str]) -> None:
    """``examples/qdq_resnet_small.html`` is what the CLI gives today, byte for byte."""
    committed = EXAMPLE.with_suffix(".html")
    if REGENERATE:
        committed.write_text(example_outputs[1], encoding="utf-8", newline="\n")
    assert committed.read_text(encoding="utf-8") == example_outputs[1]


PAIR = REPO / "examples" / "qdq_pair"


def _pair_inputs(name: str, prefix: str = "") -> list[str]:
    """One build of the example pair as options (``--baseline-*`` ones with ``prefix``)."""
    stem = f"{PAIR}_{name}"
    if prefix:
        return [
            f"--{prefix}", f"{stem}.log", f"--{prefix}-layers", f"{stem}.layers.json",
            f"--{prefix}-profile", f"{stem}.profile.json",
        ]  # fmt: skip
    return [f"{stem}.log", "--layers", f"{stem}.layers.json", "--profile", f"{stem}.profile.json"]


@pytest.fixture(scope="module")
def pair_outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str, str]:
    """Run the CLI on the example pair once, as examples/README.md does; (model, HTML, MD)."""
    out = tmp_path_factory.mktemp("pair")
    result = CliRunner().invoke(
        main,
        [
            *_pair_inputs("new"),
            *_pair_inputs("base", "baseline"),
            "-o",
            str(out / "comparison.html"),
            "--json",
            str(out / "comparison.model.json"),
            "--markdown",
            str(out / "comparison.md"),
        ],
    )
    assert result.exit_code == 0, result.output
    return tuple(  # type: ignore[return-value]
        (out / name).read_text(encoding="utf-8")
        for name in ("comparison.model.json", "comparison.html", "comparison.md")
    )


def test_pair_comparison_matches_golden(pair_outputs: tuple[str, str, str]) -> None:
    comparison = json.loads(pair_outputs[0])["comparison"]
    check_golden(
        "pair.comparison.json",
        json.dumps(comparison, sort_keys=True, indent=1, ensure_ascii=False) + "\n",
    )


def test_committed_pair_comparison_is_current(pair_outputs: tuple[str, str, str]) -> None:
    """``examples/qdq_pair_comparison.{html,md}`` are what the CLI gives today."""
    for suffix, text in ((".html", pair_outputs[1]), (".md", pair_outputs[2])):
        committed = Path(f"{PAIR}_comparison{suffix}")
        if REGENERATE:
            committed.write_text(text, encoding="utf-8", newline="\n")
        assert committed.read_text(encoding="utf-8") == text, committed.name
