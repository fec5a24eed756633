"""Messages and hand-written packages for the edXML tests: random but reproducible messages
(Vietnamese text, every business kind, every status code) and a small writer of raw package
text for the lenient and hostile cases, where the builder's strictness would be in the way."""

from __future__ import annotations

import base64
import datetime as dt
import random

from sync.edxml import (
    NS,
    STATUS_CODES,
    Business,
    BusinessDocumentInfo,
    BusinessKind,
    Code,
    DocumentType,
    EdocMessage,
    Organ,
    OtherInfo,
    Promulgation,
    Receiver,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
)

WORDS = [
    "Về",
    "việc",
    "triển",
    "khai",
    "kế",
    "hoạch",
    "phòng",
    "chống",
    "thiên",
    "tai",
    "năm",
    "học",
    "Quyết",
    "định",
    "phê",
    "duyệt",
    "dự",
    "toán",
    "ngân",
    "sách",
    "Ủy",
    "ban",
    "nhân",
    "dân",
    "tỉnh",
    "Đắk",
    "Lắk",
    "Thừa",
    "Thiên",
    "Huế",
    "Bà",
    "Rịa",
    "Vũng",
    "Tàu",
    "hướng",
    "dẫn",
    "thực",
    "hiện",
    "chế",
    "độ",
    "báo",
    "cáo",
    "thống",
    "kê",
    "điều",
    "chỉnh",
    "bổ",
    "sung",
    "quy",
    "hoạch",
    "sử",
    "dụng",
    "đất",
    "Hỏa",
    "tốc",
    "Thượng",
    "khẩn",
]
ORGANS = (
    ("000.00.00.G22", "Văn phòng Chính phủ"),
    ("000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk"),
    ("000.00.00.G01", "Bộ Công an"),
    ("28.22.H17", "UBND xã Hòa Sơn - UBND huyện Hòa Vang - Thành phố Đà Nẵng"),
    ("000.00.11.H53", "Sở Tài chính tỉnh Tây Ninh"),
)
NOTATIONS = ("QĐ-UBND", "VPCP-TTĐT", "CV-BCA", "TB-STC", "KH-UBND", "CT-TTg")


def words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def organ(rng: random.Random, full: bool = True) -> Organ:
    organ_id, name = rng.choice(ORGANS)
    if not full:
        return Organ(organ_id, name)
    return Organ(
        organ_id,
        name,
        organization_in_charge=rng.choice(["", "Tỉnh Tây Ninh", "Chính phủ"]),
        organ_add=rng.choice(["", "Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội"]),
        email=rng.choice(["", "vanthu@gov.vn"]),
        telephone=rng.choice(["", "(84-4) 3821 5137"]),
        fax=rng.choice(["", "0383 843049"]),
        website=rng.choice(["", "www.chinhphu.vn"]),
    )


def day(rng: random.Random) -> dt.date:
    return dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 4000))


