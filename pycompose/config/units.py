"""Durations, byte sizes and float32 numbers parsed and printed exactly as Docker Compose v2 does.

``docker compose config`` prints ``stop_grace_period: 90s`` as ``1m30s`` (Go's ``time.Duration.String``),
``mem_limit: 1g`` as ``"1073741824"`` (docker/go-units ``RAMInBytes``) and ``cpus: 0.333333333`` as
``0.33333334`` (a Go ``float32``). Reproducing the Go algorithms, including their error messages and
rounding, is what makes pycompose's output byte-for-byte comparable with the reference.
"""

from __future__ import annotations

import math
import re
import struct

from pycompose.config.goformat import go_string

__all__ = [
    "format_duration",
    "go_duration",
    "go_float32",
    "parse_duration",
    "parse_go_float",
    "parse_ram_in_bytes",
    "unit_bytes",
]

_NANOSECOND = 1
_MICROSECOND = 1000 * _NANOSECOND
_MILLISECOND = 1000 * _MICROSECOND
_SECOND = 1000 * _MILLISECOND
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE
_INT64_MAX = (1 << 63) - 1

# github.com/xhit/go-str2duration/v2: Go's units plus days and weeks.
_DURATION_UNITS = {
    "ns": _NANOSECOND,
    "us": _MICROSECOND,
    "µs": _MICROSECOND,  # U+00B5 micro sign
    "μs": _MICROSECOND,  # U+03BC greek mu
    "ms": _MILLISECOND,
    "s": _SECOND,
    "m": _MINUTE,
    "h": _HOUR,
    "d": 24 * _HOUR,
    "w": 168 * _HOUR,
}


def _invalid_duration(orig: str) -> ValueError:
    return ValueError(f'time: invalid duration "{orig}"')


def _leading_digits(s: str) -> tuple[str, str]:
    """Split ``s`` into its leading ``[0-9]*`` run and the rest."""
    i = 0
    while i < len(s) and "0" <= s[i] <= "9":
        i += 1
    return s[:i], s[i:]


def _fraction(digits: str) -> tuple[int, float]:
    """Go's ``leadingFraction``: digits past int64 precision are dropped, not an error."""
    value, scale = 0, 1.0
    for ch in digits:
        nxt = value * 10 + ord(ch) - 48
        if nxt > _INT64_MAX:
            break
        value, scale = nxt, scale * 10
    return value, scale


def parse_duration(text: str) -> int:
    """A duration string (``"1m30s"``, ``"1.5h"``, ``"2d"``) as integer nanoseconds.

    Port of ``str2duration.ParseDuration`` (used by compose-go): a signed sequence of decimal numbers,
    each with a unit; ``"0"`` alone is allowed. Raises ``ValueError`` with Go's message.
    """
    orig, s = text, text
    negative = False
    if s[:1] in ("-", "+"):
        negative = s[0] == "-"
        s = s[1:]
    if s == "0":
        return 0
    if s == "":
        raise _invalid_duration(orig)
    total = 0
    while s:
        if not (s[0] == "." or "0" <= s[0] <= "9"):
            raise _invalid_duration(orig)
        int_digits, s = _leading_digits(s)
        whole = int(int_digits) if int_digits else 0
        if whole > _INT64_MAX:
            raise _invalid_duration(orig)
        frac, scale, frac_digits = 0, 1.0, ""
        if s[:1] == ".":
            frac_digits, s = _leading_digits(s[1:])
            frac, scale = _fraction(frac_digits)
        if not int_digits and not frac_digits:
            raise _invalid_duration(orig)
        i = 0
        while i < len(s) and s[i] != "." and not ("0" <= s[i] <= "9"):
            i += 1
        if i == 0:
            raise ValueError(f'time: missing unit in duration "{orig}"')
        unit_name, s = s[:i], s[i:]
        unit = _DURATION_UNITS.get(unit_name)
        if unit is None:
            raise ValueError(f'time: unknown unit "{unit_name}" in duration "{orig}"')
        if whole > _INT64_MAX // unit:
            raise _invalid_duration(orig)
        value = whole * unit
        if frac > 0:
            value += int(float(frac) * (float(unit) / scale))
            if value > _INT64_MAX:
                raise _invalid_duration(orig)
        total += value
        if total > _INT64_MAX:
            raise _invalid_duration(orig)
    return -total if negative else total


def _fmt_frac(value: int, precision: int) -> tuple[str, int]:
    """Go's ``fmtFrac``: ``.123`` without trailing zeros (empty when zero), and the integer part."""
    digits = ""
    printed = False
    for _ in range(precision):
        digit = value % 10
        printed = printed or digit != 0
        if printed:
            digits = str(digit) + digits
        value //= 10
    return ("." + digits if printed else ""), value


