"""Provenance: which ONNX nodes each engine layer holds, and what passes did on the way.

TensorRT names a fused layer after its parts (``conv1.weight + QuantizeLinear_7 + Conv_9``),
a horizontal merge after its branches (``Conv_3 || Conv_5``) and a Myelin region after the
first and last node it swallowed (``{ForeignNode[MatMul_1...Add_9]}``); the layer file's
``Metadata`` lists the ONNX nodes exactly. The optimizer's events say how names changed on the
way: ``Fusing A with B`` makes ``A + B`` (or the name the line gives), ``fusing (DQ and Conv)
into Conv`` makes ``Conv``, ``Eliminating X which duplicates Y`` makes X into Y, ``Removing X``
ends X. Following those renames from a name until it reaches a name an engine layer holds is
how an event is tied to the layer it produced, and how an ONNX node gets its fate.

The importer's node I/O lines (``Conv_9 [Conv] inputs: [x -> (1, 3, 224, 224)[FLOAT]], ...``)
give the ONNX graph itself (:class:`OnnxGraph`): what a Myelin region holds between its two
named ends, as which quantizer a fused Q or DQ works (it reads a constant: weights; its input
comes from a node in the same layer: output; ...), why a Q stayed a Reformat (what its producer
runs in), and the fate of nodes no event names (shape computations, no-ops, a bias add that a
MatMul-to-convolution pass took silently). :func:`account_nodes` puts it all together.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from trtreport.layertypes import is_reformat_name
from trtreport.model import (
    EngineLayer,
    MyelinRegion,
    NodeFate,
    OnnxGraphTensor,
    OnnxNode,
    OnnxTensor,
    PassEvent,
    TracedEvent,
)

_FOREIGN = re.compile(r"^\{ForeignNode\[(?P<body>.*)\]\}$")
_MAX_HOPS = 10_000

_RENAMING_KINDS = frozenset({"fuse", "merge", "eliminate-duplicate"})
_ELIMINATING_KINDS = frozenset({"eliminate-concat", "eliminate-slice"})
"""Concatenations and slices the builder removes by writing or reading in place."""
_CONSTANT_PASSES = ("Const",)
"""Passes named ``Const...`` fold constants (ConstShuffleFusion, ...)."""


@functools.lru_cache(maxsize=1 << 16)
def name_parts(name: str) -> tuple[str, ...]:
    """The node names a layer name is made of.

    >>> name_parts("w + QuantizeLinear_7 + Conv_9 || Conv_11")
    ('w', 'QuantizeLinear_7', 'Conv_9', 'Conv_11')
    >>> name_parts("{ForeignNode[MatMul_1...Add_9]}")
    ('MatMul_1', 'Add_9')
    >>> name_parts("PWN(PWN(Sigmoid_3), Mul_4)")
    ('Sigmoid_3', 'Mul_4')
    """
    found: list[str] = []
    _collect_parts(name.strip(), found, depth=0)
    return tuple(dict.fromkeys(p for p in found if p))


def _collect_parts(name: str, found: list[str], depth: int) -> None:
    """Recursive helper of :func:`name_parts` (bounded depth for hostile names)."""
    if depth > 20:
        found.append(name)
        return
    foreign = _FOREIGN.match(name)
    if foreign:
        for piece in foreign.group("body").split("..."):
            _collect_parts(piece.strip(), found, depth + 1)
        return
    if name.startswith("PWN(") and name.endswith(")"):
        for piece in _split_top_level(name[4:-1], ","):
            _collect_parts(piece.strip(), found, depth + 1)
        return
    if is_reformat_name(name):
        return  # an inserted copy holds no node of its own
    pieces = [p for chunk in name.split(" || ") for p in chunk.split(" + ")]
    if len(pieces) == 1:
        found.append(name)
        return
    for piece in pieces:
        _collect_parts(piece.strip(), found, depth + 1)


def _split_top_level(text: str, separator: str) -> list[str]:
    """Split on ``separator`` outside parentheses and brackets."""
    parts: list[str] = []
    depth = 0
    start = 0
    for i, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


_ERASING = ("Erasure", "Removal", "DeadLayer")
"""Passes whose ``Removing X`` really deletes X (an identity shuffle, a dead layer)."""


class Tracer:
    """Follows names through the optimizer's renames to the engine layers that hold them.

    ``Removing X`` means two different things in real logs. Under an erasing pass
    (``ShuffleErasure``) X is gone. Under a fusion pass running on another layer
    (``Running: QConvScaleFusion on Conv_9`` then ``Removing BatchNormalization_10 + Relu_11``)
    X was folded into the layer the pass runs on, so X's successor is that layer.
    """

    def __init__(self, layers: Sequence[EngineLayer], events: Sequence[PassEvent]) -> None:
        self._by_name: dict[str, str] = {}
        self._by_part: dict[str, str] = {}
        for layer in layers:
            self._by_name.setdefault(layer.name, layer.id)
            for part in (*name_parts(layer.name), *layer.onnx_nodes):
                self._by_part.setdefault(part, layer.id)
        self.successor: dict[str, tuple[str, PassEvent]] = {}
        self.removed: dict[str, PassEvent] = {}
        self._running: tuple[str, str] | None = None
        for event in events:
            self._learn(event)

    def _learn(self, event: PassEvent) -> None:
        """Record the renames, absorptions and removals one event implies."""
        if event.kind == "running" and event.layers:
            self._running = (event.pass_name, event.layers[0])
            return
        if event.kind in _ELIMINATING_KINDS and event.layers:
            self.removed.setdefault(event.layers[0], event)
            return
        if event.kind == "remove":
            for name in event.layers:
                into = self._absorber(event, name)
                if into:
                    self.successor.setdefault(name, (into, event))
                else:
                    self.removed.setdefault(name, event)
            return
        if event.kind not in _RENAMING_KINDS or not event.layers:
            return
        if event.kind == "eliminate-duplicate":
            if len(event.layers) >= 2:
                kept = event.result or event.layers[-1]
                self.successor.setdefault(event.layers[0], (kept, event))
            return
        joiner = " || " if event.kind == "merge" else " + "
        product = event.result or joiner.join(event.layers)
        for name in event.layers:
            if name != product:
                self.successor.setdefault(name, (product, event))

    def _absorber(self, event: PassEvent, name: str) -> str:
        """The layer a removed ``name`` was folded into, or ``""`` if it was deleted."""
        if self._running is None or any(word in event.pass_name for word in _ERASING):
            return ""
        pass_name, target = self._running
        if pass_name != event.pass_name or target == name:
            return ""
        return target

    def holder(self, name: str) -> str:
        """The engine layer that holds ``name`` directly (by name or part), or ``""``."""
        found = self._by_name.get(name) or self._by_part.get(name)
        if found:
            return found
        for part in name_parts(name):
            found = self._by_part.get(part)
            if found:
                return found
        return ""

    def resolve(self, name: str) -> tuple[str, PassEvent | None]:
        """Follow renames from ``name`` to an engine layer: ``(layer id, first renaming event)``."""
        layer_id, first, _ = self.follow(name)
        return layer_id, first

    def follow(self, name: str) -> tuple[str, PassEvent | None, PassEvent | None]:
        """Like :meth:`resolve`, plus the event that deleted the chain's last name, if any."""
        first: PassEvent | None = None
        current = name
        seen: set[str] = set()
        for _ in range(_MAX_HOPS):
            found = self.holder(current)
            if found:
                return found, first, None
            step = self.successor.get(current)
            if step is None or current in seen:
                return "", first, self.removed.get(current)
            seen.add(current)
            current, event = step
            if first is None:
                first = event
        return "", first, None


