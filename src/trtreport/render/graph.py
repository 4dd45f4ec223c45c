"""The engine graph as data for vis-network: nodes, edges, colors and a fixed layout.

Node and edge records are pyvis's (shaped as its ``Node`` and ``Edge`` classes shape them,
filed as ``Network.add_node`` / ``add_edge`` would, without their quadratic duplicate scans, by
:mod:`trtreport.render.visnetwork`, which does not import pyvis); we never let pyvis write a
page, because its pages load scripts from a CDN. Positions are computed
here, not by vis-network's physics at open: a layered layout (layer = longest path from the
inputs, order within a layer by a few barycenter sweeps) with fixed spacing, so a 5,000-layer
engine opens fast and the same report always gives the same coordinates.

Colors follow the Okabe–Ito palette, which stays distinguishable under the common forms of
color blindness; the precision is written in every label too, so color never carries it alone.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from trtreport.components import connected_groups
from trtreport.layertypes import CONVOLUTION_FRAGMENTS, GEMM_FRAGMENTS, reformat_side
from trtreport.model import MIXED, PRECISIONS, UNKNOWN, Binding, Edge, EngineLayer, Report
from trtreport.render.overview import (
    GroupData,
    distinct_labels,
    group_tree,
    lay_out_groups,
    name_path,
)
from trtreport.render.regions import RegionData, region_data
from trtreport.render.text import visible
from trtreport.render.visnetwork import NodeTable, edge_record, node_record

X_SPACING = 230
"""Horizontal distance between neighbouring nodes of one row, in vis-network units."""
Y_SPACING = 90
"""Vertical distance between rows."""
MAX_ROW = 12
"""A layer of the layout wider than this wraps onto several rows."""
ISOLATED_ROW = 10
"""Nodes without any edge are laid out in a grid of this width below the graph."""
LABEL_CHARS = 26
"""Longest node label line; longer layer names are shortened in the middle."""
SWEEPS = 3
"""Barycenter sweeps (each one down and one up) that order the nodes within a layer."""
SMOOTH_EDGE_LIMIT = 1500
"""Above this many edges, edges are drawn straight: curves cost too much to draw."""


@dataclass(frozen=True, slots=True)
class Swatch:
    """How one precision is drawn: fill, label color, and the border when selected."""

    background: str
    font: str
    highlight_border: str = "#000000"


PALETTE: dict[str, Swatch] = {
    "FP32": Swatch("#0072B2", "#FFFFFF"),
    "TF32": Swatch("#56B4E9", "#000000"),
    "FP16": Swatch("#E69F00", "#000000"),
    "BF16": Swatch("#CC79A7", "#000000"),
    "FP8": Swatch("#D55E00", "#000000"),
    "INT8": Swatch("#009E73", "#000000"),
    "INT4": Swatch("#F0E442", "#000000"),
    "FP4": Swatch("#F0E442", "#000000"),
    "INT32": Swatch("#999999", "#000000"),
    "INT64": Swatch("#999999", "#000000"),
    "UINT8": Swatch("#999999", "#000000"),
    "BOOL": Swatch("#999999", "#000000"),
    MIXED: Swatch("#FFFFFF", "#5C2D91"),
    UNKNOWN: Swatch("#DDDDDD", "#000000"),
}
"""Okabe–Ito colors per precision label (see :data:`trtreport.model.PRECISIONS`).

