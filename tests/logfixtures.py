"""Read the log-parser fixture files in ``tests/fixtures/logparse/`` (GIVEN lines, THEN fields).

The format follows markdown-it-py's fixture files: a case is a title line, then blocks closed
by a line holding only ``.``. Between cases, blank lines and lines starting with ``#`` are
comments::

    Banner gives command, version and status
    source: NVIDIA/TensorRT@v10.16 samples/common/sampleUtils.cpp
    .
    &&&& RUNNING TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=net.onnx
    .
    builds.len = 1
    builds[0].tensorrt_version = "8.5.10"
    builds[0].command = "trtexec --onnx=net.onnx"
    .

- **Title**: one line, unique in its file; the test id is ``<file stem>:<title>``.
- **Header lines** (between the title and the first ``.``), each ``key: value``, all optional:
  ``source:`` where the line shapes come from (``NVIDIA/TensorRT@<tag> <file>``, or a note);
  ``pending: <reason>`` marks a case the parser does not read yet: it runs as a strict xfail,
  so it fails the suite the day it starts passing (then delete the ``pending`` line);
  ``lines: json`` says every given line is written as a JSON string (for control characters,
  ``\\r`` or other bytes a text file cannot show).
- **Given lines**: the log, one line per line, exactly as written (trailing spaces count). They
  are handed to :func:`trtreport.logparse.parse_build_log` as a list of lines with the source
  name ``test.log``.
- **Expectations**: one ``path = value`` per line; ``value`` is JSON. ``path`` starts at the
  :class:`~trtreport.model.BuildLog` and is made of field (or property) names (``builds``,
  ``stats``, ``device_name``), list
  indices (``[0]``, ``[-1]``) and ``.len`` (the length of a list or string), e.g.
  ``builds[0].engine_layers[2].outputs[0].dtype = "Half"``. A model object compares as a
  JSON object of all its fields, a tuple as a JSON list, ``None`` as ``null``; ``true`` and
  ``1`` are different values. Blank lines and ``#`` comments are allowed in this block.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "logparse"
SOURCE_NAME = "test.log"
HEADER_KEYS = ("source", "pending", "lines")
_STEP = re.compile(r"\.(?P<name>[A-Za-z_][A-Za-z_0-9]*)|\[(?P<index>-?\d+)\]")


class FixtureError(ValueError):
    """A fixture file that does not follow the format above (file and line in the message)."""


@dataclass(frozen=True)
class Expectation:
    """One ``path = value`` line of a case."""

    line: int
    path: str
    value: Any


@dataclass(frozen=True)
class LogCase:
    """One fixture case: its title, given lines and expected fields."""

    file: Path
    line: int
    title: str
    lines: tuple[str, ...]
    expectations: tuple[Expectation, ...]
    source: str = ""
    pending: str = ""

    @property
    def id(self) -> str:
        """The pytest id, ``<file stem>:<title>``."""
        return f"{self.file.stem}:{self.title}"


def read_cases(path: Path) -> list[LogCase]:
    """Every case of one fixture file, in file order."""
    text = path.read_text(encoding="utf-8")
    rows = text.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    cases: list[LogCase] = []
    at = 0
    while at < len(rows):
        row = rows[at]
        if not row.strip() or row.startswith("#"):
            at += 1
            continue
        case, at = _read_case(path, rows, at)
        if any(c.title == case.title for c in cases):
            raise FixtureError(f"{path}:{case.line}: title used twice: {case.title!r}")
        cases.append(case)
    return cases


def all_cases(folder: Path = FIXTURES) -> list[LogCase]:
    """Every case of every ``*.txt`` fixture file in ``folder``, files in name order."""
    return [case for file in sorted(folder.glob("*.txt")) for case in read_cases(file)]


def _read_case(path: Path, rows: list[str], at: int) -> tuple[LogCase, int]:
    title_line = at + 1
    title = rows[at].strip()
    header: dict[str, str] = {}
    at += 1
    while True:
        if at >= len(rows):
            raise FixtureError(f"{path}:{title_line}: case {title!r} has no '.' line")
        row = rows[at]
        at += 1
        if row == ".":
            break
        key, sep, value = row.partition(": ")
        if not sep or key not in HEADER_KEYS or key in header:
            raise FixtureError(f"{path}:{at}: expected one of {HEADER_KEYS} or '.': {row!r}")
        header[key] = value.strip()
    given, at = _block(path, rows, at, title)
    if header.get("lines", "") not in ("", "json"):
        raise FixtureError(f"{path}:{title_line}: 'lines:' must be 'json'")
    if header.get("lines") == "json":
        given = [_json_line(path, title_line, row) for row in given]
    expect_start = at
    expect_rows, at = _block(path, rows, at, title)
    expectations = tuple(
        _expectation(path, expect_start + 1 + offset, row)
        for offset, row in enumerate(expect_rows)
        if row.strip() and not row.startswith("#")
    )
    if not expectations:
        raise FixtureError(f"{path}:{title_line}: case {title!r} expects nothing")
    case = LogCase(
        file=path,
        line=title_line,
        title=title,
        lines=tuple(given),
        expectations=expectations,
        source=header.get("source", ""),
        pending=header.get("pending", ""),
    )
    return case, at


def _block(path: Path, rows: list[str], at: int, title: str) -> tuple[list[str], int]:
    start = at
    while at < len(rows) and rows[at] != ".":
        at += 1
    if at >= len(rows):
        raise FixtureError(f"{path}:{start}: case {title!r}: block not closed by '.'")
    return rows[start:at], at + 1


def _json_line(path: Path, line: int, row: str) -> str:
    value = json.loads(row)
    if not isinstance(value, str):
        raise FixtureError(f"{path}:{line}: a 'lines: json' line must be a JSON string")
    return value


def _expectation(path: Path, line: int, row: str) -> Expectation:
    target, sep, value = row.partition(" = ")
    if not sep:
        raise FixtureError(f"{path}:{line}: expected 'path = value': {row!r}")
    target = target.strip()
    if not list(_steps(target)):
        raise FixtureError(f"{path}:{line}: bad path {target!r}")
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as exc:
        raise FixtureError(f"{path}:{line}: value is not JSON: {exc}") from exc
    return Expectation(line=line, path=target, value=parsed)


def _steps(path: str) -> Iterator[str | int]:
    text = "." + path
    at = 0
    while at < len(text):
        match = _STEP.match(text, at)
        if match is None:
            raise FixtureError(f"bad path {path!r} at {text[at:]!r}")
        if match["name"] is not None:
            yield match["name"]
        else:
            yield int(match["index"])
        at = match.end()


def resolve(root: object, path: str) -> Any:
    """The value at ``path`` under ``root`` (field names, ``[i]`` and ``.len``)."""
    value: Any = root
    for step in _steps(path):
        if isinstance(step, int):
            value = value[step]
        elif step == "len" and isinstance(value, (tuple, list, str)):
            value = len(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            # a field, or a property such as Build.device_name; never a method
            attribute = getattr(value, step) if not step.startswith("_") else None
            if attribute is None and step not in {f.name for f in dataclasses.fields(value)}:
                raise AttributeError(f"{type(value).__name__} has no field {step!r}")
            if callable(attribute):
                raise AttributeError(f"{type(value).__name__}.{step} is a method, not a field")
            value = attribute
        else:
            raise AttributeError(f"cannot take {step!r} of {type(value).__name__}")
    return value


def as_json(value: object) -> Any:
    """``value`` as the JSON-shaped data the expectations are written in."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: as_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [as_json(item) for item in value]
    return value


