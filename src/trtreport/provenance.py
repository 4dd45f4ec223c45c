"""Provenance: which ONNX nodes each engine layer holds, and what passes did on the way.

TensorRT names a fused layer after its parts (``conv1.weight + QuantizeLinear_7 + Conv_9``),
a horizontal merge after its branches (``Conv_3 || Conv_5``) and a Myelin region after the
first and last node it swallowed (``{ForeignNode[MatMul_1...Add_9]}``); the layer file's
``Metadata`` lists the ONNX nodes exactly. The optimizer's events say how names changed on the
way: ``Fusing A with B`` makes ``A + B`` (or the name the line gives), ``fusing (DQ and Conv)
into Conv`` makes ``Conv``, ``Eliminating X which duplicates Y`` makes X into Y, ``Removing X``
ends X. Following those renames from a name until it reaches a name an engine layer holds is
how an event is tied to the layer it produced, and how an ONNX node gets its fate.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from trtreport.layertypes import is_reformat_name
from trtreport.model import EngineLayer, NodeFate, OnnxNode, PassEvent, TracedEvent

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


def node_fates(tracer: Tracer, nodes: Iterable[OnnxNode]) -> tuple[NodeFate, ...]:
    """The fate of every ONNX node the importer parsed (see :class:`NodeFate`)."""
    fates: list[NodeFate] = []
    for node in nodes:
        fates.append(_fate(tracer, node))
    return tuple(fates)


def _fate(tracer: Tracer, node: OnnxNode) -> NodeFate:
    """Decide one node's fate: held, fused, duplicate, removed, constant, or unknown."""
    direct = tracer.holder(node.name)
    if direct:
        return NodeFate(node.name, node.op_type, "layer", layer_id=direct)
    layer_id, first, removal = tracer.follow(node.name)
    if first is not None and first.kind == "eliminate-duplicate":
        return NodeFate(
            node.name,
            node.op_type,
            "duplicate",
            layer_id=layer_id,
            pass_name=first.pass_name,
            other=first.result or first.layers[-1],
            line=first.line,
        )
    if layer_id and first is not None:
        return NodeFate(
            node.name,
            node.op_type,
            "constant" if _folds_constants(first, node) else "layer",
            layer_id=layer_id,
            pass_name=first.pass_name,
            other=tracer.successor[node.name][0],
            line=first.line,
        )
    if removal is not None:
        fate = "constant" if _folds_constants(removal, node) else "removed"
        return NodeFate(
            node.name, node.op_type, fate, pass_name=removal.pass_name, line=removal.line
        )
    if node.op_type == "Constant":
        return NodeFate(node.name, node.op_type, "constant")
    if first is not None:
        return NodeFate(
            node.name,
            node.op_type,
            "unknown",
            pass_name=first.pass_name,
            other=first.result,
            line=first.line,
        )
    return NodeFate(node.name, node.op_type, "unknown")


def _folds_constants(event: PassEvent, node: OnnxNode) -> bool:
    """Whether ``event`` folded ``node`` into a constant (a ``Const...`` pass, or a Constant)."""
    return event.pass_name.startswith(_CONSTANT_PASSES) or node.op_type == "Constant"
