from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from resources import ROOT as RESOURCES
from tests.conftest import ROOT, make_pdf
from tests.signing.conftest import PERSONAL, SoftHsm
from tests.signing.validators import openssl_verify, pdfsig_verdicts

pytestmark = pytest.mark.token
IMAGE = RESOURCES / "signatures" / "chu-ky-mau.png"


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


def test_roles_not_built_yet_are_refused_clearly(softhsm: SoftHsm, tmp_path: Path):
    src = make_pdf(tmp_path / "qd.pdf", ["QUYẾT ĐỊNH"])
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "sign", str(src), "-o", str(tmp_path / "o.pdf"),
         "--role", "issue", "--token", PERSONAL.label, "--pin-stdin"],
        input=PERSONAL.pin + "\n", capture_output=True, text=True,
        env=softhsm.env() | {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi"},
    )  # fmt: skip
    assert run.returncode == 2 and "chưa hỗ trợ" in run.stderr
    assert not (tmp_path / "o.pdf").exists()
