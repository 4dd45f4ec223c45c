"""What each section of the page shows, computed from the report before templating.

The templates only lay these values out; every count, order and comparison is made here, so it
can be tested without parsing HTML. Nothing here returns markup built from report data (the
annotations' HTML comes from :mod:`trtreport.render.annotations`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from trtreport.compare import build_time_text
from trtreport.model import (
    FATES,
    Binding,
    EngineLayer,
    Finding,
    LayerCountStage,
    NodeFate,
    OnnxModelInfo,
    PerfMetric,
    Report,
    TracedEvent,
)
from trtreport.numbers import parse_int
from trtreport.provenance import name_parts
from trtreport.render.annotations import Annotation, annotation, annotation_markdown

SEVERITY_ORDER: tuple[str, ...] = ("error", "warning", "info")
"""Most severe first; findings of any other severity come last."""
SEVERITY_LABELS = {"error": "Error", "warning": "Warning", "info": "Info"}
FATE_ORDER: tuple[str, ...] = FATES
"""The fates of ONNX nodes in the order the provenance section counts them."""
FATE_LABELS = {
    "layer": "in an engine layer",
    "myelin": "inside a Myelin region",
    "input-quantizer": "fused as an input quantizer",
    "weight-quantizer": "fused as a weight quantizer",
    "output-quantizer": "fused as an output quantizer",
    "residual-quantizer": "fused as a residual input",
    "reformat": "left as a stand-alone Reformat",
    "moved": "moved or split by a pass",
    "duplicate": "merged into a duplicate",
    "constant": "folded into a constant",
    "shape": "computed as a shape tensor",
    "removed": "removed by a pass",
    "unknown": "unknown",
}
NO_PASS = "(no pass named)"  # noqa: S105 - a heading, not a password
"""The section title of events logged while no named pass was running."""
TOP_LAYERS = 15
"""How many layers the "top layers by time" table lists."""


@dataclass(frozen=True, slots=True)
class PassSection:
    """One optimization pass that ran, in the order it first ran."""

    index: int
    anchor: str
    """The section's HTML id: ``pass-<index>-<slug>`` (only ``[a-z0-9-]``)."""
    name: str
    """The pass as logged (``""`` for events outside a named pass)."""
    title: str
    """A one-line description from the annotation, or ``""``."""
    annotation: Markup | None
    runs: int
    """``Running: <pass> on ...`` lines."""
    events: int
    first_line: int
    kinds: tuple[tuple[str, int], ...]
    """Event kind → count, most frequent first."""
    layers: int
    """Distinct engine layers its events ended in."""
    is_phase: bool = False
    """Whether the section is a QDQ optimizer phase header rather than a pass."""
    example: PassExample | None = None
    """The first change the pass made in this build, as before/after."""
    version_note: str = ""
    """Where the annotation names TensorRT versions that do not include this build's version,
    a sentence saying this build printed the pass too (``""`` otherwise)."""

    @property
    def heading(self) -> str:
        """The section heading: the pass's name, or a phrase for unnamed events."""
        return self.name or NO_PASS


@dataclass(frozen=True, slots=True)
class PassExample:
    """The first change a pass made in this build, drawn as before → after."""

    line: int
    before: tuple[str, ...]
    """The layers or nodes the event names, each with its ONNX op type where known."""
    after: str
    """What they became (the product's name, or a phrase such as ``removed``)."""
    layer_id: str
    """The engine layer it ended in, or ``""``."""
    layer_name: str = ""
    """That layer's name."""


_EXAMPLE_KINDS = (
    "fuse",
    "merge",
    "eliminate-duplicate",
    "swap",
    "remove",
    "swap-type",
    "eliminate-concat",
    "eliminate-slice",
    "retarget",
    "stomp-copy",
    "other",
)
"""Event kinds that show a change, most telling first."""


