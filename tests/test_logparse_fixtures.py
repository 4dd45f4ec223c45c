"""Every case of ``tests/fixtures/logparse/*.txt``: GIVEN these lines, THEN these fields.

The format is described in ``tests/logfixtures.py`` and ``tests/fixtures/logparse/README.md``.
A case marked ``pending:`` is a line shape the parser does not read yet: it runs as a strict
xfail, so the suite fails when it starts to pass and the mark must go.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from logfixtures import FIXTURES, FixtureError, LogCase, all_cases, mismatches, read_cases, same
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


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cases.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("no lines\n.\nx\n.\n.\n", "expects nothing"),
        ("bad path\n.\nx\n.\nbuilds[x] = 1\n.\n", "bad path"),
        ("bad value\n.\nx\n.\nbuilds.len = one\n.\n", "not JSON"),
        ("bad header\nsorce: a\n.\nx\n.\nbuilds.len = 1\n.\n", "expected one of"),
        ("open\n.\nx\n", "not closed"),
        (
            "twice\n.\nx\n.\nbuilds.len = 1\n.\ntwice\n.\nx\n.\nbuilds.len = 1\n.\n",
            "title used twice",
        ),
    ],
)
def test_loader_rejects_broken_fixtures(tmp_path: Path, text: str, says: str) -> None:
    """GIVEN a fixture file that breaks the format THEN the loader names the file and the fault."""
    with pytest.raises(FixtureError, match=says):
        read_cases(_write(tmp_path, text))


def test_loader_reads_headers_json_lines_and_strict_values(tmp_path: Path) -> None:
    """GIVEN a case with a source, pending, JSON lines and comments THEN each is read, and
    ``true`` does not equal ``1`` nor ``"1"`` equal ``1``."""
    (case,) = read_cases(
        _write(
            tmp_path,
            "# a comment\n"
            "title\nsource: somewhere\npending: not yet\nlines: json\n.\n"
            '"a\\rb"\n.\n# why\nstats.lines_read = 1\n.\n',
        )
    )
    assert (case.title, case.source, case.pending, case.lines) == (
        "title",
        "somewhere",
        "not yet",
        ("a\rb",),
    )
    assert [(e.path, e.value) for e in case.expectations] == [("stats.lines_read", 1)]
    assert not same(True, 1)
    assert not same("1", 1)
    assert same(2, 2.0)
    assert same([{"a": [1]}], [{"a": [1]}])
