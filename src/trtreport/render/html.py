"""Render a :class:`~trtreport.model.Report` as one self-contained HTML page.

The page is the ``report.html.j2`` template filled with the report, the section views of
:mod:`trtreport.render.sections`, and one JSON document for the page's script: the graph
(nodes, edges, layout, Myelin regions), and per layer what its details panel and the tables
show, the pass events, the findings' layers and the fates of ONNX nodes. That JSON is built
here as :class:`PageData` and embedded once with ``|tojson``.

Size matters (a report of 1,000 layers should stay under 1.5 MB), so every string that repeats
is written once: tensors (named by a producer, its consumers and the edges between them),
kernel names, tensor formats and ONNX node names sit in tables that the rest refers to by
index, fields without a value are left out, and the large tables (layers, tactics, fates,
events) are drawn by the page's script from this JSON rather than stored again as HTML.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TypedDict

from trtreport.model import AutotuneSummary, Binding, EngineLayer, NodeFate, Report, TracedEvent
from trtreport.render.changes import (
    change_notes,
    delta_rows,
    graph_status,
    in_short,
    structural_changes,
)
from trtreport.render.environment import environment
from trtreport.render.figures import memory_rows, message_kinds, timing_rows
from trtreport.render.graph import (
    CHANGE_PALETTE,
    LEGEND_ORDER,
    PALETTE,
    TIME_LABELS,
    TIME_PALETTE,
    TYPE_PALETTE,
    GraphData,
    Swatch,
    TensorTable,
    binding_node_id,
    build_graph,
    category_counts,
    precision_counts,
    type_category,
)
from trtreport.render.sections import (
    FATE_LABELS,
    FATE_ORDER,
    FindingView,
    PassSection,
    binding_order,
    fate_counts,
    finding_views,
    funnel,
    funnel_height,
    glance,
    metric_table,
    pass_sections,
    provenance_summary,
    rule_counts,
    severity_counts,
    top_layers,
)
from trtreport.render.subgraph import Subgraph, subgraphs
from trtreport.textio import MAX_LINE_CHARS

CATEGORIES: tuple[str, ...] = tuple(TYPE_PALETTE)
"""Layer categories of the layer-type view; layers refer to them by index."""


class _TuneCounts(TypedDict):
    """The fields every autotuning summary has."""

    combos: int
    skipped: int
    timed: int


class TuneData(_TuneCounts, total=False):
    """A layer's autotuning summary, for the details panel and the tactics table."""

    best_ms: float
    fastest: str
    """The fastest tactic, when it is not the layer's tactic."""
    line: int
    name: int
    """Index into :attr:`PageData.kernels` of the tactic name, when it is not the kernel."""
    reasons: list[list[int | str]]
    """``[reason, count]`` of skipped tactics; ``reason`` indexes :attr:`PageData.skip_reasons`."""
    runner: str
    """The chosen runner type, when it is not the layer's type."""


class _LayerCore(TypedDict):
    """The fields every layer has on the page."""

    cat: int
    """Index into :data:`CATEGORIES` (the layer-type view)."""
    id: str
    ins: list[int]
    """Indices into :attr:`PageData.tensors`."""
    name: str
    outs: list[int]
    prec: str
    role: int
    """Index into :attr:`PageData.roles`."""
    type: int
    """Index into :attr:`PageData.layer_types`."""


class LayerData(_LayerCore, total=False):
    """What the details panel and the tables show for one engine layer (empties left out)."""

    device: str
    in_prec: str
    """Input precision, when it is not :attr:`prec`."""
    kernel: int
    """Index into :attr:`PageData.kernels`."""
    line: int
    onnx: list[int]
    """Indices into :attr:`PageData.onnx_names` of the ONNX nodes fused into the layer."""
    origin: str
    out_prec: str
    """Output precision, when it is not :attr:`prec`."""
    parts: list[str]
    profiled_as: list[str]
    share: float
    tactic: str
    time: float
    tune: TuneData


class BindingData(TypedDict):
    """What the details panel shows for one input or output binding."""

    direction: str
    dtype: str
    index: int
    name: str
    shape: list[int]


