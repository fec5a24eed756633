"""Tokens over PKCS#11 and ND30 signatures with pyHanko (the Signing issue builds it)."""

from signing.sign import Placement, SignResult, sign_approve

__all__: list[str] = ["Placement", "SignResult", "sign_approve"]
