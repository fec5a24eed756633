"""What one validation knows: the trust store, the PDF's own validation data (DSS and the
Adobe revocation attribute), the workspace cache, and what it fetched online, each piece
labelled with its source. It builds pyHanko validation contexts from that, and says from where
and as of when a certificate's revocation status was known.

Algorithm policy: certificate chains may use SHA-1 (the G1 Government CA signed its
intermediates with it; reported as a warning), never MD2/MD5. The document signature and its
timestamp follow the strict policy (no SHA-1, RSA ≥ 2048), see ``CMS_POLICY``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from asn1crypto import x509
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import DisallowWeakAlgorithmsPolicy

from app.errors import AppError
from signing.report import Finding, RevocationCheck
from signing.revocation import (
    Fetch,
    FetchFailed,
    RevInfo,
    RevocationCache,
    chain_of,
    common_name,
    crl_urls,
    fetch_crl,
    fetch_ocsp,
    find_issuer,
    fingerprint,
    is_self_signed,
    key_id_text,
    ocsp_urls,
    reaches_anchor,
)
from signing.trust import TrustStore

CHAIN_POLICY = DisallowWeakAlgorithmsPolicy(weak_hash_algos=frozenset({"md2", "md5"}))


def cms_policy() -> Any:
    from pyhanko.sign.validation.utils import CMSAlgorithmUsagePolicy

    return CMSAlgorithmUsagePolicy.lift_policy(DisallowWeakAlgorithmsPolicy())


class Evidence:
    def __init__(
        self,
        trust: TrustStore,
        cache: RevocationCache | None,
        *,
        online: bool,
        now: dt.datetime,
        fetch: Fetch,
    ) -> None:
        self.trust = trust
        self.cache = cache
        self.online = online
        self.now = now
        self.fetch = fetch
        self.infos: dict[bytes, RevInfo] = {}
        self.embedded_certs: list[x509.Certificate] = []
        self.failures: list[FetchFailed] = []
        self._fetched: set[str] = set()
        self._gathered: set[bytes] = set()
        self._contexts: dict[dt.datetime, ValidationContext] = {}
        self.timestamp_revisions: list[int] = []  # revisions of the document timestamps
        # (revision, time) of the document timestamps found intact and trusted
        self.proofs: list[tuple[int, dt.datetime]] = []

    # -- collecting -------------------------------------------------------------------------

    def add(self, info: RevInfo | None) -> None:
        if info is None:
            return
        known = self.infos.get(info.der)
        if known is None or (info.source == "network" and known.source != "network"):
            self.infos[info.der] = info
            self._contexts.clear()

    def add_certs(self, certs: list[x509.Certificate]) -> None:
        known = {c.dump() for c in self.embedded_certs}
        for cert in certs:
            if cert.dump() not in known:
                known.add(cert.dump())
                self.embedded_certs.append(cert)
                self._contexts.clear()

    def pool(self) -> list[x509.Certificate]:
        return [*self.trust.certificates, *self.embedded_certs]

    def gather(self, cert: x509.Certificate) -> None:
        """Load what the cache knows about ``cert`` and its chain; online, fetch an OCSP
        answer for each (or the CRL when there is no OCSP service or it failed)."""
        pool = self.pool()
        fetch = self.online and reaches_anchor(cert, pool, self.trust.is_anchor)
        for subject, issuer in chain_of(cert, pool):
            key = subject.dump()
            if key in self._gathered:
                continue
            self._gathered.add(key)
            if self.trust.is_anchor(subject):
                break
            if self.cache is not None:
                for info in self.cache.for_cert(subject):
                    self.add(info)
            if fetch:
                self._fetch_for(subject, issuer)

    def _fetch_for(self, cert: x509.Certificate, issuer: x509.Certificate | None) -> None:
        if issuer is not None:
            for url in ocsp_urls(cert):
                try:
                    info = fetch_ocsp(cert, issuer, url, self.fetch, self.now)
                except FetchFailed as exc:
                    self.failures.append(exc)
                    continue
                self._keep(info, cert)
                return
        fresh_crl = any(
            i.kind == "crl" and i.covers(cert) and i.usable_at(self.now)
            for i in self.infos.values()
        )
        if fresh_crl:
            return
        for url in crl_urls(cert):
            if url in self._fetched:
                continue
            self._fetched.add(url)
            try:
                info = fetch_crl(url, self.fetch, self.now)
            except FetchFailed as exc:
                self.failures.append(exc)
                continue
            self._keep(info, None)
            return

    def _keep(self, info: RevInfo, cert: x509.Certificate | None) -> None:
        self.add(info)
        if self.cache is not None:
            with contextlib.suppress(OSError, AppError):  # a full disk is not a verdict
                self.cache.put(info, cert)

    def remember(self, certs: list[x509.Certificate]) -> None:
        if self.cache is None:
            return
        with contextlib.suppress(OSError, AppError):
            self.cache.remember(c for c in certs if not self.trust.is_anchor(c))

    # -- using ------------------------------------------------------------------------------

    def context(self, moment: dt.datetime) -> ValidationContext:
        """A validation context at ``moment`` (the time a timestamp proves, or now)."""
        vc = self._contexts.get(moment)
        if vc is None:
            infos = list(self.infos.values())
            # Out-of-date data is left out: it counts as no data (a warning naming its
            # date), not as a failed check that would make every verdict indeterminate.
            usable = [i for i in infos if i.usable_at(moment)]
            vc = ValidationContext(
                trust_roots=self.trust.anchors,
                other_certs=[*self.trust.intermediates, *self.embedded_certs],
                crls=[i.parsed for i in usable if i.kind == "crl"],
                ocsps=[i.parsed for i in usable if i.kind == "ocsp"],
                moment=moment,
                retroactive_revinfo=True,
                revocation_mode="soft-fail",
                allow_fetching=False,
                algorithm_usage_policy=CHAIN_POLICY,
            )
            self._contexts[moment] = vc
        return vc

    def chain_gap(self, cert: x509.Certificate) -> Finding | None:
        """Why ``cert`` does not chain to an anchor, in words a clerk can act on: the
        issuing CA whose certificate is missing (its name and key identifier), or the root
        that is not trusted; None when the chain reaches an anchor (the problem is
        elsewhere)."""
        if self.trust.is_anchor(cert):
            return None
        if is_self_signed(cert):
            return Finding("untrusted_root", "indeterminate", {"root": common_name(cert.subject)})
        pairs = chain_of(cert, self.pool())
        if not pairs:
            return None
        last, issuer = pairs[-1]
        if issuer is None:
            disabled = [e.cert for e in self.trust.entries if not e.enabled]
            if find_issuer(last, disabled) is not None:
                return Finding(
                    "issuer_disabled", "indeterminate", {"issuer": common_name(last.issuer)}
                )
            return Finding(
                "issuer_missing",
                "indeterminate",
                {
                    "issuer": common_name(last.issuer),
                    "key_id": key_id_text(last.authority_key_identifier) or "—",
                },
            )
        if any(self.trust.is_anchor(c) for pair in pairs for c in pair if c is not None):
            return None
        return Finding("untrusted_root", "indeterminate", {"root": common_name(issuer.subject)})

    def revoked_at(self, cert: x509.Certificate) -> dt.datetime | None:
        """The earliest revocation date any data at hand gives for ``cert``."""
        dates = [d for i in self.infos.values() if (d := i.revoked_at(cert)) is not None]
        return min(dates) if dates else None

    def embedded_covers(self, cert: x509.Certificate) -> bool:
        return any(i.source == "dss" and i.covers(cert) for i in self.infos.values())

    def revocation(
        self, cert: x509.Certificate, moment: dt.datetime
    ) -> tuple[RevocationCheck, bool]:
        """The newest data about ``cert`` and whether any of it is usable at ``moment``."""
        if is_self_signed(cert):
            return RevocationCheck("none"), True
        about = [i for i in self.infos.values() if i.covers(cert)]
        if not about:
            return RevocationCheck("none"), False
        usable = [i for i in about if i.usable_at(moment)]
        best = max(
            usable or about,
            key=lambda i: (
                i.checked_at or dt.datetime.min.replace(tzinfo=dt.UTC),
                i.kind == "ocsp",
            ),
        )
        return RevocationCheck(best.source, best.checked_at, best.kind), bool(usable)

    def document_timestamps_after(self, revision: int) -> bool:
        return any(r > revision for r in self.timestamp_revisions)

    def proof_after(self, revision: int) -> dt.datetime | None:
        """The time of the first trusted document timestamp made after ``revision``."""
        times = [t for r, t in self.proofs if r > revision]
        return min(times) if times else None

    def failure_urls(self) -> list[str]:
        return sorted({f.url for f in self.failures})


def cert_id(cert: x509.Certificate) -> str:
    return fingerprint(cert)


__all__ = ["CHAIN_POLICY", "Evidence", "cms_policy"]
