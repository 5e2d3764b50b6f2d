"""One mutating command per project at a time on this machine.

Two ``up`` of one project started together would both plan "create network demo_default" and the
engine (API < 1.44 only checks duplicates on a best-effort basis) can end up with two networks of one
name. An advisory file lock per (engine address, project) serialises pycompose's mutating commands;
the second one waits, then plans against what the first one made, so both converge.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def _lock_dir() -> str:
    base = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp"  # no tempfile import
    path = os.path.join(base, f"pycompose-locks-{os.getuid()}")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


@contextmanager
def project_lock(project: str, engine_address: str = "") -> Iterator[None]:
    """Hold the lock of ``project`` on ``engine_address`` while the block runs (waits if taken)."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no cross-process lock, behave as Docker Compose does
        yield
        return
    key = hashlib.sha256(f"{engine_address}\0{project}".encode()).hexdigest()[:16]
    path = os.path.join(_lock_dir(), f"{project}-{key}.lock")
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.stderr.write(f"waiting for another pycompose command on project {project} to finish\n")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
