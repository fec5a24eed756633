"""The local axis as a plain WSGI application (served by waitress, sync/server/run.py).

Every operation is ``POST /<operation>`` authenticated by the signed ``XroadVnpt-`` headers
(sync/axis_protocol.py); parameters are read from the *signed* set only. Answers are JSON
``{"status": "OK"|"FAIL", "ErrorCode", "ErrorDesc", …}``:

=====================  ====  ============================================================
ErrorCode              HTTP  when
=====================  ====  ============================================================
AUTH_MISSING           401   no signature headers, or a needed parameter is not signed
AUTH_FAILED            401   unknown system, bad HMAC, headers that differ from the signed
AUTH_STALE             401   timestamp outside the freshness window
AUTH_REPLAY            401   a signature seen before
BAD_REQUEST            400   a missing or malformed parameter, a broken multipart body
HASH_MISMATCH          400   the uploaded file's SHA-256 differs from ``hash-file``
UNKNOWN_RECIPIENT      400   a ``to`` organisation with no registered system
FORBIDDEN              403   sending as another organisation, deleting another's agency
NOT_FOUND              404   unknown operation, or no such package for this system
MSGID_CONFLICT         409   a ``msgid`` already used for a different file
INVALID_STATE          409   changing a delivery already ``done`` or ``fail``
UNAVAILABLE            503   fault injection (``--fail-rate``)
STORAGE_BUSY           503   the database stayed locked
SERVER_ERROR           500   anything unexpected (logged)
=====================  ====  ============================================================

Fault injection (tests, training): ``delay_ms`` before every request; ``fail_rate`` answers
503 before doing anything; ``drop_after_receive`` stores a sendEdoc package and then cuts
the answer short (headers and half the body, then the connection closes), so the client
believes the send failed and retries — with the same ``XroadVnpt-msgid`` it gets the same
DocId and the package is delivered once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import random
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.errors import StorageError
from sync.axis_protocol import (
    DEFAULT_WINDOW,
    MESSAGE_TYPES,
    SERVICE_TYPE,
    TOKEN,
    VerifiedRequest,
    verify_headers,
    wsgi_header_getter,
)
from sync.errors import AxisAuthFailed
from sync.multipart import MultipartError, read_file_part
from sync.server.directory import Directory
from sync.server.store import AxisStore, Refusal, StoredPackage, System

log = logging.getLogger("vanthu.axis")

B64_BLOCK = 3 * 256 * 1024  # bytes read per chunk of a getEdoc answer (a multiple of 3)
MAX_JSON_BODY = 64 * 1024
OPERATIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    # operation → (method of AxisApp, parameters it needs signed)
    "sendEdoc": ("_send_edoc", ("to", "hash-file")),
    "getReceivedEdocList": ("_received_list", ()),
    "getEdoc": ("_get_edoc", ("docid",)),
    "updateStatus": ("_update_status", ("docid", "status")),
    "getSentEdocList": ("_sent_list", ()),
    "getAgenciesList": ("_agencies", ()),
    "registerAgency": ("_register_agency", ("hash-body",)),
    "deleteAgency": ("_delete_agency", ("agencycode",)),
}
STATUSES = ("done", "fail", "processing")

StartResponse = Callable[..., Any]
Environ = dict[str, Any]


@dataclass(frozen=True)
class Faults:
    fail_rate: float = 0.0
    delay_ms: int = 0
    drop_after_receive: float = 0.0
    seed: int | None = None


@dataclass
class Answer:
    status: int
    body: Iterable[bytes]
    length: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    content_type: str = "application/json; charset=utf-8"


def json_answer(status: int, value: dict[str, Any], **headers: str) -> Answer:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Answer(status, [body], len(body), [(k.replace("_", "-"), v) for k, v in headers.items()])


def ok(**fields: Any) -> Answer:
    return json_answer(200, {"status": "OK", "ErrorCode": "", "ErrorDesc": "", **fields})


def fail(status: int, code: str, desc: str = "", **headers: str) -> Answer:
    value = {"status": "FAIL", "ErrorCode": code, "ErrorDesc": desc}
    return json_answer(status, value, **headers)


_REASON = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
           404: "Not Found", 405: "Method Not Allowed", 409: "Conflict",
           500: "Internal Server Error", 503: "Service Unavailable"}  # fmt: skip


def _id(value: str, name: str) -> str:
    value = value.strip()
    if not TOKEN.match(value):
        raise Refusal(400, "BAD_REQUEST", f"bad {name}")
    return value


def parse_recipients(value: str) -> list[str]:
    """``to``: comma-separated organ ids, or a JSON array of them (some SDK clients)."""
    value = value.strip()
    if value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            raise Refusal(400, "BAD_REQUEST", "bad to") from None
        if not isinstance(items, list):
            raise Refusal(400, "BAD_REQUEST", "bad to")
        parts = [str(i) for i in items]
    else:
        parts = value.split(",")
    orgs = [_id(p, "to") for p in parts if p.strip()]
    if not orgs:
        raise Refusal(400, "BAD_REQUEST", "no recipient")
    return list(dict.fromkeys(orgs))


class AxisApp:
    """The WSGI callable."""

    def __init__(
        self, store: AxisStore, *, faults: Faults = Faults(), window: float = DEFAULT_WINDOW
    ) -> None:
        self.store = store
        self.faults = faults
        self.window = window
        self.directory = Directory(store)
        self._random = random.Random(faults.seed)
        self._random_lock = threading.Lock()

    def _chance(self, p: float) -> bool:
        if p <= 0:
            return False
        with self._random_lock:
            return self._random.random() < p

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        operation = str(environ.get("PATH_INFO", "")).rstrip("/").rsplit("/", 1)[-1]
        caller = ["-"]
        try:
            answer = self._answer(environ, operation, caller)
        except Refusal as refusal:
            answer = fail(refusal.status, refusal.code, refusal.desc)
        except StorageError:
            answer = fail(503, "STORAGE_BUSY", "database busy", Retry_After="1")
        except Exception:
            log.exception("%s failed", operation)
            answer = fail(500, "SERVER_ERROR", "unexpected error")
        headers = [("Content-Type", answer.content_type),
                   ("Content-Length", str(answer.length)), *answer.headers]  # fmt: skip
        start_response(f"{answer.status} {_REASON.get(answer.status, 'Error')}", headers)
        log.info(
            "%s %s system=%s %.1fms",
            operation or "/",
            answer.status,
            caller[0],
            (time.perf_counter() - started) * 1000,
        )
        return answer.body

    def _answer(self, environ: Environ, operation: str, caller: list[str]) -> Answer:
        if environ.get("REQUEST_METHOD") != "POST":
            return fail(405, "BAD_REQUEST", "use POST", Allow="POST")
        if operation not in OPERATIONS:
            return fail(404, "NOT_FOUND", "unknown operation")
        method, required = OPERATIONS[operation]
        if self.faults.delay_ms > 0:
            time.sleep(self.faults.delay_ms / 1000)
        if self._chance(self.faults.fail_rate):
            return fail(503, "UNAVAILABLE", "injected failure", Retry_After="1")
        try:
            request = verify_headers(
                wsgi_header_getter(environ),
                self.store.secret_for,
                replay=self.store,
                required=required,
                window=self.window,
            )
        except AxisAuthFailed as exc:
            log.info("%s refused: %s %s", operation, exc.error_code, exc.reason)
            return fail(401, exc.error_code or "AUTH_FAILED", exc.reason)
        caller[0] = request.system_id
        system = self.store.system(request.system_id)
        answer: Answer = getattr(self, method)(environ, request, system)
        return answer

    # ---------------------------------------------------------------------- operations ---

    def _send_edoc(self, environ: Environ, request: VerifiedRequest, system: System) -> Answer:
        to_orgs = parse_recipients(request.get("to"))
        message_type = request.get("messagetype", "edoc")
        if message_type not in MESSAGE_TYPES:
            raise Refusal(400, "BAD_REQUEST", "bad messagetype")
        from_org = _id(request.get("from") or system.org_id, "from")
        if not self.store.may_send_as(system, from_org):
            raise Refusal(403, "FORBIDDEN", "cannot send as this organisation")
        sha256 = request.get("hash-file").lower()
        msgid = request.get("msgid") or None
        if msgid:
            msgid = _id(msgid, "msgid")
            known = self.store.package_by_msgid(system.system_id, msgid)
            if known is not None:  # a retry of a package already stored: do not read it
                if known[1] != sha256:
                    raise Refusal(409, "MSGID_CONFLICT", "msgid already used for other bytes")
                return ok(DocId=known[0])
        stored = self._receive(environ, system, to_orgs, from_org, message_type, sha256, msgid)
        if not stored.duplicate and self._chance(self.faults.drop_after_receive):
            answer = ok(DocId=stored.doc_id)
            body = b"".join(answer.body)
            log.info("sendEdoc %s stored, answer dropped (fault injection)", stored.doc_id)
            return Answer(200, [body[: len(body) // 2]], len(body))
        return ok(DocId=stored.doc_id)

    def _receive(
        self,
        environ: Environ,
        system: System,
        to_orgs: list[str],
        from_org: str,
        message_type: str,
        sha256: str,
        msgid: str | None,
    ) -> StoredPackage:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        fd, temp = self.store.temp_file()
        digest = hashlib.sha256()
        try:
            with os.fdopen(fd, "wb") as out:

                def sink(chunk: bytes) -> None:
                    digest.update(chunk)
                    out.write(chunk)

                part = read_file_part(
                    environ["wsgi.input"],
                    str(environ.get("CONTENT_TYPE", "")),
                    "file_doc",
                    sink,
                    length=length or None,
                )
                out.flush()
                os.fsync(out.fileno())
            if part.size == 0:
                raise Refusal(400, "BAD_REQUEST", "empty file")
            if digest.hexdigest() != sha256:
                raise Refusal(400, "HASH_MISMATCH", "file does not match hash-file")
            return self.store.store_package(
                temp,
                sender=system,
                from_org=from_org,
                to_orgs=to_orgs,
                message_type=message_type,
                service_type=SERVICE_TYPE,
                sha256=sha256,
                size=part.size,
                msgid=msgid,
            )
        except MultipartError as exc:
            raise Refusal(400, "BAD_REQUEST", f"multipart: {exc.reason}") from None
        finally:
            temp.unlink(missing_ok=True)

    def _received_list(self, environ: Environ, request: VerifiedRequest, system: System) -> Answer:
        message_type = request.get("messagetype", "edoc")
        if message_type not in MESSAGE_TYPES:
            raise Refusal(400, "BAD_REQUEST", "bad messagetype")
        return ok(data=self.store.received(system.system_id, message_type))

    def _get_edoc(self, environ: Environ, request: VerifiedRequest, system: System) -> Answer:
        doc_id = _id(request.get("docid"), "docId")
        found = self.store.package_for(system.system_id, doc_id)
        if found is None:
            raise Refusal(404, "NOT_FOUND", "no such package for this system")
        path, _ = found
        stream = path.open("rb")  # opened now: a missing file is a 500, not a cut answer
        size = os.fstat(stream.fileno()).st_size
        head = json.dumps({"status": "OK", "ErrorCode": "", "ErrorDesc": "", "docId": doc_id})
        head_bytes = head[:-1].encode("utf-8") + b',"data":"'
        tail = b'"}'
        length = len(head_bytes) + (size + 2) // 3 * 4 + len(tail)
        return Answer(200, _base64_body(stream, head_bytes, tail), length)

    def _update_status(self, environ: Environ, request: VerifiedRequest, system: System) -> Answer:
        doc_id = _id(request.get("docid"), "docId")
        status = request.get("status").lower()
        if status not in STATUSES:
            raise Refusal(400, "BAD_REQUEST", "status must be done, fail or processing")
        desc = urllib.parse.unquote(request.get("description"))[:500]
        self.store.set_delivery(system.system_id, doc_id, status, desc)
        return ok()

    def _sent_list(self, environ: Environ, request: VerifiedRequest, system: System) -> Answer:
        doc_id = request.get("docid")
        return ok(data=self.store.sent(system.system_id, _id(doc_id, "docId") if doc_id else ""))

    def _agencies(self, environ: Environ, request: VerifiedRequest, system: System) -> Answer:
        answer = self.directory.answer()
        if "gzip" in str(environ.get("HTTP_ACCEPT_ENCODING", "")):
            headers = [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
            return Answer(200, [answer.gzipped], len(answer.gzipped), headers)
        return Answer(200, [answer.body], len(answer.body), [("Vary", "Accept-Encoding")])

    def _register_agency(
        self, environ: Environ, request: VerifiedRequest, system: System
    ) -> Answer:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if not 0 < length <= MAX_JSON_BODY:
            raise Refusal(400, "BAD_REQUEST", "JSON body expected")
        raw = environ["wsgi.input"].read(length)
        if hashlib.sha256(raw).hexdigest() != request.get("hash-body").lower():
            raise Refusal(400, "HASH_MISMATCH", "body does not match hash-body")
        try:
            value = json.loads(raw)
        except ValueError:
            raise Refusal(400, "BAD_REQUEST", "body is not JSON") from None
        if not isinstance(value, dict):
            raise Refusal(400, "BAD_REQUEST", "body is not a JSON object")
        code = _id(str(value.get("code") or ""), "code")
        name = str(value.get("name") or "").strip()[:500]
        if not name:
            raise Refusal(400, "BAD_REQUEST", "name is missing")
        pcode = str(value.get("pcode") or system.org_id).strip()
        if pcode != system.org_id and not self.store.may_send_as(system, pcode):
            raise Refusal(403, "FORBIDDEN", "parent is not this system's organisation")
        mail = str(value.get("mail") or "")[:200]
        self.store.register_agency(system, code, name, pcode, mail)
        return ok()

    def _delete_agency(self, environ: Environ, request: VerifiedRequest, system: System) -> Answer:
        self.store.delete_agency(system, _id(request.get("agencycode"), "AgencyCode"))
        return ok()


def _base64_body(stream: Any, head: bytes, tail: bytes) -> Iterator[bytes]:
    with stream:
        yield head
        carry = b""
        while block := stream.read(B64_BLOCK):
            block = carry + block
            cut = len(block) - len(block) % 3
            carry = block[cut:]
            if cut:
                yield base64.b64encode(block[:cut])
        if carry:
            yield base64.b64encode(carry)
        yield tail


__all__ = ["AxisApp", "Faults", "parse_recipients"]
