"""Batch signing: one PIN, one session, a result per document, progress, cancel, and a clean
stop at the first token error."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

from resources import ROOT as RESOURCES
from signing import Placement, Role, SignRequest, sign_batch
from signing.errors import PinIncorrect, TokenRemoved
from signing.tokens import TokenModule
from tests.conftest import make_pdf
from tests.signing.conftest import PERSONAL, SoftHsm
from tests.signing.drafts import count_logins, pull_out_at
from tests.signing.validators import openssl_verify

pytestmark = pytest.mark.token

IMAGE = RESOURCES / "signatures" / "chu-ky-mau.png"
BOX = (320.0, 120.0, 520.0, 200.0)


def _requests(tmp_path: Path, n: int) -> list[SignRequest]:
    out = tmp_path / "da-ky"
    out.mkdir(exist_ok=True)
    requests = []
    for i in range(n):
        src = make_pdf(tmp_path / f"van-ban-{i}.pdf", ["TỜ TRÌNH", f"Văn bản thứ {i + 1}"])
        requests.append(
            SignRequest(src, out / src.name, Role.APPROVE, Placement(page=1, box=BOX), IMAGE)
        )
    return requests


def _batch(softhsm: SoftHsm, requests, pin: str = "", **kwargs):
    return sign_batch(
        TokenModule.of(softhsm.module), PERSONAL.label, pin or PERSONAL.pin,
        PERSONAL.key_id.hex(), requests, **kwargs,
    )  # fmt: skip


def _signer_serial(pdf: Path) -> int:
    from pyhanko.pdf_utils.reader import PdfFileReader

    [sig] = PdfFileReader(io.BytesIO(pdf.read_bytes()), strict=False).embedded_signatures
    return sig.signer_cert.serial_number


def test_one_login_signs_them_all_with_progress_in_order(
    softhsm: SoftHsm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    logins = count_logins(monkeypatch)
    requests = _requests(tmp_path, 6)
    seen: list[tuple[int, int, str]] = []
    outcomes = _batch(softhsm, requests, progress=lambda i, n, o: seen.append((i, n, o.status)))

    assert [o.status for o in outcomes] == ["signed"] * 6
    assert seen == [(i, 6, "signed") for i in range(1, 7)]
    assert logins == [PERSONAL.label]  # one PIN entry, one session for the batch
    serials = {_signer_serial(r.dst) for r in requests}
    assert len(serials) == 1  # one certificate for the whole batch
    assert openssl_verify(requests[-1].dst, softhsm.ca_cert_der, tmp_path) == [True]


def test_a_bad_document_fails_alone(softhsm: SoftHsm, tmp_path: Path):
    requests = _requests(tmp_path, 3)
    requests[1].src.write_bytes(b"khong phai PDF" * 10)
    outcomes = _batch(softhsm, requests)
    assert [o.status for o in outcomes] == ["signed", "failed", "signed"]
    assert outcomes[1].error is not None and outcomes[1].error.field == "file"
    assert not requests[1].dst.exists() and requests[2].dst.exists()


def test_cancel_leaves_the_rest_untouched(softhsm: SoftHsm, tmp_path: Path):
    requests = _requests(tmp_path, 5)
    cancel = threading.Event()

    def progress(done: int, total: int, outcome) -> None:
        if done == 2:
            cancel.set()

    outcomes = _batch(softhsm, requests, progress=progress, cancel=cancel)
    assert [o.status for o in outcomes] == ["signed"] * 2 + ["not_started"] * 3
    assert [r.dst.exists() for r in requests] == [True, True, False, False, False]


def test_a_wrong_pin_signs_nothing(softhsm: SoftHsm, tmp_path: Path):
    requests = _requests(tmp_path, 3)
    outcomes = _batch(softhsm, requests, pin="999999")
    assert [o.status for o in outcomes] == ["not_started"] * 3
    assert isinstance(outcomes[0].error, PinIncorrect)
    assert not any(r.dst.exists() for r in requests)
    # the right PIN clears the token's "count low" flag for the other tests
    assert [o.status for o in _batch(softhsm, requests[:1])] == ["signed"]


def test_a_token_pulled_out_mid_batch_stops_cleanly(
    softhsm: SoftHsm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """SoftHSM cannot be unplugged, so the third C_Sign answers as a real token does when it is
    pulled out (CKR_DEVICE_REMOVED): this part is simulated, the rest is the real token."""
    pull_out_at(monkeypatch, 3)
    requests = _requests(tmp_path, 5)
    outcomes = _batch(softhsm, requests)
    assert [o.status for o in outcomes] == ["signed"] * 2 + ["not_started"] * 3
    assert isinstance(outcomes[2].error, TokenRemoved)
    assert [r.dst.exists() for r in requests] == [True, True, False, False, False]
    assert not list((tmp_path / "da-ky").glob(".*"))  # no half-written file either


def test_a_signature_bigger_than_its_reserved_room_is_signed_again_with_more(
    softhsm: SoftHsm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import signing.sign

    monkeypatch.setattr(signing.sign, "_reserve", lambda signer, level: 2048)  # far too small
    requests = _requests(tmp_path, 1)
    [outcome] = _batch(softhsm, requests)
    assert outcome.status == "signed", outcome.error
    assert openssl_verify(requests[0].dst, softhsm.ca_cert_der, tmp_path) == [True]
