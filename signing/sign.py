"""ND30 signatures on PDF files with pyHanko over a PKCS#11 token.

This module does the first role only: the official's **approval** signature (domain.md §6.1),
PAdES B-B, SHA-256, RSA PKCS#1 v1.5, with a visible appearance that is the blue handwritten
signature image alone (no text). The clerk's issue signature (seal overlapping the approval),
attachments, electronic copies, and the levels B-T, B-LT and B-LTA come next.

Every pyHanko call that reaches the token runs on the module's thread: pyHanko hands C_Sign and
the object look-ups to an asyncio executor, so the event loop we run there uses an executor that
calls them in place instead of on a pool thread.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.clock import VN_TZ
from app.errors import InvalidInput
from app.fileio import write_atomically
from signing.errors import KeyNotFound, SigningError, TokenRemoved
from signing.tokens import TokenModule

APPROVE_FIELD_PREFIX = "PheDuyet"
ANCHOR_BOX_SIZE = (150.0, 62.5)  # points: the sample image's 12:5 ratio, about 5 cm wide
ANCHOR_GAP = 2.0  # points between the anchor line and the top of the image box


@dataclass(frozen=True)
class Placement:
    """Where the signature goes: an existing empty ``field``; or a ``page`` (1-based) and a
    ``box`` (x1, y1, x2, y2 in PDF points from the bottom-left); or an ``anchor`` text, the
    image then going centred just below the line holding it (``size`` = its width, height)."""

    field: str | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    anchor: str | None = None
    size: tuple[float, float] = ANCHOR_BOX_SIZE

    def __post_init__(self) -> None:
        by_field = self.field is not None
        by_box = self.page is not None or self.box is not None
        by_anchor = self.anchor is not None
        if by_field + by_box + by_anchor != 1:
            raise InvalidInput(
                "placement", "ambiguous" if by_field + by_box + by_anchor else "missing"
            )
        if by_field and not self.field:
            raise InvalidInput("placement", "missing", value=self.field)
        if by_anchor and not self.anchor.strip():
            raise InvalidInput("placement", "missing", value=self.anchor)
        if by_box:
            if self.page is None or self.box is None:
                raise InvalidInput("placement", "missing", value=(self.page, self.box))
            if self.page < 1:
                raise InvalidInput("placement", "page_out_of_range", value=self.page)
            x1, y1, x2, y2 = self.box
            if not (x2 > x1 and y2 > y1):
                raise InvalidInput("placement", "malformed", value=self.box)
        width, height = self.size
        if width <= 0 or height <= 0:
            raise InvalidInput("placement", "malformed", value=self.size)


@dataclass(frozen=True)
class SignResult:
    path: Path
    field_name: str
    signer_common_name: str
    signed_at: str  # ISO 8601, Vietnam time
    sha256: str  # of the output file


def sign_approve(
    module: TokenModule,
    token: str,
    pin: str,
    cka_id: str,
    src: Path,
    dst: Path,
    *,
    image: Path,
    placement: Placement,
    reason: str = "Phê duyệt",
    location: str = "",
) -> SignResult:
    """The official's approval signature: PAdES B-B with the signature image as appearance.
    ``dst`` is written atomically; on any error it is left as it was."""
    src, dst, image = Path(src), Path(dst), Path(image)
    try:
        data = src.read_bytes()
    except OSError as exc:
        raise InvalidInput("file", "unreadable", value=str(src)) from exc
    if not image.is_file():
        raise InvalidInput("image", "missing", value=str(image))
    field_name, page_ix, box = _resolve_placement(data, placement)
    signed, common_name = module.run(
        lambda _lib: _sign_on_module_thread(
            module,
            token,
            pin,
            cka_id,
            data,
            image,
            field_name,
            page_ix,
            box,
            reason,
            location,
        )
    )
    write_atomically(dst, True, lambda stream: stream.write(signed))
    return _describe(dst, signed, common_name)


# -- placement ---------------------------------------------------------------------------


def _resolve_placement(
    data: bytes, placement: Placement
) -> tuple[str, int | None, tuple[float, float, float, float] | None]:
    """(field name, 0-based page or None, box or None); a None page means an existing field."""
    from pyhanko.sign import fields

    writer = _open_writer(data)
    existing = {name: filled for name, filled in _signature_fields(writer, fields)}
    if placement.field is not None:
        if placement.field not in existing:
            raise InvalidInput("placement", "no_such_field", value=placement.field)
        if existing[placement.field]:
            raise InvalidInput("placement", "field_signed", value=placement.field)
        return placement.field, None, None
    name = _new_field_name(existing)
    page_count = _page_count(writer)
    if placement.anchor is not None:
        page_ix, box = _anchor_box(data, placement.anchor, placement.size)
        return name, page_ix, box
    assert placement.page is not None and placement.box is not None
    if placement.page > page_count:
        raise InvalidInput("placement", "page_out_of_range", value=placement.page)
    return name, placement.page - 1, tuple(float(v) for v in placement.box)  # type: ignore[return-value]


def _signature_fields(writer: Any, fields: Any) -> list[tuple[str, bool]]:
    try:
        return [(name, value is not None) for name, value, _ in fields.enumerate_sig_fields(writer)]
    except Exception as exc:  # a damaged AcroForm
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc


def _new_field_name(existing: dict[str, bool]) -> str:
    n = 1
    while f"{APPROVE_FIELD_PREFIX}{n}" in existing:
        n += 1
    return f"{APPROVE_FIELD_PREFIX}{n}"


def _page_count(writer: Any) -> int:
    try:
        return int(writer.root["/Pages"]["/Count"])
    except Exception as exc:
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc


def _anchor_box(
    data: bytes, anchor: str, size: tuple[float, float]
) -> tuple[int, tuple[float, float, float, float]]:
    """The first page holding ``anchor``: a box of ``size`` centred under the matched text,
    its top just below the lowest point of the line's matched characters."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc
    try:
        for page_ix in range(len(pdf)):
            page = pdf[page_ix]
            text = page.get_textpage()
            found = text.search(anchor, match_case=False).get_next()
            if found is None:
                continue
            start, count = found
            boxes = [text.get_charbox(i) for i in range(start, start + count)]
            boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]]  # skip spaces
            if not boxes:
                continue
            left = min(b[0] for b in boxes)
            right = max(b[2] for b in boxes)
            bottom = min(b[1] for b in boxes)
            width, height = size
            centre = (left + right) / 2
            top = bottom - ANCHOR_GAP
            return page_ix, (centre - width / 2, top - height, centre + width / 2, top)
    finally:
        pdf.close()
    raise InvalidInput("placement", "anchor_not_found", value=anchor)


