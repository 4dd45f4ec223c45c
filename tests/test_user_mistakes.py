"""Issue 17: whatever a user feeds the command, it ends with one line and status 0, 1 or 2.

Closed standard streams, non-UTF-8 titles and file names, names holding newlines or terminal
escapes, outputs that are devices, FIFOs, ``/dev/stdout`` or symbolic links, and signals at any
moment. Nothing raw reaches the terminal: every control character (C0, C1, DEL) and bidi
override from an input is shown escaped, on every error path.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from trtreport.cli import Progress, main, write_outputs
from trtreport.errors import OutputError, printable

pytestmark = pytest.mark.subprocess

REPO = Path(__file__).resolve().parents[1]
LOG = REPO / "examples" / "qdq_resnet_small.log"
LAYERS = REPO / "examples" / "qdq_resnet_small.layers.json"

CONTROLS = (
    [chr(c) for c in range(0x20)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + ["\u061c", "\u200e", "\u200f", "\u2028", "\u2029"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
"""Every character that must never reach a terminal raw."""
HOSTILE = "p\x1b]0;PWNED-TITLE\x07RED\x1b[2J\u202eevil\nforged line"


def trtreport(
    cwd: Path, *args: str | bytes, stdin: int | None = None, shell: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed command (``python -m trtreport``) as a user would."""
    command: list[str | bytes] = [sys.executable, "-m", "trtreport", *args]
    if shell is not None:
        command = ["sh", "-c", f'"{sys.executable}" -m trtreport {shell}']
    return subprocess.run(command, cwd=cwd, capture_output=True, check=False, stdin=stdin)


def one_clean_line(result: subprocess.CompletedProcess[bytes], status: int = 1) -> str:
    """The one line on stderr of a run that failed with ``status``, with no raw control."""
    text = result.stderr.decode("utf-8")
    assert result.returncode == status, text
    assert text.count("\n") == 1 and text.endswith("\n"), text
    assert "Traceback" not in text
    assert not any(char in text[:-1] for char in CONTROLS), ascii(text)
    return text


def test_printable_escapes_every_control_and_bidi_character() -> None:
    for char in CONTROLS:
        shown = printable(f"a{char}b")
        assert char not in shown and shown.startswith("a\\") and shown.endswith("b"), ascii(shown)
    assert printable("ok é 日本 ü") == "ok é 日本 ü"
    assert printable("bad\udcffname") == "bad\ufffdname"


def test_closed_standard_input_is_one_line(tmp_path: Path) -> None:
    line = one_clean_line(trtreport(tmp_path, shell="- <&-"))
    assert "standard input is closed" in line


def test_closed_standard_output_is_one_line(tmp_path: Path) -> None:
    line = one_clean_line(trtreport(tmp_path, shell=f"'{LOG}' -o - >&-"))
    assert "standard output is closed" in line


def test_a_title_that_is_not_utf8_is_shown_with_replacement_characters(tmp_path: Path) -> None:
    result = trtreport(tmp_path, str(LOG), "--title", b"caf\xe9 \xff", "-o", "t.html")
    assert result.returncode == 0, result.stderr
    assert "caf\ufffd \ufffd" in (tmp_path / "t.html").read_text(encoding="utf-8")


def test_a_file_name_that_is_not_utf8_is_read_and_named_with_replacement_characters(
    tmp_path: Path,
) -> None:
    name = os.fsdecode(b"bad\xffname.log")
    (tmp_path / name).write_bytes(LOG.read_bytes())
    result = trtreport(tmp_path, os.fsencode(name), "-o", "n.html", "--json", "n.json")
    assert result.returncode == 0, result.stderr
    model = json.loads((tmp_path / "n.json").read_text(encoding="utf-8"))
    assert "bad\ufffdname.log" in json.dumps(model, ensure_ascii=False)
    line = one_clean_line(trtreport(tmp_path, b"missing\xff.log"))
    assert "missing\ufffd.log" in line


def test_a_file_name_holding_a_newline_or_escapes_gives_one_line(tmp_path: Path) -> None:
    line = one_clean_line(trtreport(tmp_path, HOSTILE + ".log"))
    assert "\\x1b]0;PWNED-TITLE\\x07" in line and "\\x0aforged line" in line


def test_an_option_typed_with_escapes_is_a_usage_error_shown_escaped(tmp_path: Path) -> None:
    result = trtreport(tmp_path, str(LOG), "--bogus\x1b[2J")
    text = result.stderr.decode()
    assert result.returncode == 2 and "\x1b" not in text and "\\x1b[2J" in text