def _with_ops(name: str, ops: dict[str, str]) -> str:
    """A layer or node name with the ONNX op types it is made of: ``Conv_9 [Conv]``,
    ``w + QuantizeLinear_7 + Conv_9 [QuantizeLinear, Conv]``."""
    if name in ops:
        return f"{name} [{ops[name]}]"
    kinds = [ops[part] for part in name_parts(name) if part in ops]
    return f"{name} [{', '.join(kinds)}]" if kinds else name


def _example(
    members: Sequence[TracedEvent], ops: dict[str, str], layers: dict[str, str]
) -> PassExample | None:
    """The first event of the section of the most telling kind, as before/after."""
    for kind in _EXAMPLE_KINDS:
        for traced in members:
            event = traced.event
            if event.kind != kind or not event.layers:
                continue
            before = tuple(_with_ops(name, ops) for name in event.layers)
            if kind == "fuse":
                after = event.result or " + ".join(event.layers)
            elif kind == "merge":
                after = event.result or " || ".join(event.layers)
            elif kind == "eliminate-duplicate":
                after = f"{event.result or event.layers[-1]} (the duplicate is removed)"
            elif kind == "swap" and len(event.layers) == 2:
                after = f"{event.layers[1]} before {event.layers[0]}"
            elif kind == "remove":
                after = (
                    "removed" if not traced.layer_id else "folded into the layer the pass ran on"
                )
            else:
                after = event.text or kind
            name = layers.get(traced.layer_id, "")
            return PassExample(event.line, before, after, traced.layer_id if name else "", name)
    return None


_PRINTED_BY = re.compile(
    r"[Pp]rinted by TensorRT (?P<versions>\d+(?:\.(?:\d+|x))?"
    r"(?:(?:, | and | to |, and )\d+(?:\.(?:\d+|x))?)*)"
)


def version_note(source: str | None, version: str) -> str:
    """A sentence when an annotation's ``Printed by TensorRT ...`` remark leaves out this
    build's version (the build printed the pass, so the remark is incomplete for it)."""
    if not source or not version:
        return ""
    found = _PRINTED_BY.search(source)
    if found is None:
        return ""
    text = found.group("versions")
    parts = re.split(r", and |, | and ", text)
    ours = tuple(int(p) for p in re.findall(r"\d+", version)[:2])
    if len(ours) < 2:
        return ""
    for part in parts:
        low, _, high = part.partition(" to ")
        if _version_in(ours, low, high or low):
            return ""
    return f"This build, TensorRT {version}, printed it too; the note above names TensorRT {text}."


def _version_in(ours: tuple[int, ...], low: str, high: str) -> bool:
    """Whether ``ours`` (major, minor) lies between ``low`` and ``high`` (``8``, ``8.x``,
    ``8.5``)."""

    def bound(text: str, top: bool) -> tuple[int, int]:
        major, _, minor = text.strip().partition(".")
        if not minor or minor == "x":
            return (int(major), 999 if top else 0)
        return (int(major), int(minor))

    return bound(low, False) <= (ours[0], ours[1]) <= bound(high, True)


