"""Documents signed offline at B-B wait here for the network, then get their long-term data.

A remote office signs at B-B when the timestamp authority does not answer (signing/sign.py says
``pending``); the file is queued here. Once the network is back, ``UpgradeQueue.run`` adds, in
new incremental revisions, the revocation data of every signature's chain (the DSS) and a
document timestamp over it all: the earlier signatures stay valid, and the timestamp proves
they existed before any later revocation (PAdES B-LTA; a signature timestamp cannot be added
to a signature after the fact). No token and no PIN are needed.

One JSON file per queued document in ``<workspace>/queue/signatures/``, written atomically;
a file that changed since it was queued is left alone and dropped from the queue."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.clock import VN_TZ
from app.errors import AppError, InvalidInput
from app.fileio import write_atomically
from signing import pdf_speed
from signing.errors import SigningError
from signing.sign import Level, SigningOptions, _is_network, _validation_context

pdf_speed.install()  # pyHanko reads signatures' hex strings byte by byte: see pdf_speed.py

QUEUE_DIR = Path("queue") / "signatures"


@dataclass(frozen=True)
class PendingUpgrade:
    id: str
    path: str
    sha256: str
    level: str
    queued_at: str
    attempts: int = 0
    last_error: str = ""
    document_id: int | None = None  # a document of the register: its file is a stored version


@dataclass(frozen=True)
class UpgradeOutcome:
    item: PendingUpgrade
    status: str  # "upgraded", "waiting" (still offline), "dropped" (file changed or gone)
    detail: str = ""
    level: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"path": self.item.path, "document": self.item.document_id,
                "status": self.status, "detail": self.detail, "level": self.level}  # fmt: skip


class UpgradeQueue:
    """``workspace``: the open workspace of ``home`` when the caller has one (documents of
    the register are upgraded into a new version through it); else one is opened when a
    document entry needs it."""

    def __init__(self, home: Path, *, workspace: Any = None) -> None:
        self.home = Path(home)
        self.folder = self.home / QUEUE_DIR
        self.workspace = workspace

    def add(self, path: Path, level: Level | str) -> PendingUpgrade:
        path = Path(path).resolve()
        item = PendingUpgrade(
            id=uuid.uuid4().hex,
            path=str(path),
            sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
            level=str(level),
            queued_at=dt.datetime.now(VN_TZ).isoformat(timespec="seconds"),
        )
        self._write(item)
        return item

    def add_document(self, document_id: int, sha256: str, level: Level | str) -> PendingUpgrade:
        """A document of the register signed offline: its current file (by SHA-256) gets the
        long-term data as a new version once online, unless it changed meanwhile."""
        item = PendingUpgrade(
            id=uuid.uuid4().hex,
            path="",
            sha256=sha256,
            level=str(level),
            queued_at=dt.datetime.now(VN_TZ).isoformat(timespec="seconds"),
            document_id=int(document_id),
        )
        self._write(item)
        return item

    def pending(self) -> list[PendingUpgrade]:
        if not self.folder.is_dir():
            return []
        items = []
        for entry in sorted(self.folder.glob("*.json")):
            try:
                items.append(PendingUpgrade(**json.loads(entry.read_text("utf-8"))))
            except (OSError, ValueError, TypeError):
                continue  # a damaged entry: left for a person to look at, never crashes
        return sorted(items, key=lambda i: i.queued_at)

    def run(self, options: SigningOptions) -> list[UpgradeOutcome]:
        """Try every queued document once; stop trying at the first sign of no network."""
        outcomes: list[UpgradeOutcome] = []
        offline = False
        for item in self.pending():
            if offline:
                outcomes.append(UpgradeOutcome(item, "waiting", "offline"))
                continue
            outcome = self._one(item, options)
            offline = outcome.status == "waiting"
            outcomes.append(outcome)
        return outcomes

    def _one(self, item: PendingUpgrade, options: SigningOptions) -> UpgradeOutcome:
        if item.document_id is not None:
            return self._document(item, options)
        path = Path(item.path)
        try:
            data = path.read_bytes()
        except OSError:
            self._remove(item)
            return UpgradeOutcome(item, "dropped", "missing")
        if hashlib.sha256(data).hexdigest() != item.sha256:
            self._remove(item)
            return UpgradeOutcome(item, "dropped", "changed")
        try:
            upgraded = upgrade_pdf(data, options)
        except _StillOffline as exc:
            self._write(
                PendingUpgrade(**(asdict(item) | {"attempts": item.attempts + 1,
                                                  "last_error": exc.reason}))
            )  # fmt: skip
            return UpgradeOutcome(item, "waiting", exc.reason)
        except AppError as exc:
            self._write(PendingUpgrade(**(asdict(item) | {"attempts": item.attempts + 1,
                                                          "last_error": exc.code})))  # fmt: skip
            return UpgradeOutcome(item, "failed", exc.code)
        write_atomically(path, True, lambda stream: stream.write(upgraded))
        self._remove(item)
        return UpgradeOutcome(item, "upgraded", level=str(Level.B_LTA))

    def _document(self, item: PendingUpgrade, options: SigningOptions) -> UpgradeOutcome:
        """Upgrade a register document's current file into a new version of it."""
        from app.documents import DocumentService
        from app.errors import NotFound
        from app.workspace import Workspace

        ws = self.workspace or Workspace(self.home)
        try:
            docs = DocumentService(ws)
            try:
                doc = docs.get(item.document_id)
            except NotFound:
                self._remove(item)
                return UpgradeOutcome(item, "dropped", "missing")
            if doc.file_sha256 != item.sha256:
                self._remove(item)
                return UpgradeOutcome(item, "dropped", "changed")
            data = ws.blobs.path_for(doc.file_sha256).read_bytes()
            try:
                upgraded = upgrade_pdf(data, options)
            except _StillOffline as exc:
                self._retry(item, exc.reason)
                return UpgradeOutcome(item, "waiting", exc.reason)
            except AppError as exc:
                self._retry(item, exc.code)
                return UpgradeOutcome(item, "failed", exc.code)
            blob = ws.blobs.put_bytes(upgraded)
            try:
                ws.write(
                    lambda conn: docs.new_version(
                        conn,
                        doc.id,
                        sha256=blob.sha256,
                        name=doc.file_name,
                        size=blob.size,
                        role="upgrade",
                        action="sign",
                        expected_sha256=item.sha256,
                        details={"upgrade": str(Level.B_LTA)},
                    )
                )
            except AppError as exc:  # changed meanwhile: the new file is for a person to sign
                self._remove(item)
                return UpgradeOutcome(item, "dropped", exc.code)
            self._remove(item)
            return UpgradeOutcome(item, "upgraded", level=str(Level.B_LTA))
        finally:
            if self.workspace is None:
                ws.close()

    def _retry(self, item: PendingUpgrade, error: str) -> None:
        self._write(
            PendingUpgrade(**(asdict(item) | {"attempts": item.attempts + 1, "last_error": error}))
        )

    def _write(self, item: PendingUpgrade) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        raw = json.dumps(asdict(item), ensure_ascii=False, indent=1).encode("utf-8")
        write_atomically(self.folder / f"{item.id}.json", True, lambda s: s.write(raw))

    def _remove(self, item: PendingUpgrade) -> None:
        (self.folder / f"{item.id}.json").unlink(missing_ok=True)


