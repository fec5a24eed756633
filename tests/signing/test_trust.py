"""The trust store: the bundled real certificates (checked against their README), the
workspace's additions and disabled anchors, the empty store the tests rely on."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from asn1crypto import pem, x509

from app.errors import InvalidInput, NotFound
from signing.report import INDETERMINATE, VALID
from signing.revocation import find_issuer
from signing.trust import TrustStore, bundled_folder
from signing.validate import validate_pdf
from tests.signing.field_pki import FieldPki, fill_cache

pytest_plugins = ["tests.signing.field_pki"]  # field_pki, certo, offline, loopback_only

G1_ROOT = "f7bc89054cec7f12730d7b8cd3eb7955b163835087e5eb873edfb584763b3f90"
G2_ROOT = "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8"
NATIONAL_ROOT = "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7"
MIC_ROOT = "ca918d635bb130bec97639e6aabf7edbc4eb1310f8058b9419f467ae0230ad8c"


def names(certs: list[x509.Certificate]) -> set[str]:
    return {c.subject.native["common_name"] for c in certs}


def test_bundled_store_has_the_four_roots_and_their_intermediates():
    store = TrustStore.load(None, bundled=True)
    anchors = {e.fingerprint for e in store.entries if e.anchor}
    assert anchors == {G1_ROOT, G2_ROOT, NATIONAL_ROOT, MIC_ROOT}
    assert {
        "Co quan chung thuc so Chinh phu", "Co quan chung thuc so Dang Cong san",
        "Co quan chung thuc so Bo Cong an", "Co quan chung thuc so Bo Tai chinh",
        "Cơ quan chứng thực số Bộ Ngoại giao", "CA phục vụ các cơ quan Nhà nước G2",
        "CA phục vụ các cơ quan Đảng G2", "VNPT-CA SHA2", "Máy chủ cấp dấu thời gian HL01",
    } <= names(store.intermediates)  # fmt: skip
    assert all(e.origin == "bundled" and e.enabled for e in store.entries)


def test_every_bundled_intermediate_chains_to_a_bundled_root():
    store = TrustStore.load(None, bundled=True)
    pool = store.certificates
    for cert in store.intermediates:
        issuer = find_issuer(cert, pool)
        assert issuer is not None, cert.subject.human_friendly
        assert store.is_anchor(issuer), cert.subject.human_friendly


def test_g1_intermediates_really_are_signed_with_sha1():
    store = TrustStore.load(None, bundled=True)
    g1 = [
        c for c in store.intermediates
        if c.ca and c.issuer.native["common_name"].startswith("Co quan chung thuc so chuyen dung")
    ]  # fmt: skip
    assert len(g1) == 5 and all(c.hash_algo == "sha1" for c in g1)


def test_readme_lists_every_bundled_file_with_its_sha256():
    folder = bundled_folder()
    readme = (folder / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([^`]+)` \|.*\| `([0-9A-F]{64})` \|", readme, flags=re.M))
    files = sorted(p.name for p in folder.glob("*.cer"))
    assert sorted(rows) == files
    for name in files:
        data = (folder / name).read_bytes()
        assert not pem.detect(data)  # DER, as the README says
        assert hashlib.sha256(data).hexdigest().upper() == rows[name], name


def test_the_environment_can_start_from_an_empty_store(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("VANTHU_TRUST_BUNDLED", "0")
    assert TrustStore.load(None).entries == []
    monkeypatch.setenv("VANTHU_TRUST_BUNDLED", "1")
    assert len(TrustStore.load(None).entries) == 25


def test_workspace_adds_and_removes_its_own_certificates(field_pki: FieldPki, tmp_path: Path):
    home = tmp_path / "ws"
    store = TrustStore.load(home, bundled=False)
    bundle = pem.armor("CERTIFICATE", field_pki.der("root-g2")) + pem.armor(
        "CERTIFICATE", field_pki.der("ca-g2")
    )
    added = store.add(bundle, source="certs.pem")
    assert {(e.common_name, e.anchor, e.origin) for e in added} == {
        ("RootCA chuyên dùng Chính phủ G2 (thử nghiệm)", True, "user"),
        ("CA phục vụ các cơ quan Nhà nước (thử nghiệm)", False, "user"),
    }
    again = TrustStore.load(home, bundled=False)
    assert names(again.anchors) == {"RootCA chuyên dùng Chính phủ G2 (thử nghiệm)"}
    assert len(list((home / "trust" / "added").glob("*.cer"))) == 2

    ca = next(e for e in added if not e.anchor)
    removed = again.remove(ca.fingerprint[:10])
    assert removed.origin == "user" and not removed.enabled
    assert names(TrustStore.load(home, bundled=False).certificates) == {
        "RootCA chuyên dùng Chính phủ G2 (thử nghiệm)"
    }


def test_an_intermediate_can_be_made_an_anchor(field_pki: FieldPki, tmp_path: Path):
    store = TrustStore.load(tmp_path / "ws", bundled=False)
    [entry] = store.add(field_pki.der("ca-g2"), anchor=True)
    assert entry.anchor and entry.cert.self_signed == "no"
    data = field_pki.pdf("b-b")
    reloaded = TrustStore.load(tmp_path / "ws", bundled=False)
    [sig] = validate_pdf(data, trust=reloaded).signatures
    assert sig.trusted is True  # the chain stops at the intermediate the user trusts


def test_removing_a_bundled_anchor_disables_it_in_the_workspace_only(tmp_path: Path):
    home = tmp_path / "ws"
    store = TrustStore.load(home, bundled=True)
    entry = store.remove(G1_ROOT[:12])
    assert entry.origin == "bundled" and not entry.enabled
    settings = json.loads((home / "trust" / "trust.json").read_text())
    assert settings["disabled"] == [G1_ROOT]
    reloaded = TrustStore.load(home, bundled=True)
    assert G1_ROOT in {e.fingerprint for e in reloaded.entries}  # still listed
    assert "Co quan chung thuc so chuyen dung Chinh phu (RootCA)" not in names(reloaded.anchors)
    assert len(TrustStore.load(tmp_path / "other", bundled=True).anchors) == 4
    # adding the same certificate back enables it again
    reloaded.add((bundled_folder() / "g1-rootca.cer").read_bytes())
    assert len(TrustStore.load(home, bundled=True).anchors) == 4


def test_a_disabled_anchor_makes_its_signatures_indeterminate(field_pki: FieldPki, tmp_path: Path):
    from signing.revocation import RevocationCache

    home = tmp_path / "ws"
    store = TrustStore.load(home, bundled=False)
    for label in ("root-g2", "ca-g2"):
        store.add(field_pki.der(label))
    cache = RevocationCache(tmp_path / "cache")
    fill_cache(field_pki, cache)
    data = field_pki.pdf("b-t")
    assert validate_pdf(data, trust=store, cache=cache).overall == VALID
    store.remove(hashlib.sha256(field_pki.der("root-g2")).hexdigest())
    [sig] = validate_pdf(data, trust=TrustStore.load(home, bundled=False), cache=cache).signatures
    assert sig.verdict == INDETERMINATE and {f.code for f in sig.findings} >= {"issuer_missing"}
    assert "RootCA chuyên dùng Chính phủ G2 (thử nghiệm)" in sig.reasons("vi")[0]


def test_a_disabled_bundled_root_is_named_as_disabled(field_pki: FieldPki):
    from signing.trust import TrustEntry

    def entry(label: str, enabled: bool, anchor: bool) -> TrustEntry:
        cert = x509.Certificate.load(field_pki.der(label))
        return TrustEntry(cert, hashlib.sha256(cert.dump()).hexdigest(), "bundled", enabled, anchor)

    store = TrustStore([entry("root-g2", False, True), entry("ca-g2", True, False)])
    [sig] = validate_pdf(field_pki.pdf("b-t"), trust=store).signatures
    assert sig.verdict == INDETERMINATE and "issuer_disabled" in {f.code for f in sig.findings}
    assert "RootCA chuyên dùng Chính phủ G2 (thử nghiệm)" in sig.reasons("en")[0]


def test_bad_input_is_refused_with_data(field_pki: FieldPki, tmp_path: Path):
    store = TrustStore.load(tmp_path / "ws", bundled=True)
    with pytest.raises(InvalidInput) as bad:
        store.add(b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    assert bad.value.problem == "not_a_certificate"
    with pytest.raises(InvalidInput):
        store.add(b"\x30\x03\x02\x01\x01")
    with pytest.raises(InvalidInput) as short:
        store.find("abc")
    assert short.value.problem == "malformed"
    with pytest.raises(NotFound):
        store.find("00" * 32)
    with pytest.raises(InvalidInput) as nowhere:
        TrustStore.from_certs([]).add(field_pki.der("root-g2"))
    assert nowhere.value.problem == "unwritable"


def test_issuers_are_found_by_key_identifier_among_generations_of_one_name(field_pki: FieldPki):
    old, new = field_pki.cert("ca-g1"), field_pki.cert("ca-g1-2016")
    assert old.subject == new.subject and old.key_identifier != new.key_identifier
    for pool in ([old, new], [new, old]):
        assert find_issuer(field_pki.cert("g1-renewed"), pool) is new
        assert find_issuer(field_pki.cert("g1-signer"), pool) is old
    assert find_issuer(field_pki.cert("g1-renewed"), [old]) is None  # same name, wrong key


def test_a_signer_under_the_re_keyed_g1_intermediate_is_trusted_when_it_is_bundled(
    field_pki: FieldPki, tmp_path: Path
):
    from signing.revocation import RevocationCache
    from tests.signing.field_pki import trust_for

    cache = RevocationCache(tmp_path / "cache")
    fill_cache(field_pki, cache)
    data = field_pki.pdf("g1-renewed")
    [sig] = validate_pdf(data, trust=trust_for(field_pki), cache=cache).signatures
    assert sig.trusted is True and sig.signer == "Văn phòng Chính phủ"
    [old_only] = validate_pdf(
        data, trust=trust_for(field_pki, generations=False), cache=cache
    ).signatures
    assert old_only.verdict == INDETERMINATE and not old_only.trusted
    [missing] = [f for f in old_only.findings if f.code == "issuer_missing"]
    wanted = field_pki.cert("ca-g1-2016").key_identifier.hex().upper()
    assert missing.data["key_id"].replace(":", "") == wanted
    assert missing.data["issuer"] == "Co quan chung thuc so Chinh phu (thu nghiem)"
