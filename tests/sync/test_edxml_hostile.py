"""Hostile packages are refused before they cost anything: an ``InvalidInput`` (field
``edxml`` or ``attachment`` and a problem code), never another exception, never a network
request, never a temporary file or a blob left behind."""

from __future__ import annotations

import base64
import io
import random
import socket
import zipfile
from pathlib import Path

import pytest

from app.errors import InvalidInput
from app.messages import describe
from app.store.blobs import BlobStore
from sync.edxml import NS, ParseLimits, parse_package
from tests.conftest import EDXML_SAMPLES
from tests.sync.edxml_factory import HEADER, attachment_xml, package_xml

SAMPLE = EDXML_SAMPLES / "resources_edoc_new.edxml"


def refused(data: bytes, tmp: Path, limits: ParseLimits | None = None, as_file: bool = False):
    """Parse, expect a refusal, and check that nothing was left behind."""
    store = BlobStore(tmp / "blobs")
    source: object = io.BytesIO(data)
    if as_file:
        source = tmp / "in.edxml"
        source.write_bytes(data)
    with pytest.raises(InvalidInput) as caught:
        parse_package(source, store, limits=limits, temp_dir=tmp / "tmp")
    assert list((tmp / "tmp").iterdir()) == [], "temporary files left behind"
    blobs = tmp / "blobs"
    assert not blobs.exists() or not any(p.is_file() for p in blobs.rglob("*")), "blobs stored"
    error = caught.value
    assert describe(error, "vi") and describe(error, "en")  # words exist in both languages
    return error


def expect(error: InvalidInput, field: str, problem: str) -> None:
    assert (error.field, error.problem) == (field, problem), error.data


# -------------------------------------------------------------------------- XML attacks ---

BILLION_LAUGHS = """<!DOCTYPE edXML [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>"""


def test_billion_laughs_is_refused(tmp_path: Path):
    data = package_xml(HEADER.replace("Về việc thử nghiệm", "&lol4;"), prolog=BILLION_LAUGHS)
    expect(refused(data, tmp_path), "edxml", "doctype_forbidden")


def test_xxe_file_entity_is_refused(tmp_path: Path):
    prolog = '<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    data = package_xml(HEADER.replace("Về việc thử nghiệm", "&xxe;"), prolog=prolog)
    expect(refused(data, tmp_path), "edxml", "doctype_forbidden")


def test_external_dtd_and_parameter_entities_never_touch_the_network(tmp_path: Path):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        server.settimeout(0.3)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/evil.dtd"
        for prolog in (
            f'<!DOCTYPE edXML SYSTEM "{url}">',
            f'<!DOCTYPE edXML [<!ENTITY % ext SYSTEM "{url}"> %ext;]>',
            f'<!DOCTYPE edXML PUBLIC "-//X//EN" "{url}">',
        ):
            expect(refused(package_xml(prolog=prolog), tmp_path), "edxml", "doctype_forbidden")
        with pytest.raises(TimeoutError):
            server.accept()  # nobody called


def test_doctype_after_a_comment_is_still_refused(tmp_path: Path):
    data = package_xml(prolog="<!-- hi -->\n<!DOCTYPE edXML>")
    expect(refused(data, tmp_path), "edxml", "doctype_forbidden")


def test_undeclared_entity_is_refused_as_malformed(tmp_path: Path):
    data = package_xml(HEADER.replace("Về việc thử nghiệm", "&secret;"))
    expect(refused(data, tmp_path), "edxml", "malformed_xml")


# ------------------------------------------------------------------------------- sizes ---


def test_oversized_file_is_refused_before_reading(tmp_path: Path):
    data = package_xml(attachments=attachment_xml("a.pdf", b"x" * 10_000))
    limits = ParseLimits(max_package_bytes=5_000)
    expect(refused(data, tmp_path, limits, as_file=True), "edxml", "too_large")


def test_oversized_stream_is_refused_while_reading(tmp_path: Path):
    data = package_xml(attachments=attachment_xml("a.pdf", b"x" * 3_000_000))
    limits = ParseLimits(max_package_bytes=2_000_000)
    expect(refused(data, tmp_path, limits), "edxml", "too_large")


def test_too_much_text_outside_attachments(tmp_path: Path):
    data = package_xml(HEADER.replace("Về việc thử nghiệm", "chữ " * 300_000))
    expect(
        refused(data, tmp_path, ParseLimits(max_text_chars=1_000_000)), "edxml", "text_too_large"
    )


def test_too_deep_and_too_many_elements(tmp_path: Path):
    deep = package_xml(HEADER + "<edXML:X>" * 100 + "</edXML:X>" * 100)
    expect(refused(deep, tmp_path), "edxml", "too_deep")
    many = package_xml(HEADER + "<edXML:X/>" * 2_000)
    expect(refused(many, tmp_path, ParseLimits(max_elements=1_000)), "edxml", "too_many")


