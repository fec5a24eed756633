"""Validate every signature of a PDF: ``validate_pdf(data, trust=…, cache=…, online=…)``.

It never raises on a bad file: a PDF that cannot be read, a signature whose data is garbage,
an unknown or obsolete signature type each become a report entry with a reason. Only
programming errors escape.

The file is parsed once and shared by all its signatures: the certificates and revocation
data every signature carries are gathered first (DSS, ``adbe.pkcs7.detached`` revocation
attributes, the workspace cache; online, an OCSP answer or CRL per certificate of the
chains, kept in the cache); what changed after each signature is analysed once per file,
revision by revision (signing/revisions.py); document timestamps are judged before the
signatures, since one made after a signature proves the signature existed by then.

Per signature, in file order (the order they were made):

1. pyHanko checks the bytes and the CMS (its own difference analysis is skipped: done once,
   above) and the chain, at the time the signature timestamp proves — or a later document
   timestamp, or now; the chain is built to the trust store's anchors with its
   intermediates by key identifier (field CMS carry only the signer's certificate); SHA-1
   is accepted in chains (warning) but never for the signature itself;
2. the report says integrity, what changed after signing, the level reached (B-B…B-LTA,
   a document timestamp counting for B-T as PAdES allows), the signer, as of when and from
   where revocation was checked, and, for an untrusted chain, which CA certificate is
   missing (name and key identifier) or which root is not trusted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from dataclasses import dataclass
from typing import Any

from asn1crypto import x509

from signing import pdf_speed
from signing.evaluate import (
    ACCEPTED_SUBFILTERS,
    OBSOLETE_SUBFILTERS,
    adobe_revinfo,
    algorithm_findings,
    evaluate_signature,
    evaluate_timestamp,
    timestamp_token,
    token_certs,
    who,
)
from signing.evidence import Evidence
from signing.facts import algorithm_facts, certificate_facts
from signing.report import Finding, SignatureReport, ValidationReport
from signing.revisions import RevisionHistory
from signing.revocation import Fetch, RevInfo, RevocationCache, http_fetch
from signing.trust import TrustStore

pdf_speed.install()  # pyHanko reads signatures' hex strings byte by byte: see pdf_speed.py

# pyHanko logs (with tracebacks) what it skips; the report says it in words instead.
for _logger in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_logger).addHandler(logging.NullHandler())

MAX_DSS_ITEMS = 5000


def validate_pdf(
    data: bytes,
    *,
    trust: TrustStore,
    cache: RevocationCache | None = None,
    online: bool = False,
    now: dt.datetime | None = None,
    fetch: Fetch | None = None,
) -> ValidationReport:
    """Judge every signature and document timestamp in ``data``.

    ``online`` lets it fetch revocation data (only from URLs written in the certificates of
    chains that reach a trust anchor) and keep it in ``cache``; offline it uses the PDF's own
    data and the cache, and opens no connection at all.
    ``now`` pins the validation time (tests).

    Blocking (pyHanko runs its own event loop): call it from a worker thread, never from
    inside a running asyncio loop; that is the one thing it raises for."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        pass
    else:
        raise RuntimeError("validate_pdf blocks: call it from a worker thread")
    now = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    evidence = Evidence(trust, cache, online=online, now=now, fetch=fetch or http_fetch)

    history: RevisionHistory | None = None

    def done(signatures: list[SignatureReport], *problems: Finding) -> ValidationReport:
        steps = history.judged() if history is not None else ()
        return ValidationReport(tuple(signatures), tuple(problems), now, online, steps)

    if not data:
        return done([], Finding("empty_file", "indeterminate"))
    if b"%PDF-" not in data[:1024]:
        return done([], Finding("not_pdf", "indeterminate"))
    try:
        reader, fields = _open(data)
    except Exception as exc:
        return done([], Finding("damaged_pdf", "invalid", {"detail": type(exc).__name__}))
    if fields is None:
        return done([], Finding("encrypted_pdf", "indeterminate"))
    _read_dss(reader, evidence)

    entries = _embedded(reader, fields)
    evidence.timestamp_revisions = [
        e.revision for e in entries if not isinstance(e.sig, Exception) and _is_timestamp(e.sig)
    ]
    for entry in entries:
        if not isinstance(entry.sig, Exception):
            _gather(entry.sig, evidence)
    history = RevisionHistory(
        reader, data, {e.field_id: e.revision for e in entries if e.field_id is not None}
    )

    def later(revision: int) -> int:
        return sum(1 for other in entries if other.revision > revision)

    # document timestamps first: one made after a signature proves when it existed
    reports: dict[int, SignatureReport] = {}
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry.sig, Exception) and _is_timestamp(entry.sig):
            report = _judge(index, entry, evidence, later(entry.revision), history)
            reports[index] = report
            if report.intact and report.trusted and report.signing_time is not None:
                evidence.proofs.append((entry.revision, report.signing_time))
    for index, entry in enumerate(entries, start=1):
        if index not in reports:
            reports[index] = _judge(index, entry, evidence, later(entry.revision), history)
    if not reports:
        return done([], Finding("no_signatures", "indeterminate"))
    return done([reports[i] for i in sorted(reports)])


