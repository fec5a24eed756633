"""What a clerk fills in before a document is registered, validated field by field.

A draft is either whole and valid, or refused with an InvalidInput naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InvalidInput
from app.model import (
    DocumentCode,
    code_notation,
    code_number,
    confidentiality,
    doc_type,
    document_key,
    organ_id,
    parse_date,
    text_field,
    urgency,
)

INCOMING_KEYS = frozenset(
    {
        "from_org_id",
        "from_org_name",
        "code_number",
        "code_notation",
        "issued_date",
        "doc_type",
        "subject",
        "file",
        "file_name",
        "signer",
        "position",
        "due_date",
        "urgency",
        "confidentiality",
        "document_id",
        "to_places",
        "note",
    }
)
INCOMING_REQUIRED = (
    "from_org_id",
    "from_org_name",
    "code_number",
    "code_notation",
    "issued_date",
    "doc_type",
    "subject",
)


@dataclass(frozen=True)
class IncomingDraft:
    from_org_id: str
    from_org_name: str
    code_number: str
    code_notation: str
    issued_date: dt.date
    doc_type: str
    subject: str
    signer: str = ""
    position: str = ""
    due_date: dt.date | None = None
    urgency: int = 0
    confidentiality: int = 0
    document_key: str = ""
    to_places: str = ""
    note: str = ""
    file: Path | None = None
    file_name: str | None = None  # the name the sender gave the file, when not the path's

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, today: dt.date) -> IncomingDraft:
        if not isinstance(data, Mapping):
            raise InvalidInput("line", "not_an_object")
        unknown = sorted(set(data) - INCOMING_KEYS)
        if unknown:
            raise InvalidInput(unknown[0], "unknown_field", value=unknown[0])
        for key in INCOMING_REQUIRED:
            if data.get(key) in (None, ""):
                raise InvalidInput(key, "missing")
        for key, value in data.items():
            if value is not None and not isinstance(value, str | int):
                raise InvalidInput(key, "malformed", value=str(value)[:40])
        issued = parse_date(data["issued_date"], "issued_date", today=today)
        due = parse_date(data["due_date"], "due_date") if data.get("due_date") else None
        if due is not None and due < issued:
            raise InvalidInput("due_date", "before_issued_date", value=due.isoformat())
        number = code_number(str(data["code_number"]))
        notation = code_notation(data["code_notation"])
        issuer = organ_id(data["from_org_id"], "from_org_id")
        key = (
            text_field("document_id", data["document_id"])
            if data.get("document_id")
            else document_key(issuer, issued, str(DocumentCode(number, notation)))
        )
        file = data.get("file")
        return cls(
            from_org_id=issuer,
            from_org_name=text_field("from_org_name", data["from_org_name"], limit=200),
            code_number=number,
            code_notation=notation,
            issued_date=issued,
            doc_type=doc_type(str(data["doc_type"])).key,
            subject=text_field("subject", data["subject"]),
            signer=text_field("signer", data.get("signer"), required=False),
            position=text_field("position", data.get("position"), required=False),
            due_date=due,
            urgency=urgency(data.get("urgency")).value,
            confidentiality=confidentiality(data.get("confidentiality")).value,
            document_key=key,
            to_places=text_field("to_places", data.get("to_places"), required=False),
            note=text_field("note", data.get("note"), required=False),
            file=Path(file) if file else None,
            file_name=str(data["file_name"]) if data.get("file_name") else None,
        )


@dataclass(frozen=True)
class OutgoingDraft:
    doc_type: str
    subject: str
    unit: str = ""
    secret: bool = False
    confidentiality: int = 0
    urgency: int = 0
    signer: str = ""
    position: str = ""
    recipients: str = ""
    copies: int = 1
    due_date: dt.date | None = None
    note: str = ""
    file: Path | None = None

    @classmethod
    def build(
        cls,
        *,
        doc_type_value: str,
        subject: str,
        unit: str = "",
        secret: bool = False,
        confidentiality_value: Any = None,
        urgency_value: Any = None,
        signer: str = "",
        position: str = "",
        recipients: str = "",
        copies: int = 1,
        due_date: Any = None,
        note: str = "",
        file: Path | str | None = None,
    ) -> OutgoingDraft:
        kind = doc_type(doc_type_value)
        secrecy = confidentiality(confidentiality_value)
        if secret and secrecy.value == 0:
            secrecy = confidentiality(1)
        unit_abbr = text_field("unit", unit, required=False, limit=20)
        if unit_abbr:
            code_notation(unit_abbr, "unit")
        if not 1 <= int(copies) <= 999:
            raise InvalidInput("copies", "out_of_range", value=copies)
        return cls(
            doc_type=kind.key,
            subject=text_field("subject", subject),
            unit=unit_abbr,
            secret=secrecy.value > 0,
            confidentiality=secrecy.value,
            urgency=urgency(urgency_value).value,
            signer=text_field("signer", signer, required=False),
            position=text_field("position", position, required=False),
            recipients=text_field("recipients", recipients, required=False, limit=1000),
            copies=int(copies),
            due_date=parse_date(due_date, "due_date") if due_date else None,
            note=text_field("note", note, required=False),
            file=Path(file) if file else None,
        )


__all__ = ["INCOMING_KEYS", "IncomingDraft", "OutgoingDraft"]
