"""Revocation data (CRLs and OCSP responses): fetched over HTTP, kept in the workspace cache
``<workspace>/cache/revocation/``, handed to validation with where each piece came from
(``dss``, ``cache``, ``network``) and as of when, so that every verdict can say it.

Cache layout (every file written atomically, metadata last):

    crl-<issuer>-<url>.der / .json     one CRL per issuer and distribution point
    ocsp-<issuer>-<serial>.der / .json one OCSP response per certificate
    certs/<sha256>.cer                 certificates seen in validated documents

``<issuer>`` is the first 24 hex digits of the SHA-256 of the issuer's name (DER), so the data
for one certificate is found by file name, without reading the whole cache. The ``.json`` holds
``kind``, ``url``, ``fetched_at``, ``produced_at``, ``next_update`` and the certificate's
serial for OCSP.

The network is only ever contacted for URLs written in certificates: those of the enabled
trust store, and those seen in validated documents whose chain reaches one of its anchors
(``reaches_anchor``), over http/https only. Tests enable only their own root on 127.0.0.1
(``VANTHU_TRUST_BUNDLED=0``), so the real Government CA URLs are never contacted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import crl, ocsp, x509

from app.fileio import write_atomically

SOURCES = ("dss", "cache", "network", "none")
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
HTTP_TIMEOUT = 8.0

Fetch = Callable[[str, bytes | None, str | None], bytes]


class FetchFailed(Exception):
    """One URL could not be fetched (kept as data: the URL and a short reason)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


# ------------------------------------------------------------------------- certificates ---


def _hex(data: bytes, n: int = 24) -> str:
    return hashlib.sha256(data).hexdigest()[:n]


def name_key(name: x509.Name) -> str:
    return _hex(name.dump())


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.dump()).hexdigest()


def _http(urls: Iterable[str]) -> list[str]:
    return [u for u in urls if isinstance(u, str) and u.lower().startswith(("http://", "https://"))]


def crl_urls(cert: x509.Certificate) -> list[str]:
    urls: list[str] = []
    try:
        for point in cert.crl_distribution_points:
            name = point["distribution_point"]
            if name.name == "full_name":
                urls.extend(
                    g.native for g in name.chosen if g.name == "uniform_resource_identifier"
                )
    except Exception:  # a malformed extension: no URL rather than a crash
        return []
    return _http(urls)


def ocsp_urls(cert: x509.Certificate) -> list[str]:
    try:
        return _http(cert.ocsp_urls)
    except Exception:
        return []


def is_self_signed(cert: x509.Certificate) -> bool:
    try:
        return cert.self_signed != "no"
    except Exception:
        return False


def find_issuer(
    cert: x509.Certificate, pool: Iterable[x509.Certificate]
) -> x509.Certificate | None:
    """The certificate in ``pool`` that issued ``cert``, found by key identifier: the
    candidate whose subject key identifier is the certificate's authority key identifier
    (several generations of a CA share one name, e.g. the Government CA's G1 intermediate
    "Co quan chung thuc so Chinh phu"; only the key tells them apart). Names decide only
    between candidates with that key, and for certificates that carry no key identifiers
    (then by name, compared as DER first, then as X.500 names)."""
    aki = cert.authority_key_identifier
    der = cert.dump()
    issuer_der = cert.issuer.dump()
    candidates = [c for c in pool if c.dump() != der]
    if aki is not None:
        keyed = [c for c in candidates if c.key_identifier == aki]
        if keyed:
            return next((c for c in keyed if c.subject.dump() == issuer_der), keyed[0])
        # a candidate without a subject key identifier can still be the issuer, by name
        candidates = [c for c in candidates if c.key_identifier is None]
    by_der = [c for c in candidates if c.subject.dump() == issuer_der]
    if by_der:
        return by_der[0]
    return next((c for c in candidates if c.subject == cert.issuer), None)


def key_id_text(key_id: bytes | None) -> str | None:
    """A key identifier as it is usually shown: ``05:31:40:DE:…``."""
    return ":".join(f"{b:02X}" for b in key_id) if key_id else None


