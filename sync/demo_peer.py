"""The demo's second organisation at work, on its own: a real workspace (``<home>/peer``)
driven through the same services as the demo office's, one round every few seconds:

- it takes what arrived over the axis (the automatic "01 received" goes back by itself),
  then answers each new document: accepted (03), or now and then rejected (02) with a
  reason; some accepted ones are later assigned to a unit (04, recorded in its own register
  too) and done (06) a few rounds after; a document its sender took back is agreed (15);
- now and then it issues a letter of its own and sends it to the demo office, signed: its
  director approves it and its clerk issues it (number, date, seal, the organisation's
  signature) with the department's own token — a real office sends nothing unsigned.

Signing is not this room's: the robot is given ``issue_letter`` (a ``LetterIssuer``) by its
composition root (ui/demo_peer.py, the process ``serve_demo`` starts for it).
``PeerRobot.step()`` is one round (the demo's build calls it too); ``run_robot`` loops until
SIGTERM or Ctrl+C."""

from __future__ import annotations

import datetime as dt
import json
import random
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from app.demo import DEPARTMENTS, ORG_ID
from app.documents import DocumentService
from app.errors import AppError
from app.fileio import write_atomically
from app.model import Direction, Document
from app.search import SearchFilters
from app.workspace import Workspace
from sync.desk import ExchangeDesk

STATE_FILE = "demo-robot.json"
SEND_EVERY = 200  # rounds between two letters of its own (about five minutes)
FIRST_LETTER = 20  # the first one half a minute after the robot starts: the newcomer sees one
REJECT_REASONS = (
    "Văn bản gửi không đúng thẩm quyền giải quyết của Sở Y tế",
    "Thiếu phụ lục kèm theo như đã nêu trong văn bản, đề nghị gửi bổ sung",
    "Văn bản đã được gửi trước đó (trùng lặp)",
)
UNITS = ("Phòng Nghiệp vụ Y", "Phòng Kế hoạch - Tài chính", "Văn phòng Sở", "Phòng Nghiệp vụ Dược")
UNITS += tuple(d for d in DEPARTMENTS if "Tổng hợp" in d)

# (the department's workspace, the letter's rank) -> the letter, issued: numbered and signed
LetterIssuer = Callable[[Workspace, int], Document]


def letter_due(round_here: int, send_every: int = SEND_EVERY) -> bool:
    """Whether the robot's ``round_here``-th round (of this process, from 1) sends a letter:
    the first soon after it starts, then one every ``send_every`` rounds."""
    since_first = round_here - FIRST_LETTER
    return since_first >= 0 and since_first % max(send_every, 1) == 0


