"""Rules of the engine: ``Engine Layer Information`` (logged or bare), the ``--dumpLayerInfo``
dump and its bindings, reformats, memory, phase times, bindings created."""

from __future__ import annotations

import re

from trtreport.logparse.dump import DumpSyntaxError, parse_dump_layer
from trtreport.logparse.rules.base import NUM, dims, needle_rule, rule, understood
from trtreport.logparse.state import BuildState, LogState, Mode
from trtreport.logparse.tensors import parse_tensor_lists
from trtreport.model import UNKNOWN, LayerRecord, LineSample
from trtreport.precision import normalise_dtype


def _engine_layers_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Engine Layer Information:``: the ``Layer(...)`` lines follow, unprefixed."""
    if state.current.engine_layers or state.current.ends.status:
        state.start_build(line)
    build = state.current
    build.reach("engine")
    build.built = True
    build.layer_info_line = line
    build.listing_line = line
    state.mode = Mode.ENGINE_LAYERS
    return True


ENGINE_LAYERS_HEADER = rule(
    "engine-layers-header",
    "Engine Layer Information",
    r"Engine Layer Information:\s*\Z",
    _engine_layers_header,
    examples=("Engine Layer Information:",),
)


def _layer_dump_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Layers:``: the ``--dumpLayerInfo`` lines follow, unprefixed."""
    state.current.listing_line = line
    state.mode = Mode.LAYER_DUMP
    return True


LAYER_DUMP_HEADER = rule(
    "layer-dump-header",
    "Layers:",
    r"Layers:\s*\Z",
    _layer_dump_header,
    examples=("Layers:",),
)


