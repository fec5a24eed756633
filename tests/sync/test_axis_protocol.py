"""The header signing of the axis protocol (docs/domain.md §10), both sides, no network."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json

import pytest

from sync.axis_protocol import (
    PREFIX,
    VERSION,
    MemoryReplayGuard,
    dict_header_getter,
    parse_timestamp,
    sign_headers,
    verify_headers,
)
from sync.errors import AxisAuthFailed, AxisClockSkew

SECRET = "shared-secret-of-the-system-0123"
SYSTEM = "00.53.W00"
NOW = dt.datetime(2026, 11, 26, 2, 30, tzinfo=dt.UTC)
PARAMS = {"from": "000.00.00.H29", "to": "000.00.00.G22,000.00.00.G18",
          "servicetype": "eDoc", "messagetype": "edoc", "hash-file": "ab" * 32}  # fmt: skip


def secrets_of(system_id: str) -> str | None:
    return SECRET if system_id == SYSTEM else None


def verify(headers: dict[str, str], **options):
    options.setdefault("replay", MemoryReplayGuard())
    options.setdefault("now", NOW.timestamp())
    return verify_headers(dict_header_getter(headers), secrets_of, **options)


def test_the_headers_follow_the_sdk_shape():
    headers = sign_headers(PARAMS, SYSTEM, SECRET, now=NOW, nonce="n-1")
    names = headers[PREFIX + "sign-header-key"].split(";")
    assert names == [*PARAMS, "systemid", "timestamp", "nonce"]
    text = headers[PREFIX + "sign-header"]
    assert json.loads(text) == {PREFIX + n: headers[PREFIX + n] for n in names}
    expected = hmac.new(SECRET.encode(), text.encode(), hashlib.sha256).hexdigest()
    assert headers[PREFIX + "hash-header"] == expected  # lower-case hex HMAC-SHA256
    assert headers[PREFIX + "version"] == VERSION
    assert headers[PREFIX + "timestamp"] == "2026-11-26T09:30:00.000+07:00"
    assert all(v.isascii() for v in headers.values())


def test_a_signed_request_verifies_and_yields_only_signed_parameters():
    headers = sign_headers(PARAMS, SYSTEM, SECRET, now=NOW)
    headers[PREFIX + "docId"] = "not-signed"
    request = verify(headers, required=("to", "hash-file"))
    assert request.system_id == SYSTEM
    assert request.get("to") == PARAMS["to"] and request.get("hash-file") == "ab" * 32
    assert request.get("docid") == ""  # sent, but unsigned: not a parameter


@pytest.mark.parametrize(
    "tamper, code",
    [
        (lambda h: h.update({PREFIX + "to": "000.00.00.X01"}), "AUTH_FAILED"),
        (lambda h: h.update({PREFIX + "hash-header": "0" * 64}), "AUTH_FAILED"),
        (lambda h: h.update({PREFIX + "systemid": "other.system"}), "AUTH_FAILED"),
        (lambda h: h.update({PREFIX + "sign-header-key": "from;to"}), "AUTH_FAILED"),
        (lambda h: h.pop(PREFIX + "to"), "AUTH_FAILED"),
        (lambda h: h.pop(PREFIX + "hash-header"), "AUTH_MISSING"),
        (lambda h: h.update({PREFIX + "sign-header": "{}"}), "AUTH_FAILED"),
    ],
)
def test_any_change_to_a_signed_request_fails(tamper, code):
    headers = sign_headers(PARAMS, SYSTEM, SECRET, now=NOW)
    tamper(headers)
    with pytest.raises(AxisAuthFailed) as caught:
        verify(headers)
    assert caught.value.error_code == code


def test_a_wrong_secret_and_an_unknown_system_look_the_same():
    wrong = sign_headers(PARAMS, SYSTEM, "another-secret-entirely-000000", now=NOW)
    unknown = sign_headers(PARAMS, "no.such.system", SECRET, now=NOW)
    for headers in (wrong, unknown):
        with pytest.raises(AxisAuthFailed) as caught:
            verify(headers)
        assert (caught.value.error_code, caught.value.reason) == ("AUTH_FAILED", "bad_signature")


def test_a_needed_parameter_must_be_signed():
    headers = sign_headers({"to": PARAMS["to"]}, SYSTEM, SECRET, now=NOW)
    headers[PREFIX + "hash-file"] = "cd" * 32  # present but not signed
    with pytest.raises(AxisAuthFailed) as caught:
        verify(headers, required=("to", "hash-file"))
    assert (caught.value.error_code, caught.value.reason) == ("AUTH_MISSING", "unsigned_hash-file")


@pytest.mark.parametrize("minutes, fresh", [(-6, False), (-4.9, True), (4.9, True), (6, False)])
def test_the_timestamp_must_be_within_the_window(minutes: float, fresh: bool):
    headers = sign_headers(PARAMS, SYSTEM, SECRET, now=NOW + dt.timedelta(minutes=minutes))
    if fresh:
        verify(headers)
    else:
        with pytest.raises(AxisClockSkew) as caught:
            verify(headers)
        assert caught.value.error_code == "AUTH_STALE"
    verify(sign_headers(PARAMS, SYSTEM, SECRET, now=NOW + dt.timedelta(minutes=minutes)),
           window=600)  # fmt: skip


def test_a_replay_is_refused_but_two_requests_in_the_same_instant_are_not():
    guard = MemoryReplayGuard()
    first = sign_headers(PARAMS, SYSTEM, SECRET, now=NOW)
    second = sign_headers(PARAMS, SYSTEM, SECRET, now=NOW)  # another nonce
    verify(first, replay=guard)
    verify(second, replay=guard)
    with pytest.raises(AxisAuthFailed) as caught:
        verify(first, replay=guard)
    assert caught.value.error_code == "AUTH_REPLAY"
    # a request with a bad signature is not remembered (it cannot fill the guard)
    forged = dict(first, **{PREFIX + "hash-header": "1" * 64})
    with pytest.raises(AxisAuthFailed):
        verify(forged, replay=guard)
    assert len(guard._seen) == 2


def test_header_values_cannot_smuggle_lines():
    for value in ("a\r\nX-Evil: 1", "Đắk Lắk"):
        with pytest.raises(ValueError):
            sign_headers({"from": value}, SYSTEM, SECRET)


def test_the_java_sdk_timestamp_is_understood():
    moment = parse_timestamp("26112026T093000+0123")
    assert moment == dt.datetime(2026, 11, 26, 2, 30, 0, 123000, tzinfo=dt.UTC)
    assert parse_timestamp("2026-11-26T09:30:00+07:00") == NOW
    assert parse_timestamp("yesterday") is None
    assert parse_timestamp("2026-11-26T09:30:00") is None  # no zone: ambiguous
