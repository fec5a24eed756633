"""The text of registered PDFs, extracted with PDFium after the registration has committed,
so that taking a number never waits for a 500-page scan. Small files are done right after
registering; large ones wait for the background (the window's I/O pool, ``vanthu index``)."""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass

from app.pdf import extract_text
from app.search import index_delete, index_insert, meta_text
from app.store.db import write_transaction
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
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.conn = workspace.conn

    def pending(self, *, max_size: int | None = None) -> list[int]:
        sql = (
            "SELECT t.document_id FROM document_texts t JOIN documents d ON d.id = t.document_id"
            " WHERE t.state = 'pending'"
        )
        args: list[int] = []
        if max_size is not None:
            sql += " AND d.file_size <= ?"
            args.append(max_size)
        return [r[0] for r in self.conn.execute(sql + " ORDER BY t.document_id", args)]

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
        row = self.conn.execute(
            "SELECT d.*, t.state FROM documents d JOIN document_texts t ON t.document_id = d.id"
            " WHERE d.id = ?",
            (document_id,),
        ).fetchone()
        if row is None or row["state"] != "pending":
            return True
        record = dict(row)
        try:
            text, pages = extract_text(self.ws.blobs.path_for(record["file_sha256"]))
            text = normalize_text(text.replace("\r", "\n"))
            state = "done"
        except Exception:  # a PDF PDFium cannot read: registered all the same, text unsearchable
            text, pages, state = "", 0, "failed"
        meta = meta_text(record)
        with write_transaction(self.conn):
            current = self.conn.execute(
                "SELECT state FROM document_texts WHERE document_id = ?", (document_id,)
            ).fetchone()
            if current is None or current[0] != "pending":  # another process did it meanwhile
                return True
            self.conn.execute(
                "UPDATE document_texts SET state = ?, pages = ?, body = ? WHERE document_id = ?",
                (state, pages, text, document_id),
            )
            if text:
                index_delete(self.conn, [(document_id, meta, "")])
                index_insert(self.conn, [(document_id, meta, fold(text))])
        return state == "done"


def text_of(conn: sqlite3.Connection, document_id: int) -> str:
    row = conn.execute(
        "SELECT body FROM document_texts WHERE document_id = ?", (document_id,)
    ).fetchone()
    return row[0] if row else ""


__all__ = ["INLINE_MAX_BYTES", "IndexRun", "TextIndexer", "text_of"]
