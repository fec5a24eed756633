"""PYTEST_DONT_REWRITE (a plugin module the tests also import from)

A test PKI that reproduces what genuine Vietnamese Government CA PDFs look like in the field
(docs domain.md §7), made with certomancer, and signers that sign like the field does.

- a "G2-like" root (SHA-256) → "CA phục vụ các cơ quan Nhà nước (thử nghiệm)" with an OCSP
  responder and CRLs, and a time-stamping authority under the root;
- a "G1-like" root whose intermediate is signed with SHA-1, and an old tax-era signer with an
  RSA-1024 key under it;
- signers with Vietnamese names and ``UID=MCQ:…`` for organisations: one revoked (OCSP), one
  revoked (CRL only), one expired in 2021, one under a root nobody trusts.

Every key is a software key generated here (test only). The services are served by
``certomancer animate`` on 127.0.0.1 (a separate process, started and stopped by the tests);
PDFs that must look signed in the past are signed in process with the PKI's time frozen
(timestamps, CRLs and OCSP responses produced "at" that moment).

Import it from a test module (``from tests.signing.field_pki import field_pki, certo``); the
fixtures share one PKI and one server per process, and the server is killed at the end.
"""

from __future__ import annotations

import atexit
import datetime as dt
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from tests.signing.certo import CertoServer, free_port, write_key

ARCH = "vn"
UTC = dt.UTC
PAST_SIGNING = dt.datetime(2020, 6, 1, 3, 0, tzinfo=UTC)  # when "expired" was still valid
REVOKED_SINCE = dt.datetime(2025, 6, 1, tzinfo=UTC)
BEFORE_REVOCATION = dt.datetime(2025, 3, 1, 2, 0, tzinfo=UTC)

# label: (common name, organisation, uid, key bits)
SIGNERS: dict[str, tuple[str, str, str | None, int]] = {
    "official": ("Nguyễn Văn An", "UBND tỉnh Đắk Lắk", "CCCD:066085001234", 2048),
    "deputy": ("Trần Thị Bình", "UBND tỉnh Đắk Lắk", "CCCD:066190004321", 2048),
    "org": ("Ủy ban nhân dân tỉnh Đắk Lắk", "UBND tỉnh Đắk Lắk", "MCQ:000.00.00.H29", 2048),
    "revoked-ocsp": ("Lê Văn Cường", "Sở Tài chính tỉnh Đắk Lắk", None, 2048),
    "revoked-crl": ("Phạm Thị Dung", "Sở Nội vụ tỉnh Đắk Lắk", None, 2048),
    "expired": ("Hoàng Văn Em", "Văn phòng Chính phủ", "MCQ:000.00.00.G22", 2048),
    "g1-signer": ("Bộ Tài chính", "Bộ Tài chính", "MCQ:000.00.00.G12", 2048),
    "old-tax": ("Công ty TNHH Thương mại Hòa Bình", "Cục Thuế tỉnh Đắk Lắk", None, 1024),
    "rogue": ("Nguyễn Văn Giả", "Cơ quan không có thật", None, 2048),
    "g1-renewed": ("Văn phòng Chính phủ", "Văn phòng Chính phủ", "MCQ:000.00.00.G22", 2048),
}
CA_KEYS = (
    "root-g2",
    "ca-g2",
    "ca-g2-ocsp",
    "tsa-g2",
    "root-g1",
    "ca-g1",
    "ca-g1-2016",
    "rogue-root",
)

