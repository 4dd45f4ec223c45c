"""The CI gate: ``--fail-on CONDITION`` checked against an analysed report.

Each condition is one row of :data:`CONDITIONS`: its name, whether it takes a value, whether it
needs a baseline, and what it tests. :func:`parse_condition` reads the command line's words
(``int8-drop=2``) and :func:`check` returns one line per condition the build meets; the CLI
writes every output first, then prints those lines and exits with status 4. A condition that
needs what the inputs do not give (a baseline, or latency figures in both builds) raises
:class:`GateUsageError`, which the CLI reports as a usage error (status 2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from trtreport.analysis.context import SEVERITIES
from trtreport.model import Comparison, Delta, Report


class GateUsageError(Exception):
    """A ``--fail-on`` condition that cannot be checked with these inputs."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One ``--fail-on`` condition as given on the command line."""

    name: str
    value: float | None
    text: str
    """The words as given (``int8-drop=2``), for messages."""


@dataclass(frozen=True, slots=True)
class _Rule:
    """How one kind of condition is checked."""

    name: str
    value: str
    """``""`` (takes no value), ``PCT`` or ``N``."""
    needs_baseline: bool
    help: str
    check: Callable[[Condition, Report, Comparison | None], str]
    """Returns the message when the condition is met, ``""`` when it is not."""


def _delta(comparison: Comparison | None, key: str) -> Delta | None:
    """A headline figure of the comparison by key."""
    if comparison is None:
        return None
    for delta in comparison.deltas:
        if delta.key == key:
            return delta
    return None


def _new_finding(condition: Condition, report: Report, comparison: Comparison | None) -> str:
    """Warning or error findings the baseline does not have."""
    if comparison is None:  # needs_baseline: check() refuses to get here
        return ""
    new = [f for f in comparison.findings_added if f.severity in ("error", "warning")]
    if not new:
        return ""
    first = new[0]
    more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
    return f"{len(new)} new warning/error finding(s): [{first.severity}] {first.title}{more}"


def _int8_drop(condition: Condition, report: Report, comparison: Comparison | None) -> str:
    """The INT8 share of compute layers fell by more than the given points."""
    delta = _delta(comparison, "int8_compute_share")
    if delta is None or (delta.base is None and delta.new is None):
        return ""
    base, new = delta.base or 0.0, delta.new or 0.0
    if base - new > (condition.value or 0.0):
        return (
            f"the INT8 share of compute layers fell {base - new:.1f} points "
            f"({base:.1f} % → {new:.1f} %)"
        )
    return ""


def _latency_increase(condition: Condition, report: Report, comparison: Comparison | None) -> str:
    """Mean GPU compute latency rose by more than the given percentage."""
    delta = _delta(comparison, "gpu_compute_mean")
    if delta is None or delta.base is None or delta.new is None:
        raise GateUsageError(
            f"--fail-on {condition.text} needs the mean GPU compute time of both builds "
            "(trtexec's performance summary in each log, or --times and --baseline-times)"
        )
    if delta.base <= 0:
        return ""
    rise = (delta.new - delta.base) / delta.base * 100
    if rise > (condition.value or 0.0):
        return f"mean GPU compute time rose {rise:.1f} % ({delta.base:.4g} ms → {delta.new:.4g} ms)"
    return ""


def _reformat_increase(condition: Condition, report: Report, comparison: Comparison | None) -> str:
    """The number of Reformat layers grew by more than the given count."""
    delta = _delta(comparison, "reformats")
    if delta is None or delta.new is None:
        return ""
    base = delta.base or 0.0
    if delta.new - base > (condition.value or 0.0):
        return f"Reformat layers grew by {delta.new - base:.0f} ({base:.0f} → {delta.new:.0f})"
    return ""


def _precision_change(condition: Condition, report: Report, comparison: Comparison | None) -> str:
    """Any ONNX node whose compute precision changed."""
    if comparison is None:  # needs_baseline: check() refuses to get here
        return ""
    changes = comparison.precision_changes
    if not changes:
        return ""
    first = changes[0]
    more = f" (and {len(changes) - 1} more)" if len(changes) > 1 else ""
    return (
        f"{len(changes)} ONNX node(s) changed precision: {first.node} "
        f"{first.base} → {first.new}{more}"
    )


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(reversed(SEVERITIES))}
"""``info`` 0, ``warning`` 1, ``error`` 2: higher is worse."""


