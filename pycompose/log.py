"""Warnings on stderr in the format Docker Compose v2 uses (logrus text), so scripts see the same lines.

``time="2026-11-26T17:22:58Z" level=warning msg="The \\"UNSET\\" variable is not set. ..."``
"""

from __future__ import annotations

import sys
import time


def _quote(message: str) -> str:
    return '"' + message.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def warn(message: str) -> None:
    """Print one warning line to stderr."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    sys.stderr.write(f'time="{stamp}" level=warning msg={_quote(message)}\n')
