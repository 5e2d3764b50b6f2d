"""Leaving the process without the interpreter's teardown.

When a command is done, CPython still frees every module and object one by one before the process
ends: 40-50 ms after a 30-service ``down`` here (Docker Compose v2 is gone 7 ms after its last engine
answer), more than a no-op ``up`` spends talking to the engine. The console script and
``python -m pycompose`` therefore end with :func:`exit_now`: the exit handlers run (``atexit``: temporary
files, logging), standard output and error are flushed, then ``os._exit``. When a thread that is not a
daemon is still running (none should be once a command returns), the normal exit is used so that
thread finishes, exactly as before. ``main()`` itself keeps raising ``SystemExit`` for in-process callers
such as the tests.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def _other_threads_alive() -> bool:
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())


def _code_of(exit: SystemExit) -> int:
    """The process exit status ``sys.exit`` would give (None is 0; a message is printed and gives 1)."""
    code = exit.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def exit_now(exit: SystemExit) -> NoReturn:
    """End the process with ``exit``'s status, skipping only the interpreter's teardown."""
    if _other_threads_alive():
        raise exit
    code = _code_of(exit)
    atexit._run_exitfuncs()  # what a normal exit runs first (our handlers and the standard library's)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # `pycompose ps | head`: the reader left, as main() reports it
            code = code or 141
        except (OSError, ValueError):  # a stream closed or gone: nothing more can be said on it
            pass
    os._exit(code & 0xFF)  # as the shell sees sys.exit(-1): 255
