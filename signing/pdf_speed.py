"""Faster equivalents of four pyHanko/asn1crypto internals, put in place at import.

1. PDF hex strings.

pyHanko 0.38 reads a hex string one byte at a time through a generator; a signature's
/Contents is a 10–40 KB hex string, so opening one signed PDF costs ~30 ms in that loop alone
(60 % of validating a one-page document). This reads the string in blocks and decodes it with
binascii: the same result, the same errors (a non-hex byte, a missing ">"). Comments inside a
hex string, which pyHanko skips, are handled by falling back to pyHanko's reader.

2. Objects in object streams. pyHanko reads an object stored in an object stream by parsing
the stream's index from the start until it meets the object's number, for every object: a
stream of N objects costs N²/2 index entries (the field's tagged 30-page decrees hold 9,500
objects in object streams: 4.7 million numbers parsed, over a minute). The index of each
stream is parsed once per reader and kept; the object is then read exactly as pyHanko
reads it. Anything unusual (a strict reader, a damaged index, an object that does not read
cleanly) goes to pyHanko's own function, so the results and errors are pyHanko's.

3. Cross-reference streams. pyHanko reads each entry field by field through a byte stream;
a 10,000-entry stream costs ~0.15 s. Well-formed streams (three widths, complete rows, index
subsections in order) are read here row by row from the decoded bytes into the same
``XRefEntry`` values; anything else is left to pyHanko's parser, errors and all.

4. asn1crypto compares two X.509 names by normalising every value (RFC 5280 string preparation)
at every comparison; pyHanko compares names dozens of times per signature (ESS certificate
ids, path building), ~20 ms per signature. Two names with the same DER encoding are equal
whatever the normalisation says, so ``Name.__eq__`` first compares the encodings; names whose
encodings differ are compared by asn1crypto once, and the answer is kept for that pair of
encodings (the same few pairs come back for every signature of a document)."""

from __future__ import annotations

import binascii
import os
import re
from typing import Any

_WHITESPACE = b"\x00\t\n\x0c\r "
_HEX = re.compile(rb"[0-9a-fA-F]*")
_BLOCK = 16384
_installed = False


def read_hex_string_fast(stream: Any) -> Any:
    from pyhanko.pdf_utils.generic import pdf_string
    from pyhanko.pdf_utils.misc import PdfStreamError

    start = stream.tell()
    stream.read(1)  # "<"
    chunks = []
    while True:
        block = stream.read(_BLOCK)
        if not block:
            raise PdfStreamError("Stream ended prematurely")
        end = block.find(b">")
        if end >= 0:
            chunks.append(block[:end])
            stream.seek(end + 1 - len(block), os.SEEK_CUR)
            break
        chunks.append(block)
    digits = b"".join(chunks).translate(None, _WHITESPACE)
    if not _HEX.fullmatch(digits):
        if b"%" in digits:  # a comment inside: rare; let pyHanko's own reader judge it
            stream.seek(start)
            return _ORIGINAL(stream)
        bad = re.search(rb"[^0-9a-fA-F]", digits)
        raise PdfStreamError(
            "Unexpected token in hex string: " + repr(bad.group(0) if bad else b"")
        )
    if len(digits) % 2:
        digits += b"0"
    return pdf_string(binascii.unhexlify(digits))


_ORIGINAL: Any = None
_ORIGINAL_NAME_EQ: Any = None
_ORIGINAL_OBJSTM: Any = None
_INDEX_ATTR = "_vanthu_objstm_index"


def _objstm_index(reader: Any, stmnum: int) -> tuple[Any, dict[int, tuple[int, int]]] | None:
    """(the stream, {object number: (position in the index, offset)}) of object stream
    ``stmnum``, parsed once per reader; None when its index is damaged."""
    import io as _io

    from pyhanko.pdf_utils import generic, misc
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    cache = reader.__dict__.setdefault(_INDEX_ATTR, {})
    stream = generic.Reference(stmnum, 0, reader).get_object()
    known = cache.get(stmnum)
    if known is not None and known[0] is stream:
        return known
    if not isinstance(stream, generic.StreamObject) or stream.get("/Type") != "/ObjStm":
        return None
    data = _io.BytesIO(stream.read_data(DecodePurpose.OBJECT_STREAM))
    index: dict[int, tuple[int, int]] = {}
    try:
        for position in range(int(stream["/N"])):
            misc.read_non_whitespace(data, seek_back=True)
            objnum = int(generic.NumberObject.read_from_stream(data))
            misc.read_non_whitespace(data, seek_back=True)
            offset = int(generic.NumberObject.read_from_stream(data))
            misc.read_non_whitespace(data, seek_back=True)
            index.setdefault(objnum, (position, offset))
    except (ValueError, KeyError, TypeError, misc.PdfReadError):
        return None
    cache[stmnum] = (stream, index)
    return stream, index