def _anchor(index: int, name: str) -> str:
    """A safe, unique HTML id for a pass section."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].strip("-")
    return f"pass-{index}-{slug}" if slug else f"pass-{index}"


def pass_sections(
    events: Sequence[TracedEvent],
    ops: dict[str, str] | None = None,
    version: str = "",
    layers: dict[str, str] | None = None,
) -> tuple[list[PassSection], list[int]]:
    """The pass sections in first-run order, and for each event the index of its section.

    ``ops`` maps ONNX node names to their op types (for the examples); ``version`` is the
    build's TensorRT version (checked against the annotations' version remarks); ``layers``
    maps layer ids to names (the layer each example ended in)."""
    ops = ops or {}
    layers = layers or {}
    order: dict[str, int] = {}
    grouped: list[list[TracedEvent]] = []
    event_section: list[int] = []
    # Events arrive in log order; a pass's first event is its first run.
    for traced in sorted(events, key=lambda t: t.event.line):
        name = traced.event.pass_name
        if name not in order:
            order[name] = len(grouped)
            grouped.append([])
        grouped[order[name]].append(traced)
    event_section = [order[traced.event.pass_name] for traced in events]
    sections = []
    for index, (name, members) in enumerate(zip(order, grouped, strict=True)):
        kinds: dict[str, int] = {}
        for traced in members:
            kinds[traced.event.kind] = kinds.get(traced.event.kind, 0) + 1
        note = annotation(name) if name else Annotation(title="", html=None)
        title = note.title
        if title.startswith(f"{name}: "):
            title = title[len(name) + 2 :]
        if title.strip().lower() == name.strip().lower():
            title = ""
        sections.append(
            PassSection(
                index=index,
                anchor=_anchor(index, name),
                name=name,
                title=title,
                annotation=note.html,
                runs=kinds.get("running", 0),
                events=len(members),
                first_line=members[0].event.line,
                kinds=tuple(sorted(kinds.items(), key=lambda item: (-item[1], item[0]))),
                layers=len({t.layer_id for t in members if t.layer_id}),
                is_phase=all(t.event.kind == "phase" for t in members),
                example=_example(members, ops, layers),
                version_note=version_note(annotation_markdown(name), version) if name else "",
            )
        )
    return sections, event_section


@dataclass(frozen=True, slots=True)
class FunnelBar:
    """One bar of the layer-count funnel chart (geometry in SVG user units)."""

    label: str
    layers: int
    line: int
    y: int
    width: float


FUNNEL_BAR_HEIGHT = 22
FUNNEL_GAP = 6
FUNNEL_LABEL_WIDTH = 260
FUNNEL_BAR_WIDTH = 520
"""Widths of the label column and of the longest bar; the count follows the bar."""


def funnel(stages: Sequence[LayerCountStage]) -> list[FunnelBar]:
    """One bar per stage, its length proportional to the stage's layer count."""
    widest = max((stage.layers for stage in stages), default=0) or 1
    return [
        FunnelBar(
            label=stage.label,
            layers=stage.layers,
            line=stage.line,
            y=i * (FUNNEL_BAR_HEIGHT + FUNNEL_GAP),
            width=round(max(stage.layers / widest * FUNNEL_BAR_WIDTH, 1.0), 1),
        )
        for i, stage in enumerate(stages)
    ]


def funnel_height(bars: Sequence[FunnelBar]) -> int:
    """The SVG's height for ``bars``."""
    return max(len(bars) * (FUNNEL_BAR_HEIGHT + FUNNEL_GAP) - FUNNEL_GAP, 0)


@dataclass(frozen=True, slots=True)
class OrderRow:
    """One position of the binding-order comparison."""

    position: int
    engine: Binding | None
    declared: str
    """The name declared at this position (inputs, then outputs), or ``""``."""
    declared_dtype: str
    declared_shape: tuple[int, ...]
    differs: bool


@dataclass(frozen=True, slots=True)
class BindingOrder:
    """The engine's binding order beside the ONNX model's declared order."""

    rows: tuple[OrderRow, ...]
    has_declared: bool
    differs: bool
    problems: tuple[str, ...]
    """Plain-language differences (moved, missing from one side)."""


