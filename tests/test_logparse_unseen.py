"""Line shapes from public TensorRT logs the parser had not seen (GitHub issues and forums, read
through the project's search tools; no log is copied here, each case is a few lines written
in the same shape): TensorRT 7's source locations, INT8 calibration, TensorRT 8.2's placement
lines, TensorRT 7's engine layers without their header, versions in trailers and Polygraphy's
module line, an ONNX parser error printed by a script, TensorRT 7.0's timing summary."""

from __future__ import annotations

from trtreport.logparse import parse_build_log
from trtreport.model import BuildLog

T7 = "[TensorRT] {}: {}"
PY = "[09/16/2022-05:41:46] [TRT] [{}] {}"


def parse(*lines: str) -> BuildLog:
    """The lines parsed as a log."""
    return parse_build_log(list(lines), "t.log")


def test_tensorrt7_source_locations_are_read_past() -> None:
    """GIVEN TensorRT 7 ONNX parser messages that start with ``File.cpp:LINE:`` THEN the
    rules read what follows: the node, the import phase, the plugin search."""
    log = parse(
        T7.format("VERBOSE", "ModelImporter.cpp:103: Parsing node: vgg0_relu [Relu]"),
        T7.format("VERBOSE", "ModelImporter.cpp:119: Searching for input: x"),
        T7.format("VERBOSE", "ModelImporter.cpp:125: vgg0_relu [Relu] inputs: [x -> (1, 3)], "),
        T7.format(
            "INFO",
            "ModelImporter.cpp:135: No importer registered for op: TRTBatchedNMS. Attempting "
            "to import as plugin.",
        ),
        T7.format(
            "INFO",
            "builtin_op_importers.cpp:3771: Searching for plugin: TRTBatchedNMS, "
            "plugin_version: 1, plugin_namespace:",
        ),
    )
    assert log.stats.unrecognised_count == 0
    (build,) = log.builds
    assert build.onnx is not None
    assert [(node.name, node.op_type) for node in build.onnx.nodes] == [("vgg0_relu", "Relu")]
    assert build.last_phase == "onnx-import"


def test_int8_calibration_is_counted_and_its_build_named() -> None:
    """GIVEN a TensorRT 7 INT8 build: a calibration engine, the calibrator's batches, then the
    final engine THEN two builds, the first with its batches counted and timed, and the report
    (built from the second) says what the first one was."""
    from trtreport.join import build_report

    engine = (
        T7.format("VERBOSE", "Original: 3 layers"),
        T7.format("VERBOSE", "Engine generation completed in 70.9 seconds."),
        T7.format("VERBOSE", "Engine Layer Information:"),
        T7.format(
            "VERBOSE", "Layer(Convolution): c, Tactic: 1, x[Float(3,8,8)] -> y[Float(8,8,8)]"
        ),
    )
    log = parse(
        *engine,
        T7.format("VERBOSE", "Total Weight Memory: 250931200"),
        T7.format("VERBOSE", "Builder timing cache: created 85 entries, 1044 hit(s)"),
        T7.format("VERBOSE", "Calculating Maxima"),
        T7.format("INFO", "Starting Calibration with batch size 8."),
        T7.format("INFO", "  Calibrated batch 0 in 0.25 seconds."),
        T7.format("INFO", "  Calibrated batch 1 in 0.5 seconds."),
        T7.format("INFO", "  Post Processing Calibration data in 3.744e-06 seconds."),
        T7.format("INFO", "Calibration completed in 12.5 seconds."),
        T7.format("INFO", "Writing Calibration Cache for calibrator: TRT-7103-EntropyCalibration2"),
        *engine,
    )
    assert log.stats.unrecognised_count == 0
    first, second = log.builds
    assert (first.calibration_batches, second.calibration_batches) == (2, 0)
    assert ("Calibration of 2 batches", "0.75") in first.timings
    assert ("Calibration", "12.5") in first.timings
    assert ("Total Weights Memory", "250931200") in first.memory
    assert second.tensorrt_version == "7.1.3"  # the calibration cache's TRT-7103
    notes = build_report(log, None, None).notes
    assert "Build 1 (lines 1–13) is the engine TensorRT built to run the INT8 calibrator " in (
        " ".join(notes)
    )


