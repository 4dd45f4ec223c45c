"""Reviewing a change from the command line: ``--baseline`` (a log or a model JSON),
``--markdown`` and the ``--fail-on`` gate, on the example pair in ``examples/``.

The pair (``qdq_pair_base``: block 5 a float island; ``qdq_pair_new``: every block quantized)
is made by the commands in ``examples/README.md``; the new build is the improvement, so the gate
must stay quiet comparing new against base and fire comparing base against new.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from trtreport.cli import main
from trtreport.gate import Condition, GateUsageError, check, parse_condition
from trtreport.render.markdown import MAX_LINES, code, render_markdown, text

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


def inputs(name: str, prefix: str = "") -> list[str]:
    """A build's log, layer file and profile as options (``--baseline`` ones with a prefix)."""
    stem = EXAMPLES / f"qdq_pair_{name}"
    if prefix:
        return [
            f"--{prefix}",
            f"{stem}.log",
            f"--{prefix}-layers",
            f"{stem}.layers.json",
            f"--{prefix}-profile",
            f"{stem}.profile.json",
        ]
    return [f"{stem}.log", "--layers", f"{stem}.layers.json", "--profile", f"{stem}.profile.json"]


def run(tmp: Path, *args: str) -> tuple[int, str, str]:
    """Run the CLI; (exit status, stdout, stderr)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def base_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The baseline's model JSON, as CI would keep it from main's build."""
    out = tmp_path_factory.mktemp("base")
    code_, _, err = run(
        out, *inputs("base"), "-o", str(out / "b.html"), "--json", str(out / "b.json")
    )
    assert code_ == 0, err
    return out / "b.json"


def test_log_and_model_baselines_give_the_same_comparison(tmp_path: Path, base_model: Path) -> None:
    status, _, err = run(
        tmp_path, *inputs("new"), *inputs("base", "baseline"), "-o", str(tmp_path / "a.html"),
        "--json", str(tmp_path / "a.json"), "--markdown", str(tmp_path / "a.md"),
    )  # fmt: skip
    assert status == 0, err
    status, _, err = run(
        tmp_path, *inputs("new"), "--baseline", str(base_model), "-o", str(tmp_path / "b.html"),
        "--json", str(tmp_path / "b.json"), "--markdown", str(tmp_path / "b.md"),
    )  # fmt: skip
    assert status == 0, err
    from_log = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["comparison"]
    from_model = json.loads((tmp_path / "b.json").read_text(encoding="utf-8"))["comparison"]
    assert from_log.pop("baseline")["source"] == "log"
    assert from_model.pop("baseline")["source"] == "model"
    assert from_log == from_model
    assert (tmp_path / "a.md").read_text() == (tmp_path / "b.md").read_text()
    for key in ("precision_changes", "layers_added", "layers_removed", "findings_added"):
        assert isinstance(from_log[key], list)
    assert {d["key"] for d in from_log["deltas"]} >= {"int8_compute_share", "gpu_compute_mean"}
    assert len(from_log["precision_changes"]) == 5
    assert "compared with the baseline" in err


def test_a_gzipped_model_baseline_is_read(tmp_path: Path, base_model: Path) -> None:
    packed = tmp_path / "b.json.gz"
    packed.write_bytes(gzip.compress(base_model.read_bytes(), mtime=0))
    status, out, err = run(
        tmp_path, *inputs("new"), "--baseline", str(packed), "-o", str(tmp_path / "r.html"),
        "--markdown", "-",
    )  # fmt: skip
    assert status == 0, err
    assert "ONNX nodes whose precision changed (5)" in out


