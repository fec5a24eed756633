"""The SQL of register pages (app/store/pages.py): sorts and the indexes they walk, filters
as SQL conditions, cursors as index ranges.

Indexes (migration 0005_register_pages, ``INDEXES``) and what each one serves:

* the table's UNIQUE (register_id, year, number): the register and number orders, the years
  of each register, the register/year filter, ``list --offset``, the registers' sizes;
* pages_id (register_id, year): the id order inside a register and year;
* pages_arrival, pages_issued, pages_due, pages_type, pages_status, pages_urgency,
  pages_subject (register_id, year, <column>): that column's order, one (register, year) at a
  time, and the rows of one value (one type, one status…) or one range (pages_issued: an
  issue-date filter);
* pages_issuer (issuer_name, issuer_id, register_id, year): the issuer order, the (name, id)
  pairs by a loose scan, the rows of one issuer by organisation id or by words of its name.

Why these: register and year lead because the register is how a desk reads its documents
(a tab per register and year) and because dates and ids follow the year — an index led by a
date would walk every other year to reach one. They are narrow (one column besides register,
year and rowid), so that the store grows by ~275 bytes a document (bench_register) and
registering stays above 5,000 documents/s: new documents land at the end of their (register,
year), where the index pages are already in memory.

Every walk names its index (INDEXED BY) and every filter it does not seek by is written
``+d.column``, so that the planner cannot trade the ordered walk for another index and a
temporary sort, whatever its statistics say (none are gathered: ANALYZE on a new, empty
workspace would mislead it later); tests/store/test_pages.py checks the plans."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.errors import InvalidInput, StorageError
from app.model import Direction, doc_type
from app.search import SearchFilters
from app.textfold import fold, normalize_text


@dataclass(frozen=True)
class Sort:
    name: str
    columns: tuple[str, ...]  # the key before the id
    index: str | None  # None: the table's UNIQUE (register_id, year, number) index
    by_arm: bool  # the index leads with (register_id, year): walked one arm at a time

    def order(self, descending: bool) -> tuple[bool, ...]:
        """Whether each key column (and the id) runs descending. The register order keeps
        its registers in creation order both ways: descending is the newest year first and
        the highest number first, register by register, as a register book is read."""
        if self.name == "register":
            return (False, descending, descending, descending)
        return (descending,) * (len(self.columns) + 1)

    @property
    def seek(self) -> str | None:
        """The column the walked index orders by (besides register and year): a filter on
        it narrows the walk instead of being checked row by row."""
        return next((c for c in self.columns if c not in ("register_id", "year")), None)


SORTS: dict[str, Sort] = {
    s.name: s
    for s in (
        Sort("register", ("register_id", "year", "number"), None, True),
        Sort("number", ("number", "register_id", "year"), None, True),
        Sort("arrival_date", ("arrival_date", "register_id", "year"), "pages_arrival", True),
        Sort("issued_date", ("issued_date", "register_id", "year"), "pages_issued", True),
        Sort("due_date", ("due_date", "register_id", "year"), "pages_due", True),
        Sort("doc_type", ("doc_type", "register_id", "year"), "pages_type", True),
        Sort("subject", ("subject", "register_id", "year"), "pages_subject", True),
        Sort("urgency", ("urgency", "register_id", "year"), "pages_urgency", True),
        Sort("status", ("status", "register_id", "year"), "pages_status", True),
        Sort("id", (), "pages_id", True),
        # the only index not led by register and year: it also finds an issuer's rows
        Sort(
            "issuer_name",
            ("issuer_name", "issuer_id", "register_id", "year"),
            "pages_issuer",
            False,
        ),
    )
}
COLUMN_TYPES: dict[str, type] = {
    "register_id": int,
    "year": int,
    "number": int,
    "urgency": int,
    "id": int,
    "arrival_date": str,
    "issued_date": str,
    "due_date": str,
    "doc_type": str,
    "issuer_name": str,
    "issuer_id": str,
    "subject": str,
    "status": str,
}

INDEXES = {  # created by migration 0005_register_pages
    "pages_id": ("register_id", "year"),
    "pages_arrival": ("register_id", "year", "arrival_date"),
    "pages_issued": ("register_id", "year", "issued_date"),
    "pages_due": ("register_id", "year", "due_date"),
    "pages_type": ("register_id", "year", "doc_type"),
    "pages_status": ("register_id", "year", "status"),
    "pages_urgency": ("register_id", "year", "urgency"),
    "pages_subject": ("register_id", "year", "subject"),
    "pages_issuer": ("issuer_name", "issuer_id", "register_id", "year"),
}

Term = tuple[str, list[Any]]  # an SQL condition on alias d, and its parameters
# The ids a filter keeps, gathered once for a page from the filter's index (a temporary
# table of this connection: nothing is written to the database).
MEMBER_TABLE = "temp.page_member"
MEMBER_CREATE = "CREATE TEMP TABLE IF NOT EXISTS page_member (id INTEGER PRIMARY KEY)"


def member_fill(driver: Driver) -> Term:
    where, args = driver.where("d")
    return (
        f"INSERT INTO {MEMBER_TABLE} SELECT d.id FROM documents d INDEXED BY {driver.index}"
        f" WHERE {where}",
        args,
    )


MAX_PAIRS = 64  # issuer (name, id) pairs sought one by one; more: by name alone
_ORGAN_ID = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)+$")


@dataclass(frozen=True)
class Cond:
    """One filter condition on one column: ``template`` holds ``{c}`` for the column."""

    column: str
    template: str
    args: tuple[Any, ...] = ()

    def sql(self, plus: bool = True, alias: str = "d") -> Term:
        """``+d.col`` keeps the planner from using an index for it (a check, not a seek)."""
        column = f"{'+' if plus else ''}{alias}.{self.column}"
        return self.template.format(c=column, a=alias), list(self.args)

    @property
    def seekable(self) -> bool:
        """A walk may seek by it when it is on the walked column (an IN list too: SQLite
        reads its values in order)."""
        return " OR " not in self.template


@dataclass(frozen=True)
class Driver:
    """A filter that an index can enumerate: its rows without reading the table."""

    index: str
    conds: tuple[Cond, ...]
    stands_for: tuple[Cond, ...] = ()  # the filter conditions its rows are exactly

    def where(self, alias: str = "d") -> Term:
        return _and([c.sql(plus=False, alias=alias) for c in self.conds])

    def bounded_count(self, cap: int) -> Term:
        where, args = self.where()
        return (
            f"SELECT count(*) FROM (SELECT 1 FROM documents d INDEXED BY {self.index}"
            f" WHERE {where} LIMIT ?)",
            [*args, cap],
        )

    def conds_cover(self, plan: Plan) -> bool:
        """Whether this driver's conditions are all the plan's filters (its count is then
        the number of matching documents)."""
        return set(plan.sql.conds) <= set(self.stands_for)

    def in_arm(self, arm: tuple[int, int]) -> Driver:
        kept = tuple(c for c in self.conds if c.column not in ("register_id", "year"))
        pinned = (Cond("register_id", "{c} = ?", (arm[0],)), Cond("year", "{c} = ?", (arm[1],)))
        return Driver(self.index, pinned + kept, self.stands_for)


@dataclass
class Filters:
    """SearchFilters as SQL: the (register, year) part, conditions for the rest, drivers."""

    registers: frozenset[int] | None = None  # None: every register
    years: frozenset[int] | None = None  # None: every year
    conds: list[Cond] = field(default_factory=list)
    # (index, conditions it seeks, the filter conditions it stands for)
    drivers: list[tuple[str, list[Cond], list[Cond]]] = field(default_factory=list)
    empty: bool = False  # matches nothing (an unknown register, an issuer never seen)
    issuers: list[tuple[str, str]] | None = None  # the (name, id) pairs an issuer filter keeps


@dataclass
class Plan:
    filters: SearchFilters
    arms: list[tuple[int, int]]  # the (register id, year) pairs the filters keep
    sql: Filters

    @property
    def empty(self) -> bool:
        return self.sql.empty or not self.arms

    @property
    def restricted(self) -> bool:
        """The filters name registers, a direction or a year."""
        return self.sql.registers is not None or self.sql.years is not None

    def arms_in_list_order(self) -> list[tuple[int, int]]:
        """Registers in creation order, the newest year first (``vanthu list``)."""
        return sorted(self.arms, key=lambda a: (a[0], -a[1]))

    def arm_conds(self) -> list[Cond]:
        out = []
        if self.sql.registers is not None:
            regs = tuple(sorted(self.sql.registers))
            out.append(Cond("register_id", f"{{c}} IN ({_marks(regs)})", regs))
        if self.sql.years is not None:
            years = tuple(sorted(self.sql.years))
            out.append(Cond("year", f"{{c}} IN ({_marks(years)})", years))
        return out

    def arm_seek(self) -> list[Cond]:
        """The arms as conditions an index leading with (register_id, year) seeks: the
        registers and the years of the arms (the same rows as the filters' own)."""
        regs = tuple(sorted({r for r, _ in self.arms}))
        years = tuple(sorted({y for _, y in self.arms}))
        return [
            Cond("register_id", f"{{c}} IN ({_marks(regs)})", regs),
            Cond("year", f"{{c}} IN ({_marks(years)})", years),
        ]

    def where(self, plus: bool = True, seek: str | None = None) -> Term:
        """Every condition; those on ``seek`` (the walked index's column) left usable."""
        conds = self.arm_conds() + self.sql.conds
        return _and([c.sql(plus=plus and not (c.column == seek and c.seekable)) for c in conds])


def arm_filter(
    filters: SearchFilters, registers: dict[int, tuple[str, str]]
) -> tuple[frozenset[int] | None, frozenset[int] | None]:
    """The registers and years a filter keeps (None: all of them)."""
    kept: frozenset[int] | None = None
    if filters.direction is not None:
        try:
            direction = Direction(filters.direction).value
        except ValueError:
            raise InvalidInput("direction", "unknown", value=filters.direction) from None
        kept = frozenset(r for r, (_, d) in registers.items() if d == direction)
    if filters.register:
        named = frozenset(r for r, (code, _) in registers.items() if code == filters.register)
        kept = named if kept is None else kept & named
    years = None
    if filters.year is not None:
        years = frozenset({_int("year", filters.year)})
    return kept, years


def predicates(
    filters: SearchFilters,
    names: list[str],
    pairs_of: Callable[[list[str]], list[tuple[str, str]]],
    conn: sqlite3.Connection,
) -> Filters:
    """The conditions of SearchFilters.sql(), in a form the indexes above can serve."""
    out = Filters()

    def add(index: str | None, *conds: Cond) -> None:
        out.conds.extend(conds)
        if index:
            out.drivers.append((index, list(conds), list(conds)))

    if filters.doc_type:
        add("pages_type", Cond("doc_type", "{c} = ?", (doc_type(filters.doc_type).key,)))
    if filters.issuer:
        if _ORGAN_ID.match(filters.issuer):
            organ = filters.issuer.upper()
            out.issuers = [(n, o) for n, o in pairs_of(names) if o == organ]
            kept_names = tuple(sorted({n for n, _ in out.issuers}))
            conds = [Cond("issuer_id", "{c} = ?", (organ,))]
            add(
                "pages_issuer",
                Cond("issuer_name", f"{{c}} IN ({_marks(kept_names)})", kept_names),
                *conds,
            )
        else:
            kept_names = tuple(_names_like(conn, names, filters.issuer))
            kept = Cond("issuer_name", f"{{c}} IN ({_marks(kept_names)})", kept_names)
            out.conds.append(kept)
            pairs = out.issuers = pairs_of(list(kept_names))
            seek = [kept]
            if len(pairs) <= MAX_PAIRS:
                # each (name, id) pair is a seek in pages_issuer, whatever the register/year
                either = " OR ".join(["({c} = ? AND {a}.issuer_id = ?)"] * len(pairs))
                seek = [Cond("issuer_name", f"({either})", tuple(v for p in pairs for v in p))]
            out.drivers.append(("pages_issuer", seek, [kept]))
        out.empty = out.empty or not kept_names
    if filters.urgency is not None:
        add("pages_urgency", Cond("urgency", "{c} = ?", (_int("urgency", filters.urgency),)))
    if filters.status:
        add("pages_status", Cond("status", "{c} = ?", (filters.status,)))
    if filters.statuses:
        add(
            "pages_status",
            Cond("status", f"{{c}} IN ({_marks(filters.statuses)})", filters.statuses),
        )
    dates = []
    if filters.date_from:
        dates.append(Cond("issued_date", "{c} >= ?", (filters.date_from,)))
    if filters.date_to:
        dates.append(Cond("issued_date", "{c} <= ?", (filters.date_to,)))
    if dates:
        add("pages_issued", *dates)
    if not filters.include_cancelled:
        add(None, Cond("cancelled", "{c} = 0"))
    return out


ARM_LEADING = frozenset(
    {"pages_id", "pages_arrival", "pages_issued", "pages_due", "pages_type", "pages_status"}
    | {"pages_urgency", "pages_subject"}
)


def drivers(plan: Plan, unique: str) -> list[Driver]:
    """Indexed ways to enumerate the rows a filter keeps, restricted to the plan's arms."""
    out = []
    if plan.restricted:
        out.append(Driver(unique, tuple(plan.arm_seek())))
    for index, conds, stands_for in plan.sql.drivers:
        if index in ARM_LEADING:
            # the index leads with (register_id, year): name them all to seek the range
            out.append(Driver(index, (*plan.arm_seek(), *conds), tuple(stands_for)))
        else:
            out.append(Driver(index, (*conds, *plan.arm_conds()), tuple(stands_for)))
    return out


def walk_ranges(
    plan: Plan,
    sort: Sort,
    index: str,
    order: tuple[bool, ...],
    position: tuple | None,
    fixed: dict[str, Any] | None = None,
    member: bool = False,
    within: list[tuple[int, int]] | None = None,
) -> list[Term]:
    """The statements that read, in order, the rows after ``position`` in a part of the
    index where the ``fixed`` columns hold one value each (an arm: its register and year;
    an issuer: its name and id), or in the whole index; each statement takes the row limit
    as its last parameter. ``within``: only these arms, sought inside that part.
    ``member``: only rows whose id is in temp.page_member, checked inside the walked index,
    so that the table is read for those rows only."""
    columns = (*sort.columns, "id")
    fixed = fixed or {}
    seek = sort.seek
    terms = [(f"d.{c} = ?", [v]) for c, v in fixed.items()]
    if within is not None:
        regs, years = sorted({r for r, _ in within}), sorted({y for _, y in within})
        terms += [(f"d.register_id IN ({_marks(regs)})", regs)]
        terms += [(f"d.year IN ({_marks(years)})", years)]
    cond = _and([*terms, plan.where(seek=seek)])
    source = f"documents d INDEXED BY {index}"
    if index == "rowid":
        source = "documents d NOT INDEXED"
    elif index == MEMBER_TABLE:
        # the gathered ids themselves, in id order: the id sort needs nothing else
        source = f"{MEMBER_TABLE} m CROSS JOIN documents d ON d.id = m.id"
    elif member:
        cond = _and([(f"+d.id IN {MEMBER_TABLE}", []), cond])
    by = _order_by(columns, order)
    select = ", ".join(f"d.{c}" for c in columns)
    out = []
    for range_terms in key_ranges(columns, order, position, fixed):
        where, args = _and([cond, *range_terms])
        sql = f"SELECT {select} FROM {source} WHERE {where} ORDER BY {by} LIMIT ?"
        if index == MEMBER_TABLE:
            sql = sql.replace("d.id", "m.id").replace("ON m.id = m.id", "ON d.id = m.id")
        out.append((sql, args))
    return out


def collect(
    plan: Plan,
    sort: Sort,
    driver: Driver,
    order: tuple[bool, ...],
    position: tuple | None,
) -> Term:
    """One statement: the driver's rows, read in id order, filtered, the first by the sort;
    it takes the row limit as its last parameter."""
    columns = (*sort.columns, "id")
    inner, inner_args = driver.where("d2")
    terms = [plan.where()]
    if position is not None:
        parts = [_and(r) for r in key_ranges(columns, order, position, {})]
        alternatives = " OR ".join(f"({p})" for p, _ in parts) or "0"
        terms.append((f"({alternatives})", [a for _, part_args in parts for a in part_args]))
    cond, args = _and(terms)
    select = ", ".join(f"d.{c}" for c in columns)
    sql = (
        f"SELECT {select} FROM documents d WHERE d.id IN (SELECT d2.id FROM documents d2"
        f" INDEXED BY {driver.index} WHERE {inner}) AND {cond}"
        f" ORDER BY {_order_by(columns, order)} LIMIT ?"
    )
    return sql, [*inner_args, *args]


def key_ranges(
    columns: tuple[str, ...],
    order: tuple[bool, ...],
    position: tuple | None,
    fixed: dict[str, Any],
) -> list[list[Term]]:
    """Rows after ``position`` in the order of ``columns`` (NULL smallest), as disjoint
    ranges in that order: same c1..c(j-1) and a later cj, for j from the last column to the
    first. Columns in ``fixed`` hold one known value in the rows read (an arm's register and
    year): their conditions are decided here, not in SQL."""
    if position is None:
        return [[]]
    out: list[list[Term]] = []
    for j in range(len(columns) - 1, -1, -1):
        same: list[Term] = []
        possible = True
        for c, v in zip(columns[:j], position[:j], strict=True):
            if c in fixed:
                possible = possible and _equal(fixed[c], v)
            else:
                same.append((f"d.{c} IS NULL", []) if v is None else (f"d.{c} = ?", [v]))
        if not possible:
            continue
        c, v, descending = columns[j], position[j], order[j]
        if c in fixed:
            if _later(fixed[c], v, descending):
                out.append(same)
        elif not descending:
            out.append(
                [*same, (f"d.{c} IS NOT NULL", [])] if v is None else [*same, (f"d.{c} > ?", [v])]
            )
        elif v is not None:  # fmt: skip
            out.append([*same, (f"d.{c} < ?", [v])])
            if c != "id":  # NULL comes last when descending (SQLite drops it if NOT NULL)
                out.append([*same, (f"d.{c} IS NULL", [])])
    return out


def _order_by(columns: tuple[str, ...], order: tuple[bool, ...]) -> str:
    return ", ".join(
        f"d.{c}{' DESC' if down else ''}" for c, down in zip(columns, order, strict=True)
    )


def _equal(a: Any, b: Any) -> bool:
    return a == b if (a is None) == (b is None) else False


def _later(a: Any, b: Any, descending: bool) -> bool:
    """Whether value a comes after value b in the order (NULL smallest)."""
    ka, kb = (a is not None, a), (b is not None, b)
    if ka == kb:
        return False
    return (ka < kb) if descending else (ka > kb)


def count_sql(plan: Plan) -> Term:
    cond, args = plan.where(plus=False)
    return f"SELECT count(*) FROM documents d WHERE {cond}", args


def sample_shares(plan: Plan, sample: list[int]) -> Term:
    """Of the ``sample`` ids that lie in the plan's registers and years: how many, how many
    all the filters keep, and how many each filter with an index keeps."""
    arms, arm_args = _and([c.sql() for c in plan.arm_conds()])
    parts = [_and([c.sql() for c in plan.sql.conds])]
    parts += [_and([c.sql() for c in stands_for]) for _, _, stands_for in plan.sql.drivers]
    sums = ", ".join(f"sum({p})" for p, _ in parts)
    return (
        f"SELECT count(*), {sums} FROM documents d WHERE d.id IN ({_marks(sample)}) AND {arms}",
        [*(a for _, args in parts for a in args), *sample, *arm_args],
    )


def arm_size(unique: str) -> str:
    """Documents of one (register, year): its highest number (numbers run 1, 2, … without a
    gap) plus those without a number yet — two seeks, a count in practice (an estimate)."""
    return (
        f"SELECT coalesce((SELECT max(number) FROM documents INDEXED BY {unique}"
        " WHERE register_id = ?1 AND year = ?2), 0)"
        f" + (SELECT count(*) FROM documents INDEXED BY {unique}"
        " WHERE register_id = ?1 AND year = ?2 AND number IS NULL)"
    )


def arm_count(unique: str, plan: Plan, register_id: int, year: int) -> Term:
    conds = _and([c.sql() for c in plan.sql.conds])
    cond, args = _and([("d.register_id = ? AND d.year = ?", [register_id, year]), conds])
    return f"SELECT count(*) FROM documents d INDEXED BY {unique} WHERE {cond}", args


def arm_offset(unique: str, plan: Plan, register_id: int, year: int) -> Term:
    conds = _and([c.sql() for c in plan.sql.conds])
    cond, args = _and([("d.register_id = ? AND d.year = ?", [register_id, year]), conds])
    return (
        f"SELECT d.id FROM documents d INDEXED BY {unique} WHERE {cond}"
        " ORDER BY d.number DESC, d.id DESC LIMIT ? OFFSET ?",
        args,
    )


def rows_sql(count: int) -> str:
    return (
        "SELECT d.id, d.register_id, d.direction, d.year, d.number, d.code_number,"
        " d.code_notation, d.issued_date, d.arrival_date, d.doc_type, d.subject, d.issuer_id,"
        " d.issuer_name, d.urgency, d.confidentiality, d.status, d.assignee, d.due_date,"
        " d.cancelled, d.file_sha256 != '',"
        " NOT EXISTS (SELECT 1 FROM events e WHERE e.document_id = d.id AND e.action = 'view')"
        f" FROM documents d WHERE d.id IN ({_marks(range(count))})"
    )


def years_of(unique: str, register_id: int) -> Term:
    """The years a register holds documents of, by seeks in its index (a loose index scan)."""
    return (
        "WITH RECURSIVE y(v) AS ("
        f" SELECT (SELECT min(year) FROM documents INDEXED BY {unique} WHERE register_id = ?)"
        f" UNION ALL SELECT (SELECT min(year) FROM documents INDEXED BY {unique}"
        " WHERE register_id = ? AND year > y.v) FROM y WHERE y.v IS NOT NULL"
        ") SELECT v FROM y WHERE v IS NOT NULL",
        [register_id, register_id],
    )


# The issuer names, and the organisation ids of some names, by seeks in pages_issuer (loose
# index scans): what an issuer filter and the issuer order need, without a scan.
ISSUER_NAMES_SQL = (
    "WITH RECURSIVE names(n) AS ("
    " SELECT (SELECT min(issuer_name) FROM documents INDEXED BY pages_issuer)"
    " UNION ALL SELECT (SELECT min(issuer_name) FROM documents INDEXED BY pages_issuer"
    " WHERE issuer_name > names.n) FROM names WHERE names.n IS NOT NULL)"
    " SELECT n FROM names WHERE n IS NOT NULL"
)
ISSUER_IDS_SQL = (  # one parameter: the names, as a JSON array
    "WITH RECURSIVE pairs(n, o) AS ("
    " SELECT value, (SELECT min(issuer_id) FROM documents INDEXED BY pages_issuer"
    " WHERE issuer_name = value) FROM json_each(?)"
    " UNION ALL SELECT n, (SELECT min(issuer_id) FROM documents INDEXED BY pages_issuer"
    " WHERE issuer_name = pairs.n AND issuer_id > pairs.o) FROM pairs WHERE o IS NOT NULL)"
    " SELECT n, o FROM pairs WHERE o IS NOT NULL"
)


def unique_register_index(conn: sqlite3.Connection) -> str:
    """The name of the index behind UNIQUE (register_id, year, number)."""
    for row in conn.execute("PRAGMA index_list(documents)").fetchall():
        name, unique = row[1], row[2]
        if not unique:
            continue
        columns = [r[2] for r in conn.execute(f"PRAGMA index_info({_quoted(name)})")]
        if columns == ["register_id", "year", "number"]:
            return name
    raise StorageError("index_missing", index="documents(register_id, year, number)")


def _names_like(conn: sqlite3.Connection, names: list[str], words: str) -> list[str]:
    """The names SearchFilters' ``fold(issuer_name) LIKE %words%`` keeps, decided by SQLite
    itself over the distinct names, so that both agree on every character."""
    import json

    needle = f"%{fold(normalize_text(words))}%"
    rows = conn.execute(
        "SELECT value FROM json_each(?) WHERE fold(value) LIKE ?", [json.dumps(names), needle]
    )
    return [r[0] for r in rows]


def _and(terms: list[Term] | tuple[Term, ...]) -> Term:
    terms = [t for t in terms if t[0] != "1"]
    if not terms:
        return "1", []
    return " AND ".join(t for t, _ in terms), [a for _, args in terms for a in args]


def _marks(values: Any) -> str:
    return ",".join("?" * len(values))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _int(name: str, value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput(name, "malformed", value=value) from None
    if abs(number) > 2**62:
        raise InvalidInput(name, "out_of_range", value=value)
    return number


__all__ = ["INDEXES", "SORTS", "Plan", "Sort", "key_ranges", "walk_ranges"]
