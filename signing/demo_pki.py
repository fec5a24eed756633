"""The demo's test tokens and test PKI, inside the demo workspace (``vanthu demo``):

- ``<home>/tokens/softhsm2.conf`` and its token folder: two SoftHSM2 tokens, the official's
  ("VanThu Demo Official") and the organisation's ("VanThu Demo Org"), PINs from
  app/demo_tokens.py; each key pair generated on its token (never extractable);
- the second organisation's token ("VanThu Demo Peer": its director's key and the
  organisation's), in the peer workspace's own token folder (``<home>/peer/tokens``, its own
  ``softhsm2.conf``): the demo office's token list shows only its own two. SoftHSM reads its
  configuration once per process, so that token is made by a child process
  (``python -m signing.demo_pki peer-token``), in parallel with ours;
- ``<home>/pki/``: a certomancer configuration mirroring the Government CA (a root, the issuing
  CA for state bodies, an OCSP responder, a time-stamping authority), its software keys, and
  the signers' certificates issued for the tokens' public keys, put on the tokens;
- the workspaces trust the test root (their trust stores) and keep the CAs' CRLs in their
  revocation caches, so that signatures verify offline, without a certomancer server.

Each workspace's settings ``softhsm_conf`` and ``pkcs11_modules`` say where its tokens are
(signing/workspace_tokens.py). certomancer is needed here only (the ``test`` extra that
``make run`` installs)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.demo_tokens import (
    DEMO_PINS,
    DEMO_SO_PINS,
    OFFICIAL_TOKEN,
    ORG_TOKEN,
    PEER_KEYS,
    PEER_TOKEN,
)
from app.errors import InvalidInput
from signing.modules import find_modules
from signing.workspace_tokens import ENV_SOFTHSM, use_workspace_tokens

ARCH = "vn"
KEY_IDS = {OFFICIAL_TOKEN: b"\x01", ORG_TOKEN: b"\x0a"}
CERT_LABELS = {OFFICIAL_TOKEN: "Chứng thư số cá nhân", ORG_TOKEN: "Chứng thư số tổ chức"}
INTERM_LABEL = "CA phục vụ các cơ quan (demo)"
ENTITIES = {OFFICIAL_TOKEN: "official", ORG_TOKEN: "org"}
PEER_ENTITIES = {"official": "peer-official", "org": "peer-org"}  # PEER_KEYS' roles


@dataclass(frozen=True)
class DemoPeer:
    """The second organisation: its workspace folder (it exists already), its name and its
    director's, for their certificates."""

    home: Path
    organisation: str
    official: str


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
{public_keys}pki-architectures:
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
{people}    certs:
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


PUBLIC_KEY = """      {name}: {{path: {name}.pub.pem, public-only: true}}
"""
PERSON = """      {name}:
        organization-name: "{org}"
        locality-name: "{place}"
        common-name: "{common}"
"""


