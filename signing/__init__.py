"""Tokens over PKCS#11 and ND30 signatures with pyHanko (the Signing issue builds it)."""

__all__: list[str] = []
