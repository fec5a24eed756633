"""Offline validation of a one-page PAdES B-LT PDF, warm (issue 3 part 5). Target: ≤ 150 ms.

The PDF is signed the way the field signs (the CMS carries only the signer's certificate,
timestamp and revocation data fetched from the test PKI's services on 127.0.0.1); then the
services are STOPPED and the same file is validated again and again offline, with a trust
store of the test roots and their intermediates, from its own DSS."""

from __future__ import annotations

import argparse
import shutil
import statistics
import time

from common import peak_rss_mb, report, scratch

from signing.revocation import RevocationCache
from signing.validate import validate_pdf
from tests.signing.field_pki import build_field_pki, trust_for


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    folder = scratch("verify")
    shutil.rmtree(folder)
    pki = build_field_pki(folder / "pki")
    pki.server.start()
    try:
        start = time.perf_counter()
        data = pki.pdf("b-lt-online")
        sign_seconds = time.perf_counter() - start
    finally:
        pki.server.stop()
    trust = trust_for(pki)
    cache = RevocationCache(folder / "cache" / "revocation")  # empty: the DSS must suffice

    start = time.perf_counter()
    first = validate_pdf(data, trust=trust, cache=cache)
    first_ms = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = validate_pdf(data, trust=trust, cache=cache)
        times.append((time.perf_counter() - start) * 1000)
        assert result.overall == first.overall
    times.sort()
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    [sig] = first.signatures
    print(
        f"B-LT 1 page, {len(data) / 1024:.0f} KB, signed online in {sign_seconds:.2f} s; "
        f"offline validation: first {first_ms:.0f} ms, warm median {median:.1f} ms, "
        f"p95 {p95:.1f} ms, min {times[0]:.1f} ms over {args.runs} runs; verdict {sig.verdict}, "
        f"level {sig.level}, revocation from {sig.revocation.source}"
    )
    report(
        {
            "benchmark": "verify_offline_blt",
            "pdf_bytes": len(data),
            "runs": args.runs,
            "first_ms": round(first_ms, 1),
            "median_ms": round(median, 1),
            "p95_ms": round(p95, 1),
            "target_ms": 150,
            "verdict": sig.verdict,
            "level": sig.level,
            "revocation_source": sig.revocation.source,
            "peak_rss_mb": round(peak_rss_mb(), 1),
            "ok": median <= 150
            and sig.verdict == "valid"
            and sig.level == "B-LT"
            and sig.revocation.source == "dss",
        }
    )


if __name__ == "__main__":
    main()
