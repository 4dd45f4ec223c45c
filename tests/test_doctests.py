"""The examples in docstrings are true (they document real name shapes and rules)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import trtreport


def modules() -> list[str]:
    """Every module of the package."""
    return sorted(m.name for m in pkgutil.walk_packages(trtreport.__path__, "trtreport."))


@pytest.mark.parametrize("name", modules())
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_doctests_exist() -> None:
    """Guard against the parametrisation silently finding nothing."""
    found = sum(
        len(doctest.DocTestFinder().find(importlib.import_module(name))) for name in modules()
    )
    assert found >= 10
