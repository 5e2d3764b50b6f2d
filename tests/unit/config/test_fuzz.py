"""Fuzz the loader: whatever the input, loading ends with a model or a ``PycomposeError``, quickly.

Two sources of inputs, each loaded in-process through ``load_model`` (and, on success, emitted as JSON
and YAML, as ``config`` would):

(a) random Compose-shaped documents: services with keys taken from the Compose schema, values that are
    either plausible for the key (ports, volumes, durations...) or anything (nested maps and lists,
    numbers, booleans, null, strings with ``$``, ``${``, ``:``, ``{``, unicode), dumped to YAML;
(b) mutations of real compose files (the differential fixtures and the conformance cases): lines
    deleted, duplicated, swapped or re-indented, random characters inserted, values turned into other
    types or tagged (``!reset``, anchors, aliases), files truncated.

Any other exception (``KeyError``, ``TypeError``, ``RecursionError``...) is a bug: users would see
"internal error". A hard time limit per example (SIGALRM) turns a hang into a failure, and specific tests
cover pathological inputs: alias bombs ("billion laughs"), deep nesting, long ``$`` runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pycompose.cli.errors import describe
from pycompose.config.emit import to_json, to_yaml
from pycompose.config.loader import load_model
from pycompose.config.options import LoadOptions
from pycompose.errors import PycomposeError

REPO_ROOT = Path(__file__).resolve().parents[3]
SCHEMA = REPO_ROOT / "schemas" / "compose-spec.json"
FIXTURES_DIR = REPO_ROOT / "tests" / "differential" / "fixtures"
CONFORMANCE_DIR = REPO_ROOT.parent / "shared" / "conformance" / "cases"
HOME = "/home/tester"
HARD_LIMIT = 20.0  # seconds for one load; far above the normal few milliseconds

# ~100 examples per fuzz test keeps the suite fast; PYCOMPOSE_FUZZ_EXAMPLES=5000 for a longer hunt
FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("PYCOMPOSE_FUZZ_EXAMPLES", "100")),
    deadline=timedelta(seconds=5),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


# ------------------------------------------------------------------------------------------ the harness


LAST_ERROR = [""]


class Hang(BaseException):
    """Raised by the alarm; a BaseException so that no ``except Exception`` in the loader can eat it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread on POSIX only; elsewhere no limit)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_load(options: LoadOptions, label: str = "", limit: float = HARD_LIMIT) -> str:
    """Load ``options``; return "ok" or "error" (the kind in ``LAST_ERROR``), fail on anything else."""
    try:
        with time_limit(limit):
            try:
                loaded = load_model(options)
            except PycomposeError as exc:
                message, code = describe(exc)
                assert isinstance(message, str) and message.strip(), f"empty error message for {exc!r}"
                assert code != 0, f"error {message!r} with exit code 0"
                assert "internal error" not in message, message
                LAST_ERROR[0] = type(exc).__name__
                return "error"
            json.loads(to_json(loaded.model))
            to_yaml(loaded.model)
            return "ok"
    except Hang:
        raise AssertionError(f"loading {label or options.files} did not finish within {limit} s") from None


def options_for(
    files: list[str],
    working_dir: str,
    environ: dict[str, str] | None = None,
    project_name: str | None = "fuzz",
) -> LoadOptions:
    env = {"HOME": HOME, "SET": "value", "EMPTY": ""}
    env.update(environ or {})
    return LoadOptions(
        files=tuple(files),
        project_name=project_name,
        environ=env,
        working_dir=working_dir,
        stdin_text="",  # a path "-" must never wait on the test's stdin
    )


def load_text(text: str, name: str = "compose.yaml") -> str:
    with tempfile.TemporaryDirectory(prefix="pycompose-fuzz-") as tmp:
        path = os.path.join(tmp, name)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        return check_load(options_for([path], tmp), label=text[:200])


# ------------------------------------------------------------------------ (a) Compose-shaped documents


