"""Turn YAML scalars into strings the way Go's ``fmt.Sprint`` does, as Docker Compose v2 prints them.

``environment: {A: 1.0, B: 1e3, C: true}`` becomes ``{"A": "1", "B": "1000", "C": "true"}`` in
``docker compose config``; Python's ``str`` would give ``1.0``, ``1000.0`` and ``True``.
"""

from __future__ import annotations

import datetime
import math
from typing import Any


def go_float(value: float, exponent_at: int = 6) -> str:
    """``strconv.FormatFloat(f, 'g', -1, 64)``: exponent form below 1e-4 and from 1e``exponent_at``.

    Scalars turned into strings use 6 (``1e6`` -> ``1e+06``); Go's JSON encoder uses 21.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    text = repr(value)  # shortest round-trip digits
    mantissa, _, exp_text = text.partition("e")
    exponent = int(exp_text) if exp_text else 0
    sign = "-" if mantissa.startswith("-") else ""
    mantissa = mantissa.lstrip("-")
    int_part, _, frac_part = mantissa.partition(".")
    digits = (int_part + frac_part).lstrip("0")
    # decimal exponent of the first significant digit
    if int_part.strip("0"):
        point = len(int_part.lstrip("0")) + exponent
    else:
        point = exponent - (len(frac_part) - len(frac_part.lstrip("0")))
    digits = digits.rstrip("0") or "0"
    exp10 = point - 1
    if exp10 < -4 or exp10 >= exponent_at:
        head, tail = digits[0], digits[1:]
        body = head + ("." + tail if tail else "")
        esign = "+" if exp10 >= 0 else "-"
        return f"{sign}{body}e{esign}{abs(exp10):02d}"
    if point <= 0:
        return f"{sign}0.{'0' * (-point)}{digits}"
    if point >= len(digits):
        return f"{sign}{digits}{'0' * (point - len(digits))}"
    return f"{sign}{digits[:point]}.{digits[point:]}"


def go_string(value: Any) -> str:
    """A scalar as Go prints it: ``True`` -> ``true``, ``1.0`` -> ``1``, ``None`` -> ``""``."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)
