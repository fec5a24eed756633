"""Write tests/store/schemas/<latest migration>.db: a small real workspace database of the
current schema, for the upgrade test. Run once when a version is released."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.clock import VN_TZ, fixed_clock
from app.documents import DocumentService
from app.drafts import IncomingDraft, OutgoingDraft
from app.store.db import MIGRATIONS
from app.workspace import Workspace


def main() -> None:
    home = Path(tempfile.mkdtemp()) / "ws"
    clock = fixed_clock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=VN_TZ))
    ws = Workspace.create(
        home, "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND", clock=clock
    )
    svc = DocumentService(ws)
    for n in range(1, 4):
        doc = svc.register_incoming(
            IncomingDraft.from_mapping(
                {
                    "from_org_id": "000.00.00.G22",
                    "from_org_name": "Văn phòng Chính phủ",
                    "code_number": str(n),
                    "code_notation": "TB-VPCP",
                    "issued_date": "2026-11-20",
                    "doc_type": "TB",
                    "subject": f"Thông báo số {n} về lịch làm việc",
                },
                today=dt.date(2026, 11, 26),
            )
        )
    svc.assign(doc.id, "Phòng Tổng hợp")
    svc.register_outgoing(
        OutgoingDraft.build(doc_type_value="QĐ", subject="Quyết định khen thưởng")
    )
    ws.close()
    conn = sqlite3.connect(home / "vanthu.db")
    name = [m.name for m in MIGRATIONS._migrations][-1]
    out = Path(__file__).parent / "schemas" / f"{name}.db"
    out.unlink(missing_ok=True)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM INTO ?", (str(out),))
    print(out, out.stat().st_size)


if __name__ == "__main__":
    main()
