"""Measure report size and open time, against a plain pyvis page of the same graph.

Usage::

    python benchmarks/bench_report.py [--sizes 100,1000,5000] [--out-dir DIR] [--pyvis-timeout 180]

For each size it writes a synthetic build (log, ``--layers`` and ``--profile`` JSON, from
``tests/synthlog.py``), runs the pipeline (parse, join, render) and records the report's size
and render time. It then opens the report from ``file://`` in headless Debian Chromium with
every non-``file:`` request aborted and records:

* load → first draw: navigation start to vis-network's first ``afterDrawing``;
* load → interactive: navigation start to the end of the page script's set-up, and the time
  one search (select + focus + details) takes after that.

The same graph (same nodes, labels, colors, edges) is then written by plain pyvis
(``Network(directed=True, cdn_resources="in_line")`` + ``write_html``) and opened the same way;
its first draw is when ``window.network`` exists and has drawn, its "stable" time when
vis-network's physics reports it stabilized (pyvis pages lay out by simulation). A table and
the ratios ours/pyvis are printed. Nothing is asserted: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import synthlog  # noqa: E402
from trtreport.cli import load_report  # noqa: E402
from trtreport.render import render_html  # noqa: E402
from trtreport.render.graph import PALETTE, build_graph  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@dataclass
class Measure:
    """One page opened in Chromium."""

    size: int
    build_s: float
    first_draw_s: float | None
    interactive_s: float | None
    action_ms: float | None
    blocked: int


def write_inputs(n_layers: int, folder: Path) -> tuple[Path, Path, Path]:
    """Write a synthetic log, layer file and profile of about ``n_layers`` engine layers."""
    network = synthlog.make_network(n_layers, qdq=True, seed=1, name=f"bench_{n_layers}")
    base = folder / network.name
    paths = (Path(f"{base}.log"), Path(f"{base}.layers.json"), Path(f"{base}.profile.json"))
    with paths[0].open("w", encoding="utf-8", newline="\n") as out:
        synthlog.write_log(network, out)
    with paths[1].open("w", encoding="utf-8", newline="\n") as out:
        synthlog.write_layer_json(network, out)
    with paths[2].open("w", encoding="utf-8", newline="\n") as out:
        synthlog.write_profile_json(network, out)
    return paths


def pyvis_page(report: Any, path: Path) -> float:
    """Write the report's graph as a plain pyvis page; return the seconds it took."""
    from pyvis.network import Network  # type: ignore[import-untyped]

    start = time.perf_counter()
    graph = build_graph(report)
    net = Network(directed=True, cdn_resources="in_line")
    for node in graph["nodes"]:
        color = PALETTE.get(node["group"], PALETTE["unknown"]).background
        net.add_node(node["id"], label=node["label"], color=color, shape="box")
    for edge in report.edges:
        if edge.source in net.node_map and edge.target in net.node_map:
            color = PALETTE.get(edge.dtype, PALETTE["unknown"]).background
            net.add_edge(edge.source, edge.target, color=color, title=edge.tensor)
    net.write_html(str(path), open_browser=False, notebook=False)
    return time.perf_counter() - start


def _open(browser: Any, path: Path) -> tuple[Any, list[str], float]:
    """Open ``path`` with every non-file request aborted; return (page, blocked, t0)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []

    def route(r: Any) -> None:
        """Let file:// through, abort (and count) everything else."""
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(path.as_uri(), wait_until="commit")
    return page, blocked, time.perf_counter()


def measure_ours(browser: Any, path: Path, build_s: float, query: str) -> Measure:
    """Open our report; time first draw, interactivity and one search."""
    page, blocked, _ = _open(browser, path)
    try:
        page.wait_for_function(
            "() => window.trtreport && window.trtreport.firstDrawMs() !== null", timeout=120_000
        )
        first = page.evaluate("window.trtreport.firstDrawMs()") / 1000
        interactive = page.evaluate("window.trtreport.interactiveMs()") / 1000
        action = page.evaluate(
            "q => { const t = performance.now(); window.trtreport.search(q);"
            " return performance.now() - t; }",
            query,
        )
        return Measure(path.stat().st_size, build_s, first, interactive, action, len(blocked))
    finally:
        page.close()


