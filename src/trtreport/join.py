"""Join the log, the layer file and the profile into one :class:`~trtreport.model.Report`.

The engine layer is the unit a user thinks in, so everything hangs on it:

* **Which build.** A log may hold several builds; the report shows the last one that has
  engine layers (or the last one at all) and says so in a note.
* **Matching.** Layers are matched by name (:mod:`trtreport.matching`, the one name rule of
  the package), exactly first, then after :func:`~trtreport.matching.normalise_name`
  (whitespace folded, Unicode separators replaced, `` [profile N]`` suffixes dropped). A layer
  named by one input only is kept and listed in :attr:`Report.unmatched`, never dropped. A
  layer file or profile that shares no layer with the log is from another build: that is a
  :class:`~trtreport.errors.MismatchError` naming both files.
* **Precision rule** (:func:`compute_precision`): a convolution, deconvolution or matrix
  multiply computes in the type of its first (data) input, reported as TF32 when the input is
  FP32 and the kernel's name says ``tf32``; a reformat is drawn in the type it writes (its
  input → output pair says what it converts); a layer without inputs takes its output's type;
  any other layer takes its inputs' type, ``mixed`` when they differ. Which layer is which
  kind is :mod:`trtreport.layertypes`'s answer, the same the analysis gets.
* **Edges** come from tensor names: the producer of a tensor to each of its consumers. Network
  inputs and outputs are their own nodes (``in:<name>``, ``out:<name>``), taken from the
  binding lines, else from the layer file's binding list, else inferred from the graph (tensors
  consumed but never produced, produced but never consumed).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import PurePath
from typing import TypeVar

from trtreport import __version__
from trtreport.errors import MismatchError
from trtreport.layertypes import (
    is_constant_type,
    is_matmul_type,
    is_myelin,
    is_qdq_layer,
    is_reformat_name,
    is_reformat_type,
    is_shuffle_type,
    is_sync_type,
)
from trtreport.logparse.nodeio import read_node_io
from trtreport.matching import NameIndex, report_bindings
from trtreport.model import (
    MIXED,
    UNKNOWN,
    AutotuneSummary,
    Binding,
    Build,
    BuildLog,
    Edge,
    EngineLayer,
    InputFile,
    IterationTimes,
    LayerFile,
    LayerRecord,
    MyelinRegion,
    NodeFate,
    OnnxGraphTensor,
    ParseStats,
    Profile,
    ProfileEntry,
    Report,
    ReportHeader,
    TensorInfo,
    UnmatchedLayer,
)
from trtreport.provenance import (
    Tracer,
    account_nodes,
    layer_onnx_nodes,
    name_parts,
    trace_events,
)

_T = TypeVar("_T")


def build_report(
    log: BuildLog | None,
    layer_file: LayerFile | None = None,
    profile: Profile | None = None,
    *,
    times: IterationTimes | None = None,
    inputs: tuple[InputFile, ...] = (),
    title: str | None = None,
) -> Report:
    """Join the inputs of one build into the report model.

    ``log`` is ``None`` for a report made from the layer file (and profile) alone, of an engine
    whose build log is gone: the layers, their tensors, precisions and times are there, and
    :attr:`ReportHeader.has_log` tells the page which sections need the log.
    """
    has_log = log is not None
    if log is None:
        log = BuildLog(
            source=layer_file.source if layer_file else "", builds=(), stats=ParseStats()
        )
    build, notes = _choose_build(log, layer_file)
    records, unmatched = _merge_layer_sources(build, layer_file, log.source)
    from_log_table = profile is None and bool(build.profile_table)
    if from_log_table:
        profile = Profile(source=log.source, runs=0, entries=build.profile_table)
    stand_in = ""
    if not records and profile is not None and profile.entries:
        # No layer information anywhere (a --loadEngine run with --dumpProfile, say): the
        # profile's layers stand for the engine's, with their times and without tensors.
        records = [(LayerRecord(name=entry.name), ()) for entry in profile.entries]
        stand_in = (
            "The engine's layers shown are those the profile names, with their times; they "
            "have no tensors, so the graph has no edges."
        )
    elif not records and build.placement:
        # An INFO-level build (Jetson, DRIVE) lists its layers only where they run.
        records = [(LayerRecord(name=name), ("log",)) for name, _ in build.placement]
        stand_in = (
            "The engine's layers shown are those the log lists under 'Layers Running on "
            "GPU/DLA', with where each runs; they have no tensors or precisions, so the graph "
            "has no edges."
        )
    if not has_log:
        notes.append(NO_LOG_NOTE)
    elif not build.engine_layers:
        notes.append(_no_layer_information(build, layer_file, stand_in))
    index = NameIndex(record.name for record, _ in records)
    timing, profile_unmatched = _match_profile(
        records, index, profile, log.source, required=not from_log_table
    )
    if from_log_table:
        notes.append(
            "Layer times come from the profile table printed in the log."
            if timing
            else "The profile table printed in the log names none of the engine's layers; "
            "it was left out."
        )
    autotune = _by_layer_name(index, ((a.layer, a) for a in build.autotuning))
    placement = _by_layer_name(index, build.placement)
    layers = [
        _engine_layer(i, record, timing.get(i), sources, autotune.get(i), placement.get(i, ""))
        for i, (record, sources) in enumerate(records)
    ]
    tracer = Tracer(layers, build.pass_events)
    traced, events_by_layer = trace_events(tracer, build.pass_events)
    layers = [
        replace(layer, pass_events=tuple(events_by_layer.get(layer.id, ()))) for layer in layers
    ]
    fates: tuple[NodeFate, ...] = ()
    graph: tuple[OnnxGraphTensor, ...] = ()
    regions: tuple[MyelinRegion, ...] = ()
    onnx = read_node_io(build.onnx) if build.onnx is not None else None
    if onnx is not None:
        fates, graph, regions = account_nodes(
            tracer,
            onnx.nodes,
            layers,
            build.pass_events,
            region_nodes=build.region_nodes,
            helper_layers=onnx.helper_layers,
            network_inputs=[t.name for t in onnx.inputs]
            + [b.name for b in build.bindings if b.direction == "input"],
            layer_file=layer_file is not None and layer_file.kind == "detailed",
        )
        held = layer_onnx_nodes(layers, fates)
        layers = [
            replace(layer, onnx_nodes=held.get(layer.id, layer.onnx_nodes)) for layer in layers
        ]
    bindings, bindings_source, binding_note = report_bindings(build, layer_file, layers)
    if binding_note and has_log:
        notes.append(binding_note)
    edges = _edges(layers, bindings)
    header = _header(build, log, inputs, title, len(log.builds), has_log=has_log)
    return Report(
        header=header,
        layers=tuple(layers),
        edges=edges,
        bindings=bindings,
        stages=build.stages,
        options=build.options,
        device=build.device,
        stats=log.stats,
        unmatched=unmatched + profile_unmatched,
        warnings=build.warnings,
        errors=build.errors,
        notes=tuple(notes),
        warning_count=max(build.warning_count, len(build.warnings)),
        messages=build.messages,
        error_count=max(build.error_count, len(build.errors)),
        onnx=onnx,
        pass_events=traced,
        node_fates=fates,
        onnx_graph=graph,
        regions=regions,
        reformats_added=build.reformats_added,
        memory=build.memory,
        timings=build.timings,
        performance=build.performance,
        times=replace(times, source=PurePath(times.source).name) if times is not None else None,
        bindings_source=bindings_source,
        tuned_without_engine=build.autotuning if not layers else (),
        last_combination=build.last_combination,
        last_runner=build.last_runner,
        last_tactic=build.last_tactic,
        placement=build.placement,
        calibration_batches=build.calibration_batches,
    )


NO_LOG_NOTE = (
    "No build log was given: this report is made from the layer information (and profile) "
    "alone. The engine's layers, tensors, precisions, Reformats, kernels, tactics and times are "
    "shown; the optimization passes, the fate of each ONNX node, autotuning, the layer-count "
    "funnel, build options, device, memory and the log's warnings need the build log "
    "(trtexec --verbose)."
)
"""The note of a report made without a build log."""


def _by_layer_name(index: NameIndex, items: Iterable[tuple[str, _T]]) -> dict[int, _T]:
    """Attach per-layer facts keyed by layer name to layer positions (first fact wins)."""
    found: dict[int, _T] = {}
    for name, item in items:
        i = index.find(name)
        if i is not None:
            found.setdefault(i, item)
    return found


_MAX_OTHER_FAILURES = 3
"""Failed builds other than the one shown that the notes describe one by one."""


def _choose_build(log: BuildLog, layer_file: LayerFile | None) -> tuple[Build, list[str]]:
    """Pick the build the report shows and explain the choice when there was one to make."""
    notes: list[str] = []
    if not log.builds:
        return Build(index=0, first_line=0, last_line=0), notes
    with_engine = [b for b in log.builds if b.engine_layers]
    chosen = with_engine[-1] if with_engine else log.builds[-1]
    if len(log.builds) > 1:
        notes.append(
            f"The log holds {len(log.builds)} builds; this report shows build "
            f"{chosen.index + 1} (lines {chosen.first_line}–{chosen.last_line})."
        )
        for other in log.builds:
            if other is not chosen and other.calibration_batches:
                plural = "es" if other.calibration_batches > 1 else ""
                notes.append(
                    f"Build {other.index + 1} (lines {other.first_line}–{other.last_line}) is "
                    f"the engine TensorRT built to run the INT8 calibrator "
                    f"({other.calibration_batches} batch{plural})."
                )
        failed = [b for b in log.builds if b is not chosen and b.end == "failed"]
        for other in failed[:_MAX_OTHER_FAILURES]:
            notes.append(
                f"Build {other.index + 1} (lines {other.first_line}–{other.last_line}) failed: "
                f"{other.end_reason} (line {other.end_line:,})."
            )
        more = len(failed) - _MAX_OTHER_FAILURES
        if more > 0:
            notes.append(f"{more} more build{'s' if more > 1 else ''} in the log failed.")
    return chosen, notes


def _no_layer_information(build: Build, layer_file: LayerFile | None, stand_in: str) -> str:
    """The note for a build whose log has no ``Engine Layer Information``; ``stand_in`` says
    what the report's layers are instead (``""``: none)."""
    if layer_file is not None and layer_file.layers:
        return (
            "The log has no Engine Layer Information; the engine layers come from the layer file."
        )
    if build.kind == "inference":
        how = (
            "The log has no Engine Layer Information: a run that loads an engine does not "
            "print it. Pass --layers with the file of trtexec --exportLayerInfo "
            "(--profilingVerbosity=detailed) for the graph."
        )
    else:
        how = (
            "The log has no Engine Layer Information (build with trtexec --verbose or a "
            "Python logger at trt.Logger.VERBOSE, or pass --layers from --exportLayerInfo)."
        )
    if stand_in:
        return f"{how} {stand_in}"
    return how if build.kind == "inference" else f"{how[:-1]}: the graph is empty."


