"""What the signatures of a PDF are, read WITHOUT the project's validator and without pyHanko:
pdfium (pypdfium2) finds the signature dictionaries, asn1crypto reads their CMS, poppler's
``pdfsig`` checks each digest. tests/data/field/make_manifest.py writes these facts into the
field corpus manifest and tests/signing/test_field_corpus.py holds the validator to them.

The expected verdict of a signature follows the rules of issue 9 (see ``expected_verdicts``);
it is derived here from the facts, never typed by hand."""

from __future__ import annotations

import ctypes
import datetime as dt
import hashlib
import re
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import cms, tsp, x509

ROOT = Path(__file__).resolve().parents[2]
BUNDLED_TRUST = ROOT / "resources" / "trust"
SHARED_PKI = ROOT.parent / "shared" / "pki" / "vn"  # ../shared, as CI lays it beside the clone
MANIFEST = ROOT / "tests" / "data" / "field" / "manifest.json"
ENV_CORPUS = "VANTHU_FIELD_CORPUS"
# Where the PDFs themselves lie (they are public material from other repositories and are
# not committed here, see tests/data/field/README.md): $VANTHU_FIELD_CORPUS, then
# ../shared/samples/field-pdf/ (beside the clone, as CI has it), then tests/data/field/.
CORPUS_DIRS = (
    ROOT.parent / "shared" / "samples" / "field-pdf",
    ROOT / "tests" / "data" / "field",
)

VALID, WARNINGS, INVALID, INDETERMINATE = (
    "valid",
    "valid_with_warnings",
    "invalid",
    "indeterminate",
)
LEGACY_SUBFILTERS = {"adbe.pkcs7.sha1", "adbe.x509.rsa_sha1"}
WEAK_DIGESTS = {"md2", "md5", "sha1"}
MIN_RSA_BITS = 2048


# ----------------------------------------------------------------------------- files ---


def corpus_dirs() -> list[Path]:
    import os

    env = os.environ.get(ENV_CORPUS, "").strip()
    return ([Path(env)] if env else []) + list(CORPUS_DIRS)


def locate(name: str) -> Path | None:
    """The first copy of corpus file ``name`` found, or None."""
    for folder in corpus_dirs():
        if (folder / name).is_file():
            return folder / name
    return None