def test_placement_lines_without_a_type() -> None:
    """GIVEN TensorRT 8.2-8.4's ``[GpuLayer] NAME`` (no ``TYPE:``) and 8.5's with one THEN each
    layer's placement, its whole name kept."""
    log = parse(
        PY.format("I", "---------- Layers Running on GPU ----------"),
        PY.format("I", "[GpuLayer] Conv_173 || Conv_170"),
        PY.format("I", "[DlaLayer] {ForeignNode[Conv_1...Relu_9]}"),
        PY.format("I", "[GpuLayer] CONVOLUTION: /conv1/Conv"),
    )
    assert log.stats.unrecognised_count == 0
    assert log.builds[0].placement == (
        ("Conv_173 || Conv_170", "GPU"),
        ("{ForeignNode[Conv_1...Relu_9]}", "DLA"),
        ("/conv1/Conv", "GPU"),
    )


def test_tensorrt7_engine_layers_pasted_without_their_header() -> None:
    """GIVEN TensorRT 7's logged engine layers in a log that starts after their header THEN
    the layers are read; one that is not next to the list is not."""
    layer = (
        "Layer(PointWiseV2): LeakyRelu_{}, Tactic: 27, {}[Int8(256,52,52)] -> {}[Int8(256,52,52)]"
    )
    log = parse(
        T7.format("VERBOSE", layer.format(20, 156, 157)),
        T7.format("VERBOSE", layer.format(21, 157, 158)),
        T7.format("INFO", "Detected 1 inputs and 1 output network tensors."),
        T7.format("VERBOSE", layer.format(22, 158, 159)),
    )
    assert [layer.name for layer in log.builds[0].engine_layers] == ["LeakyRelu_20", "LeakyRelu_21"]
    assert log.stats.unrecognised_count == 1


def test_versions_from_the_trailer_and_from_polygraphy() -> None:
    """GIVEN a log cut before trtexec's banner, and a Polygraphy log THEN the version comes from
    the ``&&&& FAILED`` trailer and from Polygraphy's ``Loaded Module: tensorrt`` line."""
    cut = parse(
        "[11/02/2023-22:52:14] [E] [TRT] ModelImporter.cpp:726: While parsing node number 3",
        "&&&& FAILED TensorRT.trtexec [TensorRT v8003] # trtexec --onnx=m.onnx",
    )
    assert cut.builds[0].tensorrt_version == "8.0.3"
    polygraphy = parse(
        "[V] Loaded Module: tensorrt           | Version: 8.0.3.4  | Path: "
        "['/usr/lib/python3.8/dist-packages/tensorrt']",
        "[V] [TRT] Original: 3 layers",
    )
    assert polygraphy.builds[0].tensorrt_version == "8.0.3.4"
    assert polygraphy.stats.application_lines == 1


def test_onnx_parser_error_printed_by_a_script_fails_the_build() -> None:
    """GIVEN the ONNX parser's error as a script prints it (``parser.get_error(i)``) THEN it is
    an error of the build, which ends failed with it as the reason."""
    log = parse(
        PY.format("V", "Parsing node: a [Conv]"),
        "ERROR: Failed to parse the ONNX file.",
        "In node 2599 (importFallbackPluginImporter): UNSUPPORTED_NODE: Assertion failed: "
        'creator && "Plugin not found"',
    )
    (build,) = log.builds
    assert (build.end, build.end_line, build.error_count) == ("failed", 3, 1)
    assert build.end_reason.startswith("stopped by an error: In node 2599 ")


def test_tensorrt7_0_timing_summary() -> None:
    """GIVEN trtexec's summary before TensorRT 7.1 THEN a GPU compute metric with the run
    count, mean, percentile and host walltime."""
    log = parse(
        "[00/22/2020-18:26:35] [I] Average over 10 runs is 55.2518 ms (host walltime is "
        "55.3944 ms, 99% percentile time is 59.9569).",
    )
    (metric,) = log.builds[0].performance
    assert (metric.name, metric.unit) == ("GPU Compute", "ms")
    assert dict(metric.values) == {
        "runs": "10",
        "mean": "55.2518",
        "percentile(99%)": "59.9569",
        "host walltime mean": "55.3944",
    }


