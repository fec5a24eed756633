"""Build → parse gives back the same message (property style: many seeded random messages with
Vietnamese text, every business kind, every status code), attachments come back byte for
byte, and the builder refuses what breaks the rules, naming the field, before writing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import os
import random
from pathlib import Path

import pytest
from lxml import etree

from app.errors import InvalidInput
from app.store.blobs import BlobStore
from sync.edxml import (
    NS,
    STATUS_CODES,
    BusinessKind,
    Code,
    OutgoingAttachment,
    ResponseFor,
    build_edoc,
    build_status,
    message_from_json,
    package_to_json,
    parse_package,
)
from tests.sync import edxml_factory as f


def roundtrip(message, files=(), tmp: Path | None = None):
    buffer = io.BytesIO()
    built = build_edoc(message, list(files), buffer) if message.kind == "edoc" else None
    data = buffer.getvalue() if built else build_status(message)
    store = BlobStore((tmp or Path("/nonexistent")) / "blobs")
    return data, built, parse_package(io.BytesIO(data), store)


@pytest.mark.parametrize("seed", range(40))
def test_edoc_roundtrip(seed: int, tmp_path: Path):
    rng = random.Random(seed)
    message = f.edoc(rng, kind=seed % 4)
    _, _, parsed = roundtrip(message, tmp=tmp_path)
    assert parsed.message == message
    assert parsed.repairs == ()


@pytest.mark.parametrize("code", sorted(STATUS_CODES))
def test_status_roundtrip_for_every_code(code: str, tmp_path: Path):
    for seed in range(3):
        message = f.status(random.Random(seed), code)
        _, _, parsed = roundtrip(message, tmp=tmp_path)
        assert parsed.message == message and parsed.repairs == ()


def test_every_business_kind_is_written_as_an_integer(tmp_path: Path):
    for kind in BusinessKind:
        message = f.edoc(random.Random(kind), kind=kind)
        data, _, parsed = roundtrip(message, tmp=tmp_path)
        assert f"<edXML:BussinessDocType>{int(kind)}</edXML:BussinessDocType>".encode() in data
        assert package_to_json(parsed)["business"]["doc_type"] == int(kind)
        if kind == BusinessKind.REPLACE:
            assert b"<edXML:ReplacementInfoList>" in data
        if kind == BusinessKind.UPDATE:
            assert b"<edXML:BussinessDocumentInfo>" in data


def test_attachments_roundtrip_byte_for_byte(tmp_path: Path):
    files = []
    for n, size in enumerate((1, 2, 3, 4, 100_001, 3 * 256 * 1024 + 1)):
        path = tmp_path / f"tệp {n}.pdf"
        path.write_bytes(os.urandom(size))
        files.append((path.name, "application/pdf", path))
    message = f.edoc(random.Random(1), kind=0)
    data, built, parsed = roundtrip(message, files, tmp=tmp_path)
    assert built.sha256 == hashlib.sha256(data).hexdigest() and built.size == len(data)
    assert [a.name for a in parsed.attachments] == [name for name, _, _ in files]
    store = BlobStore(tmp_path / "blobs")
    for (_, _, path), stored, out in zip(files, parsed.attachments, built.attachments, strict=True):
        content = path.read_bytes()
        assert stored.size == out.size == len(content)
        assert stored.sha256 == out.sha256 == hashlib.sha256(content).hexdigest()
        assert store.path_for(stored.blob).read_bytes() == content
        assert stored.content_type == "application/pdf" and not stored.unzipped


def test_the_package_follows_the_vpcp_conventions(tmp_path: Path):
    path = tmp_path / "qd.pdf"
    path.write_bytes(b"%PDF-1.7\n")
    message = f.edoc(random.Random(3), kind=0)
    buffer = io.BytesIO()
    build_edoc(
        message, [OutgoingAttachment("qd.pdf", "application/pdf", path, "Quyết định")], buffer
    )
    data = buffer.getvalue()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<edXML xmlns="' + NS.encode())
    root = etree.fromstring(data)
    q = lambda name: f"{{{NS}}}{name}"  # noqa: E731
    header = root.find(f"{q('edXMLEnvelope')}/{q('edXMLHeader')}")
    names = [etree.QName(c).localname for c in header.find(q("MessageHeader"))]
    assert (
        names[:8]
        == [
            "From",
            *["To"] * len(message.to),
            "DocumentId",
            "Code",
            "PromulgationInfo",
            "DocumentType",
            "Subject",
            "Content",
        ][:8]
    )
    assert header.find(q("DigitalSignature")) is not None  # empty: not signed
    assert len(header.find(q("DigitalSignature"))) == 0
    trace = header.find(f"{q('TraceHeaderList')}/{q('TraceHeader')}/{q('Timestamp')}").text
    assert dt.datetime.strptime(trace, "%Y/%m/%d %H:%M:%S")
    date = header.find(f"{q('MessageHeader')}/{q('PromulgationInfo')}/{q('PromulgationDate')}")
    assert date.text == message.promulgation.date.strftime("%Y/%m/%d")
    ref = root.find(f".//{q('edXMLManifest')}/{q('Reference')}")
    attachment = root.find(f"{q('AttachmentEncoded')}/{q('Attachment')}")
    assert ref.findtext(q("ContentId")) == attachment.findtext(q("ContentId")) == "cid:1"
    assert ref.findtext(q("Description")) == "Quyết định"
    # every element present, even empty (as real senders and the VPCP sample do)
    assert header.find(f"{q('MessageHeader')}/{q('DueDate')}") is not None
    assert header.find(f".//{q('StaffInfo')}/{q('Mobile')}") is not None


def test_untidy_text_is_normalised_on_the_way_out(tmp_path: Path):
    message = f.edoc(random.Random(5), kind=0)
    untidy = dataclasses.replace(message, subject="  Về   việc\tthử  ", content="a\u200bb")
    _, _, parsed = roundtrip(untidy, tmp=tmp_path)
    assert parsed.message.subject == "Về việc thử"
    assert parsed.message.content == "a b"


def test_json_form_roundtrips(tmp_path: Path):
    for message in (f.edoc(random.Random(7), kind=3), f.status(random.Random(7), "02")):
        _, _, parsed = roundtrip(message, tmp=tmp_path)
        assert message_from_json(package_to_json(parsed)) == message


# ------------------------------------------------------------------------ strict build ---


def refused(message, files=()) -> InvalidInput:
    buffer = io.BytesIO()
    with pytest.raises(InvalidInput) as caught:
        if message.kind == "edoc":
            build_edoc(message, list(files), buffer)
        else:
            build_status(message)
    assert buffer.getvalue() == b""  # nothing written before the refusal
    return caught.value


def edoc_with(**changes):
    message = f.edoc(random.Random(11), kind=0)
    return dataclasses.replace(message, **changes)


@pytest.mark.parametrize(
    "changes, field, problem",
    [
        ({"subject": "x" * 501}, "subject", "too_long"),
        ({"subject": "   "}, "subject", "missing"),
        ({"code": Code("1" * 12, "QĐ-UBND")}, "code_number", "too_long"),
        ({"code": Code("12", "Q" * 31)}, "code_notation", "too_long"),
        ({"code": Code("", "QĐ-UBND")}, "code_number", "missing"),
        ({"to": ()}, "recipients", "missing"),
        ({"document_id": "12/QĐ-UBND"}, "document_id", "malformed"),
        ({"trace": ()}, "trace", "missing"),
        ({"steering_type": ""}, "steering_type", "missing"),
        ({"to_places": ("x" * 600, "y" * 600)}, "to_places", "too_long"),
    ],
)
def test_build_refuses_naming_the_field(changes, field, problem):
    error = refused(edoc_with(**changes))
    assert (error.field, error.problem) == (field, problem)


def test_build_refuses_bad_nested_values():
    m = edoc_with()
    cases = [
        (
            dataclasses.replace(m, sender=dataclasses.replace(m.sender, organ_id="bad id")),
            "from_org_id",
        ),
        (
            dataclasses.replace(m, sender=dataclasses.replace(m.sender, organ_name="x" * 201)),
            "from_org_name",
        ),
        (
            dataclasses.replace(m, signer=dataclasses.replace(m.signer, full_name="x" * 51)),
            "signer",
        ),
        (
            dataclasses.replace(m, signer=dataclasses.replace(m.signer, position="x" * 101)),
            "position",
        ),
        (dataclasses.replace(m, other=dataclasses.replace(m.other, priority=5)), "urgency"),
        (
            dataclasses.replace(m, other=dataclasses.replace(m.other, page_amount=1000)),
            "page_amount",
        ),
        (
            dataclasses.replace(m, promulgation=dataclasses.replace(m.promulgation, date=None)),
            "issued_date",
        ),
        (
            dataclasses.replace(m, business=dataclasses.replace(m.business, doc_type=7)),
            "business_doc_type",
        ),
        (dataclasses.replace(m, business=dataclasses.replace(m.business, doc_type=3)), "reason"),
        (
            dataclasses.replace(
                m, business=dataclasses.replace(m.business, doc_type=3, reason="Thay thế")
            ),
            "replacement",
        ),
        (
            dataclasses.replace(
                m, business=dataclasses.replace(m.business, doc_type=2, reason="Sửa")
            ),
            "business_doc_type",
        ),
    ]
    for message, field in cases:
        assert refused(message).field == field


def test_status_build_refusals():
    s = f.status(random.Random(2), "03")
    assert refused(dataclasses.replace(s, status_code="3")).problem == "malformed"
    assert refused(dataclasses.replace(s, status_code="09")).problem == "unknown"
    assert refused(dataclasses.replace(s, status_code="02", description="")).field == "description"
    assert refused(dataclasses.replace(s, timestamp=None)).field == "timestamp"
    assert refused(dataclasses.replace(s, response_for=())).field == "response_for"
    bad = ResponseFor("000.00.00.G22", "1/QĐ", "not an id")
    assert refused(dataclasses.replace(s, response_for=(bad,))).field == "response_for"


@pytest.mark.parametrize("name", ["../x.pdf", "a/b.pdf", "C:x.pdf", "CON.pdf", "x.pdf.", ""])
def test_build_refuses_unsafe_attachment_names(name: str, tmp_path: Path):
    path = tmp_path / "f.pdf"
    path.write_bytes(b"%PDF")
    error = refused(edoc_with(), [(name, "application/pdf", path)])
    assert (error.field, error.problem) == ("attachment", "unsafe_name")


def test_build_refuses_missing_or_empty_files(tmp_path: Path):
    assert refused(edoc_with(), [("a.pdf", "application/pdf", tmp_path / "no.pdf")]).field == "file"
    (tmp_path / "empty.pdf").write_bytes(b"")
    error = refused(edoc_with(), [("a.pdf", "application/pdf", tmp_path / "empty.pdf")])
    assert (error.field, error.problem) == ("file", "empty")
