"""The ONNX subgraph an engine layer holds, laid out for a small drawing in its details.

The drawing is the "original ops above, fused op below" picture: the ONNX nodes fused into
the layer (without their Constant nodes), in rows by depth inside the subgraph, joined by the
tensors between them, colored by type as the engine graph colors edges (a Q's output is INT8
whatever the importer printed), and the engine layer they became in a box below. The whole
layout (every coordinate and color) is computed here; the page only turns these numbers into
SVG elements, setting names as text, so node names from the model are never markup. Sending
numbers rather than markup keeps a page of thousands of layers small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from trtreport.model import UNKNOWN, EngineLayer, OnnxNode, Report
from trtreport.render.graph import PALETTE

MAX_NODES = 24
"""Layers holding more ONNX nodes (Myelin regions, mostly) get their list by op type only."""
BOX_W = 168
BOX_H = 36
GAP_X = 14
ROW_H = 64
MARGIN = 8
_UNKNOWN_COLOR = "#999999"


@dataclass(frozen=True, slots=True)
class SubgraphBox:
    """One ONNX node (or the engine layer, ``kind == "layer"``) in the drawing."""

    x: int
    y: int
    op: str
    """The node's op type, or for the layer its type and precision."""
    name: str
    """The node's (or the layer's) full name; the page shortens it to fit the box."""
    kind: str
    """``node``, ``qdq`` (a Q or DQ) or ``layer``."""


@dataclass(frozen=True, slots=True)
class SubgraphEdge:
    """A tensor between two boxes: a straight line from the bottom of one to the top of the
    other."""

    x1: int
    y1: int
    x2: int
    y2: int
    color: str
    dtype: str


@dataclass(frozen=True, slots=True)
class Subgraph:
    """The drawing of one engine layer's ONNX subgraph."""

    layer_id: str
    width: int
    height: int
    boxes: tuple[SubgraphBox, ...]
    edges: tuple[SubgraphEdge, ...]


def _color(dtype: str) -> str:
    """The engine graph's color of a tensor type."""
    swatch = PALETTE.get(dtype)
    return swatch.background if swatch is not None else _UNKNOWN_COLOR


def subgraphs(report: Report) -> list[Subgraph]:
    """The drawing of every engine layer that holds two to :data:`MAX_NODES` ONNX nodes the
    graph knows the tensors of, in engine order."""
    if report.onnx is None or not report.onnx_graph:
        return []
    nodes = {node.name: node for node in report.onnx.nodes}
    drawings = []
    for layer in report.layers:
        held = [
            nodes[name]
            for name in layer.onnx_nodes
            if name in nodes and nodes[name].op_type != "Constant"
        ]
        if 2 <= len(held) <= MAX_NODES:
            drawings.append(_layout(layer, held))
    return drawings


def _layout(layer: EngineLayer, held: Sequence[OnnxNode]) -> Subgraph:
    """Rows by depth (longest path from the subgraph's sources), the layer's box below."""
    producer = {t.name: n.name for n in held for t in n.outputs}
    depth: dict[str, int] = {}
    for node in held:  # import order is topological
        parents = [producer[t.name] for t in node.inputs if t.name in producer]
        depth[node.name] = 1 + max((depth.get(p, 0) for p in parents), default=-1)
    # A source sits just above its first consumer, so that its edge does not cross a row.
    for node in reversed(held):
        outputs = {o.name for o in node.outputs}
        below = [depth[c.name] for c in held if any(t.name in outputs for t in c.inputs)]
        if below and not any(t.name in producer for t in node.inputs):
            depth[node.name] = max(depth[node.name], min(below) - 1)
    rows: dict[int, list[OnnxNode]] = {}
    for node in held:
        rows.setdefault(depth[node.name], []).append(node)
    widest = max(len(row) for row in rows.values())
    width = max(widest * (BOX_W + GAP_X) - GAP_X, BOX_W) + 2 * MARGIN
    at: dict[str, tuple[int, int]] = {}
    boxes: list[SubgraphBox] = []
    for level in sorted(rows):
        row = rows[level]
        span = len(row) * (BOX_W + GAP_X) - GAP_X
        x = (width - span) // 2
        y = MARGIN + level * ROW_H
        for node in row:
            at[node.name] = (x, y)
            kind = "qdq" if node.op_type in ("QuantizeLinear", "DequantizeLinear") else "node"
            boxes.append(SubgraphBox(x=x, y=y, op=node.op_type, name=node.name, kind=kind))
            x += BOX_W + GAP_X
    layer_y = MARGIN + (max(rows) + 1) * ROW_H + 8
    layer_x = (width - BOX_W) // 2
    boxes.append(
        SubgraphBox(
            x=layer_x,
            y=layer_y,
            op=f"{layer.layer_type or layer.role} · {layer.precision}",
            name=layer.name,
            kind="layer",
        )
    )
    edges: list[SubgraphEdge] = []
    consumed: set[str] = set()
    for node in held:
        for tensor in node.inputs:
            source = producer.get(tensor.name)
            if source is None:
                continue
            consumed.add(source)
            dtype = _tensor_type(source, held, tensor.dtype)
            x1, y1 = at[source]
            x2, y2 = at[node.name]
            edges.append(
                SubgraphEdge(
                    x1=x1 + BOX_W // 2,
                    y1=y1 + BOX_H,
                    x2=x2 + BOX_W // 2,
                    y2=y2,
                    color=_color(dtype),
                    dtype=dtype,
                )
            )
    for node in held:
        if node.name in consumed:
            continue
        x1, y1 = at[node.name]
        dtype = _tensor_type(node.name, held, node.outputs[0].dtype if node.outputs else UNKNOWN)
        edges.append(
            SubgraphEdge(
                x1=x1 + BOX_W // 2,
                y1=y1 + BOX_H,
                x2=layer_x + BOX_W // 2,
                y2=layer_y,
                color=_color(dtype),
                dtype=dtype,
            )
        )
    return Subgraph(
        layer_id=layer.id,
        width=width,
        height=layer_y + BOX_H + MARGIN,
        boxes=tuple(boxes),
        edges=tuple(edges),
    )


def _tensor_type(producer: str, held: Sequence[OnnxNode], printed: str) -> str:
    """The type a tensor has in the quantized graph: INT8 out of a QuantizeLinear (TensorRT 8
    prints the importer's FLOAT for it), else what the importer printed."""
    for node in held:
        if node.name == producer and node.op_type == "QuantizeLinear":
            return "INT8"
    return printed
