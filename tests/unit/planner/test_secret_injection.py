"""Secrets and configs copied into containers before start: planned with their values sealed, never shown.

Docker Compose bind-mounts ``file`` secrets and configs, and copies ``environment`` and ``content`` ones
in before every start (``injectSecrets``/``injectConfigs``). The plan carries those values for the
executor inside ``Sealed``; no rendering of the plan (text, JSON with or without params, docker
commands) may contain one. The real engine side is tests/engine/test_secrets.py.
"""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest

from pycompose import api
from pycompose.engine.memory import MemoryEngine
from pycompose.errors import PlanError
from pycompose.executor import execute
from pycompose.planner import render, specs
from pycompose.planner.down import plan_state_change
from pycompose.planner.options import UpOptions
from pycompose.planner.plan import Sealed
from pycompose.planner.up import plan_up
from pycompose.progress import QuietReporter

SECRET = "s3cr3t-VALUE-7f1c"
CONFIG = "inline-CONFIG-9a2b"

TEXT = f"""\
services:
  app:
    image: busybox:1.36
    secrets:
      - fromenv
      - source: fromenv
        target: custom
        uid: "1000"
        gid: "1001"
        mode: 0400
      - fromfile
    configs:
      - inline
      - source: inline
        target: /etc/app/conf
        mode: 0640
      - source: fromfile_cfg
        uid: "5"
secrets:
  fromenv:
    environment: APP_SECRET
  fromfile:
    file: ./pw.txt
configs:
  inline:
    content: "{CONFIG}"
  fromfile_cfg:
    file: ./pw.txt
"""


def load(tmp_path: Path, text: str = TEXT, environ: dict[str, str] | None = None):
    (tmp_path / "compose.yaml").write_text(text)
    (tmp_path / "pw.txt").write_text("from-file")
    env = {"APP_SECRET": SECRET} if environ is None else environ
    return api.load(files=["compose.yaml"], project_name="demo", environ=env, working_dir=str(tmp_path))


def engine() -> MemoryEngine:
    return MemoryEngine(images=["busybox:1.36"])


def test_sealed_hides_the_value_everywhere_but_reveal() -> None:
    sealed = Sealed("environment variable X", SECRET)
    for shown in (repr(sealed), str(sealed), f"{sealed}", repr([sealed]), repr({"k": sealed})):
        assert SECRET not in shown and "environment variable X" in shown
    assert sealed.reveal() == SECRET
    with pytest.raises(Exception, match="required by"):
        Sealed("environment variable X", None, "variable required by something").reveal()


def test_injection_values_are_sealed(tmp_path: Path) -> None:
    project = load(tmp_path)
    injections = specs.injection_values(project, project.services["app"])
    assert [(i.file.target, i.file.mode, i.file.uid, i.file.gid) for i in injections] == [
        ("/run/secrets/fromenv", 0o444, None, None),
        ("/run/secrets/custom", 0o400, "1000", "1001"),
        ("/inline", 0o444, None, None),
        ("/etc/app/conf", 0o640, None, None),
    ]
    assert [i.value.reveal() for i in injections if i.value] == [SECRET, SECRET, CONFIG, CONFIG]
    assert SECRET not in repr(injections)
    assert CONFIG not in repr(injections)


def test_inline_content_config_is_injected(tmp_path: Path) -> None:
    text = 'services:\n  app:\n    image: busybox:1.36\n    configs: [c]\nconfigs:\n  c:\n    content: "x"\n'
    project = load(tmp_path, text)
    (only,) = specs.injection_values(project, project.services["app"])
    assert only.file.source_kind == "content" and only.value is not None and only.value.reveal() == "x"


def test_unset_variable_fails_at_reveal_with_docker_compose_message(tmp_path: Path) -> None:
    project = load(tmp_path, environ={})
    first = specs.injection_values(project, project.services["app"])[0]
    assert first.value is not None
    with pytest.raises(Exception) as caught:
        first.value.reveal()
    assert str(caught.value) == 'environment variable "APP_SECRET" required by file "demo_fromenv" is not set'


def test_read_only_service_is_refused_before_anything_is_created(tmp_path: Path) -> None:
    project = load(
        tmp_path, TEXT.replace("    image: busybox:1.36\n", "    image: busybox:1.36\n    read_only: true\n")
    )
    eng = engine()
    with pytest.raises(PlanError, match='cannot create secret "demo_fromenv" in read-only service app'):
        plan_up(project, api.observe_project(eng, project))
    # nothing to copy in without a start: Docker Compose's `create` succeeds too
    plan_up(project, api.observe_project(eng, project), UpOptions(no_start=True))


def test_external_secret_is_a_plan_error_not_an_internal_error(tmp_path: Path) -> None:
    text = (
        "services:\n  app:\n    image: busybox:1.36\n    secrets: [x]\nsecrets:\n  x:\n    external: true\n"
    )
    project = load(tmp_path, text)
    with pytest.raises(PlanError, match="unsupported external secret x"):
        plan_up(project, api.observe_project(engine(), project))


