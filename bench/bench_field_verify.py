"""Offline validation of field documents with many signatures (issue 9). Targets: ≤ 1 s in
process (the FIRST validation in a process that has only imported the code, and the warm
median), ≤ 1.5 s for the whole ``vanthu verify --offline`` command (median wall time, CPU time
given too: on a shared machine the wall time includes waiting for a processor).

Two documents:

- the field corpus's bench document (tests/data/field/manifest.json marks it ``"bench":
  true``: the Government's decree 50/2026, 6 signatures, 30 tagged pages, 10,000 objects),
  when its PDF can be found ($VANTHU_FIELD_CORPUS, ../shared/samples/field-pdf/,
  tests/data/field/) with the manifest's SHA-256; validated with the bundled trust store;
- a 16-signature document built here with the test PKI the way the field's iText tools
  write them (tests/signing/field_itext.py: three pages, officials and the organisation,
  stamps, objects freed with generation 65534), validated with a workspace trusting the test
  roots. Said so in the output: it is generated, not a field file."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import ROOT, report, scratch

IN_PROCESS_TARGET = 1.0
COMMAND_TARGET = 1.5


def corpus_bench_file() -> tuple[Path, dict[str, Any]] | tuple[None, str]:
    """(path, manifest entry) of the corpus's bench document, or (None, why not)."""
    env = os.environ.get("VANTHU_FIELD_CORPUS", "").strip()
    folders = [Path(env)] if env else []
    folders += [ROOT.parent / "shared" / "samples" / "field-pdf", ROOT / "tests" / "data" / "field"]
    manifests = [f / "manifest.json" for f in folders] + [ROOT / "tests/data/field/manifest.json"]
    manifest = next((m for m in manifests if m.is_file()), None)
    if manifest is None:
        return None, "no field corpus manifest"
    entries = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    entry = next((e for e in entries if e.get("bench")), None)
    if entry is None:
        return None, "the manifest marks no bench document"
    for folder in folders:
        path = folder / entry["name"]
        if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]:
            return path, entry
    return None, f"{entry['name']} not found with the manifest's SHA-256"


def in_process(data: bytes, trust: Any, runs: int) -> dict[str, Any]:
    from signing.validate import validate_pdf

    start = time.perf_counter()
    first = validate_pdf(data, trust=trust, online=False)
    first_s = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        again = validate_pdf(data, trust=trust, online=False)
        times.append(time.perf_counter() - start)
        assert [s.verdict for s in again.signatures] == [s.verdict for s in first.signatures]
    return {
        "signatures": len(first.signatures),
        "verdicts": sorted({s.verdict for s in first.signatures}),
        "overall": first.overall,
        "first_s": round(first_s, 3),
        "warm_median_s": round(statistics.median(times), 3),
    }


def whole_command(path: Path, home: Path | None, runs: int) -> dict[str, Any]:
    vanthu = Path(sys.executable).with_name("vanthu")
    argv = [str(vanthu)] + (["--home", str(home)] if home else []) + ["verify", "--offline"]
    walls, cpus = [], []
    subprocess.run([*argv, str(path)], capture_output=True, check=False)  # warm the disk cache
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([*argv, str(path)], capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        assert "Traceback" not in proc.stderr, proc.stderr
    return {
        "command_exit": proc.returncode,
        "command_wall_median_s": round(statistics.median(walls), 3),
        "command_wall_min_s": round(min(walls), 3),
        "command_cpu_median_s": round(statistics.median(cpus), 3),
    }


def generated_document(folder: Path) -> tuple[Path, Path, Any]:
    """The 16-signature document, a workspace trusting the test PKI, and that trust store."""
    from app.workspace import Workspace
    from signing.trust import TrustStore
    from tests.signing.field_pki import build_field_pki

    pki = build_field_pki(folder / "pki")
    path = folder / "16-chu-ky.pdf"
    path.write_bytes(pki.pdf("sixteen"))
    home = folder / "ws"
    Workspace.create(home, "000.00.00.H29", "UBND tỉnh Đắk Lắk", "UBND").close()
    store = TrustStore.load(home, bundled=False)
    for label in ("root-g2", "ca-g2", "root-g1", "ca-g1"):
        store.add(pki.der(label))
    return path, home, TrustStore.load(home, bundled=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import signing  # noqa: F401 - the code the command imports, before the first validation
    from signing.trust import TrustStore

    folder = scratch("field-verify")
    shutil.rmtree(folder)
    folder.mkdir(parents=True)
    results: dict[str, Any] = {}

    path, entry = corpus_bench_file()
    if path is None:
        print(f"field corpus bench document: skipped ({entry})")
        results["corpus"] = {"skipped": entry}
    else:
        data = path.read_bytes()
        row = {"file": entry["name"], "bytes": len(data)}
        row |= in_process(data, TrustStore.load(None, bundled=True), args.runs)
        row |= whole_command(path, None, args.runs)
        results["corpus"] = row
        print(f"field corpus bench document {entry['name']}: {json.dumps(row, ensure_ascii=False)}")

    doc, home, trust = generated_document(folder)
    data = doc.read_bytes()
    row = {"file": "generated here: 16 signatures (tests/signing/field_itext.py)",
           "bytes": len(data)}  # fmt: skip
    row |= in_process(data, trust, args.runs)
    row |= whole_command(doc, home, args.runs)
    results["generated"] = row
    print(f"GENERATED 16-signature document (not a field file): {json.dumps(row)}")

    def meets(r: dict[str, Any]) -> bool:
        return (
            r["first_s"] <= IN_PROCESS_TARGET
            and r["warm_median_s"] <= IN_PROCESS_TARGET
            and r["command_wall_median_s"] <= COMMAND_TARGET
            and "invalid" not in r["verdicts"]
            and "indeterminate" not in r["verdicts"]
        )

    checked = [r for r in results.values() if "first_s" in r]
    report(
        {
            "benchmark": "verify_field_documents",
            "targets_s": {"in_process": IN_PROCESS_TARGET, "whole_command": COMMAND_TARGET},
            **results,
            "ok": all(meets(r) for r in checked),
        }
    )


if __name__ == "__main__":
    main()
