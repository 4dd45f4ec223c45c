"""Measure how long trtreport takes to start: the time of a run that fails at once.

Usage::

    python benchmarks/bench_startup.py [--repeat 15]

It runs, each time in a fresh child process, ``python -m trtreport EMPTY.log -o OUT`` on an
empty file (trtreport reads it, finds no line and exits with status 1: the whole cost is
starting Python and importing trtreport), and ``python -c "import trtreport.render"`` (what a
real run imports before it renders). It prints the median and the fastest wall time of each,
and the heavy modules each one imported (IPython, networkx, jsonpickle, pyvis.network), which
should be none: trtreport reads vis-network's files from the installed pyvis package without
importing it.

Figures on the project's 2-core development machine (medians of 15 runs, both measured in the
same minute; "before" is the commit before this benchmark, run from its source tree, when
``trtreport.render`` imported ``pyvis.network``):

=====================================  ========  ========
run                                    before    now
=====================================  ========  ========
``trtreport empty.log`` (exit 1)       0.42 s    0.17 s
``import trtreport.render``            0.29 s    0.13 s
``python -c pass`` (the floor)         0.01 s    0.01 s
=====================================  ========  ========

The issue that asked for this measured 0.7 s for an empty-file error on a busier machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEAVY = ("IPython", "networkx", "jsonpickle", "pyvis.network", "traitlets", "pygments")
"""Modules pyvis's ``network`` pulls in and trtreport never uses."""

_LOADED = "import sys, {module}; print(','.join(m for m in {heavy!r} if m in sys.modules))"


def _time(cmd: list[str], repeat: int) -> list[float]:
    """Wall seconds of ``cmd`` run ``repeat`` times, each in a fresh process."""
    seconds = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        seconds.append(time.perf_counter() - t0)
    return seconds


def heavy_modules(module: str) -> list[str]:
    """The :data:`HEAVY` modules that importing ``module`` loads, in a fresh process."""
    code = _LOADED.format(module=module, heavy=HEAVY)
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    return [name for name in out.split(",") if name]


def main() -> None:
    """Time an error run and the render import, and list what they import that is unused."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.log"
        empty.write_bytes(b"")
        runs = {
            "trtreport empty.log (exit 1)": [
                sys.executable,
                "-m",
                "trtreport",
                str(empty),
                "-o",
                str(Path(tmp) / "out.html"),
            ],
            "import trtreport.render": [sys.executable, "-c", "import trtreport.render"],
            "python -c pass (the floor)": [sys.executable, "-c", "pass"],
        }
        print(f"{'run':34} {'median':>8} {'fastest':>8}")
        for name, cmd in runs.items():
            seconds = _time(cmd, args.repeat)
            print(f"{name:34} {statistics.median(seconds):7.3f}s {min(seconds):7.3f}s")
    for module in ("trtreport.cli", "trtreport.render"):
        loaded = heavy_modules(module)
        print(f"unused heavy modules imported by {module}: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()
