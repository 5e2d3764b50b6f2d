"""The ``pycompose`` command line: Docker Compose v2's global options, then one subcommand.

Only ``cli/`` knows about terminals, prompts and exit codes. Subcommands turn flags into options and call
the library; every ``PycomposeError`` becomes one line on stderr and exit code 1 — never a traceback
(set ``PYCOMPOSE_DEBUG=1`` to see one for an unexpected failure).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

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
    """The global flags, resolved against the environment, shared by every subcommand."""

    files: tuple[str, ...]
    project_name: str | None
    project_directory: str | None
    env_files: tuple[str, ...] | None
    profiles: tuple[str, ...] | None
    parallel: int
    progress: str
    dry_run: bool
    ansi: str

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


def _register_commands() -> None:
    from pycompose.cli import inspect_cmds, lifecycle_cmds, up_cmd
    from pycompose.cli.config_cmd import config_cmd

    cli.add_command(config_cmd)
    for command in (
        up_cmd.up_cmd,
        up_cmd.create_cmd,
        up_cmd.plan_cmd,
        *lifecycle_cmds.COMMANDS,
        *inspect_cmds.COMMANDS,
    ):
        cli.add_command(command)
    from pycompose.cli import image_cmds

    for command in image_cmds.COMMANDS:
        cli.add_command(command)
    from pycompose.cli.build_cmd import build_cmd

    cli.add_command(build_cmd)
    from pycompose.cli.stack_cmds import stack_group

    cli.add_command(stack_group)
    from pycompose.cli.orchestrate_cmds import COMMANDS as orchestrate_commands  # reconcile, status

    for command in orchestrate_commands:
        cli.add_command(command)
    from pycompose.cli.release_cmds import release_group  # blue-green and canary releases

    cli.add_command(release_group)


def _dry_run_option(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    """``COMMAND --dry-run`` as Docker Compose accepts it: the same as the global ``--dry-run``."""
    if value and isinstance(ctx.obj, GlobalOptions):
        from dataclasses import replace

        ctx.obj = replace(ctx.obj, dry_run=True)
    return value


def _register_oneoff_commands() -> None:
    """``run``, ``exec``, ``cp``, ``scale``, ``events``, ``stats``, ``wait``; then every command accepts
    ``--dry-run`` after its name too, as in Docker Compose."""
    from pycompose.cli import exec_cmds, run_cmd, scale_cmd, watch_cmds

    for command in (run_cmd.run_cmd, *exec_cmds.COMMANDS, scale_cmd.scale_cmd, *watch_cmds.COMMANDS):
        cli.add_command(command)
    for command in cli.commands.values():
        if not any("--dry-run" in getattr(p, "opts", ()) for p in command.params):
            command.params.append(
                click.Option(
                    ["--dry-run"],
                    is_flag=True,
                    expose_value=False,
                    callback=_dry_run_option,
                    help="Execute command in dry run mode.",
                )
            )


_register_commands()
_register_oneoff_commands()


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