def _service_keys() -> list[str]:
    try:
        schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
        return sorted(schema["definitions"]["service"]["properties"])
    except (OSError, KeyError, ValueError):  # pragma: no cover - the schema ships with the repository
        return ["image", "build", "command", "environment", "ports", "volumes", "depends_on", "networks"]


SERVICE_KEYS = _service_keys()
SERVICE_NAMES = ["web", "db", "api", "cache", "a", "b", "x-svc", "Web", "1st", "日本", ""]
GOOD_SERVICE_NAMES = SERVICE_NAMES[:6]
RESOURCE_NAMES = ["default", "front", "back", "data", "ext", "s1", "c1", "named"]

TRICKY = [
    "$",
    "$$",
    "${",
    "${A",
    "${SET}",
    "${UNSET}",
    "${SET:-d}",
    "${UNSET:-${SET}}",
    "${A:?must}",
    "${A?}",
    "${A.B}",
    "${:-x}",
    "$SET/x",
    "a$",
    "${SET:+alt}",
    "$${SET}",
    ":",
    "::",
    "{",
    "}",
    "[",
    "]",
    "- ",
    "#",
    " # c",
    "&a",
    "*a",
    "!reset",
    "!override",
    "<<",
    "yes",
    "no",
    "on",
    "0755",
    "0o17",
    "1_000",
    "1e3",
    ".inf",
    "2001-12-14",
    "22:22",
    "80:80",
    "8000-8002:80-81",
    "127.0.0.1::5000",
    "[::1]:80:80",
    "80:80:80:80",
    "./rel:/x",
    "~/x:/y:ro",
    "/abs",
    "vol:/v:nocopy",
    "1g",
    "64M",
    "1.5gb",
    "90s",
    "1h30m",
    "500ms",
    "-1s",
    "A=1",
    "=x",
    "K",
    "host:1.2.3.4",
    "service:web",
    "container:x",
    "host",
    "none",
    "CMD-SHELL",
    "NONE",
    "é",
    "日本語",
    "\U0001f600",
    "\t",
    "a\nb",
    "'",
    '"',
    "\\",
    "%",
    "@",
    "null",
    "~",
]

text_values = st.one_of(
    st.sampled_from(TRICKY),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
    st.text(alphabet="${}:-+?=/. aA_0123456789", max_size=16),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**64), max_value=2**64),
    st.floats(allow_nan=True, allow_infinity=True),
    text_values,
)
keys = st.one_of(st.sampled_from(["a", "A", "x-k", "name", "image", "target", "source"]), text_values)
anything = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=4)),
    max_leaves=12,
)

safe_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_./", min_size=1, max_size=10)
# one_of draws its branches evenly: repeat a branch to make it likelier (valid-looking values get further)
mostly_safe = st.one_of(safe_text, safe_text, safe_text, text_values)

