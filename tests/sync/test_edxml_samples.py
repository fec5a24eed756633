"""Every real package in /work/shared/samples/edxml parses, and what it yields matches values
read from the files here independently (regular expressions, base64 and zipfile by hand)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest

from app.store.blobs import BlobStore
from sync.edxml import EdocMessage, StatusMessage, parse_package
from tests.conftest import EDXML_SAMPLES

SAMPLES = EDXML_SAMPLES
FILES = sorted(SAMPLES.glob("*.edxml"))


def test_the_shared_samples_are_there():
    assert FILES, (
        f"no .edxml package in {SAMPLES} (../shared/samples must be beside the repository)"
    )


def element(text: str, name: str) -> str:
    match = re.search(rf"<edXML:{name}>([^<]*)</edXML:{name}>", text)
    assert match, name
    return match.group(1).strip()


def unzipped_payload(text: str) -> tuple[bytes, str]:
    """The one file inside the sample's zipped attachment, decoded without our code."""
    payload = re.search(r"<edXML:ContentTransferEncoded[^>]*>([^<]*)<", text).group(1)
    raw = base64.b64decode(re.sub(r"\s", "", payload))
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        (entry,) = archive.infolist()
        return archive.read(entry), entry.filename


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_sample_parses(path: Path, tmp_path: Path):
    store = BlobStore(tmp_path / "blobs")
    package = parse_package(path, store, temp_dir=tmp_path / "tmp")
    text = path.read_text(encoding="utf-8")
    assert package.package_size == path.stat().st_size
    if "<edXML:StatusCode>" in text:
        assert isinstance(package.message, StatusMessage)
        assert package.message.status_code == element(text, "StatusCode")
        assert package.message.description == element(text, "Description")
    else:
        assert isinstance(package.message, EdocMessage)
        assert package.message.subject == element(text, "Subject")
        assert package.message.code.number == element(text, "CodeNumber")
    for stored in package.attachments:  # really in the store, hash as announced
        assert store.verify(stored.blob)
        assert store.path_for(stored.blob).stat().st_size == stored.size
    assert list((tmp_path / "tmp").iterdir()) == []  # no temporary file left


@pytest.mark.parametrize("name", ["edoc_new.edxml", "resources_edoc_new.edxml"])
def test_zipped_attachment_is_stored_unzipped(name: str, tmp_path: Path):
    path = SAMPLES / name
    text = path.read_text(encoding="utf-8")
    content, entry = unzipped_payload(text)
    package = parse_package(path, BlobStore(tmp_path / "blobs"))
    (stored,) = package.attachments
    assert stored.name == "1896_QD-TTg_m_294779.doc"
    assert stored.size == len(content) == 388347
    assert stored.sha256 == hashlib.sha256(content).hexdigest() == stored.blob
    assert stored.unzipped and stored.content_id == "209"
    assert stored.content_type == "application/msword"  # the wrapper's application/zip is not it
    assert ("attachment_unzipped", stored.name, entry) in [
        (r.code, r.where, r.value) for r in package.repairs
    ]
    assert package.signed  # the header carries a (SHA-1, unchecked) Signature


def test_the_vpcp_sample_values(tmp_path: Path):
    m = parse_package(SAMPLES / "resources_edoc_new.edxml", BlobStore(tmp_path)).message
    assert isinstance(m, EdocMessage)
    assert m.document_id == "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"
    assert (m.code.number, m.code.notation) == ("74fass22", "VPCP-TTĐT")
    assert m.sender.organ_id == "000.00.00.A80"
    assert [o.organ_id for o in m.to] == ["28.22.H17"]
    assert m.promulgation.date == dt.date(2019, 1, 16)
    assert m.due_date == dt.date(2018, 9, 28)
    assert m.business.doc_type == 0
    assert m.business.staff.staff == "Nguyễn Thị Ngọc Trâm"
    assert m.trace[0].timestamp == dt.datetime(2018, 9, 28, 0, 0, 0)
    assert m.other.page_amount == 22 and m.other.promulgation_amount == 2
    assert m.to_places == ("Cac bo va co quan ngang bo", "Uy ban nhan dan cac tinh, TP")


def test_dd_mm_yyyy_date_is_read_and_reported(tmp_path: Path):
    package = parse_package(SAMPLES / "edoc_new.edxml", BlobStore(tmp_path))
    assert package.message.promulgation.date == dt.date(2020, 10, 30)
    assert package.message.document_id == "000.00.11.H53,2020/10/30,2491/STC-BCTC"
    repair = next(r for r in package.repairs if r.code == "date_format")
    assert repair.value == "30/10/2020" and repair.where.endswith("PromulgationDate")


@pytest.mark.parametrize(
    "name, code",
    [
        ("resources_status_inbox__01.edxml", "01"),
        ("resources_status_rejection_02.edxml", "02"),
        ("resources_status_acceptance_03.edxml", "03"),
        ("status_processing_05.edxml", "05"),
        ("resources_status_finish_06.edxml", "06"),
    ],
)
def test_status_samples(name: str, code: str, tmp_path: Path):
    package = parse_package(SAMPLES / name, BlobStore(tmp_path))
    m = package.message
    assert isinstance(m, StatusMessage)
    assert m.status_code == code and m.status_meaning is not None
    assert m.sender.organ_id == "000.00.00.H41"
    (answered,) = m.response_for
    assert answered.document_id == "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"
    assert answered.code == "7816/VPCP-TTĐT"
    assert answered.promulgation_date == dt.date(2015, 9, 30)
    assert m.timestamp == dt.datetime(2015, 9, 20, 11, 8, 36)
    assert m.staff.mobile == "84912000001"
    assert package.repairs == () and package.attachments == ()


def test_annotated_template_parses_with_its_placeholders_reported(tmp_path: Path):
    """The form template holds prose where values go: it parses; what could not be read is
    reported, nothing is invented, and its prose "attachment" is not stored as a file."""
    package = parse_package(SAMPLES / "form_annotated_template.edxml", BlobStore(tmp_path))
    m = package.message
    assert m.business.doc_type == 2
    assert m.trace[0].timestamp == dt.datetime(2020, 6, 2, 15, 48, 40)
    assert m.promulgation.date is None
    codes = {r.code for r in package.repairs}
    assert {"date_unreadable", "number_unreadable", "element_ignored"} <= codes
    assert "attachment_not_encoded" in codes and package.attachments == ()
