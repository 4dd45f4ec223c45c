"""Compare two builds: what a change to the model or the build did to the engine.

A reviewer of a merge request asks which layers left INT8, which Reformats appeared, which
findings are new and what it cost. :func:`compare_reports` answers from two analysed
:class:`~trtreport.model.Report` objects, the baseline's and the new build's, whether the
baseline came as a log or as the ``--json`` model of an earlier run (it only looks up
key/value pairs by key, never by position, because the JSON model keeps their keys, not their
order).

Engine layers are paired in three passes, each over what the one before left:

1. through the ONNX nodes they hold (names of engine layers change with every fusion): the pair
   sharing the most nodes first, then the pair closest in engine order;
2. by name (equal names, each unique on its side);
3. by signature: the layer type with the names of its input and output tensors, then with its
   inputs alone, then with its outputs alone (each unique on its side);
4. by order: the compute layers left, aligned in engine order by their kind (convolution or
   matrix multiply, pooling, ...) and output shapes. This pairs the layers of two exports that
   number their nodes (``Conv_12``): adding Q/DQ nodes renumbers every node after them.

What pairs with nothing is listed as added or removed, with the layers of the other build that
hold some of its ONNX nodes. Findings are matched by :func:`finding_key` (their rule and what
they are about), pass events by pass, kind and message, bindings by name.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from trtreport.layertypes import is_matmul_type
from trtreport.model import (
    MAX_LISTED_EVENTS,
    UNKNOWN,
    BaselineInfo,
    BindingChange,
    Comparison,
    Delta,
    EngineLayer,
    Finding,
    FindingRef,
    LayerChange,
    LayerRef,
    PassActivity,
    PassEvent,
    PerfMetric,
    PrecisionChange,
    Report,
    SettingChange,
    TensorInfo,
    TimeChange,
    UnpairedLayer,
)
from trtreport.numbers import parse_float
from trtreport.provenance import HOLDING_FATES

MAX_TIME_CHANGES = 10
"""Most layer time regressions (and improvements) a comparison lists."""

_QDQ_OPS = frozenset({"QuantizeLinear", "DequantizeLinear"})


# --- figures of one build --------------------------------------------------------------------


def _multimap(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Pairs as key → values in order (a key may repeat; the JSON model keeps the repeats)."""
    out: dict[str, list[str]] = {}
    for key, value in pairs:
        out.setdefault(key, []).append(value)
    return out


def _number(text: str) -> float | None:
    """The figure a value printed by TensorRT starts with (``12 MiB``, ``1,024``), or ``None``."""
    return parse_float(text.strip().split(" ", 1)[0].replace(",", ""))


def _metric(metrics: Sequence[PerfMetric], prefix: str, stat: str) -> float | None:
    """One statistic of the first metric whose name starts with ``prefix``."""
    for metric in metrics:
        if metric.name.startswith(prefix):
            for key, value in metric.values:
                if key == stat:
                    return _number(value)
    return None


def _performance(report: Report, prefix: str, stat: str) -> float | None:
    """A statistic from trtexec's performance summary, else from ``--times``."""
    value = _metric(report.performance, prefix, stat)
    if value is None and report.times is not None:
        value = _metric(report.times.metrics, prefix, stat)
    return value


_MIB = {"bytes": 1 / (1 << 20), "B": 1 / (1 << 20), "KiB": 1 / 1024, "MiB": 1.0, "MB": 1.0}
_MIB.update({"GiB": 1024.0})


def _mib(key: str, value: str) -> float | None:
    """A memory figure in MiB; the unit is in the key (``Engine size (MiB)``), else bytes."""
    number = _number(value)
    if number is None:
        return None
    unit = key.rpartition("(")[2].rstrip(")") if key.endswith(")") else "bytes"
    scale = _MIB.get(unit)
    return None if scale is None else number * scale


def _memory(report: Report, prefixes: Sequence[str], *, last: bool = False) -> float | None:
    """The first (or last) memory figure whose key starts with one of ``prefixes``, in MiB."""
    for prefix in prefixes:
        found = [(key, value) for key, value in report.memory if key.startswith(prefix)]
        if found:
            key, value = found[-1] if last else found[0]
            return _mib(key, value)
    return None


def build_time_text(report: Report) -> str:
    """How long the engine took to build, in seconds as the log prints it; ``""`` if unsaid."""
    for key, value in report.timings:
        lowered = key.lower()
        if "engine built" in lowered or "total" in lowered or "build" in lowered:
            return value
    for key, value in report.timings:
        if "generation" in key.lower():
            return value
    return ""


