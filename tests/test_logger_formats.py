"""The logger formats' table (:data:`trtreport.logparse.prefix.FORMATS`): every row's example
lines split as the row says, and no row tried before it takes them; the parser's fixed-offset
fast paths agree with the table."""

from __future__ import annotations

import pytest

from trtreport.logparse import prefix
from trtreport.logparse.prefix import FORMATS, LoggerFormat, split_prefix


def group_of(logger: LoggerFormat) -> tuple[LoggerFormat, ...]:
    """The group of formats :func:`split_prefix` tries together with ``logger``."""
    for group in (prefix.BRACKETED_FORMATS, prefix.WORDY_FORMATS, prefix.STAMPED_FORMATS):
        if logger in group:
            return group
    raise AssertionError(logger.name)


@pytest.mark.parametrize("logger", FORMATS, ids=lambda logger: logger.name)
def test_every_example_splits_as_its_format_says(logger: LoggerFormat) -> None:
    """GIVEN a format's example lines THEN its regex matches each, no format tried before it
    in its group does, and :func:`split_prefix` gives the row's split."""
    assert logger.examples
    group = group_of(logger)
    for line, expected in logger.examples:
        assert logger.pattern.match(line) is not None, line
        for earlier in group[: group.index(logger)]:
            assert earlier.pattern.match(line) is None, (line, earlier.name)
        assert split_prefix(line) == expected, line


def test_format_names_are_unique() -> None:
    """GIVEN the table THEN each format has its own name."""
    assert len({logger.name for logger in FORMATS}) == len(FORMATS)


def test_the_fixed_offsets_agree_with_the_formats() -> None:
    """GIVEN the fast paths' tags (text after the fixed-width timestamp) THEN a line with them
    splits, through the formats, into what the fast path reads: the same severity, and the
    message at the same offset."""
    assert prefix.VERBOSE_TRT_TAGS == ("] [V] [TRT] ", "] [TRT] [V] ")
    assert prefix.TIME_END == 20 and prefix.MESSAGE_AT == 32
    for tags, split in prefix.FIXED_TAGS.items():
        line = "[12/04/2026-10:00:00" + tags + "Original: 2 layers"
        assert split_prefix(line) == split._replace(
            timestamp="12/04/2026-10:00:00", message="Original: 2 layers"
        )
        assert line[prefix.TIME_END + len(tags) :] == "Original: 2 layers"
