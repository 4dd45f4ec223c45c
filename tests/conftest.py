"""Shared test fixtures: where the corpus of real TensorRT files lives, and the quick subset.

The corpus (``../shared/corpus`` beside the checkout, or the folder ``TRTREPORT_CORPUS`` names)
holds real TensorRT logs and JSON exports from public repositories; it is never copied here.
Without it, the tests that read it are left out of the run and one line says so.

Every test that opens no browser, starts no subprocess and runs no fuzzer is marked ``quick``:
``python -m pytest -m quick`` is the inner loop.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from browsers import INSTALL_HINT, find_chromium

REPO = Path(__file__).resolve().parents[1]
CORPUS_DIR = Path(os.environ.get("TRTREPORT_CORPUS") or REPO.parent / "shared" / "corpus")
"""Real logs and JSON files from public repositories (see its MANIFEST.md); never copied here."""

SLOW_MARKERS = ("browser", "subprocess", "fuzz")
"""Markers of tests that are not ``quick``."""

_left_out: dict[str, int] = {}
"""Tests left out of this run, by what they needed (``corpus``, ``browser``)."""


@pytest.fixture
def corpus_dir() -> Path:
    """The corpus folder, or skip the test when it is not beside the checkout."""
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"{CORPUS_DIR} is absent")
    return CORPUS_DIR


def _needs_corpus(item: pytest.Item) -> bool:
    """Whether a test reads the corpus (its marker, or the ``corpus_dir`` fixture)."""
    return item.get_closest_marker("corpus") is not None or "corpus_dir" in getattr(
        item, "fixturenames", ()
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the quick subset; leave out the tests whose corpus or browser is missing."""
    for item in items:
        if not any(item.get_closest_marker(name) for name in SLOW_MARKERS):
            item.add_marker(pytest.mark.quick)
    no_browser = find_chromium() is None or importlib.util.find_spec("playwright") is None
    needs = {
        "corpus": _needs_corpus if not CORPUS_DIR.is_dir() else None,
        "browser": (lambda item: item.get_closest_marker("browser") is not None)
        if no_browser
        else None,
    }
    for what, needed in needs.items():
        if needed is None:
            continue
        left_out = [item for item in items if needed(item)]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if not needed(item)]
            _left_out[what] = len(left_out)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per missing corpus or browser, instead of one skip line per test."""
    if "corpus" in _left_out:
        terminalreporter.write_line(
            f"corpus: {_left_out['corpus']} tests that read real TensorRT files were not run: "
            f"{CORPUS_DIR} is absent (see README, 'Run the tests')"
        )
    if "browser" in _left_out:
        terminalreporter.write_line(
            f"browser: {_left_out['browser']} tests were not run: {INSTALL_HINT}"
        )
