"""Turn an input's raw bytes into text lines, whatever the shell that wrote it did to them.

Real logs arrive gzip-compressed from CI artifacts, as UTF-16 with a BOM from PowerShell's
``>``, with CRLF line ends from Windows, with stray non-UTF-8 bytes from a plugin's ``printf``,
and with NUL padding where a crashed process left its buffer. None of that may stop a report.
The functions here take an already-open binary stream (only the CLI opens files), hash the
bytes as they pass (for the report's archive record), and yield one ``str`` per physical line,
without its terminator, so that line numbers stay those of the file.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import queue
import threading
import zlib
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from trtreport.errors import InputError

ByteSource = BinaryIO | io.RawIOBase
"""An open binary input: a file, stdin's buffer, or a :class:`HashingReader` around one."""

MAX_LINE_CHARS = 1 << 20
"""A line longer than this (1 Mi characters) is cut; the rest up to its newline is skipped."""

MAX_NUL_RUN = 64 << 20
"""A log holding more NUL bytes than this (64 MiB) in a row is refused: it is no text (a
device such as ``/dev/zero``, a disk image), and would otherwise be read for ever."""

MAX_JSON_BYTES = 256 << 20
"""A JSON input (after decompression) larger than this (256 MiB) is refused: trtexec's exports
of the largest engines are tens of MB, and a stream that does not end is stopped here."""

MAX_GZIP_RATIO = 200
"""A gzip input expanding more than this many times its compressed size, once past
:data:`GZIP_RATIO_FROM` bytes, is refused before it fills memory (a "gzip bomb"; real logs and
JSON files compress 5 to 50 times)."""

GZIP_RATIO_FROM = 32 << 20
"""Decompressed bytes after which :data:`MAX_GZIP_RATIO` is enforced (32 MiB)."""

HASH_IN_THREAD_FROM = 8 << 20
"""Bytes of an input hashed as they are read before the rest is hashed in a thread (8 MiB)."""

_HASH_QUEUE = 8
"""Reads (of up to 1 MiB) that may wait for the hashing thread."""

_GZIP_MAGIC = b"\x1f\x8b"
_READ_ERRORS = (OSError, EOFError, zlib.error)
"""What reading a damaged input raises (a cut or corrupt gzip stream among them)."""
_SNIFF_BYTES = 8192


class HashingReader(io.RawIOBase):
    """A read-only raw stream that feeds every byte it passes on into a SHA-256 digest.

    With ``threaded`` (a log, read as a stream while it is parsed), past the first
    :data:`HASH_IN_THREAD_FROM` bytes the hashing is done by a thread of its own (``hashlib``
    lets go of the interpreter while it hashes), so that on a machine with a second core a
    large log is hashed while it is parsed rather than on top of it; at most
    :data:`_HASH_QUEUE` reads wait to be hashed, so memory stays bounded however fast the
    reading goes. An input read whole (a JSON file) is hashed as it is read: the copies the
    thread needs would only add to its size in memory."""

    def __init__(self, raw: BinaryIO, *, threaded: bool = False) -> None:
        super().__init__()
        self._raw = raw
        self._threaded = threaded
        self._digest = hashlib.sha256()
        self._queue: queue.Queue[bytes | None] | None = None
        self._worker: threading.Thread | None = None
        self.size = 0
        """Bytes read so far."""

    def readable(self) -> bool:
        """This stream can be read."""
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the wrapped stream (straight into it when the stream can) and
        hash what was read."""
        readinto = getattr(self._raw, "readinto", None)
        if readinto is not None:
            n: int = readinto(buffer) or 0
            if n and self._queue is None and not self._threads(n):
                self._digest.update(memoryview(buffer)[:n])
            elif n:
                self._update(bytes(memoryview(buffer)[:n]))
        else:
            chunk = self._raw.read(len(buffer))
            n = len(chunk)
            buffer[:n] = chunk
            self._update(chunk)
        self.size += n
        return n

    def _threads(self, n: int) -> bool:
        """Whether the next ``n`` bytes go to the hashing thread."""
        return self._threaded and self.size + n > HASH_IN_THREAD_FROM

    def _update(self, data: bytes) -> None:
        """Hash ``data``: here while the input is small (or not ``threaded``), then in the
        hashing thread."""
        if self._queue is None:
            if not self._threads(len(data)):
                self._digest.update(data)
                return
            self._queue = queue.Queue(_HASH_QUEUE)
            self._worker = threading.Thread(
                target=self._hash_queued, args=(self._queue,), daemon=True
            )
            self._worker.start()
        if data:
            self._queue.put(data)

    def _hash_queued(self, waiting: queue.Queue[bytes | None]) -> None:
        """The hashing thread: hash what is queued until ``None`` comes."""
        while (data := waiting.get()) is not None:
            self._digest.update(data)

    def hexdigest(self) -> str:
        """SHA-256 of the bytes read so far, as hex."""
        if self._worker is not None and self._queue is not None:
            self._queue.put(None)
            self._worker.join()
            self._worker = None
            self._queue = None
        return self._digest.hexdigest()

    def drain(self) -> None:
        """Read to the end so that the digest covers the whole input."""
        while self.read(1 << 20):
            pass


def _detect_encoding(head: bytes) -> tuple[str, int]:
    """Return ``(codec, bom_length)`` for text starting with ``head``."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", len(codecs.BOM_UTF8)
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    # UTF-16 without a BOM: ASCII text with every other byte NUL.
    sample = head[:200]
    if len(sample) >= 8 and sample[1::2].count(0) > 0.9 * len(sample[1::2]):
        return "utf-16-le", 0
    if len(sample) >= 8 and sample[0::2].count(0) > 0.9 * len(sample[0::2]):
        return "utf-16-be", 0
    return "utf-8", 0