TX = "[04/08/2025-23:14:00] [{}] {}"


def test_set_up_lines_before_a_build_are_no_inference_and_a_failed_build_stays_whole() -> None:
    """GIVEN trtexec's set-up lines (the clock-rate note, the input shapes) and then a builder
    error THEN one failed build, whose last phase is not inference: only a builder error after
    an engine that was built and run starts a later build."""
    log = parse(
        "&&&& RUNNING TensorRT.trtexec [TensorRT v100900] # trtexec --onnx=m.onnx",
        TX.format("I", "=== Device Information ==="),
        TX.format("I", "Selected Device: NVIDIA GeForce RTX 3070"),
        TX.format(
            "I",
            "Note: The application clock rates do not reflect the actual clock rates that the "
            "GPU is currently running at.",
        ),
        TX.format(
            "I", "Set shape of input tensor input for optimization profile 0 to: MIN=1x3 OPT=1x3"
        ),
        TX.format("I", "[TRT] Local timing cache in use. Profiling results in this builder pass"),
        TX.format(
            "E",
            "Error[10]: [optimizer.cpp::computeCosts::2011] Error Code 10: Internal Error (Could "
            "not find any implementation for node {ForeignNode[a...b]}.)",
        ),
    )
    (build,) = log.builds
    assert build.device_name == "NVIDIA GeForce RTX 3070"
    assert (build.end, build.end_line) == ("failed", 7)
    assert build.last_phase != "inference"


def test_python_build_that_recovered_from_errors_is_complete() -> None:
    """GIVEN a Python logger at INFO level: two errors the builder recovers from, then the
    build's memory line THEN the build is complete, the errors did not stop it."""
    log = parse(
        PY.format("E", "4: [layers.cpp::estimateOutputDims::1954] Error Code 4: Internal Error"),
        PY.format("E", "4: [layers.cpp::estimateOutputDims::1954] Error Code 4: Internal Error"),
        PY.format("I", "Total Activation Memory: 57876484"),
        PY.format(
            "I",
            "[MemUsageChange] TensorRT-managed allocation in building engine: CPU +34, GPU +64, "
            "now: CPU 34, GPU 64 (MiB)",
        ),
    )
    (build,) = log.builds
    assert build.end == "complete"
    assert build.end_reason == "the engine was built (2 errors did not stop it)"


def test_trtexec_cannot_find_device_fails_the_run() -> None:
    """GIVEN trtexec's ``Cannot find device ID 1!`` (info level, then it exits) THEN the run
    failed with it as the reason."""
    log = parse(
        "&&&& RUNNING TensorRT.trtexec [TensorRT v100800] # trtexec --onnx=m.onnx --device=1",
        TX.format("I", "Cannot find device ID 1!"),
    )
    (build,) = log.builds
    assert (build.end, build.end_line) == ("failed", 2)
    assert build.end_reason == "stopped by an error: Cannot find device ID 1!"