def _errors_with(name: str, tmp: Path) -> list[tuple[int, str]]:
    """Run every error path with ``name`` in the file name or in the file; (status, stderr)."""
    tmp.mkdir()
    runner = CliRunner()
    plain = name.replace("\x00", "")  # no file name can hold a NUL (nor can argv)
    profile = tmp / "p.json"
    profile.write_text(
        json.dumps([{"count": 1}, {"name": name, "timeMs": "x", "averageMs": 1, "percentage": 1}])
    )
    other = tmp / "other.json"
    other.write_text(
        json.dumps([{"count": 1}, {"name": name, "timeMs": 1, "averageMs": 1, "percentage": 1}])
    )
    layers = tmp / "l.json"
    layers.write_text(json.dumps({"Layers": [{"Name": name, "LayerType": 3}], "Bindings": []}))
    named = tmp / f"x{plain}.log"
    named.write_text("not a log at all\n")
    runs = [
        [str(tmp / f"missing{plain}.log")],
        [str(LOG), "--profile", str(profile)],
        [str(LOG), "--profile", str(other)],
        [str(LOG), "--layers", str(layers)],
        [str(LOG), "--layers", str(tmp / f"gone{plain}.json")],
        [str(LOG), "-o", str(tmp / f"no{plain}dir" / "r.html")],
        [str(LOG), "--fail-on", f"int8-below={name}"],
        [str(LOG), "--title", name, "--json", str(tmp / "m.json"), "-o", str(tmp / "m.json")],
        [str(named), "-o", str(tmp / f"ok{plain}.html")],
    ]
    results = []
    for args in runs:
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        results.append((result.exit_code, result.stderr))
    del runner
    return results


@pytest.mark.parametrize("char", CONTROLS, ids=lambda c: f"U+{ord(c):04X}")
def test_no_control_character_reaches_stderr_raw_on_any_path(char: str, tmp_path: Path) -> None:
    for status, stderr in _errors_with(f"a{char}b", tmp_path / "t"):
        assert status in (0, 1, 2), stderr
        # one line, or click's usage, a blank line and the error for a malformed command line
        assert stderr.count("\n") == (4 if status == 2 else 1), ascii(stderr)
        assert not any(char in line for line in stderr.split("\n")), (ascii(char), ascii(stderr))
        assert "Traceback" not in stderr


def test_the_progress_line_escapes_names(monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr("click.echo", lambda text, **_: shown.append(text))
    Progress(enabled=True).show(f"Reading {HOSTILE}")
    assert "\x1b]" not in shown[0] and "\n" not in shown[0] and "\\x1b]0;" in shown[0]


# --- outputs that are not plain files ------------------------------------------------------


def test_dev_null_and_a_fifo_are_written_as_streams_not_replaced(tmp_path: Path) -> None:
    result = trtreport(tmp_path, str(LOG), "-o", "/dev/null", "--json", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received = tmp_path.parent / f"{tmp_path.name}.received"
    with received.open("wb") as sink:  # not a pipe of ours: it would fill and block the writer
        reader = subprocess.Popen(["cat", str(fifo)], stdout=sink)
        result = trtreport(tmp_path, str(LOG), "-o", str(fifo))
        reader.wait(timeout=60)
    assert result.returncode == 0, result.stderr
    assert received.read_bytes().startswith(b"<!DOCTYPE html>")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo"]


def test_dev_stdout_is_written_to_standard_output(tmp_path: Path) -> None:
    result = trtreport(tmp_path, str(LOG), "-o", "/dev/stdout")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"<!DOCTYPE html>")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_device_is_exit_1_and_leaves_the_other_outputs_alone(tmp_path: Path) -> None:
    (tmp_path / "m.json").write_text("previous")
    result = trtreport(tmp_path, str(LOG), "-o", "/dev/full", "--json", "m.json")
    line = one_clean_line(result)
    assert "/dev/full" in line and "cannot be written" in line
    assert (tmp_path / "m.json").read_text() == "previous"
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.json"]


def test_a_device_node_made_here_is_never_replaced(tmp_path: Path) -> None:
    """As root (containers, CI) a rename would replace a device: make one to check it stays."""
    null = tmp_path / "null"
    try:
        os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("cannot make a device node here (not root)")
    result = trtreport(tmp_path, str(LOG), "-o", str(null))
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(null.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_output_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "real.html"
    target.parent.mkdir()
    target.write_text("previous")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    result = trtreport(tmp_path, str(LOG), "-o", "link.html")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in target.parent.iterdir()) == ["real.html"]
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "sub" / "new.html")
    assert trtreport(tmp_path, str(LOG), "-o", "dangling.html").returncode == 0
    assert dangling.is_symlink() and (tmp_path / "sub" / "new.html").is_file()


def test_a_symlink_loop_as_output_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.html").symlink_to(tmp_path / "b.html")
    (tmp_path / "b.html").symlink_to(tmp_path / "a.html")
    result = trtreport(tmp_path, str(LOG), "-o", "a.html")
    one_clean_line(result)
    assert (tmp_path / "a.html").is_symlink()


