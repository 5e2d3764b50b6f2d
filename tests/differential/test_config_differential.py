"""pycompose `config --format json` against Docker Compose v2, run live on the same files.

Two sets of cases, one test id each:

- ``fixture/<name>``: the folders of ``tests/differential/fixtures/``. Each holds compose files, an ``args``
  file (the arguments after the program name, split like a shell would) and optionally an ``env`` file
  (``KEY=VALUE`` lines added to a clean environment where ``HOME=/home/tester``). Fixtures named
  ``invalid-*`` must be rejected by the reference; every other fixture must be accepted by it.
- ``conformance/<name>``: the cases of ``../shared/conformance/cases`` (relative to the repository root;
  skipped when that folder is absent). Each ``cmd`` line is run with ``sh -c`` inside the case folder and
  ``$COMPOSE`` naming the program, as ``../shared/conformance/run`` does.

Both programs run on the same files with the same environment; their outputs are compared directly
(no stored expectations). A case the reference accepts passes when pycompose prints the same JSON (key
order aside). A case the reference rejects passes when pycompose exits non-zero too, without a Python
traceback or an "internal error" (pycompose's last-resort message for an unexpected exception).

All selected cases run once, in parallel, in a module-scoped fixture; each test then looks up its result.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

_TESTS_DIR = Path(__file__).resolve().parents[1]
if str(_TESTS_DIR) not in sys.path:
    sys.path.insert(0, str(_TESTS_DIR))

from oracle import SKIP_REASON, oracle_binary  # noqa: E402

REPO_ROOT = _TESTS_DIR.parent
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
CONFORMANCE_DIR = REPO_ROOT.parent / "shared" / "conformance" / "cases"
HOME = "/home/tester"
TIMEOUT = 60
TRACEBACK = "Traceback (most recent call last)"
INTERNAL_ERROR = "internal error:"
MAX_DIFF_LINES = 40

pytestmark = [
    pytest.mark.oracle,
    pytest.mark.skipif(oracle_binary() is None, reason=SKIP_REASON),
]


# ------------------------------------------------------------------------------------------------ cases


@dataclass(frozen=True)
class Case:
    kind: str  # "fixture" or "conformance"
    name: str
    folder: Path
    argv: tuple[str, ...] = ()  # fixture: arguments after the program name
    shell: str | None = None  # conformance: the `cmd` line
    env: tuple[tuple[str, str], ...] = ()
    expect_invalid: bool | None = None  # what the case says about itself, checked against the oracle

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.name}"


def _read_env_file(path: Path) -> tuple[tuple[str, str], ...]:
    pairs = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = raw.partition("=")
        if not sep:
            raise ValueError(f"{path}: not a KEY=VALUE line: {raw!r}")
        pairs.append((key.strip(), value))
    return tuple(pairs)


def _fixture_cases() -> list[Case]:
    cases = []
    if not FIXTURES_DIR.is_dir():
        return cases
    for folder in sorted(FIXTURES_DIR.iterdir()):
        args = folder / "args"
        if not args.is_file():
            continue
        env_file = folder / "env"
        cases.append(
            Case(
                kind="fixture",
                name=folder.name,
                folder=folder,
                argv=tuple(shlex.split(args.read_text(encoding="utf-8"))),
                env=_read_env_file(env_file) if env_file.is_file() else (),
                expect_invalid=folder.name.startswith("invalid-"),
            )
        )
    return cases


def _conformance_cases() -> list[Case]:
    cases = []
    if not CONFORMANCE_DIR.is_dir():
        return cases
    for folder in sorted(CONFORMANCE_DIR.iterdir()):
        cmd = folder / "cmd"
        if not cmd.is_file():
            continue
        if (folder / "expected.rc").is_file():
            expect_invalid: bool | None = True
        elif (folder / "expected.json").is_file():
            expect_invalid = False
        else:
            expect_invalid = None
        cases.append(
            Case(
                kind="conformance",
                name=folder.name,
                folder=folder,
                shell=cmd.read_text(encoding="utf-8").strip(),
                expect_invalid=expect_invalid,
            )
        )
    return cases


ALL_CASES = _fixture_cases() + _conformance_cases()


# ---------------------------------------------------------------------------------------------- running


@dataclass
class Run:
    returncode: int | None  # None: timed out
    stdout: str = ""
    stderr: str = ""

    def describe(self) -> str:
        if self.returncode is None:
            return f"timed out after {TIMEOUT} s"
        tail = self.stderr.strip()[-600:]
        return f"exit {self.returncode}" + (f", stderr:\n{tail}" if tail else "")


@dataclass
class Programs:
    oracle: str
    pycompose_argv: tuple[str, ...]
    pycompose_wrapper: str  # an executable file for $COMPOSE in conformance `cmd` lines
    base_env: dict[str, str] = field(default_factory=dict)


def _base_env() -> dict[str, str]:
    """What both programs get besides the case's own variables: HOME, and an importable pycompose."""
    env = {"HOME": HOME}
    pythonpath = [str(REPO_ROOT)]
    if os.environ.get("PYTHONPATH"):
        pythonpath.append(os.environ["PYTHONPATH"])
    env["PYTHONPATH"] = os.pathsep.join(pythonpath)
    return env


