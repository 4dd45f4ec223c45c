"""The documented Python API, used only through ``import trtreport`` as the README shows it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import trtreport

EXAMPLE = Path(__file__).resolve().parent.parent / "examples"
LOG = EXAMPLE / "qdq_resnet_small.log"
LAYERS = EXAMPLE / "qdq_resnet_small.layers.json"
PROFILE = EXAMPLE / "qdq_resnet_small.profile.json"


def test_build_render_and_json_of_the_example() -> None:
    report = trtreport.build_report(LOG, layers=LAYERS, profile=PROFILE)
    assert len(report.layers) == 42
    assert report.summary is not None and report.summary.is_qdq
    assert {finding.rule for finding in report.findings} >= {"precision-island"}
    html = trtreport.render_html(report)
    assert html.startswith("<!DOCTYPE html>")
    assert html == trtreport.render_html(report)
    model = json.loads(trtreport.to_json(report))
    assert model["header"]["has_log"] is True
    assert len(model["layers"]) == 42


def test_a_report_from_the_layer_file_alone() -> None:
    report = trtreport.build_report(None, layers=str(LAYERS), profile=str(PROFILE))
    assert report.header.has_log is False
    assert len(report.layers) == 42
    assert any(layer.time_ms is not None for layer in report.layers)
    assert "Made without the build log" in trtreport.render_html(report)


def test_bad_input_raises_input_error_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(trtreport.InputError) as caught:
        trtreport.build_report(LOG, layers=broken)
    assert str(caught.value).startswith(f"{broken}:")
    with pytest.raises(trtreport.InputError, match="no such file"):
        trtreport.build_report(tmp_path / "missing.log")
    with pytest.raises(ValueError, match="needs a log"):
        trtreport.build_report(None)


def test_compare_read_model_and_markdown(tmp_path: Path) -> None:
    pair = EXAMPLE / "qdq_pair"
    base = trtreport.build_report(
        f"{pair}_base.log", layers=f"{pair}_base.layers.json", profile=f"{pair}_base.profile.json"
    )
    new = trtreport.build_report(
        f"{pair}_new.log", layers=f"{pair}_new.layers.json", profile=f"{pair}_new.profile.json"
    )
    kept = tmp_path / "main.model.json"
    kept.write_text(trtreport.to_json(base), encoding="utf-8")
    from_log = trtreport.compare_builds(base, new)
    from_model = trtreport.compare_builds(trtreport.read_model(kept), new, source="model")
    assert from_log.comparison is not None and from_model.comparison is not None
    assert len(from_log.comparison.precision_changes) == 5
    assert from_model.comparison.baseline.source == "model"
    assert from_log.comparison.precision_changes == from_model.comparison.precision_changes
    summary = trtreport.to_markdown(from_log)
    assert summary.startswith("### TensorRT build: changes since the baseline")
    assert "Changes since the baseline" in trtreport.render_html(from_log)


README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_api_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's Python block, run as written beside files of the names it uses."""
    text = README.read_text(encoding="utf-8")
    block = text.split("## Python API", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    for name, source in (("build.log", LOG), ("info.json", LAYERS), ("profile.json", PROFILE)):
        (tmp_path / name).write_bytes(source.read_bytes())
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_readme_sample_line_is_what_the_example_prints(tmp_path: Path) -> None:
    """The line the README quotes is the one its 'Try it' command prints."""
    from click.testing import CliRunner

    from trtreport.cli import main

    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        main, [str(LOG), "--layers", str(LAYERS), "--profile", str(PROFILE), "-o", str(out)]
    )
    assert result.exit_code == 0
    printed = result.stderr.strip().replace(str(out), "report.html")
    text = README.read_text(encoding="utf-8")
    assert f"It prints one line, `{printed}`" in text
    assert f"one line on stderr: `{printed}`" in text
