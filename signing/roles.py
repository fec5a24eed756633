"""What each ND30 role puts on the page (domain.md §6), prepared on the writer before pyHanko
signs: the field, its box and its appearance.

- approve: the official's handwritten-signature image at the chosen place; on a draft showing
  the "Số: …" and date places, two empty read-only text fields over them, for the clerk to fill
  (signing/issue_fields.py says why);
- issue: only on a document whose official's signature is intact; the number and date written
  in those text fields (or in new ones when the approval came from other software), in the
  revision the organisation signs, and the red seal overlapping the left third of the
  official's signature image;
- attachment / copy: text at the top right of the first page, no image.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.clock import VN_TZ
from app.errors import InvalidInput, StateError
from app.pdf import PDFIUM_LOCK
from signing.placement import new_field_name, resolve_placement, signature_fields

if TYPE_CHECKING:
    from signing.sign import SignRequest


@dataclass
class RolePlan:
    field_name: str
    field_spec: Any  # pyhanko SigFieldSpec for a new field, None for an existing one
    style: Any  # pyhanko stamp style
    text_params: dict[str, str] = field(default_factory=dict)
    signing_time: dt.datetime | None = None  # the time the stamp shows: the CMS says the same


def prepare(writer: Any, source: Path, request: SignRequest) -> RolePlan:
    """``writer``: the document opened for the new revision; ``source``: its file. PDFium
    (the page text and ink the placement reads) is held for the whole preparation."""
    with PDFIUM_LOCK:
        return _prepare(writer, source, request)


def _prepare(writer: Any, source: Path, request: SignRequest) -> RolePlan:
    from signing.sign import FIELD_PREFIX, Role

    prefix = FIELD_PREFIX[request.role]
    if request.role is Role.APPROVE:
        if request.placement is None:
            raise InvalidInput("placement", "missing")
        name, page_ix, box = resolve_placement(writer, source, request.placement, prefix)
        style = image_style(_image(request))
        from signing.issue_fields import add_placeholders

        add_placeholders(writer, source)
        return RolePlan(name, _spec(name, page_ix, box), style)
    if request.role is Role.ISSUE:
        return _issue(writer, source, request, prefix)
    return _text_role(writer, source, request, prefix)


def _spec(name: str, page_ix: int | None, box: Any) -> Any:
    from pyhanko.sign import fields

    if page_ix is None:
        return None
    return fields.SigFieldSpec(name, on_page=page_ix, box=box)


def _image(request: SignRequest) -> Path:
    if request.image is None:
        raise InvalidInput("image", "missing")
    image = Path(request.image)
    if not image.is_file():
        raise InvalidInput("image", "missing", value=str(image))
    return image


def _existing_names(writer: Any) -> set[str]:
    from pyhanko.sign import fields

    return {name for name, _ in signature_fields(writer, fields)}


# -- issue -------------------------------------------------------------------------------


def _issue(writer: Any, source: Path, request: SignRequest, prefix: str) -> RolePlan:
    from pyhanko.sign import fields

    from signing import appearance
    from signing.issue_fields import find_issue_places, write_number_and_date

    issued = [
        n for n, filled in signature_fields(writer, fields) if n.startswith(prefix) and filled
    ]
    if issued:  # a document is issued once: a second seal would give it a second number
        raise StateError("issue_signed", field=issued[0])
    page_ix, approve_rect = approval_widget(writer)
    seal = appearance.seal_box(approve_rect)
    style = image_style(_image(request))
    if request.number:
        when = request.date or dt.datetime.now(VN_TZ).date()
        write_number_and_date(
            writer,
            find_issue_places(source),
            appearance.number_text(request.number),
            appearance.date_text(when),
        )
    name = new_field_name(_existing_names(writer), prefix)
    return RolePlan(name, _spec(name, page_ix, seal), style)


def approval_widget(writer: Any) -> tuple[int, tuple[float, float, float, float]]:
    """Page (0-based) and rectangle of the official's signature: the last signature in the
    file, which must be intact and cryptographically valid."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = writer.prev
    try:
        signatures = [
            s for s in reader.embedded_signatures if s.sig_object.get("/Type") != "/DocTimeStamp"
        ]
    except Exception as exc:
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc
    if not signatures:
        raise InvalidInput("file", "not_approved")
    last = signatures[-1]
    try:
        status = validate_pdf_signature(
            last, signer_validation_context=ValidationContext(trust_roots=[], allow_fetching=False)
        )
    except Exception as exc:
        raise InvalidInput("file", "approval_invalid", reason=str(exc)) from exc
    if not (status.intact and status.valid):
        raise InvalidInput("file", "approval_invalid", value=last.field_name)
    widget = last.sig_field
    if "/Rect" not in widget and "/Kids" in widget:
        widget = widget["/Kids"][0].get_object()
    rect = tuple(float(v) for v in widget["/Rect"])
    x1, y1, x2, y2 = rect
    if x2 - x1 < 1 or y2 - y1 < 1:
        raise InvalidInput("file", "approval_invisible", value=last.field_name)
    return _widget_page(reader, widget), (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _widget_page(reader: Any, widget: Any) -> int:
    """The page holding the widget: by its /P entry, else by the pages' /Annots."""
    from pyhanko.pdf_utils import generic

    count = int(reader.root["/Pages"]["/Count"])
    refs = [reader.find_page_for_modification(i)[0] for i in range(count)]
    target = widget.raw_get("/P") if "/P" in widget else None
    if isinstance(target, generic.IndirectObject):
        for ix, ref in enumerate(refs):
            if ref.idnum == target.idnum:
                return ix
    own = getattr(widget, "container_ref", None)
    for ix, ref in enumerate(refs):
        for annot in ref.get_object().get("/Annots") or []:
            annot_ref = annot.reference if hasattr(annot, "reference") else annot
            if own is not None and getattr(annot_ref, "idnum", None) == own.idnum:
                return ix
    return 0


# -- attachment and copy -----------------------------------------------------------------


def _text_role(writer: Any, source: Path, request: SignRequest, prefix: str) -> RolePlan:
    """The text at the top right of the first page, on free paper (signing/free_space.py);
    at the place the user chose instead, when a placement is given."""
    from signing import appearance
    from signing.free_space import find_stamp_place
    from signing.sign import Role

    when = dt.datetime.now(VN_TZ).replace(microsecond=0)
    if request.role is Role.ATTACHMENT:
        if not request.number:
            raise InvalidInput("code", "missing")
        lines = appearance.attachment_lines(request.number, when)
    else:
        if not request.copy_form:
            raise InvalidInput("copy_form", "missing")
        if not request.organisation:
            raise InvalidInput("org_name", "missing")
        lines = appearance.copy_lines(request.copy_form, request.organisation, when)
    if request.placement is not None:
        name, page_ix, box = resolve_placement(writer, source, request.placement, prefix)
        style = appearance.text_stamp_style(lines)
        return RolePlan(name, _spec(name, page_ix, box), style, signing_time=when)
    variants = [lines, appearance.fewer_lines(lines)]
    place = find_stamp_place(source, variants, appearance.stamp_size)
    name = new_field_name(_existing_names(writer), prefix)
    style = appearance.text_stamp_style(place.lines, place.font_size, turn=place.turn)
    return RolePlan(name, _spec(name, place.page, place.box), style, signing_time=when)


# -- images ------------------------------------------------------------------------------


def image_style(image: Path) -> Any:
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
