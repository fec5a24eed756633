"""The local axis, run as its own process on 127.0.0.1 and driven through ``AxisClient``:
routing, acknowledgements, authentication, durability across SIGKILL, fault injection and
deduplication, and its two commands."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from sync.axis_protocol import sign_headers
from sync.errors import (
    AxisAuthFailed,
    AxisClockSkew,
    AxisRejected,
    AxisUnreachable,
    SyncError,
)
from tests.sync.axis_server import (
    SYSTEM_A,
    SYSTEM_B,
    SYSTEM_C,
    AxisProcess,
    add_systems,
    child_env,
)

A_ORG, B_ORG, C_ORG = SYSTEM_A[2], SYSTEM_B[2], SYSTEM_C[2]


def package(tmp_path: Path, name: str, size: int = 20_000) -> Path:
    path = tmp_path / name
    path.write_bytes(b'<?xml version="1.0"?><edXML>' + os.urandom(size) + b"</edXML>")
    return path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(client, doc_id: str) -> bytes:
    out = io.BytesIO()
    result = client.get_edoc(doc_id, out)
    assert result.size == len(out.getvalue()) and result.sha256 == sha(out.getvalue())
    return out.getvalue()


@pytest.fixture(scope="module")
def axis(tmp_path_factory: pytest.TempPathFactory):
    data = tmp_path_factory.mktemp("axis") / "data"
    add_systems(data, SYSTEM_A, SYSTEM_B, SYSTEM_C)
    server = AxisProcess(data).start()
    yield server
    server.stop()


@pytest.fixture
def fresh_axis(tmp_path: Path):
    """A server of one's own, for fault injection and restarts (``.options`` before
    ``.start()``)."""
    data = tmp_path / "data"
    add_systems(data, SYSTEM_A, SYSTEM_B, SYSTEM_C)
    server = AxisProcess(data)
    yield server
    server.kill()


# ------------------------------------------------------------------------- exchange ---


def test_a_package_goes_from_a_to_b_and_is_acknowledged(axis: AxisProcess, tmp_path: Path):
    a, b = axis.client(SYSTEM_A), axis.client(SYSTEM_B)
    path = package(tmp_path, "cv.edxml")
    doc_id = a.send_edoc(path, to=[B_ORG], msgid="a-1")

    waiting = {item.doc_id: item for item in b.get_received_list()}
    assert doc_id in waiting
    item = waiting[doc_id]
    assert (item.from_org, item.to, item.status, item.message_type) == (
        A_ORG, B_ORG, "pending", "edoc"
    )  # fmt: skip
    assert fetch(b, doc_id) == path.read_bytes()

    b.update_status(doc_id, "done", "Đã nhận, vào sổ đến")
    assert doc_id not in {i.doc_id for i in b.get_received_list()}
    [sent] = a.get_sent_list(doc_id)
    assert (sent.to_org, sent.receive_status, sent.receive_status_desc, sent.msgid) == (
        B_ORG, "done", "Đã nhận, vào sổ đến", "a-1"
    )  # fmt: skip
    assert sent.received_time
    # done is final; the same acknowledgement again is harmless (a retried updateStatus)
    b.update_status(doc_id, "done")
    with pytest.raises(AxisRejected) as caught:
        b.update_status(doc_id, "fail")
    assert caught.value.error_code == "INVALID_STATE" and not caught.value.transient


def test_a_package_for_several_organisations_reaches_each_one(axis: AxisProcess, tmp_path):
    a, b, c = (axis.client(s) for s in (SYSTEM_A, SYSTEM_B, SYSTEM_C))
    path = package(tmp_path, "qd.edxml")
    doc_id = a.send_edoc(path, to=[B_ORG, C_ORG])
    for receiver in (b, c):
        assert doc_id in {i.doc_id for i in receiver.get_received_list()}
        assert fetch(receiver, doc_id) == path.read_bytes()

    c.update_status(doc_id, "processing")
    assert doc_id in {i.doc_id for i in c.get_received_list()}  # still open for C
    b.update_status(doc_id, "done")
    c.update_status(doc_id, "fail", "Gói tin hỏng")
    states = {s.to_org: (s.receive_status, s.receive_status_desc) for s in a.get_sent_list(doc_id)}
    assert states == {B_ORG: ("done", ""), C_ORG: ("fail", "Gói tin hỏng")}
    assert doc_id not in {i.doc_id for i in c.get_received_list()}


def test_status_messages_are_listed_apart_from_documents(axis: AxisProcess, tmp_path):
    a, b = axis.client(SYSTEM_A), axis.client(SYSTEM_B)
    doc_id = a.send_edoc(package(tmp_path, "st.edxml", 300), to=[B_ORG], message_type="status")
    assert doc_id in {i.doc_id for i in b.get_received_list("status")}
    assert doc_id not in {i.doc_id for i in b.get_received_list("edoc")}


def test_what_the_axis_refuses_is_permanent(axis: AxisProcess, tmp_path: Path):
    a, c = axis.client(SYSTEM_A), axis.client(SYSTEM_C)
    path = package(tmp_path, "x.edxml")
    cases = [
        (lambda: a.send_edoc(path, to=["000.00.00.Z99"]), "UNKNOWN_RECIPIENT"),
        (lambda: a.send_edoc(path, to=[B_ORG], sha256="0" * 64), "HASH_MISMATCH"),
        (lambda: a.send_edoc(path, to=[B_ORG], from_org=C_ORG), "FORBIDDEN"),
        (lambda: c.update_status("no-such-doc", "done"), "NOT_FOUND"),
    ]
    doc_id = a.send_edoc(path, to=[B_ORG], msgid="a-conflict")
    other = package(tmp_path, "y.edxml")
    cases.append((lambda: a.send_edoc(other, to=[B_ORG], msgid="a-conflict"), "MSGID_CONFLICT"))
    # C is not a receiver of A→B: it cannot read or acknowledge it
    cases.append((lambda: fetch(c, doc_id), "NOT_FOUND"))
    cases.append((lambda: c.update_status(doc_id, "done"), "NOT_FOUND"))
    for call, code in cases:
        with pytest.raises(AxisRejected) as caught:
            call()
        assert caught.value.error_code == code and caught.value.transient is False


def test_the_directory_holds_the_systems_and_registered_units(axis: AxisProcess):
    b = axis.client(SYSTEM_B)
    b.register_agency("000.01.00.G22", "Vụ Tổng hợp", parent=B_ORG, mail="vth@vpcp.gov.vn")
    agencies = {a.organ_id: a for a in b.get_agencies()}
    assert {A_ORG, B_ORG, C_ORG, "000.01.00.G22"} <= set(agencies)
    assert agencies[B_ORG].name == "Văn phòng Chính phủ"
    unit = agencies["000.01.00.G22"]
    assert (unit.name, unit.parent_id, unit.mail) == ("Vụ Tổng hợp", B_ORG, "vth@vpcp.gov.vn")
    with pytest.raises(AxisRejected):  # only the system that registered it may delete it
        axis.client(SYSTEM_A).delete_agency("000.01.00.G22")
    b.delete_agency("000.01.00.G22")
    assert "000.01.00.G22" not in {a.organ_id for a in b.get_agencies()}


# ----------------------------------------------------------------------- authentication ---


def test_a_wrong_secret_or_an_unknown_system_is_refused(axis: AxisProcess):
    for system in (
        (SYSTEM_A[0], "not-the-secret-of-a-0123456789", *SYSTEM_A[2:]),
        ("sys.unknown", SYSTEM_A[1], *SYSTEM_A[2:]),
    ):
        with pytest.raises(AxisAuthFailed) as caught:
            axis.client(system).get_received_list()
        assert caught.value.http_status == 401 and caught.value.error_code == "AUTH_FAILED"
        assert not caught.value.transient


def test_a_stale_timestamp_is_refused_as_clock_skew(axis: AxisProcess):
    import datetime as dt

    behind = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6)
    with pytest.raises(AxisClockSkew) as caught:
        axis.client(SYSTEM_B, clock=lambda: behind).get_received_list()
    assert caught.value.error_code == "AUTH_STALE"
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=4)  # within the window
    assert isinstance(axis.client(SYSTEM_B, clock=lambda: ahead).get_received_list(), list)


def test_a_replayed_request_is_refused(axis: AxisProcess):
    headers = sign_headers({"servicetype": "eDoc", "messagetype": "edoc"}, *SYSTEM_B[:2])
    url = f"{axis.url}/getReceivedEdocList"
    first = requests.post(url, headers=headers, timeout=10)
    again = requests.post(url, headers=headers, timeout=10)
    assert first.status_code == 200 and first.json()["status"] == "OK"
    assert again.status_code == 401
    assert again.json() == {"status": "FAIL", "ErrorCode": "AUTH_REPLAY", "ErrorDesc": "replayed"}


def test_an_unsigned_or_altered_parameter_is_refused(axis: AxisProcess, tmp_path: Path):
    a = axis.client(SYSTEM_A)
    doc_id = a.send_edoc(package(tmp_path, "z.edxml"), to=[B_ORG])
    # B signs getEdoc for one document, a man in the middle swaps the docId header
    headers = sign_headers({"docId": "some-other-doc"}, *SYSTEM_B[:2])
    headers["XroadVnpt-docId"] = doc_id
    answer = requests.post(f"{axis.url}/getEdoc", headers=headers, timeout=10)
    assert answer.status_code == 401 and answer.json()["ErrorCode"] == "AUTH_FAILED"
    # a parameter sent but not signed does not count
    headers = sign_headers({}, *SYSTEM_B[:2])
    headers["XroadVnpt-docId"] = doc_id
    answer = requests.post(f"{axis.url}/getEdoc", headers=headers, timeout=10)
    assert answer.status_code == 401 and answer.json()["ErrorCode"] == "AUTH_MISSING"


# ------------------------------------------------------------- durability and faults ---


def test_every_acknowledged_package_survives_a_sigkill(fresh_axis: AxisProcess, tmp_path):
    fresh_axis.start()
    a = fresh_axis.client(SYSTEM_A)
    sent = {}
    for n in range(5):
        path = package(tmp_path, f"p{n}.edxml", 10_000 + n)
        sent[a.send_edoc(path, to=[B_ORG, C_ORG], msgid=f"k-{n}")] = path.read_bytes()
    replay = sign_headers({"messagetype": "edoc"}, *SYSTEM_B[:2])
    assert requests.post(f"{fresh_axis.url}/getReceivedEdocList", headers=replay).ok
    fresh_axis.kill()
    # what a crash mid-upload or between the rename and the commit leaves behind
    (fresh_axis.data / "packages" / ".upload-crash.part").write_bytes(b"half")
    (fresh_axis.data / "packages" / "not-committed").write_bytes(b"<edXML/>")

    fresh_axis.start()  # same data folder, another port
    b = fresh_axis.client(SYSTEM_B)
    assert set(sent) <= {i.doc_id for i in b.get_received_list()}
    for doc_id, data in sent.items():
        assert fetch(b, doc_id) == data
    # what was seen before the crash is still a replay after it
    again = requests.post(f"{fresh_axis.url}/getReceivedEdocList", headers=replay, timeout=10)
    assert again.json()["ErrorCode"] == "AUTH_REPLAY"
    # and a retry of an acknowledged send is still recognised
    first_id = next(iter(sent))
    assert a_retry(fresh_axis, tmp_path, sent[first_id], "k-0") == first_id
    assert sorted(p.name for p in (fresh_axis.data / "packages").iterdir()) == sorted(sent)


def a_retry(server: AxisProcess, tmp_path: Path, data: bytes, msgid: str) -> str:
    path = tmp_path / f"retry-{msgid}.edxml"
    path.write_bytes(data)
    return server.client(SYSTEM_A).send_edoc(path, to=[B_ORG, C_ORG], msgid=msgid)


def test_concurrent_retries_of_one_package_store_it_once(axis: AxisProcess, tmp_path: Path):
    from concurrent.futures import ThreadPoolExecutor

    path = package(tmp_path, "race.edxml")

    def send(_: int) -> str:
        return axis.client(SYSTEM_A).send_edoc(path, to=[C_ORG], msgid="race-1")

    with ThreadPoolExecutor(6) as pool:
        doc_ids = set(pool.map(send, range(6)))
    assert len(doc_ids) == 1
    assert len(axis.client(SYSTEM_A).get_sent_list(doc_ids.pop())) == 1


def test_recipients_may_come_as_a_list_or_a_json_array():
    from sync.server.app import parse_recipients
    from sync.server.store import Refusal

    assert parse_recipients(" a, b ,a") == ["a", "b"]
    assert parse_recipients('["a", "b"]') == ["a", "b"]
    for bad in ("", " , ", "[1", '{"a": 1}'):
        with pytest.raises(Refusal):
            parse_recipients(bad)


def test_a_delay_longer_than_the_read_timeout_is_a_transient_timeout(fresh_axis: AxisProcess):
    fresh_axis.options = ["--delay", "600"]
    fresh_axis.start()
    with pytest.raises(AxisUnreachable) as caught:
        fresh_axis.client(SYSTEM_A, timeout=(2.0, 0.2)).get_received_list()
    assert caught.value.reason == "timeout"
    assert fresh_axis.client(SYSTEM_A, timeout=(2.0, 5.0)).get_received_list() == []


def test_one_server_per_folder_and_sigterm_stops_it_cleanly(fresh_axis: AxisProcess):
    fresh_axis.start()
    second = serve_module("--data", str(fresh_axis.data), "--port", "0")
    assert second.returncode == 1 and second.stdout == ""
    assert second.stderr.count("\n") == 1 and "in_use" in second.stderr
    assert fresh_axis.client(SYSTEM_A).get_received_list() == []
    assert fresh_axis.stop() == 0


def test_fail_rate_one_makes_every_call_a_transient_error(fresh_axis: AxisProcess, tmp_path):
    fresh_axis.options = ["--fail-rate", "1", "--seed", "7"]
    fresh_axis.start()
    a = fresh_axis.client(SYSTEM_A)
    for call in (a.get_received_list, lambda: a.send_edoc(package(tmp_path, "f"), to=[B_ORG])):
        with pytest.raises(AxisUnreachable) as caught:
            call()
        error = caught.value
        assert error.transient and error.http_status == 503 and error.retry_after == 1.0
        assert error.error_code == "UNAVAILABLE"


def test_a_dropped_answer_then_a_retry_delivers_once(fresh_axis: AxisProcess, tmp_path):
    fresh_axis.options = ["--drop-after-receive", "1", "--seed", "1"]
    fresh_axis.start()
    a, b = fresh_axis.client(SYSTEM_A), fresh_axis.client(SYSTEM_B)
    path = package(tmp_path, "once.edxml")
    with pytest.raises(SyncError) as caught:
        a.send_edoc(path, to=[B_ORG], msgid="outbox-42")
    # the client believes it failed (the answer was cut short): a transient error, retry
    assert isinstance(caught.value, AxisUnreachable), caught.value
    assert caught.value.reason == "connection_dropped"
    doc_id = a.send_edoc(path, to=[B_ORG], msgid="outbox-42")
    assert a.send_edoc(path, to=[B_ORG], msgid="outbox-42") == doc_id
    assert [i.doc_id for i in b.get_received_list()] == [doc_id]
    assert len(a.get_sent_list()) == 1
    assert len(list((fresh_axis.data / "packages").iterdir())) == 1


# ----------------------------------------------------------------------- the commands ---


def run_vanthu(*args: str, stdin: str = "", lang: str = "vi") -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("vanthu")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=child_env(VANTHU_LANG=lang),
        timeout=60,
    )


def test_add_system_reads_the_secret_from_stdin_and_never_shows_it(axis: AxisProcess):
    secret = "a-brand-new-secret-for-system-d"
    common = ["axis", "add-system", "--data", str(axis.data), "--system-id", "sys.d",
              "--secret-stdin", "--org-id", "000.00.00.G09", "--org-name", "Bộ Tư pháp"]  # fmt: skip
    run = run_vanthu(*common, "--json", stdin=secret + "\n")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {
        "system_id": "sys.d", "org_id": "000.00.00.G09", "org_name": "Bộ Tư pháp",
        "created": True,
    }  # fmt: skip
    assert secret not in run.stdout + run.stderr
    # the running server knows the new system at once, and its organisation is a recipient
    d = axis.client(("sys.d", secret, "", ""))
    assert d.get_received_list() == []
    assert "000.00.00.G09" in {a.organ_id for a in d.get_agencies()}
    # re-adding updates: the new secret works, the old one no longer does
    run = run_vanthu(*common, stdin="the-second-secret-of-system-d\n")
    assert run.returncode == 0 and "sys.d" in run.stdout and "cập nhật" in run.stdout
    assert "the-second-secret" not in run.stdout + run.stderr
    with pytest.raises(AxisAuthFailed):
        d.get_received_list()
    axis.client(("sys.d", "the-second-secret-of-system-d", "", "")).get_received_list()
    assert secret not in (axis.log.read_text() if axis.log else "")
    run = run_vanthu(*common, stdin="short\n", lang="en")
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "too short" in run.stderr


def test_serve_refuses_a_host_that_is_not_loopback(tmp_path: Path):
    run = run_vanthu("axis", "serve", "--data", str(tmp_path / "d"), "--host", "0.0.0.0", lang="en")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and "not a loopback address" in run.stderr
    for args in (["--host", "192.168.1.10"], ["--host", "axis.example.vn"], ["--fail-rate", "2"]):
        run = serve_module("--data", str(tmp_path / "d"), *args)
        assert run.returncode == 2, run.stderr
        assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert not (tmp_path / "d").exists()  # refused before touching anything


def serve_module(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sync.server", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=child_env(VANTHU_LANG="en"),
        timeout=60,
    )
