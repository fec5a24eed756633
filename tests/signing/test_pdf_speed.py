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
