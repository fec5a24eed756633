"""``AxisClient``: every failure is a ``SyncError`` with the right ``transient`` flag, files
stream both ways in little memory, and the wire formats (multipart, base64 in JSON) hold.

Misbehaving axes are small stub servers in a thread on 127.0.0.1; the real local axis runs
as its own process (tests/sync/axis_server.py)."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import email.parser
import hashlib
import io
import json
import os
import random
import socket
import ssl
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests

from app.errors import InvalidInput
from sync.client import AxisClient, classify_answer
from sync.errors import (
    AxisAuthFailed,
    AxisCertificateError,
    AxisClockSkew,
    AxisProtocolError,
    AxisRejected,
    AxisUnreachable,
)
from sync.jsonstream import Base64FieldReader, JsonStreamError
from sync.multipart import MultipartError, MultipartFileBody, read_file_part
from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, AxisProcess, add_systems

SECRET = "secret-for-the-stub-0123456789"

# ------------------------------------------------------------- classification (pure) ---


@pytest.mark.parametrize(
    "status, answer, kind, transient",
    [
        (200, {"status": "OK", "DocId": "1"}, None, None),
        (200, {"status": "FAIL", "ErrorCode": "UNKNOWN_RECIPIENT"}, AxisRejected, False),
        (200, {"status": "FAIL", "ErrorCode": "SERVER_ERROR"}, AxisUnreachable, True),
        (200, {"status": "FAIL", "ErrorCode": "AUTH_FAILED"}, AxisAuthFailed, False),
        (200, {"status": "FAIL", "ErrorCode": "AUTH_STALE"}, AxisClockSkew, False),
        (200, {"ErrorCode": ""}, AxisProtocolError, True),
        (200, None, AxisProtocolError, True),
        (401, None, AxisAuthFailed, False),
        (403, None, AxisAuthFailed, False),
        (403, {"status": "FAIL", "ErrorCode": "FORBIDDEN"}, AxisRejected, False),
        (400, {"status": "FAIL", "ErrorCode": "HASH_MISMATCH"}, AxisRejected, False),
        (404, None, AxisRejected, False),
        (413, None, AxisRejected, False),
        (302, None, AxisRejected, False),
        (408, None, AxisUnreachable, True),
        (429, {"status": "FAIL", "ErrorCode": "RATE_LIMITED"}, AxisUnreachable, True),
        (500, {"status": "OK"}, AxisUnreachable, True),
        (502, None, AxisUnreachable, True),
        (503, {"status": "FAIL", "ErrorCode": "UNAVAILABLE"}, AxisUnreachable, True),
    ],
)
def test_answers_are_classified_transient_or_permanent(status, answer, kind, transient):
    error = classify_answer("sendEdoc", status, answer, endpoint="http://127.0.0.1:1")
    if kind is None:
        assert error is None
    else:
        assert type(error) is kind and error.transient is transient
        assert error.http_status == status and error.operation == "sendEdoc"


def test_every_sync_error_has_words_in_both_languages():
    from app.messages import describe
    from sync import errors

    for cls in (errors.SyncError, AxisUnreachable, AxisProtocolError, AxisAuthFailed,
                AxisClockSkew, AxisCertificateError, AxisRejected):  # fmt: skip
        error = cls("sendEdoc", http_status=400, error_code="HASH_MISMATCH", error_desc="d",
                    reason="timeout", endpoint="https://axis.test")  # fmt: skip
        texts = [describe(error, lang) for lang in ("vi", "en")]
        assert texts[0] != texts[1]
        assert all("{" not in t and cls.code not in t for t in texts), texts


# ---------------------------------------------------------------- stub axis servers ---

Reply = tuple[int, dict[str, str], bytes]


@contextmanager
def stub_axis(
    reply: Callable[[str, bytes], Reply], tls: ssl.SSLContext | None = None
) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering every POST with ``reply(path, body)``."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, headers, payload = reply(self.path, body)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client gave up (a test of that)
                self.wfile.write(payload)
            self.close_connection = True

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        scheme = "https" if tls else "http"
        yield f"{scheme}://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def client_for(url: str, **options: object) -> AxisClient:
    options.setdefault("timeout", (2.0, 5.0))
    return AxisClient(url, "sys.stub", SECRET, **options)  # type: ignore[arg-type]


def json_reply(value: object, status: int = 200, **headers: str) -> Callable[..., Reply]:
    return lambda path, body: (status, headers, json.dumps(value).encode())


def test_nothing_listening_is_a_transient_connection_refused():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(AxisUnreachable) as caught:
        client_for(f"http://127.0.0.1:{port}").get_received_list()
    assert caught.value.transient and caught.value.reason == "connection_refused"


def test_an_axis_that_never_answers_is_a_transient_timeout():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # the kernel accepts the connection; nobody ever answers
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(AxisUnreachable) as caught:
            client_for(url, timeout=(1.0, 0.3)).get_agencies()
    assert caught.value.transient and caught.value.reason == "timeout"


@pytest.mark.parametrize(
    "reply, kind, reason",
    [
        (lambda p, b: (200, {"Content-Type": "text/html"}, b"<html>proxy</html>"),
         AxisProtocolError, "not_json"),
        (lambda p, b: (502, {}, b"<html>Bad gateway</html>"), AxisUnreachable, "http_502"),
        (lambda p, b: (302, {"Location": "https://elsewhere/"}, b""), AxisRejected, "redirect"),
        (lambda p, b: (200, {"Content-Length": "400"}, b'{"status": "OK", "da'),
         AxisUnreachable, "connection_dropped"),
        (json_reply({"status": "OK", "data": {"not": "a list"}}), AxisProtocolError,
         "data_not_a_list"),
    ],
)  # fmt: skip
def test_answers_outside_the_protocol_never_leak_requests_errors(reply, kind, reason):
    with stub_axis(reply) as url, pytest.raises(kind) as caught:
        client_for(url).get_received_list()
    assert caught.value.reason == reason


def test_retry_after_is_passed_on():
    reply = json_reply({"status": "FAIL", "ErrorCode": "RATE_LIMITED"}, 429, **{"Retry-After": "7"})
    with stub_axis(reply) as url, pytest.raises(AxisUnreachable) as caught:
        client_for(url).update_status("d-1", "done")
    assert caught.value.retry_after == 7.0 and caught.value.http_status == 429


def test_get_edoc_decodes_gson_escapes_and_reports_broken_base64(tmp_path: Path):
    payload = os.urandom(10_000)
    b64 = base64.encodebytes(payload).decode()  # wrapped lines, as some axes send
    gson = json.dumps(b64).replace("=", "\\u003d").replace("/", "\\/")
    body = ('{"data":' + gson + ',"status":"OK","ErrorCode":"","ErrorDesc":""}').encode()
    with stub_axis(lambda p, b: (200, {}, body)) as url:
        out = io.BytesIO()
        result = client_for(url).get_edoc("doc-1", out)
    assert out.getvalue() == payload and result.sha256 == hashlib.sha256(payload).hexdigest()

    broken = b'{"status":"OK","data":"QUJD!!!!"}'
    with (
        stub_axis(lambda p, b: (200, {}, broken)) as url,
        pytest.raises(AxisProtocolError) as caught,
    ):
        client_for(url).download_edoc("doc-1", tmp_path / "out.edxml")
    assert caught.value.reason == "bad_base64"
    assert list(tmp_path.iterdir()) == []  # no half file left behind

    fail = json_reply({"status": "FAIL", "ErrorCode": "NOT_FOUND", "ErrorDesc": "no"})
    with stub_axis(fail) as url, pytest.raises(AxisRejected):
        client_for(url).get_edoc("doc-1", io.BytesIO())


def test_the_directory_resolves_parents_given_by_id():
    data = [
        {"id": 7, "code": "000.00.00.G22", "name": "Văn phòng Chính phủ", "pid": 0},
        {"id": 9, "code": "000.01.00.G22", "name": "Vụ Tổng hợp", "pid": 7, "mail": "a@b"},
        {"id": 11, "code": "000.02.00.G22", "name": "Vụ Pháp luật", "pcode": "000.00.00.G22"},
    ]
    with stub_axis(json_reply({"status": "OK", "data": data})) as url:
        agencies = client_for(url).get_agencies()
    assert [(a.organ_id, a.parent_id) for a in agencies] == [
        ("000.00.00.G22", ""), ("000.01.00.G22", "000.00.00.G22"),
        ("000.02.00.G22", "000.00.00.G22"),
    ]  # fmt: skip


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "axis.test")])
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "axis.pem", tmp_path / "axis.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_tls_is_verified_by_default_and_a_ca_bundle_can_be_given(tmp_path: Path):
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with stub_axis(json_reply({"status": "OK", "data": []}), tls=context) as url:
        with pytest.raises(AxisCertificateError) as caught:
            client_for(url).get_received_list()
        assert not caught.value.transient and isinstance(caught.value, AxisAuthFailed)
        assert client_for(url, verify=cert).get_received_list() == []


def test_the_client_checks_its_inputs_and_hides_its_secret(tmp_path: Path):
    with pytest.raises(InvalidInput):
        AxisClient("ftp://127.0.0.1/", "s", SECRET)
    client = AxisClient("http://127.0.0.1:9/", "sys.x", SECRET)
    assert SECRET not in repr(client) and SECRET not in str(vars(client).get("endpoint"))
    path = tmp_path / "p.edxml"
    path.write_bytes(b"<edXML/>")
    for bad in ([], ["a,b"], ["with space"]):
        with pytest.raises(InvalidInput):
            client.send_edoc(path, to=bad)
    with pytest.raises(InvalidInput) as caught:
        client.send_edoc(tmp_path / "missing.edxml", to=["000.00.00.G22"])
    assert caught.value.problem == "not_found"
    (tmp_path / "empty.edxml").write_bytes(b"")
    with pytest.raises(InvalidInput):
        client.send_edoc(tmp_path / "empty.edxml", to=["000.00.00.G22"])


def test_a_file_that_shrinks_during_the_upload_is_an_input_error():
    class Shrinking(io.BytesIO):
        def read(self, n: int = -1) -> bytes:  # after hashing, the file "loses" its end
            return super().read(n)[:100] if self.tell() > 0 or n > 100 else super().read(n)

    stream = Shrinking(b"x" * 50_000)
    reply = json_reply({"status": "OK", "DocId": "1"})
    with stub_axis(reply) as url, pytest.raises(InvalidInput) as caught:
        client_for(url).send_edoc(stream, to=["000.00.00.G22"], sha256="0" * 64)
    assert caught.value.data["reason"] == "changed"


# ------------------------------------------------------------------- wire formats ---


def _parse(body: bytes, content_type: str, chunk: int = 7) -> tuple[bytes, str]:
    got = bytearray()

    class Trickle(io.BytesIO):
        def read(self, n: int = -1) -> bytes:
            return super().read(min(n, chunk) if n and n > 0 else chunk)

    part = read_file_part(Trickle(body), content_type, "file_doc", got.extend, length=len(body))
    assert part.size == len(got)
    return bytes(got), part.filename


def test_the_streamed_multipart_body_round_trips():
    rng = random.Random(3)
    for size in (1, 2, 3, 100, 4095, 70_000):
        data = bytes(rng.getrandbits(8) for _ in range(size))
        data = data[: size // 2] + b"\r\n--vanthu-" + data[size // 2 :]  # boundary-like bytes
        body = MultipartFileBody(io.BytesIO(data), len(data), filename="Công văn 1.edxml",
                                 chunk_size=rng.randint(1, 5000))  # fmt: skip
        raw = b"".join(body)
        assert len(raw) == len(body)
        got, filename = _parse(raw, body.content_type, chunk=rng.randint(1, 9000))
        assert got == data and filename == "C_ng_v_n_1.edxml"
        # an independent reader agrees (the stdlib email parser)
        message = email.parser.BytesParser().parsebytes(
            b"Content-Type: " + body.content_type.encode() + b"\r\n\r\n" + raw
        )
        [part] = message.get_payload()
        assert part.get_payload(decode=True) == data
        assert part.get_param("name", header="content-disposition") == "file_doc"


def test_the_reader_takes_what_requests_builds_and_refuses_broken_bodies():
    prepared = requests.Request(
        "POST", "http://127.0.0.1/", files={"other": ("a.txt", b"skip"),
                                            "file_doc": ("x.edxml", b"<edXML>1</edXML>")},
        data={"note": "ignored"},
    ).prepare()  # fmt: skip
    got, _ = _parse(prepared.body, prepared.headers["Content-Type"])
    assert got == b"<edXML>1</edXML>"
    body = MultipartFileBody(io.BytesIO(b"abc"), 3)
    raw = b"".join(body)
    for broken, reason in (
        (raw[:-20], "truncated"),
        (raw.replace(b"file_doc", b"other"), "no_file"),
    ):
        with pytest.raises(MultipartError) as caught:
            _parse(broken, body.content_type)
        assert caught.value.reason == reason
    with pytest.raises(MultipartError):
        _parse(raw, "application/json")


def test_the_base64_field_reader_handles_any_chunking():
    rng = random.Random(5)
    for trial in range(60):
        payload = rng.randbytes(rng.randint(0, 3000))
        b64 = base64.b64encode(payload).decode()
        value = {"status": "OK", "x": {"data": "nested"}, "note": 'a "data": b', "data": b64}
        keys = list(value)
        rng.shuffle(keys)
        raw = json.dumps({k: value[k] for k in keys}, indent=trial % 2 or None).encode()
        out = bytearray()
        reader = Base64FieldReader(out.extend)
        i = 0
        while i < len(raw):
            step = rng.randint(1, 40)
            reader.feed(raw[i : i + step])
            i += step
        skeleton = reader.finish()
        assert bytes(out) == payload and skeleton["x"] == {"data": "nested"}
        assert skeleton["data"] == "" and skeleton["note"] == 'a "data": b'
    for broken in (b'{"status":"OK","data":"QUJD', b'{"status":"OK","data":"QUJDR"}'):
        reader = Base64FieldReader(lambda b: None)
        with pytest.raises(JsonStreamError):
            reader.feed(broken)
            reader.finish()


# ------------------------------------------------------------ memory, against the axis ---


@pytest.fixture
def axis(tmp_path: Path):
    data = tmp_path / "axis"
    add_systems(data, SYSTEM_A, SYSTEM_B)
    server = AxisProcess(data).start()
    yield server
    server.kill()


def test_a_50_mb_package_goes_up_and_down_in_little_memory(axis: AxisProcess, tmp_path: Path):
    import psutil

    path = tmp_path / "big.edxml"
    digest = hashlib.sha256()
    with path.open("wb") as f:
        for _ in range(50):
            block = os.urandom(1 << 20)
            digest.update(block)
            f.write(block)
    a, b = axis.client(SYSTEM_A), axis.client(SYSTEM_B)
    tracemalloc.start()
    try:
        doc_id = a.send_edoc(path, to=[SYSTEM_B[2]], msgid="big-1")
        _, upload_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = b.download_edoc(doc_id, tmp_path / "got.edxml")
        _, download_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.size == 50 << 20 and result.sha256 == digest.hexdigest()
    assert upload_peak < 4 << 20, upload_peak  # a few chunks, not 50 MB
    assert download_peak < 8 << 20, download_peak
    server_rss = psutil.Process(axis.process.pid).memory_info().rss
    assert server_rss < 150 << 20, server_rss  # the server streams too
