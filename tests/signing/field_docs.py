"""Signed documents as the field makes them, with the test PKI of field_pki.py: signers
that embed only their own certificate, timestamps and revocation data frozen at a chosen
moment, the tax-era ``adbe.pkcs7.sha1`` type, and what happens to files after signing (a note
added, page content changed, the whole file re-saved, one byte flipped)."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from typing import Any

from tests.signing.field_pki import (
    BEFORE_REVOCATION,
    PAST_SIGNING,
    FieldPki,
    fast_keys,
    utc_now,
)

# ---------------------------------------------------------------------------- signing ---


def sign(
    pki: FieldPki,
    data: bytes,
    signer: str,
    *,
    level: str = "B-T",
    at: dt.datetime | None = None,
    claimed: dt.datetime | None = None,
    subfilter: str = "ETSI.CAdES.detached",
    embed_chain: bool = False,
    field_name: str | None = None,
    online: bool = False,
    md: str = "sha256",
    box: tuple[float, float, float, float] | None = None,
    page: int = 0,
    prepare: Any = None,
    certify: int | None = None,
) -> bytes:
    """Sign ``data`` as the field does: by default the CMS embeds ONLY the signer's
    certificate. ``at`` freezes the PKI's time (timestamp, CRLs, OCSP); ``claimed`` is the
    signingTime written in the CMS (e.g. 7 hours off); ``online`` uses the running server
    (TSA over HTTP, revocation fetched by pyHanko). ``box`` makes the signature visible on
    ``page`` (a short text appearance, built-in font); ``prepare(writer)`` edits the revision
    before it is signed (tests/signing/field_itext.py); ``certify`` (1, 2 or 3) makes it a
    certification signature with those DocMDP permissions."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.signers.pdf_signer import PdfCMSSignedAttributes
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = pki.cert(signer)
    chain = pki.chain(signer) if embed_chain else []
    simple = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=pki.key(signer),
        cert_registry=SimpleCertificateStore.from_certs(chain),
    )
    sub = {
        "ETSI.CAdES.detached": fields.SigSeedSubFilter.PADES,
        "adbe.pkcs7.detached": fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
    }[subfilter]
    lt = level in ("B-LT", "B-LTA")
    from pyhanko.sign.fields import MDPPerm

    extra: dict[str, Any] = {}
    if certify is not None:
        extra = {"certify": True, "docmdp_permissions": MDPPerm(certify)}
    meta = signers.PdfSignatureMetadata(
        **extra,
        field_name=field_name or f"Sig_{signer}",
        md_algorithm=md,
        subfilter=sub,
        embed_validation_info=lt,
        use_pades_lta=level == "B-LTA",
        validation_context=pki.validation_context(signer, at, online) if lt else None,
    )
    stamper = pki.timestamper(at, online=online) if level != "B-B" else None
    spec, style = None, None
    if box is not None:
        from pyhanko.stamp import TextStampStyle

        spec = fields.SigFieldSpec(meta.field_name, on_page=page, box=tuple(int(v) for v in box))
        style = TextStampStyle(stamp_text="Da ky so\n%(ts)s", border_width=1)
    pdf_signer = signers.PdfSigner(
        meta, simple, timestamper=stamper, new_field_spec=spec, stamp_style=style
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    if prepare is not None:
        prepare(writer)

    async def run() -> io.BytesIO:
        session = pdf_signer.init_signing_session(writer)
        session.system_time = claimed or at or utc_now()
        info = await session.perform_presign_validation(writer)
        reserved = await session.estimate_signature_container_size(info)
        tbs = session.prepare_tbs_document(validation_info=info, bytes_reserved=reserved)
        digest, out = tbs.digest_tbs_document(in_place=False, output=None)
        post = await tbs.perform_signature(
            document_digest=digest.document_digest,
            pdf_cms_signed_attrs=PdfCMSSignedAttributes(
                signing_time=session.system_time,
                adobe_revinfo_attr=None if info is None else info.adobe_revinfo_attr,
            ),
        )
        await post.post_signature_processing(out)
        return out

    with fast_keys():
        return asyncio.run(run()).getvalue()


def sign_pkcs7_sha1(pki: FieldPki, data: bytes, signer: str = "old-tax") -> bytes:
    """A tax-era ``adbe.pkcs7.sha1`` signature: the CMS encapsulates the SHA-1 digest of the
    byte range and is signed with SHA-1 (an RSA-1024 key for ``old-tax``)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.signers.cms_embedder import PdfCMSEmbedder, SigIOSetup, SigObjSetup
    from pyhanko.sign.signers.pdf_byterange import SignatureObject
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    embedder = PdfCMSEmbedder().write_cms(field_name="ThueCu", writer=writer)
    next(embedder)
    placeholder = SignatureObject(bytes_reserved=8192)
    placeholder["/SubFilter"] = generic.NameObject("/adbe.pkcs7.sha1")
    embedder.send(SigObjSetup(sig_placeholder=placeholder))
    prepared, output = embedder.send(SigIOSetup(md_algorithm="sha1", in_place=False))
    simple = signers.SimpleSigner(
        signing_cert=pki.cert(signer),
        signing_key=pki.key(signer),
        cert_registry=SimpleCertificateStore.from_certs([]),
    )
    with fast_keys():
        cms = asyncio.run(
            simple.async_sign_general_data(prepared.document_digest, "sha1", detached=False)
        )
    embedder.send(cms)
    return output.getvalue()


# ------------------------------------------------------------ after-signing changes ---


def add_annotation(data: bytes) -> bytes:
    """A later revision that adds a text note to page 1 (and rewrites its /Annots)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page = w.root["/Pages"]["/Kids"][0].get_object()
    note = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Text"),
            pdf_name("/Rect"): generic.ArrayObject(
                generic.FloatObject(v) for v in (20, 20, 40, 40)
            ),
            pdf_name("/Contents"): generic.TextStringObject("Đã xem, chuyển phòng Tổng hợp"),
        }
    )
    ref = w.add_object(note)
    annots = page.get("/Annots")
    page[pdf_name("/Annots")] = generic.ArrayObject([*(annots or []), ref])
    w.update_container(page)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def change_page_content(data: bytes) -> bytes:
    """A later revision that draws extra text on page 1."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page = w.root["/Pages"]["/Kids"][0].get_object()
    extra = w.add_object(generic.StreamObject(stream_data=b"BT /F1 30 Tf 80 400 Td (SUA) Tj ET"))
    contents = page.raw_get("/Contents")
    items = list(contents) if isinstance(contents, generic.ArrayObject) else [contents]
    page[pdf_name("/Contents")] = generic.ArrayObject([*items, extra])
    w.update_container(page)
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def resave(data: bytes) -> bytes:
    """The whole file rewritten, as an editor does when it saves."""
    import logging

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    logging.getLogger("pyhanko").addHandler(logging.NullHandler())
    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(data), strict=False))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def flip_byte(data: bytes, marker: bytes = b"/Producer") -> bytes:
    """One byte changed inside every signature's signed range (early in the file)."""
    at = data.index(marker) + len(marker) + 3
    changed = bytearray(data)
    changed[at] ^= 0x01
    return bytes(changed)


