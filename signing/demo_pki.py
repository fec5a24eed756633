"""The demo's test tokens and test PKI, inside the demo workspace (``vanthu demo``):

- ``<home>/tokens/softhsm2.conf`` and its token folder: two SoftHSM2 tokens, the official's
  ("VanThu Demo Official") and the organisation's ("VanThu Demo Org"), PINs from
  app/demo_tokens.py; each key pair generated on its token (never extractable);
- ``<home>/pki/``: a certomancer configuration mirroring the Government CA (a root, the issuing
  CA for state bodies, an OCSP responder, a time-stamping authority), its software keys, and
  the two signers' certificates issued for the tokens' public keys, put on the tokens;
- the workspace trusts the test root (its trust store) and keeps the CAs' CRLs in its
  revocation cache, so that signatures verify offline, without a certomancer server.

The workspace settings ``softhsm_conf`` and ``pkcs11_modules`` say where the tokens are
(signing/workspace_tokens.py). certomancer is needed here only (the ``test`` extra that
``make run`` installs)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.demo_tokens import DEMO_PINS, DEMO_SO_PINS, OFFICIAL_TOKEN, ORG_TOKEN
from app.errors import InvalidInput
from signing.modules import find_modules
from signing.workspace_tokens import ENV_SOFTHSM, use_workspace_tokens

ARCH = "vn"
KEY_IDS = {OFFICIAL_TOKEN: b"\x01", ORG_TOKEN: b"\x0a"}
CERT_LABELS = {OFFICIAL_TOKEN: "Chứng thư số cá nhân", ORG_TOKEN: "Chứng thư số tổ chức"}
ENTITIES = {OFFICIAL_TOKEN: "official", ORG_TOKEN: "org"}


@dataclass(frozen=True)
class DemoTokens:
    module: str
    conf: Path
    config: Path  # the certomancer configuration
    root_der: bytes
    cka_ids: dict[str, str]  # token label -> the signing certificate's CKA_ID (hex)
    arch: Any = None  # the loaded certomancer PKI (to reuse: loading it is slow)

    def as_json(self) -> dict[str, Any]:
        return {"module": self.module, "softhsm_conf": str(self.conf), "cka_ids": self.cka_ids}


def softhsm_module() -> str:
    found = [p for p in find_modules() if "softhsm" in p.name.lower()]
    if not found or not shutil.which("softhsm2-util"):
        raise InvalidInput("module", "not_found", value="libsofthsm2.so (Debian: softhsm2)")
    return str(found[0])


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


YAML = """
external-url-prefix: "http://127.0.0.1:{port}"
keysets:
  vn:
    path-prefix: "{keys}"
    keys:
      root: {{path: root.key.pem}}
      interm: {{path: interm.key.pem}}
      interm-ocsp: {{path: interm-ocsp.key.pem}}
      tsa: {{path: tsa.key.pem}}
      official: {{path: official.pub.pem, public-only: true}}
      org: {{path: org.pub.pem, public-only: true}}
