"""Signature checks of registered documents, kept with the document and its history.

The core does not validate signatures itself (that is signing/, which app must not import):
the signing room registers a checker factory here when it is installed (through the
``vanthu.commands`` plugin hook), and the services call it after a document with a file is
registered. The report is stored as data; app/messages.py words the verdicts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from app.clock import vn_now
from app.errors import NotFound
from app.store import documents as documents_sql
from app.store import signature_reports as reports_sql
from app.store.history import record_event

VERDICTS = ("valid", "valid_with_warnings", "invalid", "indeterminate", "unsigned")


@dataclass(frozen=True)
class CheckedSignatures:
    verdict: str  # the worst verdict over the file's signatures, or "unsigned"
    signatures: int
    report: dict[str, Any]  # JSON-able; {"signatures": [...]} as `vanthu verify --json`


class SignatureChecker(Protocol):
    def check(self, path: Path) -> CheckedSignatures: ...


CheckerFactory = Callable[[Path], SignatureChecker]  # the workspace folder → a checker
_factory: CheckerFactory | None = None


def register_checker(factory: CheckerFactory | None) -> None:
    global _factory
    _factory = factory


def checker_for(home: Path) -> SignatureChecker | None:
    return _factory(Path(home)) if _factory is not None else None


# Documents signed offline wait for the network to get their long-term data; whoever finds
# the network back (the sync worker, the window) calls ``run_when_online``.
OnlineTask = Callable[[Path], list[dict[str, Any]]]
_online_tasks: list[OnlineTask] = []


def register_online_task(task: OnlineTask) -> None:
    if task not in _online_tasks:
        _online_tasks.append(task)


def run_when_online(home: Path) -> list[dict[str, Any]]:
    """Run the installed tasks (e.g. the signature upgrade queue); their outcomes."""
    outcomes: list[dict[str, Any]] = []
    for task in _online_tasks:
        outcomes.extend(task(Path(home)))
    return outcomes


@dataclass(frozen=True)
class StoredReport:
    document_id: int
    file_sha256: str
    verdict: str
    signatures: int
    checked_at: str
    report: dict[str, Any]


def record(workspace: Any, document_id: int, checked: CheckedSignatures) -> StoredReport:
    """Store the report and append a ``signatures_checked`` history event, in one
    transaction. The report is of the file the document has when it is stored."""
    at = vn_now(workspace.clock).isoformat(timespec="seconds")

    def store(conn: Any) -> str:
        row = documents_sql.get(conn, document_id)
        if row is None:
            raise NotFound("document", document_id)
        sha = row["file_sha256"] or ""
        reports_sql.add(
            conn, document_id, sha, checked.verdict, checked.signatures, at, checked.report
        )
        record_event(
            conn, workspace.actor, at, "signatures_checked", document_id, verdict=checked.verdict,
            signatures=checked.signatures, file_sha256=sha,
        )  # fmt: skip
        return sha

    sha = workspace.write(store)
    return StoredReport(document_id, sha, checked.verdict, checked.signatures, at, checked.report)


def latest(workspace: Any, document_id: int) -> StoredReport | None:
    row = reports_sql.latest(workspace.conn, document_id)
    if row is None:
        return None
    return StoredReport(
        row["document_id"], row["file_sha256"], row["verdict"], row["signatures"],
        row["checked_at"], row["report"],
    )  # fmt: skip


def check_document(workspace: Any, document_id: int) -> StoredReport | None:
    """Validate the document's stored file with the installed checker; None when no checker
    is installed or the document has no file."""
    checker = checker_for(workspace.paths.home)
    if checker is None:
        return None
    row = documents_sql.get(workspace.conn, document_id)
    if row is None:
        raise NotFound("document", document_id)
    if not row["file_sha256"]:
        return None
    return record(
        workspace, document_id, checker.check(workspace.blobs.path_for(row["file_sha256"]))
    )


__all__ = [
    "VERDICTS",
    "CheckedSignatures",
    "SignatureChecker",
    "StoredReport",
    "check_document",
    "checker_for",
    "latest",
    "record",
    "register_checker",
    "register_online_task",
    "run_when_online",
]