"mixed" (a layer or group of several precisions) is white with a violet label and border:
unlike every precision's fill, and unlike the selection's black border."""

TIME_PALETTE: dict[str, Swatch] = {
    "s:0": Swatch("#F2F2F2", "#555555"),
    "s:1": Swatch("#FFF7BC", "#000000"),
    "s:2": Swatch("#FEE391", "#000000"),
    "s:3": Swatch("#FEC44F", "#000000"),
    "s:4": Swatch("#EC7014", "#000000"),
    "s:5": Swatch("#993404", "#FFFFFF"),
}
"""The time-share view: no time, then layers (or groups) taking at least 0, 0.3, 1, 3 and
10 % of the engine's time (ColorBrewer's YlOrBr, a single-hue scale readable in grey)."""

TIME_LABELS: tuple[str, ...] = ("no time", "< 0.3 %", "0.3–1 %", "1–3 %", "3–10 %", "≥ 10 %")

CHANGE_PALETTE: dict[str, Swatch] = {
    "c:added": Swatch("#117733", "#FFFFFF"),
    "c:changed": Swatch("#DDAA33", "#000000"),
    "c:precision": Swatch("#AA3377", "#FFFFFF"),
    "c:other": Swatch("#4477AA", "#FFFFFF"),
    "c:none": Swatch("#EEEEEE", "#777777"),
}
"""The Changes view: a node's ``change`` status (see :attr:`VisNode`), other statuses as
``c:other``, and unchanged nodes in grey."""

LEGEND_ORDER: tuple[str, ...] = (*PRECISIONS, MIXED, UNKNOWN)
"""The order in which legends and counts list precisions."""

TYPE_PALETTE: dict[str, Swatch] = {
    "Convolution": Swatch("#332288", "#FFFFFF"),
    "MatMul": Swatch("#88CCEE", "#000000"),
    "Pointwise": Swatch("#DDCC77", "#000000"),
    "Pooling / reduce": Swatch("#44AA99", "#000000"),
    "Data movement": Swatch("#999933", "#000000"),
    "Reformat": Swatch("#CC6677", "#000000"),
    "Q/DQ": Swatch("#882255", "#FFFFFF"),
    "Myelin": Swatch("#AA4499", "#FFFFFF"),
    "Constant": Swatch("#DDDDDD", "#000000"),
    "Other": Swatch("#117733", "#FFFFFF"),
}
"""Paul Tol's "muted" scheme (color-blind safe) per layer category, for the layer-type view.

Its vis-network groups are named ``t:<category>``; the category is also written in the
node's label in that view, so color is never the only carrier."""

_TYPE_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Convolution", CONVOLUTION_FRAGMENTS),
    ("MatMul", GEMM_FRAGMENTS),
    ("Pooling / reduce", ("pool", "reduce")),
    ("Pointwise", ("pointwise", "elementwise", "activation", "scale", "unary", "pwn")),
    ("Data movement", ("concat", "slice", "gather", "shuffle", "resize", "pad", "copy", "split")),
    ("Constant", ("constant",)),
)
_ROLE_CATEGORY = {
    "reformat": "Reformat",
    "qdq": "Q/DQ",
    "myelin": "Myelin",
    "constant": "Constant",
    "shuffle": "Data movement",
}


def type_category(layer: EngineLayer) -> str:
    """The category (a :data:`TYPE_PALETTE` key) of a layer in the layer-type view.

    The role decides first (Reformat, Q/DQ, Myelin, constant, shuffle); otherwise keywords of
    TensorRT's layer type (``CaskConvolution`` → Convolution, ``PointWiseV2`` → Pointwise).
    """
    by_role = _ROLE_CATEGORY.get(layer.role)
    if by_role:
        return by_role
    lowered = layer.layer_type.lower()
    for category, keywords in _TYPE_KEYWORDS:
        if any(word in lowered for word in keywords):
            return category
    return "Other"


class VisFont(TypedDict):
    """vis-network's ``font`` option of a group."""

    color: str


class VisHighlight(TypedDict):
    """Colors of a selected node."""

    background: str
    border: str


class VisColor(TypedDict):
    """vis-network's ``color`` option of a group."""

    background: str
    border: str
    highlight: VisHighlight
    hover: VisHighlight


class VisGroup(TypedDict):
    """Styling shared by every node of one precision (vis-network ``groups``)."""

    color: VisColor
    font: VisFont


class _VisNodeCore(TypedDict):
    """The fields every node has."""

    group: str
    id: str
    label: str
    """The distinct label (:func:`trtreport.render.overview.distinct_labels`)."""


