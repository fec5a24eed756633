from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from resources import ROOT as RESOURCES
from tests.conftest import ROOT, make_pdf
from tests.signing.conftest import ORG, PERSONAL, SoftHsm
from tests.signing.validators import openssl_verify, pdfsig_verdicts

pytestmark = pytest.mark.token
IMAGE = RESOURCES / "signatures" / "chu-ky-mau.png"
SEAL = RESOURCES / "seals" / "con-dau-mau.png"


def _sign(softhsm: SoftHsm, src: Path, dst: Path, pin: str, *extra: str):
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "sign", str(src), "-o", str(dst), "--role", "approve",
         "--token", PERSONAL.label, "--pin-stdin", "--image", str(IMAGE), *extra],
        input=pin + "\n", capture_output=True, text=True,
        env=softhsm.env() | {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi"},
    )  # fmt: skip


def test_vanthu_sign_approve_reads_the_pin_from_stdin(softhsm: SoftHsm, tmp_path: Path):
    src = make_pdf(tmp_path / "qd.pdf", ["QUYẾT ĐỊNH", "CHỦ TỊCH", "", "", "", "Nguyễn Văn A"])
    dst = tmp_path / "qd-da-ky.pdf"
    run = _sign(softhsm, src, dst, PERSONAL.pin, "--anchor", "CHỦ TỊCH", "--json")
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert result["signer"] == "Nguyễn Văn A" and result["signed_at"].endswith("+07:00")
    assert pdfsig_verdicts(dst, softhsm.ca_cert_der, tmp_path) == ["Signature is Valid."]
    assert openssl_verify(dst, softhsm.ca_cert_der, tmp_path) == [True]
    assert PERSONAL.pin not in run.stdout + run.stderr


def test_vanthu_sign_with_a_wrong_pin_says_so_in_one_line(softhsm: SoftHsm, tmp_path: Path):
    src = make_pdf(tmp_path / "qd.pdf", ["QUYẾT ĐỊNH"])
    dst = tmp_path / "out.pdf"
    run = _sign(softhsm, src, dst, "999999", "--page", "1", "--box", "300,100,450,160")
    assert run.returncode != 0 and not dst.exists()
    assert run.stderr.count("\n") == 1 and "Mã PIN không đúng" in run.stderr
    assert "999999" not in run.stdout + run.stderr and "Traceback" not in run.stderr
    ok = _sign(softhsm, src, dst, PERSONAL.pin, "--page", "1", "--box", "300,100,450,160")
    assert ok.returncode == 0, ok.stderr  # and the flag of the wrong try is cleared


def _vanthu(softhsm: SoftHsm, *args: str, pin: str = "", home: Path | None = None):
    env = softhsm.env() | {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi",
                           "VANTHU_TRUST_BUNDLED": "0", "VANTHU_SECRET_STORE": "file",
                           "VANTHU_TSA_URL": softhsm.pki.tsa_url}  # fmt: skip
    if home is not None:
        env["VANTHU_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], input=pin + "\n" if pin else "",
        capture_output=True, text=True, env=env,
    )  # fmt: skip


def test_issue_needs_the_seal_image_and_an_approved_document(softhsm: SoftHsm, tmp_path: Path):
    src = make_pdf(tmp_path / "qd.pdf", ["QUYẾT ĐỊNH"])
    run = _vanthu(
        softhsm, "sign", str(src), "-o", str(tmp_path / "o.pdf"), "--role", "issue",
        "--token", ORG.label, "--pin-stdin", pin=ORG.pin,
    )  # fmt: skip
    assert run.returncode == 2 and "Ảnh" in run.stderr and run.stderr.count("\n") == 1
    run = _vanthu(
        softhsm, "sign", str(src), "-o", str(tmp_path / "o.pdf"), "--role", "issue",
        "--token", ORG.label, "--pin-stdin", "--image", str(SEAL), "--number", "5/QĐ-UBND",
        pin=ORG.pin,
    )  # fmt: skip
    assert run.returncode == 2 and "chưa có chữ ký số của người có thẩm quyền" in run.stderr
    assert not (tmp_path / "o.pdf").exists()


