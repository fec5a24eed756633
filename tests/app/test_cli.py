"""The ``vanthu`` command, driven as a real subprocess against real workspaces.

Every test runs the installed console script (``.venv/bin/vanthu``, or ``python -m app.cli``
when there is none) and judges it only by what a user or a script sees: the exit code, stdout
(``--json`` where a machine reads it), stderr, and what the workspace holds afterwards.
No command, even a failing one, may print a traceback."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.clock import vn_today
from tests.conftest import make_pdf
from tests.nd30 import INCOMING_HEADINGS, OUTGOING_HEADINGS

ROOT = Path(__file__).resolve().parents[2]
TODAY = vn_today()
YEAR = TODAY.year  # the register year of everything registered now

ORG = ("000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND")
VPCP = ("000.00.00.G22", "Văn phòng Chính phủ")
BCA = ("000.00.00.G01", "Bộ Công an")
BYT = ("000.00.00.G18", "Bộ Y tế")


# ------------------------------------------------------------------------------ helpers ---


def vanthu_command() -> list[str]:
    script = Path(sys.executable).with_name("vanthu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def cli_env(lang: str = "vi", **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["VANTHU_LANG"] = lang
    env["VANTHU_USER"] = "van-thu"
    # The child imports the same tree pytest imports, whatever the state of the editable install.
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.update(extra)
    return env


@dataclass
class Run:
    args: list[str]
    code: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.out.strip(), f"no output from {self.args}: {self.err}"
        return json.loads(self.out)


def vanthu(
    home: Path | None, *args: Any, lang: str = "vi", env: dict | None = None, stdin: str = ""
) -> Run:
    """Run ``vanthu [--home HOME] ARGS``; never a traceback, whatever the outcome."""
    argv = [*vanthu_command(), *(["--home", str(home)] if home is not None else [])]
    argv += [str(a) for a in args]
    proc = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        encoding="utf-8",
        input=stdin,
        env=env or cli_env(lang),
        timeout=120,
        cwd=home.parent if home is not None else None,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout, proc.stdout
    return Run(argv, proc.returncode, proc.stdout, proc.stderr)


def ok(run: Run) -> Run:
    assert run.code == 0, f"{run.args} → {run.code}: {run.err}"
    return run


def one_line_error(run: Run, code: int | None = None, *needles: str) -> str:
    """A refusal: the expected exit code (any non-zero when None), one line on stderr naming
    the problem, nothing on stdout."""
    assert run.code != 0, f"{run.args} unexpectedly succeeded: {run.out}"
    if code is not None:
        assert run.code == code, f"exit {run.code}, expected {code}: {run.err}"
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    for needle in needles:
        assert needle in lines[0], f"{needle!r} not in {lines[0]!r}"
    assert run.out.strip() == ""
    return lines[0]


def init(home: Path, lang: str = "vi") -> Run:
    return ok(
        vanthu(
            home, "init", "--org-id", ORG[0], "--org-name", ORG[1], "--org-abbr", ORG[2], lang=lang
        )
    )


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    init(path)
    return path


def add_incoming(
    home: Path,
    *,
    number: str = "05",
    notation: str = "QĐ-TTg",
    issuer: tuple[str, str] = VPCP,
    date: str = "2026-01-05",
    doc_type: str = "QĐ",
    subject: str = "Về việc phòng, chống thiên tai",
    file: Path | None = None,
    extra: tuple[str, ...] = (),
    lang: str = "vi",
    json_out: bool = True,
) -> Run:
    args: list[Any] = ["incoming", "add"]
    if file is not None:
        args.append(file)
    args += ["--from-org-id", issuer[0], "--from-org-name", issuer[1], "--number", number]
    args += ["--notation", notation, "--date", date, "--type", doc_type, "--subject", subject]
    args += list(extra)
    if json_out:
        args.append("--json")
    return vanthu(home, *args, lang=lang)


def listing(home: Path, *filters: Any) -> dict[str, Any]:
    return ok(vanthu(home, "list", *filters, "--limit", 1000, "--json")).json()


def show(home: Path, doc_id: int) -> dict[str, Any]:
    return ok(vanthu(home, "show", doc_id, "--json")).json()


def db_dump(home: Path) -> list[str]:
    conn = sqlite3.connect(home / "vanthu.db")
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# -------------------------------------------------------------------- init and workspace ---


def test_init_creates_a_workspace_that_lists_empty(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    data = ok(
        vanthu(
            home, "init", "--org-id", ORG[0], "--org-name", ORG[1], "--org-abbr", ORG[2], "--json"
        )
    ).json()
    assert data["org_id"] == ORG[0] and data["org_name"] == ORG[1] and data["org_abbr"] == ORG[2]
    assert (home / "vanthu.db").is_file()
    empty = listing(home)
    assert (empty["documents"], empty["total"], empty["next"]) == ([], 0, None)
    assert ok(vanthu(home, "audit", "verify", "--json")).json()["ok"] is True


def test_second_init_is_refused_and_changes_nothing(home: Path) -> None:
    ok(add_incoming(home))
    before = db_dump(home)
    run = vanthu(home, "init", "--org-id", "000.00.00.G22", "--org-name", "Khác", "--org-abbr", "K")
    one_line_error(run, None, str(home))
    assert db_dump(home) == before
    assert listing(home)["total"] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--json"],
        ["show", "1"],
        ["search", "quyet dinh", "--json"],
        ["audit", "verify"],
        ["outgoing", "add", "--type", "QĐ", "--subject", "Thử"],
        [
            "incoming",
            "add",
            "--from-org-id",
            VPCP[0],
            "--from-org-name",
            VPCP[1],
            "--number",
            "1",
            "--notation",
            "QĐ-TTg",
            "--date",
            "2026-01-05",
            "--type",
            "QĐ",
            "--subject",
            "x",
        ],
    ],
)
def test_command_on_a_home_never_initialised_names_the_problem(
    tmp_path: Path, args: list[str]
) -> None:
    home = tmp_path / "never-initialised"
    line = one_line_error(vanthu(home, *args), None, str(home))
    assert "vanthu init" in line
    assert not home.exists()  # the command did not create a half workspace


def test_uninitialised_home_from_vanthu_home_is_named(tmp_path: Path) -> None:
    home = tmp_path / "from-env"
    run = vanthu(None, "list", env=cli_env("vi", VANTHU_HOME=str(home)))
    one_line_error(run, None, str(home))
    assert not home.exists()


def test_vanthu_home_environment_variable_selects_the_workspace(tmp_path: Path) -> None:
    home = tmp_path / "env-ws"
    env = cli_env("vi", VANTHU_HOME=str(home))
    ok(
        vanthu(
            None, "init", "--org-id", ORG[0], "--org-name", ORG[1], "--org-abbr", ORG[2], env=env
        )
    )
    assert (home / "vanthu.db").is_file()
    assert ok(vanthu(None, "list", "--json", env=env)).json()["total"] == 0


@pytest.mark.parametrize(
    ("org_id", "needle"),
    [("G22", "Mã định danh"), ("000.00.00 G22", "Mã định danh"), ("0" * 30 + ".00.00", "35")],
)
def test_init_with_a_malformed_org_id_creates_nothing(
    tmp_path: Path, org_id: str, needle: str
) -> None:
    home = tmp_path / "ws"
    run = vanthu(home, "init", "--org-id", org_id, "--org-name", ORG[1], "--org-abbr", ORG[2])
    one_line_error(run, 2, needle)
    assert not (home / "vanthu.db").exists()


# ------------------------------------------------------------------------- incoming add ---


def test_incoming_add_prints_the_arrival_number_and_numbers_run_1_2_3(home: Path) -> None:
    run = ok(add_incoming(home, json_out=False))
    assert re.search(rf"số đến 1/{YEAR}\b", run.out), run.out
    second = ok(
        add_incoming(home, number="12", notation="CV-BCA", issuer=BCA, doc_type="CV")
    ).json()
    third = ok(add_incoming(home, number="7", notation="BC-BYT", issuer=BYT, doc_type="BC")).json()
    assert [second["number"], third["number"]] == [2, 3]
    for key in ("id", "direction", "number", "notation", "subject", "issuer", "date"):
        assert key in second, key
    assert second["direction"] == "incoming"
    assert second["notation"] == "12/CV-BCA"
    assert second["issuer"] == BCA[1]
    assert second["date"] == "2026-01-05"
    assert second["subject"] == "Về việc phòng, chống thiên tai"
    assert third["notation"] == "07/BC-BYT"  # numbers below 10 are written 01…09
    docs = listing(home)["documents"]
    assert sorted(d["number"] for d in docs) == [1, 2, 3]
    assert show(home, third["id"])["number"] == 3


def test_incoming_add_speaks_english_when_asked(tmp_path: Path) -> None:
    home = tmp_path / "ws"
    init(home, lang="en")
    run = ok(add_incoming(home, json_out=False, lang="en"))
    assert re.search(rf"arrival number 1/{YEAR}\b", run.out), run.out
    bad = add_incoming(home, number="06", date="2026-13-01", lang="en")
    one_line_error(bad, 2, "issue date", "2026-13-01")


def test_incoming_add_with_a_pdf_stores_the_file(home: Path, tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "cv.pdf", ["CÔNG VĂN", "Về việc báo cáo tình hình"])
    doc = ok(add_incoming(home, file=pdf)).json()
    shown = show(home, doc["id"])
    assert shown["file"]["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert shown["file"]["size"] == pdf.stat().st_size


@pytest.mark.parametrize(
    ("number", "notation", "extra"),
    [
        ("05", "QĐ-TTg", ()),
        ("5", "QĐ-TTg", ()),
        ("05", "QD-TTg", ()),
        ("5", "qd-ttg", ()),
        # another number, but the sender's DocumentId of the registered one
        ("99", "QĐ-TTg", ("--document-id", f"{VPCP[0]},2026/01/05,05/QĐ-TTg")),
    ],
)
def test_duplicate_is_refused_with_exit_3_and_force_registers_it(
    home: Path, number: str, notation: str, extra: tuple[str, ...]
) -> None:
    first = ok(add_incoming(home, number="05", notation="QĐ-TTg")).json()
    dup = add_incoming(home, number=number, notation=notation, subject="Bản lặp lại", extra=extra)
    line = one_line_error(dup, 3, "05/QĐ-TTg", "--force")
    assert str(first["id"]) in line
    assert listing(home)["total"] == 1

    forced = ok(
        add_incoming(
            home, number=number, notation=notation, subject="Bản lặp lại", extra=(*extra, "--force")
        )
    ).json()
    assert forced["number"] == 2
    events = [e for e in show(home, forced["id"])["history"] if e["action"] == "register"]
    assert len(events) == 1
    assert events[0]["details"]["forced_duplicate_of"] == [first["id"]]
    assert ok(vanthu(home, "audit", "verify")).code == 0


def test_different_issuer_with_the_same_number_and_symbol_is_not_a_duplicate(home: Path) -> None:
    ok(add_incoming(home, number="05", notation="QĐ-UBND", issuer=VPCP))
    other = ok(add_incoming(home, number="05", notation="QĐ-UBND", issuer=BCA)).json()
    assert other["number"] == 2


# ---------------------------------------------------------------------- incoming import ---


def _line(**overrides: Any) -> dict[str, Any]:
    base = {
        "from_org_id": BCA[0],
        "from_org_name": BCA[1],
        "code_number": "40",
        "code_notation": "CV-BCA",
        "issued_date": "2026-02-03",
        "doc_type": "CV",
        "subject": "Về việc bảo đảm an ninh trật tự",
    }
    base.update(overrides)
    return base


def write_mixed_batch(folder: Path) -> tuple[Path, dict[str, Any]]:
    """A JSONL file of good and bad lines; also what the import must make of it."""
    folder.mkdir(parents=True, exist_ok=True)
    good_pdf = make_pdf(folder / "good.pdf", ["CÔNG VĂN", "Về việc kiểm tra hồ sơ đất đai"])
    fake_pdf = folder / "fake.pdf"
    fake_pdf.write_text("Đây không phải PDF, chỉ là văn bản thường.\n", encoding="utf-8")
    garbage_pdf = folder / "garbage.pdf"
    garbage_pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    whole = good_pdf.read_bytes()
    truncated_pdf = folder / "truncated.pdf"
    truncated_pdf.write_bytes(whole[: len(whole) // 2])
    future = (TODAY + dt.timedelta(days=40)).isoformat()
    lines: list[str] = [
        # 1 good, with a real PDF
        json.dumps(
            _line(
                code_number="7",
                code_notation="QĐ-BCA",
                doc_type="QĐ",
                subject="Quyết định kiểm tra hồ sơ đất đai",
                file=str(good_pdf),
            ),
            ensure_ascii=False,
        ),
        # 2 malformed JSON
        '{"from_org_id": "000.00.00.G01", "subject": ',
        # 3 invalid date
        json.dumps(_line(code_number="41", issued_date="2026-02-30")),
        # 4 future date
        json.dumps(_line(code_number="42", issued_date=future)),
        # 5 overlong subject
        json.dumps(
            _line(code_number="43", subject="Về việc " + "rất dài " * 70), ensure_ascii=False
        ),
        # 6 unknown type
        json.dumps(_line(code_number="44", doc_type="XYZ")),
        # 7 missing file
        json.dumps(_line(code_number="45", file=str(folder / "khong-co.pdf"))),
        # 8 not a PDF, named .pdf
        json.dumps(_line(code_number="46", file=str(fake_pdf))),
        # 9 %PDF- header, then garbage
        json.dumps(_line(code_number="47", file=str(garbage_pdf))),
        # 10 a real PDF cut in half
        json.dumps(_line(code_number="48", file=str(truncated_pdf))),
        # 11 an unknown key
        json.dumps(_line(code_number="49", colour="đỏ"), ensure_ascii=False),
        # 12 good, metadata only
        json.dumps(
            _line(
                from_org_id=BYT[0],
                from_org_name=BYT[1],
                code_number="120",
                code_notation="BYT-KCB",
                subject="V/v tiêm chủng mở rộng cho trẻ em",
            ),
            ensure_ascii=False,
        ),
        # 13 duplicate of the document registered before the import ("5" for "05", QD for QĐ)
        json.dumps(
            {
                "from_org_id": VPCP[0],
                "from_org_name": VPCP[1],
                "code_number": "5",
                "code_notation": "QD-TTg",
                "issued_date": "2026-01-05",
                "doc_type": "QĐ",
                "subject": "Lặp lại văn bản đã vào sổ",
            },
            ensure_ascii=False,
        ),
        # 14 duplicate of line 1 ("07" for "7", QD for QĐ)
        json.dumps(
            _line(code_number="07", code_notation="QD-BCA", doc_type="QĐ", subject="Lặp dòng 1"),
            ensure_ascii=False,
        ),
        # 15 good
        json.dumps(
            _line(code_number="50", subject="Về việc phòng cháy, chữa cháy"), ensure_ascii=False
        ),
    ]
    path = folder / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect = {
        "good_subjects": [
            "Quyết định kiểm tra hồ sơ đất đai",
            "V/v tiêm chủng mở rộng cho trẻ em",
            "Về việc phòng cháy, chữa cháy",
        ],
        "good_pdf": good_pdf,
        "bad_files": [fake_pdf, garbage_pdf, truncated_pdf],
        "error_fields": {
            2: "json",
            3: "issued_date",
            4: "issued_date",
            5: "subject",
            6: "doc_type",
            7: "file",
            8: "file",
            9: "file",
            10: "file",
            11: "colour",
        },
        "error_labels_vi": {
            3: "Ngày ban hành",
            4: "Ngày ban hành",
            5: "Trích yếu",
            6: "Loại văn bản",
            7: "Tệp văn bản",
            8: "Tệp văn bản",
            9: "Tệp văn bản",
            10: "Tệp văn bản",
            11: "colour",
        },
        "duplicate_lines": [13, 14],
    }
    return path, expect


def test_import_registers_the_good_lines_and_reports_every_bad_one(
    home: Path, tmp_path: Path
) -> None:
    registered = ok(add_incoming(home, number="05", notation="QĐ-TTg", issuer=VPCP)).json()
    path, expect = write_mixed_batch(tmp_path / "batch")

    run = vanthu(home, "incoming", "import", path, "--json")
    assert run.code != 0  # there were errors
    report = run.json()
    assert report["imported"] == 3
    assert report["first_number"] == 2
    assert report["last_number"] == 4
    assert sorted(d["line"] for d in report["duplicates"]) == expect["duplicate_lines"]
    errors = {e["line"]: e for e in report["errors"]}
    assert len(errors) == len(report["errors"])  # one report per bad line
    assert {line: e["field"] for line, e in errors.items()} == expect["error_fields"]
    assert errors[4]["problem"] == "future"
    assert errors[3]["problem"] != "future"
    assert errors[5]["problem"] == "too_long"
    assert errors[7]["problem"] == "not_found"
    assert errors[8]["problem"] == "not_pdf"

    # the good lines, and only they, are in the register, numbered on in file order
    docs = sorted(listing(home)["documents"], key=lambda d: d["number"])
    assert [d["number"] for d in docs] == [1, 2, 3, 4]
    assert docs[0]["id"] == registered["id"]
    assert [d["subject"] for d in docs[1:]] == expect["good_subjects"]
    with_file = show(home, docs[1]["id"])
    good_sha = hashlib.sha256(expect["good_pdf"].read_bytes()).hexdigest()
    assert with_file["file"]["sha256"] == good_sha
    for bad in expect["bad_files"]:
        sha = hashlib.sha256(bad.read_bytes()).hexdigest()
        assert not (home / "blobs" / sha[:2] / sha[2:]).exists(), bad.name
    # one register event per document, and the chain holds
    register_events = [
        e for d in docs for e in show(home, d["id"])["history"] if e["action"] == "register"
    ]
    assert len(register_events) == 4
    assert ok(vanthu(home, "audit", "verify", "--json")).json()["ok"] is True


def test_import_human_output_names_each_bad_line_in_vietnamese(home: Path, tmp_path: Path) -> None:
    ok(add_incoming(home, number="05", notation="QĐ-TTg", issuer=VPCP))
    path, expect = write_mixed_batch(tmp_path / "batch")
    run = vanthu(home, "incoming", "import", path)
    assert run.code != 0
    text = run.out + run.err
    lines = text.splitlines()
    for number, label in expect["error_labels_vi"].items():
        mine = [line for line in lines if line.startswith(f"Dòng {number}:")]
        assert mine, f"line {number} not reported:\n{text}"
        assert label in mine[0], mine[0]
    assert any(line.startswith("Dòng 2:") for line in lines)
    for number in expect["duplicate_lines"]:
        assert any(line.startswith(f"Dòng {number}:") for line in lines), number
    assert re.search(r"\b3\b", lines[0]) and "2" in lines[0] and "4" in lines[0], lines[0]
    # run again: the good lines are now duplicates, nothing is registered twice
    again = vanthu(home, "incoming", "import", path, "--json")
    report = again.json()
    assert report["imported"] == 0
    assert sorted(d["line"] for d in report["duplicates"]) == [1, 12, 13, 14, 15]
    assert listing(home)["total"] == 4


def test_import_of_a_missing_jsonl_file_is_one_line(home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "khong-co.jsonl"
    one_line_error(vanthu(home, "incoming", "import", missing, "--json"), 2, str(missing))
    assert listing(home)["total"] == 0


# ------------------------------------------------------------------------- outgoing add ---


def test_outgoing_add_builds_symbols_and_keeps_separate_series(home: Path) -> None:
    qd = ok(vanthu(home, "outgoing", "add", "--type", "QĐ", "--subject", "Quyết định A", "--json"))
    qd = qd.json()
    assert (qd["direction"], qd["number"], qd["notation"]) == ("outgoing", 1, "01/QĐ-UBND")
    assert qd["issuer"] == ORG[1] and qd["date"] == TODAY.isoformat()

    cv = ok(
        vanthu(
            home,
            "outgoing",
            "add",
            "--type",
            "CV",
            "--unit",
            "VP",
            "--subject",
            "Công văn B",
            "--json",
        )
    ).json()
    assert (cv["number"], cv["notation"]) == (2, "02/UBND-VP")
    assert cv["register"] == qd["register"]

    secret = ok(
        vanthu(home, "outgoing", "add", "--type", "QĐ", "--secret", "--subject", "Mật C", "--json")
    ).json()
    assert (secret["number"], secret["notation"]) == (1, "01/QĐ-UBND")
    assert secret["register"] != qd["register"]
    assert secret["confidentiality"] > 0

    copy = ok(
        vanthu(home, "outgoing", "add", "--type", "SY", "--subject", "Sao y D", "--json")
    ).json()
    assert (copy["number"], copy["notation"]) == (1, "01/SY-UBND")
    assert copy["register"] not in {qd["register"], secret["register"]}

    again = ok(
        vanthu(home, "outgoing", "add", "--type", "TB", "--subject", "Thông báo E", "--json")
    ).json()
    assert (again["number"], again["notation"]) == (3, "03/TB-UBND")
    secret2 = ok(
        vanthu(
            home,
            "outgoing",
            "add",
            "--type",
            "CV",
            "--unit",
            "VP",
            "--secret",
            "--subject",
            "Mật F",
            "--json",
        )
    ).json()
    assert (secret2["number"], secret2["notation"]) == (2, "02/UBND-VP")

    human = ok(vanthu(home, "outgoing", "add", "--type", "KH", "--subject", "Kế hoạch G"))
    assert "04/KH-UBND" in human.out
    outgoing = listing(home, "--direction", "outgoing")
    assert outgoing["total"] == 7
    # the incoming register is untouched by outgoing numbers
    assert listing(home, "--direction", "incoming")["total"] == 0
    assert ok(add_incoming(home)).json()["number"] == 1


# ---------------------------------------------------------------------------- list, show ---


@pytest.fixture
def filled(home: Path) -> dict[str, int]:
    incoming = {
        "qd": ("05", "QĐ-TTg", VPCP, "2026-01-05", "QĐ", "Quyết định về việc phòng chống lụt bão"),
        "cv": ("12", "BCA-V01", BCA, "2026-02-10", "CV", "V/v bảo đảm an ninh dịp Tết"),
        "bc": ("30", "BC-BYT", BYT, "2026-03-20", "BC", "Báo cáo tình hình dịch bệnh quý I"),
    }
    ids = {}
    for key, (number, notation, issuer, date, doc_type, subject) in incoming.items():
        added = add_incoming(
            home,
            number=number,
            notation=notation,
            issuer=issuer,
            date=date,
            doc_type=doc_type,
            subject=subject,
        )
        ids[key] = ok(added).json()["id"]
    ids["out"] = ok(
        vanthu(
            home, "outgoing", "add", "--type", "QĐ", "--subject", "Quyết định khen thưởng", "--json"
        )
    ).json()["id"]
    return ids


def test_list_json_shape_and_filters(home: Path, filled: dict[str, int]) -> None:
    everything = listing(home)
    assert set(everything) >= {"documents", "total"}
    assert everything["total"] == 4 == len(everything["documents"])
    for doc in everything["documents"]:
        for key in ("id", "direction", "number", "notation", "subject", "issuer", "date"):
            assert key in doc, key

    def ids(*filters: Any) -> set[int]:
        data = listing(home, *filters)
        assert data["total"] == len(data["documents"])
        return {d["id"] for d in data["documents"]}

    assert ids("--direction", "incoming") == {filled["qd"], filled["cv"], filled["bc"]}
    assert ids("--direction", "outgoing") == {filled["out"]}
    assert ids("--type", "QĐ") == {filled["qd"], filled["out"]}
    assert ids("--type", "QD", "--direction", "incoming") == {filled["qd"]}
    assert ids("--type", "BC") == {filled["bc"]}
    assert ids("--year", YEAR) == set(filled.values())
    assert ids("--year", YEAR - 1) == set()
    assert ids("--from", "2026-02-01", "--to", "2026-02-28") == {filled["cv"]}
    assert ids("--from", "2026-02-10", "--direction", "incoming") == {filled["cv"], filled["bc"]}
    assert ids("--to", "2026-01-31") == {filled["qd"]}
    assert ids("--issuer", BCA[0]) == {filled["cv"]}

    limited = listing(home, "--direction", "incoming", "--limit", 2)
    assert limited["total"] == 3  # total counts every match, not the page

    human = ok(vanthu(home, "list", "--direction", "incoming")).out
    assert "05/QĐ-TTg" in human and "12/BCA-V01" in human and "Quyết định khen thưởng" not in human


def test_list_filters_by_words_of_the_issuer_name(home: Path, filled: dict[str, int]) -> None:
    def ids(*filters: Any) -> set[int]:
        return {d["id"] for d in listing(home, *filters)["documents"]}

    assert ids("--issuer", "bo y te") == {filled["bc"]}
    assert ids("--issuer", "Bộ Y tế") == {filled["bc"]}
    assert ids("--issuer", "CÔNG AN") == {filled["cv"]}


def test_list_refuses_a_bad_filter_in_one_line(home: Path) -> None:
    one_line_error(vanthu(home, "list", "--from", "2026-02-30"), 2, "2026-02-30")
    one_line_error(vanthu(home, "list", "--type", "XYZ"), 2, "Loại văn bản")


def test_show_json_and_a_missing_id(home: Path, filled: dict[str, int]) -> None:
    doc = show(home, filled["cv"])
    assert doc["id"] == filled["cv"]
    assert doc["notation"] == "12/BCA-V01"
    assert doc["issuer"] == BCA[1]
    assert doc["subject"] == "V/v bảo đảm an ninh dịp Tết"
    assert doc["history"][0]["action"] == "register"
    human = ok(vanthu(home, "show", filled["cv"])).out
    assert "12/BCA-V01" in human and "Bộ Công an" in human
    one_line_error(vanthu(home, "show", 9999), 4, "9999")
    one_line_error(vanthu(home, "show", 9999, "--json"), 4, "9999")


# ------------------------------------------------------------------------------- search ---


def test_search_json_ignores_diacritics_and_case(home: Path) -> None:
    qd = ok(
        add_incoming(
            home,
            number="05",
            notation="QĐ-TTg",
            issuer=VPCP,
            doc_type="QĐ",
            subject="Quyết định phê duyệt phương án phòng chống lụt bão tỉnh Đắk Lắk",
        )
    ).json()["id"]
    cv = ok(
        add_incoming(
            home,
            number="18",
            notation="BYT-DP",
            issuer=BYT,
            doc_type="CV",
            subject="Về việc triển khai quyết định tiêm chủng mở rộng",
        )
    ).json()["id"]
    other = ok(
        add_incoming(
            home,
            number="19",
            notation="BYT-KCB",
            issuer=BYT,
            doc_type="CV",
            subject="V/v báo cáo khám chữa bệnh tại Gia Lai",
        )
    ).json()["id"]

    def search(query: str, *extra: Any) -> dict[str, Any]:
        return ok(vanthu(home, "search", query, *extra, "--json")).json()

    result = search("quyet dinh")
    assert isinstance(result["elapsed_ms"], int | float) and result["elapsed_ms"] >= 0
    hits = result["hits"]
    assert {h["id"] for h in hits} == {qd, cv}
    for hit in hits:
        for key in ("id", "direction", "number", "notation", "subject", "issuer", "score"):
            assert key in hit, key
        assert "<mark>" in hit["snippet"] and "</mark>" in hit["snippet"]
    by_id = {h["id"]: h for h in hits}
    assert by_id[qd]["notation"] == "05/QĐ-TTg" and by_id[qd]["issuer"] == VPCP[1]
    assert by_id[qd]["direction"] == "incoming" and by_id[qd]["number"] == 1
    ids = [h["id"] for h in hits]
    assert [h["id"] for h in search("Quyết định")["hits"]] == ids
    assert [h["id"] for h in search("QUYẾT ĐỊNH")["hits"]] == ids

    dak = search("dak lak")["hits"]
    assert [h["id"] for h in dak] == [qd]
    assert "Đắk" in dak[0]["snippet"] and "<mark>" in dak[0]["snippet"]
    assert [h["id"] for h in search("ĐẮK LẮK")["hits"]] == [qd]
    assert [h["id"] for h in search("gia lai")["hits"]] == [other]
    assert search("khongcotu")["hits"] == []
    assert [h["id"] for h in search("quyet dinh", "--issuer", BYT[0])["hits"]] == [cv]
    assert len(search("quyet dinh", "--limit", 1)["hits"]) == 1

    human = ok(vanthu(home, "search", "dak lak")).out
    assert "05/QĐ-TTg" in human
    one_line_error(vanthu(home, "search", "   "), 2)


def test_search_finds_a_word_that_is_only_inside_a_registered_pdf(
    home: Path, tmp_path: Path
) -> None:
    pdf = make_pdf(
        tmp_path / "to-trinh.pdf",
        [
            "TỜ TRÌNH",
            "Về dự án thủy điện Srêpốk ở huyện Buôn Đôn",
            "Kính gửi: Ủy ban nhân dân tỉnh",
        ],
    )
    with_pdf = ok(
        add_incoming(
            home,
            file=pdf,
            number="88",
            notation="TTr-SXD",
            issuer=BYT,
            doc_type="TTr",
            subject="Tờ trình xin chủ trương đầu tư",
        )
    ).json()["id"]
    ok(
        add_incoming(
            home,
            number="89",
            notation="TTr-SXD",
            issuer=BYT,
            doc_type="TTr",
            subject="Tờ trình khác",
        )
    )
    for query in ("srepok", "Srêpốk", "SREPOK", "buon don"):
        hits = ok(vanthu(home, "search", query, "--json")).json()["hits"]
        assert [h["id"] for h in hits] == [with_pdf], query
        assert "<mark>" in hits[0]["snippet"]


# ------------------------------------------------------------------------ register books ---


def test_register_export_csv_has_bom_and_vietnamese_headings(
    home: Path, filled: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "so-den.csv"
    ok(
        vanthu(
            home,
            "register",
            "export",
            "--kind",
            "incoming",
            "--year",
            YEAR,
            "--format",
            "csv",
            "-o",
            out,
        )
    )
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [nfc(c) for c in rows[0]] == INCOMING_HEADINGS
    body = rows[1:]
    assert len(body) == 3
    text = "\n".join(",".join(r) for r in body)
    assert "05/QĐ-TTg" in text and "12/BCA-V01" in text and "30/BC-BYT" in text
    assert "khen thưởng" not in text  # the outgoing document is in the other book

    out2 = tmp_path / "so-di.csv"
    ok(
        vanthu(
            home,
            "register",
            "export",
            "--kind",
            "outgoing",
            "--year",
            YEAR,
            "--format",
            "csv",
            "-o",
            out2,
        )
    )
    raw2 = out2.read_bytes()
    assert raw2.startswith(b"\xef\xbb\xbf")
    rows2 = list(csv.reader(io.StringIO(raw2.decode("utf-8-sig"), newline="")))
    assert [nfc(c) for c in rows2[0]] == OUTGOING_HEADINGS
    assert len(rows2) == 2 and "01/QĐ-UBND" in ",".join(rows2[1])


def test_register_export_pdf_reads_back_with_the_headings(
    home: Path, filled: dict[str, int], tmp_path: Path
) -> None:
    assert shutil.which("pdftotext"), "pdftotext missing: make test installs poppler-utils"
    out = tmp_path / "so-den.pdf"
    run = ok(
        vanthu(
            home,
            "register",
            "export",
            "--kind",
            "incoming",
            "--year",
            YEAR,
            "--format",
            "pdf",
            "-o",
            out,
            "--json",
        )
    )
    assert run.json()["rows"] == 3
    assert out.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(nfc(text).split())
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in flat
    for heading in INCOMING_HEADINGS:
        assert heading in flat, heading
    assert "05/QĐ-TTg" in flat and "Bộ Công an" in flat


def test_register_export_shows_its_progress_on_a_terminal(
    home: Path, filled: dict[str, int], tmp_path: Path
) -> None:
    """On a terminal (a pseudo-terminal here) the rows go by on standard error; through a
    pipe (every test above) nothing but the result is printed."""
    import pty

    out = tmp_path / "so-den.csv"
    main, terminal = pty.openpty()
    argv = [*vanthu_command(), "--home", str(home), "register", "export", "--kind", "incoming",
            "--year", str(YEAR), "--format", "csv", "-o", str(out)]  # fmt: skip
    try:
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=terminal, env=cli_env(),
                              timeout=120)  # fmt: skip
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal is closed and read out
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main)
    assert proc.returncode == 0
    lines = [line.strip() for line in shown.decode("utf-8").split("\r") if line.strip()]
    assert lines[0] == "0/3 dòng" and lines[-1] == "3/3 dòng", lines  # rewritten in place
    assert "Đã xuất sổ (3 dòng)" in proc.stdout.decode("utf-8")
    assert b"\r" not in proc.stdout


def test_register_export_refuses_bad_options_in_one_line(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    one_line_error(
        vanthu(home, "register", "export", "--kind", "incoming", "--format", "csv", "-o", out), 2
    )
    assert not out.exists()


# -------------------------------------------------------------------------------- audit ---


def _three_documents(home: Path) -> None:
    ok(add_incoming(home, number="01", notation="QĐ-TTg"))
    ok(add_incoming(home, number="02", notation="QĐ-TTg"))
    ok(add_incoming(home, number="03", notation="QĐ-TTg"))


def _sql(home: Path, statement: str, *params: Any) -> None:
    conn = sqlite3.connect(home / "vanthu.db")
    try:
        with conn:
            conn.execute(statement, params)
    finally:
        conn.close()


def test_audit_verify_passes_on_a_normal_workspace(home: Path) -> None:
    _three_documents(home)
    ok(vanthu(home, "edit", 2, "--set", "subject=Trích yếu đã sửa"))
    data = ok(vanthu(home, "audit", "verify", "--json")).json()
    assert data["ok"] is True
    assert data["events"] >= 5  # init, three registrations, one edit
    assert ok(vanthu(home, "audit", "verify")).out.strip()


def test_audit_verify_names_a_tampered_event(home: Path) -> None:
    _three_documents(home)
    _sql(home, "UPDATE events SET details = ? WHERE id = 3", '{"after":{"subject":"giả mạo"}}')
    run = vanthu(home, "audit", "verify", "--json")
    assert run.code == 5
    data = run.json()
    assert data["ok"] is False and data["first_broken"] == 3
    human = vanthu(home, "audit", "verify")
    assert human.code == 5
    assert re.search(r"(?<!\d)3(?!\d)", human.out + human.err), human.out + human.err


def test_audit_verify_detects_the_newest_event_deleted(home: Path) -> None:
    _three_documents(home)
    _sql(home, "DELETE FROM events WHERE id = (SELECT max(id) FROM events)")
    run = vanthu(home, "audit", "verify", "--json")
    assert run.code == 5
    assert run.json()["ok"] is False


def test_audit_verify_detects_a_middle_event_deleted(home: Path) -> None:
    _three_documents(home)
    _sql(home, "DELETE FROM events WHERE id = 2")
    run = vanthu(home, "audit", "verify", "--json")
    assert run.code == 5
    assert run.json()["first_broken"] == 2


# ---------------------------------------------------------- cancel, edit, assign, status ---


def test_cancel_keeps_the_number_and_the_next_one_is_never_reused(home: Path) -> None:
    _three_documents(home)
    cancelled = ok(vanthu(home, "cancel", 3, "--reason", "Vào sổ nhầm", "--json")).json()
    assert cancelled["number"] == 3 and cancelled["cancelled"] is True
    docs = {d["id"]: d for d in listing(home)["documents"]}
    assert docs[3]["number"] == 3 and docs[3]["cancelled"] is True
    assert docs[3]["status"] == "cancelled"
    assert sorted(d["number"] for d in docs.values()) == [1, 2, 3]
    row = [line for line in ok(vanthu(home, "list")).out.splitlines() if "03/QĐ-TTg" in line]
    assert row and "Đã hủy" in row[0]

    nxt = ok(add_incoming(home, number="04", notation="QĐ-TTg")).json()
    assert nxt["number"] == 4
    cancel_event = [e for e in show(home, 3)["history"] if e["action"] == "cancel"]
    assert cancel_event and cancel_event[0]["details"]["reason"] == "Vào sổ nhầm"

    # a cancelled document takes no more changes; one clear line, nothing written
    before = db_dump(home)
    one_line_error(vanthu(home, "edit", 3, "--set", "subject=Sửa sau khi hủy"), None)
    assert db_dump(home) == before
    one_line_error(vanthu(home, "cancel", 99, "--reason", "x"), 4, "99")
    assert ok(vanthu(home, "audit", "verify")).code == 0


def test_cancel_needs_a_reason(home: Path) -> None:
    _three_documents(home)
    one_line_error(vanthu(home, "cancel", 1, "--reason", ""), 2, "Lý do")
    assert listing(home)["documents"][-1]["cancelled"] is False


def test_edit_records_before_and_after_in_history(home: Path) -> None:
    doc = ok(add_incoming(home, subject="Về việc cấp giấy chứng nhận")).json()
    edited = ok(
        vanthu(
            home,
            "edit",
            doc["id"],
            "--set",
            "subject=Về việc thu hồi đất dự án hồ Ea Kao",
            "--reason",
            "Sai trích yếu",
            "--json",
        )
    ).json()
    assert edited["subject"] == "Về việc thu hồi đất dự án hồ Ea Kao"
    assert edited["number"] == doc["number"] and edited["notation"] == doc["notation"]
    events = [e for e in show(home, doc["id"])["history"] if e["action"] == "edit"]
    assert len(events) == 1
    assert events[0]["details"]["before"] == {"subject": "Về việc cấp giấy chứng nhận"}
    assert events[0]["details"]["after"] == {"subject": "Về việc thu hồi đất dự án hồ Ea Kao"}
    assert events[0]["details"]["reason"] == "Sai trích yếu"
    # search follows the edit
    hits = ok(vanthu(home, "search", "ea kao", "--json")).json()["hits"]
    assert [h["id"] for h in hits] == [doc["id"]]
    assert ok(vanthu(home, "search", "giay chung nhan", "--json")).json()["hits"] == []

    one_line_error(vanthu(home, "edit", doc["id"], "--set", "number=7"), 2, "Nghị định 30", "hủy")
    one_line_error(vanthu(home, "edit", doc["id"], "--set", "subject"), 2)
    one_line_error(vanthu(home, "edit", doc["id"], "--set", "signer=" + "x" * 51), 2, "Người ký")
    assert show(home, doc["id"])["subject"] == "Về việc thu hồi đất dự án hồ Ea Kao"


def test_assign_hands_the_document_over_and_history_says_so(home: Path) -> None:
    doc = ok(add_incoming(home)).json()
    assigned = ok(
        vanthu(home, "assign", doc["id"], "--to", "Phòng Tổng hợp", "--due", "2026-12-31", "--json")
    ).json()
    assert assigned["assignee"] == "Phòng Tổng hợp"
    assert assigned["status"] == "assigned"
    assert assigned["due_date"] == "2026-12-31"
    events = [e for e in show(home, doc["id"])["history"] if e["action"] == "assign"]
    assert len(events) == 1 and events[0]["details"]["after"]["assignee"] == "Phòng Tổng hợp"
    assert "Phòng Tổng hợp" in ok(vanthu(home, "show", doc["id"])).out
    one_line_error(vanthu(home, "assign", 404, "--to", "Phòng Tổng hợp"), 4, "404")


# ---------------------------------------------------------------------------- bad input ---


@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        ({"date": "2026-13-01"}, "Ngày ban hành"),
        ({"date": "31/02/2026"}, "Ngày ban hành"),
        ({"date": "hôm qua"}, "Ngày ban hành"),
        ({"date": (TODAY + dt.timedelta(days=3)).isoformat()}, "Ngày ban hành"),
        ({"extra": ("--signer", "Nguyễn " * 9)}, "Người ký"),  # 54 characters
        ({"extra": ("--signer", "N" * 51)}, "Người ký"),
        ({"notation": "QĐ-" + "A" * 28}, "Ký hiệu"),  # 31 characters
        ({"notation": "QĐ TTg"}, "Ký hiệu"),
        ({"number": "5a"}, "Số văn bản"),
        ({"number": "1" * 12}, "Số văn bản"),
        ({"subject": "x" * 501}, "Trích yếu"),
        ({"doc_type": "XYZ"}, "Loại văn bản"),
        ({"issuer": ("000.00.00 G22", VPCP[1])}, "Mã định danh"),
        ({"issuer": ("G22", VPCP[1])}, "Mã định danh"),
        ({"issuer": ("000.00.00.G22." + "1" * 30, VPCP[1])}, "Mã định danh"),
        ({"issuer": (VPCP[0], "V" * 201)}, "Tên cơ quan ban hành"),
        ({"extra": ("--due", "2026-02-30")}, "Hạn xử lý"),
        ({"extra": ("--urgency", "rất gấp")}, "Độ khẩn"),
        ({"extra": ("--confidentiality", "bí mật quốc gia")}, "Độ mật"),
    ],
)
def test_bad_incoming_input_is_one_clear_line_exit_2_nothing_written(
    home: Path, changes: dict[str, Any], needle: str
) -> None:
    before = db_dump(home)
    run = add_incoming(home, **changes)
    one_line_error(run, 2, needle)
    assert db_dump(home) == before
    assert listing(home)["total"] == 0


def test_a_bad_pdf_given_to_incoming_add_is_refused(home: Path, tmp_path: Path) -> None:
    fake = tmp_path / "anh.pdf"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200)
    one_line_error(add_incoming(home, file=fake), 2, "Tệp văn bản")
    one_line_error(add_incoming(home, file=tmp_path / "khong-co.pdf"), 2, "khong-co.pdf")
    assert listing(home)["total"] == 0
    assert not [p for p in (home / "blobs").rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--type", "XYZ", "--subject", "Thử"], "Loại văn bản"),
        (["--type", "QĐ", "--subject", "x" * 501], "Trích yếu"),
        (["--type", "QĐ", "--subject", "   "], "Trích yếu"),
        (["--type", "CV", "--unit", "V P", "--subject", "Thử"], "Đơn vị soạn thảo"),
        (["--type", "QĐ", "--subject", "Thử", "--signer", "S" * 51], "Người ký"),
        (["--type", "QĐ", "--subject", "Thử", "--due", "2026-13-01"], "Hạn xử lý"),
    ],
)
def test_bad_outgoing_input_is_one_clear_line_exit_2_and_takes_no_number(
    home: Path, args: list[str], needle: str
) -> None:
    one_line_error(vanthu(home, "outgoing", "add", *args), 2, needle)
    assert listing(home)["total"] == 0
    first = ok(vanthu(home, "outgoing", "add", "--type", "QĐ", "--subject", "Sau lỗi", "--json"))
    assert first.json()["number"] == 1  # the refused one took no number


def test_edit_refuses_what_registration_refuses(home: Path) -> None:
    doc = ok(add_incoming(home)).json()
    before = db_dump(home)
    future = (TODAY + dt.timedelta(days=30)).isoformat()
    one_line_error(vanthu(home, "edit", doc["id"], "--set", "issued_date=2026-02-30"), 2)
    one_line_error(vanthu(home, "edit", doc["id"], "--set", "code_notation=QĐ TTg"), 2, "Ký hiệu")
    one_line_error(vanthu(home, "edit", doc["id"], "--set", "doc_type=XYZ"), 2, "Loại văn bản")
    assert db_dump(home) == before
    # a future issue date is refused on registration; a correction must not let one in
    one_line_error(
        vanthu(home, "edit", doc["id"], "--set", f"issued_date={future}"), 2, "Ngày ban hành"
    )
    assert db_dump(home) == before
    assert show(home, doc["id"])["date"] == "2026-01-05"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["show", "abc"], "id"),
        (["list", "--year", "20x6"], "--year"),
        (["outgoing", "add", "--type", "QĐ", "--subject", "x", "--copies", "ba"], "--copies"),
        (["incoming", "add", "--number", "1"], "--from-org-id"),
    ],
)
def test_malformed_command_lines_exit_2_without_a_traceback(
    home: Path, args: list[str], needle: str
) -> None:
    run = vanthu(home, *args)
    assert run.code == 2
    assert needle in run.err.strip().splitlines()[-1]
    assert listing(home)["total"] == 0