port_strings = st.one_of(
    st.sampled_from(
        [
            "80",
            "80:80",
            "8080:80/udp",
            "127.0.0.1:8000:8000",
            "3000-3002",
            "9090-9091:8080-8081",
            "[::1]:6001:6001",
            "127.0.0.1::5000",
            "80:80:80:80",
            "x:y",
            "-1",
            "65536:80",
        ]
    ),
    st.integers(min_value=-5, max_value=70000),
    st.builds(lambda a, b: f"{a}:{b}", st.integers(1, 65535), st.integers(1, 65535)),
    st.builds(lambda a, b: f"{a}:{b}", st.integers(0, 70000), st.integers(0, 70000)),
)
volume_strings = st.one_of(
    st.sampled_from(
        [
            "/data",
            "data:/data",
            "./rel:/rel:ro",
            "~/x:/x",
            ".:/app",
            "/a:/b:rslave",
            "/a:/b:ro,z",
            "v:/v",
            "data:/d:nocopy",
            "C:\\x:/x",
            ":/x",
            "a:b:c:d",
        ]
    ),
    st.builds(lambda a, b: f"./{a}:/{b}", safe_text, safe_text),
    st.builds(lambda a, b: f"{a}:{b}", text_values, text_values),
)
durations = st.one_of(
    st.sampled_from(["30s", "1m30s", "1h", "500ms", "1.5s", "0s", "-1s", "10", "x"]),
    st.builds(
        lambda n, unit: f"{n}{unit}",
        st.integers(0, 10**6),
        st.sampled_from(["ns", "us", "ms", "s", "m", "h"]),
    ),
    st.integers(-5, 10**6),
)
sizes = st.one_of(
    st.sampled_from(["1g", "512m", "64M", "1.5gb", "100", "10k", "1b", "x", "-1m"]),
    st.builds(
        lambda n, unit: f"{n}{unit}",
        st.integers(0, 10**6),
        st.sampled_from(["", "b", "k", "kb", "m", "mb", "g", "gb", "K", "M", "G"]),
    ),
    st.integers(-5, 2**40),
)
env_values = st.one_of(mostly_safe, st.none(), st.booleans(), st.integers(), st.floats())
env_maps = st.one_of(
    st.dictionaries(st.one_of(safe_text, keys), env_values, max_size=4),
    st.lists(st.one_of(st.builds(lambda k, v: f"{k}={v}", safe_text, mostly_safe), text_values), max_size=4),
)
some_names = st.sampled_from(GOOD_SERVICE_NAMES + RESOURCE_NAMES)
name_lists = st.one_of(
    st.lists(some_names, max_size=3, unique=True),
    st.lists(some_names, max_size=3, unique=True),
    st.dictionaries(some_names, st.one_of(st.none(), st.just({}), anything), max_size=3),
)

PLAUSIBLE: dict[str, st.SearchStrategy[Any]] = {
    "image": st.one_of(
        st.sampled_from(["busybox", "nginx:1.27", "${IMAGE:-alpine}", "img@sha256:abc"]), mostly_safe
    ),
    "build": st.one_of(
        st.sampled_from([".", "./app", "https://github.com/x/y.git"]),
        st.fixed_dictionaries(
            {"context": mostly_safe},
            optional={"args": env_maps, "dockerfile": mostly_safe, "target": mostly_safe},
        ),
    ),
    "command": st.one_of(mostly_safe, st.lists(mostly_safe, max_size=4)),
    "entrypoint": st.one_of(mostly_safe, st.lists(mostly_safe, max_size=4)),
    "environment": env_maps,
    "labels": env_maps,
    "ports": st.lists(
        st.one_of(
            port_strings,
            port_strings,
            st.dictionaries(
                st.sampled_from(["target", "published", "protocol", "mode", "host_ip"]), scalars, max_size=4
            ),
        ),
        max_size=4,
    ),
    "expose": st.lists(st.one_of(port_strings, mostly_safe), max_size=3),
    "volumes": st.lists(
        st.one_of(
            volume_strings,
            volume_strings,
            st.dictionaries(
                st.sampled_from(["type", "source", "target", "read_only", "bind", "volume", "tmpfs"]),
                anything,
                max_size=4,
            ),
        ),
        max_size=4,
    ),
    "depends_on": name_lists,
    "networks": name_lists,
    "secrets": st.lists(
        st.one_of(
            some_names,
            st.fixed_dictionaries(
                {"source": some_names}, optional={"target": mostly_safe, "mode": st.integers(0, 0o777)}
            ),
        ),
        max_size=3,
    ),
    "configs": st.lists(some_names, max_size=3),
    "links": st.lists(st.sampled_from(SERVICE_NAMES), max_size=3),
    "volumes_from": st.lists(st.sampled_from(SERVICE_NAMES), max_size=2),
    "network_mode": st.sampled_from(["host", "none", "bridge", "service:web", "service:nope", "container:c"]),
    "healthcheck": st.fixed_dictionaries(
        {},
        optional={
            "test": st.one_of(mostly_safe, st.lists(mostly_safe, max_size=3)),
            "interval": durations,
            "timeout": durations,
            "retries": st.integers(-1, 10),
            "start_period": durations,
            "disable": st.booleans(),
        },
    ),
    "deploy": st.fixed_dictionaries(
        {},
        optional={
            "replicas": st.integers(-1, 5),
            "resources": st.fixed_dictionaries(
                {},
                optional={
                    "limits": st.fixed_dictionaries(
                        {}, optional={"cpus": scalars, "memory": sizes, "pids": st.integers(-1, 100)}
                    ),
                    "reservations": st.fixed_dictionaries({}, optional={"cpus": scalars, "memory": sizes}),
                },
            ),
            "restart_policy": st.fixed_dictionaries({}, optional={"delay": durations, "window": durations}),
        },
    ),
    "mem_limit": sizes,
    "shm_size": sizes,
    "cpus": st.one_of(st.floats(0, 64), st.sampled_from(["0.5", "1", "x"])),
    "stop_grace_period": durations,
    "ulimits": st.dictionaries(
        safe_text,
        st.one_of(
            st.integers(-1, 2**20),
            st.dictionaries(st.sampled_from(["soft", "hard"]), st.integers(-1, 2**20), max_size=2),
        ),
        max_size=3,
    ),
    "extra_hosts": st.one_of(
        st.lists(st.sampled_from(["a:1.2.3.4", "b=::1", "c:[::2]", "bad"]), max_size=3),
        st.dictionaries(safe_text, st.sampled_from(["1.2.3.4", "::1"]), max_size=3),
    ),
    "devices": st.lists(st.one_of(volume_strings, mostly_safe), max_size=3),
    "tmpfs": st.one_of(mostly_safe, st.lists(mostly_safe, max_size=3)),
    "sysctls": env_maps,
    "profiles": st.lists(mostly_safe, max_size=3),
    "extends": st.one_of(
        st.sampled_from(SERVICE_NAMES),
        st.fixed_dictionaries({"service": st.sampled_from(SERVICE_NAMES)}, optional={"file": text_values}),
    ),
    "restart": st.sampled_from(["no", "always", "on-failure:3", "unless-stopped", "bogus"]),
    "user": mostly_safe,
    "working_dir": mostly_safe,
    "read_only": st.one_of(st.booleans(), st.sampled_from(["true", "yes", "${RO:-false}"])),
    "scale": st.integers(-1, 5),
    "stop_signal": st.sampled_from(["SIGTERM", "SIGKILL"]),
}
PLAUSIBLE_KEYS = sorted(PLAUSIBLE)


