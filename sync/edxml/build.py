"""Writing edXML packages, strictly: every element present the way the Government Office's
(VPCP) packages have them (resources_edoc_new.edxml and the status samples), texts normalised,
the lengths of docs/domain.md §5 enforced; a message that breaks a rule is refused with an
``InvalidInput`` naming the field before a byte is written.

The document package streams: the header is a small tree, each attachment is read chunk by
chunk and written as base64 through lxml's incremental writer, so a 300 MB file never sits in
memory. The package's own SHA-256 (the axis's ``hash-file``) is computed on the way out."""

from __future__ import annotations

import binascii
import dataclasses
import datetime as dt
import hashlib
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from app.errors import InvalidInput
from app.model import FIELD_LIMITS, organ_id
from app.textfold import normalize_text
from sync.edxml import attachments as att
from sync.edxml.model import (
    DATE_FORMAT,
    NS,
    STATUS_CODES,
    TIMESTAMP_FORMAT,
    BuiltAttachment,
    BuiltPackage,
    Business,
    BusinessKind,
    EdocMessage,
    Organ,
    OutgoingAttachment,
    ResponseFor,
    StaffInfo,
    StatusMessage,
)

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
RAW_CHUNK = 3 * 256 * 1024  # a multiple of 3: each chunk encodes to whole base64 quads
GENERIC_LIMIT = 500  # fields §5 gives no length: a sane bound all the same
CONTENT_LIMIT = 2000
_DOCUMENT_ID = re.compile(r"[^,]+,\d{4}/\d{2}/\d{2},.+")
_STATUS_CODE = re.compile(r"\d{2}")
AttachmentSpec = OutgoingAttachment | tuple[str, str, str | Path]


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _text(field: str, value: Any, *, limit: int = GENERIC_LIMIT, required: bool = False) -> str:
    text = normalize_text(str(value)) if value is not None else ""
    if not text and required:
        raise InvalidInput(field, "missing")
    if len(text) > limit:
        raise InvalidInput(field, "too_long", value=text[:60], limit=limit, length=len(text))
    return text


def _number(field: str, value: int | None, high: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, int) or not 0 <= value <= high:
        raise InvalidInput(field, "out_of_range", value=value)
    return str(value)


def _date(value: dt.date | None, field: str, required: bool = False) -> str:
    if value is None:
        if required:
            raise InvalidInput(field, "missing")
        return ""
    if not isinstance(value, dt.date):
        raise InvalidInput(field, "malformed", value=value, expected="2024/05/01")
    return value.strftime(DATE_FORMAT)


def _timestamp(value: dt.datetime | None, field: str) -> str:
    if not isinstance(value, dt.datetime):
        raise InvalidInput(field, "missing")
    return value.strftime(TIMESTAMP_FORMAT)


def add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    """Append the edXML element ``name`` (with its text, if any) to ``parent``."""
    node = etree.SubElement(parent, _q(name))
    if text:
        node.text = text
    return node


# ------------------------------------------------------------------------------ pieces ---


def _organ(parent: etree._Element, tag: str, organ: Organ, who: str) -> None:
    id_field, name_field = ("from_org_id", "from_org_name") if who == "from" else ("organ_id", "org_name")  # fmt: skip
    node = add(parent, tag)
    add(node, "OrganId", organ_id(organ.organ_id, id_field))
    add(node, "OrganizationInCharge", _text("org_name", organ.organization_in_charge, limit=200))
    add(node, "OrganName", _text(name_field, organ.organ_name, limit=200, required=True))
    add(node, "OrganAdd", _text("organ_add", organ.organ_add))
    add(node, "Email", _text("email", organ.email, limit=100))
    add(node, "Telephone", _text("telephone", organ.telephone, limit=50))
    add(node, "Fax", _text("fax", organ.fax, limit=50))
    add(node, "Website", _text("website", organ.website, limit=200))


