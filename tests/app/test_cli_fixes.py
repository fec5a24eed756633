"""What a new user met, tried again (issue 8, point 4): each one a clear answer now."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from app.desk import Desk
from app.fileio import LEGACY_STALE_SECONDS, write_atomically
from app.workspace import Workspace
from tests.app.test_cli import (
    ORG,
    VPCP,
    add_incoming,
    init,
    ok,
    one_line_error,
    show,
    vanthu,
)
from tests.conftest import make_pdf

HUGE = "99999999999999999999999"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    init(path)
    return path


def test_an_id_or_page_too_large_for_the_store_is_a_clear_error(home: Path) -> None:
    doc = add_incoming(home).json()["id"]
    for args in (
        ("show", HUGE),
        ("edit", HUGE, "--set", "note=x"),
        ("cancel", HUGE, "--reason", "x"),
        ("assign", HUGE, "--to", "Phòng A"),
        ("set-status", HUGE, "done"),
        ("send", HUGE, "--to", VPCP[0]),
        ("file", HUGE, "-o", "x.pdf"),
        ("list", "--limit", HUGE),
        ("list", "--offset", HUGE),
        ("list", "--year", HUGE),
        ("show", "-5"),
    ):
        line = one_line_error(vanthu(home, *args), 2)
        assert "ngoài phạm vi" in line or "không đúng dạng" in line, line
    assert ok(vanthu(home, "show", doc)).code == 0


def test_an_abbreviation_that_cannot_be_a_symbol_is_refused_and_can_be_changed(
    tmp_path: Path,
) -> None:
    home = tmp_path / "ws"
    one_line_error(
        vanthu(home, "init", "--org-id", ORG[0], "--org-name", ORG[1], "--org-abbr", "ub nd/x"),
        2,
        "Tên viết tắt",
    )
    assert not (home / "vanthu.db").exists()
    init(home)
    changed = ok(vanthu(home, "org", "set", "--org-abbr", "UBND-DL", "--json")).json()
    assert changed == {"org_id": ORG[0], "org_name": ORG[1], "org_abbr": "UBND-DL"}
    one_line_error(vanthu(home, "org", "set", "--org-abbr", "UB ND"), 2, "Tên viết tắt")
    pdf = make_pdf(tmp_path / "cv.pdf", ["CÔNG VĂN"])
    out = ok(vanthu(home, "outgoing", "add", pdf, "--type", "QĐ", "--subject", "Thử", "--json"))
    assert out.json()["notation"] == "01/QĐ-UBND-DL"
    history = ok(vanthu(home, "audit", "verify", "--json")).json()
    assert history["ok"]


def test_statuses_are_taken_in_words_and_shown_in_words(home: Path) -> None:
    doc = add_incoming(home).json()["id"]
    done = ok(vanthu(home, "set-status", doc, "Hoàn thành", "--json")).json()
    assert done["status"] == "done"
    assert "Hoàn thành" in ok(vanthu(home, "set-status", doc, "hoan thanh")).out
    found = ok(vanthu(home, "list", "--status", "Hoàn thành", "--json")).json()
    assert [d["id"] for d in found["documents"]] == [doc]
    assert ok(vanthu(home, "list", "--status", "done", "--json")).json()["total"] == 1
    one_line_error(vanthu(home, "set-status", doc, "Đã phát hành"), 2, "Trạng thái")
    one_line_error(vanthu(home, "set-status", doc, "xong rồi"), 2, "Trạng thái")
    for command in (("set-status", "--help"), ("list", "--help")):
        text = " ".join(ok(vanthu(home, *command)).out.split())  # argparse wraps lines
        assert "in_progress (Đang xử lý)" in text and "done (Hoàn thành)" in text
    assert "3 (Hỏa tốc)" in " ".join(ok(vanthu(home, "incoming", "add", "--help")).out.split())
    assert "1 (Mật)" in " ".join(ok(vanthu(home, "draft", "add", "--help")).out.split())
    urgent = add_incoming(home, number="06", extra=("--urgency", "Hỏa tốc")).json()["id"]
    text = ok(vanthu(home, "show", urgent)).out
    assert "Hỏa tốc / Thường" in text and "3 / 0" not in text


def test_the_same_file_under_another_number_is_a_duplicate(home: Path, tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "qd.pdf", ["QUYẾT ĐỊNH", "Về việc phòng, chống thiên tai"])
    add_incoming(home, file=pdf)
    line = one_line_error(add_incoming(home, number="77", file=pdf), 3)
    assert "cùng tệp" in line and "--force" in line
    forced = add_incoming(home, number="77", file=pdf, extra=("--force",))
    assert forced.code == 0
    lines = tmp_path / "lo.jsonl"
    entry = {"from_org_id": VPCP[0], "from_org_name": VPCP[1], "code_number": "88",
             "code_notation": "QĐ-TTg", "issued_date": "2026-01-05", "doc_type": "QĐ",
             "subject": "Bản khác số", "file": str(pdf)}  # fmt: skip
    lines.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    report = ok(vanthu(home, "incoming", "import", lines, "--json")).json()
    assert report["imported"] == 0
    assert report["duplicates"][0]["reasons"] == ["same_file"]


def test_sending_to_our_own_or_a_malformed_organisation_is_refused(
    home: Path, tmp_path: Path
) -> None:
    pdf = make_pdf(tmp_path / "cv.pdf", ["CÔNG VĂN"])
    doc = ok(
        vanthu(home, "outgoing", "add", pdf, "--type", "CV", "--subject", "Thử", "--json")
    ).json()["id"]
    one_line_error(vanthu(home, "send", doc, "--to", ORG[0], "--allow-unsigned"), 2, "chính")
    one_line_error(vanthu(home, "send", doc, "--to", "không-phải-mã", "--allow-unsigned"), 2)
    assert ok(vanthu(home, "outbox", "--json")).json()["outbox"] == []


def test_a_wrong_secret_says_the_axis_refused_it(tmp_path: Path) -> None:
    from tests.sync.axis_server import SYSTEM_A, running_axis

    home = tmp_path / "ws"
    init(home)
    env = {"VANTHU_SECRET_STORE": "file"}
    with running_axis(tmp_path) as axis:
        run = vanthu(home, "axis", "config", "--endpoint", axis.url, "--system-id",
                     SYSTEM_A[0], "--secret-stdin", env=_env(env), stdin="sai-mat-khau\n")  # fmt: skip
        assert run.code == 0, run.err
        result = vanthu(home, "sync", "--once", env=_env(env))
    assert result.code != 0
    assert "xác thực" in result.out or "xác thực" in result.err, result.out + result.err
    assert "không trả lời" not in result.out


def _env(extra: dict[str, str]) -> dict[str, str]:
    from tests.app.test_cli import cli_env

    return cli_env("vi", **extra)


def test_a_stale_temporary_file_of_a_dead_writer_is_swept(tmp_path: Path) -> None:
    out = tmp_path / "ket-qua.pdf"
    dead = tmp_path / ".ket-qua.pdf.pid-999999999.abcd.part"  # no such process
    dead.write_bytes(b"x" * 1000)
    legacy = tmp_path / ".ket-qua.pdf.k2j4.part"  # an older version's, an hour old
    legacy.write_bytes(b"y")
    old = time.time() - LEGACY_STALE_SECONDS - 60
    os.utime(legacy, (old, old))
    alive = tmp_path / f".ket-qua.pdf.pid-{os.getpid()}.zzzz.part"  # a writer still at work
    alive.write_bytes(b"z")
    write_atomically(out, True, lambda s: s.write(b"%PDF-1.7 done"))
    assert out.read_bytes() == b"%PDF-1.7 done"
    assert not dead.exists() and not legacy.exists() and alive.exists()


def test_a_workspace_sweeps_what_a_killed_process_left(home: Path) -> None:
    blob_tmp = home / "blobs" / "tmp"
    blob_tmp.mkdir(parents=True, exist_ok=True)
    (blob_tmp / "in-pid-999999999.x1").write_bytes(b"half a blob")
    scratch = home / "tmp" / "sign-pid-999999999.q"
    scratch.mkdir(parents=True)
    (scratch / "issued.pdf").write_bytes(b"half a file")
    Workspace(home).close()
    assert list(blob_tmp.iterdir()) == [] and not scratch.exists()


def test_an_import_of_any_size_ends_with_its_report(home: Path) -> None:
    """33,000 lines: more ids than SQLite takes in one query (the follow-up used to put every
    new id in one IN (…) and died with 'too many SQL variables' after registering them all)."""
    lines = (
        (n, {"from_org_id": VPCP[0], "from_org_name": VPCP[1], "code_number": str(n),
             "code_notation": "CV-VPCP", "issued_date": "2026-01-05", "doc_type": "CV",
             "subject": f"Công văn số {n}"})
        for n in range(1, 33_001)
    )  # fmt: skip
    with Desk(Workspace(home)) as desk:
        report = desk.import_incoming(lines)
    assert report.imported == 33_000 and report.problems == []
    assert (report.first_number, report.last_number) == (1, 33_000)
    assert show(home, 33_000)["number"] == 33_000


def test_show_a_draft_with_its_history(home: Path, tmp_path: Path) -> None:
    # a draft's first event has only "after" (nothing before it): `show` broke on it
    pdf = make_pdf(tmp_path / "du-thao.pdf", ["Dự thảo công văn"])
    added = ok(vanthu(home, "draft", "add", "--type", "CV", "--unit", "VP", "--subject",
                      "V/v báo cáo tháng", "--json", pdf)).json()  # fmt: skip
    out = ok(vanthu(home, "show", added["id"])).out
    assert "V/v báo cáo tháng" in out and "draft" in out and "Traceback" not in out