def test_too_many_attachments(tmp_path: Path):
    data = package_xml(attachments=attachment_xml("a.pdf", b"%PDF") * 5)
    expect(refused(data, tmp_path, ParseLimits(max_attachments=3)), "attachment", "too_many")


@pytest.mark.parametrize(
    "head, filler, tail",
    [
        ('<edXML:X a="', "x >", '"/>'),  # a > inside quotes does not end the tag
        ("<edXML:X a='", "x >", "'/>"),
        ("<!--", "x >", "-->"),
        ("<?pi ", "x >", "?>"),
        ("<![CDATA[", "x >", "]]>"),
        ("<edXML:X", ' a="b"', "/>"),
    ],
)
def test_one_huge_piece_of_markup_is_refused_while_it_arrives(
    head: str, filler: str, tail: str, tmp_path: Path
):
    """libxml2 keeps a whole tag, comment, PI or CDATA in memory until it ends: refused as
    soon as it passes the limit, long before its end (here 64 MB, refused after ~1 MB)."""

    class Stream(io.RawIOBase):
        def __init__(self) -> None:
            self.parts = [package_xml()[:-8], head.encode()]  # inside the root element
            self.parts += [filler.encode() * 350_000] * 64 + [tail.encode(), b"</edXML>"]
            self.read_bytes = 0

        def read(self, size: int = -1) -> bytes:
            part = self.parts.pop(0) if self.parts else b""
            self.read_bytes += len(part)
            return part

    stream = Stream()
    with pytest.raises(InvalidInput) as caught:
        parse_package(stream, BlobStore(tmp_path / "blobs"), temp_dir=tmp_path / "tmp")
    expect(caught.value, "edxml", "markup_too_large")
    assert stream.read_bytes < 3_000_000  # refused early, not after reading 64 MB


def test_a_large_signature_and_attributes_within_limits_are_fine(tmp_path: Path):
    header = (
        HEADER
        + f'<Signature><X509Certificate a="{"b" * 500_000}">{"QUJD" * 500_000}</X509Certificate></Signature>'
    )
    assert parse_package(io.BytesIO(package_xml(header)), BlobStore(tmp_path)).signed


# ------------------------------------------------------------------------ wrong things ---


def test_wrong_namespace(tmp_path: Path):
    data = package_xml(namespace="http://www.mic.gov.vn/TBT/QCVN_102_2015")
    error = refused(data, tmp_path)
    expect(error, "edxml", "wrong_namespace")
    assert error.value == "http://www.mic.gov.vn/TBT/QCVN_102_2015"


def test_envelope_in_another_namespace(tmp_path: Path):
    other = "http://example.org/not-edxml"
    data = package_xml().replace(f'xmlns:edXML="{NS}"'.encode(), f'xmlns:edXML="{other}"'.encode())
    error = refused(data, tmp_path)
    expect(error, "edxml", "wrong_namespace")
    assert error.value == other


def test_no_namespace_and_other_roots(tmp_path: Path):
    expect(refused(b"<edXML><x/></edXML>", tmp_path), "edxml", "wrong_namespace")
    expect(refused(b"<html><body/></html>", tmp_path), "edxml", "not_edxml")


def test_not_xml_at_all_and_empty(tmp_path: Path):
    expect(refused(b"%PDF-1.7\n\x00\x01binary", tmp_path), "edxml", "malformed_xml")
    expect(refused(b"", tmp_path), "edxml", "empty")
    expect(refused(b"   \n", tmp_path), "edxml", "malformed_xml")


def test_no_message_header(tmp_path: Path):
    expect(refused(package_xml(header="<edXML:Other/>"), tmp_path), "edxml", "no_message_header")


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.999])
def test_truncated_package(fraction: float, tmp_path: Path):
    data = SAMPLE.read_bytes()
    error = refused(data[: int(len(data) * fraction)], tmp_path)
    expect(error, "edxml", "truncated")
    assert error.line is not None


# --------------------------------------------------------------------------- base64 ---


@pytest.mark.parametrize(
    "payload",
    [
        "@@@@not base64!!!",
        "QUJD$$$$REVG",
        "QUJDR",  # one character too many
        "QQ==QUJD",  # data after the padding
        "QU=D",  # padding in the middle
        "QUJD" * 400 + "\u00e9QUJD",  # a non-ASCII letter deep inside: damage, not prose
        base64.b64encode(b"x" * 3000).decode()[:-10] + "é",
    ],
)
def test_base64_garbage(payload: str, tmp_path: Path):
    data = package_xml(attachments=attachment_xml("a.pdf", payload))
    error = refused(data, tmp_path)
    expect(error, "attachment", "base64_invalid")
    assert error.value == "a.pdf"


