"""What real senders do and the reader accepts, reporting each repair as data: empty
elements, dd/MM/yyyy dates, any element order, a nested From, ContentId with or without
``cid:``, zipped or raw attachments, missing padding, names that had to be made safe."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from app.messages_edxml import EDXML_REPAIRS, describe_repair
from app.store.blobs import BlobStore
from sync.edxml import parse as parse_module
from sync.edxml import parse_package
from sync.edxml.attachments import safe_name
from tests.sync.edxml_factory import HEADER, attachment_xml, package_xml


def parse(data: bytes, tmp: Path):
    return parse_package(io.BytesIO(data), BlobStore(tmp / "blobs"), temp_dir=tmp / "tmp")


def codes(package) -> list[str]:
    return [r.code for r in package.repairs]


def test_any_element_order_and_empty_elements(tmp_path: Path):
    header = """<edXML:MessageHeader>
      <edXML:Subject>Thứ tự tùy ý</edXML:Subject>
      <edXML:DueDate/><edXML:Content></edXML:Content>
      <edXML:PromulgationInfo><edXML:PromulgationDate>01/05/2024</edXML:PromulgationDate><edXML:Place/></edXML:PromulgationInfo>
      <edXML:Code><edXML:CodeNotation>QĐ-UBND</edXML:CodeNotation><edXML:CodeNumber>07</edXML:CodeNumber></edXML:Code>
      <edXML:To><edXML:OrganName>Bộ Y tế</edXML:OrganName><edXML:OrganId>000.00.00.G18</edXML:OrganId></edXML:To>
      <edXML:OtherInfo><edXML:PageAmount/><edXML:Priority>3</edXML:Priority></edXML:OtherInfo>
      <edXML:From><edXML:OrganName>UBND tỉnh</edXML:OrganName><edXML:OrganId>000.00.00.H29</edXML:OrganId></edXML:From>
    </edXML:MessageHeader>
    <edXML:TraceHeaderList><edXML:Bussiness><edXML:Paper/><edXML:BussinessDocType>1</edXML:BussinessDocType></edXML:Bussiness></edXML:TraceHeaderList>"""
    package = parse(package_xml(header), tmp_path)
    m = package.message
    assert (m.code.number, m.code.notation, m.subject) == ("07", "QĐ-UBND", "Thứ tự tùy ý")
    assert m.sender.organ_id == "000.00.00.H29" and m.to[0].organ_id == "000.00.00.G18"
    assert m.due_date is None and m.other.page_amount is None and m.other.priority == 3
    assert m.business.doc_type == 1
    assert m.promulgation.date == dt.date(2024, 5, 1)
    # the missing DocumentId is rebuilt from its parts, and said so
    assert m.document_id == "000.00.00.H29,2024/05/01,07/QĐ-UBND"
    assert codes(package) == ["date_format", "document_id_derived"]


def test_nested_from_is_found(tmp_path: Path):
    header = HEADER.replace(
        "<edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId>",
        "<edXML:From><edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId>",
    ).replace("</edXML:From>", "</edXML:From></edXML:From>", 1)
    package = parse(package_xml(header), tmp_path)
    assert package.message.sender.organ_id == "000.00.00.G22"
    assert package.message.sender.organ_name == "Văn phòng Chính phủ"
    assert "nested_organ" in codes(package)


def test_timestamps_in_other_forms(tmp_path: Path):
    header = HEADER.replace(
        "<edXML:TraceHeaderList>",
        "<edXML:TraceHeaderList><edXML:TraceHeader><edXML:OrganId>000.00.00.G22</edXML:OrganId>"
        "<edXML:Timestamp>2024-05-01T02:30:00Z</edXML:Timestamp></edXML:TraceHeader>"
        "<edXML:TraceHeader><edXML:OrganId>000.00.00.G22</edXML:OrganId>"
        "<edXML:Timestamp>01/05/2024 09:30:00</edXML:Timestamp></edXML:TraceHeader>",
    )
    package = parse(package_xml(header), tmp_path)
    assert [t.timestamp for t in package.message.trace] == [dt.datetime(2024, 5, 1, 9, 30)] * 2
    assert codes(package) == ["date_format", "date_format"]


@pytest.mark.parametrize(
    "manifest_cid, attachment_cid, repaired",
    [
        ("cid:abc", "cid:abc", False),
        ("abc", "abc", False),
        ("cid:abc", "abc", True),
        ("&lt;abc&gt;", "cid:abc", True),
    ],
)
def test_content_id_with_or_without_prefix(manifest_cid, attachment_cid, repaired, tmp_path):
    manifest = (
        f"<edXML:Reference><edXML:ContentId>{manifest_cid}</edXML:ContentId>"
        "<edXML:ContentType>application/pdf</edXML:ContentType>"
        "<edXML:Description>Bản chính</edXML:Description></edXML:Reference>"
    )
    attachment = attachment_xml("qd.pdf", b"%PDF-1.4 x", cid=attachment_cid)
    package = parse(package_xml(attachments=attachment, manifest=manifest), tmp_path)
    (stored,) = package.attachments
    assert stored.content_id == "abc" and stored.description == "Bản chính"
    assert ("content_id_prefix" in codes(package)) is repaired
    assert "attachment_unreferenced" not in codes(package)


def zipped(name: str, content: bytes, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def test_zipped_and_raw_attachments(tmp_path: Path):
    pdf = b"%PDF-1.5\n" + os.urandom(50_000)
    docx = zipped("word/document.xml", b"<w/>")  # a .docx is a zip itself: kept as is
    attachments = (
        attachment_xml("a.pdf", zipped("a.pdf", pdf), "application/zip", "cid:1")
        + attachment_xml("b.pdf", pdf, "application/pdf", "cid:2")
        + attachment_xml("c.docx", docx, "application/octet-stream", "cid:3")
        + attachment_xml(
            "d.pdf", zipped("d.pdf", pdf, zipfile.ZIP_STORED), "application/pdf", "cid:4"
        )
        + attachment_xml("e.pdf", pdf, "application/zip", "cid:5")  # says zip, is not
    )
    package = parse(package_xml(attachments=attachments), tmp_path)
    by_name = {a.name: a for a in package.attachments}
    digest = hashlib.sha256(pdf).hexdigest()
    for name in ("a.pdf", "b.pdf", "d.pdf", "e.pdf"):
        assert by_name[name].sha256 == digest and by_name[name].size == len(pdf)
        assert by_name[name].content_type == "application/pdf"
    assert by_name["a.pdf"].unzipped and by_name["d.pdf"].unzipped and not by_name["b.pdf"].unzipped
    assert by_name["c.docx"].sha256 == hashlib.sha256(docx).hexdigest()
    assert codes(package).count("attachment_unzipped") == 2
    assert "zip_declared_not_zip" in codes(package)
    assert codes(package).count("attachment_unreferenced") == 5  # no manifest in this package


def test_base64_with_line_breaks_and_missing_padding(tmp_path: Path):
    content = os.urandom(1001)  # base64 ends with one "="
    text = base64.encodebytes(content).decode().replace("\n", "\r\n   ")
    package = parse(
        package_xml(attachments=attachment_xml("a.pdf", text.rstrip().rstrip("="))), tmp_path
    )
    assert package.attachments[0].sha256 == hashlib.sha256(content).hexdigest()
    assert codes(package).count("base64_padding") == 1


@pytest.mark.parametrize(
    "declared, safe",
    [
        ("../../etc/passwd", "passwd"),
        ("/etc/cron.d/job", "job"),
        ("..\\..\\Windows\\System32\\evil.dll", "evil.dll"),
        ("C:\\Users\\x\\Quyết định.pdf", "Quyết định.pdf"),
        ("C:boot.ini", "boot.ini"),
        ("CON", "_CON"),
        ("con.pdf", "_con.pdf"),
        ("NUL.tar.gz", "_NUL.tar.gz"),
        ("COM1.txt", "_COM1.txt"),
        ("lpt9", "_lpt9"),
        ("aux .pdf", "_aux .pdf"),
        ('a<b>:c"d|e?f*.pdf', "a_b__c_d_e_f_.pdf"),
        ("báo cáo.pdf...", "báo cáo.pdf"),
    ],
)
def test_attachment_names_are_made_safe_and_reported(declared: str, safe: str, tmp_path: Path):
    assert safe_name(declared) == (safe, True)
    package = parse(package_xml(attachments=attachment_xml(escape(declared), b"data")), tmp_path)
    (stored,) = package.attachments
    assert stored.name == safe and stored.declared_name == declared
    repair = next(r for r in package.repairs if r.code == "attachment_name_sanitised")
    assert (repair.where, repair.value) == (safe, declared)


def test_ordinary_names_are_kept():
    for name in ("Quyết định 12.pdf", "BC_2024-05.docx", ".hidden.pdf", "a..b.pdf"):
        assert safe_name(name) == (name, False)


def test_every_repair_has_words_in_both_languages():
    sources = "".join(p.read_text() for p in Path(parse_module.__file__).parent.glob("*.py"))
    used = set(re.findall(r'Repair\(\s*"(\w+)"', sources)) | set(
        re.findall(r'repair\(\s*"(\w+)"', sources)
    )
    used |= {"attachment_not_encoded", "attachment_empty", "misplaced_element", "missing"}
    assert used <= set(EDXML_REPAIRS), used - set(EDXML_REPAIRS)
    for code in EDXML_REPAIRS:
        vi, en = describe_repair(code, "X", "1", "vi"), describe_repair(code, "X", "1", "en")
        assert vi != en and "{" not in vi + en
