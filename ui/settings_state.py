"""What the Settings dialog reads and saves, as plain functions that run on the I/O pool
(``session.tasks``): no Qt here.

``load_state`` reads everything the pages show in one go (the settings and the policy, where
the axis secret is kept, the trust store, when the revocation cache was last refreshed).
``save_all`` saves what the dialog collected, in an order that a retry can always finish:
everything is checked first (locks, values, files, certificates), then the trust store's
files and the secret are written (each idempotent), then one database transaction stores the
settings with one history event per change (app/settings.py)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import InvalidInput, NotFound
from app.settings import (
    SettingsChanges,
    SettingsService,
    SettingsSnapshot,
    module_paths,
    start_language,
)

SOFTHSM_SETTING = "softhsm_conf"  # the demo's SoftHSM configuration (app/demo*.py sets it)


@dataclass(frozen=True)
class TrustRow:
    """One line of the trust page: a certificate of the store, or one waiting to be added."""

    fingerprint: str
    common_name: str
    subject: str
    anchor: bool
    origin: str  # "bundled" | "user"
    status: str  # "enabled" | "expired" | "disabled" | "pending"
    not_after: str  # YYYY-MM-DD
    data: bytes = b""  # the file's bytes, for one waiting to be added
    source: str = ""


@dataclass(frozen=True)
class SettingsState:
    snapshot: SettingsSnapshot
    home: Path
    secret_where: str | None  # "keyring" | "file" | None (no secret for the system id)
    secret_backend: str  # where a new secret would go: "keyring" | "file"
    trust: tuple[TrustRow, ...]
    last_refresh: Any  # datetime | None
    default_tsa: str


@dataclass
class PendingSave:
    """What OK saves: the settings' changes, the secret typed (None: keep), the trust
    store's certificates to add (bytes, source) and to remove (fingerprints)."""

    changes: SettingsChanges = field(default_factory=SettingsChanges)
    secret: str | None = None
    trust_add: list[tuple[bytes, str]] = field(default_factory=list)
    trust_remove: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return (
            bool(self.changes)
            or self.secret is not None
            or bool(self.trust_add or self.trust_remove)
        )


@dataclass(frozen=True)
class SaveResult:
    keys: tuple[str, ...]
    secret_where: str | None = None
    organisation: Any = None  # app.model.Organisation as saved (read in the background)
    language: str | None = None  # the language saved ("vi", "en"), when it changed


def trust_rows(entries: list[Any], pending: bool = False) -> list[TrustRow]:
    return [
        TrustRow(
            e.fingerprint,
            e.common_name,
            e.subject,
            e.anchor,
            e.origin,
            "pending" if pending else e.status,
            f"{e.not_after:%Y-%m-%d}",
        )
        for e in entries
    ]


def load_state(ws: Any) -> SettingsState:
    from signing import GOVERNMENT_TSA, TrustStore, last_refresh
    from sync import secret_backend, secret_location

    home = Path(ws.paths.home)
    snapshot = SettingsService(ws).snapshot()
    store = TrustStore.load(home)
    return SettingsState(
        snapshot, home, secret_location(home, snapshot.value("axis_system_id")),
        secret_backend(), tuple(trust_rows(store.entries)), last_refresh(home), GOVERNMENT_TSA,
    )  # fmt: skip


def inspect_certificate(path: str) -> list[TrustRow]:
    """A certificate file the user picked, read and checked (a CA's) before it is shown."""
    from signing import TrustStore

    data = _read_small(Path(path), "cert")
    entries = TrustStore.inspect(data, source=str(path), require_ca=True)
    from dataclasses import replace

    return [replace(r, data=data, source=str(path)) for r in trust_rows(entries, pending=True)]


def _read_small(path: Path, field_name: str, limit: int = 4 * 1024 * 1024) -> bytes:
    if not path.exists():
        raise InvalidInput(field_name, "not_found", value=str(path))
    if not path.is_file():
        raise InvalidInput(field_name, "not_a_file", value=str(path))
    try:
        if path.stat().st_size > limit:
            raise InvalidInput(field_name, "too_large", value=str(path), limit=limit)
        return path.read_bytes()
    except OSError:
        raise InvalidInput(field_name, "unreadable", value=str(path)) from None


def read_image(path: str, key: str) -> bytes:
    """A PNG the user picked, checked, for the preview."""
    from app.settings import read_png

    return read_png(Path(path), "image" if key == "signature_image" else "seal")


