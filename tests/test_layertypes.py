"""One classification of layer types and names, shared by the join, the analysis and provenance.

GIVEN a layer type or name as TensorRT writes it (types seen in the corpus: ``CaskConvolution``,
TensorRT 10's lower-case ``gemm`` and ``kgen``, ``MyelinReformat``, ``NoOp``, ...), THEN this
classification; and the stages answer alike because they ask the same functions.
"""

from __future__ import annotations

import pytest

from trtreport import analysis, join, provenance
from trtreport.layertypes import (
    is_arithmetic_type,
    is_constant_type,
    is_matmul_type,
    is_myelin,
    is_qdq_layer,
    is_reformat_name,
    is_reformat_type,
    is_shuffle_type,
    is_sync_type,
    reformat_side,
)
from trtreport.model import EngineLayer, LayerRecord, TensorInfo

MATMUL_TYPES = [
    "CaskConvolution",
    "CaskGemmConvolution",
    "CudnnConvolution",
    "CublasConvolution",
    "CudaDepthwiseConvolution",
    "FusedConvActConvolution",
    "CaskDeconvolution",
    "ConvActPool",
    "CaskConvActPool",
    "MatrixMultiply",
    "MatMul",
    "Gemm",
    "gemm",  # TensorRT 10: a GEMM split out of a Myelin region (cookbook 07, result-04)
    "FullyConnected",
]
NOT_MATMUL_TYPES = [
    "CaskPooling",
    "PointWiseV2",
    "Scale",
    "kgen",
    "Reformat",
    "NoOp",
    "Shuffle",
    "Myelin",
    "CaskSoftMaxV2",
    "",
]


@pytest.mark.parametrize("layer_type", MATMUL_TYPES)
def test_weight_multiplying_types(layer_type: str) -> None:
    assert is_matmul_type(layer_type) is True
    assert is_arithmetic_type(layer_type) is True


@pytest.mark.parametrize("layer_type", NOT_MATMUL_TYPES)
def test_other_types_do_not_multiply_by_weights(layer_type: str) -> None:
    assert is_matmul_type(layer_type) is False


@pytest.mark.parametrize(
    ("layer_type", "arithmetic"),
    [
        ("CaskPooling", True),
        ("TiledPooling", True),
        ("PointWiseV2", True),
        ("ElementWise", True),
        ("Scale", True),
        ("CudaSoftMax", True),
        ("Reduce", True),
        ("kgen", False),  # a Myelin-generated kernel: what it computes is not in its type
        ("Shuffle", False),
        ("Reformat", False),
        ("Padding", False),
        ("PluginV2", False),
    ],
)
def test_arithmetic_types(layer_type: str, arithmetic: bool) -> None:
    assert is_arithmetic_type(layer_type) is arithmetic


def test_data_moving_types_are_exact_names() -> None:
    assert [is_reformat_type(t) for t in ("Reformat", "MyelinReformat", "Reformatting")] == [
        True,
        True,
        True,
    ]
    assert is_reformat_type("NoOp") is False  # a NoOp is a reformat only by its name
    assert [is_shuffle_type(t) for t in ("Shuffle", "NoOp", "Slice", "Concatenation")] == [
        True,
        True,
        True,
        False,
    ]
    assert (is_constant_type("Constant"), is_constant_type("ConstantLayer")) == (True, True)
    assert is_constant_type("ConstShuffle") is False
    assert [is_sync_type(t) for t in ("TrainStation", "Signal", "Wait", "Myelin")] == [
        True,
        True,
        True,
        False,
    ]


def test_qdq_layers_by_origin_or_type() -> None:
    assert is_qdq_layer("Reformat", "QDQ") is True
    assert is_qdq_layer("QDQToCopy", "") is True
    assert is_qdq_layer("Dequantize", "") is True
    assert is_qdq_layer("Reformat", "REFORMAT") is False
    assert is_qdq_layer("Scale", "") is False  # TensorRT 8.2's Scale Q/DQ is told by its name


def test_reformat_names_are_the_builders_copies_not_their_tensors() -> None:
    assert is_reformat_name("Reformatting CopyNode for Input Tensor 0 to Conv_3") is True
    assert is_reformat_name("Reformatting CopyNode for Output Tensor 1 to a + b") is True
    assert is_reformat_name("Reformatted Input Tensor 0 to Conv_3") is False
    assert is_reformat_name("conv1 + Reformatting CopyNode") is False
    assert reformat_side("Reformatting CopyNode for Output Tensor 2 to Conv_3 + Relu_4") == (
        "Output",
        "Conv_3 + Relu_4",
    )
    assert reformat_side("Reformatting CopyNode for something else") is None


def test_myelin_by_type_or_name() -> None:
    assert is_myelin("Myelin", "anything") is True
    assert is_myelin("", "{ForeignNode[MatMul_1...Add_9]}") is True
    assert is_myelin("MyelinReformat", "Cast_68") is False
    assert is_myelin("", "ForeignNode[x]") is False


# ---------------------------------------------------------------------------------------------
# The stages agree because they ask the same functions
# ---------------------------------------------------------------------------------------------


def engine_layer(layer_type: str, name: str = "layer") -> EngineLayer:
    """An engine layer with only its type and name of interest."""
    return EngineLayer(
        id="L0",
        index=0,
        name=name,
        layer_type=layer_type,
        role="compute",
        precision="FP32",
        input_precision="FP32",
        output_precision="FP32",
    )


@pytest.mark.parametrize("layer_type", MATMUL_TYPES + NOT_MATMUL_TYPES)
def test_join_and_analysis_agree_on_matrix_layers(layer_type: str) -> None:
    """The join's precision rule treats as a matrix layer exactly what the analysis does."""
    record = LayerRecord(
        name="layer",
        layer_type=layer_type,
        inputs=(TensorInfo("x", "INT8"), TensorInfo("w", "FP32")),
        outputs=(TensorInfo("y", "FP32"),),
    )
    joined_as_matmul = join.compute_precision(record, "compute") == "INT8"
    assert joined_as_matmul is analysis.is_matmul(engine_layer(layer_type))


def test_lower_case_gemm_with_a_tf32_kernel_computes_in_tf32() -> None:
    """TensorRT 10's ``gemm`` layers follow the matrix rule (case-sensitive matching missed them)."""
    record = LayerRecord(
        name="node_linear_myl4_0",
        layer_type="gemm",
        kernel="sm80_xmma_gemm_tf32f32_tf32f32_f32_tn_n_tilesize128x128x16",
        inputs=(TensorInfo("x", "FP32"),),
        outputs=(TensorInfo("y", "FP32"),),
    )
    assert join.compute_precision(record, "compute") == "TF32"


@pytest.mark.parametrize(
    "name",
    [
        "Reformatting CopyNode for Input Tensor 0 to Conv_3",
        "Reformatting CopyNode for Output Tensor 0 to Conv_3 + Relu_4",
    ],
)
def test_a_copy_is_a_reformat_that_holds_no_node(name: str) -> None:
    """The role says reformat, and provenance finds no ONNX node in the copy's name."""
    assert join.layer_role(LayerRecord(name, "NoOp", inputs=(TensorInfo("x", "INT8"),))) == (
        "reformat"
    )
    assert provenance.name_parts(name) == ()
    assert analysis.short_name(name).startswith("Reformat ")
