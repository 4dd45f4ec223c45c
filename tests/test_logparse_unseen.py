"""Line shapes from public TensorRT logs the parser had not seen (GitHub issues and forums, read
through the project's search tools; no log is copied here, each case is a few lines written
in the same shape): TensorRT 7's source locations, INT8 calibration, TensorRT 8.2's placement
lines, TensorRT 7's engine layers without their header, versions in trailers and Polygraphy's
module line, an ONNX parser error printed by a script, TensorRT 7.0's timing summary.

What remains here goes through the whole report (notes, findings, rendered text); the cases
that only read parsed fields are fixtures in ``tests/fixtures/logparse/*.txt``."""

from __future__ import annotations

from trtreport.logparse import parse_build_log
from trtreport.model import BuildLog

T7 = "[TensorRT] {}: {}"
PY = "[09/16/2022-05:41:46] [TRT] [{}] {}"


def parse(*lines: str) -> BuildLog:
    """The lines parsed as a log."""
    return parse_build_log(list(lines), "t.log")


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


TX = "[04/08/2025-23:14:00] [{}] {}"


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