EventData = list[int | str]
"""One pass event: ``[section, line, kind, text, layer]``: the index of its pass in
:attr:`PageData.passes`, its log line, its kind (an index into :attr:`PageData.event_kinds`),
the message, and the node id of the engine layer it ended in (left out when none; the first
four values are always there). A layer's own list of events is not stored: the page gathers it
from this last value. An array,
not an object: logs hold tens of thousands of events. A ``Running: <pass> on <X>`` or
``Removing <X>`` message is stored as ``X`` alone, with the kind ``running*`` / ``remove*``
(the page writes the message back), and ``X`` as its index in :attr:`PageData.onnx_names`
when it is an ONNX node name."""

FateData = list[int | str]
"""What became of one ONNX node: ``[node, op, fate, layer, pass, other, line]``, where
``node`` indexes :attr:`PageData.onnx_names`, ``op`` :attr:`PageData.op_types`, ``fate``
:attr:`PageData.fate_names` and ``pass`` :attr:`PageData.passes` (``-1`` for none; the name
itself when no section has it); ``layer`` is a node id (or ``""``), ``other`` what it was fused
into or duplicated, ``line`` the deciding log line (0 if none). Trailing empty values after
the first three are left out."""


class EventColumns(TypedDict):
    """The pass events as the page stores them: one column per field of :data:`EventData`.

    Logs hold tens of thousands of events (60 % of a large page's bytes when stored as rows),
    so each field is stored the cheapest way: ``sec`` as ``[section, run length, ...]`` pairs,
    ``line`` as the difference to the previous event's line, ``layer`` as ``1 +`` the index of
    the layer in :attr:`PageData.layers` (``0``: none), and a message that names ONNX nodes as
    ``[template, name, ...]``: an index into :attr:`PageData.event_templates` (the message
    with each name replaced by a NUL, U+0000) and per name its index in
    :attr:`PageData.onnx_names`, or ``-1 -`` its index in :attr:`PageData.event_names`.
    The page turns the columns back into :data:`EventData` rows."""

    kind: list[int]
    layer: list[int]
    line: list[int]
    sec: list[int]
    text: list[int | str | list[int]]


class PassData(TypedDict):
    """A pass section, as the details panel links to it."""

    anchor: str
    name: str


SubgraphData = tuple[int, int, list[list[int | str]], list[list[int | str]]]
"""``[width, height, boxes, edges]``: a box is ``[x, y, kind, name, op]`` (``kind`` 0 for a
node, 1 for a Q/DQ, 2 for the engine layer; ``name`` an index into :attr:`PageData.onnx_names`
for a node, the layer's name for the layer; ``op`` its op type, or the layer's type and
precision), an edge ``[x1, y1, x2, y2, color, dtype]`` (a line from the bottom of one box to the
top of the next)."""
_BOX_KINDS = {"node": 0, "qdq": 1, "layer": 2}


def subgraph_data(drawing: Subgraph, tables: _Tables) -> SubgraphData:
    """The page's view of one subgraph drawing: numbers and indices, no markup."""
    boxes: list[list[int | str]] = [
        [
            box.x,
            box.y,
            _BOX_KINDS[box.kind],
            box.name if box.kind == "layer" else tables.onnx[box.name],
            box.op,
        ]
        for box in drawing.boxes
    ]
    edges: list[list[int | str]] = [
        [e.x1, e.y1, e.x2, e.y2, e.color, e.dtype] for e in drawing.edges
    ]
    return (drawing.width, drawing.height, boxes, edges)


class ProvenanceData(TypedDict):
    """What the page needs to find ONNX nodes and tensors and to show what became of them
    (the page script's provenance block reads it)."""

    detail_texts: list[str]
    """Every distinct fate sentence, sorted (``""`` first)."""
    details: list[int]
    """Per row of :attr:`PageData.fates`, the index of its sentence in :attr:`detail_texts`."""
    tensors: list[tuple[str, int]]
    """``[ONNX tensor name, row of PageData.fates of its producer]``, for every tensor a node
    produces: searching a tensor finds the layer that holds its producer."""
    regions: dict[str, list[tuple[str, int]]]
    """Per Myelin region's node id, ``[op type, count]`` of its ONNX nodes, most first."""
    subgraphs: dict[str, SubgraphData]
    """Per layer node id, the drawing of the ONNX subgraph it holds (see :data:`SubgraphData`)."""