def test_write_outputs_to_an_unwritable_stream_is_an_output_error(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with pytest.raises(OutputError):
        write_outputs([("/dev/full", "x" * 100_000)])


# --- signals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "status"),
    [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGHUP, 129)],
    ids=["SIGINT", "SIGTERM", "SIGHUP"],
)
def test_a_signal_at_any_moment_is_one_line_its_status_and_no_file_left(
    signum: int, status: int, tmp_path: Path
) -> None:
    big = tmp_path / "in"
    big.mkdir()
    log = big / "big.log"
    log.write_bytes(LOG.read_bytes() * 12)
    out = tmp_path / "out"
    out.mkdir()
    for delay in (0.15, 0.3, 0.5, 0.8, 1.2):
        process = subprocess.Popen(
            [sys.executable, "-m", "trtreport", str(log), "-o", "r.html", "--json", "r.json"],
            cwd=out,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signum)
        stderr = process.communicate(timeout=60)[1].decode()
        assert "Traceback" not in stderr, stderr
        assert stderr.count("\n") <= 1, stderr
        if process.returncode == 0:  # it finished first
            continue
        assert process.returncode in (status, -signum), stderr
        if process.returncode == status:
            assert stderr == f"trtreport: interrupted ({signal.Signals(signum).name})\n"
        leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
        assert leftovers == []


def _before_trtreport_ran(stderr: str, signum: int) -> bool:
    """Whether ``stderr`` is Python's own KeyboardInterrupt from before any module of
    trtreport ran (the interpreter's start: ``site``, ``.pth`` hooks, ``runpy`` finding the
    package), which no code of the project can catch: no frame of it is trtreport's."""
    frames = re.findall(r'^  File "([^"]*)"', stderr, re.MULTILINE)
    return (
        signum == signal.SIGINT
        and stderr.rstrip().endswith("KeyboardInterrupt")
        and not any("trtreport" in frame for frame in frames)
    )


def test_signals_at_random_moments_end_with_one_line_and_leave_nothing(tmp_path: Path) -> None:
    """20 runs, each sent SIGINT, SIGTERM or SIGHUP at a random moment: half of them in the
    first 60 ms (the interpreter starting, trtreport importing), half while it reads, renders
    and writes. Each ends with its status and one line, or finished first (status 0, nothing
    said), or was ended by the signal before Python had set any handler (no output); never a
    traceback of trtreport's, never a temporary file left."""
    seed = int(os.environ.get("TRTREPORT_SIGNAL_SEED", "17"))
    rng = random.Random(seed)
    status_of = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129}
    seen: set[str] = set()
    for run in range(20):
        signum = rng.choice(list(status_of))
        delay = rng.uniform(0, 0.06) if run % 2 == 0 else rng.uniform(0.06, 0.7)
        out = tmp_path / str(run)
        out.mkdir()
        process = subprocess.Popen(
            [sys.executable, "-m", "trtreport", str(LOG), "-o", "r.html", "--json", "r.json", "-q"],
            cwd=out,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signum)
        stderr = process.communicate(timeout=60)[1].decode()
        case = f"seed {seed}, run {run}: {signal.Signals(signum).name} at {delay * 1000:.1f} ms"
        assert [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == [], case
        if process.returncode == status_of[signum]:
            assert stderr == f"trtreport: interrupted ({signal.Signals(signum).name})\n", case
            seen.add("stopped")
        elif process.returncode == 0:  # it finished first
            assert stderr == "", (case, stderr)
            assert (out / "r.html").exists() and (out / "r.json").exists(), case
        elif _before_trtreport_ran(stderr, signum):
            continue
        else:  # ended by the signal itself, before any handler was set
            assert process.returncode == -signum and stderr == "", (case, stderr)
        if process.returncode != 0:
            assert not (out / "r.html").exists() or (out / "r.json").exists(), case
    assert "stopped" in seen  # the moments did reach the running command


def test_a_signal_handled_inside_a_callback_still_stops_the_run(tmp_path: Path) -> None:
    """A handler that runs in a weak reference's callback (the import system uses them) raises
    where Python only prints "Exception ignored": the stop is raised again right after."""
    script = (
        "import os, signal, time, weakref\n"
        "import trtreport.__main__\n"
        "class Thing: pass\n"
        "def callback(ref):\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "    sum(range(100_000))  # the handler runs here, inside the callback\n"
        "thing = Thing()\n"
        "ref = weakref.ref(thing, callback)\n"
        "del thing\n"
        "time.sleep(2)\n"
        "print('went on')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, check=False
    )
    assert result.returncode == 143, result.stderr
    assert result.stderr.decode() == "trtreport: interrupted (SIGTERM)\n"
    assert result.stdout == b""


def test_a_killed_runs_temporary_file_is_removed_by_the_next_run(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".r.html.trtreport-{dead.pid}-abcd1234.tmp"
    stale.write_text("half a report")
    alive = tmp_path / f".r.html.trtreport-{os.getpid()}-efgh5678.tmp"
    alive.write_text("another run's, still running")
    result = trtreport(tmp_path, str(LOG), "-o", "r.html")
    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert alive.exists()
