"""The rule tables of the log parser: ``(name, prefilter, compiled regex, handler)`` in order.

:data:`MESSAGE_RULES` see the message of a line whose logger prefix was split off
(:mod:`trtreport.logparse.prefix`); :data:`BARE_RULES` see lines without a prefix. A handler
returns ``True`` when it understood the line; the line then counts as recognised. One real
example per rule (the message, prefix removed, or the bare line):

Message rules:

* ``section-header``        ``=== Build Options ===`` (also ``Device Information``,
  ``Performance summary``; the ``Key: value`` lines that follow are read as a block)
* ``tensorrt-version``      ``TensorRT version: 8.5.10`` (TensorRT 8.0: ``TensorRT version: 8003``)
* ``builder-library``       ``Loaded shared library libnvinfer_builder_resource_sm89.so.10.14.1``
* ``stage-original``        ``Original: 359 layers``
* ``stage-after``           ``After Myelin optimization: 195 layers``
* ``engine-layers-header``  ``Engine Layer Information:``
* ``layer-info-header``     ``Layer Information:``
* ``layer-dump-header``     ``Layers:``
* ``binding-created``       ``Created input binding for inputs.1 with dimensions 1x3x224x224``
* ``binding-is-created``    ``Input binding for x with dimensions 1x1x28x28 and type fp32 is
  created.`` (TensorRT 10)

Builder chatter, recognised so that diagnostics show what is *not* understood, but not stored:

* ``plugin-registry``   ``Registered plugin creator - ::BatchedNMS_TRT version 1``
* ``tactic-timing``     ``Tactic: 0xf56c0ac895d82363 Time: 0.0359573``
* ``tactic-name``       ``Tactic Name: sm80_xmma_fprop_implicit_gemm_... Tactic: 0x6c3 Time: 0.04``
* ``fastest-tactic``    ``Fastest Tactic: 0x9d0f90e0cec890bb Time: 0.0254537``
* ``timing-runner``     ``--------------- Timing Runner: Conv_9 (CaskConvolution)``
* ``autotuning-header`` ``*************** Autotuning Reformat: Float(150528,50176,224,1) -> ...``
* ``chose-runner``      ``>>>>>>>>>>>>>>> Chose Runner Type: CaskConvolution Tactic: 0x5deb29b7``
* ``computing-costs``   ``=============== Computing costs for``
* ``set-tactic``        ``/conv1/Conv + /relu/Relu Set Tactic Name: ampere_scudnn_v1 Tactic: 0x5d``
* ``myelin-autotuning`` `` (foreignNode)  0, 0.0041, 0.0041, 0.0041, sm80_xmma_gemm_f32f32_...``
* ``onnx-import``       ``Importing initializer: fc.weight``
* ``onnx-node-io``      ``/conv1/Conv [Conv] inputs: [input0 -> (1, 3, 224, 224)[FLOAT]], ...``
* ``trace-average``     ``Average on 10 runs - GPU latency: 0.134042 ms - Host latency: ...``

Bare rules:

* ``banner``            ``&&&& RUNNING TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=m.onnx``
* ``engine-layer``      ``Layer(CaskConvolution): conv1 + relu1, Tactic: 0x61, 176 (Int8[1,3,9,9])
  -> 191 (Int8[1,64:32,5,5])`` (one line; only after ``Engine Layer Information:``)
* ``dump-layer``        ``Name: conv1, LayerType: CaskConvolution, Inputs: [ ... ], ...`` (after
  ``Layers:``)
* ``dump-bindings``     ``Bindings:``
* ``dump-name``         ``conv1 + relu1`` (a names-only dump entry, or a binding name after
  ``Bindings:``)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from trtreport.logparse.dump import DumpSyntaxError, parse_dump_layer
from trtreport.logparse.state import LogState, Mode, OpenSection, decode_version
from trtreport.logparse.tensors import parse_tensor_lists
from trtreport.model import UNKNOWN, LayerCountStage, LayerRecord
from trtreport.precision import normalise_dtype

Handler = Callable[[LogState, "re.Match[str]", int], bool]

COLLECTED_SECTIONS = frozenset({"Device Information", "Performance summary"})
"""``=== X ===`` blocks read as key/value besides every ``... Options`` block."""


class Rule(NamedTuple):
    """One line kind: a cheap prefilter, then a regex with named groups, then its handler."""

    name: str
    prefix: tuple[str, ...]
    """The message starts with one of these (empty: no prefix test)."""
    needle: str
    """The message contains this (empty: no test); only used for rules without a prefix."""
    pattern: re.Pattern[str]
    handler: Handler


def _dims(text: str) -> tuple[int, ...] | None:
    """``1x3x224x224`` → ``(1, 3, 224, 224)``; ``None`` if not integers."""
    if not text:
        return ()
    try:
        return tuple(int(part) for part in text.split("x"))
    except ValueError:
        return None


# --- handlers of message rules -------------------------------------------------------------


def _section_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """Open a ``=== Title ===`` block; a second ``Model Options`` starts a new build."""
    title = match.group("title").strip()
    build = state.current
    if title == "Model Options" and (
        build.has_section(title) or build.engine_layers or build.status
    ):
        build = state.start_build(line)
    if title.endswith("Options") or title in COLLECTED_SECTIONS:
        build.section = OpenSection(title, line)
        state.mode = Mode.OPTIONS
    return True


def _tensorrt_version(state: LogState, match: re.Match[str], line: int) -> bool:
    """``TensorRT version: 8.5.10`` (or the packed ``8003``)."""
    version = decode_version(match.group("version"))
    if not version:
        return False
    state.current.declared_version = version
    return True


def _builder_library(state: LogState, match: re.Match[str], line: int) -> bool:
    """The version suffix of the builder resource library, for logs without a version line."""
    state.current.library_version = match.group("version")
    return True


def _starts_new_build(state: LogState) -> bool:
    """True if a builder starting now must be a new build (the current one is done or built)."""
    build = state.current
    return bool(
        build.engine_layers
        or build.dump_layers
        or build.status
        or any(stage.label == "Original" for stage in build.stages)
    )


def _stage(state: LogState, match: re.Match[str], line: int) -> bool:
    """One step of the layer-count funnel; ``Original`` after a finished build starts a new one."""
    label = match.groupdict().get("label") or "Original"
    if label == "Original" and _starts_new_build(state):
        state.start_build(line)
    state.current.stages.append(LayerCountStage(label, int(match.group("count")), line))
    return True


def _engine_layers_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Engine Layer Information:``: the ``Layer(...)`` lines follow, unprefixed."""
    if state.current.engine_layers or state.current.status:
        state.start_build(line)
    state.mode = Mode.ENGINE_LAYERS
    return True


