"""The fast hex-string reader gives exactly what pyHanko's own gives, errors included."""

from __future__ import annotations

import io
import random

import pytest

from signing.pdf_speed import read_hex_string_fast


def _original():
    from signing import pdf_speed

    pdf_speed.install()
    return pdf_speed._ORIGINAL


@pytest.mark.parametrize("seed", range(30))
def test_same_result_as_pyhanko(seed: int):
    rng = random.Random(seed)
    body = bytes(rng.choice(b"0123456789abcdefABCDEF \n\r\t") for _ in range(rng.randint(0, 40000)))
    data = b"<" + body + b"> /Next 1"
    fast, slow = io.BytesIO(data), io.BytesIO(data)
    assert read_hex_string_fast(fast) == _original()(slow)
    assert fast.tell() == slow.tell() and fast.read() == b" /Next 1"


@pytest.mark.parametrize("data", [b"<12 3g>", b"<1234", b"<", b"<12\x0134>"])
def test_same_refusals(data: bytes):
    from pyhanko.pdf_utils.misc import PdfStreamError

    with pytest.raises(PdfStreamError):
        _original()(io.BytesIO(data))
    with pytest.raises(PdfStreamError):
        read_hex_string_fast(io.BytesIO(data))


def test_a_comment_inside_falls_back_to_pyhanko():
    data = b"<12 % note\n34>"
    assert read_hex_string_fast(io.BytesIO(data)) == _original()(io.BytesIO(data))


# ------------------------------------------------------------ cross-reference streams ---


def _xref_stream(rng: random.Random) -> object:
    from pyhanko.pdf_utils import generic

    widths = [rng.choice([0, 1, 1, 1]), rng.choice([0, 1, 2, 3, 4, 8]), rng.choice([0, 1, 2])]
    pairs, start = [], 0
    for _ in range(rng.randint(1, 4)):
        start += rng.randint(0, 5)
        size = rng.randint(0, 20)
        pairs += [start, size]
        start += size
    if rng.random() < 0.1:
        pairs = [5, 2, 0, 1]  # subsections out of order: pyHanko's assertion
    rows = sum(pairs[1::2])
    data = bytes(rng.randrange(256) if i % max(sum(widths), 1) else rng.choice([0, 1, 2, 7])
                 for i in range(rows * sum(widths)))  # fmt: skip
    if rng.random() < 0.2:
        data = data[: rng.randint(0, len(data))]  # ends early
    if rng.random() < 0.2:
        data += b"\x00\x01"  # trailing bytes
    entries = {"/Type": generic.NameObject("/XRef"), "/Size": generic.NumberObject(start),
               "/W": generic.ArrayObject(generic.NumberObject(w) for w in widths)}  # fmt: skip
    if rng.random() < 0.8:
        entries["/Index"] = generic.ArrayObject(generic.NumberObject(n) for n in pairs)
    return generic.StreamObject(entries, stream_data=data)


def _entries(parse, stream, strict: bool) -> tuple[list, str | None]:
    out = []
    try:
        for entry in parse(stream, strict=strict):
            out.append(entry)
    except Exception as exc:
        return out, type(exc).__name__
    return out, None


@pytest.mark.parametrize("seed", range(60))
def test_xref_streams_read_as_pyhanko_reads_them(seed: int):
    from signing import pdf_speed

    _original()  # installs
    rng = random.Random(seed)
    stream = _xref_stream(rng)
    for strict in (True, False):
        fast = _entries(pdf_speed.parse_xref_stream_fast, stream, strict)
        slow = _entries(pdf_speed._ORIGINAL_XREF, stream, strict)
        assert fast == slow


# --------------------------------------------------------------- object streams ---


def test_objects_in_object_streams_read_as_pyhanko_reads_them():
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import PdfFileWriter

    from signing import pdf_speed

    _original()
    writer = PdfFileWriter(stream_xrefs=True)
    refs = []
    for stream_no in range(3):
        objstm = writer.prepare_object_stream()
        for n in range(150):
            value = generic.DictionaryObject({
                generic.NameObject("/N"): generic.NumberObject(stream_no * 1000 + n),
                generic.NameObject("/S"): generic.TextStringObject(f"Đối tượng {n}"),
                generic.NameObject("/A"): generic.ArrayObject([generic.FloatObject(n / 7)]),
            })  # fmt: skip
            refs.append(writer.add_object(value, obj_stream=objstm))
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()

    def read_all() -> list[str]:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        return [repr(reader.get_object(r.reference)) for r in refs]

    fast = read_all()
    real = PdfFileReader._get_object_from_stream
    PdfFileReader._get_object_from_stream = pdf_speed._ORIGINAL_OBJSTM
    try:
        slow = read_all()
    finally:
        PdfFileReader._get_object_from_stream = real
    assert fast == slow and "Đối tượng 149" in fast[-1]


# ----------------------------------------------------------------------- names ---


def test_name_comparison_keeps_rfc5280_semantics():
    from asn1crypto import x509

    _original()

    def name(cn: str, kind: str = "utf8_string") -> x509.Name:
        return x509.Name.build({"common_name": cn, "country_name": "VN"}, use_printable=kind == "p")

    a, b = name("Co quan chung thuc so Chinh phu"), name("Co quan chung thuc so Chinh phu")
    assert a.dump() == b.dump() and a == b
    spaced = name("co  QUAN chung thuc so chinh phu", "p")  # other encoding, same name
    assert spaced.dump() != a.dump() and spaced == a and a == spaced
    assert a != name("Co quan chung thuc so Bo Tai chinh")
    assert a != "Co quan chung thuc so Chinh phu"