def moment(rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(
        day(rng), dt.time(rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
    )


def document_id(sender: str, when: dt.date, code: Code) -> str:
    return f"{sender},{when:%Y/%m/%d},{code}"


def response(rng: random.Random) -> ResponseFor:
    organ_id = rng.choice(ORGANS)[0]
    when = day(rng)
    code = Code(f"{rng.randint(1, 9999):02d}", rng.choice(NOTATIONS))
    return ResponseFor(organ_id, str(code), document_id(organ_id, when, code), when)


def staff(rng: random.Random) -> StaffInfo:
    return StaffInfo(
        rng.choice(["", "Văn thư văn phòng"]),
        rng.choice(["", "Nguyễn Thị Ngọc Trâm"]),
        rng.choice(["", "vanthu@gov.vn"]),
        rng.choice(["", "84912000001"]),
    )


def edoc(rng: random.Random, kind: int | None = None) -> EdocMessage:
    kind = rng.choice(list(BusinessKind)) if kind is None else kind
    sender = organ(rng)
    when = day(rng)
    code = Code(f"{rng.randint(1, 9999):02d}", rng.choice(NOTATIONS))
    doc_id = document_id(sender.organ_id, when, code)
    info = None
    replacements: tuple[ReplacementInfo, ...] = ()
    if kind == BusinessKind.UPDATE:
        info = BusinessDocumentInfo(
            document_info=rng.random() < 0.5,
            document_receiver=rng.random() < 0.5,
            receivers=tuple(
                Receiver(rng.choice(ORGANS)[0], rng.choice(["1", "2"]))
                for _ in range(rng.randint(0, 2))
            ),
        )
    if kind == BusinessKind.REPLACE:
        replacements = tuple(
            ReplacementInfo(
                response(rng).document_id,
                tuple(rng.choice(ORGANS)[0] for _ in range(rng.randint(0, 2))),
            )
            for _ in range(rng.randint(1, 2))
        )
    return EdocMessage(
        sender=sender,
        to=tuple(organ(rng) for _ in range(rng.randint(1, 3))),
        document_id=doc_id,
        code=code,
        promulgation=Promulgation(rng.choice(["", "Hà Nội", "Buôn Ma Thuột"]), when),
        subject=words(rng, 3, 40),
        business=Business(
            doc_type=kind,
            reason=words(rng, 2, 8) if kind or rng.random() < 0.5 else "",
            document_id=doc_id,
            paper=rng.randint(0, 1),
            staff=staff(rng),
            document_info=info,
            replacements=replacements,
        ),
        trace=tuple(
            TraceHeader(rng.choice(ORGANS)[0], moment(rng)) for _ in range(rng.randint(1, 2))
        ),
        document_type=DocumentType(
            rng.choice(["1", "2"]),
            rng.choice(["", "0"]),
            rng.choice(["Công văn", "Quyết định", ""]),
        ),
        content=words(rng, 0, 60),
        signer=SignerInfo(
            rng.choice(["", "KT. CHỦ TỊCH"]),
            rng.choice(["", "Phó Chủ tịch"]),
            rng.choice(["", "Nguyễn Văn Ân"]),
        ),
        due_date=rng.choice([None, day(rng)]),
        to_places=tuple(words(rng, 1, 5) for _ in range(rng.randint(0, 3))),
        other=OtherInfo(
            priority=rng.randint(0, 4),
            sphere_of_promulgation=rng.choice(["", "Liên thông văn bản quốc gia"]),
            typer_notation=rng.choice(["", "TVC"]),
            promulgation_amount=rng.choice([None, rng.randint(0, 999)]),
            page_amount=rng.choice([None, rng.randint(0, 999)]),
            direction=rng.random() < 0.3,
            appendixes=tuple(words(rng, 1, 6) for _ in range(rng.randint(0, 2))),
        ),
        response_for=tuple(response(rng) for _ in range(rng.randint(0, 2) if kind == 0 else 1)),
        steering_type=rng.choice(["1", "2", "3"]),
    )


def status(rng: random.Random, code: str | None = None) -> StatusMessage:
    code = code or rng.choice(sorted(STATUS_CODES))
    return StatusMessage(
        sender=organ(rng),
        response_for=(response(rng),),
        status_code=code,
        timestamp=moment(rng),
        description=words(rng, 2, 20),
        staff=staff(rng),
    )


# ------------------------------------------------------------------- hand-written text ---

HEADER = """<edXML:MessageHeader>
  <edXML:From><edXML:OrganId>000.00.00.G22</edXML:OrganId><edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName></edXML:From>
  <edXML:To><edXML:OrganId>000.00.00.H29</edXML:OrganId><edXML:OrganName>UBND tỉnh Đắk Lắk</edXML:OrganName></edXML:To>
  <edXML:DocumentId>000.00.00.G22,2024/05/01,12/VPCP-TTĐT</edXML:DocumentId>
  <edXML:Code><edXML:CodeNumber>12</edXML:CodeNumber><edXML:CodeNotation>VPCP-TTĐT</edXML:CodeNotation></edXML:Code>
  <edXML:PromulgationInfo><edXML:Place>Hà Nội</edXML:Place><edXML:PromulgationDate>2024/05/01</edXML:PromulgationDate></edXML:PromulgationInfo>
  <edXML:Subject>Về việc thử nghiệm</edXML:Subject>
</edXML:MessageHeader>
<edXML:TraceHeaderList><edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType></edXML:Bussiness></edXML:TraceHeaderList>"""


def attachment_xml(
    name: str, payload: bytes | str, content_type: str = "application/pdf", cid: str = "cid:1"
) -> str:
    text = payload if isinstance(payload, str) else base64.b64encode(payload).decode("ascii")
    return (
        f"<Attachment><ContentId>{cid}</ContentId><AttachmentName>{name}</AttachmentName>"
        f"<ContentType>{content_type}</ContentType>"
        f"<ContentTransferEncoded>{text}</ContentTransferEncoded></Attachment>"
    )


def package_xml(
    header: str = HEADER,
    attachments: str = "",
    manifest: str = "",
    namespace: str = NS,
    prolog: str = "",
) -> bytes:
    body = (
        f"<edXML:edXMLBody><edXML:edXMLManifest>{manifest}</edXML:edXMLManifest></edXML:edXMLBody>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<edXML xmlns="{namespace}">'
        f'<edXML:edXMLEnvelope xmlns:edXML="{namespace}"><edXML:edXMLHeader>{header}'
        f"</edXML:edXMLHeader>{body}</edXML:edXMLEnvelope>"
        f"<AttachmentEncoded>{attachments}</AttachmentEncoded></edXML>"
    ).encode()