def chain_of(cert: x509.Certificate, pool: list[x509.Certificate]) -> list[tuple[Any, Any]]:
    """(certificate, issuer) pairs from ``cert`` up to a self-signed one (issuer may be None)."""
    pairs: list[tuple[Any, Any]] = []
    seen: set[bytes] = set()
    current: x509.Certificate | None = cert
    while current is not None and current.dump() not in seen and len(pairs) < 8:
        seen.add(current.dump())
        if is_self_signed(current):
            break
        issuer = find_issuer(current, pool)
        pairs.append((current, issuer))
        current = issuer
    return pairs


def reaches_anchor(
    cert: x509.Certificate, pool: list[x509.Certificate], is_anchor: Callable[[Any], bool]
) -> bool:
    """Does ``cert``'s chain (by names and key ids, signatures not checked) end at an
    anchor? Only such chains get their revocation URLs fetched: a document cannot make the
    desk call addresses of its own choosing."""
    if is_anchor(cert):
        return True
    pairs = chain_of(cert, pool)
    return any(is_anchor(c) for pair in pairs for c in pair if c is not None)


# --------------------------------------------------------------------------------- OCSP ---


def ocsp_request(cert: x509.Certificate, issuer: x509.Certificate) -> bytes:
    """A DER OCSPRequest for one certificate (SHA-1 CertID, as every responder accepts)."""
    cert_id = ocsp.CertId(
        {
            "hash_algorithm": {"algorithm": "sha1"},
            "issuer_name_hash": hashlib.sha1(cert.issuer.dump()).digest(),
            "issuer_key_hash": issuer.public_key.sha1,
            "serial_number": cert.serial_number,
        }
    )
    request = ocsp.OCSPRequest({"tbs_request": {"request_list": [{"req_cert": cert_id}]}})
    return request.dump()


def _ocsp_targets(resp: ocsp.OCSPResponse) -> list[tuple[str, bytes, int]]:
    """(hash algorithm, issuer name hash, serial) of each answer in a response."""
    basic = resp["response_bytes"]["response"].parsed
    found = []
    for single in basic["tbs_response_data"]["responses"]:
        cid = single["cert_id"]
        found.append(
            (cid["hash_algorithm"]["algorithm"].native, cid["issuer_name_hash"].native,
             cid["serial_number"].native)
        )  # fmt: skip
    return found


# ------------------------------------------------------------------------------ RevInfo ---


