"""The one exception hierarchy of trtreport.

Every error a user can cause carries the file it is about and, where it applies, the line
(or byte offset) in that file. The CLI turns :class:`InputError` and :class:`OutputError`
into a one-line message and exit status 1; nothing else in the package prints or exits.
"""

from __future__ import annotations


class TrtreportError(Exception):
    """Base class of every error trtreport raises on purpose."""


class InputError(TrtreportError):
    """An input file is missing, unreadable, of the wrong kind or structurally broken."""

    def __init__(
        self,
        source: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        offset: int | None = None,
    ) -> None:
        self.source = source
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """Render as ``file:line:column: message`` (the parts that are known)."""
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        elif self.offset is not None:
            where += f" (byte {self.offset})"
        text = " ".join(self.message.split())
        return f"{where}: {text}"


class MismatchError(InputError):
    """Two inputs do not describe the same build (e.g. a layer file from another engine)."""


class OutputError(TrtreportError):
    """An output cannot be written (unwritable path, or a path that is one of the inputs)."""

    def __init__(self, target: str, message: str) -> None:
        self.target = target
        self.message = message
        super().__init__(f"{target}: {message}")
