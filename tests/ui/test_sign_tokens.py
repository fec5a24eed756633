"""The token picker (ui/sign_tokens.py): which certificates sign. (Its reading of the
``pkcs11_modules`` setting is app.settings.module_paths: tests/ui/test_settings_service.py.)"""

from __future__ import annotations

from types import SimpleNamespace

from ui.sign_tokens import is_signing_certificate


def test_which_certificates_sign():
    def cert(*usage: str) -> SimpleNamespace:
        return SimpleNamespace(key_usage=usage)

    assert is_signing_certificate(cert("digital_signature", "non_repudiation"))
    assert is_signing_certificate(cert("non_repudiation"))
    assert not is_signing_certificate(cert("key_cert_sign", "crl_sign", "digital_signature"))
    assert not is_signing_certificate(cert("key_encipherment"))