def get_object_from_stream_fast(reader: Any, idnum: int, stmnum: int, idx: int) -> Any:
    """``PdfFileReader._get_object_from_stream`` with each stream's index parsed once."""
    import io as _io

    from pyhanko.pdf_utils import generic, misc
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    if reader.strict:
        return _ORIGINAL_OBJSTM(reader, idnum, stmnum, idx)
    try:
        found = _objstm_index(reader, stmnum)
    except Exception:
        found = None
    if found is None:
        return _ORIGINAL_OBJSTM(reader, idnum, stmnum, idx)
    stream, index = found
    entry = index.get(idnum)
    if entry is None or not (0 <= idx < int(stream["/N"])):
        return _ORIGINAL_OBJSTM(reader, idnum, stmnum, idx)
    data = _io.BytesIO(stream.read_data(DecodePurpose.OBJECT_STREAM))
    data.seek(int(stream["/First"]) + entry[1])
    try:
        obj = generic.read_object(data, generic.Reference(idnum, 0, reader))
    except (misc.PdfStreamError, misc.PdfReadError):
        return _ORIGINAL_OBJSTM(reader, idnum, stmnum, idx)
    if isinstance(obj, generic.StreamObject | generic.IndirectObject):
        return _ORIGINAL_OBJSTM(reader, idnum, stmnum, idx)
    return obj


_NAME_PAIRS: dict[tuple[bytes, bytes], bool] = {}
_MAX_NAME_PAIRS = 4096


_ORIGINAL_XREF: Any = None


def _xref_plan(
    xref_stream: Any, strict: bool
) -> tuple[list[tuple[int, int]], list[int], bytes] | None:
    """(subsections, widths, data) of a well-formed cross-reference stream, else None."""
    from pyhanko.pdf_utils import xref
    from pyhanko.pdf_utils.decode_limits import DecodePurpose

    index = xref_stream.get("/Index", [0, xref_stream.get("/Size")])
    widths = xref_stream.get("/W")
    numbers = [*index, *(widths or [])]
    if not isinstance(widths, list) or len(widths) != 3 or len(index) % 2:
        return None
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in numbers):
        return None
    pairs = [(int(index[i]), int(index[i + 1])) for i in range(0, len(index), 2)]
    last_end = 0
    for start, size in pairs:
        if start < last_end:
            return None
        last_end = start + size
    sizes = [int(w) for w in widths]
    data = xref_stream.read_data(
        DecodePurpose.XREF_STREAM,
        expected_size=xref._expected_xref_stream_size(index, widths),
    )
    needed = sum(size for _, size in pairs) * sum(sizes)
    if len(data) < needed or (strict and len(data) > needed):
        return None
    return pairs, sizes, data


def parse_xref_stream_fast(xref_stream: Any, strict: bool = True) -> Any:
    """``pyhanko.pdf_utils.xref.parse_xref_stream`` reading whole rows at once."""
    from pyhanko.pdf_utils.xref import ObjStreamRef, XRefEntry, XRefType

    try:
        plan = _xref_plan(xref_stream, strict)
    except Exception:
        plan = None
    if plan is None:
        yield from _ORIGINAL_XREF(xref_stream, strict=strict)
        return
    pairs, (w0, w1, w2), data = plan
    row = w0 + w1 + w2

    def field(at: int, width: int, default: int) -> int:
        if width == 0:
            return default
        return int.from_bytes(data[at : at + width], "big", signed=width == 8)

    at = 0
    for start, size in pairs:
        for num in range(start, start + size):
            kind = field(at, w0, 1)
            first = field(at + w0, w1, 0)
            second = field(at + w0 + w1, w2, 0)
            at += row
            if kind == 1:
                yield XRefEntry(XRefType.STANDARD, location=first, idnum=num, generation=second)
            elif kind == 2:
                yield XRefEntry(XRefType.IN_OBJ_STREAM, location=ObjStreamRef(first, second),
                                idnum=num)  # fmt: skip
            elif kind == 0:
                yield XRefEntry(XRefType.FREE, location=None, idnum=num, generation=second)


def name_equal(self: Any, other: Any) -> bool:
    """``x509.Name.__eq__`` with a fast path: the same DER encoding is the same name, and
    the answer for two different encodings is remembered."""
    from asn1crypto import x509

    if not isinstance(other, x509.Name):
        return False
    mine, theirs = self.dump(), other.dump()
    if mine == theirs:
        return True
    key = (mine, theirs)
    known = _NAME_PAIRS.get(key)
    if known is None:
        known = bool(_ORIGINAL_NAME_EQ(self, other))
        if len(_NAME_PAIRS) >= _MAX_NAME_PAIRS:
            _NAME_PAIRS.clear()
        _NAME_PAIRS[key] = known
    return known


def install() -> None:
    """Put the fast reader and the name comparison in place (idempotent)."""
    global _installed, _ORIGINAL, _ORIGINAL_NAME_EQ, _ORIGINAL_OBJSTM, _ORIGINAL_XREF
    if _installed:
        return
    from asn1crypto import x509
    from pyhanko.pdf_utils import generic, xref
    from pyhanko.pdf_utils.reader import PdfFileReader

    _ORIGINAL_XREF = xref.parse_xref_stream
    xref.parse_xref_stream = parse_xref_stream_fast

    _ORIGINAL = generic.read_hex_string_from_stream
    generic.read_hex_string_from_stream = read_hex_string_fast
    _ORIGINAL_OBJSTM = PdfFileReader._get_object_from_stream
    PdfFileReader._get_object_from_stream = get_object_from_stream_fast  # type: ignore[method-assign]
    _ORIGINAL_NAME_EQ = x509.Name.__eq__
    x509.Name.__eq__ = name_equal  # type: ignore[method-assign]
    _installed = True


__all__ = [
    "get_object_from_stream_fast",
    "install",
    "name_equal",
    "parse_xref_stream_fast",
    "read_hex_string_fast",
]
