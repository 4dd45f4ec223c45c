"""The tensor syntax of ``Engine Layer Information`` lines.

Two spellings exist, and names may hold spaces, commas, brackets and ``+``::

    x:0[Float(-2,1,28,28)]                                          TensorRT 8.0 - 8.4
    Reformatted Input Tensor 0 to Conv__27 + Relu_1[Float(-2,32,14,14)]
    relu (Half[-1,32:8,28,28])                                      TensorRT 8.5 and later
    (Unnamed Layer* 356) [ElementWise]_out_tensor (Float[1,1000,1,1])

A list is ``T, T, ... -> T, T, ...``; a constant has no inputs (``  -> out (Half[1,10])``).
``64:32`` is channel 64 vectorized by 32: the shape keeps 64 and the format says
``vectorized-32``.
"""

from __future__ import annotations

import re

from trtreport.model import TensorInfo
from trtreport.numbers import parse_int
from trtreport.precision import normalise_dtype

# Non-greedy names let a name contain ", " as long as it is not followed by a type in brackets.
_NEW_TENSOR = re.compile(
    r"(?P<name>.*?) \((?P<type>[A-Za-z][A-Za-z0-9]*)\[(?P<dims>[-0-9,: ]*)\]\)(?P<sep>, | -> |\Z)"
)
_OLD_TENSOR = re.compile(
    r"(?P<name>.*?)\[(?P<type>[A-Za-z][A-Za-z0-9]*)\((?P<dims>[-0-9,: ]*)\)\](?P<sep>, | -> |\Z)"
)


def parse_dims(text: str) -> tuple[tuple[int, ...], str] | None:
    """Parse ``-1,32:8,28,28`` into ``((-1, 32, 28, 28), "vectorized-8")``; None if malformed."""
    text = text.strip()
    if not text:
        return (), ""
    shape: list[int] = []
    vector = ""
    for part in text.split(","):
        base, colon, width = part.strip().partition(":")
        number = parse_int(base)
        if number is None or (colon and parse_int(width) is None):
            return None
        shape.append(number)
        if colon:
            vector = width
    return tuple(shape), (f"vectorized-{vector}" if vector else "")


def parse_tensor_lists(text: str) -> tuple[tuple[TensorInfo, ...], tuple[TensorInfo, ...]] | None:
    """Parse ``INPUTS -> OUTPUTS`` of an engine layer line; None if it does not fit the syntax."""
    text = text.strip()
    pattern = _OLD_TENSOR if text.endswith(")]") else _NEW_TENSOR
    inputs: list[TensorInfo] = []
    outputs: list[TensorInfo] = []
    side = inputs
    pos = 0
    if text.startswith("->"):
        side = outputs
        pos = 2 if len(text) == 2 else 3
    while pos < len(text):
        match = pattern.match(text, pos)
        if match is None:
            return None
        dims = parse_dims(match.group("dims"))
        if dims is None:
            return None
        type_word = match.group("type")
        side.append(
            TensorInfo(
                name=match.group("name"),
                dtype=normalise_dtype(type_word),
                shape=dims[0],
                format=dims[1],
                raw_type=type_word,
            )
        )
        separator = match.group("sep")
        pos = match.end()
        if separator == " -> ":
            if side is outputs:
                return None
            side = outputs
        elif not separator:
            break
    return tuple(inputs), tuple(outputs)
