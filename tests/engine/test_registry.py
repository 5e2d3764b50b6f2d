"""``push``, ``pull``, ``images`` and ``up``'s pulls against real registries on 127.0.0.1.

A session fixture starts two Debian ``docker-registry`` processes (registry v2 servers): one open, one
behind htpasswd basic auth. The engine treats 127.0.0.0/8 registries as insecure, so plain HTTP works.
Credentials reach pycompose the way they reach the docker CLI: a ``config.json`` (base64 ``auth``) in the
folder named by ``DOCKER_CONFIG``. Every test removes the images it built, tagged or pulled.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pycompose.engine.docker import DockerEngine
from pycompose.errors import EngineError
from tests.engine.conftest import IMAGE
from tests.oracle import SKIP_REASON, oracle_binary

pytestmark = pytest.mark.engine

USER, PASSWORD = "alice", "s3cret-pw"


# ------------------------------------------------------------------------------------------ registries


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bcrypt(password: str) -> str | None:
    """A bcrypt hash for an htpasswd file (the registry accepts no other scheme), made offline: the
    ``bcrypt`` package if installed, else libc's crypt(3) (``$2b$`` on glibc/libxcrypt), else
    ``htpasswd -B`` (apache2-utils); None when none of them can."""
    try:
        import bcrypt  # type: ignore[import-not-found]

        return str(bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode())
    except ImportError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            import crypt  # removed in Python 3.13

            hashed = crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))
        if hashed and hashed.startswith("$2"):
            return hashed
    except (ImportError, AttributeError, ValueError, OSError):
        pass
    if shutil.which("htpasswd"):
        out = subprocess.run(["htpasswd", "-nbBC", "4", "x", password], capture_output=True, text=True)
        if out.returncode == 0 and ":" in out.stdout:
            return out.stdout.strip().split(":", 1)[1]
    return None


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


@dataclass
class Registries:
    open: str  # 127.0.0.1:<port>, no auth
    auth: str | None  # 127.0.0.1:<port>, htpasswd basic auth (None: no bcrypt available)
    configs: Path  # DOCKER_CONFIG folders: good/, wrong/, empty/


def _start(binary: str, root: Path, htpasswd: Path | None) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    root.mkdir(parents=True)
    auth = f"auth: {{htpasswd: {{realm: pycompose-test, path: {htpasswd}}}}}\n" if htpasswd else ""
    (root / "config.yml").write_text(
        "version: 0.1\n"
        "log: {level: error, accesslog: {disabled: true}}\n"
        f"storage: {{filesystem: {{rootdirectory: {root / 'data'}}}, delete: {{enabled: true}}}}\n"
        f"http: {{addr: 127.0.0.1:{port}, secret: pycompose-test}}\n" + auth
    )
    proc = subprocess.Popen(
        [binary, "serve", str(root / "config.yml")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 15
    while not _answers(port):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(f"docker-registry did not start on 127.0.0.1:{port}")
        time.sleep(0.05)
    return proc, f"127.0.0.1:{port}"


def _docker_config(folder: Path, auths: dict[str, tuple[str, str]]) -> Path:
    folder.mkdir(parents=True)
    body = {
        "auths": {
            registry: {"auth": base64.b64encode(f"{user}:{password}".encode()).decode()}
            for registry, (user, password) in auths.items()
        }
    }
    (folder / "config.json").write_text(json.dumps(body))
    return folder


@pytest.fixture(scope="session")
def registries(engine: DockerEngine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registries]:
    binary = shutil.which("docker-registry") or (
        "/usr/bin/docker-registry" if os.path.exists("/usr/bin/docker-registry") else None
    )
    if binary is None:
        pytest.skip("docker-registry is not installed (apt-get install docker-registry)")
    root = tmp_path_factory.mktemp("registries")
    processes = []
    try:
        proc, open_registry = _start(binary, root / "open", None)
        processes.append(proc)
        auth_registry = None
        hashed = _bcrypt(PASSWORD)
        if hashed is not None:
            (root / "htpasswd").write_text(f"{USER}:{hashed}\n")
            proc, auth_registry = _start(binary, root / "auth", root / "htpasswd")
            processes.append(proc)
        configs = root / "docker-config"
        if auth_registry is not None:
            _docker_config(configs / "good", {auth_registry: (USER, PASSWORD)})
            _docker_config(configs / "wrong", {auth_registry: (USER, "not-the-password")})
        _docker_config(configs / "empty", {})
        yield Registries(open_registry, auth_registry, configs)
    finally:
        for proc in processes:
            proc.terminate()
        for proc in processes:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


# ------------------------------------------------------------------------------------------ helpers


def make_image(engine: DockerEngine, made: Project) -> str:
    """Build the ``app`` service with ``pycompose build`` (``FROM busybox:1.36`` + a file unique to the
    test) and return the image ID: the first leg of the build -> push -> remove -> pull round trip."""
    built = made.run("--progress", "plain", "build", "app")
    assert built.returncode == 0, built.stderr
    info = engine.inspect_image(made.app)
    assert info is not None
    return info.id


COMPOSE = """\
services:
  app:
    image: {app}
    build: .
    command: ["sleep", "300"]
  base:
    image: {base}
    command: ["sleep", "300"]
