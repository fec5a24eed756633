"""The settings service without a window (app/settings.py): the administrator's policy locks
and refuses, one history event per change, nothing stored when one value is refused, the
images kept in the workspace; signing options read the workspace's timestamp authority; the
trust store refuses a certificate that is not a CA's."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.errors import InvalidInput
from app.messages import describe
from app.model import Direction
from app.settings import (
    MODULES_SETTING,
    NewRegister,
    SettingLocked,
    SettingsChanges,
    SettingsService,
    load_policy,
    module_paths,
    read_setting,
    start_language,
)
from app.store.history import verify_chain
from app.workspace import Workspace
from resources import ROOT as RESOURCES

SAMPLE_SEAL = RESOURCES / "seals" / "con-dau-mau.png"


def test_the_modules_setting_is_read_one_way_everywhere():
    """As the settings dialog writes it (a JSON list) or as a person may type it (one path,
    or several with the path separator); the sign dialog and signing read it the same."""
    from signing.workspace_tokens import extra_modules

    cases = {
        None: [],
        "  ": [],
        '["/a/libx.so", " /b/liby.so "]': ["/a/libx.so", "/b/liby.so"],
        '"/a/libx.so"': ["/a/libx.so"],
        "/a/libx.so": ["/a/libx.so"],
        f"/a/libx.so{os.pathsep}/b/liby.so": ["/a/libx.so", "/b/liby.so"],
        '{"not": "a list"}': [],
        '["/a/libx.so", 7, null, ""]': ["/a/libx.so"],
    }
    for value, paths in cases.items():
        assert module_paths(value) == paths, value
        ws = SimpleNamespace(setting=lambda key, v=value: v if key == MODULES_SETTING else None)
        assert extra_modules(ws) == tuple(paths), value


def settings_events(ws: Workspace) -> list[dict]:
    conn = sqlite3.connect(ws.paths.db)
    try:
        rows = conn.execute(
            "SELECT details FROM events WHERE action = 'settings' ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    return [json.loads(r[0]) for r in rows]


@pytest.fixture
def policy_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "policy.toml"
    monkeypatch.setenv("VANTHU_POLICY", str(path))
    return path


def test_no_policy_file_locks_nothing(policy_file: Path):
    policy = load_policy()
    assert not policy.locked and not policy.problem


def test_the_policy_locks_its_keys_and_the_service_refuses(workspace: Workspace, policy_file):
    policy_file.write_text(
        'locked = ["org_id", "trust", "no_such_key"]\n[settings]\n'
        'tsa_url = "http://tsa.example.gov.vn"\npkcs11_modules = ["/opt/token/lib.so"]\n',
        encoding="utf-8",
    )
    policy = load_policy()
    assert policy.locked == {"org_id", "trust", "tsa_url", "pkcs11_modules"}
    assert policy.unknown == ("no_such_key",)
    assert json.loads(policy.value("pkcs11_modules")) == ["/opt/token/lib.so"]
    service = SettingsService(workspace)
    with pytest.raises(SettingLocked) as caught:
        service.save(SettingsChanges(values={"org_id": "000.00.00.H30", "org_place": "Huế"}))
    assert describe(caught.value) == (
        "«Mã định danh cơ quan» do quản trị viên đặt; không thay đổi được ở đây."
    )
    assert describe(caught.value, "en") == (
        "«organisation identifier» is set by the administrator; it cannot be changed here."
    )
    assert workspace.setting("org_place") is None  # nothing of the refused save was stored
    with pytest.raises(SettingLocked):
        service.save(SettingsChanges(events=[{"key": "trust", "added": ["ab"]}]))
    # the snapshot shows the policy's value; applying the policy writes it, with its event
    assert service.snapshot().value("tsa_url") == "http://tsa.example.gov.vn"
    assert workspace.setting("tsa_url") is None
    assert service.apply_policy() == ["pkcs11_modules", "tsa_url"]
    assert workspace.setting("tsa_url") == "http://tsa.example.gov.vn"
    assert service.apply_policy() == []  # once
    events = settings_events(workspace)
    assert [(e["setting"], e["by"]) for e in events[-2:]] == [
        ("pkcs11_modules", "policy"), ("tsa_url", "policy"),
    ]  # fmt: skip


def test_a_policy_that_cannot_be_read_locks_everything(workspace: Workspace, policy_file):
    policy_file.write_text("[settings\ntsa_url = ", encoding="utf-8")
    policy = load_policy()
    assert policy.problem and policy.source == str(policy_file)
    assert policy.is_locked("language") and policy.is_locked("axis_secret")
    with pytest.raises(SettingLocked):
        SettingsService(workspace).save(SettingsChanges(values={"language": "en"}))


def test_one_history_event_per_change_in_one_transaction(workspace: Workspace, policy_file):
    service = SettingsService(workspace)
    keys = service.save(
        SettingsChanges(
            values={"org_name": "Ủy ban nhân dân tỉnh Lâm Đồng", "org_place": "Lâm Đồng",
                    "tsa_url": "http://127.0.0.1:9/tsa", "language": "en",
                    "org_abbr": "UBND"},  # unchanged: no event
            registers=[NewRegister("den-mat", "Sổ văn bản đến (mật)", Direction.INCOMING,
                                   "secret")],
        )
    )  # fmt: skip
    assert keys == ["language", "org_name", "org_place", "tsa_url", "registers"]
    assert workspace.organisation.name == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert workspace.register("den-mat").series == "secret"
    events = settings_events(workspace)
    changed = {e["setting"]: (e["before"], e["after"]) for e in events if "setting" in e}
    assert changed == {
        "language": ("", "en"),
        "org_name": ("Ủy ban nhân dân tỉnh Đắk Lắk", "Ủy ban nhân dân tỉnh Lâm Đồng"),
        "org_place": ("", "Lâm Đồng"),
        "tsa_url": ("", "http://127.0.0.1:9/tsa"),
    }
    assert events[-1]["added_register"]["code"] == "den-mat"
    assert verify_chain(workspace.conn).ok
    assert read_setting(workspace.paths.home, "language") == "en"
    assert start_language(workspace.paths.home) == "en"


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"tsa_url": "tsa.ca.gov.vn"}, "tsa_url", "Địa chỉ máy chủ cấp dấu thời gian: không đúng"
         " dạng (ví dụ https://…): «tsa.ca.gov.vn»"),
        ({"axis_endpoint": "ftp://truc"}, "endpoint", "Địa chỉ trục liên thông: không đúng dạng"),
        ({"axis_ca_bundle": "/khong/co/tep.pem"}, "ca_bundle",
         "Tệp chứng thư CA của trục: không tìm thấy tệp: /khong/co/tep.pem"),
        ({"axis_ca_bundle": str(SAMPLE_SEAL)}, "ca_bundle",
         f"Tệp chứng thư CA của trục: không phải tệp chứng thư dạng PEM"
         f" (-----BEGIN CERTIFICATE-----): {SAMPLE_SEAL}"),
        ({"axis_timeout": "0"}, "timeout", "Thời gian chờ (giây): ngoài phạm vi cho phép"),
        ({"pkcs11_modules": '["/khong/co/lib.so"]'}, "module",
         "Thư viện PKCS#11: không tìm thấy tệp: /khong/co/lib.so"),
        ({"org_abbr": "UB ND"}, "org_abbr", "Tên viết tắt của cơ quan: không đúng dạng"),
    ],
)  # fmt: skip
def test_a_bad_value_is_refused_in_words_and_nothing_is_stored(
    workspace: Workspace, policy_file, values, field, words
):
    service = SettingsService(workspace)
    with pytest.raises(InvalidInput) as caught:
        service.save(SettingsChanges(values={"org_place": "Đắk Lắk", **values}))
    assert caught.value.field == field
    assert describe(caught.value).startswith(words)
    assert workspace.setting("org_place") is None
    assert settings_events(workspace) == []


def test_images_are_checked_and_kept_in_the_workspace(
    workspace: Workspace, policy_file, tmp_path: Path
):
    service = SettingsService(workspace)
    fake = tmp_path / "con-dau.png"
    fake.write_bytes(b"GIF89a not a png at all")
    with pytest.raises(InvalidInput) as caught:
        service.save(SettingsChanges(images={"seal_image": fake}))
    assert describe(caught.value) == f"Ảnh con dấu: không phải ảnh PNG: {fake}"
    with pytest.raises(InvalidInput) as caught:
        service.save(SettingsChanges(images={"seal_image": tmp_path / "khong-co.png"}))
    assert caught.value.problem == "not_found"
    picked = tmp_path / "dau.png"
    picked.write_bytes(SAMPLE_SEAL.read_bytes())
    assert service.save(SettingsChanges(images={"seal_image": picked})) == ["seal_image"]
    stored = Path(workspace.setting("seal_image"))
    assert stored.is_absolute() and stored.parent == workspace.paths.home / "images"
    assert stored.read_bytes() == SAMPLE_SEAL.read_bytes()
    picked.unlink()  # the workspace keeps its own copy
    assert stored.is_file()


def test_signing_options_take_the_workspace_timestamp_authority(
    workspace: Workspace, policy_file, monkeypatch: pytest.MonkeyPatch
):
    from signing import GOVERNMENT_TSA, signing_options

    home = workspace.paths.home
    monkeypatch.delenv("VANTHU_TSA_URL", raising=False)
    assert signing_options(home, "B-T").tsa_url == GOVERNMENT_TSA
    monkeypatch.setenv("VANTHU_TSA_URL", "http://127.0.0.1:9/env-tsa")
    assert signing_options(home, "B-T").tsa_url == "http://127.0.0.1:9/env-tsa"
    SettingsService(workspace).save(SettingsChanges(values={"tsa_url": "http://127.0.0.1:9/ws"}))
    assert signing_options(home, "B-T").tsa_url == "http://127.0.0.1:9/ws"
    assert signing_options(home, "B-T", tsa="http://127.0.0.1:9/asked").tsa_url == (
        "http://127.0.0.1:9/asked"
    )
    policy_file.write_text('[settings]\ntsa_url = "http://127.0.0.1:9/policy"\n')
    assert signing_options(home, "B-T").tsa_url == "http://127.0.0.1:9/policy"


def test_the_trust_store_refuses_a_certificate_that_is_not_a_ca(softhsm, tmp_path: Path):
    from signing import TrustStore

    signer = softhsm.pki.cert_der("canhan")
    with pytest.raises(InvalidInput) as caught:
        TrustStore.inspect(signer, source="nguyen-van-a.cer", require_ca=True)
    assert describe(caught.value) == (
        "Chứng thư số: không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực (CA):"
        " nguyen-van-a.cer"
    )
    store = TrustStore.load(tmp_path / "ws", bundled=False)
    with pytest.raises(InvalidInput):
        store.add(signer, source="x.cer", require_ca=True)
    assert store.add(softhsm.pki.interm_der, require_ca=True)[0].anchor is False
    assert [e.anchor for e in TrustStore.inspect(softhsm.pki.root_der, require_ca=True)] == [True]


def test_a_pem_ca_bundle_is_taken(workspace: Workspace, policy_file, tmp_path: Path):
    from asn1crypto import pem

    bundle = tmp_path / "truc-ca.pem"
    bundle.write_bytes(
        pem.armor("CERTIFICATE", (RESOURCES / "trust" / "g2-rootca.cer").read_bytes())
    )
    keys = SettingsService(workspace).save(SettingsChanges(values={"axis_ca_bundle": str(bundle)}))
    assert keys == ["axis_ca_bundle"] and workspace.setting("axis_ca_bundle") == str(bundle)