def build_seconds(report: Report) -> float | None:
    """How long the engine took to build, in seconds, from the log's phase timings."""
    text = build_time_text(report)
    return _number(text) if text else None


def _share(value: float | None, compute_layers: int) -> float | None:
    """A 0–1 share as a percentage; ``None`` with no compute layer to share."""
    return None if value is None or compute_layers == 0 else round(value * 100, 6)


@dataclass(frozen=True, slots=True)
class _Figure:
    """How one headline figure is read from a report."""

    key: str
    label: str
    unit: str
    better: str
    read: Callable[[Report], float | None]


def _count(value: int | None) -> float | None:
    """An integer figure as a float (or ``None``)."""
    return None if value is None else float(value)


def _summary_count(name: str) -> Callable[[Report], float | None]:
    """A reader of one integer field of the report's quantization summary."""

    def read(report: Report) -> float | None:
        return None if report.summary is None else float(getattr(report.summary, name))

    return read


def _onnx_count(qdq: bool) -> Callable[[Report], float | None]:
    """A reader of the number of ONNX nodes (or of Q/DQ nodes) the importer parsed."""

    def read(report: Report) -> float | None:
        if report.onnx is None or not report.onnx.nodes:
            return None
        return float(sum(1 for n in report.onnx.nodes if not qdq or n.op_type in _QDQ_OPS))

    return read


def _profiled_ms(report: Report) -> float | None:
    """The sum of the profiled layer times, per run."""
    times = [layer.time_ms for layer in report.layers if layer.time_ms is not None]
    return round(sum(times), 9) if times else None


FIGURES: tuple[_Figure, ...] = (
    _Figure(
        "layers_before",
        "Layers before optimization",
        "layers",
        "",
        lambda r: _count(r.stages[0].layers if r.stages else None),
    ),
    _Figure("layers_after", "Engine layers", "layers", "down", lambda r: float(len(r.layers))),
    _Figure("onnx_nodes", "ONNX nodes", "", "", _onnx_count(qdq=False)),
    _Figure("qdq_nodes", "Q/DQ nodes", "", "", _onnx_count(qdq=True)),
    _Figure(
        "int8_compute_share",
        "Compute layers in INT8",
        "%",
        "up",
        lambda r: (
            None
            if r.summary is None
            else _share(r.summary.int8_compute_share, r.summary.compute_layers)
        ),
    ),
    _Figure(
        "int8_time_share",
        "Profiled time in INT8",
        "%",
        "up",
        lambda r: None if r.summary is None else _share(r.summary.int8_time_share, len(r.layers)),
    ),
    _Figure("reformats", "Reformat layers", "", "down", _summary_count("reformats")),
    _Figure(
        "type_changing_reformats",
        "Type-changing Reformats",
        "",
        "down",
        _summary_count("type_changing_reformats"),
    ),
    _Figure("findings_error", "Error findings", "", "down", _summary_count("error_findings")),
    _Figure("findings_warning", "Warning findings", "", "down", _summary_count("warning_findings")),
    _Figure("findings_info", "Info findings", "", "", _summary_count("info_findings")),
    _Figure(
        "throughput", "Throughput", "qps", "up", lambda r: _performance(r, "Throughput", "value")
    ),
    _Figure(
        "gpu_compute_mean",
        "GPU compute time, mean",
        "ms",
        "down",
        lambda r: _performance(r, "GPU Compute", "mean"),
    ),
    _Figure(
        "gpu_compute_median",
        "GPU compute time, median",
        "ms",
        "down",
        lambda r: _performance(r, "GPU Compute", "median"),
    ),
    _Figure(
        "gpu_compute_p99",
        "GPU compute time, 99th percentile",
        "ms",
        "down",
        lambda r: _performance(r, "GPU Compute", "percentile(99%)"),
    ),
    _Figure("profiled_time", "Profiled time (sum of layers)", "ms", "down", _profiled_ms),
    _Figure(
        "engine_size",
        "Engine size",
        "MiB",
        "down",
        lambda r: _memory(r, ("Engine size", "Created engine with size", "Loaded engine size")),
    ),
    _Figure(
        "activation_memory",
        "Activation memory",
        "MiB",
        "down",
        lambda r: _memory(
            r, ("Allocated activation device memory", "Total Activation Memory"), last=True
        ),
    ),
    _Figure(
        "weights_memory",
        "Weights memory",
        "MiB",
        "down",
        lambda r: _memory(r, ("Total Weights Memory",), last=True),
    ),
    _Figure("build_time", "Build time", "s", "down", build_seconds),
)
"""The headline figures, in the order the report shows them."""