def _make_key(lib: Any, label: str, key_id: bytes) -> bytes:
    """A key pair generated on the token (sensitive, never extractable); its public half."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pkcs11 import Attribute, KeyType

    with lib.get_token(token_label=label).open(rw=True, user_pin=DEMO_PINS[label]) as s:
        public, _ = s.generate_keypair(
            KeyType.RSA, 2048, id=key_id, label="khoa-ky-so", store=True,
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


def _token_folder(folder: Path) -> Path:
    """A SoftHSM2 configuration of its own for the tokens in ``folder``; its path."""
    (folder / "store").mkdir(parents=True, exist_ok=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'store'}\nobjectstore.backend = file\n"
        "log.level = ERROR\nslots.removable = false\n",
        encoding="utf-8",
    )
    return conf


def _init_token(conf: Path, label: str) -> None:
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", label,
         "--so-pin", DEMO_SO_PINS[label], "--pin", DEMO_PINS[label]],
        check=True, capture_output=True, env={**os.environ, ENV_SOFTHSM: str(conf)},
    )  # fmt: skip


def _make_pki(
    ws: Any, conf: Path, module: str, place: str, people: list[tuple[str, str, str]],
    maker: PeerTokenMaker | None, peer: DemoPeer | None,
) -> tuple[Path, Any]:  # fmt: skip
    """Our tokens and keys, the PKI's keys and certificates, the certificates on the tokens
    (the peer's by ``maker``), and the workspaces made to trust it."""
    from signing.tokens import TokenModule

    home = Path(ws.paths.home).resolve()
    for label in (OFFICIAL_TOKEN, ORG_TOKEN):
        _init_token(conf, label)
    handle = TokenModule.of(module)
    handle.tokens(refresh=True)  # the library sees the tokens made by softhsm2-util
    public = {
        ENTITIES[label]: handle.run(_make_key, label, KEY_IDS[label])
        for label in (OFFICIAL_TOKEN, ORG_TOKEN)
    }
    if maker is not None:
        public |= {PEER_ENTITIES[role]: pem for role, pem in maker.public_keys().items()}

    pki = home / "pki"
    keys = pki / "keys"
    keys.mkdir(parents=True, exist_ok=True)
    for name in ("root", "interm", "interm-ocsp", "tsa"):
        _write_key(keys / f"{name}.key.pem")
    for name, pem in public.items():
        (keys / f"{name}.pub.pem").write_bytes(pem)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    ee_from, ee_to = _when(now - dt.timedelta(days=30)), _when(now + dt.timedelta(days=3 * 365))
    signers = "".join(SIGNER.format(label=n, ee_from=ee_from, ee_to=ee_to) for n, _, _ in people)
    config = pki / "demo-pki.yml"
    config.write_text(
        YAML.format(
            port=free_port(), keys=keys, signers=signers,
            public_keys="".join(PUBLIC_KEY.format(name=n) for n, _, _ in people),
            people="".join(PERSON.format(name=n, org=o, place=place, common=c)
                           for n, o, c in people),
            ca_from=_when(now - dt.timedelta(days=5 * 365)),
            ca_to=_when(now + dt.timedelta(days=20 * 365)),
        ),
        encoding="utf-8",
    )  # fmt: skip
    arch = load_arch(config)
    interm = arch.get_cert("interm").dump()
    for label in (OFFICIAL_TOKEN, ORG_TOKEN):
        der = arch.get_cert(ENTITIES[label]).dump()
        handle.run(_put_certificate, label, der, KEY_IDS[label], CERT_LABELS[label])
        handle.run(_put_certificate, label, interm, b"\xcb", INTERM_LABEL)
    homes = [home]
    if maker is not None and peer is not None:
        maker.finish({role: arch.get_cert(PEER_ENTITIES[role]).dump() for role in PEER_KEYS},
                     interm)  # fmt: skip
        homes.append(Path(peer.home))
    trust_demo_pki(homes, config, arch)
    return config, arch


def make_demo_tokens(
    ws: Any, official: str, *, place: str = "Đắk Lắk", peer: DemoPeer | None = None
) -> DemoTokens:
    """Create the demo tokens and the test PKI in the workspace ``ws`` (see the module
    docstring); ``official`` is the name on the official's certificate; ``peer``: the second
    organisation, whose token is made in its workspace, and which trusts the same PKI. Must
    run before SoftHSM is loaded in this process (it sets ``SOFTHSM2_CONF``)."""
    from app.workspace import Workspace

    home = Path(ws.paths.home).resolve()  # SoftHSM's paths must not depend on the cwd
    module = softhsm_module()
    conf = _token_folder(home / "tokens")
    ws.set_settings(
        {"softhsm_conf": str(conf), "pkcs11_modules": json.dumps([module])},
        demo_tokens=[OFFICIAL_TOKEN, ORG_TOKEN],
    )
    applied = use_workspace_tokens(ws)
    if not applied.applied:  # pragma: no cover - a caller that loaded SoftHSM first
        raise RuntimeError("SoftHSM was loaded before the demo tokens were made")
    maker = None
    people = [("official", ws.organisation.name, official),
              ("org", ws.organisation.name, ws.organisation.name)]  # fmt: skip
    if peer is not None:
        peer_conf = _token_folder(Path(peer.home).resolve() / "tokens")
        with Workspace(peer.home) as other:
            other.set_settings(
                {"softhsm_conf": str(peer_conf), "pkcs11_modules": json.dumps([module])},
                demo_tokens=[PEER_TOKEN],
            )
        maker = PeerTokenMaker(module, peer_conf)  # its keys made while ours are
        people += [(PEER_ENTITIES["official"], peer.organisation, peer.official),
                   (PEER_ENTITIES["org"], peer.organisation, peer.organisation)]  # fmt: skip
    try:
        config, arch = _make_pki(ws, conf, module, place, people, maker, peer)
    finally:
        if maker is not None:
            maker.stop()  # a make that failed leaves no process behind
    cka_ids = {label: KEY_IDS[label].hex() for label in KEY_IDS}
    return DemoTokens(module, conf, config, arch.get_cert("root").dump(), cka_ids, arch)


# -- the second organisation's token, made by a process of its own -------------------------


class PeerTokenMaker:
    """``python -m signing.demo_pki peer-token``, started at once: it makes the token and its
    key pairs (SoftHSM configured with ``conf``), prints their public halves as one JSON line,
    then reads the certificates as one JSON line, puts them on the token and ends."""

    def __init__(self, module: str, conf: Path) -> None:
        root = str(Path(__file__).resolve().parents[1])
        env = {**os.environ, ENV_SOFTHSM: str(conf)}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "signing.demo_pki", "peer-token", module],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()

    def _failed(self) -> RuntimeError:
        self.process.kill()
        _, err = self.process.communicate()
        tail = err.decode("utf-8", "replace").strip()[-500:]
        return RuntimeError(f"the peer's demo token was not made: {tail}")

    def public_keys(self) -> dict[str, bytes]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        try:
            return {role: pem.encode() for role, pem in json.loads(line).items()}
        except ValueError:
            raise self._failed() from None

    def finish(self, certificates: dict[str, bytes], interm: bytes) -> None:
        data = {role: der.hex() for role, der in certificates.items()} | {"interm": interm.hex()}
        out, _ = self.process.communicate((json.dumps(data) + "\n").encode(), timeout=120)
        if self.process.returncode != 0 or out.strip() != b"ok":
            raise self._failed()


