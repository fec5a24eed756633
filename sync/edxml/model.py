"""The edXML message model (QCVN 102:2016, docs/domain.md §9): frozen dataclasses for the two
kinds of message the axis carries — a document (``EdocMessage``) and a status notice
(``StatusMessage``) — plus what parsing a package gives back (``ParsedPackage``: the message,
the attachments as stored blobs, and every repair the lenient reader made).

Values are kept the way the wire means them: dates are ``datetime.date``, timestamps are naive
``datetime`` in Vietnam time (the wire has no zone), codes whose meaning differs between
producers (DocumentType/Type, SteeringType, StatusCode, ReceiverType) are kept as text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any, Protocol

from app.errors import InvalidInput

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
DATE_FORMAT = "%Y/%m/%d"
TIMESTAMP_FORMAT = "%Y/%m/%d %H:%M:%S"


class BusinessKind(IntEnum):
    """Bussiness/BussinessDocType: what an edoc package does to the document."""

    NEW = 0
    REVOKE = 1  # thu hồi
    UPDATE = 2  # cập nhật: BussinessDocumentInfo says what changed
    REPLACE = 3  # thay thế: ReplacementInfoList names the replaced document


# StatusCode values with a defined meaning (/work/shared/reference/edxml_status_codes.json);
# any other code is kept verbatim.
STATUS_CODES: dict[str, str] = {
    "01": "arrived",
    "02": "rejected",
    "03": "accepted",
    "04": "assigned",
    "05": "in_progress",
    "06": "done",
    "13": "take_back",
    "15": "agreed",
    "16": "refused",
}


@dataclass(frozen=True)
class Organ:
    """From / To: an organisation and how to reach it."""

    organ_id: str
    organ_name: str = ""
    organization_in_charge: str = ""
    organ_add: str = ""
    email: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""


@dataclass(frozen=True)
class Code:
    """Số, ký hiệu: CodeNumber and CodeNotation."""

    number: str
    notation: str

    def __str__(self) -> str:
        return f"{self.number}/{self.notation}" if self.notation else self.number


@dataclass(frozen=True)
class Promulgation:
    place: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class DocumentType:
    """Type 1 legal normative, 2 administrative (domain.md §9 decision); kept verbatim."""

    type: str = "2"
    type_detail: str = ""
    type_name: str = ""


@dataclass(frozen=True)
class SignerInfo:
    competence: str = ""
    position: str = ""
    full_name: str = ""


@dataclass(frozen=True)
class OtherInfo:
    priority: int = 0  # 0 Thường … 4 Hỏa tốc hẹn giờ
    sphere_of_promulgation: str = ""
    typer_notation: str = ""
    promulgation_amount: int | None = None
    page_amount: int | None = None
    direction: bool = False
    appendixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ResponseFor:
    """The document a message answers, revokes or reports on."""

    organ_id: str
    code: str
    document_id: str
    promulgation_date: dt.date | None = None


@dataclass(frozen=True)
class TraceHeader:
    organ_id: str
    timestamp: dt.datetime | None = None


@dataclass(frozen=True)
class StaffInfo:
    department: str = ""
    staff: str = ""
    email: str = ""
    mobile: str = ""


@dataclass(frozen=True)
class Receiver:
    organ_id: str
    receiver_type: str = ""


@dataclass(frozen=True)
class BusinessDocumentInfo:
    """For an update: which parts changed (the metadata, the receivers) and the receivers."""

    document_info: bool = False
    document_receiver: bool = False
    receivers: tuple[Receiver, ...] = ()


@dataclass(frozen=True)
class ReplacementInfo:
    """For a replace: the replaced document and the organisations that hold it."""

    document_id: str
    organ_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Business:
    """TraceHeaderList/Bussiness (the standard's spelling on the wire)."""

    doc_type: int = BusinessKind.NEW
    reason: str = ""
    document_id: str = ""
    paper: int = 0
    staff: StaffInfo = field(default_factory=StaffInfo)
    document_info: BusinessDocumentInfo | None = None
    replacements: tuple[ReplacementInfo, ...] = ()


@dataclass(frozen=True)
class EdocMessage:
    """A document package's header: who sends what to whom, and what it does."""

    sender: Organ
    to: tuple[Organ, ...]
    document_id: str
    code: Code
    promulgation: Promulgation
    subject: str
    business: Business = field(default_factory=Business)
    trace: tuple[TraceHeader, ...] = ()
    document_type: DocumentType = field(default_factory=DocumentType)
    content: str = ""
    signer: SignerInfo = field(default_factory=SignerInfo)
    due_date: dt.date | None = None
    to_places: tuple[str, ...] = ()
    other: OtherInfo = field(default_factory=OtherInfo)
    response_for: tuple[ResponseFor, ...] = ()
    steering_type: str = "1"

    kind = "edoc"


@dataclass(frozen=True)
class StatusMessage:
    """A status notice about a document (StatusCode 01…06, 13, 15, 16; others verbatim)."""

    sender: Organ
    response_for: tuple[ResponseFor, ...]
    status_code: str
    timestamp: dt.datetime | None
    description: str = ""
    staff: StaffInfo = field(default_factory=StaffInfo)

    kind = "status"

    @property
    def status_meaning(self) -> str | None:
        """``arrived``, ``rejected``… for the known codes; None for the others."""
        return STATUS_CODES.get(self.status_code)


Message = EdocMessage | StatusMessage


@dataclass(frozen=True)
class Repair:
    """One thing the lenient reader did to make sense of a package: ``code`` (words in
    app/messages.py, EDXML_REPAIRS), ``where`` (an element path or an attachment name) and
    ``value`` (what was found)."""

    code: str
    where: str
    value: str = ""


@dataclass(frozen=True)
class StoredAttachment:
    """An attachment as stored: ``size`` and ``sha256`` are those of the stored file
    (base64-decoded and, when it came zipped, unzipped); ``blob`` is what the sink returned as
    its key (the same SHA-256 for a content-addressed BlobStore)."""

    name: str
    content_type: str
    size: int
    sha256: str
    blob: str
    content_id: str = ""
    description: str = ""
    declared_name: str = ""  # the name as sent, when it had to be sanitised
    unzipped: bool = False


@dataclass(frozen=True)
class ParsedPackage:
    message: Message
    attachments: tuple[StoredAttachment, ...] = ()
    repairs: tuple[Repair, ...] = ()
    signed: bool = False  # the header carries a non-empty Signature
    package_size: int = 0

    @property
    def kind(self) -> str:
        return self.message.kind


@dataclass(frozen=True)
class OutgoingAttachment:
    """A file to put into a package being built."""

    name: str
    content_type: str
    path: Path
    description: str = ""


@dataclass(frozen=True)
class BuiltAttachment:
    name: str
    content_type: str
    content_id: str
    size: int
    sha256: str


@dataclass(frozen=True)
class BuiltPackage:
    """What ``build_edoc`` wrote: the package's own SHA-256 and size (the axis's
    ``hash-file``) and each attachment's."""

    sha256: str
    size: int
    attachments: tuple[BuiltAttachment, ...] = ()


@dataclass(frozen=True)
class ParseLimits:
    """Everything a package may cost before it is refused."""

    max_package_bytes: int = 1024**3  # the .edxml file itself
    max_text_chars: int = 8 * 1024**2  # all text outside attachment payloads
    max_markup_bytes: int = 1024**2  # one tag, comment, PI or CDATA section
    max_elements: int = 100_000
    max_depth: int = 64
    max_attachments: int = 500
    max_attachment_bytes: int = 1024**3  # one stored file, after decoding and unzipping
    max_zip_ratio: int = 200  # unzipped / zipped, beyond ``zip_ratio_floor`` bytes
    zip_ratio_floor: int = 16 * 1024**2

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> ParseLimits:
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(config) - known)
        if unknown:
            raise InvalidInput("edxml", "unknown_field", value=", ".join(unknown))
        return cls(**{k: int(v) for k, v in config.items()})


class BlobSink(Protocol):
    """Where parsed attachments go: ``app.store.blobs.BlobStore`` fits. ``put_chunks`` returns
    an object with a ``sha256`` attribute (the key the file is stored under)."""

    def put_chunks(self, chunks: Any) -> Any: ...


__all__ = [
    "DATE_FORMAT",
    "NS",
    "STATUS_CODES",
    "TIMESTAMP_FORMAT",
    "BlobSink",
    "BuiltAttachment",
    "BuiltPackage",
    "Business",
    "BusinessDocumentInfo",
    "BusinessKind",
    "Code",
    "DocumentType",
    "EdocMessage",
    "Message",
    "Organ",
    "OtherInfo",
    "OutgoingAttachment",
    "ParseLimits",
    "ParsedPackage",
    "Promulgation",
    "Receiver",
    "Repair",
    "ReplacementInfo",
    "ResponseFor",
    "SignerInfo",
    "StaffInfo",
    "StatusMessage",
    "StoredAttachment",
    "TraceHeader",
]