def test_onnx_parse_failure_names_the_parser_error_not_trtexec_wrappers() -> None:
    """GIVEN an ONNX parse failure: the parser's node dump, its error whose reason is on the
    next line, then trtexec's wrapping errors around ``Finished parsing`` THEN the reason is
    the parser's error with its reason, and the continuation line is part of it."""
    log = parse(
        TX.format("E", "[TRT] ModelImporter.cpp:772: --- Begin node ---"),
        TX.format("E", '[TRT] ModelImporter.cpp:773: input: "w"'),
        'op_type: "QuantizeLinear"',
        TX.format("E", "[TRT] ModelImporter.cpp:774: --- End node ---"),
        TX.format(
            "E",
            "[TRT] ModelImporter.cpp:777: ERROR: builtin_op_importers.cpp:1197 In function "
            "QuantDequantLinearHelper:",
        ),
        '[6] Assertion failed: scaleAllPositive && "Scale coefficients must all be positive"',
        TX.format("E", "Failed to parse onnx file"),
        TX.format("I", "Finished parsing network model. Parse time: 0.241168"),
        TX.format("E", "Parsing model failed"),
        TX.format("E", "Failed to create engine from model or file."),
        TX.format("E", "Engine set up failed"),
    )
    (build,) = log.builds
    assert (build.end, build.end_line) == ("failed", 5)
    assert build.end_reason == (
        "stopped by an error: ModelImporter.cpp:777: ERROR: builtin_op_importers.cpp:1197 In "
        'function QuantDequantLinearHelper: [6] Assertion failed: scaleAllPositive && "Scale '
        'coefficients must all be positive"'
    )
    assert log.stats.unrecognised_count == 0
    assert log.stats.application_lines == 1  # the node dump's own line


def test_a_line_in_a_detailed_layer_dump_that_is_no_layer() -> None:
    """GIVEN a ``--dumpLayerInfo`` detailed dump with a line that is not ``Name: ...`` (an
    elision in a pasted log) THEN it is no layer, and the layers after it are read (in a
    names-only dump every line is one)."""
    detailed = "Name: {0}, LayerType: Reformat, Inputs: [], Outputs: [], TacticValue: 0x0"
    log = parse(
        TX.format("I", "Layers:"),
        detailed.format("a"),
        "...more",
        detailed.format("b"),
    )
    assert [layer.name for layer in log.builds[0].engine_layers] == ["a", "b"]
    assert log.stats.lines_recognised == 3
    names_only = parse(TX.format("I", "Layers:"), "a", "b")
    assert [layer.name for layer in names_only.builds[0].engine_layers] == ["a", "b"]


def test_note_for_a_loaded_engine_without_layer_information() -> None:
    """GIVEN a ``--loadEngine`` run, verbose, with no layer information THEN the note says a
    loaded engine does not print it and how to get the graph (not to build with --verbose)."""
    from trtreport.join import build_report

    log = parse(
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8601] # trtexec --loadEngine=m.plan --verbose",
        TX.format("I", "Engine loaded in 0.0123 sec."),
        "&&&& PASSED TensorRT.trtexec [TensorRT v8601] # trtexec --loadEngine=m.plan --verbose",
    )
    assert log.builds[0].kind == "inference"
    notes = build_report(log, None, None).notes
    assert any(
        note.startswith("The log has no Engine Layer Information: a run that loads")
        for note in notes
    )
    assert not any("build with --verbose" in note for note in notes)


def test_loaded_engine_profile_table_gives_the_layers_their_times() -> None:
    """GIVEN a ``--loadEngine --dumpProfile`` run (no layer information anywhere) THEN the
    report's layers are the profile's, each with its average time, and a note says so."""
    from trtreport.join import build_report

    log = parse(
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8502] # trtexec --loadEngine=m.plan --dumpProfile",
        TX.format("I", "Engine loaded in 0.0123 sec."),
        TX.format("I", "=== Profile (309 iterations ) ==="),
        TX.format(
            "I", "                  Layer   Time (ms)   Avg. Time (ms)   Median Time (ms)   Time %"
        ),
        TX.format(
            "I", "     conv1 + relu1      20.52           0.0664             0.0660      60.0"
        ),
        TX.format(
            "I", "             pool1      13.68           0.0443             0.0440      40.0"
        ),
        TX.format(
            "I", "                  Total     34.20           0.1107             0.1100    100.0"
        ),
    )
    report = build_report(log, None, None)
    assert [(layer.name, layer.time_ms, layer.sources) for layer in report.layers] == [
        ("conv1 + relu1", 0.0664, ("profile",)),
        ("pool1", 0.0443, ("profile",)),
    ]
    assert any(
        note.startswith("The log has no Engine Layer Information: a run that loads")
        and note.endswith(
            "those the profile names, with their times; they have no tensors, so the graph has "
            "no edges."
        )
        for note in report.notes
    )