def binding_order(
    bindings: Sequence[Binding], onnx: OnnxModelInfo | None, source: str = "log"
) -> BindingOrder:
    """Compare the engine's binding order with the declared order (inputs, then outputs).

    Code that binds buffers by index follows one of these orders; where they differ it breaks.
    Only an order the engine states (``source`` ``log`` or ``layers``) is compared: bindings
    taken from the model or inferred from the graph say nothing about the engine's order.
    """
    engine = sorted(bindings, key=lambda b: b.index)
    if onnx is None or not (onnx.inputs or onnx.outputs) or source not in ("log", "layers"):
        rows = tuple(OrderRow(b.index, b, "", "", (), False) for b in engine)
        return BindingOrder(rows, False, False, ())
    declared = [*onnx.inputs, *onnx.outputs]
    rows_list = []
    for position in range(max(len(engine), len(declared))):
        binding = engine[position] if position < len(engine) else None
        tensor = declared[position] if position < len(declared) else None
        name = tensor.name if tensor else ""
        rows_list.append(
            OrderRow(
                position=position,
                engine=binding,
                declared=name,
                declared_dtype=tensor.dtype if tensor else "",
                declared_shape=tensor.shape if tensor else (),
                differs=(binding.name if binding else "") != name,
            )
        )
    engine_names = [b.name for b in engine]
    declared_names = [t.name for t in declared]
    problems: list[str] = []
    for name in declared_names:
        if name not in engine_names:
            problems.append(f"“{name}” is declared by the model but is not an engine binding.")
    for name in engine_names:
        if name not in declared_names:
            problems.append(f"“{name}” is an engine binding the model does not declare.")
    for position, name in enumerate(engine_names):
        if name in declared_names and declared_names.index(name) != position:
            problems.append(
                f"“{name}” is binding {position} in the engine but "
                f"{declared_names.index(name)} in the model's declared order."
            )
    return BindingOrder(
        tuple(rows_list), True, any(row.differs for row in rows_list), tuple(problems)
    )


@dataclass(frozen=True, slots=True)
class FindingView:
    """A finding with what the template needs to link it."""

    index: int
    finding: Finding
    label: str
    """The severity as text (``Error``); the badge's color never carries it alone."""
    layers: tuple[tuple[str, str], ...]
    """``(layer id, layer name)`` of the finding's layers present in the engine."""
    names: dict[str, str] = field(default_factory=dict)
    """Layer id → name, for the finding's and its parts' layers."""


def finding_views(findings: Sequence[Finding], layers: Sequence[EngineLayer]) -> list[FindingView]:
    """Findings most severe first (stable within a severity), with their layers' names."""
    names = {layer.id: layer.name for layer in layers}
    rank = {severity: i for i, severity in enumerate(SEVERITY_ORDER)}
    ordered = sorted(findings, key=lambda f: rank.get(f.severity, len(SEVERITY_ORDER)))
    return [
        FindingView(
            index=i,
            finding=finding,
            label=SEVERITY_LABELS.get(finding.severity, finding.severity.capitalize()),
            layers=tuple((lid, names[lid]) for lid in finding.layer_ids if lid in names),
            names={
                lid: names[lid]
                for part in finding.parts
                for lid in part.layer_ids[:4]
                if lid in names
            },
        )
        for i, finding in enumerate(ordered)
    ]


def rule_counts(findings: Iterable[Finding]) -> list[tuple[str, int]]:
    """``(rule, cards)`` for the rules of the findings, by name (the findings filter)."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return sorted(counts.items())


def severity_counts(findings: Iterable[Finding]) -> list[tuple[str, str, int]]:
    """``(severity, label, count)`` for each severity present, most severe first."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    known = [s for s in SEVERITY_ORDER if s in counts]
    others = sorted(s for s in counts if s not in SEVERITY_ORDER)
    return [(s, SEVERITY_LABELS.get(s, s.capitalize()), counts[s]) for s in (*known, *others)]


@dataclass(frozen=True, slots=True)
class ProvenanceSummary:
    """The figures above the fates table."""

    nodes: int
    known: int
    """Nodes whose fate is not ``unknown``."""
    qdq: int
    qdq_known: int
    regions: int
    region_nodes: int

    @property
    def known_share(self) -> float:
        """Share of nodes with a known fate, in percent (100 when there are none)."""
        return 100.0 * self.known / self.nodes if self.nodes else 100.0


_QDQ = ("QuantizeLinear", "DequantizeLinear")


