"""Tokens over PKCS#11 and ND30 signatures with pyHanko (no Qt)."""

from signing import pdf_speed
from signing.cli_verify import EXIT_NOT_VALID
from signing.placement import Placement
from signing.report import Finding, SignatureReport, ValidationReport
from signing.revocation import RevocationCache
from signing.sign import (
    BatchOutcome,
    Level,
    Role,
    SigningOptions,
    SignRequest,
    SignResult,
    sign_approve,
    sign_batch,
    sign_document,
)
from signing.trust import TrustStore
from signing.validate import validate_pdf

pdf_speed.install()  # pyHanko reads signatures' hex strings byte by byte: see pdf_speed.py

__all__: list[str] = [
    "EXIT_NOT_VALID",
    "BatchOutcome",
    "Finding",
    "Level",
    "Placement",
    "RevocationCache",
    "Role",
    "SignRequest",
    "SignResult",
    "SignatureReport",
    "SigningOptions",
    "TrustStore",
    "ValidationReport",
    "sign_approve",
    "sign_batch",
    "sign_document",
    "validate_pdf",
]