def load_manifest() -> dict[str, Any]:
    import json

    return json.loads(MANIFEST.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------ certificates ---


@dataclass(frozen=True)
class KnownCert:
    """A CA certificate this machine knows: where it lies (relative name) and its keys."""

    where: str
    subject_cn: str
    ski: str | None
    aki: str | None
    self_signed: bool
    not_after: str


def _load_cert(raw: bytes) -> x509.Certificate | None:
    if b"-----BEGIN CERTIFICATE-----" in raw:
        import base64

        body = raw.split(b"-----BEGIN CERTIFICATE-----", 1)[1].split(b"-----END", 1)[0]
        raw = base64.b64decode(b"".join(body.split()))
    try:
        cert = x509.Certificate.load(raw)
        cert.native  # noqa: B018 - forces a full parse: garbage raises here
    except Exception:
        return None
    return cert


def _hex(value: bytes | None) -> str | None:
    return value.hex() if value else None


def known_certificates() -> list[KnownCert]:
    """Every certificate in resources/trust/ (the bundled store) and ../shared/pki/vn/."""
    found: list[KnownCert] = []
    for base, label in ((BUNDLED_TRUST, "resources/trust"), (SHARED_PKI, "shared/pki/vn")):
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix.lower() not in {".cer", ".crt", ".der", ".pem"}:
                continue
            cert = _load_cert(path.read_bytes())
            if cert is None:
                continue
            found.append(
                KnownCert(
                    where=f"{label}/{path.relative_to(base)}",
                    subject_cn=cert.subject.native.get("common_name", ""),
                    ski=_hex(cert.key_identifier),
                    aki=_hex(cert.authority_key_identifier),
                    self_signed=cert.self_signed != "no",
                    not_after=cert["tbs_certificate"]["validity"]["not_after"].native.isoformat(),
                )
            )
    return found


def issuer_lookup(aki: str | None, known: list[KnownCert]) -> dict[str, Any]:
    """Where the issuer with key id ``aki`` is known, and whether the BUNDLED store alone
    reaches a self-signed anchor from it (walking key ids upwards)."""
    if not aki:
        return {"bundled": None, "shared": None, "bundled_anchor": None}
    bundled = [k for k in known if k.ski == aki and k.where.startswith("resources/")]
    shared = [k for k in known if k.ski == aki and k.where.startswith("shared/")]
    anchor = None
    current = bundled[0] if bundled else None
    seen: set[str] = set()
    while current is not None and current.ski not in seen:
        seen.add(current.ski or "")
        if current.self_signed:
            anchor = current.subject_cn
            break
        parents = [k for k in known if k.ski == current.aki and k.where.startswith("resources/")]
        current = parents[0] if parents else None
    return {
        "bundled": bundled[0].where if bundled else None,
        "shared": shared[0].where if shared else None,
        "bundled_anchor": anchor,
    }


# ------------------------------------------------------------------------ pdfium side ---


@dataclass(frozen=True)
class RawSignature:
    contents: bytes
    byte_range: tuple[int, ...]
    subfilter: str
    claimed_m: str | None
    dict_type: str


def _pdfium_bytes(fn, obj, kind=ctypes.c_char) -> bytes:
    size = fn(obj, None, 0)
    if size <= 0:
        return b""
    buf = (kind * size)()
    fn(obj, buf, size)
    return bytes(buf)[:size]


def _enclosing_object(data: bytes, start: int, end: int) -> bytes:
    """The text of the (uncompressed) signature dictionary around /Contents: signature
    dictionaries are never in object streams, because /ByteRange must point into the file."""
    head = data.rfind(b" obj", 0, start)
    tail = data.find(b"endobj", end)
    if head < 0 or tail < 0:
        return b""
    return data[head:start] + data[end:tail]


def pdfium_signatures(data: bytes) -> list[RawSignature]:
    import pypdfium2.raw as c

    buf = ctypes.create_string_buffer(data, len(data))
    doc = c.FPDF_LoadMemDocument64(buf, len(data), None)
    if not doc:
        raise ValueError("pdfium cannot open this PDF")
    try:
        out = []
        for i in range(c.FPDF_GetSignatureCount(doc)):
            sig = c.FPDF_GetSignatureObject(doc, i)
            contents = _pdfium_bytes(c.FPDFSignatureObj_GetContents, sig)
            n = c.FPDFSignatureObj_GetByteRange(sig, None, 0)
            ranges = (ctypes.c_int * n)()
            c.FPDFSignatureObj_GetByteRange(sig, ranges, n)
            subfilter = _pdfium_bytes(c.FPDFSignatureObj_GetSubFilter, sig).rstrip(b"\0")
            when = _pdfium_bytes(c.FPDFSignatureObj_GetTime, sig).rstrip(b"\0")
            br = tuple(int(v) for v in ranges)
            if len(br) != 4 or not contents:
                continue  # an empty signature field: nothing was signed there
            text = _enclosing_object(data, br[1], br[2]) if len(br) == 4 else b""
            m = re.search(rb"/Type\s*/(Sig|DocTimeStamp)\b", text)
            sub = subfilter.decode("latin-1")
            dict_type = (
                m.group(1).decode() if m else ("DocTimeStamp" if sub == "ETSI.RFC3161" else "Sig")
            )
            out.append(
                RawSignature(
                    contents=contents,
                    byte_range=br,
                    subfilter=sub,
                    claimed_m=when.decode("latin-1") or None,
                    dict_type=dict_type,
                )
            )
        return out
    finally:
        c.FPDF_CloseDocument(doc)


def page_fingerprints(data: bytes, *, annotations: bool) -> list[str]:
    """A hash of each page as pdfium draws it (small scale): with ``annotations`` False only
    the page content, with True also annotations and form widgets (signature stamps)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        if annotations:
            pdf.init_forms()
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            bitmap = page.render(scale=0.5, draw_annots=annotations, may_draw_forms=annotations)
            out.append(hashlib.sha256(bytes(bitmap.buffer)).hexdigest())
            page.close()
        return out
    finally:
        pdf.close()


def changed_pages(before: bytes, after: bytes, *, annotations: bool) -> list[int]:
    """1-based numbers of the pages drawn differently in ``after`` than in ``before``
    (pages added or removed count as changed)."""
    a = page_fingerprints(before, annotations=annotations)
    b = page_fingerprints(after, annotations=annotations)
    return [i + 1 for i in range(max(len(a), len(b))) if i >= min(len(a), len(b)) or a[i] != b[i]]


# ------------------------------------------------------------------------ pdfsig side ---


@dataclass(frozen=True)
class PdfsigEntry:
    field_name: str
    ranges: tuple[int, ...]
    validation: str
    signature_type: str


def pdfsig_entries(path: Path) -> list[PdfsigEntry]:
    """``pdfsig -nocert``: certificate checks off, only the cryptography and the digest. It
    exits 0 even on "Digest Mismatch" (and 2 with no signature): the text is what counts."""
    run = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, text=True)
    entries = []
    for block in re.split(r"^Signature #\d+:\s*$", run.stdout, flags=re.M)[1:]:

        def line(label: str, block: str = block) -> str:
            m = re.search(rf"^\s*- {label}:\s*(.*?)\s*$", block, flags=re.M)
            return m.group(1) if m else ""

        ranges = tuple(int(v) for v in re.findall(r"\d+", line("Signed Ranges")))
        entries.append(
            PdfsigEntry(
                field_name=line("Signature Field Name"),
                ranges=ranges,
                validation=line("Signature Validation"),
                signature_type=line("Signature Type"),
            )
        )
    return entries


def pdfsig_digest_ok(validation: str) -> bool | None:
    """True for "Signature is Valid.", False for a mismatch or a bad signature, None when
    pdfsig cannot tell (document timestamps: "Unimplemented Feature" / unknown type)."""
    if validation.startswith("Signature is Valid"):
        return True
    if "Digest Mismatch" in validation or "Signature is Invalid" in validation:
        return False
    return None


# --------------------------------------------------------------------------- CMS side ---


def _attr(attrs, name: str):
    """The first value of attribute ``name``; an attribute that does not parse is skipped
    (field CMS carry vendor attributes asn1crypto does not know the shape of)."""
    if attrs is None:
        return None
    for a in attrs:
        try:
            if a["type"].native == name:
                return a["values"][0]
        except Exception:
            continue
    return None


def _signer_cert(signed: cms.SignedData, sid) -> x509.Certificate | None:
    for choice in signed["certificates"] or []:
        if choice.name != "certificate":
            continue
        cert = choice.chosen
        if sid.name == "issuer_and_serial_number":
            if (
                cert.issuer == sid.chosen["issuer"]
                and cert.serial_number == sid.chosen["serial_number"].native
            ):
                return cert
        elif cert.key_identifier == sid.chosen.native:
            return cert
    return None


def _name_field(cert: x509.Certificate, key: str) -> str | None:
    value = cert.subject.native.get(key)
    if isinstance(value, list):
        return " / ".join(str(v) for v in value)
    return str(value) if value is not None else None


def _iso(value) -> str | None:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC).isoformat()
    return None


def cms_facts(contents: bytes) -> dict[str, Any]:
    info = cms.ContentInfo.load(contents, strict=False)  # trailing zero padding is allowed
    signed = info["content"]
    si = signed["signer_infos"][0]
    cert = _signer_cert(signed, si["sid"])
    signing_time = _attr(si["signed_attrs"], "signing_time")
    tst_token = _attr(si["unsigned_attrs"], "signature_time_stamp_token")
    facts: dict[str, Any] = {
        "digest_algorithm": si["digest_algorithm"]["algorithm"].native,
        "signature_algorithm": si["signature_algorithm"]["algorithm"].native,
        "signing_time_claimed": _iso(signing_time.native) if signing_time is not None else None,
        "certificates_in_cms": len(signed["certificates"] or []),
        "signature_timestamp": None,
        "signer_certificate_included": cert is not None,
    }
    if tst_token is not None:
        tst = tst_token["content"]["encap_content_info"]["content"].parsed
        facts["signature_timestamp"] = _iso(tst["gen_time"].native)
    if signed["encap_content_info"]["content_type"].native == "tst_info":
        tst = signed["encap_content_info"]["content"].parsed
        assert isinstance(tst, tsp.TSTInfo)
        facts["timestamp_time"] = _iso(tst["gen_time"].native)
    if cert is not None:
        tbs = cert["tbs_certificate"]
        facts |= {
            "signer_cn": _name_field(cert, "common_name"),
            "signer_o": _name_field(cert, "organization_name"),
            "signer_uid": _name_field(cert, "user_id"),
            "signer_serial": format(cert.serial_number, "x"),
            "signer_not_before": _iso(tbs["validity"]["not_before"].native),
            "signer_not_after": _iso(tbs["validity"]["not_after"].native),
            "signer_key": f"{cert.public_key.algorithm}-{cert.public_key.bit_size}",
            "issuer_cn": cert.issuer.native.get("common_name"),
            "issuer_o": cert.issuer.native.get("organization_name"),
            "issuer_c": cert.issuer.native.get("country_name"),
            "issuer_key_id": _hex(cert.authority_key_identifier),
            "self_signed": cert.self_signed != "no",
        }
    return facts


# ------------------------------------------------------------------------ put together ---


@dataclass
class SignatureFacts:
    index: int
    field_name: str
    type: str
    subfilter: str
    byte_range: list[int]
    coverage: str
    claimed_m: str | None
    pdfsig_validation: str
    digest_ok: bool | None
    cms: dict[str, Any]
    issuer_known: dict[str, Any]
    content_changed_pages: list[int]
    drawing_changed_pages: list[int]
    expected: list[str]
    expected_reason: str
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def expected_verdicts(s: SignatureFacts) -> tuple[list[str], str]:
    """Issue 9's rules: altered (digest, or page content drawn differently in the final file
    than in the signed revision, annotations not drawn) -> invalid; legacy (adbe.pkcs7.sha1, SHA-1 or MD5 digest,
    RSA under 2048 bits) -> never valid; intact and chaining (by key id) to a bundled
    anchor -> valid or valid with warnings; otherwise intact but untrusted -> indeterminate."""
    c = s.cms
    if s.digest_ok is False:
        return [INVALID], f"pdfsig: {s.pdfsig_validation}"
    if s.content_changed_pages:
        return [INVALID], f"page content drawn differently after signing: {s.content_changed_pages}"
    if "error" in c:
        return [INDETERMINATE, INVALID], f"the CMS cannot be read ({c['error']})"
    key = c.get("signer_key") or ""
    bits = int(key.rsplit("-", 1)[1]) if key.startswith("rsa-") else MIN_RSA_BITS
    legacy = [
        why
        for why, hit in (
            (f"SubFilter {s.subfilter}", s.subfilter in LEGACY_SUBFILTERS),
            (f"digest {c.get('digest_algorithm')}", c.get("digest_algorithm") in WEAK_DIGESTS),
            (f"RSA-{bits}", bits < MIN_RSA_BITS),
        )
        if hit
    ]
    if legacy:
        return [INDETERMINATE, INVALID], "legacy cryptography: " + ", ".join(legacy)
    if not c.get("signer_certificate_included"):
        return [INDETERMINATE], "the signer's certificate is not in the CMS"
    anchor = s.issuer_known.get("bundled_anchor")
    if anchor:
        return [VALID, WARNINGS], f"intact, issuer bundled, chains to {anchor!r}"
    if c.get("self_signed"):
        return [INDETERMINATE], "self-signed signer certificate"
    if s.issuer_known.get("shared"):
        return [INDETERMINATE], "issuer only in shared/pki/vn, not bundled"
    return [
        INDETERMINATE
    ], f"issuer {c.get('issuer_cn')!r} (key id {c.get('issuer_key_id')}) unknown"


def file_facts(path: Path, known: list[KnownCert] | None = None) -> dict[str, Any]:
    """Everything the manifest says about one file, recomputed from its bytes."""
    data = Path(path).read_bytes()
    known = known if known is not None else known_certificates()
    raw = pdfium_signatures(data)
    entries = pdfsig_entries(Path(path))
    by_range = {e.ranges: e for e in entries}
    sigs = []
    for i, r in enumerate(raw):
        a, b, c_, d = r.byte_range
        entry = by_range.get((a, a + b, c_, c_ + d)) or PdfsigEntry("", (), "", "")
        try:
            facts = cms_facts(r.contents)
        except Exception as exc:  # garbage CMS: a fact too
            facts = {"error": f"{type(exc).__name__}: {exc}", "signer_certificate_included": False}
        end = c_ + d
        final = end == len(data)
        s = SignatureFacts(
            index=i,
            field_name=entry.field_name,
            type=r.dict_type,
            subfilter=r.subfilter,
            byte_range=list(r.byte_range),
            coverage="entire_file" if final else "revision",
            claimed_m=r.claimed_m,
            pdfsig_validation=entry.validation,
            digest_ok=pdfsig_digest_ok(entry.validation),
            cms=facts,
            issuer_known=issuer_lookup(facts.get("issuer_key_id"), known),
            content_changed_pages=[]
            if final
            else changed_pages(data[:end], data, annotations=False),
            drawing_changed_pages=[]
            if final
            else changed_pages(data[:end], data, annotations=True),
            expected=[],
            expected_reason="",
        )
        s.expected, s.expected_reason = expected_verdicts(s)
        sigs.append(s)
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "signatures": [s.as_json() for s in sigs],
    }


__all__ = [
    "BUNDLED_TRUST",
    "CORPUS_DIRS",
    "ENV_CORPUS",
    "INDETERMINATE",
    "INVALID",
    "MANIFEST",
    "SHARED_PKI",
    "VALID",
    "WARNINGS",
    "changed_pages",
    "corpus_dirs",
    "expected_verdicts",
    "file_facts",
    "known_certificates",
    "load_manifest",
    "locate",
    "pdfium_signatures",
    "pdfsig_digest_ok",
    "pdfsig_entries",
]
