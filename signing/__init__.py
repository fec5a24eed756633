"""Tokens over PKCS#11 and ND30 signatures with pyHanko (no Qt).

The names below load on first use: importing ``signing`` (as the ``vanthu`` command does to
add its sub-commands) must not pay for pyHanko, which takes a quarter of a second."""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "EXIT_NOT_VALID": "signing.cli_verify",
    "BatchOutcome": "signing.sign",
    "GOVERNMENT_TSA": "signing.sign",
    "Level": "signing.sign",
    "Role": "signing.sign",
    "SigningOptions": "signing.sign",
    "SignRequest": "signing.sign",
    "SignResult": "signing.sign",
    "sign_approve": "signing.sign",
    "sign_batch": "signing.sign",
    "sign_document": "signing.sign",
    "Placement": "signing.placement",
    "ANCHOR_BOX_SIZE": "signing.placement",
    "suggested_box": "signing.placement",
    "Finding": "signing.report",
    "SignatureReport": "signing.report",
    "ValidationReport": "signing.report",
    "RevocationCache": "signing.revocation",
    "last_refresh": "signing.revocation",
    "refresh_workspace": "signing.revocation",
    "TrustStore": "signing.trust",
    "validate_pdf": "signing.validate",
    "DocumentOutcome": "signing.desk",
    "IssueResult": "signing.desk",
    "ModuleTokens": "signing.desk",
    "Signer": "signing.desk",
    "SigningDesk": "signing.desk",
    "discover_tokens": "signing.desk",
    "install_checks": "signing.desk",
    "module_with": "signing.desk",
    "choose_certificate": "signing.desk",
    "signing_options": "signing.desk",
    "warm_up_signing": "signing.desk",
    "PinState": "signing.tokens",
    "PROTECTED_AUTH": "signing.tokens",
    "TokenModule": "signing.tokens",
    "use_workspace_tokens": "signing.workspace_tokens",
    "DemoPeer": "signing.demo_pki",
    "make_demo_tokens": "signing.demo_pki",
    "trust_demo_pki": "signing.demo_pki",
    "IssueMarks": "signing.issue_preview",
    "issue_marks": "signing.issue_preview",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'signing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__: list[str] = sorted(_WHERE)
