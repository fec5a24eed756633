"""Following a sent document from the desk (the detail pane's actions), offline: where it
went, an update that corrects the metadata and queues the package in ONE transaction, and a
replacement sent to the same organisations — refused with the reason when it cannot be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.documents import DocumentService
from app.drafts import OutgoingDraft
from app.errors import InvalidInput, StateError
from app.workspace import Workspace
from sync.desk import ExchangeDesk
from sync.store import directory
from tests.conftest import make_pdf

ORG_B, ORG_C = "000.00.00.G22", "000.00.00.G18"


def _outgoing(ws: Workspace, tmp_path: Path, subject: str) -> int:
    pdf = make_pdf(tmp_path / f"{abs(hash(subject))}.pdf", ["CÔNG VĂN", subject])
    draft = OutgoingDraft.build(doc_type_value="CV", subject=subject, unit="VP", file=pdf,
                                signer="Nguyễn Văn A", position="Chủ tịch")  # fmt: skip
    return DocumentService(ws).register_outgoing(draft).id


def _rows(ws: Workspace, document_id: int) -> list[dict]:
    rows = ws.conn.execute(
        "SELECT to_orgs, spec FROM outbox WHERE document_id = ? ORDER BY id", (document_id,)
    ).fetchall()
    return [{"to": json.loads(r[0]), **json.loads(r[1])} for r in rows]


def test_an_update_corrects_and_queues_in_one_transaction(workspace: Workspace, tmp_path: Path):
    desk = ExchangeDesk(workspace)
    doc = _outgoing(workspace, tmp_path, "V/v báo cáo tháng")
    with pytest.raises(StateError) as caught:
        desk.update(doc, "Sửa trích yếu", {"subject": "V/v báo cáo tháng 11"})
    assert caught.value.problem == "never_sent"
    desk.service().send(doc, [ORG_C, ORG_B], allow_unsigned=True)
    assert desk.sent_to(doc) == sorted([ORG_B, ORG_C])

    with pytest.raises(InvalidInput) as caught:
        desk.update(doc, "   ", {"subject": "V/v báo cáo tháng 11"})
    assert caught.value.field == "reason"
    # a change the register forbids: neither the change nor the package is kept
    with pytest.raises(InvalidInput):
        desk.update(doc, "Sửa số", {"subject": "V/v khác", "number": 99})
    assert len(_rows(workspace, doc)) == 1
    assert DocumentService(workspace).get(doc).subject == "V/v báo cáo tháng"

    desk.update(doc, "Sửa trích yếu", {"subject": "V/v báo cáo tháng 11"})
    first, update = _rows(workspace, doc)
    assert update["business"] == 2 and update["reason"] == "Sửa trích yếu"
    assert update["to"] == first["to"] == sorted([ORG_B, ORG_C])
    assert DocumentService(workspace).get(doc).subject == "V/v báo cáo tháng 11"


def test_a_replacement_goes_where_the_first_went(workspace: Workspace, tmp_path: Path):
    desk = ExchangeDesk(workspace)
    first = _outgoing(workspace, tmp_path, "V/v tổ chức hội nghị")
    second = _outgoing(workspace, tmp_path, "V/v tổ chức hội nghị (thay thế)")
    with pytest.raises(StateError) as caught:
        desk.replace(first, second, "Đổi ngày họp")
    assert caught.value.problem == "never_sent"
    desk.service().send(first, [ORG_B], allow_unsigned=True)
    with pytest.raises(InvalidInput):
        desk.replace(first, first, "Đổi ngày họp")
    with pytest.raises(InvalidInput) as caught:
        desk.replace(first, second, "")
    assert caught.value.field == "reason"
    # the replacement is sent as any document: signed by the organisation, or not at all
    with pytest.raises(StateError) as caught:
        desk.replace(first, second, "Đổi ngày họp")
    assert caught.value.problem == "not_signed"
    assert _rows(workspace, second) == []


def test_agency_names_come_from_the_directory(workspace: Workspace):
    workspace.write(
        lambda c: directory.replace_all(c, [{"organ_id": ORG_B, "name": "Văn phòng Chính phủ"}])
    )
    assert ExchangeDesk(workspace).agency_names([ORG_B, ORG_C]) == {ORG_B: "Văn phòng Chính phủ"}


def test_a_status_finds_the_document_sent_to_the_one_answering(
    workspace: Workspace, tmp_path: Path
):
    """A secret document of the secret series can have a sent one's number, symbol and date,
    hence its DocumentId: a status belongs to the one that was sent to its sender."""
    from sync.store import inbox

    desk = ExchangeDesk(workspace)
    sent = _outgoing(workspace, tmp_path, "V/v báo cáo quý")
    secret = _outgoing(workspace, tmp_path, "V/v tài liệu mật")
    key = DocumentService(workspace).get(sent).document_key
    workspace.write(
        lambda c: c.execute("UPDATE documents SET document_key = ? WHERE id = ?", (key, secret))
    )
    desk.service().send(sent, [ORG_B], allow_unsigned=True)
    assert inbox.sent_document(workspace.conn, key, ORG_B) == sent  # not the newer secret one
    assert inbox.sent_document(workspace.conn, key, ORG_C) is None  # never sent there
    assert inbox.sent_document(workspace.conn, "", ORG_B) is None