def _peer_token(module: str) -> int:
    """The child's side of ``PeerTokenMaker`` (SOFTHSM2_CONF set by the parent)."""
    import pkcs11

    _init_token(Path(os.environ[ENV_SOFTHSM]), PEER_TOKEN)
    lib = pkcs11.lib(module)
    keys = {role: bytes.fromhex(cka_id) for role, cka_id in PEER_KEYS.items()}
    public = {role: _make_key(lib, PEER_TOKEN, key_id).decode() for role, key_id in keys.items()}
    print(json.dumps(public), flush=True)
    data = json.loads(sys.stdin.readline())
    for role, key_id in keys.items():
        name = CERT_LABELS[OFFICIAL_TOKEN if role == "official" else ORG_TOKEN]
        _put_certificate(lib, PEER_TOKEN, bytes.fromhex(data[role]), key_id, name)
    _put_certificate(lib, PEER_TOKEN, bytes.fromhex(data["interm"]), b"\xcb", INTERM_LABEL)
    print("ok", flush=True)
    return 0


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


if __name__ == "__main__":
    if sys.argv[1:2] != ["peer-token"] or len(sys.argv) != 3:
        sys.exit("usage: python -m signing.demo_pki peer-token MODULE")
    sys.exit(_peer_token(sys.argv[2]))


__all__ = [
    "DemoPeer",
    "DemoTokens",
    "load_arch",
    "make_demo_tokens",
    "softhsm_module",
    "trust_demo_pki",
]
