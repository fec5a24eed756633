"""`make bench`: every benchmark in its own process; each prints a last JSON line, and this
prints them together as the last line."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = [
    ("bench_register.py", []),
    ("bench_search.py", []),
    ("bench_pages.py", []),
    ("bench_blob.py", []),
    ("bench_sign.py", []),
    ("bench_lifecycle.py", []),
    ("bench_window.py", []),
    ("bench_verify.py", []),
    ("bench_field_verify.py", []),
    ("bench_edxml.py", []),
    ("bench_exchange.py", []),
    ("bench_preview.py", []),
    ("bench_sign_window.py", []),
]


def main() -> int:
    results = []
    for script, args in BENCHMARKS:
        print(f"== {script}", flush=True)
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, str(HERE / script), *args],
            cwd=HERE,
            capture_output=True,
            text=True,
        )
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
        result = json.loads(lines[-1]) if lines else {"benchmark": script, "ok": False}
        result["wall_seconds"] = round(time.perf_counter() - start, 1)
        results.append(result)
    summary = {"benchmarks": results, "ok": all(r.get("ok") for r in results)}
    print(json.dumps(summary, ensure_ascii=False), flush=True)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
