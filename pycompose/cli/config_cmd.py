"""``pycompose config``: parse, resolve and render the Compose model, as ``docker compose config`` does."""

from __future__ import annotations

import click

from pycompose.cli.common import format_option
from pycompose.cli.main import CONTEXT_SETTINGS, GlobalOptions

EPILOG = """\b
Examples:
  pycompose config                       the whole model as YAML
  pycompose config --format json web     the web service and what it depends on, as JSON
  pycompose config -q                    only validate (exit code 1 and one line on error)
  pycompose config --services            one service name per line
  pycompose config --hash '*'            the config hash of every service (what decides a recreate)
  pycompose config --variables           the variables the files use, with defaults
"""


@click.command("config", context_settings=CONTEXT_SETTINGS, epilog=EPILOG)
@click.argument("services", nargs=-1)
@format_option("yaml", "json", help="Format the output.")
@click.option("-q", "--quiet", is_flag=True, help="Only validate the configuration, don't print anything.")
@click.option("--services", "list_services", is_flag=True, help="Print the service names, one per line.")
@click.option("--volumes", "list_volumes", is_flag=True, help="Print the volume names, one per line.")
@click.option("--networks", "list_networks", is_flag=True, help="Print the network names, one per line.")
@click.option("--profiles", "list_profiles", is_flag=True, help="Print the profile names, one per line.")
@click.option("--images", "list_images", is_flag=True, help="Print the image names, one per line.")
@click.option("--models", "list_models", is_flag=True, help="Print the model names, one per line.")
@click.option(
    "--hash", "hash_of", metavar="SERVICES", help="Print the service config hash, one per line ('*' for all)."
)
@click.option(
    "--variables", "list_variables", is_flag=True, help="Print the model variables and their defaults."
)
@click.option(
    "--environment", "list_environment", is_flag=True, help="Print the environment used for interpolation."
)
@click.option("--no-interpolate", is_flag=True, help="Don't interpolate environment variables.")
@click.option("--no-normalize", is_flag=True, help="Don't normalize the compose model.")
@click.option("--no-path-resolution", is_flag=True, help="Don't resolve file paths.")
@click.option(
    "--no-consistency", is_flag=True, help="Don't check model consistency (undefined references...)."
)
@click.option("--no-env-resolution", is_flag=True, help="Don't resolve service env files.")
@click.option("--resolve-image-digests", is_flag=True, help="Pin image tags to digests (needs the registry).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Save to file (default: stdout)."
)
@click.pass_obj
def config_cmd(
    options: GlobalOptions,
    services: tuple[str, ...],
    fmt: str,
    quiet: bool,
    list_services: bool,
    list_volumes: bool,
    list_networks: bool,
    list_profiles: bool,
    list_images: bool,
    list_models: bool,
    hash_of: str | None,
    list_variables: bool,
    list_environment: bool,
    no_interpolate: bool,
    no_normalize: bool,
    no_path_resolution: bool,
    no_consistency: bool,
    no_env_resolution: bool,
    resolve_image_digests: bool,
    output: str | None,
) -> None:
    """Parse, resolve and render the compose file in canonical format."""
    from pycompose.cli import config_render as render
    from pycompose.config.loader import load_model

    if list_variables:
        _write(render.variables_table(options.load_options(), fmt), output)
        return
    load_options = options.load_options(
        interpolate=not no_interpolate,
        normalize=not no_normalize,
        resolve_paths=not no_path_resolution,
        consistency=not no_consistency,
        resolve_env=not no_env_resolution,
    )
    selection = (
        () if (list_services or list_volumes or list_networks or list_profiles or list_models) else services
    )
    loaded = load_model(
        load_options, selection, json_shape=(fmt == "json" and not no_interpolate) or hash_of is not None
    )
    if resolve_image_digests:
        _pin_digests(loaded.model)
    if quiet:
        return
    if list_environment:
        text = "\n".join(f"{k}={v}" for k, v in sorted(loaded.environment.items()))
    elif list_services:
        text = "\n".join(loaded.model.get("services") or {})
    elif list_volumes:
        text = "\n".join(loaded.model.get("volumes") or {})
    elif list_networks:
        text = "\n".join(loaded.model.get("networks") or {})
    elif list_profiles:
        text = "\n".join(loaded.all_profiles)
    elif list_images:
        text = render.images(loaded)
    elif list_models:
        # Docker Compose prints each used model's `model` (the image it pulls), not its key
        models = (loaded.model.get("models") or {}).values()
        text = "\n".join(str((m or {}).get("model") or "") for m in models)
    elif hash_of is not None:
        text = render.hashes(loaded, hash_of)
    elif fmt == "json":
        from pycompose.config.emit import to_json

        text = to_json(loaded.model, escape=not no_interpolate)
        _write(text, output, newline=False)  # Docker Compose prints JSON without a final newline
        return
    else:
        from pycompose.config.emit import to_yaml

        text = to_yaml(loaded.model, escape=not no_interpolate).rstrip("\n")
    _write(text, output)


def _pin_digests(model: dict) -> None:
    """``--resolve-image-digests``: ``image: name@sha256:...`` from the digests the engine knows.

    Docker Compose asks the registry; pycompose asks the engine for the image's repository digest
    (recorded when it was pulled or pushed), so an image that never met a registry is an error.
    """
    from pycompose.api import connect
    from pycompose.errors import UsageError

    engine = connect()
    for name, service in (model.get("services") or {}).items():
        image = service.get("image")
        if not image or "@" in image:
            continue
        details = engine.inspect_image_details(image)
        digests = [d for d in (details or {}).get("RepoDigests") or [] if "@" in d]
        if not digests:
            raise UsageError(
                f"services.{name}.image: cannot resolve the digest of {image}: "
                "the engine has no registry digest for it",
                hint="pull or push the image through a registry first",
            )
        repository = image.rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image
        pinned = next((d for d in digests if d.split("@")[0] == repository), digests[0])
        service["image"] = f"{image}@{pinned.split('@', 1)[1]}" if ":" in image.rsplit("/", 1)[-1] else pinned


def _write(text: str, output: str | None, newline: bool = True) -> None:
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text + ("\n" if newline else ""))
        return
    if text:
        click.echo(text, nl=newline)
