"""USB tokens over PKCS#11 (python-pkcs11).

Every call into one module runs on that module's own thread (``TokenModule``): PKCS#11
libraries of the field are not all thread-safe, and a logged-in session belongs to the
thread that opened it. The window submits work and gets a Future; the CLI waits for it.

The PIN state flags are read before every login and reported as data (``PinState``), so the
window can warn before the user types. A locked PIN is refused without trying; a wrong PIN
raises ``PinIncorrect`` with what the token says of the tries left; a failed login leaves
no session behind (python-pkcs11 0.9 does not close it: the module is re-initialised). A
PIN is an argument of one job and is never stored."""

from __future__ import annotations

import binascii
import datetime as dt
import hashlib
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from signing.errors import (
    KeyNotFound,
    ModuleLoadFailed,
    ModuleNotFound,
    PinIncorrect,
    PinLocked,
    TokenNotFound,
    TokenRemoved,
)

T = TypeVar("T")
PROTECTED_AUTH = "protected-authentication-path"  # PIN typed on the reader's own keypad


@dataclass(frozen=True)
class PinState:
    count_low: bool = False  # a wrong PIN was typed since the last good one
    final_try: bool = False  # the next wrong PIN locks the token
    locked: bool = False
    to_be_changed: bool = False
    protected_auth_path: bool = False  # the reader has its own PIN pad

    @property
    def retries(self) -> str:
        return "last" if self.final_try else ("few" if self.count_low else "unknown")


@dataclass(frozen=True)
class TokenInfo:
    module: str
    slot_id: int
    label: str
    serial: str
    manufacturer: str
    model: str
    pin: PinState

    def as_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["pin"] = dict(self.pin.__dict__) | {"retries": self.pin.retries}
        return data


@dataclass(frozen=True)
class CertificateInfo:
    cka_id: str  # hex; the key is chosen by this, never by label
    label: str
    subject: str
    common_name: str
    issuer: str
    serial: str  # hex
    not_before: str
    not_after: str
    key_usage: tuple[str, ...]
    sha256: str
    der: bytes

    def valid_at(self, when: dt.datetime) -> bool:
        return self.not_before <= when.astimezone(dt.UTC).isoformat() <= self.not_after

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "der"}


def pin_state(flags: int) -> PinState:
    from pkcs11 import TokenFlag

    return PinState(
        count_low=bool(flags & TokenFlag.USER_PIN_COUNT_LOW),
        final_try=bool(flags & TokenFlag.USER_PIN_FINAL_TRY),
        locked=bool(flags & TokenFlag.USER_PIN_LOCKED),
        to_be_changed=bool(flags & TokenFlag.USER_PIN_TO_BE_CHANGED),
        protected_auth_path=bool(flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH),
    )


def describe_certificate(der: bytes, cka_id: bytes, label: str) -> CertificateInfo:
    from asn1crypto import x509

    cert = x509.Certificate.load(der)
    validity = cert["tbs_certificate"]["validity"]
    usage = cert.key_usage_value
    return CertificateInfo(
        cka_id=binascii.hexlify(cka_id).decode(),
        label=label,
        subject=cert.subject.human_friendly,
        common_name=str(cert.subject.native.get("common_name", "")),
        issuer=cert.issuer.human_friendly,
        serial=format(cert.serial_number, "x"),
        not_before=validity["not_before"].native.astimezone(dt.UTC).isoformat(),
        not_after=validity["not_after"].native.astimezone(dt.UTC).isoformat(),
        key_usage=tuple(sorted(usage.native)) if usage is not None else (),
        sha256=hashlib.sha256(der).hexdigest(),
        der=der,
    )


