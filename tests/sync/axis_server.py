"""The local axis as a separate process on 127.0.0.1, for the tests.

``AxisProcess.start()`` runs ``python -m sync.server --data DIR --port 0 …`` in its own
session, reads the URL it prints, and ``stop()`` ends it with SIGTERM (``kill()`` with
SIGKILL, to test that nothing acknowledged is lost). Systems are registered straight in the
server's database (the CLI path has its own test)."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sync.client import AxisClient
from sync.server.store import AxisStore

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"

# (system id, secret, organ id, organisation name)
SYSTEM_A = ("sys.a", "secret-of-system-a-0123456789", "000.00.00.H29", "UBND tỉnh Đắk Lắk")
SYSTEM_B = ("sys.b", "secret-of-system-b-0123456789", "000.00.00.G22", "Văn phòng Chính phủ")
SYSTEM_C = ("sys.c", "secret-of-system-c-0123456789", "000.00.00.G18", "Bộ Y tế")


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.setdefault("VANTHU_LANG", "vi")
    env.update(extra)
    return env


def add_systems(data: Path, *systems: tuple[str, str, str, str]) -> None:
    store = AxisStore(data)
    try:
        for system in systems:
            store.upsert_system(*system)
    finally:
        store.close()


@dataclass
class AxisProcess:
    data: Path
    options: list[str] = field(default_factory=list)
    url: str = ""
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 20.0) -> AxisProcess:
        self.log = self.data.parent / f"{self.data.name}-server.log"
        with self.log.open("ab") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "sync.server", "--data", str(self.data),
                 "--host", HOST, "--port", "0", *self.options],
                stdout=subprocess.PIPE,
                stderr=err,
                env=child_env(),
                start_new_session=True,
            )  # fmt: skip
        assert self.process.stdout is not None
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        line = b""
        while not line.endswith(b"\n") and time.monotonic() < deadline:
            if not selector.select(timeout=0.1):
                if self.process.poll() is not None:
                    break
                continue
            byte = os.read(self.process.stdout.fileno(), 1)
            if not byte:
                break
            line += byte
        selector.close()
        self.url = line.decode().strip()
        if not self.url.startswith(f"http://{HOST}:"):
            self.kill()
            raise RuntimeError(f"axis did not start: {line!r} {self.log.read_text()[-2000:]}")
        return self

    def client(self, system: tuple[str, str, str, str], **options: object) -> AxisClient:
        options.setdefault("timeout", (5.0, 30.0))
        return AxisClient(self.url, system[0], system[1], **options)  # type: ignore[arg-type]

    def stop(self) -> int | None:
        """SIGTERM, as a service manager would; the exit code."""
        process, self.process = self.process, None
        if process is None:
            return None
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process.stdout:
            process.stdout.close()
        return process.returncode

    def kill(self) -> None:
        """SIGKILL: no chance to clean up."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if process.stdout:
            process.stdout.close()


@contextmanager
def running_axis(folder: Path, *options: str) -> Iterator[AxisProcess]:
    """A local axis for two desks (systems A and B) with its data under ``folder``/axis."""
    data = folder / "axis"
    data.mkdir(exist_ok=True)
    add_systems(data, SYSTEM_A, SYSTEM_B)
    server = AxisProcess(data, list(options)).start()
    try:
        yield server
    finally:
        server.stop()
