"""The ``pycompose`` command line: Docker Compose v2's global options, then one subcommand.

Only ``cli/`` knows about terminals, prompts and exit codes. Subcommands turn flags into options and call
the library; every ``PycomposeError`` becomes one line on stderr and exit code 1 — never a traceback
(set ``PYCOMPOSE_DEBUG=1`` to see one for an unexpected failure).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import click

from pycompose import __version__

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 110}

EPILOG = """\b
Examples:
  pycompose config                              print the resolved model of ./compose.yaml
  pycompose -f compose.yaml -f prod.yaml config --format json
  pycompose -p demo --profile debug config --services
  COMPOSE_FILE=a.yaml:b.yaml pycompose config -q  validate, print nothing

\b
Environment variables (as Docker Compose v2):
  COMPOSE_FILE, COMPOSE_PATH_SEPARATOR, COMPOSE_PROJECT_NAME, COMPOSE_PROFILES,
  COMPOSE_ENV_FILES, COMPOSE_DISABLE_ENV_FILE, COMPOSE_PARALLEL_LIMIT, COMPOSE_ANSI, COMPOSE_PROGRESS
"""


@dataclass(frozen=True)
class GlobalOptions:
    """The global flags, resolved against the environment, shared by every subcommand.

    A subcommand's own flags that change how progress looks are folded in with ``replace`` before the
    plan runs (``cli.common.quieted``), so every plan the command executes reports the same way."""

    files: tuple[str, ...]
    project_name: str | None
    project_directory: str | None
    env_files: tuple[str, ...] | None
    profiles: tuple[str, ...] | None
    parallel: int
    progress: str
    dry_run: bool
    ansi: str
    quiet_pull: bool = False  # ``--quiet-pull``: no layer lines under a pull's Pulling/Pulled
    quiet_build: bool = False  # ``--quiet-build``: no build output under a build's Building/Built

    def load_options(self, **overrides: object):  # -> LoadOptions (lazy import keeps startup fast)
        """``LoadOptions`` for the loader, from the flags and the process environment."""
        from pycompose.config.options import LoadOptions

        values: dict[str, object] = {
            "files": self.files,
            "project_name": self.project_name,
            "project_directory": self.project_directory,
            "env_files": self.env_files,
            "profiles": self.profiles,
            "environ": dict(os.environ),
            "working_dir": os.getcwd(),
        }
        values.update(overrides)
        return LoadOptions(**values)  # type: ignore[arg-type]


def _split_profiles(values: tuple[str, ...]) -> tuple[str, ...] | None:
    if values:
        return tuple(values)
    env = os.environ.get("COMPOSE_PROFILES")
    if env is None:
        return None
    return tuple(p.strip() for p in env.split(",") if p.strip())


@click.group(context_settings=CONTEXT_SETTINGS, epilog=EPILOG, invoke_without_command=True)
@click.option(
    "-f",
    "--file",
    "files",
    multiple=True,
    metavar="FILE",
    help="Compose configuration files (repeatable; '-' reads standard input).",
)
@click.option("-p", "--project-name", metavar="NAME", help="Project name.")
@click.option(
    "--project-directory",
    metavar="DIR",
    help="Alternate working directory (default: the folder of the first Compose file).",
)
@click.option(
    "--env-file", "env_files", multiple=True, metavar="FILE", help="Alternate environment files (repeatable)."
)
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    metavar="NAME",
    help="Enable a profile (repeatable; '*' enables all).",
)
@click.option(
    "--parallel", type=int, default=None, metavar="N", help="Control max parallelism, -1 for unlimited."
)
@click.option(
    "--progress",
    type=click.Choice(["auto", "tty", "plain", "json", "quiet"]),
    default=None,
    help="Type of progress output.",
)
@click.option("--dry-run", is_flag=True, help="Show the plan of a command without changing anything.")
@click.option(
    "--ansi",
    type=click.Choice(["never", "always", "auto"]),
    default=None,
    help="Control when to print ANSI control characters.",
)
@click.option("--compatibility", is_flag=True, help="Run compose in backward compatibility mode.")
@click.option("-v", "--version", "show_version", is_flag=True, help="Show the pycompose version and exit.")
@click.pass_context
def cli(
    ctx: click.Context,
    files: tuple[str, ...],
    project_name: str | None,
    project_directory: str | None,
    env_files: tuple[str, ...],
    profiles: tuple[str, ...],
    parallel: int | None,
    progress: str | None,
    dry_run: bool,
    ansi: str | None,
    compatibility: bool,
    show_version: bool,
) -> None:
    """pycompose: define and run multi-container applications, Docker Compose v2 compatible.

    The compose file says what you want; pycompose shows the plan of steps that gets you there.
    """
    if show_version:
        click.echo(f"pycompose version v{__version__}")
        ctx.exit(0)
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
        ctx.exit(0)
    if parallel is None:
        limit = os.environ.get("COMPOSE_PARALLEL_LIMIT")
        parallel = int(limit) if limit and limit.lstrip("-").isdigit() else -1
    env_files_value = tuple(env_files) if env_files else None  # else COMPOSE_ENV_FILES or .env
    ctx.obj = GlobalOptions(
        files=tuple(files),
        project_name=project_name or None,
        project_directory=project_directory,
        env_files=env_files_value,
        profiles=_split_profiles(profiles),
        parallel=parallel,
        progress=progress or os.environ.get("COMPOSE_PROGRESS", "auto"),
        dry_run=dry_run,
        ansi=ansi or os.environ.get("COMPOSE_ANSI", "auto"),
    )


@cli.command("version", context_settings=CONTEXT_SETTINGS)
@click.option("--short", is_flag=True, help="Show only the version number.")
@click.option("-f", "--format", "fmt", type=click.Choice(["pretty", "json"]), default="pretty")
def version_cmd(short: bool, fmt: str) -> None:
    """Show the pycompose version information."""
    if short:
        click.echo(__version__)
    elif fmt == "json":
        click.echo(f'{{"version":"v{__version__}"}}')
    else:
        click.echo(f"pycompose version v{__version__}")


#: command name -> (module, attribute). A command's module is imported only when that command runs (or
#: when help lists every command): importing all of them cost a no-op ``up`` 40 ms of its 0.3 s.
COMMAND_MODULES: dict[str, tuple[str, str]] = {
    "build": ("pycompose.cli.build_cmd", "build_cmd"),
    "config": ("pycompose.cli.config_cmd", "config_cmd"),
    "cp": ("pycompose.cli.exec_cmds", "cp_cmd"),
    "create": ("pycompose.cli.up_cmd", "create_cmd"),
    "down": ("pycompose.cli.lifecycle_cmds", "down_cmd"),
    "events": ("pycompose.cli.watch_cmds", "events_cmd"),
    "exec": ("pycompose.cli.exec_cmds", "exec_cmd"),
    "images": ("pycompose.cli.image_cmds", "images_cmd"),
    "kill": ("pycompose.cli.lifecycle_cmds", "kill_cmd"),
    "logs": ("pycompose.cli.inspect_cmds", "logs_cmd"),
    "ls": ("pycompose.cli.inspect_cmds", "ls_cmd"),
    "pause": ("pycompose.cli.lifecycle_cmds", "pause_cmd"),
    "plan": ("pycompose.cli.up_cmd", "plan_cmd"),
    "port": ("pycompose.cli.inspect_cmds", "port_cmd"),
    "ps": ("pycompose.cli.inspect_cmds", "ps_cmd"),
    "pull": ("pycompose.cli.image_cmds", "pull_cmd"),
    "push": ("pycompose.cli.image_cmds", "push_cmd"),
    "reconcile": ("pycompose.cli.orchestrate_cmds", "reconcile_cmd"),
    "release": ("pycompose.cli.release_cmds", "release_group"),  # blue-green and canary releases
    "restart": ("pycompose.cli.lifecycle_cmds", "restart_cmd"),
    "rm": ("pycompose.cli.lifecycle_cmds", "rm_cmd"),
    "run": ("pycompose.cli.run_cmd", "run_cmd"),
    "scale": ("pycompose.cli.scale_cmd", "scale_cmd"),
    "stack": ("pycompose.cli.stack_cmds", "stack_group"),
    "start": ("pycompose.cli.lifecycle_cmds", "start_cmd"),
    "stats": ("pycompose.cli.watch_cmds", "stats_cmd"),
    "status": ("pycompose.cli.orchestrate_cmds", "status_cmd"),
    "stop": ("pycompose.cli.lifecycle_cmds", "stop_cmd"),
    "top": ("pycompose.cli.inspect_cmds", "top_cmd"),
    "unpause": ("pycompose.cli.lifecycle_cmds", "unpause_cmd"),
    "up": ("pycompose.cli.up_cmd", "up_cmd"),
    "wait": ("pycompose.cli.watch_cmds", "wait_cmd"),
}


def apply_dry_run(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """``COMMAND --dry-run`` as Docker Compose accepts it: the same as the global ``--dry-run`` (the
    callback of every command's ``--dry-run`` that does not take it as a parameter)."""
    if value and isinstance(ctx.obj, GlobalOptions):
        from dataclasses import replace

        ctx.obj = replace(ctx.obj, dry_run=True)
    return value


def _with_dry_run(command: click.Command) -> click.Command:
    """Every command accepts ``--dry-run`` after its name too, as in Docker Compose."""
    if not any("--dry-run" in getattr(p, "opts", ()) for p in command.params):
        command.params.append(
            click.Option(
                ["--dry-run"],
                is_flag=True,
                expose_value=False,
                callback=apply_dry_run,
                help="Execute command in dry run mode.",
            )
        )
    return command


class _LazyCommands(dict):  # type: ignore[type-arg]
    """``Group.commands`` that imports a command's module on first lookup of its name, and every
    module when the whole table is walked (help, completion, the tests comparing flags with v2)."""

    def __init__(self, known: dict[str, click.Command], lazy: dict[str, tuple[str, str]]) -> None:
        super().__init__(known)
        self._lazy = dict(lazy)

    def _load(self, name: object) -> None:
        where = self._lazy.pop(name, None) if isinstance(name, str) else None
        if where is not None:
            import importlib

            command = getattr(importlib.import_module(where[0]), where[1])
            dict.__setitem__(self, name, _with_dry_run(command))

    def _load_all(self) -> None:
        for name in list(self._lazy):
            self._load(name)

    def __getitem__(self, name: str) -> click.Command:
        self._load(name)
        return super().__getitem__(name)

    def get(self, name: str, default: Any = None) -> Any:  # type: ignore[override]
        self._load(name)
        return super().get(name, default)

    def __contains__(self, name: object) -> bool:
        return name in self._lazy or super().__contains__(name)

    def __iter__(self) -> Iterator[str]:
        self._load_all()
        return super().__iter__()

    def __len__(self) -> int:
        return super().__len__() + len(self._lazy)

    def keys(self):  # type: ignore[override]
        self._load_all()
        return super().keys()

    def values(self):  # type: ignore[override]
        self._load_all()
        return super().values()

    def items(self):  # type: ignore[override]
        self._load_all()
        return super().items()


cli.commands = _LazyCommands({n: _with_dry_run(c) for n, c in cli.commands.items()}, COMMAND_MODULES)


def _report(error: BaseException) -> int:
    from pycompose.cli.errors import describe

    message, code = describe(error)
    sys.stderr.write(message + "\n")
    return code


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script: run the CLI, turn errors into one line and an exit code."""
    from pycompose.errors import PycomposeError

    try:
        code = cli.main(args=argv, prog_name="pycompose", standalone_mode=False)
        if isinstance(code, int) and code:
            # without standalone mode click returns (not raises) the code of click.exceptions.Exit
            sys.exit(code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.stderr.write("Aborted.\n")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except PycomposeError as exc:
        sys.exit(_report(exc))
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(141)
    except Exception as exc:
        if os.environ.get("PYCOMPOSE_DEBUG"):
            raise
        sys.exit(_report(exc))
    sys.exit(0)


def run() -> None:
    """The console script and ``python -m pycompose``: :func:`main`, then the process ends at once
    (:mod:`pycompose.cli.fast_exit`); ``main`` keeps raising ``SystemExit`` for in-process callers."""
    from pycompose.cli.fast_exit import exit_now

    try:
        main()
    except SystemExit as exit:
        exit_now(exit)