def _merge_layer_sources(
    build: Build, layer_file: LayerFile | None, log_source: str
) -> tuple[list[tuple[LayerRecord, tuple[str, ...]]], tuple[UnmatchedLayer, ...]]:
    """Merge the log's engine layers with the layer file's, keeping both sides' leftovers."""
    log_layers = build.engine_layers
    if layer_file is None or not layer_file.layers:
        return [(r, ("log",)) for r in log_layers], ()
    file_layers = layer_file.layers
    if not log_layers:
        return [(r, ("layers",)) for r in file_layers], ()

    index = NameIndex(record.name for record in log_layers)
    matched: dict[int, LayerRecord] = {}
    file_only: list[LayerRecord] = []
    for record in file_layers:
        i = index.find(record.name)
        if i is None or i in matched:
            file_only.append(record)
        else:
            matched[i] = record
    if not matched:
        raise MismatchError(
            layer_file.source,
            f"shares no layer with {log_source}: the layer file is from another build "
            f"(first layer here: {file_layers[0].name!r}; in the log: {log_layers[0].name!r})",
        )
    merged: list[tuple[LayerRecord, tuple[str, ...]]] = []
    unmatched: list[UnmatchedLayer] = []
    for i, record in enumerate(log_layers):
        other = matched.get(i)
        if other is None:
            merged.append((record, ("log",)))
            if layer_file.kind == "detailed":
                unmatched.append(
                    UnmatchedLayer(record.name, "log", "layers", "no layer of that name")
                )
        else:
            merged.append((_merge_records(record, other), ("log", "layers")))
    for record in file_only:
        merged.append((record, ("layers",)))
        unmatched.append(UnmatchedLayer(record.name, "layers", "log", "no layer of that name"))
    return merged, tuple(unmatched)