def _crl_key_id(obj: crl.CertificateList) -> bytes | None:
    try:
        return obj.authority_key_identifier
    except Exception:  # a malformed extension: no key id, the name decides
        return None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class RevInfo:
    """One CRL or OCSP response, with where it came from and as of when."""

    kind: str  # "crl" | "ocsp"
    der: bytes
    source: str  # "dss" | "cache" | "network"
    url: str | None
    fetched_at: dt.datetime | None
    produced_at: dt.datetime | None  # OCSP thisUpdate / CRL thisUpdate
    next_update: dt.datetime | None
    issuer_name: bytes | None = None  # CRL issuer (DER)
    issuer_key_id: bytes | None = None  # CRL: the key that signed it (authority key id)
    targets: tuple[tuple[str, bytes, int], ...] = ()  # OCSP CertIDs
    status: str | None = None  # OCSP: good / revoked / unknown
    parsed: Any = field(default=None, compare=False, repr=False)

    @property
    def checked_at(self) -> dt.datetime | None:
        """As of when this says what it says: when we fetched it, else when it was made."""
        return self.fetched_at or self.produced_at

    @classmethod
    def parse(
        cls, kind: str, der: bytes, source: str, url: str | None = None,
        fetched_at: dt.datetime | None = None,
    ) -> RevInfo | None:  # fmt: skip
        """None when ``der`` is not a usable CRL / successful OCSP response."""
        try:
            if kind == "crl":
                obj = crl.CertificateList.load(der)
                tbs = obj["tbs_cert_list"]
                return cls(
                    "crl", der, source, url, fetched_at,
                    _aware(tbs["this_update"].native), _aware(tbs["next_update"].native),
                    issuer_name=tbs["issuer"].dump(), parsed=obj,
                    issuer_key_id=_crl_key_id(obj),
                )  # fmt: skip
            obj = ocsp.OCSPResponse.load(der)
            if obj["response_status"].native != "successful":
                return None
            basic = obj["response_bytes"]["response"].parsed
            singles = basic["tbs_response_data"]["responses"]
            first = singles[0]
            return cls(
                "ocsp", der, source, url, fetched_at,
                _aware(first["this_update"].native), _aware(first["next_update"].native),
                targets=tuple(_ocsp_targets(obj)), status=first["cert_status"].name,
                parsed=obj,
            )  # fmt: skip
        except Exception:  # garbage from a server or a document is simply not used
            return None

    def covers(self, cert: x509.Certificate) -> bool:
        """Does this speak about ``cert``? (CRL of its issuer, or an OCSP answer for it)."""
        if self.kind == "crl":
            if self.issuer_name != cert.issuer.dump():
                return False
            # a CA re-keyed under the same name signs its CRLs with the new key
            wanted = cert.authority_key_identifier
            return self.issuer_key_id is None or wanted is None or wanted == self.issuer_key_id
        for algo, name_hash, serial in self.targets:
            if serial != cert.serial_number:
                continue
            try:
                if hashlib.new(algo, cert.issuer.dump()).digest() == name_hash:
                    return True
            except ValueError:
                continue
        return False

    def revoked_at(self, cert: x509.Certificate) -> dt.datetime | None:
        """When this says ``cert`` was revoked (None: not revoked, or not about it)."""
        if not self.covers(cert):
            return None
        try:
            if self.kind == "ocsp":
                basic = self.parsed["response_bytes"]["response"].parsed
                for single in basic["tbs_response_data"]["responses"]:
                    status = single["cert_status"]
                    if (
                        single["cert_id"]["serial_number"].native == cert.serial_number
                        and status.name == "revoked"
                    ):
                        return _aware(status.chosen["revocation_time"].native)
                return None
            for entry in self.parsed["tbs_cert_list"]["revoked_certificates"]:
                if entry["user_certificate"].native == cert.serial_number:
                    return _aware(entry["revocation_date"].native)
        except Exception:  # malformed data says nothing
            return None
        return None

    def usable_at(self, moment: dt.datetime) -> bool:
        return self.next_update is None or self.next_update >= moment


# -------------------------------------------------------------------------------- fetch ---


