"""How the inputs are matched to each other: the one name rule of the package, and where the
engine's bindings are resolved.

* **Names.** A layer (of the log's ``Engine Layer Information``, its ``--dumpLayerInfo`` dump,
  the layer file, the profile) is found by its name exactly, else by :func:`normalise_name`
  (whitespace folded, Unicode separators replaced, `` [profile N]`` suffixes dropped); the
  first layer of a name wins (:class:`NameIndex`). The parser merges the dump into the engine
  layers with it (:mod:`trtreport.logparse.state`), the join the layer file and the profile
  (:mod:`trtreport.join`).
* **Bindings.** The parser gives a build the bindings its log shows, typed from the log's own
  tensors (:func:`typed_bindings`, or :func:`bindings_from_dump` from a dump's ``Bindings:``
  list); the report's bindings are those, typed from the merged layers, else the layer file's
  list, the model's declared inputs and outputs, or the graph's loose ends
  (:func:`report_bindings`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from trtreport.model import (
    UNKNOWN,
    Binding,
    Build,
    EngineLayer,
    LayerFile,
    LayerRecord,
    OnnxTensor,
    TensorInfo,
)

_PROFILE_SUFFIX = re.compile(r"\s*\[profile \d+\]$")
_SEPARATORS = re.compile(r"[\s\u00a0\u2000-\u200b\u2028\u2029\u3000]+")


def normalise_name(name: str) -> str:
    """The matching key of a layer name: separators folded, profile suffix dropped."""
    name = _PROFILE_SUFFIX.sub("", name)
    return _SEPARATORS.sub(" ", name).strip()


class NameIndex:
    """Positions of layers by exact name and by :func:`normalise_name` (first of a name wins).

    Built once per report over the merged layers and shared by everything matched to them by
    name (profile entries, autotuning, placement).
    """

    __slots__ = ("_exact", "_loose")

    def __init__(self, names: Iterable[str]) -> None:
        self._exact: dict[str, int] = {}
        self._loose: dict[str, int] = {}
        for i, name in enumerate(names):
            self._exact.setdefault(name, i)
            self._loose.setdefault(normalise_name(name), i)

    def find(self, name: str) -> int | None:
        """The position of the layer named ``name``: exactly, else by its normalised key."""
        found = self._exact.get(name)
        if found is None:
            found = self._loose.get(normalise_name(name))
        return found


_KEPT_IO_TYPES = frozenset({"FP32", "FP16", "BF16", "FP8", "INT8", "UINT8", "INT32", "BOOL"})
"""ONNX input/output types an engine binding keeps as declared (TensorRT before 10 turns INT64
and DOUBLE inputs into INT32 and FLOAT, so their declared type says nothing of the binding's)."""


def typed_bindings(
    bindings: list[Binding], layers: tuple[LayerRecord, ...], declared: tuple[OnnxTensor, ...]
) -> tuple[Binding, ...]:
    """Give bindings whose line names no type (TensorRT 8) the type of the engine's tensor, or
    else the type the ONNX model declares for it, when a binding keeps that type."""
    types: dict[str, str] = {}
    for record in layers:
        for tensor in (*record.inputs, *record.outputs):
            types.setdefault(tensor.name, tensor.dtype)
    for onnx_tensor in declared:
        if onnx_tensor.dtype in _KEPT_IO_TYPES:
            types.setdefault(onnx_tensor.name, onnx_tensor.dtype)
    return tuple(
        dataclasses.replace(binding, dtype=types.get(binding.name, UNKNOWN))
        if binding.dtype == UNKNOWN
        else binding
        for binding in bindings
    )


def bindings_from_dump(
    names: list[tuple[str, int]], layers: tuple[LayerRecord, ...]
) -> tuple[Binding, ...]:
    """Bindings from the dump's ``Bindings:`` list, directions told by which layer makes the tensor.

    A tensor some layer outputs is an output binding, one only consumed is an input. When a name
    is found in no layer (a names-only dump), the direction is unknown and no binding is made.
    """
    produced: dict[str, TensorInfo] = {}
    consumed: dict[str, TensorInfo] = {}
    for record in layers:
        for tensor in record.outputs:
            produced.setdefault(tensor.name, tensor)
        for tensor in record.inputs:
            consumed.setdefault(tensor.name, tensor)
    bindings: list[Binding] = []
    for name, line in names:
        found = produced.get(name)
        direction = "output"
        if found is None:
            found = consumed.get(name)
            direction = "input"
        if found is None:
            return ()
        bindings.append(Binding(len(bindings), name, direction, found.shape, found.dtype, line))
    return tuple(bindings)


def _tensor_index(layers: Sequence[EngineLayer]) -> tuple[dict[str, TensorInfo], set[str]]:
    """Every tensor by name (first description wins) and the names some layer produces."""
    tensors: dict[str, TensorInfo] = {}
    produced: set[str] = set()
    for layer in layers:
        for tensor in layer.outputs:
            tensors.setdefault(tensor.name, tensor)
            produced.add(tensor.name)
        for tensor in layer.inputs:
            tensors.setdefault(tensor.name, tensor)
    return tensors, produced


def report_bindings(
    build: Build, layer_file: LayerFile | None, layers: Sequence[EngineLayer]
) -> tuple[tuple[Binding, ...], str, str]:
    """The engine's bindings with types filled from the tensors, their source, and a note.

    The source is the first of: the log's binding lines (or its layer dump's list), the layer
    file's list, the model's declared inputs and outputs, the graph's loose ends.
    """
    tensors, produced = _tensor_index(layers)
    consumed = {t.name for layer in layers for t in layer.inputs}
    declared_outputs = {t.name for t in build.onnx.outputs} if build.onnx is not None else set()

    def filled(binding: Binding) -> Binding:
        tensor = tensors.get(binding.name)
        if tensor is None:
            return binding
        return replace(
            binding,
            dtype=binding.dtype if binding.dtype != UNKNOWN else tensor.dtype,
            shape=binding.shape or tensor.shape,
        )

    if build.bindings:
        return tuple(filled(b) for b in build.bindings), "log", ""
    if layer_file is not None and layer_file.bindings:
        listed = tuple(
            filled(
                Binding(
                    index=i,
                    name=name,
                    direction="output"
                    if name in declared_outputs or (not declared_outputs and name in produced)
                    else "input",
                )
            )
            for i, name in enumerate(layer_file.bindings)
        )
        return (
            listed,
            "layers",
            (
                "The log has no binding lines; the binding order is the layer file's, and each "
                "binding's direction comes from the model's declared outputs or, failing that, "
                "from the graph."
            ),
        )
    if build.onnx is not None and (build.onnx.inputs or build.onnx.outputs):
        io = [(t, "input") for t in build.onnx.inputs] + [(t, "output") for t in build.onnx.outputs]
        declared = tuple(
            filled(Binding(index=i, name=t.name, direction=d, shape=t.shape, dtype=t.dtype))
            for i, (t, d) in enumerate(io)
        )
        return (
            declared,
            "onnx",
            (
                "The log has no binding lines (a build without inference, e.g. --skipInference): "
                "the inputs and outputs shown are the model's declared ones; the engine's binding "
                "order is not in the log."
            ),
        )
    if not layers:
        return (), "", ""
    inputs = [n for n in _ordered_names(layers, "inputs") if n not in produced]
    outputs = [n for n in _ordered_names(layers, "outputs") if n not in consumed]
    inferred = tuple(
        filled(Binding(index=i, name=name, direction=direction))
        for i, (name, direction) in enumerate(
            [(n, "input") for n in inputs] + [(n, "output") for n in outputs]
        )
    )
    return (
        inferred,
        "graph",
        (
            "The log has no binding lines: the network's inputs and outputs shown are inferred "
            "from the graph, and their order is not the engine's binding order."
        ),
    )


def _ordered_names(layers: Sequence[EngineLayer], side: str) -> list[str]:
    """Tensor names on one side of the layers, in first-seen order, without repeats."""
    seen: dict[str, None] = {}
    for layer in layers:
        for tensor in layer.inputs if side == "inputs" else layer.outputs:
            seen.setdefault(tensor.name, None)
    return list(seen)
