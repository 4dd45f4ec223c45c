"""Peak memory of the command on the two inputs issue 17 bounds: a 20,000-layer engine with
``--json``, and a log of 1 GB.

Usage::

    python benchmarks/bench_memory.py /tmp/trtmem [--layers 20000] [--log-bytes 1000000000]
        [--corpus ../shared/corpus]

It writes (once; kept for the next run) a synthetic 20,000-layer build with
``tests/synthlog.py`` (its log, layer JSON and profile JSON), a synthetic 1 GB log of a
300-layer build grown with tactic timings, and, when the corpus is there, 1 GB of its real logs
concatenated (each a build of its own: the parser keeps every build apart). Each input is
reported on in a child process (``-o``, ``--json``; the engine also without ``--json``, and
from its layer and profile files alone, the case issue 16 bounds) and
the child's peak resident memory (``ru_maxrss``) and wall time are printed. The target is
300 MB; nothing here asserts it, the figures are the result.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _peak_of(args: list[str], cwd: Path) -> tuple[int, float, int]:
    """(peak RSS in bytes, seconds, exit status) of ``python -m trtreport ARGS`` in a child.

    The child is started through a fresh Python that runs the command and reports its own
    ``ru_maxrss``, so that runs do not add up in RUSAGE_CHILDREN."""
    probe = (
        "import resource, subprocess, sys; "
        "status = subprocess.run([sys.executable, '-m', 'trtreport', *sys.argv[1:]]).returncode; "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, status)"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    kilobytes, status = done.stdout.split()
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return int(kilobytes) * scale, seconds, int(status)


def _synth(out: Path, name: str, *args: str) -> Path:
    """Write a synthetic build with tests/synthlog.py, unless it is there already."""
    log = out / f"{name}.log"
    if not log.exists():
        subprocess.run(
            [
                sys.executable,
                str(REPO / "tests" / "synthlog.py"),
                *args,
                "--out-dir",
                str(out),
                "--name",
                name,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return log


def _concatenated(out: Path, corpus: Path, size: int) -> Path | None:
    """``size`` bytes of the corpus's real logs, one after another (once)."""
    target = out / "corpus_concat.log"
    if target.exists():
        return target
    logs = [
        path
        for path in sorted(corpus.iterdir())
        if path.is_file() and path.name != "MANIFEST.md" and path.read_bytes()[:1] not in b"[{"
    ]
    if not logs:
        return None
    written = 0
    with target.open("wb") as sink:
        while written < size:
            for path in logs:
                data = path.read_bytes()
                sink.write(data)
                written += len(data)
                if written >= size:
                    break
    return target


def main() -> None:
    """Make the inputs, measure each run, print one line per run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--layers", type=int, default=20000)
    parser.add_argument("--log-bytes", type=int, default=1_000_000_000)
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    options = parser.parse_args()
    out: Path = options.out
    out.mkdir(parents=True, exist_ok=True)
    engine = _synth(out, f"engine{options.layers}", "--layers", str(options.layers), "--seed", "1")
    big = _synth(
        out, "log1g", "--layers", "300", "--seed", "1", "--target-bytes", str(options.log_bytes)
    )
    stem = engine.with_suffix("")
    runs = [
        (
            f"{options.layers}-layer engine, --json",
            [
                str(engine),
                "--layers",
                f"{stem}.layers.json",
                "--profile",
                f"{stem}.profile.json",
                "-o",
                "e.html",
                "--json",
                "e.json",
                "-q",
            ],
        ),
        (
            f"{options.layers}-layer engine, no --json",
            [
                str(engine),
                "--layers",
                f"{stem}.layers.json",
                "--profile",
                f"{stem}.profile.json",
                "-o",
                "e.html",
                "-q",
            ],
        ),
        (
            f"{options.layers}-layer engine, --layers and --profile alone (no log), --json",
            [
                "--layers",
                f"{stem}.layers.json",
                "--profile",
                f"{stem}.profile.json",
                "-o",
                "l.html",
                "--json",
                "l.json",
                "-q",
            ],
        ),
        (
            f"{big.stat().st_size / 1e9:.2f} GB synthetic log, --json",
            [str(big), "-o", "b.html", "--json", "b.json", "-q"],
        ),
    ]
    if options.corpus.is_dir():
        concat = _concatenated(out, options.corpus, options.log_bytes)
        if concat is not None:
            runs.append(
                (
                    f"{concat.stat().st_size / 1e9:.2f} GB of corpus logs in a row, --json",
                    [str(concat), "-o", "c.html", "--json", "c.json", "-q"],
                )
            )
    for label, args in runs:
        peak, seconds, status = _peak_of(args, out)
        verdict = "within" if peak <= 300 * 1024 * 1024 else "over"
        print(
            f"{label}: peak {peak / 2**20:,.0f} MiB ({verdict} 300 MB), {seconds:.1f} s, "
            f"exit {status}"
        )


if __name__ == "__main__":
    main()