def _staff(parent: etree._Element, staff: StaffInfo, email_first: bool) -> None:
    node = add(parent, "StaffInfo")
    add(node, "Department", _text("staff", staff.department, limit=200))
    add(node, "Staff", _text("staff", staff.staff, limit=100))
    pair = [("Email", staff.email), ("Mobile", staff.mobile)]
    for name, value in pair if email_first else reversed(pair):
        add(node, name, _text("staff", value, limit=100))


def _response_for(parent: etree._Element, item: ResponseFor) -> None:
    node = add(parent, "ResponseFor")
    add(node, "OrganId", organ_id(item.organ_id, "response_for"))
    add(node, "Code", _text("code", item.code, limit=42))
    add(node, "PromulgationDate", _date(item.promulgation_date, "response_for"))
    add(node, "DocumentId", _document_id(item.document_id, "response_for"))


def _document_id(value: str, field: str = "document_id") -> str:
    text = _text(field, value, limit=FIELD_LIMITS["document_id"], required=True)
    if not _DOCUMENT_ID.fullmatch(text):
        raise InvalidInput(
            field, "malformed", value=text, expected="000.00.00.G22,2024/05/01,12/QĐ-UBND"
        )
    return text


def _business(parent: etree._Element, business: Business) -> None:
    kind = business.doc_type
    if not isinstance(kind, int) or kind not in set(BusinessKind):
        raise InvalidInput("business_doc_type", "out_of_range", value=kind)
    node = add(parent, "Bussiness")
    add(node, "DocumentId", _document_id(business.document_id))
    add(node, "BussinessDocType", str(int(kind)))
    required = kind != BusinessKind.NEW
    add(node, "BussinessDocReason", _text("reason", business.reason, required=required))
    add(node, "Paper", _number("paper", business.paper, 1))
    if kind == BusinessKind.UPDATE:
        info = business.document_info
        if info is None:
            raise InvalidInput("business_doc_type", "missing", value="BussinessDocumentInfo")
        info_node = add(node, "BussinessDocumentInfo")
        add(info_node, "DocumentInfo", "1" if info.document_info else "0")
        add(info_node, "DocumentReceiver", "1" if info.document_receiver else "0")
        receivers = add(info_node, "ReceiverList")
        for receiver in info.receivers:
            r_node = add(receivers, "Receiver")
            add(r_node, "OrganId", organ_id(receiver.organ_id, "organ_id"))
            add(r_node, "ReceiverType", _text("receiver_type", receiver.receiver_type, limit=10))
    if kind == BusinessKind.REPLACE:
        if not business.replacements:
            raise InvalidInput("replacement", "missing")
        r_list = add(node, "ReplacementInfoList")
        for item in business.replacements:
            i_node = add(r_list, "ReplacementInfo")
            add(i_node, "DocumentId", _document_id(item.document_id, "replacement"))
            ids = add(i_node, "OrganIdList")
            for value in item.organ_ids:
                add(ids, "OrganId", organ_id(value, "replacement"))
    _staff(node, business.staff, email_first=True)


