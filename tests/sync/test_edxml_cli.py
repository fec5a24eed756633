"""``vanthu edxml parse`` and ``vanthu edxml build`` as real subprocesses: exit codes, JSON,
readable text in Vietnamese or English, one-line refusals, nothing left in the temp folder."""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from sync.edxml.jsonform import message_to_json
from tests.conftest import EDXML_SAMPLES
from tests.sync import edxml_factory as f

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = EDXML_SAMPLES


def run(tmp: Path, *args: object, lang: str = "vi") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["VANTHU_LANG"] = lang
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["TMPDIR"] = str(tmp / "tmp")
    env["VANTHU_HOME"] = str(tmp / "home")
    (tmp / "tmp").mkdir(exist_ok=True)
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "edxml", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    assert list((tmp / "tmp").iterdir()) == [], "temporary files left behind"
    assert not (tmp / "home").exists(), "the command needs no workspace"
    return proc


def one_line_refusal(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and proc.stdout == "", proc.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def test_parse_json_of_a_real_package(tmp_path: Path):
    proc = run(tmp_path, "parse", SAMPLES / "edoc_new.edxml", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["kind"] == "edoc"
    assert data["document_id"] == "000.00.11.H53,2020/10/30,2491/STC-BCTC"
    assert data["code"] == {"number": "2491", "notation": "STC-BCTC"}
    assert data["subject"] == "Báo cáo tài chính tỉnh"
    assert (data["from"]["organ_id"], data["from"]["organ_name"]) == ("000.00.11.H53", "Sở Tính")
    assert [(t["organ_id"], t["organ_name"]) for t in data["to"]] == [
        ("000.00.01.A53", "Văn phòng tỉnh ủy")
    ]
    assert data["promulgation"] == {"place": "Tây Ninh", "date": "2020-10-30"}
    assert data["business"]["doc_type"] == 0
    assert data["response_for"] == [] and data["status"] is None
    (attachment,) = data["attachments"]
    assert attachment["name"] == "1896_QD-TTg_m_294779.doc"
    assert attachment["size"] == 388347
    assert (
        attachment["sha256"] == "8385739ec4a4ed36d71eabcaead629641ffc5ffff3d487ff5c34d2f821c9f36e"
    )
    assert {r["code"] for r in data["repairs"]} == {"date_format", "attachment_unzipped"}


def test_parse_json_of_a_status_package(tmp_path: Path):
    data = json.loads(
        run(tmp_path, "parse", SAMPLES / "resources_status_rejection_02.edxml", "--json").stdout
    )
    assert data["kind"] == "status"
    assert data["status"]["code"] == "02" and data["status"]["meaning"] == "rejected"
    assert data["status"]["description"].startswith("Văn thư - Phòng Văn thư")
    assert data["response_for"][0]["document_id"] == "000.00.00.G22,2015/09/30,7816/VPCP-TTĐT"
    assert data["attachments"] == [] and data["repairs"] == []


def test_parse_text_in_both_languages(tmp_path: Path):
    vi = run(tmp_path, "parse", SAMPLES / "edoc_new.edxml")
    assert vi.returncode == 0
    assert "Số, ký hiệu: 2491/STC-BCTC" in vi.stdout
    assert "Trích yếu: Báo cáo tài chính tỉnh" in vi.stdout
    assert "Đã tự sửa khi đọc (2)" in vi.stdout
    en = run(tmp_path, "parse", SAMPLES / "resources_status_acceptance_03.edxml", lang="en")
    assert en.returncode == 0
    assert "Status: 03 — Accepted and registered" in en.stdout
    assert "From: UBND Tỉnh Nghệ An (000.00.00.H41)" in en.stdout


def test_bad_input_is_one_line_and_exit_2(tmp_path: Path):
    doctype = tmp_path / "xxe.edxml"
    doctype.write_bytes(
        f.package_xml(prolog='<!DOCTYPE edXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>')
    )
    one_line_refusal(run(tmp_path, "parse", doctype), "DOCTYPE")
    truncated = tmp_path / "cut.edxml"
    truncated.write_bytes(f.package_xml()[:300])
    one_line_refusal(run(tmp_path, "parse", truncated, lang="en"), "truncated")
    garbage = tmp_path / "garbage.edxml"
    garbage.write_bytes(f.package_xml(attachments=f.attachment_xml("qd.pdf", "@@@@")))
    one_line_refusal(run(tmp_path, "parse", garbage, "--json"), "qd.pdf", "base64")
    one_line_refusal(run(tmp_path, "parse", tmp_path / "missing.edxml"), "missing.edxml")


def test_build_then_parse(tmp_path: Path):
    message = f.edoc(random.Random(21), kind=3)
    pdf = tmp_path / "qd.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + os.urandom(20_000))
    spec = message_to_json(message)
    spec["attachments"] = [
        {"name": "Quyết định.pdf", "content_type": "application/pdf", "path": "qd.pdf"}
    ]
    (tmp_path / "m.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.edxml"
    built = run(tmp_path, "build", "--json-in", tmp_path / "m.json", "-o", out, "--json")
    assert built.returncode == 0, built.stderr
    result = json.loads(built.stdout)
    assert result["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    parsed = json.loads(run(tmp_path, "parse", out, "--json").stdout)
    assert parsed["document_id"] == message.document_id
    assert parsed["business"]["doc_type"] == 3
    assert parsed["attachments"][0]["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert parsed["repairs"] == []


def test_build_refuses_a_bad_message_without_writing(tmp_path: Path):
    spec = message_to_json(f.edoc(random.Random(2), kind=0))
    spec["subject"] = "x" * 501
    (tmp_path / "m.json").write_text(json.dumps(spec), encoding="utf-8")
    out = tmp_path / "out.edxml"
    one_line_refusal(
        run(tmp_path, "build", "--json-in", tmp_path / "m.json", "-o", out), "Trích yếu"
    )
    assert not out.exists() and list(tmp_path.glob(".*part")) == []