class PageData(TypedDict):
    """The one JSON document of the page (``<script id="report-data">``)."""

    bindings: dict[str, BindingData]
    """By node id (``in:<name>`` / ``out:<name>``)."""
    categories: list[str]
    event_kinds: list[str]
    """Every event kind, in order of first appearance; ``*`` marks a shortened message."""
    event_names: list[str]
    """Names in event messages that are not ONNX node names (initializers, tensors), in order
    of first use; a message's name ``n < 0`` is ``event_names[-n - 1]``."""
    event_templates: list[str]
    """Messages of events with the ONNX node names they mention replaced by NUL (U+0000)."""
    events: EventColumns
    """In log order (the order of :attr:`Report.pass_events`)."""
    fate_labels: list[str]
    """Per entry of :attr:`fate_names`, its label."""
    fate_names: list[str]
    fates: list[FateData]
    findings: list[list[str]]
    """Per finding (in the order shown), the node ids of its layers."""
    formats: list[str]
    """Every distinct tensor format, sorted; ``""`` (unknown) first."""
    graph: GraphData
    kernels: list[str]
    """Every distinct kernel or tactic name, sorted; ``""`` (none) first."""
    layer_types: list[str]
    """Every distinct layer type, sorted; ``""`` first."""
    layers: list[LayerData]
    """In engine order."""
    onnx_names: list[str]
    """Every distinct ONNX node name, sorted."""
    op_types: list[str]
    """Every distinct ONNX operator type of the fates table, sorted."""
    passes: list[PassData]
    provenance: ProvenanceData
    roles: list[str]
    """Every distinct layer role, sorted; ``""`` first."""
    skip_reasons: list[str]
    """Every distinct reason a tactic was skipped, sorted; ``""`` first."""
    tensors: list[tuple[str, str, list[int], int]]
    change_notes: dict[str, str]
    """With a baseline: per layer id of this build, what changed since its paired layer (or
    that it is new), for the details panel; empty otherwise."""
    """``[name, dtype, shape, format index]`` per distinct tensor."""


class _Strings:
    """A sorted table of distinct strings, handing out indexes into it."""

    def __init__(self, values: Iterable[str]) -> None:
        self.values = sorted({"", *values})
        self._index = {value: i for i, value in enumerate(self.values)}

    def __getitem__(self, value: str) -> int:
        """The index of ``value`` in the table."""
        return self._index[value]

    def __contains__(self, value: object) -> bool:
        """Whether ``value`` is in the table."""
        return value in self._index

    def get(self, value: str, default: str) -> int | str:
        """The index of ``value``, or ``default`` when the table does not hold it."""
        return self._index.get(value, default)


class _Tables:
    """The shared string tables of one page."""

    def __init__(self, report: Report) -> None:
        layers = report.layers
        self.kernels = _Strings(
            [layer.kernel for layer in layers]
            + [layer.autotune.tactic_name for layer in layers if layer.autotune]
        )
        self.formats = _Strings(
            tensor.format for layer in layers for tensor in (*layer.inputs, *layer.outputs)
        )
        self.onnx = _Strings(
            [name for layer in layers for name in layer.onnx_nodes]
            + [fate.node for fate in report.node_fates]
        )
        self.ops = _Strings(fate.op_type for fate in report.node_fates)
        self.types = _Strings(layer.layer_type for layer in layers)
        self.roles = _Strings(layer.role for layer in layers)
        self.reasons = _Strings(
            reason
            for layer in layers
            if layer.autotune
            for reason, _ in layer.autotune.skip_reasons
        )
        self.tensors = TensorTable()

    def tensor(self, name: str, dtype: str, shape: tuple[int, ...], fmt: str) -> int:
        """The index of a tensor in the page's tensor table."""
        return self.tensors.add(name, dtype, shape, fmt)


