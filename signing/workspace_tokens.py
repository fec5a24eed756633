"""The workspace's own token settings, applied to this process before any token is used:

- ``pkcs11_modules``: a JSON list of module paths used besides the ones found without setup;
- ``softhsm_conf``: a SoftHSM2 configuration file (a relative path is taken from the
  workspace folder). SoftHSM reads ``SOFTHSM2_CONF`` once, when the library is loaded in a
  process, so it is set here, before that; the demo workspace keeps its test tokens so.

The command line (``vanthu tokens``, ``sign``, ``issue``) and the window's session call
``use_workspace_tokens(ws)`` once, before they discover tokens."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.settings import MODULES_SETTING, module_paths

ENV_SOFTHSM = "SOFTHSM2_CONF"


@dataclass(frozen=True)
class WorkspaceTokens:
    modules: tuple[str, ...] = ()  # the extra module paths (existing files only)
    softhsm_conf: str = ""  # the SoftHSM2 configuration in force ("" when not set)
    applied: bool = True  # False: SoftHSM was loaded before with another configuration


def extra_modules(ws: Any) -> tuple[str, ...]:
    """The ``pkcs11_modules`` setting as paths (read as app.settings.module_paths reads it,
    for the settings dialog and the sign dialog alike); a malformed value counts as none."""
    return tuple(module_paths(ws.setting(MODULES_SETTING)))


def softhsm_conf(ws: Any) -> str:
    value = (ws.setting("softhsm_conf") or "").strip()
    if not value:
        return ""
    path = Path(value)
    if not path.is_absolute():
        path = Path(ws.paths.home) / path
    return str(path)


def _softhsm_loaded() -> bool:
    from signing.tokens import TokenModule

    return any("softhsm" in key.lower() and m._lib is not None
               for key, m in TokenModule._registry.items())  # fmt: skip


def use_workspace_tokens(ws: Any) -> WorkspaceTokens:
    """Apply the workspace's token settings to this process: ``SOFTHSM2_CONF`` set from
    ``softhsm_conf`` (unless SoftHSM is loaded already: then ``applied`` is False), and the
    extra modules returned, to pass to ``discover_tokens`` / ``module_with``."""
    modules = tuple(m for m in extra_modules(ws) if Path(m).is_file())
    conf = softhsm_conf(ws)
    if not conf:
        return WorkspaceTokens(modules, os.environ.get(ENV_SOFTHSM, ""))
    if os.environ.get(ENV_SOFTHSM) == conf:
        return WorkspaceTokens(modules, conf)
    if _softhsm_loaded():
        return WorkspaceTokens(modules, os.environ.get(ENV_SOFTHSM, ""), applied=False)
    os.environ[ENV_SOFTHSM] = conf
    return WorkspaceTokens(modules, conf)


__all__ = ["WorkspaceTokens", "extra_modules", "softhsm_conf", "use_workspace_tokens"]
