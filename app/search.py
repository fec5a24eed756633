"""Full-text search over every metadata field and the text of the files, diacritic-insensitive
both ways ("quyet dinh" = "Quyết định" = "QUYẾT ĐỊNH", đ = d).

Index: an FTS5 table of folded words (app/textfold.py), contentless, plus ``search_terms``
with each word's document frequency, kept in the same transaction.

Ranking: BM25 (subject and metadata weigh more than the file's text) plus a bonus when the
query's words stand together as typed. FTS5's own bm25() scans every posting list of the
query's words to count documents, which costs half a second for "về" over a million
documents; here the counts come from ``search_terms`` and the matches are taken newest first,
so a query costs about the same at 10,000 and 1,000,000 documents. When a query matches more
than ``CANDIDATES`` documents, the ranking is over the newest ``CANDIDATES`` of them, and the
result says so (``total_is_estimate``)."""

from __future__ import annotations

import math
import re
import sqlite3
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from app.model import Direction, doc_type, status_key
from app.store import search_index as index_sql
from app.store.search_index import index_delete, index_insert, where_clause
from app.textfold import fold, loose_pattern, normalize_text, tokens

CANDIDATES = 300
META_WEIGHT = 3.0
BODY_WEIGHT = 1.0
K1, B = 1.2, 0.75
SNIPPET_CHARS = 160
CANDIDATE_NAMES = [
    "id",
    "direction",
    "number",
    "code_number",
    "code_notation",
    "doc_type",
    "subject",
    "issuer_name",
    "issuer_id",
    "signer",
    "position",
    "assignee",
    "to_places",
    "recipients",
    "note",
    "issued_date",
]
CANDIDATE_COLUMNS = ", ".join(f"d.{name}" for name in CANDIDATE_NAMES)
BODY_SCORED_CHARS = 20000

META_FIELDS = (
    "code_notation",
    "subject",
    "issuer_name",
    "issuer_id",
    "signer",
    "position",
    "assignee",
    "to_places",
    "recipients",
    "note",
)


def meta_text(row: dict[str, Any]) -> str:
    """Everything searchable about a document except its file's text, folded."""
    parts = [f"{row['code_number']}/{row['code_notation']}", _unpadded(row["code_number"])]
    number = row["number"]
    parts += [str(number) if number is not None else "", _type_name(row["doc_type"])]
    parts.extend(str(row.get(name) or "") for name in META_FIELDS)
    return fold(" ".join(p for p in parts if p))


@dataclass(frozen=True)
class SearchFilters:
    direction: Direction | None = None
    register: str | None = None
    year: int | None = None
    doc_type: str | None = None
    issuer: str | None = None  # organisation id, or words of its name
    urgency: int | None = None
    status: str | None = None
    date_from: str | None = None  # issued date, YYYY-MM-DD
    date_to: str | None = None
    include_cancelled: bool = True
    statuses: tuple[str, ...] = ()  # any of these (e.g. the drafts and the approved)

    def __post_init__(self) -> None:
        # a status by its key or its words ("Hoàn thành"): every reader of the filters (the
        # search, the register pages) sees the key
        if self.status:
            object.__setattr__(self, "status", status_key(self.status))
        if self.statuses:
            keys = tuple(sorted({status_key(s) for s in self.statuses}))
            object.__setattr__(self, "statuses", keys)

    def sql(self, alias: str = "d") -> tuple[str, list[Any]]:
        """A WHERE fragment (without WHERE) and its parameters (app/store/search_index.py)."""
        return where_clause(self, alias)


@dataclass(frozen=True)
class SearchHit:
    id: int
    direction: str
    number: int
    notation: str
    subject: str
    issuer: str
    date: str
    score: float
    snippet: str
    matched_in: str  # "meta" or "body"

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list[SearchHit]
    total: int  # matches seen: those of the ranked windows up to this page
    total_is_estimate: bool  # more match than that
    elapsed_ms: float
    words: list[str] = field(default_factory=list)
    offset: int = 0
    next_offset: int | None = None  # where the next page starts, when there are more hits


@dataclass(frozen=True)
class ParsedQuery:
    words: list[str]
    phrases: list[list[str]]
    prefix_last: bool

    def match_expression(self) -> str:
        parts = []
        for i, word in enumerate(self.words):
            star = "*" if self.prefix_last and i == len(self.words) - 1 else ""
            parts.append(f'"{word}"{star}')
        parts.extend('"' + " ".join(p) + '"' for p in self.phrases)
        return " ".join(parts)


def parse_query(text: str) -> ParsedQuery:
    """Words are ANDed; "quoted words" must stand together; a final * matches a prefix."""
    text = normalize_text(text)
    phrases = [tokens(fold(p)) for p in re.findall(r'"([^"]*)"', text)]
    rest = re.sub(r'"[^"]*"', " ", text)
    prefix_last = rest.rstrip().endswith("*")
    words = tokens(fold(rest))
    return ParsedQuery(words, [p for p in phrases if p], prefix_last and bool(words))