def test_ignored_options_on_file_secrets_and_configs_warn_as_docker_compose(tmp_path: Path) -> None:
    project = load(tmp_path)
    assert specs.ignored_file_options(project, project.services["app"]) == [
        "config `uid`, `gid` and `mode` are not supported, they will be ignored"
    ]


def test_plan_carries_injections_on_start_and_never_shows_a_value(tmp_path: Path) -> None:
    project = load(tmp_path)
    plan = plan_up(project, api.observe_project(engine(), project))
    starts = [s for s in plan.steps if s.action == "start_container"]
    assert len(starts) == 1 and len(starts[0].params["inject"]) == 4
    assert not any("inject" in s.params for s in plan.steps if s.action != "start_container")
    renderings = {
        "text": render.to_text(plan),
        "json": render.to_json(plan),
        "json-detailed": render.to_json(plan, detailed=True),
        "docker": render.to_docker(plan),
    }
    for fmt, text in renderings.items():
        assert SECRET not in text, fmt
        assert CONFIG not in text, fmt
    detailed = json.loads(renderings["json-detailed"])
    (start,) = [s for s in detailed["steps"] if s["action"] == "start_container"]
    assert start["params"]["inject"][0] == {
        "file": {
            "target": "/run/secrets/fromenv",
            "source_kind": "environment",
            "source_ref": "APP_SECRET",
            "uid": None,
            "gid": None,
            "mode": 0o444,
        },
        "value": "<sealed: environment variable APP_SECRET>",
    }
    assert "# copy environment variable APP_SECRET to demo-app-1:/run/secrets/custom" in renderings["docker"]


def _files(eng: MemoryEngine, name: str) -> dict[str, tuple[bytes, int, int, int]]:
    return dict(eng._lookup_container(name).files)  # type: ignore[union-attr]


def test_executor_copies_files_in_before_start(tmp_path: Path) -> None:
    project = load(tmp_path)
    eng = engine()
    result = execute(plan_up(project, api.observe_project(eng, project)), eng, QuietReporter())
    assert result.ok, result.failures()
    files = _files(eng, "demo-app-1")
    assert files == {
        "/run/secrets/fromenv": (SECRET.encode(), 0o444, 0, 0),
        "/run/secrets/custom": (SECRET.encode(), 0o400, 1000, 1001),
        "/inline": (CONFIG.encode(), 0o444, 0, 0),
        "/etc/app/conf": (CONFIG.encode(), 0o640, 0, 0),
    }
    methods = eng.call_names()
    assert methods.index("put_archive") < methods.index("start_container")
    # a stopped container gets them again on start (the variable may have changed), as with `start`
    eng.stop_container("demo-app-1")
    project = load(tmp_path, environ={"APP_SECRET": "rotated"})
    for plan in (
        plan_up(project, api.observe_project(eng, project)),
        plan_state_change("start_container", project, api.observe_project(eng, project)),
    ):
        eng.stop_container("demo-app-1")
        assert execute(plan, eng, QuietReporter()).ok
        assert _files(eng, "demo-app-1")["/run/secrets/fromenv"][0] == b"rotated"


def test_unset_variable_fails_the_start_step_only(tmp_path: Path) -> None:
    project = load(tmp_path, environ={})
    eng = engine()
    result = execute(plan_up(project, api.observe_project(eng, project)), eng, QuietReporter())
    (failed,) = result.failures()
    assert failed.step_id == "start_container:container:demo-app-1"
    assert "APP_SECRET" in str(failed.error) and "is not set" in str(failed.error)
    assert eng.inspect_container("demo-app-1").state == "created"  # type: ignore[union-attr]


def test_tar_written_for_the_engine(tmp_path: Path) -> None:
    """The archive itself: one regular file named by its absolute target (without the slash), owners
    and mode as given; the owners are only applied (copyUIDGID) when uid or gid is set."""
    project = load(tmp_path)
    (injection,) = [i for i in specs.injection_values(project, project.services["app"]) if i.file.uid]
    calls: list[tuple[str, str, bytes, bool]] = []

    class Recorder:
        def put_archive(self, ref: str, path: str, data: bytes, copy_uid_gid: bool = False) -> None:
            calls.append((ref, path, data, copy_uid_gid))

    from pycompose.executor import _inject

    _inject(Recorder(), "demo-app-1", injection)  # type: ignore[arg-type]
    ((ref, path, data, copy),) = calls
    assert (ref, path, copy) == ("demo-app-1", "/", True)
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        (member,) = archive.getmembers()
        assert (member.name, member.mode, member.uid, member.gid) == ("run/secrets/custom", 0o400, 1000, 1001)
        assert member.isfile() and archive.extractfile(member).read() == SECRET.encode()  # type: ignore[union-attr]
