"""Read a ``trtexec --exportProfile`` file into a :class:`~trtreport.model.Profile`.

The file is a JSON list: a header with the number of timed runs, then one entry per engine
layer::

    [
      { "count" : 2147 }
    , { "name" : "conv1 + relu1", "timeMs" : 12.9, "averageMs" : 0.006, "medianMs" : 0.0061,
        "percentage" : 3.4 }
    ]

``medianMs`` is absent in older TensorRT versions (``median_ms`` is then ``None``). Numbers
written as strings (``"0.006"``) are accepted too. A profile without the ``count`` header
is read with ``runs = 0`` (unknown). Layer-information and ``--exportTimes`` files passed in
the profile's place, and layer-information and profile files passed as ``--exportTimes``, are
recognised (by :func:`~trtreport.jsonload.classify_json`) and named in the error.
"""

from __future__ import annotations

import math

from trtreport.errors import InputError
from trtreport.jsonload import JsonKind, classify_json, load_json
from trtreport.jsonload import describe_json as _describe
from trtreport.model import IterationTimes, PerfMetric, Profile, ProfileEntry
from trtreport.numbers import as_float, mean, midpoint, parse_float


def parse_profile(text: str, source: str) -> Profile:
    """Parse the decoded text of an ``--exportProfile`` file named ``source``.

    Raises :class:`InputError` for malformed JSON, for JSON that is not a profile (naming
    what it looks like) and for entries without a name or with a time that is not a number.
    """
    document = load_json(text, source)
    _reject_other_kinds(classify_json(document), source)
    if not isinstance(document, list):
        raise _not_a_profile(source, _describe(document))
    if not document:
        raise InputError(source, "holds no entries: the profile list is empty")

    runs = 0
    first_entry = 0
    header = document[0]
    if isinstance(header, dict) and "count" in header and "name" not in header:
        runs = _runs(header["count"], source)
        first_entry = 1
    if first_entry < len(document):
        first = document[first_entry]
        if not isinstance(first, dict) or "name" not in first:
            raise _not_a_profile(
                source, f"a list whose entry {first_entry + 1} is {_describe(first)}"
            )
    # Positions count from 1 over the whole list, header included, as a reader of the file would.
    entries = tuple(
        _entry(row, position, source)
        for position, row in enumerate(document[first_entry:], start=first_entry + 1)
    )
    return Profile(source=source, runs=runs, entries=entries)


def _reject_other_kinds(kind: JsonKind, source: str) -> None:
    """Raise a clear error when the document is layer information or a timing file."""
    if kind.is_layer_info:
        raise _layer_info(source)
    if kind is JsonKind.TIMES:
        raise InputError(
            source,
            "is a --exportTimes file (per-iteration times), not a profile: pass it with --times",
        )


def _layer_info(source: str) -> InputError:
    """The error for a layer-information file passed as a profile."""
    return InputError(
        source,
        "is a --exportLayerInfo file (layer information), not a profile: pass it with --layers",
    )


def _not_a_profile(source: str, found: str) -> InputError:
    """The error for JSON of the wrong shape, saying what was expected and what was found."""
    return InputError(
        source,
        'not a profile: expected [{"count": N}, {"name": ..., "averageMs": ...}, ...] '
        f"as written by trtexec --exportProfile, found {found}",
    )


def _runs(value: object, source: str) -> int:
    """The ``count`` header as a non-negative integer."""
    number = _number(value)
    if number is None or number < 0 or number != int(number):
        raise InputError(
            source, f'entry 1: "count" must be a whole number of runs, found {_describe(value)}'
        )
    return int(number)


def _entry(row: object, position: int, source: str) -> ProfileEntry:
    """Convert one layer entry; ``position`` is its 1-based place in the file's list."""
    if not isinstance(row, dict):
        raise InputError(
            source, f"entry {position}: expected a layer's timing object, found {_describe(row)}"
        )
    name = row.get("name")
    if not isinstance(name, str):
        found = "none" if name is None else _describe(name)
        raise InputError(source, f'entry {position}: "name" must be a string, found {found}')
    where = f'entry {position} ("{name}")'
    median = row.get("medianMs")
    return ProfileEntry(
        name=name,
        time_ms=_required_number(row, "timeMs", where, source),
        average_ms=_required_number(row, "averageMs", where, source),
        median_ms=None if median is None else _required_number(row, "medianMs", where, source),
        percentage=_required_number(row, "percentage", where, source),
    )