def one_in(n: int) -> st.SearchStrategy[bool]:
    """True about once in ``n`` draws (``integers`` would be biased towards 0 by Hypothesis)."""
    return st.sampled_from([False] * (n - 1) + [True])


@st.composite
def services(draw: st.DrawFn) -> Any:
    if draw(one_in(25)):
        return draw(anything)  # a service that is not a mapping at all
    service: dict[Any, Any] = {}
    if not draw(one_in(6)):  # mostly valid enough to get past "neither an image nor a build"
        service["image"] = "busybox"
    for key in draw(st.lists(st.sampled_from(PLAUSIBLE_KEYS), max_size=6, unique=True)):
        service[key] = draw(PLAUSIBLE[key])
    if draw(one_in(6)):  # now and then, any key of the schema with any value
        service[draw(st.sampled_from(SERVICE_KEYS))] = draw(anything)
    return service


resources = st.dictionaries(
    st.sampled_from(RESOURCE_NAMES),
    st.one_of(
        st.just({}),
        st.none(),
        st.just({}),
        anything,
        st.fixed_dictionaries(
            {},
            optional={
                "external": st.one_of(st.booleans(), scalars),
                "name": mostly_safe,
                "driver": mostly_safe,
                "file": mostly_safe,
                "environment": mostly_safe,
                "content": mostly_safe,
                "labels": env_maps,
                "driver_opts": st.dictionaries(keys, scalars, max_size=2),
            },
        ),
    ),
    max_size=3,
)


