"""Render a :class:`~trtreport.model.Report` as one self-contained HTML page.

The page is the ``report.html.j2`` template filled with the report itself and one JSON
document for the page's script: the graph (nodes, edges, colors, positions) and, per node,
what its details panel and the layers table show. That JSON is built here as :class:`PageData`
and embedded once with ``|tojson``.

Size matters (a report of 1,000 layers should stay near 1 MB), so every per-layer string is
written once: the layers table is drawn by the page's script from the same JSON the details
panel reads, and kernel names and tensor formats, which repeat across layers, are stored once
in :attr:`PageData.kernels` / :attr:`PageData.formats` and referred to by index.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from trtreport.model import Binding, EngineLayer, Report, TensorInfo
from trtreport.render.environment import environment
from trtreport.render.graph import (
    LEGEND_ORDER,
    PALETTE,
    GraphData,
    Swatch,
    binding_node_id,
    build_graph,
    precision_counts,
)


class TensorData(TypedDict):
    """A tensor at a layer boundary, for the details panel."""

    dtype: str
    format: int
    """Index into :attr:`PageData.formats`."""
    name: str
    shape: list[int]


class LayerData(TypedDict):
    """What the details panel shows for one engine layer."""

    id: str
    """The layer's graph node id (:attr:`EngineLayer.id`)."""
    index: int
    input_precision: str
    inputs: list[TensorData]
    kernel: int
    """Index into :attr:`PageData.kernels`."""
    log_line: int
    name: str
    onnx_nodes: list[str]
    origin: str
    output_precision: str
    outputs: list[TensorData]
    precision: str
    role: str
    tactic: str
    time_ms: float | None
    time_share: float | None
    type: str


class BindingData(TypedDict):
    """What the details panel shows for one input or output binding."""

    direction: str
    dtype: str
    index: int
    name: str
    shape: list[int]


class PageData(TypedDict):
    """The one JSON document of the page (``<script id="report-data">``)."""

    bindings: dict[str, BindingData]
    """By node id (``in:<name>`` / ``out:<name>``)."""
    formats: list[str]
    """Every distinct tensor format, sorted; ``""`` (unknown) first."""
    graph: GraphData
    kernels: list[str]
    """Every distinct kernel name, sorted; ``""`` (none) first."""
    layers: list[LayerData]
    """In engine order."""


class _Strings:
    """A sorted table of distinct strings, handing out indexes into it."""

    def __init__(self, values: Iterable[str]) -> None:
        self.values = sorted({"", *values})
        self._index = {value: i for i, value in enumerate(self.values)}

    def __getitem__(self, value: str) -> int:
        """The index of ``value`` in the table."""
        return self._index[value]


def tensor_data(tensor: TensorInfo, formats: _Strings) -> TensorData:
    """The page's view of one tensor."""
    return TensorData(
        name=tensor.name,
        dtype=tensor.dtype,
        shape=list(tensor.shape),
        format=formats[tensor.format],
    )


def layer_data(layer: EngineLayer, kernels: _Strings, formats: _Strings) -> LayerData:
    """The page's view of one engine layer (strings shared across layers by index)."""
    return LayerData(
        id=layer.id,
        index=layer.index,
        name=layer.name,
        type=layer.layer_type,
        role=layer.role,
        precision=layer.precision,
        input_precision=layer.input_precision,
        output_precision=layer.output_precision,
        tactic=layer.tactic,
        kernel=kernels[layer.kernel],
        inputs=[tensor_data(t, formats) for t in layer.inputs],
        outputs=[tensor_data(t, formats) for t in layer.outputs],
        onnx_nodes=list(layer.onnx_nodes),
        origin=layer.origin,
        log_line=layer.log_line,
        time_ms=layer.time_ms,
        time_share=layer.time_share,
    )


def binding_data(binding: Binding) -> BindingData:
    """The page's view of one binding."""
    return BindingData(
        index=binding.index,
        name=binding.name,
        direction=binding.direction,
        shape=list(binding.shape),
        dtype=binding.dtype,
    )


def page_data(report: Report) -> PageData:
    """Build the JSON document the page's script reads."""
    kernels = _Strings(layer.kernel for layer in report.layers)
    formats = _Strings(
        tensor.format for layer in report.layers for tensor in (*layer.inputs, *layer.outputs)
    )
    return PageData(
        graph=build_graph(report),
        layers=[layer_data(layer, kernels, formats) for layer in report.layers],
        kernels=kernels.values,
        formats=formats.values,
        bindings={binding_node_id(b): binding_data(b) for b in report.bindings},
    )


def _role_counts(layers: Iterable[EngineLayer]) -> list[tuple[str, int]]:
    """``(role, layers)`` sorted by role name."""
    counts: dict[str, int] = {}
    for layer in layers:
        counts[layer.role or "other"] = counts.get(layer.role or "other", 0) + 1
    return sorted(counts.items())


def render_html(report: Report) -> str:
    """Return the whole report page for ``report``: one self-contained HTML document.

    The result depends on ``report`` only (no clock, no randomness), uses ``\\n`` line endings
    and loads nothing from the network.
    """
    template = environment().get_template("report.html.j2")
    palette: list[tuple[str, Swatch]] = [(label, PALETTE[label]) for label in LEGEND_ORDER]
    return template.render(
        report=report,
        header=report.header,
        page_data=page_data(report),
        palette=palette,
        precision_counts=precision_counts(report.layers),
        role_counts=_role_counts(report.layers),
        has_times=any(layer.time_ms is not None for layer in report.layers),
    )
