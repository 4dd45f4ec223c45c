"""Measure what a comparison (``--baseline``) adds to a run, on generated pairs of builds.

Usage::

    python benchmarks/bench_compare.py [--sizes 1000,5000] [--repeat 3]

For each size it writes, with ``tests/synthlog.py``, two builds of one network that differ in
one block's Q/DQ placement (``--island-at``), reads both into reports in this process, and
times, best of ``--repeat``:

* ``report``: reading and joining the new build's log, layer file and profile, with its
  findings (what a run without a baseline does before rendering);
* ``compare``: :func:`trtreport.compare.compare_reports` of the two reports;
* ``markdown``: the summary of the comparison;
* ``model baseline``: reading the baseline back from its ``--json`` model.

It prints the times and, from the same run, the RATIOS compare/report and model
baseline/report: what a reviewer's run pays for the comparison, whatever this machine's speed.
Nothing here asserts an absolute time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import synthlog  # noqa: E402
import trtreport  # noqa: E402
from trtreport.compare import compare_reports  # noqa: E402
from trtreport.model import BaselineInfo, Report  # noqa: E402

T = TypeVar("T")


def best(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    """The shortest of ``repeat`` runs of ``work``, and its result."""
    times = []
    result: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    assert result is not None
    return min(times), result


def write_build(folder: Path, size: int, island_at: int, name: str) -> Path:
    """Write one build of the pair; the stem of its files."""
    synthlog.main(
        [
            "--layers", str(size), "--seed", "2", "--island-at", str(island_at),
            "--tactics", "1", "--out-dir", str(folder), "--name", name,
        ]
    )  # fmt: skip
    return folder / name


def measure(size: int, repeat: int) -> None:
    """Write one pair of builds of about ``size`` layers, time each step, print a row."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base_stem = write_build(folder, size, size // 20, "base")
        new_stem = write_build(folder, size, -1, "new")

        def read(stem: Path) -> Report:
            return trtreport.build_report(
                f"{stem}.log", layers=f"{stem}.layers.json", profile=f"{stem}.profile.json"
            )

        report_s, new = best(repeat, lambda: read(new_stem))
        base = read(base_stem)
        info = BaselineInfo(base.header.title, base.header.tensorrt_version, "log")
        compare_s, comparison = best(repeat, lambda: compare_reports(base, new, info))
        compared = trtreport.compare_builds(base, new)
        markdown_s, _ = best(repeat, lambda: trtreport.to_markdown(compared))
        model = folder / "base.model.json"
        model.write_text(trtreport.to_json(base), encoding="utf-8")
        model_s, _ = best(repeat, lambda: trtreport.read_model(model))
    print(
        f"{len(new.layers):>7} {report_s:>9.3f} {compare_s:>10.3f} {markdown_s:>11.4f} "
        f"{model_s:>13.3f} {compare_s / report_s:>15.3f} {model_s / report_s:>13.3f}"
    )
    print(
        f"        {len(comparison.precision_changes)} precision changes, "
        f"{comparison.layers_paired} layers paired, "
        f"{len(comparison.findings_resolved)} findings resolved"
    )


def main() -> int:
    """Run the measurements and print the table and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'layers':>7} {'report s':>9} {'compare s':>10} {'markdown s':>11} "
          f"{'model base s':>13} {'compare/report':>15} {'model/report':>13}")  # fmt: skip
    for size in (int(s) for s in args.sizes.split(",")):
        measure(size, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
