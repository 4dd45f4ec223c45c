"""Rules of the inference run: trtexec's chatter, the performance summary (TensorRT 7 and
later), the profile table, output tensors, calibration."""

from __future__ import annotations

import re

from trtreport.logparse.rules.base import NUM, in_mode, rule, understood
from trtreport.logparse.rules.messages import record_error
from trtreport.logparse.state import LogState, Mode, OpenSection, decode_version
from trtreport.model import PerfMetric, ProfileEntry
from trtreport.numbers import parse_float


def _inference(state: LogState, match: re.Match[str], line: int) -> bool:
    """Inference-run chatter: understood, nothing to keep."""
    state.current.reach("inference")
    return True


INFERENCE_CHATTER = rule(
    "inference-chatter",
    (
        "Starting inference",
        "Warmup completed ",
        "Timing trace has ",
        "Trace averages of ",
        "Using random values for ",
        "Using values loaded from ",
        "Explanations of the performance metrics",
        "The e2e network timing is not reported",
        "To show e2e network timing report",
        "Setting optimization profile ",
        "Switching optimization profile from: ",
        "* ",
        "Dumping ",
        "The profiling verbosity was set to ",
    ),
    r"(?:Starting inference(?: threads)?\s*\Z|Warmup completed \d+ queries over "
    r"|Timing trace has \d+ queries over |Trace averages of \d+ runs:"
    r"|Using (?:random values|values loaded from) |Explanations of the performance metrics"
    r"|The e2e network timing is not reported|To show e2e network timing report"
    r"|Setting optimization profile |Switching optimization profile from: "
    r"|\* (?:GPU compute time is unstable|Throughput may be bound"
    r"|Multi-threading is not enabled"
    r"|Inference latency)|Dumping (?:output|profile)"
    r"|The profiling verbosity was set to )",
    _inference,
    examples=("Starting inference",),
    note="``Warmup completed 8 queries over 200 ms``, ...",
)


TRACE_AVERAGE = rule(
    "trace-average",
    "Average on ",
    r"Average on \d+ runs - GPU latency: \S+ ms",
    _inference,
    examples=(
        "Average on 10 runs - GPU latency: 0.3 ms - Host latency: 0.3 ms (enqueue 0.00517578 ms)",
    ),
)


METRIC_EXPLANATION = rule(
    "metric-explanation",
    (
        "Total Host Walltime: ",
        "GPU Compute Time: ",
        "Total GPU Compute Time: ",
        "Throughput: ",
        "Enqueue Time: ",
        "H2D Latency: ",
        "D2H Latency: ",
        "Latency: ",
        "End-to-End Host Latency: ",
        "Host Latency: ",
    ),
    r"[\w -]+: the ",
    _inference,
    examples=("GPU Compute Time: the GPU latency to execute the kernels for a query.",),
)


def _perf7_metric(state: LogState, match: re.Match[str], line: int) -> bool:
    """TensorRT 7's ``Host Latency`` header: its ``min:``/``max:``/... lines follow."""
    build = state.current
    build.close_perf7()
    build.reach("inference")
    build.perf7_metric = match.group("metric")
    build.perf7_line = line
    state.mode = Mode.PERF7
    return True


PERF7_METRIC = rule(
    "perf7-metric",
    ("Host Latency", "GPU Compute", "Enqueue Time"),
    r"(?P<metric>Host Latency|GPU Compute|Enqueue Time)\s*\Z",
    _perf7_metric,
    examples=("Host Latency",),
    note="(TensorRT 7; ``min: 26.8 ms (end to end 26.8 ms)`` lines follow)",
)


def _perf7_single(state: LogState, match: re.Match[str], line: int) -> bool:
    """``throughput: 37.0368 qps`` and the other one-value TensorRT 7 summary lines."""
    build = state.current
    build.close_perf7()
    build.reach("inference")
    build.performance.append(
        PerfMetric(
            match.group("metric"), match.group("unit"), (("value", match.group("value")),), line
        )
    )
    return True


PERF7_SINGLE = rule(
    "perf7-single",
    ("throughput: ", "walltime: ", "total compute time: "),
    rf"(?P<metric>throughput|walltime|total compute time): (?P<value>{NUM}) "
    r"(?P<unit>\w+)\s*\Z",
    _perf7_single,
    examples=("throughput: 37.0368 qps",),
    note="also ``walltime``, ``total compute time``",
)


