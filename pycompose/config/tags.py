"""Values of the Compose-specific YAML tags ``!reset`` and ``!override``.

They survive parsing as wrapper objects so that the merge stage can apply them: ``!reset`` removes the value
inherited from earlier files (or an extended service), ``!override`` replaces it instead of merging.
Every stage before the merge (interpolation, validation) looks through them with ``unwrap``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reset:
    """``key: !reset <anything>``: drop whatever earlier files set for ``key``."""

    value: Any = None


@dataclass(frozen=True)
class Override:
    """``key: !override <value>``: replace the earlier value with ``value`` instead of merging."""

    value: Any


def unwrap(value: Any) -> Any:
    """The plain value behind a tag wrapper (``None`` for ``!reset``)."""
    if isinstance(value, Override):
        return value.value
    if isinstance(value, Reset):
        return None
    return value


def strip_tags(value: Any) -> Any:
    """A deep copy of ``value`` with ``!reset`` entries removed and ``!override`` unwrapped.

    Used on the result of merging and on single files, where no earlier value exists to reset.
    """
    if isinstance(value, dict):
        return {k: strip_tags(unwrap(v)) for k, v in value.items() if not isinstance(v, Reset)}
    if isinstance(value, list):
        return [strip_tags(unwrap(v)) for v in value if not isinstance(v, Reset)]
    return unwrap(value)