# ---------------------------------------------------------------------------- reading ---


def _open(data: bytes) -> tuple[Any, list[tuple[str, Any, Any]] | None]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    if reader.encrypted:
        return reader, None
    return reader, list(enumerate_sig_fields(reader, filled_status=True))


def _revision_of(reader: Any, value: Any) -> int:
    try:
        return int(reader.xrefs.get_last_change(value.reference))
    except Exception:
        return 10**9  # unknown: after everything else


@dataclass(frozen=True)
class _Entry:
    revision: int  # the signed revision (10**9 when unknown)
    name: str
    sig: Any  # EmbeddedPdfSignature, or the exception that stopped reading it
    field_id: int | None  # object number of the signature field


def _embedded(reader: Any, fields: list[tuple[str, Any, Any]]) -> list[_Entry]:
    """The signatures, in file order."""
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    entries = []
    for name, value, field_ref in fields:
        try:
            sig: Any = EmbeddedPdfSignature(reader, field_ref, name)
            revision = int(sig.signed_revision)
        except Exception as exc:
            sig, revision = exc, _revision_of(reader, value)
        entries.append(_Entry(revision, str(name), sig, getattr(field_ref, "idnum", None)))
    entries.sort(key=lambda e: e.revision)
    return entries


def _is_timestamp(sig: Any) -> bool:
    try:
        return sig.sig_object_type == "/DocTimeStamp"
    except Exception:
        return False


def _read_dss(reader: Any, evidence: Evidence) -> None:
    """Certificates, OCSP responses and CRLs of the Document Security Store."""
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    try:
        dss = reader.root["/DSS"]
    except Exception:
        return
    for key, kind, purpose in (
        ("/Certs", "cert", DecodePurpose.CERTIFICATE),
        ("/OCSPs", "ocsp", DecodePurpose.OCSP_RESPONSE),
        ("/CRLs", "crl", DecodePurpose.CRL),
    ):
        try:
            refs = list(dss.get(key, []))[:MAX_DSS_ITEMS]
        except Exception:
            continue
        for ref in refs:
            try:
                raw = ref.get_object().read_data(purpose)
                if kind == "cert":
                    cert = x509.Certificate.load(raw)
                    cert.native  # noqa: B018 - parse now: a broken one is skipped here
                    evidence.add_certs([cert])
                else:
                    evidence.add(RevInfo.parse(kind, raw, "dss"))
            except Exception:
                continue


def _gather(sig: Any, evidence: Evidence) -> None:
    """Certificates and revocation data carried by one signature, then what the cache and
    (online) the network know about its chains."""
    try:
        signer = sig.signer_cert
        embedded = list(sig.other_embedded_certs)
        token = timestamp_token(sig.signer_info)
        tsa = token_certs(token)
        crls, ocsps = adobe_revinfo(sig.signer_info)
    except Exception:
        return
    evidence.add_certs([*embedded, *tsa])
    for der in crls:
        evidence.add(RevInfo.parse("crl", der, "dss"))
    for der in ocsps:
        evidence.add(RevInfo.parse("ocsp", der, "dss"))
    evidence.remember([signer, *embedded, *tsa])
    try:
        evidence.gather(signer)
        tsa_signer = _token_signer(token, tsa)
        if tsa_signer is not None:
            evidence.gather(tsa_signer)
    except Exception:
        return


