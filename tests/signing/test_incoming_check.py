"""An incoming document is validated when it is registered; the report is stored with the
document and its history (`vanthu incoming add`, `vanthu show`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from resources import ROOT as RESOURCES
from signing import Placement, Role, SignRequest, sign_document
from signing.tokens import TokenModule
from tests.conftest import ROOT, make_pdf
from tests.signing.conftest import PERSONAL, SoftHsm
from tests.signing.pki import PkiServer

pytestmark = pytest.mark.token
IMAGE = RESOURCES / "signatures" / "chu-ky-mau.png"


def _vanthu(softhsm: SoftHsm, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = softhsm.env() | {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi", "VANTHU_HOME": str(home),
                           "VANTHU_TRUST_BUNDLED": "0"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env
    )


def _add(softhsm: SoftHsm, home: Path, pdf: Path, number: str) -> dict:
    run = _vanthu(
        softhsm, home, "incoming", "add", str(pdf), "--from-org-id", "000.00.00.G22",
        "--from-org-name", "Văn phòng Chính phủ", "--number", number, "--notation", "TB-VPCP",
        "--date", "2026-11-20", "--type", "TB", "--subject", f"Thông báo {number}", "--json",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_registration_checks_and_keeps_the_signature_report(
    softhsm: SoftHsm, pki_online: PkiServer, tmp_path: Path
):
    home = tmp_path / "ws"
    assert _vanthu(softhsm, home, "init", "--org-id", "000.00.00.H29", "--org-name",
                   "UBND tỉnh Đắk Lắk", "--org-abbr", "UBND").returncode == 0  # fmt: skip
    root = tmp_path / "root.cer"
    root.write_bytes(softhsm.ca_cert_der)
    assert _vanthu(softhsm, home, "trust", "add", str(root)).returncode == 0

    src = make_pdf(tmp_path / "tb.pdf", ["THÔNG BÁO", "Kết luận của Thủ tướng"])
    signed = tmp_path / "tb-ky.pdf"
    sign_document(
        TokenModule.of(softhsm.module), PERSONAL.label, PERSONAL.pin, PERSONAL.key_id.hex(),
        SignRequest(src, signed, Role.APPROVE, Placement(page=1, box=(300, 100, 450, 160)), IMAGE),
    )  # fmt: skip
    good = _add(softhsm, home, signed, "1")
    assert good["signatures"]["verdict"] in ("valid", "valid_with_warnings")
    assert good["signatures"]["count"] == 1
    [sig] = good["signatures"]["report"]["signatures"]
    assert sig["signer"] == PERSONAL.subject_cn and sig["intact"] is True

    data = bytearray(signed.read_bytes())
    data[data.index(b"ReportLab Generated")] ^= 0x20
    tampered = tmp_path / "tb-sua.pdf"
    tampered.write_bytes(bytes(data))
    bad = _add(softhsm, home, tampered, "2")
    assert bad["signatures"]["verdict"] == "invalid"

    plain = _add(softhsm, home, src, "3")
    assert plain["signatures"]["verdict"] == "unsigned"

    show = _vanthu(softhsm, home, "show", str(bad["id"]))
    assert "Chữ ký số: KHÔNG HỢP LỆ" in show.stdout
    shown = json.loads(_vanthu(softhsm, home, "show", str(good["id"]), "--json").stdout)
    assert [e["action"] for e in shown["history"]][:2] == ["register", "signatures_checked"]
    assert _vanthu(softhsm, home, "audit", "verify").returncode == 0

    # the same file again, under another number: a duplicate, not registered silently
    again = _vanthu(
        softhsm, home, "incoming", "add", str(signed), "--from-org-id", "000.00.00.G22",
        "--from-org-name", "Văn phòng Chính phủ", "--number", "9", "--notation", "TB-VPCP",
        "--date", "2026-11-20", "--type", "TB", "--subject", "Thông báo 9", "--json",
    )  # fmt: skip
    assert again.returncode == 3, again.stderr
    assert "cùng tệp" in again.stderr

    # a bulk import with files checks each one too (other files: the same ones would be
    # duplicates of the documents above)
    signed_2, tampered_2 = tmp_path / "lo-ky.pdf", tmp_path / "lo-sua.pdf"
    sign_document(
        TokenModule.of(softhsm.module), PERSONAL.label, PERSONAL.pin, PERSONAL.key_id.hex(),
        SignRequest(src, signed_2, Role.APPROVE, Placement(page=1, box=(300, 200, 450, 260)),
                    IMAGE),
    )  # fmt: skip
    data = bytearray(signed_2.read_bytes())
    data[data.index(b"ReportLab Generated")] ^= 0x20
    tampered_2.write_bytes(bytes(data))
    signed, tampered = signed_2, tampered_2
    lines = tmp_path / "lo.jsonl"
    import json as _json

    lines.write_text(
        "\n".join(
            _json.dumps({"from_org_id": "000.00.00.G22", "from_org_name": "Văn phòng Chính phủ",
                         "code_number": str(n), "code_notation": "TB-VPCP",
                         "issued_date": "2026-11-21", "doc_type": "TB",
                         "subject": f"Thông báo nhập lô {n}", "file": str(f)},
                        ensure_ascii=False)
            for n, f in ((10, signed), (11, tampered))
        ),
        encoding="utf-8",
    )  # fmt: skip
    run = _vanthu(softhsm, home, "incoming", "import", str(lines), "--json")
    assert run.returncode == 0, run.stderr
    verdicts = _json.loads(run.stdout)["signatures"]
    assert verdicts.get("invalid") == 1 and sum(verdicts.values()) == 2