class PeerRobot:
    """``issue_letter``: how the department issues a letter of its own (None: it answers what
    it receives and sends nothing of its own)."""

    def __init__(
        self, home: Path, *, seed: int = 7, send_every: int = SEND_EVERY,
        issue_letter: LetterIssuer | None = None,
    ) -> None:  # fmt: skip
        self.home = Path(home)
        self.ws = Workspace(self.home)
        self.desk = ExchangeDesk(self.ws)
        self.docs = DocumentService(self.ws)
        self.seed = seed
        self.send_every = send_every
        self.issue_letter = issue_letter
        self.state = self._load()
        self.rounds_here = 0  # rounds of this process (the state's count goes on across runs)

    def close(self) -> None:
        self.ws.close()

    # -- state (what was answered, what is planned) ------------------------------------------

    def _load(self) -> dict[str, Any]:
        try:
            state = json.loads((self.home / STATE_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            state = {}
        state.setdefault("round", 0)
        state.setdefault("seen", [])
        state.setdefault("planned", [])  # [round, document id, code, reason]
        state.setdefault("sent", 0)
        state.setdefault("taken_back", [])
        return state

    def _save(self) -> None:
        text = json.dumps(self.state, ensure_ascii=False).encode()
        write_atomically(self.home / STATE_FILE, True, lambda s: s.write(text))

    # -- one round ---------------------------------------------------------------------------

    def step(self, *, send: bool | None = None) -> dict[str, int]:
        """Receive, answer what is new or due, send a letter when it is time (``send``
        forces it or not), and push it all to the axis at once. What was done, counted."""
        done = {"received": 0, "answered": 0, "sent": 0}
        self.state["round"] += 1
        now = self.state["round"]
        first = self.desk.sync_once()
        done["received"] = first.report.received
        seen = set(self.state["seen"])
        incoming, _ = self.docs.list(SearchFilters(direction=Direction.INCOMING), limit=500)
        taken_back = set(self.state["taken_back"])
        for doc in sorted(incoming, key=lambda d: d.id):
            if doc.cancelled and doc.id in seen and doc.id not in taken_back:
                taken_back.add(doc.id)  # the sender took it back: agreed (15)
                self.state["planned"] = [p for p in self.state["planned"] if p[1] != doc.id]
                self.state["planned"].append([now, doc.id, "15", "Đồng ý thu hồi văn bản"])
            if doc.id in seen or doc.cancelled:
                continue
            seen.add(doc.id)
            self._plan(doc.id, now)
        self.state["seen"] = sorted(seen)
        self.state["taken_back"] = sorted(taken_back)
        due = [p for p in self.state["planned"] if p[0] <= now]
        self.state["planned"] = [p for p in self.state["planned"] if p[0] > now]
        for _, doc_id, code, reason in due:
            try:
                self._answer(doc_id, code, reason)
                done["answered"] += 1
            except AppError:
                continue  # taken back meanwhile, cancelled: nothing to say any more
        self.rounds_here += 1
        due = letter_due(self.rounds_here, self.send_every) and self.issue_letter is not None
        if send if send is not None else due:
            done["sent"] += self.send_letter()
        self._save()
        if done["answered"] or done["sent"]:
            self.desk.sync_once()
        return done

    def _plan(self, doc_id: int, now: int) -> None:
        r = random.Random(self.seed * 1000 + doc_id)
        plan = self.state["planned"]
        if r.random() < 0.12:
            plan.append([now, doc_id, "02", r.choice(REJECT_REASONS)])
            return
        plan.append([now, doc_id, "03", ""])
        if r.random() < 0.6:
            unit = r.choice(UNITS)
            later = now + r.randint(1, 3)
            plan.append([later, doc_id, "04", f"Giao {unit} chủ trì xử lý"])
            if r.random() < 0.6:
                plan.append([later + r.randint(2, 6), doc_id, "06", ""])

    def _answer(self, doc_id: int, code: str, reason: str) -> None:
        if code == "04":  # the department's own register says who handles it
            unit = reason.removeprefix("Giao ").removesuffix(" chủ trì xử lý")
            due = dt.date.today() + dt.timedelta(days=10)
            self.docs.assign(doc_id, unit, due_date=due)
        elif code == "06":
            self.docs.set_status(doc_id, "done")
        elif code == "02":
            self.docs.set_status(doc_id, "returned", reason=reason)
        self.desk.answer(doc_id, code, reason)

    def send_letter(self) -> int:
        """Issue a letter of the department and queue it for the demo office; as any
        office's, it leaves only with valid signatures (the exchange checks them)."""
        if self.issue_letter is None:
            raise RuntimeError("the robot was given no way to issue its letters")
        self.state["sent"] += 1
        self._save()  # the rank is used once, even if issuing fails
        doc = self.issue_letter(self.ws, self.state["sent"])
        self.desk.send(doc.id, [ORG_ID])
        return 1


# -- the child process -----------------------------------------------------------------------


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def run_robot(
    home: Path, *, interval: float = 1.5, issue_letter: LetterIssuer | None = None
) -> int:
    """Rounds every ``interval`` seconds until SIGTERM / Ctrl+C; "ready" on stdout first. An
    axis that does not answer is tried again next round."""
    signal.signal(signal.SIGTERM, _stop)
    robot = PeerRobot(home, issue_letter=issue_letter)
    try:
        print("ready", flush=True)
        while True:
            started = time.monotonic()
            try:
                robot.step()
            except AppError as exc:
                print(f"vanthu demo peer: {exc.code}", file=sys.stderr, flush=True)
            time.sleep(max(0.05, interval - (time.monotonic() - started)))
    except (SystemExit, KeyboardInterrupt):
        return 0
    finally:
        robot.close()


__all__ = [
    "LetterIssuer",
    "PeerRobot",
    "letter_due",
    "run_robot",
]