class VisNode(_VisNodeCore, total=False):
    """One node as vis-network reads it; its details live in the page data by ``id``.

    Layers are drawn as boxes and bindings as ovals: the page tells them apart by ``id``. The
    page computes positions from the overview's rows (:attr:`GraphData.tree`) and writes the
    precision under the label itself."""

    change: str
    """What a comparison with another build says of the node (``added``, ``changed``,
    ``precision``, or any other short word), when the caller gave one: the page then offers
    its Changes view. Left out for unchanged nodes and when there is no comparison."""


VisEdge = TypedDict("VisEdge", {"from": str, "t": int, "to": str})
"""One edge: tensor ``t`` (an index into :attr:`TensorTable.rows`) from ``from`` to ``to``.

Its color (the tensor's type) and its tooltip (name, type, shape) are derived by the page."""


class GraphData(TypedDict):
    """Everything the page needs to draw the graph."""

    edges: list[VisEdge]
    groups: dict[str, VisGroup]
    nodes: list[VisNode]
    regions: list[RegionData]
    """The Myelin regions the page can open into their ONNX nodes
    (:mod:`trtreport.render.regions`)."""
    region_types: list[str]
    """The tensor types :attr:`RegionData.edges` refer to, in order of first use."""
    smooth: bool
    tree: list[GroupData]
    """The overview's groups (group 0 is the whole graph), each with its children in rows."""


TensorRow = tuple[str, str, tuple[int, ...], str]
"""``(name, dtype, shape, format)`` of one distinct tensor."""


class TensorTable:
    """Every distinct tensor of the page, stored once and referred to by index.

    A tensor is named by its producer's outputs, its consumers' inputs and the edges between
    them; the page keeps one row per distinct ``(name, dtype, shape, format)`` and the rest
    refers to it, which makes the page much smaller for large engines.
    """

    def __init__(self) -> None:
        self.rows: list[TensorRow] = []
        self._index: dict[TensorRow, int] = {}
        self._loose: dict[tuple[str, str, tuple[int, ...]], int] = {}

    def add(self, name: str, dtype: str, shape: tuple[int, ...], fmt: str) -> int:
        """The index of a tensor, adding it on first sight."""
        key = (name, dtype, tuple(shape), fmt)
        found = self._index.get(key)
        if found is None:
            found = len(self.rows)
            self.rows.append(key)
            self._index[key] = found
            self._loose.setdefault(key[:3], found)
        return found

    def edge_tensor(self, edge: Edge) -> int:
        """The row of an edge's tensor: one a layer named with the same type and shape, or new."""
        found = self._loose.get((edge.tensor, edge.dtype, tuple(edge.shape)))
        if found is not None:
            return found
        return self.add(edge.tensor, edge.dtype, edge.shape, "")


def vis_groups() -> dict[str, VisGroup]:
    """vis-network ``groups``: one per precision, per layer category (``t:<name>``), per
    time-share bin (``s:<n>``) and per change status (``c:<status>``)."""
    groups: dict[str, VisGroup] = {}
    swatches = [
        *PALETTE.items(),
        *((f"t:{k}", v) for k, v in TYPE_PALETTE.items()),
        *TIME_PALETTE.items(),
        *CHANGE_PALETTE.items(),
    ]
    for label, swatch in swatches:
        border = "#5C2D91" if label == MIXED else _darker(swatch.background)
        groups[label] = VisGroup(
            color=VisColor(
                background=swatch.background,
                border=border,
                highlight=VisHighlight(
                    background=swatch.background, border=swatch.highlight_border
                ),
                hover=VisHighlight(background=swatch.background, border=swatch.highlight_border),
            ),
            font=VisFont(color=swatch.font),
        )
    return groups


