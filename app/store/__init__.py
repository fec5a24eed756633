"""Storage: the SQLite database (WAL, named migrations) with one owner (a writer thread,
readers per thread), the content-addressed blob store, and the SQL of every table."""

from app.store.blobs import BlobStore, StoredBlob
from app.store.db import MIGRATIONS, connect, open_database
from app.store.owner import Store

__all__ = ["MIGRATIONS", "BlobStore", "Store", "StoredBlob", "connect", "open_database"]
