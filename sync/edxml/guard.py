"""A watch on the raw bytes before libxml2 sees them.

libxml2's push parser streams character data (so a 300 MB base64 payload costs nothing), but
keeps a whole tag, comment, processing instruction or CDATA section in memory until its end
arrives: a package made of one 500 MB attribute or comment would cost 500 MB before any
check could run. The guard follows where markup starts and ends (quotes in tags included)
and refuses a construct longer than ``limit`` bytes while it is still arriving. It also
refuses any ``<!`` declaration other than a comment or CDATA (DOCTYPE, ENTITY, ELEMENT…)
outright, before the parser is even fed it."""

from __future__ import annotations

import re

from app.errors import InvalidInput

_TEXT, _TAG, _COMMENT, _CDATA, _PI = range(5)
_ENDS = {_COMMENT: b"-->", _CDATA: b"]]>", _PI: b"?>"}
_TAG_STOPS = re.compile(rb"[\"'>]")


class MarkupGuard:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.state = _TEXT
        self.run = 0  # bytes of the construct being read
        self.quote = b""
        self.carry = b""

    def feed(self, chunk: bytes) -> None:
        buf = self.carry + chunk if self.carry else chunk
        self.carry = b""
        i, n = 0, len(buf)
        while i < n:
            if self.state == _TEXT:
                j = buf.find(b"<", i)
                if j < 0:
                    return
                kind = _classify(buf[j + 1 : j + 9])
                if kind is None:  # too few bytes to tell: wait for the next chunk
                    self.carry = buf[j:]
                    return
                self.state, self.run = kind, 0
                i = j + 1
            elif self.state == _TAG:
                if self.quote:
                    j = buf.find(self.quote, i)
                    if j < 0:
                        return self._grow(n - i)
                    self._grow(j + 1 - i)
                    self.quote, i = b"", j + 1
                    continue
                match = _TAG_STOPS.search(buf, i)
                if match is None:
                    return self._grow(n - i)
                self._grow(match.end() - i)
                i = match.end()
                if match.group() == b">":
                    self.state = _TEXT
                else:
                    self.quote = match.group()
            else:
                end = _ENDS[self.state]
                j = buf.find(end, i)
                if j < 0:
                    keep = min(len(end) - 1, n - i)  # the end may be split between chunks
                    self._grow(n - i - keep)
                    self.carry = buf[n - keep :]
                    return
                self._grow(j + len(end) - i)
                self.state, i = _TEXT, j + len(end)

    def _grow(self, count: int) -> None:
        self.run += count
        if self.run > self.limit:
            raise InvalidInput("edxml", "markup_too_large", limit=self.limit)


def _classify(head: bytes) -> int | None:
    """What follows a ``<``: None while the bytes seen cannot tell yet."""
    if not head:
        return None
    if head[:1] == b"?":
        return _PI
    if head[:1] != b"!":
        return _TAG
    for prefix, kind in ((b"!--", _COMMENT), (b"![CDATA[", _CDATA)):
        if head.startswith(prefix):
            return kind
        if prefix.startswith(head):
            return None
    raise InvalidInput("edxml", "doctype_forbidden")


__all__ = ["MarkupGuard"]
