from __future__ import annotations

import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from app.errors import InvalidInput, StorageError
from app.store.blobs import BlobStore


def test_content_addressed_and_idempotent(tmp_path: Path):
    store = BlobStore(tmp_path / "blobs")
    a = store.put_bytes(b"van ban")
    b = store.put_bytes(b"van ban")
    assert a == b and a.sha256 == hashlib.sha256(b"van ban").hexdigest()
    assert a.path == tmp_path / "blobs" / a.sha256[:2] / a.sha256[2:]
    assert a.path.read_bytes() == b"van ban" and store.verify(a.sha256)
    assert list((tmp_path / "blobs" / "tmp").iterdir()) == []


def test_a_large_file_is_streamed_not_held_in_memory(tmp_path: Path):
    """64 MB here (the 2 GB run is `make bench`): peak Python memory stays a few chunks."""
    source = tmp_path / "big.bin"
    digest = hashlib.sha256()
    with source.open("wb") as out:
        for i in range(64):
            chunk = os.urandom(1024 * 1024) if i % 8 == 0 else bytes([i]) * (1024 * 1024)
            digest.update(chunk)
            out.write(chunk)
    store = BlobStore(tmp_path / "blobs")
    tracemalloc.start()
    blob = store.put_file(source)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert blob.sha256 == digest.hexdigest() and blob.size == 64 * 1024 * 1024
    assert peak < 8 * 1024 * 1024
    assert store.verify(blob.sha256)


def test_damage_on_disk_is_detected(tmp_path: Path):
    store = BlobStore(tmp_path / "blobs")
    blob = store.put_bytes(b"original")
    blob.path.write_bytes(b"tampered")
    assert not store.verify(blob.sha256)


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path):
    store = BlobStore(tmp_path / "blobs")

    def chunks():
        yield b"part one"
        raise OSError(28, "No space left on device")

    with pytest.raises(StorageError) as err:
        store.put_chunks(chunks())
    assert err.value.problem == "write_failed"
    assert list((tmp_path / "blobs" / "tmp").iterdir()) == []
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == []


def test_missing_source_file(tmp_path: Path):
    with pytest.raises(InvalidInput) as err:
        BlobStore(tmp_path / "blobs").put_file(tmp_path / "nope.pdf")
    assert (err.value.field, err.value.problem) == ("file", "not_found")
