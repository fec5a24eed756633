"""Where the libraries' own log lines go: the workspace's ``logs/vanthu.log`` (rotated), never
the user's terminal or window — a library's warning with its traceback is for the technician
who reads the log, not for the clerk. Nothing secret is ever logged (a PIN is never handed to
a logger)."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

LOG_NAME = "vanthu.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 3
_configured: Path | None = None


def configure_logging(home: Path | None) -> Path | None:
    """Send log records (WARNING and up) to ``home/logs/vanthu.log`` when ``home`` is a
    workspace, else nowhere; returns the log file. Idempotent."""
    global _configured
    root = logging.getLogger()
    logs = Path(home) / "logs" if home is not None else None
    if logs is not None and logs.is_dir():
        target = logs / LOG_NAME
        if _configured == target:
            return target
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        _configured = target
    else:
        handler, target = logging.NullHandler(), None
    for old in [h for h in root.handlers if getattr(h, "_vanthu", False)]:
        root.removeHandler(old)
        old.close()
    handler._vanthu = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.WARNING:
        root.setLevel(logging.WARNING)
    return target


__all__ = ["configure_logging"]
