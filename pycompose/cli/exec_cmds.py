"""``exec`` and ``cp``: a command in a running service container, files in and out of one.

Both pick containers like Docker Compose: by service, ``--index`` for one replica; ``exec`` considers
running containers (one-off ``run`` containers last), ``cp`` also stopped ones (one-off containers
only with ``--all``). ``cp`` follows ``docker cp``'s rules for where a file or directory lands
(``archive.PrepareArchiveCopy``): into an existing directory under its own name, else under the
destination's name.
"""

from __future__ import annotations

import io
import os
import posixpath
import sys
import time
from collections.abc import Iterator, Mapping
from typing import Any

import click

from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions
from pycompose.errors import PycomposeError, UsageError

#: Go ``os.FileMode`` bits in the engine's path stat
MODE_DIR = 1 << 31
MODE_SYMLINK = 1 << 27


def project_containers(options: GlobalOptions, service: str) -> tuple[str, Any, list[Any]]:
    """(project name, engine, the service's containers), checking the service exists when the
    project's files are at hand."""
    from pycompose import labels
    from pycompose.cli.common import check_services, connect, load_project_or_name

    project, name = load_project_or_name(options)
    check_services(project, (service,))
    engine = connect(options)
    found = [c for c in engine.list_containers(labels.project_filter(name), all=True) if c.service == service]
    return name, engine, sorted(found, key=lambda c: (c.oneoff, c.number, c.name))


def pick_container(containers: list[Any], service: str, index: int, running: bool, oneoff: bool) -> Any:
    """``getSpecifiedContainer``: replica ``index`` (any when 0), lowest number first, one-offs last."""
    chosen = [
        c
        for c in containers
        if (not running or c.state == "running")
        and (oneoff or not c.oneoff)
        and (index <= 0 or (c.number == index and not c.oneoff))
    ]
    if not chosen:
        if index > 0:
            raise PycomposeError(f'service "{service}" is not running container #{index}')
        raise PycomposeError(f'service "{service}" is not running')
    return chosen[0]


def _environment(entries: tuple[str, ...]) -> list[str]:
    """``-e KEY=VALUE``; a bare ``KEY`` takes its value from this environment (dropped when unset)."""
    out = []
    for entry in entries:
        if "=" in entry:
            out.append(entry)
        elif entry in os.environ:
            out.append(f"{entry}={os.environ[entry]}")
    return out


def _exit_code(engine: Any, exec_id: str) -> int:
    """The exec's exit code; the process may still be reported running for a moment after its output
    ended."""
    deadline = time.monotonic() + 10
    delay = 0.01
    while True:
        info = engine.exec_inspect(exec_id)
        if not info.get("Running") or time.monotonic() > deadline:
            code = info.get("ExitCode")
            return int(code) if code is not None else 0
        time.sleep(delay)
        delay = min(delay * 2, 0.2)


@click.command(
    "exec",
    context_settings={**CONTEXT_SETTINGS, "allow_interspersed_args": False},
    short_help="Execute a command in a running container.",
)
@click.argument("service")
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@click.option("-d", "--detach", is_flag=True, help="Detached mode: run the command in the background.")
@click.option("-e", "--env", "env", multiple=True, metavar="KEY[=VAL]", help="Set environment variables.")
@click.option("--index", type=int, default=0, help="Index of the container if the service has replicas.")
@click.option("-T", "--no-tty", "no_tty", is_flag=True, help="Disable pseudo-TTY allocation (default: auto).")
@click.option("--privileged", is_flag=True, help="Give extended privileges to the process.")
@click.option("-u", "--user", default="", help="Run the command as this user.")
@click.option("-w", "--workdir", default="", help="Path to workdir directory for this command.")
@click.option("-i", "--interactive/--no-interactive", default=True, hidden=True, help="Keep STDIN open.")
@click.option("-t", "--tty", "tty_flag", is_flag=True, hidden=True, help="Accepted: a TTY is the default.")
@click.pass_obj
def exec_cmd(
    options: GlobalOptions,
    service: str,
    command: tuple[str, ...],
    detach: bool,
    env: tuple[str, ...],
    index: int,
    no_tty: bool,
    privileged: bool,
    user: str,
    workdir: str,
    interactive: bool,
    tty_flag: bool,
) -> None:
    """Execute a command in a running container of a service; its exit code is exec's.

    A TTY is allocated when stdin and stdout are terminals, unless -T.
    """
    from pycompose.cli.tty import on_resize, pump, raw_terminal, wants_tty

    _, engine, containers = project_containers(options, service)
    container = pick_container(containers, service, index, running=True, oneoff=True)
    if options.dry_run:
        click.echo(f"exec {' '.join(command)} in {container.name}")
        return
    tty = wants_tty(no_tty)
    exec_id = engine.exec_create(
        container.id,
        command,
        env=_environment(env),
        user=user,
        workdir=workdir,
        privileged=privileged,
        tty=tty,
        stdin=interactive,
        detach=detach,
    )
    if detach:
        engine.exec_start(exec_id, tty=tty, detach=True)
        return
    stream = engine.exec_start(exec_id, tty=tty)
    resize = (lambda h, w: engine.resize_tty(container.id, h, w, exec_id=exec_id)) if tty else None
    with on_resize(resize), raw_terminal(tty and interactive):
        pump(stream, tty, send_stdin=interactive)
    raise click.exceptions.Exit(_exit_code(engine, exec_id))