def tune_data(summary: AutotuneSummary, layer: EngineLayer, tables: _Tables) -> TuneData:
    """The page's view of a layer's autotuning; what repeats the layer's own tactic, kernel
    or type is left out (the page falls back to the layer's)."""
    tune = TuneData(
        combos=summary.format_combinations,
        timed=summary.tactics_timed,
        skipped=summary.tactics_skipped,
    )
    if summary.best_time_ms is not None:
        tune["best_ms"] = summary.best_time_ms
    if summary.fastest_tactic and summary.fastest_tactic != layer.tactic:
        tune["fastest"] = summary.fastest_tactic
    if summary.tactic_name and summary.tactic_name != layer.kernel:
        tune["name"] = tables.kernels[summary.tactic_name]
    if summary.runner_type and summary.runner_type != layer.layer_type:
        tune["runner"] = summary.runner_type
    if summary.skip_reasons:
        tune["reasons"] = [
            [tables.reasons[reason], count] for reason, count in summary.skip_reasons
        ]
    if summary.first_line:
        tune["line"] = summary.first_line
    return tune


def layer_data(layer: EngineLayer, tables: _Tables) -> LayerData:
    """The page's view of one engine layer (shared strings by index, empty fields left out)."""
    data = LayerData(
        id=layer.id,
        name=layer.name,
        type=tables.types[layer.layer_type],
        role=tables.roles[layer.role],
        cat=CATEGORIES.index(type_category(layer)),
        prec=layer.precision,
        ins=[tables.tensor(t.name, t.dtype, t.shape, t.format) for t in layer.inputs],
        outs=[tables.tensor(t.name, t.dtype, t.shape, t.format) for t in layer.outputs],
    )
    if layer.input_precision != layer.precision:
        data["in_prec"] = layer.input_precision
    if layer.output_precision != layer.precision:
        data["out_prec"] = layer.output_precision
    if layer.kernel:
        data["kernel"] = tables.kernels[layer.kernel]
    if layer.tactic:
        data["tactic"] = layer.tactic
    if layer.onnx_nodes:
        data["onnx"] = [tables.onnx[name] for name in layer.onnx_nodes]
    if layer.origin:
        data["origin"] = layer.origin
    if layer.log_line:
        data["line"] = layer.log_line
    if layer.time_ms is not None:
        data["time"] = layer.time_ms
    if layer.time_share is not None:
        data["share"] = layer.time_share
    if layer.precision_parts:
        data["parts"] = list(layer.precision_parts)
    if layer.device:
        data["device"] = layer.device
    if layer.profiled_as:
        data["profiled_as"] = list(layer.profiled_as)
    if layer.autotune is not None:
        data["tune"] = tune_data(layer.autotune, layer, tables)
    return data


def binding_data(binding: Binding) -> BindingData:
    """The page's view of one binding."""
    return BindingData(
        index=binding.index,
        name=binding.name,
        direction=binding.direction,
        shape=list(binding.shape),
        dtype=binding.dtype,
    )


def _trim(row: list[int | str], keep: int) -> list[int | str]:
    """Drop trailing empty values (``""``, ``0``, ``-1``) of a row, but never its first
    ``keep`` values: those are indices, and ``0`` is a valid index."""
    while len(row) > keep and row[-1] in ("", 0, -1):
        row.pop()
    return row


def fate_data(
    fate: NodeFate, tables: _Tables, fates: list[str], sections: dict[str, int]
) -> FateData:
    """The page's view of one ONNX node's fate."""
    if fate.fate not in fates:
        fates.append(fate.fate)
    section: int | str = sections.get(fate.pass_name, fate.pass_name) if fate.pass_name else -1
    return _trim(
        [
            tables.onnx[fate.node],
            tables.ops[fate.op_type],
            fates.index(fate.fate),
            fate.layer_id,
            section,
            fate.other,
            fate.line,
        ],
        keep=3,
    )