# -- signing, on the module thread -------------------------------------------------------


class _InPlaceExecutor(ThreadPoolExecutor):
    """Runs each job at once on the calling thread (the module thread): asyncio's
    ``run_in_executor`` needs a ThreadPoolExecutor, and pyHanko reaches the token through it."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def _run_here(coro: Any) -> Any:
    loop = asyncio.new_event_loop()
    loop.set_default_executor(_InPlaceExecutor(max_workers=1))
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()


def _sign_on_module_thread(
    module: TokenModule,
    token: str,
    pin: str,
    cka_id: str,
    data: bytes,
    image: Path,
    field_name: str,
    page_ix: int | None,
    box: tuple[float, float, float, float] | None,
    reason: str,
    location: str,
) -> tuple[bytes, str]:
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError as PyHankoSigningError
    from pyhanko.sign.pkcs11 import PKCS11Signer

    from signing.tokens import _removed

    with module.session(token, pin) as session:
        session.private_key(cka_id)  # KeyNotFound before pyHanko tries
        try:
            signer = PKCS11Signer(
                session.raw,
                key_id=bytes.fromhex(cka_id),
                cert_id=bytes.fromhex(cka_id),
                other_certs_to_pull=None,  # every certificate on the token: the chain
                prefer_pss=False,
            )
            meta = signers.PdfSignatureMetadata(
                field_name=field_name,
                md_algorithm="sha256",
                subfilter=fields.SigSeedSubFilter.PADES,
                reason=reason or None,
                location=location or None,
            )
            spec = None
            if page_ix is not None:
                spec = fields.SigFieldSpec(field_name, on_page=page_ix, box=box)
            pdf_signer = signers.PdfSigner(
                meta, signer=signer, stamp_style=_image_style(image), new_field_spec=spec
            )
            out = io.BytesIO()
            writer = _open_writer(data)
            _run_here(pdf_signer.async_sign_pdf(writer, output=out))
            common_name = str(signer.signing_cert.subject.native.get("common_name", ""))
            return out.getvalue(), common_name
        except PKCS11Error as exc:
            if _removed(exc):
                raise TokenRemoved(token=token) from exc
            raise SigningError(token=token, reason=type(exc).__name__) from exc
        except PyHankoSigningError as exc:
            if "private key" in str(exc).lower() or "certificate" in str(exc).lower():
                raise KeyNotFound(token=token, cka_id=cka_id) from exc
            raise SigningError(token=token, reason=str(exc)) from exc
        except PdfError as exc:
            raise InvalidInput("file", "malformed", reason=str(exc)) from exc


def _image_style(image: Path) -> Any:
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    try:
        picture = PdfImage(str(image))
    except Exception as exc:  # Pillow: not an image, or a damaged one
        raise InvalidInput("image", "malformed", value=str(image)) from exc
    return StaticStampStyle(
        background=picture,
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
        ),
    )


# -- files -------------------------------------------------------------------------------


def _open_writer(data: bytes) -> Any:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    try:
        return IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except Exception as exc:  # PdfReadError and whatever a damaged file makes the parser raise
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc


def _describe(dst: Path, payload: bytes, common_name: str) -> SignResult:
    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(io.BytesIO(payload), strict=False).embedded_signatures[-1]
    when = signature.self_reported_timestamp
    return SignResult(
        path=dst,
        field_name=signature.field_name,
        signer_common_name=common_name,
        signed_at=when.astimezone(VN_TZ).isoformat() if when else "",
        sha256=hashlib.sha256(payload).hexdigest(),
    )


__all__ = ["Placement", "SignResult", "sign_approve"]
