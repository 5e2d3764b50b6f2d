#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: make a virtualenv with pycompose and its test extra
# (which brings the Docker Compose v2 binary used as the oracle), make sure a Docker Engine answers
# (scripts/ensure-engine.sh installs and starts one when run as root), then pytest.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/unit -q`.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${PYCOMPOSE_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'
# compiled bytecode, as a regular install has it (PYTHONDONTWRITEBYTECODE may be set)
"$VENV/bin/python" -m compileall -q pycompose >/dev/null

if ! docker info >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ]; then
        bash scripts/ensure-engine.sh
    else
        echo "no Docker Engine answers and not root: engine tests will be skipped" >&2
    fi
fi

# the code style is part of the product: lint first (ruff is pinned in the test extra)
"$VENV/bin/ruff" check pycompose tests tools benchmarks

set +e
"$VENV/bin/python" -m pytest --durations=25 "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
    echo "pytest collected no tests" >&2
fi
exit "$rc"