def _run(argv: list[str], cwd: Path, env: dict[str, str]) -> Run:
    try:
        proc = subprocess.run(
            argv,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stderr.decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else exc.stderr or ""
        return Run(None, "", out)
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _run_case(case: Case, programs: Programs, which: str) -> Run:
    env = dict(programs.base_env)
    if case.kind == "fixture":
        env.update(case.env)
        prefix = [programs.oracle] if which == "oracle" else list(programs.pycompose_argv)
        return _run([*prefix, *case.argv], case.folder, env)
    # conformance: like ../shared/conformance/run (minimal PATH for sh, $COMPOSE names the program)
    env["PATH"] = os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")
    for key in ("LANG", "LC_ALL"):
        if key in os.environ:
            env[key] = os.environ[key]
    env["COMPOSE"] = programs.oracle if which == "oracle" else programs.pycompose_wrapper
    return _run(["sh", "-c", case.shell or ""], case.folder, env)


def _make_wrapper(folder: Path) -> str:
    path = folder / "pycompose"
    path.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m pycompose "$@"\n', encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return str(path)


@pytest.fixture(scope="module")
def programs(tmp_path_factory: pytest.TempPathFactory) -> Programs:
    binary = oracle_binary()
    if binary is None:  # pragma: no cover - the module is skipped then
        pytest.skip(SKIP_REASON)
    wrapper = _make_wrapper(tmp_path_factory.mktemp("pycompose-bin"))
    return Programs(
        oracle=binary,
        pycompose_argv=(sys.executable, "-m", "pycompose"),
        pycompose_wrapper=wrapper,
        base_env=_base_env(),
    )


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, programs: Programs) -> dict[str, tuple[Run, Run]]:
    """Run every selected case with both programs, in parallel: ``{case id: (oracle, pycompose)}``."""
    selected: list[Case] = []
    for item in request.session.items:
        callspec = getattr(item, "callspec", None)
        if getattr(item, "module", None) is request.module and callspec and "case" in callspec.params:
            selected.append(callspec.params["case"])
    jobs = [(case, which) for case in selected for which in ("oracle", "pycompose")]
    workers = max(2, min(16, (os.cpu_count() or 2) * 2))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = list(pool.map(lambda job: _run_case(job[0], programs, job[1]), jobs))
    results: dict[str, dict[str, Run]] = {}
    for (case, which), run in zip(jobs, runs, strict=True):
        results.setdefault(case.id, {})[which] = run
    return {key: (value["oracle"], value["pycompose"]) for key, value in results.items()}


# -------------------------------------------------------------------------------------------- comparing


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": [1]}}`` -> ``{"a.b[0]": 1}``; empty containers are kept as leaves."""
    out: dict[str, Any] = {}
    if isinstance(value, dict) and value:
        for key in sorted(value):
            out.update(_flatten(value[key], f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}[{index}]"))
    else:
        out[prefix or "<root>"] = value
    return out


def compact_diff(want: Any, got: Any, limit: int = MAX_DIFF_LINES) -> str:
    """One line per differing leaf: ``- path: oracle value`` / ``+ path: pycompose value``."""
    a, b = _flatten(want), _flatten(got)
    lines = []
    for path in sorted(set(a) | set(b)):
        if path in a and path in b and a[path] == b[path] and type(a[path]) is type(b[path]):
            continue
        if path in a:
            lines.append(f"- {path}: {json.dumps(a[path])}")
        if path in b:
            lines.append(f"+ {path}: {json.dumps(b[path])}")
    if len(lines) > limit:
        lines = [*lines[:limit], f"... {len(lines) - limit} more lines"]
    return "\n".join(lines)


def _canonical(value: Any) -> str:
    """Key order aside, but ``true`` is not ``1`` and ``1.0`` is not ``1`` (Python's ``==`` says they are)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _parse_json(run: Run, who: str) -> Any:
    try:
        return json.loads(run.stdout)
    except ValueError:
        pytest.fail(f"{who} printed no JSON: {run.stdout[:300]!r}\n{run.describe()}")


# ------------------------------------------------------------------------------------------------ tests


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in ALL_CASES])
def test_config_matches_docker_compose(case: Case, outcomes: dict[str, tuple[Run, Run]]) -> None:
    oracle, mine = outcomes[case.id]
    if oracle.returncode is None:
        pytest.fail(f"the reference timed out: {oracle.describe()}")
    oracle_ok = oracle.returncode == 0
    if case.expect_invalid is True and oracle_ok:
        pytest.fail("the case is meant to be invalid but Docker Compose accepts it; fix the case")
    if case.expect_invalid is False and not oracle_ok:
        pytest.fail(f"the case is meant to be valid but Docker Compose rejects it: {oracle.describe()}")

    if mine.returncode is None:
        pytest.fail(f"pycompose {mine.describe()}")
    for marker in (TRACEBACK, INTERNAL_ERROR):
        if marker in mine.stderr:
            pytest.fail(f"pycompose printed {marker!r}:\n{mine.stderr.strip()[-1500:]}")

    if not oracle_ok:
        assert mine.returncode != 0, (
            "pycompose accepted input that Docker Compose rejects.\n"
            f"Docker Compose: {oracle.stderr.strip()[-400:]}\npycompose stdout: {mine.stdout[:300]}"
        )
        return

    if mine.returncode != 0:
        pytest.fail(f"pycompose failed on input Docker Compose accepts: {mine.describe()}")
    want = _parse_json(oracle, "Docker Compose")
    got = _parse_json(mine, "pycompose")
    if _canonical(want) != _canonical(got):
        pytest.fail("JSON differs (- Docker Compose, + pycompose):\n" + compact_diff(want, got))