def _merge_records(from_log: LayerRecord, from_file: LayerRecord) -> LayerRecord:
    """One record from two: the log's line and tactic, the file's richer details."""
    return replace(
        from_log,
        layer_type=from_file.layer_type or from_log.layer_type,
        tactic=from_log.tactic or from_file.tactic,
        kernel=from_file.kernel or from_log.kernel,
        inputs=_merge_tensors(from_log.inputs, from_file.inputs),
        outputs=_merge_tensors(from_log.outputs, from_file.outputs),
        onnx_nodes=from_file.onnx_nodes or from_log.onnx_nodes,
        origin=from_file.origin or from_log.origin,
        details=from_file.details or from_log.details,
    )


def _merge_tensors(
    from_log: tuple[TensorInfo, ...], from_file: tuple[TensorInfo, ...]
) -> tuple[TensorInfo, ...]:
    """Prefer the file's tensors (they carry formats); fill unknown types from the log."""
    if not from_file:
        return from_log
    if not from_log:
        return from_file
    log_by_name = {t.name: t for t in from_log}
    merged = []
    for tensor in from_file:
        seen = log_by_name.get(tensor.name)
        if seen is not None:
            tensor = replace(
                tensor,
                dtype=tensor.dtype if tensor.dtype != UNKNOWN else seen.dtype,
                shape=tensor.shape or seen.shape,
            )
        merged.append(tensor)
    return tuple(merged)