def list_tokens(ws: Any, extra: list[str], refresh: bool = False) -> list[Any]:
    """Every PKCS#11 module found (the system's, and ``extra``) with its tokens
    (``refresh``: the modules re-initialised, so that a token plugged in since is seen; each
    module's calls run on its own thread, so a job in progress finishes first)."""
    from signing import discover_tokens

    conf = (ws.setting(SOFTHSM_SETTING) or "").strip()
    path = Path(conf) if Path(conf).is_absolute() else Path(ws.paths.home) / conf
    if conf and path.is_file():  # before SoftHSM is first loaded (it reads it once)
        os.environ.setdefault("SOFTHSM2_CONF", str(path))
    return discover_tokens(extra, refresh=refresh)


def try_connection(ws: Any, endpoint: str, system_id: str, secret: str | None,
                   ca_bundle: str, timeout: float) -> int:  # fmt: skip
    """The axis reached with the values typed (not saved): the packages waiting. Without a
    typed secret, the one kept for the system id."""
    from app.settings import valid_url
    from sync import AxisConfig, check_connection, load_secret

    endpoint = valid_url("endpoint", endpoint)
    if not system_id.strip():
        raise InvalidInput("system_id", "missing")
    if not secret:
        secret = load_secret(Path(ws.paths.home), system_id.strip())
    config = AxisConfig(endpoint, system_id.strip(), ca_bundle.strip(), float(timeout))
    return check_connection(config, secret)


def refresh_revocation(home: Path) -> tuple[int, int, Any]:
    """Refresh the revocation cache now: (fetched, tried, when the cache was last refreshed)."""
    from signing import last_refresh, refresh_workspace

    outcomes = refresh_workspace(home)
    return sum(o.ok for o in outcomes), len(outcomes), last_refresh(home)


def save_all(ws: Any, pending: PendingSave) -> SaveResult:
    from signing import TrustStore
    from sync import secret_location, store_secret

    home = Path(ws.paths.home)
    service = SettingsService(ws)
    changes = pending.changes
    events: list[dict[str, Any]] = []
    # 1. everything checked before anything is written
    if pending.secret is not None:
        service.check_unlocked(["axis_secret"])
        if not pending.secret.strip():
            raise InvalidInput("secret", "missing")
    if pending.trust_add or pending.trust_remove:
        service.check_unlocked(["trust"])
    for data, source in pending.trust_add:
        TrustStore.inspect(data, source=source, require_ca=True)
    values = service.validate(changes)
    system_id = values.get("axis_system_id") or ws.setting("axis_system_id") or ""
    if (
        "axis_system_id" in values
        and pending.secret is None
        and secret_location(home, system_id) is None
    ):
        raise InvalidInput("secret", "missing")  # the secret was kept for the old id
    if pending.secret is not None and not system_id:
        raise InvalidInput("system_id", "missing")
    # 2. files and the secret (each can be written again: a retry after a failure finishes)
    store = TrustStore.load(home)
    for data, source in pending.trust_add:
        added = store.add(data, source=source, require_ca=True)
        events.append({"key": "trust", "added": [e.fingerprint for e in added],
                       "subjects": [e.common_name for e in added]})  # fmt: skip
    for fingerprint in pending.trust_remove:
        try:
            removed = store.remove(fingerprint)
        except NotFound:
            continue
        events.append({"key": "trust", "removed": removed.fingerprint,
                       "subject": removed.common_name})  # fmt: skip
    where = None
    if pending.secret is not None:
        where = store_secret(home, system_id, pending.secret)
        events.append({"key": "axis_secret", "after": "(đã lưu)", "where": where})
    # 3. one transaction: the settings, the registers, one event per change
    changes.events = [*changes.events, *events]
    keys = service.save(changes)
    lang = changes.values.get("language") if "language" in keys else None
    return SaveResult(tuple(keys), where, ws.organisation, lang)


def apply_policy(ws: Any) -> SaveResult:
    """At start: the administrator's fixed values written into the workspace."""
    keys = SettingsService(ws).apply_policy()
    return SaveResult(tuple(keys), None, ws.organisation)


def apply_start_language(home: Path) -> str | None:
    """Before the application is made: the language chosen in the Settings, unless
    ``VANTHU_LANG`` says otherwise."""
    lang = start_language(home)
    if lang and not os.environ.get("VANTHU_LANG"):
        os.environ["VANTHU_LANG"] = lang
    return lang


def modules_json(paths: list[str]) -> str:
    return json.dumps(list(dict.fromkeys(paths)), ensure_ascii=False)


__all__ = [
    "PendingSave",
    "SaveResult",
    "SettingsState",
    "TrustRow",
    "apply_policy",
    "apply_start_language",
    "inspect_certificate",
    "list_tokens",
    "load_state",
    "module_paths",
    "modules_json",
    "read_image",
    "refresh_revocation",
    "save_all",
    "try_connection",
]
