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


class Interrupted(BaseException):
    """A signal (Ctrl-C's SIGINT, SIGTERM, SIGHUP) asked the run to stop.

    A ``BaseException``, like :class:`KeyboardInterrupt`, so that no ``except Exception``
    between the signal and the command's end can mistake it for a failure of its own.
    """

    def __init__(self, signum: int, name: str) -> None:
        self.signum = signum
        self.name = name
        super().__init__(name)


_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Characters that reorder the text around them (a name could make a message read backwards)."""


def _escaped(char: str) -> str:
    """One character as the terminal may show it: control, bidi and line-breaking characters
    escaped, a lone surrogate (a byte of a non-UTF-8 file name or argument) as U+FFFD."""
    import unicodedata  # here: this module is imported as the command starts, keep that light

    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    if char in _BIDI_CONTROLS or (not char.isprintable() and unicodedata.category(char) != "Zs"):
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return char


def printable(text: str) -> str:
    """``text`` safe to print on one terminal line: C0 and C1 controls, DEL, bidi overrides and
    line separators shown as ``\\x1b``-style escapes (so a name from a model can neither forge
    output, set the terminal's title, clear the screen nor break the line), and the bytes of a
    non-UTF-8 name as replacement characters.

    >>> printable("p\\x1b]0;PWNED\\x07 \\u202eevil\\nline \\udcff")
    'p\\\\x1b]0;PWNED\\\\x07 \\\\u202eevil\\\\x0aline \\ufffd'
    """
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        _escaped(char) if char in _BIDI_CONTROLS or not char.isprintable() else char
        for char in text
    )
