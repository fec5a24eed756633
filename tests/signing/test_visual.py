"""What pdfium draws (signing/visual.py): a single changed digit of 10-point text is a
different page; the same content written differently is the same page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from signing.report import INVALID, VALID, WARNINGS
from signing.validate import validate_pdf
from signing.visual import TOLERANCE, PageRenderer
from tests.signing.field_pki import FieldPki, fill_cache, trust_for

pytest_plugins = ["tests.signing.field_pki"]

AMOUNT = b"So tien thanh toan: 1.250.000 dong"


def amount_document(folder: Path) -> bytes:
    """A payment order with its amount in 10-point Helvetica, content left uncompressed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = folder / "lenh-chi.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=0)
    c.setFont("Helvetica", 10)
    c.drawString(72, 760, "LENH CHI TIEN")
    c.drawString(72, 740, AMOUNT.decode())
    c.showPage()
    c.save()
    return path.read_bytes()


def rewrite_content(data: bytes, change: Any) -> bytes:
    """A later revision that stores page 1's content stream again, as ``change`` makes it
    from the decoded bytes (same object number)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    ref = page.raw_get("/Contents")
    stream = generic.StreamObject(stream_data=change(ref.get_object().data))
    writer.objects[(ref.generation, ref.idnum)] = stream
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def signed(field_pki: FieldPki, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    from tests.signing.field_docs import sign

    folder = tmp_path_factory.mktemp("visual")
    return sign(field_pki, amount_document(folder), "official", level="B-T", field_name="Ky")


def drawings(data: bytes) -> tuple[PageRenderer, int]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    return PageRenderer(data, reader), reader.xrefs.total_revisions - 1


def test_one_changed_digit_of_10_point_text_is_a_different_page(
    field_pki: FieldPki, signed: bytes, tmp_path: Path
):
    from PIL import ImageChops

    changed = rewrite_content(signed, lambda d: d.replace(b"1.250.000", b"7.250.000"))
    renderer, last = drawings(changed)
    before, after = renderer.drawing(last - 1, 0), renderer.drawing(last, 0)
    before.save(tmp_path / "truoc.png")  # for a person to look at
    after.save(tmp_path / "sau.png")
    differing = ImageChops.difference(before, after).point(lambda v: 255 if v > TOLERANCE else 0)
    assert differing.histogram()[255] >= 5  # well above any rounding
    assert renderer.same_page(last - 1, last, 0) is False

    cache_dir = tmp_path / "cache"
    from signing.revocation import RevocationCache

    cache = RevocationCache(cache_dir)
    fill_cache(field_pki, cache)
    [sig] = validate_pdf(changed, trust=trust_for(field_pki), cache=cache).signatures
    assert sig.verdict == INVALID and sig.intact is True
    assert [f.data for f in sig.findings if f.code == "page_looks_different"] == [{"page": 1}]


def test_the_same_content_written_differently_is_the_same_page(field_pki: FieldPki, signed: bytes):
    spaced = rewrite_content(signed, lambda d: d.replace(b" Tf", b"  Tf\n"))
    renderer, last = drawings(spaced)
    assert renderer.same_page(last - 1, last, 0) is True
    [sig] = validate_pdf(spaced, trust=trust_for(field_pki)).signatures
    assert sig.verdict in (VALID, WARNINGS) and sig.changes == "other"
    assert "other_changes" in {f.code for f in sig.findings}


def test_a_revision_is_the_file_cut_after_its_end_of_file_marker(signed: bytes):
    renderer, last = drawings(signed + b"\n% a comment\n")
    assert renderer.revision_end(last) == len(signed)
    assert renderer.page_count(last) == 1


def test_a_file_cannot_make_pdfium_draw_without_end(signed: bytes, monkeypatch: pytest.MonkeyPatch):
    from signing import visual

    monkeypatch.setattr(visual, "MAX_DRAWINGS", 1)
    renderer, last = drawings(signed)
    assert renderer.drawing(last, 0) is not None
    assert renderer.same_page(last - 1, last, 0) is None  # the second drawing is refused
