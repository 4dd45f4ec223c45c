"""Decoding of real-life log bytes: gzip, UTF-16, CRLF, stray bytes, NULs, long lines."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import random

import pytest

from trtreport.errors import InputError
from trtreport.textio import (
    MAX_LINE_CHARS,
    HashingReader,
    lines_at,
    open_text_lines,
    read_text,
)

LOG = (
    "&&&& RUNNING TensorRT.trtexec [TensorRT v8510] # trtexec --onnx=m.onnx --verbose\n"
    "[08/20/2024-19:31:01] [I] TensorRT version: 8.5.10\n"
    "[08/20/2024-19:31:30] [V] [TRT] Original: 12 layers\n"
)


def lines_of(data: bytes) -> list[str]:
    """Decode ``data`` the way the CLI does."""
    return list(open_text_lines(HashingReader(io.BytesIO(data)), "build.log"))


def test_plain_utf8_lines_keep_count_and_text() -> None:
    assert lines_of(LOG.encode()) == LOG.splitlines()


def test_crlf_and_lone_cr_end_lines() -> None:
    data = LOG.replace("\n", "\r\n").encode()
    assert lines_of(data) == LOG.splitlines()
    assert lines_of(b"a\rb\r\nc") == ["a", "b", "c"]


def test_gzip_is_detected_by_content_not_name() -> None:
    assert lines_of(gzip.compress(LOG.encode(), mtime=0)) == LOG.splitlines()


def test_utf16_with_bom_from_powershell() -> None:
    data = codecs.BOM_UTF16_LE + LOG.replace("\n", "\r\n").encode("utf-16-le")
    got = lines_of(data)
    assert got[1] == "[08/20/2024-19:31:01] [I] TensorRT version: 8.5.10"
    assert len(got) == 3


def test_utf8_bom_is_dropped() -> None:
    assert lines_of(codecs.BOM_UTF8 + b"x\ny\n") == ["x", "y"]


def test_stray_bytes_become_replacement_characters() -> None:
    got = lines_of(b"[I] plugin says \xff\xfe hello\nnext\n")
    assert got == ["[I] plugin says \ufffd\ufffd hello", "next"]


def test_binary_file_is_rejected_with_offset() -> None:
    with pytest.raises(InputError) as info:
        lines_of(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)))
    assert info.value.offset == 7
    assert "build.log (byte 7): is a binary file" in str(info.value)


def test_nul_padding_late_in_a_crashed_log_is_dropped() -> None:
    data = LOG.encode() + b"x" * 9000 + b"\n" + b"\x00" * 20 + b"tail\n"
    got = lines_of(data)
    assert got[-1] == "tail"


def test_over_long_line_is_cut_and_numbering_kept() -> None:
    data = b"first\n" + b"y" * (MAX_LINE_CHARS + 10) + b"\nthird\n"
    got = lines_of(data)
    assert len(got) == 3
    assert len(got[1]) == MAX_LINE_CHARS
    assert got[2] == "third"


def test_over_long_lines_are_counted_once_each_and_a_line_at_the_limit_is_whole() -> None:
    long = b"y" * (3 * MAX_LINE_CHARS + 7)  # spans several reads, cut once
    just = b"z" * MAX_LINE_CHARS  # exactly the limit: nothing cut
    over = b"w" * (MAX_LINE_CHARS + 1)
    data = b"first\n" + long + b"\nmid\n" + just + b"\n" + over + b"\r\nlast\n"
    lines = open_text_lines(io.BytesIO(data), "build.log")
    got = list(lines)
    assert [len(line) for line in got] == [5, MAX_LINE_CHARS, 3, MAX_LINE_CHARS, MAX_LINE_CHARS, 4]
    assert lines.lines_cut == 2


def test_no_line_cut_counts_none() -> None:
    lines = open_text_lines(io.BytesIO(LOG.encode() * 50), "build.log")
    assert sum(1 for _ in lines) > 0
    assert lines.lines_cut == 0


def test_hash_covers_every_byte_even_when_not_all_lines_are_read() -> None:
    data = LOG.encode() * 100
    reader = HashingReader(io.BytesIO(data))
    next(open_text_lines(reader, "build.log"))
    reader.drain()
    assert reader.hexdigest() == hashlib.sha256(data).hexdigest()
    assert reader.size == len(data)


def test_read_text_keeps_long_json_lines_whole() -> None:
    text = '{"Layers": ["' + "n" * (MAX_LINE_CHARS + 5) + '"]}'
    got = read_text(HashingReader(io.BytesIO(gzip.compress(text.encode(), mtime=0))), "l.json")
    assert got == text


def test_truncated_gzip_is_an_input_error() -> None:
    data = gzip.compress(LOG.encode() * 50, mtime=0)[:-30]
    with pytest.raises(InputError) as info:
        lines_of(data)
    assert info.value.source == "build.log"


def test_corrupt_gzip_is_an_input_error_not_a_crash() -> None:
    data = bytearray(gzip.compress(LOG.encode() * 50, mtime=0))
    data[20:30] = b"\xff" * 10  # a damaged deflate block
    with pytest.raises(InputError) as info:
        lines_of(bytes(data))
    assert info.value.source == "build.log"
    with pytest.raises(InputError):
        read_text(HashingReader(io.BytesIO(bytes(data))), "l.json")


def test_log_truncated_in_place_starts_with_nuls() -> None:
    """logrotate's copytruncate leaves the start of the file as NULs; the text after counts."""
    got = lines_of(b"\x00" * 5000 + LOG.encode())
    assert got[-1] == LOG.splitlines()[-1]
    assert any("TensorRT version: 8.5.10" in line for line in got)