def trace_events(
    tracer: Tracer, events: Sequence[PassEvent]
) -> tuple[tuple[TracedEvent, ...], dict[str, list[int]]]:
    """Tie every event to the engine layer it shaped; return the layer → event indices too."""
    traced: list[TracedEvent] = []
    by_layer: dict[str, list[int]] = {}
    for index, event in enumerate(events):
        layer_id = ""
        target = _event_target(event)
        if event.kind == "remove" and event.layers:
            step = tracer.successor.get(event.layers[0])
            if step is not None and step[1] is event:
                target = event.layers[0]  # folded into the layer its pass runs on
        if target:
            layer_id, _ = tracer.resolve(target)
        traced.append(TracedEvent(event=event, layer_id=layer_id))
        if layer_id:
            by_layer.setdefault(layer_id, []).append(index)
    return tuple(traced), by_layer


def _event_target(event: PassEvent) -> str:
    """The name whose fate says where an event's work ended up."""
    if event.kind == "remove" or event.kind in _ELIMINATING_KINDS:
        return ""
    if event.result:
        return event.result
    if not event.layers:
        return ""
    if event.kind == "fuse":
        return " + ".join(event.layers)
    if event.kind == "merge":
        return " || ".join(event.layers)
    if event.kind == "eliminate-duplicate":
        return event.layers[-1]
    return event.layers[0]


# --- The ONNX graph and the fate of every node ------------------------------------------------

QDQ_OPS = frozenset({"QuantizeLinear", "DequantizeLinear"})
"""The ONNX operators of explicit quantization."""
_WEIGHT_OPS = frozenset({"Constant", "Identity"})
"""Producers whose output is still a constant (an initializer passed through)."""
_MAIN_OPS = frozenset({"Conv", "ConvTranspose", "Gemm", "MatMul"})
"""The operators a layer's residual add is fused around."""
_ADD_OPS = frozenset({"Add", "Sum"})
_SHAPE_OPS = frozenset(
    {
        "Shape",
        "Size",
        "Gather",
        "Slice",
        "Concat",
        "Unsqueeze",
        "Squeeze",
        "Cast",
        "Constant",
        "ConstantOfShape",
        "Range",
        "Reshape",
        "Mul",
        "Add",
        "Sub",
        "Div",
        "Floor",
        "Ceil",
        "Identity",
        "Equal",
        "Where",
        "Expand",
    }
)
"""Operators that may compute a shape from other shapes and constants (folded at build time)."""
_NO_OPS = frozenset({"Identity", "Dropout"})
"""Operators that compute nothing at inference."""
_CLONE = re.compile(r"(?P<base>.+)_clone_\d+\Z")
HOLDING_FATES = frozenset(
    {
        "layer",
        "myelin",
        "input-quantizer",
        "weight-quantizer",
        "output-quantizer",
        "residual-quantizer",
        "reformat",
    }
)
"""Fates whose node ends inside its :attr:`NodeFate.layer_id`."""