def _token_signer(token: Any, certs: list[x509.Certificate]) -> x509.Certificate | None:
    try:
        sid = token["content"]["signer_infos"][0]["sid"]
        if sid.name == "issuer_and_serial_number":
            wanted = sid.chosen
            return next(
                (c for c in certs if c.issuer == wanted["issuer"]
                 and c.serial_number == wanted["serial_number"].native),
                None,
            )  # fmt: skip
        key_id = sid.chosen.native
        return next((c for c in certs if c.key_identifier == key_id), None)
    except Exception:
        return certs[0] if certs else None


# ---------------------------------------------------------------------------- judging ---


def _judge(
    index: int, entry: _Entry, evidence: Evidence, later: int, history: RevisionHistory
) -> SignatureReport:
    revision, name, sig = entry.revision, entry.name, entry.sig
    if isinstance(sig, Exception):
        return _broken(index, revision, name, sig)
    subfilter = str(sig.sig_object.get("/SubFilter", "") or "")
    if subfilter in OBSOLETE_SUBFILTERS or subfilter not in ACCEPTED_SUBFILTERS:
        return _unsupported(index, revision, name, sig, subfilter)
    try:
        if _is_timestamp(sig):
            return evaluate_timestamp(sig, index, evidence, later, history)
        return evaluate_signature(sig, index, evidence, later, history)
    except Exception as exc:  # pyHanko stopped on this signature's data
        return _broken(index, revision, name, exc, sig)


def _broken(
    index: int, revision: int, name: str, exc: Exception, sig: Any = None
) -> SignatureReport:
    people: dict[str, Any] = {}
    if sig is not None:
        try:
            people = who(sig.signer_cert) | _cert_facts(sig)
        except Exception:
            people = {}
    return SignatureReport(
        index=index,
        kind="signature",
        field=name,
        findings=(Finding("signature_damaged", "invalid", {"detail": type(exc).__name__}),),
        revision=revision if revision < 10**9 else None,
        intact=False,
        trusted=False,
        **people,
    )


def _unsupported(index: int, revision: int, name: str, sig: Any, subfilter: str) -> SignatureReport:
    obsolete = subfilter in OBSOLETE_SUBFILTERS
    findings = [
        Finding(
            "obsolete_subfilter" if obsolete else "unsupported_subfilter",
            "invalid" if obsolete else "indeterminate",
            {"subfilter": subfilter.lstrip("/")},
        )
    ]
    people: dict[str, Any] = {}
    try:
        cert = sig.signer_cert
        people = who(cert) | _cert_facts(sig)
        findings += algorithm_findings(sig, cert)
    except Exception:
        pass
    return SignatureReport(
        index=index,
        kind="signature",
        field=name,
        findings=tuple(findings),
        subfilter=subfilter.lstrip("/") or None,
        revision=revision,
        **people,
    )


def _cert_facts(sig: Any) -> dict[str, Any]:
    """What can still be told of a signature that could not be judged: its certificate and
    algorithms."""
    return {
        "certificate": certificate_facts(sig.signer_cert, "signer"),
        "algorithms": algorithm_facts(sig),
    }


def signature_certificates(data: bytes) -> list[x509.Certificate]:
    """The certificates the signatures of a PDF carry (signers, their chains, TSAs); empty
    for a file that cannot be read."""
    try:
        reader, fields = _open(data)
    except Exception:
        return []
    found: list[x509.Certificate] = []
    for entry in _embedded(reader, fields or []):
        sig = entry.sig
        if isinstance(sig, Exception):
            continue
        try:
            found += [sig.signer_cert, *sig.other_embedded_certs]
            found += token_certs(timestamp_token(sig.signer_info))
        except Exception:
            continue
    return found


__all__ = ["signature_certificates", "validate_pdf"]
