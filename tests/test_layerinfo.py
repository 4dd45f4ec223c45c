"""Tests of the JSON loader and the ``--exportLayerInfo`` reader.

Hand-written fixtures in each real format (GIVEN a file, THEN these fields), then corpus
tests over ``../shared/corpus`` that check every layer file of the MANIFEST.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trtreport.errors import InputError
from trtreport.jsonload import JsonKind, classify_json, load_json
from trtreport.layerinfo import detail_text, parse_layer_file
from trtreport.model import UNKNOWN

# TensorRT 8.5-style detailed file: two layers, the first a fused conv with its weights.
DETAILED = """{"Layers": [{
  "Name": "stem.conv + stem.act",
  "LayerType": "CaskConvolution",
  "Inputs": [
  {
    "Name": "pixels",
    "Location": "Device",
    "Dimensions": [1,3,64,64],
    "Format/Datatype": "Row major linear FP32"
  }],
  "Outputs": [
  {
    "Name": "stem_out",
    "Location": "Device",
    "Dimensions": [1,16,32,32],
    "Format/Datatype": "Channel major FP16 format where channel % 8 == 0"
  }],
  "ParameterType": "Convolution",
  "Kernel": [7,7],
  "PaddingMode": "kEXPLICIT_ROUND_DOWN",
  "Weights": {"Type": "Float", "Count": 2352},
  "HasReLU": 1,
  "Activation": "RELU",
  "TacticName": "sm80_xmma_fprop_implicit_gemm_f16f16_f16f16_f16_nhwckrsc_nhwc_tilesize64x32x64",
  "TacticValue": "0x1a2b3c4d5e6f7081"
},{
  "Name": "Reformatting CopyNode for Output Tensor 0 to stem.conv + stem.act",
  "LayerType": "Reformat",
  "Inputs": [
  {
    "Name": "stem_out",
    "Location": "Device",
    "Dimensions": [1,16,32,32],
    "Format/Datatype": "Channel major FP16 format where channel % 8 == 0"
  }],
  "Outputs": [
  {
    "Name": "features",
    "Location": "Device",
    "Dimensions": [1,16,32,32],
    "Format/Datatype": "Row major linear FP32"
  }],
  "ParameterType": "Reformat",
  "Origin": "REFORMAT",
  "TacticValue": "0x00000000000003e8"
}],
"Bindings": ["pixels"
,"features"
]}
"""

NAMES_ONLY = """{"Layers": ["stem.conv + stem.act"
,"Reformatting CopyNode for Output Tensor 0 to stem.conv + stem.act"
,"head.fc"
],
"Bindings": ["pixels"
,"logits"
]}
"""

# A profile (--exportProfile) and a timing file (--exportTimes), to pass in the wrong place.
PROFILE = """[
  { "count" : 10 }
, { "name" : "stem.conv", "timeMs" : 1.5, "averageMs" : 0.15, "percentage" : 100 }
]
"""
TIMES = """[
  { "startEnqMs" : 1.1, "endEnqMs" : 1.2, "startComputeMs" : 1.2, "latencyMs" : 0.7 }
]
"""

LOG = """&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=tiny.onnx --verbose
[08/20/2024-10:31:02] [I] === Model Options ===
"""


def layer(**fields: object) -> dict[str, object]:
    """A minimal detailed layer object with ``fields`` added (or replaced)."""
    base: dict[str, object] = {
        "Name": "block.conv",
        "LayerType": "CaskConvolution",
        "Inputs": [{"Name": "x", "Dimensions": [1, 8], "Format/Datatype": "Row major linear FP32"}],
        "Outputs": [
            {"Name": "y", "Dimensions": [1, 8], "Format/Datatype": "Row major linear FP32"}
        ],
    }
    base.update(fields)
    return base


def detailed_text(*layers: dict[str, object], bindings: tuple[str, ...] = ("x", "y")) -> str:
    """A detailed layer file holding ``layers``."""
    return json.dumps({"Layers": list(layers), "Bindings": list(bindings)})


# ----------------------------------------------------------------------------- detailed form


def test_detailed_file_named_log_is_detected_by_content() -> None:
    """A detailed file called ``.log`` is read as detailed, with bindings and positions."""
    parsed = parse_layer_file(DETAILED, "build_layer_info.log")

    assert parsed.kind == "detailed"
    assert parsed.source == "build_layer_info.log"
    assert parsed.bindings == ("pixels", "features")
    assert [record.line for record in parsed.layers] == [1, 2]


def test_detailed_layer_fields() -> None:
    """Name, type, tactic, kernel, origin and tensors come from their own keys."""
    conv, reformat = parse_layer_file(DETAILED, "layers.json").layers

    assert conv.name == "stem.conv + stem.act"
    assert conv.layer_type == "CaskConvolution"
    assert conv.tactic == "0x1a2b3c4d5e6f7081"
    assert conv.kernel.startswith("sm80_xmma_fprop_implicit_gemm_f16f16")
    (pixels,) = conv.inputs
    assert pixels.name == "pixels"
    assert pixels.dtype == "FP32"
    assert pixels.shape == (1, 3, 64, 64)
    assert pixels.format == "Row major linear FP32"
    assert pixels.raw_type == "Row major linear FP32"
    (stem_out,) = conv.outputs
    assert stem_out.dtype == "FP16"
    assert stem_out.format == "Channel major FP16 format where channel % 8 == 0"
    assert conv.origin == ""
    assert reformat.origin == "REFORMAT"
    assert reformat.tactic == "0x00000000000003e8"
    assert reformat.kernel == ""


def test_details_keep_file_order_and_one_text_rule() -> None:
    """Keys without a field of their own become details, in the file's order."""
    conv = parse_layer_file(DETAILED, "layers.json").layers[0]

    assert conv.details == (
        ("ParameterType", "Convolution"),
        ("Kernel", "7,7"),
        ("PaddingMode", "kEXPLICIT_ROUND_DOWN"),
        ("Weights", "Float × 2352"),
        ("HasReLU", "1"),
        ("Activation", "RELU"),
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("RELU", "RELU"),
        (1, "1"),
        (-1, "-1"),
        (0.5, "0.5"),
        (True, "true"),
        (None, "null"),
        ([3, 3], "3,3"),
        ([], ""),
        ([1.5, 2], "1.5,2"),
        ({"Type": "Half", "Count": 432}, "Half × 432"),
        (["arg0", "arg1"], '["arg0","arg1"]'),
        ({"Type": "Float", "Count": 1, "Extra": 2}, '{"Type":"Float","Count":1,"Extra":2}'),
        ([[1, 2], [3]], "[[1,2],[3]]"),
    ],
)
def test_detail_text_rule(value: object, text: str) -> None:
    """Each JSON value kind is made text by the documented rule."""
    assert detail_text(value) == text