def _header_only(state: LogState, match: re.Match[str], line: int) -> bool:
    """A header line with nothing to keep."""
    return True


def _layer_dump_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Layers:``: the ``--dumpLayerInfo`` lines follow, unprefixed."""
    state.mode = Mode.LAYER_DUMP
    return True


def _binding(state: LogState, match: re.Match[str], line: int) -> bool:
    """A ``Created input binding for ...`` or ``Input binding for ... is created.`` line."""
    shape = _dims(match.group("dims"))
    if shape is None:
        return False
    type_word = match.groupdict().get("type") or ""
    dtype = normalise_dtype(type_word) if type_word else UNKNOWN
    state.current.add_binding(
        match.group("name"), match.group("direction").lower(), shape, dtype, line
    )
    return True


# --- handlers of bare rules ------------------------------------------------------------------


def _banner(state: LogState, match: re.Match[str], line: int) -> bool:
    """``&&&& RUNNING ...`` starts a build; ``&&&& PASSED/FAILED ...`` gives its status."""
    status = match.group("status")
    version_match = re.search(r"\[TensorRT v(\d+)\]", match.group("tags") or "")
    if status == "RUNNING":
        build = state.start_build(line, same_process=False)
        build.command = (match.group("command") or "").strip()
        if version_match is not None:
            build.banner_version = decode_version(version_match.group(1))
    else:
        build = state.current
        build.status = "passed" if status in ("PASSED", "WAIVED") else "failed"
        if not build.command:
            build.command = (match.group("command") or "").strip()
    return True


def _engine_layer(state: LogState, match: re.Match[str], line: int) -> bool:
    """One ``Layer(TYPE): NAME, Tactic: T, INPUTS -> OUTPUTS`` line of Engine Layer Information."""
    if state.mode is not Mode.ENGINE_LAYERS:
        return False
    rest = match.group("rest")
    name_end = rest.find(", Tactic: ")
    if name_end < 0:
        return False
    tactic, _, tensors = rest[name_end + len(", Tactic: ") :].partition(",")
    parsed = parse_tensor_lists(tensors)
    if parsed is None:
        return False
    state.current.engine_layers.append(
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


def _dump_bindings(state: LogState, match: re.Match[str], line: int) -> bool:
    """The dump's ``Bindings:`` line; binding names follow, one per line."""
    if state.mode is not Mode.LAYER_DUMP:
        return False
    state.mode = Mode.DUMP_BINDINGS
    return True


