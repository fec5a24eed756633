"""The trust store: which certification authorities a signature may chain to.

It starts from the certificates bundled in ``resources/trust/`` (the Vietnamese Government CA
roots G1 and G2 with their sub-CAs, the national roots for public CAs, the Government TSAs;
see its README.md). Self-signed ones are **anchors**; the others are **intermediates** handed to
path building, because real field signatures embed only the signer's certificate.

Each workspace extends or narrows it, in ``<workspace>/trust/``:

    added/<sha256>.cer   certificates the user added (DER)
    trust.json           {"disabled": [sha256…], "anchors": [sha256…]}: bundled certificates
                         the user disabled, and added non-self-signed certificates the user
                         asked to trust as anchors

``VANTHU_TRUST_BUNDLED=0`` (or ``TrustStore.load(..., bundled=False)``) starts from an EMPTY
store: nothing bundled, only what the workspace adds. Tests use it with their own test root,
so that nothing in them ever points at the real Government CA.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asn1crypto import pem, x509

from app.errors import InvalidInput, NotFound
from app.fileio import write_atomically

ENV_BUNDLED = "VANTHU_TRUST_BUNDLED"
TRUST_SUFFIXES = {".cer", ".crt", ".der", ".pem"}
MAX_CERT_FILE = 4 * 1024 * 1024


def bundled_folder() -> Path:
    from resources import ROOT

    return ROOT / "trust"


def bundled_enabled_by_env() -> bool:
    return os.environ.get(ENV_BUNDLED, "1").strip().lower() not in {"0", "no", "off", "false"}


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate in DER or PEM ``data`` (parsed now); ValueError when there is none."""
    found: list[x509.Certificate] = []
    if pem.detect(data):
        for kind, _, der in pem.unarmor(data, multiple=True):
            if kind == "CERTIFICATE":
                found.append(x509.Certificate.load(der))
    else:
        found.append(x509.Certificate.load(data))
    for cert in found:
        cert.native  # noqa: B018 - parse the whole structure: a broken one fails here
    if not found:
        raise ValueError("no certificate")
    return found


def _is_self_signed(cert: x509.Certificate) -> bool:
    try:
        return cert.self_signed != "no"
    except Exception:
        return False


def is_ca(cert: x509.Certificate) -> bool:
    """A certification authority: basic constraints say so, or an old (v1) self-signed root
    that carries no extensions at all."""
    try:
        if cert.ca:
            return True
        return (
            cert.basic_constraints_value is None
            and _is_self_signed(cert)
            and (cert["tbs_certificate"]["version"].native == "v1")
        )
    except Exception:
        return False


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class TrustEntry:
    cert: x509.Certificate
    fingerprint: str  # SHA-256 of the DER, lowercase hex
    origin: str  # "bundled" | "user"
    enabled: bool
    anchor: bool
    file: str | None = None

    @property
    def subject(self) -> str:
        return self.cert.subject.human_friendly

    @property
    def common_name(self) -> str:
        value = self.cert.subject.native.get("common_name")
        if isinstance(value, list):
            value = value[-1]
        return str(value or self.subject)

    @property
    def not_before(self) -> dt.datetime:
        return _utc(self.cert["tbs_certificate"]["validity"]["not_before"].native)

    @property
    def not_after(self) -> dt.datetime:
        return _utc(self.cert["tbs_certificate"]["validity"]["not_after"].native)

    def expired(self, now: dt.datetime | None = None) -> bool:
        """Past its validity: still used, to judge signatures a timestamp proves older."""
        return self.not_after < (now or dt.datetime.now(dt.UTC))

    @property
    def status(self) -> str:
        """ "enabled", "expired" (enabled, but past its validity) or "disabled"."""
        if not self.enabled:
            return "disabled"
        return "expired" if self.expired() else "enabled"

    @property
    def key_id(self) -> str | None:
        key = self.cert.key_identifier
        return ":".join(f"{b:02X}" for b in key) if key else None

    def as_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "subject": self.subject,
            "common_name": self.common_name,
            "issuer": self.cert.issuer.human_friendly,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "origin": self.origin,
            "enabled": self.enabled,
            "expired": self.expired(),
            "status": self.status,
            "key_id": self.key_id,
            "role": "anchor" if self.anchor else "intermediate",
            "file": self.file,
        }


