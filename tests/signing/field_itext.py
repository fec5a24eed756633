"""Revisions as the field's iText-based signing tools write them (issue 9), and the
after-signing edits the change analysis must tell apart from them.

What real Government CA documents show, reproduced here with the test PKI of field_pki.py:

- a signature revision that *frees* objects in its cross-reference table with generation
  65534 (``0000000000 65534 f``) — here the page's old ``/Annots`` array, which the revision
  replaces by a new one, and a leftover object of the office software;
- a signature revision that adds the signature's widget *and* a seal stamp annotation
  (``/Subtype /Stamp``) to the page, rewriting the page dictionary (and its ``/Tabs``);
- documents with many signatures (16) by several officials and the organisation;

and, as contrast, later revisions a signer must never accept: a page's content stream freed
(pdfium then draws an empty page), the text of a page replaced under the same object numbers.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tests.signing.field_pki import FieldPki

ITEXT_FREE_GENERATION = 65534
A4_BOXES = {  # where the field tools put widgets on an A4 page (points)
    "official": (330, 150, 520, 230),
    "deputy": (330, 240, 520, 320),
    "org": (300, 130, 440, 270),
}


@contextmanager
def frees(ids: list[int], generation: int = ITEXT_FREE_GENERATION) -> Iterator[None]:
    """Every cross-reference table pyHanko writes meanwhile also frees ``ids``, the way
    iText writes it: ``0000000000 65534 f``."""
    import pyhanko.pdf_utils.writer as pdf_writer

    real = pdf_writer.write_xref_table

    def with_free_entries(stream: Any, positions: dict[tuple[int, int], int]) -> int:
        location = real(stream, positions)
        for idnum in ids:
            stream.write(b"%d 1\n0000000000 %05d f \n" % (idnum, generation))
        return location

    pdf_writer.write_xref_table = with_free_entries
    try:
        yield
    finally:
        pdf_writer.write_xref_table = real


def _page(writer: Any, index: int) -> tuple[Any, Any]:
    ref = writer.root["/Pages"]["/Kids"].raw_get(index)
    return ref, ref.get_object()


def move_annots_to_new_array(writer: Any, index: int) -> list[int]:
    """Give the page a NEW indirect ``/Annots`` array (as iText does when it adds a widget);
    returns the id of the array it replaced, which the revision frees."""
    from pyhanko.pdf_utils import generic

    page_ref, page = _page(writer, index)
    old = page.raw_get("/Annots") if "/Annots" in page else None
    items = list(old.get_object()) if old is not None else []
    page["/Annots"] = writer.add_object(generic.ArrayObject(items))
    writer.update_container(page)
    writer.mark_update(page_ref)
    return [old.idnum] if isinstance(old, generic.IndirectObject) else []


def add_seal_stamp(writer: Any, index: int, rect: tuple[float, float, float, float]) -> Any:
    """A red seal drawn by a ``/Stamp`` annotation (vector art, no font), added to the page's
    ``/Annots``."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.generic import pdf_name

    x0, y0, x1, y1 = rect
    w, h = x1 - x0, y1 - y0
    r = min(w, h) / 2 - 2
    k = 0.5523 * r
    cx, cy = w / 2, h / 2
    circle = (
        f"{cx + r:.1f} {cy:.1f} m "
        f"{cx + r:.1f} {cy + k:.1f} {cx + k:.1f} {cy + r:.1f} {cx:.1f} {cy + r:.1f} c "
        f"{cx - k:.1f} {cy + r:.1f} {cx - r:.1f} {cy + k:.1f} {cx - r:.1f} {cy:.1f} c "
        f"{cx - r:.1f} {cy - k:.1f} {cx - k:.1f} {cy - r:.1f} {cx:.1f} {cy - r:.1f} c "
        f"{cx + k:.1f} {cy - r:.1f} {cx + r:.1f} {cy - k:.1f} {cx + r:.1f} {cy:.1f} c S"
    )
    art = f"q 0.85 0.05 0.05 RG 3 w {circle} Q".encode()
    appearance = generic.StreamObject(
        {
            pdf_name("/Type"): pdf_name("/XObject"),
            pdf_name("/Subtype"): pdf_name("/Form"),
            pdf_name("/BBox"): generic.ArrayObject(generic.FloatObject(v) for v in (0, 0, w, h)),
        },
        stream_data=art,
    )
    page_ref, page = _page(writer, index)
    stamp = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Stamp"),
            pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in rect),
            pdf_name("/F"): generic.NumberObject(4),
            pdf_name("/P"): page_ref,
            pdf_name("/Name"): pdf_name("/Approved"),
            pdf_name("/AP"): generic.DictionaryObject(
                {pdf_name("/N"): writer.add_object(appearance)}
            ),
        }
    )
    ref = writer.add_object(stamp)
    if "/Annots" not in page:
        page["/Annots"] = generic.ArrayObject([ref])
    else:
        holder = page.raw_get("/Annots")
        holder.get_object().append(ref)
        if isinstance(holder, generic.IndirectObject):
            writer.mark_update(holder)
    writer.update_container(page)
    return ref