def test_the_gate_is_quiet_on_the_improvement_and_fires_on_the_regression(
    tmp_path: Path,
) -> None:
    gates = [
        "--fail-on", "new-finding", "--fail-on", "int8-drop=1", "--fail-on",
        "latency-increase=2", "--fail-on", "reformat-increase=0",
    ]  # fmt: skip
    status, _, err = run(
        tmp_path, *inputs("new"), *inputs("base", "baseline"), "-o", str(tmp_path / "ok.html"),
        *gates,
    )  # fmt: skip
    assert status == 0, err
    assert "fail-on" not in err
    status, _, err = run(
        tmp_path, *inputs("base"), *inputs("new", "baseline"), "-o", str(tmp_path / "bad.html"),
        "--json", str(tmp_path / "bad.json"), *gates, "--fail-on", "precision-change",
    )  # fmt: skip
    assert status == 4
    met = [line for line in err.splitlines() if line.startswith("trtreport: fail-on ")]
    assert [line.split(":")[1].strip() for line in met] == [
        "fail-on new-finding",
        "fail-on int8-drop=1",
        "fail-on latency-increase=2",
        "fail-on reformat-increase=0",
        "fail-on precision-change",
    ]
    assert "fell 5.6 points (91.7 % → 86.1 %)" in err
    # Every output is written before the gate decides.
    assert (tmp_path / "bad.html").stat().st_size > 100_000
    assert json.loads((tmp_path / "bad.json").read_text())["comparison"]["precision_changes"]


def test_conditions_that_need_a_baseline_are_usage_errors(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    status, _, err = run(tmp_path, *inputs("new"), "-o", str(out), "--fail-on", "new-finding")
    assert status == 2
    assert "--fail-on new-finding needs --baseline" in err
    assert not out.exists()
    status, _, err = run(tmp_path, *inputs("new"), "-o", str(out), "--fail-on", "int8-drop")
    assert status == 2 and "int8-drop needs a value" in err
    status, _, err = run(tmp_path, *inputs("new"), "-o", str(out), "--fail-on", "bogus=3")
    assert status == 2 and "unknown condition 'bogus'" in err
    status, _, err = run(tmp_path, *inputs("new"), "--baseline-layers", "x.json", "-o", str(out))
    assert status == 2 and "need --baseline" in err


def test_latency_increase_needs_latency_in_both_builds(tmp_path: Path) -> None:
    log = EXAMPLES / "qdq_pair_new.log"
    stripped = tmp_path / "no_perf.log"
    # The same build without trtexec's performance summary.
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if "=== Performance summary ===" in line)
    stripped.write_text("".join(lines[:start] + lines[start + 12 :]), encoding="utf-8")
    status, _, err = run(
        tmp_path, str(stripped), "--baseline", str(log), "-o", str(tmp_path / "r.html"),
        "--fail-on", "latency-increase=5",
    )  # fmt: skip
    assert status == 2, err
    assert "needs the mean GPU compute time of both builds" in err


def test_gate_conditions_without_a_baseline(tmp_path: Path) -> None:
    status, _, err = run(
        tmp_path, *inputs("base"), "-o", str(tmp_path / "r.html"), "--fail-on", "severity=error",
        "--fail-on", "int8-below=99",
    )  # fmt: skip
    assert status == 4
    assert "fail-on severity=error: 1 finding(s): [error] FP16 island" in err
    assert "86.1 % of compute layers run in INT8 (31 of 36), below 99 %" in err
    status, _, err = run(
        tmp_path, *inputs("new"), "-o", str(tmp_path / "r.html"), "--fail-on", "severity=error",
        "--fail-on", "int8-below=50",
    )  # fmt: skip
    assert status == 0, err


def test_a_model_json_of_another_schema_version_is_refused(
    tmp_path: Path, base_model: Path
) -> None:
    old = json.loads(base_model.read_text(encoding="utf-8"))
    old["schema_version"] = 1
    stale = tmp_path / "old.json"
    stale.write_text(json.dumps(old), encoding="utf-8")
    out = tmp_path / "r.html"
    status, _, err = run(tmp_path, *inputs("new"), "--baseline", str(stale), "-o", str(out))
    assert status == 1
    assert err.count("\n") == 1
    assert (
        "old.json: is a trtreport model of schema version 1; this trtreport reads version 2" in err
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"count": 10}, {"name": "a", "timeMs": 1}]', "trtexec's JSON files, not a baseline"),
        ('{"Layers": ["a"], "Bindings": []}', "not a trtreport model (no schema_version)"),
        ('{"schema_version": 2, "header": []}', "field header should be an object"),
        ('{"schema_version": 2', "baseline.json"),
        ("hello, world\n", "not a TensorRT"),
    ],
)
def test_a_baseline_that_is_neither_is_one_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    status, _, err = run(
        tmp_path, *inputs("new"), "--baseline", str(path), "-o", str(tmp_path / "r.html")
    )
    assert status == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert message in err


