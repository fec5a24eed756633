"""Search over 10,000, 100,000 and 1,000,000 registered documents with realistic Vietnamese
subjects: 24 queries typed without diacritics, from rare words to the most common ones;
first 50 ranked hits with snippets; warm (each query run once before timing).
Targets at 1M: median ≤ 20 ms, 95th percentile ≤ 50 ms."""

from __future__ import annotations

import argparse
import shutil
import statistics
import time

from common import new_workspace, peak_rss_mb, report, sample_lines, scratch

from app.documents import DocumentService
from app.search import SearchService

QUERIES = (
    # rare: a project code, a district, a programme name
    "krong pac",
    "ea sup ma so",
    "muong te",
    "con dao",
    "bu gia map",
    "xam nhap man",
    # medium
    "tiem chung mo rong",
    "tham nhung tieu cuc",
    "chu ky so chuyen dung",
    "truc lien thong van ban quoc gia",
    "giai ngan von dau tu cong",
    "nong thon moi",
    "tuyen dung cong chuc",
    "bao cao ket qua quy iii",
    # common
    "ke hoach",
    "giay moi hop",
    "quyet dinh",
    "chuyen doi so",
    "tinh dak lak",
    "nam 2026",
    "ubnd",
    # the most common words
    "ve viec",
    "ve",
    "nam",
)
REPEATS = 5


def measure(service: SearchService) -> dict[str, float]:
    for q in QUERIES:  # warm-up
        service.search(q, limit=50)
    times: list[float] = []
    for _ in range(REPEATS):
        for q in QUERIES:
            start = time.perf_counter()
            result = service.search(q, limit=50)
            assert all(h.snippet for h in result.hits)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    home = scratch("search")
    shutil.rmtree(home)
    ws = new_workspace(home)
    svc = DocumentService(ws)
    lines = sample_lines(max(sizes), seed=11)
    registered = 0
    results = {}
    for size in sizes:
        start = time.perf_counter()
        batch = (next(lines) for _ in range(size - registered))
        svc.import_incoming(batch)
        registered = size
        load = time.perf_counter() - start
        service = SearchService(ws.conn)
        example = service.search("ke hoach phong chong", limit=50)
        stats = measure(service)
        ws.store.maintenance(lambda c: c.execute("PRAGMA wal_checkpoint(TRUNCATE)"))
        stats["bytes_per_document"] = round((home / "vanthu.db").stat().st_size / size)
        results[str(size)] = stats
        print(
            f"{size:>9,} documents (loaded +{load:.1f} s): median {stats['median_ms']} ms, "
            f"p95 {stats['p95_ms']} ms, max {stats['max_ms']} ms, "
            f"{stats['bytes_per_document']} B/document; "
            f"'ke hoach phong chong' → {example.total}{'+' if example.total_is_estimate else ''} "
            f"matches, first: {example.hits[0].snippet if example.hits else '-'}",
            flush=True,
        )
    ws.close()
    top = results[str(max(sizes))]
    report(
        {
            "benchmark": "search",
            "queries": len(QUERIES),
            "repeats": REPEATS,
            "hits_per_query": 50,
            "by_size": results,
            "target_median_ms": 20,
            "target_p95_ms": 50,
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "ok": top["median_ms"] <= 20 and top["p95_ms"] <= 50,
        }
    )


if __name__ == "__main__":
    main()