pki-architectures:
  vn:
    keyset: vn
    entity-defaults:
      country-name: VN
      organization-name: "Ban Cơ yếu Chính phủ (THỬ NGHIỆM)"
    entities:
      root: {{common-name: "RootCA thử nghiệm của bản demo VanThu"}}
      interm: {{common-name: "CA thử nghiệm phục vụ các cơ quan Nhà nước (demo)"}}
      interm-ocsp: {{common-name: "Máy chủ OCSP thử nghiệm (demo)"}}
      tsa: {{common-name: "Máy chủ cấp dấu thời gian thử nghiệm (demo)"}}
      official:
        organization-name: "{org}"
        locality-name: "{place}"
        common-name: "{official}"
      org:
        organization-name: "{org}"
        locality-name: "{place}"
        common-name: "{org}"
    certs:
      root:
        subject: root
        subject-key: root
        issuer: root
        authority-key: root
        validity: {{valid-from: "{ca_from}", valid-to: "{ca_to}"}}
        extensions:
          - {{id: basic_constraints, critical: true, value: {{ca: true}}}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, key_cert_sign, crl_sign]}}
      interm:
        issuer: root
        validity: {{valid-from: "{ca_from}", valid-to: "{ca_to}"}}
        extensions:
          - {{id: basic_constraints, critical: true, value: {{ca: true, path-len-constraint: 0}}}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, key_cert_sign, crl_sign]}}
          - id: crl_distribution_points
            smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [root]}}}}
      interm-ocsp:
        issuer: interm
        validity: {{valid-from: "{ca_from}", valid-to: "{ca_to}"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature]}}
          - {{id: extended_key_usage, critical: true, value: [ocsp_signing]}}
          - {{id: ocsp_no_check}}
      tsa:
        issuer: root
        validity: {{valid-from: "{ca_from}", valid-to: "{ca_to}"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature]}}
          - {{id: extended_key_usage, critical: true, value: [time_stamping]}}
{signers}
    services:
      ocsp:
        interm: {{for-issuer: interm, responder-cert: interm-ocsp, signing-key: interm-ocsp}}
      crl-repo:
        root: {{for-issuer: root, signing-key: root, simulated-update-schedule: "P90D"}}
        interm: {{for-issuer: interm, signing-key: interm, simulated-update-schedule: "P90D"}}
      time-stamping:
        tsa: {{signing-key: tsa, signing-cert: tsa}}
"""

SIGNER = """      {label}:
        subject: {label}
        subject-key: {label}
        issuer: interm
        validity: {{valid-from: "{ee_from}", valid-to: "{ee_to}"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, non_repudiation]}}
          - id: crl_distribution_points
            smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [interm]}}}}
"""


def _write_key(path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)


def _make_key(lib: Any, label: str) -> bytes:
    """A key pair generated on the token (sensitive, never extractable); its public half."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pkcs11 import Attribute, KeyType

    with lib.get_token(token_label=label).open(rw=True, user_pin=DEMO_PINS[label]) as s:
        public, _ = s.generate_keypair(
            KeyType.RSA, 2048, id=KEY_IDS[label], label="khoa-ky-so", store=True,
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


def _put_certificate(lib: Any, label: str, der: bytes, cka_id: bytes, name: str) -> None:
    from cryptography import x509
    from pkcs11 import Attribute, ObjectClass

    with lib.get_token(token_label=label).open(rw=True, user_pin=DEMO_PINS[label]) as s:
        s.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: 0,  # X.509
                Attribute.TOKEN: True,
                Attribute.ID: cka_id,
                Attribute.LABEL: name,
                Attribute.VALUE: der,
                Attribute.SUBJECT: x509.load_der_x509_certificate(der).subject.public_bytes(),
            }
        )