def measure_pyvis(browser: Any, path: Path, build_s: float, timeout_s: float) -> Measure:
    """Open the pyvis page; time its first draw and its physics stabilization."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page, blocked, _ = _open(browser, path)
    try:
        first: float | None = None
        stable: float | None = None
        try:
            page.wait_for_function(
                "() => window.network && window.network.body"
                " && Object.keys(window.network.body.nodes).length > 0",
                timeout=timeout_s * 1000,
            )
            first = page.evaluate("performance.now()") / 1000
            page.wait_for_function(
                "() => window.network.physics && window.network.physics.stabilized === true",
                timeout=timeout_s * 1000,
                polling=100,
            )
            stable = page.evaluate("performance.now()") / 1000
        except PlaywrightTimeout:  # a timeout is a result here, not a failure
            print(f"  pyvis page did not finish within {timeout_s:.0f} s", file=sys.stderr)
        return Measure(path.stat().st_size, build_s, first, stable, None, len(blocked))
    finally:
        page.close()


def _fmt(value: float | None, unit: str = "s") -> str:
    """A figure, or ``—`` when it was not reached."""
    if value is None:
        return "—"
    return f"{value:.0f} ms" if unit == "ms" else f"{value:.2f} s"


def _ratio(a: float | None, b: float | None) -> str:
    """``a / b`` as text, or ``—``."""
    return "—" if a is None or b is None or b == 0 else f"{a / b:.2f}"


def main(argv: list[str] | None = None) -> int:
    """Run the measurements and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--out-dir", type=Path, default=None)
    parser.add_argument("--pyvis-timeout", type=float, default=180.0)
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    folder = args.out_dir or Path(tempfile.mkdtemp(prefix="trtreport-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[int, int, Measure, Measure]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in (int(s) for s in args.sizes.split(",")):
            log, layers, profile = write_inputs(n, folder)
            start = time.perf_counter()
            report = load_report(str(log), str(layers), str(profile), None)
            parsed = time.perf_counter()
            page = render_html(report)
            rendered = time.perf_counter()
            ours_path = folder / f"report_{n}.html"
            ours_path.write_text(page, encoding="utf-8", newline="\n")
            print(
                f"{n}: {len(report.layers)} layers; parse+join {parsed - start:.2f} s, "
                f"render {rendered - parsed:.2f} s",
                file=sys.stderr,
            )
            query = report.layers[len(report.layers) // 2].name
            ours = measure_ours(browser, ours_path, rendered - parsed, query)
            pyvis_path = folder / f"pyvis_{n}.html"
            theirs = measure_pyvis(
                browser, pyvis_path, pyvis_page(report, pyvis_path), args.pyvis_timeout
            )
            rows.append((n, len(report.layers), ours, theirs))
        browser.close()

    print(f"\nReports in {folder}\n")
    print(
        "| layers | ours: size | render | first draw | interactive | search "
        "| pyvis: size | build | first draw | stable | size ratio | first-draw ratio "
        "| ready ratio | requests blocked (ours/pyvis) |"
    )
    print("|" + "---|" * 14)
    for _, layers, ours, theirs in rows:
        print(
            f"| {layers:,} | {ours.size / 1e6:.2f} MB | {_fmt(ours.build_s)} "
            f"| {_fmt(ours.first_draw_s)} | {_fmt(ours.interactive_s)} "
            f"| {_fmt(ours.action_ms, 'ms')} | {theirs.size / 1e6:.2f} MB "
            f"| {_fmt(theirs.build_s)} | {_fmt(theirs.first_draw_s)} "
            f"| {_fmt(theirs.interactive_s)} | {_ratio(ours.size, theirs.size)} "
            f"| {_ratio(ours.first_draw_s, theirs.first_draw_s)} "
            f"| {_ratio(ours.interactive_s, theirs.interactive_s)} "
            f"| {ours.blocked}/{theirs.blocked} |"
        )
    print(
        "\nfirst draw / interactive / stable: seconds from navigation start. 'ready ratio' is "
        "our interactive time over pyvis's stabilized time (a pyvis page moves until then)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
