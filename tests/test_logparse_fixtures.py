"""Every case of ``tests/fixtures/logparse/*.txt``: GIVEN these lines, THEN these fields.

The format is described in ``tests/logfixtures.py`` and ``tests/fixtures/logparse/README.md``.
A case marked ``pending:`` is a line shape the parser does not read yet: it runs as a strict
xfail, so the suite fails when it starts to pass and the mark must go.
"""

from __future__ import annotations

import pytest

from logfixtures import FIXTURES, LogCase, all_cases, mismatches, read_cases
from trtreport.logparse import parse_build_log

CASES = all_cases()


def _param(case: LogCase) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case.pending)] if case.pending else []
    return pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_fixture_case(case: LogCase) -> None:
    """GIVEN the case's lines THEN every ``path = value`` holds in the parsed BuildLog."""
    log = parse_build_log(list(case.lines), "test.log")
    problems = mismatches(log, case)
    assert not problems, f"{case.file.name}:{case.line} {case.title}\n" + "\n".join(problems)


def test_every_fixture_file_has_cases() -> None:
    """GIVEN the fixture folder THEN each file holds cases and the ids are unique."""
    files = sorted(FIXTURES.glob("*.txt"))
    assert files
    assert all(read_cases(f) for f in files)
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