def headline(report: Report) -> dict[str, float | None]:
    """Every headline figure of one build, by key."""
    return {figure.key: figure.read(report) for figure in FIGURES}


def wants_int8(report: Report) -> bool:
    """Whether INT8 figures mean something for a build: it has Q/DQ, INT8 was allowed, or a
    layer runs in INT8 (a share of 0 % on an FP16 build would read as a failure it is not)."""
    summary = report.summary
    return summary is not None and (
        summary.is_qdq or "INT8" in report.header.precision_flags or summary.int8_compute_layers > 0
    )


_INT8_FIGURES = frozenset({"int8_compute_share", "int8_time_share"})


def _deltas(base: Report, new: Report) -> tuple[Delta, ...]:
    """The headline figures of both builds; a figure neither build has is left out, and so
    are the INT8 shares when neither build asks for INT8."""
    int8 = wants_int8(base) or wants_int8(new)
    deltas = []
    for figure in FIGURES:
        if figure.key in _INT8_FIGURES and not int8:
            continue
        old, now = figure.read(base), figure.read(new)
        if old is None and now is None:
            continue
        deltas.append(Delta(figure.key, figure.label, figure.unit, old, now, figure.better))
    return tuple(deltas)


# --- the build itself ------------------------------------------------------------------------


def _settings(base: Report, new: Report) -> tuple[SettingChange, ...]:
    """Facts about the build that differ: version, device, precisions, options, ONNX model."""
    changes: list[SettingChange] = []

    def differ(section: str, key: str, old: str, now: str) -> None:
        if old != now:
            changes.append(SettingChange(section, key, old, now))

    differ("build", "TensorRT version", base.header.tensorrt_version, new.header.tensorrt_version)
    differ("build", "Device", base.header.device_name, new.header.device_name)
    differ(
        "build",
        "Precisions allowed",
        ", ".join(base.header.precision_flags),
        ", ".join(new.header.precision_flags),
    )
    differ("build", "Model file", base.header.model, new.header.model)
    _pairs_differ(changes, "Device", base.device, new.device, skip={"Selected Device"})
    titles = [s.title for s in new.options] + [
        s.title for s in base.options if s.title not in {t.title for t in new.options}
    ]
    old_options = {s.title: s.items for s in base.options}
    new_options = {s.title: s.items for s in new.options}
    for title in titles:
        _pairs_differ(changes, title, old_options.get(title, ()), new_options.get(title, ()))
    old_onnx, new_onnx = base.onnx, new.onnx
    if old_onnx is not None or new_onnx is not None:
        for key in ("ir_version", "opset", "producer", "producer_version", "model_version"):
            differ(
                "onnx",
                key.replace("_", " "),
                getattr(old_onnx, key, "") if old_onnx else "",
                getattr(new_onnx, key, "") if new_onnx else "",
            )
        for side in ("inputs", "outputs"):
            old_io = {t.name: t for t in getattr(old_onnx, side, ())}
            new_io = {t.name: t for t in getattr(new_onnx, side, ())}
            for name in [*new_io, *(n for n in old_io if n not in new_io)]:
                was, now = old_io.get(name), new_io.get(name)
                differ(
                    "onnx",
                    f"{side[:-1]} {name}",
                    _tensor_text(was.dtype, was.shape) if was else "",
                    _tensor_text(now.dtype, now.shape) if now else "",
                )
    return tuple(changes)


def _pairs_differ(
    changes: list[SettingChange],
    section: str,
    old: Iterable[tuple[str, str]],
    new: Iterable[tuple[str, str]],
    *,
    skip: frozenset[str] | set[str] = frozenset(),
) -> None:
    """Add a change for every key whose values differ between two key/value lists."""
    old_map, new_map = _multimap(old), _multimap(new)
    for key in [*new_map, *(k for k in old_map if k not in new_map)]:
        if key in skip:
            continue
        was, now = " | ".join(old_map.get(key, [])), " | ".join(new_map.get(key, []))
        if was != now:
            changes.append(SettingChange(section, key, was, now))