def _message_header(parent: etree._Element, m: EdocMessage) -> None:
    h = add(parent, "MessageHeader")
    _organ(h, "From", m.sender, "from")
    if not m.to:
        raise InvalidInput("recipients", "missing")
    for organ in m.to:
        _organ(h, "To", organ, "to")
    add(h, "DocumentId", _document_id(m.document_id))
    code = add(h, "Code")
    limits = FIELD_LIMITS
    add(code, "CodeNumber", _text("code_number", m.code.number, limit=limits["code_number"], required=True))  # fmt: skip
    add(code, "CodeNotation", _text("code_notation", m.code.notation, limit=limits["code_notation"], required=True))  # fmt: skip
    info = add(h, "PromulgationInfo")
    add(info, "Place", _text("place", m.promulgation.place, limit=200))
    add(info, "PromulgationDate", _date(m.promulgation.date, "issued_date", required=True))
    kind = add(h, "DocumentType")
    add(kind, "Type", _text("doc_type", m.document_type.type, limit=10, required=True))
    add(kind, "TypeDetail", _text("doc_type", m.document_type.type_detail, limit=10))
    add(kind, "TypeName", _text("doc_type", m.document_type.type_name, limit=limits["type_name"]))
    add(h, "Subject", _text("subject", m.subject, limit=limits["subject"], required=True))
    add(h, "Content", _text("content", m.content, limit=CONTENT_LIMIT))
    signer = add(h, "SignerInfo")
    add(signer, "Competence", _text("position", m.signer.competence, limit=100))
    add(signer, "Position", _text("position", m.signer.position, limit=limits["position"]))
    add(signer, "FullName", _text("signer", m.signer.full_name, limit=limits["signer"]))
    add(h, "DueDate", _date(m.due_date, "due_date"))
    other = add(h, "OtherInfo")
    o = m.other
    add(other, "Priority", _number("urgency", o.priority, 4))
    add(other, "SphereOfPromulgation", _text("sphere", o.sphere_of_promulgation))
    add(other, "TyperNotation", _text("typer_notation", o.typer_notation, limit=100))
    add(other, "PromulgationAmount", _number("copies", o.promulgation_amount, 999))
    add(other, "PageAmount", _number("page_amount", o.page_amount, 999))
    add(other, "Direction", "true" if o.direction else "false")
    appendixes = add(other, "Appendixes")
    for item in o.appendixes:
        add(appendixes, "Appendix", _text("appendix", item, required=True))
    for item in m.response_for:
        _response_for(h, item)
    add(h, "SteeringType", _text("steering_type", m.steering_type, limit=10, required=True))
    places = add(h, "ToPlaces")
    texts = [_text("to_places", p, required=True) for p in m.to_places]
    if sum(len(t) for t in texts) + 2 * max(len(texts) - 1, 0) > limits["to_places"]:
        raise InvalidInput("to_places", "too_long", limit=limits["to_places"])
    for text in texts:
        add(places, "Place", text)


def _header(m: EdocMessage) -> etree._Element:
    envelope = etree.Element(_q("edXMLEnvelope"), nsmap={"edXML": NS})
    head = add(envelope, "edXMLHeader")
    _message_header(head, m)
    traces = add(head, "TraceHeaderList")
    if not m.trace:
        raise InvalidInput("trace", "missing")
    for item in m.trace:
        t = add(traces, "TraceHeader")
        add(t, "OrganId", organ_id(item.organ_id, "trace"))
        add(t, "Timestamp", _timestamp(item.timestamp, "trace"))
    _business(traces, m.business)
    add(head, "DigitalSignature")
    return envelope


def _specs(attachments: Sequence[AttachmentSpec]) -> list[OutgoingAttachment]:
    specs = []
    for item in attachments:
        if not isinstance(item, OutgoingAttachment):
            item = OutgoingAttachment(item[0], item[1], Path(item[2]))
        name = normalize_text(item.name)
        if att.safe_name(name) != (name, False):
            raise InvalidInput("attachment", "unsafe_name", value=item.name)
        spec = dataclasses.replace(item, name=name)
        if not Path(spec.path).is_file():
            raise InvalidInput("file", "not_found", value=str(spec.path))
        if Path(spec.path).stat().st_size == 0:
            raise InvalidInput("file", "empty", value=str(spec.path))
        _text("description", spec.description)
        specs.append(spec)
    return specs


class _HashingWriter:
    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        self.size += len(data)
        self.out.write(data)
        return len(data)


# ---------------------------------------------------------------------------- builders ---