class SearchService:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._stats: tuple[float, int, float, float] | None = None

    def _corpus(self) -> tuple[int, float, float]:
        """Documents and average field lengths in words, from a sample of recent rows;
        refreshed once a minute (BM25 needs no more precision than that)."""
        now = time.monotonic()
        if self._stats is None or now - self._stats[0] > 60:
            # The highest id, not count(*): documents are never deleted, so it is the count
            # (or a hair above it), read in one seek; count(*) reads a whole index, which a
            # new process finds cold: two thirds of its first search at 1,000,000.
            # The words of each document's metadata as the index counted them when it took
            # them in (FTS5 keeps them per row): no text to fold and split again.
            n, sizes, body_lengths = index_sql.corpus_stats(self.conn)
            lengths = [_first_varint(blob) for blob in sizes]
            avg_meta = sum(lengths) / len(lengths) if lengths else 25.0
            # about six characters a word in Vietnamese text
            avg_body = sum(body_lengths) / len(body_lengths) / 6 if body_lengths else 400.0
            self._stats = (now, n, max(avg_meta, 1.0), max(avg_body, 1.0))
        return self._stats[1], self._stats[2], self._stats[3]

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        limit: int = 50,
        *,
        offset: int = 0,
    ) -> SearchResult:
        """The ``limit`` best hits from ``offset``. Hits are ranked window by window: the
        newest CANDIDATES matches first, then the next CANDIDATES, and so on, so that page
        one never waits for the rest and every later page follows on without repeating or
        skipping a document."""
        started = time.perf_counter()
        filters = filters or SearchFilters()
        parsed = parse_query(query)
        all_words = parsed.words + [w for p in parsed.phrases for w in p]
        if not all_words:
            return SearchResult(query, [], 0, False, 0.0, [])
        if type(offset) is not int or not 0 <= offset <= 2**62:
            from app.errors import InvalidInput

            raise InvalidInput("offset", "out_of_range", value=offset)
        where, args = filters.sql("d")
        hits: list[SearchHit] = []
        window, start = divmod(offset, CANDIDATES)
        while True:
            rows = index_sql.candidates(
                self.conn, CANDIDATE_COLUMNS, parsed.match_expression(), where, args,
                CANDIDATES + 1, window * CANDIDATES,
            )  # fmt: skip
            more = len(rows) > CANDIDATES
            rows = rows[:CANDIDATES]
            hits += self._rank(rows, parsed, all_words, start, limit - len(hits))
            seen = window * CANDIDATES + len(rows)
            if len(hits) >= limit or not more:
                break
            window, start = window + 1, 0
        following = offset + len(hits)
        next_offset = following if following < seen or more else None
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResult(
            query, hits, seen, more, elapsed, all_words, offset=offset, next_offset=next_offset
        )

    def _idf(self, words: list[str], n: int) -> dict[str, float]:
        df = index_sql.document_frequencies(self.conn, words)
        return {w: math.log(1 + (n - df.get(w, 0) + 0.5) / (df.get(w, 0) + 0.5)) for w in words}

    def _rank(
        self,
        candidates: list[tuple],
        parsed: ParsedQuery,
        words: list[str],
        start: int,
        limit: int,
    ) -> list[SearchHit]:
        """Hits ``start`` to ``start + limit`` of these candidates, best first."""
        if not candidates or start >= len(candidates):
            return []
        n, avg_meta, avg_body = self._corpus()
        matcher = QueryMatcher(parsed, self._idf(sorted(set(words)), max(n, 1)))
        rows = []
        need_body: list[dict[str, Any]] = []
        for values in candidates:
            # the searchable fields, as meta_text() indexes them (ids, number, type, text)
            text = f"{values[3]}/{values[4]} {_unpadded(values[3])} {values[2]} "
            text += f"{_type_name(values[5])} " + " ".join(values[6:15])
            score, covered = matcher.score(text, META_WEIGHT, avg_meta)
            row = dict(zip(CANDIDATE_NAMES, values, strict=True))
            row["score"], row["body"] = score, ""
            rows.append(row)
            if not covered:
                need_body.append(row)
        # Only documents whose metadata lacks a query word matched through their file's text:
        # load those texts alone (capped), not every candidate's.
        if need_body:
            bodies = index_sql.bodies(self.conn, [r["id"] for r in need_body], BODY_SCORED_CHARS)
            for row in need_body:
                row["body"] = bodies.get(row["id"]) or ""
                row["score"] += matcher.score(row["body"], BODY_WEIGHT, avg_body)[0]
        newest = max(r["id"] for r in rows)
        # among equal scores, the newer document first
        scored = [(row["score"] + 0.01 * row["id"] / newest, row) for row in rows]
        scored.sort(key=lambda x: (-x[0], -x[1]["id"]))
        hits = []
        for score, row in scored[start : start + limit]:
            snippet, where_found = make_snippet(row, matcher)
            hits.append(
                SearchHit(
                    id=row["id"],
                    direction=row["direction"],
                    number=row["number"],
                    notation=f"{row['code_number']}/{row['code_notation']}",
                    subject=row["subject"],
                    issuer=row["issuer_name"],
                    date=row["issued_date"],
                    score=round(score, 4),
                    snippet=snippet,
                    matched_in=where_found,
                )
            )
        return hits


