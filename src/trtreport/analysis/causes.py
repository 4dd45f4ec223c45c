"""Root causes: the rules' findings folded into one card per cause, and the cards' order.

The Q/DQ rules look at one layer or one island at a time, so one cause shows as many
symptoms: a float island, the QuantizeLinear nodes after it that stay separate Reformats
(nothing INT8 to fold into), the residual Adds that take its float output, and the
Reformats those force. :func:`root_causes` makes the island's finding the card and moves the
symptoms inside it as :attr:`~trtreport.model.Finding.parts`; residual Adds with an
unquantized branch and standalone Q/DQ that no island explains are each gathered into one
card of their kind. A card's cost (layers, profiled time) covers its parts, and cards are
sorted most severe first, then most costly.

A finding's identity (:attr:`~trtreport.model.Finding.id`) is made where it is built (see
:func:`~trtreport.analysis.context.finding_id`): grouping never changes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from trtreport.analysis.context import (
    SEVERITIES,
    Context,
    _finding,
    _listing,
    cost_key,
    layer_cost,
    short_name,
)
from trtreport.analysis.qdq import layout_reformat_card, type_reformat_card
from trtreport.model import EngineLayer, Finding, Report

_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}
_SYMPTOMS = frozenset({"unfused-qdq", "int8-float-io"})
"""Rules whose findings can be symptoms of a float island."""


def _worst(severities: Iterable[str]) -> str:
    """The most severe of some severities."""
    return min(severities, key=lambda s: _RANK.get(s, len(_RANK)), default="info")


def _with_parts(
    ctx: Context, card: Finding, parts: Sequence[Finding], severity: str | None = None
) -> Finding:
    """The card with ``parts`` added inside, its cost, layers and lines widened to them."""
    if not parts:
        return card
    ordered = sorted([*card.parts, *parts], key=cost_key)
    ids = tuple(dict.fromkeys([*card.cost_ids, *(i for p in ordered for i in p.cost_ids)]))
    count, ms, share = layer_cost(ctx.by_id[i] for i in ids if i in ctx.by_id)
    return replace(
        card,
        severity=severity or _worst([card.severity, *(p.severity for p in parts)]),
        parts=tuple(ordered),
        layer_ids=tuple(dict.fromkeys([*card.layer_ids, *(i for p in parts for i in p.layer_ids)])),
        lines=tuple(sorted({*card.lines, *(n for p in parts for n in p.lines)})),
        tensors=tuple(dict.fromkeys([*card.tensors, *(t for p in parts for t in p.tensors)])),
        cost_ids=ids,
        cost_layers=count,
        cost_ms=ms,
        cost_share=share,
    )


def _island_index(ctx: Context, ids: Iterable[str]) -> int | None:
    """The island the first of ``ids`` that lies in one belongs to."""
    for layer_id in ids:
        if layer_id in ctx.island_of:
            return ctx.island_of[layer_id]
    return None


def _touches(ctx: Context, layer: EngineLayer, members: set[str]) -> bool:
    """Whether a layer reads from or writes to one of ``members``."""
    if any(ctx.producer.get(t.name, "") in members for t in layer.inputs):
        return True
    return any(c in members for t in layer.outputs for c in ctx.consumers.get(t.name, ()))


def root_causes(report: Report, ctx: Context, findings: Sequence[Finding]) -> list[Finding]:
    """Fold symptoms into the card of their cause (see the module docstring)."""
    if not ctx.is_qdq:
        return list(findings)
    island_cards: dict[int, Finding] = {}
    for finding in findings:
        if finding.rule == "precision-island" and finding.layer_ids:
            index = _island_index(ctx, finding.layer_ids)
            if index is not None:
                island_cards.setdefault(index, finding)
    attached: dict[int, list[Finding]] = {}
    residuals: list[Finding] = []
    unfused: list[Finding] = []
    rest: list[Finding] = []
    reformat_cards: list[Finding] = []
    for finding in findings:
        if finding.rule == "precision-island" and finding in island_cards.values():
            continue
        if finding.rule in ("type-reformat", "layout-reformat") and finding.parts:
            reformat_cards.append(finding)
            continue
        if finding.rule in _SYMPTOMS and finding.severity != "info":
            index = _island_index(ctx, finding.layer_ids)
            if index is not None and index in island_cards:
                attached.setdefault(index, []).append(finding)
                continue
            if finding.rule == "int8-float-io" and finding.title.startswith("Residual "):
                residuals.append(finding)
                continue
            if finding.rule == "unfused-qdq":
                unfused.append(finding)
                continue
        rest.append(finding)
    # An unfused Q/DQ whose cause is an INT8 layer taking a float residual branch joins that
    # layer's finding, or the island card that holds it (the branch comes from the island).
    residual_layers = {f.layer_ids[0]: f for f in residuals if f.layer_ids}
    island_hosts = {
        part.layer_ids[0]: index
        for index, held in attached.items()
        for part in held
        if part.rule == "int8-float-io" and part.layer_ids
    }
    by_residual: dict[str, list[Finding]] = {}
    lone: list[Finding] = []
    for finding in unfused:
        host = next((i for i in finding.layer_ids[1:] if i in residual_layers), None)
        island = next((island_hosts[i] for i in finding.layer_ids[1:] if i in island_hosts), None)
        if host is not None:
            by_residual.setdefault(host, []).append(finding)
        elif island is not None:
            attached[island].append(finding)
        else:
            lone.append(finding)
    residuals = [
        _with_parts(ctx, f, by_residual.get(f.layer_ids[0], [])) if f.layer_ids else f
        for f in residuals
    ]
    # A Reformat next to an island, or to a standalone Q/DQ a card holds, belongs to that card
    # (the layout Reformats after a Q that stayed a Reformat exist because of it).
    groups: list[tuple[str, int, set[str]]] = [
        (
            "island",
            index,
            {*ctx.islands[index], *(i for p in attached.get(index, []) for i in p.cost_ids)},
        )
        for index in island_cards
    ]
    groups += [("residual", i, set(f.cost_ids)) for i, f in enumerate(residuals)]
    groups += [("lone", i, set(f.cost_ids)) for i, f in enumerate(lone)]
    moved: dict[tuple[str, int], list[Finding]] = {}
    left: dict[str, list[EngineLayer]] = {"type-reformat": [], "layout-reformat": []}
    for card in reformat_cards:
        for part in card.parts:
            layer = ctx.by_id.get(part.layer_ids[0]) if part.layer_ids else None
            if layer is None:
                continue
            home = next((g[:2] for g in groups if _touches(ctx, layer, g[2])), None)
            if home is None:
                left[card.rule].append(layer)
            else:
                moved.setdefault(home, []).append(replace(part, severity="warning"))
    cards = list(rest)
    for index, card in island_cards.items():
        parts = [*attached.get(index, []), *moved.get(("island", index), [])]
        cards.append(_island_card(ctx, card, parts))
    if left["type-reformat"]:
        cards.append(type_reformat_card(report, ctx, left["type-reformat"]))
    if left["layout-reformat"]:
        cards.append(layout_reformat_card(report, ctx, left["layout-reformat"]))
    residuals = [
        _with_parts(ctx, f, moved.get(("residual", i), [])) for i, f in enumerate(residuals)
    ]
    lone = [_with_parts(ctx, f, moved.get(("lone", i), [])) for i, f in enumerate(lone)]
    cards.extend(_gathered(report, ctx, residuals, _residual_card))
    cards.extend(_gathered(report, ctx, lone, _unfused_card))
    return cards


def _island_card(ctx: Context, card: Finding, parts: Sequence[Finding]) -> Finding:
    """An island's card holding the symptoms it causes."""
    if not parts:
        return card
    counts: dict[str, int] = {}
    for part in parts:
        counts[part.rule] = counts.get(part.rule, 0) + 1
    said = {
        "unfused-qdq": ("Q/DQ left as a separate layer", "Q/DQ left as separate layers"),
        "int8-float-io": (
            "INT8 layer reading or writing its float tensors",
            "INT8 layers reading or writing its float tensors",
        ),
        "type-reformat": ("type-changing Reformat", "type-changing Reformats"),
        "layout-reformat": ("layout Reformat", "layout Reformats"),
    }
    summary = _listing(
        [
            f"{n} {said.get(rule, (rule, rule))[0 if n == 1 else 1]}"
            for rule, n in sorted(counts.items())
        ],
        6,
    )
    fix = card.fix
    severity = None
    if card.severity == "info":
        severity = "warning"
        fix = (
            "Quantize this region (a QuantizeLinear/DequantizeLinear pair on its input, and on "
            "the weights of its convolutions): the symptoms listed inside then go away. If it "
            "stays in float on purpose, that is what it costs."
        )
    widened = replace(
        card,
        explanation=f"{card.explanation} This one cause also gives {summary} (listed inside).",
        fix=fix,
    )
    return _with_parts(ctx, widened, [_as_symptom(part) for part in parts], severity)


