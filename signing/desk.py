"""The signing services a window (or a script) calls, over the register:

- finding tokens and their certificates (modules found without setup, plus any added);
- the official's approval of drafts, one or many with one PIN entry, each signed file stored
  back as the document's new version (status ``approved``), with progress and cancel;
- the clerk's issue: the next number of the right series written on the page with the date,
  the organisation's signature and seal, the attachments signed as attachments, and the
  number taken in the same transaction that stores the issued files (app/outgoing.py);
- verification with the workspace's trust store.

Every token call runs on the module's thread (signing/tokens.py); the register is written
through the store's writer. A PIN is an argument of one job, never kept."""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import AppError, InvalidInput, StateError
from app.fileio import pid_tag
from app.model import Document
from app.outgoing import IssuePlan, OutgoingService, check_issuable, check_signable
from signing.errors import KeyNotFound, TokenNotFound
from signing.modules import find_modules
from signing.placement import Placement
from signing.sign import (
    GOVERNMENT_TSA,
    BatchOutcome,
    Level,
    Role,
    SigningOptions,
    SignRequest,
    SignResult,
    sign_batch,
)
from signing.tokens import CertificateInfo, TokenInfo, TokenModule

ISSUE_ATTEMPTS = 3  # another desk taking the number meanwhile: sign again with the next one


# -- what the core runs of this room -------------------------------------------------------


def install_checks() -> None:
    """Give the core (app/signature_checks.py) this room's signature checker and the work
    that waits for the network (signatures made offline get their long-term data). The
    command line and the window each call it once at start."""
    from app.signature_checks import register_checker, register_online_task

    register_checker(_checker)
    register_online_task(upgrade_signatures)


def _checker(home: Path) -> Any:
    """The workspace's signature checker, loaded when a file is first checked."""
    from signing.checker import WorkspaceSignatureChecker

    return WorkspaceSignatureChecker(home)


def upgrade_signatures(home: Path) -> list[dict[str, Any]]:
    """The upgrade queue of the workspace at ``home``, run once the network is back."""
    from signing.upgrade import UpgradeQueue

    queue = UpgradeQueue(home)
    if not queue.pending():
        return []
    return [o.as_json() for o in queue.run(signing_options(home, Level.B_LT))]


def warm_up_signing() -> None:
    """Import what signing and checking a signature use (pyHanko, python-pkcs11, the
    validator), so that the first signature does not pay for it: the window runs it in the
    background while the sign dialog opens and the official types the PIN."""
    import pkcs11  # noqa: F401
    from pyhanko.pdf_utils import incremental_writer  # noqa: F401
    from pyhanko.sign import fields, signers  # noqa: F401
    from pyhanko.sign import pkcs11 as pyhanko_pkcs11  # noqa: F401

    from signing import appearance, roles, validate  # noqa: F401


# -- tokens --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModuleTokens:
    """One PKCS#11 module: its tokens and their certificates, or the error it gave."""

    module: str
    tokens: tuple[tuple[TokenInfo, tuple[CertificateInfo, ...]], ...] = ()
    error: AppError | None = None
    error_text: str = ""

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "module": self.module,
            "tokens": [
                t.as_json() | {"certificates": [c.as_json() for c in certs]}
                for t, certs in self.tokens
            ],
        }
        if self.error is not None or self.error_text:
            data["error"] = self.error_text or (self.error.code if self.error else "")
        return data


def discover_tokens(
    extra_modules: Sequence[str] = (), *, refresh: bool = False
) -> list[ModuleTokens]:
    """Every module found (known names, system folders, ``VANTHU_PKCS11_MODULE``, the ones
    added), with its tokens and certificates; one broken driver never hides the others."""
    found = []
    for path in find_modules(list(extra_modules)):
        try:
            module = TokenModule.of(path)
            tokens = module.tokens(refresh=refresh)
            entries = tuple((t, tuple(module.certificates(t.serial or t.label))) for t in tokens)
        except AppError as exc:
            found.append(ModuleTokens(str(path), error=exc))
            continue
        except Exception as exc:  # a driver that fails in its own way
            found.append(ModuleTokens(str(path), error_text=f"{type(exc).__name__}: {exc}"))
            continue
        found.append(ModuleTokens(str(path), entries))
    return found