def test_sign_batch_prints_a_line_per_document_and_a_summary(softhsm: SoftHsm, tmp_path: Path):
    files = [make_pdf(tmp_path / f"pl-{i}.pdf", ["PHỤ LỤC", f"Biểu số {i}"]) for i in range(3)]
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"not a pdf")
    out = tmp_path / "da-ky"
    out.mkdir()
    run = _vanthu(
        softhsm, "sign-batch", *map(str, [*files, bad]), "--out-dir", str(out),
        "--role", "attachment", "--number", "12/KH-UBND", "--token", ORG.label, "--pin-stdin",
        pin=ORG.pin,
    )  # fmt: skip
    assert run.returncode == 7, run.stderr
    lines = run.stdout.splitlines()
    assert [line[:5] for line in lines[:4]] == ["[1/4]", "[2/4]", "[3/4]", "[4/4]"]
    assert "✗" in lines[3] and "Đã ký 3/4 văn bản; lỗi 1" in run.stdout
    assert sorted(p.name for p in out.iterdir()) == ["pl-0.pdf", "pl-1.pdf", "pl-2.pdf"]
    assert openssl_verify(out / "pl-1.pdf", softhsm.ca_cert_der, tmp_path) == [True]
    assert ORG.pin not in run.stdout + run.stderr


def test_offline_b_lt_is_queued_then_upgraded_by_the_next_online_command(
    softhsm: SoftHsm, tmp_path: Path
):
    home = tmp_path / "ws"
    root = tmp_path / "root.cer"
    root.write_bytes(softhsm.ca_cert_der)
    init = ["init", "--org-id", "000.00.00.H29", "--org-name", "UBND tỉnh Đắk Lắk", "--org-abbr",
            "UBND"]  # fmt: skip
    assert _vanthu(softhsm, *init, home=home).returncode == 0
    assert _vanthu(softhsm, "trust", "add", str(root), home=home).returncode == 0
    src = make_pdf(tmp_path / "cv.pdf", ["CÔNG VĂN"])
    offline = tmp_path / "cv-ky.pdf"
    softhsm.pki.stop()
    common = ["--role", "approve", "--token", PERSONAL.label, "--pin-stdin", "--image",
              str(IMAGE), "--page", "1", "--box", "300,100,450,160", "--level", "B-LT",
              "--tsa", softhsm.pki.tsa_url, "--json"]  # fmt: skip
    run = _vanthu(softhsm, "sign", str(src), "-o", str(offline), *common, pin=PERSONAL.pin,
                  home=home)  # fmt: skip
    assert run.returncode == 0, run.stderr
    first = json.loads(run.stdout)
    assert (first["level"], first["pending"]) == ("B-B", True)

    softhsm.pki.start()
    online = tmp_path / "cv-ky-2.pdf"
    run = _vanthu(softhsm, "sign", str(src), "-o", str(online), *common, pin=PERSONAL.pin,
                  home=home)  # fmt: skip
    assert run.returncode == 0, run.stderr
    second = json.loads(run.stdout)
    assert (second["level"], second["pending"]) == ("B-LT", False)
    assert [u["status"] for u in second["upgrades"]] == ["upgraded"]
    run = _vanthu(softhsm, "sign-upgrade", "--json", home=home)
    assert json.loads(run.stdout) == {"upgrades": []}  # nothing left waiting
    assert pdfsig_verdicts(offline, softhsm.ca_cert_der, tmp_path)[0] == "Signature is Valid."
    run = _vanthu(softhsm, "verify", str(offline), "--offline", "--json", home=home)
    assert run.returncode == 0, run.stdout
    signature, stamp = json.loads(run.stdout)["signatures"]
    assert (signature["level"], signature["verdict"]) == ("B-LTA", "valid")
    assert stamp["kind"] == "timestamp"
    text = _vanthu(softhsm, "verify", str(offline), "--offline", home=home).stdout
    assert "PAdES B-LTA" in text and "B-B" not in text


def test_vanthu_sync_upgrades_what_was_signed_offline(softhsm: SoftHsm, tmp_path: Path):
    from tests.sync.axis_server import SYSTEM_A, AxisProcess, add_systems

    data = tmp_path / "axis"
    data.mkdir()
    add_systems(data, SYSTEM_A)
    axis = AxisProcess(data).start()
    try:
        home = tmp_path / "ws"
        init = ["init", "--org-id", SYSTEM_A[2], "--org-name", SYSTEM_A[3], "--org-abbr", "UBND"]
        assert _vanthu(softhsm, *init, home=home).returncode == 0
        root = tmp_path / "root.cer"
        root.write_bytes(softhsm.ca_cert_der)
        assert _vanthu(softhsm, "trust", "add", str(root), home=home).returncode == 0
        config = ["axis", "config", "--endpoint", axis.url, "--system-id", SYSTEM_A[0],
                  "--secret-stdin"]  # fmt: skip
        env_secret = SYSTEM_A[1]
        run = _vanthu(softhsm, *config, pin=env_secret, home=home)
        assert run.returncode == 0, run.stderr
        softhsm.pki.stop()
        src = make_pdf(tmp_path / "cv.pdf", ["CÔNG VĂN"])
        signed = tmp_path / "cv-ky.pdf"
        run = _vanthu(
            softhsm, "sign", str(src), "-o", str(signed), "--role", "approve", "--token",
            PERSONAL.label, "--pin-stdin", "--image", str(IMAGE), "--page", "1", "--box",
            "300,100,450,160", "--level", "B-LT", "--json", pin=PERSONAL.pin, home=home,
        )  # fmt: skip
        assert json.loads(run.stdout)["pending"] is True
        softhsm.pki.start()
        run = _vanthu(softhsm, "sync", "--once", "--json", home=home)
        assert run.returncode == 0, run.stderr
        assert [u["status"] for u in json.loads(run.stdout)["upgrades"]] == ["upgraded"]
    finally:
        axis.stop()


