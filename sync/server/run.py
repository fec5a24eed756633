"""Start the local axis: waitress on a loopback address, until SIGTERM or Ctrl-C."""

from __future__ import annotations

import ipaddress
import logging
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from app.errors import InvalidInput, StorageError
from sync.axis_protocol import DEFAULT_WINDOW
from sync.server.app import AxisApp, Faults
from sync.server.directory import read_agencies_file
from sync.server.store import AxisStore

log = logging.getLogger("vanthu.axis")


@dataclass(frozen=True)
class ServerConfig:
    data: Path
    host: str = "127.0.0.1"
    port: int = 0  # 0: a free port, printed on start
    faults: Faults = field(default_factory=Faults)
    agencies: Path | None = None
    allow_remote: bool = False
    window: float = DEFAULT_WINDOW
    threads: int = 8
    max_body: int = 1 << 30  # the largest package accepted, in bytes


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_config(config: ServerConfig) -> None:
    """Refuse what must not start: a host other than loopback without ``allow_remote``,
    probabilities outside [0, 1], a negative delay or port."""
    if not config.allow_remote and not is_loopback(config.host):
        raise InvalidInput("host", "not_loopback", value=config.host)
    faults = config.faults
    for name, p in (("fail_rate", faults.fail_rate), ("drop_after_receive", faults.drop_after_receive)):  # fmt: skip
        if not 0.0 <= p <= 1.0:
            raise InvalidInput(name, "out_of_range", value=p)
    if faults.delay_ms < 0:
        raise InvalidInput("delay", "out_of_range", value=faults.delay_ms)
    if not 0 <= config.port <= 65535:
        raise InvalidInput("port", "out_of_range", value=config.port)


def _lock_folder(store: AxisStore, data: Path) -> None:
    """One server per data folder: a second one would remove the first one's uploads in
    progress as leftovers. The lock goes with the process (POSIX ``flock``)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock, no check
        return
    handle = (data / "server.lock").open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise StorageError("in_use", path=str(data), reason="another axis server") from None
    store.keep_open = handle  # released when the process ends


def _stop(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def serve(config: ServerConfig, ready: Callable[[str], None] | None = None) -> None:
    """Open the store, load ``--agencies``, listen, call ``ready(url)``, serve until SIGTERM
    or Ctrl-C. Every OK answer was committed first, so stopping (even SIGKILL) loses
    nothing that a client was told is stored."""
    import waitress

    check_config(config)
    store = AxisStore(config.data)
    try:
        _lock_folder(store, config.data)
        removed = store.tidy()
        if removed:
            log.info("removed %d unfinished upload(s)", removed)
        if config.agencies is not None:
            count = store.load_agencies(read_agencies_file(config.agencies))
            log.info("directory: %d agencies loaded from %s", count, config.agencies)
        app = AxisApp(store, faults=config.faults, window=config.window)
        app.directory.answer()  # build the directory's answer before the first request
        host = "127.0.0.1" if config.host == "localhost" else config.host.strip("[]")
        server = waitress.create_server(
            app,
            host=host,
            port=config.port,
            threads=config.threads,
            max_request_body_size=config.max_body,
            ident="vanthu-axis",
            clear_untrusted_proxy_headers=True,
        )
        port = server.effective_port  # type: ignore[union-attr]
        shown = f"[{host}]" if ":" in host else host
        previous = signal.signal(signal.SIGTERM, _stop)
        try:
            if ready is not None:
                ready(f"http://{shown}:{port}")
            server.run()  # returns after SystemExit/KeyboardInterrupt, pool shut down
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.close()
    finally:
        store.close()


def configure_logging(quiet: bool = False) -> None:
    """Requests on stderr, one line each (never a header, never a secret)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    for name in ("vanthu.axis", "waitress"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(logging.WARNING if quiet else logging.INFO)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)


__all__ = ["ServerConfig", "check_config", "configure_logging", "is_loopback", "serve"]