def test_bare_list_of_layer_objects_is_detailed() -> None:
    """A bare list of layer objects is the detailed form without bindings."""
    parsed = parse_layer_file(json.dumps([layer(), layer(Name="block.pool")]), "layers.json")

    assert parsed.kind == "detailed"
    assert [record.name for record in parsed.layers] == ["block.conv", "block.pool"]
    assert parsed.bindings == ()


def test_integer_tactic_is_kept_as_written() -> None:
    """A numeric TacticValue (older TensorRT) is kept as its decimal text."""
    parsed = parse_layer_file(detailed_text(layer(TacticValue=-1372418543)), "old.json")

    assert parsed.layers[0].tactic == "-1372418543"


def test_myelin_stream_id_and_profile_suffix_are_kept() -> None:
    """Myelin names with a profile suffix are kept as written; StreamId is a detail."""
    myelin = layer(
        Name="{ForeignNode[/attn/MatMul.../attn/Softmax]} [profile 1]",
        LayerType="Myelin",
        StreamId=0,
        Metadata="",
        TacticValue="0x0000000000000000",
    )
    record = parse_layer_file(detailed_text(myelin), "layers.json").layers[0]

    assert record.name == "{ForeignNode[/attn/MatMul.../attn/Softmax]} [profile 1]"
    assert record.layer_type == "Myelin"
    assert record.onnx_nodes == ()
    assert record.details == (("StreamId", "0"),)


def test_layer_without_tensor_lists_has_no_tensors() -> None:
    """A layer without Inputs/Outputs has empty tensor tuples, not an error."""
    record = parse_layer_file(json.dumps([{"Name": "const", "LayerType": "Constant"}]), "l.json")

    assert record.layers[0].inputs == ()
    assert record.layers[0].outputs == ()