def sign_like_itext(
    pki: FieldPki,
    data: bytes,
    signer: str,
    *,
    field_name: str,
    page: int = 0,
    box: tuple[float, float, float, float] | None = None,
    stamp: bool = False,
    free_extra: tuple[int, ...] = (),
    level: str = "B-T",
    subfilter: str = "adbe.pkcs7.detached",
) -> bytes:
    """A visible signature in ONE revision that, like the field's iText tools, gives the page
    a new ``/Annots`` array and frees the old one (generation 65534), sets ``/Tabs``,
    optionally adds the seal as a stamp annotation beside the widget, and frees
    ``free_extra`` too."""
    from pyhanko.pdf_utils.generic import pdf_name

    from tests.signing.field_docs import sign

    box = box or A4_BOXES.get(signer, (330, 150, 520, 230))
    freed: list[int] = list(free_extra)

    def prepare(writer: Any) -> None:
        freed.extend(move_annots_to_new_array(writer, page))
        _, page_obj = _page(writer, page)
        page_obj["/Tabs"] = pdf_name("/S")
        writer.update_container(page_obj)
        if stamp:
            x0, y0 = box[0], box[1]
            add_seal_stamp(writer, page, (x0 - 40, y0 - 10, x0 + 60, y0 + 90))

    with frees(freed):
        return sign(
            pki, data, signer, level=level, subfilter=subfilter, field_name=field_name,
            box=box, page=page, prepare=prepare,
        )  # fmt: skip


