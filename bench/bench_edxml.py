"""A ~300 MB edXML package (one ~220 MB random attachment, base64) built by the streaming
builder, then parsed in a fresh process into a blob store. Reports each process's peak memory
from /proc/self/status VmHWM (ru_maxrss would carry the parent's peak into a vfork+exec child)
and the time; the parse must stay under 150 MB whatever the package's size."""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import ROOT, report, scratch, vm_hwm_mb

PEAK_LIMIT_MB = 150


def message():
    from sync.edxml import (
        Business,
        Code,
        EdocMessage,
        Organ,
        Promulgation,
        TraceHeader,
    )

    doc_id = "000.00.00.H29,2026/11/26,125/QĐ-UBND"
    return EdocMessage(
        sender=Organ("000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk"),
        to=(Organ("000.00.00.G22", "Văn phòng Chính phủ"),),
        document_id=doc_id,
        code=Code("125", "QĐ-UBND"),
        promulgation=Promulgation("Đắk Lắk", dt.date(2026, 11, 26)),
        subject="Về việc phê duyệt hồ sơ quy hoạch (bản quét dung lượng lớn)",
        business=Business(0, "Văn bản điện tử mới", doc_id),
        trace=(TraceHeader("000.00.00.H29", dt.datetime(2026, 11, 26, 9, 0, 0)),),
    )


def child_build(source: str, target: str) -> None:
    from sync.edxml import build_edoc

    start = time.perf_counter()
    with open(target, "wb") as out:
        built = build_edoc(message(), [("Hồ sơ quy hoạch.pdf", "application/pdf", source)], out)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak_mb": vm_hwm_mb(), "sha256": built.sha256}))


def child_parse(package: str, store: str) -> None:
    from app.store.blobs import BlobStore
    from sync.edxml import parse_package

    start = time.perf_counter()
    parsed = parse_package(package, BlobStore(Path(store)), temp_dir=Path(store) / "tmp")
    seconds = time.perf_counter() - start
    (attachment,) = parsed.attachments
    result = {"seconds": seconds, "peak_mb": vm_hwm_mb(), "sha256": attachment.sha256}
    result |= {"size": attachment.size, "blob": attachment.blob, "repairs": len(parsed.repairs)}
    print(json.dumps(result))


def in_fresh_process(*args: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=220, help="attachment size in MB")
    parser.add_argument("--child-build", nargs=2, metavar=("SOURCE", "TARGET"))
    parser.add_argument("--child-parse", nargs=2, metavar=("PACKAGE", "STORE"))
    args = parser.parse_args()
    if args.child_build:
        return child_build(*args.child_build)
    if args.child_parse:
        return child_parse(*args.child_parse)

    folder = scratch("edxml")
    shutil.rmtree(folder)
    folder.mkdir(parents=True)
    source, package, store = folder / "scan.pdf", folder / "big.edxml", folder / "blobs"
    expected = hashlib.sha256()
    block = os.urandom(4 * 1024 * 1024)
    with source.open("wb") as out:
        out.write(b"%PDF-1.7\n")
        expected.update(b"%PDF-1.7\n")
        for i in range(args.mb // 4):
            chunk = block[i % 13 :] + block[: i % 13]
            expected.update(chunk)
            out.write(chunk)
    build = in_fresh_process("--child-build", str(source), str(package))
    package_mb = package.stat().st_size / 1024**2 if package.exists() else 0.0
    source.unlink()
    parse = in_fresh_process("--child-parse", str(package), str(store))
    hash_ok = parse.get("sha256") == expected.hexdigest() == parse.get("blob")
    leftovers = [p.name for p in (store / "tmp").iterdir()] if (store / "tmp").exists() else []
    shutil.rmtree(folder)
    peak = parse.get("peak_mb", -1)
    print(
        f"package {package_mb:.0f} MB: built in {build.get('seconds', 0):.1f} s "
        f"(peak {build.get('peak_mb', -1):.0f} MB), parsed in {parse.get('seconds', 0):.1f} s "
        f"(peak {peak:.0f} MB, limit {PEAK_LIMIT_MB} MB)"
    )
    report(
        {
            "benchmark": "edxml_parse",
            "package_mb": round(package_mb, 1),
            "attachment_mb": args.mb,
            "build_seconds": round(build.get("seconds", 0), 2),
            "build_peak_mb": round(build.get("peak_mb", -1), 1),
            "parse_seconds": round(parse.get("seconds", 0), 2),
            "parse_peak_mb": round(peak, 1),
            "parse_mb_per_second": round(package_mb / parse["seconds"])
            if "seconds" in parse
            else 0,
            "hash_ok": hash_ok,
            "temp_files_left": len(leftovers),
            "ok": hash_ok
            and 0 < peak <= PEAK_LIMIT_MB
            and 0 < build.get("peak_mb", -1) <= PEAK_LIMIT_MB
            and not leftovers,
        }
    )


if __name__ == "__main__":
    main()