# ----------------------------------------------------------------------------- Metadata


def test_metadata_split_on_record_and_unit_separators() -> None:
    """ONNX nodes come from \x1e entries and \x1f fields, de-duplicated in order."""
    metadata = (
        "[ONNX Layer: /enc/conv]\x1f[ONNX Layer: /enc/bn]"
        "\x1e[ONNX Layer: /enc/conv]"
        "\x1e[ONNX Layer: /enc/relu]"
    )
    record = parse_layer_file(detailed_text(layer(Metadata=metadata)), "l.json").layers[0]

    assert record.onnx_nodes == ("/enc/conv", "/enc/bn", "/enc/relu")
    assert all(key != "Metadata" for key, _ in record.details)


def test_metadata_escaped_in_json_like_trtexec_writes_it() -> None:
    """The ``\u001e`` escape trtexec writes is split like the raw character."""
    text = (
        '{"Layers": [{"Name": "c + r", "LayerType": "CaskConvolution", "Inputs": [], '
        '"Outputs": [], "StreamId": 0, '
        '"Metadata": "[ONNX Layer: node_c]\\u001e[ONNX Layer: node_r]"}], "Bindings": []}'
    )
    record = parse_layer_file(text, "l.json").layers[0]

    assert record.onnx_nodes == ("node_c", "node_r")


def test_metadata_fields_that_are_not_onnx_layers_stay_in_details() -> None:
    """Metadata fields other than ``[ONNX Layer: ...]`` are kept as a detail."""
    metadata = "[ONNX Layer: /head/fc]\x1f[Source: model.py:12]\x1e"
    record = parse_layer_file(detailed_text(layer(Metadata=metadata)), "l.json").layers[0]

    assert record.onnx_nodes == ("/head/fc",)
    assert ("Metadata", "[Source: model.py:12]") in record.details


def test_empty_metadata_gives_no_nodes_and_no_detail() -> None:
    """An empty Metadata string adds nothing."""
    record = parse_layer_file(detailed_text(layer(Metadata="")), "l.json").layers[0]

    assert record.onnx_nodes == ()
    assert record.details == ()


# ----------------------------------------------------------------------------- data types


@pytest.mark.parametrize(
    ("written", "dtype"),
    [
        ("Row major linear BF16 format", "BF16"),
        ("Channel major BF16 format where channel % 8 == 0", "BF16"),
        ("Thirty-two wide channel vectorized row major Int8 format", "INT8"),
        ("Four wide channel vectorized row major Int8 format", "INT8"),
        ("Row major Int8 format", "INT8"),
        ("Channel major FP16 format where channel % 16 == 0", "FP16"),
        ("Row major linear Int32", "INT32"),
        ("Float", "FP32"),
        ("Row major linear FP8 format", "FP8"),
        ("Some future layout", UNKNOWN),
    ],
)
def test_format_sentence_gives_dtype(written: str, dtype: str) -> None:
    """Format sentences map to their type: BF16 stays BF16, vectorized Int8 is INT8."""
    tensor = {"Name": "t", "Dimensions": [1, 64, 8, 8], "Format/Datatype": written}
    record = parse_layer_file(detailed_text(layer(Inputs=[tensor])), "l.json").layers[0]

    assert record.inputs[0].dtype == dtype
    assert record.inputs[0].format == written
    assert record.inputs[0].raw_type == written


# ----------------------------------------------------------------------------- TensorRT 11