def http_fetch(url: str, body: bytes | None = None, content_type: str | None = None) -> bytes:
    """GET (or POST ``body``) one http/https URL, with a timeout and a size limit."""
    if not url.lower().startswith(("http://", "https://")):
        raise FetchFailed(url, "not http")
    headers = {"User-Agent": "VanThu-Desk"}
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=HTTP_TIMEOUT) as response:
            data = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise FetchFailed(url, f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise FetchFailed(url, str(reason) or type(exc).__name__) from None
    if len(data) > MAX_RESPONSE_BYTES:
        raise FetchFailed(url, "too large")
    return data


def fetch_ocsp(
    cert: x509.Certificate, issuer: x509.Certificate, url: str, fetch: Fetch, now: dt.datetime
) -> RevInfo:
    der = fetch(url, ocsp_request(cert, issuer), "application/ocsp-request")
    info = RevInfo.parse("ocsp", der, "network", url, now)
    if info is None or not info.covers(cert):
        raise FetchFailed(url, "no usable OCSP answer")
    return info


def fetch_crl(url: str, fetch: Fetch, now: dt.datetime) -> RevInfo:
    info = RevInfo.parse("crl", fetch(url, None, None), "network", url, now)
    if info is None:
        raise FetchFailed(url, "not a CRL")
    return info


# -------------------------------------------------------------------------------- cache ---


class RevocationCache:
    """The workspace's revocation cache (see the module docstring for the layout)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.certs_folder = self.folder / "certs"

    @classmethod
    def of_workspace(cls, home: Path) -> RevocationCache:
        return cls(Path(home) / "cache" / "revocation")

    def _ensure(self) -> None:
        self.certs_folder.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def _stem(info: RevInfo, cert: x509.Certificate | None) -> str:
        if info.kind == "crl":
            return f"crl-{_hex(info.issuer_name or b'')}-{_hex((info.url or '').encode(), 12)}"
        assert cert is not None
        return f"ocsp-{name_key(cert.issuer)}-{cert.serial_number:x}"[:120]

    def put(self, info: RevInfo, cert: x509.Certificate | None = None) -> None:
        """Keep ``info`` (the newest per issuer and URL / per certificate)."""
        self._ensure()
        stem = self._stem(info, cert)
        meta = {
            "kind": info.kind,
            "url": info.url,
            "fetched_at": info.fetched_at.isoformat() if info.fetched_at else None,
            "produced_at": info.produced_at.isoformat() if info.produced_at else None,
            "next_update": info.next_update.isoformat() if info.next_update else None,
            "serial": f"{cert.serial_number:x}" if cert is not None else None,
            "status": info.status,
            "sha256": hashlib.sha256(info.der).hexdigest(),
        }
        write_atomically(self.folder / f"{stem}.der", True, lambda s: s.write(info.der))
        text = json.dumps(meta, ensure_ascii=False, indent=1).encode()
        write_atomically(self.folder / f"{stem}.json", True, lambda s: s.write(text))

    def _load(self, meta_path: Path) -> RevInfo | None:
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            der = meta_path.with_suffix(".der").read_bytes()
            if hashlib.sha256(der).hexdigest() != meta.get("sha256"):
                return None  # a half-replaced pair: ignore until the next refresh
            fetched = meta.get("fetched_at")
            fetched_at = dt.datetime.fromisoformat(fetched) if fetched else None
        except (OSError, ValueError, TypeError, AttributeError):
            return None
        return RevInfo.parse(meta.get("kind", ""), der, "cache", meta.get("url"), fetched_at)

    def for_cert(self, cert: x509.Certificate) -> list[RevInfo]:
        """Cached CRLs of the certificate's issuer and OCSP answers about it."""
        if not self.folder.is_dir():
            return []
        key = name_key(cert.issuer)
        found = []
        for meta in sorted(self.folder.glob(f"crl-{key}-*.json")):
            info = self._load(meta)
            if info is not None and info.covers(cert):
                found.append(info)
        meta = self.folder / f"ocsp-{key}-{cert.serial_number:x}.json"
        if meta.is_file():
            info = self._load(meta)
            if info is not None and info.covers(cert):
                found.append(info)
        return found

    def entries(self) -> list[RevInfo]:
        if not self.folder.is_dir():
            return []
        return [i for m in sorted(self.folder.glob("*.json")) if (i := self._load(m))]

    def remember(self, certs: Iterable[x509.Certificate]) -> None:
        """Record certificates seen in validated documents (``revocation refresh`` uses
        their URLs)."""
        for cert in certs:
            path = self.certs_folder / f"{fingerprint(cert)}.cer"
            if path.exists():
                continue
            self._ensure()
            der = cert.dump()
            write_atomically(path, True, lambda s, d=der: s.write(d))

    def seen_certs(self) -> list[x509.Certificate]:
        if not self.certs_folder.is_dir():
            return []
        found = []
        for path in sorted(self.certs_folder.glob("*.cer")):
            try:
                cert = x509.Certificate.load(path.read_bytes())
                cert.native  # noqa: B018 - parse now, not in the middle of a validation
            except (OSError, ValueError, TypeError):
                continue
            found.append(cert)
        return found


# ------------------------------------------------------------------------------ refresh ---


@dataclass(frozen=True)
class FetchOutcome:
    url: str
    kind: str
    subject: str  # the certificate the data is about (its common name)
    ok: bool
    reason: str | None = None
    produced_at: dt.datetime | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "kind": self.kind,
            "subject": self.subject,
            "ok": self.ok,
            "reason": self.reason,
            "produced_at": self.produced_at.isoformat() if self.produced_at else None,
        }


