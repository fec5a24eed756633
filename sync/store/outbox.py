"""The transactional outbox (the DHX adapter's model): a package to send is a row written in
the same transaction as the state change that causes it, so a crash can neither send without
the change nor change without sending.

Each row keeps one ``msg_id`` for its package across every retry (the axis drops a repeat of a
msg_id it has stored), and the package bytes are built once and kept in the blob store, so a
retry sends exactly the same package. Retries back off exponentially with jitter on a finite,
configurable schedule; a permanent refusal stops at once and shows on the row."""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

from app.store.owner import in_write


@dataclass(frozen=True)
class RetryPolicy:
    """Delays grow ``base × factor^n`` up to ``cap``, each scaled by a random factor in
    [1 - jitter, 1 + jitter]; after ``max_attempts`` the row fails for a person to look at."""

    base_seconds: float = 30.0
    factor: float = 2.0
    cap_seconds: float = 6 * 3600.0
    max_attempts: int = 20
    jitter: float = 0.5

    def delay(self, attempts: int, rng: random.Random | None = None) -> float:
        raw = min(self.base_seconds * self.factor ** max(attempts - 1, 0), self.cap_seconds)
        spread = (rng or random).uniform(1 - self.jitter, 1 + self.jitter)
        return max(0.0, raw * spread)

    @classmethod
    def from_settings(cls, workspace: Any) -> RetryPolicy:
        def number(key: str, default: float) -> float:
            try:
                return float(workspace.setting(key) or default)
            except ValueError:
                return default

        return cls(
            base_seconds=number("axis_retry_base_seconds", cls.base_seconds),
            cap_seconds=number("axis_retry_cap_seconds", cls.cap_seconds),
            max_attempts=int(number("axis_retry_max_attempts", cls.max_attempts)),
        )


@dataclass(frozen=True)
class OutboxRow:
    id: int
    msg_id: str
    kind: str  # edoc | status
    document_id: int | None
    to_orgs: tuple[str, ...]
    spec: dict[str, Any]
    package_sha256: str
    state: str
    attempts: int
    next_try_at: str
    last_error: str
    axis_doc_id: str
    created_at: str = ""
    sent_at: str = ""

    @classmethod
    def of(cls, row: sqlite3.Row) -> OutboxRow:
        return cls(
            row["id"], row["msg_id"], row["kind"], row["document_id"],
            tuple(json.loads(row["to_orgs"])), json.loads(row["spec"]), row["package_sha256"],
            row["state"], row["attempts"], row["next_try_at"], row["last_error"],
            row["axis_doc_id"], row["created_at"], row["sent_at"],
        )  # fmt: skip

    def as_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["to_orgs"] = list(self.to_orgs)
        return data


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def enqueue(
    conn: sqlite3.Connection,
    kind: str,
    document_id: int | None,
    to_orgs: list[str] | tuple[str, ...],
    spec: dict[str, Any],
    now: dt.datetime,
) -> str:
    """Add a package to send; call INSIDE the caller's write transaction. Returns its msg_id."""
    in_write(conn)
    msg_id = uuid.uuid4().hex
    conn.execute(
        "INSERT INTO outbox (msg_id, kind, document_id, to_orgs, spec, next_try_at, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (msg_id, kind, document_id, json.dumps(list(to_orgs)),
         json.dumps(spec, ensure_ascii=False, sort_keys=True), _iso(now), _iso(now)),
    )  # fmt: skip
    return msg_id


def due(conn: sqlite3.Connection, now: dt.datetime, limit: int = 100) -> list[OutboxRow]:
    rows = conn.execute(
        "SELECT * FROM outbox WHERE state = 'pending' AND next_try_at <= ? ORDER BY id LIMIT ?",
        (_iso(now), limit),
    ).fetchall()
    return [OutboxRow.of(r) for r in rows]


def pending(conn: sqlite3.Connection) -> list[OutboxRow]:
    rows = conn.execute("SELECT * FROM outbox WHERE state = 'pending' ORDER BY id").fetchall()
    return [OutboxRow.of(r) for r in rows]


def next_wake(conn: sqlite3.Connection) -> dt.datetime | None:
    row = conn.execute("SELECT min(next_try_at) FROM outbox WHERE state = 'pending'").fetchone()
    return dt.datetime.fromisoformat(row[0]) if row and row[0] else None


def remember_package(conn: sqlite3.Connection, row_id: int, sha256: str) -> None:
    in_write(conn)
    conn.execute(
        "UPDATE outbox SET package_sha256 = ? WHERE id = ? AND package_sha256 = ''",
        (sha256, row_id),
    )


def mark_sent(conn: sqlite3.Connection, row_id: int, axis_doc_id: str, now: dt.datetime) -> None:
    in_write(conn)
    conn.execute(
        "UPDATE outbox SET state = 'sent', axis_doc_id = ?, sent_at = ?, last_error = '',"
        " attempts = attempts + 1 WHERE id = ?",
        (axis_doc_id, _iso(now), row_id),
    )


def mark_retry(
    conn: sqlite3.Connection,
    row: OutboxRow,
    error: str,
    now: dt.datetime,
    policy: RetryPolicy,
    rng: random.Random | None = None,
) -> str:
    """A transient failure: try again later, or fail for good after the last attempt.
    Returns the row's new state."""
    attempts = row.attempts + 1
    if attempts >= policy.max_attempts:
        return mark_failed(conn, row.id, error, attempts)
    later = now + dt.timedelta(seconds=policy.delay(attempts, rng))
    in_write(conn)
    conn.execute(
        "UPDATE outbox SET attempts = ?, last_error = ?, next_try_at = ? WHERE id = ?",
        (attempts, error, _iso(later), row.id),
    )
    return "pending"


def mark_failed(
    conn: sqlite3.Connection, row_id: int, error: str, attempts: int | None = None
) -> str:
    in_write(conn)
    conn.execute(
        "UPDATE outbox SET state = 'failed', last_error = ?,"
        " attempts = COALESCE(?, attempts + 1) WHERE id = ?",
        (error, attempts, row_id),
    )
    return "failed"


def listing(conn: sqlite3.Connection, *, include_sent: bool = False) -> list[OutboxRow]:
    """What waits to be sent and what failed (and, when asked, what was sent), oldest first."""
    where = "" if include_sent else " WHERE state != 'sent'"
    return [OutboxRow.of(r) for r in conn.execute(f"SELECT * FROM outbox{where} ORDER BY id")]


def document_targets(conn: sqlite3.Connection, document_id: int) -> list[str]:
    """The organisations every package of this document went (or goes) to."""
    rows = conn.execute(
        "SELECT to_orgs FROM outbox WHERE document_id = ? AND kind = 'edoc'", (document_id,)
    ).fetchall()
    return sorted({org for r in rows for org in json.loads(r[0])})


def retry_now(conn: sqlite3.Connection, row_id: int, now: dt.datetime) -> None:
    """A person asked to try a failed or waiting package again."""
    in_write(conn)
    conn.execute(
        "UPDATE outbox SET state = 'pending', next_try_at = ? WHERE id = ? AND state != 'sent'",
        (_iso(now), row_id),
    )


__all__ = [
    "OutboxRow",
    "RetryPolicy",
    "document_targets",
    "due",
    "enqueue",
    "listing",
    "mark_failed",
    "mark_retry",
    "mark_sent",
    "next_wake",
    "pending",
    "remember_package",
    "retry_now",
]
