"""Errors of the exchange room: data, not words (app/messages.py words them by ``code``).

Every failure of a call to the axis is a ``SyncError`` whose ``transient`` flag tells the
outbox what to do: ``True`` means "the same request may succeed later, retry with a growing
delay" (network down, timeouts, 5xx, 429, an answer cut short); ``False`` means "retrying the
same request will fail the same way, show it to a person" (bad credentials, a refused
package). No exception of ``requests`` or ``urllib3`` ever leaves ``sync.client``.

Data every instance carries (``None`` or ``""`` when unknown):

``operation``   the axis operation (``sendEdoc``, ``getEdoc`` …)
``http_status`` the HTTP status of the answer, ``None`` when there was no answer
``error_code``  the ``ErrorCode`` of a JSON ``FAIL`` answer
``error_desc``  its ``ErrorDesc`` (the axis's own words, shown in the technical details)
``reason``      a machine word of ours: ``timeout``, ``connection_refused``,
                ``connection_dropped``, ``http_503``, ``bad_signature``, ``not_json`` …
``endpoint``    the axis URL the client talked to
``retry_after`` seconds the axis asked us to wait (``Retry-After``), when it said so
"""

from __future__ import annotations

from typing import Any

from app.errors import AppError


class SyncError(AppError):
    """Root of the exchange room's errors."""

    code = "sync_error"
    transient = False

    def __init__(
        self,
        operation: str = "",
        *,
        http_status: int | None = None,
        error_code: str = "",
        error_desc: str = "",
        reason: str = "",
        endpoint: str = "",
        retry_after: float | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(
            operation=operation,
            http_status=http_status,
            error_code=error_code,
            error_desc=error_desc,
            reason=reason,
            endpoint=endpoint,
            retry_after=retry_after,
            **extra,
        )
        self.operation = operation
        self.http_status = http_status
        self.error_code = error_code
        self.error_desc = error_desc
        self.reason = reason
        self.endpoint = endpoint
        self.retry_after = retry_after


class AxisUnreachable(SyncError):
    """Transient: the axis could not be reached or could not answer now (connection refused
    or reset, DNS, timeouts, HTTP 5xx, 408, 429, a FAIL answer with a retryable code)."""

    code = "axis_unreachable"
    transient = True


class AxisProtocolError(SyncError):
    """The axis answered something that is not the protocol (not JSON, a JSON without
    ``status``, a body cut short). Treated as transient: in practice it is a proxy's error
    page or a broken connection; the outbox's finite retries bound the damage."""

    code = "axis_protocol"
    transient = True


class AxisAuthFailed(SyncError):
    """Permanent: the axis does not accept this system's credentials (unknown system id,
    wrong secret, a replayed request) — HTTP 401/403 or a FAIL answer with an auth code."""

    code = "axis_auth_failed"


class AxisClockSkew(AxisAuthFailed):
    """The axis refused the request's timestamp: this computer's clock is too far from the
    axis's (more than the freshness window, five minutes by default)."""

    code = "axis_clock_skew"


class AxisCertificateError(AxisAuthFailed):
    """The axis's TLS certificate could not be verified (wrong CA bundle, expired, wrong
    host name). Never retried: a certificate does not fix itself, and it may be an attack."""

    code = "axis_certificate"


class AxisRejected(SyncError):
    """Permanent: the axis understood the request and refused it (HTTP 4xx other than
    408/429, or a FAIL answer with a non-retryable ``ErrorCode``: unknown recipient, hash
    mismatch, unknown document …). Sending the same request again will not help."""

    code = "axis_rejected"


# ErrorCodes of a FAIL answer that mean "try again later" (the local axis uses these; the
# official codes are not public, so anything else in a FAIL answer is taken as permanent).
RETRYABLE_ERROR_CODES = frozenset(
    {"UNAVAILABLE", "SERVER_ERROR", "BUSY", "TIMEOUT", "RATE_LIMITED", "STORAGE_BUSY"}
)
# ErrorCodes that are about the caller's credentials.
AUTH_ERROR_CODES = frozenset({"AUTH_FAILED", "AUTH_MISSING", "AUTH_REPLAY", "AUTH_STALE"})


__all__ = [
    "AUTH_ERROR_CODES",
    "RETRYABLE_ERROR_CODES",
    "AxisAuthFailed",
    "AxisCertificateError",
    "AxisClockSkew",
    "AxisProtocolError",
    "AxisRejected",
    "AxisUnreachable",
    "SyncError",
]