# Assumed TensorRT 11 shape (see layerinfo's docstring): split Format/DataType keys, a
# top-level "I/O Tensors" list instead of "Bindings", and per-layer "I/O Tensors" with IOMode.
TRT11 = """{
  "Layers": [
    {
      "Name": "proj.matmul",
      "LayerType": "gemm",
      "Inputs": [
        {"Name": "tokens", "Location": "Device", "Dimensions": [-1, 16],
         "Format": "LINEAR", "DataType": "BF16"}
      ],
      "Outputs": [
        {"Name": "proj_out", "Location": "Device", "Dimensions": [-1, 32],
         "Format": "LINEAR", "Datatype": "FP16"}
      ],
      "TacticName": "sm90_gemm_bf16_tile128x64",
      "TacticValue": "0x00000000000000a1",
      "StreamId": 0,
      "Metadata": "[ONNX Layer: /proj/MatMul]"
    },
    {
      "Name": "quant.q",
      "LayerType": "kgen",
      "I/O Tensors": [
        {"Name": "proj_out", "IOMode": "INPUT", "Dimensions": [-1, 32],
         "Format": "LINEAR", "DataType": "FP16"},
        {"Name": "q_out", "IOMode": "OUTPUT", "Dimensions": [-1, 32],
         "Format": "VECTORIZED_32", "DataType": "Int8"}
      ]
    }
  ],
  "I/O Tensors": [
    {"Name": "tokens", "IOMode": "INPUT", "DataType": "BF16", "Dimensions": [-1, 16],
     "Location": "DEVICE"},
    {"Name": "q_out", "IOMode": "OUTPUT", "DataType": "Int8", "Dimensions": [-1, 32],
     "Location": "DEVICE"}
  ]
}
"""


def test_trt11_split_format_and_datatype_keys() -> None:
    """TensorRT 11 tensors with Format and DataType/Datatype keys."""
    parsed = parse_layer_file(TRT11, "engine.layers.json")
    gemm = parsed.layers[0]

    assert parsed.kind == "detailed"
    (tokens,) = gemm.inputs
    assert tokens.dtype == "BF16"
    assert tokens.format == "LINEAR"
    assert tokens.raw_type == "BF16"
    assert tokens.shape == (-1, 16)
    (proj_out,) = gemm.outputs
    assert proj_out.dtype == "FP16"
    assert proj_out.raw_type == "FP16"
    assert gemm.onnx_nodes == ("/proj/MatMul",)


def test_trt11_top_level_io_tensors_give_bindings() -> None:
    """The top-level ``I/O Tensors`` list gives the binding names in order."""
    assert parse_layer_file(TRT11, "engine.layers.json").bindings == ("tokens", "q_out")


def test_trt11_layer_io_tensors_split_by_io_mode() -> None:
    """A layer's ``I/O Tensors`` list is split into inputs and outputs by IOMode."""
    quant = parse_layer_file(TRT11, "engine.layers.json").layers[1]

    assert [t.name for t in quant.inputs] == ["proj_out"]
    assert [(t.name, t.dtype, t.format) for t in quant.outputs] == [
        ("q_out", "INT8", "VECTORIZED_32")
    ]


def test_trt11_io_tensor_without_mode_is_an_error() -> None:
    """An ``I/O Tensors`` entry that does not say its direction is refused."""
    broken = {"Name": "q", "I/O Tensors": [{"Name": "a", "Dimensions": [1]}]}
    with pytest.raises(InputError, match=r'layer 1 \("q"\).*IOMode'):
        parse_layer_file(json.dumps([broken]), "l.json")


# ----------------------------------------------------------------------------- names-only


def test_names_only_file_named_log_is_detected_by_content() -> None:
    """A names-only file called ``.log`` gives bare records with positions."""
    parsed = parse_layer_file(NAMES_ONLY, "modelInformation.log")

    assert parsed.kind == "names-only"
    assert [(r.name, r.line) for r in parsed.layers] == [
        ("stem.conv + stem.act", 1),
        ("Reformatting CopyNode for Output Tensor 0 to stem.conv + stem.act", 2),
        ("head.fc", 3),
    ]
    assert parsed.layers[0].layer_type == ""
    assert parsed.layers[0].inputs == ()
    assert parsed.bindings == ("pixels", "logits")


def test_bare_list_of_names_is_names_only() -> None:
    """A bare list of strings is the names-only form."""
    parsed = parse_layer_file('["a", "b [profile 1]"]', "names.json")

    assert parsed.kind == "names-only"
    assert [r.name for r in parsed.layers] == ["a", "b [profile 1]"]


# ----------------------------------------------------------------------------- wrong files


def test_malformed_json_names_file_line_and_column() -> None:
    """Malformed JSON is reported as ``file:line:column: malformed JSON``."""
    text = '{"Layers": [\n  {"Name": "a",\n   "LayerType" "Conv"}\n]}'
    with pytest.raises(InputError) as caught:
        parse_layer_file(text, "model.layers.json")

    assert caught.value.line == 3
    assert caught.value.column == 16
    assert str(caught.value).startswith("model.layers.json:3:16: malformed JSON")