def _as_symptom(part: Finding) -> Finding:
    """A Q/DQ left unfused by an island, inside the island's card: the card's fix is its fix
    (its own would send the reader to the island's finding, or to a Q/DQ the card's cause
    makes needless)."""
    if part.rule != "unfused-qdq":
        return part
    return replace(
        part,
        explanation=part.explanation.replace("(see the precision-island finding)", "(this card)"),
        fix="",
    )


def _gathered(
    report: Report,
    ctx: Context,
    findings: Sequence[Finding],
    make: Callable[[Report, Context, Sequence[Finding]], Finding],
) -> list[Finding]:
    """Findings of one kind in one card when there are several; one stays as it is."""
    return [make(report, ctx, findings)] if len(findings) > 1 else list(findings)


def _residual_card(report: Report, ctx: Context, findings: Sequence[Finding]) -> Finding:
    """One card for every residual Add that takes an unquantized branch."""
    names = [f.title.removeprefix("Residual ").split(" in ", 1)[0] for f in findings]
    card = _finding(
        report,
        ctx,
        "int8-float-io",
        _worst(f.severity for f in findings),
        f"{len(findings)} residual Adds take an unquantized branch: {_listing(names, 3)}",
        "These INT8 layers add a float branch that carries no Q/DQ, so the Add runs on "
        "converted data and the layer writes float; the QuantizeLinear after it then stays a "
        f"separate layer: {_listing(names, 8)}.",
        "Quantize every residual branch: a QuantizeLinear/DequantizeLinear pair on the second "
        "input of each Add, with the scale of the branch it joins (the parts name each "
        "tensor); the Adds then run and write INT8.",
        [],
        subject=["residual-branches"],
    )
    return _with_parts(ctx, card, findings)