def test_a_log_with_no_build_says_so() -> None:
    """GIVEN a script's output with two TensorRT warnings and nothing else of TensorRT's THEN
    the build's reason says the log shows no build, and so does the report's banner."""
    from trtreport.join import build_report
    from trtreport.render import render_html

    log = parse(
        "Loading engine from model.plan",
        PY.format("W", "CUDA lazy loading is not enabled."),
        PY.format("W", "CUDA lazy loading is not enabled."),
        "result: [0.1, 0.9]",
    )
    (build,) = log.builds
    assert (build.kind, build.end, build.end_reason) == (
        "other",
        "truncated",
        "the log shows no build and no engine load",
    )
    page = render_html(build_report(log, None, None))
    assert "<strong>The log shows no build</strong>: none of its 4 lines comes from" in page


def test_plugins_the_onnx_parser_created_are_listed() -> None:
    """GIVEN a node the ONNX parser imports as a plugin THEN the plugin is listed once as used
    by the model, apart from the creators merely registered."""
    log = parse(
        TX.format(
            "I",
            "[TRT] No importer registered for op: EfficientNMSCustom_TRT. Attempting to import as plugin.",
        ),
        TX.format(
            "I",
            "[TRT] Searching for plugin: EfficientNMSCustom_TRT, plugin_version: 1, plugin_namespace: ",
        ),
        TX.format("I", "[TRT] Successfully created plugin: EfficientNMSCustom_TRT"),
        TX.format("I", "[TRT] Successfully created plugin: EfficientNMSCustom_TRT"),
    )
    onnx = log.builds[0].onnx
    assert onnx is not None
    assert (onnx.plugins_created, onnx.plugins) == (("EfficientNMSCustom_TRT",), ())
    assert log.builds[0].last_phase == "onnx-import"


def test_another_loggers_spelled_out_levels_in_a_timestamped_log() -> None:
    """GIVEN an application's ``[INFO] ...``/``[WARNING] ...`` lines (no time, no TensorRT tag)
    in a log whose TensorRT lines carry trtexec's timestamps THEN they are application output,
    not TensorRT warnings; in a log without timestamps such a line stays TensorRT's."""
    log = parse(
        "[INFO] Video1 - video_process.py:L270 - frame received",
        "[WARNING] Video1 - video_process.py:L646 - output queue full",
        TX.format("I", "TensorRT version: 10.8.0"),
        TX.format("W", "[TRT] Unused input: mask"),
    )
    (build,) = log.builds
    assert (build.warning_count, log.stats.application_lines) == (1, 2)
    assert build.warnings[0].text == "Unused input: mask"
    plain = parse("[WARNING] Unused input: mask", "[VERBOSE] Original: 3 layers")
    assert plain.builds[0].warning_count == 1


def test_profile_rows_of_a_table_without_median_keep_names_ending_in_a_number() -> None:
    """GIVEN TensorRT 7's profile table (three numbers per row, no median) with a layer named
    ``prob input reformatter 0`` THEN its name is whole and its numbers are its own."""
    log = parse(
        "[I] === Profile (1514 iterations ) ===",
        "[I]                           Layer   Time (ms)   Avg. Time (ms)   Time %",
        "[I]                     data to nvm       68.17             0.05      1.2",
        "[I]        prob input reformatter 0     5046.37             3.33     92.1",
        "[I]                           Total     5477.95             3.62    100.0",
    )
    rows = [
        (e.name, e.time_ms, e.average_ms, e.median_ms, e.percentage)
        for e in log.builds[0].profile_table
    ]
    assert rows == [
        ("data to nvm", 68.17, 0.05, None, 1.2),
        ("prob input reformatter 0", 5046.37, 3.33, None, 92.1),
    ]


