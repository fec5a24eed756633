"""The header signing of the axis protocol (docs/domain.md §10), shared by the client and
the local axis server.

A request's parameters travel as headers ``XroadVnpt-<name>: <value>``. The client signs
them with the system's shared secret:

``XroadVnpt-sign-header-key``  the signed names, un-prefixed, joined by ``;``
``XroadVnpt-sign-header``      a JSON object text ``{"XroadVnpt-<name>": "<value>", …}`` of
                               those headers, in the order of the key list
``XroadVnpt-hash-header``      lower-case hex HMAC-SHA256(secret, sign-header text), UTF-8
``XroadVnpt-version``          ``3.0.201608`` (not signed, as in the SDK)

Every request signs ``systemid``, ``timestamp`` and ``nonce`` (random, 128 bits) besides its
own parameters; ``sendEdoc`` also signs ``hash-file`` (hex SHA-256 of the uploaded file) and
``msgid`` (the idempotency key, see sync/client.py). The verifier:

1. recomputes the HMAC over the received ``sign-header`` text and compares in constant time;
2. checks that the JSON names exactly the headers of the key list, with the very values the
   request carries (so an unsigned header can never change a signed value), and that the
   names the operation needs are among them;
3. accepts the ``timestamp`` only within ``window`` seconds of its own clock (5 min by
   default, both directions);
4. remembers each accepted signature until its timestamp leaves the window and refuses it a
   second time (a replay). The nonce makes two honest requests' signatures differ even in
   the same millisecond.

Failures raise ``AxisAuthFailed`` (or ``AxisClockSkew``) with the ``error_code`` the server
answers with: ``AUTH_MISSING``, ``AUTH_FAILED``, ``AUTH_STALE``, ``AUTH_REPLAY``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from sync.errors import AxisAuthFailed, AxisClockSkew

PREFIX = "XroadVnpt-"
VERSION = "3.0.201608"
SERVICE_TYPE = "eDoc"
MESSAGE_TYPES = ("edoc", "status")
SIGN_KEY_HEADER = PREFIX + "sign-header-key"
SIGN_HEADER = PREFIX + "sign-header"
HASH_HEADER = PREFIX + "hash-header"
VERSION_HEADER = PREFIX + "version"
DEFAULT_WINDOW = 300.0  # seconds either side of the verifier's clock
ALWAYS_SIGNED = ("systemid", "timestamp")
MAX_SIGN_HEADER = 16 * 1024  # a signed header set is a few hundred bytes

# organ ids, doc ids, msgids, hex digests: what a parameter value may look like
TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/+=-]{0,127}$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
_SDK_TIMESTAMP = re.compile(r"^(\d{2})(\d{2})(\d{4})T(\d{2})(\d{2})(\d{2})\+(\d{1,4})$")
_VN = dt.timezone(dt.timedelta(hours=7))


def hmac_hex(secret: str, text: str) -> str:
    """Lower-case hex HMAC-SHA256 of ``text`` (UTF-8) keyed with ``secret`` (UTF-8)."""
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def format_timestamp(moment: dt.datetime) -> str:
    """ISO 8601 with milliseconds and the UTC offset, e.g. ``2026-11-26T09:30:00.123+07:00``."""
    if moment.tzinfo is None:
        raise ValueError("timestamp needs a time zone")
    return moment.astimezone(_VN).isoformat(timespec="milliseconds")


def parse_timestamp(text: str) -> dt.datetime | None:
    """Our ISO 8601 form, or the Java SDK's ``ddMMyyyy'T'HHmmss+SSSS`` (Vietnam time)."""
    text = text.strip()
    match = _SDK_TIMESTAMP.match(text)
    try:
        if match:
            d, mo, y, h, mi, s, ms = (int(g) for g in match.groups())
            return dt.datetime(y, mo, d, h, mi, s, min(ms, 999) * 1000, tzinfo=_VN)
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _check_value(name: str, value: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"bad header name {name!r}")
    if not value.isascii() or any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError(f"header {name!r} must be printable ASCII")
    return value.strip()


def sign_headers(
    params: Mapping[str, str],
    system_id: str,
    secret: str,
    *,
    now: dt.datetime | None = None,
    nonce: str | None = None,
) -> dict[str, str]:
    """The HTTP headers of one request: every parameter, ``systemid``, ``timestamp`` and
    ``nonce`` as ``XroadVnpt-`` headers, all of them signed, plus the three signature
    headers and the version. Values must be printable ASCII (organ ids, doc ids, hex)."""
    moment = now or dt.datetime.now(dt.UTC)
    signed: dict[str, str] = {}
    for name, value in params.items():
        if value is None:
            continue
        signed[name] = _check_value(name, str(value))
    signed["systemid"] = _check_value("systemid", system_id)
    signed["timestamp"] = format_timestamp(moment)
    signed["nonce"] = nonce or secrets.token_hex(16)
    headers = {PREFIX + name: value for name, value in signed.items()}
    text = json.dumps(headers, ensure_ascii=True, separators=(",", ":"))
    headers[SIGN_KEY_HEADER] = ";".join(signed)
    headers[SIGN_HEADER] = text
    headers[HASH_HEADER] = hmac_hex(secret, text)
    headers[VERSION_HEADER] = VERSION
    return headers


# ------------------------------------------------------------------------ verification ---


class ReplayGuard(Protocol):
    def remember(self, system_id: str, signature: str, expires_at: float) -> bool:
        """Record the signature; ``False`` when it was already seen (a replay)."""
        ...