def _dump_name(state: LogState, match: re.Match[str], line: int) -> bool:
    """A bare name: a layer of a names-only dump, or a binding after ``Bindings:``."""
    name = match.group("name")
    if state.mode is Mode.LAYER_DUMP:
        state.current.dump_layers.append(LayerRecord(name=name, line=line))
        return True
    if state.mode is Mode.DUMP_BINDINGS:
        state.current.dump_bindings.append((name, line))
        return True
    return False


def _rule(name: str, prefix: str | tuple[str, ...], regex: str, handler: Handler) -> Rule:
    """A rule with a startswith prefilter (a string or alternatives)."""
    prefixes = (prefix,) if isinstance(prefix, str) else prefix
    return Rule(name, prefixes, "", re.compile(regex), handler)


def _needle_rule(name: str, needle: str, regex: str, handler: Handler) -> Rule:
    """A rule whose message has no fixed start, prefiltered by ``needle in message``."""
    return Rule(name, (), needle, re.compile(regex), handler)


MESSAGE_RULES: tuple[Rule, ...] = (
    _rule("section-header", "=== ", r"=== (?P<title>[^=].*?) ===\s*\Z", _section_header),
    _rule(
        "tensorrt-version",
        "TensorRT version: ",
        r"TensorRT version: (?P<version>[\d.]+)\s*\Z",
        _tensorrt_version,
    ),
    _rule(
        "builder-library",
        ("Trying to load shared library ", "Loaded shared library "),
        r"(?:Trying to load|Loaded) shared library libnvinfer_builder_resource\S*?"
        r"\.so\.(?P<version>\d+\.\d+\.\d+)\Z",
        _builder_library,
    ),
    _rule("stage-original", "Original: ", r"Original: (?P<count>\d+) layers\Z", _stage),
    _rule("stage-after", "After ", r"After (?P<label>.+): (?P<count>\d+) layers\Z", _stage),
    _rule(
        "engine-layers-header",
        "Engine Layer Information",
        r"Engine Layer Information:\s*\Z",
        _engine_layers_header,
    ),
    _rule("layer-info-header", "Layer Information", r"Layer Information:\s*\Z", _header_only),
    _rule("layer-dump-header", "Layers:", r"Layers:\s*\Z", _layer_dump_header),
    _rule(
        "binding-created",
        "Created ",
        r"Created (?P<direction>input|output) binding for (?P<name>.+) "
        r"with dimensions (?P<dims>[-\dx]*)\s*\Z",
        _binding,
    ),
    _rule(
        "binding-is-created",
        ("Input binding for ", "Output binding for "),
        r"(?P<direction>Input|Output) binding for (?P<name>.+) with dimensions (?P<dims>[-\dx]*)"
        r"(?: and type (?P<type>\w+))? is created\.\s*\Z",
        _binding,
    ),
    # Builder chatter: understood, deliberately not stored.
    _rule(
        "plugin-registry",
        ("Registered plugin creator", "Plugin creator already registered"),
        r"(?:Registered plugin creator|Plugin creator already registered) - \S* version \S+\Z",
        _header_only,
    ),
    _rule(
        "tactic-timing",
        "Tactic: ",
        r"Tactic: (?P<tactic>\S+) (?:Time: \S+|skipped|is the only option)",
        _header_only,
    ),
    _rule("tactic-name", "Tactic Name: ", r"Tactic Name: (?P<kernel>\S+)", _header_only),
    _rule("fastest-tactic", "Fastest Tactic: ", r"Fastest Tactic: \S+ Time: \S+", _header_only),
    _rule(
        "timing-runner", "--------------- Timing Runner: ", r"-+ Timing Runner: .+", _header_only
    ),
    _rule(
        "autotuning-header",
        "*************** Autotuning ",
        r"\*+ Autotuning (?:format combination|Reformat): .*\*+\s*\Z",
        _header_only,
    ),
    _rule(
        "chose-runner",
        ">>>>>>>>>>>>>>> Chose Runner Type: ",
        r">+ Chose Runner Type: \S+ Tactic: \S+",
        _header_only,
    ),
    _rule(
        "computing-costs",
        "=============== Computing ",
        r"=+ Computing (?:reformatting )?costs",
        _header_only,
    ),
    _rule(
        "onnx-import",
        (
            "Parsing node: ",
            "Searching for input: ",
            "Registering layer: ",
            "Registering tensor: ",
            "Importing initializer: ",
        ),
        r"(?:Parsing node|Searching for input|Registering layer|Registering tensor"
        r"|Importing initializer): \S",
        _header_only,
    ),
    _rule(
        "myelin-autotuning",
        " (foreignNode) ",
        r" \(foreignNode\) +(?:\d+, [\d.]+, |Set user's cuda kernel library\Z|Autotuning op "
        r"|Sorted table of all evaluated tactics:)",
        _header_only,
    ),
    _rule(
        "trace-average",
        "Average on ",
        r"Average on \d+ runs - GPU latency: \S+ ms",
        _header_only,
    ),
    _needle_rule(
        "set-tactic",
        " Set Tactic Name: ",
        r".+ Set Tactic Name: \S+ Tactic: \S+\s*\Z",
        _header_only,
    ),
    _needle_rule(
        "onnx-node-io",
        "puts: [",
        r".+ \[\w+\] (?:inputs|outputs): \[",
        _header_only,
    ),
)