def test_a_run_after_a_trailer_without_its_banner_is_a_build_of_its_own() -> None:
    """GIVEN a failed run's trailer, then another run's lines without a banner, ended by its
    own trailer THEN two builds, failed then passed, the error with the first."""
    log = parse(
        TX.format(
            "E", "Uncaught exception detected: Unable to open library: libnvinfer_plugin.so.8"
        ),
        "&&&& FAILED TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=m.onnx",
        TX.format("I", "=== Profile (1434 iterations ) ==="),
        TX.format("I", "   Time(ms)     Avg.(ms)   Median(ms)   Time(%)   Layer"),
        TX.format("I", "     130.88       0.0913       0.0911       5.7   PPScatter_0"),
        "&&&& PASSED TensorRT.trtexec [TensorRT v8601] # trtexec --loadEngine=m.plan",
    )
    first, second = log.builds
    assert (first.status, first.error_count, first.last_line) == ("failed", 1, 2)
    assert (second.status, second.error_count) == ("passed", 0)
    assert [e.name for e in second.profile_table] == ["PPScatter_0"]


def test_an_assertion_and_gdb_signal_end_the_build() -> None:
    """GIVEN glibc's failed assertion inside TensorRT, then gdb's signal line THEN the build
    failed at the assertion."""
    log = parse(
        PY.format("I", "[MemUsageChange] Init CUDA: CPU +1, GPU +0, now: CPU 1, GPU 1 (MiB)"),
        "gst-launch-1.0: /root/myelin/src/const_ppg.cpp:1184: void myelin::ir::unop_fold(): "
        "Assertion `0' failed.",
        'Thread 1 "gst-launch-1.0" received signal SIGABRT, Aborted.',
    )
    (build,) = log.builds
    assert (build.end, build.end_line) == ("failed", 2)
    assert build.end_reason.startswith("an assertion failed (gst-launch-1.0: ")


def test_placement_list_stands_in_for_the_layers_of_an_info_level_build() -> None:
    """GIVEN an INFO-level Jetson build whose only per-layer lines are its placement list THEN
    the report's layers are those names, each with where it runs, and the note says so."""
    from trtreport.join import build_report

    log = parse(
        PY.format("I", "---------- Layers Running on DLA ----------"),
        PY.format("I", "[DlaLayer] {ForeignNode[Conv_0...Relu_3]}"),
        PY.format("I", "---------- Layers Running on GPU ----------"),
        PY.format("I", "[GpuLayer] Conv_4"),
        PY.format("I", "[GpuLayer] CONVOLUTION: Conv_5"),
    )
    report = build_report(log, None, None)
    assert [(layer.name, layer.device) for layer in report.layers] == [
        ("{ForeignNode[Conv_0...Relu_3]}", "DLA"),
        ("Conv_4", "GPU"),
        ("Conv_5", "GPU"),
    ]
    assert any("under 'Layers Running on GPU/DLA', with where each runs" in n for n in report.notes)


def test_indented_log_lines_and_copies_the_optimizer_keeps() -> None:
    """GIVEN a log pasted with every line indented, holding the optimizer's copies that keep a
    Slice and a Concat THEN the lines are read, and both copies are pass events."""
    log = parse(
        "  " + TX.format("V", "[TRT] Original: 3 layers"),
        "  " + TX.format("V", "[TRT] Replacing slice node_of_part0 with copy from input to part0"),
        "  "
        + TX.format(
            "V",
            "[TRT] Generating copy for part0_plus1 to output because input does not support "
            "striding.",
        ),
    )
    assert log.stats.unrecognised_count == 0
    events = [(e.pass_name, e.kind, e.layers) for e in log.builds[0].pass_events]
    assert events == [
        ("Replacing slice", "other", ("node_of_part0", "input", "part0")),
        ("Generating copy", "stomp-copy", ("part0_plus1", "output")),
    ]


def test_runtime_api_errors_after_an_engine_ran_do_not_fail_it() -> None:
    """GIVEN a Python script at INFO level: an engine runs (its enqueue warning), a refit call
    fails, the engine runs again THEN an inference run that completed, the error counted."""
    log = parse(
        PY.format("W", "Using default stream in enqueueV3() may lead to performance issues"),
        PY.format(
            "E",
            "IRefitter::setNamedWeightsWithLocation: Error Code 3: API Usage Error (conv1.weight: "
            "The weights cannot be refitted.)",
        ),
        PY.format("W", "Using default stream in enqueueV3() may lead to performance issues"),
    )
    (build,) = log.builds
    assert (build.kind, build.end, build.error_count) == ("inference", "complete", 1)
    assert build.end_reason == "the engine was loaded (1 error did not stop it)"


