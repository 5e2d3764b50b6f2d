"""The terminal side of ``run`` and ``exec``: copy stdin to a container and its output back.

With a TTY the local terminal goes into raw mode (keys, Ctrl-C and Ctrl-D reach the container's own
TTY, which echoes and handles them) and window size changes are sent to the engine; without one,
stdin is piped as bytes (its end closes the container's stdin) and the engine's multiplexed output is
split back into stdout and stderr.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any


def wants_tty(no_tty: bool) -> bool:
    """A TTY unless ``-T``, only when both stdin and stdout are terminals (so ``cmd | run`` and
    ``run > file`` stream plain bytes instead of failing with "the input device is not a TTY")."""
    if no_tty:
        return False
    try:
        return sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_size() -> tuple[int, int] | None:
    """(height, width) of the terminal on stdout, None without one."""
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        return None
    return size.lines, size.columns


@contextlib.contextmanager
def raw_terminal(enabled: bool) -> Iterator[None]:
    """Put the terminal on stdin into raw mode for the duration (restored even on errors)."""
    if not enabled or not sys.stdin.isatty():
        yield
        return
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setraw(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@contextlib.contextmanager
def on_resize(resize: Callable[[int, int], None] | None) -> Iterator[None]:
    """Call ``resize(height, width)`` now and on every SIGWINCH (main thread only)."""
    if resize is None:
        yield
        return

    def send(*_: Any) -> None:
        size = terminal_size()
        if size is not None:
            with contextlib.suppress(Exception):
                resize(*size)

    send()
    sigwinch = getattr(signal, "SIGWINCH", None)
    if sigwinch is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(sigwinch, send)
    try:
        yield
    finally:
        signal.signal(sigwinch, previous)


def _feed_stdin(stream: Any) -> None:
    """Copy stdin to the stream until it ends, then half-close: the container sees end of input."""
    try:
        fd = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):
        stream.close_write()
        return
    try:
        while True:
            data = os.read(fd, 65536)
            if not data:
                break
            stream.send(data)
    except OSError:
        pass
    finally:
        stream.close_write()


def _write(out: Any, data: bytes) -> None:
    out.write(data)
    out.flush()


def pump(stream: Any, tty: bool, send_stdin: bool) -> None:
    """Copy stdin to ``stream`` (in a thread, with ``send_stdin``) and its output to stdout/stderr
    until the output ends (the process exited or the connection closed)."""
    from pycompose.engine.hijack import STDERR, frames

    if send_stdin:
        threading.Thread(target=_feed_stdin, args=(stream,), daemon=True, name="stdin").start()
    stdout = sys.stdout.buffer
    stderr = sys.stderr.buffer
    try:
        if tty:
            while True:
                data = stream.recv()
                if not data:
                    break
                _write(stdout, data)
        else:
            for kind, payload in frames(stream):
                _write(stderr if kind == STDERR else stdout, payload)
    except BrokenPipeError:
        pass
    finally:
        stream.close()


@contextlib.contextmanager
def forwarded_signals(send: Callable[[str], None]) -> Iterator[None]:
    """Forward SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2 to the container while attached (the docker
    CLI's sig-proxy); with a TTY in raw mode Ctrl-C reaches it through the terminal instead."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2")
    previous: dict[int, Any] = {}

    def handler(signum: int, frame: Any) -> None:
        name = signal.Signals(signum).name
        threading.Thread(target=lambda: _quietly(send, name), daemon=True).start()

    for name in names:
        sig = getattr(signal, name, None)
        if sig is not None:
            previous[sig] = signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _quietly(send: Callable[[str], None], name: str) -> None:
    with contextlib.suppress(Exception):
        send(name)