YAML_HEAD = """
external-url-prefix: "http://127.0.0.1:{port}"
keysets:
  vn:
    path-prefix: "{keys}"
    keys:
{keys_list}
pki-architectures:
  vn:
    keyset: vn
    entity-defaults:
      country-name: VN
      organization-name: "Ban Cơ yếu Chính phủ (thử nghiệm)"
    entities:
      root-g2: {{common-name: "RootCA chuyên dùng Chính phủ G2 (thử nghiệm)"}}
      ca-g2: {{common-name: "CA phục vụ các cơ quan Nhà nước (thử nghiệm)"}}
      ca-g2-ocsp: {{common-name: "Máy chủ OCSP các cơ quan Nhà nước (thử nghiệm)"}}
      tsa-g2: {{common-name: "Máy chủ cấp dấu thời gian HL01 (thử nghiệm)"}}
      root-g1:
        organization-name: "Ban Co yeu Chinh phu (thu nghiem)"
        common-name: "Co quan chung thuc so chuyen dung Chinh phu (RootCA thu nghiem)"
      ca-g1:
        organization-name: "Ban Co yeu Chinh phu (thu nghiem)"
        common-name: "Co quan chung thuc so Chinh phu (thu nghiem)"
      rogue-root:
        organization-name: "Tổ chức tự phong"
        common-name: "Root CA tự phong (không tin cậy)"
{signer_entities}
    certs:
      root-g2:
        subject: root-g2
        issuer: root-g2
        validity: {{valid-from: "2015-01-01T00:00:00+0000", valid-to: "2048-01-01T00:00:00+0000"}}
        extensions:
          - {{id: basic_constraints, critical: true, value: {{ca: true}}}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [key_cert_sign, crl_sign]}}
      ca-g2:
        issuer: root-g2
        validity: {{valid-from: "2015-01-01T00:00:00+0000", valid-to: "2048-01-01T00:00:00+0000"}}
        extensions:
          - {{id: basic_constraints, critical: true, value: {{ca: true, path-len-constraint: 0}}}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [key_cert_sign, crl_sign]}}
          - id: crl_distribution_points
            smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [root-g2]}}}}
      ca-g2-ocsp:
        issuer: ca-g2
        validity: {{valid-from: "2015-01-01T00:00:00+0000", valid-to: "2048-01-01T00:00:00+0000"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature]}}
          - {{id: extended_key_usage, critical: true, value: [ocsp_signing]}}
          - {{id: ocsp_no_check}}
      tsa-g2:
        issuer: root-g2
        validity: {{valid-from: "2015-01-01T00:00:00+0000", valid-to: "2048-01-01T00:00:00+0000"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature]}}
          - {{id: extended_key_usage, critical: true, value: [time_stamping]}}
          - id: crl_distribution_points
            smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [root-g2]}}}}
      root-g1:
        subject: root-g1
        issuer: root-g1
        digest-algo: sha1
        validity: {{valid-from: "2010-03-10T00:00:00+0000", valid-to: "2048-01-01T00:00:00+0000"}}
        extensions:
          - {{id: basic_constraints, critical: true, value: {{ca: true}}}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [key_cert_sign, crl_sign]}}
      ca-g1:
        issuer: root-g1
        digest-algo: sha1
        validity: {{valid-from: "2010-03-25T00:00:00+0000", valid-to: "2048-01-01T00:00:00+0000"}}
        extensions:
          - {{id: basic_constraints, critical: true, value: {{ca: true, path-len-constraint: 0}}}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [key_cert_sign, crl_sign]}}
          - id: crl_distribution_points
            smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [root-g1]}}}}
      ca-g1-2016:
        subject: ca-g1
        subject-key: ca-g1-2016
        issuer: root-g1
        validity: {{valid-from: "2016-01-01T00:00:00+0000", valid-to: "2048-01-01T00:00:00+0000"}}
        extensions:
          - {{id: basic_constraints, critical: true, value: {{ca: true, path-len-constraint: 0}}}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [key_cert_sign, crl_sign]}}
          - id: crl_distribution_points
            smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [root-g1]}}}}
      rogue-root:
        subject: rogue-root
        issuer: rogue-root
        validity: {{valid-from: "2015-01-01T00:00:00+0000", valid-to: "2048-01-01T00:00:00+0000"}}
        extensions:
          - {{id: basic_constraints, critical: true, value: {{ca: true}}}}
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [key_cert_sign, crl_sign]}}
      official:
        issuer: ca-g2
        validity: {{valid-from: "2024-01-01T00:00:00+0000", valid-to: "2045-01-01T00:00:00+0000"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, non_repudiation]}}
          - id: crl_distribution_points
            smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [ca-g2]}}}}
          - id: authority_information_access
            smart-value: {{schema: aia-urls, params: {{ocsp-responder-names: [ca-g2]}}}}
      deputy: {{template: official, subject: deputy, subject-key: deputy}}
      org: {{template: official, subject: org, subject-key: org}}
      revoked-ocsp:
        template: official
        subject: revoked-ocsp
        subject-key: revoked-ocsp
        revocation: {{revoked-since: "{revoked_since}", reason: key_compromise}}
      revoked-crl:
        issuer: ca-g2
        subject: revoked-crl
        subject-key: revoked-crl
        validity: {{valid-from: "2024-01-01T00:00:00+0000", valid-to: "2045-01-01T00:00:00+0000"}}
        revocation: {{revoked-since: "{revoked_since}", reason: key_compromise}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, non_repudiation]}}
          - id: crl_distribution_points
            smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [ca-g2]}}}}
      expired:
        template: official
        subject: expired
        subject-key: expired
        validity: {{valid-from: "2019-01-01T00:00:00+0000", valid-to: "2021-01-01T00:00:00+0000"}}
      g1-signer:
        issuer: ca-g1
        issuer-cert: ca-g1
        validity: {{valid-from: "2018-01-01T00:00:00+0000", valid-to: "2045-01-01T00:00:00+0000"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, non_repudiation]}}
          - id: crl_distribution_points
            smart-value: {{schema: crl-dist-url, params: {{crl-repo-names: [ca-g1]}}}}
      old-tax:
        issuer: ca-g1
        issuer-cert: ca-g1
        digest-algo: sha1
        validity: {{valid-from: "2012-01-01T00:00:00+0000", valid-to: "2045-01-01T00:00:00+0000"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, non_repudiation]}}
      g1-renewed:
        issuer: ca-g1
        issuer-cert: ca-g1-2016
        authority-key: ca-g1-2016
        validity: {{valid-from: "2018-01-01T00:00:00+0000", valid-to: "2045-01-01T00:00:00+0000"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, non_repudiation]}}
      rogue:
        issuer: rogue-root
        validity: {{valid-from: "2024-01-01T00:00:00+0000", valid-to: "2045-01-01T00:00:00+0000"}}
        extensions:
          - id: key_usage
            critical: true
            smart-value: {{schema: key-usage, params: [digital_signature, non_repudiation]}}
    services:
      ocsp:
        ca-g2: {{for-issuer: ca-g2, responder-cert: ca-g2-ocsp, signing-key: ca-g2-ocsp}}
      crl-repo:
        root-g2: {{for-issuer: root-g2, signing-key: root-g2, simulated-update-schedule: "P90D"}}
        ca-g2: {{for-issuer: ca-g2, signing-key: ca-g2, simulated-update-schedule: "P7D"}}
        root-g1: {{for-issuer: root-g1, signing-key: root-g1, simulated-update-schedule: "P90D"}}
        ca-g1: {{for-issuer: ca-g1, issuer-cert: ca-g1, signing-key: ca-g1, simulated-update-schedule: "P30D"}}
      time-stamping:
        tsa-g2: {{signing-key: tsa-g2, signing-cert: tsa-g2}}
"""