_MYELIN_KERNEL = re.compile(r"^(?P<stem>.*?)_myl(?P<region>\d+)_\d+$")


def _match_profile(
    records: Sequence[tuple[LayerRecord, tuple[str, ...]]],
    index: NameIndex,
    profile: Profile | None,
    log_source: str,
    *,
    required: bool = True,
) -> tuple[dict[int, _Timing], tuple[UnmatchedLayer, ...]]:
    """Attach profile entries to layers by name; list the entries that match no layer.

    Entries named like Myelin kernels (``node_conv2d_myl0_1``, ``__mye59_0_myl0_0``) are
    grouped by their region number and summed into the ``{ForeignNode[...]}`` layer that holds
    any of the region's node names.
    """
    if profile is None or not profile.entries or not records:
        return {}, ()
    timing: dict[int, _Timing] = {}
    leftovers: list[ProfileEntry] = []
    for entry in profile.entries:
        i = index.find(entry.name)
        if i is None or i in timing:
            leftovers.append(entry)
        else:
            timing[i] = _Timing(entry.average_ms, entry.percentage, ())
    unmatched = _group_myelin_kernels(records, leftovers, timing)
    if not timing and not required:
        return {}, ()
    if not timing:
        raise MismatchError(
            profile.source,
            f"shares no layer with {log_source}: the profile is from another build "
            f"(first entry: {profile.entries[0].name!r})",
        )
    return timing, unmatched


class _Timing:
    """A layer's time: average per run, share of the total, and the entries summed into it."""

    __slots__ = ("average_ms", "entries", "percentage")

    def __init__(self, average_ms: float, percentage: float, entries: tuple[str, ...]) -> None:
        self.average_ms = average_ms
        self.percentage = percentage
        self.entries = entries