def module_with(token: str, extra_modules: Sequence[str] = ()) -> TokenModule:
    """The module that has the token (by label or serial)."""
    for path in find_modules(list(extra_modules)):
        try:
            module = TokenModule.of(path)
            if any(token in (t.label, t.serial) for t in module.tokens()):
                return module
        except Exception:  # a broken driver: look at the others
            continue
    raise TokenNotFound(token=token)


def choose_certificate(module: TokenModule, token: str, wanted: str | None = None) -> str:
    """The certificate's CKA_ID: the one asked for, or the only signing certificate."""
    certs = module.certificates(token)
    if wanted:
        if any(c.cka_id == wanted.lower() for c in certs):
            return wanted.lower()
        raise KeyNotFound(token=token, cka_id=wanted)
    signing = [
        c for c in certs if "non_repudiation" in c.key_usage or "digital_signature" in c.key_usage
    ]
    signing = [c for c in signing if "key_cert_sign" not in c.key_usage]
    if len(signing) == 1:
        return signing[0].cka_id
    raise InvalidInput("cert", "choose_one", value=", ".join(c.cka_id for c in signing) or "-")


def signing_options(
    home: Path, level: str | Level, *, tsa: str | None = None, pss: bool = False
) -> SigningOptions:
    """Signing options of the workspace at ``home``: its trust store (B-LT validates the
    chain), the TSA asked for, else the workspace's ``tsa_url`` setting (the Settings, or the
    administrator's policy), else ``VANTHU_TSA_URL``, else the Government CA's."""
    from app.settings import read_setting
    from signing.trust import TrustStore

    store = TrustStore.load(home)
    return SigningOptions(
        level=Level(level),
        tsa_url=tsa
        or read_setting(home, "tsa_url")
        or os.environ.get("VANTHU_TSA_URL")
        or GOVERNMENT_TSA,
        trust_roots=tuple(c.dump() for c in store.anchors),
        other_certs=tuple(c.dump() for c in store.intermediates),
        pss=pss,
    )


@dataclass(frozen=True)
class Signer:
    """Which token and certificate a job signs with (the PIN travels apart, per job)."""

    module: TokenModule
    token: str
    cka_id: str


# -- outcomes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentOutcome:
    """What happened to one document of a job: ``signed`` (stored as a new version),
    ``failed`` (this document only) or ``not_started`` (the job stopped or was cancelled)."""

    document_id: int
    status: str
    result: SignResult | None = None
    version: int | None = None
    error: AppError | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "document": self.document_id,
            "status": self.status,
            "version": self.version,
            "result": self.result.as_json() if self.result else None,
            "error": {"code": self.error.code, **self.error.data} if self.error else None,
        }


ProgressFn = Callable[[int, int, DocumentOutcome], None]


@dataclass(frozen=True)
class IssueResult:
    document: Document
    result: SignResult
    attachments: tuple[SignResult, ...] = ()
    attempts: int = 1

    def as_json(self) -> dict[str, Any]:
        return {
            "document": self.document.id,
            "number": self.document.number,
            "notation": self.document.notation,
            "issued_date": self.document.issued_date,
            "status": self.document.status,
            "level": self.result.level,
            "pending": self.result.pending,
            "sha256": self.document.file_sha256,
            "attachments": [a.as_json() for a in self.attachments],
        }


# -- the desk ------------------------------------------------------------------------------


