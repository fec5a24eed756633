from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.messages import describe
from signing.errors import KeyNotFound, PinIncorrect, PinLocked, TokenNotFound
from signing.modules import find_modules
from signing.tokens import PinState, TokenModule, _login
from tests.conftest import ROOT
from tests.signing.conftest import ORG, PERSONAL, SoftHsm

pytestmark = pytest.mark.token


def test_modules_are_found_by_known_names_and_from_the_environment(
    softhsm: SoftHsm, tmp_path: Path
):
    link = tmp_path / "lib" / "libsofthsm2.so"
    link.parent.mkdir()
    link.symlink_to(softhsm.module)
    found = find_modules(env={}, folders=[softhsm.module.parent, link.parent], platform="linux")
    assert [p.resolve() for p in found] == [softhsm.module.resolve()]  # one file, found twice
    from_env = find_modules(env={"VANTHU_PKCS11_MODULE": str(link)}, folders=[], platform="linux")
    assert from_env == [link]
    assert find_modules(["/nowhere/vnptca_p11_v8.so"], env={}, folders=[]) == []
    windows = find_modules(env={}, folders=[tmp_path / "empty"], platform="win32")
    assert windows == []


def test_tokens_and_their_certificates_are_listed(softhsm: SoftHsm):
    module = TokenModule.of(softhsm.module)
    tokens = {t.label: t for t in module.tokens()}
    assert set(tokens) == {PERSONAL.label, ORG.label}  # SoftHSM's empty spare slot is left out
    personal = tokens[PERSONAL.label]
    assert personal.manufacturer == "SoftHSM project" and personal.serial
    assert personal.pin == PinState()
    certs = {c.cka_id: c for c in module.certificates(personal.serial)}
    assert set(certs) == {"01", "ca", "cb"}  # own, root, issuing CA
    mine = certs["01"]
    assert mine.common_name == "Nguyễn Văn A" and mine.label == "Chứng thư số Nguyễn Văn A"
    assert "Ban Cơ yếu Chính phủ (THỬ NGHIỆM)" in mine.issuer
    assert {"digital_signature", "non_repudiation"} <= set(mine.key_usage)
    assert mine.not_before < mine.not_after and len(mine.sha256) == 64