@st.composite
def compose_documents(draw: st.DrawFn) -> dict[Any, Any]:
    doc: dict[Any, Any] = {
        "services": draw(
            st.dictionaries(
                st.one_of(*[st.sampled_from(GOOD_SERVICE_NAMES)] * 5, st.sampled_from(SERVICE_NAMES)),
                services(),
                min_size=1,
                max_size=4,
            )
        )
    }
    for top in ("networks", "volumes", "secrets", "configs"):
        if draw(st.booleans()):
            doc[top] = draw(resources)
    if draw(st.booleans()):
        doc["name"] = draw(text_values)
    if draw(st.booleans()):
        doc[draw(st.sampled_from(["x-ext", "x-common", "version", "unknown"]))] = draw(anything)
    return doc


@FUZZ_SETTINGS
@given(compose_documents())
def test_random_compose_documents_load_or_fail_cleanly(doc: dict[Any, Any]) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, default_flow_style=False)
    _record(load_text(text))


def _record(outcome: str) -> None:
    """Show in ``--hypothesis-show-statistics`` how often inputs get through and where they stop."""
    event(f"outcome: {outcome}" + (f" ({LAST_ERROR[0]})" if outcome == "error" else ""))


# --------------------------------------------------------------------- (b) mutations of real compose files


def _case_roots() -> list[Path]:
    roots = [p for p in sorted(FIXTURES_DIR.glob("*")) if (p / "args").is_file()]
    if CONFORMANCE_DIR.is_dir():
        roots += [p for p in sorted(CONFORMANCE_DIR.glob("*")) if (p / "cmd").is_file()]
    return roots


def _case_files_and_env(root: Path) -> tuple[list[str], dict[str, str]]:
    """The -f files (relative to the case) and KEY=VALUE variables of a fixture or conformance case."""
    env: dict[str, str] = {}
    if (root / "args").is_file():
        words = shlex.split((root / "args").read_text(encoding="utf-8"))
        if (root / "env").is_file():
            for line in (root / "env").read_text(encoding="utf-8").splitlines():
                key, sep, value = line.partition("=")
                if sep and key.strip() and not key.startswith("#"):
                    env[key.strip()] = value
    else:
        words = shlex.split((root / "cmd").read_text(encoding="utf-8"))
        while words and "=" in words[0] and not words[0].startswith(("-", '"')):
            key, _, value = words.pop(0).partition("=")
            env[key] = value
    files = [words[i + 1] for i, word in enumerate(words[:-1]) if word in ("-f", "--file")]
    return files, env


SOURCES: list[tuple[Path, Path]] = [
    (root, path)
    for root in _case_roots()
    for path in sorted(root.rglob("*"))
    if path.suffix in (".yaml", ".yml") and path.is_file() and ".." not in path.relative_to(root).parts
]

INSERTS = [
    "$",
    "${",
    "}",
    ":",
    "{",
    "[",
    "- ",
    "&a ",
    "*a",
    "!reset ",
    "!override ",
    "<<: ",
    "\t",
    "'",
    '"',
    "#",
    "%",
    "@",
    "`",
    "|",
    ">",
    "?",
    ",",
    "é",
    "\U0001f600",
    "\x00",
    "\r",
    "\n",
    "  ",
    "~",
]
TYPE_SWAPS = [
    "[{v}]",
    "{{k: {v}}}",
    "42",
    "-1",
    "3.5",
    "true",
    "null",
    "",
    "!reset",
    "!reset []",
    "!override {v}",
    "&x {v}",
    "*x",
    '"${{{v}}}"',
    "'{v}'",
    "[]",
    "{{}}",
    "0755",
    "2001-12-14",
    "[1, [2, {{a: b}}]]",
]