class OnnxGraph:
    """The ONNX graph rebuilt from the importer's node I/O lines: producer and consumers of
    every tensor, and each node's position in import (topological) order."""

    def __init__(self, nodes: Sequence[OnnxNode], network_inputs: Iterable[str] = ()) -> None:
        self.network_inputs = frozenset(network_inputs)
        """Names of the network's declared inputs (tensors no node produces that are not
        initializers)."""
        self.nodes: dict[str, OnnxNode] = {}
        self.order: dict[str, int] = {}
        self.producer: dict[str, str] = {}
        self.consumers: dict[str, list[str]] = {}
        self._tensors: dict[str, OnnxTensor] = {}
        for node in nodes:
            if node.name in self.nodes:
                continue
            self.order[node.name] = len(self.nodes)
            self.nodes[node.name] = node
            for tensor in node.inputs:
                self._tensors.setdefault(tensor.name, tensor)
                self.consumers.setdefault(tensor.name, []).append(node.name)
            for tensor in node.outputs:
                self._tensors[tensor.name] = tensor
                self.producer.setdefault(tensor.name, node.name)

    @property
    def has_edges(self) -> bool:
        """Whether the log printed node I/O lines (without them there is no graph)."""
        return bool(self._tensors)

    def producer_node(self, tensor: str) -> OnnxNode | None:
        """The node that writes ``tensor``, or ``None`` (network input, initializer)."""
        name = self.producer.get(tensor)
        return self.nodes[name] if name is not None else None

    def tensors(self) -> tuple[OnnxGraphTensor, ...]:
        """Every tensor with its producer and consumers, in the order first named."""
        return tuple(
            OnnxGraphTensor(
                name=name,
                dtype=tensor.dtype,
                shape=tensor.shape,
                producer=self.producer.get(name, ""),
                consumers=tuple(dict.fromkeys(self.consumers.get(name, ()))),
            )
            for name, tensor in self._tensors.items()
        )

    def is_constant(self, tensor: str, depth: int = 0) -> bool:
        """Whether ``tensor`` is an initializer or the output of a Constant (through
        Identity/Cast), i.e. weights rather than activations."""
        node = self.producer_node(tensor)
        if node is None:
            return tensor in self._tensors and tensor not in self.network_inputs
        if node.op_type == "Constant":
            return True
        if node.op_type in ("Identity", "Cast") and node.inputs and depth < 50:
            return self.is_constant(node.inputs[0].name, depth + 1)
        return False


def parameters_through(graph: OnnxGraph, node: str, ops: Iterable[str]) -> tuple[str, ...]:
    """The nodes of type ``ops`` (``Identity``, ``Cast``) through which the parameter inputs
    (every input but the first) of ``node`` arrive: the evidence that, for instance, a
    BatchNormalization's scale reaches it through an Identity, which stops TensorRT from
    folding it into the convolution before it."""
    wanted = frozenset(ops)
    found: list[str] = []
    onnx_node = graph.nodes.get(node)
    if onnx_node is None:
        return ()
    for tensor in onnx_node.inputs[1:]:
        producer = graph.producer_node(tensor.name)
        if producer is not None and producer.op_type in wanted:
            found.append(producer.name)
    return tuple(dict.fromkeys(found))


class _Accounting:
    """The working state of :func:`account_nodes`: one fate per node, refined in steps."""

    def __init__(
        self,
        tracer: Tracer,
        graph: OnnxGraph,
        layers: Sequence[EngineLayer],
        events: Sequence[PassEvent],
        helper_layers: Iterable[tuple[str, str]],
    ) -> None:
        self.tracer = tracer
        self.graph = graph
        self.layers = {layer.id: layer for layer in layers}
        self.events = events
        self.aliases: dict[str, list[str]] = {}
        for layer_name, importing in helper_layers:
            if layer_name not in graph.nodes:
                self.aliases.setdefault(importing, []).append(layer_name)
        for constant in graph.nodes.values():
            if constant.op_type == "Constant":
                for output in constant.outputs:
                    if output.name not in graph.nodes:
                        self.aliases.setdefault(constant.name, []).append(output.name)
        self.node_of_alias = {a: n for n, names in self.aliases.items() for a in names}
        self.by_name: dict[str, list[int]] = {}
        self.clones: dict[str, list[str]] = {}
        """Copies a pass made of a node (``X_clone_0``), from the events and layer names."""
        for index, event in enumerate(events):
            for name in (*event.layers, event.result):
                if name:
                    self.by_name.setdefault(name, []).append(index)
                    self._clone(name)
        for layer in layers:
            for part in name_parts(layer.name):
                self._clone(part)
        self.output_of: dict[str, str] = {}
        for layer in layers:
            for tensor in layer.outputs:
                self.output_of.setdefault(tensor.name, layer.id)
        self.fates: dict[str, NodeFate] = {}
        self.held: dict[str, set[str]] | None = None
        """Layer id → the nodes in it, once the fates before the Q/DQ step are known."""

    def _clone(self, name: str) -> None:
        """Record ``name`` as a clone of its node if it is one."""
        if "_clone_" not in name:
            return
        base = _CLONE.match(name)
        if base is not None and base.group("base") in self.graph.nodes:
            clones = self.clones.setdefault(base.group("base"), [])
            if name not in clones:
                clones.append(name)

    def names_of(self, node: str) -> list[str]:
        """The names TensorRT may use for ``node``: its own, then its helper layers' and the
        tensor names a Constant's layer takes."""
        return [node, *self.aliases.get(node, ())]

    def trail_names(self, node: str) -> list[str]:
        """The names whose events shaped ``node``: its own names and its clones'."""
        return [*self.names_of(node), *self.clones.get(node, ())]

    def event_trail(self, node: str) -> tuple[int, ...]:
        """Indices of the events naming ``node`` or any name it was renamed to, in log order."""
        found: set[int] = set()
        for start in self.trail_names(node):
            current = start
            for _ in range(_MAX_HOPS):
                found.update(self.by_name.get(current, ()))
                step = self.tracer.successor.get(current)
                if step is None:
                    break
                current = step[0]
                if current in (start,):
                    break
        return tuple(sorted(found))