def _check_not_binary(head: bytes, encoding: str, source: str) -> None:
    """Raise :class:`InputError` if ``head`` looks like a binary file rather than text."""
    if encoding != "utf-8":
        return
    nul = head.find(b"\x00")
    if nul >= 0:
        raise InputError(
            source,
            "is a binary file, not a text log (NUL byte); "
            "pass the text that trtexec printed, not an engine or archive",
            offset=nul,
        )


class TextLines:
    """The lines of a text input, also available as blocks of whole lines.

    Iterating gives one ``str`` per line, without its terminator. :meth:`blocks` gives the same
    text as strings of many complete lines, each line ending in ``"\\n"``: a consumer that
    works on whole blocks (the log parser) can then skip runs of lines at C speed. Use one or
    the other, once. :attr:`lines_cut` counts, as they are read, the lines cut at
    :data:`MAX_LINE_CHARS`.
    """

    def __init__(self, chunks: Iterator[str], source: str) -> None:
        self.lines_cut = 0
        """Lines longer than :data:`MAX_LINE_CHARS` read so far (each cut there, the rest of
        it skipped)."""
        self._blocks = _iter_blocks(chunks, source, self)
        self._lines: Iterator[str] | None = None

    def __iter__(self) -> Iterator[str]:
        """The lines, one by one."""
        if self._lines is None:
            self._lines = _lines_of(self._blocks)
        return self._lines

    def __next__(self) -> str:
        """The next line."""
        return next(iter(self))

    def blocks(self) -> Iterator[str]:
        """The text as blocks of complete ``"\\n"``-terminated lines (in order, once)."""
        return self._blocks


def _lines_of(blocks: Iterator[str]) -> Iterator[str]:
    """Split blocks of ``"\\n"``-terminated lines into lines."""
    for block in blocks:
        lines = block.split("\n")
        lines.pop()
        yield from lines


