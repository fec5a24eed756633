"""From the register to edXML and back: the package an outbox row sends, and what a received
package does to the register (one transaction each)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from app.clock import vn_now
from app.drafts import IncomingDraft
from app.errors import DuplicateDocument, InvalidInput
from app.model import Direction, Document
from sync import edxml
from sync.store import inbox, outbox
from sync.store.directory import get as directory_get


def _organ(conn: Any, organ_id: str, name: str = "") -> edxml.Organ:
    if not name:
        known = directory_get(conn, organ_id)
        name = known.name if known else organ_id
    return edxml.Organ(organ_id=organ_id, organ_name=name)


def _sender(ws: Any) -> edxml.Organ:
    org = ws.organisation
    return edxml.Organ(organ_id=org.organ_id, organ_name=org.name)


def build_for(ws: Any, row: outbox.OutboxRow, path: Path) -> None:
    """Write the package of ``row`` to ``path``."""
    if row.kind == "status":
        _build_status(ws, row, path)
        return
    doc = _document(ws, row.document_id)
    spec = row.spec
    replacements = ()
    if spec.get("replaces"):
        replacements = (edxml.ReplacementInfo(document_id=spec["replaces"], organ_ids=row.to_orgs),)
    message = edxml.EdocMessage(
        sender=_sender(ws),
        to=tuple(_organ(ws.conn, o) for o in row.to_orgs),
        document_id=doc.document_key,
        code=edxml.Code(doc.code_number, doc.code_notation),
        promulgation=edxml.Promulgation(
            place=ws.setting("org_place") or "", date=dt.date.fromisoformat(doc.issued_date)
        ),
        subject=doc.subject,
        trace=(
            edxml.TraceHeader(
                organ_id=ws.organisation.organ_id, timestamp=vn_now(ws.clock).replace(microsecond=0)
            ),
        ),
        business=edxml.Business(
            doc_type=int(spec.get("business", 0)),
            reason=spec.get("reason", ""),
            document_id=doc.document_key,
            replacements=replacements,
            document_info=edxml.BusinessDocumentInfo(document_info=True)
            if int(spec.get("business", 0)) == edxml.BusinessKind.UPDATE
            else None,
        ),
        document_type=edxml.DocumentType(
            type="2", type_detail=doc.doc_type, type_name=doc.doc_type
        ),
        signer=edxml.SignerInfo(position=doc.position, full_name=doc.signer),
        other=edxml.OtherInfo(priority=min(int(doc.urgency or 0), 4)),
    )
    attachments = [
        edxml.OutgoingAttachment(
            name=doc.file_name or f"{doc.notation.replace('/', '_')}.pdf",
            content_type="application/pdf",
            path=ws.blobs.path_for(doc.file_sha256),
        )
    ]
    with open(path, "wb") as out:
        edxml.build_edoc(message, attachments, out)


def _build_status(ws: Any, row: outbox.OutboxRow, path: Path) -> None:
    spec = row.spec
    issued = spec.get("issued_date")
    message = edxml.StatusMessage(
        sender=_sender(ws),
        response_for=(
            edxml.ResponseFor(
                organ_id=row.to_orgs[0],
                code=spec.get("code", ""),
                document_id=spec.get("document_key", ""),
                promulgation_date=dt.date.fromisoformat(issued) if issued else None,
            ),
        ),
        status_code=spec["status"],
        timestamp=dt.datetime.fromisoformat(row.spec["at"]) if row.spec.get("at") else None,
        description=spec.get("reason", ""),
        staff=edxml.StaffInfo(staff=ws.actor),
    )
    path.write_bytes(edxml.build_status(message))


def _document(ws: Any, document_id: int | None) -> Document:
    from app.documents import DocumentService

    if document_id is None:
        raise InvalidInput("document_id", "missing")
    return DocumentService(ws).get(document_id)


# -- receiving -------------------------------------------------------------------------------


def apply_package(
    service: Any, item: Any, kind: str, raw_sha: str, parsed: edxml.ParsedPackage
) -> tuple[int, int | None, str]:
    """Register or apply ``parsed`` in one transaction with its inbox row (and the automatic
    status 01 for a new document). Returns (inbox id, document id, state)."""
    from sync.exchange import find_by_key

    ws = service.ws
    message = parsed.message
    now = vn_now(ws.clock)

    def apply(conn: Any) -> tuple[int, int | None, str]:
        document_id: int | None = None
        state = "applied"
        if isinstance(message, edxml.StatusMessage):
            document_id, state = _apply_status(service, conn, message, now)
        else:
            business = int(message.business.doc_type)
            existing = find_by_key(conn, message.document_id, Direction.INCOMING)
            if business == edxml.BusinessKind.REVOKE:
                document_id = existing
                if existing is not None:
                    service._event(
                        conn, now, "receive", existing, revoke=True,
                        reason=message.business.reason, organ_id=message.sender.organ_id,
                    )  # fmt: skip
                    doc = service.docs.get(existing)
                    if not doc.cancelled:
                        service.docs.cancel(existing, message.business.reason or "Nơi gửi thu hồi")
                state = "applied" if existing is not None else "unknown_document"
            elif business == edxml.BusinessKind.UPDATE and existing is not None:
                changes = {"subject": message.subject}
                if message.signer.full_name:
                    changes["signer"] = message.signer.full_name
                service.docs.edit(existing, changes, reason="Nơi gửi cập nhật văn bản")
                _replace_file(service, conn, existing, parsed)
                service._event(  # the sender's request, waiting for the clerk's 15 or 16
                    conn, now, "receive", existing, update=True,
                    reason=message.business.reason, organ_id=message.sender.organ_id,
                )  # fmt: skip
                document_id, state = existing, "applied"
            else:
                try:
                    document_id = _register(service, message, parsed)
                    state = "registered"
                except DuplicateDocument:
                    document_id, state = existing, "duplicate"
                if state == "registered":
                    doc = service.docs.get(document_id)
                    service._queue_status(conn, doc, "01", "", now)
                    if business == edxml.BusinessKind.REPLACE:
                        replaced = []
                        for info in message.business.replacements:
                            old = find_by_key(conn, info.document_id, Direction.INCOMING)
                            if old is not None and not service.docs.get(old).cancelled:
                                service.docs.cancel(old, f"Bị thay thế bởi {doc.notation}")
                                replaced.append(old)
                        service._event(  # the sender's request, waiting for 15 or 16
                            conn, now, "receive", document_id, replaces=replaced,
                            reason=message.business.reason, organ_id=message.sender.organ_id,
                        )  # fmt: skip
        inbox_id = inbox.add(
            conn, axis_doc_id=item.doc_id, message_type=kind,
            from_org=message.sender.organ_id, received_at=now.isoformat(),
            package_sha256=raw_sha, state=state, document_id=document_id,
            detail=json.dumps([r.code for r in parsed.repairs]),
        )  # fmt: skip
        return inbox_id, document_id, state

    return ws.write(apply)


def _register(service: Any, message: edxml.EdocMessage, parsed: edxml.ParsedPackage) -> int:
    pdf = next(
        (a for a in parsed.attachments if a.name.lower().endswith(".pdf")),
        parsed.attachments[0] if parsed.attachments else None,
    )
    doc_type = _doc_type(message)
    draft = IncomingDraft.from_mapping(
        {
            "from_org_id": message.sender.organ_id,
            "from_org_name": message.sender.organ_name or message.sender.organ_id,
            "code_number": message.code.number,
            "code_notation": message.code.notation,
            "issued_date": (message.promulgation.date or dt.date.today()).isoformat(),
            "doc_type": doc_type,
            "subject": message.subject,
            "signer": message.signer.full_name,
            "position": message.signer.position,
            "urgency": min(int(message.other.priority or 0), 4),
            "document_id": message.document_id,
            **(
                {"file": str(service.ws.blobs.path_for(pdf.sha256)), "file_name": pdf.name}
                if pdf
                else {}
            ),
        },
        today=dt.date.today() + dt.timedelta(days=1),
    )
    return service.docs.register_incoming(draft).id


def _doc_type(message: edxml.EdocMessage) -> str:
    """The ND30 type: what the sender declared, else the symbol's first part ("QĐ-UBND");
    a symbol without one is a Công văn (ND30 appendix I)."""
    from app.model import doc_type

    notation = message.code.notation.split("-")
    for candidate in (message.document_type.type_detail, message.document_type.type_name,
                      notation[0] if len(notation) > 1 else ""):  # fmt: skip
        if candidate:
            try:
                return doc_type(candidate).key
            except InvalidInput:
                continue
    return "CV"


def _replace_file(service: Any, conn: Any, document_id: int, parsed: edxml.ParsedPackage) -> None:
    """The sender's updated file becomes the document's new version (inside the write)."""
    pdf = next((a for a in parsed.attachments if a.name.lower().endswith(".pdf")), None)
    if pdf is None:
        return
    service.docs.new_version(
        conn, document_id, sha256=pdf.sha256, name=pdf.name, size=pdf.size, role="received",
        action="receive", details={"update": True},
    )  # fmt: skip


def _apply_status(
    service: Any, conn: Any, message: edxml.StatusMessage, now: dt.datetime
) -> tuple[int | None, str]:
    from sync.exchange import find_by_key

    target = None
    for ref in message.response_for:  # the document sent to the one answering, first
        target = inbox.sent_document(conn, ref.document_id, message.sender.organ_id)
        target = target or find_by_key(conn, ref.document_id, Direction.OUTGOING)
        if target is not None:
            break
    if target is None:
        return None, "unknown_document"
    at = (message.timestamp or now).isoformat()
    if inbox.status_seen(conn, target, message.sender.organ_id, message.status_code, at):
        return target, "duplicate"
    inbox.add_status(
        conn, target, message.sender.organ_id, message.sender.organ_name, message.status_code,
        message.description, at,
    )  # fmt: skip
    service._event(
        conn, now, "receive", target, axis_status=message.status_code, organ_id=message.sender.organ_id,
        description=message.description,
    )  # fmt: skip
    return target, "applied"


__all__ = ["apply_package", "build_for"]
