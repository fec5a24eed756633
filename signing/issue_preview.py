"""Where issuing will write on the page, before anything is signed: the boxes of the number
and the date (the draft's "Số: …" and "ngày … tháng … năm …" places, as the issue role finds
them) and of the seal (over the left third of the official's signature), with the texts that
will be written there. The window draws them over a preview of the page; the clerk sees the
number and date where they will appear before typing the PIN.

Pure reading: nothing is written, no token is touched. PDFium is used under
``app.pdf.PDFIUM_LOCK`` (it is not thread-safe)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from app.errors import AppError
from app.pdf import PDFIUM_LOCK

Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class IssueMarks:
    """Boxes in PDF points from the page's bottom left (x1, y1, x2, y2), pages 0-based; a box
    is None where issuing could not place it, and ``problem`` then says why (the error the
    issue itself would stop with)."""

    number_text: str
    date_text: str
    page_sizes: tuple[tuple[float, float], ...] = ()
    number_page: int | None = None
    number_box: Box | None = None
    date_page: int | None = None
    date_box: Box | None = None
    seal_page: int | None = None
    seal_box: Box | None = None
    problem: AppError | None = None


def issue_marks(path: Path, notation: str, date: dt.date) -> IssueMarks:
    """The marks issuing ``path`` (an approved file) with ``notation`` on ``date`` would make."""
    from signing import appearance
    from signing.issue_fields import find_issue_places
    from signing.placement import open_writer
    from signing.roles import approval_widget

    number_text = appearance.number_text(notation)
    date_text = appearance.date_text(date)
    data = Path(path).read_bytes()
    with PDFIUM_LOCK:
        pdf = appearance._open_pdf(data)
        try:
            sizes = tuple(tuple(map(float, pdf.get_page_size(i))) for i in range(len(pdf)))
        finally:
            pdf.close()
        try:
            places = find_issue_places(data)
        except AppError as exc:
            return IssueMarks(number_text, date_text, sizes, problem=exc)
    marks = IssueMarks(
        number_text, date_text, sizes, places.number_page, _plain(places.number_box),
        places.date_page, _plain(places.date_box),
    )  # fmt: skip
    try:
        page, rect = approval_widget(open_writer(data))
    except AppError as exc:
        return _with(marks, problem=exc)
    return _with(marks, seal_page=page, seal_box=_plain(appearance.seal_box(rect)))


def _plain(box: Box) -> Box:
    x1, y1, x2, y2 = (float(v) for v in box)
    return (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))


def _with(marks: IssueMarks, **changes: object) -> IssueMarks:
    from dataclasses import replace

    return replace(marks, **changes)  # type: ignore[arg-type]


__all__ = ["IssueMarks", "issue_marks"]