def test_baseline_files_go_with_a_baseline_log_only(tmp_path: Path, base_model: Path) -> None:
    status, _, err = run(
        tmp_path, *inputs("new"), "--baseline", str(base_model), "--baseline-profile",
        str(EXAMPLES / "qdq_pair_base.profile.json"), "-o", str(tmp_path / "r.html"),
    )  # fmt: skip
    assert status == 2
    assert "model JSON, which already holds them" in err


def test_markdown_to_standard_output_and_no_change_against_itself(tmp_path: Path) -> None:
    status, out, err = run(
        tmp_path, *inputs("new"), *inputs("new", "baseline"), "-o", str(tmp_path / "r.html"),
        "--markdown", "-",
    )  # fmt: skip
    assert status == 0, err
    assert "No change: the two builds give the same engine and figures." in out
    assert "no change since the baseline" in err
    assert out.endswith("_Made by trtreport: the attached HTML report has the details._\n")


# --- the gate's own rules --------------------------------------------------------------------


def test_parse_condition() -> None:
    assert parse_condition("int8-drop=2.5") == Condition("int8-drop", 2.5, "int8-drop=2.5")
    assert parse_condition("latency-increase=5%").value == 5.0
    assert parse_condition("severity=warning").value == 1.0
    for bad, words in (
        ("new-finding=1", "takes no value"),
        ("int8-drop=-1", "at least 0"),
        ("int8-drop=nan", "at least 0"),
        ("int8-drop=" + "9" * 5000, "is not a number"),
        ("severity=loud", "takes info, warning or error"),
    ):
        with pytest.raises(ValueError, match=words):
            parse_condition(bad)


def test_check_refuses_a_comparing_condition_without_a_baseline() -> None:
    from reportfactory import make_report

    with pytest.raises(GateUsageError, match="needs --baseline"):
        check([parse_condition("precision-change")], make_report(20))


# --- the Markdown ----------------------------------------------------------------------------


def test_markdown_names_are_code_spans_whatever_they_hold() -> None:
    assert code("a`b") == "``a`b``"
    assert code("`x`") == "`` `x` ``"
    assert code("a|b", in_table=True) == "`a\\|b`"
    assert code("line\nbreak") == "`line break`"
    assert text("<script>*x*</script> & [y](z)") == (
        "&lt;script&gt;\\*x\\*&lt;/script&gt; &amp; \\[y\\](z)"
    )


def test_markdown_of_hostile_names_holds_no_html() -> None:
    from reportfactory import hostile_report

    summary = render_markdown(hostile_report())
    assert not re.search(r"<[a-zA-Z/!]", _outside_code(summary)), summary
    assert len(summary.splitlines()) <= MAX_LINES


def _outside_code(markdown: str) -> str:
    """The Markdown with its code spans taken out (what a site reads as markup)."""
    return re.sub(r"(`+)(.+?)\1", "", markdown)


def test_the_committed_example_comparison_is_short_and_plain() -> None:
    summary = (EXAMPLES / "qdq_pair_comparison.md").read_text(encoding="utf-8")
    assert len(summary.splitlines()) <= MAX_LINES
    assert not re.search(r"<[a-zA-Z/!]", _outside_code(summary))
    assert "| Compute layers in INT8 | 86.1 % | 91.7 % | +5.6 pts better |" in summary
    assert "- `/layer2.1/Conv_0` (Conv): FP16 → **INT8**" in summary
    assert (
        "**In short:** 5 ONNX nodes changed precision (5 to INT8); 0 new findings, 1 resolved; "
        "1 Reformat fewer; GPU compute time −6.0 %." in summary
    )