def test_drain_hashes_the_rest() -> None:
    data = b"x" * 100_000
    reader = HashingReader(io.BytesIO(data))
    reader.read(10)
    reader.drain()
    assert (reader.size, reader.hexdigest()) == (len(data), hashlib.sha256(data).hexdigest())


_AWKWARD = [
    b"a",
    b"\n",
    b"\r",
    b"\r\n",
    b"\xc3\xa9",
    b"\xe2\x82\xac",
    b"\xf0\x9f\x98\x80",
    b"\xff",
    b"\xe2\x82",
    b" ",
    b"[V] [TRT] Tactic: 0x1 Time: 0.1",
]


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 64])
def test_utf8_chunks_decode_as_the_text_wrapper_does(
    monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """The UTF-8 fast path cuts its reads at newlines and character boundaries; whatever the
    cut, it must give the lines :class:`io.TextIOWrapper` gives (CR, CRLF split across reads,
    multi-byte characters split across reads, invalid and truncated sequences)."""
    import random

    import trtreport.textio as textio

    monkeypatch.setattr(textio, "_CHUNK_CHARS", chunk)
    rng = random.Random(chunk)
    for _ in range(300):
        data = b"x" + b"".join(rng.choice(_AWKWARD) for _ in range(rng.randint(0, 40)))
        wrapper = io.TextIOWrapper(
            io.BytesIO(data), encoding="utf-8", errors="replace", newline=None
        )
        expected = wrapper.read().split("\n")
        if expected[-1] == "":
            expected.pop()
        assert lines_of(data) == expected, data


def _pieces_log(rng: random.Random, pieces: list[bytes], lines: int) -> bytes:
    return b"".join(
        b"".join(rng.choice(pieces) for _ in range(rng.randrange(0, 6))) + b"\n"
        for _ in range(lines)
    )


@pytest.mark.parametrize("seed", range(12))
def test_lines_at_gives_the_lines_open_text_lines_gives(seed: int) -> None:
    rng = random.Random(seed)
    pieces = [b"[V] [TRT] Fusing a with b", b"x", "é日".encode(), b"\xff", b"\xe2\x82"]
    if seed % 3 == 0:
        pieces.append(b"\r")  # read again as text
    head = _pieces_log(rng, pieces, 600)  # a NUL in the first bytes is a binary file
    data = head + _pieces_log(rng, [*pieces, b"\x00"], 3000)
    if seed % 4 == 1:
        data = b"y" * (MAX_LINE_CHARS + 5) + b"\n" + data + b"z" * (2 * MAX_LINE_CHARS) + b"\n"
    if seed % 5 == 2:
        data = codecs.BOM_UTF8 + data
    if seed % 6 == 5:
        data += b"last line without its newline"
    if seed == 7:
        data = gzip.compress(data, mtime=0)
    if seed == 11:
        data = codecs.BOM_UTF16_LE + data.decode("utf-8", "replace").encode("utf-16-le")
    every = dict(enumerate(open_text_lines(io.BytesIO(data), "build.log"), 1))
    wanted = sorted({*rng.sample(sorted(every), 40), 1, len(every)})
    assert lines_at(io.BytesIO(data), wanted, "build.log") == {n: every[n] for n in wanted}
    assert lines_at(io.BytesIO(data), [len(every) + 5], "build.log") == {}


def test_a_large_input_hashed_in_a_thread_gives_the_same_digest() -> None:
    from trtreport.textio import HASH_IN_THREAD_FROM

    data = (LOG.encode() + b"x" * 5000 + b"\n") * (3 * HASH_IN_THREAD_FROM // 5000)
    sources = [io.BytesIO(data), io.BufferedReader(io.BytesIO(data)), io.BytesIO(data)]
    for source, threaded in zip(sources, (True, True, False), strict=True):
        reader = HashingReader(source, threaded=threaded)  # type: ignore[arg-type]
        assert sum(1 for _ in open_text_lines(reader, "build.log")) > 0
        reader.drain()
        assert reader.hexdigest() == hashlib.sha256(data).hexdigest()
        assert reader.size == len(data)
