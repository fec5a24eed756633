"""A test PKI for the token tests, made with certomancer, that mirrors the Vietnamese
Government CA: a root ("RootCA ... G2"), the issuing CA for state bodies with its OCSP
responder and CRLs, and a time-stamping authority. The signers' certificates are issued for
the PUBLIC keys exported from the SoftHSM tokens (``public-only`` keys in certomancer): the
private keys never leave the tokens. The CA, OCSP and TSA keys are software keys made here.

The services (TSA, OCSP, CRLs) are served by ``certomancer animate`` as a separate process on
127.0.0.1 only; tests stop it to check what works offline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from tests.signing.certo import CertoServer, free_port, write_key

ARCH = "vn"


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
{token_keys}
pki-architectures:
  vn:
    keyset: vn
    entity-defaults:
      country-name: VN
      organization-name: "Ban Cơ yếu Chính phủ (THỬ NGHIỆM)"
    entities:
      root: {{common-name: "RootCA thử nghiệm chuyên dùng Chính phủ G2"}}
      interm: {{common-name: "CA thử nghiệm phục vụ các cơ quan Nhà nước G2"}}
      interm-ocsp: {{common-name: "Máy chủ OCSP thử nghiệm"}}
      tsa: {{common-name: "Máy chủ cấp dấu thời gian thử nghiệm 01"}}
{token_entities}
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
          - id: crl_distribution_points
            smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [root]}}}}
{token_certs}
    services:
      ocsp:
        interm: {{for-issuer: interm, responder-cert: interm-ocsp, signing-key: interm-ocsp}}
      crl-repo:
        root: {{for-issuer: root, signing-key: root, simulated-update-schedule: "P90D"}}
        interm: {{for-issuer: interm, signing-key: interm, simulated-update-schedule: "P30D"}}
      time-stamping:
        tsa: {{signing-key: tsa, signing-cert: tsa}}
"""

SIGNER_CERT = """      {label}:
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
          - id: authority_information_access
            smart-value: {{schema: aia-urls, params: {{ocsp-responder-names: [interm]}}}}
"""


@dataclass(frozen=True)
class Subject:
    """One token's certificate subject: ``label`` names the certomancer entity and key."""

    label: str
    common_name: str
    organisation: str


@dataclass
class PkiServer:
    base: Path
    port: int
    config: Path
    server: CertoServer = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.server = CertoServer(self.config, self.port, self.base / "certomancer.log")

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/{ARCH}/tsa/tsa"

    def arch(self):  # certomancer.registry.PKIArchitecture
        from certomancer.registry import CertomancerConfig

        return CertomancerConfig.from_file(str(self.config)).get_pki_arch(ARCH)

    def cert_der(self, label: str) -> bytes:
        return self.arch().get_cert(label).dump()

    @property
    def root_der(self) -> bytes:
        return self.cert_der("root")

    @property
    def interm_der(self) -> bytes:
        return self.cert_der("interm")

    @property
    def running(self) -> bool:
        return self.server.running

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()


def build_pki(base: Path, token_keys: dict[Subject, bytes]) -> PkiServer:
    """``token_keys`` maps each token's subject to its public key (PEM SubjectPublicKeyInfo)."""
    keys = base / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    for name, bits in (("root", 3072), ("interm", 2048), ("interm-ocsp", 2048), ("tsa", 2048)):
        write_key(keys / f"{name}.key.pem", bits)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    key_lines, entity_lines, cert_lines = [], [], []
    for subject, pem in token_keys.items():
        (keys / f"{subject.label}.pub.pem").write_bytes(pem)
        key_lines.append(
            f"      {subject.label}: {{path: {subject.label}.pub.pem, public-only: true}}"
        )
        entity_lines.append(
            f'      {subject.label}:\n        organization-name: "{subject.organisation}"\n'
            f'        locality-name: "Đắk Lắk"\n        common-name: "{subject.common_name}"'
        )
        cert_lines.append(
            SIGNER_CERT.format(
                label=subject.label,
                ee_from=_when(now - dt.timedelta(days=30)),
                ee_to=_when(now + dt.timedelta(days=3 * 365)),
            )
        )
    port = free_port()
    config = base / "vn-pki.yml"
    config.write_text(
        YAML.format(
            port=port,
            keys=keys,
            token_keys="\n".join(key_lines),
            token_entities="\n".join(entity_lines),
            token_certs="".join(cert_lines),
            ca_from=_when(now - dt.timedelta(days=5 * 365)),
            ca_to=_when(now + dt.timedelta(days=20 * 365)),
        ),
        encoding="utf-8",
    )
    return PkiServer(base=base, port=port, config=config)