_BUNDLE_CACHE: dict[str, tuple[float, list[tuple[str, x509.Certificate]]]] = {}


def _read_bundle(folder: Path) -> list[tuple[str, x509.Certificate]]:
    """(file name, certificate) of the bundled store, parsed once per process."""
    if not folder.is_dir():
        return []
    stamp = folder.stat().st_mtime
    cached = _BUNDLE_CACHE.get(str(folder))
    if cached and cached[0] == stamp:
        return cached[1]
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in TRUST_SUFFIXES:
            continue
        try:
            found.extend((path.name, c) for c in load_certificates(path.read_bytes()))
        except (OSError, ValueError, TypeError):
            continue  # a broken bundled file must not take the others down
    _BUNDLE_CACHE[str(folder)] = (stamp, found)
    return found


class TrustStore:
    """Anchors and intermediates, bundled and the workspace's own, each enabled or not."""

    def __init__(
        self, entries: list[TrustEntry], folder: Path | None = None, bundled: bool = False
    ) -> None:
        self.entries = entries
        self.folder = folder  # <workspace>/trust, None for a store not tied to a workspace
        self.bundled = bundled  # whether the bundled certificates were loaded

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def load(cls, home: Path | None = None, *, bundled: bool | None = None) -> TrustStore:
        """The bundled store (unless ``bundled`` is False or the environment says so),
        narrowed and extended by the workspace at ``home``."""
        use_bundled = bundled_enabled_by_env() if bundled is None else bundled
        folder = Path(home) / "trust" if home is not None else None
        settings = cls._settings(folder)
        disabled = set(settings.get("disabled", []))
        user_anchors = set(settings.get("anchors", []))
        entries: list[TrustEntry] = []
        seen: set[str] = set()
        if use_bundled:
            for name, cert in _read_bundle(bundled_folder()):
                fp = hashlib.sha256(cert.dump()).hexdigest()
                if fp in seen:
                    continue
                seen.add(fp)
                entries.append(
                    TrustEntry(cert, fp, "bundled", fp not in disabled, _is_self_signed(cert), name)
                )
        if folder is not None and (folder / "added").is_dir():
            for path in sorted((folder / "added").glob("*.cer")):
                try:
                    cert = load_certificates(path.read_bytes())[0]
                except (OSError, ValueError, TypeError):
                    continue
                fp = hashlib.sha256(cert.dump()).hexdigest()
                if fp in seen:
                    continue
                seen.add(fp)
                anchor = _is_self_signed(cert) or fp in user_anchors
                entries.append(TrustEntry(cert, fp, "user", True, anchor, path.name))
        return cls(entries, folder, use_bundled)

    @classmethod
    def from_certs(
        cls, anchors: list[x509.Certificate], intermediates: list[x509.Certificate] | None = None
    ) -> TrustStore:
        """A store of exactly these certificates (no bundle, no workspace)."""
        entries = [
            TrustEntry(c, hashlib.sha256(c.dump()).hexdigest(), "user", True, True) for c in anchors
        ] + [
            TrustEntry(c, hashlib.sha256(c.dump()).hexdigest(), "user", True, False)
            for c in intermediates or []
        ]
        return cls(entries)

    # -- reading ----------------------------------------------------------------------------

    @property
    def anchors(self) -> list[x509.Certificate]:
        return [e.cert for e in self.entries if e.enabled and e.anchor]

    @property
    def intermediates(self) -> list[x509.Certificate]:
        return [e.cert for e in self.entries if e.enabled and not e.anchor]

    @property
    def certificates(self) -> list[x509.Certificate]:
        return [e.cert for e in self.entries if e.enabled]

    def is_anchor(self, cert: x509.Certificate) -> bool:
        anchors = {e.fingerprint for e in self.entries if e.enabled and e.anchor}
        return hashlib.sha256(cert.dump()).hexdigest() in anchors

    def find(self, fingerprint: str) -> TrustEntry:
        wanted = re.sub(r"[\s:]", "", fingerprint).lower()
        if len(wanted) < 8 or not re.fullmatch(r"[0-9a-f]+", wanted):
            raise InvalidInput("cert", "malformed", value=fingerprint, expected="SHA-256 hex")
        matches = [e for e in self.entries if e.fingerprint.startswith(wanted)]
        if not matches:
            raise NotFound("certificate", fingerprint)
        if len(matches) > 1:
            raise InvalidInput("cert", "ambiguous_fingerprint", value=fingerprint)
        return matches[0]

    # -- changing (workspace only) ----------------------------------------------------------

    @staticmethod
    def _settings(folder: Path | None) -> dict[str, list[str]]:
        if folder is None:
            return {}
        try:
            data = json.loads((folder / "trust.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: [str(v) for v in data.get(k, []) if isinstance(v, str)] for k in data}

    def _save_settings(self, settings: dict[str, list[str]]) -> None:
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps({k: sorted(set(v)) for k, v in settings.items()}, indent=1).encode()
        write_atomically(self.folder / "trust.json", True, lambda s: s.write(text))

    def _need_folder(self) -> Path:
        if self.folder is None:
            raise InvalidInput("cert", "unwritable", value="(no workspace)")
        return self.folder

    @staticmethod
    def inspect(data: bytes, *, source: str = "", require_ca: bool = False) -> list[TrustEntry]:
        """The certificates in ``data`` as entries the store would hold (origin ``user``, not
        added yet): for a window to show before it saves. ``require_ca`` refuses a file
        holding a certificate that is not a certification authority's."""
        if len(data) > MAX_CERT_FILE:
            raise InvalidInput("cert", "not_a_certificate", value=source)
        try:
            certs = load_certificates(data)
        except (ValueError, TypeError):
            raise InvalidInput("cert", "not_a_certificate", value=source) from None
        if require_ca and not all(is_ca(c) for c in certs):
            raise InvalidInput("cert", "not_a_ca", value=source)
        return [
            TrustEntry(c, hashlib.sha256(c.dump()).hexdigest(), "user", True, _is_self_signed(c))
            for c in certs
        ]

    def add(
        self, data: bytes, *, anchor: bool = False, source: str = "", require_ca: bool = False
    ) -> list[TrustEntry]:
        """Add the certificates in ``data`` (DER or PEM) to the workspace, or enable them
        again when they are bundled ones the user had disabled. ``anchor`` makes a
        certificate that is not self-signed a trust anchor too; ``require_ca`` refuses
        certificates that are not a certification authority's (the Settings do)."""
        folder = self._need_folder()
        certs = [e.cert for e in self.inspect(data, source=source, require_ca=require_ca)]
        settings = self._settings(folder)
        settings.setdefault("disabled", [])
        settings.setdefault("anchors", [])
        for cert in certs:
            fp = hashlib.sha256(cert.dump()).hexdigest()
            known = next((e for e in self.entries if e.fingerprint == fp), None)
            if known is not None and known.origin == "bundled":
                settings["disabled"] = [d for d in settings["disabled"] if d != fp]
            else:
                (folder / "added").mkdir(parents=True, exist_ok=True)
                der = cert.dump()
                write_atomically(folder / "added" / f"{fp}.cer", True, lambda s, d=der: s.write(d))
            if anchor and not _is_self_signed(cert):
                settings["anchors"].append(fp)
        self._save_settings(settings)
        fresh = TrustStore.load(folder.parent, bundled=self.bundled)
        self.entries = fresh.entries
        fps = {hashlib.sha256(c.dump()).hexdigest() for c in certs}
        return [e for e in self.entries if e.fingerprint in fps]

    def remove(self, fingerprint: str) -> TrustEntry:
        """Delete a certificate the user added; disable a bundled one (kept, not used)."""
        folder = self._need_folder()
        entry = self.find(fingerprint)
        settings = self._settings(folder)
        if entry.origin == "bundled":
            settings["disabled"] = [*settings.get("disabled", []), entry.fingerprint]
        else:
            (folder / "added" / f"{entry.fingerprint}.cer").unlink(missing_ok=True)
            settings["anchors"] = [a for a in settings.get("anchors", []) if a != entry.fingerprint]
        self._save_settings(settings)
        self.entries = TrustStore.load(folder.parent, bundled=self.bundled).entries
        return TrustEntry(
            entry.cert, entry.fingerprint, entry.origin, False, entry.anchor, entry.file
        )


__all__ = [
    "ENV_BUNDLED",
    "TrustEntry",
    "TrustStore",
    "bundled_folder",
    "is_ca",
    "load_certificates",
]