def with_orphans(data: bytes, count: int = 3) -> tuple[bytes, list[int]]:
    """The office software's own incremental save, leaving ``count`` objects no page uses
    (old thumbnails); returns the file and their ids."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    ids = []
    for n in range(count):
        ref = writer.add_object(generic.StreamObject(stream_data=b"%% thumbnail %d" % n))
        ids.append(ref.idnum)
    writer.update_root()  # the revision must be written even though nothing points there
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), ids


# --------------------------------------------------------- edits a signer never accepts ---


def _revision(
    data: bytes, edit: Callable[[Any], None], freed: list[int] | None = None, generation: int = 1
) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    edit(writer)
    out = io.BytesIO()
    if freed:
        with frees(freed, generation=generation):
            writer._force_write_when_empty = True
            writer.write(out)
    else:
        writer.write(out)
    return out.getvalue()


def free_page_content(data: bytes, index: int = 0, generation: int = 1) -> bytes:
    """A later revision that frees the content stream of page ``index`` (and nothing
    else): viewers then draw the page empty. With ``generation`` 65534 (iText's way) pyHanko
    still reads the old object, pdfium does not."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    reader_view = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    _, page = _page(reader_view, index)
    contents = page.raw_get("/Contents")
    target = contents.idnum if hasattr(contents, "idnum") else contents[0].idnum
    return _revision(data, lambda writer: None, freed=[target], generation=generation)


def replace_page_text(data: bytes, index: int = 0, text: bytes = b"SUA DOI") -> bytes:
    """A later revision that overwrites page ``index``'s content stream object in place (same
    object number) with other text."""
    from pyhanko.pdf_utils import generic

    def edit(writer: Any) -> None:
        _, page = _page(writer, index)
        contents = page.raw_get("/Contents")
        ref = contents if hasattr(contents, "idnum") else contents[0]
        fonts = page["/Resources"]["/Font"]
        font = next(iter(fonts.keys()))
        stream = generic.StreamObject(
            stream_data=b"BT %s 24 Tf 72 700 Td (%s) Tj ET" % (font.encode(), text)
        )
        writer.objects[(ref.generation, ref.idnum)] = stream

    return _revision(data, edit)


def reencode_page_resources(data: bytes, index: int = 0) -> bytes:
    """A later revision that rewrites the page's ``/Resources`` as a new, equivalent
    dictionary object (what some tools do when they add a widget): the objects differ, the
    page draws exactly the same."""
    from pyhanko.pdf_utils import generic

    def edit(writer: Any) -> None:
        _, page = _page(writer, index)
        resources = page["/Resources"]
        copy = generic.DictionaryObject({k: resources.raw_get(k) for k in resources})
        copy["/ProcSet"] = generic.ArrayObject(
            [generic.NameObject("/PDF"), generic.NameObject("/Text")]
        )
        page["/Resources"] = writer.add_object(copy)
        writer.update_container(page)

    return _revision(data, edit)


def new_catalog(data: bytes) -> bytes:
    """A later revision that points the trailer at a NEW copy of the catalog (nothing else
    changes): the objects cannot be compared entry by entry, the pages are drawn."""
    from pyhanko.pdf_utils import generic

    def edit(writer: Any) -> None:
        root = writer.root
        copy = generic.DictionaryObject({k: root.raw_get(k) for k in root})
        writer._root = writer.add_object(copy)  # what the writer puts in the trailer

    return _revision(data, edit)


def stamp_without_signature(data: bytes) -> bytes:
    """A later revision that adds a seal stamp annotation and signs nothing."""
    return _revision(data, lambda writer: add_seal_stamp(writer, 0, (60, 400, 160, 500)))


# ------------------------------------------------------------------- field documents ---


def sixteen(pki: FieldPki) -> bytes:
    """A three-page decision as the field signs it, 16 signatures in all: approved by the
    official (page 1), countersigned by the deputy, issued by the organisation with its seal
    stamp; each appendix page signed by the organisation; then the copies and
    acknowledgements of 4 offices (signed by the same test keys under other field names).
    Every signature revision is written like iText's (new /Annots array, old one freed with
    generation 65534), and the office software's earlier save left orphan objects, two of
    which later revisions free."""
    from tests.signing.field_docs import document_pages

    data, orphans = with_orphans(document_pages(pki, 3))
    plan: list[tuple[str, int, bool, str]] = [  # signer, page, seal stamp, level
        ("official", 0, False, "B-T"),
        ("deputy", 0, False, "B-T"),
        ("org", 0, True, "B-T"),
        ("org", 1, False, "B-T"),
        ("org", 2, False, "B-T"),
    ]
    signers = ("official", "deputy", "org", "g1-signer")
    while len(plan) < 16:
        n = len(plan)
        plan.append((signers[n % 4], n % 3, n % 5 == 0, "B-T"))
    for n, (signer, page, stamp, level) in enumerate(plan):
        y = 40 + (n // 3) * 130 % 600
        box = (60 + (n % 3) * 170, y, 60 + (n % 3) * 170 + 150, y + 60)
        extra = (orphans.pop(),) if n in (4, 9) and orphans else ()
        data = sign_like_itext(
            pki, data, signer, field_name=f"Ky{n + 1:02d}", page=page, box=box,
            stamp=stamp, free_extra=extra, level=level,
            subfilter="adbe.pkcs7.detached" if n % 2 else "ETSI.CAdES.detached",
        )  # fmt: skip
    return data


def recipes(pki: FieldPki) -> dict[str, Callable[[], bytes]]:
    from tests.signing.field_docs import add_annotation, sign

    def itext_pair() -> bytes:
        first = sign_like_itext(pki, pki.document(), "official", field_name="PheDuyet")
        return sign_like_itext(pki, first, "org", field_name="BanHanh", stamp=True)

    return {
        "itext-pair": itext_pair,
        "itext-pair-freed-content": lambda: free_page_content(pki.pdf("itext-pair")),
        "itext-pair-freed-content-65534": lambda: free_page_content(
            pki.pdf("itext-pair"), generation=ITEXT_FREE_GENERATION
        ),
        "itext-pair-replaced-text": lambda: replace_page_text(pki.pdf("itext-pair")),
        "itext-pair-resources": lambda: sign(
            pki, reencode_page_resources(pki.pdf("itext-pair")), "deputy", field_name="KyThem"
        ),
        "sixteen": lambda: sixteen(pki),
        "itext-pair-new-catalog": lambda: new_catalog(pki.pdf("itext-pair")),
        "itext-pair-stamp-unsigned": lambda: stamp_without_signature(pki.pdf("itext-pair")),
        "certified-p1-then-note": lambda: add_annotation(
            sign(pki, pki.document(), "org", certify=1, field_name="ChungNhan")
        ),
        "certified-p2-then-note": lambda: add_annotation(pki.pdf("certified-p2-then-signed")),
        "certified-p2-then-signed": lambda: sign(
            pki,
            sign(pki, pki.document(), "org", certify=2, field_name="ChungNhan"),
            "official",
            field_name="PheDuyet",
        ),
    }