def open_text_lines(raw: ByteSource, source: str) -> TextLines:
    """Yield the lines of ``raw`` (plain or gzip) as text, without line terminators.

    ``raw`` should be a :class:`HashingReader` (or any binary stream) positioned at the start.
    Decoding never fails: undecodable bytes become U+FFFD, NULs are dropped, CRLF and lone CR
    end lines, and over-long lines are cut at :data:`MAX_LINE_CHARS`. A file that is binary
    from its first bytes raises :class:`InputError`.
    """
    stream = _maybe_gunzip(raw, source)
    try:
        head = _peek(stream, _SNIFF_BYTES)
    except _READ_ERRORS as exc:
        raise InputError(source, f"is not a valid gzip file ({exc})") from None
    # A log truncated in place (logrotate's copytruncate) starts with a run of NULs: look past
    # it to tell the encoding; the NULs themselves are dropped with the others.
    sniff = head.lstrip(b"\x00") if head.startswith(b"\x00\x00") else head
    encoding, bom = _detect_encoding(sniff)
    _check_not_binary(sniff, encoding, source)
    if sniff is not head:
        bom = 0
    if bom:
        stream.read(bom)
    if encoding == "utf-8":
        chunks = _utf8_chunks(stream)
    else:
        text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline=None)
        chunks = iter(lambda: text.read(_CHUNK_CHARS), "")
    return TextLines(chunks, source)


_CHUNK_CHARS = MAX_LINE_CHARS
"""Characters decoded per read (a line inside one chunk is therefore never over-long)."""


def _utf8_chunks(stream: BinaryIO) -> Iterator[str]:
    """Decode a UTF-8 stream in chunks of about :data:`_CHUNK_CHARS` bytes, with CRLF and
    lone CR turned into ``"\\n"``, as :class:`io.TextIOWrapper` does, but without its
    incremental decoder: each chunk is cut after its last newline (or, in a chunk without
    one, at the last character boundary), so every piece decodes on its own, and plain ASCII
    decodes at memory speed (about a quarter of the time of the wrapper on a large log).
    """
    pending = b""
    while True:
        data = stream.read(_CHUNK_CHARS)
        if not data:
            break
        if pending:
            data = pending + data
        cut = data.rfind(b"\n") + 1
        if not cut:
            cut = _char_boundary(data)
            if data[cut - 1 : cut] == b"\r":  # its "\n" may open the next read
                cut -= 1
        pending = data[cut:]
        if cut:
            yield _decoded(data[:cut])
    if pending:
        yield _decoded(pending)


def _char_boundary(data: bytes) -> int:
    """The end of the last complete UTF-8 character in ``data`` (a cut there splits none)."""
    end = len(data)
    lead = end - 1
    while lead > end - 4 and lead > 0 and 0x80 <= data[lead] < 0xC0:
        lead -= 1  # continuation bytes
    first = data[lead]
    needed = 2 if 0xC0 <= first < 0xE0 else 3 if 0xE0 <= first < 0xF0 else 4 if first >= 0xF0 else 1
    return lead if end - lead < needed else end


