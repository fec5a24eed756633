"""The workspace's settings as the Settings dialog (or a script) reads and changes them, and the
ones an administrator fixed.

Values live in the workspace's ``settings`` table (app/store/settings.py); a change is one
write transaction with one ``settings`` history event per changed value (secrets never go
there: the axis secret is kept by sync/config.py in the OS keyring or its 0600 file).

An administrator fixes settings in a read-only policy file, TOML:

    # /etc/vanthu/policy.toml (Linux), %PROGRAMDATA%\\VanThu\\policy.toml (Windows),
    # /Library/Application Support/VanThu/policy.toml (macOS); VANTHU_POLICY=FILE overrides
    locked = ["org_id", "trust"]            # locked at whatever the workspace holds
    [settings]
    axis_endpoint = "https://truc.example.gov.vn"   # locked to this value
    pkcs11_modules = ["/usr/lib/libeTPkcs11.so"]

A locked setting is shown locked and ``SettingsService.save`` refuses to change it
(``SettingLocked``); ``apply_policy`` writes the fixed values into the workspace, so that
everything reading the workspace follows them. A policy file that exists but cannot be read
locks every setting (the administrator meant to restrict something) and says why."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import tomllib
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import AppError, InvalidInput, StorageError
from app.fileio import write_atomically
from app.model import Direction, Register, text_field
from app.store import settings as settings_sql
from app.store.db import connect
from app.workspace import valid_organisation

POLICY_ENV = "VANTHU_POLICY"
ORG_KEYS = ("org_id", "org_name", "org_abbr", "org_place")
AXIS_KEYS = ("axis_endpoint", "axis_system_id", "axis_ca_bundle", "axis_timeout")
IMAGE_KEYS = ("signature_image", "seal_image")  # absolute paths of PNGs in <home>/images
MODULES_SETTING = "pkcs11_modules"  # JSON list of PKCS#11 module paths (module_paths reads it)
VALUE_KEYS = (
    *ORG_KEYS, *AXIS_KEYS, MODULES_SETTING, "tsa_url", *IMAGE_KEYS, "language",
)  # fmt: skip
# settings without a value of their own in the table: locking them forbids the change
ACTION_KEYS = ("registers", "axis_secret", "trust")
LOCKABLE = frozenset((*VALUE_KEYS, *ACTION_KEYS))
LANGUAGES = ("vi", "en")
MAX_IMAGE_BYTES = 5 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_TIMEOUT = 600.0


class SettingLocked(AppError):
    """A setting the administrator fixed (``setting``: its key; ``source``: the policy file)."""

    code = "setting_locked"

    def __init__(self, setting: str, source: str = "") -> None:
        super().__init__(setting=setting, source=source)
        self.setting = setting
        self.source = source


# -- the administrator's policy ----------------------------------------------------------------


def default_policy_path(platform: str = sys.platform) -> Path:
    if platform.startswith("win"):
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "VanThu" / "policy.toml"
    if platform == "darwin":
        return Path("/Library/Application Support/VanThu/policy.toml")
    return Path("/etc/vanthu/policy.toml")


@dataclass(frozen=True)
class Policy:
    """What the administrator fixed: ``values`` (locked to these), ``locked`` (every locked
    key, with or without a value), where it was read, and why it could not be (then every
    setting is locked)."""

    values: Mapping[str, str] = field(default_factory=dict)
    locked: frozenset[str] = frozenset()
    source: str = ""
    problem: str = ""
    unknown: tuple[str, ...] = ()  # keys of the file this version does not know (ignored)

    def is_locked(self, key: str) -> bool:
        return key in self.locked

    def value(self, key: str) -> str | None:
        return self.values.get(key)


def _policy_text(value: Any) -> str:
    if isinstance(value, list):
        return json.dumps([str(v) for v in value], ensure_ascii=False)
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def load_policy(path: Path | None = None) -> Policy:
    """The policy in ``path`` (else ``VANTHU_POLICY``, else the platform's file); an empty
    policy when there is no file."""
    if path is None:
        env = os.environ.get(POLICY_ENV, "").strip()
        path = Path(env) if env else default_policy_path()
    try:
        if not path.is_file():
            return Policy()
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Policy(locked=LOCKABLE, source=str(path), problem=str(exc) or type(exc).__name__)
    table = data.get("settings", {})
    bare = data.get("locked", [])
    if not isinstance(table, dict) or not isinstance(bare, list):
        return Policy(locked=LOCKABLE, source=str(path), problem="[settings] / locked")
    values = {k: _policy_text(v) for k, v in table.items() if k in VALUE_KEYS}
    locked = {str(k) for k in bare if str(k) in LOCKABLE} | set(values)
    unknown = tuple(sorted({*map(str, table), *map(str, bare)} - LOCKABLE))
    return Policy(values, frozenset(locked), str(path), "", unknown)


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewRegister:
    code: str
    name: str
    direction: Direction
    series: str = "normal"


@dataclass(frozen=True)
class SettingsSnapshot:
    """Every value the dialog shows (``""`` when unset), the registers, and the policy."""

    values: Mapping[str, str]
    registers: tuple[Register, ...]
    policy: Policy

    def value(self, key: str) -> str:
        return self.values.get(key, "")

    def locked(self, key: str) -> bool:
        return self.policy.is_locked(key)


def module_paths(value: str | None) -> list[str]:
    """The ``pkcs11_modules`` setting (``MODULES_SETTING``) as paths — the one reading of it,
    for the settings, the sign dialog and signing: a JSON list of paths; a JSON string, one
    bare path or several separated by the OS path separator are read too; anything else
    (another JSON value, items that are not strings, blanks) counts as none."""
    if not value or not value.strip():
        return []
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = value.split(os.pathsep)
    if isinstance(parsed, str):
        parsed = [parsed]
    if not isinstance(parsed, list):
        return []
    return [p.strip() for p in parsed if isinstance(p, str) and p.strip()]


def read_setting(home: Path, key: str) -> str | None:
    """One setting of the workspace at ``home`` as it is in effect (the policy's value
    first), read through a short read-only connection: for code that has the folder, not
    an open workspace (signing options, the start-up language). None when unset."""
    fixed = load_policy().value(key)
    if fixed is not None:
        return fixed
    db = Path(home) / "vanthu.db"
    if not db.is_file():
        return None
    try:
        conn = connect(db, readonly=True)
    except StorageError:  # a damaged database: the default applies (opening it will say so)
        return None
    try:
        return settings_sql.get(conn, key)
    except sqlite3.Error:  # an old or damaged database: the default applies
        return None
    finally:
        conn.close()


def start_language(home: Path) -> str | None:
    """The language chosen in the Settings (or fixed by the policy) for the window at
    ``home``; None to keep ``VANTHU_LANG`` / the default."""
    value = read_setting(home, "language")
    return value if value in LANGUAGES else None


# -- validation --------------------------------------------------------------------------------


def valid_url(field_name: str, value: str, *, required: bool = True) -> str:
    """An http(s) address with a host; ``""`` when not required and empty."""
    text = (value or "").strip()
    if not text:
        if required:
            raise InvalidInput(field_name, "missing")
        return ""
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        raise InvalidInput(field_name, "malformed", value=text, expected="https://…")
    return text.rstrip("/") if field_name == "endpoint" else text


def valid_existing_file(field_name: str, value: str) -> Path:
    path = Path(value).expanduser()
    if not path.exists():
        raise InvalidInput(field_name, "not_found", value=str(path))
    if not path.is_file():
        raise InvalidInput(field_name, "not_a_file", value=str(path))
    return path


def valid_pem_bundle(value: str, field_name: str = "ca_bundle") -> str:
    """A CA bundle as TLS reads it: a file of PEM certificates."""
    path = valid_existing_file(field_name, value)
    try:
        with path.open("rb") as f:
            head = f.read(MAX_IMAGE_BYTES)
    except OSError:
        raise InvalidInput(field_name, "unreadable", value=str(path)) from None
    if b"-----BEGIN CERTIFICATE-----" not in head:
        raise InvalidInput(field_name, "not_pem", value=str(path))
    return str(path)


def read_png(path: Path, field_name: str = "image") -> bytes:
    """A PNG's bytes, checked: a file, not empty, not too large, a PNG."""
    path = valid_existing_file(field_name, str(path))
    try:
        data = path.read_bytes()
    except OSError:
        raise InvalidInput(field_name, "unreadable", value=str(path)) from None
    if not data:
        raise InvalidInput(field_name, "empty", value=str(path))
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput(field_name, "too_large", value=str(path), limit=MAX_IMAGE_BYTES)
    if not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
        raise InvalidInput(field_name, "not_png", value=str(path))
    return data


def _valid_value(key: str, value: str, current: str) -> str:
    """The value to store for ``key`` (normalised), or InvalidInput."""
    if key == "org_place":
        return text_field("place", value, required=False, limit=100)
    if key == "axis_endpoint":
        return valid_url("endpoint", value)
    if key == "axis_system_id":
        text = (value or "").strip()
        if not text:
            raise InvalidInput("system_id", "missing")
        if len(text) > 100 or any(c.isspace() for c in text):
            raise InvalidInput("system_id", "malformed", value=text, expected="vanthu.ubnd")
        return text
    if key == "axis_ca_bundle":
        return valid_pem_bundle(value) if value.strip() else ""
    if key == "axis_timeout":
        try:
            seconds = float(value)
        except ValueError:
            raise InvalidInput("timeout", "malformed", value=value, expected="30") from None
        if not 1 <= seconds <= MAX_TIMEOUT:
            raise InvalidInput("timeout", "out_of_range", value=value)
        return str(seconds)
    if key == "tsa_url":
        return valid_url("tsa_url", value, required=False)
    if key == "language":
        if value not in LANGUAGES:
            raise InvalidInput("language", "unknown", value=value)
        return value
    if key == "pkcs11_modules":
        paths = list(dict.fromkeys(module_paths(value)))
        for path in set(paths) - set(module_paths(current)):  # only the new ones must exist
            valid_existing_file("module", path)
        return json.dumps(paths, ensure_ascii=False)
    raise InvalidInput("setting", "unknown", value=key)


# -- changing ----------------------------------------------------------------------------------


@dataclass
class SettingsChanges:
    """What the dialog's OK saves, in one go: ``values`` (key → new text), registers to add,
    images to take in (key → the PNG the user picked), and events of changes already made
    outside the table (``trust``: the trust store's files) to record in the same transaction."""

    values: dict[str, str] = field(default_factory=dict)
    registers: list[NewRegister] = field(default_factory=list)
    images: dict[str, Path] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)  # {"key": …, details…}

    def keys(self) -> set[str]:
        keys = set(self.values) | set(self.images) | {e["key"] for e in self.events}
        return keys | ({"registers"} if self.registers else set())

    def __bool__(self) -> bool:
        return bool(self.keys())