@dataclass
class MemoryReplayGuard:
    """Seen signatures in memory, forgotten once their timestamp leaves the window. The
    local axis keeps them in its database instead, so a restart does not forget them."""

    _seen: dict[tuple[str, str], float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _next_purge: float = 0.0

    def remember(self, system_id: str, signature: str, expires_at: float) -> bool:
        now = time.time()
        with self._lock:
            if now >= self._next_purge:
                self._seen = {k: v for k, v in self._seen.items() if v > now}
                self._next_purge = now + 30
            key = (system_id, signature)
            if key in self._seen:
                return False
            self._seen[key] = expires_at
            return True


@dataclass(frozen=True)
class VerifiedRequest:
    """What the verifier vouches for: the caller and its signed parameters only (names in
    lower case). A server reads parameters from here, never from the raw headers."""

    system_id: str
    params: dict[str, str]
    signature: str
    timestamp: dt.datetime

    def get(self, name: str, default: str = "") -> str:
        return self.params.get(name.lower(), default)


def _fail(code: str, reason: str, **extra: str) -> AxisAuthFailed:
    cls = AxisClockSkew if code == "AUTH_STALE" else AxisAuthFailed
    return cls(error_code=code, reason=reason, **extra)


def verify_headers(
    header: Callable[[str], str | None],
    secret_for: Callable[[str], str | None],
    *,
    replay: ReplayGuard | None,
    required: Iterable[str] = (),
    window: float = DEFAULT_WINDOW,
    now: float | None = None,
) -> VerifiedRequest:
    """Check one request's signature headers. ``header(name)`` returns a received header
    (case-insensitive), ``secret_for(system_id)`` the shared secret or ``None``.
    ``required`` names the parameters the operation needs signed."""
    system_id = (header(PREFIX + "systemid") or "").strip()
    key_list = header(SIGN_KEY_HEADER)
    text = header(SIGN_HEADER)
    signature = (header(HASH_HEADER) or "").strip().lower()
    if not system_id or not key_list or not text or not signature:
        raise _fail("AUTH_MISSING", "missing_signature_headers")
    if len(text) > MAX_SIGN_HEADER:
        raise _fail("AUTH_FAILED", "sign_header_too_long")
    secret = secret_for(system_id)
    # unknown systems cost the same HMAC as known ones: no timing hint of which ids exist
    expected = hmac_hex(secret if secret is not None else secrets.token_hex(16), text)
    if not hmac.compare_digest(expected.encode("ascii"), signature.encode("ascii", "replace")):
        raise _fail("AUTH_FAILED", "bad_signature", system_id=system_id)
    if secret is None:  # pragma: no cover - a random secret never matches
        raise _fail("AUTH_FAILED", "bad_signature", system_id=system_id)

    names = [n.strip() for n in key_list.split(";") if n.strip()]
    try:
        signed = json.loads(text)
    except ValueError:
        raise _fail("AUTH_FAILED", "sign_header_not_json") from None
    lowered = [n.lower() for n in names]
    if (
        not isinstance(signed, dict)
        or len(set(lowered)) != len(names)
        or len(signed) != len(names)
        or any(not isinstance(v, str) for v in signed.values())
    ):
        raise _fail("AUTH_FAILED", "header_mismatch")
    signed_lower = {str(k).lower(): v for k, v in signed.items()}
    params: dict[str, str] = {}
    for name in names:
        value = signed_lower.get((PREFIX + name).lower())
        received = header(PREFIX + name)
        if value is None or received is None or value.strip() != received.strip():
            raise _fail("AUTH_FAILED", "header_mismatch", header=name)
        params[name.lower()] = value.strip()
    if params.get("systemid") != system_id:
        raise _fail("AUTH_FAILED", "header_mismatch", header="systemid")
    for name in (*ALWAYS_SIGNED, *required):
        if name.lower() not in params:
            raise _fail("AUTH_MISSING", f"unsigned_{name.lower()}")

    moment = parse_timestamp(params["timestamp"])
    clock = time.time() if now is None else now
    if moment is None:
        raise _fail("AUTH_STALE", "bad_timestamp")
    if abs(moment.timestamp() - clock) > window:
        raise _fail("AUTH_STALE", "outside_window", skew=str(round(moment.timestamp() - clock)))
    if replay is not None and not replay.remember(
        system_id, signature, moment.timestamp() + window
    ):
        raise _fail("AUTH_REPLAY", "replayed", system_id=system_id)
    return VerifiedRequest(system_id, params, signature, moment)


def wsgi_header_getter(environ: Mapping[str, object]) -> Callable[[str], str | None]:
    """``header(name)`` over a WSGI environ (``HTTP_XROADVNPT_HASH_FILE`` …)."""

    def header(name: str) -> str | None:
        value = environ.get("HTTP_" + name.upper().replace("-", "_"))
        return value if isinstance(value, str) else None

    return header


def dict_header_getter(headers: Mapping[str, str]) -> Callable[[str], str | None]:
    lowered = {k.lower(): v for k, v in headers.items()}
    return lambda name: lowered.get(name.lower())


__all__ = [
    "DEFAULT_WINDOW",
    "MESSAGE_TYPES",
    "PREFIX",
    "SERVICE_TYPE",
    "TOKEN",
    "VERSION",
    "MemoryReplayGuard",
    "ReplayGuard",
    "VerifiedRequest",
    "dict_header_getter",
    "format_timestamp",
    "hmac_hex",
    "parse_timestamp",
    "sign_headers",
    "verify_headers",
    "wsgi_header_getter",
]