def make_demo_tokens(ws: Any, official: str, *, place: str = "Đắk Lắk") -> DemoTokens:
    """Create the two demo tokens and the test PKI in the workspace ``ws`` (see the module
    docstring); ``official`` is the name on the official's certificate. Must run before
    SoftHSM is loaded in this process (it sets ``SOFTHSM2_CONF``)."""
    from signing.tokens import TokenModule

    home = Path(ws.paths.home).resolve()  # SoftHSM's paths must not depend on the cwd
    module = softhsm_module()
    folder = home / "tokens"
    (folder / "store").mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'store'}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n",
        encoding="utf-8",
    )
    ws.set_settings(
        {"softhsm_conf": str(conf), "pkcs11_modules": json.dumps([module])},
        demo_tokens=[OFFICIAL_TOKEN, ORG_TOKEN],
    )
    applied = use_workspace_tokens(ws)
    if not applied.applied:  # pragma: no cover - a caller that loaded SoftHSM first
        raise RuntimeError("SoftHSM was loaded before the demo tokens were made")
    env = {**os.environ, ENV_SOFTHSM: str(conf)}
    for label in (OFFICIAL_TOKEN, ORG_TOKEN):
        subprocess.run(
            ["softhsm2-util", "--init-token", "--free", "--label", label,
             "--so-pin", DEMO_SO_PINS[label], "--pin", DEMO_PINS[label]],
            check=True, capture_output=True, env=env,
        )  # fmt: skip
    handle = TokenModule.of(module)
    handle.tokens(refresh=True)  # the library sees the tokens made by softhsm2-util
    public = {label: handle.run(_make_key, label) for label in (OFFICIAL_TOKEN, ORG_TOKEN)}

    pki = home / "pki"
    keys = pki / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    for name in ("root", "interm", "interm-ocsp", "tsa"):
        _write_key(keys / f"{name}.key.pem")
    for label, pem in public.items():
        (keys / f"{ENTITIES[label]}.pub.pem").write_bytes(pem)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    signers = "".join(
        SIGNER.format(
            label=ENTITIES[label],
            ee_from=_when(now - dt.timedelta(days=30)),
            ee_to=_when(now + dt.timedelta(days=3 * 365)),
        )
        for label in (OFFICIAL_TOKEN, ORG_TOKEN)
    )
    config = pki / "demo-pki.yml"
    config.write_text(
        YAML.format(
            port=free_port(), keys=keys, signers=signers, org=ws.organisation.name,
            official=official, place=place, ca_from=_when(now - dt.timedelta(days=5 * 365)),
            ca_to=_when(now + dt.timedelta(days=20 * 365)),
        ),
        encoding="utf-8",
    )  # fmt: skip
    arch = load_arch(config)
    interm = arch.get_cert("interm").dump()
    root = arch.get_cert("root").dump()
    for label in (OFFICIAL_TOKEN, ORG_TOKEN):
        der = arch.get_cert(ENTITIES[label]).dump()
        handle.run(_put_certificate, label, der, KEY_IDS[label], CERT_LABELS[label])
        handle.run(_put_certificate, label, interm, b"\xcb", "CA phục vụ các cơ quan (demo)")
    trust_demo_pki(home, config, arch)
    cka_ids = {label: KEY_IDS[label].hex() for label in KEY_IDS}
    return DemoTokens(module, conf, config, root, cka_ids, arch)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def load_arch(config: Path) -> Any:
    """The demo PKI (certomancer), loaded once: loading its keys takes a second here."""
    from certomancer.registry import CertomancerConfig

    return CertomancerConfig.from_file(str(config)).get_pki_arch(ARCH)


def trust_demo_pki(homes: Path | Sequence[Path], config: Path, arch: Any = None) -> int:
    """Make the workspaces at ``homes`` trust the demo's root (and know its issuing CA),
    and put fresh CRLs of both CAs in their revocation caches: signatures verify offline.
    Run again (``demo --serve`` does) when the cached CRLs grow old. CRLs cached, counted."""
    from signing.revocation import RevInfo, RevocationCache, crl_urls
    from signing.trust import TrustStore

    arch = arch or load_arch(config)
    now = dt.datetime.now(dt.UTC)
    crls = []
    for issuer, subject in (("root", "interm"), ("interm", "official")):
        der = arch.service_registry.get_crl(issuer, at_time=now).dump()
        for url in crl_urls(arch.get_cert(subject))[:1]:
            info = RevInfo.parse("crl", der, "network", url, now)
            if info is not None:
                crls.append(info)
    cached = 0
    for home in [Path(homes)] if isinstance(homes, str | Path) else [Path(h) for h in homes]:
        store = TrustStore.load(home)
        store.add(arch.get_cert("root").dump(), source="demo")
        store.add(arch.get_cert("interm").dump(), source="demo")
        cache = RevocationCache.of_workspace(home)
        for info in crls:
            cache.put(info)
            cached += 1
    return cached


__all__ = ["DemoTokens", "load_arch", "make_demo_tokens", "softhsm_module", "trust_demo_pki"]
