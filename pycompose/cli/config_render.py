"""Text renderings of ``config`` that are not the model itself: variables, images, hashes."""

from __future__ import annotations

import json

from pycompose.config.loader import LoadedModel, parse_documents, read_text, resolve_inputs
from pycompose.config.options import LoadOptions
from pycompose.errors import UsageError


def variables_table(options: LoadOptions, fmt: str) -> str:
    """``config --variables``: the variables of the files, with required flag, default and alternate."""
    from pycompose.config.variables import extract_variables

    files, _, _, _ = resolve_inputs(options)
    found = {}
    for path in files:
        for doc in parse_documents(path, read_text(path)):
            for name, var in extract_variables(doc).items():
                found.setdefault(name, var)
    if fmt == "json":
        data = {
            name: {
                "Name": v.name,
                "DefaultValue": v.default,
                "PresenceValue": v.alternate,
                "Required": v.required,
            }
            for name, v in sorted(found.items())
        }
        return json.dumps(data, indent=4)
    rows = [("NAME", "REQUIRED", "DEFAULT VALUE", "ALTERNATE VALUE")]
    rows += [
        (v.name, "true" if v.required else "false", v.default, v.alternate) for _, v in sorted(found.items())
    ]
    return "\n".join("".join(cell.ljust(20) if i < 3 else cell for i, cell in enumerate(row)) for row in rows)


def default_image(project: str, service: str) -> str:
    """The image name Docker Compose gives a service that only has ``build``: ``<project>-<service>``."""
    return f"{project}-{service}"


def images(loaded: LoadedModel) -> str:
    services = loaded.model.get("services") or {}
    return "\n".join(
        svc.get("image") or default_image(loaded.project_name, name) for name, svc in services.items()
    )


def hashes(loaded: LoadedModel, selection: str) -> str:
    """``config --hash 'a,b'`` / ``'*'``: ``<service> <config hash>`` per line."""
    from pycompose.config.hashing import service_hash

    services = loaded.model.get("services") or {}
    if selection.strip() == "*":
        names = list(services)
    else:
        names = [n.strip() for n in selection.split(",") if n.strip()]
    lines = []
    for name in names:
        if name not in services:
            reason = ": disabled" if name in loaded.disabled_services else ""
            raise UsageError(f"no such service: {name}{reason}")
        lines.append(f"{name} {service_hash(services[name], dollars_escaped=False)}")
    return "\n".join(lines)
