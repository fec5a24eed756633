"""What validation says about a PDF: one report per signature, in plain categories.

Verdicts: ``valid`` (everything checked and fine), ``valid_with_warnings`` (intact and trusted,
with something the reader should know: SHA-1 in an old chain, annotations added after signing,
revocation not checked…), ``invalid`` (changed after signing, revoked, broken or obsolete
cryptography) and ``indeterminate`` (cannot be decided here: chain not trusted, certificate
expired with nothing proving when the signature was made…).

Reasons are ``Finding`` values (a code, a severity and data); app/messages.py turns them into
Vietnamese or English sentences. The facts behind a verdict (the signer's certificate, the
chain up to the anchor, the timestamp, the algorithms: signing/facts.py) travel with each
signature for the window's details dialog.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from app.clock import VN_TZ

VALID, WARNINGS, INVALID, INDETERMINATE = (
    "valid",
    "valid_with_warnings",
    "invalid",
    "indeterminate",
)
VERDICTS = (VALID, WARNINGS, INVALID, INDETERMINATE)
SEVERITIES = ("info", "warning", "indeterminate", "invalid")


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(VN_TZ).isoformat()


@dataclass(frozen=True)
class Finding:
    """One reason: ``code`` (machine word), ``severity`` (info, warning, indeterminate,
    invalid) and the data its sentence needs."""

    code: str
    severity: str
    data: dict[str, Any] = field(default_factory=dict)

    def sentence(self, lang: str | None = None) -> str:
        from app.messages_verify import describe_finding

        return describe_finding(self.code, self.data, lang)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity} | {
            k: _json_value(v) for k, v in self.data.items()
        }


def verdict_of(findings: tuple[Finding, ...] | list[Finding]) -> str:
    severities = {f.severity for f in findings}
    if "invalid" in severities:
        return INVALID
    if "indeterminate" in severities:
        return INDETERMINATE
    if "warning" in severities:
        return WARNINGS
    return VALID


@dataclass(frozen=True)
class RevocationCheck:
    """As of when and from where the signer's certificate was checked for revocation:
    ``source`` is ``dss`` (revocation data inside the PDF), ``cache`` (the workspace cache),
    ``network`` (fetched during this validation) or ``none``."""

    source: str = "none"
    checked_at: dt.datetime | None = None
    method: str | None = None  # "ocsp" | "crl"

    def as_json(self) -> dict[str, Any]:
        return {"checked_at": _iso(self.checked_at), "source": self.source, "method": self.method}


@dataclass(frozen=True)
class CertificateFacts:
    """One certificate as the details of a signature show it. In a chain, ``role`` is
    ``signer``, ``intermediate``, ``anchor`` (a trust anchor of this desk), ``root`` (a
    self-signed certificate that is not one) or ``missing`` (an issuer whose certificate is
    nowhere at hand: only its name and key identifier are known)."""

    common_name: str
    subject: str = ""  # the whole name, most specific first: "CN=…, O=…, L=…, C=VN"
    issuer: str = ""
    serial: str = ""  # upper-case hexadecimal
    not_before: dt.datetime | None = None
    not_after: dt.datetime | None = None
    sha256: str = ""  # fingerprint of the DER, lower-case hexadecimal
    key_id: str | None = None  # subject key identifier ("05:31:40:…"); the issuer's for missing
    key_usage: tuple[str, ...] = ()  # digital_signature, non_repudiation…
    extended_key_usage: tuple[str, ...] = ()  # email_protection, time_stamping, or an OID
    public_key: str | None = None  # "RSA 2048", "EC 256"
    role: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "common_name": self.common_name,
            "subject": self.subject,
            "issuer": self.issuer,
            "serial": self.serial,
            "not_before": _iso(self.not_before),
            "not_after": _iso(self.not_after),
            "sha256": self.sha256,
            "key_id": self.key_id,
            "key_usage": list(self.key_usage),
            "extended_key_usage": list(self.extended_key_usage),
            "public_key": self.public_key,
            "role": self.role,
        }


@dataclass(frozen=True)
class TimestampFacts:
    """The timestamp of a signature (or a document timestamp itself): who issued it, the time
    it proves, and whether it was found intact and from a trusted authority."""

    authority: str | None
    time: dt.datetime | None
    organisation: str | None = None
    valid: bool | None = None  # intact and correctly signed
    trusted: bool | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "authority": self.authority,
            "organisation": self.organisation,
            "time": _iso(self.time),
            "valid": self.valid,
            "trusted": self.trusted,
        }


@dataclass(frozen=True)
class Algorithms:
    """``digest`` (sha256…) and ``signature`` (rsassa_pkcs1v15, rsassa_pss, ecdsa…) as the
    signature names them; ``message_digest``: the signed digest of the covered bytes (hex)."""

    digest: str | None = None
    signature: str | None = None
    message_digest: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "digest": self.digest,
            "signature": self.signature,
            "message_digest": self.message_digest,
        }


@dataclass(frozen=True)
class SignatureReport:
    """One signature (``kind`` "signature") or document timestamp (``kind`` "timestamp")."""

    index: int  # 1-based, in file order (the order the signatures were made)
    kind: str
    field: str | None
    findings: tuple[Finding, ...]
    signer: str | None = None  # the certificate's common name
    organisation: str | None = None  # O
    organisation_id: str | None = None  # UID, e.g. MCQ:000.00.00.G24
    issuer: str | None = None  # the issuing CA's common name
    signing_time: dt.datetime | None = None
    time_source: str | None = None  # "timestamp" | "claimed"
    level: str | None = None  # B-B, B-T, B-LT, B-LTA (None for document timestamps)
    subfilter: str | None = None
    intact: bool | None = None
    trusted: bool | None = None
    coverage: str | None = None  # entire_file | entire_revision | partial
    changes: str | None = None  # none | validation_data | signatures | form_filling | …
    revocation: RevocationCheck = RevocationCheck()
    revision: int | None = None
    certificate: CertificateFacts | None = None  # the signer's (the authority's for a timestamp)
    chain: tuple[CertificateFacts, ...] = ()  # from the signer up to the anchor, or the gap
    timestamp: TimestampFacts | None = None
    algorithms: Algorithms | None = None

    @property
    def verdict(self) -> str:
        return verdict_of(self.findings)

    def reasons(self, lang: str | None = None) -> list[str]:
        """Sentences, the weightiest first; plain notes (info) last."""
        order = {s: i for i, s in enumerate(reversed(SEVERITIES))}
        return [f.sentence(lang) for f in sorted(self.findings, key=lambda f: order[f.severity])]

    def as_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "index": self.index,
            "kind": self.kind,
            "field": self.field,
            "verdict": self.verdict,
            "reasons": self.reasons(lang),
            "findings": [f.as_json() for f in self.findings],
            "signer": self.signer,
            "organisation": self.organisation,
            "organisation_id": self.organisation_id,
            "issuer": self.issuer,
            "signing_time": _iso(self.signing_time),
            "time_source": self.time_source,
            "level": self.level,
            "subfilter": self.subfilter,
            "intact": self.intact,
            "trusted": self.trusted,
            "coverage": self.coverage,
            "changes": self.changes,
            "revocation": self.revocation.as_json(),
            "revision": self.revision,
            "certificate": self.certificate.as_json() if self.certificate else None,
            "chain": [c.as_json() for c in self.chain],
            "timestamp": self.timestamp.as_json() if self.timestamp else None,
            "algorithms": self.algorithms.as_json() if self.algorithms else None,
        }


@dataclass(frozen=True)
class RevisionChange:
    """What one revision made after the first signature changed (signing/revisions.py):
    ``changes`` among validation_data, signatures, form_filling, annotations, other,
    page_content, freed_in_use, unknown; ``page`` (1-based) for the last three."""

    revision: int
    changes: tuple[str, ...]
    page: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"revision": self.revision, "changes": list(self.changes), "page": self.page}


@dataclass(frozen=True)
class ValidationReport:
    """Every signature of one PDF, in file order, and what stopped reading the file, if
    anything (``problems``: not a PDF, damaged, no signature); ``revisions``: what each
    revision after the first signature changed."""

    signatures: tuple[SignatureReport, ...]
    problems: tuple[Finding, ...]
    validated_at: dt.datetime
    online: bool
    revisions: tuple[RevisionChange, ...] = ()

    @property
    def overall(self) -> str:
        """The worst verdict of all; ``indeterminate`` when there is no signature to judge
        and ``invalid`` when the file itself is broken."""
        if any(p.severity == "invalid" for p in self.problems):
            return INVALID
        if not self.signatures:
            return INDETERMINATE
        verdicts = {s.verdict for s in self.signatures}
        for verdict in (INVALID, INDETERMINATE, WARNINGS):
            if verdict in verdicts:
                return verdict
        return VALID

    @property
    def ok(self) -> bool:
        """Signed, and every signature valid (with or without warnings)."""
        return bool(self.signatures) and self.overall in (VALID, WARNINGS)

    def as_json(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "ok": self.ok,
            "validated_at": _iso(self.validated_at),
            "online": self.online,
            "problems": [p.as_json() | {"reason": p.sentence(lang)} for p in self.problems],
            "signatures": [s.as_json(lang) for s in self.signatures],
            "revisions": [r.as_json() for r in self.revisions],
        }


__all__ = [
    "INDETERMINATE",
    "INVALID",
    "VALID",
    "VERDICTS",
    "WARNINGS",
    "Algorithms",
    "CertificateFacts",
    "Finding",
    "RevisionChange",
    "RevocationCheck",
    "SignatureReport",
    "TimestampFacts",
    "ValidationReport",
    "verdict_of",
]