def _unfused_card(report: Report, ctx: Context, findings: Sequence[Finding]) -> Finding:
    """One card for the standalone Q/DQ layers no other card explains."""
    names = [short_name(ctx.by_id[f.layer_ids[0]].name) for f in findings if f.layer_ids]
    card = _finding(
        report,
        ctx,
        "unfused-qdq",
        _worst(f.severity for f in findings),
        f"{len(findings)} Q/DQ nodes stayed separate layers: {_listing(names, 3)}",
        "Each is an extra pass over its tensor; why each one could not be fused, and the "
        "change that fuses it, is given inside.",
        "Apply the change each part gives (most costly first).",
        [],
        subject=["standalone-qdq"],
    )
    return _with_parts(ctx, card, findings)


def unique_ids(findings: Sequence[Finding]) -> list[Finding]:
    """The findings with ids made unique in order: a repeat gets ``~2``, ``~3`` (two cards
    can share a subject only when one rule finds two things about the same names)."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        seen[finding.id] = seen.get(finding.id, 0) + 1
        count = seen[finding.id]
        out.append(finding if count == 1 else replace(finding, id=f"{finding.id}~{count}"))
    return out


def sort_findings(findings: Iterable[Finding], by_id: Mapping[str, EngineLayer]) -> list[Finding]:
    """Most severe first, then most costly (profiled time, then layers), then by the engine
    index of the first layer, rule and title; findings that name no layer come last within
    their cost."""

    def key(finding: Finding) -> tuple[int, float, int, int, str, str]:
        known = [by_id[i].index for i in finding.layer_ids if i in by_id]
        first = known[0] if known else len(by_id) + 1
        return (
            _RANK.get(finding.severity, len(_RANK)),
            -(finding.cost_ms or 0.0),
            -finding.cost_layers,
            first,
            finding.rule,
            finding.title,
        )

    return sorted(findings, key=key)
