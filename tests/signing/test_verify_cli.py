"""`vanthu verify`, `vanthu trust`, `vanthu revocation`, run as real subprocesses against
real workspaces, judged by exit code, stdout and stderr. The trust store starts EMPTY
(VANTHU_TRUST_BUNDLED=0) with the test roots added, so nothing here can point at the real
Government CA; the only services are certomancer's on 127.0.0.1."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.workspace import Workspace
from signing.trust import TrustStore
from tests.conftest import ROOT
from tests.signing.field_pki import FieldPki

pytest_plugins = ["tests.signing.field_pki"]  # field_pki, certo, offline, loopback_only

SIGNATURE_KEYS = {
    "kind", "verdict", "reasons", "signer", "issuer", "signing_time", "time_source", "level",
    "intact", "trusted", "revocation",
}  # fmt: skip


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def vanthu(home: Path | None, *args: Any, lang: str = "vi", fork: bool = False) -> Run:
    """``vanthu [--home HOME] ARGS``: in this process (fast), or as a real subprocess when
    ``fork`` (the key flows: what a script sees, exit codes included)."""
    if not fork:
        return _in_process(home, *args, lang=lang)
    env = dict(os.environ)
    env.update(
        VANTHU_LANG=lang,
        VANTHU_TRUST_BUNDLED="0",
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p),
    )
    argv = [sys.executable, "-m", "app.cli"]
    argv += ["--home", str(home)] if home is not None else []
    proc = subprocess.run(
        [*argv, *map(str, args)], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT
    )
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return Run(proc.returncode, proc.stdout, proc.stderr)


def _in_process(home: Path | None, *args: Any, lang: str) -> Run:
    from app import cli

    argv = [*(["--home", str(home)] if home is not None else []), *map(str, args)]
    out, err = io.StringIO(), io.StringIO()
    saved = {k: os.environ.get(k) for k in ("VANTHU_LANG", "VANTHU_TRUST_BUNDLED")}
    os.environ.update(VANTHU_LANG=lang, VANTHU_TRUST_BUNDLED="0")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse
                code = int(exc.code or 0)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Run(code, out.getvalue(), err.getvalue())


def one_line_error(run: Run, code: int, *needles: str) -> None:
    assert run.code == code, (run.code, run.err, run.out)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert all(n in lines[0] for n in needles), lines[0]
    assert run.out.strip() == ""


@pytest.fixture
def home(tmp_path: Path, field_pki: FieldPki) -> Path:
    """A workspace trusting the test roots, with the test intermediates as the bundled store
    has the real ones."""
    path = tmp_path / "ws"
    Workspace.create(path, "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND").close()
    store = TrustStore.load(path, bundled=False)
    for label in ("root-g2", "ca-g2", "root-g1", "ca-g1"):
        store.add(field_pki.der(label))
    return path


def pdf(tmp_path: Path, field_pki: FieldPki, name: str) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(field_pki.pdf(name))
    return path


def test_verify_json_gives_one_entry_per_signature_in_file_order(
    home: Path, tmp_path: Path, field_pki: FieldPki
):
    run = vanthu(home, "verify", pdf(tmp_path, field_pki, "b-lt"), "--offline", "--json", fork=True)
    assert run.code == 0, run.err
    report = run.json()
    assert report["overall"] == "valid" and report["ok"] is True
    [sig] = report["signatures"]
    assert set(sig) >= SIGNATURE_KEYS
    assert (sig["kind"], sig["verdict"], sig["level"]) == ("signature", "valid", "B-LT")
    assert (sig["signer"], sig["issuer"]) == (
        "Nguyễn Văn An", "CA phục vụ các cơ quan Nhà nước (thử nghiệm)",
    )  # fmt: skip
    assert sig["time_source"] == "timestamp" and sig["signing_time"].endswith("+07:00")
    assert sig["intact"] is True and sig["trusted"] is True and sig["reasons"] == []
    assert sig["revocation"]["source"] == "dss" and sig["revocation"]["checked_at"]


def test_verify_speaks_vietnamese_and_english(home: Path, tmp_path: Path, field_pki: FieldPki):
    path = pdf(tmp_path, field_pki, "three-annot")
    vi = vanthu(home, "verify", path, "--offline", fork=True)
    assert vi.code == 0, vi.err  # warnings only
    for needle in (
        "Kết luận chung: HỢP LỆ, CÓ LƯU Ý", "Chữ ký 1/3 — ô «PheDuyet»",
        "Người ký: Nguyễn Văn An", "Cơ quan, tổ chức: UBND tỉnh Đắk Lắk (MCQ:000.00.00.H29)",
        "theo dấu thời gian", "ghi chú trên trang đã được thêm hoặc sửa",
        "Kiểm tra thu hồi: chưa kiểm tra",
    ):  # fmt: skip
        assert needle in vi.out, (needle, vi.out)
    en = vanthu(home, "verify", path, "--offline", lang="en")
    assert "Signature 3/3 — field «CoQuan»: VALID, WITH WARNINGS" in en.out
    assert "Annotations were added or changed after signing" in en.out


def test_an_invalid_signature_exits_6(home: Path, tmp_path: Path, field_pki: FieldPki):
    run = vanthu(
        home, "verify", pdf(tmp_path, field_pki, "tampered"), "--offline", "--json", fork=True
    )
    assert run.code == 6
    assert [s["verdict"] for s in run.json()["signatures"]] == ["invalid"] * 3
    hostile = tmp_path / "cut.pdf"
    hostile.write_bytes(field_pki.pdf("three")[:5000])
    cut = vanthu(home, "verify", hostile, "--offline")
    assert cut.code == 6 and "hỏng" in cut.out


def test_a_pdf_without_signature_says_so_and_exits_6(
    home: Path, tmp_path: Path, field_pki: FieldPki
):
    run = vanthu(home, "verify", pdf(tmp_path, field_pki, "unsigned"), "--offline")
    assert run.code == 6 and "Tệp không có chữ ký số nào." in run.out


def test_not_a_pdf_or_a_missing_file_is_one_line(home: Path, tmp_path: Path):
    text = tmp_path / "ghi-chu.txt"
    text.write_text("không phải PDF")
    one_line_error(vanthu(home, "verify", text, fork=True), 2, "không phải tệp PDF")
    one_line_error(vanthu(home, "verify", tmp_path / "khong-co.pdf"), 2, "không tìm thấy tệp")


def test_trust_list_add_remove(home: Path, tmp_path: Path, field_pki: FieldPki):
    listed = vanthu(home, "trust", "list", "--json").json()["certificates"]
    assert {(c["role"], c["origin"], c["enabled"]) for c in listed} == {
        ("anchor", "user", True), ("intermediate", "user", True),
    }  # fmt: skip
    rogue = field_pki.write_cert("rogue-root", tmp_path / "certs", pem=True)
    added = vanthu(home, "trust", "add", rogue, "--json")
    assert added.code == 0, added.err
    [entry] = added.json()["added"]
    assert entry["common_name"] == "Root CA tự phong (không tin cậy)" and entry["role"] == "anchor"
    assert len(entry["fingerprint"]) == 64 and entry["not_after"].startswith("2048")
    text = vanthu(home, "trust", "list")
    assert "Root CA tự phong (không tin cậy)" in text.out and "[gốc, thêm, đang dùng]" in text.out
    removed = vanthu(home, "trust", "remove", entry["fingerprint"][:12], "--json").json()
    assert removed["removed"]["action"] == "deleted"
    assert "tự phong" not in vanthu(home, "trust", "list").out
    one_line_error(vanthu(home, "trust", "remove", "deadbeefdeadbeef"), 4, "chứng thư số")
    one_line_error(vanthu(home, "trust", "add", tmp_path / "certs"), 2, "không phải là tệp")
    junk = tmp_path / "junk.cer"
    junk.write_bytes(b"\x00" * 40)
    one_line_error(vanthu(home, "trust", "add", junk), 2, "không phải tệp chứng thư số")
    one_line_error(vanthu(tmp_path / "nowhere", "trust", "list"), 1, "vanthu init")


@pytest.mark.slow
def test_refresh_fills_the_cache_that_offline_verification_then_uses(
    home: Path, tmp_path: Path, field_pki: FieldPki, certo
):
    path = pdf(tmp_path, field_pki, "b-t")
    refreshed = vanthu(home, "revocation", "refresh", path, "--json", fork=True)
    assert refreshed.code == 0, refreshed.err
    result = refreshed.json()
    assert result["failed"] == []
    assert {(f["kind"], f["subject"]) for f in result["fetched"]} >= {
        ("ocsp", "Nguyễn Văn An"), ("crl", "Nguyễn Văn An"),
    }  # fmt: skip
    assert all(f["url"].startswith(field_pki.server.url) for f in result["fetched"])
    listing = vanthu(home, "revocation", "list", "--json").json()["entries"]
    assert {e["kind"] for e in listing} == {"crl", "ocsp"}

    field_pki.server.stop()
    run = vanthu(home, "verify", path, "--offline", "--json", fork=True)
    assert run.code == 0, run.out
    [sig] = run.json()["signatures"]
    assert sig["verdict"] == "valid" and sig["revocation"]["source"] == "cache"
    assert sig["revocation"]["checked_at"]

    down = vanthu(home, "revocation", "refresh")
    assert down.code == 0 and "✗" in down.out and "không làm dừng" in down.out
    online = vanthu(home, "verify", path, "--json")  # online, but nobody answers
    assert online.code == 0  # the cache still speaks
    assert online.json()["signatures"][0]["revocation"]["source"] == "cache"


def test_an_expired_ca_is_listed_as_expired_not_in_use(home: Path):
    from signing.trust import bundled_folder

    viettel = bundled_folder() / "mic-viettel-ca.cer"  # a real CA certificate, expired 2020
    assert vanthu(home, "trust", "add", viettel).code == 0
    listed = vanthu(home, "trust", "list", "--json").json()["certificates"]
    entry = next(c for c in listed if c["common_name"] == "Viettel-CA")
    assert (entry["status"], entry["expired"], entry["enabled"]) == ("expired", True, True)
    assert entry["key_id"] == "08:60:E6:1F:1B:14:D9:48:80:0B:5E:A7:5C:73:25:2C:20:0D:F9:D6"
    line = next(x for x in vanthu(home, "trust", "list").out.splitlines() if "Viettel-CA" in x)
    assert "hết hạn" in line and "đang dùng" not in line
    english = vanthu(home, "trust", "list", lang="en").out
    line = next(x for x in english.splitlines() if "Viettel-CA" in x)
    assert "expired" in line and "enabled" not in line
    live = next(x for x in english.splitlines() if "thử nghiệm" in x)
    assert "enabled" in live  # the test roots run to 2048