def node_fates(
    tracer: Tracer,
    nodes: Sequence[OnnxNode],
    layers: Sequence[EngineLayer] = (),
    events: Sequence[PassEvent] = (),
) -> tuple[NodeFate, ...]:
    """The fate of every ONNX node (see :func:`account_nodes`, which also gives the graph)."""
    return account_nodes(tracer, nodes, layers, events)[0]


def account_nodes(
    tracer: Tracer,
    nodes: Sequence[OnnxNode],
    layers: Sequence[EngineLayer],
    events: Sequence[PassEvent],
    *,
    region_nodes: Iterable[tuple[str, tuple[str, ...]]] = (),
    helper_layers: Iterable[tuple[str, str]] = (),
    network_inputs: Iterable[str] = (),
    layer_file: bool = False,
) -> tuple[tuple[NodeFate, ...], tuple[OnnxGraphTensor, ...], tuple[MyelinRegion, ...]]:
    """The fate of every ONNX node, the ONNX graph, and the nodes of each Myelin region.

    Steps, each only for nodes the earlier ones left open: the optimizer's events and the
    engine layers' names and metadata (:class:`Tracer`); Myelin regions (TensorRT 10's region
    metadata, the layer file's, else the graph between the region's ends); the graph (a node
    whose output is an engine layer's output; a bias add a MatMul-to-convolution pass took; a
    shape computation of constants); then a precise fate for every Q and DQ.
    """
    graph = OnnxGraph(nodes, network_inputs)
    work = _Accounting(tracer, graph, layers, events, helper_layers)
    for node in graph.nodes.values():
        work.fates[node.name] = _traced_fate(work, node)
    regions = _regions(work, layers, dict(region_nodes))
    if graph.has_edges:
        for node in graph.nodes.values():
            if work.fates[node.name].fate == "unknown":
                work.fates[node.name] = _graph_fate(work, node)
        for node in graph.nodes.values():
            if node.op_type in QDQ_OPS:
                work.fates[node.name] = _qdq_fate(work, node)
    fates = []
    for node in nodes:
        fate = work.fates.get(node.name) or NodeFate(node.name, node.op_type, "unknown")
        if fate.fate == "unknown" and not fate.detail:
            fate = replace(fate, detail=_missing_evidence(work, node, layer_file))
        trail = work.event_trail(node.name)
        if not fate.pass_name and trail:
            fate = _first_pass(work, fate, trail)
        fates.append(replace(fate, events=trail))
    return tuple(fates), graph.tensors() if graph.has_edges else (), regions


def _first_pass(work: _Accounting, fate: NodeFate, trail: Sequence[int]) -> NodeFate:
    """A fate read from a layer's name, given the pass and line of the first event that
    changed the node itself (``ConstWeightsQuantizeFusion: Fusing w with QuantizeLinear_7``)."""
    names = set(work.names_of(fate.node))
    for index in trail:
        event = work.events[index]
        if event.kind not in ("running", "phase") and names.intersection(event.layers):
            return replace(fate, pass_name=event.pass_name, line=event.line)
    return fate


def _traced_fate(work: _Accounting, node: OnnxNode) -> NodeFate:
    """The fate the events and the layers' names say, trying the node's other names too."""
    best = NodeFate(node.name, node.op_type, "unknown")
    for name in work.names_of(node.name):
        fate = _fate(work.tracer, node, name)
        if fate.fate != "unknown":
            return fate
        if fate.pass_name and not best.pass_name:
            best = fate
    clones = work.clones.get(node.name)
    if clones:
        return _split_fate(work, node, clones)
    if node.op_type == "Constant":
        return NodeFate(
            node.name,
            node.op_type,
            "constant",
            detail="a Constant: the ONNX parser imports its value as weights of the nodes "
            "that read it",
        )
    return best


