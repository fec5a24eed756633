"""Reading a JSONL import of incoming documents, with a second process for large files.

``read_jsonl`` yields (line number, mapping) per non-blank line, or the line's error.

``ready_lines`` does the same work for a large file in two processes: this one reads the raw
lines (fast: no decoding), a worker process decodes each line, checks it
(``IncomingDraft.from_mapping``) and computes what does not depend on the register — the
duplicate hashes and the folded search text on either side of the arrival number — so the
store writer is left with numbering, storing and chaining. One Python process is bound to
one core (the GIL); a million-line import uses two. The worker is a plain child process
(``python -m app.import_lines``) talking over its stdin and stdout. A line the worker does not carry
through (an error, a file to store) comes back raw and is read here exactly as
``read_jsonl`` reads it, so its error and its handling are the same; if the worker process
dies, the rest of the file is read here."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.drafts import IncomingDraft
from app.errors import AppError, InvalidInput
from app.records import key_hash, triple_hash
from app.search import META_FIELDS, _type_name, _unpadded
from app.textfold import fold

MAX_LINE_BYTES = 1024 * 1024  # one document's metadata is a few kilobytes
CHUNK = 2000  # lines handed to the worker at a time
# below this, starting a second process costs more than it saves (VANTHU_IMPORT_SPLIT_BYTES
# sets it: the reliability tests split small files to kill -9 the two-process import)
MIN_BYTES = 8 * 1024 * 1024
IN_FLIGHT = 3  # chunks read ahead of the one being registered


Raw = tuple[int, "bytes | AppError"]


@dataclass(frozen=True, slots=True)
class ReadyLine:
    """A checked line with what the writer would otherwise compute itself."""

    draft: IncomingDraft
    key_hash: int | None
    triple_hash: int | None
    meta_head: str  # the folded search text before the arrival number…
    meta_tail: str  # …and after it (``meta_text`` of the record, split at the number)

    def meta(self, number: int) -> str:
        return " ".join(p for p in (self.meta_head, str(number), self.meta_tail) if p)


def raw_lines(path: Path) -> Iterator[Raw]:
    """(line number, raw bytes) per non-blank line; an absurdly long line yields its error
    and reading goes on with the next line."""
    try:
        stream = path.open("rb")
    except FileNotFoundError:
        raise InvalidInput("file", "not_found", value=str(path)) from None
    except (IsADirectoryError, PermissionError):
        raise InvalidInput("file", "unreadable", value=str(path)) from None
    with stream:
        number = 0
        while raw := stream.readline(MAX_LINE_BYTES + 1):
            number += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                    pass  # skip the rest of the overlong line without holding it
                yield (
                    number,
                    InvalidInput("line", "line_too_long", line=number, limit=MAX_LINE_BYTES),
                )
                continue
            if raw.strip():
                yield number, raw


def decode_line(number: int, raw: bytes) -> dict[str, Any] | AppError:
    """The mapping a raw line holds, or the reason it holds none."""
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        return InvalidInput("line", "not_utf8", line=number)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return InvalidInput("json", "bad_json", line=number, reason=exc.msg)
    except RecursionError:
        return InvalidInput("json", "bad_json", line=number, reason="nested")
    if not isinstance(value, dict):
        return InvalidInput("line", "not_an_object", line=number)
    return value


def read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any] | AppError]]:
    """(line number, object) per non-blank line; a line that is not JSON, or absurdly long,
    yields its error instead, and reading goes on with the next line."""
    for number, raw in raw_lines(path):
        yield number, raw if isinstance(raw, AppError) else decode_line(number, raw)


def ready_line(draft: IncomingDraft) -> ReadyLine:
    """What the writer needs besides the number, for a checked draft (the fields as the
    record of ``DocumentService`` holds them: ``meta_text`` of that record, split)."""
    head = [f"{draft.code_number}/{draft.code_notation}", _unpadded(draft.code_number)]
    record = {
        "code_notation": draft.code_notation,
        "subject": draft.subject,
        "issuer_name": draft.from_org_name,
        "issuer_id": draft.from_org_id,
        "signer": draft.signer,
        "position": draft.position,
        "to_places": draft.to_places,
        "note": draft.note,
    }
    tail = [_type_name(draft.doc_type)] + [str(record.get(name) or "") for name in META_FIELDS]
    return ReadyLine(
        draft,
        key_hash(draft.document_key),
        triple_hash(draft.code_number, draft.code_notation, draft.from_org_id),
        fold(" ".join(p for p in head if p)),
        fold(" ".join(p for p in tail if p)),
    )


def _ready_chunk(chunk: list[tuple[int, bytes]], today: dt.date) -> list[Any]:
    """In the worker: a ReadyLine per line it carries through, None for the others."""
    out: list[Any] = []
    for number, raw in chunk:
        value = decode_line(number, raw)
        if isinstance(value, dict) and not value.get("file"):
            try:
                out.append(ready_line(IncomingDraft.from_mapping(value, today=today)))
                continue
            except AppError:
                pass  # read again in the parent, which reports it the usual way
        out.append(None)
    return out


def split_bytes() -> int:
    try:
        return int(os.environ.get("VANTHU_IMPORT_SPLIT_BYTES", MIN_BYTES))
    except ValueError:
        return MIN_BYTES


def ready_lines(
    path: Path, today: dt.date, *, min_bytes: int | None = None
) -> Iterator[tuple[int, dict[str, Any] | AppError | ReadyLine]]:
    """``read_jsonl``, with the checking done by a worker process when the file is large."""
    min_bytes = split_bytes() if min_bytes is None else min_bytes
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_jsonl says why it cannot be read
    if size < min_bytes:
        yield from read_jsonl(path)
        return
    lines = raw_lines(path)
    first = next(lines, None)  # a file that cannot be opened raises here, as read_jsonl does
    if first is None:
        return
    worker = _Worker(today)
    try:
        yield from worker.run(_chunks(itertools.chain([first], lines)))
    finally:
        worker.close()


class _Worker:
    """The second process (``python -m app.import_lines``): chunks of raw lines go to its
    stdin, one list of results per chunk comes back on its stdout (pickle: our own code on
    both ends of a private pipe). A feeder thread writes while this thread reads, so neither
    pipe can fill up against the other; at most IN_FLIGHT chunks are read ahead."""

    COMMAND: tuple[str, ...] = ("-m", "app.import_lines")

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.proc: subprocess.Popen[bytes] | None = None
        self.queue: queue.Queue[list[Raw] | None] = queue.Queue(IN_FLIGHT)
        self.stopping = threading.Event()
        self.broken = False
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, *self.COMMAND],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=env,
            )  # fmt: skip
        except OSError:
            self.broken = True  # no second process: everything is read here

    def run(self, chunks: Iterator[list[Raw]]) -> Iterator[tuple[int, Any]]:
        feeder = threading.Thread(target=self._feed, args=(chunks,), daemon=True)
        feeder.start()
        while True:
            chunk = self.queue.get()
            if chunk is None:
                break
            if isinstance(chunk, BaseException):
                raise chunk
            yield from _results(chunk, self._answer())
        feeder.join()

    def _feed(self, chunks: Iterator[list[Raw]]) -> None:
        try:
            for chunk in chunks:
                if not self.broken and self.proc is not None and self.proc.stdin is not None:
                    job = ([(n, r) for n, r in chunk if isinstance(r, bytes)], self.today)
                    try:
                        pickle.dump(job, self.proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
                        self.proc.stdin.flush()
                    except (OSError, ValueError):
                        self.broken = True  # the worker is gone: the rest is read here
                if not self._put(chunk):
                    return
            self._put(None)
        except BaseException as exc:  # reading the file failed: the reader raises it
            self._put(exc)  # type: ignore[arg-type]

    def _put(self, item: Any) -> bool:
        while not self.stopping.is_set():
            try:
                self.queue.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def _answer(self) -> list[Any]:
        if self.broken or self.proc is None or self.proc.stdout is None:
            return []
        try:
            return pickle.load(self.proc.stdout)
        except Exception:  # it died on this chunk: this one and the rest are read here
            self.broken = True
            return []

    def close(self) -> None:
        self.stopping.set()
        if self.proc is not None:
            with contextlib.suppress(OSError, ValueError):
                if self.proc.stdin is not None:
                    self.proc.stdin.close()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            if self.proc.stdout is not None:
                self.proc.stdout.close()


def _serve() -> None:
    """The worker's loop: a pickled (lines, today) in, the list of results out, until EOF."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            lines, today = pickle.load(source)
        except EOFError:
            return
        pickle.dump(_ready_chunk(lines, today), sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


def _chunks(lines: Iterator[Raw]) -> Iterator[list[Raw]]:
    chunk: list[Raw] = []
    for item in lines:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _results(
    chunk: list[Raw], ready: list[Any]
) -> Iterator[tuple[int, dict[str, Any] | AppError | ReadyLine]]:
    done = iter(ready)
    for number, raw in chunk:
        if isinstance(raw, AppError):
            yield number, raw
            continue
        line = next(done, None)
        yield number, line if line is not None else decode_line(number, raw)


__all__ = ["ReadyLine", "decode_line", "raw_lines", "read_jsonl", "ready_line", "ready_lines"]

if __name__ == "__main__":  # the worker: its results name app.import_lines, not __main__
    from app import import_lines

    import_lines._serve()
