"""What the engine graph needs to open a Myelin region into the ONNX nodes it swallowed.

A ``{ForeignNode[A...B]}`` engine layer holds the ONNX nodes that provenance assigned to it
(:attr:`trtreport.model.Report.regions`); the page can replace the region's node by them in
place. For that it needs, per region and as compact arrays of numbers (a transformer's region
holds thousands of nodes):

* the nodes it draws, as rows of :attr:`PageData.fates` (which name the node and its op type),
  already ordered into the rows of the layered layout
  (:func:`trtreport.render.graph.layered_rows`), so the page only turns rows into
  coordinates, and only for a region that is opened;
* the tensors between them (``[from, to, type]``, by position in that list);
* its boundary: per tensor of an engine edge into (out of) the region, the nodes inside that
  consume (produce) it. The engine's tensor is matched to the ONNX tensor of the same name;
  a tensor the builder renamed (a Reformat's copy) is joined to the region's nodes that read
  (write) an ONNX tensor from (for) outside that no engine tensor matched, and marked so.

Constant nodes are left out (their tensors are weights), and a region of more than
:data:`MAX_DRAWN` other nodes sends its first ones in import order; the page says how many
it draws of how many, and the details panel keeps the whole list by op type.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypedDict

from trtreport.model import UNKNOWN, Edge, OnnxNode, Report

MAX_DRAWN = 2500
"""Most ONNX nodes a region opens into; a larger region draws its first ones."""

RowsOf = Callable[[Sequence[str], Iterable[tuple[str, str]]], list[list[str]]]
"""A layered layout: node keys and ``(source, target)`` links to rows of keys."""


class RegionData(TypedDict):
    """One Myelin region the page can open, as numbers (see the module docstring)."""

    node: int
    """The region's index in :attr:`GraphData.nodes`."""
    fates: list[int]
    """Rows of :attr:`PageData.fates` of the nodes drawn, row after row of the layout."""
    rows: list[int]
    """How many of :attr:`fates` each row of the layout takes, top to bottom."""
    edges: list[int]
    """``from, to, type`` triples: positions in :attr:`fates` and an index into
    :attr:`GraphData.region_types` (a Q's output is INT8, as in the subgraph drawings)."""
    ins: list[list[int]]
    """Per engine tensor into the region: ``[tensor, exact, node, ...]``, where ``tensor``
    indexes :attr:`PageData.tensors`, ``exact`` is 1 when an ONNX tensor of that name is read
    inside, 0 when the nodes are the region's unmatched entries, and ``node`` a position in
    :attr:`fates`."""
    outs: list[list[int]]
    """The same for engine tensors out of the region (the nodes that write them)."""
    total: int
    """ONNX nodes of the region, Constant nodes included."""
    constants: int
    """Constant nodes among them (not drawn)."""


