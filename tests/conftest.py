"""Shared test fixtures: where the corpus of real TensorRT files lives."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO.parent / "shared" / "corpus"
"""Real logs and JSON files from public repositories (see its MANIFEST.md); never copied here."""


@pytest.fixture
def corpus_dir() -> Path:
    """The corpus folder, or skip the test when it is not beside the checkout."""
    if not CORPUS_DIR.is_dir():
        pytest.skip("../shared/corpus is absent")
    return CORPUS_DIR