def event_data(traced: TracedEvent, section: int, tables: _Tables, kinds: list[str]) -> EventData:
    """The page's view of one pass event (see :data:`EventData` for the shortened messages)."""
    event = traced.event
    kind = event.kind
    text: int | str = event.text
    for shortened, prefix in (
        ("running", f"Running: {event.pass_name} on "),
        ("remove", "Removing "),
    ):
        if kind == shortened and event.text.startswith(prefix):
            subject = event.text[len(prefix) :]
            text = tables.onnx.get(subject, subject)
            kind = f"{kind}*"
    if kind not in kinds:
        kinds.append(kind)
    return _trim([section, event.line, kinds.index(kind), text, traced.layer_id], keep=4)


def event_columns(
    rows: Sequence[EventData], layer_index: dict[str, int], tables: _EventTables
) -> EventColumns:
    """Store event rows column by column (see :class:`EventColumns`); ``tables`` collects
    the message templates and names in order of first use."""
    columns = EventColumns(kind=[], layer=[], line=[], sec=[], text=[])
    previous_line = 0
    for row in rows:
        section, line, kind, text = int(row[0]), int(row[1]), int(row[2]), row[3]
        if columns["sec"] and columns["sec"][-2] == section:
            columns["sec"][-1] += 1
        else:
            columns["sec"] += [section, 1]
        columns["line"].append(line - previous_line)
        previous_line = line
        columns["kind"].append(kind)
        columns["layer"].append(layer_index.get(str(row[4]), -1) + 1 if len(row) > 4 else 0)
        columns["text"].append(_templated(text, tables))
    return columns


_NAME_LIKE = re.compile(r"[\d./_:]")
"""A word of a message that names something (``Conv_12``, ``layer1.0.conv1.weight``)."""


def _templated(text: int | str, tables: _EventTables) -> int | str | list[int]:
    """A message naming things as ``[template, name, ...]`` (see :class:`EventColumns`)."""
    if not isinstance(text, str) or "\u0000" in text or " " not in text:
        return text
    words = text.split(" ")
    names: list[int] = []
    kept: list[str] = []
    for word in words:
        if word and word in tables.onnx:
            names.append(tables.onnx[word])
        elif _NAME_LIKE.search(word) and not word.endswith(":"):
            names.append(-tables.name(word) - 1)
        else:
            kept.append(word)
            continue
        kept.append("\u0000")
    if not names:
        return text
    return [tables.template(" ".join(kept)), *names]


class _EventTables:
    """The strings the event columns refer to: ONNX names, other names and templates."""

    def __init__(self, onnx: _Strings) -> None:
        self.onnx = onnx
        self.templates: list[str] = []
        self.names: list[str] = []
        self._templates: dict[str, int] = {}
        self._names: dict[str, int] = {}

    def template(self, text: str) -> int:
        """The index of a message template, adding it on first use."""
        found = self._templates.get(text)
        if found is None:
            found = self._templates[text] = len(self.templates)
            self.templates.append(text)
        return found

    def name(self, text: str) -> int:
        """The index of a name that is not an ONNX node's, adding it on first use."""
        found = self._names.get(text)
        if found is None:
            found = self._names[text] = len(self.names)
            self.names.append(text)
        return found