def _darker(color: str) -> str:
    """The same color at 75 % brightness, for node borders."""
    channels = [int(color[i : i + 2], 16) * 3 // 4 for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02X}" for c in channels)


def shorten(name: str, limit: int = LABEL_CHARS) -> str:
    """Shorten a layer name for a node label; the full name is in the details panel.

    Fused layers (``a/weight + QuantizeLinear + a/Conv + ...``) are named after their first
    part that is not a weight, a bias or a Q/DQ node, with ``+N`` for the other parts; a
    Reformat after the layer it feeds; an ONNX path keeps its last segments.

    >>> shorten("/m.0/conv/weight + QuantizeLinear_7 + /m.0/conv/Conv + PWN(/m.0/act/Mul)")
    '/m.0/conv/Conv +3'
    >>> shorten("Reformatting CopyNode for Input Tensor 0 to /backbone/layer1/conv1/Conv")
    'Reformat → …/conv1/Conv'
    >>> shorten("fc.weight + QuantizeLinear_309 + transpose_before_Gemm_311 + Gemm_311 + fc.bias")
    'Gemm_311 +4'
    """
    text = " ".join(visible(name).split())
    prefix = ""
    copy = reformat_side(text)
    if copy is not None:
        prefix = "Reformat → "
        text = copy[1]
    parts = text.split(" + ")
    suffix = f" +{len(parts) - 1}" if len(parts) > 1 else ""
    main = next((part for part in parts if not _is_plumbing(part)), parts[0])
    room = max(limit - len(prefix) - len(suffix), 8)
    return prefix + _fit(main, room) + suffix


_BUILDER_PREFIXES = (
    "transpose_before_",
    "reshape_before_",
    "reshape_after_",
    "unsqueeze_node_after_",
    "squeeze_after_",
    "copied_squeeze_after_",
    "(unnamed layer*",
    "onnxtrt_",
)
"""Names the ONNX parser and builder give the helper layers they insert around a node."""


def _is_plumbing(part: str) -> bool:
    """Whether one part of a fused name is a weight, a bias, a Q/DQ or a builder helper."""
    lowered = part.lower()
    return (
        "quantizelinear" in lowered
        or lowered.endswith(("weight", "bias"))
        or lowered.startswith(("onnx::", "constant"))
        or lowered.startswith(_BUILDER_PREFIXES)
    )


def _fit(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters: whole trailing path segments when it is a path
    (``…/conv1/Conv``), else an ellipsis in the middle."""
    if len(text) <= limit:
        return text
    if "/" in text:
        tail = ""
        for segment in reversed(text.split("/")):
            candidate = f"/{segment}{tail}"
            if len(candidate) + 1 > limit:
                break
            tail = candidate
        if tail:
            return f"…{tail}"
    head = (limit - 1) // 2
    return f"{text[:head]}…{text[len(text) - (limit - 1 - head) :]}"


def layer_label(layer: EngineLayer) -> str:
    """The two-line label of a layer node: short name, then its precision(s)."""
    precision = layer.precision
    if layer.output_precision not in {"", layer.precision}:
        precision = f"{layer.precision} → {layer.output_precision}"
    return f"{shorten(layer.name)}\n{precision}"


def binding_label(binding: Binding) -> str:
    """The label of an input or output binding node."""
    return f"{binding.direction}: {shorten(binding.name, LABEL_CHARS - 8)}\n{binding.dtype}"


def binding_node_id(binding: Binding) -> str:
    """The graph id of a binding: ``in:<name>`` or ``out:<name>``."""
    prefix = "in" if binding.direction == "input" else "out"
    return f"{prefix}:{binding.name}"


def _format_shape(shape: Sequence[int]) -> str:
    """``1x3x224x224``, with ``?`` for dynamic dimensions."""
    return "x".join("?" if dim < 0 else str(dim) for dim in shape)


@dataclass(slots=True)
class _NodeSpec:
    """A node before layout: its vis-network fields, and where it sits in the overview."""

    id: str
    label: str
    group: str
    path: tuple[str, ...] = ()
    separator: str = "/"
    group_key: str | None = None
    """Set for layers (bindings and stray ends stay at the top level)."""


def main_part(name: str) -> str:
    """The part of a (fused) layer name that names the layer: its first part that is not a
    weight, a bias, a Q/DQ node or a builder helper; a Reformat copy as ``Reformat → X``.

    >>> main_part("/m.0/conv/weight + QuantizeLinear_7 + /m.0/conv/Conv + PWN(/m.0/act/Mul)")
    '/m.0/conv/Conv'
    """
    text = " ".join(visible(name).split())
    copy = reformat_side(text)
    if copy is not None:
        return f"Reformat → {copy[1]}"
    parts = text.split(" + ")
    return next((part for part in parts if not _is_plumbing(part)), parts[0])


def _node_specs(report: Report) -> list[_NodeSpec]:
    """Every node in drawing order: input bindings, layers, output bindings, stray ends."""
    inputs = [b for b in report.bindings if b.direction == "input"]
    outputs = [b for b in report.bindings if b.direction != "input"]
    labels = distinct_labels(
        [layer.name for layer in report.layers],
        ["Myelin" if layer.role == "myelin" else layer.layer_type for layer in report.layers],
        main_part,
    )
    specs = [_NodeSpec(binding_node_id(b), binding_label(b), _group(b.dtype)) for b in inputs]
    for layer, label in zip(report.layers, labels, strict=True):
        path = name_path(layer.name)
        separator = "/" if "/" in layer.name else "."
        specs.append(_NodeSpec(layer.id, label, _group(layer.precision), path, separator, layer.id))
    specs += [_NodeSpec(binding_node_id(b), binding_label(b), _group(b.dtype)) for b in outputs]
    known = {spec.id for spec in specs}
    # An edge may name an end the report has no record of; draw it rather than drop the edge.
    for end in sorted({e for edge in report.edges for e in (edge.source, edge.target)} - known):
        specs.append(_NodeSpec(end, _fit(end, LABEL_CHARS), UNKNOWN))
    return _unique(specs)


def _unique(specs: Iterable[_NodeSpec]) -> list[_NodeSpec]:
    """Drop later nodes whose id repeats an earlier one (duplicate binding names)."""
    seen: set[str] = set()
    unique = []
    for spec in specs:
        if spec.id not in seen:
            seen.add(spec.id)
            unique.append(spec)
    return unique


def _group(precision: str) -> str:
    """The vis-network group of a precision label (its own, or ``unknown``)."""
    return precision if precision in PALETTE else UNKNOWN


def layered_rows(node_ids: Sequence[str], links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """Order nodes top-down into rows; the rows of the layered layout, wrapped at
    :data:`MAX_ROW`, with nodes without any edge in rows of :data:`ISOLATED_ROW` at the end.

    ``node_ids`` gives the tie-breaking order; ``links`` are ``(source, target)`` pairs. Cycles
    are tolerated (a node on a cycle is placed below whichever of its producers came first).
    """
    order = {node: i for i, node in enumerate(node_ids)}
    preds: dict[str, set[str]] = {node: set() for node in node_ids}
    succs: dict[str, set[str]] = {node: set() for node in node_ids}
    for source, target in links:
        if source != target and source in order and target in order:
            preds[target].add(source)
            succs[source].add(target)

    connected = [n for n in node_ids if preds[n] or succs[n]]
    isolated = [n for n in node_ids if not (preds[n] or succs[n])]
    rank = _ranks(connected, order, preds, succs)

    rows: list[list[str]] = [[] for _ in range(max(rank.values(), default=-1) + 1)]
    for node in connected:
        rows[rank[node]].append(node)
    rows = [row for row in rows if row]
    _order_rows(rows, preds, succs)
    wrapped = [
        row[start : start + MAX_ROW] for row in rows for start in range(0, len(row), MAX_ROW)
    ]
    wrapped += [
        isolated[start : start + ISOLATED_ROW] for start in range(0, len(isolated), ISOLATED_ROW)
    ]
    return wrapped


def layout(node_ids: Sequence[str], links: Iterable[tuple[str, str]]) -> dict[str, tuple[int, int]]:
    """Place nodes top-down in layers (:func:`layered_rows`); return ``{id: (x, y)}`` in
    vis-network units."""
    positions: dict[str, tuple[int, int]] = {}
    for number, row in enumerate(layered_rows(node_ids, links)):
        _place_row(row, number * Y_SPACING, positions)
    return positions


def _ranks(
    nodes: Sequence[str],
    order: dict[str, int],
    preds: dict[str, set[str]],
    succs: dict[str, set[str]],
) -> dict[str, int]:
    """Longest-path layer of each node (Kahn's algorithm, ties by ``order``; cycles broken)."""
    waiting = {node: len(preds[node]) for node in nodes}
    rank: dict[str, int] = {}
    ready = [(order[n], n) for n in nodes if waiting[n] == 0]
    heapq.heapify(ready)
    pending = sorted(nodes, key=order.__getitem__)
    cursor = 0
    while len(rank) < len(nodes):
        if not ready:
            # Every remaining node waits on a cycle: release the earliest one.
            while pending[cursor] in rank:
                cursor += 1
            heapq.heappush(ready, (order[pending[cursor]], pending[cursor]))
        _, node = heapq.heappop(ready)
        if node in rank:
            continue
        rank[node] = 1 + max((rank[p] for p in preds[node] if p in rank), default=-1)
        for succ in sorted(succs[node], key=order.__getitem__):
            waiting[succ] -= 1
            if waiting[succ] == 0 and succ not in rank:
                heapq.heappush(ready, (order[succ], succ))
    # A source that is not a graph input (a constant, a shape tensor) sits just above its
    # first consumer rather than in the top row, where its edge would cross the whole graph.
    for node in nodes:
        if not preds[node] and succs[node] and not node.startswith("in:"):
            rank[node] = max(min(rank[s] for s in succs[node]) - 1, 0)
    return rank


def _order_rows(
    rows: list[list[str]], preds: dict[str, set[str]], succs: dict[str, set[str]]
) -> None:
    """Reorder each row in place by the mean position of its neighbours (barycenter sweeps)."""
    position: dict[str, float] = {}

    def place(row: list[str]) -> None:
        """Record centered positions of one row."""
        middle = (len(row) - 1) / 2
        for i, node in enumerate(row):
            position[node] = i - middle

    for row in rows:
        place(row)
    for _ in range(SWEEPS):
        for neighbours, sequence in ((preds, rows), (succs, rows[::-1])):
            for row in sequence:
                keyed = []
                for i, node in enumerate(row):
                    # Sorted, so the float sum does not depend on set (hash) order.
                    near = sorted(position[n] for n in neighbours[node] if n in position)
                    centre = sum(near) / len(near) if near else position[node]
                    keyed.append((centre, i, node))
                keyed.sort()
                row[:] = [node for _, _, node in keyed]
                place(row)


def _place_row(row: Sequence[str], y: int, positions: dict[str, tuple[int, int]]) -> None:
    """Give the nodes of one row evenly spaced x around 0."""
    middle = (len(row) - 1) / 2
    for i, node in enumerate(row):
        positions[node] = (round((i - middle) * X_SPACING), y)


def add_nodes(net: NodeTable, specs: Iterable[_NodeSpec]) -> None:
    """File the nodes on ``net`` exactly as pyvis's ``Network.add_node`` would, in linear time.

    ``add_node`` looks for a repeated id with a scan of its id list, which makes adding n
    nodes quadratic (~0.3 s at 5,000 nodes). This builds the same record as ``pyvis.node.Node``
    and files it in the same three places (``nodes``, ``node_ids``, ``node_map``), with the
    repeat check (a repeated id is ignored, as ``add_node`` ignores it) done by dict lookup.
    """
    for spec in specs:
        if spec.id in net.node_map:
            continue
        record = node_record(
            spec.id,
            "box",
            label=spec.label or spec.id,
            font_color=net.font_color,
            group=spec.group,
        )
        net.nodes.append(record)
        net.node_ids.append(spec.id)
        net.node_map[spec.id] = record


def _inherit_paths(specs: list[_NodeSpec], links: Sequence[tuple[int, int]]) -> None:
    """Give a layer whose name has no module path (``MaxPool_14``, ``Relu_5``) the path of
    its first producer whose own name has one, else of such a consumer: it sits with its
    block. One hop only, so a pathless head does not sink into the last block."""
    preds: list[list[int]] = [[] for _ in specs]
    succs: list[list[int]] = [[] for _ in specs]
    for source, target in links:
        preds[target].append(source)
        succs[source].append(target)
    own = [bool(spec.path) for spec in specs]
    for i, spec in enumerate(specs):
        if own[i] or spec.group_key is None:
            continue
        for other in [*sorted(preds[i]), *sorted(succs[i])]:
            if own[other]:
                spec.path = specs[other].path
                spec.separator = specs[other].separator
                break


def build_graph(
    report: Report, tensors: TensorTable | None = None, changes: Mapping[str, str] | None = None
) -> GraphData:
    """Build the graph of ``report`` with pyvis, group and lay it out, return it as page data.

    ``tensors`` is the page's tensor table (edges refer to its rows); a private one is used
    when the caller has none. ``changes`` maps node ids to their change status (see
    :attr:`VisNode.change`); ids the graph does not have are ignored.
    """
    table = tensors if tensors is not None else TensorTable()
    specs = _node_specs(report)

    net = NodeTable()
    add_nodes(net, specs)
    known = set(net.node_map)
    for edge in report.edges:
        if edge.source not in known or edge.target not in known:
            continue
        # pyvis's add_edge scans the node list per edge (quadratic on large engines); the
        # directed graph needs none of its duplicate checks, so its Edge record is used as is.
        net.edges.append(edge_record(edge.source, edge.target, True, t=table.edge_tensor(edge)))

    nodes = [_vis_node(options) for options in net.nodes]
    for node in nodes:
        status = (changes or {}).get(node["id"], "")
        if status:
            node["change"] = status
    edges = [_vis_edge(options) for options in net.edges]
    index = {node["id"]: i for i, node in enumerate(nodes)}
    links = [(index[edge["from"]], index[edge["to"]]) for edge in edges]
    _inherit_paths(specs, links)
    myelin = [[index[m] for m in region] for region in myelin_regions(report)]
    tree = group_tree([spec.path for spec in specs], myelin, [spec.separator for spec in specs])
    lay_out_groups(tree, len(nodes), links, layered_rows)
    region_types: list[str] = []
    regions = region_data(report, index, table.edge_tensor, region_types, layered_rows)
    return GraphData(
        nodes=nodes,
        edges=edges,
        groups=vis_groups(),
        tree=tree,
        regions=regions,
        region_types=region_types,
        smooth=len(edges) <= SMOOTH_EDGE_LIMIT,
    )


def myelin_regions(report: Report) -> list[list[str]]:
    """Groups of two or more Myelin layers joined by edges (node ids, in engine order).

    TensorRT 10 lists a Myelin graph as many ``__myl_*`` layers; the overview draws each such
    group as one node until it is opened.
    """
    myelin = {layer.id for layer in report.layers if layer.role == "myelin"}
    ordered = [layer.id for layer in report.layers if layer.id in myelin]
    groups = connected_groups(ordered, ((edge.source, edge.target) for edge in report.edges))
    return [group for group in groups if len(group) >= 2]


def _vis_node(options: dict[str, Any]) -> VisNode:
    """Keep the fields of a pyvis node record that the page reads."""
    return VisNode(
        id=str(options["id"]),
        label=str(options["label"]),
        group=str(options["group"]),
    )


def _vis_edge(options: dict[str, Any]) -> VisEdge:
    """Keep the fields of a pyvis edge record that the page reads (arrows are global)."""
    return VisEdge({"from": str(options["from"]), "to": str(options["to"]), "t": int(options["t"])})


def precision_counts(layers: Iterable[EngineLayer]) -> list[tuple[str, int]]:
    """``(precision, layers)`` for each precision present, in legend order."""
    counts: dict[str, int] = {}
    for layer in layers:
        key = layer.precision if layer.precision in PALETTE else UNKNOWN
        counts[key] = counts.get(key, 0) + 1
    return [(label, counts[label]) for label in LEGEND_ORDER if label in counts]


def category_counts(layers: Iterable[EngineLayer]) -> list[tuple[str, int]]:
    """``(category, layers)`` for each layer category present, in :data:`TYPE_PALETTE` order."""
    counts: dict[str, int] = {}
    for layer in layers:
        category = type_category(layer)
        counts[category] = counts.get(category, 0) + 1
    return [(label, counts[label]) for label in TYPE_PALETTE if label in counts]