# repeated entries are drawn more often: the ones that keep the YAML well-formed reach later stages
MUTATIONS = [
    "delete",
    "delete",
    "duplicate",
    "indent",
    "dedent",
    "tab",
    "insert",
    "insert",
    "swap_type",
    "swap_type",
    "swap_type",
    "replace_value",
    "replace_value",
    "replace_value",
    "replace_value",
    "swap_lines",
    "truncate",
    "random_line",
]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[int, str]:
    index = draw(st.sampled_from(range(len(SOURCES))))  # uniform; integers() would favour the first
    _, path = SOURCES[index]
    lines = path.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 2, 3]))):
        if not lines:
            lines = [""]
        i = draw(st.sampled_from(range(len(lines))))
        op = draw(st.sampled_from(MUTATIONS))
        line = lines[i]
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "indent":
            lines[i] = " " * draw(st.integers(1, 3)) + line
        elif op == "dedent":
            lines[i] = line[draw(st.integers(1, 4)) :]
        elif op == "tab":
            lines[i] = "\t" + line.lstrip(" ")
        elif op == "insert":
            pos = draw(st.integers(0, len(line)))
            extra = draw(st.one_of(st.sampled_from(INSERTS), st.text(max_size=3)))
            lines[i] = line[:pos] + extra + line[pos:]
        elif op == "swap_type":
            key, sep, value = line.partition(": ")
            if not sep:
                key, sep, value = line.rstrip().rstrip(":"), ": ", "x"
            lines[i] = key + sep + draw(st.sampled_from(TYPE_SWAPS)).format(v=value.strip() or "x", k="k")
        elif op == "replace_value":
            key, sep, value = line.partition(": ")
            if sep:
                lines[i] = (
                    key
                    + sep
                    + draw(
                        st.one_of(st.sampled_from(TRICKY).map(json.dumps), st.sampled_from(TRICKY), safe_text)
                    )
                )
            elif line.lstrip().startswith("- "):
                indent = line[: len(line) - len(line.lstrip())]
                lines[i] = indent + "- " + draw(st.one_of(st.sampled_from(TRICKY).map(json.dumps), safe_text))
        elif op == "swap_lines":
            j = draw(st.sampled_from(range(len(lines))))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            lines = lines[:i]
        else:
            lines.insert(i, draw(st.text(max_size=20)))
    return index, "\n".join(lines)


_COPIES: dict[Path, Path] = {}


def _working_copy(root: Path) -> Path:
    """A private copy of a case folder (the fuzz never writes into the repository)."""
    if root not in _COPIES:
        base = Path(tempfile.mkdtemp(prefix="pycompose-fuzz-cases-"))
        target = base / root.name
        shutil.copytree(root, target, symlinks=True)
        _COPIES[root] = target
    return _COPIES[root]


@pytest.fixture(scope="module", autouse=True)
def _cleanup_copies() -> Iterator[None]:
    yield
    for copy in _COPIES.values():
        shutil.rmtree(copy.parent, ignore_errors=True)
    _COPIES.clear()


@pytest.mark.skipif(not SOURCES, reason="no compose files to mutate")
@FUZZ_SETTINGS
@given(mutations())
def test_mutated_compose_files_load_or_fail_cleanly(mutation: tuple[int, str]) -> None:
    index, text = mutation
    root, source = SOURCES[index]
    copy = _working_copy(root)
    target = copy / source.relative_to(root)
    original = target.read_bytes()
    files, env = _case_files_and_env(root)
    try:
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        chosen = [str(copy / f) for f in files] or [str(target)]
        _record(check_load(options_for(chosen, str(copy), env), label=f"{source} mutated:\n{text[:400]}"))
    finally:
        target.write_bytes(original)


def test_mutation_sources_are_present() -> None:
    assert len(SOURCES) >= 45, f"the differential fixtures should provide compose files, got {len(SOURCES)}"


# ---------------------------------------------------------------------------------- pathological inputs


def _alias_bomb(levels: int = 9, width: int = 9, mapping: bool = False) -> str:
    names = [f"l{i}" for i in range(levels)]
    if mapping:
        lines = [f"x-{names[0]}: &{names[0]} {{" + ", ".join(f"k{j}: lol" for j in range(width)) + "}"]
        lines += [
            f"x-{names[i]}: &{names[i]} {{" + ", ".join(f"k{j}: *{names[i - 1]}" for j in range(width)) + "}"
            for i in range(1, levels)
        ]
    else:
        lines = [f"x-{names[0]}: &{names[0]} [" + ", ".join(["lol"] * width) + "]"]
        lines += [
            f"x-{names[i]}: &{names[i]} [" + ", ".join([f"*{names[i - 1]}"] * width) + "]"
            for i in range(1, levels)
        ]
    return "\n".join(lines) + "\nservices:\n  app:\n    image: busybox\n"


