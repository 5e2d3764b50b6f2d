#!/usr/bin/env python3
"""Time ``build --no-cache`` of independent services: concurrent against one by one, and Docker Compose v2.

usage: python benchmarks/bench_build.py [--services 10] [--steps 3] [--sleep 1] [--runs 1]
                                        [--oracle PATH] [--skip-oracle] [--json-out PATH] [--strict]

Generates, in a temporary folder, a Compose project of ``--services`` independent services, each with
its own small Dockerfile: ``FROM busybox:1.36`` then ``--steps`` steps ``RUN sleep <s> && echo ... > /fN``
(about ``--sleep`` seconds each). Then, ``--runs`` times, each program builds every service with
``--no-cache`` (so each run really builds), each under its own project name (its images are
``<project>-sNN``):

    pycompose concurrent    python -m pycompose build --no-cache             (the executor's pool)
    pycompose one by one    python -m pycompose --parallel 1 build --no-cache
    docker compose v2       docker-compose build --no-cache                  (for reference: BuildKit)

and checks that every image exists afterwards. Prints the median wall time of each, the ratio
concurrent / one-by-one (target <= 0.5) and pycompose concurrent / Docker Compose v2, and writes every
sample to benchmarks/out/bench_build-<time>.json (or --json-out).

Docker Compose v2 builds with BuildKit here (in-process, through the engine's session endpoint), which
runs the RUN steps in its own containers without committing an image per step; pycompose drives the
engine's classic builder (a container and a commit per step, as ``DOCKER_BUILDKIT=0 docker build``), so
the v2 ratio compares two different builders and is shown for reference only.

Every image the script builds carries its project's ``com.docker.compose.project`` label and is removed
at the end, even on failure, Ctrl-C or SIGTERM (label-filtered ``docker image rm -f``). BuildKit's build
cache (Docker Compose's runs) is the engine's own and is left alone.
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
OUT_DIR = HERE / "out"
IMAGE = "busybox:1.36"
PROJECT_LABEL = "com.docker.compose.project"
TARGET_RATIO = 0.5  # concurrent / one by one

sys.path.insert(0, str(REPO_ROOT / "tests"))
try:
    from oracle import oracle_binary  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - tests/oracle.py ships with the repository

    def oracle_binary() -> str | None:
        return os.environ.get("PYCOMPOSE_ORACLE")


# ---------------------------------------------------------------------------------------- the project


def generate_project(folder: Path, services: int, steps: int, sleep: float) -> list[str]:
    """Write compose.yaml and one Dockerfile per service; return the service names."""
    names = [f"s{i:02d}" for i in range(services)]
    lines = ["services:"]
    for name in names:
        context = folder / name
        context.mkdir(parents=True, exist_ok=True)
        runs = [f"RUN sleep {sleep:g} && echo {name}-{n} > /f{n}" for n in range(steps)]
        (context / "Dockerfile").write_text("\n".join([f"FROM {IMAGE}", *runs, ""]), encoding="utf-8")
        lines += [f"  {name}:", f"    build: ./{name}"]
    (folder / "compose.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return names


# ------------------------------------------------------------------------------------------ measuring


@dataclass
class Sample:
    label: str
    run: int
    wall: float
    returncode: int


def timed(argv: list[str], cwd: Path, env: dict[str, str], timeout: float) -> tuple[float, int, str]:
    """Wall time from spawn to reap, exit code, and the tail of stderr for a failure message."""
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - start, proc.returncode, proc.stderr[-2000:]


def docker(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["docker", *args], capture_output=True, text=True, timeout=300)


def images_of(project: str) -> list[str]:
    out = docker("image", "ls", "-q", "--no-trunc", "--filter", f"label={PROJECT_LABEL}={project}").stdout
    return sorted(set(out.split()))


def remove_images(project: str) -> None:
    ids = images_of(project)
    if ids:
        docker("image", "rm", "-f", *ids)


def check_built(project: str, names: list[str]) -> None:
    missing = [n for n in names if docker("image", "inspect", f"{project}-{n}").returncode != 0]
    if missing:
        raise SystemExit(f"bench_build: {project}: images not built: {', '.join(missing)}")


# ------------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--services", type=int, default=10)
    parser.add_argument("--steps", type=int, default=3, help="RUN steps per Dockerfile")
    parser.add_argument("--sleep", type=float, default=1.0, help="seconds each RUN step sleeps")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--oracle", default=None, help="path to the docker-compose v2 binary")
    parser.add_argument("--skip-oracle", action="store_true")
    parser.add_argument("--python", default=sys.executable, help="the interpreter running pycompose")
    parser.add_argument("--json-out", default=None)
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per build command")
    parser.add_argument("--strict", action="store_true", help="exit 1 when the target is missed")
    args = parser.parse_args(argv)

    if docker("image", "inspect", IMAGE).returncode != 0:
        print(f"bench_build: {IMAGE} is missing (run scripts/ensure-engine.sh)", file=sys.stderr)
        return 2
    oracle = None if args.skip_oracle else (args.oracle or oracle_binary())
    tag = secrets.token_hex(3)
    projects: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="pcbuild-"))

    def clean_all() -> None:
        for project in projects:
            remove_images(project)
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(clean_all)
    previous_term = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    names = generate_project(folder, args.services, args.steps, args.sleep)
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_")}
    subprocess.run([args.python, "-m", "compileall", "-q", str(REPO_ROOT / "pycompose")], check=False)
    pycompose = [args.python, "-m", "pycompose", "--progress", "quiet"]
    programs = [
        ("pycompose concurrent", "py", [*pycompose, "build", "--no-cache"]),
        ("pycompose one by one", "seq", [*pycompose, "--parallel", "1", "build", "--no-cache"]),
    ]
    if oracle:
        programs.append(("docker compose v2", "v2", [oracle, "--progress", "quiet", "build", "--no-cache"]))
    else:
        print("bench_build: Docker Compose v2 not found: its row is skipped", file=sys.stderr)

    print(
        f"{args.services} services x {args.steps} steps of `RUN sleep {args.sleep:g}`, "
        f"build --no-cache, {args.runs} run(s) each"
    )
    samples: list[Sample] = []
    try:
        for run in range(args.runs):
            order = programs if run % 2 == 0 else list(reversed(programs))
            for label, short, command in order:
                project = f"pcbuild-{tag}-{short}-r{run}"
                projects.append(project)
                wall, code, err = timed(
                    command, folder, {**env, "COMPOSE_PROJECT_NAME": project}, args.timeout
                )
                if code != 0:
                    print(f"bench_build: {label} failed (exit {code}):\n{err}", file=sys.stderr)
                    return 1
                check_built(project, names)
                samples.append(Sample(label, run, wall, code))
                print(f"  run {run + 1}  {label:<22} {wall:7.2f} s")
                remove_images(project)
    finally:
        signal.signal(signal.SIGTERM, previous_term)

    medians = {
        label: statistics.median(s.wall for s in samples if s.label == label) for label, _, _ in programs
    }
    ratio = medians["pycompose concurrent"] / medians["pycompose one by one"]
    print()
    print(f"{'program':<24}{'median wall':>12}")
    for label, value in medians.items():
        print(f"{label:<24}{value:>10.2f} s")
    verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
    print(f"\nconcurrent / one by one: {ratio:.2f}  (target <= {TARGET_RATIO}: {verdict})")
    if "docker compose v2" in medians:
        v2 = medians["pycompose concurrent"] / medians["docker compose v2"]
        print(f"pycompose concurrent / docker compose v2 (BuildKit): {v2:.2f}  (reference)")

    record = {
        "time": dt.datetime.now(dt.timezone.utc).isoformat(),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        },
        "parameters": vars(args),
        "samples": [asdict(s) for s in samples],
        "medians": medians,
        "ratio_concurrent_vs_sequential": ratio,
    }
    out = (
        Path(args.json_out)
        if args.json_out
        else OUT_DIR / f"bench_build-{time.strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    print(f"record: {out}")
    return 1 if args.strict and ratio > TARGET_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