def _severity(condition: Condition, report: Report, comparison: Comparison | None) -> str:
    """Any finding of the given severity or worse (no baseline needed)."""
    floor = int(condition.value or 0)
    found = [f for f in report.findings if _SEVERITY_RANK.get(f.severity, 0) >= floor]
    if not found:
        return ""
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return f"{len(found)} finding(s): [{found[0].severity}] {found[0].title}{more}"


def _int8_below(condition: Condition, report: Report, comparison: Comparison | None) -> str:
    """The INT8 share of compute layers is below the given percentage (no baseline needed)."""
    summary = report.summary
    if summary is None or summary.compute_layers == 0:
        return ""
    share = summary.int8_compute_share * 100
    if share < (condition.value or 0.0):
        return (
            f"{share:.1f} % of compute layers run in INT8 "
            f"({summary.int8_compute_layers} of {summary.compute_layers}), below "
            f"{condition.value:g} %"
        )
    return ""


CONDITIONS: tuple[_Rule, ...] = (
    _Rule(
        "new-finding",
        "",
        True,
        "a warning or error finding the baseline does not have",
        _new_finding,
    ),
    _Rule(
        "int8-drop",
        "PCT",
        True,
        "the INT8 share of compute layers fell by more than PCT points",
        _int8_drop,
    ),
    _Rule(
        "latency-increase",
        "PCT",
        True,
        "mean GPU compute time rose by more than PCT %",
        _latency_increase,
    ),
    _Rule(
        "reformat-increase",
        "N",
        True,
        "Reformat layers grew by more than N",
        _reformat_increase,
    ),
    _Rule(
        "precision-change",
        "",
        True,
        "any ONNX node's compute precision changed",
        _precision_change,
    ),
    _Rule(
        "severity",
        "LEVEL",
        False,
        "any finding of LEVEL (info, warning, error) or worse, baseline or not",
        _severity,
    ),
    _Rule(
        "int8-below",
        "PCT",
        False,
        "less than PCT % of compute layers run in INT8, baseline or not",
        _int8_below,
    ),
)

_BY_NAME = {rule.name: rule for rule in CONDITIONS}


def describe_conditions() -> str:
    """The conditions as ``--help`` lists them, one per line."""
    lines = []
    for rule in CONDITIONS:
        words = f"{rule.name}={rule.value}" if rule.value else rule.name
        lines.append(f"{words}: {rule.help}")
    return "\n".join(lines)


def parse_condition(text: str) -> Condition:
    """Read one ``--fail-on`` value; :class:`ValueError` with a message when it is malformed."""
    name, has_value, raw = text.strip().partition("=")
    rule = _BY_NAME.get(name)
    if rule is None:
        known = ", ".join(r.name for r in CONDITIONS)
        raise ValueError(f"unknown condition {name!r}; known: {known}")
    if not rule.value:
        if has_value:
            raise ValueError(f"{name} takes no value")
        return Condition(name, None, text)
    if not has_value or not raw:
        raise ValueError(f"{name} needs a value: {name}={rule.value}")
    if rule.value == "LEVEL":
        if raw not in _SEVERITY_RANK:
            raise ValueError(f"{name} takes info, warning or error, not {raw!r}")
        return Condition(name, float(_SEVERITY_RANK[raw]), text)
    if len(raw) > 20:
        raise ValueError(f"{name}={raw[:20]}... is not a number")
    try:
        value = float(raw.rstrip("%"))
    except ValueError:
        raise ValueError(f"{name} needs a number, not {raw!r}") from None
    if not value >= 0 or value == float("inf"):
        raise ValueError(f"{name} needs a number of at least 0, not {raw!r}")
    return Condition(name, value, text)


def check(conditions: Sequence[Condition], report: Report) -> list[str]:
    """One line per condition the report meets, in the order given.

    Raises :class:`GateUsageError` for a condition these inputs cannot decide.
    """
    for condition in conditions:
        if _BY_NAME[condition.name].needs_baseline and report.comparison is None:
            raise GateUsageError(f"--fail-on {condition.text} needs --baseline")
    met = []
    for condition in conditions:
        message = _BY_NAME[condition.name].check(condition, report, report.comparison)
        if message:
            met.append(f"fail-on {condition.text}: {message}")
    return met
