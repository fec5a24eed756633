"""Files the user asked for (exports, signed PDFs), written so that a crash or a full disk
never leaves half a file where the old one was — nor, for long, the half-written temporary
file beside it.

Temporary files carry the writing process's id (``.NAME.pid-PID.XXXX.part``); one whose
process is gone is stale: it is removed before the next write of the same target, and the
workspace sweeps its own temporary folders when it opens (``sweep_stale``)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from app.errors import InvalidInput

_PID = re.compile(r"(?:^|[.\-])pid-(\d+)\.")
LEGACY_STALE_SECONDS = 3600  # temporary files of versions that did not name their process


def pid_tag() -> str:
    """The part of a temporary name that says which process writes it."""
    return f"pid-{os.getpid()}."


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def is_stale(path: Path, *, now: float | None = None) -> bool:
    """A temporary file or folder whose writer is gone."""
    found = _PID.search(path.name)
    if found:
        return not _alive(int(found.group(1)))
    try:
        age = (now or time.time()) - path.lstat().st_mtime
    except OSError:
        return False
    return age > LEGACY_STALE_SECONDS


def sweep_stale(folder: Path, *, patterns: Iterable[str] = ("*",)) -> int:
    """Remove the stale temporary files and folders in ``folder``; how many."""
    removed = 0
    if not folder.is_dir():
        return 0
    for pattern in patterns:
        for entry in folder.glob(pattern):
            if not is_stale(entry):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir() and not entry.is_symlink():
                    shutil.rmtree(entry)
                else:
                    entry.unlink()
                removed += 1
    return removed


def _sweep_target(out: Path) -> None:
    """Stale temporary files of this very target (``.NAME.….part`` beside it)."""
    sweep_stale(out.parent, patterns=(f".{glob_escape(out.name)}.*.part",))


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def write_atomically(out: Path, binary: bool, write: Callable[[IO[Any]], None]) -> None:
    """Write through a temporary file in the target folder, fsync it, then rename it into
    place: ``out`` is either the old file or the whole new one, never half-written. A folder
    that cannot be written is an ``InvalidInput("output", "unwritable")``."""
    if not out.parent.is_dir():
        raise InvalidInput("output", "unwritable", value=str(out))
    _sweep_target(out)
    try:
        fd, tmp = tempfile.mkstemp(
            dir=out.parent, prefix=f".{out.name}.{pid_tag()}", suffix=".part"
        )
    except OSError as exc:
        raise InvalidInput("output", "unwritable", value=str(out), reason=exc.strerror) from exc
    try:
        text = {} if binary else {"encoding": "utf-8-sig", "newline": ""}
        # binary: readable too, for writers that seek back (pyHanko fills /Contents in place)
        with os.fdopen(fd, "w+b" if binary else "w", **text) as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(tmp, stat.S_IMODE(out.stat().st_mode) if out.is_file() else 0o644)
        os.replace(tmp, out)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InvalidInput("output", "unwritable", value=str(out), reason=exc.strerror) from exc
        raise


__all__ = ["is_stale", "pid_tag", "sweep_stale", "write_atomically"]