BARE_RULES: tuple[Rule, ...] = (
    _rule(
        "banner",
        "&&&& ",
        r"&&&& (?P<status>RUNNING|PASSED|FAILED|WAIVED) \S+(?P<tags>(?: \[[^\]]*\])*)"
        r"(?: # ?(?P<command>.*))?\Z",
        _banner,
    ),
    _rule("engine-layer", "Layer(", r"Layer\((?P<type>[^)]*)\): (?P<rest>.*)\Z", _engine_layer),
    _rule("dump-layer", "Name: ", r"Name: .*?, LayerType: ", _dump_layer),
    _rule("dump-bindings", "Bindings:", r"Bindings:\s*\Z", _dump_bindings),
    _rule("dump-name", (), r"(?P<name>\S.*?)\s*\Z", _dump_name),
)


def index_by_first_char(
    rules: tuple[Rule, ...],
) -> tuple[dict[str, tuple[Rule, ...]], tuple[Rule, ...]]:
    """Rules to try per first character of a line, and for any other first character.

    Prefix rules are filed under the first character of each prefix; rules without a prefix are
    tried for every character. Table order is kept within each list.
    """
    unprefixed = tuple(rule for rule in rules if not rule.prefix)
    first_chars = {prefix[0] for rule in rules for prefix in rule.prefix if prefix}
    by_first = {
        char: tuple(
            rule
            for rule in rules
            if not rule.prefix or any(prefix.startswith(char) for prefix in rule.prefix)
        )
        for char in first_chars
    }
    return by_first, unprefixed
