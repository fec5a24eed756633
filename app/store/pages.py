"""Pages of the registers: keyset paging over every sortable column, with filters, and a
count that is exact when cheap or cached — the window's million-row table and ``vanthu list``
stand on it.

Everything here reads, on a connection of its own (``Workspace.reader()``): never the write
connection, never a write to the database (a temporary table of the connection holds
gathered ids). The SQL is in app/store/page_sql.py; the values (RegisterRow, Cursor,
PageRequest, Page) in app/store/page_types.py, free of sqlite3, so that another store (the
shared PostgreSQL one planned for offices with several desks) can offer the same API.

Order. A sort is a column plus tie-breakers, a total order ending with the document id:

==============  =========================================================
sort            key (ascending; descending is the reverse, except as said)
==============  =========================================================
register        register, year, number, id: registers in creation order
                both ways (descending: newest year, highest number first)
number          number, register, year, id
arrival_date    arrival date, register, year, id
issued_date     issue date, register, year, id
due_date        due date, register, year, id
doc_type        type key (CV, QĐ, …), register, year, id
issuer_name     issuer name, issuer id, register, year, id
subject         subject, register, year, id
urgency         urgency, register, year, id
status          status, register, year, id
id              id
==============  =========================================================

Texts compare by Unicode code point (SQLite's BINARY collation), not in Vietnamese
alphabetical order. A missing value — a NULL number (a draft not yet issued), a NULL or
empty date — is the smallest value: first when ascending, last when descending, NULL before
'' (SQLite's own order; PostgreSQL needs NULLS FIRST ascending and NULLS LAST descending).

How a page is found. Every index of migration 0005 but one leads with (register_id, year):
a sort walks each (register, year) — an arm — in its own order and merges the arms (the
register order reads them one after the other), so a register or year filter is exact and
never walks other years. The issuer order walks pages_issuer issuer by issuer. A position
(a cursor) splits into a few index ranges, each one seek: a deep page costs a first page.
Other filters are checked row by row, unless one of them keeps few rows — counted in its
own index, up to a cap — then:

* "collect": at most COLLECT_LIMIT rows (or MEMBER_LIMIT rows of an issue-date range when
  the order follows time too, see ``_follows_time``): read them in id order, keep the first
  by the sort;
* "member": at most MEMBER_LIMIT: gather their ids from the filter's index into a temporary
  table, walk the sort's index keeping those ids (checked inside the index, not the table),
  and skip arms where the filter keeps nothing;
* "walk" otherwise: the filters keep enough rows for the walk to meet them soon.

What planning learns (which filter to count, which arms are empty, the gathered ids, the
estimate) is kept for the next pages of the same filters until the database changes
(``PRAGMA data_version``), so scrolling pays it once.

The count. ``Page.total`` is exact when known without counting: counted before for the same
filters and database state, or told by the filter's own bounded count. Otherwise it is an
estimate, flagged ``total_is_estimate``: the registers' and years' sizes from the register
index (highest number + drafts), times the share of a fixed, evenly spread sample of
SAMPLE_ROWS ids the filters keep. ``count()`` counts exactly (tens of milliseconds at
1,000,000 documents, more for filters no index serves) and caches the result: the window
asks for it in the background and the pages that follow carry it."""

from __future__ import annotations

import heapq
import json
import sqlite3
import time
from array import array
from collections.abc import Iterator
from typing import Any

from app.errors import InvalidInput
from app.search import SearchFilters
from app.store import page_sql as q
from app.store.page_types import MAX_LIMIT, Cursor, Page, PageRequest, RegisterRow
from app.store.search_index import where_clause

COLLECT_LIMIT = 1_500  # a filter keeping at most this many rows: read them, sort them
MEMBER_LIMIT = 20_000  # at most this many: gather their ids, walk the sort keeping those
SAMPLE_ROWS = 300  # ids read to estimate what filters keep

SORTS = tuple(q.SORTS)
Order = tuple[bool, ...]  # descending or not, for each key column and the id