# ------------------------------------------------------------------ signed documents ---


def recipes(pki: FieldPki) -> dict[str, Any]:
    doc = pki.document

    def three() -> bytes:
        a = sign(pki, doc(), "official", level="B-T", field_name="PheDuyet")
        b = sign(
            pki, a, "deputy", level="B-T", field_name="KyThay", subfilter="adbe.pkcs7.detached"
        )
        return sign(pki, b, "org", level="B-T", field_name="CoQuan")

    from tests.signing.field_itext import recipes as itext_recipes

    return itext_recipes(pki) | {
        "unsigned": doc,
        "b-b": lambda: sign(pki, doc(), "official", level="B-B"),
        "b-t": lambda: sign(pki, doc(), "official", level="B-T"),
        "b-lt": lambda: sign(pki, doc(), "official", level="B-LT"),
        "b-lta": lambda: sign(pki, doc(), "official", level="B-LTA"),
        "b-lt-online": lambda: sign(pki, doc(), "official", level="B-LT", online=True),
        "b-lta-online": lambda: sign(pki, doc(), "org", level="B-LTA", online=True),
        "b-t-online": lambda: sign(pki, doc(), "official", level="B-T", online=True),
        "chain-embedded": lambda: sign(pki, doc(), "official", level="B-T", embed_chain=True),
        "pkcs7": lambda: sign(pki, doc(), "org", level="B-T", subfilter="adbe.pkcs7.detached"),
        "g1": lambda: sign(pki, doc(), "g1-signer", level="B-T"),
        "g1-renewed": lambda: sign(pki, doc(), "g1-renewed", level="B-T"),
        "expired-rescued": lambda: sign(pki, doc(), "expired", level="B-LT", at=PAST_SIGNING),
        "expired-no-ts": lambda: sign(pki, doc(), "expired", level="B-B", at=PAST_SIGNING),
        "skew": lambda: sign(
            pki,
            doc(),
            "org",
            level="B-T",
            subfilter="adbe.pkcs7.detached",
            claimed=utc_now() + dt.timedelta(hours=7),
        ),
        "tax-sha1": lambda: sign_pkcs7_sha1(pki, doc()),
        "revoked-ocsp": lambda: sign(pki, doc(), "revoked-ocsp", level="B-T"),
        "revoked-crl": lambda: sign(pki, doc(), "revoked-crl", level="B-T"),
        "revoked-later": lambda: sign(pki, doc(), "revoked-crl", level="B-T", at=BEFORE_REVOCATION),
        "rogue": lambda: sign(pki, doc(), "rogue", level="B-T"),
        "three": three,
        "three-annot": lambda: add_annotation(pki.pdf("three")),
        "three-content": lambda: change_page_content(pki.pdf("three")),
        "resaved": lambda: resave(pki.pdf("three")),
        "tampered": lambda: flip_byte(pki.pdf("three")),
    }


def document_pages(pki: FieldPki, pages: int) -> bytes:
    """The decision with ``pages`` pages (the later ones: its appendix)."""
    from tests.conftest import make_pdf

    path = pki.base / f"van-ban-{pages}.pdf"
    if not path.exists():
        make_pdf(
            path,
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "QUYẾT ĐỊNH", "Về việc ban hành quy chế văn thư, lưu trữ",
             "Điều 1. Ban hành kèm theo Quyết định này Quy chế công tác văn thư.",
             "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."],
            pages=pages,
        )  # fmt: skip
    return path.read_bytes()


def document(pki: FieldPki) -> bytes:
    from tests.conftest import make_pdf

    path = pki.base / "van-ban.pdf"
    if not path.exists():
        make_pdf(
            path,
            ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "QUYẾT ĐỊNH", "Về việc ban hành quy chế văn thư, lưu trữ"],
        )  # fmt: skip
    return path.read_bytes()