def _calibration(state: LogState, match: re.Match[str], line: int) -> bool:
    """The INT8 calibrator's progress: ``Starting Calibration.``, ``Calibrated batch 7 in 0.43
    seconds.``, ``Post Processing Calibration data in 3.7e-06 seconds.``, ``Calibration
    completed in 12.3 seconds.``, ``Writing Calibration Cache for calibrator: TRT-8601-...``
    (whose number is the TensorRT version). The batches and their time are counted."""
    build = state.current
    build.reach("engine")  # the calibrator runs an engine built for it
    batch = match.group("batch")
    if batch is not None:
        build.calibration_batches += 1
        build.calibration_seconds += parse_float(batch) or 0.0
    elif match.group("post") is not None:
        build.timings.append(("Calibration post-processing", match.group("post")))
    elif match.group("total") is not None:
        build.timings.append(("Calibration", match.group("total")))
    version = match.group("version")
    if version is not None and not build.library_version:
        build.library_version = decode_version(version)
    return True


CALIBRATION = rule(
    "calibration",
    (
        "Starting Calibration",
        "Calibrated batch ",
        "  Calibrated batch ",
        "Post Processing Calibration data in ",
        "  Post Processing Calibration data in ",
        "Calibration completed in ",
        "Calculating Maxima",
        "Writing Calibration Cache for calibrator: ",
    ),
    rf"\s*(?:Starting Calibration(?: with batch size \d+)?\.?"
    rf"|Calibrated batch \d+ in (?P<batch>{NUM}) seconds\.?"
    rf"|Post Processing Calibration data in (?P<post>{NUM}) seconds\.?"
    rf"|Calibration completed in (?P<total>{NUM}) seconds\.?"
    r"|Calculating Maxima"
    r"|Writing Calibration Cache for calibrator: (?:TRT-(?P<version>\d{4,6})-)?\S*)\s*\Z",
    _calibration,
    examples=(
        "Calibrated batch 0 in 0.25 seconds.",
        "Calibration completed in 12.5 seconds.",
    ),
)