def region_data(
    report: Report,
    node_index: dict[str, int],
    tensor_of: Callable[[Edge], int],
    types: list[str],
    rows_of: RowsOf,
) -> list[RegionData]:
    """The openable regions of ``report`` (those with two or more nodes to draw), in engine
    order. ``node_index`` maps graph node ids to their index, ``tensor_of`` gives an edge's row
    of the page's tensor table, ``types`` collects the tensor types edges refer to."""
    if not report.regions or report.onnx is None:
        return []
    fate_row = {fate.node: i for i, fate in enumerate(report.node_fates)}
    onnx = {node.name: node for node in report.onnx.nodes}
    producer_of = {t.name: t.producer for t in report.onnx_graph}
    consumers_of = {t.name: t.consumers for t in report.onnx_graph}
    inputs = {t.name for t in report.onnx.inputs}
    outputs = {t.name for t in report.onnx.outputs}
    into: dict[str, list[Edge]] = {}
    out_of: dict[str, list[Edge]] = {}
    for edge in report.edges:
        into.setdefault(edge.target, []).append(edge)
        out_of.setdefault(edge.source, []).append(edge)
    ctx = _Context(fate_row, producer_of, consumers_of, inputs, outputs, types, tensor_of)
    found = []
    for region in report.regions:
        if region.layer_id not in node_index:
            continue
        members = [onnx[name] for name in region.nodes if name in onnx and name in fate_row]
        drawn = [node for node in members if node.op_type != "Constant"][:MAX_DRAWN]
        if len(drawn) < 2:
            continue
        constants = sum(1 for node in members if node.op_type == "Constant")
        found.append(
            _one_region(
                drawn,
                ctx,
                set(region.nodes),
                node_index[region.layer_id],
                into.get(region.layer_id, []),
                out_of.get(region.layer_id, []),
                rows_of,
                len(region.nodes),
                constants,
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class _Context:
    """The lookups every region shares."""

    fate_row: dict[str, int]
    """Row of :attr:`PageData.fates` per ONNX node name."""
    producer_of: dict[str, str]
    consumers_of: dict[str, tuple[str, ...]]
    inputs: set[str]
    """The network's inputs (a region reading one has an entry there)."""
    outputs: set[str]
    types: list[str]
    """Tensor types of inner edges, in order of first use (grows as regions are read)."""
    tensor_of: Callable[[Edge], int]

    def type_index(self, dtype: str) -> int:
        """The index of a tensor type in the shared list, adding it on first sight."""
        if dtype not in self.types:
            self.types.append(dtype)
        return self.types.index(dtype)


def _one_region(
    drawn: Sequence[OnnxNode],
    ctx: _Context,
    members: set[str],
    node: int,
    into: Sequence[Edge],
    out_of: Sequence[Edge],
    rows_of: RowsOf,
    total: int,
    constants: int,
) -> RegionData:
    """One region's numbers: layout order, inner tensors, boundary. ``members`` are all of
    its nodes (Constants and nodes past the cap are inside too, never entries or exits)."""
    inside = {n.name: k for k, n in enumerate(drawn)}
    links: list[tuple[int, int, str]] = []
    joined: set[tuple[int, int]] = set()  # a node reading one tensor twice (Mul x, x) gets one
    for k, onnx_node in enumerate(drawn):
        for tensor in onnx_node.inputs:
            source = inside.get(ctx.producer_of.get(tensor.name, ""))
            if source is not None and source != k and (source, k) not in joined:
                joined.add((source, k))
                is_q = drawn[source].op_type == "QuantizeLinear"
                links.append((source, k, "INT8" if is_q else tensor.dtype or UNKNOWN))
    rows = rows_of([str(k) for k in range(len(drawn))], [(str(a), str(b)) for a, b, _ in links])
    order = [int(key) for row in rows for key in row]
    position = {k: p for p, k in enumerate(order)}

    # Entries: nodes reading an ONNX tensor from outside (another node's, or a network input);
    # exits: nodes writing one that a node outside (or the network's output) reads.
    entries: dict[str, list[int]] = {}
    exits: dict[str, list[int]] = {}
    for k, onnx_node in enumerate(drawn):
        for tensor in onnx_node.inputs:
            producer = ctx.producer_of.get(tensor.name, "")
            outside = (producer and producer not in members) or tensor.name in ctx.inputs
            if outside:
                entries.setdefault(tensor.name, []).append(position[k])
        for tensor in onnx_node.outputs:
            readers = ctx.consumers_of.get(tensor.name, ())
            if tensor.name in ctx.outputs or any(r not in members for r in readers):
                exits.setdefault(tensor.name, []).append(position[k])
    return RegionData(
        node=node,
        fates=[ctx.fate_row[drawn[k].name] for k in order],
        rows=[len(row) for row in rows],
        edges=[
            value
            for a, b, dtype in links
            for value in (position[a], position[b], ctx.type_index(dtype))
        ],
        ins=_boundary(into, entries, ctx.tensor_of),
        outs=_boundary(out_of, exits, ctx.tensor_of),
        total=total,
        constants=constants,
    )


def _boundary(
    edges: Sequence[Edge], open_ends: dict[str, list[int]], tensor_of: Callable[[Edge], int]
) -> list[list[int]]:
    """Per engine tensor crossing the boundary, the nodes inside it joins (see
    :attr:`RegionData.ins`): by name, else the open ends no engine tensor matched."""
    rows: dict[int, list[int]] = {}
    unmatched: list[int] = []
    matched: set[str] = set()
    for edge in edges:
        t = tensor_of(edge)
        if t in rows or t in unmatched:
            continue
        nodes = open_ends.get(edge.tensor)
        if nodes:
            rows[t] = [t, 1, *sorted(set(nodes))]
            matched.add(edge.tensor)
        else:
            unmatched.append(t)
    rest = sorted({p for name, nodes in open_ends.items() if name not in matched for p in nodes})
    for t in unmatched:
        if rest:
            rows[t] = [t, 0, *rest]
    return [rows[t] for t in sorted(rows)]
