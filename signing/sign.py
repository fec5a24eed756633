"""ND30 signatures on PDF files with pyHanko over a PKCS#11 token (domain.md §6).

Four roles: the official's ``approve`` signature (the blue handwritten-signature image), the
clerk's ``issue`` signature (number and date filled in, the red seal overlapping the left
third of the official's signature), ``attachment`` and ``copy`` (text at the top right of the
first page, no image). PAdES, SHA-256, RSA PKCS#1 v1.5 (PSS when asked and the token can).

Levels: B-B always works offline. B-T, B-LT and B-LTA need the timestamp authority and the
revocation sources; when they do not answer, the document is signed at B-B and the result says
it is ``pending`` so the caller queues it (signing/upgrade.py) for the upgrade once online.

One job = one login: ``sign_batch`` signs many documents with one PIN entry and one session,
reporting progress, honouring a cancel event, and stopping at the first token error with the
remaining documents untouched. Every pyHanko call that reaches the token runs on the module's
thread: pyHanko hands C_Sign to an asyncio executor, so the event loop we run there uses an
executor that calls it in place.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

from app.clock import VN_TZ
from app.errors import AppError, InvalidInput
from app.fileio import write_atomically
from signing import pdf_speed
from signing.errors import (
    IssuerNotTrusted,
    KeyNotFound,
    PinIncorrect,
    PinLocked,
    SigningError,
    TokenRemoved,
)
from signing.placement import Placement, file_error, open_writer
from signing.tokens import TokenModule


class Role(StrEnum):
    APPROVE = "approve"
    ISSUE = "issue"
    ATTACHMENT = "attachment"
    COPY = "copy"


class Level(StrEnum):
    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"

    @property
    def online(self) -> bool:
        return self is not Level.B_B


FIELD_PREFIX = {
    Role.APPROVE: "PheDuyet",
    Role.ISSUE: "BanHanh",
    Role.ATTACHMENT: "DinhKem",
    Role.COPY: "SaoY",
}
DEFAULT_REASON = {
    Role.APPROVE: "Phê duyệt",
    Role.ISSUE: "Phát hành",
    Role.ATTACHMENT: "Phát hành tệp đính kèm",
    Role.COPY: "Sao văn bản điện tử",
}
GOVERNMENT_TSA = "http://ca.gov.vn/tsa"  # domain.md §7; settings or --tsa override it


@dataclass(frozen=True)
class SignRequest:
    """One document to sign. ``number`` is the number and symbol ("05/QĐ-UBND") for issue and
    attachment; ``date`` the issue date (default: today in Vietnam); ``image`` the signature
    image (approve) or the seal (issue)."""

    src: Path
    dst: Path
    role: Role = Role.APPROVE
    placement: Placement | None = None
    image: Path | None = None
    number: str | None = None
    date: dt.date | None = None
    copy_form: str | None = None
    organisation: str | None = None
    reason: str = ""
    location: str = ""


@dataclass(frozen=True)
class SigningOptions:
    level: Level = Level.B_B
    tsa_url: str = GOVERNMENT_TSA
    trust_roots: tuple[bytes, ...] = ()  # DER anchors: B-LT needs the chain to fetch revocation
    other_certs: tuple[bytes, ...] = ()  # intermediates the token may not carry
    pss: bool = False
    timeout: float = 10.0


@dataclass(frozen=True)
class SignResult:
    path: Path
    role: str
    field_name: str
    signer_common_name: str
    signed_at: str  # ISO 8601, Vietnam time
    sha256: str  # of the output file
    level: str  # the level reached
    requested_level: str
    offline_reason: str = ""

    @property
    def pending(self) -> bool:
        """Signed offline below the requested level: queue the upgrade."""
        return self.level != self.requested_level

    def as_json(self) -> dict[str, Any]:
        names = {"signer_common_name": "signer", "field_name": "field"}
        data = {
            names.get(k, k): (str(v) if isinstance(v, Path) else v)
            for k, v in self.__dict__.items()
        }
        return data | {"pending": self.pending}


@dataclass(frozen=True)
class BatchOutcome:
    request: SignRequest
    status: str  # "signed", "failed" (this document), "not_started" (stopped or cancelled)
    result: SignResult | None = None
    error: AppError | None = None


ProgressFn = Callable[[int, int, BatchOutcome], None]


def sign_document(
    module: TokenModule,
    token: str,
    pin: str,
    cka_id: str,
    request: SignRequest,
    options: SigningOptions | None = None,
) -> SignResult:
    """Sign one document; ``request.dst`` is written atomically, and left as it was on error."""
    outcome = sign_batch(module, token, pin, cka_id, [request], options)[0]
    if outcome.error is not None:
        raise outcome.error
    assert outcome.result is not None
    return outcome.result


def sign_batch(
    module: TokenModule,
    token: str,
    pin: str,
    cka_id: str,
    requests: Sequence[SignRequest],
    options: SigningOptions | None = None,
    *,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> list[BatchOutcome]:
    """Sign every request with one login and one certificate. A problem with one document
    (a damaged PDF, no place for the number…) fails that document only; a token problem (wrong
    PIN, token pulled out) stops the batch: the rest are ``not_started`` and untouched."""
    pdf_speed.install()  # pyHanko reads signatures' hex strings byte by byte: see pdf_speed.py
    options = options or SigningOptions()
    job = _Job(module, token, pin, cka_id, list(requests), options, progress, cancel)
    return module.run(lambda _lib: job.run())


def sign_approve(
    module: TokenModule,
    token: str,
    pin: str,
    cka_id: str,
    src: Path,
    dst: Path,
    *,
    image: Path,
    placement: Placement,
    reason: str = "",
    location: str = "",
) -> SignResult:
    """The official's approval signature at B-B (kept for callers of the first version)."""
    request = SignRequest(
        Path(src), Path(dst), Role.APPROVE, placement, Path(image), reason=reason,
        location=location,
    )  # fmt: skip
    return sign_document(module, token, pin, cka_id, request)


