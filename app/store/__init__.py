"""Storage: the SQLite database (WAL, named migrations) and the content-addressed blob store."""

from app.store.blobs import BlobStore, StoredBlob
from app.store.db import MIGRATIONS, connect, open_database

__all__ = ["MIGRATIONS", "BlobStore", "StoredBlob", "connect", "open_database"]
