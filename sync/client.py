"""The client of the axis (docs/domain.md §10): one method per operation, plain blocking
calls for the sync worker thread.

    client = AxisClient("https://axis.example/XrdAdapter/adapter", "00.53.W00", secret,
                        timeout=(5, 120), verify="/path/ca-bundle.pem")
    doc_id = client.send_edoc(path, to=["000.00.00.G22"], msgid=outbox_row.msgid)

Every failure is a ``SyncError`` (sync/errors.py) with ``transient`` set; no exception of
``requests`` escapes. TLS certificates are verified by default.

**Idempotency.** ``send_edoc`` signs an ``XroadVnpt-msgid`` header: a key the caller keeps
for one package across all its retries (the outbox's consignment id). An axis that knows the
header (the local axis does) stores a package once per (system, msgid) and answers every
retry with the first ``DocId``; the same msgid with different bytes is refused
(``MSGID_CONFLICT``). Without a msgid the local axis treats the same bytes sent again by
the same system to the same recipients as a retry too.

**Memory.** Uploads stream the file (sync/multipart.py); ``get_edoc`` decodes the base64
``data`` of the answer as it arrives (sync/jsonstream.py). Lists (``getReceivedEdocList``,
``getSentEdocList``, ``getAgenciesList``) are parsed whole: the 111,000-agency directory is
about 15 MB of JSON and twice that as Python objects while parsing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO

import requests

from app.errors import InvalidInput
from app.fileio import write_atomically
from sync.axis_protocol import MESSAGE_TYPES, SERVICE_TYPE, TOKEN, sign_headers
from sync.errors import (
    AUTH_ERROR_CODES,
    RETRYABLE_ERROR_CODES,
    AxisAuthFailed,
    AxisCertificateError,
    AxisClockSkew,
    AxisProtocolError,
    AxisRejected,
    AxisUnreachable,
    SyncError,
)
from sync.jsonstream import Base64FieldReader, JsonStreamError
from sync.multipart import FileChanged, MultipartFileBody

USER_AGENT = "VanThuDesk/0.1 XRoad/VPCP"
DOWNLOAD_CHUNK = 1024 * 1024
MAX_ERROR_BODY = 1024 * 1024
DELIVERY_STATUSES = ("done", "fail", "processing")


@dataclass(frozen=True, slots=True)
class ReceivedItem:
    """A package waiting for this system (``getReceivedEdocList``)."""

    doc_id: str
    from_org: str
    to: str
    message_type: str
    service_type: str
    created_time: str
    updated_time: str
    status: str
    status_desc: str


@dataclass(frozen=True, slots=True)
class SentItem:
    """One receiver of a package this system sent (``getSentEdocList``)."""

    doc_id: str
    receiver_doc_id: str
    from_org: str
    to_org: str
    message_type: str
    receive_status: str
    receive_status_desc: str
    sent_time: str
    received_time: str
    msgid: str


@dataclass(frozen=True, slots=True)
class Agency:
    """An organisation of the directory (``getAgenciesList``); ``parent_id`` is the parent's
    organ id ("" for a top-level one)."""

    organ_id: str
    name: str
    parent_id: str
    mail: str
    id: str


@dataclass(frozen=True, slots=True)
class Download:
    doc_id: str
    size: int
    sha256: str


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _token(name: str, value: str) -> str:
    if not isinstance(value, str) or not TOKEN.match(value):
        raise InvalidInput(name, "malformed", value=value)
    return value


def classify_answer(
    operation: str,
    http_status: int,
    answer: dict[str, Any] | None,
    *,
    endpoint: str = "",
    retry_after: float | None = None,
) -> SyncError | None:
    """The error an answer stands for, or ``None`` for an ``OK``. Pure: the rules of
    transient vs permanent live here and nowhere else.

    HTTP 5xx, 408, 429 → ``AxisUnreachable``; 401, a bare 403 or an ``AUTH_*`` code →
    ``AxisAuthFailed`` (``AUTH_STALE`` → ``AxisClockSkew``); a FAIL with a retryable code
    → ``AxisUnreachable``; other 3xx/4xx and FAIL answers → ``AxisRejected``; a 2xx that is
    not the protocol's JSON → ``AxisProtocolError``."""
    answer = answer if isinstance(answer, dict) else None
    code = _text(answer.get("ErrorCode")).strip() if answer else ""
    desc = _text(answer.get("ErrorDesc"))[:500] if answer else ""
    status = _text(answer.get("status")).upper() if answer else ""
    data = {
        "http_status": http_status,
        "error_code": code,
        "error_desc": desc,
        "endpoint": endpoint,
        "retry_after": retry_after,
    }
    if http_status >= 500 or http_status in (408, 429):
        return AxisUnreachable(operation, reason=f"http_{http_status}", **data)
    if code in AUTH_ERROR_CODES or http_status == 401 or (http_status == 403 and not code):
        cls = AxisClockSkew if code == "AUTH_STALE" else AxisAuthFailed
        return cls(operation, reason=code.lower() or f"http_{http_status}", **data)
    if code in RETRYABLE_ERROR_CODES:
        return AxisUnreachable(operation, reason=code.lower(), **data)
    if 300 <= http_status < 400:
        return AxisRejected(operation, reason="redirect", **data)
    if 200 <= http_status < 300:
        if answer is None:
            return AxisProtocolError(operation, reason="not_json", **data)
        if status == "OK":
            return None
        if status != "FAIL":
            return AxisProtocolError(operation, reason="no_status", **data)
        return AxisRejected(operation, reason=code.lower() or "fail", **data)
    return AxisRejected(operation, reason=code.lower() or f"http_{http_status}", **data)


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _exception_chain(exc: BaseException) -> Iterable[BaseException]:
    """The exception and what it wraps (causes, urllib3's ``reason``, exception args)."""
    todo, seen = [exc], set()
    while todo:
        current = todo.pop()
        if id(current) in seen or len(seen) > 20:
            continue
        seen.add(id(current))
        yield current
        for inner in (current.__cause__, current.__context__, getattr(current, "reason", None),
                      *current.args):  # fmt: skip
            if isinstance(inner, BaseException):
                todo.append(inner)