def test_concatenated_arrays_get_their_own_message() -> None:
    """Several documents back to back are counted, at the second one's position."""
    text = '[\n  "a"\n]\n[\n  "b"\n]\n[\n  "c"\n]\n'
    with pytest.raises(InputError) as caught:
        parse_layer_file(text, "runs.json")

    assert caught.value.line == 4
    assert caught.value.column == 1
    assert str(caught.value) == ("runs.json:4:1: holds 3 concatenated JSON documents; pass one run")


def test_trailing_garbage_is_not_called_concatenation() -> None:
    """Text after one document that is not JSON is reported as such."""
    with pytest.raises(InputError, match=r"l\.json:1:12: .*unexpected text after"):
        parse_layer_file('["a", "b"] }', "l.json")


def test_log_passed_as_layers() -> None:
    """A build log passed as layer information is named as a log."""
    with pytest.raises(InputError) as caught:
        parse_layer_file(LOG, "build.log")

    assert str(caught.value) == (
        "build.log: is a TensorRT log, not JSON: pass it as the BUILD_LOG argument"
    )


@pytest.mark.parametrize(
    "text",
    [
        "[08/20/2024-10:31:02] [V] [TRT] Original: 12 layers\n",
        "[TensorRT] VERBOSE: Original: 12 layers\n",
        "[TensorRT-Cookbook] Version: 1.0\n[01/02/2026-00:00:00] [TRT] [I] Init CUDA\n",
    ],
)
def test_log_prefixes_are_recognised(text: str) -> None:
    """Each logger's prefix is recognised, also below a banner line."""
    with pytest.raises(InputError, match="is a TensorRT log, not JSON"):
        parse_layer_file(text, "build.txt")


def test_profile_passed_as_layers() -> None:
    """A profile passed as layer information is named as a profile."""
    with pytest.raises(InputError, match=r"^p\.json: is a --exportProfile file.*--profile"):
        parse_layer_file(PROFILE, "p.json")


def test_times_passed_as_layers() -> None:
    """A timing file passed as layer information is named as one."""
    with pytest.raises(InputError, match=r"^t\.json: is a --exportTimes file.*--times"):
        parse_layer_file(TIMES, "t.json")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            '{"Name": "NVIDIA A100", "ComputeCapability": [8, 0]}',
            'keys "Name", "ComputeCapability"',
        ),
        ("42", "a number (42)"),
        ("{}", "an empty object"),
        (
            '[{"Name": "GPU", "TotalMemory": 1}]',
            'a list of objects with keys "Name", "TotalMemory"',
        ),
        ("[1, 2]", "a list whose first entry is a number (1)"),
    ],
)
def test_other_json_is_not_layer_information(text: str, found: str) -> None:
    """Other JSON is refused, saying what was expected and what was found."""
    with pytest.raises(InputError) as caught:
        parse_layer_file(text, "meta.json")

    assert "not a layer-information file: expected" in str(caught.value)
    assert found in str(caught.value)


@pytest.mark.subprocess
def test_empty_and_blank_files() -> None:
    """Empty, blank and BOM-only files are reported as empty."""
    for text in ("", "  \n\t\n", "\ufeff"):
        with pytest.raises(InputError, match=r"^e\.json: empty file"):
            parse_layer_file(text, "e.json")


def test_empty_layers_list() -> None:
    """A Layers list with no entries is refused."""
    with pytest.raises(InputError, match="holds no layers"):
        parse_layer_file('{"Layers": [], "Bindings": []}', "l.json")


def test_utf8_bom_is_tolerated() -> None:
    """A leading UTF-8 byte-order mark is skipped."""
    assert parse_layer_file("\ufeff" + NAMES_ONLY, "bom.json").kind == "names-only"
    assert load_json("\ufeff[1]", "bom.json") == [1]


# ----------------------------------------------------------------------------- broken structure


