"""The token picker's reading of the workspace's settings (ui/sign_tokens.py): the
``pkcs11_modules`` setting as the settings dialog writes it (a JSON list) or as a person may
type it (one path, or several with the path separator), and which certificates sign."""

from __future__ import annotations

import os
from types import SimpleNamespace

from ui.sign_tokens import configured_modules, is_signing_certificate


def test_the_modules_setting():
    assert configured_modules(None) == [] and configured_modules("  ") == []
    assert configured_modules('["/a/libx.so", " /b/liby.so "]') == ["/a/libx.so", "/b/liby.so"]
    assert configured_modules('"/a/libx.so"') == ["/a/libx.so"]
    assert configured_modules("/a/libx.so") == ["/a/libx.so"]
    assert configured_modules(f"/a/libx.so{os.pathsep}/b/liby.so") == ["/a/libx.so", "/b/liby.so"]
    assert configured_modules('{"not": "a list"}') == []


def test_which_certificates_sign():
    def cert(*usage: str) -> SimpleNamespace:
        return SimpleNamespace(key_usage=usage)

    assert is_signing_certificate(cert("digital_signature", "non_repudiation"))
    assert is_signing_certificate(cert("non_repudiation"))
    assert not is_signing_certificate(cert("key_cert_sign", "crl_sign", "digital_signature"))
    assert not is_signing_certificate(cert("key_encipherment"))
