"""Content-addressed files: ``blobs/ab/cdef…`` named by their SHA-256.

A file is streamed in chunks into a temporary file in the same folder, hashed on the way,
fsynced, then renamed into place: a crash leaves either the whole file or nothing, and a
2 GB file never sits in memory."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from app.errors import InvalidInput, StorageError
from app.fileio import pid_tag

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path


_SHA256 = re.compile(r"[0-9a-f]{64}")


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.tmp = self.root / "tmp"

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:]

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put_file(self, source: str | os.PathLike[str]) -> StoredBlob:
        path = Path(source)
        if _SHA256.fullmatch(path.name) and path == self.path_for(path.name) and path.is_file():
            return StoredBlob(path.name, path.stat().st_size, path)  # stored already: no copy
        try:
            with path.open("rb") as stream:
                return self.put_stream(stream)
        except FileNotFoundError:
            raise InvalidInput("file", "not_found", value=str(path)) from None
        except IsADirectoryError:
            raise InvalidInput("file", "not_a_file", value=str(path)) from None
        except PermissionError:
            raise InvalidInput("file", "unreadable", value=str(path)) from None

    def put_bytes(self, data: bytes) -> StoredBlob:
        return self.put_chunks([data])

    def put_stream(self, stream: BinaryIO) -> StoredBlob:
        return self.put_chunks(iter(lambda: stream.read(CHUNK), b""))

    def put_chunks(self, chunks: Iterable[bytes]) -> StoredBlob:
        """Store what the chunks add up to; returns its hash, size and final path."""
        self.tmp.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp, prefix=f"in-{pid_tag()}")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                sha = digest.hexdigest()
                final = self.path_for(sha)
                stored = final.is_file() and final.stat().st_size == size
                if not stored:
                    os.fsync(out.fileno())
            if stored:
                os.unlink(tmp_name)  # already stored: content addressing makes this a no-op
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp_name, final)
                _fsync_dir(final.parent)
            return StoredBlob(sha, size, final)
        except OSError as exc:
            _remove_quietly(tmp_name)
            raise StorageError("write_failed", path=str(self.root), reason=exc.strerror) from exc
        except BaseException:
            _remove_quietly(tmp_name)
            raise

    def open(self, sha256: str) -> BinaryIO:
        try:
            return self.path_for(sha256).open("rb")
        except FileNotFoundError:
            raise StorageError("blob_missing", sha256=sha256) from None

    def verify(self, sha256: str) -> bool:
        """Re-hash a stored file: false when it was damaged on disk."""
        digest = hashlib.sha256()
        with self.open(sha256) as stream:
            for chunk in iter(lambda: stream.read(CHUNK), b""):
                digest.update(chunk)
        return digest.hexdigest() == sha256


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; rename there is already durable enough
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


__all__ = ["BlobStore", "StoredBlob"]