# ------------------------------------------------------------------------------------------------ cp


def _split_arg(arg: str) -> tuple[str | None, str]:
    """``SERVICE:PATH`` -> (service, path); a local path -> (None, path) (docker ``splitCpArg``)."""
    if os.path.isabs(arg) or arg == "-":
        return None, arg
    service, sep, path = arg.partition(":")
    if not sep or "/" in service or not service:
        return None, arg
    return service, path


def _split_entry(path: str) -> tuple[str, str]:
    """``archive.SplitPathDirEntry``: ``/a/b/`` -> (``/a``, ``b``); ``/a/b/.`` -> (``/a/b``, ``.``)."""
    cleaned = posixpath.normpath(path) if path else "."
    if path.endswith("/.") or path == ".":
        cleaned = posixpath.join(cleaned, ".")
    return posixpath.dirname(cleaned) or ".", posixpath.basename(cleaned)


def _asserts_directory(path: str) -> bool:
    return path.endswith("/") or path.endswith("/.") or path == "."


class _ChunkReader(io.RawIOBase):
    """A file object over an iterator of byte chunks (the engine's tar stream)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self._buf:
            try:
                self._buf = next(self._chunks)
            except StopIteration:
                return 0
        n = min(len(target), len(self._buf))
        target[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _rebase(name: str, old: str, new: str) -> str:
    """``RebaseArchiveEntries``: the entry ``old`` (and everything under it) renamed to ``new``."""
    if name == old or name.startswith(old + "/"):
        return new + name[len(old) :]
    return name


def _extract(chunks: Iterator[bytes], dest_dir: str, old: str | None, new: str | None) -> None:
    """Extract the engine's tar into ``dest_dir``, the root entry renamed, files owned by the user
    running pycompose (``NoLchown``), nothing written outside ``dest_dir``."""
    import tarfile

    root = os.path.realpath(dest_dir)
    uid, gid = os.getuid(), os.getgid()
    extra: dict[str, Any] = {"filter": "fully_trusted"} if hasattr(tarfile, "fully_trusted_filter") else {}
    with tarfile.open(fileobj=io.BufferedReader(_ChunkReader(chunks)), mode="r|") as archive:
        for member in archive:
            if old is not None and new is not None:
                member.name = _rebase(member.name, old, new)
                if member.islnk():
                    member.linkname = _rebase(member.linkname, old, new)
            target = os.path.realpath(os.path.join(root, member.name))
            if target != root and not target.startswith(root + os.sep):
                raise PycomposeError(f"refusing to extract {member.name!r} outside {dest_dir}")
            member.uid, member.gid, member.uname, member.gname = uid, gid, "", ""
            archive.extract(member, path=root, numeric_owner=True, **extra)


def _link_target(path: str, stat: Mapping[str, Any] | None) -> str | None:
    """Where ``path`` in the container points when ``stat`` says it is a symlink (a relative target
    resolved against its directory), else None: ``cp`` copies what the link names, not the link."""
    if stat is None or not int(stat.get("mode", 0)) & MODE_SYMLINK:
        return None
    link = str(stat.get("linkTarget") or "")
    return link if posixpath.isabs(link) else posixpath.join(_split_entry(path)[0], link)


def _copy_from(engine: Any, container: Any, src: str, dest: str, follow: bool, label: str) -> None:
    rebase_name = None
    link = _link_target(src, engine.stat_path(container.id, src)) if follow else None
    if link is not None:
        rebase_name = _split_entry(src)[1]
        src = link
    chunks, stat = engine.get_archive(container.id, src)
    if dest == "-":
        out = sys.stdout.buffer
        for chunk in chunks:
            out.write(chunk)
        out.flush()
        return
    src_is_dir = bool(int(stat.get("mode", 0)) & MODE_DIR)
    src_base = _split_entry(src)[1]
    if rebase_name is not None and src_base != rebase_name:
        # the archive is named after the link's target: give it the name that was asked for
        old, src_base = src_base, rebase_name
    else:
        old = None
    dest_dir, dest_base = _split_entry(dest)
    exists = os.path.exists(dest)
    if exists and os.path.isdir(dest):
        _extract(chunks, dest, old, src_base if old else None)
    elif exists and src_is_dir:
        raise PycomposeError(f"cannot copy a directory to a file: {dest}")
    elif not exists and not src_is_dir and _asserts_directory(dest):
        raise PycomposeError(f"{label}: no such directory: {dest}")
    else:
        if not os.path.isdir(dest_dir):
            raise PycomposeError(f"{label}: no such directory: {dest_dir}")
        _extract(chunks, dest_dir, old or src_base, dest_base)


def _local_tar(src: str, arcname: str, follow: bool) -> bytes:
    """A tar of the local ``src`` whose root entry is ``arcname`` (``dir/.``: the directory itself)."""
    import tarfile

    path = src.removesuffix("/.")
    if follow:
        path = os.path.realpath(path)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        archive.add(path, arcname=arcname, recursive=True)
    return buffer.getvalue()


def _copy_to(engine: Any, container: Any, src: str, dest: str, follow: bool, archive_mode: bool) -> None:
    dest_path = dest
    stat = engine.stat_path(container.id, dest_path)
    link = _link_target(dest_path, stat)
    if link is not None:
        dest_path = link
        stat = engine.stat_path(container.id, dest_path)
    exists = stat is not None
    dest_is_dir = exists and bool(int(stat.get("mode", 0)) & MODE_DIR)  # type: ignore[union-attr]
    where = f"{container.name}:{dest}"
    if src == "-":
        if not dest_is_dir:
            raise PycomposeError(f'destination "{where}" must be a directory')
        engine.put_archive(container.id, dest_path, sys.stdin.buffer.read(), copy_uid_gid=archive_mode)
        return
    local = os.path.abspath(src) + ("/." if src.endswith("/.") else "")
    if not os.path.lexists(local.removesuffix("/.")):
        raise PycomposeError(f"no such file or directory: {src}")
    src_is_dir = os.path.isdir(local)
    src_base = _split_entry(local)[1]
    if follow and os.path.islink(local):
        src_base = os.path.basename(local)
    dest_dir, dest_base = _split_entry(dest_path)
    if dest_is_dir:
        into, name = dest_path, src_base
    elif exists and src_is_dir:
        raise PycomposeError(f"cannot copy a directory to a file: {where}")
    elif not exists and not src_is_dir and _asserts_directory(dest_path):
        raise PycomposeError(f'destination "{where}" must be a directory: no such directory')
    else:
        into, name = dest_dir, dest_base
    data = _local_tar(local, name, follow)
    engine.put_archive(container.id, into, data, copy_uid_gid=archive_mode)


@click.command("cp", context_settings=CONTEXT_SETTINGS, short_help="Copy files between a container and here.")
@click.argument("source")
@click.argument("destination")
@click.option("--all", "all_", is_flag=True, help="Include containers created by the run command.")
@click.option("-a", "--archive", is_flag=True, help="Archive mode (copy all uid/gid information).")
@click.option("-L", "--follow-link", is_flag=True, help="Always follow symbol link in SRC_PATH.")
@click.option("--index", type=int, default=0, help="Index of the container if the service has replicas.")
@click.pass_obj
def cp_cmd(
    options: GlobalOptions,
    source: str,
    destination: str,
    all_: bool,
    archive: bool,
    follow_link: bool,
    index: int,
) -> None:
    """Copy files/folders between a service container and the local filesystem.

    \b
    pycompose cp SERVICE:SRC_PATH DEST_PATH|-     from the container (the first one, or --index)
    pycompose cp SRC_PATH|- SERVICE:DEST_PATH     into every container of the service (or --index)
    """
    src_service, src = _split_arg(source)
    dest_service, dest = _split_arg(destination)
    if src_service and dest_service:
        raise UsageError("copying between services is not supported")
    if not src_service and not dest_service:
        raise UsageError("unknown copy direction", hint="one of SRC or DEST must be SERVICE:PATH")
    service = str(src_service or dest_service)
    _, engine, containers = project_containers(options, service)
    if index > 0:
        targets = [pick_container(containers, service, index, running=False, oneoff=False)]
    else:
        targets = [c for c in containers if all_ or not c.oneoff]
        if not targets:
            raise PycomposeError(f'no container found for service "{service}"')
        if src_service:
            targets = targets[:1]
    for container in targets:
        if src_service:
            label = f"copy {container.name}:{src} to {dest}"
        else:
            label = f"copy {source} to {container.name}:{dest}"
        if options.dry_run:
            click.echo(label)
            continue
        click.echo(f" {container.name} {label} Copying", err=True)
        if src_service:
            _copy_from(engine, container, src, dest, follow_link, label)
        else:
            _copy_to(engine, container, src, dest, follow_link, archive)
        click.echo(f" {container.name} {label} Copied", err=True)


COMMANDS = (exec_cmd, cp_cmd)
