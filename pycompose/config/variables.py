"""The variables a Compose file refers to, for ``config --variables`` (compose-go ``ExtractVariables``).

Each ``${NAME...}`` or ``$NAME`` in a value yields a variable with its default (``:-``/``-``), its
alternate value (``:+``/``+``) and whether it is required (``:?``/``?``); defaults are searched for nested
variables too (``${A:-${B:-x}}`` gives A with default ``${B:-x}`` and B with default ``x``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Variable:
    name: str
    default: str = ""
    alternate: str = ""
    required: bool = False


def _braced_end(text: str, start: int) -> int:
    """Index of the ``}`` closing the ``${`` whose body starts at ``start`` (-1 when unclosed)."""
    depth = 1
    i = start
    while i < len(text):
        if text.startswith("${", i):
            depth += 1
            i += 2
            continue
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _parse(text: str) -> Iterator[Variable]:
    i = 0
    while True:
        i = text.find("$", i)
        if i < 0 or i + 1 >= len(text):
            return
        nxt = text[i + 1]
        if nxt == "$":
            i += 2
            continue
        if nxt == "{":
            end = _braced_end(text, i + 2)
            if end < 0:
                return
            body = text[i + 2 : end]
            match = _NAME.match(body)
            if match:
                name, rest = match.group(0), body[match.end() :]
                yield from _variable(name, rest)
            i = end + 1
            continue
        match = _NAME.match(text, i + 1)
        if match:
            yield Variable(match.group(0))
            i = match.end()
        else:
            i += 1


def _variable(name: str, rest: str) -> Iterator[Variable]:
    for op, kind in (
        (":-", "default"),
        ("-", "default"),
        (":+", "alternate"),
        ("+", "alternate"),
        (":?", "required"),
        ("?", "required"),
    ):
        if rest.startswith(op):
            value = rest[len(op) :]
            if kind == "default":
                yield Variable(name, default=value)
                yield from _parse(value)
            elif kind == "alternate":
                yield Variable(name, alternate=value)
                yield from _parse(value)
            else:
                yield Variable(name, required=True)
            return
    yield Variable(name)


def extract_variables(value: Any) -> dict[str, Variable]:
    """All variables referenced in the string values of ``value`` (keys are not interpolated)."""
    found: dict[str, Variable] = {}

    def walk(node: Any) -> None:
        if isinstance(node, str):
            if "$" in node:
                for var in _parse(node):
                    found.setdefault(var.name, var)
        elif isinstance(node, dict):
            for child in node.values():
                walk(child)
        elif isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "value"):  # !reset / !override wrappers
            walk(node.value)

    walk(value)
    return found