_KEYS: dict[bytes, Any] = {}


@contextmanager
def fast_keys() -> Iterator[None]:
    """Load each (test) private key once: cryptography checks an RSA key on every load,
    ~45 ms, and certomancer and pyHanko load the key for every signature."""
    from cryptography.hazmat.primitives import serialization

    real = serialization.load_der_private_key

    def cached(data: bytes, password: bytes | None = None, *args: Any, **kwargs: Any) -> Any:
        if password is not None:
            return real(data, password, *args, **kwargs)
        key = bytes(data)
        if key not in _KEYS:
            _KEYS[key] = real(key, None, unsafe_skip_rsa_key_validation=True)
        return _KEYS[key]

    serialization.load_der_private_key = cached
    try:
        yield
    finally:
        serialization.load_der_private_key = real


def _yaml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_config(base: Path, port: int) -> Path:
    keys = base / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    bits = {label: 2048 for label in CA_KEYS} | {k: v[3] for k, v in SIGNERS.items()}
    for label, size in bits.items():
        if not (keys / f"{label}.key.pem").exists():
            write_key(keys / f"{label}.key.pem", size)
    keys_list = "\n".join(f"      {k}: {{path: {k}.key.pem}}" for k in bits)
    entities = []
    for label, (cn, org, uid, _) in SIGNERS.items():
        entities.append(f"      {label}:")
        entities.append(f"        organization-name: {_yaml_text(org)}")
        entities.append(f"        common-name: {_yaml_text(cn)}")
        if uid:
            entities.append(f"        user-id: {_yaml_text(uid)}")
    text = YAML_HEAD.format(
        port=port,
        keys=keys,
        keys_list=keys_list,
        signer_entities="\n".join(entities),
        revoked_since=REVOKED_SINCE.strftime("%Y-%m-%dT%H:%M:%S+0000"),
    )
    path = base / "field-pki.yml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------------------ the PKI ---