class SettingsService:
    """Reading and changing a workspace's settings under the administrator's policy. Plain
    blocking calls (the window runs them through its task bridge)."""

    def __init__(self, workspace: Any, policy: Policy | None = None) -> None:
        self.ws = workspace
        self.policy = policy if policy is not None else load_policy()

    @property
    def images_folder(self) -> Path:
        return Path(self.ws.paths.home) / "images"

    def snapshot(self) -> SettingsSnapshot:
        values = {k: self.ws.setting(k) or "" for k in VALUE_KEYS}
        values.update({k: v for k, v in self.policy.values.items()})
        return SettingsSnapshot(values, tuple(self.ws.registers()), self.policy)

    def check_unlocked(self, keys: Iterable[str]) -> None:
        for key in sorted(keys):
            if self.policy.is_locked(key):
                raise SettingLocked(key, self.policy.source)

    def validate(self, changes: SettingsChanges) -> dict[str, str]:
        """The values to store (normalised; unchanged ones dropped), or the first problem."""
        self.check_unlocked(changes.keys())
        current = {k: self.ws.setting(k) or "" for k in VALUE_KEYS}
        out: dict[str, str] = {}
        org = {k: changes.values.get(k, current[k]) for k in ("org_id", "org_name", "org_abbr")}
        if any(k in changes.values for k in org):
            checked = valid_organisation(org["org_id"], org["org_name"], org["org_abbr"])
            out.update(org_id=checked.organ_id, org_name=checked.name, org_abbr=checked.abbr)
        for key, value in changes.values.items():
            if key in ("org_id", "org_name", "org_abbr"):
                continue
            if key not in VALUE_KEYS or key in IMAGE_KEYS:
                raise InvalidInput("setting", "unknown", value=key)
            out[key] = _valid_value(key, value, current[key])
        for register in changes.registers:
            text_field("register", register.code, limit=20)
            text_field("register_name", register.name, limit=200)
            if register.series not in ("normal", "secret", "copy"):
                raise InvalidInput("series", "unknown", value=register.series)
        for key, path in changes.images.items():
            if key not in IMAGE_KEYS:
                raise InvalidInput("setting", "unknown", value=key)
            read_png(path, "image" if key == "signature_image" else "seal")
        return {k: v for k, v in out.items() if v != current[k]}

    def save(self, changes: SettingsChanges) -> list[str]:
        """Store every change in one transaction, one history event per change; the keys
        changed. Images are copied into the workspace first (new files: the old ones stay
        until nothing points at them); nothing is stored if anything is refused."""
        values = self.validate(changes)
        for key, path in changes.images.items():
            values[key] = str(self._take_image(key, path))
        current = {k: self.ws.setting(k) or "" for k in VALUE_KEYS}
        values = {k: v for k, v in values.items() if v != current.get(k)}
        registers = [
            (text_field("register", r.code, limit=20), text_field("register_name", r.name,
             limit=200), Direction(r.direction).value, r.series)
            for r in changes.registers
        ]  # fmt: skip

        def change(conn: sqlite3.Connection) -> None:
            chain = self.ws.chain(conn)
            if values:
                settings_sql.put_many(conn, values.items())
            for key, value in values.items():
                chain.append("settings", None, setting=key, before=current.get(key) or "",
                             after=value)  # fmt: skip
            for code, name, direction, series in registers:
                if settings_sql.register_exists(conn, code):
                    raise InvalidInput("register", "exists", value=code)
                settings_sql.add_registers(conn, [(code, name, direction, series)])
                chain.append("settings", None, added_register={"code": code, "name": name,
                             "direction": direction, "series": series})  # fmt: skip
            for event in changes.events:
                details = {k: v for k, v in event.items() if k != "key"}
                chain.append("settings", None, setting=event["key"], **details)
            chain.flush()

        if values or registers or changes.events:
            self.ws.write(change)
        if any(k in values for k in ("org_id", "org_name", "org_abbr")):
            self.ws.forget_organisation()
        return (
            sorted(values)
            + (["registers"] if registers else [])
            + sorted({e["key"] for e in changes.events})
        )

    def _take_image(self, key: str, path: Path) -> Path:
        data = read_png(path, "image" if key == "signature_image" else "seal")
        stem = "chu-ky" if key == "signature_image" else "con-dau"
        self.images_folder.mkdir(parents=True, exist_ok=True)
        target = self.images_folder / f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}.png"
        if not target.is_file():
            write_atomically(target, True, lambda s: s.write(data))
        return target

    def apply_policy(self) -> list[str]:
        """Write the policy's values into the workspace where they differ (one history event
        each, ``by: policy``); the keys changed."""
        current = {k: self.ws.setting(k) for k in self.policy.values}
        changed = {k: v for k, v in sorted(self.policy.values.items()) if current.get(k) != v}
        if not changed:
            return []

        def change(conn: sqlite3.Connection) -> None:
            chain = self.ws.chain(conn)
            settings_sql.put_many(conn, changed.items())
            for key, value in changed.items():
                chain.append("settings", None, setting=key, before=current.get(key) or "",
                             after=value, by="policy", policy=self.policy.source)  # fmt: skip
            chain.flush()

        self.ws.write(change)
        if any(k in changed for k in ("org_id", "org_name", "org_abbr")):
            self.ws.forget_organisation()
        return sorted(changed)


__all__ = [
    "ACTION_KEYS",
    "IMAGE_KEYS",
    "LOCKABLE",
    "MODULES_SETTING",
    "POLICY_ENV",
    "VALUE_KEYS",
    "NewRegister",
    "Policy",
    "SettingLocked",
    "SettingsChanges",
    "SettingsService",
    "SettingsSnapshot",
    "default_policy_path",
    "load_policy",
    "module_paths",
    "read_png",
    "read_setting",
    "start_language",
    "valid_url",
]