def _fate(tracer: Tracer, node: OnnxNode, name: str) -> NodeFate:
    """Decide one node's fate from one of its names: held, fused, duplicate, removed,
    constant, or unknown."""
    direct = tracer.holder(name)
    if direct:
        return NodeFate(
            node.name,
            node.op_type,
            "layer",
            layer_id=direct,
            detail="the engine layer's name or metadata names it",
        )
    layer_id, first, removal = tracer.follow(name)
    if first is not None and first.kind == "eliminate-duplicate":
        survivor = first.result or first.layers[-1]
        return NodeFate(
            node.name,
            node.op_type,
            "duplicate",
            layer_id=layer_id,
            pass_name=first.pass_name,
            other=survivor,
            line=first.line,
            detail=f"eliminated as a duplicate of {survivor}, which was kept",
        )
    if layer_id and first is not None:
        into = tracer.successor[name][0]
        constant = _folds_constants(first, node)
        return NodeFate(
            node.name,
            node.op_type,
            "constant" if constant else "layer",
            layer_id=layer_id,
            pass_name=first.pass_name,
            other=into,
            line=first.line,
            detail=("folded into " if constant else "fused into ") + into,
        )
    if removal is not None:
        fate = "constant" if _folds_constants(removal, node) else "removed"
        return NodeFate(
            node.name,
            node.op_type,
            fate,
            pass_name=removal.pass_name,
            line=removal.line,
            detail=removal.text or f"removed by {removal.pass_name}",
        )
    if first is not None:
        return NodeFate(
            node.name,
            node.op_type,
            "unknown",
            pass_name=first.pass_name,
            other=first.result,
            line=first.line,
            detail=f"{first.pass_name or 'a pass'} renamed it to {first.result or '?'} "
            "(log line {line}), and no engine layer holds that name".replace(
                "{line}", str(first.line)
            ),
        )
    return NodeFate(node.name, node.op_type, "unknown")


def _split_fate(work: _Accounting, node: OnnxNode, clones: Sequence[str]) -> NodeFate:
    """A Q or DQ that a pass cloned (``X_clone_0``, ``X_clone_1``: SplitQAcrossPrecedingFanIn
    copies a Q after a Concat onto each of the Concat's inputs): where each clone went."""
    ends: list[str] = []
    first_layer = ""
    for clone in clones:
        layer_id, first, removal = work.tracer.follow(clone)
        if first is not None and first.kind == "eliminate-duplicate":
            ends.append(f"{clone} (duplicate of {first.result or first.layers[-1]})")
        elif layer_id and work.layers[layer_id].role in ("qdq", "reformat"):
            ends.append(f"{clone} (left as the stand-alone Reformat {work.layers[layer_id].name})")
        elif layer_id:
            ends.append(f"{clone} (in {work.layers[layer_id].name})")
        elif removal is not None:
            ends.append(f"{clone} (removed by {removal.pass_name or 'a pass'})")
        else:
            ends.append(clone)
        first_layer = first_layer or layer_id
    producer = work.graph.producer_node(node.inputs[0].name) if node.inputs else None
    running = _running_on(work, producer.name if producer else "")
    consumer_side = ""
    if running is None:
        for tensor in node.outputs:
            for consumer in work.graph.consumers.get(tensor.name, ()):
                running = running or _running_on(work, consumer)
        consumer_side = " (after the node that read it)"
    pass_name = running.pass_name if running is not None else ""
    where = f" across the inputs of {producer.name}" if producer is not None else ""
    return NodeFate(
        node.name,
        node.op_type,
        "moved",
        layer_id=first_layer,
        pass_name=pass_name,
        other=", ".join(clones),
        line=running.line if running is not None else 0,
        detail=f"split{where}{consumer_side} into {len(clones)} copies: " + "; ".join(ends),
    )


def _running_on(work: _Accounting, name: str) -> PassEvent | None:
    """The first ``Running: <pass> on <name>`` event of a pass that moves Q/DQ nodes
    (SplitQAcrossPrecedingFanIn runs on the Concat before the Q it splits)."""
    if not name:
        return None
    for index in work.by_name.get(name, ()):
        event = work.events[index]
        if event.kind == "running" and _MOVES_Q.search(event.pass_name):
            return event
    return None


_MOVES_Q = re.compile(r"Split|Q(?:Nodes|Across)|Swap")
"""Names of passes that split or move Q/DQ nodes."""


def _regions(
    work: _Accounting, layers: Sequence[EngineLayer], from_log: dict[str, tuple[str, ...]]
) -> tuple[MyelinRegion, ...]:
    """The nodes of each Myelin region; the nodes' fates become ``myelin``."""
    regions: list[MyelinRegion] = []
    graph = work.graph
    for layer in layers:
        if layer.role != "myelin":
            continue
        listed = from_log.get(layer.name)
        source = "log"
        if not listed and layer.onnx_nodes:
            listed = layer.onnx_nodes
            source = "layers" if "layers" in layer.sources else "log"
        members: list[str]
        if listed:
            members = [n for n in dict.fromkeys(listed) if n in graph.nodes]
        elif graph.has_edges:
            members = _walk_region(work, layer)
            source = "graph"
        else:
            members = []
        if not members:
            members = [
                n
                for n in dict.fromkeys(_region_ends(work, layer))
                if not _claimed_elsewhere(work.fates.get(n), layer.id)
            ]
            source = "name"
        members.sort(key=lambda n: graph.order.get(n, 0))
        for name in members:
            node = graph.nodes[name]
            work.fates[name] = NodeFate(
                name,
                node.op_type,
                "myelin",
                layer_id=layer.id,
                detail=_REGION_EVIDENCE[source],
            )
        if members:
            regions.append(MyelinRegion(layer_id=layer.id, nodes=tuple(members), source=source))
    return tuple(regions)


_REGION_EVIDENCE = {
    "log": "the region's metadata line in the log lists it",
    "layers": "the region's Metadata in the layer file lists it",
    "graph": "it lies between the region's first and last node, and no engine layer outside "
    "the region produces its outputs",
    "name": "the region is named after it",
}


