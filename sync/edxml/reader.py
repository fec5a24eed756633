"""The lenient reading of an edXML header: a small tree of the package's elements (attachment
payloads never enter it) turned into an ``EdocMessage`` or a ``StatusMessage``.

Real senders emit empty elements, write dates as dd/MM/yyyy, order elements as they like and
sometimes nest From; the reader accepts all of it and notes each thing it had to interpret as
a ``Repair`` (code, where, what was found). Element order is free and not a repair: elements
are looked up by name. Empty elements are normal and not repairs either."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from app.clock import VN_TZ
from app.textfold import normalize_text
from sync.edxml.model import (
    NS,
    Business,
    BusinessDocumentInfo,
    Code,
    DocumentType,
    EdocMessage,
    Organ,
    OtherInfo,
    Promulgation,
    Receiver,
    Repair,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
)


class Node:
    """One element outside the attachment payloads."""

    __slots__ = ("attrs", "children", "name", "ns", "parts")

    def __init__(self, ns: str, name: str, attrs: dict[str, str]) -> None:
        self.ns = ns
        self.name = name
        self.attrs = attrs
        self.children: list[Node] = []
        self.parts: list[str] = []

    @property
    def ours(self) -> bool:
        return self.ns in (NS, "")

    def text(self) -> str:
        return normalize_text("".join(self.parts))

    def named(self, name: str) -> list[Node]:
        return [c for c in self.children if c.name == name and c.ours]

    def walk(self) -> Iterator[Node]:
        for child in self.children:
            yield child
            yield from child.walk()


ORGAN_FIELDS = (
    ("OrganId", "organ_id"),
    ("OrganizationInCharge", "organization_in_charge"),
    ("OrganName", "organ_name"),
    ("OrganAdd", "organ_add"),
    ("Email", "email"),
    ("Telephone", "telephone"),
    ("Fax", "fax"),
    ("Website", "website"),
)
KNOWN: dict[str, set[str]] = {
    "edXML": {"edXMLEnvelope", "AttachmentEncoded"},
    "edXMLEnvelope": {"edXMLHeader", "edXMLBody"},
    "edXMLHeader": {"MessageHeader", "TraceHeaderList", "Signature", "DigitalSignature"},
    "edoc": {
        "From", "To", "DocumentId", "Code", "PromulgationInfo", "DocumentType", "Subject",
        "Content", "SignerInfo", "DueDate", "ToPlaces", "OtherInfo", "ResponseFor",
        "SteeringType",
    },
    "status": {
        "From", "ResponseFor", "StaffInfo", "StatusCode", "Description", "Timestamp", "To",
    },
    "TraceHeaderList": {"TraceHeader", "Bussiness"},
}  # fmt: skip
_YMD = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_TIME = re.compile(r"[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?")
_CANONICAL_DATE = re.compile(r"\d{4}/\d{2}/\d{2}")
_CANONICAL_TIME = re.compile(r"\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}")


class Reader:
    def __init__(self) -> None:
        self.repairs: list[Repair] = []

    def repair(self, code: str, where: str, value: str = "") -> None:
        self.repairs.append(Repair(code, where, value[:200]))

    # -- primitives ------------------------------------------------------------------------

    def one(self, node: Node | None, name: str, path: str, required: bool = False) -> Node | None:
        if node is None:
            return None
        found = node.named(name)
        if len(found) > 1:
            self.repair("duplicate_element", f"{path}/{name}", str(len(found)))
        if not found and required:
            self.repair("missing", f"{path}/{name}")
        return found[0] if found else None

    def text(self, node: Node | None, name: str, path: str, required: bool = False) -> str:
        child = self.one(node, name, path, required)
        return child.text() if child is not None else ""

    def known(self, node: Node, path: str, names: set[str]) -> None:
        for child in node.children:
            if child.ours and child.name not in names:
                self.repair("element_ignored", f"{path}/{child.name}")

    def date(
        self, node: Node | None, name: str, path: str, required: bool = False
    ) -> dt.date | None:
        moment = self._moment(node, name, path, required, _CANONICAL_DATE)
        return moment.date() if moment is not None else None

    def timestamp(self, node: Node | None, name: str, path: str, required: bool = False) -> dt.datetime | None:  # fmt: skip
        return self._moment(node, name, path, required, _CANONICAL_TIME)

    def _moment(
        self, node: Node | None, name: str, path: str, required: bool, canonical: re.Pattern[str]
    ) -> dt.datetime | None:
        raw = self.text(node, name, path, required)
        if not raw:
            return None
        where = f"{path}/{name}"
        moment = parse_moment(raw)
        if moment is None:
            self.repair("date_unreadable", where, raw)
            return None
        if not canonical.fullmatch(raw):
            self.repair("date_format", where, raw)
        return moment

    def integer(self, node: Node | None, name: str, path: str, default: int | None) -> int | None:
        raw = self.text(node, name, path)
        if not raw:
            return default
        if raw.isdigit() and raw.isascii():
            return int(raw)
        self.repair("number_unreadable", f"{path}/{name}", raw)
        return default

    def flag(self, node: Node | None, name: str, path: str) -> bool:
        raw = self.text(node, name, path).lower()
        if raw in ("", "0", "false", "no"):
            return False
        if raw in ("1", "true", "yes"):
            return True
        self.repair("number_unreadable", f"{path}/{name}", raw)
        return False

    def organ(self, node: Node | None, path: str) -> Organ:
        """From/To; a From nested in another From (or any wrapper) is found and noted."""
        if node is None:
            return Organ("")
        holder = node
        if not node.named("OrganId"):
            holder = next((n for n in node.walk() if n.ours and n.named("OrganId")), node)
            if holder is not node:
                self.repair("nested_organ", path, holder.name)
            else:
                self.repair("missing", f"{path}/OrganId")
        values = {attr: self.text(holder, tag, path) for tag, attr in ORGAN_FIELDS}
        return Organ(**values)

    def staff(self, node: Node | None, path: str) -> StaffInfo:
        if node is None:
            return StaffInfo()
        t = lambda name: self.text(node, name, path)  # noqa: E731
        return StaffInfo(t("Department"), t("Staff"), t("Email"), t("Mobile"))

    def response_for(self, header: Node, path: str) -> tuple[ResponseFor, ...]:
        found = []
        for node in header.named("ResponseFor"):
            where = f"{path}/ResponseFor"
            found.append(
                ResponseFor(
                    organ_id=self.text(node, "OrganId", where),
                    code=self.text(node, "Code", where),
                    document_id=self.text(node, "DocumentId", where),
                    promulgation_date=self.date(node, "PromulgationDate", where),
                )
            )
        return tuple(found)

    # -- messages --------------------------------------------------------------------------

    def message(self, root: Node) -> EdocMessage | StatusMessage | None:
        """None when the package has no MessageHeader at all (not an edXML message)."""
        self.known(root, "edXML", KNOWN["edXML"])
        envelope = self.one(root, "edXMLEnvelope", "edXML")
        head = self.one(envelope, "edXMLHeader", "edXMLEnvelope")
        if envelope is not None:
            self.known(envelope, "edXMLEnvelope", KNOWN["edXMLEnvelope"])
        if head is None:  # lenient: a header element anywhere
            head = next((n for n in root.walk() if n.ours and n.name == "edXMLHeader"), None)
            if head is not None:
                self.repair("misplaced_element", "edXMLHeader")
        if head is None:
            return None
        self.known(head, "edXMLHeader", KNOWN["edXMLHeader"])
        header = self.one(head, "MessageHeader", "edXMLHeader")
        if header is None:
            return None
        if header.named("StatusCode"):
            return self.status(header)
        return self.edoc(head, header)

    def status(self, header: Node) -> StatusMessage:
        path = "MessageHeader"
        self.known(header, path, KNOWN["status"])
        code = self.text(header, "StatusCode", path, required=True)
        if code.isdigit() and len(code) == 1:
            self.repair("status_code_padded", f"{path}/StatusCode", code)
            code = "0" + code
        response_for = self.response_for(header, path)
        if not response_for:
            self.repair("missing", f"{path}/ResponseFor")
        return StatusMessage(
            sender=self.organ(self.one(header, "From", path, required=True), f"{path}/From"),
            response_for=response_for,
            status_code=code,
            timestamp=self.timestamp(header, "Timestamp", path, required=True),
            description=self.text(header, "Description", path),
            staff=self.staff(self.one(header, "StaffInfo", path), f"{path}/StaffInfo"),
        )

    def edoc(self, head: Node, header: Node) -> EdocMessage:
        path = "MessageHeader"
        self.known(header, path, KNOWN["edoc"])
        sender = self.organ(self.one(header, "From", path, required=True), f"{path}/From")
        to = tuple(self.organ(n, f"{path}/To") for n in header.named("To"))
        if not to:
            self.repair("missing", f"{path}/To")
        code_node = self.one(header, "Code", path, required=True)
        code = Code(
            self.text(code_node, "CodeNumber", f"{path}/Code"),
            self.text(code_node, "CodeNotation", f"{path}/Code"),
        )
        info = self.one(header, "PromulgationInfo", path, required=True)
        where = f"{path}/PromulgationInfo"
        promulgation = Promulgation(
            self.text(info, "Place", where), self.date(info, "PromulgationDate", where)
        )
        document_id = self.text(header, "DocumentId", path)
        if not document_id:
            if sender.organ_id and promulgation.date and code.number:
                document_id = f"{sender.organ_id},{promulgation.date:%Y/%m/%d},{code}"
                self.repair("document_id_derived", f"{path}/DocumentId", document_id)
            else:
                self.repair("missing", f"{path}/DocumentId")
        kind = self.one(header, "DocumentType", path)
        signer = self.one(header, "SignerInfo", path)
        places = self.one(header, "ToPlaces", path)
        subject = self.text(header, "Subject", path, required=True)
        return EdocMessage(
            sender=sender,
            to=to,
            document_id=document_id,
            code=code,
            promulgation=promulgation,
            subject=subject,
            business=self.business(head, header),
            trace=self.trace(head),
            document_type=DocumentType(
                type=self.text(kind, "Type", f"{path}/DocumentType"),
                type_detail=self.text(kind, "TypeDetail", f"{path}/DocumentType"),
                type_name=self.text(kind, "TypeName", f"{path}/DocumentType"),
            ),
            content=self.text(header, "Content", path),
            signer=SignerInfo(
                self.text(signer, "Competence", f"{path}/SignerInfo"),
                self.text(signer, "Position", f"{path}/SignerInfo"),
                self.text(signer, "FullName", f"{path}/SignerInfo"),
            ),
            due_date=self.date(header, "DueDate", path),
            to_places=tuple(
                t for n in (places.named("Place") if places else []) if (t := n.text())
            ),
            other=self.other(self.one(header, "OtherInfo", path), f"{path}/OtherInfo"),
            response_for=self.response_for(header, path),
            steering_type=self.text(header, "SteeringType", path),
        )

    def other(self, node: Node | None, path: str) -> OtherInfo:
        if node is None:
            return OtherInfo()
        appendixes = self.one(node, "Appendixes", path)
        return OtherInfo(
            priority=self.integer(node, "Priority", path, 0) or 0,
            sphere_of_promulgation=self.text(node, "SphereOfPromulgation", path),
            typer_notation=self.text(node, "TyperNotation", path),
            promulgation_amount=self.integer(node, "PromulgationAmount", path, None),
            page_amount=self.integer(node, "PageAmount", path, None),
            direction=self.flag(node, "Direction", path),
            appendixes=tuple(
                t for n in (appendixes.named("Appendix") if appendixes else []) if (t := n.text())
            ),
        )

    def trace(self, head: Node) -> tuple[TraceHeader, ...]:
        trace_list = self.one(head, "TraceHeaderList", "edXMLHeader")
        if trace_list is None:
            return ()
        self.known(trace_list, "TraceHeaderList", KNOWN["TraceHeaderList"])
        path = "TraceHeaderList/TraceHeader"
        return tuple(
            TraceHeader(self.text(n, "OrganId", path), self.timestamp(n, "Timestamp", path))
            for n in trace_list.named("TraceHeader")
        )

    def business(self, head: Node, header: Node) -> Business:
        path = "TraceHeaderList/Bussiness"
        node = self.one(
            self.one(head, "TraceHeaderList", "edXMLHeader"), "Bussiness", "TraceHeaderList"
        )
        if node is None:
            node = next((n for n in head.walk() if n.ours and n.name == "Bussiness"), None)
            self.repair("misplaced_element" if node is not None else "missing", path)
        if node is None:
            return Business()
        kind = self.integer(node, "BussinessDocType", path, None)
        if kind is None:
            self.repair("missing", f"{path}/BussinessDocType")
        info_node = self.one(node, "BussinessDocumentInfo", path)
        info = None
        if info_node is not None:
            where = f"{path}/BussinessDocumentInfo"
            receivers = self.one(info_node, "ReceiverList", where)
            info = BusinessDocumentInfo(
                document_info=self.flag(info_node, "DocumentInfo", where),
                document_receiver=self.flag(info_node, "DocumentReceiver", where),
                receivers=tuple(
                    Receiver(
                        self.text(r, "OrganId", f"{where}/ReceiverList/Receiver"),
                        self.text(r, "ReceiverType", f"{where}/ReceiverList/Receiver"),
                    )
                    for r in (receivers.named("Receiver") if receivers else [])
                ),
            )
        replacements = []
        for r_list in node.named("ReplacementInfoList"):
            for item in r_list.named("ReplacementInfo"):
                where = f"{path}/ReplacementInfoList/ReplacementInfo"
                ids_node = self.one(item, "OrganIdList", where)
                ids = [n.text() for n in ids_node.named("OrganId")] if ids_node else []
                if ids_node is not None and not ids and ids_node.text():
                    ids = re.split(r"[,;\s]+", ids_node.text())
                replacements.append(
                    ReplacementInfo(
                        self.text(item, "DocumentId", where), tuple(i for i in ids if i)
                    )
                )
        return Business(
            doc_type=kind or 0,
            reason=self.text(node, "BussinessDocReason", path),
            document_id=self.text(node, "DocumentId", path),
            paper=self.integer(node, "Paper", path, 0) or 0,
            staff=self.staff(self.one(node, "StaffInfo", path), f"{path}/StaffInfo"),
            document_info=info,
            replacements=tuple(replacements),
        )


def parse_moment(raw: str) -> dt.datetime | None:
    """yyyy/MM/dd or dd/MM/yyyy (also with - or .), optionally followed by a time and a
    zone; a zoned time is brought to Vietnam time. None when it is not a date."""
    text = raw.strip()
    for pattern, order in ((_YMD, (1, 2, 3)), (_DMY, (3, 2, 1))):
        match = pattern.match(text)
        if not match:
            continue
        rest = text[match.end() :]
        clock = _TIME.fullmatch(rest) if rest else None
        if rest and not clock:
            return None
        try:
            year, month, day = (int(match.group(i)) for i in order)
            hour, minute, second = (
                (int(clock.group(1)), int(clock.group(2)), int(clock.group(3) or 0))
                if clock
                else (0, 0, 0)
            )
            moment = dt.datetime(year, month, day, hour, minute, second)
        except ValueError:
            return None
        zone = clock.group(4) if clock else None
        if zone:
            offset = dt.timedelta(0)
            if zone != "Z":
                sign = -1 if zone[0] == "-" else 1
                digits = zone[1:].replace(":", "")
                offset = sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            aware = moment.replace(tzinfo=dt.timezone(offset))
            moment = aware.astimezone(VN_TZ).replace(tzinfo=None)
        return moment
    return None


def content_id(raw: str) -> str:
    """``cid:abc``, ``<abc>`` and ``abc`` are the same ContentId."""
    text = raw.strip().strip("<>").strip()
    return text[4:].strip() if text.lower().startswith("cid:") else text


__all__ = ["Node", "Reader", "content_id", "parse_moment"]