def test_python_build_that_logged_a_tolerated_error_and_wrote_its_weights() -> None:
    """GIVEN a Python logger at WARNING level: an error TensorRT tolerates, then the weight
    conversion warning it gives while writing the engine THEN the build completed."""
    log = parse(
        PY.format(
            "E",
            "Output tensor out_masks of type Float produced from output of incompatible type Bool",
        ),
        PY.format("W", "Using kFASTER_DYNAMIC_SHAPES_0805 preview feature."),
        PY.format(
            "W",
            "TensorRT encountered issues when converting weights between types and that could "
            "affect accuracy.",
        ),
    )
    (build,) = log.builds
    assert (build.end, build.end_reason) == (
        "complete",
        "the engine was built (1 error did not stop it)",
    )


def test_binding_without_a_type_takes_the_onnx_declared_type_an_engine_keeps() -> None:
    """GIVEN TensorRT 8's binding lines (no type) and no engine layers to type them THEN a
    binding takes the ONNX model's declared type when a binding keeps it (BOOL), not when
    TensorRT changes it (INT64 becomes INT32 before TensorRT 10)."""
    log = parse(
        TX.format(
            "V", "[TRT] Adding network input: mask with dtype: bool, dimensions: (1, 200, 200)"
        ),
        TX.format("V", "[TRT] Adding network input: ids with dtype: int64, dimensions: (1, 16)"),
        TX.format("I", "Created input binding for mask with dimensions 1x200x200"),
        TX.format("I", "Created input binding for ids with dimensions 1x16"),
    )
    assert [(b.name, b.dtype) for b in log.builds[0].bindings] == [
        ("mask", "BOOL"),
        ("ids", "unknown"),
    ]


def test_importer_broadcast_and_cast_lines_are_import_chatter() -> None:
    """GIVEN the ONNX importer's broadcast and cast messages THEN they are recognised as the
    import's and make no pass event."""
    log = parse(
        TX.format(
            "I",
            "[TRT] MatMul_0: broadcasting input1 to make tensors conform, "
            "dims(input0)=[1,12,64][NONE] dims(input1)=[1,64,12][NONE].",
        ),
        TX.format("V", "[TRT] Casting to type: bool"),
    )
    (build,) = log.builds
    assert (log.stats.unrecognised_count, build.pass_events, build.last_phase) == (
        0,
        (),
        "onnx-import",
    )


def test_engine_layers_pasted_without_their_header() -> None:
    """GIVEN TensorRT 8's unprefixed engine layer lines in a log that starts after their header
    THEN they are the build's engine layers."""
    log = parse(
        "Layer(CaskConvolution): conv1 + relu1, Tactic: 0x1, x (Int8[1,3:32,8,8]) -> y (Int8[1,8:32,8,8])",
        "Layer(Reformat): out, Tactic: 0x0, y (Int8[1,8:32,8,8]) -> z (Float[1,8,8,8])",
        TX.format("I", "[TRT] Loaded engine size: 1 MiB"),
    )
    assert [layer.name for layer in log.builds[0].engine_layers] == ["conv1 + relu1", "out"]
    assert log.stats.unrecognised_count == 0