def _first_varint(blob: bytes) -> int:
    """The first SQLite varint of a blob (FTS5 docsize: the meta column's word count)."""
    value = 0
    for i, byte in enumerate(blob[:9]):
        if i == 8:
            return (value << 8) | byte
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value
    return value


def _unpadded(number: str) -> str:
    """ "5" beside "05", so that either finds the document."""
    return number.lstrip("0") if number.startswith("0") else ""


@lru_cache(maxsize=256)
def _type_name(key: str) -> str:
    try:
        return doc_type(key).name
    except Exception:
        return key


class QueryMatcher:
    """Finds a query's words in original text whatever its accents and case (one compiled
    expression per query), scores a field with BM25 plus a bonus when the words stand
    together as typed, and marks them for snippets."""

    def __init__(self, parsed: ParsedQuery, idf: dict[str, float]) -> None:
        self.words = list(dict.fromkeys(parsed.words + [w for p in parsed.phrases for w in p]))
        self.idf = idf
        prefix = parsed.words[-1] if parsed.prefix_last else None
        alternatives = []
        for w in self.words:
            tail = r"\w*" if w == prefix else ""
            alternatives.append(f"({loose_pattern(w)}{tail})")
        self.any_word = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
        groups = [parsed.words, *parsed.phrases] if len(parsed.words) > 1 else parsed.phrases
        self.phrases = [
            (
                re.compile(r"(?<!\w)" + r"\W+".join(loose_pattern(w) for w in group) + r"(?!\w)"),
                sum(idf.get(w, 0.0) for w in group),
            )
            for group in groups
            if len(group) > 1
        ]

    def score(self, text: str, weight: float, avg_len: float) -> tuple[float, bool]:
        """(score, whether every word occurs) for one field."""
        if not text:
            return 0.0, False
        counts = [0] * len(self.words)
        for m in self.any_word.finditer(text):
            counts[m.lastindex - 1] += 1
        if not any(counts):
            return 0.0, False
        length_norm = K1 * (1 - B + B * (text.count(" ") + 1) / avg_len)
        score = 0.0
        for word, f in zip(self.words, counts, strict=True):
            if f:
                score += weight * self.idf.get(word, 0.0) * f * (K1 + 1) / (f + length_norm)
        for pattern, bonus in self.phrases:
            if pattern.search(text):
                score += weight * bonus
        return score, all(counts)

    def highlight(self, text: str) -> tuple[str, int]:
        """The text with the query's words wrapped in <mark>…</mark>, and how many."""
        out, last, count = [], 0, 0
        for m in self.any_word.finditer(text):
            out.append(_escape(text[last : m.start()]))
            out.append("<mark>" + _escape(m.group()) + "</mark>")
            last = m.end()
            count += 1
        out.append(_escape(text[last:]))
        return "".join(out), count

    def window(self, text: str) -> str:
        """The stretch of a long text that holds most of the query's words."""
        positions = [m.start() for m in self.any_word.finditer(text)]
        if not positions:
            return text[:SNIPPET_CHARS]
        best, best_count = positions[0], 0
        for p in positions:
            count = sum(1 for q in positions if p <= q < p + SNIPPET_CHARS)
            if count > best_count:
                best, best_count = p, count
        start = max(0, best - 40)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        return " ".join(text[start : start + SNIPPET_CHARS].split())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_snippet(row: dict[str, Any], matcher: QueryMatcher) -> tuple[str, str]:
    """The subject with its matches marked; when the subject holds none of the words, the
    field that does, or the best window of the file's text."""
    subject = row["subject"]
    type_name = _type_name(row["doc_type"])
    if matcher.highlight(type_name)[1] and not fold(subject).startswith(fold(type_name)):
        subject = f"{type_name}: {subject}"  # "Kế hoạch: Phòng, chống …" when the type matched
    marked, count = matcher.highlight(subject)
    if count:
        return marked, "meta"
    for name in ("issuer_name", "code_notation", "signer", "to_places", "recipients", "note"):
        marked_field, n = matcher.highlight(str(row.get(name) or ""))
        if n:
            return f"{_escape(subject)} — {marked_field}", "meta"
    body = row.get("body") or ""
    if body:
        marked_body, n = matcher.highlight(matcher.window(body))
        if n:
            return "…" + marked_body + "…", "body"
    return _escape(subject), "meta"


__all__ = [
    "CANDIDATES",
    "QueryMatcher",
    "SearchFilters",
    "SearchHit",
    "SearchResult",
    "SearchService",
    "index_delete",
    "index_insert",
    "meta_text",
    "parse_query",
]
