"""A large register for the page benchmarks, written straight into the documents table.

Registering through the service (numbering, duplicate checks, history events, the search
index) runs at ~8,000 documents/s, which would spend minutes building a 1,000,000-document
register before a single page is timed; the pages only read the documents table, so this
writes its rows in bulk with the service's own INSERT (``app.documents.INSERT_SQL``), numbered
per register and year as the service numbers them. No history, no search index, no files:
the page benchmarks do not read them.

Shape: five years, 200,000 documents a year, four registers (incoming 55 %, outgoing 30 %,
secret 5 %, copies 10 %), ids in registration order, 600 issuing organisations (so an issuer
filter keeps ~0.2 % of the rows), types, urgencies and statuses in the proportions of a
provincial office, 1 % cancelled, due dates on a quarter of the incoming documents."""

from __future__ import annotations

import datetime as dt
import operator
import random
from pathlib import Path

from common import new_workspace

from app.documents import COLUMNS, new_record
from app.sample_data import (
    ISSUERS,
    PROVINCES,
    TYPE_WEIGHTS,
    UNITS,
    SampleGenerator,
    province_name,
)
from app.store import documents as documents_sql
from app.workspace import Workspace

YEARS = (2022, 2023, 2024, 2025, 2026)
REGISTER_SHARES = (("den", 55), ("di", 30), ("di-mat", 5), ("sao", 10))
INCOMING_STATUSES = (("registered", 20), ("assigned", 30), ("in_progress", 20), ("done", 28))
INCOMING_STATUSES += (("returned", 2),)
OUTGOING_STATUSES = (("issued", 40), ("sent", 58), ("signed", 2))
AGENCY_KINDS = ("Sở Tài chính", "Sở Nội vụ", "Sở Y tế", "Sở Xây dựng", "Công an")
AGENCY_KINDS += ("Ủy ban nhân dân", "Bảo hiểm xã hội", "Kho bạc Nhà nước", "Cục Thuế")
AGENCY_KINDS += ("Sở Giáo dục và Đào tạo", "Sở Tư pháp", "Ban Quản lý dự án", "Thanh tra")
AGENCY_KINDS += ("Sở Nông nghiệp và Môi trường", "Sở Công Thương", "Bộ Chỉ huy Quân sự")
_row = operator.itemgetter(*COLUMNS)


def issuers(rng: random.Random, count: int = 600) -> list[tuple[str, str]]:
    """Organisation ids and names: the sample's real ones, then invented provincial ones."""
    out = [(i, n) for i, n, _ in ISSUERS]
    k = 0
    while len(out) < count:
        kind = AGENCY_KINDS[k % len(AGENCY_KINDS)]
        province = PROVINCES[(k // len(AGENCY_KINDS)) % len(PROVINCES)]
        out.append(
            (f"000.{k % 100:02d}.{k // 100:02d}.H{k % 64:02d}", f"{kind} {province_name(province)}")
        )
        k += 1
    rng.shuffle(out)
    return out


def _weighted(pairs: tuple[tuple[str, int], ...]) -> list[str]:
    return [value for value, weight in pairs for _ in range(weight)]


def build_register(home: Path, count: int, *, seed: int = 5, chunk: int = 20_000) -> Workspace:
    """A workspace at ``home`` holding ``count`` documents (the folder must not exist)."""
    ws = new_workspace(home)
    rng = random.Random(seed)
    gen = SampleGenerator(seed=seed)
    orgs = issuers(rng)
    registers = {r.code: r for r in ws.registers()}
    register_pick = _weighted(REGISTER_SHARES)
    types = _weighted(TYPE_WEIGHTS)
    in_status, out_status = _weighted(INCOMING_STATUSES), _weighted(OUTGOING_STATUSES)
    own = ws.organisation
    subjects = [gen.subject() for _ in range(50_000)]
    per_year = -(-count // len(YEARS))
    numbers: dict[tuple[int, int], int] = {}
    rows = []
    doc_id = 0
    for year in YEARS:
        first_day = dt.date(year, 1, 1)
        for i in range(min(per_year, count - doc_id)):
            doc_id += 1
            register = registers[rng.choice(register_pick)]
            number = numbers[(register.id, year)] = numbers.get((register.id, year), 0) + 1
            day = first_day + dt.timedelta(days=min(364, i * 365 // per_year + rng.randint(0, 3)))
            kind = rng.choice(types)
            incoming = register.code == "den"
            status = rng.choice(in_status if incoming else out_status)
            cancelled = rng.random() < 0.01
            if incoming:
                issuer_id, issuer_name = rng.choice(orgs)
                issued = day - dt.timedelta(days=rng.randint(0, 6))
                arrival = day.isoformat()
                due = (day + dt.timedelta(days=rng.randint(5, 30))).isoformat()
                due = due if rng.random() < 0.25 else ""
                notation = f"{kind}-X{issuer_id[-3:]}"
            else:
                issuer_id, issuer_name = own.organ_id, own.name
                issued, arrival, due = day, "", ""
                notation = f"{kind}-{own.abbr}" if kind != "CV" else f"{own.abbr}-VP"
            record = new_record(
                None,
                id=doc_id,
                direction=register.direction.value,
                register_id=register.id,
                year=year,
                number=number,
                code_number=f"{number:02d}",
                code_notation=notation,
                issued_date=issued.isoformat(),
                doc_type=kind,
                subject=rng.choice(subjects),
                issuer_id=issuer_id,
                issuer_name=issuer_name,
                arrival_date=arrival,
                due_date=due,
                urgency=rng.choices((0, 1, 2, 3), weights=(85, 10, 4, 1))[0],
                status="cancelled" if cancelled else status,
                cancelled=int(cancelled),
                assignee=rng.choice(UNITS) if status != "registered" and incoming else "",
                confidentiality=2 if register.code == "di-mat" else 0,
                created_at=f"{day.isoformat()}T08:00:00+07:00",
            )
            rows.append(_row(record))
            if len(rows) >= chunk:
                _flush(ws, rows)
    _flush(ws, rows)
    return ws


def _flush(ws: Workspace, rows: list[tuple]) -> None:
    batch = list(rows)
    ws.write(lambda conn: documents_sql.insert_many(conn, batch))
    rows.clear()


__all__ = ["build_register"]