def _region_ends(work: _Accounting, layer: EngineLayer) -> list[str]:
    """The nodes a region's name gives (``{ForeignNode[A...B]}``), through helper names."""
    ends: list[str] = []
    for part in name_parts(layer.name):
        node = part if part in work.graph.nodes else work.node_of_alias.get(part)
        if node is None:
            producer = work.graph.producer.get(part)
            node = producer if producer is not None else None
        if node is not None:
            ends.append(node)
    return ends


def _walk_region(work: _Accounting, layer: EngineLayer) -> list[str]:
    """The nodes between a region's ends: walking back from its last node and its output
    tensors, up to its input tensors and to nodes other engine layers hold or passes
    removed."""
    graph = work.graph
    boundary = {t.name for t in layer.inputs}
    members: dict[str, None] = {}
    stack = list(_region_ends(work, layer))
    for output in layer.outputs:
        producer = graph.producer.get(output.name)
        if producer is not None:
            stack.append(producer)
    while stack:
        name = stack.pop()
        if name in members or _claimed_elsewhere(work.fates.get(name), layer.id):
            continue
        members[name] = None
        for tensor in graph.nodes[name].inputs:
            if tensor.name in boundary:
                continue
            producer = graph.producer.get(tensor.name)
            if producer is not None and producer not in members:
                stack.append(producer)
    return list(members)


def _claimed_elsewhere(fate: NodeFate | None, region: str) -> bool:
    """Whether a node's fate puts it outside the region being walked."""
    if fate is None:
        return False
    if fate.layer_id:
        return fate.layer_id != region
    return fate.fate in ("removed", "duplicate") and fate.line > 0


def _graph_fate(work: _Accounting, node: OnnxNode) -> NodeFate:
    """A fate from the graph for a node no event or layer name accounts for."""
    bias = _bias_add(work, node)
    if bias is not None:
        return bias
    for tensor in node.outputs:
        layer_id = work.output_of.get(tensor.name)
        if layer_id:
            return NodeFate(
                node.name,
                node.op_type,
                "layer",
                layer_id=layer_id,
                other=tensor.name,
                detail=f"its output {tensor.name} is the output of engine layer "
                f"{work.layers[layer_id].name}",
            )
    if node.op_type in _NO_OPS:
        return NodeFate(
            node.name,
            node.op_type,
            "removed",
            detail=f"an {node.op_type} that no engine layer holds and no event names: the "
            "builder removes such no-ops without a log line",
        )
    if _is_static(work, node, 0, set()):
        return NodeFate(
            node.name,
            node.op_type,
            "constant",
            detail="it computes only from shapes and constants, which the builder "
            "evaluates once at build time",
        )
    if _is_shape_computation(work, node, 0, set()):
        return NodeFate(
            node.name,
            node.op_type,
            "shape",
            detail="a shape computation (from Shape nodes and constants): TensorRT evaluates "
            "it as a shape tensor when the input shapes are known, in no engine layer",
        )
    previous = work.fates[node.name]
    return previous


def _is_shape_computation(work: _Accounting, node: OnnxNode, depth: int, seen: set[str]) -> bool:
    """Whether a node computes only from tensor shapes and constants (a dynamic-shape model's
    Shape → Gather → Concat → Reshape chains): every input is a constant or the output of a
    Shape or of another such node."""
    if node.op_type not in _SHAPE_OPS or depth > 64 or node.name in seen:
        return False
    seen.add(node.name)
    if node.op_type == "Shape":
        return True
    for tensor in node.inputs:
        if not tensor.name or work.graph.is_constant(tensor.name):
            continue
        producer = work.graph.producer_node(tensor.name)
        if producer is None or not _is_shape_computation(work, producer, depth + 1, seen):
            return False
    return bool(node.inputs)


def _bias_add(work: _Accounting, node: OnnxNode) -> NodeFate | None:
    """An Add of a constant after a MatMul/Gemm that a MatMul-to-convolution pass fused as the
    convolution's bias (``Running: ConvReshapeBiasAddFusion on MatMul_9`` logs no fusion)."""
    if node.op_type not in _ADD_OPS or len(node.inputs) != 2:
        return None
    graph = work.graph
    data = [t for t in node.inputs if not graph.is_constant(t.name)]
    if len(data) != 1:
        return None
    producer = graph.producer_node(data[0].name)
    if producer is None or producer.op_type not in _MAIN_OPS:
        return None
    held = work.fates.get(producer.name)
    for index in work.by_name.get(producer.name, ()):
        event = work.events[index]
        if event.kind == "running" and "Bias" in event.pass_name:
            return NodeFate(
                node.name,
                node.op_type,
                "layer",
                layer_id=held.layer_id if held is not None else "",
                pass_name=event.pass_name,
                other=producer.name,
                line=event.line,
                detail=f"the constant it adds became the bias of {producer.name} "
                f"({event.pass_name} ran on it and logs no fusion line)",
            )
    return None


