"""The outgoing lifecycle and the desk's start-up:

- ``issue`` of a one-page approved draft (next number, number and date written on the page,
  the seal, the organisation's signature, the register written in one transaction), SoftHSM,
  warm process: median and 95th percentile (target median ≤ 150 ms);
- ``approve`` of a draft in place (the official's signature stored back as a new version);
- ``vanthu list --limit 1`` as a whole process, median of runs (target ≤ 250 ms).

The token is made here (as in bench_sign.py): one key acts for the official and for the
organisation, which changes nothing in what is timed."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench_sign import KEY_ID, PIN, TOKEN, make_token, softhsm_module
from common import ROOT, new_workspace, report, scratch

from resources import ROOT as RESOURCES

SIGNATURE = RESOURCES / "signatures" / "chu-ky-mau.png"
SEAL = RESOURCES / "seals" / "con-dau-mau.png"
TARGETS = {"issue_ms": 150, "list_process_ms": 250}


def draft_pdf(path: Path, n: int) -> Path:
    from app.demo_letters import Letter, render_pdf

    letter = Letter(
        parent="",
        issuer=("ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"),
        notation="        /QĐ-UBND",
        place_date="Đắk Lắk, ngày      tháng      năm 2026",
        type_name="QUYẾT ĐỊNH",
        subject=f"Về việc phê duyệt kế hoạch chuyển đổi số năm 2027 (đợt {n})",
        paragraphs=(("body", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm"
                             " 2015; xét đề nghị của Giám đốc Sở Thông tin và Truyền thông,"),),
        recipients=("Như Điều 3;", "Lưu: VT."),
        authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        signer="Nguyễn Văn A",
    )  # fmt: skip
    return render_pdf(letter, path)


def list_process_ms(home: Path, runs: int) -> list[float]:
    command = [str(Path(sys.executable).with_name("vanthu")), "--home", str(home), "list",
               "--limit", "1"]  # fmt: skip
    if not Path(command[0]).exists():
        command = [sys.executable, "-m", "app.cli", *command[1:]]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    subprocess.run(command, capture_output=True, check=True, env=env)  # warm the disk cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=env)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=30)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from app.logs import configure_logging

    configure_logging(None)  # pyHanko's warnings are not figures
    folder = scratch("lifecycle")
    shutil.rmtree(folder)
    folder.mkdir(parents=True)
    make_token(folder / "token")

    from app.desk import Desk
    from app.drafts import OutgoingDraft
    from signing.desk import Signer, SigningDesk
    from signing.tokens import TokenModule

    desk = Desk(new_workspace(folder / "ws"))
    signing = SigningDesk(desk.ws)
    signer = Signer(TokenModule.of(softhsm_module()), TOKEN, KEY_ID.hex())
    ids = []
    for n in range(args.documents + 1):
        pdf = draft_pdf(folder / f"du-thao-{n}.pdf", n)
        draft = OutgoingDraft.build(
            doc_type_value="QĐ", subject=f"Về việc phê duyệt kế hoạch (đợt {n})",
            signer="Nguyễn Văn A", position="CHỦ TỊCH", file=pdf,
        )  # fmt: skip
        ids.append(desk.draft(draft).id)

    approve_ms = []
    for doc_id in ids:
        start = time.perf_counter()
        [outcome] = signing.approve([doc_id], signer, PIN, image=SIGNATURE)
        approve_ms.append((time.perf_counter() - start) * 1000)
        assert outcome.status == "signed", outcome
    approve_ms = approve_ms[1:]  # the first one warms the process

    issue_ms = []
    for doc_id in ids:
        start = time.perf_counter()
        signing.issue(doc_id, signer, PIN, seal=SEAL)
        issue_ms.append((time.perf_counter() - start) * 1000)
    issue_ms = issue_ms[1:]
    numbers = sorted(desk.document(i).number for i in ids)
    contiguous = numbers == list(range(1, len(ids) + 1))
    home = desk.ws.paths.home
    desk.close()

    listing = list_process_ms(home, args.runs)
    figures = {
        "issue_ms": round(statistics.median(issue_ms), 1),
        "issue_p95_ms": round(sorted(issue_ms)[int(len(issue_ms) * 0.95) - 1], 1),
        "approve_in_place_ms": round(statistics.median(approve_ms), 1),
        "list_process_ms": round(statistics.median(listing), 1),
        "list_process_max_ms": round(max(listing), 1),
        "documents": len(ids),
        "numbers_contiguous": contiguous,
    }
    ok = (
        contiguous
        and figures["issue_ms"] <= TARGETS["issue_ms"]
        and figures["list_process_ms"] <= TARGETS["list_process_ms"]
    )
    print(
        f"issue (number, date, seal, organisation signature, register): median"
        f" {figures['issue_ms']} ms (p95 {figures['issue_p95_ms']}); approve in place"
        f" {figures['approve_in_place_ms']} ms; vanthu list --limit 1 as a process: median"
        f" {figures['list_process_ms']} ms"
    )
    shutil.rmtree(folder, ignore_errors=True)
    report({"benchmark": "lifecycle", "ok": ok} | figures | {"targets": TARGETS})


if __name__ == "__main__":
    main()
