"""The Memory and Build timings tables: units read from the keys, repeats collapsed.

TensorRT prints some figures more than once in one build: ``Total Activation Memory`` for the
tactic selection and again for the engine, ``[MemUsageChange] Init CUDA`` at each stage that
initialises CUDA, and one set of memory and timing lines per optimization profile. A row is
kept per distinct figure: repeats of one value are counted, distinct values of one key are
labelled by their order (and, where the order has a known meaning, by it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from trtreport.model import MessageGroup
from trtreport.render.sections import byte_text

_KNOWN_ORDER = {
    "Total Activation Memory": ("during tactic selection", "of the engine"),
}
"""Keys printed twice with a known meaning for each print."""
_UNIT_IN_KEY = re.compile(r"\((?P<unit>us|µs|ms|s|MiB|MB|KiB|GiB)\)\s*\Z")


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One row of a figures table."""

    label: str
    value: str
    """The value as shown, with its unit."""
    count: int = 1
    """How many times the log prints this very figure."""


def _grouped(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Values per key, keys in first-seen order."""
    order: list[str] = []
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        if key not in values:
            order.append(key)
            values[key] = []
        values[key].append(value)
    return [(key, values[key]) for key in order]


def _rows(pairs: Sequence[tuple[str, str]], shown: Callable[[str, str], str]) -> list[FigureRow]:
    """Rows of a table of figures; ``shown(key, value)`` formats one value."""
    rows: list[FigureRow] = []
    for key, values in _grouped(pairs):
        distinct = list(dict.fromkeys(values))
        if len(distinct) == 1:
            rows.append(FigureRow(key, shown(key, distinct[0]), len(values)))
            continue
        if key.startswith("MemUsageChange"):
            # An event repeated at several stages: one row, its changes in order.
            rows.append(FigureRow(key, " · ".join(shown(key, v) for v in values), len(values)))
            continue
        names = _KNOWN_ORDER.get(key)
        for position, value in enumerate(distinct):
            if names is not None and len(distinct) == len(names):
                label = f"{key} ({names[position]})"
            else:
                label = f"{key} ({_ordinal(position + 1)} of {len(distinct)})"
            rows.append(FigureRow(label, shown(key, value), values.count(value)))
    return rows


def _ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``..."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def memory_text(key: str, value: str) -> str:
    """A memory figure with its unit: the one its key names (``Loaded engine size (MiB)``),
    else bytes made readable.

    >>> memory_text("Loaded engine size (MiB)", "12")
    '12 MiB'
    >>> memory_text("Total Activation Memory", "602112")
    '602,112 B (588.0 KiB)'
    """
    match = _UNIT_IN_KEY.search(key)
    if match is not None and value.replace(".", "", 1).isdigit():
        return f"{value} {match.group('unit')}"
    return byte_text(key, value)


def memory_rows(memory: Sequence[tuple[str, str]]) -> list[FigureRow]:
    """The Memory table: byte counts made readable, repeats collapsed, repeats labelled."""
    return _rows(memory, memory_text)


def timing_text(key: str, value: str) -> str:
    """A build timing with the unit its key names (``Deserialization (us)``), seconds else.

    >>> timing_text("Deserialization (us)", "46178")
    '46,178 µs (46.2 ms)'
    >>> timing_text("Engine built", "53.4699")
    '53.4699 s'
    """
    match = _UNIT_IN_KEY.search(key)
    unit = match.group("unit") if match else "s"
    try:
        number = float(value)
    except ValueError:
        return value
    if unit in ("us", "µs"):
        whole = f"{number:,.0f}" if number == int(number) else f"{number:,}"
        return f"{whole} µs ({number / 1000:.3g} ms)" if number >= 1000 else f"{whole} µs"
    if unit == "ms":
        return f"{value} ms"
    if unit != "s":
        return f"{value} {unit}"
    return f"{value} s"


def timing_rows(timings: Sequence[tuple[str, str]]) -> list[FigureRow]:
    """The Build timings table: each with its unit; one per optimization profile labelled."""
    return _rows(timings, timing_text)


@dataclass(frozen=True, slots=True)
class MessageKind:
    """The warnings (or errors) of one kind: the same message about different names."""

    severity: str
    kind: str
    count: int
    """Messages of this kind in the log."""
    distinct: int
    """Distinct texts among them."""
    example: str
    """The first text of the kind."""
    lines: tuple[int, ...]
    """The first lines that log one."""


def message_kinds(messages: Sequence[MessageGroup]) -> list[MessageKind]:
    """Warnings and errors counted by kind: errors first, then most frequent, then first
    logged."""
    order: list[tuple[str, str]] = []
    groups: dict[tuple[str, str], list[MessageGroup]] = {}
    for group in messages:
        key = (group.severity, group.kind)
        if key not in groups:
            order.append(key)
            groups[key] = []
        groups[key].append(group)
    kinds = [
        MessageKind(
            severity=severity,
            kind=kind,
            count=sum(g.count for g in groups[(severity, kind)]),
            distinct=len(groups[(severity, kind)]),
            example=groups[(severity, kind)][0].text,
            lines=tuple(sorted(n for g in groups[(severity, kind)] for n in g.lines))[:3],
        )
        for severity, kind in order
    ]
    position = {key: i for i, key in enumerate(order)}
    return sorted(
        kinds,
        key=lambda k: (k.severity != "error", -k.count, position[(k.severity, k.kind)]),
    )
