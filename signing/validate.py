"""Validate every signature of a PDF: ``validate_pdf(data, trust=…, cache=…, online=…)``.

It never raises on a bad file: a PDF that cannot be read, a signature whose data is garbage,
an unknown or obsolete signature type each become a report entry with a reason. Only
programming errors escape.

What it does, per signature in file order (the order they were made):

1. reads the PDF's own validation data (DSS, and the revocation data signed into
   ``adbe.pkcs7.detached`` signatures), then the workspace cache; online, fetches an OCSP
   answer (or CRL) for each certificate of the chains and keeps it in the cache;
2. validates with pyHanko at the time the signature timestamp proves (or now), chain built to
   the trust store's anchors with its intermediates (field CMS carry only the signer's
   certificate), SHA-1 accepted in chains (warning) but never for the signature itself;
3. reports integrity, what changed after signing (page content changes are fatal; annotations
   and other changes are warnings), the level (B-B…B-LTA), the signer, and as of when and from
   where revocation was checked.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
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
from signing.report import Finding, SignatureReport, ValidationReport
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

    def done(signatures: list[SignatureReport], *problems: Finding) -> ValidationReport:
        return ValidationReport(tuple(signatures), tuple(problems), now, online)

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
        rev for rev, _, sig in entries if not isinstance(sig, Exception) and _is_timestamp(sig)
    ]
    for _, _, sig in entries:
        if not isinstance(sig, Exception):
            _gather(sig, evidence)

    reports = []
    for index, (revision, name, sig) in enumerate(entries, start=1):
        later = sum(1 for other, _, _ in entries if other > revision)
        reports.append(_judge(index, revision, name, sig, evidence, later))
    if not reports:
        return done([], Finding("no_signatures", "indeterminate"))
    return done(reports)


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


def _embedded(reader: Any, fields: list[tuple[str, Any, Any]]) -> list[tuple[int, str, Any]]:
    """(signed revision, field name, EmbeddedPdfSignature or the exception that stopped
    reading it), in file order."""
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    entries = []
    for name, value, field_ref in fields:
        try:
            sig: Any = EmbeddedPdfSignature(reader, field_ref, name)
            revision = int(sig.signed_revision)
        except Exception as exc:
            sig, revision = exc, _revision_of(reader, value)
        entries.append((revision, str(name), sig))
    entries.sort(key=lambda e: e[0])
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
    index: int, revision: int, name: str, sig: Any, evidence: Evidence, later: int
) -> SignatureReport:
    if isinstance(sig, Exception):
        return _broken(index, revision, name, sig)
    subfilter = str(sig.sig_object.get("/SubFilter", "") or "")
    if subfilter in OBSOLETE_SUBFILTERS or subfilter not in ACCEPTED_SUBFILTERS:
        return _unsupported(index, revision, name, sig, subfilter)
    try:
        if _is_timestamp(sig):
            return evaluate_timestamp(sig, index, evidence, later)
        return evaluate_signature(sig, index, evidence, later)
    except Exception as exc:  # pyHanko stopped on this signature's data
        return _broken(index, revision, name, exc, sig)


def _broken(
    index: int, revision: int, name: str, exc: Exception, sig: Any = None
) -> SignatureReport:
    people: dict[str, Any] = {}
    if sig is not None:
        try:
            people = who(sig.signer_cert)
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
        people = who(cert)
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


def signature_certificates(data: bytes) -> list[x509.Certificate]:
    """The certificates the signatures of a PDF carry (signers, their chains, TSAs); empty
    for a file that cannot be read."""
    try:
        reader, fields = _open(data)
    except Exception:
        return []
    found: list[x509.Certificate] = []
    for _, _, sig in _embedded(reader, fields or []):
        if isinstance(sig, Exception):
            continue
        try:
            found += [sig.signer_cert, *sig.other_embedded_certs]
            found += token_certs(timestamp_token(sig.signer_info))
        except Exception:
            continue
    return found


__all__ = ["signature_certificates", "validate_pdf"]