class TokenModule:
    """One PKCS#11 module, driven from one thread. Get it with ``TokenModule.of(path)``."""

    _registry: ClassVar[dict[str, TokenModule]] = {}
    _registry_lock = threading.Lock()

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"pkcs11-{path.name}")
        self._thread: threading.Thread | None = None
        self._lib: Any = None

    @classmethod
    def of(cls, path: str | Path) -> TokenModule:
        key = str(Path(path).resolve())
        with cls._registry_lock:
            if key not in cls._registry:
                if not Path(key).is_file():
                    raise ModuleNotFound(path=str(path))
                cls._registry[key] = cls(Path(key))
            return cls._registry[key]

    # -- the module thread -----------------------------------------------------------------

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        """Run ``fn(lib, *args)`` on this module's thread. Re-entrant: called on that thread
        (a job that asks the token something more), it runs in place instead of waiting for
        itself."""
        if self.on_module_thread():
            future: Future[T] = Future()
            try:
                future.set_result(self._call(fn, *args))
            except BaseException as exc:
                future.set_exception(exc)
            return future
        return self._executor.submit(self._call, fn, *args)

    def run(self, fn: Callable[..., T], *args: Any) -> T:
        return self.submit(fn, *args).result()

    def on_module_thread(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        self._thread = threading.current_thread()  # one worker: always the same thread
        return fn(self._library(), *args)

    def _library(self) -> Any:
        if self._lib is None:
            import pkcs11

            try:
                self._lib = pkcs11.lib(str(self.path))
            except (OSError, RuntimeError, pkcs11.exceptions.PKCS11Error) as exc:
                raise ModuleLoadFailed(path=str(self.path), reason=str(exc)) from exc
        return self._lib

    # -- what the window and the CLI ask ---------------------------------------------------

    def tokens(self, *, refresh: bool = False) -> list[TokenInfo]:
        return self.run(_list_tokens, str(self.path), refresh)

    def certificates(self, token: str) -> list[CertificateInfo]:
        return self.run(_list_certificates, token)

    def pin_state(self, token: str) -> PinState:
        return self.run(lambda lib: pin_state(_find_token(lib, token).flags))

    @contextmanager
    def session(self, token: str, pin: str) -> Iterator[TokenSession]:
        """A logged-in session for one job (a signature, a batch); closed at the end.
        Must be entered and used from the module thread: use inside ``run``/``submit``."""
        if not self.on_module_thread():
            raise RuntimeError(f"token session opened outside the thread of {self.path.name}")
        lib = self._library()
        session = _login(lib, token, pin)
        try:
            yield TokenSession(session, token)
        finally:
            with suppress(Exception):  # the token may be gone already; nothing to release
                session.close()


class TokenSession:
    """A logged-in session; finds keys by the certificate's CKA_ID."""

    def __init__(self, session: Any, token: str) -> None:
        self.raw = session
        self.token = token

    def private_key(self, cka_id_hex: str) -> Any:
        from pkcs11 import ObjectClass
        from pkcs11.exceptions import PKCS11Error

        try:
            return self.raw.get_key(
                object_class=ObjectClass.PRIVATE_KEY, id=binascii.unhexlify(cka_id_hex)
            )
        except PKCS11Error as exc:
            if _removed(exc):
                raise TokenRemoved(token=self.token) from exc
            raise KeyNotFound(token=self.token, cka_id=cka_id_hex) from exc


# -- functions that run on the module thread ---------------------------------------------


def _removed(exc: BaseException) -> bool:
    from pkcs11 import exceptions as e

    return isinstance(
        exc,
        e.TokenNotPresent | e.DeviceRemoved | e.SessionHandleInvalid | e.SessionClosed
        | e.TokenNotRecognised | e.DeviceError,
    )  # fmt: skip


def _find_token(lib: Any, token: str) -> Any:
    """By label or serial (fresh: the flags of a Token object are a snapshot)."""
    from pkcs11.exceptions import PKCS11Error

    try:
        for slot in lib.get_slots(token_present=True):
            t = slot.get_token()
            serial = t.serial.decode(errors="replace") if isinstance(t.serial, bytes) else t.serial
            if token in (t.label, serial):
                return t
    except PKCS11Error as exc:
        if _removed(exc):
            raise TokenRemoved(token=token) from exc
        raise
    raise TokenNotFound(token=token)


def _list_tokens(lib: Any, module: str, refresh: bool) -> list[TokenInfo]:
    from pkcs11 import TokenFlag

    if refresh:
        lib.reinitialize()  # SoftHSM and some drivers only see new tokens after this
    found = []
    for slot in lib.get_slots(token_present=True):
        t = slot.get_token()
        if not t.flags & TokenFlag.TOKEN_INITIALIZED:
            continue  # SoftHSM's spare empty slot
        serial = t.serial.decode(errors="replace") if isinstance(t.serial, bytes) else str(t.serial)
        found.append(
            TokenInfo(
                module=module,
                slot_id=slot.slot_id,
                label=t.label,
                serial=serial.strip(),
                manufacturer=t.manufacturer_id.strip(),
                model=t.model.strip(),
                pin=pin_state(t.flags),
            )
        )
    return found


def _list_certificates(lib: Any, token: str) -> list[CertificateInfo]:
    from pkcs11 import Attribute, CertificateType, ObjectClass
    from pkcs11.exceptions import PKCS11Error

    t = _find_token(lib, token)
    try:
        with t.open() as session:  # certificates are public: no login
            certs = []
            for obj in session.get_objects(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                }
            ):
                certs.append(
                    describe_certificate(
                        obj[Attribute.VALUE], obj[Attribute.ID], obj[Attribute.LABEL]
                    )
                )
            return certs
    except PKCS11Error as exc:
        if _removed(exc):
            raise TokenRemoved(token=token) from exc
        raise


def _login(lib: Any, token: str, pin: str) -> Any:
    from pkcs11 import PROTECTED_AUTH as PKCS11_PROTECTED_AUTH
    from pkcs11 import exceptions as e

    t = _find_token(lib, token)
    state = pin_state(t.flags)
    if state.locked:
        raise PinLocked(token=token)
    secret: Any = PKCS11_PROTECTED_AUTH if pin == PROTECTED_AUTH else pin
    try:
        return t.open(user_pin=secret)
    except e.UserAlreadyLoggedIn:
        return t.open()  # this process is already logged in to the token: share the login
    except (e.PinIncorrect, e.PinLenRange):
        _drop_leaked_session(lib)
        after = _fresh_state(lib, token)
        if after.locked:
            raise PinLocked(token=token) from None
        raise PinIncorrect(after.retries, token=token) from None
    except e.PinLocked:
        _drop_leaked_session(lib)
        raise PinLocked(token=token) from None
    except e.PKCS11Error as exc:
        if _removed(exc):
            raise TokenRemoved(token=token) from exc
        raise


def _drop_leaked_session(lib: Any) -> None:
    """python-pkcs11 0.9 opens the session before C_Login and does not close it when the
    login fails; C_Finalize + C_Initialize releases it."""
    with suppress(Exception):
        lib.reinitialize()


def _fresh_state(lib: Any, token: str) -> PinState:
    try:
        return pin_state(_find_token(lib, token).flags)
    except Exception:
        return PinState()


__all__ = [
    "PROTECTED_AUTH",
    "CertificateInfo",
    "PinState",
    "TokenInfo",
    "TokenModule",
    "TokenSession",
    "describe_certificate",
    "pin_state",
]
