"""The ``.env`` / ``env_file`` parser of compose-go v2.9.1 (``dotenv/parser.go``), and the ``raw`` format.

Facts checked against Docker Compose v2.40.3, some of them surprising:

* ``${VAR}`` in a value asks ``lookup`` (the OS / project environment) *first*, and only then the keys
  defined earlier in the same file: with ``IMAGE=os`` in the shell, ``IMAGE=file`` then
  ``REF=${IMAGE}`` gives ``REF=os``.
* Unquoted values end at a newline or at `` #`` (space, hash); ``x#y`` keeps its hash. Single quotes are
  literal except that ``\\'`` drops its backslash; double quotes handle ``\\n \\t \\" \\\\ \\$ \\0ooo``
  and then expand variables.
* A bare ``KEY`` line takes ``lookup(KEY)`` or is omitted; a bare last line *without* a newline is
  read as the value of the empty key (``{"": "KEY"}``), a compose-go quirk kept as is.
* Keys may hold letters, digits and ``_ . - [ ]``; ``export`` before a key is ignored; ``KEY: value``
  works too. Line numbers in errors follow compose-go's counter, quirks included.

The ``raw`` format (``env_file: {format: raw}``) is Docker CLI's ``--env-file`` format: ``KEY=VALUE``
verbatim, no quotes, no interpolation, no comments after values.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pycompose.config.interpolation import Lookup, TemplateError, expand, go_quote
from pycompose.errors import EnvFileError

_EXPORT = re.compile(r"export[\t\n\f\r ]+")
_ESCAPE = re.compile(r"\\(?:[abcfnrtv$\"\\]|0[0-9]{0,3})")
_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "c": None,
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    '"': '"',
    "\\": "\\",
}

# Go's isSpace in dotenv: blanks that do not end a line.
_LINE_SPACE = frozenset("\t\v\f\r \x85\xa0")
# Go's unicode.IsSpace: Python's str.isspace() minus the ASCII separators U+001C..U+001F.
_NOT_GO_SPACE = frozenset("\x1c\x1d\x1e\x1f")


def _is_go_space(char: str) -> bool:
    return char.isspace() and char not in _NOT_GO_SPACE


def _rstrip_go(text: str) -> str:
    end = len(text)
    while end and _is_go_space(text[end - 1]):
        end -= 1
    return text[:end]


def _valid_key_char(char: str) -> bool:
    if char in "_.-[]":
        return True
    return char.isalpha() or unicodedata.category(char).startswith("N")


class _Parser:
    """One pass over a file, keeping compose-go's line counter for its error messages."""

    def __init__(self, text: str, filename: str, lookup: Lookup, base: dict[str, str] | None) -> None:
        self.text = text
        self.size = len(text)
        self.filename = filename
        self.lookup = lookup
        self.line = 1
        self.own: dict[str, str | None] = {}
        self.visible: dict[str, str | None] = dict(base) if base else {}

    def fail(self, message: str) -> EnvFileError:
        return EnvFileError(f"failed to read {self.filename}: {message}", file=self.filename, line=self.line)

    def parse(self) -> dict[str, str | None]:
        pos = 0
        while True:
            pos = self.statement_start(pos)
            if pos < 0:
                return self.own
            pos = self.statement(pos)

    def statement_start(self, pos: int) -> int:
        """Skip blank space (counting newlines) and ``#`` comment lines; -1 at the end of the text."""
        text, size = self.text, self.size
        while True:
            while pos < size and _is_go_space(text[pos]):
                if text[pos] == "\n":
                    self.line += 1
                pos += 1
            if pos >= size:
                return -1
            if text[pos] != "#":
                return pos
            pos = text.find("\n", pos)
            if pos < 0:
                return -1

    def statement(self, pos: int) -> int:
        key, pos, inherited = self.key_name(pos)
        if " " in key:
            raise self.fail(f"line {self.line}: key cannot contain a space")
        if inherited:
            value = self.lookup(key)
            if value is not None:
                self.assign(key, value)
            return pos
        value, pos = self.value(pos)
        self.assign(key, value)
        return pos

    def assign(self, key: str, value: str) -> None:
        self.own[key] = value
        self.visible[key] = value

    def key_name(self, pos: int) -> tuple[str, int, bool]:
        text, size = self.text, self.size
        if _EXPORT.match(text, pos):
            pos += len("export")
            while pos < size and text[pos] in _LINE_SPACE:
                pos += 1
        key, end, inherited = self.scan_key(pos)
        if pos >= size:
            raise self.fail("zero length string")
        if inherited and " " not in key:
            self.line += 1
        key = _rstrip_go(key)
        while end < size and text[end] in _LINE_SPACE:
            end += 1
        return key, end, inherited

    def scan_key(self, pos: int) -> tuple[str, int, bool]:
        """The key up to ``=``, ``:`` or a newline (a bare, inherited key)."""
        text = self.text
        for index in range(pos, self.size):
            char = text[index]
            if char in _LINE_SPACE:
                continue
            if char in "=:\n":
                return text[pos:index], index + 1, char == "\n"
            if not _valid_key_char(char):
                first_line = go_quote(text[pos:].split("\n", 1)[0])
                raise self.fail(
                    f"line {self.line}: unexpected character {go_quote(char)} in variable name {first_line}"
                )
        return "", pos, False

    def value(self, pos: int) -> tuple[str, int]:
        text = self.text
        quote = text[pos] if pos < self.size else ""
        if quote not in ("'", '"'):
            end = text.find("\n", pos)
            raw, rest = (text[pos:], self.size) if end < 0 else (text[pos:end], end + 1)
            self.line += 1
            raw = _rstrip_go(raw.split(" #", 1)[0])
            return self.expand(raw), rest
        value, rest = self.quoted(pos, quote)
        if quote == '"':
            value = self.expand(_expand_escapes(value))
        return value, rest

    def quoted(self, pos: int, quote: str) -> tuple[str, int]:
        text = self.text
        chars: list[str] = []
        escaped = False
        for index in range(pos + 1, self.size):
            char = text[index]
            if char == "\n":
                self.line += 1
            if escaped:
                escaped = False
                if char != quote:
                    chars.append("\\")
                chars.append(char)
            elif char == "\\":
                escaped = True
            elif char == quote:
                return "".join(chars), index + 1
            else:
                chars.append(char)
        end = text.find("\n", pos)
        raise self.fail(
            f"line {self.line}: unterminated quoted value {text[pos:] if end < 0 else text[pos:end]}"
        )

    def expand(self, value: str) -> str:
        if "$" not in value:
            return value
        lookup, visible = self.lookup, self.visible

        def mapping(name: str) -> str | None:
            found = lookup(name)
            return found if found is not None else visible.get(name)

        try:
            return expand(value, mapping)
        except TemplateError as exc:
            raise self.fail(exc.describe()) from None