def test_layer_without_name_names_its_position() -> None:
    """A layer without Name is reported with its position."""
    nameless = layer()
    del nameless["Name"]
    with pytest.raises(InputError) as caught:
        parse_layer_file(detailed_text(layer(), nameless), "l.json")

    assert str(caught.value) == 'l.json: layer 2: "Name" must be a non-empty string, found none'


def test_dimensions_not_integers_names_layer_and_tensor() -> None:
    """Non-integer Dimensions name the layer, the tensor list and the tensor."""
    bad = {"Name": "x", "Dimensions": [1, "batch"], "Format/Datatype": "Row major linear FP32"}
    with pytest.raises(InputError) as caught:
        parse_layer_file(detailed_text(layer(), layer(Name="head.fc", Inputs=[bad])), "l.json")

    message = str(caught.value)
    assert message.startswith('l.json: layer 2 ("head.fc"): Inputs[0] ("x"):')
    assert '"Dimensions" must be a list of integers, found [1,"batch"]' in message


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"Inputs": {"Name": "x"}}, '"Inputs" must be a list, found an object'),
        ({"Outputs": ["y"]}, 'Outputs[0]: expected a tensor object, found a string ("y")'),
        ({"Inputs": [{"Dimensions": [1]}]}, 'Inputs[0]: "Name" must be a string, found null'),
        ({"LayerType": 7}, '"LayerType" must be a string, found a number (7)'),
        ({"Metadata": ["x"]}, '"Metadata" must be a string, found a list'),
        ({"TacticValue": 1.5}, '"TacticValue" must be a string or an integer'),
        (
            {"Inputs": [{"Name": "x", "Dimensions": [1], "Format/Datatype": 3}]},
            '"Format/Datatype" must be a string',
        ),
        ({"Inputs": [{"Name": "x", "Dimensions": [True]}]}, "must be a list of integers"),
    ],
)
def test_wrong_types_are_input_errors(fields: dict[str, object], expected: str) -> None:
    """Wrong JSON types in known keys are InputErrors naming the layer."""
    with pytest.raises(InputError) as caught:
        parse_layer_file(detailed_text(layer(**fields)), "l.json")

    assert str(caught.value).startswith('l.json: layer 1 ("block.conv"): ')
    assert expected in str(caught.value)


def test_mixed_layer_entries() -> None:
    """Names and objects mixed in one Layers list are refused."""
    with pytest.raises(InputError, match="layer 2: expected a layer name"):
        parse_layer_file('["a", {"Name": "b"}]', "l.json")
    with pytest.raises(InputError, match="layer 2: expected a layer object"):
        parse_layer_file(json.dumps([layer(), "b"]), "l.json")


def test_bad_bindings() -> None:
    """Bindings that are not names, and Layers that is not a list, are refused."""
    with pytest.raises(InputError, match='"Bindings" entry 2 must be a name, found a number'):
        parse_layer_file('{"Layers": ["a"], "Bindings": ["x", 3]}', "l.json")
    with pytest.raises(InputError, match='"Layers" must be a list, found an object'):
        parse_layer_file('{"Layers": {"a": 1}}', "l.json")


def test_deep_nesting_is_an_input_error() -> None:
    """Pathologically nested JSON is an InputError, not a RecursionError."""
    with pytest.raises(InputError, match="malformed JSON"):
        load_json("[" * 100_000 + "]" * 100_000, "deep.json")


def test_large_file_parses_every_layer() -> None:
    """A file of several MB parses whole (its speed is measured in benchmarks/, not here)."""
    many = [
        layer(
            Name=f"block{i}.conv + block{i}.relu",
            Metadata=f"[ONNX Layer: /b{i}/conv]\x1e[ONNX Layer: /b{i}/relu]",
            Kernel=[3, 3],
            Weights={"Type": "Half", "Count": 9216},
        )
        for i in range(15_000)
    ]
    text = json.dumps({"Layers": many, "Bindings": ["x", "y"]})
    assert len(text) > 5_000_000

    parsed = parse_layer_file(text, "big.json")

    assert len(parsed.layers) == 15_000
    assert parsed.layers[-1].onnx_nodes == ("/b14999/conv", "/b14999/relu")


# ----------------------------------------------------------------------------- corpus


