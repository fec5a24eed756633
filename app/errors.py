"""Errors of the core. They carry data, never translated text: app/messages.py turns them
into words (Vietnamese by default) in one place, for the CLI and the window alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class AppError(Exception):
    """Root of every error VanThu Desk raises on purpose."""

    code = "app_error"

    def __init__(self, **data: Any) -> None:
        self.data = data
        super().__init__(f"{self.code}: {data}")


class InvalidInput(AppError):
    """A value or file that cannot be accepted. ``field`` names what was wrong,
    ``problem`` is a machine word (too_long, malformed, unknown, missing, future…)."""

    code = "invalid_input"

    def __init__(
        self, field: str, problem: str, *, value: Any = None, line: int | None = None, **extra: Any
    ) -> None:
        super().__init__(field=field, problem=problem, value=value, line=line, **extra)
        self.field = field
        self.problem = problem
        self.value = value
        self.line = line

    def at_line(self, line: int) -> InvalidInput:
        extra = {
            k: v for k, v in self.data.items() if k not in {"field", "problem", "value", "line"}
        }
        return InvalidInput(self.field, self.problem, value=self.value, line=line, **extra)


@dataclass(frozen=True)
class DuplicateMatch:
    """A registered document that the new one seems to repeat."""

    document_id: int
    reason: str  # "document_id" or "number_symbol_issuer"
    number: int | None
    notation: str


class DuplicateDocument(AppError):
    """Registering would repeat a registered document (ND30 appendix VI, III.1.h).
    Registering anyway needs an explicit override (``force``), which history records."""

    code = "duplicate_document"

    def __init__(self, matches: list[DuplicateMatch]) -> None:
        super().__init__(matches=[m.__dict__ for m in matches])
        self.matches = matches


class NotFound(AppError):
    code = "not_found"

    def __init__(self, what: str, key: Any) -> None:
        super().__init__(what=what, key=key)
        self.what = what
        self.key = key


class WorkspaceError(AppError):
    """The workspace folder is missing, not initialised, or already initialised."""

    code = "workspace"

    def __init__(self, problem: str, path: str) -> None:
        super().__init__(problem=problem, path=path)
        self.problem = problem
        self.path = path


class StateError(AppError):
    """An operation that the document's current state does not allow."""

    code = "state"

    def __init__(self, problem: str, **data: Any) -> None:
        super().__init__(problem=problem, **data)
        self.problem = problem


class StorageError(AppError):
    """The disk or the database refused (full disk, locked database, unreadable file)."""

    code = "storage"

    def __init__(self, problem: str, **data: Any) -> None:
        super().__init__(problem=problem, **data)
        self.problem = problem


class Cancelled(AppError):
    """Long work stopped because the user asked: ``operation`` says which (the words are in
    app/messages.py); nothing was half-written."""

    code = "cancelled"

    def __init__(self, operation: str, **data: Any) -> None:
        super().__init__(operation=operation, **data)
        self.operation = operation


@dataclass
class BatchProblem:
    line: int
    error: AppError
    extra: dict[str, Any] = field(default_factory=dict)


__all__ = [
    "AppError",
    "BatchProblem",
    "Cancelled",
    "DuplicateDocument",
    "DuplicateMatch",
    "InvalidInput",
    "NotFound",
    "StateError",
    "StorageError",
    "WorkspaceError",
]