def _group_myelin_kernels(
    records: Sequence[tuple[LayerRecord, tuple[str, ...]]],
    leftovers: Sequence[ProfileEntry],
    timing: dict[int, _Timing],
) -> tuple[UnmatchedLayer, ...]:
    """Sum Myelin kernel entries into their region's layer; return what stays unmatched."""
    part_index: dict[str, int] = {}
    for i, (record, _) in enumerate(records):
        for part in (*name_parts(record.name), *record.onnx_nodes):
            part_index.setdefault(part, i)
    regions: dict[str, list[ProfileEntry]] = {}
    votes_of: dict[str, dict[int, int]] = {}
    unmatched: list[UnmatchedLayer] = []
    for entry in leftovers:
        match = _MYELIN_KERNEL.match(entry.name)
        if match is None:
            unmatched.append(
                UnmatchedLayer(entry.name, "profile", "log", "no engine layer of that name")
            )
            continue
        region = match.group("region")
        regions.setdefault(region, []).append(entry)
        votes = votes_of.setdefault(region, {})
        position = part_index.get(match.group("stem"))
        if position is not None:
            votes[position] = votes.get(position, 0) + 1
    for region, entries in sorted(regions.items()):
        votes = votes_of[region]
        if not votes:
            unmatched.extend(
                UnmatchedLayer(
                    e.name, "profile", "log", f"Myelin kernel of region {region}: no layer holds it"
                )
                for e in entries
            )
            continue
        holder = max(sorted(votes), key=lambda k: votes[k])
        before = timing.get(holder)
        average = sum(e.average_ms for e in entries) + (before.average_ms if before else 0.0)
        share = sum(e.percentage for e in entries) + (before.percentage if before else 0.0)
        names = (*(before.entries if before else ()), *(e.name for e in entries))
        timing[holder] = _Timing(average, share, names)
    return tuple(unmatched)


def layer_role(record: LayerRecord) -> str:
    """Classify a layer for marking and hiding in the graph (see :attr:`EngineLayer.role`)."""
    kind = record.layer_type
    if is_sync_type(kind):
        return "sync"
    if is_qdq_layer(kind, record.origin):
        return "qdq"
    if is_reformat_type(kind) or is_reformat_name(record.name):
        return "reformat"
    if is_myelin(kind, record.name):
        return "myelin"
    if is_constant_type(kind) or (not record.inputs and record.outputs):
        return "constant"
    if is_shuffle_type(kind):
        return "shuffle"
    return "compute"


def _combined(dtypes: Iterable[str]) -> str:
    """One label for several tensor types: the shared one, ``mixed``, or ``unknown``."""
    known = sorted({d for d in dtypes if d != UNKNOWN})
    if not known:
        return UNKNOWN
    return known[0] if len(known) == 1 else MIXED


def compute_precision(record: LayerRecord, role: str) -> str:
    """The precision a layer computes in, by the rule in this module's docstring."""
    out_precision = _combined(t.dtype for t in record.outputs)
    if role in ("reformat", "qdq"):
        return out_precision
    if not record.inputs:
        return out_precision
    if is_matmul_type(record.layer_type):
        data = record.inputs[0].dtype
        if data == "FP32" and "tf32" in record.kernel.lower():
            return "TF32"
        return data
    return _combined(t.dtype for t in record.inputs)


def _engine_layer(
    index: int,
    record: LayerRecord,
    timing: _Timing | None,
    sources: tuple[str, ...],
    autotune: AutotuneSummary | None = None,
    device: str = "",
) -> EngineLayer:
    """Freeze one merged record into the engine layer the report shows."""
    role = layer_role(record)
    if timing is not None:
        sources = (*sources, "profile")
    input_precision = _combined(t.dtype for t in record.inputs)
    parts = (
        tuple(sorted({t.dtype for t in record.inputs if t.dtype != UNKNOWN}))
        if input_precision == MIXED
        else ()
    )
    return EngineLayer(
        id=f"L{index}",
        index=index,
        name=record.name,
        layer_type=record.layer_type,
        role=role,
        precision=compute_precision(record, role),
        input_precision=input_precision,
        output_precision=_combined(t.dtype for t in record.outputs),
        tactic=record.tactic,
        kernel=record.kernel or (autotune.tactic_name if autotune else ""),
        inputs=record.inputs,
        outputs=record.outputs,
        onnx_nodes=record.onnx_nodes,
        origin=record.origin,
        log_line=record.line if "log" in sources else 0,
        sources=sources,
        time_ms=timing.average_ms if timing is not None else None,
        time_share=timing.percentage if timing is not None else None,
        details=record.details,
        precision_parts=parts,
        autotune=autotune,
        device=device,
        profiled_as=timing.entries if timing is not None else (),
    )