@dataclass
class FieldPki:
    base: Path
    config_path: Path
    server: CertoServer
    _certs: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def arch(self):  # certomancer PKIArchitecture
        from certomancer.registry import ArchLabel, CertomancerConfig

        return CertomancerConfig.from_file(str(self.config_path)).get_pki_arch(ArchLabel(ARCH))

    def cert(self, label: str):
        from certomancer.registry import CertLabel

        if label not in self._certs:
            with fast_keys():
                self._certs[label] = self.arch.get_cert(CertLabel(label))
        return self._certs[label]

    def der(self, label: str) -> bytes:
        return self.cert(label).dump()

    def key(self, label: str):
        from certomancer.registry import KeyLabel

        return self.arch.key_set.get_private_key(KeyLabel(label))

    def write_cert(self, label: str, folder: Path, pem: bool = False) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        if pem:
            from asn1crypto import pem as asn1pem

            path = folder / f"{label}.pem"
            path.write_bytes(asn1pem.armor("CERTIFICATE", self.der(label)))
        else:
            path = folder / f"{label}.cer"
            path.write_bytes(self.der(label))
        return path

    def document(self) -> bytes:
        """The unsigned one-page decision every test document starts from."""
        from tests.signing.field_docs import document

        return document(self)

    def pdf(self, name: str) -> bytes:
        """A signed document of the catalogue in tests/signing/field_docs.py, made once per
        PKI."""
        from tests.signing.field_docs import recipes

        key = f"pdf:{name}"
        if key not in self._certs:
            self._certs[key] = recipes(self)[name]()
        return self._certs[key]

    def issuer_of(self, label: str) -> str:
        """The label of the certificate that issued ``label``."""
        return str(self.arch.get_cert_spec(_cl(label)).resolve_issuer_cert(self.arch))

    def chain(self, label: str) -> list[Any]:
        """The CA certificates above a signer, without the root."""
        above = self.issuer_of(label)
        return [self.cert(above)] if above in ("ca-g2", "ca-g1", "ca-g1-2016") else []

    # -- revocation data and timestamps "at" a moment, in process ---------------------------

    def crl(self, repo: str, at: dt.datetime):
        from certomancer.registry import ServiceLabel

        key = f"crl:{repo}:{at.isoformat()}"
        if key not in self._certs:
            with fast_keys():
                self._certs[key] = self.arch.service_registry.get_crl(
                    ServiceLabel(repo), at_time=at
                )
        return self._certs[key]

    def ocsp(self, label: str, at: dt.datetime):
        from asn1crypto import ocsp
        from certomancer.registry import ServiceLabel

        from signing.revocation import ocsp_request

        cert = self.cert(label)
        issuer = self.cert(self.issuer_of(label))
        responder = self.arch.service_registry.summon_responder(ServiceLabel("ca-g2"), at)
        req = ocsp.OCSPRequest.load(ocsp_request(cert, issuer))
        with fast_keys():
            return responder.build_ocsp_response(req)

    def local_fetch(self, url: str, body: bytes | None, content_type: str | None) -> bytes:
        """What the server would answer to ``url``, computed in this process (no socket),
        through certomancer's own WSGI application."""
        from certomancer.integrations.animator import Animator, AnimatorArchStore
        from certomancer.registry import ArchLabel
        from werkzeug.test import Client

        from signing.revocation import FetchFailed

        if not url.startswith(self.server.url + "/"):
            raise FetchFailed(url, "not this PKI")
        client = Client(
            Animator(AnimatorArchStore({ArchLabel(ARCH): self.arch}), with_web_ui=False)
        )
        path = url[len(self.server.url) :]
        with fast_keys():
            if body is None:
                response = client.get(path)
            else:
                response = client.post(path, data=body, content_type=content_type or "")
        if response.status_code != 200:
            raise FetchFailed(url, f"HTTP {response.status_code}")
        return response.get_data()

    def timestamper(self, at: dt.datetime | None = None, *, online: bool = False):
        if online:
            from pyhanko.sign.timestamps.requests_client import HTTPTimeStamper

            return HTTPTimeStamper(f"{self.server.url}/{ARCH}/tsa/tsa-g2", timeout=10)
        from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

        return DummyTimeStamper(
            tsa_cert=self.cert("tsa-g2"), tsa_key=self.key("tsa-g2"), fixed_dt=at or utc_now()
        )

    def validation_context(self, label: str, at: dt.datetime | None, online: bool):
        """What a signer's software knows at signing time (for B-LT / B-LTA)."""
        from pyhanko_certvalidator import ValidationContext
        from pyhanko_certvalidator.policy_decl import AcceptAllAlgorithms

        roots = [self.cert("root-g2"), self.cert("root-g1")]
        others = [self.cert(c) for c in ("ca-g2", "ca-g1", "ca-g1-2016", "tsa-g2")]
        if online:
            from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

            return ValidationContext(
                trust_roots=roots, other_certs=others, allow_fetching=True,
                algorithm_usage_policy=AcceptAllAlgorithms(),
                fetcher_backend=RequestsFetcherBackend(per_request_timeout=10),
            )  # fmt: skip
        at = at or utc_now()
        repos = ("root-g2", "ca-g2") if self.issuer_of(label) == "ca-g2" else ("root-g1", "ca-g1")
        if self.issuer_of(label) == "ca-g1-2016":
            repos = ("root-g1",)
        crls = [self.crl(repo, at) for repo in repos]
        ocsps = [self.ocsp(label, at)] if label in ("official", "deputy", "org", "expired") else []
        return ValidationContext(
            trust_roots=roots, other_certs=others, crls=crls, ocsps=ocsps, moment=at,
            retroactive_revinfo=True, algorithm_usage_policy=AcceptAllAlgorithms(),
        )  # fmt: skip


