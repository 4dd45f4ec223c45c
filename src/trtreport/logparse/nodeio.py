"""The importer's node I/O lists, read into tensors.

The parser keeps each node's ``inputs: [...]`` and ``outputs: [...]`` lists as printed
(:attr:`~trtreport.model.OnnxNode.raw_io`); :func:`read_node_io` turns them into
:class:`~trtreport.model.OnnxTensor` tuples once, when the join needs the graph. One list::

    [x -> (1, 3, 224, 224)[FLOAT]], [conv1.weight -> (64, 3, 7, 7)[FLOAT]],

TensorRT 7 prints no ``[TYPE]`` after the dimensions; a name may hold brackets and spaces
(``(Unnamed Layer* 3) [Shuffle]_output``), so it runs up to its `` -> (``.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from trtreport.model import UNKNOWN, OnnxModelInfo, OnnxNode, OnnxTensor
from trtreport.precision import normalise_dtype

_IO_SEPARATOR = " -> ("
_IO_DTYPES: dict[str, str] = {}
"""Node I/O type word → precision label (``FLOAT`` → ``FP32``): few distinct words."""
_IO_DIMS: dict[str, tuple[int, ...]] = {}
"""Node I/O dimensions text → dimensions: shapes repeat (bounded, see :func:`io_tensors`)."""


def listed_tensors(message: str) -> tuple[OnnxTensor, ...]:
    """The tensors of a whole node I/O message (``Conv_9 [Conv] inputs: [...]``), as the
    parser keeps it: the list after its ``puts: ``."""
    at = message.find("] inputs: ")
    at = at + 10 if at >= 0 else message.find("] outputs: ") + 11
    return io_tensors(message[at:]) if at >= 10 else ()


def io_tensors(text: str) -> tuple[OnnxTensor, ...]:
    """The tensors of a node I/O list, ``[x -> (1, 3)[FLOAT]], [w -> (4, 3)[FLOAT]],`` (no
    ``[TYPE]`` in TensorRT 7). A name runs up to its ``" -> ("``, so names may hold brackets.
    Written with ``str.find`` rather than a regex: models print two such lines per node."""
    find = text.find
    at = find("[")
    if at < 0:
        return ()
    tensors: list[OnnxTensor] = []
    dtypes = _IO_DTYPES
    shapes = _IO_DIMS
    while at >= 0:
        arrow = find(_IO_SEPARATOR, at + 1)
        if arrow < 0:
            break
        close = find(")", arrow + 5)
        if close < 0:
            break
        end = close + 1
        dtype = UNKNOWN
        if text.startswith("[", end):
            type_end = find("]", end)
            if type_end < 0:
                break
            word = text[end + 1 : type_end]
            dtype = dtypes.get(word) or dtypes.setdefault(word, normalise_dtype(word))
            end = type_end + 1
        raw = text[arrow + 5 : close]
        dims = shapes.get(raw)
        if dims is None:
            dims = _tuple_dims(raw)
            if len(shapes) < 65_536:
                shapes[raw] = dims
        # A name is written once as an output and again for every consumer: interned, the
        # graph holds each name once.
        tensors.append(OnnxTensor(sys.intern(text[at + 1 : arrow]), dtype, dims))
        at = find("[", end + 1)
    return tuple(tensors)


def _tuple_dims(text: str) -> tuple[int, ...]:
    """``1, 3, 224, 224`` → ``(1, 3, 224, 224)``; a dimension that is no integer is ``-1``."""
    dims: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            dims.append(int(part))
        except ValueError:
            dims.append(-1)
    return tuple(dims)


def read_node_io(info: OnnxModelInfo) -> OnnxModelInfo:
    """``info`` with every node's printed I/O lists read into its ``inputs`` and ``outputs``
    (and the text dropped)."""
    nodes = tuple(_read(node) for node in info.nodes)
    return replace(info, nodes=nodes)


def _read(node: OnnxNode) -> OnnxNode:
    """One node with its lists read."""
    raw_in, raw_out = node.raw_io
    if not raw_in and not raw_out:
        return node
    return OnnxNode(
        node.name,
        node.op_type,
        node.line,
        listed_tensors(raw_in) if raw_in else node.inputs,
        listed_tensors(raw_out) if raw_out else node.outputs,
    )
