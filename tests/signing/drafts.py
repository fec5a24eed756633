"""What the signing tests and the window's sign tests share: drafts laid out as an ND30
decision (the signer's title where the signature goes), the signers of the test tokens, and
the two things a SoftHSM token cannot do by itself — be pulled out midway (simulated: the
n-th real C_Sign answers CKR_DEVICE_REMOVED as a real token does) and count its logins."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.desk import Desk
from app.drafts import OutgoingDraft
from resources import ROOT as RESOURCES
from signing.desk import Signer
from signing.tokens import TokenModule
from tests.conftest import make_pdf
from tests.signing.conftest import SoftHsm, TokenSpec

SIGNATURE = RESOURCES / "signatures" / "chu-ky-mau.png"
SEAL = RESOURCES / "seals" / "con-dau-mau.png"


def draft_lines(subject: str, gap: int = 18) -> list[str]:
    """A decision's lines: the number and date left blank, the signer's title at the foot,
    ``gap`` empty lines between (where the body would be)."""
    return [
        "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
        "Số:        /QĐ-UBND",
        "Đắk Lắk, ngày      tháng      năm 2026",
        "QUYẾT ĐỊNH",
        subject,
        *[""] * gap,
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "",
        "",
        "",
        "",
        "Nguyễn Văn A",
    ]


def new_draft(desk: Desk, folder: Path, n: int, *, secret: bool = False, attach: int = 0) -> Any:
    """Draft number ``n`` (its PDF and ``attach`` attachments written in ``folder``)."""
    pdf = make_pdf(folder / f"du-thao-{n}.pdf", draft_lines(f"Về việc phê duyệt đề án số {n}"))
    extra = [make_pdf(folder / f"phu-luc-{n}-{i}.pdf", ["PHỤ LỤC", f"Bảng {i}"])
             for i in range(1, attach + 1)]  # fmt: skip
    draft = OutgoingDraft.build(
        doc_type_value="QĐ", subject=f"Về việc phê duyệt đề án số {n}", signer="Nguyễn Văn A",
        position="CHỦ TỊCH", secret=secret, file=pdf,
    )  # fmt: skip
    return desk.draft(draft, attachments=extra)


def signer(softhsm: SoftHsm, token: TokenSpec) -> Signer:
    return Signer(TokenModule.of(softhsm.module), token.label, token.key_id.hex())


def pull_out_at(monkeypatch: pytest.MonkeyPatch, n: int) -> dict[str, int]:
    """From now on the ``n``-th real C_Sign fails as a token pulled out does (SIMULATED:
    SoftHSM cannot be unplugged); the others are the real token. The count, to read or to
    move (``calls["n"] = -100``: "plugged in again")."""
    import pkcs11.exceptions
    from pyhanko.sign.pkcs11 import PKCS11Signer

    calls = {"n": 0}
    real = PKCS11Signer.async_sign_raw

    async def pulled_out(self, data, digest_algorithm, dry_run=False):  # type: ignore[no-untyped-def]
        if not dry_run:
            calls["n"] += 1
            if calls["n"] == n:
                raise pkcs11.exceptions.DeviceRemoved()
        return await real(self, data, digest_algorithm, dry_run)

    monkeypatch.setattr(PKCS11Signer, "async_sign_raw", pulled_out)
    return calls


def count_logins(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tokens logged in to from now on, one entry per login (a PIN entered)."""
    import signing.tokens

    logins: list[str] = []
    real_login = signing.tokens._login

    def counting_login(lib, token, pin):  # type: ignore[no-untyped-def]
        logins.append(token)
        return real_login(lib, token, pin)

    monkeypatch.setattr(signing.tokens, "_login", counting_login)
    return logins
