"""Measure report size and open time, against a plain pyvis page of the same graph.

Usage::

    python benchmarks/bench_report.py [--sizes 100,1000,5000] [--out-dir DIR] [--pyvis-timeout 180]

For each size it writes a synthetic build (log, ``--layers`` and ``--profile`` JSON, from
``tests/synthlog.py``), runs the pipeline (parse, join, render) and records the report's size
and render time. It then opens the report from ``file://`` in headless Debian Chromium with
every non-``file:`` request aborted and records:

* load → first draw: navigation start to vis-network's first ``afterDrawing``;
* load → interactive: navigation start to the end of the page script's set-up;
* each user action through the page's ``window.trtreport`` hooks, timed until the second
  animation frame after it (so vis-network's redraw is counted): a search, a click, a
  neighbourhood focus and its clearing, opening a group, a legend highlight, a toggle, the
  time-share view, "expand all" and back; and for every table (layers, tactics, node fates)
  opening it, sorting it and filtering it, and filtering the pass events. The median of
  ``--repeat`` runs of each is printed.

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
    actions: dict[str, float] | None = None


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


_TIMED = """async ([code, arg]) => {
  const act = new Function("arg", code);
  const t = performance.now();
  act(arg);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t;
}"""

ACTIONS: tuple[tuple[str, str], ...] = (
    ("search a layer", "window.trtreport.search(arg.layer)"),
    ("search an ONNX node", "window.trtreport.search(arg.onnx)"),
    ("search a precision", "window.trtreport.search('FP16')"),
    ("next match", "window.trtreport.next()"),
    ("click", "window.trtreport.click(arg.other)"),
    ("focus 2 hops", "window.trtreport.focus(arg.layerId, 2)"),
    ("clear focus", "window.trtreport.clearFocus()"),
    ("overview", "window.trtreport.overview()"),
    ("expand a group", "window.trtreport.expand(arg.group)"),
    ("highlight FP16", "window.trtreport.highlight('precision', 'FP16')"),
    ("clear highlight", "window.trtreport.highlight(null)"),
    ("toggle Reformats", "document.getElementById('toggle-reformats').click()"),
    ("toggle back", "document.getElementById('toggle-reformats').click()"),
    ("time-share view", "window.trtreport.view('time')"),
    ("precision view", "window.trtreport.view('precision')"),
    ("open Layers table", "window.trtreport.openTable('layers-table')"),
    ("sort Layers", "window.trtreport.sortTable('layers-table', 'name')"),
    ("filter Layers", "window.trtreport.filterTable('layers-table', 'conv')"),
    ("open Tactics table", "window.trtreport.openTable('tactics-table')"),
    ("sort Tactics", "window.trtreport.sortTable('tactics-table', 'best')"),
    ("filter Tactics", "window.trtreport.filterTable('tactics-table', '0x')"),
    ("open fates table", "window.trtreport.openTable('fates-table')"),
    ("sort fates", "window.trtreport.sortTable('fates-table', 'node')"),
    ("filter fates", "window.trtreport.filterTable('fates-table', 'quantize')"),
    ("filter pass events", "window.trtreport.filterEvents('Fusing')"),
    ("expand all", "window.trtreport.expandAll()"),
    ("overview again", "window.trtreport.overview()"),
)
"""(name, JavaScript) of each timed action; ``arg`` holds names from the report."""


def measure_ours(browser: Any, path: Path, build_s: float, report: Any, repeat: int = 3) -> Measure:
    """Open our report; time first draw, interactivity and every action of :data:`ACTIONS`."""
    page, blocked, _ = _open(browser, path)
    try:
        page.wait_for_function(
            "() => window.trtreport && window.trtreport.firstDrawMs() !== null", timeout=120_000
        )
        first = page.evaluate("window.trtreport.firstDrawMs()") / 1000
        interactive = page.evaluate("window.trtreport.interactiveMs()") / 1000
        middle = report.layers[len(report.layers) // 2]
        onnx = next(
            (
                layer.onnx_nodes[-1]
                for layer in report.layers[len(report.layers) // 3 :]
                if layer.onnx_nodes
            ),
            middle.name,
        )
        arg = {
            "layer": middle.name,
            "layerId": middle.id,
            "onnx": onnx,
            "other": report.layers[len(report.layers) // 4].id,
        }
        page.evaluate("window.trtreport.overview()")
        drawn = page.evaluate("window.trtreport.visibleNodeIds()")
        arg["group"] = next((i for i in drawn if i.startswith("g:")), "g:0")
        actions: dict[str, float] = {}
        for name, code in ACTIONS:
            runs = []
            for _ in range(repeat if "table" not in name.lower() else 1):
                if name == "expand a group":
                    page.evaluate("window.trtreport.overview()")
                runs.append(page.evaluate(_TIMED, [code, arg]))
            runs.sort()
            actions[name] = runs[len(runs) // 2]
        return Measure(
            path.stat().st_size,
            build_s,
            first,
            interactive,
            actions["search a layer"],
            len(blocked),
            actions,
        )
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
    parser.add_argument("--repeat", type=int, default=3, help="runs per action (median)")
    parser.add_argument("--no-pyvis", action="store_true", help="skip the pyvis baseline")
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
            ours = measure_ours(browser, ours_path, rendered - parsed, report, args.repeat)
            pyvis_path = folder / f"pyvis_{n}.html"
            if args.no_pyvis:
                theirs = Measure(0, 0.0, None, None, None, 0)
            else:
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
    print("\nActions (ms, median of --repeat runs; tables once):\n")
    print("| action | " + " | ".join(f"{layers:,} layers" for _, layers, _, _ in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for name, _ in ACTIONS:
        cells = [
            f"{ours.actions[name]:.0f}" if ours.actions and name in ours.actions else "—"
            for _, _, ours, _ in rows
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(
        "\nfirst draw / interactive / stable: seconds from navigation start. 'ready ratio' is "
        "our interactive time over pyvis's stabilized time (a pyvis page moves until then)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
