"""Files the user asked for (exports, signed PDFs), written so that a crash or a full disk
never leaves half a file where the old one was."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from app.errors import InvalidInput


def write_atomically(out: Path, binary: bool, write: Callable[[IO[Any]], None]) -> None:
    """Write through a temporary file in the target folder, fsync it, then rename it into
    place: ``out`` is either the old file or the whole new one, never half-written. A folder
    that cannot be written is an ``InvalidInput("output", "unwritable")``."""
    if not out.parent.is_dir():
        raise InvalidInput("output", "unwritable", value=str(out))
    try:
        fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
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


__all__ = ["write_atomically"]