def _edges(layers: Sequence[EngineLayer], bindings: Sequence[Binding]) -> tuple[Edge, ...]:
    """Producer → consumer edges by tensor name, including binding nodes."""
    producer: dict[str, str] = {}
    tensor_of: dict[str, TensorInfo] = {}
    for binding in bindings:
        if binding.direction == "input":
            producer[binding.name] = f"in:{binding.name}"
    for layer in layers:
        for tensor in layer.outputs:
            producer.setdefault(tensor.name, layer.id)
            tensor_of.setdefault(tensor.name, tensor)
    edges: dict[tuple[str, str, str], Edge] = {}
    for layer in layers:
        for tensor in layer.inputs:
            source = producer.get(tensor.name)
            if source is None or source == layer.id:
                continue
            key = (source, layer.id, tensor.name)
            edges.setdefault(key, Edge(source, layer.id, tensor.name, tensor.dtype, tensor.shape))
    for binding in bindings:
        if binding.direction != "output":
            continue
        source = producer.get(binding.name)
        if source is None:
            continue
        described = tensor_of.get(binding.name)
        dtype = described.dtype if described is not None else binding.dtype
        shape = described.shape if described is not None else binding.shape
        key = (source, f"out:{binding.name}", binding.name)
        edges.setdefault(key, Edge(source, f"out:{binding.name}", binding.name, dtype, shape))
    return tuple(edges.values())


_PRECISION_FLAGS = (
    ("--best", ("FP32", "FP16", "INT8")),
    ("--fp16", ("FP16",)),
    ("--bf16", ("BF16",)),
    ("--int8", ("INT8",)),
    ("--fp8", ("FP8",)),
    ("--int4", ("INT4",)),
    ("--fp4", ("FP4",)),
    ("--noTF32", ()),
)
_FLAG_ORDER = ("FP32", "TF32", "FP16", "BF16", "FP8", "INT8", "INT4", "FP4")
_STRONGLY_TYPED = "STRONGLY TYPED"
"""trtexec's ``Precision: Strongly Typed`` (``--stronglyTyped``): the network's types decide
each layer's precision, no flag allows one."""


def precision_flags(build: Build) -> tuple[str, ...]:
    """The precisions the builder was allowed: from ``Precision:`` or the command's flags."""
    stated = build.option("Precision")
    found: set[str] = set()
    if stated:
        found.update(part.strip().upper() for part in stated.split("+") if part.strip())
    elif build.command:
        words = build.command.split()
        if "--stronglyTyped" in words:
            return (_STRONGLY_TYPED,)
        found.add("FP32")
        for flag, adds in _PRECISION_FLAGS:
            if any(w == flag or w.startswith(flag + "=") for w in words):
                found.update(adds)
    ordered = [p for p in _FLAG_ORDER if p in found]
    ordered += sorted(found.difference(_FLAG_ORDER))
    return tuple(ordered)


def _model_name(build: Build) -> str:
    """The model file's base name, from the ``Model:`` option or the command line."""
    model = build.option("Model")
    if not model:
        match = re.search(r"--(?:onnx|deploy|uff|loadEngine)=(\S+)", build.command)
        model = match.group(1) if match else ""
    return PurePath(model.replace("\\", "/")).name if model else ""


def _header(
    build: Build,
    log: BuildLog,
    inputs: tuple[InputFile, ...],
    title: str | None,
    builds_in_log: int,
    *,
    has_log: bool = True,
) -> ReportHeader:
    """What the report's header says about the build (titled by the layer file's name when
    there is no log)."""
    model = _model_name(build)
    log_name = PurePath(log.source.replace("\\", "/")).name
    if not has_log:
        log_name = log_name.removesuffix(".gz").removesuffix(".json")
    return ReportHeader(
        title=title if title is not None else (model or log_name or "TensorRT build"),
        model=model,
        tensorrt_version=build.tensorrt_version,
        device_name=build.device_name,
        precision_flags=precision_flags(build),
        command=build.command,
        status=build.status,
        build_index=build.index,
        builds_in_log=builds_in_log,
        trtreport_version=__version__,
        inputs=inputs,
        build_kind=build.kind,
        log_end=build.end,
        last_phase=build.last_phase,
        end_line=build.end_line,
        end_reason=build.end_reason,
        has_log=has_log,
    )