def _exception_reason(exc: BaseException) -> str:
    for inner in _exception_chain(exc):
        if isinstance(inner, ConnectionRefusedError):
            return "connection_refused"
        if isinstance(inner, ConnectionResetError | BrokenPipeError | ConnectionAbortedError):
            return "connection_reset"
    text = str(exc).lower()
    if "name or service not known" in text or "nodename nor servname" in text:
        return "dns"
    if "refused" in text:
        return "connection_refused"
    if "reset" in text or "aborted" in text or "incomplete" in text or "broken" in text:
        return "connection_dropped"
    return "connection_failed"


class AxisClient:
    """One system's connection to an axis endpoint. Thread-compatible, not thread-safe:
    the sync worker owns it (a ``requests.Session`` keeps the connection open)."""

    def __init__(
        self,
        endpoint: str,
        system_id: str,
        secret: str,
        *,
        timeout: tuple[float, float] | float = (10.0, 120.0),
        verify: bool | str | os.PathLike[str] = True,
        session: requests.Session | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        user_agent: str = USER_AGENT,
    ) -> None:
        parts = urllib.parse.urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InvalidInput("endpoint", "malformed", value=endpoint)
        if not secret:
            raise InvalidInput("secret", "missing")
        self.endpoint = endpoint.rstrip("/")
        self.system_id = _token("system_id", system_id)
        self._secret = secret
        self.timeout = timeout
        self.verify: bool | str = verify if isinstance(verify, bool) else os.fspath(verify)
        self.session = session or requests.Session()
        self._clock = clock
        self._user_agent = user_agent

    def __repr__(self) -> str:  # never the secret
        return f"AxisClient({self.endpoint!r}, {self.system_id!r})"

    def close(self) -> None:
        self.session.close()

    def clone(self) -> AxisClient:
        """The same system on its own connection, for another thread (a Session is not
        shared between threads)."""
        return AxisClient(
            self.endpoint, self.system_id, self._secret, timeout=self.timeout,
            verify=self.verify, clock=self._clock, user_agent=self._user_agent,
        )  # fmt: skip

    def __enter__(self) -> AxisClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ the operations ---

    def send_edoc(
        self,
        source: str | os.PathLike[str] | BinaryIO,
        *,
        to: Sequence[str],
        message_type: str = "edoc",
        msgid: str | None = None,
        from_org: str | None = None,
        sha256: str | None = None,
        filename: str | None = None,
    ) -> str:
        """Upload one .edxml package to the organisations ``to``; returns the axis's DocId.
        ``source`` is a path or a seekable binary stream (read from its position to its
        end). ``msgid``: the idempotency key, the same on every retry of this package.
        ``sha256``: the file's hex SHA-256 when already known (saves reading it twice)."""
        if message_type not in MESSAGE_TYPES:
            raise InvalidInput("message_type", "unknown", value=message_type)
        recipients = [_token("recipients", t) for t in to]
        if not recipients:
            raise InvalidInput("recipients", "missing")
        params = {
            "from": _token("from_org", from_org) if from_org else None,
            "to": ",".join(recipients),
            "servicetype": SERVICE_TYPE,
            "messagetype": message_type,
            "msgid": _token("msgid", msgid) if msgid else None,
        }
        stream, close = self._open(source)
        try:
            start = stream.tell()
            size = stream.seek(0, os.SEEK_END) - start
            stream.seek(start)
            if size <= 0:
                raise InvalidInput("file", "empty", value=self._name(source))
            if sha256 is None:
                digest = hashlib.sha256()
                while chunk := stream.read(DOWNLOAD_CHUNK):
                    digest.update(chunk)
                sha256 = digest.hexdigest()
                stream.seek(start)
            if not re.fullmatch(r"[0-9a-fA-F]{64}", sha256):
                raise InvalidInput("file", "malformed", value=sha256, expected="SHA-256 hex")
            params["hash-file"] = sha256.lower()
            body = MultipartFileBody(
                stream, size, filename=filename or Path(self._name(source)).name
            )
            answer = self._call("sendEdoc", params, body=body, content_type=body.content_type)
        except OSError as exc:
            raise InvalidInput("file", "unreadable", value=self._name(source)) from exc
        finally:
            if close:
                stream.close()
        doc_id = _text(answer.get("DocId") or answer.get("docId")).strip()
        if not doc_id:
            raise AxisProtocolError("sendEdoc", reason="no_doc_id", endpoint=self.endpoint)
        return doc_id

    def get_received_list(self, message_type: str = "edoc") -> list[ReceivedItem]:
        """The packages waiting for this system (not yet acknowledged done or fail)."""
        if message_type not in MESSAGE_TYPES:
            raise InvalidInput("message_type", "unknown", value=message_type)
        answer = self._call(
            "getReceivedEdocList", {"servicetype": SERVICE_TYPE, "messagetype": message_type}
        )
        return [
            ReceivedItem(
                doc_id=_text(r.get("docId")),
                from_org=_text(r.get("from")),
                to=_text(r.get("to")),
                message_type=_text(r.get("messageType")),
                service_type=_text(r.get("serviceType")),
                created_time=_text(r.get("created_time")),
                updated_time=_text(r.get("updated_time")),
                status=_text(r.get("status")),
                status_desc=_text(r.get("status_desc")),
            )
            for r in self._rows("getReceivedEdocList", answer)
        ]

    def get_edoc(self, doc_id: str, out: IO[bytes]) -> Download:
        """Write package ``doc_id`` to ``out`` as it arrives. On an error ``out`` may hold
        part of it: use ``download_edoc`` to get a whole file or nothing."""
        _token("doc_id", doc_id)
        operation = "getEdoc"
        response = self._post(operation, {"docId": doc_id}, stream=True)
        digest = hashlib.sha256()
        size = 0

        def sink(chunk: bytes) -> None:
            nonlocal size
            out.write(chunk)
            digest.update(chunk)
            size += len(chunk)

        try:
            if response.status_code != 200:
                self._check(operation, response, self._json_of(operation, response, True))
            reader = Base64FieldReader(sink)
            try:
                for chunk in response.iter_content(DOWNLOAD_CHUNK):
                    reader.feed(chunk)
                answer = reader.finish()
            except JsonStreamError as exc:
                raise AxisProtocolError(
                    operation, reason=exc.reason, http_status=200, endpoint=self.endpoint
                ) from None
            except requests.RequestException as exc:
                raise self._transport_error(operation, exc) from None
            self._check(operation, response, answer)
            if not reader.found:
                raise AxisProtocolError(
                    operation, reason="no_data", http_status=200, endpoint=self.endpoint
                )
        finally:
            response.close()
        return Download(doc_id, size, digest.hexdigest())

    def download_edoc(self, doc_id: str, dest: str | os.PathLike[str]) -> Download:
        """``get_edoc`` into ``dest`` atomically: the whole package or no file at all."""
        result: list[Download] = []
        write_atomically(Path(dest), True, lambda f: result.append(self.get_edoc(doc_id, f)))
        return result[0]

    def update_status(self, doc_id: str, status: str, description: str = "") -> None:
        """The transport acknowledgement of a received package: ``done`` once it is safely
        stored, ``fail`` when it cannot be taken in, ``processing`` meanwhile."""
        _token("doc_id", doc_id)
        if status not in DELIVERY_STATUSES:
            raise InvalidInput("status", "unknown", value=status)
        params = {"docId": doc_id, "status": status}
        if description:  # free text, percent-encoded UTF-8 (headers are ASCII)
            params["description"] = urllib.parse.quote(description[:500], safe="")
        self._call("updateStatus", params)

    def get_sent_list(self, doc_id: str | None = None) -> list[SentItem]:
        """Each receiver's state of what this system sent (of one package with doc_id)."""
        params = {"servicetype": SERVICE_TYPE}
        if doc_id:
            params["docId"] = _token("doc_id", doc_id)
        answer = self._call("getSentEdocList", params)
        return [
            SentItem(
                doc_id=_text(r.get("senderDocId")),
                receiver_doc_id=_text(r.get("receiverDocId")),
                from_org=_text(r.get("fromCode")),
                to_org=_text(r.get("toCode")),
                message_type=_text(r.get("messageType")),
                receive_status=_text(r.get("receiveStatus")),
                receive_status_desc=_text(r.get("receiveStatusDesc")),
                sent_time=_text(r.get("sentTime")),
                received_time=_text(r.get("receivedTime")),
                msgid=_text(r.get("msgid")),
            )
            for r in self._rows("getSentEdocList", answer)
        ]

    def get_agencies(self) -> list[Agency]:
        """The directory of connected organisations. The answer's ``pid`` may name the
        parent by its ``id`` or by its code; ``parent_id`` is always the parent's organ id."""
        answer = self._call("getAgenciesList", {})
        rows = self._rows("getAgenciesList", answer)
        code_of_id: dict[str, str] | None = None
        agencies: list[Agency] = []
        append = agencies.append
        for r in rows:  # 111,000 rows: kept to plain dict lookups
            get = r.get
            ident, parent = get("id"), get("pcode")
            if not parent:
                pid = get("pid")
                if pid not in (None, "", 0, "0"):
                    if code_of_id is None:
                        code_of_id = {str(x.get("id")): str(x.get("code") or "") for x in rows}
                    parent = code_of_id.get(str(pid), str(pid))
            append(
                Agency(
                    str(get("code") or ""),
                    str(get("name") or ""),
                    str(parent or ""),
                    str(get("mail") or ""),
                    "" if ident is None else str(ident),
                )
            )
        return agencies

    def register_agency(self, code: str, name: str, parent: str = "", mail: str = "") -> None:
        """Register a subordinate unit (JSON body ``{code, pcode, name, mail}``)."""
        body = json.dumps(
            {"code": _token("org_id", code), "pcode": parent, "name": name, "mail": mail},
            ensure_ascii=False,
        ).encode("utf-8")
        params = {"hash-body": hashlib.sha256(body).hexdigest()}
        self._call("registerAgency", params, body=body, content_type="application/json")

    def delete_agency(self, code: str) -> None:
        self._call("deleteAgency", {"AgencyCode": _token("org_id", code)})

    # ---------------------------------------------------------------------- the wire ---

    def _open(self, source: str | os.PathLike[str] | BinaryIO) -> tuple[BinaryIO, bool]:
        if isinstance(source, str | os.PathLike):
            path = Path(source)
            try:
                return path.open("rb"), True
            except FileNotFoundError:
                raise InvalidInput("file", "not_found", value=str(path)) from None
            except IsADirectoryError:
                raise InvalidInput("file", "not_a_file", value=str(path)) from None
            except OSError:
                raise InvalidInput("file", "unreadable", value=str(path)) from None
        if not (hasattr(source, "read") and source.seekable()):
            raise InvalidInput("file", "not_a_file", value=repr(source))
        return source, False

    @staticmethod
    def _name(source: object) -> str:
        if isinstance(source, str | os.PathLike):
            return os.fspath(source)
        return str(getattr(source, "name", "") or "edoc.edxml")

    def _post(
        self,
        operation: str,
        params: dict[str, str | None],
        *,
        body: Any = None,
        content_type: str | None = None,
        stream: bool = False,
    ) -> requests.Response:
        now = self._clock() if self._clock else None
        headers = sign_headers(
            {k: v for k, v in params.items() if v is not None}, self.system_id, self._secret,
            now=now,
        )  # fmt: skip
        headers["User-Agent"] = self._user_agent
        headers["Accept-Encoding"] = "gzip" if operation != "getEdoc" else "identity"
        if content_type:
            headers["Content-Type"] = content_type
        try:
            return self.session.post(
                f"{self.endpoint}/{operation}",
                data=body,
                headers=headers,
                timeout=self.timeout,
                verify=self.verify,
                stream=stream,
                allow_redirects=False,
            )
        except FileChanged as exc:
            raise InvalidInput("file", "unreadable", reason="changed") from exc
        except requests.RequestException as exc:
            if any(isinstance(e, FileChanged) for e in _exception_chain(exc)):
                raise InvalidInput("file", "unreadable", reason="changed") from exc
            raise self._transport_error(operation, exc) from None

    def _transport_error(self, operation: str, exc: requests.RequestException) -> SyncError:
        where = {"endpoint": self.endpoint}
        if isinstance(exc, requests.exceptions.SSLError):
            text = str(exc)
            if "CERTIFICATE" in text.upper() or "hostname" in text.lower():
                return AxisCertificateError(operation, reason="certificate", **where)
            return AxisUnreachable(operation, reason="tls_handshake", **where)
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return AxisUnreachable(operation, reason="connect_timeout", **where)
        if isinstance(exc, requests.exceptions.Timeout):
            return AxisUnreachable(operation, reason="timeout", **where)
        if isinstance(
            exc, requests.exceptions.ConnectionError | requests.exceptions.ChunkedEncodingError
        ):
            return AxisUnreachable(operation, reason=_exception_reason(exc), **where)
        if isinstance(exc, requests.exceptions.ContentDecodingError):
            return AxisProtocolError(operation, reason="bad_encoding", **where)
        return AxisProtocolError(operation, reason=type(exc).__name__, **where)

    def _json_of(
        self, operation: str, response: requests.Response, capped: bool = False
    ) -> dict[str, Any] | None:
        try:
            if capped:
                raw = b""
                for chunk in response.iter_content(64 * 1024):
                    raw += chunk
                    if len(raw) > MAX_ERROR_BODY:
                        return None
            else:
                raw = response.content
        except requests.RequestException as exc:
            raise self._transport_error(operation, exc) from None
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            return None
        return value if isinstance(value, dict) else None

    def _check(
        self, operation: str, response: requests.Response, answer: dict[str, Any] | None
    ) -> dict[str, Any]:
        error = classify_answer(
            operation,
            response.status_code,
            answer,
            endpoint=self.endpoint,
            retry_after=_retry_after(response),
        )
        if error is not None:
            raise error
        assert answer is not None
        return answer

    def _call(
        self,
        operation: str,
        params: dict[str, str | None],
        *,
        body: Any = None,
        content_type: str | None = None,
    ) -> dict[str, Any]:
        response = self._post(operation, params, body=body, content_type=content_type)
        try:
            return self._check(operation, response, self._json_of(operation, response))
        finally:
            response.close()

    def _rows(self, operation: str, answer: dict[str, Any]) -> list[dict[str, Any]]:
        rows: Iterable[Any] = answer.get("data") or []
        if not isinstance(rows, list):
            raise AxisProtocolError(operation, reason="data_not_a_list", endpoint=self.endpoint)
        return [r for r in rows if isinstance(r, dict)]


__all__ = [
    "Agency",
    "AxisClient",
    "Download",
    "ReceivedItem",
    "SentItem",
    "classify_answer",
]