def _reformat_added(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Adding reformat layer: ...``."""
    build = state.current
    build.reach("engine")
    if len(build.reformats_added) < 10000:
        build.reformats_added.append(LineSample(line, match.string[:1000]))
    return True


REFORMAT_ADDED = rule(
    "reformat-added",
    "Adding reformat layer: ",
    r"Adding reformat layer: .(?:(?! from ).)* from .+ to .+\Z",  # the first " from "
    _reformat_added,
    examples=(
        (
            "Adding reformat layer: Reformatted Input Tensor 0 to node_view (max_pool2d_1) from "
            "Half(392,1:8,56,8) to Half(3136,49,7,1)"
        ),
    ),
)


def _memory(state: LogState, match: re.Match[str], line: int) -> bool:
    """A memory figure: the key as the rule names it, the value as printed."""
    build = state.current
    key = match.group("key")
    unit = match.groupdict().get("unit") or ""
    if unit and unit != "bytes":
        key = f"{key} ({unit})"
    if key == "Total Weight Memory":
        key = "Total Weights Memory"  # TensorRT 7's spelling
    build.memory.append((key, match.group("value")))
    if key.startswith(("Total Activation Memory", "Total Weights Memory")):
        build.reach("engine")
    if key.startswith(("Loaded engine", "Engine size")) and not build.built:
        build.loaded = True
        build.reach("inference")
    return True


MEMORY = rule(
    "memory",
    (
        "Total Activation Memory: ",
        "Total Host Persistent Memory: ",
        "Total Device Persistent Memory: ",
        "Total Scratch Memory: ",
        "Max Scratch Memory: ",
        "Total Weights Memory: ",
        "Total Weight Memory: ",
        "Total per-runner ",
        "Allocated activation device memory of size ",
        "Allocated device scratch memory of size ",
        "Loaded engine size: ",
        "Loaded engine with size: ",
        "Created engine with size: ",
        "Engine size: ",
        "Created execution context with device memory size: ",
        "Maximum device memory size across all profiles: ",
        "Only allocated device memory enough for ",
    ),
    rf"(?P<key>Total Activation Memory|Total Host Persistent Memory"
    rf"|Total Device Persistent Memory|Total Scratch Memory|Max Scratch Memory"
    rf"|Total Weights? Memory|Total per-runner (?:device|host)(?: persistent)? memory"
    rf"|Allocated activation device memory|Allocated device scratch memory"
    rf"|Loaded engine size|Loaded engine with size|Created engine with size|Engine size"
    rf"|Created execution context with device memory size"
    rf"|Maximum device memory size across all profiles"
    rf"|Only allocated device memory enough for [^:]+)(?::| is| of size) "
    rf"(?P<value>{NUM})(?: (?P<unit>bytes|MiB|MB|KiB|GiB))?\.?\s*\Z",
    _memory,
    examples=(
        "Total Activation Memory: 2195360256",
        "Loaded engine with size: 48.3281 MiB",
        "Maximum device memory size across all profiles: 96.5 MiB",
        "Only allocated device memory enough for current profile: 24.125 MiB",
    ),
    note=(
        "and host/device persistent, scratch, weights, per-runner, allocated activation "
        "memory, engine size; trtexec 10/11's device memory of ``--allocationStrategy``"
    ),
)


def _mem_usage(state: LogState, match: re.Match[str], line: int) -> bool:
    """``[MemUsageChange] WHAT: CPU +N, GPU +N, now: ...`` and its siblings."""
    build = state.current
    label = f"{match.group('tag')}: {match.group('what')}"
    if len(build.memory) < 1000:
        build.memory.append((label, match.group("value")))
    what = match.group("what")
    if "deserialization" in what and not build.built:
        build.loaded = True
        build.reach("inference")
    elif "allocation in building engine" in what or what.startswith(
        "Peak memory usage during Engine building"
    ):
        # The Python samples' last line of a build at INFO level (no Engine Layer Information
        # or "Engine built" there): the engine was built.
        build.built = True
        build.reach("engine")
    return True


MEM_USAGE = rule(
    "mem-usage",
    ("[MemUsageChange] ", "[MemUsageStats] ", "[MemUsageSnapshot] "),
    r"\[(?P<tag>MemUsage\w+)\] (?P<what>[^:]+): (?P<value>.*)\Z",
    _mem_usage,
    examples=("[MemUsageChange] Init cuDNN: CPU +975, GPU +418, now: CPU 1469, GPU 969 (MiB)",),
    note="also ``[MemUsageStats]``, ``[MemUsageSnapshot]``",
)


_TIMING_KEYS = {
    "Engine generation completed in": ("Engine generation", "engine"),
    "Formats and tactics selection completed in": ("Formats and tactics selection", "autotuning"),
    "Engine built in": ("Engine built", "engine"),
    "Engine deserialized in": ("Engine deserialized", "inference"),
    "Engine loaded in": ("Engine loaded", "inference"),
    "Deserialization required": ("Deserialization (us)", "inference"),
    "Finished parsing network model. Parse time:": ("ONNX parsing", "onnx-import"),
    "Subgraph compilation completed in": ("", "autotuning"),
    "Calculating Maxima completed in": ("", "autotuning"),
}


def _phase_time(state: LogState, match: re.Match[str], line: int) -> bool:
    """A build or load duration (``Engine generation completed in 9.5 seconds.``)."""
    build = state.current
    key, phase = _TIMING_KEYS[match.group("what")]
    build.reach(phase)
    if key:
        build.timings.append((key, match.group("value")))
    if phase == "engine":
        build.built = True
    elif phase == "inference" and not build.built:
        build.loaded = True
    return True


PHASE_TIME = rule(
    "phase-time",
    tuple(_TIMING_KEYS),
    r"(?P<what>" + "|".join(re.escape(key) for key in _TIMING_KEYS) + r") "
    rf"(?P<value>{NUM})(?: (?:seconds|sec|microseconds|s))?\.?\s*\Z",
    _phase_time,
    examples=("Engine generation completed in 9.50705 seconds.",),
    note=(
        "also ``Engine built in``, ``Formats and tactics selection completed in``, ``Engine "
        "deserialized in``, ..."
    ),
)


_ENGINE_PHASE_STARTS = (
    "Finalize: ",
    "Kernel: ",
    "Total number of generated kernels",
    "Total number of blocks",
    "Block size",
    "[BlockAssignment]",
    "Adding ",
    "Serialized ",
    "Disabling unused tactic source",
)
"""Chatter that only comes once autotuning is over (most of the rule's lines come earlier)."""


def _engine(state: LogState, match: re.Match[str], line: int) -> bool:
    """Builder chatter: understood, nothing to keep; some of it marks the engine phase."""
    if match.group(0).startswith(_ENGINE_PHASE_STARTS):
        state.current.reach("engine")
    return True


LAYER_MEMORY = rule(
    "layer-memory",
    "Layer: ",
    r"Layer: .+ Host ?Persistent: \d+(?: bytes)? Device ?Persistent: \d+(?: bytes)?"
    r"(?: Scratch Memory: \d+(?: bytes)?)?\s*\Z",
    _engine,
    examples=("Layer: conv1 + relu1 Host Persistent: 3264 Device Persistent: 0 Scratch Memory: 0",),
)


ENGINE_CHATTER = rule(
    "engine-chatter",
    (
        "Finalize: ",
        "Kernel: ",
        "Total number of blocks in ",
        "Block size ",
        "Pre-optimized block assignment",
        "Optimized block assignment",
        "[BlockAssignment] ",
        "Skipped printing memory information",
        "Disabling unused tactic source",
        "Using cublas",
        "Using cuDNN",
        "Using cublasLt",
        "Using CUDA",
        "Adding ",
        "Serialized ",
        "[MS] ",
        "Compiler backend is used",
        "Detected ",
        "- Runner scratch: ",
        "CUDA lazy loading is ",
        "----------------------------------------------------------------",
        "Setting persistentCacheLimit",
        "Serializing ",
        "Using enqueueV",
        "TF32 is enabled by default",
        "FP32 and INT8 precisions have been specified",
        "Calibrator is not being used",
        "Total number of generated kernels",
        "Trying to set exclusive file lock ",
        "STILL ALIVE: ",
        "Configuring builder for ",
        "No layer is running on ",
        "Use backend strategy ",
        "InternalBuildFlags::",
        "Saved ",
        "Reserving memory for activation tensors",
        "The logger passed into ",
        "Capturing CUDA graph",
        "Successfully captured CUDA graph",
        "  List of affected weights: ",
        "BuilderFlag::",
        "[GraphReduction] ",
    ),
    r"(?:Finalize: .+ Set kernel index: \d+|Kernel: \d+ \w+|Total number of blocks in "
    r"|Block size \d+|(?:Pre-o|O)ptimized block assignment\.|\[BlockAssignment\] "
    r"|Skipped printing memory information|Disabling unused tactic source: "
    r"|Using (?:cublas|cuDNN|cublasLt|CUDA)\w* as? (?:a |plugin |core library )?tactic source"
    r"|Adding \d+ engine (?:weights)?\(s\) to plan file\.|Adding \d+ engine\(s\) to plan file\."
    r"|Serialized \d+ (?:bytes of (?:code generator|compilation) cache|timing cache entries)"
    r"|\[MS\] |Compiler backend is used during engine (?:build|execution)\."
    r"|Detected \d+ inputs? and \d+ "
    r"outputs? network tensors\.|- Runner scratch: \d+ bytes|CUDA lazy loading is (?:not )?"
    r"enabled|-{20,}\s*\Z|Setting persistentCacheLimit to \d+|Using enqueueV\d"
    r"|TF32 is enabled by default|FP32 and INT8 precisions have been specified"
    r"|Serializing timing cache|Calibrator is not being used"
    r"|Total number of generated kernels selected for the engine: \d+"
    r"|Trying to set exclusive file lock |STILL ALIVE: Started step \d+ of \d+"
    r"|Configuring builder for \w+ Mode completed in |No layer is running on (?:DLA|GPU)"
    r"|Use backend strategy \d+ |InternalBuildFlags::\w+ is enabled"
    r"|Saved \d+ bytes of timing cache to |Reserving memory for activation tensors\. "
    r"|The logger passed into createInfer(?:Builder|Runtime|Refitter) differs"
    r"|(?:Capturing|Successfully captured) CUDA graph for the current execution context"
    r"|\s+List of affected weights: "
    r"|BuilderFlag::\w+ is set but hardware does not support \w+|\[GraphReduction\] \S)",
    _engine,
    examples=("Finalize: conv1 Set kernel index: 2",),
    note="block assignment, kernel index, timing cache, tactic sources, library loading, ...",
)


NON_CONFORMING = needle_rule(
    "non-conforming",
    " a non-conforming implementation was chosen",
    r" a non-conforming implementation was chosen",
    _engine,
    examples=(
        (
            "For layer MatMul-9 + ReLU-11 a non-conforming implementation was chosen than was "
            "requested i.e. requested layer computation precision and output precision types were "
            "ignored because it resulted in faster network performance. Set "
            "BuilderFlag::kPREFER_PRECISION_CONSTRAINTS to encourage choosing a conforming "
            "implementation, or set BuilderFlag::kOBEY_PRECISION_CONSTRAINTS to require choosing a "
            "conforming implementation."
        ),
    ),
)


def _binding(state: LogState, match: re.Match[str], line: int) -> bool:
    """A ``Created input binding for ...`` or ``Input binding for ... is created.`` line."""
    shape = dims(match.group("dims"))
    if shape is None:
        return False
    type_word = match.groupdict().get("type") or ""
    dtype = normalise_dtype(type_word) if type_word else UNKNOWN
    state.current.add_binding(
        match.group("name"), match.group("direction").lower(), shape, dtype, line
    )
    return True


BINDING_CREATED = rule(
    "binding-created",
    "Created ",
    r"Created (?P<direction>input|output) binding for (?P<name>.+) "
    r"with dimensions (?P<dims>[-\dx]*)\s*\Z",
    _binding,
    examples=("Created input binding for inputs.1 with dimensions 1x3x224x224",),
)


BINDING_IS_CREATED = rule(
    "binding-is-created",
    ("Input binding for ", "Output binding for "),
    r"(?P<direction>Input|Output) binding for (?P<name>.+) with dimensions (?P<dims>[-\dx]*)"
    r"(?: and type (?P<type>\w+))? is created\.\s*\Z",
    _binding,
    examples=("Input binding for x with dimensions 1x1x28x28 and type fp32 is created.",),
    note="TensorRT 10",
)


def _dynamic_binding(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Output binding for boxes is dynamic and will be created during execution using
    OutputAllocator.``: a binding whose shape is known only at run time (no shape, no type)."""
    state.current.add_binding(
        match.group("name"), match.group("direction").lower(), (), UNKNOWN, line
    )
    return True


BINDING_DYNAMIC = rule(
    "binding-dynamic",
    ("Input binding for ", "Output binding for "),
    r"(?P<direction>Input|Output) binding for (?P<name>.+) is dynamic and will be created "
    r"during execution using OutputAllocator\.\s*\Z",
    _dynamic_binding,
    examples=(
        "Output binding for boxes is dynamic and will be created during execution using "
        "OutputAllocator.",
    ),
    note="trtexec 10 and 11: a data-dependent output shape",
)


def _engine_layer(state: LogState, match: re.Match[str], line: int) -> bool:
    """One ``Layer(TYPE): NAME, Tactic: T, INPUTS -> OUTPUTS`` line of Engine Layer Information.

    Outside the block the line is taken all the same when it parses whole (the form is
    TensorRT's alone) and the build has no engine layer yet (a log pasted without the list's
    header) or its last one came two lines before (one line of the list broken by a paste);
    it then opens the list. Once a prefixed line ended the list, a stray one is not taken.
    """
    if state.mode is not Mode.ENGINE_LAYERS:
        if not _list_goes_on(state.current, line) or not _add_engine_layer(state, match, line):
            return False
        state.mode = Mode.ENGINE_LAYERS
        return True
    return _add_engine_layer(state, match, line)


ENGINE_LAYER = rule(
    "engine-layer",
    "Layer(",
    r"Layer\((?P<type>[^)]*)\): (?P<rest>.*)\Z",
    _engine_layer,
    examples=(
        (
            "Layer(CaskConvolution): conv1 + relu1, Tactic: 0x61, 176 (Int8[1,3,9,9]) -> 191 "
            "(Int8[1,64:32,5,5])"
        ),
    ),
    note="one line; only after ``Engine Layer Information:``",
)


def _list_goes_on(build: BuildState, line: int) -> bool:
    """Whether an engine layer line at ``line`` outside the list's block continues the build's
    list: none read yet, or the last read at most two lines before, the list not closed."""
    return not build.engine_layers or line - 2 <= build.layer_info_line


def _engine_layer_logged(state: LogState, match: re.Match[str], line: int) -> bool:
    """TensorRT 7's engine layer, logged as a message of its own after the header or the layer
    before (``[TensorRT] VERBOSE: Layer(FusedConvActDirect): conv1, Tactic: 141, ...``).

    A log pasted from the middle of the list has no header: its first layer is taken all the
    same when the whole line parses (the form is TensorRT's alone), and starts the list."""
    if not _list_goes_on(state.current, line):
        return False
    return _add_engine_layer(state, match, line)


ENGINE_LAYER_LOGGED = rule(
    "engine-layer-logged",
    "Layer(",
    r"Layer\((?P<type>[^)]*)\): (?P<rest>.*)\Z",
    _engine_layer_logged,
    examples=(
        (
            "Layer(FusedConvActDirect): conv1 + relu1, Tactic: 141, data[Float(1, 28,28)] -> "
            "relu1_out[Float(8,26,26)]"
        ),
    ),
    note="TensorRT 7: a message per layer, right after the header",
)


def _add_engine_layer(state: LogState, match: re.Match[str], line: int) -> bool:
    """Record the engine layer of a ``Layer(TYPE): REST`` line; False if REST does not parse."""
    rest = match.group("rest")
    name_end = rest.find(", Tactic: ")
    if name_end < 0:
        return False
    tactic, _, tensors = rest[name_end + len(", Tactic: ") :].partition(",")
    parsed = parse_tensor_lists(tensors)
    if parsed is None:
        return False
    build = state.current
    build.layer_info_line = line
    build.engine_layers.append(
        LayerRecord(
            name=rest[:name_end],
            layer_type=match.group("type"),
            tactic=tactic.strip(),
            inputs=parsed[0],
            outputs=parsed[1],
            line=line,
        )
    )
    return True


def _dump_layer(state: LogState, match: re.Match[str], line: int) -> bool:
    """One ``Name: ..., LayerType: ...`` line of the ``--dumpLayerInfo`` text."""
    if state.mode is not Mode.LAYER_DUMP:
        return False
    try:
        record = parse_dump_layer(match.string, line)
    except DumpSyntaxError:
        return False
    state.current.dump_layers.append(record)
    return True


DUMP_LAYER = rule(
    "dump-layer",
    "Name: ",
    r"Name: .*?, LayerType: ",
    _dump_layer,
    examples=(
        (
            "Name: __mye220_0_myl7_0, LayerType: shape_call, Inputs: [], Outputs: [], TacticName: "
            ", StreamId: 0, Metadata:"
        ),
    ),
    note="after ``Layers:``",
)


def _dump_bindings(state: LogState, match: re.Match[str], line: int) -> bool:
    """The dump's ``Bindings:`` line; binding names follow, one per line."""
    if state.mode is not Mode.LAYER_DUMP:
        return False
    state.mode = Mode.DUMP_BINDINGS
    return True


DUMP_BINDINGS = rule(
    "dump-bindings",
    "Bindings:",
    r"Bindings:\s*\Z",
    _dump_bindings,
    examples=("Bindings:",),
)


def _dump_name(state: LogState, match: re.Match[str], line: int) -> bool:
    """A bare name: a layer of a names-only dump, or a binding after ``Bindings:``."""
    name = match.group("name")
    if state.mode is Mode.LAYER_DUMP:
        build = state.current
        if build.dump_layers and build.dump_layers[-1].layer_type:
            return False  # a detailed dump's layers are all "Name: ..., LayerType: ..." lines
        build.dump_layers.append(LayerRecord(name=name, line=line))
        return True
    if state.mode is Mode.DUMP_BINDINGS:
        state.current.dump_bindings.append((name, line))
        return True
    return False


DUMP_NAME = rule(
    "dump-name",
    (),
    r"(?P<name>\S(?:.*\S)?)\s*\Z",
    _dump_name,
    examples=("conv1 + relu1",),
    note="a names-only dump entry, or a binding name after ``Bindings:``",
)


_CONTINUED_MODES = frozenset({Mode.ENGINE_LAYERS, Mode.LAYER_DUMP, Mode.DUMP_BINDINGS})


def _continuation(state: LogState, match: re.Match[str], line: int) -> bool:
    """A line indented by four spaces inside a block of unprefixed lines: Polygraphy indents the
    lines after the first of a multi-line message (``    Layer(...)`` after ``[X] Engine Layer
    Information:``, ``    Name: ...`` after ``[X] Layers:``). The text after the indent is read
    by the block's rules."""
    if state.mode not in _CONTINUED_MODES:
        return False
    text = match.group("rest")
    for continued in _CONTINUED_RULES:
        if continued.prefix and not text.startswith(continued.prefix):
            continue
        found = continued.pattern.match(text)
        if found is not None and continued.handler(state, found, line):
            return True
    return False


LAYER_INFO_HEADER = rule(
    "layer-info-header",
    "Layer Information",
    r"Layer Information:\s*\Z",
    understood,
    examples=("Layer Information:",),
)


CONTINUATION = rule(
    "continuation",
    "    ",
    r"    (?P<rest>\S.*)\Z",
    _continuation,
    examples=("    Layer(CaskConvolution): conv1, Tactic: 0x1, a[Float(1)] -> b[Float(1)]",),
    note=(
        ": a line of the engine layer or layer dump block that Polygraphy indented by four "
        "spaces (as it does every line after the first of a multi-line message); read by the "
        "four rules above without the indent"
    ),
)


_CONTINUED_RULES = (ENGINE_LAYER, DUMP_LAYER, DUMP_BINDINGS, DUMP_NAME)
"""The rules that read a continuation line (:func:`_continuation`) once its indent is off."""