def test_pasted_performance_tail_and_a_commented_log() -> None:
    """GIVEN trtexec's performance lines pasted without the summary's header, and a log kept as
    comments in a script THEN the metrics are read, and the comment marks are taken off."""
    tail = parse(
        TX.format("I", "Throughput: 123.4 qps"),
        TX.format("I", "Latency: min = 1.2 ms, max = 3.4 ms, mean = 2.0 ms, median = 2.0 ms"),
        TX.format("I", "Throughput: the observed throughput computed by dividing the number"),
    )
    assert [
        (m.name, dict(m.values).get("mean") or dict(m.values).get("value"))
        for m in tail.builds[0].performance
    ] == [
        ("Throughput", "123.4"),
        ("Latency", "2.0"),
    ]
    assert tail.stats.unrecognised_count == 0
    lines = [
        "&&&& RUNNING TensorRT.trtexec [TensorRT v8403] # trtexec --loadEngine=m.plan",
        TX.format("I", "Engine loaded in 0.0123 sec."),
        TX.format("I", "Throughput: 123.4 qps"),
        "&&&& PASSED TensorRT.trtexec [TensorRT v8403] # trtexec --loadEngine=m.plan",
    ]
    commented = parse(*(f"# {text}" for text in lines))
    plain = parse(*lines)
    assert commented.builds == plain.builds
    assert commented.builds[0].status == "passed"


def test_network_tensors_detected_shows_an_info_level_build() -> None:
    """GIVEN a TensorRT 7 Python build at INFO level, whose only sign of the engine is
    ``Detected 1 inputs and 1 output network tensors.`` THEN a build that completed."""
    (build,) = parse(T7.format("INFO", "Detected 1 inputs and 1 output network tensors.")).builds
    assert (build.kind, build.end, build.last_phase) == ("build", "complete", "engine")


def test_engine_layer_list_broken_by_a_paste_goes_on() -> None:
    """GIVEN an engine layer list (no header) with one line a paste broke THEN the layers after
    it are read; a stray layer line after a prefixed line that closed the list is not."""
    layer = "Layer(Reformat): {0}, Tactic: 0x0, {1} (Float[1,8]) -> {2} (Float[1,8])"
    log = parse(
        layer.format("a", "x", "y"),
        "**" + layer.format("b", "y", "z") + "**",
        layer.format("c", "z", "w"),
        TX.format("I", "[TRT] Loaded engine size: 1 MiB"),
        layer.format("stray", "w", "v"),
    )
    assert [layer.name for layer in log.builds[0].engine_layers] == ["a", "c"]
    assert [sample.line for sample in log.stats.unrecognised_samples] == [2, 5]


def test_failed_build_shows_the_layers_it_was_autotuning() -> None:
    """GIVEN a build that fails during autotuning (a Q/DQ convolution with no valid tactic)
    THEN the report keeps the layers the builder was tuning apart from the (empty) engine, and
    the page's tactics section lists them with why their tactics were skipped."""
    from trtreport.join import build_report
    from trtreport.render import render_html

    name = "conv1.weight + QuantizeLinear_7 + Conv_9"
    log = parse(
        TX.format("V", f"[TRT] =============== Computing costs for {name}"),
        TX.format(
            "V",
            "[TRT] *************** Autotuning format combination: Int8(3,1,1,1) -> Float(8,1,1,1) "
            "***************",
        ),
        TX.format("V", f"[TRT] --------------- Timing Runner: {name} (CaskConvolution)"),
        TX.format("V", "[TRT] CaskConvolution has no valid tactics for this config, skipping"),
        TX.format("E", f"[TRT] 10: Could not find any implementation for node {name}."),
    )
    report = build_report(log, None, None)
    assert report.layers == ()
    ((tuned),) = report.tuned_without_engine
    assert (tuned.layer, tuned.tactics_timed, tuned.tactics_skipped) == (name, 0, 1)
    page = render_html(report)
    assert "the builder was autotuning 1 layer before its log ends" in page
    assert f'<td class="name">{name}</td>' in page


def test_a_needle_line_after_a_trailer_opens_the_next_run_too() -> None:
    """GIVEN a run's trailer, then another run whose first line only a needle rule reads (an
    ONNX node's inputs) THEN that line opens the next build, as any other line would."""
    log = parse(
        "&&&& PASSED TensorRT.trtexec [TensorRT v8601] # trtexec --onnx=a.onnx",
        TX.format("V", "[TRT] Conv_1 [Conv] inputs: [x -> (1, 3)[FLOAT]], "),
        TX.format("V", "[TRT] Original: 3 layers"),
    )
    first, second = log.builds
    assert (first.status, second.first_line, second.last_phase) == ("passed", 2, "optimization")
