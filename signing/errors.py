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


__all__ = [
    "KeyNotFound",
    "ModuleLoadFailed",
    "ModuleNotFound",
    "PinIncorrect",
    "PinLocked",
    "SigningError",
    "TokenNotFound",
    "TokenRemoved",
]
