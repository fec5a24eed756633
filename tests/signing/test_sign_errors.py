"""What `vanthu sign` says when it cannot sign, run as a real subprocess on SoftHSM tokens:
a certificate the trust store cannot validate for B-LT (and that the advice given works),
a file that is not there, and an anchor typed in decomposed Unicode."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from app.errors import InvalidInput
from app.messages import describe
from resources import ROOT as RESOURCES
from signing import Level, Placement, Role, SigningOptions, SignRequest, sign_document
from signing.errors import IssuerNotTrusted
from signing.tokens import TokenModule
from tests.conftest import ROOT, make_pdf
from tests.signing.conftest import PERSONAL, SoftHsm
from tests.signing.pki import PkiServer

pytestmark = pytest.mark.token
IMAGE = RESOURCES / "signatures" / "chu-ky-mau.png"
ROOT_CN = "RootCA thử nghiệm chuyên dùng Chính phủ G2"  # tests/signing/pki.py


def _vanthu(softhsm: SoftHsm, home: Path, *args: str, pin: str = "", lang: str = "vi"):
    env = softhsm.env() | {
        "PYTHONPATH": str(ROOT), "VANTHU_LANG": lang, "VANTHU_TRUST_BUNDLED": "0",
        "VANTHU_HOME": str(home), "VANTHU_SECRET_STORE": "file",
    }  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", *args], input=pin + "\n" if pin else "",
        capture_output=True, text=True, env=env, timeout=120, cwd=ROOT,
    )  # fmt: skip
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    return run


def _sign_args(src: Path, dst: Path, *extra: str) -> list[str]:
    return ["sign", str(src), "-o", str(dst), "--role", "approve", "--token", PERSONAL.label,
            "--pin-stdin", "--image", str(IMAGE), *extra]  # fmt: skip


def test_b_lt_with_a_chain_the_store_cannot_validate_says_what_to_add(
    softhsm: SoftHsm, pki_online: PkiServer, tmp_path: Path
):
    src = make_pdf(tmp_path / "qd.pdf", ["QUYẾT ĐỊNH", "CHỦ TỊCH"])
    dst = tmp_path / "qd-ky.pdf"
    home = tmp_path / "kho"
    box = ["--page", "1", "--box", "300,100,450,160", "--level", "B-LT",
           "--tsa", pki_online.tsa_url]  # fmt: skip
    for lang, words in (("vi", ("kho tin cậy", "vanthu trust add")),
                        ("en", ("trust store", "vanthu trust add"))):  # fmt: skip
        run = _vanthu(softhsm, home, *_sign_args(src, dst, *box), pin=PERSONAL.pin, lang=lang)
        assert run.returncode != 0 and not dst.exists()
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 1, run.stderr
        assert ROOT_CN in lines[0] and "B-LT" in lines[0] and all(w in lines[0] for w in words)
        assert "signing_error" not in lines[0] and "{" not in lines[0]

    # the advice works: the root added with the command the message names, signing passes
    from asn1crypto import x509

    root = x509.Certificate.load(softhsm.ca_cert_der)
    assert root.key_identifier.hex().upper() in lines[0]
    (tmp_path / "root.cer").write_bytes(softhsm.ca_cert_der)
    init = _vanthu(softhsm, home, "init", "--org-id", "000.00.00.H29", "--org-name",
                   "Ủy ban nhân dân tỉnh Đắk Lắk", "--org-abbr", "UBND")  # fmt: skip
    assert init.returncode == 0, init.stderr
    added = _vanthu(softhsm, home, "trust", "add", str(tmp_path / "root.cer"))
    assert added.returncode == 0, added.stderr
    run = _vanthu(softhsm, home, *_sign_args(src, dst, *box, "--json"), pin=PERSONAL.pin)
    assert run.returncode == 0, run.stderr
    assert '"level": "B-LT"' in run.stdout


def test_the_missing_issuer_is_named_by_its_key_id(
    softhsm: SoftHsm, pki_online: PkiServer, tmp_path: Path
):
    """In process: the error carries data (which certificate, which issuer, its key id)."""
    src = make_pdf(tmp_path / "qd.pdf", ["QUYẾT ĐỊNH"])
    options = SigningOptions(level=Level.B_LT, tsa_url=pki_online.tsa_url)
    request = SignRequest(src, tmp_path / "x.pdf", Role.APPROVE,
                          Placement(page=1, box=(300, 100, 450, 160)), IMAGE)  # fmt: skip
    with pytest.raises(IssuerNotTrusted) as caught:
        sign_document(TokenModule.of(softhsm.module), PERSONAL.label, PERSONAL.pin,
                      PERSONAL.key_id.hex(), request, options)  # fmt: skip
    error = caught.value
    from asn1crypto import x509

    root = x509.Certificate.load(softhsm.ca_cert_der)
    interm = x509.Certificate.load(softhsm.pki.interm_der)
    assert error.missing == ROOT_CN and error.level == "B-LT"
    assert error.key_id == root.key_identifier.hex().upper()
    assert error.certificate == interm.subject.native["common_name"]
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_file_is_not_found_not_a_permission_problem(softhsm: SoftHsm, tmp_path: Path):
    home = tmp_path / "kho"
    run = _vanthu(softhsm, home, *_sign_args(tmp_path / "nope.pdf", tmp_path / "out.pdf",
                  "--page", "1", "--box", "300,100,450,160"), pin=PERSONAL.pin)  # fmt: skip
    assert run.returncode != 0
    assert "không tìm thấy" in run.stderr and "quyền" not in run.stderr
    # a folder is not a file, and a file without permission is still said to be one
    from signing.placement import file_error

    assert file_error(IsADirectoryError(), tmp_path).problem == "not_a_file"
    assert file_error(PermissionError(), tmp_path / "x.pdf").problem == "unreadable"
    said = describe(file_error(OSError(5, "Input/output error"), tmp_path / "x.pdf"), "en")
    assert "Input/output error" in said and "permission" not in said


@pytest.mark.parametrize("page_nfd", [False, True])
def test_an_anchor_in_nfd_finds_the_text(softhsm: SoftHsm, tmp_path: Path, page_nfd: bool):
    """The anchor typed decomposed (as some keyboards and file names give it), on a page whose
    text is composed, and the other way round: both sides are compared in NFC."""
    title = "CHỦ TỊCH"
    on_page = unicodedata.normalize("NFD" if page_nfd else "NFC", title)
    typed = unicodedata.normalize("NFC" if page_nfd else "NFD", title)
    assert on_page != typed
    src = make_pdf(tmp_path / "qd.pdf", ["QUYẾT ĐỊNH", "", on_page, "", "", "Nguyễn Văn A"])
    dst = tmp_path / "qd-ky.pdf"
    run = _vanthu(softhsm, tmp_path / "kho", *_sign_args(src, dst, "--anchor", typed),
                  pin=PERSONAL.pin)  # fmt: skip
    assert run.returncode == 0, run.stderr
    from pyhanko.pdf_utils.reader import PdfFileReader

    with open(dst, "rb") as f:
        [sig] = PdfFileReader(f, strict=False).embedded_signatures
        x1, y1, x2, y2 = (float(v) for v in sig.sig_field["/Rect"])
    assert 800 - 2 * 20 - 62.5 - 5 < y1 < y2 < 800 - 2 * 20  # under the third line
    assert x1 < 60 + 30 < x2  # centred on the title (drawn from x = 60)
    with pytest.raises(InvalidInput) as caught:
        from signing.placement import _anchor_box

        _anchor_box(src, unicodedata.normalize("NFD", "PHÓ CHỦ TỊCH"), (150, 62.5))
    assert caught.value.problem == "anchor_not_found"
