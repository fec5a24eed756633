"""Bulk registration with numbering and history: 100,000 incoming documents (metadata only)
through the same service as `vanthu incoming import`. Target ≥ 5,000 documents/s; store
size ≤ 1.5 KB per document."""

from __future__ import annotations

import argparse
import shutil
import time

from common import new_workspace, peak_rss_mb, report, sample_lines, scratch

from app.documents import DocumentService
from app.store.history import verify_chain


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    home = scratch("register")
    shutil.rmtree(home)
    ws = new_workspace(home)
    svc = DocumentService(ws)
    items = list(sample_lines(args.count))
    start = time.perf_counter()
    result = svc.import_incoming(iter(items))
    seconds = time.perf_counter() - start
    ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    numbers = ws.conn.execute(
        "SELECT count(*), count(DISTINCT number), min(number), max(number) FROM documents"
    ).fetchone()
    audit = verify_chain(ws.conn)
    ws.conn.execute("VACUUM")
    size = (home / "vanthu.db").stat().st_size
    ws.close()
    per_second = result.imported / seconds
    print(
        f"registered {result.imported:,} in {seconds:.2f} s = {per_second:,.0f}/s; "
        f"duplicates {len(result.duplicates)}; errors {len(result.errors)}; "
        f"numbers {numbers[2]}..{numbers[3]} distinct {numbers[1]:,}; audit ok={audit.ok}; "
        f"store {size / result.imported:,.0f} B/document"
    )
    report(
        {
            "benchmark": "bulk_registration",
            "documents": result.imported,
            "seconds": round(seconds, 3),
            "documents_per_second": round(per_second),
            "target_documents_per_second": 5000,
            "bytes_per_document": round(size / max(result.imported, 1)),
            "target_bytes_per_document": 1536,
            "numbers_contiguous": numbers[1] == numbers[0] == numbers[3] and numbers[2] == 1,
            "audit_ok": audit.ok,
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "ok": per_second >= 5000 and size / max(result.imported, 1) <= 1536 and audit.ok,
        }
    )


if __name__ == "__main__":
    main()
