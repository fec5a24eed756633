"""Bulk registration with numbering and history, end to end: ``vanthu incoming import`` of a
JSONL file of 1,000,000 incoming documents (metadata only) as a whole process — reading and
checking every line, numbering, the history chain, the search index, and the report.
Target ≥ 5,000 documents/s; store size ≤ 1.5 KB per document; afterwards the numbers run
1..N without a gap and ``audit verify`` passes."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, new_workspace, report, sample_lines, scratch

from app.store.history import verify_chain
from app.workspace import Workspace


def vanthu_command() -> list[str]:
    script = Path(sys.executable).with_name("vanthu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    args = parser.parse_args()
    folder = scratch("register")
    shutil.rmtree(folder)
    folder.mkdir(parents=True)
    home = folder / "ws"
    new_workspace(home).close()
    jsonl = folder / "lines.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for _, line in sample_lines(args.count):
            out.write(json.dumps(line, ensure_ascii=False) + "\n")

    command = [*vanthu_command(), "--home", str(home), "incoming", "import", str(jsonl), "--json"]
    env = os.environ | {"PYTHONPATH": str(ROOT), "VANTHU_USER": "bench"}
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-2000:])
    result = json.loads(proc.stdout) if proc.stdout.strip() else {"imported": 0}

    ws = Workspace(home)
    numbers = ws.conn.execute(
        "SELECT count(*), count(DISTINCT number), min(number), max(number) FROM documents"
    ).fetchone()
    audit = verify_chain(ws.conn)
    ws.store.maintenance(lambda c: c.execute("VACUUM"))
    ws.close()
    size = (home / "vanthu.db").stat().st_size
    imported = result.get("imported", 0)
    per_second = imported / seconds
    print(
        f"vanthu incoming import of {args.count:,} lines: {imported:,} registered in"
        f" {seconds:.1f} s = {per_second:,.0f}/s; duplicates {len(result.get('duplicates', []))};"
        f" errors {len(result.get('errors', []))}; numbers {numbers[2]}..{numbers[3]} distinct"
        f" {numbers[1]:,}; audit ok={audit.ok}; store {size / max(imported, 1):,.0f} B/document"
    )
    contiguous = numbers[1] == numbers[0] == numbers[3] and numbers[2] == 1
    report(
        {
            "benchmark": "bulk_registration",
            "lines": args.count,
            "documents": imported,
            "seconds": round(seconds, 2),
            "documents_per_second": round(per_second),
            "target_documents_per_second": 5000,
            "bytes_per_document": round(size / max(imported, 1)),
            "target_bytes_per_document": 1536,
            "numbers_contiguous": contiguous,
            "audit_ok": audit.ok,
            "audit_documents": audit.documents,
            "ok": proc.returncode == 0
            and per_second >= 5000
            and size / max(imported, 1) <= 1536
            and audit.ok
            and contiguous,
        }
    )
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