def test_issue_takes_number_and_date_from_the_outgoing_register(softhsm: SoftHsm, tmp_path: Path):
    from tests.signing.test_roles import DRAFT

    home = tmp_path / "ws"
    init = ["init", "--org-id", "000.00.00.H29", "--org-name", "UBND tỉnh Đắk Lắk", "--org-abbr",
            "UBND"]  # fmt: skip
    assert _vanthu(softhsm, *init, home=home).returncode == 0
    draft = make_pdf(tmp_path / "du-thao.pdf", DRAFT)
    approved = tmp_path / "da-duyet.pdf"
    run = _vanthu(softhsm, "sign", str(draft), "-o", str(approved), "--role", "approve",
                  "--token", PERSONAL.label, "--pin-stdin", "--image", str(IMAGE), "--anchor",
                  "CHỦ TỊCH", pin=PERSONAL.pin, home=home)  # fmt: skip
    assert run.returncode == 0, run.stderr
    for _ in range(4):  # the register moves on: the document gets number 05
        _vanthu(softhsm, "outgoing", "add", "--type", "QĐ", "--subject", "Quyết định khác",
                home=home)  # fmt: skip
    added = _vanthu(softhsm, "outgoing", "add", str(approved), "--type", "QĐ", "--subject",
                    "Quyết định phê duyệt kế hoạch", "--json", home=home)  # fmt: skip
    doc = json.loads(added.stdout)
    issued = tmp_path / "ban-hanh.pdf"
    run = _vanthu(softhsm, "sign", str(approved), "-o", str(issued), "--role", "issue",
                  "--token", ORG.label, "--pin-stdin", "--image", str(SEAL), "--document",
                  str(doc["id"]), pin=ORG.pin, home=home)  # fmt: skip
    assert run.returncode == 0, run.stderr
    text = subprocess.run(["pdftotext", str(issued), "-"], capture_output=True, text=True).stdout
    assert "Số: 05/QĐ-UBND" in text
    import datetime as dt

    day = dt.date.fromisoformat(doc["date"])
    assert f"ngày {day.day:02d} tháng" in text and f"năm {day.year}" in text
    assert pdfsig_verdicts(issued, softhsm.ca_cert_der, tmp_path) == ["Signature is Valid."] * 2


def test_sign_batch_makes_its_folder_and_never_overwrites_silently(
    softhsm: SoftHsm, tmp_path: Path
):
    files = [make_pdf(tmp_path / f"cv-{n}.pdf", ["CÔNG VĂN", f"số {n}"]) for n in (1, 2)]
    out = tmp_path / "chua-co" / "da-ky"  # does not exist yet

    def batch(*extra: str):
        return subprocess.run(
            [sys.executable, "-m", "app.cli", "sign-batch", *map(str, files), "--out-dir",
             str(out), "--role", "approve", "--token", PERSONAL.label, "--pin-stdin",
             "--image", str(IMAGE), "--page", "1", "--box", "300,100,450,160", *extra],
            input=PERSONAL.pin + "\n", capture_output=True, text=True,
            env=softhsm.env() | {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi"},
        )  # fmt: skip

    first = batch()
    assert first.returncode == 0, first.stderr
    signed = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(signed) == ["cv-1.pdf", "cv-2.pdf"]
    again = batch()
    assert again.returncode == 2 and again.stderr.count("\n") == 1
    assert "đã có tệp" in again.stderr and "--overwrite" in again.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == signed  # untouched
    replaced = batch("--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert all(p.read_bytes() != signed[p.name] for p in out.iterdir())