def page_data(
    report: Report,
    sections: Sequence[PassSection],
    event_section: Sequence[int],
    findings: Sequence[FindingView],
    drawings: Iterable[Subgraph] = (),
    changes: Mapping[str, str] | None = None,
) -> PageData:
    """Build the JSON document the page's script reads.

    ``sections`` and ``event_section`` are :func:`pass_sections` of the report's events and
    ``findings`` its :func:`finding_views`: the template shows the same ones, so
    :func:`render_html` computes them once for both.
    """
    tables = _Tables(report)
    layers = [layer_data(layer, tables) for layer in report.layers]
    graph = build_graph(report, tables.tensors, changes)
    kinds: list[str] = []
    rows = [
        event_data(traced, section, tables, kinds)
        for traced, section in zip(report.pass_events, event_section, strict=True)
    ]
    event_tables = _EventTables(tables.onnx)
    layer_index = {layer.id: i for i, layer in enumerate(report.layers)}
    events = event_columns(rows, layer_index, event_tables)
    fate_names = list(FATE_ORDER)
    by_name = {section.name: section.index for section in sections}
    fates = [fate_data(fate, tables, fate_names, by_name) for fate in report.node_fates]
    return PageData(
        change_notes=change_notes(report.comparison) if report.comparison is not None else {},
        graph=graph,
        layers=layers,
        tensors=[
            (name, dtype, list(shape), tables.formats[fmt])
            for name, dtype, shape, fmt in tables.tensors.rows
        ],
        kernels=tables.kernels.values,
        layer_types=tables.types.values,
        roles=tables.roles.values,
        skip_reasons=tables.reasons.values,
        formats=tables.formats.values,
        onnx_names=tables.onnx.values,
        categories=list(CATEGORIES),
        bindings={binding_node_id(b): binding_data(b) for b in report.bindings},
        events=events,
        event_kinds=kinds,
        event_templates=event_tables.templates,
        event_names=event_tables.names,
        passes=[PassData(anchor=s.anchor, name=s.heading) for s in sections],
        findings=[[layer_id for layer_id, _ in view.layers] for view in findings],
        fates=fates,
        fate_names=fate_names,
        fate_labels=[FATE_LABELS.get(name, name) for name in fate_names],
        op_types=tables.ops.values,
        provenance=provenance_data(report, drawings, tables),
    )


def provenance_data(
    report: Report, drawings: Iterable[Subgraph], tables: _Tables
) -> ProvenanceData:
    """The page's provenance block: fate sentences, tensors by producer, regions by op type."""
    row_of = {fate.node: i for i, fate in enumerate(report.node_fates)}
    texts = _Strings(fate.detail for fate in report.node_fates)
    producers = [(t.name, row_of[t.producer]) for t in report.onnx_graph if t.producer in row_of]
    op_of = {fate.node: fate.op_type for fate in report.node_fates}
    regions: dict[str, list[tuple[str, int]]] = {}
    for region in report.regions:
        counts: dict[str, int] = {}
        for name in region.nodes:
            op = op_of.get(name, "?")
            counts[op] = counts.get(op, 0) + 1
        regions[region.layer_id] = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ProvenanceData(
        detail_texts=texts.values,
        details=[texts[fate.detail] for fate in report.node_fates],
        tensors=sorted(producers),
        regions=regions,
        subgraphs={d.layer_id: subgraph_data(d, tables) for d in drawings},
    )


COMPRESS_ABOVE = 1_500_000
"""Page data longer than this (in characters of JSON) is embedded deflated and in base64."""


_ENCODE = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
_BATCH = 2000
"""List items encoded at a time by :func:`_json_pieces`."""


def _json_pieces(value: object, depth: int = 2) -> Iterator[str]:
    """``json.dumps(value, sort_keys=True, separators=(",", ":"))``, byte for byte, in pieces:
    objects (with text keys) and lists down to ``depth`` levels are opened and closed here, a
    list's items encoded :data:`_BATCH` at a time, so that the whole text of a large engine's
    page data is never held at once."""
    if depth and isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
        for i, key in enumerate(sorted(value)):
            yield ("{" if i == 0 else ",") + _ENCODE(key) + ":"
            yield from _json_pieces(value[key], depth - 1)
        yield "}"
    elif depth and isinstance(value, list) and value:
        for start in range(0, len(value), _BATCH):
            yield ("[" if start == 0 else ",") + _ENCODE(value[start : start + _BATCH])[1:-1]
        yield "]"
    else:
        yield _ENCODE(value)


def embedded(data: PageData) -> tuple[PageData | str, str]:
    """The page data as embedded, and its ``data-encoding``: the data itself (``""``), or for
    a large engine its JSON deflated (zlib, level 6) and in base64 (``deflate-base64``), which
    the page inflates with the browser's own ``DecompressionStream``. A 5,000-layer engine's
    data shrinks from ~12 MB to ~3 MB; the bytes are the same for the same inputs and zlib.
    The JSON is deflated as it is encoded, piece by piece (a 20,000-layer engine's is 75 M
    characters, which would otherwise be held twice, as text and as bytes)."""
    pieces = _json_pieces(data)
    head: list[str] = []
    size = 0
    for piece in pieces:
        head.append(piece)
        size += len(piece)
        if size > COMPRESS_ABOVE:
            break
    else:
        return data, ""
    packer = zlib.compressobj(6)
    packed = [packer.compress("".join(head).encode("utf-8"))]
    del head
    packed.extend(packer.compress(piece.encode("utf-8")) for piece in pieces)
    packed.append(packer.flush())
    return base64.b64encode(b"".join(packed)).decode("ascii"), "deflate-base64"