def provenance_summary(report: Report) -> ProvenanceSummary:
    """How many ONNX nodes, and Q/DQ nodes, have a known fate; how many sit in Myelin."""
    fates = report.node_fates
    qdq = [f for f in fates if f.op_type in _QDQ]
    return ProvenanceSummary(
        nodes=len(fates),
        known=sum(1 for f in fates if f.fate != "unknown"),
        qdq=len(qdq),
        qdq_known=sum(1 for f in qdq if f.fate != "unknown"),
        regions=len(report.regions),
        region_nodes=sum(len(r.nodes) for r in report.regions),
    )


def fate_counts(fates: Iterable[NodeFate]) -> list[tuple[str, str, int]]:
    """``(fate, label, count)`` for every fate in :data:`FATE_ORDER` (zeros included), then
    any other fate the model names."""
    counts: dict[str, int] = dict.fromkeys(FATE_ORDER, 0)
    for fate in fates:
        counts[fate.fate] = counts.get(fate.fate, 0) + 1
    return [(fate, FATE_LABELS.get(fate, fate), count) for fate, count in counts.items()]


@dataclass(frozen=True, slots=True)
class MetricTable:
    """Performance metrics as a table: one row per metric, one column per statistic."""

    columns: tuple[str, ...]
    rows: tuple[tuple[PerfMetric, tuple[str, ...]], ...]


def metric_table(metrics: Sequence[PerfMetric]) -> MetricTable:
    """Lay metrics out with the union of their statistics as columns (first-seen order)."""
    columns: list[str] = []
    for metric in metrics:
        for key, _ in metric.values:
            if key not in columns:
                columns.append(key)
    rows = []
    for metric in metrics:
        values = dict(metric.values)
        rows.append((metric, tuple(values.get(column, "") for column in columns)))
    return MetricTable(tuple(columns), tuple(rows))


def top_layers(layers: Sequence[EngineLayer], count: int = TOP_LAYERS) -> list[EngineLayer]:
    """The ``count`` slowest profiled layers, slowest first (engine order breaks ties)."""
    timed = [layer for layer in layers if layer.time_ms is not None]
    return sorted(timed, key=lambda layer: (-(layer.time_ms or 0.0), layer.index))[:count]


@dataclass(frozen=True, slots=True)
class Glance:
    """The header's at-a-glance figures (``None`` where the inputs do not tell)."""

    layers_before: int | None
    layers_after: int
    int8_share: float | None
    int8_layers: str
    reformats: int
    findings: int
    build_seconds: str


def glance(report: Report) -> Glance:
    """Compute the header's figures from the report."""
    before = report.stages[0].layers if report.stages else None
    summary = report.summary
    reformats = (
        summary.reformats
        if summary is not None
        else sum(1 for layer in report.layers if layer.role == "reformat")
    )
    build = build_time_text(report)
    # The INT8 share only means something where INT8 was asked for (Q/DQ, --int8, --best):
    # "0 % INT8" on an FP16 build would read as a failure it is not.
    # With no compute layer (no engine: a failed or cut build) there is no share to show.
    wants_int8 = (
        summary is not None
        and summary.compute_layers > 0
        and (
            summary.is_qdq or "INT8" in report.header.precision_flags or summary.int8_compute_layers
        )
    )
    return Glance(
        layers_before=before,
        layers_after=len(report.layers),
        int8_share=summary.int8_compute_share if summary is not None and wants_int8 else None,
        int8_layers=(
            f"{summary.int8_compute_layers} of {summary.compute_layers} compute layers"
            if summary is not None
            else ""
        ),
        reformats=reformats,
        findings=len(report.findings),
        build_seconds=build,
    )


def byte_text(key: str, value: str) -> str:
    """A memory value as printed, with a readable size when it is a plain byte count."""
    if not value.isdigit() or any(unit in key for unit in ("MiB", "MB", "KiB", "GiB", "(")):
        return value
    count = parse_int(value)
    if count is None:  # hundreds of digits: shown as written
        return value
    if count < 1024:
        return f"{count:,} B"
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size:
            return f"{count:,} B ({count / size:.1f} {unit})"
    return f"{count:,} B"  # pragma: no cover - the loop always returns for count >= 1024
