"""Durations, byte sizes and float32 as Docker Compose v2.40.3 parses and prints them.

Every row was checked with the real binary (``stop_grace_period``/``mem_limit``/``cpus`` of a one-service
file), including the error messages, which are Go's.
"""

from __future__ import annotations

import pytest

from pycompose.config.units import (
    format_duration,
    go_duration,
    go_float32,
    parse_duration,
    parse_go_float,
    parse_ram_in_bytes,
    unit_bytes,
)

DURATIONS = [
    ("90s", "1m30s"),
    ("1h", "1h0m0s"),
    ("120s", "2m0s"),
    ("1.5s", "1.5s"),
    ("500ms", "500ms"),
    ("1.5h", "1h30m0s"),
    ("1h1.5m", "1h1m30s"),
    ("1m30s", "1m30s"),
    ("1h2m3.5s", "1h2m3.5s"),
    (".5s", "500ms"),
    ("0.5s", "500ms"),
    ("5.s", "5s"),
    ("+5s", "5s"),
    ("-5s", "-5s"),
    ("-.5s", "-500ms"),
    ("-0", "0s"),
    ("0", "0s"),
    ("0s", "0s"),
    ("1us", "1µs"),
    ("1µs", "1µs"),
    ("1μs", "1µs"),
    ("100ns", "100ns"),
    ("1.0000000001s", "1s"),
    ("0.1ns", "0s"),
    ("1.999999999999s", "1.999999999s"),
    ("1m0.001s", "1m0.001s"),
    ("1.25m", "1m15s"),
    ("1.5555555555555555555555555h", "1h33m20s"),
    ("2d", "48h0m0s"),
    ("3d12h", "84h0m0s"),
    ("1w", "168h0m0s"),
    ("25h", "25h0m0s"),
    ("2562047h47m16.854775807s", "2562047h47m16.854775807s"),
]


@pytest.mark.parametrize(("text", "printed"), DURATIONS, ids=[d[0] for d in DURATIONS])
def test_durations(text: str, printed: str) -> None:
    assert format_duration(parse_duration(text)) == printed
    assert go_duration(text) == printed


DURATION_ERRORS = [
    ("10x", 'time: unknown unit "x" in duration "10x"'),
    ("abc", 'time: invalid duration "abc"'),
    ("1e3s", 'time: unknown unit "e" in duration "1e3s"'),
    ("1h-1m", 'time: unknown unit "h-" in duration "1h-1m"'),
    ("1y", 'time: unknown unit "y" in duration "1y"'),
    ("1 s", 'time: unknown unit " s" in duration "1 s"'),
    ("1S", 'time: unknown unit "S" in duration "1S"'),
    ("10", 'time: missing unit in duration "10"'),
    ("1..5s", 'time: missing unit in duration "1..5s"'),
    (".s", 'time: invalid duration ".s"'),
    ("", 'time: invalid duration ""'),
    ("2562048h", 'time: invalid duration "2562048h"'),
    ("100000000000000000000s", 'time: invalid duration "100000000000000000000s"'),
]


@pytest.mark.parametrize(("text", "message"), DURATION_ERRORS, ids=[d[0] or "empty" for d in DURATION_ERRORS])
def test_duration_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_duration(text)
    assert str(info.value) == message


def test_duration_of_a_number_needs_a_unit() -> None:
    """``interval: 10`` (an int) is read as the text ``10``, as Go's ``fmt.Sprint`` would."""
    with pytest.raises(ValueError, match="missing unit"):
        go_duration(10)


@pytest.mark.parametrize(
    ("nanoseconds", "printed"),
    [
        (1, "1ns"),
        (1500, "1.5µs"),
        (1_500_000, "1.5ms"),
        (61_000_000_000, "1m1s"),
        (-3_600_000_000_000, "-1h0m0s"),
    ],
)
def test_format_duration(nanoseconds: int, printed: str) -> None:
    assert format_duration(nanoseconds) == printed


SIZES = [
    ("1g", 1073741824),
    ("1.5g", 1610612736),
    ("1 g", 1073741824),
    ("2gb", 2147483648),
    ("1kib", 1024),
    ("1KiB", 1024),
    ("1kb", 1024),
    ("1k", 1024),
    ("1024k", 1048576),
    ("1.5kb", 1536),
    ("64M", 67108864),
    ("50M", 52428800),
    ("20m", 20971520),
    ("12mb", 12582912),
    ("10m", 10485760),
    ("1gib", 1073741824),
    ("1 gb", 1073741824),
    (".5g", 536870912),
    ("1.g", 1073741824),
    ("1t", 1099511627776),
    ("1p", 1125899906842624),
    ("1b", 1),
    ("1B", 1),
    ("1024", 1024),
    ("1 ", 1),
]


@pytest.mark.parametrize(("text", "size"), SIZES, ids=[s[0] for s in SIZES])
def test_ram_in_bytes(text: str, size: int) -> None:
    assert parse_ram_in_bytes(text) == size
    assert unit_bytes(text) == size


SIZE_ERRORS = [
    ("-1", "invalid size: '-1'"),
    ("abc", "invalid size: 'abc'"),
    ("", "invalid size: ''"),
    ("1x", "invalid suffix: 'x'"),
    ("1gibb", "invalid suffix: 'gibb'"),
    ("1bb", "invalid suffix: 'bb'"),
    ("1KX", "invalid suffix: 'kx'"),
    (" 1g", 'strconv.ParseFloat: parsing " 1": invalid syntax'),
]


@pytest.mark.parametrize(("text", "message"), SIZE_ERRORS, ids=[s[0] or "empty" for s in SIZE_ERRORS])
def test_ram_in_bytes_errors(text: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_ram_in_bytes(text)
    assert str(info.value) == message


@pytest.mark.parametrize(("value", "size"), [(1024, 1024), (-1, -1), (0, 0), (1.5, 0), (True, 0), (None, 0)])
def test_unit_bytes_of_yaml_scalars(value: object, size: int) -> None:
    """Integers are bytes; floats and booleans decode to 0 in compose-go (and the field is omitted)."""
    assert unit_bytes(value) == size


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (0.333333333, 0.33333334),
        (0.5, 0.5),
        (0.1, 0.1),
        (0.001, 0.001),
        (0.0001, 0.0001),
        (1.5, 1.5),
        (2.0, 2.0),
    ],
)
def test_go_float32(value: float, printed: float) -> None:
    assert go_float32(value) == printed


@pytest.mark.parametrize(
    ("text", "value"), [("0.5", 0.5), ("1e-1", 0.1), (".5", 0.5), ("-2", -2.0), ("3.", 3.0)]
)
def test_parse_go_float(text: str, value: float) -> None:
    assert parse_go_float(text) == value


@pytest.mark.parametrize("text", ["abc", " 1", "1_000", "", "0x", "1e"])
def test_parse_go_float_errors(text: str) -> None:
    with pytest.raises(ValueError, match=r"strconv\.ParseFloat: parsing"):
        parse_go_float(text)
