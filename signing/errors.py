"""Errors of the signing room: data, not words (app/messages.py words them by ``code``)."""

from __future__ import annotations

from typing import Any

from app.errors import AppError


class SigningError(AppError):
    code = "signing_error"


class ModuleNotFound(SigningError):
    """No PKCS#11 module at the configured path, or none found at all."""

    code = "module_not_found"


class ModuleLoadFailed(SigningError):
    code = "module_load_failed"


class TokenNotFound(SigningError):
    code = "token_not_found"


class TokenRemoved(SigningError):
    """The token was pulled out (or its reader failed) during an operation."""

    code = "token_removed"


class PinIncorrect(SigningError):
    """``retries`` says what the token tells of the tries left: "unknown", "few" (count low)
    or "last" (the next wrong PIN locks it)."""

    code = "pin_incorrect"

    def __init__(self, retries: str = "unknown", **data: Any) -> None:
        super().__init__(retries=retries, **data)
        self.retries = retries


class PinLocked(SigningError):
    code = "pin_locked"


class KeyNotFound(SigningError):
    """No private key with the chosen certificate's CKA_ID on the token."""

    code = "key_not_found"


class IssuerNotTrusted(SigningError):
    """Long-term signing (B-LT, B-LTA) validates the signer's chain up to the trust store
    before it fetches revocation data, and the chain stops short: ``missing`` is the name of
    the certificate the store lacks (it issued ``certificate``; a root found on the token but
    not trusted counts as missing), ``key_id`` its key identifier (hex, upper case), ``level``
    the level asked for. Adding that certificate to the trust store fixes it."""

    code = "issuer_not_trusted"

    def __init__(self, *, token: str, certificate: str, missing: str, key_id: str, level: str):
        super().__init__(
            token=token, certificate=certificate, missing=missing, key_id=key_id, level=level
        )
        self.certificate = certificate
        self.missing = missing
        self.key_id = key_id
        self.level = level

    @classmethod
    def find(
        cls, signing_cert: Any, pool: list[Any], anchors: list[Any], *, token: str, level: str
    ) -> IssuerNotTrusted | None:
        """Where ``signing_cert``'s chain, built from ``pool`` and ``anchors`` (asn1crypto
        certificates; by key identifier, else by name), leaves what the trust store knows; None
        when it reaches an anchor. A self-signed root the store does not hold is the missing
        certificate itself."""
        anchor_ders = {c.dump() for c in anchors}
        pool = [*pool, *anchors]
        child, current = None, signing_cert
        for _ in range(12):
            if current.dump() in anchor_ders or any(_issued_by(current, a) for a in anchors):
                return None
            if _issued_by(current, current):
                return cls(
                    token=token, level=level, certificate=_name((child or current).subject),
                    missing=_name(current.subject), key_id=_hex(current.key_identifier),
                )  # fmt: skip
            parent = next(
                (c for c in pool if c.dump() != current.dump() and _issued_by(current, c)), None
            )
            if parent is None:
                return cls(
                    token=token, level=level, certificate=_name(current.subject),
                    missing=_name(current.issuer), key_id=_hex(current.authority_key_identifier),
                )  # fmt: skip
            child, current = current, parent
        return None


def _issued_by(child: Any, parent: Any) -> bool:
    if child.issuer != parent.subject:
        return False
    aki, ski = child.authority_key_identifier, parent.key_identifier
    return aki is None or ski is None or aki == ski


def _name(name: Any) -> str:
    return str(name.native.get("common_name") or name.human_friendly)


def _hex(key_id: bytes | None) -> str:
    return (key_id or b"").hex().upper() or "?"


__all__ = [
    "IssuerNotTrusted",
    "KeyNotFound",
    "ModuleLoadFailed",
    "ModuleNotFound",
    "PinIncorrect",
    "PinLocked",
    "SigningError",
    "TokenNotFound",
    "TokenRemoved",
]
