"""Evidence: the log lines a finding rests on, with a few lines of context, kept in the model
so that a reviewer can check a claim without the log at hand.

The log is read once by the parser, before any finding exists; the CLI reads it a second time
for the lines :func:`wanted_lines` names (only up to the last of them) and hands them to
:func:`attach_evidence`. A log read from standard input cannot be read again: its findings
keep their line numbers only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from trtreport.model import Finding, LineSample, Report

CONTEXT_LINES = 2
"""Lines shown before and after each cited line."""
CITED_LINES = 6
"""Cited lines of a card that get their context embedded."""
PART_CITED_LINES = 2
"""Cited lines of each of a card's parts that get their context embedded."""
PARTS_WITH_EVIDENCE = 50
"""A card's parts (most costly first) that get evidence: a card of hundreds keeps its size."""
MAX_LINE_CHARS = 400
"""An embedded line is cut to this many characters."""


def _cited(
    finding: Finding, primary: frozenset[int] = frozenset(), limit: int = CITED_LINES
) -> list[int]:
    """The lines of a finding whose text is embedded: the first few of those that say most
    (``primary``: engine layer lines, warnings, errors), or, when it cites none of those, of
    the others (pass events)."""
    lines = [line for line in finding.lines if line > 0]
    first = [line for line in lines if line in primary]
    return (first or lines)[:limit]


def primary_lines(report: Report) -> frozenset[int]:
    """Lines that state a finding's facts most directly: the engine layer lines, the
    warnings and errors, the lines that show how the build ended."""
    lines = {layer.log_line for layer in report.layers if layer.log_line}
    lines.update(n for group in report.messages for n in group.lines)
    lines.update(sample.line for sample in (*report.warnings, *report.errors))
    lines.update(sample.line for sample in report.reformats_added)
    if report.header.end_line:
        lines.add(report.header.end_line)
    for sample in (report.last_combination, report.last_runner, report.last_tactic):
        if sample is not None:
            lines.add(sample.line)
    return frozenset(lines)


def _all(findings: Iterable[Finding], limit: int = CITED_LINES) -> Iterable[tuple[Finding, int]]:
    """Findings and, recursively, the parts that get evidence, with their cited-line limit."""
    for finding in findings:
        yield finding, limit
        yield from _all(finding.parts[:PARTS_WITH_EVIDENCE], PART_CITED_LINES)


def _numbers(finding: Finding, primary: frozenset[int], limit: int) -> set[int]:
    """The line numbers a finding's evidence shows: its cited lines and their context."""
    numbers: set[int] = set()
    for line in _cited(finding, primary, limit):
        numbers.update(range(max(1, line - CONTEXT_LINES), line + CONTEXT_LINES + 1))
    return numbers


def wanted_lines(report: Report) -> set[int]:
    """Every log line whose text the findings' evidence needs (cited lines and context)."""
    primary = primary_lines(report)
    wanted: set[int] = set()
    for finding, limit in _all(report.findings):
        wanted |= _numbers(finding, primary, limit)
    return wanted


def _with_evidence(
    finding: Finding, text: Mapping[int, str], primary: frozenset[int], limit: int = CITED_LINES
) -> Finding:
    """A finding (and its first parts) with the text of its cited lines and their context."""
    numbers = _numbers(finding, primary, limit)
    samples = tuple(LineSample(n, text[n][:MAX_LINE_CHARS]) for n in sorted(numbers) if n in text)
    parts = tuple(
        _with_evidence(part, text, primary, PART_CITED_LINES) if i < PARTS_WITH_EVIDENCE else part
        for i, part in enumerate(finding.parts)
    )
    return replace(finding, evidence=samples, parts=parts)


def attach_evidence(report: Report, text: Mapping[int, str]) -> Report:
    """The report with each finding's evidence filled from ``text`` (line number → line)."""
    if not text:
        return report
    primary = primary_lines(report)
    return replace(
        report, findings=tuple(_with_evidence(f, text, primary) for f in report.findings)
    )