def _decoded(data: bytes) -> str:
    """``data`` as text: undecodable bytes as U+FFFD, CRLF and lone CR as ``"\\n"``."""
    text = data.decode("utf-8", "replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _iter_blocks(chunks: Iterator[str], source: str, lines: TextLines) -> Iterator[str]:
    """Yield blocks of whole lines of the text read in ``chunks``, each line
    ``"\\n"``-terminated and cut at :data:`MAX_LINE_CHARS` (counted in ``lines.lines_cut``).

    The chunks have CRLF and lone CR turned into ``"\\n"`` already; the unfinished tail of a
    chunk is carried into the next block. A tail that grows past :data:`MAX_LINE_CHARS` is
    cut there and the rest of its line is skipped. Only a block's first line (carried tail
    plus the chunk's head) can be over-long.
    """
    carry = ""
    skipping = False
    nul_run = 0
    try:
        for chunk in chunks:
            if "\x00" in chunk:
                size = len(chunk)
                chunk = chunk.replace("\x00", "")
                nul_run = nul_run + size if not chunk else 0
                if nul_run > MAX_NUL_RUN:
                    raise InputError(
                        source,
                        f"holds more than {MAX_NUL_RUN >> 20} MiB of NUL bytes in a row: it is "
                        "not a text log (a device such as /dev/zero?)",
                    )
            if skipping:
                newline = chunk.find("\n")
                if newline < 0:
                    continue
                chunk = chunk[newline + 1 :]
                skipping = False
            last = chunk.rfind("\n")
            if last < 0:
                carry += chunk
            else:
                block = carry + chunk[: last + 1] if carry else chunk[: last + 1]
                carry = chunk[last + 1 :]
                first = block.find("\n")
                if first > MAX_LINE_CHARS:
                    block = block[:MAX_LINE_CHARS] + block[first:]
                    lines.lines_cut += 1
                yield block
            if len(carry) > MAX_LINE_CHARS:  # a line of exactly the limit is whole
                yield carry[:MAX_LINE_CHARS] + "\n"
                carry = ""
                skipping = True
                lines.lines_cut += 1
    except _READ_ERRORS as exc:
        # A gzip stream cut short, or a corrupt member: the lines read so far stand.
        raise InputError(source, f"cannot be read to the end ({exc})") from None
    if carry:
        yield carry + "\n"


def lines_at(raw: ByteSource, numbers: Sequence[int], source: str) -> dict[int, str]:
    """The text of the lines numbered ``numbers`` (sorted, from 1) of a seekable input at its
    start, exactly as :func:`open_text_lines` gives them, read up to the last of them.

    A plain UTF-8 input with ``"\\n"`` line ends (most logs) is read as bytes: its lines are
    counted without being decoded, and only the wanted ones are (about a third of the time of
    decoding it all). Anything else (gzip, UTF-16, a CR, a wanted line near the length limit)
    is read again from its start through :func:`open_text_lines`."""
    found: dict[int, str] = {}
    if not numbers or _plain_lines_at(raw, numbers, found):
        return found
    raw.seek(0)
    found.clear()
    done = 0  # lines in the blocks before this one
    position = 0  # the next wanted line, as an index into numbers
    for block in open_text_lines(raw, source).blocks():
        count = block.count("\n")
        if numbers[position] <= done + count:
            lines = block.split("\n")
            while position < len(numbers) and numbers[position] <= done + count:
                found[numbers[position]] = lines[numbers[position] - done - 1]
                position += 1
            if position == len(numbers):
                break
        done += count
    return found


def _plain_lines_at(raw: ByteSource, numbers: Sequence[int], found: dict[int, str]) -> bool:
    """:func:`lines_at` for a plain UTF-8 input with ``"\\n"`` line ends, counted as bytes;
    ``False`` (``found`` then partial) as soon as the input is not one, or a wanted line is
    too long to be sure of its cut."""
    data = raw.read(_SNIFF_BYTES)
    if data.startswith((_GZIP_MAGIC, b"\x00")) or _detect_encoding(data)[0] != "utf-8":
        return False
    done = 0
    position = 0
    pending = b""
    while data:
        if b"\r" in data:
            return False
        data = pending + data if pending else data
        cut = data.rfind(b"\n") + 1
        pending = data[cut:]
        count = data.count(b"\n", 0, cut)
        if cut and numbers[position] <= done + count:
            lines = data[:cut].split(b"\n")
            while position < len(numbers) and numbers[position] <= done + count:
                line = lines[numbers[position] - done - 1]
                if len(line) >= MAX_LINE_CHARS:
                    return False
                found[numbers[position]] = _line_text(line, numbers[position])
                position += 1
            if position == len(numbers):
                return True
        done += count
        if len(pending) >= MAX_LINE_CHARS:  # a long line: only its end matters, unless wanted
            if numbers[position] == done + 1:
                return False
            pending = b"-"  # its text is not needed, only that it goes on
        data = raw.read(1 << 20)
    if pending and numbers[position] == done + 1:  # a last line without its newline
        if len(pending) >= MAX_LINE_CHARS:
            return False
        found[done + 1] = _line_text(pending, done + 1)
    return True


def _line_text(line: bytes, number: int) -> str:
    """One line's bytes as :func:`open_text_lines` gives its text (BOM, NULs, bad bytes)."""
    if number == 1 and line.startswith(codecs.BOM_UTF8):
        line = line[len(codecs.BOM_UTF8) :]
    text = line.decode("utf-8", "replace")
    return text.replace("\x00", "") if "\x00" in text else text


class _CountingReader(io.RawIOBase):
    """A raw stream that counts the bytes read through it (the compressed side of a gzip)."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self.size = 0

    def readable(self) -> bool:
        """This stream can be read."""
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the wrapped stream and count what was read."""
        chunk = self._raw.read(len(buffer))
        n = len(chunk)
        buffer[:n] = chunk
        self.size += n
        return n


class _BombGuard(io.RawIOBase):
    """The decompressed side of a gzip input, refused once it expands past
    :data:`MAX_GZIP_RATIO` times what was read of the compressed file."""

    def __init__(self, unzipped: gzip.GzipFile, packed: _CountingReader, source: str) -> None:
        super().__init__()
        self._unzipped = unzipped
        self._packed = packed
        self._source = source
        self._size = 0

    def readable(self) -> bool:
        """This stream can be read."""
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        """Decompress into ``buffer`` (1 MiB at most at a time, so that a bomb is caught
        early); raise :class:`InputError` for a gzip bomb."""
        n = self._unzipped.readinto(memoryview(buffer)[: 1 << 20])
        self._size += n
        if self._size > GZIP_RATIO_FROM and self._size > MAX_GZIP_RATIO * max(1, self._packed.size):
            raise InputError(
                self._source,
                f"is a gzip file that expands more than {MAX_GZIP_RATIO} times its size "
                f"({self._packed.size:,} bytes gave more than {self._size:,}): refused as a "
                "decompression bomb",
            )
        return n


def _maybe_gunzip(raw: ByteSource, source: str = "") -> BinaryIO:
    """Return a peekable binary stream of ``raw``'s content, decompressed if it is gzip (and
    refused, as :class:`InputError`, if it expands like a decompression bomb)."""
    if _has_peek(raw):
        buffered: BinaryIO = raw  # type: ignore[assignment]
    else:
        buffered = io.BufferedReader(raw, 1 << 16)  # type: ignore[type-var]
    if _peek(buffered, len(_GZIP_MAGIC)).startswith(_GZIP_MAGIC):
        packed = _CountingReader(buffered)
        unzipped = gzip.GzipFile(fileobj=packed, mode="rb")
        return io.BufferedReader(_BombGuard(unzipped, packed, source), 1 << 16)
    return buffered


def _has_peek(stream: ByteSource) -> bool:
    """Whether ``stream`` can show bytes ahead without consuming them."""
    return hasattr(stream, "peek")


def _peek(stream: BinaryIO, n: int) -> bytes:
    """Up to ``n`` bytes from the start of ``stream`` without consuming them."""
    data: bytes = stream.peek(n)  # type: ignore[attr-defined]
    return data[:n]


def read_text(raw: ByteSource, source: str, limit: int = MAX_JSON_BYTES) -> str:
    """Read a whole (small) text input such as a JSON file: gzip, BOMs and UTF-16 handled.

    Unlike :func:`open_text_lines` no line is cut, since JSON files are often one long line.
    An input of NUL bytes, or larger than ``limit`` bytes (:data:`MAX_JSON_BYTES`, after
    decompression; a stream that does not end), raises :class:`InputError` before it is read
    whole.
    """
    stream = _maybe_gunzip(raw, source)
    try:
        head = _peek(stream, _SNIFF_BYTES)
        if head and not head.strip(b"\x00"):
            raise InputError(source, "holds only NUL bytes: it is not a JSON file", offset=0)
        encoding, bom = _detect_encoding(head)
        _check_not_binary(head, encoding, source)
        parts: list[bytes] = []
        size = 0
        while part := stream.read(1 << 20):
            size += len(part)
            if size > limit:
                raise InputError(
                    source,
                    f"is larger than {limit >> 20} MiB (or does not end): too large for one of "
                    "trtexec's JSON files",
                )
            parts.append(part)
    except _READ_ERRORS as exc:
        raise InputError(source, f"cannot be read ({exc})") from None
    data = b"".join(parts)
    del parts
    text = data[bom:].decode(encoding, errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")
