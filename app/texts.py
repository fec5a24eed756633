"""The text of registered PDFs, extracted with PDFium after the registration has committed,
so that taking a number never waits for a 500-page scan. Small files are done right after
registering; large ones wait for the background (the window's I/O pool, ``vanthu index``)."""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass

from app.pdf import extract_text
from app.search import meta_text
from app.store import texts as texts_sql
from app.store.search_index import index_delete, index_insert
from app.textfold import fold, normalize_text
from app.workspace import Workspace

# Files up to this size are read right after registering; larger ones in the background.
INLINE_MAX_BYTES = int(os.environ.get("VANTHU_INLINE_TEXT_MAX_BYTES") or 4 * 1024 * 1024)


@dataclass(frozen=True)
class IndexRun:
    done: int
    failed: int
    pending: int


class TextIndexer:
    """Extracts pending texts. Safe from any thread (PDFium has its own lock; the result is
    written through the store's writer)."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace

    def pending(self, *, max_size: int | None = None) -> list[int]:
        return texts_sql.pending(self.ws.conn, max_size=max_size)

    def run(
        self,
        ids: list[int] | None = None,
        *,
        seconds: float | None = None,
        small_only: bool = False,
    ) -> IndexRun:
        todo = (
            ids
            if ids is not None
            else self.pending(max_size=INLINE_MAX_BYTES if small_only else None)
        )
        started = time.monotonic()
        done = failed = 0
        for document_id in todo:
            if seconds is not None and time.monotonic() - started > seconds:
                break
            if self.index_one(document_id):
                done += 1
            else:
                failed += 1
        return IndexRun(done, failed, len(self.pending()))

    def index_one(self, document_id: int) -> bool:
        record = texts_sql.pending_document(self.ws.conn, document_id)
        if record is None:
            return True
        try:
            text, pages = extract_text(self.ws.blobs.path_for(record["file_sha256"]))
            text = normalize_text(text.replace("\r", "\n"))
            state = "done"
        except Exception:  # a PDF PDFium cannot read: registered all the same, text unsearchable
            text, pages, state = "", 0, "failed"
        sha = record["file_sha256"]

        def store(conn: sqlite3.Connection) -> None:
            current = texts_sql.pending_document(conn, document_id)
            if current is None or current["file_sha256"] != sha:
                return  # done meanwhile by another process, or a newer file came
            meta = meta_text(current)
            texts_sql.store(conn, document_id, state, pages, text)
            if text:
                index_delete(conn, [(document_id, meta, "")])
                index_insert(conn, [(document_id, meta, fold(text))])

        self.ws.write(store)
        return state == "done"


def text_of(conn: sqlite3.Connection, document_id: int) -> str:
    return texts_sql.body(conn, document_id)


__all__ = ["INLINE_MAX_BYTES", "IndexRun", "TextIndexer", "text_of"]