def utc_now() -> dt.datetime:
    return dt.datetime.now(UTC).replace(microsecond=0)


def _cl(label: str):
    from certomancer.registry import CertLabel

    return CertLabel(label)


def trust_for(pki: FieldPki, *, intermediates: bool = True, generations: bool = True):
    """The test trust store: the two test roots, and (as the bundled store does for the real
    ones) their intermediates, both generations of the G1 one unless ``generations`` is
    False."""
    from asn1crypto import x509

    from signing.trust import TrustStore

    def parsed(label: str) -> Any:  # as read from a file, like the real store's
        return x509.Certificate.load(pki.der(label))

    roots = [parsed("root-g2"), parsed("root-g1")]
    middle = [parsed("ca-g2"), parsed("ca-g1")] if intermediates else []
    if intermediates and generations:
        middle.append(parsed("ca-g1-2016"))
    return TrustStore.from_certs(roots, middle)


def fill_cache(pki: FieldPki, cache: Any, at: dt.datetime | None = None) -> None:
    """Put into ``cache`` what a refresh at ``at`` would have fetched: every CA's CRL."""
    from signing.revocation import RevInfo

    at = at or utc_now()
    for repo in ("root-g2", "ca-g2", "root-g1", "ca-g1"):
        der = pki.crl(repo, at).dump()
        url = f"{pki.server.url}/{ARCH}/crls/{repo}/latest.crl"
        info = RevInfo.parse("crl", der, "cache", url, at)
        assert info is not None
        cache.put(info)


# ---------------------------------------------------------------------------- fixtures ---

_SHARED: dict[str, FieldPki] = {}


def build_field_pki(base: Path) -> FieldPki:
    base.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = write_config(base, port)
    server = CertoServer(config, port, base / "certomancer.log")
    atexit.register(server.stop)
    return FieldPki(base, config, server)


def shared_pki(tmp_factory: pytest.TempPathFactory) -> FieldPki:
    if "pki" not in _SHARED:
        _SHARED["pki"] = build_field_pki(tmp_factory.mktemp("field-pki"))
    return _SHARED["pki"]


@pytest.fixture(scope="session")
def field_pki(tmp_path_factory: pytest.TempPathFactory):
    """The test PKI; its server is started at once in the background (it takes seconds) and
    killed at the end of the session."""
    pki = shared_pki(tmp_path_factory)
    pki.server.start(wait=False)
    yield pki
    pki.server.stop()


@pytest.fixture
def certo(field_pki: FieldPki):
    """The certomancer server, running. A test may stop it to check what works offline;
    it is started again (in the background) afterwards."""
    field_pki.server.start()
    yield field_pki.server
    field_pki.server.start(wait=False)


@pytest.fixture
def offline(field_pki: FieldPki):
    """The certomancer server stopped: nothing answers on its port."""
    field_pki.server.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", field_pki.server.port), timeout=0.5).close()
    yield
    field_pki.server.start(wait=False)


@pytest.fixture(autouse=False)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Any connection to a non-loopback address fails the test (the NETWORK RULE)."""
    seen: list[tuple[str, int]] = []
    real = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if isinstance(address, tuple):
            host = str(address[0])
            seen.append((host, int(address[1])))
            if host not in ("127.0.0.1", "::1", "localhost"):
                raise AssertionError(f"network access outside loopback: {address}")
        return real(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return seen
