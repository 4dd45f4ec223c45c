"""The "Changes since the baseline" section: figures and lists of a :class:`Comparison` as the
template shows them, and the change status of each engine layer for the graph."""

from __future__ import annotations

from dataclasses import dataclass

from trtreport.compare import is_structural
from trtreport.model import Comparison, Delta, LayerChange

_PLAIN_UNITS = ("ms", "qps", "MiB", "s")


@dataclass(frozen=True, slots=True)
class DeltaRow:
    """One headline figure of the comparison table."""

    label: str
    base: str
    new: str
    change: str
    verdict: str
    """``better``, ``worse``, ``same`` or ``""`` (a change that is neither)."""


def percent_text(change: float, base: float) -> str:
    """A relative change as a signed percentage, with a second digit when it is under 0.1 %."""
    share = abs(change) / abs(base) * 100
    sign = "+" if change > 0 else "−"
    return f"{sign}{share:.1f} %" if share >= 0.1 or share == 0 else f"{sign}{share:.1g} %"


def figure_text(value: float | None, unit: str) -> str:
    """A headline figure as the table shows it (``–`` where a build does not give it)."""
    if value is None:
        return "–"
    if unit == "%":
        return f"{value:.1f} %"
    if unit in _PLAIN_UNITS:
        return f"{value:.4g} {unit}"
    return f"{value:,.0f}"


def change_text(delta: Delta, *, points: str = "points", brief: bool = False) -> str:
    """The signed difference of a headline figure (``+5.6 points``, ``−0.018 ms (−6.0 %)``),
    ``""`` when a build lacks it and ``"0"`` for none; ``brief`` gives a timing's relative
    change alone, for a row that holds several."""
    if delta.base is None or delta.new is None:
        return ""
    diff = delta.new - delta.base
    if diff == 0:
        return "0"
    sign = "+" if diff > 0 else "−"
    if delta.unit == "%":
        return f"{sign}{abs(diff):.1f} {points}"
    if delta.unit in _PLAIN_UNITS and brief and delta.base:
        return percent_text(diff, delta.base)
    if delta.unit in _PLAIN_UNITS:
        relative = f" ({percent_text(diff, delta.base)})" if delta.base else ""
        return f"{sign}{abs(diff):.4g} {delta.unit}{relative}"
    return f"{sign}{abs(diff):,.0f}"


def verdict_of(delta: Delta) -> str:
    """``better``, ``worse``, ``same``, or ``""`` (a build lacks it, or neither way is better)."""
    if delta.base is None or delta.new is None:
        return ""
    if delta.new == delta.base:
        return "same"
    if not delta.better:
        return ""
    return "better" if (delta.new > delta.base) == (delta.better == "up") else "worse"


def delta_row(delta: Delta) -> DeltaRow:
    """The row of one headline figure: both values, the difference and whether it is better."""
    base, new = figure_text(delta.base, delta.unit), figure_text(delta.new, delta.unit)
    change = change_text(delta)
    return DeltaRow(
        delta.label, base, new, "no change" if change == "0" else change, verdict_of(delta)
    )


def delta_rows(comparison: Comparison) -> list[DeltaRow]:
    """Every headline figure of the comparison, in the order the model lists them."""
    return [delta_row(delta) for delta in comparison.deltas]


def structural_changes(comparison: Comparison) -> list[LayerChange]:
    """Paired layers that changed more than their kernel or tactic."""
    return [change for change in comparison.layers_changed if is_structural(change)]


def in_short(comparison: Comparison) -> str:
    """One sentence a reviewer reads first: precision moves, findings, Reformats, latency."""
    parts = []
    moves = comparison.precision_changes
    if moves:
        to_int8 = sum(1 for c in moves if c.new == "INT8")
        from_int8 = sum(1 for c in moves if c.base == "INT8")
        detail = [f"{to_int8} to INT8"] if to_int8 else []
        detail += [f"{from_int8} out of INT8"] if from_int8 else []
        other = len(moves) - to_int8 - from_int8
        detail += [f"{other} between float types"] if other else []
        parts.append(
            f"{len(moves)} ONNX node{'s' if len(moves) != 1 else ''} changed precision "
            f"({', '.join(detail)})"
        )
    new, gone = len(comparison.findings_added), len(comparison.findings_resolved)
    if new or gone:
        parts.append(f"{new} new finding{'s' if new != 1 else ''}, {gone} resolved")
    deltas = {d.key: d for d in comparison.deltas}
    reformats = deltas.get("reformats")
    if reformats and reformats.base is not None and reformats.new is not None:
        change = int(reformats.new - reformats.base)
        if change:
            word = "more" if change > 0 else "fewer"
            parts.append(f"{abs(change)} Reformat{'s' if abs(change) != 1 else ''} {word}")
    latency = deltas.get("gpu_compute_mean")
    if latency and latency.base and latency.new is not None and latency.new != latency.base:
        parts.append(f"GPU compute time {percent_text(latency.new - latency.base, latency.base)}")
    if not parts:
        structural = len(structural_changes(comparison))
        added, removed = len(comparison.layers_added), len(comparison.layers_removed)
        if structural or added or removed:
            parts.append(f"{structural} layers changed, {added} added, {removed} removed")
    return "; ".join(parts) + "." if parts else ""


def layer_status(comparison: Comparison) -> dict[str, str]:
    """Per engine layer id of this build, how the comparison sees it: ``added``, ``precision``
    (its precision changed), ``changed`` (its type, tensors or ONNX nodes changed) or
    ``tuned`` (only its kernel or tactic changed). Layers the same as their pair are left out."""
    status: dict[str, str] = {}
    for change in comparison.layers_changed:
        if change.base.precision != change.new.precision:
            status[change.new.id] = "precision"
        elif is_structural(change):
            status[change.new.id] = "changed"
        else:
            status[change.new.id] = "tuned"
    for added in comparison.layers_added:
        status[added.layer.id] = "added"
    return dict(sorted(status.items()))


def graph_status(comparison: Comparison) -> dict[str, str]:
    """What the graph's Changes view marks: :func:`layer_status` without the layers that
    only autotuning changed (another kernel is no change a reviewer acts on)."""
    return {i: how for i, how in layer_status(comparison).items() if how != "tuned"}


def change_notes(comparison: Comparison) -> dict[str, str]:
    """Per layer id of this build that differs from its pair (or has none), what the details
    panel says: ``precision FP16 → INT8, kernel (was conv1 + relu1)``, ``new in this build``."""
    notes: dict[str, str] = {}
    for change in comparison.layers_changed:
        text = ", ".join(change.changes)
        if change.base.name != change.new.name:
            text += f" (was {change.base.name})"
        notes[change.new.id] = text
    for added in comparison.layers_added:
        notes[added.layer.id] = "new in this build" + (
            f" (its ONNX nodes were in {', '.join(added.elsewhere[:2])})" if added.elsewhere else ""
        )
    return dict(sorted(notes.items()))
