"""Normalise the many ways TensorRT writes a data type into one precision label.

The same type appears as ``Float``/``Half``/``Int8`` in the log's tensor syntax
(``x (Float[1,3,224,224])``), as a sentence in layer JSON (``Row major linear FP32``,
``Thirty-two wide channel vectorized row major Int8 format``, ``Channel major FP16 format where
channel % 8 == 0``), as ``fp32``/``int64`` in TensorRT 10's binding lines, and as a bare
``DataType`` in TensorRT 11's layer JSON. The label is decided by the first *type token* in the
text, matched as a whole word, so ``BFloat16`` is BF16 (never FP32) and the ``8`` of
``channel % 8`` is not a type.
"""

from __future__ import annotations

import re

from trtreport.model import UNKNOWN

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*")

_LABEL_BY_TOKEN: dict[str, str] = {
    "float": "FP32",
    "fp32": "FP32",
    "float32": "FP32",
    "kfloat": "FP32",
    "tf32": "TF32",
    "half": "FP16",
    "fp16": "FP16",
    "float16": "FP16",
    "khalf": "FP16",
    "bf16": "BF16",
    "bfloat16": "BF16",
    "kbf16": "BF16",
    "fp8": "FP8",
    "e4m3": "FP8",
    "kfp8": "FP8",
    "int8": "INT8",
    "kint8": "INT8",
    "int4": "INT4",
    "kint4": "INT4",
    "fp4": "FP4",
    "e2m1": "FP4",
    "kfp4": "FP4",
    "int32": "INT32",
    "kint32": "INT32",
    "int64": "INT64",
    "kint64": "INT64",
    "uint8": "UINT8",
    "kuint8": "UINT8",
    "bool": "BOOL",
    "kbool": "BOOL",
}


def normalise_dtype(text: str) -> str:
    """Return the precision label named by ``text``, or :data:`~trtreport.model.UNKNOWN`.

    >>> normalise_dtype("Thirty-two wide channel vectorized row major Int8 format")
    'INT8'
    >>> normalise_dtype("BFloat16")
    'BF16'
    """
    for token in _TOKEN.findall(text):
        label = _LABEL_BY_TOKEN.get(token.lower())
        if label is not None:
            return label
    return UNKNOWN
