"""The demo's documents that are still moving (app/demo.py fills the registers' year):

- drafts of the demo office waiting for the official's signature, laid out as drafts are
  (the number and the day left blank for the clerk: "Số:      /QĐ-UBND");
- the second organisation, a department of the same province, as a workspace of its own,
  and the letters it writes to the demo office: drafts too, which its director approves and
  its clerk issues (number, date, seal) with its own token before they are sent.

Qt-free and token-free: the composition roots (ui/demo_setup.py, ui/demo_peer.py) sign,
issue and send them through the signing and exchange services."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.clock import vn_now
from app.demo import HEADS, ORG_ABBR, ORG_NAME, ORG_PEOPLE, ORG_PLACE, _render, _Writer
from app.drafts import OutgoingDraft
from app.model import Document, DocumentCode, doc_type
from app.outgoing import OutgoingService
from app.workspace import Workspace

PEER_ID, PEER_ABBR = "000.00.03.H29", "SYT"
PEER_NAME = "Sở Y tế tỉnh Đắk Lắk"
PEER_OFFICIAL = "Phạm Thị Hồng Nhung"  # the department's director: her certificate's name
PEER_POSITION = HEADS["so"][0]  # "Giám đốc"
OFFICIAL = ORG_PEOPLE["head"]  # the name on the demo official's certificate
OFFICIAL_POSITION = "Chủ tịch"
DRAFT_TYPES = ("CV", "QĐ", "TB", "CT")
PEER_TYPES = ("CV", "BC", "TTr", "KH")
BLANK_NUMBER = " " * 6  # the clerk writes the number when the document is issued


def mark_demo(ws: Workspace, value: str = "1", **details: Any) -> None:
    """The workspace is the demo (setting ``demo`` = "1"): the window starts the demo's
    servers with it and offers the test tokens' PINs; the second organisation's workspace
    is marked "peer" (its servers are the demo's)."""
    ws.set_settings({"demo": value}, demo=details or {"built": True})


def _draft_letter(
    writer: _Writer, day: dt.date, *, to_peer: bool = False
) -> tuple[Any, dict[str, Any]]:
    """A draft signed by the head of the office: its text names "Chủ tịch" only where he
    signs, so that the signature lands there (the placement looks for the position).
    ``to_peer``: a letter to the second organisation (Sở Y tế)."""
    while True:
        letter, fields = writer.outgoing(day, "normal", 1)
        if fields["doc_type_value"] not in DRAFT_TYPES:
            continue
        if to_peer and not fields["recipients"].startswith(PEER_NAME.removesuffix(" tỉnh Đắk Lắk")):
            continue
        code = letter.notation.split("/", 1)[1]
        letter = replace(
            letter,
            notation=f"{BLANK_NUMBER}/{code}",
            place_date=f"{ORG_PLACE}, ngày      tháng      năm {day.year}",
            authority=("TM. ỦY BAN NHÂN DÂN", OFFICIAL_POSITION.upper()),
            signer=OFFICIAL,
            urgency=0,
        )
        texts = [letter.subject, *(t for _, t in letter.paragraphs), *letter.recipients]
        if not any("chủ tịch" in t.lower() for t in texts):
            break
    fields = {**fields, "signer": OFFICIAL, "position": OFFICIAL_POSITION, "urgency_value": 0}
    return letter, fields


def add_drafts(ws: Workspace, count: int, *, to_peer: int = 0, seed: int = 2020) -> list[Document]:
    """``count`` drafts of the demo office, each with its PDF; the first ``to_peer`` are
    addressed to the second organisation."""
    drafts = OutgoingService(ws)
    today = vn_now(ws.clock).date()
    writer = _Writer(seed + 101, today.year)
    made = []
    with tempfile.TemporaryDirectory(prefix="vanthu-demo-drafts-") as tmp:
        for n in range(count):
            letter, fields = _draft_letter(writer, today, to_peer=n < to_peer)
            path = _render(letter, Path(tmp, f"{n:03d}"))
            fields = {k: v for k, v in fields.items() if k != "copies"}
            draft = OutgoingDraft.build(file=path, copies=1, **fields)
            made.append(drafts.create_draft(draft))
    return made


# -- the second organisation -----------------------------------------------------------------


def create_peer(home: Path, clock: Any = None) -> Workspace:
    """The second organisation's workspace (a department of the same province)."""
    options = {"clock": clock} if clock is not None else {}
    ws = Workspace.create(home, PEER_ID, PEER_NAME, PEER_ABBR, **options)
    mark_demo(ws, "peer", peer=True)
    return ws


def peer_draft(ws: Workspace, n: int, *, seed: int = 2020) -> Document:
    """The department's ``n``-th letter to the demo office, as a draft of its own register:
    signed by its director (where her title stands), the number and the day left blank for
    its clerk, who issues it (signing/desk.py ``SigningDesk.issue``)."""
    rng = random.Random(seed * 31 + n)
    day = vn_now(ws.clock).date()
    writer = _Writer(seed * 17 + n, day.year)
    writer.rng = rng
    while True:
        s, key, subject = writer.sample(
            day, rng.choice(PEER_TYPES), province=ORG_PLACE, issuer=PEER_NAME
        )
        if key not in PEER_TYPES:
            continue
        s = replace(s, from_org_id=PEER_ID, from_org_name=PEER_NAME, urgency=min(s.urgency, 1))
        unit = rng.choice(("VP", "NVY", "KHTC")) if key == "CV" else ""
        code = DocumentCode.build(1, doc_type(key).abbr, PEER_ABBR, unit).notation
        letter, fields = writer.letter(s, day, key, subject, code)
        texts = [letter.subject, *(t for _, t in letter.paragraphs), *letter.recipients]
        if not any(PEER_POSITION.lower() in t.lower() for t in texts):
            break  # her title only where she signs: the signature lands there
    letter = replace(
        letter,
        notation=f"{BLANK_NUMBER}/{code}",
        place_date=f"{ORG_PLACE}, ngày      tháng      năm {day.year}",
        authority=(PEER_POSITION.upper(),),
        signer=PEER_OFFICIAL,
    )
    fields = {**fields, "signer": PEER_OFFICIAL, "position": PEER_POSITION}
    with tempfile.TemporaryDirectory(prefix="vanthu-demo-peer-") as tmp:
        path = _render(letter, Path(tmp, "letter"))
        draft = OutgoingDraft.build(
            doc_type_value=key, unit=unit, urgency_value=s.urgency, file=path, **fields
        )
        return OutgoingService(ws).create_draft(draft)


__all__ = [
    "OFFICIAL",
    "OFFICIAL_POSITION",
    "ORG_ABBR",
    "ORG_NAME",
    "PEER_ABBR",
    "PEER_ID",
    "PEER_NAME",
    "PEER_OFFICIAL",
    "PEER_POSITION",
    "add_drafts",
    "create_peer",
    "mark_demo",
    "peer_draft",
]
