"""The rule catalogue: every rule of the log parser comes with real example lines, each example
is read by its own rule and by no rule tried before it, and ``docs/log-rules.md`` is the
catalogue generated from the rules (regenerate with ``TRTREPORT_REGEN_GOLDEN=1``)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from trtreport.logparse import rules
from trtreport.logparse.rules import (
    BARE_RULES,
    MESSAGE_RULES,
    MODE_RULES,
    Rule,
    application,
    autotuning,
    endings,
    engine,
    header,
    index_rules,
    inference,
    messages,
    onnx,
    optimizer,
    placement,
)
from trtreport.logparse.state import LogState

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "docs" / "log-rules.md"

TABLES: dict[str, tuple[Rule, ...]] = {
    "message": MESSAGE_RULES,
    "bare": BARE_RULES,
    **{f"mode {mode.value}": table for mode, table in MODE_RULES.items()},
}


SECTIONS = (header, onnx, optimizer, placement, autotuning, engine, inference, endings, application)
"""The section modules, in the catalogue's order (a run's order)."""

HEADER = """\
# Log line kinds

Every kind of line the log parser (`src/trtreport/logparse/`) knows, with the real example lines
each rule is written for. **This file is generated** from the rules themselves by
`tests/test_rule_catalogue.py`; do not edit it. Regenerate it with

    TRTREPORT_REGEN_GOLDEN=1 python -m pytest tests/test_rule_catalogue.py

The same test checks that every example is read by its own rule and by no rule the parser tries
before it.

## Where is a line handled?

Find the line's kind below: its section names the module that holds the rule (its prefilter, its
regex, its handler and its fast path, if it has one). Examples are messages with the logger
prefix (`[12/04/2026-10:00:00] [V] [TRT] `, `[TRT] [V] `, `[TensorRT] VERBOSE: `, ...) taken off,
as `src/trtreport/logparse/prefix.py` splits it; bare lines (no prefix) are shown whole.

- *message* rules read a prefixed line's message; the parser tries those filed under the
  message's first word (or first character), in table order, then the *needle* rules (no fixed
  start: tried where their needle occurs), in table order.
- *block* rules read the lines of a multi-line block (the performance summary, the profile
  table, ...), and only there.
- *bare* rules read lines without a logger prefix.
- *fast*: the rule also has a fast handler for the hot path (`str` tests instead of the regex;
  the parser's `fast_paths` option turns the fast paths off, and tests check that the model
  stays the same).

## Adding a line kind

1. In the section's module under `src/trtreport/logparse/rules/`, write the handler
   `(state, match, line) -> bool` (return `False` to let the next rule try) and the rule:
   `NAME = rule("kind-name", "Prefix ", r"regex with (?P<named>groups)", handler,
   examples=("a real line, prefix off",))` (or `needle_rule(...)` for a message that starts
   with a layer name).
2. Put `module.NAME` into `MESSAGE_RULES`, `MODE_RULES` or `BARE_RULES` in
   `src/trtreport/logparse/rules/__init__.py`, before any rule that would take its lines.
3. Regenerate this file (above) and add a test of what the handler records.
"""


def _code(text: str) -> str:
    """``text`` as a Markdown code span (blanks kept visible)."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _rules_of(module: object) -> list[Rule]:
    """The rules a section module defines, in their order in the module."""
    return [value for value in vars(module).values() if isinstance(value, Rule)]


