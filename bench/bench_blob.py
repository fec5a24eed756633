"""A 2 GB file stored in the blob store: streamed, hashed on the way, fsynced, renamed.
Reports throughput and the process's peak memory (it must not hold the file)."""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import time

from common import peak_rss_mb, report, scratch

from app.store.blobs import BlobStore


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=2048)
    args = parser.parse_args()
    folder = scratch("blob")
    shutil.rmtree(folder)
    folder.mkdir(parents=True)
    source = folder / "scan.pdf"
    block = os.urandom(4 * 1024 * 1024)
    expected = hashlib.sha256()
    with source.open("wb") as out:
        for i in range(args.mb // 4):
            chunk = block[i % 7 :] + block[: i % 7]
            expected.update(chunk)
            out.write(chunk)
    rss_before = peak_rss_mb()
    start = time.perf_counter()
    blob = BlobStore(folder / "blobs").put_file(source)
    seconds = time.perf_counter() - start
    ok = blob.sha256 == expected.hexdigest() and blob.size == args.mb * 1024 * 1024
    peak = peak_rss_mb()
    shutil.rmtree(folder)
    print(
        f"stored {args.mb} MB in {seconds:.1f} s ({args.mb / seconds:.0f} MB/s); peak RSS {peak:.0f} MB"
    )
    report(
        {
            "benchmark": "blob_store",
            "megabytes": args.mb,
            "seconds": round(seconds, 2),
            "mb_per_second": round(args.mb / seconds),
            "peak_rss_mb": round(peak, 1),
            "rss_before_store_mb": round(rss_before, 1),
            "hash_ok": ok,
            "ok": ok and peak < 200,
        }
    )


if __name__ == "__main__":
    main()
