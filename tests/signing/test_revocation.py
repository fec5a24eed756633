"""Revocation data: OCSP requests, the workspace cache, and ``refresh`` against the
certomancer services on 127.0.0.1 (and with them stopped)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from asn1crypto import ocsp

from signing.revocation import (
    FetchFailed,
    RevInfo,
    RevocationCache,
    crl_urls,
    http_fetch,
    ocsp_request,
    ocsp_urls,
    refresh,
)
from tests.signing.field_pki import ARCH, FieldPki

pytest_plugins = ["tests.signing.field_pki"]  # field_pki, certo, offline, loopback_only

pytestmark = pytest.mark.usefixtures("loopback_only")
NOW = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


def test_urls_come_from_the_certificates(field_pki: FieldPki):
    official = field_pki.cert("official")
    base = field_pki.server.url
    assert ocsp_urls(official) == [f"{base}/{ARCH}/ocsp/ca-g2"]
    assert crl_urls(official) == [f"{base}/{ARCH}/crls/ca-g2/latest.crl"]
    assert ocsp_urls(field_pki.cert("revoked-crl")) == []
    assert crl_urls(field_pki.cert("root-g2")) == []


def test_an_ocsp_request_is_answered_about_that_certificate_only(field_pki: FieldPki):
    request = ocsp.OCSPRequest.load(
        ocsp_request(field_pki.cert("official"), field_pki.cert("ca-g2"))
    )
    assert request["tbs_request"]["request_list"][0]["req_cert"]["serial_number"].native == (
        field_pki.cert("official").serial_number
    )
    answer = field_pki.ocsp("revoked-ocsp", NOW)
    info = RevInfo.parse("ocsp", answer.dump(), "network", "http://127.0.0.1/x", NOW)
    assert info is not None and info.status == "revoked"
    assert info.covers(field_pki.cert("revoked-ocsp"))
    assert not info.covers(field_pki.cert("official"))
    assert info.checked_at == NOW and info.produced_at == NOW


def test_garbage_is_not_revocation_data():
    assert RevInfo.parse("crl", b"not a crl", "network") is None
    assert RevInfo.parse("ocsp", b"\x30\x03\x0a\x01\x01", "network") is None  # malformedRequest


def test_the_cache_keeps_data_by_certificate_with_when_and_where(
    field_pki: FieldPki, tmp_path: Path
):
    cache = RevocationCache(tmp_path / "revocation")
    crl = RevInfo.parse(
        "crl", field_pki.crl("ca-g2", NOW).dump(), "network", "http://a/ca.crl", NOW
    )
    answer = field_pki.ocsp("official", NOW).dump()
    ocsp_info = RevInfo.parse("ocsp", answer, "network", "http://a/ocsp", NOW)
    cache.put(crl)
    cache.put(ocsp_info, field_pki.cert("official"))
    found = cache.for_cert(field_pki.cert("official"))
    assert sorted(i.kind for i in found) == ["crl", "ocsp"]
    assert {i.source for i in found} == {"cache"} and {i.fetched_at for i in found} == {NOW}
    assert [i.kind for i in cache.for_cert(field_pki.cert("deputy"))] == ["crl"]  # same CA
    assert cache.for_cert(field_pki.cert("g1-signer")) == []
    meta = json.loads(next((tmp_path / "revocation").glob("crl-*.json")).read_text())
    assert meta["url"] == "http://a/ca.crl" and meta["fetched_at"].startswith("2026-11-20")
    assert not list((tmp_path / "revocation").glob("*.part"))  # written atomically


def test_a_damaged_cache_entry_is_ignored(field_pki: FieldPki, tmp_path: Path):
    cache = RevocationCache(tmp_path / "revocation")
    crl = RevInfo.parse("crl", field_pki.crl("ca-g2", NOW).dump(), "network", "http://a/c", NOW)
    cache.put(crl)
    der = next((tmp_path / "revocation").glob("crl-*.der"))
    der.write_bytes(der.read_bytes()[:-10])  # a pair half-replaced by a crash
    assert cache.for_cert(field_pki.cert("official")) == []
    next((tmp_path / "revocation").glob("crl-*.json")).write_text("{ not json")
    assert cache.entries() == []


def test_only_http_urls_are_fetched():
    for url in ("file:///etc/passwd", "ldap://ca.example/cn=x", "ftp://x/y.crl"):
        with pytest.raises(FetchFailed):
            http_fetch(url)


def test_certificates_seen_in_documents_are_remembered(field_pki: FieldPki, tmp_path: Path):
    cache = RevocationCache(tmp_path / "revocation")
    cache.remember([field_pki.cert("official"), field_pki.cert("official"), field_pki.cert("org")])
    assert sorted(c.subject.native["common_name"] for c in cache.seen_certs()) == [
        "Nguyễn Văn An", "Ủy ban nhân dân tỉnh Đắk Lắk",
    ]  # fmt: skip


def test_refresh_fetches_every_url_of_the_known_certificates(field_pki: FieldPki, tmp_path: Path):
    """The services answer in process here (certomancer's WSGI app); the CLI test does it
    over HTTP with the server running."""
    cache = RevocationCache(tmp_path / "revocation")
    certs = [field_pki.cert(x) for x in ("root-g2", "ca-g2", "official", "revoked-crl")]
    asked: list[str] = []

    def fetch(url: str, body: bytes | None, content_type: str | None) -> bytes:
        asked.append(url)
        return field_pki.local_fetch(url, body, content_type)

    outcomes = refresh(certs, cache, fetch=fetch)
    assert all(o.ok for o in outcomes), [o.as_json() for o in outcomes]
    base = f"{field_pki.server.url}/{ARCH}"
    assert sorted({o.url for o in outcomes}) == [
        f"{base}/crls/ca-g2/latest.crl", f"{base}/crls/root-g2/latest.crl", f"{base}/ocsp/ca-g2",
    ]  # fmt: skip
    assert sorted(asked) == sorted(o.url for o in outcomes)  # only the certificates' URLs
    assert {i.kind for i in cache.for_cert(field_pki.cert("official"))} == {"crl", "ocsp"}
    assert [i.status for i in cache.for_cert(field_pki.cert("official")) if i.kind == "ocsp"] == [
        "good"
    ]


def test_refresh_with_the_services_down_reports_failures_and_keeps_going(
    field_pki: FieldPki, offline: None, tmp_path: Path
):
    cache = RevocationCache(tmp_path / "revocation")
    certs = [field_pki.cert(x) for x in ("ca-g2", "official", "g1-signer", "ca-g1", "root-g1")]
    outcomes = refresh(certs, cache)
    assert outcomes and not any(o.ok for o in outcomes)
    assert len({o.url for o in outcomes}) == len(outcomes)  # each URL tried once
    assert all(o.reason for o in outcomes)
    assert cache.entries() == []
