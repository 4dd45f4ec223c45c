"""Measure the log parser's speed and memory against a bare line loop, at several log sizes.

Usage::

    python benchmarks/bench_parse.py [--dir /tmp/trtparse] [--sizes 50,200] [--big] [--repeat 2]
                                     [--corpus-log ../shared/corpus/NAME.log] [--cli]

For each size (MB) it writes a realistic verbose trtexec log with ``tests/synthlog.py`` (used
as a library; a Q/DQ network of 1000 layers, 20 tactics timed per runner, grown to the size by
more format combinations, which is what makes real logs of large models large), unless a file
of that name is already there. Then, in the same run and on the same file, it measures:

* ``bare``: ``for line in open(path, encoding="utf-8"): pass``;
* ``parse``: ``parse_build_log(open_text_lines(...))``, what the CLI does (decoding included);

and prints ``parse / bare``, the best of ``--repeat`` runs of each, interleaved, after one
untimed read that puts the file in the page cache. With ``--cli`` it also times the whole
command on the log alone (``python -m trtreport LOG -o OUT -q`` in a child: interpreter start,
imports, reading, hashing, parsing, joining, findings, rendering and writing) and prints
``cli / parse``, the ratio issue 16 bounds at 1.5 (``--sizes 200,1000 --cli`` for its two
sizes). Peak memory of
the parse is measured in a child process per size (``ru_maxrss`` of the child, so the parent's
own memory does not count), and the ratio of peak memory between the largest and smallest size
is printed: the parser streams, so it should stay near 1 even when the log grows 4x or more.
``--big`` adds a 400 MB log. ``--corpus-log`` instead grows a real log to each size, by
repeating its autotuning section (from its first ``Computing costs`` line up to ``Formats and
tactics selection completed``) between its own head and tail, at run time: real line shapes,
a real mix of runners (many short Reformat runs), nothing of the corpus copied into the project.
Nothing here asserts a time: the figures are for the record.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, sys, time
from trtreport.logparse import parse_build_log
from trtreport.textio import open_text_lines
start = time.perf_counter()
with open(sys.argv[1], "rb") as raw:
    log = parse_build_log(open_text_lines(raw, sys.argv[1]), sys.argv[1])
seconds = time.perf_counter() - start
stats = log.stats
print(json.dumps({
    "seconds": seconds,
    "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "lines": stats.lines_read,
    "recognised": stats.lines_recognised,
    "unrecognised": stats.unrecognised_count,
    "builds": len(log.builds),
    "pass_events": sum(len(b.pass_events) for b in log.builds),
    "autotuned_layers": sum(len(b.autotuning) for b in log.builds),
}))
"""


def make_log(directory: Path, megabytes: int) -> Path:
    """Write (once) a synthetic verbose log of about ``megabytes`` MB and return its path."""
    path = directory / f"bench_{megabytes}mb.log"
    if path.exists() and path.stat().st_size > megabytes * 900_000:
        return path
    sys.path.insert(0, str(ROOT / "tests"))
    import synthlog

    directory.mkdir(parents=True, exist_ok=True)
    network = synthlog.make_network(1000, qdq=True, seed=1, name=path.stem)
    options: dict[str, object] = {"trt_version": "8.5.10", "verbose_tactics": 20}
    combos = synthlog.combos_for_target(network, megabytes * 1_000_000, **options)
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        synthlog.write_log(network, out, format_combos=combos, **options)  # type: ignore[arg-type]
    return path


def grow_corpus_log(directory: Path, source: Path, megabytes: int) -> Path:
    """Write (once) ``source`` grown to about ``megabytes`` MB by repeating its autotuning
    section, and return its path."""
    path = directory / f"{source.stem}_{megabytes}mb.log"
    if path.exists() and path.stat().st_size > megabytes * 900_000:
        return path
    lines = source.read_text(encoding="utf-8", errors="replace").splitlines(keepends=True)
    first = next(i for i, text in enumerate(lines) if "Computing costs" in text)
    last = next(i for i, text in enumerate(lines) if "Formats and tactics selection" in text)
    section = "".join(lines[first:last])
    directory.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.writelines(lines[:first])
        for _ in range(max(1, megabytes * 1_000_000 // len(section))):
            out.write(section)
        out.writelines(lines[last:])
    return path


def bare_loop(path: Path) -> float:
    """Seconds of ``for line in f`` over the file in text mode."""
    start = time.perf_counter()
    with open(path, encoding="utf-8") as lines:
        for _line in lines:
            pass
    return time.perf_counter() - start


def parse_in_child(path: Path) -> dict[str, float]:
    """Parse ``path`` in a fresh interpreter; its seconds, peak RSS and counts."""
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def cli_in_child(path: Path, out: Path) -> float:
    """Wall seconds of the whole command on ``path`` alone, in a fresh interpreter."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "trtreport", str(path), "-o", str(out), "-q"],
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Generate the logs, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/trtreport-bench-parse"))
    parser.add_argument("--sizes", default="50,200", help="log sizes in MB, comma-separated")
    parser.add_argument("--big", action="store_true", help="also a 400 MB log")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each measurement")
    parser.add_argument(
        "--corpus-log",
        type=Path,
        help="grow this real verbose log (its autotuning section repeated) instead of generating",
    )
    parser.add_argument(
        "--cli", action="store_true", help="also time the whole command and print cli / parse"
    )
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    if args.big:
        sizes.append(400)
    print(f"python {sys.version.split()[0]}, logs in {args.dir}")
    print(
        f"{'log':>24} {'MB':>7} {'lines':>9} {'bare s':>7} {'parse s':>8} {'ratio':>6} "
        f"{'peak MB':>8} {'unknown':>8}"
    )
    peaks: dict[int, float] = {}
    cli_ratios: list[str] = []
    for size in sizes:
        if args.corpus_log is not None:
            path = grow_corpus_log(args.dir, args.corpus_log, size)
        else:
            path = make_log(args.dir, size)
        bare_loop(path)  # warm the page cache: both measurements then read from memory
        bares: list[float] = []
        runs: list[dict[str, float]] = []
        clis: list[float] = []
        for _ in range(args.repeat):  # interleaved, so that load on the machine hits all
            bares.append(bare_loop(path))
            runs.append(parse_in_child(path))
            if args.cli:
                clis.append(cli_in_child(path, args.dir / "bench_cli_report.html"))
        bare = min(bares)
        best = min(runs, key=lambda run: run["seconds"])
        peak_mb = max(run["peak_kib"] for run in runs) / 1024
        peaks[size] = peak_mb
        print(
            f"{path.name[-24:]:>24} {path.stat().st_size / 1e6:7.1f} {int(best['lines']):9d} "
            f"{bare:7.2f} {best['seconds']:8.2f} {best['seconds'] / bare:6.2f} "
            f"{peak_mb:8.1f} {int(best['unrecognised']):8d}"
        )
        if clis:
            cli_ratios.append(
                f"{path.name}: cli {min(clis):.2f} s / parse {best['seconds']:.2f} s = "
                f"{min(clis) / best['seconds']:.2f}"
            )
    low, high = min(peaks), max(peaks)
    if high != low:
        print(
            f"peak memory {high} MB log / {low} MB log: {peaks[high] / peaks[low]:.2f} "
            f"(log size ratio {high / low:.1f})"
        )
    for line in cli_ratios:
        print(line)
    self_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"largest child peak RSS: {self_peak:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