class RegisterPages:
    """Pages of the registers over one read connection (made by ``app.store.db.connect``,
    e.g. ``Workspace.reader()``). Not thread-safe: one per reading thread."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._version: int | None = None
        self._arms: dict[int, list[int]] = {}  # register id -> years
        self._registers: dict[int, tuple[str, str]] = {}  # id -> (code, direction)
        self._names: list[str] | None = None  # issuer names, in order
        self._ids: dict[str, list[str]] = {}  # issuer name -> its organisation ids
        self._counts: dict[SearchFilters, int] = {}
        self._sizes: dict[tuple[int, int], int] = {}
        self._unique_index: str | None = None
        self._member_ready = False
        self._member_of: SearchFilters | None = None  # whose ids temp.page_member holds
        self._memo: dict[tuple, Any] = {}  # what planning learnt, for this database state
        self._bound: int | None = None

    def _read(self, sql: str, args: Any = ()) -> sqlite3.Cursor:
        """A statement whose rows are plain tuples, whatever the connection's row factory
        (sqlite3.Row costs more than the rest of a walk's row)."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, args)

    # -- the API ---------------------------------------------------------------------------

    def page(self, request: PageRequest) -> Page:
        started = time.perf_counter()
        spec = q.SORTS.get(request.sort)
        if spec is None:
            raise InvalidInput("sort", "unknown", value=request.sort)
        limit = _limit(request.limit)
        if request.after is not None and request.before is not None:
            raise InvalidInput("cursor", "both_directions")
        after = _cursor(request.after, request.sort)
        before = _cursor(request.before, request.sort)
        with self._snapshot():
            plan = self._plan(request.filters)
            # Rows before a cursor are the rows after it in the reverse order, read backwards.
            backwards = before is not None
            order = spec.order(request.descending)
            if backwards:
                order = tuple(not down for down in order)
            keys, strategy, exact = self._keys(plan, spec, order, after or before, limit + 1)
            more = len(keys) > limit
            keys = keys[:limit]
            if backwards:
                keys.reverse()
            rows = self._rows([k[-1] for k in keys])
            if exact is not None:
                self._counts.setdefault(plan.filters, exact)
            total, estimate = self._total(plan, self._bound)
        first = Cursor(request.sort, keys[0]) if keys else None
        last = Cursor(request.sort, keys[-1]) if keys else None
        if backwards:
            nxt, previous = last, first if more else None
        else:
            nxt, previous = (last if more else None), (first if after is not None else None)
        elapsed = (time.perf_counter() - started) * 1000
        return Page(tuple(rows), nxt, previous, total, estimate, elapsed, strategy)

    def count(self, filters: SearchFilters | None = None) -> int:
        """The exact number of documents matching ``filters`` (cached until the database
        changes)."""
        filters = filters or SearchFilters()
        with self._snapshot():
            plan = self._plan(filters)
            if filters not in self._counts:
                self._counts[filters] = self._exact_count(plan)
            return self._counts[filters]

    def ids_at_offset(
        self, filters: SearchFilters | None, limit: int, offset: int
    ) -> tuple[list[int], int]:
        """``limit`` ids from ``offset`` in the order of ``vanthu list``: registers in
        creation order, newest year first, highest number first; and the exact total.
        Whole (register, year) blocks are skipped by their counts in the register index, so
        a deep offset walks one block, not the register."""
        filters = filters or SearchFilters()
        if type(limit) is not int or not 1 <= limit <= 2**62:
            raise InvalidInput("limit", "out_of_range", value=limit)
        if type(offset) is not int or not 0 <= offset <= 2**62:
            raise InvalidInput("offset", "out_of_range", value=offset)
        with self._snapshot():
            plan = self._plan(filters)
            ids: list[int] = []
            skip = offset
            total = 0
            for register_id, year in [] if plan.empty else plan.arms_in_list_order():
                sql, args = q.arm_count(self._unique(), plan, register_id, year)
                size = self._read(sql, args).fetchone()[0]
                total += size
                if len(ids) >= limit or skip >= size:
                    skip -= min(skip, size)
                    continue
                sql, args = q.arm_offset(self._unique(), plan, register_id, year)
                got = self._read(sql, [*args, limit - len(ids), skip]).fetchall()
                ids.extend(r[0] for r in got)
                skip = 0
            self._counts.setdefault(filters, total)
        return ids, total

    # -- planning --------------------------------------------------------------------------

    def _plan(self, filters: SearchFilters) -> q.Plan:
        self._refresh()
        names = self._issuer_names() if filters.issuer else []
        sql = q.predicates(filters, names, self._issuer_pairs, self.conn)
        sql.registers, sql.years = q.arm_filter(filters, self._registers)
        arms = [
            (r, y)
            for r in sorted(self._arms)
            if sql.registers is None or r in sql.registers
            for y in self._arms[r]
            if sql.years is None or y in sql.years
        ]
        return q.Plan(filters, arms, sql)

    def _keys(
        self, plan: q.Plan, spec: q.Sort, order: Order, cursor: Cursor | None, want: int
    ) -> tuple[list[tuple], str, int | None]:
        """The sort keys of the page's rows (ending with their ids), how they were found,
        and the exact number of matching rows when finding them told it.

        Filters on register and year alone: the indexes hold them, walk. Otherwise the
        filter keeping the fewest rows (counted in its own index, up to a cap) decides:
        few rows (COLLECT_LIMIT) are read from the table and sorted ("collect"); some
        (MEMBER_LIMIT) are gathered by id from their index and the sort's index is walked
        keeping those ids ("member"); many: the sort's index is walked and each row checked
        ("walk")."""
        self._bound = None
        if plan.empty:
            return [], "empty", 0
        position = cursor.key if cursor else None
        if not plan.sql.conds:
            if self._small(plan, spec):
                driver = q.drivers(plan, self._unique())[0]
                sql, args = q.collect(plan, spec, driver, order, position)
                return self._read(sql, [*args, want]).fetchall(), "collect", None
            return list(self._walk(plan, spec, order, position, want, None)), "walk", None
        memo = ("driver", plan.filters, MEMBER_LIMIT)
        if memo not in self._memo:
            self._memo[memo] = self._best_driver(self._likely_drivers(plan), MEMBER_LIMIT)
        kept, driver = self._memo[memo]
        exact = kept if driver is not None and driver.conds_cover(plan) else None
        self._bound = kept if driver is not None else None
        if driver is not None and (kept <= COLLECT_LIMIT or _follows_time(driver, spec)):
            sql, args = q.collect(plan, spec, driver, order, position)
            return self._read(sql, [*args, want]).fetchall(), "collect", exact
        if driver is None:
            return list(self._walk(plan, spec, order, position, want, None)), "walk", None
        self._gather(plan.filters, driver)
        return list(self._walk(plan, spec, order, position, want, driver)), "member", exact

    def _gather(self, filters: SearchFilters, driver: q.Driver) -> None:
        """The driver's ids into temp.page_member; kept for the next pages of the same
        filters while the database does not change."""
        if self._member_of == filters:
            return
        if not self._member_ready:
            self._read(q.MEMBER_CREATE)
            self._member_ready = True
        self._read(f"DELETE FROM {q.MEMBER_TABLE}")
        self._read(*q.member_fill(driver))
        self._member_of = filters

    def _small(self, plan: q.Plan, spec: q.Sort) -> bool:
        """Registers and years so small that reading their rows beats walking an index
        that holds every register (the sorts whose index does not lead with them)."""
        if spec.by_arm or not plan.restricted:
            return False
        return sum(self._arm_size(arm) for arm in plan.arms) <= COLLECT_LIMIT

    def _likely_drivers(self, plan: q.Plan) -> list[q.Driver]:
        """The drivers worth counting: those the sample says may keep few enough rows (a
        filter keeping a sixth of the register is not counted to 20,000 only to be
        walked anyway)."""
        size, within, _, kept = self._shares(plan)
        drivers = q.drivers(plan, self._unique())
        arm_driver = drivers[: 1 if plan.restricted else 0]
        likely = [
            driver
            for driver, hits in zip(drivers[len(arm_driver) :], kept, strict=True)
            if not within or size * hits / within <= 3 * MEMBER_LIMIT
        ]
        if arm_driver and size <= 3 * MEMBER_LIMIT:
            likely.insert(0, arm_driver[0])
        return likely

    def _shares(self, plan: q.Plan) -> tuple[int, int, int, list[int]]:
        """(documents of the plan's registers and years, sampled rows among them, of which
        all the filters keep, each indexed filter keeps) from a fixed, evenly spread
        sample of SAMPLE_ROWS ids: a few hundred row reads, once per filters."""
        memo = ("shares", plan.filters)
        if memo not in self._memo:
            size = sum(self._arm_size(arm) for arm in plan.arms)
            top = self._read("SELECT max(id) FROM documents").fetchone()[0] or 0
            sample = list(range(1, top + 1, max(1, top // SAMPLE_ROWS)))
            within, *kept = self._read(*q.sample_shares(plan, sample)).fetchone()
            kept = [k or 0 for k in kept]
            self._memo[memo] = (size, within, kept[0], kept[1:])
        return self._memo[memo]

    def _best_driver(self, drivers: list[q.Driver], cap: int) -> tuple[int, q.Driver | None]:
        """The driver keeping the fewest rows, if it keeps at most ``cap`` (counted in its
        own index, stopping past the cap)."""
        best: tuple[int, q.Driver | None] = (cap + 1, None)
        for driver in drivers:
            sql, args = driver.bounded_count(cap + 1)
            kept = self._read(sql, args).fetchone()[0]
            if kept < best[0]:
                best = (kept, driver)
        return best

    def _walk(
        self,
        plan: q.Plan,
        spec: q.Sort,
        order: Order,
        position: tuple | None,
        want: int,
        member: q.Driver | None,
    ) -> Iterator[tuple]:
        index = spec.index or self._unique()
        if spec.name == "id" and member is not None:
            index = q.MEMBER_TABLE  # the gathered ids are in id order already
        elif spec.name == "id" and not plan.restricted:
            index = "rowid"  # the table itself is in id order
        if spec.name == "issuer_name" and (plan.restricted or plan.sql.drivers):
            # issuer by issuer, each sought in the arms some row may come from: the arms
            # and the issuers a filter leaves are skipped by seeks, not walked through
            arms = [arm for arm in plan.arms if self._live(plan, arm)]
            kept = plan.sql.issuers
            pairs = sorted(kept, reverse=order[0]) if kept is not None else self._pairs(order[0])
            merged = (
                row
                for name, organ in pairs
                for row in self._ranges(
                    q.walk_ranges(
                        plan, spec, index, order, position,
                        {"issuer_name": name, "issuer_id": organ}, member is not None, arms,
                    ),
                    want,
                )
            ) if arms else iter(())  # fmt: skip
        elif not spec.by_arm or index in ("rowid", q.MEMBER_TABLE):
            ranges = q.walk_ranges(plan, spec, index, order, position, None, member is not None)
            merged = self._ranges(ranges, want)
        elif spec.columns[:2] == ("register_id", "year"):
            # the register order: one arm after the other
            arms = sorted(plan.arms, key=lambda a: (a[0] * _sign(order[0]), a[1] * _sign(order[1])))
            merged = (
                row
                for arm in arms
                for row in self._arm(plan, spec, index, arm, order, position, want, member)
            )
        else:
            streams = [
                self._arm(plan, spec, index, arm, order, position, want, member)
                for arm in plan.arms
            ]
            merged = heapq.merge(*streams, key=_ordered, reverse=order[0])
        for got, row in enumerate(merged, 1):
            yield row
            if got >= want:
                return

    def _arm(
        self,
        plan: q.Plan,
        spec: q.Sort,
        index: str,
        arm: tuple[int, int],
        order: Order,
        position: tuple | None,
        want: int,
        member: q.Driver | None,
    ) -> Iterator[tuple]:
        """The rows of one (register, year), in order."""
        if not self._live(plan, arm):
            return
        fixed = {"register_id": arm[0], "year": arm[1]}
        ranges = q.walk_ranges(plan, spec, index, order, position, fixed, member is not None)
        yield from self._ranges(ranges, want)

    def _live(self, plan: q.Plan, arm: tuple[int, int]) -> bool:
        """False when a filter keeps none of the arm's rows (a seek in its index tells)."""
        memo = ("live", plan.filters, arm)
        if memo not in self._memo:
            self._memo[memo] = True
            for index_name, conds, _ in plan.sql.drivers:
                probe = q.Driver(index_name, tuple(conds)).in_arm(arm)
                if self._read(*probe.bounded_count(1)).fetchone()[0] == 0:
                    self._memo[memo] = False
                    break
        return self._memo[memo]

    def _ranges(self, ranges: list[tuple[str, list[Any]]], want: int) -> Iterator[tuple]:
        """The rows of consecutive index ranges, each read lazily, at most ``want`` in all."""
        got = 0
        for sql, args in ranges:
            cursor = self._read(sql, [*args, want - got])
            try:
                for row in cursor:
                    yield row
                    got += 1
            finally:
                cursor.close()
            if got >= want:
                return

    # -- rows and counts -------------------------------------------------------------------

    def rows(self, ids: list[int]) -> list[RegisterRow]:
        """The table rows of these documents, in this order (those that exist)."""
        with self._snapshot():
            found = []
            for start in range(0, len(ids), 500):
                found += self._rows(self._existing(ids[start : start + 500]))
            return found

    def _existing(self, ids: list[int]) -> list[int]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        present = {r[0] for r in self._read(f"SELECT id FROM documents WHERE id IN ({marks})", ids)}
        return [i for i in ids if i in present]

    def ordered_ids(
        self,
        filters: SearchFilters | None,
        sort: str,
        descending: bool,
        cancel: Any = None,
    ) -> array:
        """Every id the filters keep, in the order of ``sort`` — the order the pages walk
        (NULL, then '', first when ascending; ties by the sort's columns, then the id). For
        a table that scrolls end to end: eight bytes a document."""
        spec = q.SORTS.get(sort)
        if spec is None:
            raise InvalidInput("sort", "unknown", value=sort)
        where, args = where_clause(filters or SearchFilters(), "d")
        columns = (*spec.columns, "id")
        order = ", ".join(
            f"d.{c} {'DESC' if down else 'ASC'}"
            for c, down in zip(columns, spec.order(descending), strict=True)
        )
        ids = array("q")
        cursor = self._read(f"SELECT d.id FROM documents d WHERE {where} ORDER BY {order}", args)
        while batch := cursor.fetchmany(20_000):
            if cancel is not None and cancel.is_set():
                cursor.close()
                return array("q")
            ids.extend(r[0] for r in batch)
        return ids

    def _rows(self, ids: list[int]) -> list[RegisterRow]:
        if not ids:
            return []
        sql = q.rows_sql(len(ids))
        by_id = {r[0]: r for r in self._read(sql, ids)}
        out = []
        for doc_id in ids:
            r = by_id[doc_id]
            code, direction = self._registers.get(r[1], ("", ""))
            out.append(
                RegisterRow(
                    id=r[0],
                    direction=r[2] or direction,
                    register=code,
                    year=r[3],
                    number=r[4],
                    code_number=r[5],
                    code_notation=r[6],
                    issued_date=r[7] or "",
                    arrival_date=r[8] or "",
                    doc_type=r[9],
                    subject=r[10],
                    issuer_id=r[11],
                    issuer_name=r[12],
                    urgency=r[13],
                    confidentiality=r[14],
                    status=r[15],
                    assignee=r[16] or "",
                    due_date=r[17] or "",
                    cancelled=bool(r[18]),
                    has_file=bool(r[19]),
                    unread=bool(r[20]),
                )
            )
        return out

    def _total(self, plan: q.Plan, bound: int | None) -> tuple[int | None, bool]:
        """Exact when already counted for this state of the database (or told exactly by
        finding the page); otherwise an estimate that costs a few hundred row reads at
        most: the size of the registers and years kept, times the share of an evenly
        spread sample of ids that the other filters keep, and never more than ``bound``
        (the rows of the most selective filter, when counted)."""
        filters = plan.filters
        if filters in self._counts:
            return self._counts[filters], False
        if plan.empty:
            return 0, False
        if plan.sql.conds:
            size, within, kept, _ = self._shares(plan)
            size = round(size * kept / within) if within else 0
        else:
            size = sum(self._arm_size(arm) for arm in plan.arms)
        if bound is not None:
            size = min(size, bound)
        return size, True

    def _exact_count(self, plan: q.Plan) -> int:
        if plan.empty:
            return 0
        if not plan.restricted and not plan.sql.conds:
            return self._read("SELECT count(*) FROM documents").fetchone()[0]
        sql, args = q.count_sql(plan)
        return self._read(sql, args).fetchone()[0]

    def _arm_size(self, arm: tuple[int, int]) -> int:
        if arm not in self._sizes:
            self._sizes[arm] = self._read(q.arm_size(self._unique()), arm).fetchone()[0]
        return self._sizes[arm]

    # -- what the plans stand on: registers, their years, issuers --------------------------

    def _snapshot(self) -> _ReadSnapshot:
        return _ReadSnapshot(self.conn)

    def forget(self) -> None:
        """Drop every count, plan and gathered id set, as if the database had changed."""
        self._version = None

    def _refresh(self) -> None:
        """Forget what was cached when another connection has written since."""
        version = self._read("PRAGMA data_version").fetchone()[0]
        if version == self._version:
            return
        self._version = version
        self._counts.clear()
        self._sizes.clear()
        self._memo.clear()
        self._member_of = None
        self._names = None
        self._ids = {}
        self._registers = {
            r[0]: (r[1], r[2]) for r in self._read("SELECT id, code, direction FROM registers")
        }
        self._arms = {}
        for register_id in self._registers:
            sql, args = q.years_of(self._unique(), register_id)
            self._arms[register_id] = [r[0] for r in self._read(sql, args)]

    def _issuer_names(self) -> list[str]:
        if self._names is None:
            self._names = [r[0] for r in self._read(q.ISSUER_NAMES_SQL)]
        return self._names

    def _issuer_pairs(self, names: list[str]) -> list[tuple[str, str]]:
        """The (name, organisation id) pairs of these names, in order."""
        wanted = [n for n in names if n not in self._ids]
        if wanted:
            for n in wanted:
                self._ids[n] = []
            for n, organ in self._read(q.ISSUER_IDS_SQL, [json.dumps(wanted)]):
                self._ids[n].append(organ)
        return [(n, organ) for n in sorted(set(names)) for organ in sorted(self._ids[n])]

    def _pairs(self, descending: bool) -> Iterator[tuple[str, str]]:
        """Every issuer pair in order, the ids of each name read when it is reached."""
        names = self._issuer_names()
        for name in reversed(names) if descending else names:
            pairs = self._issuer_pairs([name])
            yield from reversed(pairs) if descending else pairs

    def _unique(self) -> str:
        """The name SQLite gave the UNIQUE (register_id, year, number) index."""
        if self._unique_index is None:
            self._unique_index = q.unique_register_index(self.conn)
        return self._unique_index


class _ReadSnapshot:
    """One read transaction around a page, so that every statement of it sees the same
    state of the database (unless the caller holds a transaction already)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.owner = False

    def __enter__(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")
            # a first read takes the snapshot, so that data_version tells its state
            self.conn.execute("SELECT max(id) FROM registers").fetchone()
            self.owner = True

    def __exit__(self, *exc: object) -> None:
        if self.owner and self.conn.in_transaction:
            self.conn.execute("COMMIT")


def _limit(limit: Any) -> int:
    if type(limit) is not int or not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("limit", "out_of_range", value=limit)
    return limit


def _cursor(value: Cursor | str | None, sort: str) -> Cursor | None:
    if value is None:
        return None
    cursor = Cursor.parse(value)
    if cursor.sort != sort:
        raise InvalidInput("cursor", "other_sort", value=cursor.sort)
    return cursor


def _follows_time(driver: q.Driver, spec: q.Sort) -> bool:
    """An issue-date range keeps documents registered about the same time — one stretch of
    ids — while the arrival, due, number and register orders follow time too: walking
    such an order to reach them passes everything registered since; reading the stretch in
    id order does not."""
    return driver.index == "pages_issued" and spec.name in TIME_ORDERS


TIME_ORDERS = frozenset({"arrival_date", "due_date", "number", "register"})


def _sign(descending: bool) -> int:
    return -1 if descending else 1


def _ordered(key: tuple) -> tuple:
    """A sort key Python can compare like SQLite: None (NULL) before every value."""
    return tuple((v is not None, v) for v in key)


__all__ = [
    "COLLECT_LIMIT",
    "SORTS",
    "Cursor",
    "Page",
    "PageRequest",
    "RegisterPages",
    "RegisterRow",
]
