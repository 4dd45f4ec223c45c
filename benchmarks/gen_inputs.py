"""Generate the benchmark inputs: logs of 100, 1,000 and 5,000 engine layers and a ~1 GB log.

Usage::

    python benchmarks/gen_inputs.py OUT_DIR [--big-bytes 1000000000] [--skip-big]

Each size gets NAME.log, NAME.layers.json and NAME.profile.json in OUT_DIR (names
``bench_100``, ``bench_1000``, ``bench_5000`` and ``bench_big``). The files are synthetic
(tests/synthlog.py), deterministic, and are not meant to be committed. The layer-count sizes use
20 tactics per runner and several format combinations per layer, like real INT8 builds; the big
log (1,000 engine layers) grows its autotuning part until it reaches the requested size. Logs
are streamed to disk; the generator never holds one in memory.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYNTHLOG = HERE.parent / "tests" / "synthlog.py"

SIZES: list[tuple[str, list[str]]] = [
    ("bench_100", ["--layers", "100", "--tactics", "20", "--target-bytes", "3000000"]),
    ("bench_1000", ["--layers", "1000", "--tactics", "20", "--target-bytes", "30000000"]),
    ("bench_5000", ["--layers", "5000", "--tactics", "20", "--target-bytes", "150000000"]),
]


def generate(out_dir: Path, name: str, args: list[str]) -> Path:
    """Run the generator for one size; returns the log path."""
    cmd = [
        sys.executable,
        str(SYNTHLOG),
        *args,
        "--seed",
        "7",
        "--out-dir",
        str(out_dir),
        "--name",
        name,
    ]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True)
    log = out_dir / f"{name}.log"
    mb = log.stat().st_size / 1e6
    print(f"{name}: {mb:,.1f} MB in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return log


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description="Generate benchmark inputs (not committed).")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--big-bytes", type=int, default=1_000_000_000, help="size of the big log")
    ap.add_argument("--skip-big", action="store_true", help="do not write the ~1 GB log")
    args = ap.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    sizes = list(SIZES)
    if not args.skip_big:
        sizes.append(
            (
                "bench_big",
                ["--layers", "1000", "--tactics", "40", "--target-bytes", str(args.big_bytes)],
            )
        )
    for name, extra in sizes:
        generate(args.out_dir, name, extra)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