def build_edoc(
    message: EdocMessage, attachments: Sequence[AttachmentSpec], out: BinaryIO
) -> BuiltPackage:
    """Write a document package to ``out`` (a binary stream), attachments streamed from their
    files as (name, content_type, path) or ``OutgoingAttachment``. Validates everything first."""
    specs = _specs(attachments)
    envelope = _header(message)
    body = add(envelope, "edXMLBody")
    manifest = add(body, "edXMLManifest")
    manifest.set("version", "1.0")
    ids = [f"cid:{n}" for n in range(1, len(specs) + 1)]
    for spec, cid in zip(specs, ids, strict=True):
        ref = add(manifest, "Reference")
        add(ref, "ContentId", cid)
        add(ref, "ContentType", att.clean_content_type(spec.content_type) or att.guess_content_type(spec.name))  # fmt: skip
        add(ref, "Description", normalize_text(spec.description) or spec.name)
        add(ref, "AttachmentName", spec.name)
    etree.indent(envelope, space="  ", level=1)
    sink = _HashingWriter(out)
    sink.write(DECLARATION)
    built = []
    try:
        # buffered=False: lxml's buffered writer keeps growing its buffer (a 300 MB package
        # cost 880 MB of memory); unbuffered, each write goes straight to ``out``.
        with (
            etree.xmlfile(sink, encoding="UTF-8", buffered=False) as xf,
            xf.element(_q("edXML"), nsmap={None: NS}),
        ):
            xf.write("\n  ")
            xf.write(envelope)
            xf.write("\n  ")
            with xf.element(_q("AttachmentEncoded")):
                for spec, cid in zip(specs, ids, strict=True):
                    built.append(_write_attachment(xf, spec, cid))
                xf.write("\n  ")
            xf.write("\n")
    except OSError as exc:
        raise InvalidInput("file", "unreadable", value=getattr(exc, "filename", "")) from exc
    sink.write(b"\n")
    return BuiltPackage(sink.digest.hexdigest(), sink.size, tuple(built))


def _write_attachment(xf: Any, spec: OutgoingAttachment, cid: str) -> BuiltAttachment:
    content_type = att.clean_content_type(spec.content_type) or att.guess_content_type(spec.name)
    xf.write("\n    ")
    with xf.element(_q("Attachment")):
        for name, value in (
            ("ContentId", cid),
            ("AttachmentName", spec.name),
            ("Description", normalize_text(spec.description) or spec.name),
            ("ContentType", content_type),
        ):
            xf.write("\n      ")
            with xf.element(_q(name)):
                xf.write(value)
        xf.write("\n      ")
        digest, size = hashlib.sha256(), 0
        with (
            Path(spec.path).open("rb") as src,
            xf.element(_q("ContentTransferEncoded"), nsmap={"edXML": NS}),
        ):
            while chunk := src.read(RAW_CHUNK):
                digest.update(chunk)
                size += len(chunk)
                xf.write(binascii.b2a_base64(chunk, newline=False).decode("ascii"))
        xf.write("\n    ")
    return BuiltAttachment(spec.name, content_type, cid, size, digest.hexdigest())


def build_status(message: StatusMessage) -> bytes:
    """A status package (StatusCode 01…06, 13, 15, 16), as the status samples are written."""
    code = message.status_code
    if not _STATUS_CODE.fullmatch(code or ""):
        raise InvalidInput("status", "malformed", value=code, expected="03")
    if code not in STATUS_CODES:
        raise InvalidInput("status", "unknown", value=code)
    envelope = etree.Element(_q("edXMLEnvelope"), nsmap={"edXML": NS})
    header = add(add(envelope, "edXMLHeader"), "MessageHeader")
    _organ(header, "From", message.sender, "from")
    if not message.response_for:
        raise InvalidInput("response_for", "missing")
    for item in message.response_for:
        _response_for(header, item)
    _staff(header, message.staff, email_first=False)
    add(header, "StatusCode", code)
    needs_reason = code in ("02", "13", "16")
    add(header, "Description", _text("description", message.description, required=needs_reason))
    add(header, "Timestamp", _timestamp(message.timestamp, "timestamp"))
    etree.indent(envelope, space="  ", level=1)
    buffer = io.BytesIO()
    buffer.write(DECLARATION)
    with etree.xmlfile(buffer, encoding="UTF-8") as xf, xf.element(_q("edXML"), nsmap={None: NS}):
        xf.write("\n  ")
        xf.write(envelope)
        xf.write("\n")
    buffer.write(b"\n")
    return buffer.getvalue()


def validate_edoc(message: EdocMessage) -> None:
    """Raise the ``InvalidInput`` that building would raise, without writing anything."""
    _header(message)


__all__ = ["build_edoc", "build_status", "validate_edoc"]
