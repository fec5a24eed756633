"""How ``vanthu`` shows documents on a terminal and as JSON: tables that count wide
characters, one document's detail, signature lines."""

from __future__ import annotations

import sys
import unicodedata
from typing import Any

from app.cli import vi
from app.messages import status_label
from app.model import Direction, Document
from app.signature_checks import StoredReport


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    return text if _width(text) <= width else text[: max(width - 1, 1)] + "…"


def table(
    headers: list[str], rows: list[list[Any]], max_widths: dict[int, int] | None = None
) -> str:
    max_widths = max_widths or {}
    cells = [[str(c) for c in headers]] + [[("" if c is None else str(c)) for c in r] for r in rows]
    cells = [[_cut(c, max_widths.get(i, 60)) for i, c in enumerate(r)] for r in cells]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(row)).rstrip()
        )
        if n == 0:
            lines.append("  ".join("─" * w for w in widths))
    return "\n".join(lines)


def terminal_marks(snippet: str) -> str:
    bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("[", "]")
    text = snippet.replace("<mark>", bold).replace("</mark>", plain)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def dmy(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}" if iso and len(iso) >= 10 else ""


def _number_cell(d: Document) -> str:
    return f"{d.number}/{d.year}" if d.number is not None else "—"


def document_rows(docs: list[Document]) -> str:
    if not docs:
        return vi("(không có văn bản)", "(no documents)")
    headers = [
        "ID",
        vi("Sổ", "Reg."),
        vi("Số", "No."),
        vi("Số, ký hiệu", "Number/symbol"),
        vi("Ngày", "Date"),
        vi("Cơ quan ban hành", "Issuer"),
        vi("Trích yếu", "Subject"),
        vi("Trạng thái", "Status"),
    ]
    rows = [
        [
            d.id,
            d.register_code,
            _number_cell(d),
            d.notation,
            dmy(d.issued_date),
            d.issuer_name,
            d.subject,
            status_label("cancelled" if d.cancelled else d.status),
        ]
        for d in docs
    ]
    return table(headers, rows, {5: 28, 6: 60})


def document_detail(d: Document) -> str:
    labels = [
        (
            vi("Văn bản", "Document"),
            f"{d.id} ({vi('đến', 'incoming') if d.direction == Direction.INCOMING else vi('đi', 'outgoing')})",
        ),
        (
            vi("Sổ / số", "Register / no."),
            f"{d.register_code} {d.number}/{d.year}"
            if d.number is not None
            else f"{d.register_code} — " + vi("chưa cấp số", "not numbered yet"),
        ),
        (vi("Số, ký hiệu", "Number and symbol"), d.notation),
        (vi("Loại", "Type"), d.type_name),
        (vi("Ngày ban hành", "Issue date"), dmy(d.issued_date)),
        (vi("Ngày đến", "Arrival date"), dmy(d.arrival_date)),
        (vi("Cơ quan ban hành", "Issuer"), f"{d.issuer_name} ({d.issuer_id})"),
        (vi("Trích yếu", "Subject"), d.subject),
        (vi("Người ký", "Signer"), " — ".join(x for x in (d.position, d.signer) if x)),
        (vi("Độ khẩn / độ mật", "Urgency / secrecy"), level_words(d)),
        (vi("Hạn xử lý", "Due date"), dmy(d.due_date)),
        (vi("Xử lý", "Handling"), " ".join(x for x in (d.assignee, dmy(d.handed_on)) if x)),
        (vi("Nơi nhận", "Recipients"), d.recipients or d.to_places),
        (vi("Trạng thái", "Status"), status_label("cancelled" if d.cancelled else d.status)),
        (
            vi("Tệp", "File"),
            f"{d.file_name} ({d.file_size:,} B, sha256 {d.file_sha256[:12]}…)"
            if d.file_sha256
            else "",
        ),
    ]
    width = max(_width(k) for k, _ in labels)
    return "\n".join(f"{k}{' ' * (width - _width(k))}  {v}" for k, v in labels if v)


def level_words(d: Document) -> str:
    from app.model import (
        CONFIDENTIALITY_LABELS,
        URGENCY_LABELS,
        Confidentiality,
        Urgency,
    )

    return (
        f"{URGENCY_LABELS.get(Urgency(d.urgency), d.urgency)} / "
        f"{CONFIDENTIALITY_LABELS.get(Confidentiality(d.confidentiality), d.confidentiality)}"
    )


def document_json(d: Document, versions: int | None = None, **extra: Any) -> dict[str, Any]:
    data = d.summary()
    if d.number is None:
        data["notation"] = None  # not numbered yet
    data.update(
        signer=d.signer,
        position=d.position,
        assignee=d.assignee or None,
        recipients=d.recipients or None,
        file={"name": d.file_name, "sha256": d.file_sha256, "size": d.file_size}
        | ({"versions": versions} if versions is not None else {})
        if d.file_sha256
        else None,
    )
    data.update(extra)
    return data


def signature_line(checked: StoredReport) -> str:
    from app.messages_verify import verify_label

    label = verify_label("verdict", checked.verdict)
    if checked.verdict == "unsigned":
        return vi(f"Chữ ký số: {label}", f"Digital signatures: {label}")
    return vi(
        f"Chữ ký số: {label} ({checked.signatures} chữ ký, kiểm tra lúc {checked.checked_at})",
        f"Digital signatures: {label} ({checked.signatures}, checked at {checked.checked_at})",
    )


def signatures_json(checked: StoredReport | None) -> dict[str, Any] | None:
    if checked is None:
        return None
    return {
        "verdict": checked.verdict,
        "count": checked.signatures,
        "checked_at": checked.checked_at,
        "report": checked.report,
    }