def _is_static(work: _Accounting, node: OnnxNode, depth: int, seen: set[str]) -> bool:
    """Whether a node computes only from constants and static shapes (so the builder folds
    it): every input is a constant, or a static node's output, or the input of a Shape whose
    dimensions are all known."""
    if node.op_type not in _SHAPE_OPS or depth > 64 or node.name in seen:
        return False
    seen.add(node.name)
    if node.op_type == "Shape":
        return bool(node.inputs) and all(d >= 0 for d in node.inputs[0].shape)
    for tensor in node.inputs:
        if not tensor.name:
            continue
        if work.graph.is_constant(tensor.name):
            continue
        producer = work.graph.producer_node(tensor.name)
        if producer is None or not _is_static(work, producer, depth + 1, seen):
            return False
    return bool(node.inputs) or node.op_type == "Constant"


def _layer_nodes(work: _Accounting, layer_id: str) -> set[str]:
    """The nodes whose fate (before the Q/DQ refinement, which moves none) puts them in
    ``layer_id``; computed once for all layers."""
    if work.held is None:
        work.held = {}
        for name, fate in work.fates.items():
            if fate.layer_id and fate.fate in HOLDING_FATES:
                work.held.setdefault(fate.layer_id, set()).add(name)
    return work.held.get(layer_id, set())


def _qdq_fate(work: _Accounting, node: OnnxNode) -> NodeFate:
    """The precise fate of a Q or DQ: fused as which quantizer, a stand-alone Reformat, moved
    (and where to), merged, folded, removed, or inside Myelin."""
    fate = work.fates[node.name]
    moves = _moves(work, node)
    inferred = ""
    if fate.fate == "unknown":
        neighbour = _neighbour_layer(work, node)
        if neighbour is not None:
            fate, inferred = neighbour, neighbour.detail + ": "
    if fate.fate not in ("layer", "constant") or not fate.layer_id:
        if moves and fate.fate != "moved":
            return replace(fate, detail=_joined(moves, fate.detail))
        return fate
    layer = work.layers[fate.layer_id]
    if layer.role in ("qdq", "reformat"):
        pass_name, line = _copy_event(work, node, fate)
        return replace(
            fate,
            fate="reformat",
            pass_name=pass_name,
            line=line,
            detail=_joined(moves, _reformat_reason(work, node, layer)),
        )
    if layer.role == "myelin":
        return replace(fate, fate="myelin", detail=_joined(moves, fate.detail))
    role, why = _quantizer_role(work, node, layer)
    return replace(fate, fate=role, detail=_joined(moves, inferred + why))


def _neighbour_layer(work: _Accounting, node: OnnxNode) -> NodeFate | None:
    """For a Q or DQ no event or layer name accounts for: the compute layer the graph puts it
    in, when all its neighbours on one side sit in that layer (a DQ whose readers are all in
    it, a Q whose producer is), as the log's fusions do."""
    graph = work.graph
    if node.op_type == "DequantizeLinear":
        readers = [c for t in node.outputs for c in graph.consumers.get(t.name, ())]
        held = {work.fates[r].layer_id for r in readers if r in work.fates}
        side = "the nodes that read it are"
    else:
        producer = graph.producer.get(node.inputs[0].name) if node.inputs else None
        held = {work.fates[producer].layer_id} if producer in work.fates else set()
        side = "its producer is"
    if len(held) != 1:
        return None
    (layer_id,) = held
    if not layer_id or work.layers[layer_id].role not in ("compute", "myelin", "shuffle"):
        return None
    return NodeFate(
        node.name,
        node.op_type,
        "layer",
        layer_id=layer_id,
        detail=f"no event names it; {side} in this layer, so the layer took it",
    )


def _joined(moves: Sequence[str], detail: str) -> str:
    """The moves a node went through, then its fate's sentence."""
    return "; ".join((*moves, detail)) if moves else detail


def _moves(work: _Accounting, node: OnnxNode) -> list[str]:
    """``moved past X by PASS (line N)`` for each swap event naming the node."""
    moves: list[str] = []
    for index in work.by_name.get(node.name, ()):
        event = work.events[index]
        if event.kind == "swap" and len(event.layers) == 2:
            other = event.layers[0] if event.layers[1] == node.name else event.layers[1]
            moves.append(
                f"moved past {other} by {event.pass_name or 'a pass'} (log line {event.line})"
            )
    return moves


def _swapped_with(work: _Accounting, node: OnnxNode) -> set[str]:
    """The nodes a swap event moved ``node`` past (each part of a fused name)."""
    found: set[str] = set()
    for index in work.by_name.get(node.name, ()):
        event = work.events[index]
        if event.kind == "swap" and len(event.layers) == 2:
            other = event.layers[0] if event.layers[1] == node.name else event.layers[1]
            found.update(name_parts(other))
    return found


def _copy_event(work: _Accounting, node: OnnxNode, fate: NodeFate) -> tuple[str, int]:
    """The pass and line of the ``QDQToCopy`` event that made a Q/DQ a copy (else the fate's)."""
    for index in work.by_name.get(node.name, ()):
        event = work.events[index]
        if event.kind == "swap-type":
            return event.pass_name, event.line
    return fate.pass_name, fate.line


