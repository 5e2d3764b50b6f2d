"""The fast exit ends the process like ``sys.exit`` would, minus the interpreter's teardown."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
#: block-buffered standard streams, as for a user (PYTHONUNBUFFERED would make every write go out at once)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _run(body: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(
            f"""\
            import sys
            sys.path.insert(0, {str(REPO)!r})
            from pycompose.cli.fast_exit import exit_now
            """
        )
        + textwrap.dedent(body)
    )
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=ENV)


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (3, 3), (130, 130), (-1, 255), (256, 0)])
def test_exit_status_is_what_sys_exit_gives(tmp_path: Path, code: object, status: int) -> None:
    done = _run(f"exit_now(SystemExit({code!r}))\n", tmp_path)
    plain = subprocess.run([sys.executable, "-c", f"import sys; sys.exit({code!r})"], timeout=60)
    assert done.returncode == status == plain.returncode


def test_a_message_is_printed_and_gives_1(tmp_path: Path) -> None:
    done = _run("exit_now(SystemExit('no such thing'))\n", tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "no such thing"


def test_buffered_output_and_exit_handlers_are_not_lost(tmp_path: Path) -> None:
    marker = tmp_path / "handler-ran"
    done = _run(
        f"""\
        import atexit
        atexit.register(lambda: open({str(marker)!r}, "w").write("yes"))
        sys.stdout.write("no newline, still buffered")
        sys.stderr.write("err too")
        exit_now(SystemExit(2))
        """,
        tmp_path,
    )
    assert done.returncode == 2
    assert done.stdout == "no newline, still buffered"
    assert done.stderr == "err too"
    assert marker.read_text() == "yes"


def test_a_running_thread_gets_the_normal_exit(tmp_path: Path) -> None:
    done = _run(
        """\
        import threading, time
        def late():
            time.sleep(0.5)
            print("thread finished", flush=True)
        threading.Thread(target=late).start()
        exit_now(SystemExit(4))
        """,
        tmp_path,
    )
    assert done.returncode == 4
    assert done.stdout.strip() == "thread finished"


def test_a_reader_that_left_gives_141(tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(REPO)!r})\n"
        "from pycompose.cli.fast_exit import exit_now\n"
        "sys.stdout.write('still buffered when the reader leaves')\n"
        "print('ready', file=sys.stderr, flush=True)\n"
        "sys.stdin.read()\n"  # until the reader has left
        "exit_now(SystemExit(0))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert proc.stdout is not None and proc.stdin is not None and proc.stderr is not None
    assert proc.stderr.readline() == b"ready\n"
    proc.stdout.close()
    proc.stdin.close()
    proc.wait(timeout=60)
    assert proc.returncode == 141
