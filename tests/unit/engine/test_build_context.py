"""The engine side of a build without an engine: the context archive, the /build query, the JSON stream."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest

from pycompose.engine.base import BuildSpec
from pycompose.engine.build import BuildStream, build_query, context_archive, dockerfile_entry, is_remote
from pycompose.errors import BuildError


def names(archive) -> set[str]:
    with tarfile.open(fileobj=archive) as tar:
        return {m.name for m in tar.getmembers()}


def member(archive, name: str) -> str:
    archive.seek(0)
    with tarfile.open(fileobj=archive) as tar:
        handle = tar.extractfile(name)
        assert handle is not None
        return handle.read().decode()


@pytest.fixture
def context(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nCOPY . /src\n")
    (tmp_path / "app.py").write_text("print(1)\n")
    (tmp_path / "secret.env").write_text("TOKEN=x\n")
    (tmp_path / "node_modules").mkdir()
    (tmp_path / "node_modules" / "big.js").write_text("//\n")
    (tmp_path / ".dockerignore").write_text("# comment\nsecret.env\nnode_modules\n\nDockerfile\n")
    return tmp_path


def test_dockerignore_applies_but_the_dockerfile_is_always_sent(context: Path) -> None:
    archive, dockerfile = context_archive(BuildSpec("web", ("demo-web",), str(context)))
    assert dockerfile == "Dockerfile"
    assert archive is not None
    sent = names(archive)
    assert {"Dockerfile", "app.py", ".dockerignore"} <= sent
    assert not sent & {"secret.env", "node_modules", "node_modules/big.js"}


def test_inline_dockerfile_is_added_under_a_stable_name(context: Path) -> None:
    spec = BuildSpec("web", ("demo-web",), str(context), dockerfile_inline="FROM busybox:1.36\nRUN true\n")
    archive, dockerfile = context_archive(spec)
    assert dockerfile.startswith(".dockerfile.") and dockerfile == dockerfile_entry(spec)[0]
    assert archive is not None
    assert member(archive, dockerfile) == "FROM busybox:1.36\nRUN true\n"


def test_dockerfile_outside_the_context_is_added(tmp_path: Path, context: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-Dockerfile.dev"
    outside.write_text("FROM busybox:1.36\n")
    try:
        archive, dockerfile = context_archive(BuildSpec("web", ("w",), str(context), dockerfile=str(outside)))
        assert dockerfile.startswith(".dockerfile.")
        assert archive is not None and member(archive, dockerfile) == "FROM busybox:1.36\n"
    finally:
        outside.unlink()


def test_missing_context_or_dockerfile_names_the_service(tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"failed to build service web: build context .* is not a directory"):
        context_archive(BuildSpec("web", ("w",), str(tmp_path / "nope")))
    with pytest.raises(
        BuildError, match=r"failed to build service web: Dockerfile .*Dockerfile\.x not found"
    ):
        context_archive(BuildSpec("web", ("w",), str(tmp_path), dockerfile="Dockerfile.x"))


def test_remote_context_sends_no_archive() -> None:
    assert is_remote("https://github.com/docker/example.git#main")
    archive, dockerfile = context_archive(BuildSpec("web", ("w",), "https://example.com/repo.git"))
    assert archive is None and dockerfile == "Dockerfile"
    query = build_query(BuildSpec("web", ("w",), "https://example.com/repo.git"), dockerfile)
    assert query["remote"] == "https://example.com/repo.git"


def test_query_carries_every_supported_option() -> None:
    spec = BuildSpec(
        "web",
        ("demo-web", "reg/web:1"),
        "/ctx",
        args={"A": "1"},
        target="base",
        labels={"l": "v"},
        cache_from=("busybox:1.36",),
        network="host",
        shm_size=1024,
        extra_hosts=("db:10.0.0.2",),
        pull=True,
        no_cache=True,
        platform="linux/amd64",
        memory=2048,
    )
    query = build_query(spec, "Dockerfile")
    assert query["t"] == ["demo-web", "reg/web:1"]
    assert json.loads(query["buildargs"]) == {"A": "1"}
    assert json.loads(query["labels"]) == {"l": "v"}
    assert json.loads(query["cachefrom"]) == ["busybox:1.36"]
    assert query["extrahosts"] == ["db:10.0.0.2"]
    assert (query["target"], query["networkmode"], query["platform"]) == ("base", "host", "linux/amd64")
    assert (query["shmsize"], query["memory"], query["nocache"], query["pull"]) == ("1024", "2048", "1", "1")
    assert query["rm"] == query["forcerm"] == "1"
    minimal = build_query(BuildSpec("web", ("w",), "/ctx"), "Dockerfile")
    assert set(minimal) == {"t", "dockerfile", "rm", "forcerm"}


def test_stream_gives_whole_lines_and_the_image_id() -> None:
    lines: list[str] = []
    stream = BuildStream(BuildSpec("web", ("w",), "/ctx"), lines.append)
    for item in (
        {"stream": "Step 1/2 : FROM busybox:1.36\n ---> c509"},
        {"stream": "f8e7c74b\n"},
        {"status": "Pulling from library/busybox", "id": "1.36"},
        {"status": "Downloading", "progressDetail": {"current": 1, "total": 2}, "id": "abc"},
        {"stream": "Step 2/2 : RUN make\n"},
        {"aux": {"ID": "sha256:" + "a" * 64}},
        {"stream": "Successfully built aaaaaaaaaaaa\n"},
    ):
        stream.feed(item)
    assert stream.finish() == "sha256:" + "a" * 64
    assert lines == [
        "Step 1/2 : FROM busybox:1.36",
        " ---> c509f8e7c74b",
        "1.36: Pulling from library/busybox",
        "Step 2/2 : RUN make",
        "Successfully built aaaaaaaaaaaa",
    ]


def test_stream_error_names_the_service_and_the_step() -> None:
    stream = BuildStream(BuildSpec("web", ("w",), "/ctx"))
    stream.feed({"stream": "Step 3/4 : RUN exit 3\n"})
    with pytest.raises(BuildError) as info:
        stream.feed(
            {
                "errorDetail": {
                    "code": 3,
                    "message": "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
                },
                "error": "The command '/bin/sh -c exit 3' returned a non-zero code: 3",
            }
        )
    assert str(info.value) == (
        "failed to build service web at step 3/4 (RUN exit 3): "
        "The command '/bin/sh -c exit 3' returned a non-zero code: 3"
    )


def test_parse_errors_point_at_the_dockerfile_line(tmp_path: Path) -> None:
    spec = BuildSpec("web", ("w",), str(tmp_path), dockerfile="Dockerfile.bad")
    error = BuildStream(spec).error("dockerfile parse error line 2: unknown instruction: FOO")
    assert error.file == str(tmp_path / "Dockerfile.bad") and error.line == 2
    assert "failed to build service web: dockerfile parse error line 2" in error.one_line()


def test_no_image_id_is_an_error() -> None:
    with pytest.raises(BuildError, match="did not report the image ID"):
        BuildStream(BuildSpec("web", ("w",), "/ctx")).finish()