def format_duration(nanoseconds: int) -> str:
    """Go's ``time.Duration.String``: ``90s`` -> ``1m30s``, ``1h`` -> ``1h0m0s``, ``500ms``, ``1µs``."""
    u = abs(nanoseconds)
    sign = "-" if nanoseconds < 0 else ""
    if u == 0:
        return "0s"
    if u < _SECOND:
        if u < _MICROSECOND:
            return f"{sign}{u}ns"
        if u < _MILLISECOND:
            frac, whole = _fmt_frac(u, 3)
            return f"{sign}{whole}{frac}µs"
        frac, whole = _fmt_frac(u, 6)
        return f"{sign}{whole}{frac}ms"
    frac, seconds = _fmt_frac(u, 9)
    out = f"{seconds % 60}{frac}s"
    minutes = seconds // 60
    if minutes:
        out = f"{minutes % 60}m{out}"
        hours = minutes // 60
        if hours:
            out = f"{hours}h{out}"
    return sign + out


def go_duration(value: object) -> str:
    """A Compose duration value as Docker Compose prints it; any scalar is read as its text (Go's ``%v``)."""
    text = value if isinstance(value, str) else go_string(value)
    return format_duration(parse_duration(text))


_GO_FLOAT = re.compile(r"[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)", re.IGNORECASE)


def parse_go_float(text: str) -> float:
    """``strconv.ParseFloat(text, 64)`` for decimal input, with Go's error message.

    Python's ``float`` is more lenient (spaces, ``1_000``), which would accept files the reference rejects.
    """
    if not _GO_FLOAT.fullmatch(text):
        raise ValueError(f'strconv.ParseFloat: parsing "{text}": invalid syntax')
    return float(text)


_BINARY_UNITS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40, "p": 1 << 50}


def parse_ram_in_bytes(text: str) -> int:
    """docker/go-units ``RAMInBytes``: ``"1g"``, ``"2gb"``, ``"64M"``, ``"1.5 KiB"`` -> bytes (binary units).

    The number is everything up to the last digit, dot or space; the suffix after it is ``b``, a unit
    letter, or a unit letter followed by ``b`` or ``ib`` (case-insensitive).
    """
    sep = max(text.rfind(ch) for ch in "0123456789. ")
    if sep == -1:
        raise ValueError(f"invalid size: '{text}'")
    if text[sep] == " ":
        number, suffix = text[:sep], text[sep + 1 :]
    else:
        number, suffix = text[: sep + 1], text[sep + 1 :]
    size = parse_go_float(number)
    if size < 0:
        raise ValueError(f"invalid size: '{text}'")
    if not suffix:
        return int(size)
    lowered = suffix.lower()
    if len(suffix) > 3:
        raise ValueError(f"invalid suffix: '{suffix}'")
    if lowered[0] == "b":
        if len(lowered) > 1:
            raise ValueError(f"invalid suffix: '{lowered}'")
        return int(size)
    multiplier = _BINARY_UNITS.get(lowered[0])
    if (
        multiplier is None
        or (len(lowered) == 2 and lowered[1] != "b")
        or (len(lowered) == 3 and lowered[1:] != "ib")
    ):
        raise ValueError(f"invalid suffix: '{lowered}'")
    return int(size * multiplier)


def unit_bytes(value: object) -> int:
    """A byte-size field (``mem_limit``, ``shm_size``...) as an integer, like compose-go's ``UnitBytes``.

    Integers are taken as bytes, strings go through ``RAMInBytes``; other YAML types (floats, booleans)
    decode to 0 in compose-go, which then omits the field.
    """
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return parse_ram_in_bytes(value)
    return 0


def go_float32(value: float) -> float:
    """``value`` rounded to a Go ``float32``, as the shortest decimal that round-trips at 32 bits.

    Go's JSON encoder prints a ``float32`` field (``cpus``, ``deploy.resources.*.cpus``) with 32-bit
    precision, so ``0.333333333`` becomes ``0.33333334``; this returns the Python float of that text.
    """
    if math.isnan(value) or math.isinf(value):
        return value
    try:
        packed = struct.pack("<f", value)
    except OverflowError:
        return math.copysign(math.inf, value)
    single = struct.unpack("<f", packed)[0]
    for digits in range(1, 10):
        text = f"{single:.{digits}g}"
        if struct.pack("<f", float(text)) == packed:
            return float(text)
    return single
