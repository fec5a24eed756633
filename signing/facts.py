"""The facts behind a verdict, for the details of a signature (signing/report.py): the
signer's certificate, the chain up to the anchor (or where it breaks), the timestamp, the
algorithms. Plain reading of what the signature carries and what the validation found; it
judges nothing, and a certificate it cannot read yields fewer facts, never an error."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from asn1crypto import x509

from signing.report import Algorithms, CertificateFacts, TimestampFacts
from signing.revocation import chain_of, common_name, is_self_signed, key_id_text

# RFC 4514 short names, and the ones Vietnamese certificates use besides
SHORT_NAMES = {
    "common_name": "CN",
    "organization_name": "O",
    "organizational_unit_name": "OU",
    "locality_name": "L",
    "state_or_province_name": "ST",
    "country_name": "C",
    "user_id": "UID",
    "email_address": "E",
    "serial_number": "SERIALNUMBER",
    "title": "T",
    "given_name": "G",
    "surname": "SN",
    "street_address": "STREET",
    "domain_component": "DC",
}
MAX_CHAIN = 8


def name_text(name: x509.Name) -> str:
    """``CN=…, O=…, C=VN``: most specific first, as RFC 4514 writes names."""
    try:
        parts = []
        for rdn in name.chosen:
            for atv in rdn:
                key = atv["type"].native
                value = atv["value"].native
                if isinstance(value, bytes):
                    value = value.hex()
                parts.append(f"{SHORT_NAMES.get(key, atv['type'].dotted)}={value}")
        return ", ".join(reversed(parts))
    except Exception:
        try:
            return name.human_friendly
        except Exception:
            return ""


def _aware(value: Any) -> dt.datetime | None:
    if not isinstance(value, dt.datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _public_key(cert: x509.Certificate) -> str | None:
    try:
        key = cert.public_key
        return f"{key.algorithm.upper()} {key.bit_size}"
    except Exception:
        return None


def _usages(cert: x509.Certificate) -> tuple[tuple[str, ...], tuple[str, ...]]:
    try:
        ku = cert.key_usage_value
        key_usage = tuple(sorted(ku.native)) if ku is not None else ()
    except Exception:
        key_usage = ()
    try:
        eku = cert.extended_key_usage_value
        extended = tuple(str(v) for v in eku.native) if eku is not None else ()
    except Exception:
        extended = ()
    return key_usage, extended


def certificate_facts(cert: x509.Certificate, role: str | None = None) -> CertificateFacts:
    validity: dict[str, Any] = {}
    try:
        validity = cert["tbs_certificate"]["validity"].native
    except Exception:
        validity = {}
    try:
        serial = format(int(cert.serial_number), "X")
    except Exception:
        serial = ""
    key_usage, extended = _usages(cert)
    try:
        key_id = key_id_text(cert.key_identifier)
    except Exception:
        key_id = None
    return CertificateFacts(
        common_name=common_name(cert.subject),
        subject=name_text(cert.subject),
        issuer=name_text(cert.issuer),
        serial=serial,
        not_before=_aware(validity.get("not_before")),
        not_after=_aware(validity.get("not_after")),
        sha256=hashlib.sha256(cert.dump()).hexdigest(),
        key_id=key_id,
        key_usage=key_usage,
        extended_key_usage=extended,
        public_key=_public_key(cert),
        role=role,
    )


def _role(cert: x509.Certificate, first: bool, is_anchor: Any) -> str:
    if is_anchor(cert):
        return "anchor"
    if first:
        return "signer"
    return "root" if is_self_signed(cert) else "intermediate"


def chain_facts(
    cert: x509.Certificate, pool: list[x509.Certificate], is_anchor: Any, path: Any = None
) -> tuple[CertificateFacts, ...]:
    """From the signer up: the path pyHanko validated when there is one, else the chain
    found by key identifiers among ``pool`` (the trust store and the certificates the file
    carries), ending at a self-signed certificate or at the missing issuer."""
    certs: list[x509.Certificate] = []
    missing: CertificateFacts | None = None
    if path is not None:
        try:
            certs = [c for c in path.iter_certs(include_root=True)][::-1]
        except Exception:
            certs = []
    if not certs:
        certs = [cert]
        try:
            pairs = chain_of(cert, pool)
        except Exception:
            pairs = []
        for subject, issuer in pairs:
            if issuer is None:
                missing = CertificateFacts(
                    common_name=common_name(subject.issuer),
                    subject=name_text(subject.issuer),
                    key_id=key_id_text(subject.authority_key_identifier),
                    role="missing",
                )
                break
            certs.append(issuer)
            if is_anchor(issuer):
                break
    facts = [certificate_facts(c, _role(c, i == 0, is_anchor)) for i, c in enumerate(certs)]
    if missing is not None:
        facts.append(missing)
    return tuple(facts[:MAX_CHAIN])


def timestamp_facts(status: Any) -> TimestampFacts | None:
    """From pyHanko's timestamp status (a signature's, or a document timestamp's)."""
    if status is None:
        return None
    cert = getattr(status, "signing_cert", None)
    authority = organisation = None
    if cert is not None:
        authority = common_name(cert.subject)
        try:
            org = cert.subject.native.get("organization_name")
            organisation = str(org[-1] if isinstance(org, list) else org) if org else None
        except Exception:
            organisation = None
    return TimestampFacts(
        authority=authority,
        organisation=organisation,
        time=_aware(getattr(status, "timestamp", None)),
        valid=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
    )


def _message_digest(signed_data: Any, signer_info: Any) -> str | None:
    try:
        for attr in signer_info["signed_attrs"]:
            if attr["type"].native == "message_digest":
                return attr["values"][0].native.hex()
    except Exception:
        pass
    try:  # a document timestamp: the imprint of the covered bytes
        tst = signed_data["encap_content_info"]["content"].parsed
        return tst["message_imprint"]["hashed_message"].native.hex()
    except Exception:
        return None


def algorithm_facts(sig: Any) -> Algorithms:
    try:
        signer_info = sig.signer_info
    except Exception:
        return Algorithms()
    try:
        digest = str(signer_info["digest_algorithm"]["algorithm"].native)
    except Exception:
        digest = None
    try:
        signature = str(signer_info["signature_algorithm"].signature_algo)
    except Exception:
        signature = None
    return Algorithms(digest, signature, _message_digest(sig.signed_data, signer_info))


__all__ = [
    "algorithm_facts",
    "certificate_facts",
    "chain_facts",
    "name_text",
    "timestamp_facts",
]
