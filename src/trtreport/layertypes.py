"""What an engine layer is, told from its layer type and its name: one answer for every stage.

TensorRT names a layer's type after the implementation that won (``CaskConvolution``,
``CaskGemmConvolution``, ``CudnnConvolution``, ``FusedConvActConvolution``, ``MatrixMultiply``,
and in TensorRT 10 the lower-case ``gemm`` of a layer split out of a Myelin region), so the
families of computing layers are matched as case-insensitive fragments of the type. The
layers that move or hold data have a few exact type names (``Reformat``, ``NoOp``,
``Shuffle``, ``Constant``, ...). Two kinds of layer are also known by their name:

* the builder's copies, ``Reformatting CopyNode for Input Tensor 0 to conv1`` (whatever type
  the layer file gives them: ``Reformat``, ``NoOp`` or none);
* Myelin regions, ``{ForeignNode[MatMul_1...Add_9]}``.

:func:`trtreport.join.layer_role` (the role shown in the graph), the join's precision rule,
the findings of :mod:`trtreport.analysis` and the name tracing of :mod:`trtreport.provenance`
all ask the functions here.
"""

from __future__ import annotations

import re

CONVOLUTION_FRAGMENTS: tuple[str, ...] = ("conv",)
"""Lower-case fragments of convolution and deconvolution types (``CaskConvolution``,
``CaskDeconvolution``, ``ConvActPool``)."""
GEMM_FRAGMENTS: tuple[str, ...] = ("gemm", "matrixmultiply", "matmul", "fullyconnected")
"""Lower-case fragments of GEMM, matrix multiply and fully connected types."""
MATMUL_FRAGMENTS: tuple[str, ...] = CONVOLUTION_FRAGMENTS + GEMM_FRAGMENTS
"""Lower-case fragments of the types of layers that multiply by weights."""

ARITHMETIC_FRAGMENTS: tuple[str, ...] = (
    *MATMUL_FRAGMENTS,
    "pool",
    "pointwise",
    "elementwise",
    "activation",
    "scale",
    "unary",
    "softmax",
    "reduce",
    "normalization",
    "lrn",
)
"""Lower-case fragments of the types of layers that do arithmetic on data."""

REFORMAT_TYPES = frozenset({"Reformat", "MyelinReformat", "Reformatting"})
"""Types of layers that copy a tensor into another type or layout."""
SHUFFLE_TYPES = frozenset({"Shuffle", "NoOp", "Reshape", "Squeeze", "Unsqueeze", "Slice"})
"""Types of layers that only move or relabel data (``NoOp`` relabels a layout in place)."""
CONSTANT_TYPES = frozenset({"Constant", "ConstantLayer"})
"""Types of layers that hold weights or constants."""
SYNC_TYPES = frozenset({"TrainStation", "Signal", "Wait"})
"""Pseudo-layers of multi-stream engines: they synchronise streams and compute nothing."""
QDQ_TYPES = frozenset({"Quantize", "Dequantize", "QDQToCopy"})
"""Types of a Q or DQ kept as a layer of its own (a ``Reformat`` may be one too: see
:func:`is_qdq_layer`)."""
MYELIN_TYPE = "Myelin"

_REFORMAT_PREFIX = "Reformatting CopyNode "
REFORMAT_NAME = re.compile(
    r"^Reformatting CopyNode for (?P<side>Input|Output) Tensor \d+ to (?P<target>.*)\Z",
    re.DOTALL,
)
"""A copy's full name: which side of which layer it was inserted on."""
_MYELIN_PREFIX = "{ForeignNode["


def is_matmul_type(layer_type: str) -> bool:
    """Whether layers of this type multiply by weights (convolution, GEMM, matrix multiply).

    >>> [is_matmul_type(t) for t in ("CaskGemmConvolution", "gemm", "MatrixMultiply", "Scale")]
    [True, True, True, False]
    """
    kind = layer_type.lower()
    return any(fragment in kind for fragment in MATMUL_FRAGMENTS)


def is_arithmetic_type(layer_type: str) -> bool:
    """Whether layers of this type do arithmetic on data (see :data:`ARITHMETIC_FRAGMENTS`).

    >>> [is_arithmetic_type(t) for t in ("PointWiseV2", "CaskPooling", "Shuffle", "Reformat")]
    [True, True, False, False]
    """
    kind = layer_type.lower()
    return any(fragment in kind for fragment in ARITHMETIC_FRAGMENTS)


def is_reformat_type(layer_type: str) -> bool:
    """Whether the type is one of :data:`REFORMAT_TYPES` (``NoOp`` is not: see the name)."""
    return layer_type in REFORMAT_TYPES


def is_reformat_name(name: str) -> bool:
    """Whether the name is one the builder gives the copies it inserts.

    >>> is_reformat_name("Reformatting CopyNode for Output Tensor 0 to Conv_3 + Relu_4")
    True
    >>> is_reformat_name("Reformatted Input Tensor 0 to Conv_3")  # a tensor, not a layer
    False
    """
    return name.startswith(_REFORMAT_PREFIX)


def reformat_side(name: str) -> tuple[str, str] | None:
    """``(side, layer)`` of a copy's name: the side (``Input``/``Output``) of the layer it
    serves; ``None`` when the name is not a copy's full name.

    >>> reformat_side("Reformatting CopyNode for Input Tensor 1 to Add_7")
    ('Input', 'Add_7')
    """
    match = REFORMAT_NAME.match(name)
    return (match["side"], match["target"]) if match else None


def is_myelin_name(name: str) -> bool:
    """Whether the name is a Myelin region's (``{ForeignNode[...]}``)."""
    return name.startswith(_MYELIN_PREFIX)


def is_myelin(layer_type: str, name: str) -> bool:
    """Whether the layer is a Myelin region, by its type or its name."""
    return layer_type == MYELIN_TYPE or is_myelin_name(name)


def is_shuffle_type(layer_type: str) -> bool:
    """Whether the type is one of :data:`SHUFFLE_TYPES`."""
    return layer_type in SHUFFLE_TYPES


def is_constant_type(layer_type: str) -> bool:
    """Whether the type is one of :data:`CONSTANT_TYPES`."""
    return layer_type in CONSTANT_TYPES


def is_sync_type(layer_type: str) -> bool:
    """Whether the type is one of :data:`SYNC_TYPES`."""
    return layer_type in SYNC_TYPES


def is_qdq_layer(layer_type: str, origin: str) -> bool:
    """Whether the layer is a Q or DQ of its own: ``Origin: QDQ`` or one of :data:`QDQ_TYPES`.

    >>> is_qdq_layer("Reformat", "QDQ"), is_qdq_layer("Reformat", "REFORMAT")
    (True, False)
    """
    return origin == "QDQ" or layer_type in QDQ_TYPES
