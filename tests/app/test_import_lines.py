"""A large import is read and checked by a second process (app/import_lines.py): the register
it leaves must be the very one a single process leaves — same rows, same search text, same
history chain — with the same per-line errors, duplicates and files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from app.clock import fixed_clock
from app.desk import Desk
from app.errors import InvalidInput
from app.import_lines import ReadyLine, ready_lines
from app.sample_data import SampleGenerator
from app.workspace import Workspace
from tests.conftest import NOW, make_pdf


def _lines(tmp_path: Path) -> Path:
    gen = SampleGenerator(seed=11)
    out: list[bytes] = []
    for k in range(1200):
        d = gen.document(NOW.date())
        line = {
            "from_org_id": d.from_org_id, "from_org_name": d.from_org_name,
            "code_number": d.code_number, "code_notation": d.code_notation,
            "issued_date": d.issued_date.isoformat(), "doc_type": d.doc_type,
            "subject": d.subject, "signer": d.signer, "urgency": d.urgency,
        }  # fmt: skip
        if k % 97 == 5:
            line["note"] = "Đã nhận bản giấy; ghi chú: 05/ĐHĐCĐ"
        if k % 211 == 7:
            line["to_places"] = "Sở Nội vụ, Sở Tư pháp"
        out.append(json.dumps(line, ensure_ascii=False).encode())
    out[10] = out[3]  # a duplicate of an earlier line
    out[20] = b'{"from_org_id": "000.00.00.H29", "subject": "thi\\u1ebfu tr\\u01b0\\u1eddng"}'
    out[30] = b"not json"
    out[40] = b'{"unknown_key": 1}'
    with_file = json.loads(out[50])
    with_file["file"] = str(make_pdf(tmp_path / "attached.pdf", ["Công văn có tệp"]))
    out[50] = json.dumps(with_file, ensure_ascii=False).encode()
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"\n".join(out) + b"\n")
    return path


def _import(home: Path, path: Path, min_bytes: int) -> tuple[dict, sqlite3.Connection]:
    ws = Workspace.create(home, "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND",
                          clock=fixed_clock(NOW))  # fmt: skip
    with Desk(ws) as desk:
        report = desk.import_incoming_file(path, min_bytes=min_bytes)
    summary = {
        "imported": report.imported,
        "numbers": (report.first_number, report.last_number),
        "duplicates": report.duplicates,
        "problems": [(p.line, type(p.error).__name__, p.error.data) for p in report.problems],
    }
    return summary, sqlite3.connect(home / "vanthu.db")


def test_two_processes_leave_the_register_one_process_leaves(tmp_path: Path):
    path = _lines(tmp_path)
    # the second process really carries the lines (not a silent fallback to this one)
    items = list(ready_lines(path, NOW.date(), min_bytes=0))
    ready = sum(isinstance(v, ReadyLine) for _, v in items)
    assert ready >= 1190
    assert isinstance(dict(items)[31], InvalidInput)  # "not json" keeps its error
    assert isinstance(dict(items)[51], dict)  # the line with a file is read here

    one, conn_one = _import(tmp_path / "one", path, min_bytes=1 << 40)
    two, conn_two = _import(tmp_path / "two", path, min_bytes=0)
    assert one == two
    assert one["imported"] == 1200 - 3 - 1  # three bad lines, one duplicate
    assert [p[0] for p in one["problems"]] == [21, 31, 41]
    assert one["duplicates"][0]["line"] == 11 and one["duplicates"][0]["earlier_line"] == 4
    for query in (
        "SELECT * FROM documents ORDER BY id",
        "SELECT rowid, meta, body FROM search_index ORDER BY rowid",
        "SELECT * FROM search_terms ORDER BY term",
        "SELECT id, at, actor, action, document_id, details, hash FROM events ORDER BY id",
        "SELECT * FROM document_files ORDER BY 1, 2, 3",
        "SELECT * FROM document_texts ORDER BY 1",
    ):
        assert conn_one.execute(query).fetchall() == conn_two.execute(query).fetchall(), query
    assert (
        conn_two.execute("SELECT count(*) FROM documents WHERE file_sha256 != ''").fetchone()[0]
        == 1
    )


def test_a_worker_that_dies_midway_loses_no_line(tmp_path: Path, monkeypatch):
    """The second process ends after its first chunk (a real process that exits: standing in
    for one killed or out of memory): the rest of the file is read here, every line counts."""
    from app import import_lines

    path = _lines(tmp_path)
    dies = (
        "-c",
        "import sys, pickle; from app import import_lines as m;"
        " lines, today = pickle.load(sys.stdin.buffer);"
        " pickle.dump(m._ready_chunk(lines, today), sys.stdout.buffer); sys.stdout.flush();"
        " sys.exit(9)",
    )
    monkeypatch.setattr(import_lines, "CHUNK", 100)
    monkeypatch.setattr(import_lines._Worker, "COMMAND", dies)
    items = list(ready_lines(path, NOW.date(), min_bytes=0))
    assert [n for n, _ in items] == list(range(1, 1201))
    # the first chunk only, less its three bad lines and the one with a file
    assert sum(isinstance(v, ReadyLine) for _, v in items) == 100 - 4
    one, _ = _import(tmp_path / "one", path, min_bytes=1 << 40)
    two, _ = _import(tmp_path / "two", path, min_bytes=0)
    assert one == two and one["imported"] == 1196
