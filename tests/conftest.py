"""Shared test fixtures: where the corpus of real TensorRT files lives, and the quick subset.

The corpus (``../shared/corpus`` beside the checkout, or the folder ``TRTREPORT_CORPUS`` names)
holds real TensorRT logs and JSON exports from public repositories; it is never copied here.
Without it, the tests that read it are left out of the run and one line says so.

Every test that opens no browser, starts no subprocess and runs no fuzzer is marked ``quick``:
``python -m pytest -m quick`` is the inner loop.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS_DIR = Path(os.environ.get("TRTREPORT_CORPUS") or REPO.parent / "shared" / "corpus")
"""Real logs and JSON files from public repositories (see its MANIFEST.md); never copied here."""

SLOW_MARKERS = ("browser", "subprocess", "fuzz")
"""Markers of tests that are not ``quick``."""

_left_out: list[int] = []


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
    """Mark the quick subset; without the corpus, leave its tests out (one line says so)."""
    for item in items:
        if not any(item.get_closest_marker(name) for name in SLOW_MARKERS):
            item.add_marker(pytest.mark.quick)
    if CORPUS_DIR.is_dir():
        return
    left_out = [item for item in items if _needs_corpus(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not _needs_corpus(item)]
        _left_out.append(len(left_out))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line for the corpus tests left out, instead of one skip line per test."""
    if _left_out:
        terminalreporter.write_line(
            f"corpus: {sum(_left_out)} tests that read real TensorRT files were not run: "
            f"{CORPUS_DIR} is absent (see README, 'Run the tests')"
        )
