"""Turn any exception into the one line a user sees, with file, line and key where known."""

from __future__ import annotations

from pycompose.errors import PycomposeError


def _fill_line(error: PycomposeError) -> None:
    """Find the line of ``error.path`` in ``error.file`` when the stage that failed did not know it."""
    if error.line is not None or not error.file or not error.path or error.file == "-":
        return
    try:
        from pycompose.config.yamlio import locate

        with open(error.file, encoding="utf-8") as handle:
            found = locate(handle.read(), error.path)
    except Exception:
        return
    if found:
        error.line, error.column = found


def describe(error: BaseException) -> tuple[str, int]:
    """(message, exit code) for an error raised while running a command."""
    if isinstance(error, PycomposeError):
        _fill_line(error)
        return error.one_line(), error.exit_code
    if isinstance(error, RecursionError):
        return "the compose model is nested too deeply to be processed", 1
    kind = type(error).__name__
    return (
        f"internal error: {kind}: {error} (this is a bug in pycompose; rerun with PYCOMPOSE_DEBUG=1 "
        "for details and report it)",
        1,
    )