def test_markup_inside_a_payload(tmp_path: Path):
    data = package_xml(attachments=attachment_xml("a.pdf", "QUJD<b>REVG</b>"))
    expect(refused(data, tmp_path), "attachment", "base64_invalid")


def test_a_refusal_in_a_later_attachment_stores_nothing(tmp_path: Path):
    attachments = attachment_xml("good.pdf", b"%PDF" * 10_000) + attachment_xml("bad.pdf", "!!")
    expect(refused(package_xml(attachments=attachments), tmp_path), "attachment", "base64_invalid")


# ------------------------------------------------------------------------------- zips ---


def make_zip(entries: dict[str, bytes], encrypted_flag: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(zipfile.ZipInfo(name), content, zipfile.ZIP_DEFLATED)
    data = bytearray(buffer.getvalue())
    if encrypted_flag:  # zipfile cannot write encrypted entries: set the flag by hand
        data[6] |= 0x1  # local file header, general purpose flags
        central = data.rfind(b"PK\x01\x02")
        data[central + 8] |= 0x1  # central directory entry, the same flags
    return bytes(data)


def zipped_package(archive: bytes, name: str = "a.pdf") -> bytes:
    return package_xml(attachments=attachment_xml(name, archive, "application/zip"))


def test_zip_bomb_by_ratio(tmp_path: Path):
    bomb = make_zip({"a.pdf": b"\0" * 30_000_000})  # 30 MB of zeros in ~30 KB
    assert len(bomb) < 100_000
    error = refused(zipped_package(bomb), tmp_path)  # default limits
    expect(error, "attachment", "zip_bomb")


def test_zip_bomb_by_absolute_size(tmp_path: Path):
    archive = make_zip({"a.pdf": b"\0" * 2_000_000})
    limits = ParseLimits(max_attachment_bytes=1_000_000)
    expect(refused(zipped_package(archive), tmp_path, limits), "attachment", "zip_bomb")


def test_zip_with_several_entries(tmp_path: Path):
    archive = make_zip({"a.pdf": b"%PDF-1", "b.pdf": b"%PDF-2"})
    error = refused(zipped_package(archive), tmp_path)
    expect(error, "attachment", "zip_entries")
    assert error.data["count"] == 2


@pytest.mark.parametrize("entry", ["../../etc/cron.d/x", "/etc/passwd", "..\\..\\win.ini", "C:/x"])
def test_zip_with_path_traversal_inside(entry: str, tmp_path: Path):
    archive = make_zip({entry: b"%PDF"})
    expect(refused(zipped_package(archive), tmp_path), "attachment", "zip_unsafe_entry")


def test_encrypted_or_damaged_zip(tmp_path: Path):
    encrypted = make_zip({"a.pdf": b"%PDF" * 100}, encrypted_flag=True)
    expect(refused(zipped_package(encrypted), tmp_path), "attachment", "zip_damaged")
    whole = make_zip({"a.pdf": bytes(range(256)) * 400})
    expect(refused(zipped_package(whole[: len(whole) // 2]), tmp_path), "attachment", "zip_damaged")
    flipped = bytearray(whole)
    flipped[100] ^= 0xFF  # compressed data damaged: CRC or inflate fails
    expect(refused(zipped_package(bytes(flipped)), tmp_path), "attachment", "zip_damaged")


# ------------------------------------------------------------------------------- names ---


@pytest.mark.parametrize("name", ["..", "../..", "/", "\\\\", "C:", "...", " . "])
def test_names_with_nothing_usable_are_refused(name: str, tmp_path: Path):
    data = package_xml(attachments=attachment_xml(name, b"%PDF"))
    error = refused(data, tmp_path)
    expect(error, "attachment", "unsafe_name")


# ------------------------------------------------------------------------------ guard ---


def test_guard_follows_markup_across_any_chunking():
    """Whatever the chunk boundaries (a terminator or a "<!--" split in two), a real package
    passes and a declaration is caught."""
    from sync.edxml.guard import MarkupGuard

    data = SAMPLE.read_bytes()[:20_000] + b"<!-- a > b -- c -->" + b"<![CDATA[ ]] > ]]>"
    rng = random.Random(4)
    for _ in range(20):
        guard, i = MarkupGuard(limit=70_000), 0
        while i < len(data):
            step = rng.randint(1, 12)
            guard.feed(data[i : i + step])
            i += step
        assert guard.state == 0  # back in character data
    for declaration in (b"<!DOCTYPE x>", b"<!ENTITY x 'y'>", b"<!ELEMENT x ANY>"):
        guard = MarkupGuard(limit=1_000)
        with pytest.raises(InvalidInput) as caught:
            for byte in declaration:
                guard.feed(bytes([byte]))
        assert caught.value.problem == "doctype_forbidden"
