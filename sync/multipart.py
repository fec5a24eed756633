"""``multipart/form-data`` with one file part, streamed both ways.

``requests`` builds a ``files=`` body in memory, which a 300 MB package cannot afford, and
requests-toolbelt is not a dependency. ``MultipartFileBody`` is a file-like object of known
length that yields the part's head, the file in chunks and the closing boundary: requests
sends it with a ``Content-Length`` and never holds more than one chunk.

``read_file_part`` is the other side (the local axis): it reads a request body from a stream,
hands the named file part to a sink chunk by chunk, and skips the other (small) parts.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

CHUNK = 256 * 1024
MAX_PART_HEAD = 16 * 1024
MAX_OTHER_PART = 64 * 1024


class FileChanged(RuntimeError):
    """The file ended before the size measured when the upload started. Not an OSError,
    so that urllib3 does not mistake it for a network failure."""


class MultipartError(ValueError):
    """A body that is not the multipart the protocol expects; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _ascii_filename(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]", "_", name)[:120]
    return cleaned or "edoc.edxml"


class MultipartFileBody:
    """The body ``--B / part head / file bytes / --B--`` read from ``stream``, which must
    yield exactly ``size`` bytes from its current position."""

    def __init__(
        self,
        stream: BinaryIO,
        size: int,
        *,
        field: str = "file_doc",
        filename: str = "edoc.edxml",
        content_type: str = "application/xml",
        boundary: str | None = None,
        chunk_size: int = CHUNK,
    ) -> None:
        self.boundary = boundary or f"vanthu-{secrets.token_hex(16)}"
        head = (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="{field}"; '
            f'filename="{_ascii_filename(filename)}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        self._head = head.encode("ascii")
        self._tail = f"\r\n--{self.boundary}--\r\n".encode("ascii")
        self._stream = stream
        self._size = size
        self._chunk = chunk_size
        self._length = len(self._head) + size + len(self._tail)
        self._pos = 0  # bytes of the whole body handed out so far

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def __len__(self) -> int:
        return self._length

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            n = self._chunk
        head_len, file_end = len(self._head), len(self._head) + self._size
        pos = self._pos
        if pos < head_len:
            out = self._head[pos : pos + n]
        elif pos < file_end:
            out = self._stream.read(min(n, file_end - pos))
            if not out:
                raise FileChanged(f"file ended at {pos - head_len} of {self._size} bytes")
        elif pos < self._length:
            start = pos - file_end
            out = self._tail[start : start + n]
        else:
            return b""
        self._pos += len(out)
        return out

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read(self._chunk):
            yield chunk


# ------------------------------------------------------------------------- the reader ---


def boundary_of(content_type: str) -> str:
    """The boundary parameter of a ``multipart/form-data`` Content-Type."""
    kind, _, rest = content_type.partition(";")
    if kind.strip().lower() != "multipart/form-data":
        raise MultipartError("not_multipart")
    match = re.search(r'boundary\s*=\s*(?:"([^"]{1,200})"|([^\s;]{1,200}))', rest, re.I)
    if not match:
        raise MultipartError("no_boundary")
    return match.group(1) or match.group(2)


@dataclass(frozen=True)
class FilePart:
    filename: str
    size: int


class _Buffer:
    def __init__(self, stream: BinaryIO, limit: int | None) -> None:
        self.stream = stream
        self.data = bytearray()
        self.eof = False
        self.remaining = limit

    def fill(self) -> bool:
        if self.eof:
            return False
        want = CHUNK if self.remaining is None else min(CHUNK, self.remaining)
        chunk = self.stream.read(want) if want > 0 else b""
        if not chunk:
            self.eof = True
            return False
        if self.remaining is not None:
            self.remaining -= len(chunk)
        self.data += chunk
        return True

    def until(self, marker: bytes, cap: int) -> bytes:
        """Consume and return the bytes before ``marker`` (dropping the marker)."""
        while (i := self.data.find(marker)) < 0:
            if len(self.data) > cap or not self.fill():
                raise MultipartError("truncated" if self.eof else "part_head_too_long")
        out = bytes(self.data[:i])
        del self.data[: i + len(marker)]
        return out

    def need(self, n: int) -> bytes:
        while len(self.data) < n and self.fill():
            pass
        return bytes(self.data[:n])


def _disposition(head: bytes) -> tuple[str, str | None]:
    text = head.decode("utf-8", "replace")
    for line in text.split("\r\n"):
        name, _, value = line.partition(":")
        if name.strip().lower() == "content-disposition":
            field = re.search(r'(?:^|;)\s*name="([^"]*)"', value)
            file = re.search(r'filename="([^"]*)"', value)
            return (field.group(1) if field else "", file.group(1) if file else None)
    raise MultipartError("no_disposition")


def read_file_part(
    stream: BinaryIO,
    content_type: str,
    field: str,
    sink: Callable[[bytes], None],
    *,
    length: int | None = None,
) -> FilePart:
    """Stream the part named ``field`` to ``sink``; ``length`` bounds what is read (the
    request's Content-Length). Exactly one such part must be present."""
    delimiter = b"--" + boundary_of(content_type).encode("latin-1")
    buf = _Buffer(stream, length)
    buf.until(delimiter, MAX_PART_HEAD)  # the preamble, usually empty
    found: FilePart | None = None
    marker = b"\r\n" + delimiter
    while True:
        after = buf.need(2)
        if after == b"--":
            break
        if after != b"\r\n":
            raise MultipartError("bad_delimiter")
        del buf.data[:2]
        head = buf.until(b"\r\n\r\n", MAX_PART_HEAD)
        name, filename = _disposition(head)
        wanted = name == field and filename is not None
        if wanted and found is not None:
            raise MultipartError("two_files")
        size = 0
        while True:
            i = buf.data.find(marker)
            if i >= 0:
                piece, cut = buf.data[:i], i + len(marker)
            else:
                keep = len(marker) - 1
                piece, cut = buf.data[: max(0, len(buf.data) - keep)], None
            if piece:
                size += len(piece)
                if wanted:
                    sink(bytes(piece))
                elif size > MAX_OTHER_PART:
                    raise MultipartError("other_part_too_long")
            if cut is not None:
                del buf.data[:cut]
                break
            del buf.data[: len(piece)]
            if not buf.fill():
                raise MultipartError("truncated")
        if wanted:
            found = FilePart(filename or "", size)
    if found is None:
        raise MultipartError("no_file")
    return found


__all__ = [
    "FileChanged",
    "FilePart",
    "MultipartError",
    "MultipartFileBody",
    "boundary_of",
    "read_file_part",
]
