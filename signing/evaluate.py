"""One signature (or document timestamp) judged with pyHanko, turned into a report.

The signer is judged at the time the signature timestamp proves (a certificate that expired
since is fine; a revocation after that time does not count), or now when there is no
trustworthy timestamp. pyHanko's results become findings; its exceptions stop at this edge.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

from asn1crypto import cms, x509

from signing.evidence import Evidence, cms_policy
from signing.facts import algorithm_facts, certificate_facts, chain_facts, timestamp_facts
from signing.report import Finding, RevocationCheck, SignatureReport
from signing.revisions import RevisionHistory
from signing.revocation import common_name, is_self_signed

CLAIMED_TIME_TOLERANCE = dt.timedelta(minutes=10)
ACCEPTED_SUBFILTERS = ("/adbe.pkcs7.detached", "/ETSI.CAdES.detached", "/ETSI.RFC3161")
OBSOLETE_SUBFILTERS = ("/adbe.pkcs7.sha1", "/adbe.x509.rsa_sha1")
WEAK_DIGESTS = {"md2", "md5", "sha1"}


# ---------------------------------------------------------------------------- reading ---


def _name_value(name: x509.Name, key: str) -> str | None:
    try:
        value = name.native.get(key)
    except Exception:
        return None
    if isinstance(value, list):
        value = value[-1]
    return str(value) if value else None


def who(cert: x509.Certificate | None) -> dict[str, Any]:
    if cert is None:
        return {}
    return {
        "signer": _name_value(cert.subject, "common_name") or cert.subject.human_friendly,
        "organisation": _name_value(cert.subject, "organization_name"),
        "organisation_id": _name_value(cert.subject, "user_id"),
        "issuer": common_name(cert.issuer),
    }


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def timestamp_token(signer_info: cms.SignerInfo) -> cms.ContentInfo | None:
    try:
        attrs = signer_info["unsigned_attrs"]
        for attr in attrs:
            if attr["type"].native == "signature_time_stamp_token":
                return attr["values"][0]
    except Exception:
        return None
    return None


def token_time(token: cms.ContentInfo | None) -> dt.datetime | None:
    """The genTime a timestamp token claims (checked later, by pyHanko)."""
    if token is None:
        return None
    try:
        info = token["content"]["encap_content_info"]["content"].parsed
        return _aware(info["gen_time"].native)
    except Exception:
        return None


def token_certs(token: cms.ContentInfo | None) -> list[x509.Certificate]:
    try:
        return [c.chosen for c in token["content"]["certificates"] if c.name == "certificate"]
    except Exception:
        return []


def adobe_revinfo(signer_info: cms.SignerInfo) -> tuple[list[bytes], list[bytes]]:
    """CRLs and OCSP responses signed into an ``adbe.pkcs7.detached`` signature."""
    try:
        for attr in signer_info["signed_attrs"]:
            if attr["type"].native == "adobe_revocation_info_archival":
                value = attr["values"][0]
                crls = [c.dump() for c in (value["crl"] or [])]
                ocsps = [o.dump() for o in (value["ocsp"] or [])]
                return crls, ocsps
    except Exception:
        pass
    return [], []


def _sha1_in_path(path: Any) -> list[str]:
    found = []
    for cert in path or []:
        if isinstance(cert, x509.Certificate) and not is_self_signed(cert):
            try:
                if cert.hash_algo == "sha1":
                    found.append(common_name(cert.subject))
            except Exception:
                continue
    return found


# -------------------------------------------------------------------------- judging ---


def _changes(status: Any, sig: Any, later: int, history: RevisionHistory) -> tuple[str, list]:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    coverage = status.coverage
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return "none", []
    if coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return "unclear", [Finding("coverage_partial", "invalid")]
    try:
        fieldmdp, docmdp = sig.fieldmdp, sig.docmdp_level
    except Exception:  # an unreadable lock: judged without it, said so
        fieldmdp, docmdp = None, None
    return history.after(sig.signed_revision, later, fieldmdp, docmdp)


def _untrusted(evidence: Evidence, cert: x509.Certificate) -> list[Finding]:
    """Which CA certificate is missing, or which root is not trusted; else the plain
    finding."""
    gap = evidence.chain_gap(cert)
    return [gap or Finding("untrusted_chain", "indeterminate")]


def _trust_findings(
    status: Any, proven: bool, cert: x509.Certificate, evidence: Evidence
) -> list[Finding]:
    indic = status.trust_problem_indic
    if indic is None:
        if status.validation_path is None:
            return _untrusted(evidence, cert)
        return []
    name = indic.name
    expiry = _aware(cert["tbs_certificate"]["validity"]["not_after"].native)
    start = _aware(cert["tbs_certificate"]["validity"]["not_before"].native)
    if name in ("REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE") or status.revoked:
        details = status.revocation_details
        data: dict[str, Any] = {}
        if details is not None:
            data = {
                "date": details.revocation_date,
                "reason": getattr(details.revocation_reason, "native", None),
                "ca": bool(details.ca_revoked),
            }
        return [Finding("revoked", "invalid", data)]
    if name == "NO_CERTIFICATE_CHAIN_FOUND":
        return _untrusted(evidence, cert)
    if name in ("OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "EXPIRED"):
        code = "expired_at_signing" if proven else "expired_no_timestamp"
        return [Finding(code, "indeterminate", {"date": expiry})]
    if name == "NOT_YET_VALID":
        return [Finding("not_yet_valid", "indeterminate", {"date": start})]
    if name.startswith("CRYPTO_CONSTRAINTS"):
        return [Finding("weak_algorithm", "invalid")]
    if name in ("TRY_LATER", "REVOCATION_OUT_OF_BOUNDS_NO_POE"):
        return [Finding("revocation_unavailable", "indeterminate")]
    return [Finding("chain_problem", "indeterminate", {"detail": name})]


def algorithm_findings(sig: Any, cert: x509.Certificate) -> list[Finding]:
    found = []
    md = str(getattr(sig, "md_algorithm", "") or "").lower()
    try:
        mechanism = sig.signer_info["signature_algorithm"].hash_algo
    except Exception:
        mechanism = None
    weak = sorted({a for a in (md, mechanism) if a in WEAK_DIGESTS})
    if weak:
        found.append(Finding("weak_digest", "invalid", {"algorithm": weak[0].upper()}))
    try:
        key = cert.public_key
        if key.algorithm == "rsa" and key.bit_size < 2048:
            found.append(Finding("weak_key", "invalid", {"bits": key.bit_size}))
    except Exception:
        pass
    return found


def _revocation_findings(
    evidence: Evidence, cert: x509.Certificate, moment: dt.datetime
) -> tuple[RevocationCheck, list[Finding]]:
    check, usable = evidence.revocation(cert, moment)
    findings: list[Finding] = []
    if check.source == "none" and not usable:
        findings.append(Finding("revocation_unchecked", "warning"))
    elif not usable:
        findings.append(Finding("revocation_stale", "warning", {"date": check.checked_at}))
    if evidence.online and evidence.failures:
        findings.append(
            Finding("revocation_fetch_failed", "info", {"urls": evidence.failure_urls()})
        )
    return check, findings


def _run_signature(sig: Any, evidence: Evidence, moment: dt.datetime) -> Any:
    """pyHanko's checks of one signature, without its difference analysis (done once per
    file, signing/revisions.py)."""
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    vc = evidence.context(moment)
    usage = KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"})
    return asyncio.run(
        async_validate_pdf_signature(
            sig,
            signer_validation_context=vc,
            ts_validation_context=vc,
            key_usage_settings=usage,
            algorithm_policy=cms_policy(),
            skip_diff=True,
        )
    )


def evaluate_signature(
    sig: Any, index: int, evidence: Evidence, later: int, history: RevisionHistory
) -> SignatureReport:
    """``later``: how many signatures and timestamps were added after this one."""
    cert = sig.signer_cert
    base: dict[str, Any] = {
        "index": index,
        "kind": "signature",
        "field": sig.field_name,
        "subfilter": str(sig.sig_object.get("/SubFilter", "") or "").lstrip("/") or None,
        "revision": sig.signed_revision,
        **who(cert),
    }
    findings = algorithm_findings(sig, cert)
    token = timestamp_token(sig.signer_info)
    proven_at = token_time(token)
    # without a signature timestamp, a document timestamp made later proves the signature
    # existed by then (PAdES B-T through a document timestamp, e.g. after sign-upgrade)
    by_document = None if token is not None else evidence.proof_after(sig.signed_revision)
    moment = proven_at or by_document or evidence.now
    status = _run_signature(sig, evidence, moment)
    ts = status.timestamp_validity
    time_source = None
    signing_time = _aware(status.signer_reported_dt)
    if signing_time is not None:
        time_source = "claimed"
    if ts is not None and not (ts.intact and ts.valid):
        findings.append(Finding("timestamp_invalid", "invalid"))
        proven_at = None
    elif ts is not None and not ts.trusted:
        findings.append(Finding("timestamp_untrusted", "warning"))
        proven_at = None
    if ts is not None and proven_at is None and moment != evidence.now:
        moment = evidence.now  # the timestamp proves nothing: judge the signer today
        status = _run_signature(sig, evidence, moment)
    if ts is not None and proven_at is not None:
        claimed = signing_time
        signing_time, time_source = _aware(ts.timestamp), "timestamp"
        if claimed is not None and abs(claimed - signing_time) > CLAIMED_TIME_TOLERANCE:
            hours = round(abs(claimed - signing_time).total_seconds() / 3600, 1)
            findings.append(Finding("claimed_time_mismatch", "warning", {"hours": hours}))
        findings += [
            Finding("sha1_in_chain", "warning", {"name": n})
            for n in _sha1_in_path(ts.validation_path)
        ]
    if by_document is not None:
        proven_at = by_document
        findings.append(Finding("existed_before", "info", {"date": by_document}))
    if not status.intact:
        findings.append(Finding("modified", "invalid"))
    elif not status.valid:
        findings.append(Finding("bad_signature", "invalid"))
    changes, change_findings = _changes(status, sig, later, history)
    findings += change_findings
    trust_findings = _trust_findings(status, proven_at is not None, cert, evidence)
    if any(f.code == "weak_algorithm" for f in trust_findings) and any(
        f.code in ("weak_digest", "weak_key") for f in findings
    ):
        trust_findings = [f for f in trust_findings if f.code != "weak_algorithm"]
    findings += trust_findings
    sha1 = _sha1_in_path(status.validation_path)
    findings += [Finding("sha1_in_chain", "warning", {"name": n}) for n in sha1]
    expiry = _aware(cert["tbs_certificate"]["validity"]["not_after"].native)
    if proven_at is not None and status.trusted and expiry and expiry < evidence.now:
        findings.append(Finding("expired_since", "info", {"date": expiry}))
    revocation, rev_findings = _revocation_findings(evidence, cert, moment)
    revoked_on = evidence.revoked_at(cert)  # from any data at hand, even out-of-date data
    if revoked_on is not None and revoked_on <= moment:
        findings.append(Finding("revoked", "invalid", {"date": revoked_on}))
    if not any(f.code == "revoked" for f in findings):
        findings += rev_findings
        if revoked_on is not None:  # after the proven signing time: the signature stands
            findings.append(Finding("revoked_after_signing", "warning", {"date": revoked_on}))
    level = "B-B"
    if proven_at is not None or ts is not None:
        level = "B-T"
        if evidence.embedded_covers(cert):
            level = "B-LT"
            if evidence.document_timestamps_after(sig.signed_revision):
                level = "B-LTA"
    return SignatureReport(
        **base,
        findings=tuple(_unique(findings)),
        signing_time=signing_time,
        time_source=time_source,
        level=level,
        intact=bool(status.intact),
        trusted=bool(status.trusted),
        coverage=_coverage(status),
        changes=changes,
        revocation=revocation,
        **_facts(sig, cert, status, evidence, ts),
    )


def _facts(
    sig: Any, cert: x509.Certificate, status: Any, evidence: Evidence, ts: Any
) -> dict[str, Any]:
    """The details behind the verdict (signing/facts.py)."""
    return {
        "certificate": certificate_facts(cert, "signer"),
        "chain": chain_facts(
            cert, evidence.pool(), evidence.trust.is_anchor, status.validation_path
        ),
        "timestamp": timestamp_facts(ts),
        "algorithms": algorithm_facts(sig),
    }


def evaluate_timestamp(
    sig: Any, index: int, evidence: Evidence, later: int, history: RevisionHistory
) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_timestamp

    try:
        tst_info = sig.signed_data["encap_content_info"]["content"].parsed
        proven = _aware(tst_info["gen_time"].native)
    except Exception:
        proven = None
    moment = proven or evidence.now
    status = validate_pdf_timestamp(
        sig, validation_context=evidence.context(moment), skip_diff=True
    )
    cert = status.signing_cert
    findings: list[Finding] = []
    if not status.intact:
        findings.append(Finding("modified", "invalid"))
    elif not status.valid:
        findings.append(Finding("bad_signature", "invalid"))
    changes, change_findings = _changes(status, sig, later, history)
    findings += change_findings
    findings += _trust_findings(status, True, cert, evidence)
    findings += [
        Finding("sha1_in_chain", "warning", {"name": n})
        for n in _sha1_in_path(status.validation_path)
    ]
    revocation, rev_findings = _revocation_findings(evidence, cert, moment)
    findings += rev_findings
    return SignatureReport(
        index=index,
        kind="timestamp",
        field=sig.field_name,
        findings=tuple(_unique(findings)),
        signing_time=_aware(status.timestamp),
        time_source="timestamp",
        level=None,
        subfilter=str(sig.sig_object.get("/SubFilter", "") or "").lstrip("/") or None,
        intact=bool(status.intact),
        trusted=bool(status.trusted),
        coverage=_coverage(status),
        changes=changes,
        revocation=revocation,
        revision=sig.signed_revision,
        **who(cert),
        **_facts(sig, cert, status, evidence, status),
    )


def _coverage(status: Any) -> str:
    name = getattr(status.coverage, "name", "")
    return {"ENTIRE_FILE": "entire_file", "ENTIRE_REVISION": "entire_revision"}.get(name, "partial")


def _unique(findings: list[Finding]) -> list[Finding]:
    """Each code once (the first, which carries the most data), except the ones naming
    different certificates."""
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        key = (f.code, str(f.data.get("name", "")))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


__all__ = [
    "ACCEPTED_SUBFILTERS",
    "OBSOLETE_SUBFILTERS",
    "adobe_revinfo",
    "algorithm_findings",
    "evaluate_signature",
    "evaluate_timestamp",
    "timestamp_token",
    "token_certs",
    "token_time",
    "who",
]
