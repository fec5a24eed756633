"""SoftHSM2 tokens made by the fixtures: keys generated on the token (sensitive, never
extractable), certificates from a small test CA with Vietnamese names imported beside them
under a different label than the key's (as on real Vietnamese tokens)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

SOFTHSM_CANDIDATES = (
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/softhsm/libsofthsm2.so",
)


@dataclass(frozen=True)
class TestToken:
    label: str
    pin: str
    so_pin: str
    key_id: bytes
    cert_label: str
    subject_cn: str


PERSONAL = TestToken(
    "VT-CANHAN", "123456", "12345678", b"\x01", "Chứng thư số Nguyễn Văn A", "Nguyễn Văn A"
)
ORG = TestToken(
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
    ca_cert_der: bytes
    tokens: tuple[TestToken, ...]

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


def _issue(public_key, subject_cn: str, org: str, ca_key, ca_name, serial: int) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Đắk Lắk"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.USER_ID, "CCCD:066085001234"),
            x509.NameAttribute(NameOID.COMMON_NAME, subject_cn),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(ca_name)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + dt.timedelta(days=700))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory) -> SoftHsm:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

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

    # A test CA in software (only the CA: the signers' keys live on the tokens).
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ (THỬ NGHIỆM)"),
            x509.NameAttribute(NameOID.COMMON_NAME, "CA thử nghiệm phục vụ các cơ quan Nhà nước"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=365))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )

    from signing.tokens import TokenModule

    def make_keys(lib, token: TestToken, serial: int) -> None:
        from pkcs11 import Attribute, KeyType, ObjectClass

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
            org = "UBND tỉnh Đắk Lắk"
            der = _issue(numbers.public_key(), token.subject_cn, org, ca_key, ca_name, serial)
            s.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: 0,  # X.509
                    Attribute.TOKEN: True,
                    Attribute.ID: token.key_id,
                    Attribute.LABEL: token.cert_label,
                    Attribute.VALUE: der,
                    Attribute.SUBJECT: x509.load_der_x509_certificate(der).subject.public_bytes(),
                }
            )
            # the CA's certificate too, with no key: choosing it must fail cleanly
            s.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: 0,
                    Attribute.TOKEN: True,
                    Attribute.ID: b"\xca",
                    Attribute.LABEL: "CA thử nghiệm",
                    Attribute.VALUE: ca_cert.public_bytes(serialization.Encoding.DER),
                    Attribute.SUBJECT: ca_name.public_bytes(),
                }
            )

    module_handle = TokenModule.of(module)
    for serial, token in enumerate((PERSONAL, ORG), start=100):
        module_handle.run(make_keys, token, serial)
    return SoftHsm(module, conf, ca_cert.public_bytes(serialization.Encoding.DER), (PERSONAL, ORG))