def _tensor_text(dtype: str, shape: Sequence[int]) -> str:
    """``FP32 [1,3,224,224]``."""
    dims = ",".join(str(d) for d in shape)
    return f"{dtype} [{dims}]" if shape else dtype


# --- layers ----------------------------------------------------------------------------------


def _ref(layer: EngineLayer) -> LayerRef:
    """A layer as a comparison names it."""
    return LayerRef(layer.id, layer.name, layer.layer_type, layer.precision)


def held_nodes(report: Report) -> dict[str, frozenset[str]]:
    """Per layer id, the ONNX nodes it holds: its layer-file metadata, the fates the provenance
    gave, and, for a compute layer named by nothing else, the parts of its fused name."""
    held: dict[str, set[str]] = {layer.id: set(layer.onnx_nodes) for layer in report.layers}
    for fate in report.node_fates:
        if fate.fate in HOLDING_FATES and fate.layer_id in held:
            held[fate.layer_id].add(fate.node)
    for layer in report.layers:
        if (
            not held[layer.id]
            and layer.role not in ("reformat", "myelin", "sync")
            and not layer.name.startswith(("Reformatting CopyNode", "{ForeignNode["))
        ):
            held[layer.id] = {part.strip() for part in layer.name.split(" + ") if part.strip()}
    return {layer_id: frozenset(nodes) for layer_id, nodes in held.items()}


def _signatures(layer: EngineLayer) -> tuple[tuple[object, ...] | None, ...]:
    """The signatures of :func:`pair_layers`' third pass, strictest first; ``None`` where the
    layer has no tensor to sign with (a layer known by its name alone)."""
    ins = tuple(t.name for t in layer.inputs)
    outs = tuple(t.name for t in layer.outputs)
    return (
        (layer.layer_type, ins, outs) if ins or outs else None,
        (layer.layer_type, ins) if ins else None,
        (layer.layer_type, outs) if outs else None,
    )


def _signature_of(level: int) -> Callable[[EngineLayer], object]:
    """The key function of one signature level."""
    return lambda layer: _signatures(layer)[level]


def pair_layers(
    base: Sequence[EngineLayer],
    new: Sequence[EngineLayer],
    base_nodes: Mapping[str, frozenset[str]],
    new_nodes: Mapping[str, frozenset[str]],
) -> list[tuple[int, int, str]]:
    """Pair the layers of two engines: ``(base index, new index, how)`` in new-engine order.

    ``how`` is ``onnx``, ``name`` or ``signature`` (see the module docstring).
    """
    holder: dict[str, list[int]] = {}
    for i, layer in enumerate(base):
        for node in base_nodes.get(layer.id, ()):
            holder.setdefault(node, []).append(i)
    candidates: list[tuple[int, int, int, int]] = []
    for j, layer in enumerate(new):
        shared: Counter[int] = Counter()
        for node in new_nodes.get(layer.id, ()):
            shared.update(holder.get(node, ()))
        for i, count in shared.items():
            candidates.append((-count, abs(i * len(new) - j * len(base)), i, j))
    candidates.sort()
    used_base: set[int] = set()
    used_new: set[int] = set()
    pairs: list[tuple[int, int, str]] = []

    def take(i: int, j: int, how: str) -> None:
        used_base.add(i)
        used_new.add(j)
        pairs.append((i, j, how))

    for _, _, i, j in candidates:
        if i not in used_base and j not in used_new:
            take(i, j, "onnx")

    def unique_keys(
        layers: Sequence[EngineLayer], used: set[int], key: Callable[[EngineLayer], object]
    ) -> dict[object, int]:
        seen: dict[object, int] = {}
        twice: set[object] = set()
        for k, layer in enumerate(layers):
            if k in used:
                continue
            value = key(layer)
            if value is None:
                continue
            if value in seen:
                twice.add(value)
            seen[value] = k
        return {value: k for value, k in seen.items() if value not in twice}

    keys: list[tuple[str, Callable[[EngineLayer], object]]] = [("name", lambda x: x.name)]
    keys += [("signature", _signature_of(level)) for level in range(3)]
    for how, key in keys:
        old_keys = unique_keys(base, used_base, key)
        new_keys = unique_keys(new, used_new, key)
        for value, j in sorted(new_keys.items(), key=lambda item: item[1]):
            match = old_keys.get(value)
            if match is not None:
                take(match, j, how)
    old_left = [i for i, x in enumerate(base) if i not in used_base and _kind(x) is not None]
    new_left = [j for j, x in enumerate(new) if j not in used_new and _kind(x) is not None]
    if old_left and new_left:
        matcher = difflib.SequenceMatcher(
            None,
            [_kind(base[i]) for i in old_left],
            [_kind(new[j]) for j in new_left],
            autojunk=False,
        )
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                take(old_left[block.a + k], new_left[block.b + k], "order")
    return sorted(pairs, key=lambda pair: pair[1])


