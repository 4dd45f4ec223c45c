"""Turning input text into numbers, with bounds, and overflow-safe statistics.

Every figure in a log or a JSON file is text a user (or a fuzzer, or a corrupt file) controls.
Python's ``int("9" * 5000)`` raises ``ValueError`` (its limit on integer string conversion),
``float(10 ** 400)`` raises ``OverflowError``, and ``math.fsum`` of huge finite values raises
``OverflowError`` too. Every place that turns input text into a number or an index goes
through the functions here, which never raise: a figure longer than :data:`MAX_DIGITS` digits
(or not finite) is not a number, and the caller keeps the text or reports the line as
malformed.

>>> parse_int("8510"), parse_int("-3"), parse_int("9" * 500), parse_int("0x1f", 16)
(8510, -3, None, 31)
>>> parse_float("1.5e3"), parse_float("1e999"), parse_float("nan")
(1500.0, None, None)
>>> mean([1.7e308, 1.7e308])
1.7e+308
"""

from __future__ import annotations

import math
from collections.abc import Sequence

MAX_DIGITS = 40
"""The most digits a figure may have to be read as a number (an unsigned 64-bit value has 20;
a tactic printed in hex, 16). Anything longer is kept as text, or reported as malformed."""

MAX_FLOAT_CHARS = 400
"""The longest text read as a floating-point figure (``0.000...1`` may be written out long)."""


def parse_int(text: str, base: int = 10) -> int | None:
    """``text`` (blanks around it, a sign, a ``0x`` prefix in base 16 allowed) as an integer,
    or ``None`` when it is not one or has more than :data:`MAX_DIGITS` digits."""
    text = text.strip()
    digits = text[1:] if text[:1] in "+-" else text
    if base == 16 and digits[:2] in ("0x", "0X"):
        digits = digits[2:]
    if len(digits) > MAX_DIGITS:
        return None
    try:
        return int(text, base)
    except ValueError:
        return None


def parse_float(text: str) -> float | None:
    """``text`` as a finite float, or ``None`` when it is not one (or is absurdly long)."""
    text = text.strip()
    if len(text) > MAX_FLOAT_CHARS:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def as_float(value: int | float) -> float | None:
    """A parsed JSON number as a finite float, or ``None`` (an integer too large for a float,
    an infinity, NaN)."""
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def mean(values: Sequence[float]) -> float:
    """The mean of finite ``values``, exact where :func:`math.fsum` can be, and finite even
    when their sum is not (``fsum`` raises on an intermediate overflow: each value is then
    divided by the count first)."""
    try:
        return math.fsum(values) / len(values)
    except OverflowError:
        n = len(values)
        return math.fsum(value / n for value in values)


def midpoint(a: float, b: float) -> float:
    """``(a + b) / 2`` without overflowing when both are huge."""
    half = a / 2.0 + b / 2.0
    return half if math.isfinite(half) else (a + b) / 2.0
