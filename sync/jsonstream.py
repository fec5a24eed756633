"""Read a JSON answer whose one big string field is base64 (``getEdoc``'s ``data``) without
holding it: the field is decoded chunk by chunk into a sink, everything else is kept as a
small "skeleton" (the JSON with ``"data": ""``) and parsed with ``json`` at the end.

Memory: one network chunk plus the skeleton (capped), whatever the size of the package.
The field may come anywhere in the object; JSON escapes inside it (``\\/``, ``\\u003d`` as
Gson writes ``=``, escaped line breaks of wrapped base64) are understood.
"""

from __future__ import annotations

import binascii
import json
from collections.abc import Callable
from typing import Any

_WHITESPACE = b" \t\r\n"
_SIMPLE_ESCAPES = {ord("/"): b"/", ord("n"): b"", ord("r"): b"", ord("t"): b"", ord('"'): b""}


class JsonStreamError(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Base64FieldReader:
    """``feed(chunk)`` the body as it arrives, then ``finish()`` for the other fields.
    ``found`` tells whether the field held a string."""

    def __init__(
        self, sink: Callable[[bytes], None], field: str = "data", skeleton_limit: int = 1 << 20
    ) -> None:
        self._sink = sink
        self._field = field
        self._limit = skeleton_limit
        self._skeleton = bytearray()
        self._in_field = False
        self._carry = b""  # an escape cut by a chunk boundary
        self._b64 = bytearray()  # base64 characters not yet decoded (fewer than 4 … a chunk)
        self.found = False
        # the scanner of the skeleton
        self._depth = 0
        self._in_string = False
        self._escape = False
        self._string = bytearray()
        self._last_key: bytes | None = None  # a depth-1 string just closed
        self._await_value = False  # saw  "data" :   and wait for the value

    # ---------------------------------------------------------------------------------------

    def feed(self, chunk: bytes) -> None:
        data = self._carry + chunk if self._carry else chunk
        self._carry = b""
        pos, end = 0, len(data)
        while pos < end:
            if self._in_field:
                pos = self._field_bytes(data, pos)
            else:
                pos = self._skeleton_bytes(data, pos)

    def finish(self) -> dict[str, Any]:
        if self._in_field or self._carry:
            raise JsonStreamError("truncated")
        try:
            value = json.loads(bytes(self._skeleton))
        except (ValueError, RecursionError):
            raise JsonStreamError("not_json") from None
        if not isinstance(value, dict):
            raise JsonStreamError("not_an_object")
        return value

    # ---------------------------------------------------------------------------------------

    def _skeleton_bytes(self, data: bytes, pos: int) -> int:
        """Scan outside the field, byte by byte (the skeleton is small), until the field's
        opening quote or the end of the chunk."""
        start = pos
        end = len(data)
        field_key = self._field.encode()
        while pos < end:
            c = data[pos]
            pos += 1
            if self._in_string:
                if self._escape:
                    self._escape = False
                elif c == 0x5C:  # backslash
                    self._escape = True
                elif c == 0x22:  # closing quote
                    self._in_string = False
                    if self._depth == 1:
                        self._last_key = bytes(self._string)
                    continue
                if self._depth == 1 and len(self._string) < 256:
                    self._string.append(c)
                continue
            if c in _WHITESPACE:
                continue
            if self._await_value:
                self._await_value = False
                if c == 0x22:  # the field's value is a string: switch to streaming
                    self._skeleton += data[start:pos]
                    self._check_limit()
                    self._in_field = True
                    self.found = True
                    return pos
            if c == 0x3A and self._last_key == field_key and self._depth == 1:  # ':'
                self._await_value = True
            elif c == 0x22:
                self._in_string = True
                self._string.clear()
            elif c in (0x7B, 0x5B):
                self._depth += 1
            elif c in (0x7D, 0x5D):
                self._depth -= 1
            if c != 0x3A:
                self._last_key = None
        self._skeleton += data[start:pos]
        self._check_limit()
        return pos

    def _check_limit(self) -> None:
        if len(self._skeleton) > self._limit:
            raise JsonStreamError("answer_too_big")

    def _field_bytes(self, data: bytes, pos: int) -> int:
        """Inside the field: copy runs of plain characters, decode escapes, stop at the
        closing quote."""
        quote, backslash = data.find(b'"', pos), data.find(b"\\", pos)
        if quote < 0 and backslash < 0:
            self._b64 += data[pos:]
            self._decode(final=False)
            return len(data)
        i = min(x for x in (quote, backslash) if x >= 0)
        self._b64 += data[pos:i]
        if data[i] == 0x22:  # end of the string
            self._decode(final=True)
            self._in_field = False
            self._skeleton += b'"'
            return i + 1
        # a backslash escape
        if i + 1 >= len(data):
            self._carry = data[i:]
            return len(data)
        kind = data[i + 1]
        if kind == ord("u"):
            if i + 6 > len(data):
                self._carry = data[i:]
                return len(data)
            try:
                self._b64 += chr(int(data[i + 2 : i + 6], 16)).encode("ascii")
            except (ValueError, UnicodeEncodeError):
                raise JsonStreamError("bad_base64") from None
            return i + 6
        if kind in _SIMPLE_ESCAPES and kind != ord('"'):
            self._b64 += _SIMPLE_ESCAPES[kind]
            return i + 2
        raise JsonStreamError("bad_base64")

    def _decode(self, *, final: bool) -> None:
        if any(c in self._b64 for c in _WHITESPACE):
            self._b64 = bytearray(bytes(self._b64).translate(None, _WHITESPACE))
        usable = len(self._b64) if final else len(self._b64) // 4 * 4
        if final and usable % 4:
            raise JsonStreamError("bad_base64")
        if not usable:
            return
        try:
            decoded = binascii.a2b_base64(self._b64[:usable], strict_mode=True)
        except binascii.Error:
            raise JsonStreamError("bad_base64") from None
        del self._b64[:usable]
        if decoded:
            self._sink(decoded)


__all__ = ["Base64FieldReader", "JsonStreamError"]