def _required_number(row: dict[str, object], key: str, where: str, source: str) -> float:
    """The number under ``key`` (a JSON number or a numeric string)."""
    if key not in row:
        raise InputError(source, f'{where}: "{key}" is missing')
    number = _number(row[key])
    if number is None:
        raise InputError(source, f'{where}: "{key}" must be a number, found {_describe(row[key])}')
    return number


def _number(value: object) -> float | None:
    """``value`` as a finite float if it is a number or a numeric string, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return as_float(value)
    if isinstance(value, str):
        return parse_float(value)
    return None


_TIMES_METRICS: tuple[tuple[str, str, str], ...] = (
    ("Latency", "latencyMs", ""),
    ("GPU Compute Time", "computeMs", ""),
    ("H2D Latency", "h2dMs", ""),
    ("D2H Latency", "d2hMs", ""),
    ("Enqueue Time", "endEnqMs", "startEnqMs"),
)
"""(metric shown, key, key subtracted) for each per-iteration metric summarised."""


def parse_times(text: str, source: str) -> IterationTimes:
    """Parse an ``--exportTimes`` file (one dict per iteration) into per-metric statistics.

    Each iteration is ``{"startEnqMs", "endEnqMs", "h2dMs", "computeMs", "d2hMs",
    "latencyMs", ...}`` in milliseconds; the result keeps min, max, mean, median and the 90th,
    95th and 99th percentiles of each metric (nearest-rank), not the iterations themselves.
    """
    document = load_json(text, source)
    kind = classify_json(document)
    if kind.is_layer_info:
        raise InputError(source, "is an --exportLayerInfo file: pass it with --layers")
    if kind is JsonKind.PROFILE:
        raise InputError(source, "is an --exportProfile file: pass it with --profile")
    if not isinstance(document, list) or not document:
        raise InputError(source, f"is not an --exportTimes file: found {_describe(document)}")
    if kind is not JsonKind.TIMES:
        first = document[0]
        raise InputError(
            source,
            f"is not an --exportTimes file: expected a list of per-iteration timings, "
            f"found a list whose first entry is {_describe(first)}",
        )
    series: dict[str, list[float]] = {name: [] for name, _, _ in _TIMES_METRICS}
    for position, row in enumerate(document, start=1):
        if not isinstance(row, dict):
            raise InputError(
                source, f"iteration {position}: expected an object, found {_describe(row)}"
            )
        for name, key, minus in _TIMES_METRICS:
            value = _number(row.get(key))
            if value is None:
                continue
            if minus:
                start = _number(row.get(minus))
                if start is None:
                    continue
                value -= start
                if not math.isfinite(value):  # two huge figures of opposite signs
                    continue
            series[name].append(value)
    metrics = tuple(
        PerfMetric(name=name, unit="ms", values=_statistics(values))
        for name, values in series.items()
        if values
    )
    return IterationTimes(source=source, iterations=len(document), metrics=metrics)


def _statistics(values: list[float]) -> tuple[tuple[str, str], ...]:
    """min/max/mean/median/percentiles of ``values`` as text pairs (6 significant digits)."""
    ordered = sorted(values)
    n = len(ordered)

    def rank(fraction: float) -> float:
        return ordered[min(n - 1, max(0, math.ceil(fraction * n) - 1))]

    median = ordered[n // 2] if n % 2 else midpoint(ordered[n // 2 - 1], ordered[n // 2])
    stats = (
        ("min", ordered[0]),
        ("max", ordered[-1]),
        ("mean", mean(ordered)),
        ("median", median),
        ("percentile(90%)", rank(0.90)),
        ("percentile(95%)", rank(0.95)),
        ("percentile(99%)", rank(0.99)),
    )
    return tuple((key, f"{value:.6g}") for key, value in stats)