def _kind(layer: EngineLayer) -> tuple[object, ...] | None:
    """What :func:`pair_layers`' last pass aligns: a compute layer's family and output shapes
    (``None`` for other layers, and for one whose output shapes no input gives)."""
    if layer.role != "compute" or not layer.outputs or not all(t.shape for t in layer.outputs):
        return None
    lowered = layer.layer_type.lower()
    family = (
        "matmul" if is_matmul_type(layer.layer_type) else "pool" if "pool" in lowered else lowered
    )
    return (family, tuple(t.shape for t in layer.outputs))


def _dtypes(tensors: Iterable[TensorInfo]) -> tuple[str, ...]:
    """The types of a layer's tensors, in order."""
    return tuple(t.dtype for t in tensors)


def _formats(tensors: Iterable[TensorInfo]) -> tuple[str, ...]:
    """The formats of a layer's tensors, in order."""
    return tuple(t.format for t in tensors)


MINOR_CHANGES = frozenset({"kernel", "tactic"})
"""Differences that autotuning alone makes from one build to the next."""


def is_structural(change: LayerChange) -> bool:
    """Whether a paired layer changed more than its kernel or tactic."""
    return any(item not in MINOR_CHANGES for item in change.changes)


def layer_differences(
    old: EngineLayer, new: EngineLayer, old_nodes: frozenset[str], new_nodes: frozenset[str]
) -> tuple[str, ...]:
    """What differs between two paired layers, in words (see :attr:`LayerChange.changes`)."""
    changes: list[str] = []
    if old.precision != new.precision:
        changes.append(f"precision {old.precision} → {new.precision}")
    if old.layer_type != new.layer_type:
        changes.append(f"type {old.layer_type or '?'} → {new.layer_type or '?'}")
    for side, was, now in (
        ("input", old.inputs, new.inputs),
        ("output", old.outputs, new.outputs),
    ):
        if _dtypes(was) != _dtypes(now):
            changes.append(
                f"{side} types {'/'.join(_dtypes(was)) or 'none'} → "
                f"{'/'.join(_dtypes(now)) or 'none'}"
            )
        elif all(_formats(was)) and all(_formats(now)) and _formats(was) != _formats(now):
            changes.append(f"{side} formats {'/'.join(_formats(was))} → {'/'.join(_formats(now))}")
    gained, lost = len(new_nodes - old_nodes), len(old_nodes - new_nodes)
    if gained or lost:
        changes.append(f"ONNX nodes +{gained} −{lost}")
    if old.device != new.device and old.device and new.device:
        changes.append(f"device {old.device} → {new.device}")
    if old.kernel and new.kernel:
        if old.kernel != new.kernel:
            changes.append("kernel")
    elif old.tactic and new.tactic and old.tactic != new.tactic:
        changes.append("tactic")
    return tuple(changes)


def _unpaired(
    layers: Sequence[EngineLayer],
    paired: set[int],
    nodes: Mapping[str, frozenset[str]],
    other_holder: Mapping[str, EngineLayer],
) -> tuple[UnpairedLayer, ...]:
    """The layers no pass paired, with the other build's layers that hold their nodes."""
    out = []
    for k, layer in enumerate(layers):
        if k in paired:
            continue
        held = sorted(nodes.get(layer.id, ()))
        elsewhere = sorted({other_holder[n].name for n in held if n in other_holder})
        out.append(UnpairedLayer(_ref(layer), tuple(held), tuple(elsewhere)))
    return tuple(out)


def _node_layers(report: Report, nodes: Mapping[str, frozenset[str]]) -> dict[str, EngineLayer]:
    """ONNX node → the layer holding it: the one the report's own node fates name, else the
    first in engine order whose ONNX nodes include it."""
    by_id = {layer.id: layer for layer in report.layers}
    out: dict[str, EngineLayer] = {}
    for fate in report.node_fates:
        if fate.fate in HOLDING_FATES and fate.layer_id in by_id:
            out.setdefault(fate.node, by_id[fate.layer_id])
    for layer in report.layers:
        for node in sorted(nodes.get(layer.id, ())):
            out.setdefault(node, layer)
    return out


