"""The ``--markdown`` summary: a short note for a merge-request comment (GitHub or GitLab).

One build gives its headline table and top findings; a comparison (``--baseline``) gives both
builds side by side, then what changed: build settings, ONNX nodes whose precision changed,
layers added, removed and changed, findings new and resolved, and the layers whose time grew.
It stays within about :data:`MAX_LINES` lines and holds no HTML: names from the model are
written as code spans (which show ``<script>`` as text on every site) and other text has the
characters Markdown or HTML would read escaped.
"""

from __future__ import annotations

from collections.abc import Sequence

from trtreport.compare import headline, is_structural
from trtreport.model import Comparison, Delta, Finding, Report
from trtreport.render.changes import change_text, figure_text, in_short, verdict_of

MAX_LINES = 60
"""About how long the summary may be; lists are cut to fit, with a count of what was left."""

_TOP = 5
"""Items listed per kind of change."""

_NAME_LIMIT = 80

_ALWAYS_SHOWN = frozenset({"layers_after", "int8_compute_share"})
"""Headline figures the comparison table shows even when they did not change."""

_FOLDED_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Findings (error / warning / info)", ("findings_error", "findings_warning", "findings_info")),
    (
        "GPU compute time (mean / median / p99)",
        ("gpu_compute_mean", "gpu_compute_median", "gpu_compute_p99"),
    ),
)
"""Figures the summary shows in one row each, to stay short."""
_FOLDED = frozenset(key for _, keys in _FOLDED_ROWS for key in keys)