def common_name(name: x509.Name) -> str:
    try:
        value = name.native.get("common_name")
    except Exception:
        return "?"
    if isinstance(value, list):
        value = value[-1]
    return str(value) if value else name.human_friendly


def refresh(
    certs: Iterable[x509.Certificate],
    cache: RevocationCache,
    *,
    fetch: Fetch = http_fetch,
    now: dt.datetime | None = None,
) -> list[FetchOutcome]:
    """Fetch every CRL distribution point and OCSP answer of ``certs`` into the cache. Each
    URL is tried once; failures are reported, never raised."""
    now = now or dt.datetime.now(dt.UTC)
    pool = list(certs)
    outcomes: list[FetchOutcome] = []
    crl_done: set[str] = set()
    for cert in pool:
        subject = common_name(cert.subject)
        issuer = find_issuer(cert, pool)
        if issuer is not None and not is_self_signed(cert):
            for url in ocsp_urls(cert):
                try:
                    info = fetch_ocsp(cert, issuer, url, fetch, now)
                except FetchFailed as exc:
                    outcomes.append(FetchOutcome(url, "ocsp", subject, False, exc.reason))
                    continue
                cache.put(info, cert)
                outcomes.append(FetchOutcome(url, "ocsp", subject, True, None, info.produced_at))
                break
        for url in crl_urls(cert):
            if url in crl_done:
                continue
            crl_done.add(url)
            try:
                info = fetch_crl(url, fetch, now)
            except FetchFailed as exc:
                outcomes.append(FetchOutcome(url, "crl", subject, False, exc.reason))
                continue
            cache.put(info)
            outcomes.append(FetchOutcome(url, "crl", subject, True, None, info.produced_at))
    return outcomes


def refresh_workspace(
    home: Path, extra: Iterable[x509.Certificate] = (), *, fetch: Fetch = http_fetch
) -> list[FetchOutcome]:
    """Refresh the cache of the workspace at ``home``: the URLs of its enabled trust store's
    certificates, and of the certificates seen in documents (and ``extra``) whose chain
    reaches one of its anchors — a document cannot make the desk call addresses of its own
    choosing. ``vanthu revocation refresh`` and the Settings' "refresh now"."""
    from signing.trust import TrustStore

    trust = TrustStore.load(home)
    cache = RevocationCache.of_workspace(home)
    extra = list(extra)
    cache.remember(extra)
    pool: list[x509.Certificate] = []
    seen: set[bytes] = set()
    for cert in [*trust.certificates, *cache.seen_certs(), *extra]:
        if cert.dump() not in seen:
            seen.add(cert.dump())
            pool.append(cert)
    trusted = {c.dump() for c in trust.certificates}
    certs = [c for c in pool if c.dump() in trusted or reaches_anchor(c, pool, trust.is_anchor)]
    return refresh(certs, cache, fetch=fetch)


def last_refresh(home: Path) -> dt.datetime | None:
    """When the workspace's cache last got data from the network (None: never), read off
    the small metadata files only (a CRL can weigh megabytes)."""
    folder = RevocationCache.of_workspace(home).folder
    if not folder.is_dir():
        return None
    times = []
    for meta in folder.glob("*.json"):
        try:
            fetched = json.loads(meta.read_text(encoding="utf-8")).get("fetched_at")
            if fetched:
                times.append(_aware(dt.datetime.fromisoformat(fetched)))
        except (OSError, ValueError, TypeError, AttributeError):
            continue
    return max((t for t in times if t is not None), default=None)


__all__ = [
    "SOURCES",
    "FetchFailed",
    "FetchOutcome",
    "RevInfo",
    "RevocationCache",
    "chain_of",
    "crl_urls",
    "fetch_crl",
    "fetch_ocsp",
    "find_issuer",
    "http_fetch",
    "key_id_text",
    "last_refresh",
    "ocsp_request",
    "ocsp_urls",
    "reaches_anchor",
    "refresh",
    "refresh_workspace",
]
