"""A faster reader for PDF hex strings, put in place of pyHanko's own; and a fast path for
comparing X.509 names.

pyHanko 0.38 reads a hex string one byte at a time through a generator; a signature's
/Contents is a 10–40 KB hex string, so opening one signed PDF costs ~30 ms in that loop alone
(60 % of validating a one-page document). This reads the string in blocks and decodes it with
binascii: the same result, the same errors (a non-hex byte, a missing ">"). Comments inside a
hex string, which pyHanko skips, are handled by falling back to pyHanko's reader.

asn1crypto compares two X.509 names by normalising every value (RFC 5280 string preparation)
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
_NAME_PAIRS: dict[tuple[bytes, bytes], bool] = {}
_MAX_NAME_PAIRS = 4096


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
    global _installed, _ORIGINAL, _ORIGINAL_NAME_EQ
    if _installed:
        return
    from asn1crypto import x509
    from pyhanko.pdf_utils import generic

    _ORIGINAL = generic.read_hex_string_from_stream
    generic.read_hex_string_from_stream = read_hex_string_fast
    _ORIGINAL_NAME_EQ = x509.Name.__eq__
    x509.Name.__eq__ = name_equal  # type: ignore[method-assign]
    _installed = True


__all__ = ["install", "name_equal", "read_hex_string_fast"]
