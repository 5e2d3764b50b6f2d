"""The one exception tree of pycompose.

Every failure a user can cause (a bad file, a bad flag, an engine refusal) is a ``PycomposeError``.
Each carries data, not just text, so the CLI can print one line naming where the problem is::

    compose.yaml:12:5: services.web.ports[0]: invalid IP address: 80:80 (hint: ...)

Tree::

    PycomposeError
    ├── UsageError            bad flags or arguments (exit 1)
    ├── ConfigError           anything about the Compose files (exit 1)
    │   ├── ParseError          YAML syntax, duplicate keys, bad tags, empty file
    │   ├── InterpolationError  ${...} syntax or a required variable missing
    │   ├── SchemaError         the file does not match the Compose specification
    │   ├── EnvFileError        a .env / env_file that is missing or malformed
    │   ├── IncludeError        include: missing file, cycle, conflicting resources
    │   ├── ExtendsError        extends: missing service or file, cycle
    │   ├── NormalizeError      a value that cannot be turned into the long syntax (ports, units...)
    │   ├── ProjectNameError    an invalid -p / COMPOSE_PROJECT_NAME
    │   └── ConsistencyError    references to undefined services/networks/volumes, cycles
    └── EngineError           the Docker Engine refused or could not be reached (exit 1)
        └── BuildError          an image build failed (names the service and the failing step)

``str(error)`` is the message alone (what Docker Compose prints); ``error.one_line()`` adds location.
Callers that know more (the loader knows the file) fill the blanks with ``error.at(...)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

KeyPath = Sequence["str | int"]


def format_key_path(path: KeyPath) -> str:
    """``("services", "web", "ports", 0)`` -> ``services.web.ports[0]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class PycomposeError(Exception):
    """Base of all errors pycompose reports to users; never shown with a traceback."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: tuple[str | int, ...] = field(default_factory=tuple)
    hint: str | None = None
    exit_code: int = 1

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def at(
        self,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        path: KeyPath | None = None,
    ) -> PycomposeError:
        """Fill in location data that is still unknown, keeping what is already there."""
        if self.file is None and file is not None:
            self.file = file
        if self.line is None and line is not None:
            self.line = line
        if self.column is None and column is not None:
            self.column = column
        if not self.path and path:
            self.path = tuple(path)
        return self

    def location(self) -> str:
        """``file:line:col`` as far as known (the file relative to the working directory), or ``""``."""
        if not self.file:
            return ""
        loc = _short_path(self.file)
        if self.line is not None:
            loc += f":{self.line}"
            if self.column is not None:
                loc += f":{self.column}"
        return loc

    def one_line(self) -> str:
        """The line a user sees: ``file:line:col: key.path: message (hint: ...)``.

        The message is Docker Compose's own text (scripts grep for it); the location and the key path
        are added in front unless the message already names them.
        """
        parts = []
        loc = self.location()
        if (loc and loc != self.file) or (loc and loc not in self.message):
            parts.append(loc)
        if self.path and not _mentions_path(self.message, self.path):
            parts.append(format_key_path(self.path))
        parts.append(" ".join(self.message.split()) if "\n" in self.message else self.message)
        line = ": ".join(parts)
        if self.hint:
            line += f" (hint: {self.hint})"
        return line


def _short_path(path: str) -> str:
    """``path`` relative to the working directory when it lies below it."""
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _mentions_path(message: str, path: tuple[str | int, ...]) -> bool:
    """Whether ``message`` already names ``path`` in one of compose-go's spellings."""
    spellings = {
        ".".join(str(p) for p in path),
        ".".join("[]" if isinstance(p, int) else str(p) for p in path),
        format_key_path(path),
        ".".join(str(p) for p in path if not isinstance(p, int)),
    }
    name = f'"{path[1]}"' if len(path) >= 2 and path[0] == "services" else None
    return any(s and s in message for s in spellings) or (name is not None and f"service {name}" in message)


class UsageError(PycomposeError):
    """A flag, argument or environment variable of the command line is wrong."""


class ConfigError(PycomposeError):
    """Something about the Compose files is wrong."""


class ParseError(ConfigError):
    """YAML that cannot be read: syntax, duplicate keys, unknown tags, an empty file."""


class InterpolationError(ConfigError):
    """A ``${...}`` expression is malformed or a required variable has no value."""


class SchemaError(ConfigError):
    """The file does not match the Compose specification's JSON schema."""


class EnvFileError(ConfigError):
    """A ``.env`` or ``env_file`` is missing or cannot be parsed."""


class IncludeError(ConfigError):
    """An ``include`` entry is missing, cyclic or conflicts with the including file."""


class ExtendsError(ConfigError):
    """An ``extends`` names a missing service or file, or extends form a cycle."""


class NormalizeError(ConfigError):
    """A value cannot be converted to the long syntax (a bad port, size, duration...)."""


class ProjectNameError(ConfigError):
    """The project name given with ``-p`` or ``COMPOSE_PROJECT_NAME`` is invalid."""


class ConsistencyError(ConfigError):
    """The model refers to things that do not exist, or its dependencies form a cycle."""


class EngineError(PycomposeError):
    """The Docker Engine refused a request or could not be reached."""


class PlanError(PycomposeError):
    """The engine's state and the compose file cannot be reconciled (e.g. an external network is missing,
    ``container_name`` with more than one replica)."""


class NotFoundError(EngineError):
    """The engine has no such container, network, volume or image (HTTP 404).

    A separate class because callers often expect it: removing or stopping what is already gone is
    not a failure for ``down``.
    """


class ConflictError(EngineError):
    """The engine refused because of the current state (HTTP 409): a name already in use, killing a
    container that is not running, removing a running container or a volume in use."""


class BuildError(EngineError):
    """An image build failed (a bad Dockerfile, a failing ``RUN``, a missing context): the message names
    the service and the failing step, the builder's own words follow."""


class WaitTimeoutError(EngineError):
    """A container did not reach its target state (running, healthy, completed) in time."""