def _expand_escapes(value: str) -> str:
    """Double-quote escapes; ``\\$`` becomes ``$$`` so that expansion yields a literal ``$``."""
    if "\\" not in value:
        return value
    return _ESCAPE.sub(_unescape, value)


def _unescape(match: re.Match[str]) -> str:
    text = match.group(0)
    char = text[1]
    if char == "$":
        return "$$"
    if char != "0":
        replacement = _SIMPLE_ESCAPES[char]
        return text if replacement is None else replacement
    # ``\0ooo`` is an octal escape written with a leading zero; Go's UnquoteChar wants exactly three
    # octal digits up to 0o377, otherwise the text stays, minus that zero (compose-go rewrites first).
    octal = text[2:]
    if len(octal) == 3 and all(c in "01234567" for c in octal) and int(octal, 8) <= 0o377:
        return chr(int(octal, 8))
    return "\\" + octal


def parse_dotenv(
    text: str, filename: str, lookup: Lookup, base: dict[str, str] | None = None
) -> dict[str, str | None]:
    """The variables of a ``.env`` / ``env_file`` text, in file order.

    ``lookup`` answers ``${VAR}`` first and bare ``KEY`` lines; after it come the keys set earlier in
    this file, then ``base`` (for ``env_file`` lists: the files read before this one, which compose-go
    keeps in the same map). Only this file's keys are returned.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    return _Parser(text, filename, lookup, base).parse()


def parse_dotenv_raw(text: str, filename: str, lookup: Lookup | None = None) -> dict[str, str]:
    """``env_file`` ``format: raw``: ``KEY=VALUE`` verbatim (Docker CLI ``--env-file`` rules).

    Leading blanks and ``#`` lines are skipped, the value keeps everything after the first ``=``
    (quotes, ``${...}``, trailing blanks); a bare ``KEY`` takes ``lookup(KEY)`` when given and set.
    """
    out: dict[str, str] = {}
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, raw_line in enumerate(lines, start=1):
        line = raw_line[:-1] if raw_line.endswith("\r") else raw_line
        if number == 1 and line.startswith("\ufeff"):
            line = line[1:]
        line = _lstrip_go(line)
        if not line or line.startswith("#"):
            continue
        key, has_value, value = line.partition("=")
        if " " in key or "\t" in key:
            raise _raw_error(filename, number, f"variable '{key}' contains whitespaces")
        if not key:
            raise _raw_error(filename, number, f"no variable name on line '{line}'")
        if has_value:
            out[key] = value
        elif lookup is not None:
            found = lookup(line)
            if found is not None:
                out[key.strip(" \t\n\r\v\f")] = found
    return out


def _lstrip_go(text: str) -> str:
    start = 0
    while start < len(text) and _is_go_space(text[start]):
        start += 1
    return text[start:]


def _raw_error(filename: str, line: int, message: str) -> EnvFileError:
    return EnvFileError(f"failed to parse env_file {filename}: {message}", file=filename, line=line)


def _invalid_utf8_line(data: bytes) -> tuple[int, bytes] | None:
    """The first line (1-based) that is not valid UTF-8, as the raw reader reports it."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number, line.rstrip(b"\r")
    return None


def read_dotenv_file(
    path: str, lookup: Lookup, raw: bool = False, base: dict[str, str] | None = None
) -> dict[str, str | None]:
    """Read and parse one env file; ``path`` should be absolute (it appears in messages).

    For a service's ``env_file`` list Docker Compose uses ``lookup`` = project environment, then the
    service's ``environment`` values; the files read before go in ``base`` (see ``parse_dotenv``).
    A missing file raises the ``env_file`` message (``env file X not found: stat X: ...``); callers
    reading ``--env-file`` reword it as ``couldn't find env file: X``.
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise EnvFileError(
            f"env file {path} not found: stat {path}: no such file or directory", file=path
        ) from None
    except IsADirectoryError:
        raise EnvFileError(f"failed to read {path}: read {path}: is a directory", file=path) from None
    if raw:
        bad = _invalid_utf8_line(data)
        if bad is not None:
            number, line = bad
            listing = " ".join(str(byte) for byte in line)
            raise _raw_error(path, number, f"invalid utf8 bytes at line {number}: [{listing}]")
        return dict(parse_dotenv_raw(data.decode("utf-8"), path, lookup))
    return parse_dotenv(data.decode("utf-8", errors="replace"), path, lookup, base)