def test_the_key_is_chosen_by_the_certificates_id_not_its_label(softhsm: SoftHsm):
    """The certificate is labelled "Chứng thư số Nguyễn Văn A", the key "khoa-ky-so": only the
    CKA_ID ties them. The key signs, and the certificate's public key verifies it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from pkcs11 import Attribute, Mechanism

    module = TokenModule.of(softhsm.module)
    cert = next(c for c in module.certificates(PERSONAL.label) if c.cka_id == "01")

    def sign(lib):
        with module.session(PERSONAL.label, PERSONAL.pin) as session:
            key = session.private_key(cert.cka_id)
            assert key[Attribute.EXTRACTABLE] is False and key[Attribute.SENSITIVE] is True
            return key.sign(b"van ban can ky", mechanism=Mechanism.SHA256_RSA_PKCS)

    signature = module.run(sign)
    public = x509.load_der_x509_certificate(cert.der).public_key()
    public.verify(signature, b"van ban can ky", padding.PKCS1v15(), hashes.SHA256())

    def wrong_key(lib):
        with module.session(PERSONAL.label, PERSONAL.pin) as session:
            session.private_key("ca")

    with pytest.raises(KeyNotFound):
        module.run(wrong_key)


def test_every_call_of_a_module_runs_on_its_own_single_thread(softhsm: SoftHsm):
    module = TokenModule.of(softhsm.module)
    names = {module.run(lambda lib: threading.current_thread().name) for _ in range(5)}
    assert len(names) == 1 and names != {threading.current_thread().name}
    assert TokenModule.of(str(softhsm.module)) is module


def test_a_wrong_pin_says_what_is_known_and_the_right_one_still_works(softhsm: SoftHsm):
    module = TokenModule.of(softhsm.module)

    def login(lib, pin):
        with module.session(ORG.label, pin):
            return True

    for _ in range(12):  # a retry loop must not pile up sessions or leave a login behind
        with pytest.raises(PinIncorrect) as err:
            module.run(login, "000000")
    # SoftHSM sets "count low" after a wrong PIN (it never locks: see the fake tests below)
    assert err.value.retries == "few"
    assert module.pin_state(ORG.label).count_low
    assert "Mã PIN không đúng" in describe(err.value, "vi")
    assert module.run(login, ORG.pin)
    assert not module.pin_state(ORG.label).count_low


def test_an_unknown_token(softhsm: SoftHsm):
    module = TokenModule.of(softhsm.module)
    with pytest.raises(TokenNotFound) as err:
        module.certificates("KHONG-CO")
    assert "KHONG-CO" in describe(err.value, "vi")


# SoftHSM2 never locks a PIN and never reports "final try" (toolchain.md, gotcha 20), so
# these two behaviours are tested against a fake token that reports those flags. This is
# the only fake in the signing tests.


class _FakeToken:
    def __init__(self, flags_before: int, flags_after: int) -> None:
        self.label, self.serial, self.flags = "FAKE", b"0001", flags_before
        self._after = flags_after
        self.login_attempts = 0

    def open(self, user_pin=None):
        from pkcs11.exceptions import PinIncorrect as Pkcs11PinIncorrect

        self.login_attempts += 1
        self.flags = self._after
        raise Pkcs11PinIncorrect()


class _FakeLib:
    def __init__(self, token: _FakeToken) -> None:
        self.token = token

    def get_slots(self, token_present=True):
        lib = self

        class Slot:
            slot_id = 0

            def get_token(self):
                return lib.token

        return [Slot()]

    def reinitialize(self):
        pass


def test_a_locked_pin_is_refused_without_a_login_attempt():
    from pkcs11 import TokenFlag

    token = _FakeToken(TokenFlag.USER_PIN_LOCKED, TokenFlag.USER_PIN_LOCKED)
    with pytest.raises(PinLocked) as err:
        _login(_FakeLib(token), "FAKE", "123456")
    assert token.login_attempts == 0
    assert "đã bị khóa" in describe(err.value, "vi")


def test_the_final_try_is_announced():
    from pkcs11 import TokenFlag

    token = _FakeToken(TokenFlag.USER_PIN_COUNT_LOW, TokenFlag.USER_PIN_FINAL_TRY)
    with pytest.raises(PinIncorrect) as err:
        _login(_FakeLib(token), "FAKE", "000000")
    assert err.value.retries == "last"
    assert describe(err.value, "vi") == (
        "Mã PIN không đúng. Chỉ còn 1 lần thử trước khi thiết bị bị khóa."
    )
    assert describe(err.value, "en") == "Wrong PIN. One try left before the token locks."


def test_vanthu_tokens_lists_them(softhsm: SoftHsm):
    out = subprocess.run(
        [sys.executable, "-m", "app.cli", "tokens", "--json"],
        env=softhsm.env() | {"PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=True,
    )  # fmt: skip
    modules = json.loads(out.stdout)["modules"]
    tokens = {t["label"]: t for m in modules for t in m["tokens"]}
    assert {PERSONAL.label, ORG.label} <= set(tokens)
    certs = tokens[ORG.label]["certificates"]
    assert {c["cka_id"] for c in certs} == {"0a", "ca", "cb"}
    assert {c["common_name"] for c in certs} >= {"Ủy ban nhân dân tỉnh Đắk Lắk"}
    text = subprocess.run(
        [sys.executable, "-m", "app.cli", "tokens"],
        env=softhsm.env() | {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi"},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "VT-CANHAN" in text.stdout and "[01] Nguyễn Văn A" in text.stdout


def test_the_token_thread_is_reentrant_and_guards_its_sessions(softhsm: SoftHsm):
    """A call made on the module thread runs in place (no deadlock waiting for itself); a
    session opened from any other thread is refused before it reaches the token."""
    import threading

    from signing.tokens import TokenModule

    module = TokenModule.of(softhsm.module)
    threads: list[threading.Thread] = []

    def outer(_lib):
        threads.append(threading.current_thread())
        inner = module.run(lambda _l: (threading.current_thread(), len(module.tokens())))
        return inner

    thread, tokens = module.submit(outer).result(timeout=10)
    assert thread is threads[0] and tokens >= 2
    with (
        pytest.raises(RuntimeError, match="outside the thread"),
        module.session(PERSONAL.label, PERSONAL.pin),
    ):
        pass