def _reformat_reason(work: _Accounting, node: OnnxNode, layer: EngineLayer) -> str:
    """Why a Q/DQ runs as a Reformat of its own: what its neighbours run in."""
    graph = work.graph
    if node.op_type == "QuantizeLinear":
        source = node.inputs[0].name if node.inputs else ""
        producer = graph.producer_node(source)
        if producer is None:
            return (
                f"left as a stand-alone Reformat ({layer.name}): it quantizes the network "
                f"input {source}, and no layer before it could write INT8"
            )
        held = work.fates.get(producer.name)
        if held is not None and held.layer_id and held.layer_id in work.layers:
            before = work.layers[held.layer_id]
            return (
                f"left as a stand-alone Reformat: its producer {producer.name} runs in "
                f"{before.name} ({before.layer_type or before.role}, output "
                f"{before.output_precision}), which could not take it as an output quantizer"
            )
        return (
            f"left as a stand-alone Reformat: its producer {producer.name} "
            f"({producer.op_type}) is not an engine layer that can write INT8"
        )
    readers = [work.fates.get(c) for t in node.outputs for c in graph.consumers.get(t.name, ())]
    after = [work.layers[f.layer_id] for f in readers if f is not None and f.layer_id]
    if after:
        names = ", ".join(dict.fromkeys(f"{a.name} ({a.precision})" for a in after))
        return (
            f"left as a stand-alone Reformat: its consumers run in {names} and none "
            "takes an INT8 input"
        )
    return "left as a stand-alone Reformat: no consumer could take an INT8 input"


def _quantizer_role(work: _Accounting, node: OnnxNode, layer: EngineLayer) -> tuple[str, str]:
    """As which quantizer a fused Q/DQ works in ``layer``, with the evidence in words."""
    graph = work.graph
    inside = _layer_nodes(work, layer.id)
    source = node.inputs[0].name if node.inputs else ""
    if graph.is_constant(source):
        return (
            "weight-quantizer",
            f"weight {'quantizer' if node.op_type == 'QuantizeLinear' else 'dequantizer'} "
            f"of its layer: its input {source} is a constant",
        )
    producer = graph.producer_node(source)
    swapped = _swapped_with(work, node)
    for _ in range(8):
        # A Q moved before its producer (VanillaSwapWithFollowingQ) quantizes what that
        # producer read.
        if producer is None or producer.name not in swapped or not producer.inputs:
            break
        source = producer.inputs[0].name
        producer = graph.producer_node(source)
    if node.op_type == "QuantizeLinear":
        if producer is not None and producer.name in inside:
            return (
                "output-quantizer",
                f"output quantizer of its layer: it quantizes the output of "
                f"{producer.name}, so the layer writes INT8",
            )
        return (
            "input-quantizer",
            f"input quantizer of its layer: the layer quantizes its input {source}",
        )
    if producer is not None and producer.op_type == "QuantizeLinear":
        weights = producer.inputs[0].name if producer.inputs else ""
        if graph.is_constant(weights):
            return (
                "weight-quantizer",
                f"weight dequantizer of its layer: it reads {producer.name}, which "
                f"quantizes the constant {weights}",
            )
    readers = [graph.nodes[c] for t in node.outputs for c in graph.consumers.get(t.name, ())]
    inside_readers = [r for r in readers if r.name in inside]
    if not inside_readers:
        return (
            "output-quantizer",
            "output dequantizer of its layer: the layer writes a float output",
        )
    has_main = any(graph.nodes[n].op_type in _MAIN_OPS for n in inside)
    residual = [r for r in inside_readers if r.op_type in _ADD_OPS]
    if residual and has_main and len(residual) == len(inside_readers):
        return (
            "residual-quantizer",
            f"residual input of its layer: {residual[0].name}, fused into the layer, "
            "adds it to the layer's result",
        )
    return (
        "input-quantizer",
        f"input dequantizer of its layer: {inside_readers[0].name} reads INT8 data",
    )


def _missing_evidence(work: _Accounting, node: OnnxNode, layer_file: bool) -> str:
    """What the log would need to say for the node's fate to be known."""
    names = ", ".join(t.name for t in node.outputs[:3])
    parts = ["no pass event names it or a name it was given, no engine layer's name holds it"]
    if names:
        parts.append(f"and its outputs ({names}) are no engine layer's tensors")
    if not layer_file:
        parts.append(
            "(a layer file from --exportLayerInfo with --profilingVerbosity=detailed "
            "lists each layer's ONNX nodes)"
        )
    elif not work.graph.has_edges:
        parts.append("(the log prints no node I/O lines to trace it through the graph)")
    return " ".join(parts)


def layer_onnx_nodes(
    layers: Sequence[EngineLayer], fates: Sequence[NodeFate]
) -> dict[str, tuple[str, ...]]:
    """Per engine layer, the ONNX nodes its fates put in it (import order, Constant nodes left
    out), then the layer's own metadata names that no fate mentions."""
    held: dict[str, list[str]] = {}
    for fate in fates:
        # Constant nodes (a Q/DQ's scale, a shape) are left out: they would bury the ops.
        if fate.layer_id and fate.fate in HOLDING_FATES and fate.op_type != "Constant":
            held.setdefault(fate.layer_id, []).append(fate.node)
    result: dict[str, tuple[str, ...]] = {}
    for layer in layers:
        names = held.get(layer.id, [])
        if names or layer.onnx_nodes:
            known = set(names)
            result[layer.id] = tuple(
                dict.fromkeys([*names, *(n for n in layer.onnx_nodes if n not in known)])
            )
    return result


def _folds_constants(event: PassEvent, node: OnnxNode) -> bool:
    """Whether ``event`` folded ``node`` into a constant (a ``Const...`` pass, or a Constant)."""
    return event.pass_name.startswith(_CONSTANT_PASSES) or node.op_type == "Constant"
