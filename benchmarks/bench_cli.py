"""Measure the trtreport CLI on the inputs written by ``benchmarks/gen_inputs.py``.

Usage::

    python benchmarks/gen_inputs.py /tmp/trtbench            # once
    python benchmarks/bench_cli.py /tmp/trtbench [--repeat 1] [--only bench_100,bench_1000]

For every ``NAME.log`` in the directory (with ``NAME.layers.json`` and ``NAME.profile.json``
when present) it runs, in a child process::

    python -m trtreport NAME.log --layers NAME.layers.json --profile NAME.profile.json -o OUT

and records wall time, the child's peak resident memory and the report's size. It prints a
table and then RATIOS computed from the same run (seconds per MB of log, time(5000)/time(1000),
peak RSS over log size, ...) so results can be compared across machines. Nothing here asserts
an absolute time. A failing command is reported with its exit status and the end of its
stderr, and the other sizes still run.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Result:
    """One measured run."""

    name: str
    log_bytes: int
    layers: int
    seconds: float
    peak_rss_bytes: int
    report_bytes: int
    ok: bool
    message: str = ""


def _engine_layers(log: Path) -> int:
    """Count the ``Layer(`` lines of the log (the engine size), reading it as a stream."""
    n = 0
    with log.open("rb") as f:
        for line in f:
            if line.startswith(b"Layer("):
                n += 1
    return n


def _measure_child(cmd: list[str]) -> tuple[float, int, subprocess.CompletedProcess[bytes]]:
    """Run ``cmd``; return (wall seconds, peak RSS of the child in bytes, completed process).

    Peak RSS is ``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the maximum over every child this
    process has waited for, which is why ``main`` measures each run from a fresh process that
    starts nothing else. Linux reports KiB, macOS bytes.
    """
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, check=False)
    seconds = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    scale = 1 if sys.platform == "darwin" else 1024
    return seconds, usage.ru_maxrss * scale, proc


def run_one(log: Path, out_dir: Path) -> Result:
    """Run the CLI on one log and collect its figures."""
    name = log.name.removesuffix(".log")
    cmd = [sys.executable, "-m", "trtreport", str(log)]
    for flag, suffix in (("--layers", ".layers.json"), ("--profile", ".profile.json")):
        p = log.with_name(name + suffix)
        if p.exists():
            cmd += [flag, str(p)]
    out = out_dir / f"{name}.html"
    cmd += ["-o", str(out)]
    seconds, rss, proc = _measure_child(cmd)
    ok = proc.returncode == 0 and out.exists()
    msg = ""
    if not ok:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
        msg = f"exit status {proc.returncode}: " + (" | ".join(tail) or "no stderr")
    return Result(
        name=name,
        log_bytes=log.stat().st_size,
        layers=_engine_layers(log),
        seconds=seconds,
        peak_rss_bytes=rss,
        report_bytes=out.stat().st_size if out.exists() else 0,
        ok=ok,
        message=msg,
    )


def _child_main(log: Path, out_dir: Path) -> int:
    """Measure one log in this (fresh) process and print one tab-separated result line."""
    r = run_one(log, out_dir)
    print(
        "\t".join(
            str(v)
            for v in (
                r.name,
                r.log_bytes,
                r.layers,
                r.seconds,
                r.peak_rss_bytes,
                r.report_bytes,
                int(r.ok),
                r.message,
            )
        )
    )
    return 0


def _parse(line: str) -> Result:
    f = line.rstrip("\n").split("\t")
    return Result(
        f[0],
        int(f[1]),
        int(f[2]),
        float(f[3]),
        int(f[4]),
        int(f[5]),
        f[6] == "1",
        f[7] if len(f) > 7 else "",
    )


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.3g}" if b else "n/a"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description="Benchmark the trtreport CLI (ratios, no limits).")
    ap.add_argument("input_dir", type=Path)
    ap.add_argument("--only", default="", help="comma-separated names (default: all logs)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is kept")
    ap.add_argument("--_child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args._child:
        return _child_main(Path(args._child[0]), Path(args._child[1]))

    logs = sorted(args.input_dir.glob("*.log"), key=lambda p: p.stat().st_size)
    if args.only:
        wanted = set(args.only.split(","))
        logs = [p for p in logs if p.name.removesuffix(".log") in wanted]
    if not logs:
        print(
            f"no *.log files in {args.input_dir}; run benchmarks/gen_inputs.py first",
            file=sys.stderr,
        )
        return 1
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="trtreport-bench-") as tmp:
        for log in logs:
            best: Result | None = None
            for _ in range(max(1, args.repeat)):
                # One fresh measuring process per run, so RUSAGE_CHILDREN is this run's alone.
                proc = subprocess.run(
                    [sys.executable, __file__, str(args.input_dir), "--_child", str(log), tmp],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if proc.returncode != 0 or not proc.stdout.strip():
                    print(
                        f"{log.name}: benchmark harness failed: {proc.stderr.strip()}",
                        file=sys.stderr,
                    )
                    break
                r = _parse(proc.stdout.strip().splitlines()[-1])
                if best is None or (r.ok and r.seconds < best.seconds):
                    best = r
            if best is not None:
                results.append(best)
                if not best.ok:
                    print(
                        f"FAILED {best.name}: `python -m trtreport` did not produce a report "
                        f"({best.message})",
                        file=sys.stderr,
                    )

    print(
        f"{'input':<12} {'layers':>7} {'log MB':>9} {'time s':>8} {'peak RSS MB':>12} "
        f"{'report MB':>10}  status"
    )
    for r in results:
        print(
            f"{r.name:<12} {r.layers:>7} {r.log_bytes / 1e6:>9.1f} {r.seconds:>8.2f} "
            f"{r.peak_rss_bytes / 1e6:>12.1f} {r.report_bytes / 1e6:>10.2f}  "
            f"{'ok' if r.ok else 'FAILED'}"
        )
    ok = [r for r in results if r.ok]
    if not ok:
        print("\nno successful run: nothing to compare", file=sys.stderr)
        return 1
    print("\nRATIOS (same run, same machine)")
    for r in ok:
        mb = r.log_bytes / 1e6
        print(
            f"  {r.name}: {_ratio(r.seconds, mb)} s per MB of log, "
            f"{_ratio(r.seconds * 1000, r.layers)} ms per engine layer, "
            f"peak RSS / log size = {_ratio(r.peak_rss_bytes, r.log_bytes)}, "
            f"report bytes per layer = {_ratio(r.report_bytes, r.layers)}"
        )
    by = {r.name: r for r in ok}
    for a, b in (
        ("bench_1000", "bench_100"),
        ("bench_5000", "bench_1000"),
        ("bench_big", "bench_1000"),
    ):
        if a in by and b in by:
            ra, rb = by[a], by[b]
            print(
                f"  time({a})/time({b}) = {_ratio(ra.seconds, rb.seconds)} "
                f"for {_ratio(ra.log_bytes, rb.log_bytes)}x the log bytes and "
                f"{_ratio(ra.layers, rb.layers)}x the layers; "
                f"peak RSS ratio = {_ratio(ra.peak_rss_bytes, rb.peak_rss_bytes)}"
            )
    return 0 if len(ok) == len(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
