"""The desk's axis settings and its secret.

Endpoint, system id, CA bundle and timeouts live in the workspace's settings (history records
each change). The shared secret is kept in the operating system's keyring when a real one is
available; otherwise in ``<workspace>/secrets/axis.secret``, created with mode 0600 (only the
user can read it). It never goes to the database, a log or the output."""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InvalidInput, WorkspaceError

KEYRING_SERVICE = "vanthu-axis"
ENV_SECRET_STORE = "VANTHU_SECRET_STORE"  # "file" forces the file (tests, headless servers)
SETTINGS = ("axis_endpoint", "axis_system_id", "axis_ca_bundle", "axis_timeout")


@dataclass(frozen=True)
class AxisConfig:
    endpoint: str
    system_id: str
    ca_bundle: str = ""  # empty: the system's trust store; TLS is always verified
    timeout: float = 30.0

    @property
    def verify(self) -> bool | str:
        return self.ca_bundle or True


def load_config(workspace: Any) -> AxisConfig:
    endpoint = workspace.setting("axis_endpoint")
    system_id = workspace.setting("axis_system_id")
    if not endpoint or not system_id:
        raise WorkspaceError("axis_not_configured", str(workspace.paths.home))
    return AxisConfig(
        endpoint=endpoint,
        system_id=system_id,
        ca_bundle=workspace.setting("axis_ca_bundle") or "",
        timeout=float(workspace.setting("axis_timeout") or 30.0),
    )


def save_config(workspace: Any, config: AxisConfig, secret: str | None) -> None:
    if not config.endpoint.startswith(("http://", "https://")):
        raise InvalidInput("endpoint", "malformed", value=config.endpoint)
    if not config.system_id.strip():
        raise InvalidInput("system_id", "missing")
    values = {
        "axis_endpoint": config.endpoint.rstrip("/"),
        "axis_system_id": config.system_id.strip(),
        "axis_ca_bundle": config.ca_bundle,
        "axis_timeout": str(config.timeout),
    }
    secret_said = {"secret": "(đã lưu)" if secret else ""}
    workspace.set_settings(values, axis=values | secret_said)
    if secret is not None:
        store_secret(Path(workspace.paths.home), values["axis_system_id"], secret)


# -- the secret ----------------------------------------------------------------------------


def _keyring() -> Any | None:
    if os.environ.get(ENV_SECRET_STORE, "").lower() == "file":
        return None
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or type(backend).__name__ == "NullKeyring":
            return None
        return keyring
    except Exception:  # no usable keyring on this machine
        return None


def _secret_file(home: Path) -> Path:
    return home / "secrets" / "axis.secret"


def store_secret(home: Path, system_id: str, secret: str) -> str:
    """Where it went: "keyring" or "file"."""
    if not secret:
        raise InvalidInput("secret", "missing")
    ring = _keyring()
    if ring is not None:
        try:
            ring.set_password(KEYRING_SERVICE, f"{home}:{system_id}", secret)
            with contextlib.suppress(FileNotFoundError):
                _secret_file(home).unlink()
            return "keyring"
        except Exception:  # a locked or broken keyring: fall back to the file
            pass
    path = _secret_file(home)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f"{system_id}\n{secret}\n")
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return "file"


def load_secret(home: Path, system_id: str) -> str:
    ring = _keyring()
    if ring is not None:
        with contextlib.suppress(Exception):
            value = ring.get_password(KEYRING_SERVICE, f"{home}:{system_id}")
            if value:
                return value
    path = _secret_file(home)
    try:
        stored_id, secret = path.read_text("utf-8").splitlines()[:2]
    except (OSError, ValueError):
        raise WorkspaceError("axis_secret_missing", str(home)) from None
    if stored_id != system_id:
        raise WorkspaceError("axis_secret_missing", str(home))
    return secret


def secret_backend() -> str:
    """Where a secret saved now would go: "keyring" (the OS keyring is usable) or "file"."""
    return "keyring" if _keyring() is not None else "file"


def secret_location(home: Path, system_id: str) -> str | None:
    """Where the secret of ``system_id`` is kept ("keyring" or "file"), None when it is not
    (the secret itself is not returned)."""
    if not system_id:
        return None
    ring = _keyring()
    if ring is not None:
        with contextlib.suppress(Exception):
            if ring.get_password(KEYRING_SERVICE, f"{home}:{system_id}"):
                return "keyring"
    try:
        stored_id = _secret_file(Path(home)).read_text("utf-8").splitlines()[0]
    except (OSError, IndexError):
        return None
    return "file" if stored_id == system_id else None


def check_connection(config: AxisConfig, secret: str) -> int:
    """Reach the axis with these settings (nothing is saved, nothing acknowledged): how many
    packages wait for this system. Raises the client's errors (unreachable, refused
    credentials, TLS, protocol)."""
    from sync.client import AxisClient

    with AxisClient(
        config.endpoint, config.system_id, secret, timeout=(min(10.0, config.timeout),
        config.timeout), verify=config.verify,
    ) as client:  # fmt: skip
        return len(client.get_received_list())


__all__ = [
    "AxisConfig",
    "check_connection",
    "load_config",
    "load_secret",
    "save_config",
    "secret_backend",
    "secret_location",
    "store_secret",
]
