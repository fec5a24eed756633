"""Tokens over PKCS#11 and ND30 signatures with pyHanko (no Qt)."""


from signing import pdf_speed
from signing.placement import Placement
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

pdf_speed.install()  # pyHanko reads signatures' hex strings byte by byte: see pdf_speed.py

__all__: list[str] = [
    "BatchOutcome",
    "Level",
    "Placement",
    "Role",
    "SignRequest",
    "SignResult",
    "SigningOptions",
    "sign_approve",
    "sign_batch",
    "sign_document",
]
