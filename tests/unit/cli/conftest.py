"""Fixtures for running commands in-process (``cli.main.main``) against the in-memory engine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pycompose.engine.memory import MemoryEngine


@pytest.fixture
def in_compose_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """``in_compose_dir(compose, dockerfile=...)``: write both to a temporary folder and work there,
    without the ``COMPOSE_*`` variables of the shell that runs the tests."""

    def make(compose: str, dockerfile: str = "FROM busybox:1.36\n") -> Path:
        (tmp_path / "compose.yaml").write_text(compose)
        (tmp_path / "Dockerfile").write_text(dockerfile)
        monkeypatch.chdir(tmp_path)
        for name in ("COMPOSE_PROJECT_NAME", "COMPOSE_FILE", "COMPOSE_PROGRESS", "COMPOSE_PROFILES"):
            monkeypatch.delenv(name, raising=False)
        return tmp_path

    return make


@pytest.fixture
def memory_engine(monkeypatch: pytest.MonkeyPatch) -> MemoryEngine:
    """A ``MemoryEngine`` holding ``busybox:1.36``, the engine every command connects to."""
    eng = MemoryEngine(images=["busybox:1.36"])
    monkeypatch.setattr("pycompose.cli.common.connect", lambda options: eng)
    return eng