def _op_types(report: Report) -> dict[str, str]:
    """ONNX node → operator type, from the import and the fates."""
    ops = {fate.node: fate.op_type for fate in report.node_fates}
    if report.onnx is not None:
        ops.update((node.name, node.op_type) for node in report.onnx.nodes)
    return ops


def _precision_changes(
    base: Report,
    new: Report,
    old_of: Mapping[str, EngineLayer],
    new_of: Mapping[str, EngineLayer],
) -> tuple[PrecisionChange, ...]:
    """ONNX nodes held by a layer in both builds (``old_of``, ``new_of``: node → layer) whose
    layers' precisions differ."""
    ops = _op_types(base) | _op_types(new)
    order = [n.name for n in new.onnx.nodes] if new.onnx is not None else []
    rest = sorted(set(new_of) - set(order))
    changes = []
    for node in [*order, *rest]:
        was, now = old_of.get(node), new_of.get(node)
        if was is None or now is None or was.precision == now.precision:
            continue
        changes.append(
            PrecisionChange(
                node, ops.get(node, ""), was.precision, now.precision, _ref(was), _ref(now)
            )
        )
    return tuple(changes)


# --- findings, passes, bindings, times -------------------------------------------------------


def finding_key(finding: Finding, report: Report, nodes: Mapping[str, frozenset[str]]) -> str:
    """A finding's identity across builds: its :attr:`~trtreport.model.Finding.id` (its rule
    and what it is about); for a finding without one, its rule and the ONNX nodes of its
    layers, else its layers' names, else its tensors."""
    if finding.id:
        return finding.id
    names = {layer.id: layer.name for layer in report.layers}
    subjects = sorted({n for layer_id in finding.layer_ids for n in nodes.get(layer_id, ())})
    if not subjects:
        subjects = sorted({names.get(i, i) for i in finding.layer_ids})
    if not subjects:
        subjects = sorted(set(finding.tensors))
    return finding.rule + ("|" + "|".join(subjects) if subjects else "")


def _finding_refs(
    report: Report, nodes: Mapping[str, frozenset[str]]
) -> dict[str, tuple[FindingRef, dict[str, FindingRef]]]:
    """The report's findings by key, each with its parts by key (the first of two with one
    key stands for both)."""
    refs: dict[str, tuple[FindingRef, dict[str, FindingRef]]] = {}
    for finding in report.findings:
        key = finding_key(finding, report, nodes)
        parts: dict[str, FindingRef] = {}
        for part in finding.parts:
            part_key = finding_key(part, report, nodes)
            parts.setdefault(part_key, FindingRef(part_key, part.rule, part.severity, part.title))
        refs.setdefault(
            key, (FindingRef(key, finding.rule, finding.severity, finding.title), parts)
        )
    return refs


def _finding_changes(
    old: Mapping[str, tuple[FindingRef, dict[str, FindingRef]]],
    new: Mapping[str, tuple[FindingRef, dict[str, FindingRef]]],
) -> tuple[tuple[FindingRef, ...], tuple[FindingRef, ...]]:
    """Findings new and resolved: whole cards by their key, and, in a card both builds have,
    the places inside it (its parts) by theirs."""
    added = [ref for key, (ref, _) in new.items() if key not in old]
    resolved = [ref for key, (ref, _) in old.items() if key not in new]
    for key, (_, parts) in new.items():
        if key in old:
            before = old[key][1]
            added += [ref for part_key, ref in parts.items() if part_key not in before]
            resolved += [ref for part_key, ref in before.items() if part_key not in parts]
    return tuple(added), tuple(resolved)


def _pass_counts(report: Report) -> Counter[str]:
    """Events per pass."""
    return Counter(traced.event.pass_name for traced in report.pass_events)


def _event_key(event: PassEvent) -> tuple[str, str, str]:
    """What makes two pass events the same event in two builds."""
    return (event.pass_name, event.kind, event.text)