def _clip(text: str, limit: int = _NAME_LIMIT) -> str:
    """One line of at most ``limit`` characters (control characters shown as spaces)."""
    flat = "".join(ch if ch.isprintable() else " " for ch in text)
    flat = " ".join(flat.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def code(name: str, *, in_table: bool = False) -> str:
    """``name`` as a code span, whatever backticks it holds; ``|`` escaped inside a table."""
    text = _clip(name)
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    if in_table:
        text = text.replace("|", "\\|")
    return f"{fence}{pad}{text or ' '}{pad}{fence}"


_ESCAPED = "\\`*_[]|~"
"""Characters that format text in the middle of a line (none of our text starts a line)."""


def text(words: str, limit: int = 160) -> str:
    """Plain words with every character Markdown or HTML would interpret escaped."""
    out = []
    for ch in _clip(words, limit):
        if ch == "<":
            out.append("&lt;")
        elif ch == ">":
            out.append("&gt;")
        elif ch == "&":
            out.append("&amp;")
        elif ch in _ESCAPED:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _change(delta: Delta, *, brief: bool = False) -> str:
    """The difference of one headline figure, with whether it is better or worse (``brief``:
    a relative figure alone, for rows that hold several)."""
    shown = change_text(delta, points="pts", brief=brief)
    verdict = verdict_of(delta)
    if not shown:
        return "–"
    if verdict == "same":
        return "="
    if verdict == "better":
        return f"{shown} better"
    return f"{shown} **worse**" if verdict == "worse" else shown


def _count_text(findings: Sequence[Finding]) -> str:
    """``2 error, 1 warning``."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    parts = [f"{counts[s]} {s}" for s in ("error", "warning", "info") if s in counts]
    return ", ".join(parts) or "none"


def _title_line(report: Report) -> str:
    """``model.onnx: TensorRT 8.5.1 on NVIDIA A100, build passed``."""
    header = report.header
    facts = []
    if header.tensorrt_version:
        facts.append(f"TensorRT {header.tensorrt_version}")
    if header.device_name:
        facts.append(f"on {header.device_name}")
    status = header.status or header.log_end
    return f"{code(header.title)}: {text(' '.join(facts)) or 'TensorRT build'}, {text(status)}"


def _single(report: Report) -> list[str]:
    """The summary of one build."""
    lines = ["### TensorRT build report", "", _title_line(report), ""]
    lines += ["| | |", "|---|---|"]
    before = report.stages[0].layers if report.stages else None
    layers = f"{before} → {len(report.layers)}" if before is not None else str(len(report.layers))
    lines.append(f"| Engine layers (before → after optimization) | {layers} |")
    summary = report.summary
    if summary is not None and summary.compute_layers:
        share = f"{summary.int8_compute_share * 100:.1f} %"
        lines.append(
            f"| Compute layers in INT8 | {share} ({summary.int8_compute_layers} of "
            f"{summary.compute_layers}) |"
        )
        if summary.int8_time_share is not None:
            lines.append(f"| Profiled time in INT8 | {summary.int8_time_share * 100:.1f} % |")
    if summary is not None:
        lines.append(
            f"| Reformat layers | {summary.reformats} ({summary.type_changing_reformats} "
            "type-changing) |"
        )
    lines.append(f"| Findings | {_count_text(report.findings)} |")
    figures = headline(report)
    gpu = [figures[k] for k in ("gpu_compute_mean", "gpu_compute_median", "gpu_compute_p99")]
    if any(v is not None for v in gpu):
        shown = " / ".join("–" if v is None else f"{v:.4g}" for v in gpu)
        lines.append(f"| GPU compute time (mean / median / p99) | {shown} ms |")
    if figures["throughput"] is not None:
        lines.append(f"| Throughput | {figures['throughput']:.4g} qps |")
    lines.append("")
    lines += _findings_list("Top findings", report.findings)
    return lines


def _findings_list(heading: str, findings: Sequence[Finding]) -> list[str]:
    """The first findings, most severe first, with a count of the rest."""
    if not findings:
        return []
    lines = [f"**{heading}**", ""]
    for finding in findings[:_TOP]:
        lines.append(f"- **{finding.severity}** {text(finding.title)}")
    if len(findings) > _TOP:
        lines.append(f"- … and {len(findings) - _TOP} more in the report")
    lines.append("")
    return lines


def _listed(heading: str, items: Sequence[str], *, top: int = _TOP) -> list[str]:
    """A bold heading with a count, then up to ``top`` items."""
    count = len(items)
    if not count:
        return []
    lines = [f"**{heading} ({count})**", ""]
    lines += [f"- {item}" for item in items[:top]]
    if count > top:
        lines.append(f"- … and {count - top} more in the report")
    lines.append("")
    return lines


def _comparison(report: Report, comparison: Comparison) -> list[str]:
    """The summary of a comparison of two builds."""
    base = comparison.baseline
    lines = ["### TensorRT build: changes since the baseline", ""]
    base_version = f" (TensorRT {text(base.tensorrt_version)})" if base.tensorrt_version else ""
    lines.append(f"Baseline {code(base.title)}{base_version} → {_title_line(report)}")
    lines.append("")
    if comparison.is_empty:
        lines += ["No change: the two builds give the same engine and figures.", ""]
        return lines + _findings_list(
            "Findings of this build (as in the baseline)", report.findings
        )
    summary = in_short(comparison)
    if summary:
        lines += [f"**In short:** {text(summary, 400)}", ""]
    lines += ["| | baseline | this build | change |", "|---|---:|---:|---:|"]
    same = []
    by_key = {delta.key: delta for delta in comparison.deltas}
    for delta in comparison.deltas:
        if delta.key in _FOLDED:
            continue
        if delta.base == delta.new and delta.key not in _ALWAYS_SHOWN:
            same.append(delta.label)
            continue
        lines.append(
            f"| {delta.label} | {figure_text(delta.base, delta.unit)} | "
            f"{figure_text(delta.new, delta.unit)} | {_change(delta)} |"
        )
    for label, keys in _FOLDED_ROWS:
        group = [by_key[key] for key in keys if key in by_key]
        if not group:
            continue
        if all(d.base == d.new for d in group):
            same.append(label)
            continue
        lines.append(
            f"| {label} | {' / '.join(figure_text(d.base, d.unit) for d in group)} | "
            f"{' / '.join(figure_text(d.new, d.unit) for d in group)} | "
            f"{' / '.join(_change(d, brief=True) for d in group)} |"
        )
    lines.append("")
    if same:
        lines += [f"Unchanged: {text(', '.join(same), 400)}.", ""]
    lines += _listed(
        "Build settings changed",
        [
            f"{text(c.section)} {code(c.key)}: {code(c.base or '–')} → {code(c.new or '–')}"
            for c in comparison.settings
        ],
    )
    lines += _listed(
        "ONNX nodes whose precision changed",
        [
            f"{code(c.node)} ({text(c.op_type or '?')}): {c.base} → **{c.new}**"
            for c in comparison.precision_changes
        ],
    )
    lines += _listed(
        "New findings",
        [f"**{f.severity}** {text(f.title)}" for f in comparison.findings_added],
    )
    lines += _listed(
        "Resolved findings",
        [f"~~{f.severity}~~ {text(f.title)}" for f in comparison.findings_resolved],
    )
    top = _findings_list("Top findings of this build", report.findings[:3])
    lines += [*top[:-1], *(["- … more in the report"] if len(report.findings) > 3 else []), ""]
    significant = [c for c in comparison.layers_changed if is_structural(c)]
    layer_lines = []
    if comparison.layers_added or comparison.layers_removed or significant:
        layer_lines.append(
            f"**Engine layers**: {len(comparison.layers_added)} added, "
            f"{len(comparison.layers_removed)} removed, {len(significant)} changed "
            f"({comparison.layers_paired} paired)"
        )
        layer_lines.append("")
        shown = 0
        for change in significant[:_TOP]:
            layer_lines.append(
                f"- changed {code(change.new.name)}: {text(', '.join(change.changes))}"
            )
            shown += 1
        for added in comparison.layers_added[: max(0, _TOP - shown)]:
            layer_lines.append(
                f"- added {code(added.layer.name)} ({text(added.layer.layer_type)}, "
                f"{added.layer.precision})"
            )
            shown += 1
        for removed in comparison.layers_removed[: max(0, _TOP - shown)]:
            layer_lines.append(
                f"- removed {code(removed.layer.name)} ({text(removed.layer.layer_type)}, "
                f"{removed.layer.precision})"
            )
        layer_lines.append("")
    lines += layer_lines
    lines += _listed(
        "Bindings changed",
        [
            f"{code(b.name)} ({b.direction}) {b.aspect}: {code(b.base or '–')} → "
            f"{code(b.new or '–')}"
            for b in comparison.binding_changes
        ],
    )
    lines += _listed(
        "Layers that got slower",
        [
            f"{code(t.new.name)}: {t.base_ms:.4g} → {t.new_ms:.4g} ms "
            f"({t.new_ms - t.base_ms:+.4g} ms)"
            for t in comparison.time_regressions
        ],
        top=3,
    )
    if comparison.pass_activity:
        parts = [
            f"{code(p.pass_name) if p.pass_name.strip() else 'outside a named pass'} "
            f"{p.base} → {p.new}"
            for p in comparison.pass_activity[:_TOP]
        ]
        more = len(comparison.pass_activity) - _TOP
        lines += [
            f"**Pass activity**: {', '.join(parts)}" + (f", and {more} more" if more > 0 else ""),
            "",
        ]
    for note in comparison.notes[:2]:
        lines += [f"_{text(note, 300)}_", ""]
    return lines


def render_markdown(report: Report) -> str:
    """The Markdown summary of ``report`` (a comparison when it has one), ending in a newline."""
    lines = _single(report) if report.comparison is None else _comparison(report, report.comparison)
    lines.append("_Made by trtreport: the attached HTML report has the details._")
    return "\n".join(_fit(lines)) + "\n"


def _fit(lines: list[str]) -> list[str]:
    """Cut a summary that grew past :data:`MAX_LINES`; the last line, the signature, stays."""
    body, signature = lines[:-1], lines[-1]
    while body and body[-1] == "":
        body.pop()
    if len(body) + 2 <= MAX_LINES:
        return [*body, "", signature]
    body = body[: MAX_LINES - 3]
    headings = [i for i, line in enumerate(body) if line.startswith("**") and i > 0]
    if headings:  # end before the block the cut runs through, not under its heading
        body = body[: headings[-1]]
    while body and body[-1] == "":
        body.pop()
    return [*body, "", f"_… cut to fit a comment. {signature.strip('_')}_"]