def _role_counts(layers: Iterable[EngineLayer]) -> dict[str, int]:
    """Layers per role."""
    counts: dict[str, int] = {}
    for layer in layers:
        counts[layer.role or "other"] = counts.get(layer.role or "other", 0) + 1
    return counts


def render_html(report: Report) -> str:
    """Return the whole report page for ``report``: one self-contained HTML document.

    A report with a comparison marks the graph's nodes with how each changed since the
    baseline (:func:`~trtreport.render.changes.graph_status`): the page then has a Changes
    view.

    The result depends on ``report`` only (no clock, no randomness), uses ``\\n`` line endings
    and loads nothing from the network.
    """
    template = environment().get_template("report.html.j2")
    palette: list[tuple[str, Swatch]] = [(label, PALETTE[label]) for label in LEGEND_ORDER]
    ops = {node.name: node.op_type for node in report.onnx.nodes} if report.onnx else {}
    sections, event_section = pass_sections(
        report.pass_events,
        ops,
        report.header.tensorrt_version,
        {layer.id: layer.name for layer in report.layers},
    )
    findings = finding_views(report.findings, report.layers)
    drawings = subgraphs(report)
    status = graph_status(report.comparison) if report.comparison is not None else None
    data = page_data(report, sections, event_section, findings, drawings, status)
    payload, encoding = embedded(data)
    bars = funnel(report.stages)
    autotuned = [layer.autotune for layer in report.layers if layer.autotune is not None]
    changes = None
    if report.comparison is not None:
        cmp = report.comparison
        structural = structural_changes(cmp)
        changes = {
            "deltas": delta_rows(cmp),
            "in_short": in_short(cmp),
            "structural": structural,
            "status": status or {},
            "count": len(cmp.precision_changes)
            + len(cmp.layers_added)
            + len(cmp.layers_removed)
            + len(structural)
            + len(cmp.findings_added)
            + len(cmp.findings_resolved),
        }
    return template.render(
        changes=changes,
        report=report,
        header=report.header,
        page_data=payload,
        data_encoding=encoding,
        palette=palette,
        type_palette=list(TYPE_PALETTE.items()),
        time_legend=list(zip(TIME_PALETTE.items(), TIME_LABELS, strict=True)),
        change_palette=list(CHANGE_PALETTE.items()),
        node_labels={node["id"]: node["label"] for node in data["graph"]["nodes"]},
        precision_counts=precision_counts(report.layers),
        category_counts=category_counts(report.layers),
        role_counts=_role_counts(report.layers),
        region_count=sum(1 for group in data["graph"]["tree"] if group["kind"] == "myelin"),
        has_times=any(layer.time_ms is not None for layer in report.layers),
        glance=glance(report),
        findings=findings,
        severities=severity_counts(report.findings),
        finding_rules=rule_counts(report.findings),
        passes=sections,
        funnel=bars,
        funnel_height=funnel_height(bars),
        order=binding_order(report.bindings, report.onnx, report.bindings_source),
        fates=fate_counts(report.node_fates),
        provenance=provenance_summary(report),
        performance=metric_table(report.performance),
        times_table=metric_table(report.times.metrics) if report.times else None,
        top_layers=top_layers(report.layers),
        memory=memory_rows(report.memory),
        timings=timing_rows(report.timings),
        message_kinds=message_kinds(report.messages),
        autotuned=len(autotuned),
        tactics_timed=sum(tune.tactics_timed for tune in autotuned),
        tactics_skipped=sum(tune.tactics_skipped for tune in autotuned),
        application_lines=report.stats.application_lines,
        max_line_chars=MAX_LINE_CHARS,
    )