def _events(base: Report, new: Report) -> tuple[tuple[PassEvent, ...], int, int]:
    """New events (listed up to a bound), their count and the count of events gone."""
    old = Counter(_event_key(t.event) for t in base.pass_events)
    now = Counter(_event_key(t.event) for t in new.pass_events)
    remaining = old.copy()
    added: list[PassEvent] = []
    count = 0
    for traced in new.pass_events:
        key = _event_key(traced.event)
        if remaining[key] > 0:
            remaining[key] -= 1
            continue
        count += 1
        if len(added) < MAX_LISTED_EVENTS:
            added.append(traced.event)
    removed = sum((old - now).values())
    return tuple(added), count, removed


def _binding_formats(report: Report) -> dict[str, str]:
    """Binding name → the format of its tensor at the layer that reads or writes it."""
    formats: dict[str, str] = {}
    for layer in report.layers:
        for tensor in (*layer.inputs, *layer.outputs):
            if tensor.format:
                formats.setdefault(tensor.name, tensor.format)
    return formats


def _binding_changes(base: Report, new: Report) -> tuple[tuple[BindingChange, ...], str]:
    """Bindings whose order, shape, type or format differ; and a note when order is unknown."""
    ordered = ("log", "layers")
    compare_order = base.bindings_source in ordered and new.bindings_source in ordered
    old = {b.name: b for b in base.bindings}
    now = {b.name: b for b in new.bindings}
    old_formats, new_formats = _binding_formats(base), _binding_formats(new)
    changes: list[BindingChange] = []
    for binding in new.bindings:
        was = old.get(binding.name)
        if was is None:
            changes.append(
                BindingChange(
                    binding.name,
                    binding.direction,
                    "added",
                    "",
                    _tensor_text(binding.dtype, binding.shape),
                )
            )
            continue
        if compare_order and was.index != binding.index:
            changes.append(
                BindingChange(
                    binding.name, binding.direction, "order", str(was.index), str(binding.index)
                )
            )
        if was.shape != binding.shape and was.shape and binding.shape:
            changes.append(
                BindingChange(
                    binding.name,
                    binding.direction,
                    "shape",
                    _tensor_text("", was.shape).strip(),
                    _tensor_text("", binding.shape).strip(),
                )
            )
        if was.dtype != binding.dtype and UNKNOWN not in (was.dtype, binding.dtype):
            changes.append(
                BindingChange(binding.name, binding.direction, "type", was.dtype, binding.dtype)
            )
        old_format = old_formats.get(binding.name, "")
        new_format = new_formats.get(binding.name, "")
        if old_format and new_format and old_format != new_format:
            changes.append(
                BindingChange(binding.name, binding.direction, "format", old_format, new_format)
            )
    for binding in base.bindings:
        if binding.name not in now:
            changes.append(
                BindingChange(
                    binding.name,
                    binding.direction,
                    "removed",
                    _tensor_text(binding.dtype, binding.shape),
                    "",
                )
            )
    note = ""
    if not compare_order and base.bindings and new.bindings:
        note = (
            "The binding order is not compared: "
            + ("the baseline's" if base.bindings_source not in ordered else "this build's")
            + " inputs do not give the engine's order."
        )
    return tuple(changes), note


def _time_changes(
    base: Sequence[EngineLayer], new: Sequence[EngineLayer], pairs: Sequence[tuple[int, int, str]]
) -> tuple[tuple[TimeChange, ...], tuple[TimeChange, ...]]:
    """The largest per-layer time regressions and improvements among paired layers."""
    changes = []
    for i, j, _ in pairs:
        old, now = base[i], new[j]
        if old.time_ms is None or now.time_ms is None or old.time_ms == now.time_ms:
            continue
        changes.append(TimeChange(_ref(old), _ref(now), old.time_ms, now.time_ms))
    slower = sorted(
        (c for c in changes if c.new_ms > c.base_ms),
        key=lambda c: (c.base_ms - c.new_ms, c.new.id),
    )
    faster = sorted(
        (c for c in changes if c.new_ms < c.base_ms),
        key=lambda c: (c.new_ms - c.base_ms, c.new.id),
    )
    return tuple(slower[:MAX_TIME_CHANGES]), tuple(faster[:MAX_TIME_CHANGES])


# --- the comparison --------------------------------------------------------------------------