def catalogue_markdown() -> str:
    """The catalogue of line kinds, generated from the rules (``docs/log-rules.md``)."""
    where: dict[str, str] = {}
    for table, found in TABLES.items():
        for rule in found:
            where[rule.name] = table
    out = [HEADER]
    for module in SECTIONS:
        path = module.__name__.replace(".", "/")
        title = (module.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        out.append(f"\n## {module.__name__.rsplit('.', 1)[1]}: `src/{path}.py`\n\n{title}\n")
        for rule in _rules_of(module):
            table = where.get(rule.name, "not in a table")
            kind = "needle" if rule.needle else table
            fast = ", fast" if rule.fast is not None else ""
            out.append(f"\n### `{rule.name}` ({kind}{fast})\n\n")
            if rule.needle:
                out.append(f"- needle: {_code(rule.needle)}\n")
            elif rule.prefix:
                out.append(f"- starts with: {', '.join(_code(p) for p in rule.prefix)}\n")
            for example in rule.examples:
                out.append(f"- example: {_code(example)}\n")
            if rule.note:
                out.append(f"- also: {' '.join(rule.note.split())}\n")
    path = messages.__name__.replace(".", "/")
    out.append(
        f"\n## messages: `src/{path}.py`\n\nWarning, error and fatal messages "
        "(`[W]`, `[E]`, `[F]`): each is kept, and every one of these rules that matches it "
        "applies, in this order.\n"
    )
    for kind in messages.MESSAGE_KINDS:
        out.append(f"\n### `{kind.name}` ({', '.join(kind.severities)})\n\n")
        for example in kind.examples:
            out.append(f"- example: {_code(example)}\n")
        if kind.note:
            out.append(f"- meaning: {' '.join(kind.note.split())}\n")
    out.append("\n## Order of the tables\n")
    for table, found in TABLES.items():
        out.append(f"\n{table}: {', '.join(_code(rule.name) for rule in found)}\n")
    return "".join(out)


def all_rules() -> list[tuple[str, Rule]]:
    """Every rule with the name of its table."""
    return [(table, rule) for table, found in TABLES.items() for rule in found]


def matches(rule: Rule, text: str) -> re.Match[str] | None:
    """The rule's match of ``text`` as the parser tries it (prefilter first, needle rules at
    their needle)."""
    if rule.needle:
        position = text.find(rule.needle)
        return None if position < 0 else rule.pattern.match(text, position)
    if rule.prefix and not text.startswith(rule.prefix):
        return None
    return rule.pattern.match(text)


def tried_before(table: str, own: Rule, text: str) -> list[Rule]:
    """The rules the parser tries on ``text`` before ``own``, in order: for the message and bare
    tables those filed under the text's first word, then its first character, then the rules
    without a prefix (:func:`~trtreport.logparse.rules.index_rules`); for a block, the block's
    rules in order."""
    if table.startswith("mode "):
        found = TABLES[table]
        return list(found[: found.index(own)])
    by_word, by_char, others = index_rules(TABLES[table])
    space = text.find(" ")
    order = [
        *by_word.get(text[:space] if space >= 0 else text, ()),
        *by_char.get(text[:1], ()),
        *others,
    ]
    return order[: order.index(own)] if own in order else order


@pytest.mark.parametrize(
    ("table", "rule"), all_rules(), ids=lambda item: getattr(item, "name", item)
)
def test_every_rule_has_an_example(table: str, rule: Rule) -> None:
    """GIVEN a rule THEN it names at least one real example line."""
    assert rule.examples, rule.name
    assert all(example for example in rule.examples), rule.name


@pytest.mark.parametrize(
    ("table", "rule"), all_rules(), ids=lambda item: getattr(item, "name", item)
)
def test_every_example_is_read_by_its_own_rule_first(table: str, rule: Rule) -> None:
    """GIVEN each example of a rule THEN the rule's prefilter and regex take it, and no rule
    tried before it in the same table takes it (its regex matches and its handler, on a fresh
    parse, accepts it)."""
    for example in rule.examples:
        assert matches(rule, example) is not None, (rule.name, example)
        for earlier in tried_before(table, rule, example):
            match = matches(earlier, example)
            if match is None:
                continue
            assert not earlier.handler(LogState("t.log"), match, 1), (
                f"{example!r} of {rule.name} is taken by {earlier.name}, tried before it"
            )


@pytest.mark.parametrize("kind", messages.MESSAGE_KINDS, ids=lambda kind: kind.name)
def test_every_message_rule_reads_its_examples(kind: messages.MessageRule) -> None:
    """GIVEN a message rule THEN it has real examples, and each is of its kind."""
    assert kind.examples
    for example in kind.examples:
        assert kind.name in messages.message_kinds(kind.severities[0], example), example


def test_rule_names_are_unique() -> None:
    """GIVEN all tables THEN no two rules share a name (the catalogue lists each once)."""
    names = [rule.name for _, rule in all_rules()] + [k.name for k in messages.MESSAGE_KINDS]
    assert len(names) == len(set(names))


def test_the_catalogue_is_generated_from_the_rules() -> None:
    """GIVEN the rules THEN ``docs/log-rules.md`` is what :func:`catalogue_markdown` writes
    (``TRTREPORT_REGEN_GOLDEN=1`` rewrites it)."""
    text = catalogue_markdown()
    if os.environ.get("TRTREPORT_REGEN_GOLDEN"):
        CATALOGUE.write_text(text, encoding="utf-8", newline="\n")
    assert CATALOGUE.read_text(encoding="utf-8") == text, (
        "docs/log-rules.md is stale: regenerate it with TRTREPORT_REGEN_GOLDEN=1 "
        "python -m pytest tests/test_rule_catalogue.py"
    )
    for _, rule in all_rules():
        assert f"`{rule.name}`" in text
    assert rules.__doc__ is not None


@pytest.mark.parametrize(
    "rule", [rule for _, rule in all_rules() if rule.bulk], ids=lambda rule: rule.name
)
def test_bulk_patterns_read_the_rules_examples(rule: Rule) -> None:
    """GIVEN a rule the bulk autotuning reader also reads THEN its bulk pattern, as the reader
    assembles it, matches each of the rule's examples on a verbose trtexec line."""
    from trtreport.logparse.rules.base import bulk_alternative

    pattern = re.compile(r"\[12/04/2026-10:00:00\] \[V\] \[TRT\] " + bulk_alternative(rule) + "\n")
    for example in rule.examples:
        assert pattern.match(f"[12/04/2026-10:00:00] [V] [TRT] {example}\n"), example