@dataclass
class SigningDesk:
    ws: Any  # app.workspace.Workspace
    outgoing: OutgoingService = field(init=False)

    def __post_init__(self) -> None:
        self.outgoing = OutgoingService(self.ws)

    def options(self, level: str | Level = Level.B_B, *, tsa: str | None = None,
                pss: bool = False) -> SigningOptions:  # fmt: skip
        return signing_options(self.ws.paths.home, level, tsa=tsa, pss=pss)

    # -- the official: approve drafts ----------------------------------------------------

    def approve(
        self,
        document_ids: Sequence[int],
        signer: Signer,
        pin: str,
        *,
        image: Path,
        placement: Placement | None = None,
        options: SigningOptions | None = None,
        reason: str = "",
        location: str = "",
        progress: ProgressFn | None = None,
        cancel: threading.Event | None = None,
    ) -> list[DocumentOutcome]:
        """Sign each document's current file with the official's approval signature (one
        login for all); each signed file is stored as the document's new version at once,
        status ``approved``. A document that cannot be signed fails alone; a token problem
        (wrong PIN, token pulled out) stops the job and leaves the rest untouched."""
        options = options or self.options()
        with self._scratch() as tmp:
            prepared: list[tuple[int, str, SignRequest]] = []
            early: list[DocumentOutcome] = []
            for document_id in document_ids:
                try:
                    doc = self.outgoing.docs.get(document_id)
                    check_signable(doc)
                except AppError as exc:
                    early.append(DocumentOutcome(int(document_id), "failed", error=exc))
                    continue
                # where the official signs: as asked, else above the signer's title
                where = placement or (Placement(anchor=doc.position) if doc.position else None)
                if where is None:
                    early.append(DocumentOutcome(doc.id, "failed",
                                                 error=InvalidInput("placement", "missing")))  # fmt: skip
                    continue
                request = SignRequest(
                    src=self.ws.blobs.path_for(doc.file_sha256), dst=tmp / f"{doc.id}.pdf",
                    role=Role.APPROVE, placement=where, image=Path(image), reason=reason,
                    location=location,
                )  # fmt: skip
                prepared.append((doc.id, doc.file_sha256, request))
            total = len(document_ids)
            outcomes = list(early)
            for outcome in early:
                if progress is not None:
                    progress(len(outcomes), total, outcome)

            def record(done: int, _total: int, batch: BatchOutcome) -> None:
                doc_id, started_from, _ = prepared[done - 1]
                outcome = self._store_signed(doc_id, started_from, batch, "approve")
                outcomes.append(outcome)
                if progress is not None:
                    progress(len(outcomes), total, outcome)

            batch = sign_batch(
                signer.module, signer.token, pin, signer.cka_id, [r for _, _, r in prepared],
                options, progress=record, cancel=cancel,
            )  # fmt: skip
            for (doc_id, _, _), b in zip(prepared, batch, strict=True):
                if b.status == "not_started":
                    outcome = DocumentOutcome(doc_id, "not_started", error=b.error)
                    outcomes.append(outcome)
            self._queue_upgrades(outcomes, options)
        return outcomes

    def _store_signed(
        self, document_id: int, started_from: str, batch: BatchOutcome, role: str
    ) -> DocumentOutcome:
        if batch.status != "signed" or batch.result is None:
            return DocumentOutcome(document_id, batch.status, error=batch.error)
        try:
            _, version = self.outgoing.record_signed(
                document_id, batch.result.path, started_from=started_from, role=role,
                signer=batch.result.signer_common_name,
                details={"level": batch.result.level, "field": batch.result.field_name},
            )  # fmt: skip
        except AppError as exc:
            return DocumentOutcome(document_id, "failed", batch.result, error=exc)
        return DocumentOutcome(document_id, "signed", batch.result, version)

    # -- the clerk: issue --------------------------------------------------------------------

    def plan_issue(self, document_id: int, date: Any = None) -> IssuePlan:
        """What issuing would write (number, symbol, date) — for the window to show first."""
        return self.outgoing.plan_issue(document_id, date)

    def issue(
        self,
        document_id: int,
        signer: Signer,
        pin: str,
        *,
        seal: Path,
        date: Any = None,
        options: SigningOptions | None = None,
        reason: str = "",
        location: str = "",
    ) -> IssueResult:
        """Number, date, seal and sign the document, sign its attachments, and register it —
        the number taken in the transaction that stores the issued files. Nothing is written
        to the register unless all of it succeeded."""
        options = options or self.options()
        check_issuable(self.outgoing.docs.get(document_id))
        for attempt in range(1, ISSUE_ATTEMPTS + 1):
            plan = self.outgoing.plan_issue(document_id, date)
            with self._scratch() as tmp:
                requests = [
                    SignRequest(
                        src=self.ws.blobs.path_for(plan.file_sha256), dst=tmp / "issued.pdf",
                        role=Role.ISSUE, image=Path(seal), number=plan.notation, date=plan.date,
                        reason=reason, location=location,
                    )
                ] + [
                    SignRequest(
                        src=self.ws.blobs.path_for(a.sha256), dst=tmp / f"attachment-{i}.pdf",
                        role=Role.ATTACHMENT, number=plan.notation, date=plan.date,
                        organisation=self.ws.organisation.name,
                    )
                    for i, a in enumerate(plan.attachments, start=1)
                ]  # fmt: skip
                batch = sign_batch(
                    signer.module, signer.token, pin, signer.cka_id, requests, options
                )
                failed = next((b for b in batch if b.status != "signed"), None)
                if failed is not None:
                    raise failed.error or StateError("not_signed", document_id=document_id)
                results = [b.result for b in batch if b.result is not None]
                try:
                    doc = self.outgoing.commit_issue(
                        plan, results[0].path, [r.path for r in results[1:]],
                        signer=results[0].signer_common_name, level=results[0].level,
                    )  # fmt: skip
                except StateError as exc:
                    if exc.problem == "number_taken" and attempt < ISSUE_ATTEMPTS:
                        continue
                    raise
            outcome = IssueResult(doc, results[0], tuple(results[1:]), attempt)
            if results[0].pending:
                self._queue_document_upgrade(doc, results[0].requested_level)
            return outcome
        raise StateError("number_taken", document_id=document_id)  # pragma: no cover

    # -- verification ------------------------------------------------------------------------

    def verify_file(self, path: Path, *, online: bool = True) -> Any:
        """The validation report of a PDF with the workspace's trust store and revocation
        cache (``online``: fetch revocation data when the cache and the file lack it)."""
        from signing.revocation import RevocationCache
        from signing.trust import TrustStore
        from signing.validate import validate_pdf

        home = self.ws.paths.home
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise InvalidInput("file", "not_found", value=str(path)) from None
        except OSError:
            raise InvalidInput("file", "unreadable", value=str(path)) from None
        return validate_pdf(
            data, trust=TrustStore.load(home), cache=RevocationCache.of_workspace(home),
            online=online,
        )  # fmt: skip

    def verify_document(self, document_id: int) -> Any:
        """Check a document's current file again and keep the report with the document
        (app/signature_checks.py); None when it has no file."""
        from app import signature_checks

        return signature_checks.check_document(self.ws, document_id)

    # -- upgrades of signatures made offline -------------------------------------------------

    def _queue_upgrades(self, outcomes: list[DocumentOutcome], options: SigningOptions) -> None:
        for outcome in outcomes:
            if outcome.status == "signed" and outcome.result and outcome.result.pending:
                doc = self.outgoing.docs.get(outcome.document_id)
                self._queue_document_upgrade(doc, outcome.result.requested_level)

    def _queue_document_upgrade(self, doc: Document, level: str) -> None:
        from signing.upgrade import UpgradeQueue

        UpgradeQueue(self.ws.paths.home).add_document(doc.id, doc.file_sha256, level)

    def run_upgrades(self, options: SigningOptions | None = None) -> list[dict[str, Any]]:
        from signing.upgrade import UpgradeQueue

        queue = UpgradeQueue(self.ws.paths.home, workspace=self.ws)
        if not queue.pending():
            return []
        return [o.as_json() for o in queue.run(options or self.options(Level.B_LT))]

    # -- files -------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _scratch(self) -> Iterator[Path]:
        """A private folder inside the workspace for the files of one job (same disk as the
        blob store); removed afterwards, and swept at start-up if a crash left it."""
        root = Path(self.ws.paths.home) / "tmp"
        root.mkdir(exist_ok=True)
        with tempfile.TemporaryDirectory(dir=root, prefix=f"sign-{pid_tag()}") as tmp:
            yield Path(tmp)


__all__ = [
    "DocumentOutcome",
    "IssueResult",
    "ModuleTokens",
    "Signer",
    "SigningDesk",
    "choose_certificate",
    "discover_tokens",
    "install_checks",
    "module_with",
    "signing_options",
    "warm_up_signing",
]
