"""A document's record as the register stores it: the columns and their defaults, what a
registration event keeps, what may be edited, the duplicate hashes, the row read back as a
Document, and file names and errors from outside made safe."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from app.errors import AppError
from app.model import Direction, Document
from app.store import documents as sql
from app.store.blobs import StoredBlob
from app.textfold import fold

COLUMNS = sql.COLUMNS
# What a registration event keeps as "after": the record as registered, less what the event
# itself says (time, register) or what follows from the rest (hashes, default values).
EVENT_FIELDS = [
    c
    for c in COLUMNS
    if c not in {"key_hash", "triple_hash", "extra", "id", "created_at", "direction", "register_id"}
]
DEFAULTS = {"cancelled": 0, "confidentiality": 0, "urgency": 0, "copies": 1, "file_size": 0}
DEFAULTS |= {"status": "registered"}


_UNSET = object()
_EVENT_DEFAULTS = tuple((k, DEFAULTS.get(k, _UNSET)) for k in EVENT_FIELDS)


def registered_values(record: dict[str, Any]) -> dict[str, Any]:
    """The fields a registration set, for its history event (the default DocumentId, built
    from the rest, is left out)."""
    values = {}
    for k, default in _EVENT_DEFAULTS:
        v = record[k]
        if v is None or v == "" or v == default:
            continue
        values[k] = v
    key = values.get("document_key")
    if key and record["issued_date"]:
        default_key = f"{record['issuer_id']},{record['issued_date'].replace('-', '/')},"
        if key == default_key + f"{record['code_number']}/{record['code_notation']}":
            del values["document_key"]
    return values


EDITABLE = {
    "subject",
    "signer",
    "position",
    "due_date",
    "urgency",
    "confidentiality",
    "to_places",
    "recipients",
    "copies",
    "note",
    "doc_type",
    "code_number",
    "code_notation",
    "issued_date",
    "issuer_id",
    "issuer_name",
}
# What makes a document's place in the register: never edited once it has a number (ND30:
# cancel it and register it again). For incoming documents the sender's number and symbol
# are the sender's metadata, which the clerk may correct; the arrival number is not.
REGISTER_PLACE = {"number", "register", "register_id", "year"}
OUTGOING_PLACE = {"code_number", "code_notation", "doc_type", "issued_date", "issuer_id"}


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big", signed=True)


def key_hash(document_key: str) -> int | None:
    return _hash64(fold(document_key)) if document_key else None


def triple_hash(number: str, notation: str, issuer_id: str) -> int | None:
    """Same number + symbol + issuing organisation (ND30 appendix VI, III.1.h). "5" and "05",
    "QĐ-UBND" and "QD-UBND" are the same. None for a draft (no number yet)."""
    if not number:
        return None
    return _hash64(f"{int(number)}|{fold(notation)}|{issuer_id.upper()}")


# What a new record holds unless the registration says otherwise.
BLANK_RECORD: dict[str, Any] = {
    "signer": "",
    "position": "",
    "arrival_date": "",
    "due_date": "",
    "urgency": 0,
    "confidentiality": 0,
    "status": "registered",
    "assignee": "",
    "handed_on": "",
    "to_places": "",
    "recipients": "",
    "copies": 1,
    "note": "",
    "document_key": "",
    "key_hash": None,
    "triple_hash": None,
    "file_sha256": "",
    "file_name": "",
    "file_size": 0,
    "cancelled": 0,
    "extra": "{}",
}


@dataclass(frozen=True)
class PreparedFile:
    blob: StoredBlob
    name: str
    pages: int


def new_record(prepared: PreparedFile | None, **values: Any) -> dict[str, Any]:
    record = BLANK_RECORD | values
    if prepared is not None:
        record |= {
            "file_sha256": prepared.blob.sha256,
            "file_name": prepared.name,
            "file_size": prepared.blob.size,
        }
    if len(record) != len(COLUMNS):
        missing = set(COLUMNS) - record.keys()
        raise ValueError(f"record lacks {sorted(missing)} or has more")
    return record


def row_to_document(row: sqlite3.Row | dict[str, Any]) -> Document:
    r = dict(row)
    return Document(
        id=r["id"],
        direction=Direction(r["direction"]),
        register_id=r["register_id"],
        register_code=r.get("register_code", ""),
        year=r["year"],
        number=r["number"],
        code_number=r["code_number"],
        code_notation=r["code_notation"],
        issued_date=r["issued_date"],
        doc_type=r["doc_type"],
        subject=r["subject"],
        issuer_id=r["issuer_id"],
        issuer_name=r["issuer_name"],
        signer=r["signer"],
        position=r["position"],
        arrival_date=r["arrival_date"],
        due_date=r["due_date"],
        urgency=r["urgency"],
        confidentiality=r["confidentiality"],
        status=r["status"],
        assignee=r["assignee"],
        handed_on=r["handed_on"],
        to_places=r["to_places"],
        recipients=r["recipients"],
        copies=r["copies"],
        note=r["note"],
        document_key=r["document_key"],
        file_sha256=r["file_sha256"],
        file_name=r["file_name"],
        file_size=r["file_size"],
        cancelled=bool(r["cancelled"]),
        created_at=r["created_at"],
        extra=json.loads(r["extra"] or "{}"),
    )


# -- values from outside -------------------------------------------------------------------
# document_ref, page_size and page_offset live in app/model.py (the CLI parses with them
# without importing the services).


def safe_file_name(name: str) -> str:
    """A file name as declared by a sender, kept readable but harmless: no folders, no
    control characters, no leading dots, at most 120 characters (the extension kept)."""
    import unicodedata

    base = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").split("/")[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    if not base:
        return "van-ban.pdf"
    if len(base) > 120:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 119 - len(ext)] + "." + ext) if dot and len(ext) <= 10 else base[:120]
    return base


def error_dict(exc: AppError) -> dict[str, Any]:
    data = {k: v for k, v in exc.data.items() if v is not None and k != "line"}
    return {"code": exc.code, **data}