def compare_reports(base: Report, new: Report, baseline: BaselineInfo) -> Comparison:
    """What changed from ``base`` (the baseline build) to ``new``; both analysed."""
    base_nodes, new_nodes = held_nodes(base), held_nodes(new)
    pairs = pair_layers(base.layers, new.layers, base_nodes, new_nodes)
    changed = []
    for i, j, how in pairs:
        old, now = base.layers[i], new.layers[j]
        if how == "order":  # their ONNX nodes are named differently: not a difference
            differences = layer_differences(old, now, frozenset(), frozenset())
        else:
            differences = layer_differences(old, now, base_nodes[old.id], new_nodes[now.id])
        if differences:
            changed.append(LayerChange(_ref(old), _ref(now), how, differences))
    paired_base = {i for i, _, _ in pairs}
    paired_new = {j for _, j, _ in pairs}
    old_of, new_of = _node_layers(base, base_nodes), _node_layers(new, new_nodes)
    added = _unpaired(new.layers, paired_new, new_nodes, old_of)
    removed = _unpaired(base.layers, paired_base, base_nodes, new_of)
    findings_added, findings_resolved = _finding_changes(
        _finding_refs(base, base_nodes), _finding_refs(new, new_nodes)
    )
    old_passes, new_passes = _pass_counts(base), _pass_counts(new)
    activity = tuple(
        PassActivity(name, old_passes[name], new_passes[name])
        for name in sorted(set(old_passes) | set(new_passes))
        if old_passes[name] != new_passes[name]
    )
    events_added, events_added_count, events_removed_count = _events(base, new)
    bindings, binding_note = _binding_changes(base, new)
    slower, faster = _time_changes(base.layers, new.layers, pairs)
    how_counts = Counter(how for _, _, how in pairs)
    notes = _notes(base, new, added, removed, binding_note, how_counts)
    return Comparison(
        baseline=baseline,
        deltas=_deltas(base, new),
        settings=_settings(base, new),
        precision_changes=_precision_changes(base, new, old_of, new_of),
        layers_added=added,
        layers_removed=removed,
        layers_changed=tuple(changed),
        layers_paired=len(pairs),
        pairing=tuple(
            (how, str(how_counts[how]))
            for how in ("onnx", "name", "signature", "order")
            if how_counts[how]
        ),
        findings_added=findings_added,
        findings_resolved=findings_resolved,
        pass_activity=activity,
        events_added=events_added,
        events_added_count=events_added_count,
        events_removed_count=events_removed_count,
        binding_changes=bindings,
        time_regressions=slower,
        time_improvements=faster,
        notes=notes,
    )


def _notes(
    base: Report,
    new: Report,
    added: Sequence[UnpairedLayer],
    removed: Sequence[UnpairedLayer],
    binding_note: str,
    how_counts: Mapping[str, int],
) -> tuple[str, ...]:
    """What the comparison could not do, in words."""
    notes = []
    if how_counts.get("order"):
        notes.append(
            f"{how_counts['order']} layer pair(s) hold no common ONNX node, name or tensor and "
            "were paired by their kind and output shape in engine order: the two models name "
            "their nodes differently (an exporter that numbers nodes, such as Conv_12, renumbers "
            "them when Q/DQ nodes are added), so ONNX nodes are compared only where names agree."
        )
    base_timed = any(layer.time_ms is not None for layer in base.layers)
    new_timed = any(layer.time_ms is not None for layer in new.layers)
    if base_timed != new_timed:
        which = "this build" if new_timed else "the baseline"
        notes.append(
            f"Only {which} has per-layer times: give both builds a profile (--profile and "
            "--baseline-profile) to compare layer times."
        )
    if added or removed:
        counts = []
        if added:
            counts.append(f"{len(added)} layer{'s' if len(added) != 1 else ''} of this build")
        if removed:
            counts.append(f"{len(removed)} of the baseline")
        notes.append(
            f"{' and '.join(counts)} pair with no layer of the other build: none holds the "
            "same ONNX nodes, has the same name, or the same type and tensors."
        )
    paired = len(base.layers) + len(new.layers) - len(added) - len(removed)
    if base.layers and new.layers and paired == 0:
        notes.append(
            "No layer of the two engines pairs with one of the other: they share no ONNX node, "
            "layer name or tensor, so the two builds are probably of different models (or of "
            "one model exported with other names)."
        )
    if not base.layers or not new.layers:
        which = "the baseline" if not base.layers else "this build"
        notes.append(f"{which[0].upper()}{which[1:]} has no engine layer to compare.")
    if base.header.build_kind != new.header.build_kind:
        notes.append(
            f"The baseline's log is of kind '{base.header.build_kind}' and this one of kind "
            f"'{new.header.build_kind}': what one of them lacks is not compared."
        )
    if binding_note:
        notes.append(binding_note)
    return tuple(notes)