def _network_tensors_detected(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Detected 1 inputs and 1 output network tensors.``: said as the builder finishes the
    engine, often the only sign of a build in a log at INFO level."""
    build = state.current
    build.built = True
    build.reach("engine")
    return True


NETWORK_TENSORS_DETECTED = rule(
    "network-tensors-detected",
    "Detected ",
    r"Detected \d+ inputs? and \d+ output network tensors\.?\s*\Z",
    _network_tensors_detected,
    examples=("Detected 1 inputs and 1 output network tensors.",),
)


def _setup_fatal(state: LogState, match: re.Match[str], line: int) -> bool:
    """trtexec's ``Cannot find device ID 1!`` and ``Cannot find any available devices
    (GPUs)!``: logged at info level, but trtexec exits on them (without its ``&&&&`` trailer).
    Kept as the error that stopped the run."""
    record_error(state, match.string.strip(), line)
    return True


SETUP_FATAL = rule(
    "setup-fatal",
    ("Cannot find device ID ", "Cannot find any available devices"),
    r"(?:Cannot find device ID -?\d+|Cannot find any available devices \(GPUs\))!?\s*\Z",
    _setup_fatal,
    examples=("Cannot find device ID 1!", "Cannot find any available devices (GPUs)!"),
)


def _profile_information(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Optimization Profile Information:`` (``--dumpOptimizationProfile``): the ``Model input
    x (profile 0): min=..., opt=..., max=...`` lines follow, read as an options block."""
    build = state.current
    build.close_section()
    build.reach("inference")
    build.section = OpenSection("Optimization Profile Information", line)
    state.mode = Mode.OPTIONS
    return True


PROFILE_INFORMATION = rule(
    "optimization-profile-information",
    "Optimization Profile Information:",
    r"Optimization Profile Information:\s*\Z",
    _profile_information,
    examples=("Optimization Profile Information:",),
    note="``Model input x (profile 0): min=1x3x224x224, opt=..., max=...`` lines follow as a block",
)


def _accuracy_loss(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Accuracy loss for tensor y (L1): 0.000412`` (trtexec 11.1, ``--loadRefOutputs``): a
    metric of the run, with the threshold it failed when the line says so."""
    if parse_float(match.group("value")) is None:
        return False
    values = [(match.group("algorithm"), match.group("value"))]
    if match.group("threshold"):
        values.append(("threshold", match.group("threshold")))
    build = state.current
    build.reach("inference")
    build.performance.append(
        PerfMetric(f"Accuracy loss for tensor {match.group('tensor')}", "", tuple(values), line)
    )
    return True


ACCURACY_LOSS = rule(
    "accuracy-loss",
    "Accuracy loss for tensor ",
    rf"Accuracy loss for tensor (?P<tensor>.+) \((?P<algorithm>[^()]+)\): (?P<value>{NUM})"
    rf"(?: \[FAIL: >= threshold (?P<threshold>{NUM})\])?\s*\Z",
    _accuracy_loss,
    examples=(
        "Accuracy loss for tensor y (L1): 0.000412",
        "Accuracy loss for tensor y (L1): 0.034120 [FAIL: >= threshold 0.01]",
    ),
    note="trtexec 11.1's check against reference outputs",
)


REFERENCE_OUTPUT = rule(
    "reference-output-loaded",
    "Loaded reference output for tensor ",
    r"Loaded reference output for tensor .+ from .+ \(volume=\d+, bytes=\d+\)\s*\Z",
    understood,
    examples=("Loaded reference output for tensor y from y.bin (volume=1000, bytes=4000)",),
)


def _deserialization_time(state: LogState, match: re.Match[str], line: int) -> bool:
    """``--timeDeserialize``: the first and the average deserialization time, in ms."""
    build = state.current
    build.reach("inference")
    if match.group("first"):
        build.timings.append(("First deserialization (ms)", match.group("first")))
    elif match.group("average"):
        build.timings.append(("Average deserialization (ms)", match.group("average")))
    return True


DESERIALIZATION_TIME = rule(
    "deserialization-time",
    (
        "First deserialization time",
        "Total deserialization time",
        "Deserialization Bandwidth",
        "Begin deserialization ",
        "Free GPU memory = ",
    ),
    rf"First deserialization time = (?P<first>{NUM}) milliseconds\s*\Z"
    rf"|Total deserialization time = {NUM} milliseconds in \d+ iterations, average time = "
    rf"(?P<average>{NUM}) milliseconds"
    rf"|First deserialization time divided by average time is "
    rf"|Deserialization Bandwidth = |Begin deserialization (?:warmup|engine timing)\.\.\."
    rf"|Free GPU memory = {NUM} GiB",
    _deserialization_time,
    examples=(
        "First deserialization time = 52.314 milliseconds",
        (
            "Total deserialization time = 412.88 milliseconds in 10 iterations, average time = "
            "41.288 milliseconds, first time = 52.314 milliseconds."
        ),
        "Deserialization Bandwidth = 1.17 GB/s",
        "Free GPU memory = 78.4492 GiB, total GPU memory = 79.1787 GiB",
    ),
    note="trtexec's ``--timeDeserialize`` (also ``Begin deserialization warmup...``)",
)


TUNING_CHATTER = rule(
    "tuning-chatter",
    (
        "Expanded to ",
        "Tuning ",
        "Best iteration: ",
        "Using tuning build route: ",
        "--dryRun: ",
    ),
    r"(?:Expanded to \d+ build route configurations\s*\Z"
    r"|Tuning \w+: \d+ iterations\.\s*\Z|Tuning iteration \[[^\]]*\]: "
    r"|Tuning timeout reached \(|Best iteration: .* \(gpu_time_ms=[^)]*\)\s*\Z"
    r"|Tuning summary: \d+ / \d+ iterations succeeded\.\s*\Z|Using tuning build route: "
    r"|--dryRun: \d+ build routes would be tried:)",
    understood,
    examples=(
        "Expanded to 2 build route configurations",
        "Tuning phase1: 2 iterations.",
        "Tuning iteration [0]: -match_ragged_mha=on -copy_ppg=off",
        "Best iteration: -match_ragged_mha=on -copy_ppg=off (gpu_time_ms=2.0552)",
        "Tuning summary: 1 / 2 iterations succeeded.",
        "Using tuning build route: -copy_ppg=on",
    ),
    note="trtexec 11.1's ``--tuneBuildRoutes`` loop (each route is built by a child run)",
)


def _perf6_average(state: LogState, match: re.Match[str], line: int) -> bool:
    """trtexec's summary before TensorRT 7.1: ``Average over 10 runs is 55.25 ms (host
    walltime is 55.39 ms, 99% percentile time is 59.96).``"""
    build = state.current
    build.close_perf7()
    build.reach("inference")
    values = (
        ("runs", match.group("runs")),
        ("mean", match.group("mean")),
        (f"percentile({match.group('percent')}%)", match.group("percentile")),
        ("host walltime mean", match.group("host")),
    )
    build.performance.append(PerfMetric("GPU Compute", "ms", values, line))
    return True


PERF6_AVERAGE = rule(
    "perf6-average",
    "Average over ",
    rf"Average over (?P<runs>\d+) runs is (?P<mean>{NUM}) ms \(host walltime is "
    rf"(?P<host>{NUM}) ms, (?P<percent>\d+(?:\.\d+)?)% percentile time is "
    rf"(?P<percentile>{NUM})\)\.?\s*\Z",
    _perf6_average,
    examples=(
        (
            "Average over 10 runs is 55.2518 ms (host walltime is 55.3944 ms, 99% percentile time "
            "is 59.9569)."
        ),
    ),
)


def _perf7_value(state: LogState, match: re.Match[str], line: int) -> bool:
    """``min: 26.8 ms (end to end 26.8 ms)`` or ``percentile: 27.1 ms at 99% (...)``."""
    build = state.current
    if not build.perf7_metric:
        return False
    key = match.group("key")
    percent = match.group("percent")
    if percent:
        key = f"percentile({percent}%)"
    build.perf7_values.append((key, match.group("value")))
    if match.group("e2e"):
        build.perf7_values.append((f"end to end {key}", match.group("e2e")))
    state.mode = Mode.PERF7
    return True


PERF7_VALUE = rule(
    "perf7-value",
    "",
    rf"(?P<key>min|max|mean|median|percentile): (?P<value>{NUM}) ms"
    r"(?: at (?P<percent>[\d.]+)%)?"
    r"(?: \(end to end (?P<e2e>\S+) ms(?: at [\d.]+%)?\))?\s*\Z",
    _perf7_value,
    examples=("min: 344.5 ms",),
)


_PERF_NAMES = (
    "Throughput",
    "Latency",
    "Enqueue Time",
    "H2D Latency",
    "GPU Compute Time",
    "D2H Latency",
    "Total Host Walltime",
    "Total GPU Compute Time",
)
"""The metrics of trtexec's performance summary, read also without the summary's header (a
pasted tail): only a line of numbers is taken (:func:`_perf_metric`)."""


_PERF_VALUE = re.compile(
    r"(?P<key>[\w()%. -]+?) = (?P<value>-?[\d.]+(?:e[-+]?\d+)?|inf|nan)(?: (?P<unit>\w+))?"
)


def _perf_metric(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Latency: min = 0.79 ms, max = ...`` or ``Throughput: 1234.5 qps`` in the summary."""
    name = match.group("name")
    rest = match.group("rest").strip()
    values: list[tuple[str, str]] = []
    unit = ""
    if " = " in rest:
        for part in rest.split(", "):
            value_match = _PERF_VALUE.fullmatch(part.strip())
            if value_match is None:
                return False
            values.append((value_match.group("key"), value_match.group("value")))
            unit = value_match.group("unit") or unit
    else:
        number, _, unit = rest.partition(" ")
        if parse_float(number) is None:
            return False
        values.append(("value", number))
    state.current.performance.append(PerfMetric(name, unit, tuple(values), line))
    state.mode = Mode.PERFORMANCE
    return True


PERF_METRIC_PASTED = rule(
    "perf-metric-pasted",
    tuple(f"{name}: " for name in _PERF_NAMES),
    rf"(?P<name>{'|'.join(re.escape(name) for name in _PERF_NAMES)}): (?P<rest>.+)\Z",
    _perf_metric,
    examples=("Throughput: 3406.14 qps",),
)


PERF_METRIC = rule(
    "perf-metric",
    "",
    r"(?P<name>[A-Z][\w -]*?(?:\([^)]*\))?): (?P<rest>.+)\Z",
    _perf_metric,
    examples=(
        (
            "Latency: min = 0.273193 ms, max = 0.976898 ms, mean = 0.292246 ms, median = 0.275391 "
            "ms, percentile(90%) = 0.276611 ms, percentile(95%) = 0.468018 ms, percentile(99%) = "
            "0.624634 ms"
        ),
        "Throughput: 3406.14 qps",
    ),
    note="``=== Performance summary ===``",
)


def _profile_header(state: LogState, match: re.Match[str], line: int) -> bool:
    """The ``--dumpProfile`` table header; rows follow."""
    build = state.current
    build.reach("inference")
    header = match.string.strip()
    build.profile_layer_last = header.startswith("Time")
    build.profile_columns = 4 if "Median" in header else 3
    state.mode = Mode.PROFILE
    return True


PROFILE_HEADER = rule(
    "profile-header",
    ("Layer ", "Time(ms) ", " "),
    r"\s*(?:Layer +Time \(ms\) +Avg\. Time \(ms\)(?: +Median Time \(ms\))? +Time %"
    r"|Time\(ms\) +Avg\.\(ms\) +Median\(ms\) +Time\(%\) +Layer)\s*\Z",
    _profile_header,
    examples=("Layer   Time (ms)   Avg. Time (ms)   Median Time (ms)   Time %",),
    note="(TensorRT 10: ``Time(ms)  Avg.(ms)  Median(ms)  Time(%)  Layer``)",
)


def _profile_row(state: LogState, match: re.Match[str], line: int) -> bool:
    """One row of the profile table (the ``Total`` row is understood and not stored)."""
    build = state.current
    text = match.string.strip()
    if build.profile_layer_last:
        parts = text.split(None, 4)
        if len(parts) < 5:
            return False
        numbers, name = parts[:4], parts[4]
    else:
        # The header says how many numbers end a row (TensorRT 7 and 8.0 print no median):
        # a layer's name may end in a number of its own (``prob input reformatter 0``).
        columns = build.profile_columns
        parts = text.rsplit(None, columns)
        if len(parts) != columns + 1:
            return False
        name, numbers = parts[0], parts[1:]
    parsed = [parse_float(number) for number in numbers]
    if None in parsed:
        return False
    values = [number for number in parsed if number is not None]
    state.mode = Mode.PROFILE
    if name == "Total":
        return True
    median = values[2] if len(values) == 4 else None
    build.profile_table.append(ProfileEntry(name, values[0], values[1], median, values[-1]))
    return True


PROFILE_ROW = rule(
    "profile-row",
    "",
    r"\s*\S.*\s\d[\d.]*\s*\Z|\s*[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\S",
    _profile_row,
    examples=("    1529.13       0.0833       0.0804     100.0   Total",),
)


def _output_tensors(state: LogState, match: re.Match[str], line: int) -> bool:
    """``Output Tensors:``: each output's name and values follow."""
    state.current.reach("inference")
    state.mode = Mode.OUTPUT_TENSORS
    return True


RUN_SETUP_CHATTER = rule(
    "run-setup-chatter",
    (
        "Set shape of input tensor ",
        "Set input shape tensor ",
        "Note: The application clock rates",
        "Skipped inference ",
    ),
    r"(?:Set shape of input tensor |Set input shape tensor \S.* to: "
    r"|Note: The application clock rates do not reflect|Skipped inference phase)",
    understood,
    examples=(
        "Set shape of input tensor input for optimization profile 0 to: MIN=1x3 OPT=1x3",
        "Set input shape tensor s for optimization profile 0 to: MIN=1 OPT=2 MAX=4",
        "Set input shape tensor s to: 2",
        (
            "Note: The application clock rates do not reflect the actual clock rates that the GPU "
            "is currently running at."
        ),
    ),
)


OUTPUT_TENSORS = rule(
    "output-tensors",
    "Output Tensors:",
    r"Output Tensors:\s*\Z",
    _output_tensors,
    examples=("Output Tensors:",),
    note="``--dumpOutput``",
)


OUTPUT_TENSOR = rule(
    "output-tensor",
    "",
    r"\S.*: \([\dx]*\)\s*\Z"
    r"|\s*[-+]?(?:\d|inf|nan)[\w.+-]*(?:\s+[-+]?(?:\d|inf|nan)[\w.+-]*)*\s*\Z",
    in_mode(Mode.OUTPUT_TENSORS),
    examples=("528: (1x1000)",),
    note="and ``-3.61514 20.5864 11.0214 ...``",
)