_BOMB_CHILD = """
import json, sys
from pycompose.cli.errors import describe
from pycompose.config.emit import to_json
from pycompose.config.loader import load_model
from pycompose.config.options import LoadOptions
from pycompose.errors import PycomposeError
try:
    loaded = load_model(LoadOptions(files=(sys.argv[1],), project_name="bomb",
                                    environ={"HOME": "/home/tester"}, working_dir=sys.argv[2]))
except PycomposeError as exc:
    print("error:", describe(exc)[0])
    sys.exit(1)
text = to_json(loaded.model)
print("ok:", len(text))
"""


def _limit_child_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    limit = 2 * 1024**3
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("mapping", [False, True], ids=["sequence", "mapping"])
def test_billion_laughs_alias_bomb_ends_quickly(tmp_path: Path, mapping: bool) -> None:
    """9 levels of 9 aliases = 387M strings if expanded; must end fast with an error or a bounded result.

    Run in a child process with 2 GiB of address space so a regression cannot take the test machine down.
    """
    path = tmp_path / "compose.yaml"
    path.write_text(_alias_bomb(mapping=mapping), encoding="utf-8")
    pythonpath = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=pythonpath)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _BOMB_CHILD, str(path), str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=30,
            env=env,
            check=False,
            preexec_fn=_limit_child_memory if os.name == "posix" else None,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the alias bomb was still being processed after 30 s")
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode in (0, 1), (proc.returncode, proc.stderr[-2000:])
    if proc.returncode == 0:
        size = int(proc.stdout.split(":", 1)[1])
        assert size < 50_000_000, f"the alias bomb expanded to {size} bytes of output"
    else:
        assert proc.stdout.startswith("error:"), proc.stdout


def test_small_alias_fan_out_is_a_clean_result_or_error() -> None:
    """A moderate fan-out (9**5 leaves) is either expanded or refused, within the time limit, in-process."""
    assert load_text(_alias_bomb(levels=5)) in ("ok", "error")


def test_merge_key_alias_bomb() -> None:
    lines = ["x-l0: &l0 {a: 1, b: 2}"]
    for i in range(1, 30):
        lines.append(f"x-l{i}: &l{i}\n  <<: *l{i - 1}\n  k: *l{i - 1}\n  j: *l{i - 1}")
    assert load_text("\n".join(lines) + "\nservices:\n  app:\n    image: busybox\n") in ("ok", "error")


@pytest.mark.parametrize(
    "value",
    [
        "[" * 5000 + "]" * 5000,
        "{a: " * 3000 + "1" + "}" * 3000,
        "- " * 2000 + "x",
    ],
    ids=["deep-flow-sequence", "deep-flow-mapping", "deep-block-sequence"],
)
def test_deep_nesting_is_a_clean_error_or_result(value: str) -> None:
    assert load_text(f"services:\n  app:\n    image: busybox\nx-deep: {value}\n") in ("ok", "error")


@pytest.mark.parametrize(
    "value",
    [
        "$" * 100_001,
        "${" * 20_000,
        "$${" * 20_000,
        "${A:-" * 1000 + "x" + "}" * 1000,
        "${UNSET:-${UNSET:-" * 500 + "x" + "}}" * 500,
        "${A" + ":-a" * 50_000 + "}",
        "x" * 1_000_000,
    ],
    ids=[
        "dollar-run",
        "open-brace-run",
        "escaped-run",
        "nested-defaults-1000",
        "nested-defaults-500x2",
        "long-default",
        "long-string",
    ],
)
def test_pathological_interpolation_is_a_clean_error_or_result(value: str) -> None:
    """Docker Compose resolves 2000 nested ``${A:-...}`` fine; pycompose must not recurse out of stack."""
    text = f"services:\n  app:\n    image: busybox\n    environment:\n      A: '{value}'\n"
    assert load_text(text) in ("ok", "error")


