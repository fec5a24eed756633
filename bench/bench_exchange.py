"""The exchange, end to end on one 2-core machine:

- 1,000 documents, each with a ~200 KB PDF signed on a SoftHSM token, queued at desk A, sent
  through the local axis server (its own process on 127.0.0.1), received, registered and
  signature-checked at desk B, each acknowledged: target ≤ 60 s, memory flat (desk B's peak
  resident memory is read before and after);
- the agency directory of 111,000 organisations fetched from the axis into the desk's cache
  (target ≤ 3 s) and searched without diacritics (target ≤ 20 ms)."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_sign import IMAGE, KEY_ID, PIN, TOKEN, make_pdf, make_token, softhsm_module
from common import new_workspace, report, scratch, vm_hwm_mb, vm_rss_mb

SYSTEMS = [
    ("desk.a", "secret-of-desk-a-0123456789", "000.00.00.H29", "UBND tỉnh Đắk Lắk"),
    ("desk.b", "secret-of-desk-b-0123456789", "000.00.00.G22", "Văn phòng Chính phủ"),
]
TARGETS = {"exchange_s": 60.0, "directory_load_s": 3.0, "directory_search_ms": 20.0}


def start_axis(data: Path, agencies: Path | None) -> tuple[subprocess.Popen[bytes], str]:
    from sync.server.store import AxisStore

    store = AxisStore(data)
    for system in SYSTEMS:
        store.upsert_system(*system)
    store.close()
    extra = ["--agencies", str(agencies)] if agencies else []
    process = subprocess.Popen(
        [sys.executable, "-m", "sync.server", "--data", str(data), "--host", "127.0.0.1",
         "--port", "0", "--quiet", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    assert process.stdout is not None
    url = process.stdout.readline().decode().strip()
    if not url.startswith("http://127.0.0.1:"):
        process.kill()
        raise SystemExit(f"the axis did not start: {url!r}")
    return process, url


def signed_pdfs(folder: Path, count: int) -> list[Path]:
    from signing import Placement, Role, SignRequest, sign_batch
    from signing.tokens import TokenModule

    make_token(folder / "token")
    module = TokenModule.of(softhsm_module())
    sources = folder / "src"
    sources.mkdir()
    out = folder / "signed"
    out.mkdir()
    requests = []
    for i in range(count):
        src = make_pdf(sources / f"cv-{i:04d}.pdf", noise_kb=150)
        requests.append(
            SignRequest(src, out / src.name, Role.APPROVE,
                        Placement(page=1, box=(330.0, 110.0, 480.0, 172.5)), IMAGE)
        )  # fmt: skip
    outcomes = sign_batch(module, TOKEN, PIN, KEY_ID.hex(), requests)
    assert all(o.status == "signed" for o in outcomes)
    return [r.dst for r in requests]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--agencies", type=int, default=111_000)
    args = parser.parse_args()
    folder = scratch("exchange")
    shutil.rmtree(folder)
    folder.mkdir(parents=True)
    os.environ.update({"VANTHU_TRUST_BUNDLED": "0", "VANTHU_OFFLINE": "1"})

    from app.documents import DocumentService
    from app.drafts import OutgoingDraft
    from app.model import Direction
    from app.search import SearchFilters
    from app.signature_checks import register_checker
    from signing.checker import WorkspaceSignatureChecker
    from signing.trust import TrustStore
    from sync.client import AxisClient
    from sync.exchange import ExchangeService
    from sync.store import directory

    pdfs = signed_pdfs(folder / "pdfs", args.count)
    agencies_file = folder / "agencies.json"
    rng = random.Random(4)
    provinces = ["Hà Nội", "Đắk Lắk", "Lạng Sơn", "Hải Phòng", "Cần Thơ", "Nghệ An", "Gia Lai"]
    kinds = ["Ủy ban nhân dân", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Tài chính",
             "Phòng Nội vụ", "Bệnh viện đa khoa", "Chi cục Thuế", "Văn phòng"]  # fmt: skip
    import json

    agencies_file.write_text(json.dumps([
        {"code": f"{i // 10000:03d}.{(i // 100) % 100:02d}.{i % 100:02d}.H{rng.randint(10, 99)}",
         "name": f"{rng.choice(kinds)} {rng.choice(['xã', 'huyện', 'tỉnh'])} "
                 f"{rng.choice(provinces)} {i}"}
        for i in range(args.agencies)
    ], ensure_ascii=False))  # fmt: skip
    server, url = start_axis(folder / "axis", agencies_file)
    try:
        a = new_workspace(folder / "a")
        b_home = folder / "b"
        from app.workspace import Workspace

        b = Workspace.create(b_home, SYSTEMS[1][2], SYSTEMS[1][3], "VPCP")
        ca = (folder / "pdfs" / "token" / "ca.der").read_bytes()
        TrustStore.load(b_home).add(ca, anchor=True)
        TrustStore.load(folder / "a").add(ca, anchor=True)
        register_checker(WorkspaceSignatureChecker)
        docs = DocumentService(a)
        ids = []
        for i, pdf in enumerate(pdfs):
            draft = OutgoingDraft.build(doc_type_value="CV", subject=f"V/v số {i}", unit="VP",
                                        file=pdf, signer="Nguyễn Văn A")  # fmt: skip
            ids.append(docs.register_outgoing(draft).id)
        client_a = AxisClient(url, SYSTEMS[0][0], SYSTEMS[0][1])
        client_b = AxisClient(url, SYSTEMS[1][0], SYSTEMS[1][1])
        sa, sb = ExchangeService(a, client_a), ExchangeService(b, client_b)

        start = time.perf_counter()
        for doc in ids:
            sa.send(doc, [SYSTEMS[1][2]])  # signatures checked: signed on the token
        queued = time.perf_counter() - start
        sent = sa.run_once()
        sent_s = time.perf_counter() - start
        rss_before = vm_rss_mb()
        received = 0
        while received < args.count:
            got = sb.run_once().received
            if not got:
                break
            received += got
        total = time.perf_counter() - start
        rss_after, hwm = vm_rss_mb(), vm_hwm_mb()
        registered, _ = DocumentService(b).list(SearchFilters(direction=Direction.INCOMING),
                                                limit=args.count + 10)  # fmt: skip
        valid = b.conn.execute(
            "SELECT count(*) FROM signature_reports WHERE verdict IN ('valid',"
            " 'valid_with_warnings')"
        ).fetchone()[0]

        start = time.perf_counter()
        loaded = b.write(lambda conn: directory.replace_all(conn, client_b.get_agencies()))
        load_s = time.perf_counter() - start
        searches = []
        for query in ["uy ban nhan dan dak lak", "so giao duc", "benh vien gia lai", "van phong",
                      "chi cuc thue ha noi", "000.05"] * 3:  # fmt: skip
            t = time.perf_counter()
            directory.search(b.conn, query)
            searches.append((time.perf_counter() - t) * 1000)
    finally:
        server.terminate()
        server.wait()
    figures = {
        "documents": args.count,
        "queue_s": round(queued, 2),
        "sent_s": round(sent_s, 2),
        "exchange_s": round(total, 2),
        "sent": sent.sent,
        "registered": len(registered),
        "signatures_valid": valid,
        "desk_b_rss_before_mb": round(rss_before, 1),
        "desk_b_rss_after_mb": round(rss_after, 1),
        "peak_mb": round(hwm, 1),
        "agencies": loaded,
        "directory_load_s": round(load_s, 2),
        "directory_search_ms": round(statistics.median(searches), 2),
        "directory_search_max_ms": round(max(searches), 2),
    }
    ok = (
        len(registered) == args.count == valid
        and figures["exchange_s"] <= TARGETS["exchange_s"]
        and figures["directory_load_s"] <= TARGETS["directory_load_s"]
        and figures["directory_search_max_ms"] <= TARGETS["directory_search_ms"]
        and rss_after - rss_before < 100
    )
    print(
        f"{args.count} signed documents A → axis → B (registered, checked): {total:.1f} s "
        f"(queued {queued:.1f} s, sent {sent_s:.1f} s); desk RSS {rss_before:.0f} → "
        f"{rss_after:.0f} MB; directory {loaded:,} in {load_s:.2f} s, search median "
        f"{figures['directory_search_ms']} ms (max {figures['directory_search_max_ms']})"
    )
    shutil.rmtree(folder, ignore_errors=True)
    report({"benchmark": "exchange", "ok": ok} | figures | {"targets": TARGETS})


if __name__ == "__main__":
    main()