def manifest_rows(corpus: Path) -> list[tuple[str, str]]:
    """``(file, kind column)`` of every table row of the corpus MANIFEST."""
    rows = []
    for line in (corpus / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 5 and (corpus / cells[1]).is_file():
            rows.append((cells[1], cells[4]))
    return rows


@pytest.mark.corpus
def test_corpus_layer_files_parse_with_kind_and_count(corpus_dir: Path) -> None:
    """Every MANIFEST layer file parses with the right kind, count and bindings."""
    expected: dict[str, tuple[str, int]] = {}
    found: dict[str, tuple[str, int]] = {}
    for name, kind in manifest_rows(corpus_dir):
        if not kind.startswith("layerinfo json"):
            continue
        text = (corpus_dir / name).read_text(encoding="utf-8")
        document = json.loads(text)
        layers = document["Layers"] if isinstance(document, dict) else document
        names_only = "names-only" in kind or "names_only" in kind
        expected[name] = ("names-only" if names_only else "detailed", len(layers))
        parsed = parse_layer_file(text, name)
        found[name] = (parsed.kind, len(parsed.layers))
        assert parsed.bindings == tuple(document["Bindings"])
    assert len(expected) >= 19
    assert found == expected


@pytest.mark.corpus
def test_corpus_other_files_are_refused_as_layers(corpus_dir: Path) -> None:
    """Real profiles, timing files and logs are refused with the right message."""
    messages = {}
    for name, kind in manifest_rows(corpus_dir):
        if kind.startswith(("profile json", "timing json", "build log", "build+run")):
            text = (corpus_dir / name).read_text(encoding="utf-8", errors="replace")
            with pytest.raises(InputError) as caught:
                parse_layer_file(text, name)
            messages[name] = caught.value.message
    assert messages
    for name, message in messages.items():
        if "concat" in name:
            assert "concatenated JSON documents; pass one run" in message, name
        elif name.endswith(".json") or "profile" in name:
            assert "--exportProfile" in message or "--exportTimes" in message, name
        else:
            assert "is a TensorRT log" in message, name


@pytest.mark.corpus
def test_corpus_kalfazed_resnet50_first_layer(corpus_dir: Path) -> None:
    """Spot-check the first layer of a real TensorRT 8.5 layer file."""
    name = "kalfazed-tensorrt_starter__5.1-trtexec__resnet50__build_layer_info.log"
    parsed = parse_layer_file((corpus_dir / name).read_text(encoding="utf-8"), name)
    first = parsed.layers[0]

    assert first.name == "/conv1/Conv + /relu/Relu"
    assert first.layer_type == "CaskConvolution"
    assert first.kernel == "ampere_scudnn_128x64_relu_xregs_large_nn_v1"
    assert first.tactic == "0x5deb29b7a8e275f7"
    assert [(t.name, t.dtype, t.shape) for t in first.inputs] == [
        ("input0", "FP32", (1, 3, 224, 224))
    ]
    assert ("Weights", "Float × 9408") in first.details
    assert ("Kernel", "7,7") in first.details
    assert parsed.bindings == ("input0", "output0")


@pytest.mark.corpus
def test_corpus_cookbook_trt10_metadata_and_stream_id(corpus_dir: Path) -> None:
    """Spot-check a real TensorRT 10 file: Metadata and StreamId."""
    name = "nvidia-trt-cookbook__07-Tool-trtexec__model-trained-exportLayerInfo__7e7e0c39.log"
    parsed = parse_layer_file((corpus_dir / name).read_text(encoding="utf-8"), name)
    first = parsed.layers[0]

    assert first.name == "node_conv2d + node_relu"
    assert first.onnx_nodes == ("node_conv2d", "node_relu")
    assert first.inputs[0].dtype == "FP32"
    assert first.inputs[0].format == "Float"
    assert ("StreamId", "0") in first.details
    assert parsed.bindings == ("x", "y", "z")


@pytest.mark.corpus
def test_corpus_int8_engine_has_vectorized_int8_tensors(corpus_dir: Path) -> None:
    """A real INT8 engine's vectorized Int8 tensors are INT8, never FP32."""
    name = "kalfazed-tensorrt_starter__6.4-trex__resnet50-int8.engine.graph.json"
    parsed = parse_layer_file((corpus_dir / name).read_text(encoding="utf-8"), name)
    formats = {
        tensor.format: tensor.dtype
        for record in parsed.layers
        for tensor in record.inputs + record.outputs
    }

    assert formats["Thirty-two wide channel vectorized row major Int8 format"] == "INT8"
    assert "FP32" not in {formats[f] for f in formats if "Int8" in f}
    assert parsed.layers[1].onnx_nodes[0].startswith("/backbone/")


@pytest.mark.corpus
def test_corpus_controlnet_myelin_layers(corpus_dir: Path) -> None:
    """A real engine with Myelin layers and several Origins parses."""
    name = "yuanjiechen-trt2023__layerinfo__b3d06c8a.json"
    parsed = parse_layer_file((corpus_dir / name).read_text(encoding="utf-8"), name)
    myelin = [r for r in parsed.layers if r.layer_type == "Myelin"]

    assert myelin
    assert myelin[0].name.startswith("{ForeignNode[")
    assert {r.origin for r in parsed.layers} >= {"REFORMAT", "SLICE", "CAST"}


@pytest.mark.corpus
def test_corpus_names_only_cookbook(corpus_dir: Path) -> None:
    """Spot-check a real names-only file."""
    name = "nvidia-trt-cookbook__08-Tool-trtexec__modelInformation__3c25bc54.log"
    parsed = parse_layer_file((corpus_dir / name).read_text(encoding="utf-8"), name)

    assert parsed.kind == "names-only"
    assert parsed.layers[0].name == "Reformatting CopyNode for Input Tensor 0 to Conv-1 + ReLU-2"
    assert parsed.layers[-1].name == "(Unnamed Layer* 32) [Shuffle]"
    assert parsed.layers[-1].line == 15


# ----------------------------------------------------------------------------- which JSON is it


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (DETAILED, JsonKind.LAYERS_DETAILED),
        (NAMES_ONLY, JsonKind.LAYERS_NAMES),
        (TRT11, JsonKind.LAYERS_TRT11),  # the top-level "I/O Tensors"
        ('[{"Name": "a", "LayerType": "kgen", "I/O Tensors": []}]', JsonKind.LAYERS_TRT11),
        ('[{"Name": "a", "I/O Tensors": [], "Inputs": []}]', JsonKind.LAYERS_DETAILED),
        ('{"Layers": [{"Name": "a", "I/O Tensors": []}]}', JsonKind.LAYERS_TRT11),
        ('["conv1", "relu1"]', JsonKind.LAYERS_NAMES),
        ('[{"Name": "a", "LayerType": "Reformat"}]', JsonKind.LAYERS_DETAILED),
        ('{"Layers": []}', JsonKind.LAYERS_DETAILED),  # layer information, checked by its reader
        (PROFILE, JsonKind.PROFILE),
        ('[{"name": "a", "timeMs": 1, "averageMs": 1, "percentage": 100}]', JsonKind.PROFILE),
        (TIMES, JsonKind.TIMES),
        ('[{"name": "gpu0", "memory": 8}]', JsonKind.UNKNOWN),  # not only profile keys
        ('[{"Name": "GPU", "TotalMemory": 1}]', JsonKind.UNKNOWN),  # TREx device metadata
        ('{"device_information": {}}', JsonKind.UNKNOWN),
        ("[]", JsonKind.UNKNOWN),
        ("[1, 2]", JsonKind.UNKNOWN),
        ("42", JsonKind.UNKNOWN),
    ],
)
def test_classify_json(text: str, kind: JsonKind) -> None:
    """One function says which trtexec output a document is; every reader asks it."""
    assert classify_json(load_json(text, "x.json")) is kind


def test_only_layer_kinds_are_layer_information() -> None:
    assert {k for k in JsonKind if k.is_layer_info} == {
        JsonKind.LAYERS_DETAILED,
        JsonKind.LAYERS_NAMES,
        JsonKind.LAYERS_TRT11,
    }


def test_trt11_layer_file_is_read_as_detailed() -> None:
    """The form only chooses the reading; a TensorRT 11 file is a detailed layer file."""
    assert parse_layer_file(TRT11, "l.json").kind == "detailed"
    bare = '[{"Name": "a", "LayerType": "kgen", "I/O Tensors": []}]'
    assert parse_layer_file(bare, "l.json").kind == "detailed"