"""


class Project:
    """A compose project in a temp dir whose images live in a test registry; run through the CLI."""

    def __init__(self, root: Path, name: str, registry: str, docker_config: Path) -> None:
        self.root, self.name, self.registry = root, name, registry
        self.app = f"{registry}/{name}/app:1"
        self.base = f"{registry}/{name}/base:1"
        self.env = {**os.environ, "DOCKER_CONFIG": str(docker_config)}
        self.env.pop("COMPOSE_FILE", None)
        self.env.pop("COMPOSE_PROFILES", None)
        (root / "compose.yaml").write_text(COMPOSE.format(app=self.app, base=self.base))
        (root / "Dockerfile").write_text("FROM busybox:1.36\nCOPY hello.txt /hello.txt\n")
        (root / "hello.txt").write_text(f"{name}\n")

    def run(self, *args: str, config: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = dict(self.env)
        if config is not None:
            env["DOCKER_CONFIG"] = str(config)
        result = subprocess.run(
            [sys.executable, "-m", "pycompose", "-p", self.name, *args],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert "Traceback" not in result.stderr, result.stderr
        return result

    def oracle(self, *args: str) -> subprocess.CompletedProcess[str]:
        binary = oracle_binary()
        assert binary is not None
        return subprocess.run(
            [binary, "-p", self.name, *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=180,
        )


@pytest.fixture
def images_to_remove(engine: DockerEngine) -> Iterator[list[str]]:
    """References and IDs the test made; removed (forced) at teardown, whatever happened."""
    refs: list[str] = []
    yield refs
    for ref in reversed(refs):
        with contextlib.suppress(EngineError):
            if engine.inspect_image(ref) is not None:
                engine.remove_image(ref, force=True)


def _new_project(
    tmp_path: Path, project: str, registry: str, config: Path, images_to_remove: list[str]
) -> Project:
    made = Project(tmp_path, project, registry, config)
    images_to_remove.extend([made.app, made.base])
    return made


def _round_trip(engine: DockerEngine, made: Project, images_to_remove: list[str]) -> None:
    built = make_image(engine, made)
    images_to_remove.append(built)
    pushed = made.run("--progress", "plain", "push")
    assert pushed.returncode == 0, pushed.stderr
    assert pushed.stdout == ""
    assert f" Image {made.app}  Pushing\n" in pushed.stderr
    assert f" Image {made.app}  Pushed\n" in pushed.stderr
    assert ": Pushed\n" in pushed.stderr  # the layer that busybox does not have
    assert " base Skipped - no build section" in pushed.stderr  # as Docker Compose: not built here
    local = engine.inspect_image(made.app)
    assert local is not None
    repo = made.app.rsplit(":", 1)[0]
    digests = [d for d in local.repo_digests if d.startswith(repo + "@")]
    assert len(digests) == 1

    engine.remove_image(made.app)
    assert engine.inspect_image(made.app) is None
    pulled = made.run("pull", "-q", "app")
    assert (pulled.returncode, pulled.stdout, pulled.stderr) == (0, "", "")
    back = engine.inspect_image(made.app)
    assert back is not None
    assert back.id == built
    assert digests[0] in back.repo_digests


# ------------------------------------------------------------------------------------------ tests


def test_push_remove_pull_round_trip_without_auth(
    engine: DockerEngine, project: str, registries: Registries, tmp_path: Path, images_to_remove: list[str]
) -> None:
    made = _new_project(tmp_path, project, registries.open, registries.configs / "empty", images_to_remove)
    _round_trip(engine, made, images_to_remove)


def test_push_remove_pull_round_trip_with_auth(
    engine: DockerEngine, project: str, registries: Registries, tmp_path: Path, images_to_remove: list[str]
) -> None:
    if registries.auth is None:
        pytest.skip("no way to make a bcrypt htpasswd here (bcrypt, crypt(3) $2b$, htpasswd -B)")
    made = _new_project(tmp_path, project, registries.auth, registries.configs / "good", images_to_remove)
    _round_trip(engine, made, images_to_remove)

    # without credentials the same pull is refused: one line naming the registry and `docker login`
    engine.remove_image(made.app)
    denied = made.run("pull", "-q", "app", config=registries.configs / "empty")
    assert denied.returncode == 1
    lines = denied.stderr.splitlines()
    assert lines[:2] == [  # app has a build section, so (as Docker Compose) pycompose says so first
        "WARNING: Some service image(s) must be built from source by running:",
        "    pycompose build app",
    ]
    assert len(lines) == 3, denied.stderr
    assert lines[2].startswith(f"image {made.app}: pull from registry {registries.auth} denied: ")
    assert f"docker login {registries.auth}" in lines[2]


def test_wrong_password_fails_push_in_one_line_unless_ignored(
    engine: DockerEngine, project: str, registries: Registries, tmp_path: Path, images_to_remove: list[str]
) -> None:
    if registries.auth is None:
        pytest.skip("no way to make a bcrypt htpasswd here (bcrypt, crypt(3) $2b$, htpasswd -B)")
    made = _new_project(tmp_path, project, registries.auth, registries.configs / "wrong", images_to_remove)
    images_to_remove.append(make_image(engine, made))

    failed = made.run("push", "-q")
    assert failed.returncode == 1
    assert failed.stdout == ""
    lines = failed.stderr.splitlines()
    assert len(lines) == 1, failed.stderr
    assert lines[0].startswith(f"image {made.app}: push to registry {registries.auth} denied: ")
    assert "unauthorized" in lines[0] and f"docker login {registries.auth}" in lines[0]

    plain = made.run("--progress", "plain", "push")
    assert plain.returncode == 1
    assert plain.stderr.splitlines()[-1] == lines[0]  # the progress shows the error too, then the line

    ignored = made.run("push", "-q", "--ignore-push-failures")
    assert ignored.returncode == 0, ignored.stderr
    assert ignored.stderr.splitlines() == [f"WARNING: pushing app: {lines[0]}"]


def test_pull_failures_and_ignore_pull_failures(
    engine: DockerEngine, project: str, registries: Registries, tmp_path: Path, images_to_remove: list[str]
) -> None:
    made = _new_project(tmp_path, project, registries.open, registries.configs / "empty", images_to_remove)
    # nothing was pushed: both images are missing from the registry
    failed = made.run("pull", "-q")
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr
    last = failed.stderr.splitlines()[-1]
    assert last.startswith(f"image {made.base}: not found in the registry") or last.startswith(
        f"image {made.app}: not found in the registry"
    )
    ignored = made.run("pull", "-q", "--ignore-pull-failures")
    assert ignored.returncode == 0, ignored.stderr
    warnings_ = [line for line in ignored.stderr.splitlines() if line.startswith("WARNING: pulling")]
    assert len(warnings_) == 2
    assert "pycompose build app" in ignored.stderr  # app can be built instead

    # an unreachable registry says so, naming it
    gone = f"127.0.0.1:{_free_port()}"
    (tmp_path / "gone").mkdir()
    far = Project(tmp_path / "gone", project, gone, registries.configs / "empty")
    down = far.run("pull", "-q", "base")
    assert down.returncode == 1
    assert down.stderr.splitlines() == [down.stderr.strip()]
    assert down.stderr.startswith(f"image {far.base}: cannot reach registry {gone}: ")


def test_pull_quiet_prints_nothing_and_policy_missing_skips(
    engine: DockerEngine, project: str, registries: Registries, tmp_path: Path, images_to_remove: list[str]
) -> None:
    made = _new_project(tmp_path, project, registries.open, registries.configs / "empty", images_to_remove)
    engine.api.tag(IMAGE, made.base.rsplit(":", 1)[0], "1")
    pushed = made.run("--progress", "plain", "push", "--dry-run")  # nothing of base is pushed by push
    assert pushed.returncode == 0 and "> push  image" in pushed.stdout
    for item in engine.api.push(made.base.rsplit(":", 1)[0], "1", stream=True, decode=True):
        assert "error" not in item, item
    engine.remove_image(made.base)

    quiet = made.run("pull", "-q", "base")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    assert engine.inspect_image(made.base) is not None
    again = made.run("--progress", "plain", "pull", "--policy", "missing", "base")
    assert again.returncode == 0, again.stderr
    assert " base Skipped - image is already present locally" in again.stderr
    assert "Pulling" not in again.stderr


def test_up_pulls_a_missing_image_and_images_matches_docker_compose(
    engine: DockerEngine, project: str, registries: Registries, tmp_path: Path, images_to_remove: list[str]
) -> None:
    made = _new_project(tmp_path, project, registries.open, registries.configs / "empty", images_to_remove)
    images_to_remove.append(make_image(engine, made))
    base_repo = made.base.rsplit(":", 1)[0]
    engine.api.tag(IMAGE, base_repo, "1")
    for item in engine.api.push(base_repo, "1", stream=True, decode=True):
        assert "error" not in item, item
    engine.remove_image(made.base)

    try:
        planned = made.run("plan")
        assert any(line.split()[1:4] == ["pull", "image", made.base] for line in planned.stdout.splitlines())
        up = made.run("--progress", "plain", "up", "-d")
        assert up.returncode == 0, up.stderr
        assert f" Image {made.base}  Pulled" in up.stderr
        assert engine.inspect_image(made.base) is not None

        ours = made.run("images")
        assert ours.returncode == 0, ours.stderr
        rows = ours.stdout.splitlines()
        assert rows[0].split() == [
            "CONTAINER",
            "REPOSITORY",
            "TAG",
            "PLATFORM",
            "IMAGE",
            "ID",
            "SIZE",
            "CREATED",
        ]
        assert [r.split()[0] for r in rows[1:]] == [f"{project}-app-1", f"{project}-base-1"]
        quiet = made.run("images", "-q")
        assert len(quiet.stdout.split()) == 2

        if oracle_binary() is None:
            pytest.skip(SKIP_REASON)
        theirs = made.oracle("images")
        assert theirs.returncode == 0, theirs.stderr
        # CREATED is relative to now: compare everything before it, and its words
        cut = rows[0].index("CREATED")
        assert [r[:cut] for r in rows] == [r[:cut] for r in theirs.stdout.splitlines()]
        assert [r[cut:].split()[-1] for r in rows] == [
            r[cut:].split()[-1] for r in theirs.stdout.splitlines()
        ]
        ours_json = json.loads(made.run("images", "--format", "json").stdout)
        theirs_json = json.loads(made.oracle("images", "--format", "json").stdout)

        def by_name(rows: list[dict]) -> list[dict]:
            return sorted(rows, key=lambda r: r["ContainerName"])

        assert by_name(ours_json) == by_name(theirs_json)
        assert sorted(quiet.stdout.split()) == sorted(made.oracle("images", "-q").stdout.split())
    finally:
        made.run("down", "-t", "0")