class _StillOffline(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def upgrade_pdf(data: bytes, options: SigningOptions) -> bytes:
    """The DSS for every signature, then a document timestamp (with its own DSS data)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import timestamps
    from pyhanko.sign.signers import PdfTimeStamper
    from pyhanko.sign.timestamps.requests_client import RequestsHTTPTimeStamper
    from pyhanko.sign.validation import add_validation_info

    try:
        current = data
        reader = PdfFileReader(io.BytesIO(current), strict=False)
        count = len(reader.embedded_signatures)
        for ix in range(count):
            reader = PdfFileReader(io.BytesIO(current), strict=False)
            signature = reader.embedded_signatures[ix]
            if signature.sig_object.get("/Type") == "/DocTimeStamp":
                continue
            out = io.BytesIO()
            add_validation_info(signature, _validation_context(options), output=out)
            current = out.getvalue()
        writer = IncrementalPdfFileWriter(io.BytesIO(current), strict=False)
        out = io.BytesIO()
        stamper: timestamps.TimeStamper = RequestsHTTPTimeStamper(
            options.tsa_url, timeout=options.timeout
        )
        PdfTimeStamper(stamper).timestamp_pdf(
            writer, "sha256", validation_context=_validation_context(options), output=out
        )
        return out.getvalue()
    except Exception as exc:
        if _is_network(exc):
            raise _StillOffline(f"{type(exc).__name__}: {exc}") from exc
        if isinstance(exc, AppError):
            raise
        if "pdf" in type(exc).__module__.lower():
            raise InvalidInput("file", "malformed", reason=str(exc)) from exc
        raise SigningError(reason=str(exc)) from exc


__all__ = ["PendingUpgrade", "UpgradeOutcome", "UpgradeQueue", "upgrade_pdf"]