# -- the job, on the module thread -------------------------------------------------------


@dataclass
class _Job:
    module: TokenModule
    token: str
    pin: str
    cka_id: str
    requests: list[SignRequest]
    options: SigningOptions
    progress: ProgressFn | None
    cancel: threading.Event | None
    outcomes: list[BatchOutcome] = field(default_factory=list)

    def run(self) -> list[BatchOutcome]:
        try:
            with self.module.session(self.token, self.pin) as session:
                session.private_key(self.cka_id)  # KeyNotFound before pyHanko tries
                signer = _signer(session.raw, self.token, self.cka_id, self.options)
                self._sign_all(signer)
        except AppError as exc:  # login failed, or the token went away: nothing more is signed
            self._stop_rest(exc)
        finally:
            self.pin = ""  # the PIN lived for this one job
        return self.outcomes

    def _sign_all(self, signer: Any) -> None:
        total = len(self.requests)
        for request in self.requests:
            if self.cancel is not None and self.cancel.is_set():
                break
            try:
                result = _sign_one(signer, self.token, request, self.options)
                outcome = BatchOutcome(request, "signed", result)
            except (TokenRemoved, PinIncorrect, PinLocked, KeyNotFound):
                raise  # the token itself: stop here
            except AppError as exc:
                outcome = BatchOutcome(request, "failed", error=exc)
            self.outcomes.append(outcome)
            if self.progress is not None:
                self.progress(len(self.outcomes), total, outcome)
        self._stop_rest(None)

    def _stop_rest(self, error: AppError | None) -> None:
        done = len(self.outcomes)
        for request in self.requests[done:]:
            self.outcomes.append(BatchOutcome(request, "not_started", error=error))
            error = None  # the error is told once, on the first document it stopped


def _signer(session: Any, token: str, cka_id: str, options: SigningOptions) -> Any:
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.sign.general import SigningError as PyHankoSigningError
    from pyhanko.sign.pkcs11 import PKCS11Signer

    from signing.tokens import _removed

    try:
        return PKCS11Signer(
            session,
            key_id=bytes.fromhex(cka_id),
            cert_id=bytes.fromhex(cka_id),
            other_certs_to_pull=None,  # every certificate on the token: the chain
            ca_chain=_issuers_for(session, cka_id, options) or None,
            prefer_pss=options.pss,
        )
    except PKCS11Error as exc:
        if _removed(exc):
            raise TokenRemoved(token=token) from exc
        raise SigningError(token=token, reason=type(exc).__name__) from exc
    except PyHankoSigningError as exc:
        raise KeyNotFound(token=token, cka_id=cka_id) from exc