TAG_PLACEMENTS = {
    "include-reset": "include: !reset\n  - sub.yaml\nservices:\n  a:\n    image: x\n",
    "include-entry-reset": "include:\n  - !reset sub.yaml\nservices:\n  a:\n    image: x\n",
    "include-path-reset": "include:\n  - path: !reset\nservices:\n  a:\n    image: x\n",
    "include-project-directory-reset": "include:\n  - project_directory: !reset\n    path: sub.yaml\nservices:\n  a:\n    image: x\n",
    "include-env-file-override": "include:\n  - path: sub.yaml\n    env_file: !override e.env\nservices:\n  a:\n    image: x\n",
    "services-reset": "services: !reset\n  a:\n    image: x\n",
    "service-reset": "services:\n  a: !reset\n    image: x\n",
    "extends-reset": "services:\n  b:\n    image: x\n  a:\n    extends: !reset b\n",
    "extends-service-override": "services:\n  b:\n    image: x\n  a:\n    extends:\n      service: !override b\n",
    "extends-file-reset": "services:\n  a:\n    extends:\n      file: !reset sub.yaml\n      service: b\n",
    "env-file-reset": "services:\n  a:\n    image: x\n    env_file: !reset e.env\n",
    "env-file-item-reset": "services:\n  a:\n    image: x\n    env_file: [!reset e.env]\n",
    "name-reset": "name: !reset x\nservices:\n  a:\n    image: x\n",
    "port-item-reset": 'services:\n  a:\n    image: x\n    ports: [!reset "80:80"]\n',
    "depends-on-item-override": "services:\n  b:\n    image: x\n  a:\n    image: x\n    depends_on: [!override b]\n",
    "network-reset": "services:\n  a:\n    image: x\n    networks: [n]\nnetworks:\n  n: !reset {}\n",
    "secret-file-reset": "services:\n  a:\n    image: x\n    secrets: [s]\nsecrets:\n  s:\n    file: !reset ./s\n",
    "label-key-override": "services:\n  a:\n    image: x\n    labels:\n      !override k: v\n",
    "command-item-reset": "services:\n  a:\n    image: x\n    command: [!reset echo]\n",
}


@pytest.mark.parametrize("text", list(TAG_PLACEMENTS.values()), ids=list(TAG_PLACEMENTS))
def test_reset_and_override_tags_anywhere_load_or_fail_cleanly(text: str) -> None:
    """``!reset``/``!override`` may wrap any node, not only the values of an override file.

    Found by the mutation fuzz: a tag where the loader expects a plain string or list (include entries,
    extends, env_file, paths) must give a result or a clean error, never a TypeError.
    """
    with tempfile.TemporaryDirectory(prefix="pycompose-fuzz-") as tmp:
        Path(tmp, "sub.yaml").write_text("services:\n  b:\n    image: y\n", encoding="utf-8")
        Path(tmp, "e.env").write_text("A=1\n", encoding="utf-8")
        Path(tmp, "compose.yaml").write_text(text, encoding="utf-8")
        assert check_load(options_for([str(Path(tmp, "compose.yaml"))], tmp), label=text) in ("ok", "error")


def test_many_services_and_long_depends_on_chain() -> None:
    n = 2000
    body = "".join(
        f"  s{i}:\n    image: busybox\n" + (f"    depends_on: [s{i - 1}]\n" if i else "") for i in range(n)
    )
    assert load_text("services:\n" + body) == "ok"


def test_long_dependency_cycle_is_a_clean_error() -> None:
    n = 3000
    body = "".join(f"  s{i}:\n    image: busybox\n    depends_on: [s{(i + 1) % n}]\n" for i in range(n))
    assert load_text("services:\n" + body) == "error"


def test_long_extends_chain() -> None:
    n = 1500
    body = "  s0:\n    image: busybox\n" + "".join(f"  s{i}:\n    extends: s{i - 1}\n" for i in range(1, n))
    assert load_text("services:\n" + body) in ("ok", "error")
