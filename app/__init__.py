"""VanThu Desk core: the domain model, the workspace store and its services. No Qt here."""

from app.errors import AppError, DuplicateDocument, InvalidInput, NotFound
from app.model import Direction, Document, DocumentCode
from app.workspace import Workspace

__all__ = [
    "AppError",
    "Direction",
    "Document",
    "DocumentCode",
    "DuplicateDocument",
    "InvalidInput",
    "NotFound",
    "Workspace",
]