def _issuers_for(session: Any, cka_id: str, options: SigningOptions) -> list[Any]:
    """The certificates of the trust store on the signer's own path (the token may lack its
    issuing CA): never the whole store, which would swell every signature."""
    from asn1crypto import x509
    from pkcs11 import Attribute, ObjectClass

    pool = [x509.Certificate.load(der) for der in (*options.other_certs, *options.trust_roots)]
    if not pool:
        return []
    mine = None
    for obj in session.get_objects(
        {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.ID: bytes.fromhex(cka_id)}
    ):
        mine = x509.Certificate.load(bytes(obj[Attribute.VALUE]))
        break
    chain: list[Any] = []
    current = mine
    while current is not None and current.subject != current.issuer and len(chain) < 8:
        current = next((c for c in pool if c.subject == current.issuer), None)
        if current is not None:
            chain.append(current)
    return chain


def _reserve(signer: Any, level: Level) -> int:
    """/Contents room: the certificates the CMS will carry, the signature, and the timestamp
    token (with the TSA's chain) from B-T up; counted in hex digits as pyHanko does (two per
    byte), rounded up to 2 KB (a reader must parse all of it)."""
    certs = sum(len(c.dump()) for c in signer.cert_registry)
    need = 2 * (certs + 2560 + (12_288 if level.online else 0))
    return -(-need // 2048) * 2048


def _sign_one(signer: Any, token: str, request: SignRequest, options: SigningOptions) -> SignResult:
    """Stream the source into a temporary file beside the destination, sign there, then
    rename: a 200 MB PDF is never held in memory, and ``dst`` is never half-written."""
    src, dst = Path(request.src), Path(request.dst)
    try:
        source = open(src, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:  # not found, a folder, no permission: said as it is
        raise file_error(exc, src) from exc
    with source:
        level, why, room = options.level, "", 1

        def attempt() -> None:
            source.seek(0)
            write_atomically(
                dst, True,
                lambda out: _produce(signer, token, source, request, options, level, out, room),
            )  # fmt: skip

        for _ in range(3):
            try:
                attempt()
                break
            except _Offline as exc:
                # B-B needs no network: sign now, upgrade later (signing/upgrade.py)
                level, why = Level.B_B, exc.reason
            except _TooSmall:
                room *= 4  # a longer chain or timestamp than estimated: reserve more, once more
        else:
            raise SigningError(token=token, reason="signature larger than expected")
    return _describe(request, signer, level, options.level, why)


class _TooSmall(Exception):
    """The signature did not fit in the room reserved for it."""


class _Offline(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _produce(
    signer: Any,
    token: str,
    source: BinaryIO,
    request: SignRequest,
    options: SigningOptions,
    level: Level,
    out: BinaryIO,
    room: int = 1,
) -> None:
    from pkcs11.exceptions import PKCS11Error
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError as PyHankoSigningError

    from signing.roles import prepare
    from signing.tokens import _removed

    writer = open_writer(source)
    role = prepare(writer, Path(request.src), request)
    long_term = level in (Level.B_LT, Level.B_LTA)
    validation_context = _validation_context(options) if long_term else None
    meta = signers.PdfSignatureMetadata(
        field_name=role.field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=request.reason or DEFAULT_REASON[request.role],
        location=request.location or None,
        embed_validation_info=long_term,
        validation_context=validation_context,
        use_pades_lta=level is Level.B_LTA,
    )
    timestamper = None
    if level.online:
        from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper

        timestamper = RequestsHTTPTimeStamper(options.tsa_url, timeout=options.timeout)
    pdf_signer = _PdfSigner(
        meta,
        signer=signer,
        timestamper=timestamper,
        stamp_style=role.style,
        new_field_spec=role.field_spec,
    )
    pdf_signer.signing_time = role.signing_time
    try:
        _run_here(
            pdf_signer.async_sign_pdf(
                writer, output=out, bytes_reserved=_reserve(signer, level) * room,
                appearance_text_params=role.text_params or None,
            )
        )  # fmt: skip
    except PKCS11Error as exc:
        if _removed(exc):
            raise TokenRemoved(token=token) from exc
        raise SigningError(token=token, reason=type(exc).__name__) from exc
    except PdfError as exc:
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc
    except AppError:
        raise
    except Exception as exc:
        if _chain_not_built(exc):
            found = IssuerNotTrusted.find(
                signer.signing_cert,
                [*(signer.cert_registry or []), *map(_cert, options.other_certs)],
                list(map(_cert, options.trust_roots)),
                token=token,
                level=str(level),
            )
            if found is not None:
                raise found from exc
        if level.online and _is_network(exc):
            raise _Offline(f"{type(exc).__name__}: {exc}") from exc
        if isinstance(exc, PyHankoSigningError):
            if "larger than expected" in str(exc):
                raise _TooSmall() from exc
            raise SigningError(token=token, reason=str(exc)) from exc
        raise


def _pdf_signer_class() -> Any:
    from pyhanko.sign import signers

    class TimedPdfSigner(signers.PdfSigner):
        """A PdfSigner whose signing time is the one the stamp shows (attachments, copies),
        not a second later."""

        signing_time: dt.datetime | None = None

        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            if self.signing_time is not None:
                session.system_time = self.signing_time
            return session

    return TimedPdfSigner


def _PdfSigner(*args: Any, **kwargs: Any) -> Any:
    global _TIMED
    if _TIMED is None:
        _TIMED = _pdf_signer_class()
    return _TIMED(*args, **kwargs)


_TIMED: Any = None


def _is_network(exc: BaseException) -> bool:
    """A TSA, OCSP or CRL server that did not answer (anywhere in the cause chain)."""
    import requests
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError
    from pyhanko_certvalidator.errors import PathValidationError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, requests.RequestException | TimestampRequestError | OSError):
            return True
        if isinstance(seen, PathValidationError) and "revocation" in str(seen).lower():
            return True
        if "fetch" in str(seen).lower() or "revocation" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _cert(der: bytes) -> Any:
    from asn1crypto import x509

    return x509.Certificate.load(der)


def _chain_not_built(exc: BaseException) -> bool:
    """pyHanko could not build the signer's chain to a trust anchor (B-LT, B-LTA)."""
    from pyhanko_certvalidator.errors import PathBuildingError

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, PathBuildingError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _validation_context(options: SigningOptions) -> Any:
    from asn1crypto import x509
    from pyhanko_certvalidator import ValidationContext
    from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

    return ValidationContext(
        trust_roots=[x509.Certificate.load(der) for der in options.trust_roots],
        other_certs=[x509.Certificate.load(der) for der in options.other_certs],
        allow_fetching=True,
        revocation_mode="hard-fail",
        fetcher_backend=RequestsFetcherBackend(per_request_timeout=options.timeout),
    )


# -- the event loop that stays on the module thread ---------------------------------------


class _InPlaceExecutor(ThreadPoolExecutor):
    """Runs each job at once on the calling thread (the module thread): asyncio's
    ``run_in_executor`` needs a ThreadPoolExecutor, and pyHanko reaches the token through it."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def _run_here(coro: Any) -> Any:
    import asyncio

    loop = asyncio.new_event_loop()
    loop.set_default_executor(_InPlaceExecutor(max_workers=1))
    try:
        return loop.run_until_complete(coro)
    finally:
        loop.close()


# -- results -----------------------------------------------------------------------------


def _describe(
    request: SignRequest,
    signer: Any,
    level: Level,
    requested: Level,
    why: str,
) -> SignResult:
    from pyhanko.pdf_utils.reader import PdfFileReader

    dst = Path(request.dst)
    with open(dst, "rb") as stream:
        signatures = PdfFileReader(stream, strict=False).embedded_signatures
        mine = [s for s in signatures if s.sig_object.get("/Type") != "/DocTimeStamp"][-1]
        when = mine.self_reported_timestamp
        field_name = mine.field_name
        stream.seek(0)
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return SignResult(
        path=dst,
        role=str(request.role),
        field_name=field_name,
        signer_common_name=str(signer.signing_cert.subject.native.get("common_name", "")),
        signed_at=when.astimezone(VN_TZ).isoformat() if when else "",
        sha256=digest,
        level=str(level),
        requested_level=str(requested),
        offline_reason=why,
    )


__all__ = [
    "BatchOutcome",
    "Level",
    "Placement",
    "Role",
    "SignRequest",
    "SignResult",
    "SigningOptions",
    "sign_approve",
    "sign_batch",
    "sign_document",
]