def same(actual: Any, expected: Any) -> bool:
    """JSON equality that keeps ``true`` apart from ``1`` (Python's ``True == 1``)."""
    if isinstance(actual, bool) or isinstance(expected, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(actual, list) and isinstance(expected, list):
        return len(actual) == len(expected) and all(map(same, actual, expected))
    if isinstance(actual, dict) and isinstance(expected, dict):
        return actual.keys() == expected.keys() and all(
            same(actual[k], expected[k]) for k in actual
        )
    if isinstance(actual, (list, dict, str)) or isinstance(expected, (list, dict, str)):
        return type(actual) is type(expected) and actual == expected
    return bool(actual == expected)


def mismatches(root: object, case: LogCase) -> list[str]:
    """One message per expectation of ``case`` that ``root`` does not meet (empty if all do)."""
    problems = []
    for exp in case.expectations:
        try:
            actual = as_json(resolve(root, exp.path))
        except (AttributeError, IndexError, TypeError) as exc:
            problems.append(f"{case.file.name}:{exp.line}: {exp.path}: {exc}")
            continue
        if not same(actual, exp.value):
            problems.append(
                f"{case.file.name}:{exp.line}: {exp.path}\n"
                f"    expected {json.dumps(exp.value)}\n"
                f"    got      {json.dumps(actual)}"
            )
    return problems
