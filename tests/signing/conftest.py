"""SoftHSM2 tokens made by the fixtures: keys generated on the token (sensitive, never
extractable), certificates from the certomancer test PKI (tests/signing/pki.py) with
Vietnamese names imported beside them under a different label than the key's (as on real
Vietnamese tokens)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.signing.pki import PkiServer, Subject, build_pki

SOFTHSM_CANDIDATES = (
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/softhsm/libsofthsm2.so",
)


@dataclass(frozen=True)
class TokenSpec:
    label: str
    pin: str
    so_pin: str
    key_id: bytes
    cert_label: str
    subject_cn: str


PERSONAL = TokenSpec(
    "VT-CANHAN", "123456", "12345678", b"\x01", "Chứng thư số Nguyễn Văn A", "Nguyễn Văn A"
)
ORG = TokenSpec(
    "VT-COQUAN",
    "654321",
    "87654321",
    b"\x0a",
    "UBND tỉnh Đắk Lắk (tổ chức)",
    "Ủy ban nhân dân tỉnh Đắk Lắk",
)


@dataclass(frozen=True)
class SoftHsm:
    module: Path
    conf: Path
    ca_cert_der: bytes  # the test PKI's root: the trust anchor
    tokens: tuple[TokenSpec, ...]
    pki: PkiServer

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "SOFTHSM2_CONF": str(self.conf),
            "VANTHU_PKCS11_MODULE": str(self.module),
        }


def _module() -> Path:
    for candidate in SOFTHSM_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    pytest.fail("SoftHSM2 is not installed: `make test` installs the Debian package softhsm2")


_MADE: list[SoftHsm] = []


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SoftHsm]:
    """One set of tokens per process. Test modules elsewhere import this fixture (tests/ui),
    which gives pytest a second definition of it: the second use gets the tokens the first
    made (the PKCS#11 library, once loaded, reads only the first configuration)."""
    if _MADE:
        yield _MADE[0]
        return
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from signing.tokens import TokenModule

    if not shutil.which("softhsm2-util"):
        pytest.fail("softhsm2-util missing: `make test` installs the Debian package softhsm2")
    module = _module()
    base = tmp_path_factory.mktemp("softhsm")
    (base / "tokens").mkdir()
    conf = base / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {base / 'tokens'}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n"
    )
    os.environ["SOFTHSM2_CONF"] = str(conf)  # before the library is loaded in this process
    for t in (PERSONAL, ORG):
        subprocess.run(
            ["softhsm2-util", "--init-token", "--free", "--label", t.label,
             "--so-pin", t.so_pin, "--pin", t.pin],
            check=True, capture_output=True,
        )  # fmt: skip

    def make_key(lib, token: TokenSpec) -> bytes:
        """A key pair generated on the token (never extractable); its public half as PEM."""
        from pkcs11 import Attribute, KeyType

        with lib.get_token(token_label=token.label).open(rw=True, user_pin=token.pin) as s:
            public, _ = s.generate_keypair(
                KeyType.RSA, 2048, id=token.key_id, label="khoa-ky-so", store=True,
                private_template={Attribute.SIGN: True, Attribute.SENSITIVE: True,
                                  Attribute.EXTRACTABLE: False},
            )  # fmt: skip
            numbers = rsa.RSAPublicNumbers(
                int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
                int.from_bytes(public[Attribute.MODULUS], "big"),
            )
        return numbers.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def put_certificate(lib, token: TokenSpec, der: bytes, cka_id: bytes, label: str) -> None:
        from pkcs11 import Attribute, ObjectClass

        with lib.get_token(token_label=token.label).open(rw=True, user_pin=token.pin) as s:
            s.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: 0,  # X.509
                    Attribute.TOKEN: True,
                    Attribute.ID: cka_id,
                    Attribute.LABEL: label,
                    Attribute.VALUE: der,
                    Attribute.SUBJECT: x509.load_der_x509_certificate(der).subject.public_bytes(),
                }
            )

    handle = TokenModule.of(module)
    subjects = {
        PERSONAL: Subject("canhan", PERSONAL.subject_cn, "UBND tỉnh Đắk Lắk"),
        ORG: Subject("coquan", ORG.subject_cn, "UBND tỉnh Đắk Lắk"),
    }
    public_keys = {subjects[t]: handle.run(make_key, t) for t in (PERSONAL, ORG)}
    pki = build_pki(base / "pki", public_keys)
    for token, subject in subjects.items():
        handle.run(put_certificate, token, pki.cert_der(subject.label), token.key_id,
                   token.cert_label)  # fmt: skip
        # the issuing CA as real tokens carry it, and the root with no key: choosing the
        # root must fail cleanly
        handle.run(put_certificate, token, pki.interm_der, b"\xcb", "CA phục vụ các cơ quan")
        handle.run(put_certificate, token, pki.root_der, b"\xca", "RootCA thử nghiệm")
    _MADE.append(SoftHsm(module, conf, pki.root_der, (PERSONAL, ORG), pki))
    try:
        yield _MADE[0]
    finally:
        _MADE.clear()
        pki.stop()


@pytest.fixture
def pki_online(softhsm: SoftHsm) -> PkiServer:
    """The test PKI's TSA, OCSP and CRLs served on 127.0.0.1 for the test."""
    softhsm.pki.start()
    return softhsm.pki
