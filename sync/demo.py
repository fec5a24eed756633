"""The demo's exchange: a local axis for the demo office and its second organisation (the
peer workspace ``<home>/peer``), and ``serve_demo(home, robot=…)``, which runs, as child
processes on 127.0.0.1, the axis server and the peer's robot (sync/demo_peer.py, started
through the module its composition root names: it signs, which this room does not) until it
is left.

Ports are chosen free at every start and written into both workspaces' axis settings
(sync/config.py). The children are stopped with SIGTERM when the context is left (SIGKILL
after a grace period), and each one ends on its own when its parent is gone (it watches its
parent), so that a killed window or terminal leaves no orphan behind.

``python -m sync.demo axis --data DIR`` is the axis's entry point; the robot's is the
composition root's (``python -m ui.demo_peer --home DIR``), which calls ``watch_parent``."""

from __future__ import annotations

import contextlib
import os
import secrets
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.workspace import Workspace

ORG_SYSTEM, PEER_SYSTEM = "vanthu-demo-org", "vanthu-demo-peer"
HOST = "127.0.0.1"
STOP_GRACE = 10.0  # seconds a child has to stop on SIGTERM before SIGKILL
ROBOT_INTERVAL = 1.5  # seconds between the peer robot's rounds


def peer_home(home: Path) -> Path:
    return Path(home) / "peer"


def axis_data(home: Path) -> Path:
    return Path(home) / "axis"


def register_systems(home: Path, others: Sequence[tuple[str, str]] = ()) -> None:
    """Register both organisations on the demo's axis (``<home>/axis``) with fresh shared
    secrets, kept by each workspace in its 0600 secret file (sync/config.py), and the
    ``others`` (organ id, name) too, so that the directory lists them and the axis takes
    what is sent to them (nobody there answers). The endpoint is set when the axis starts
    (``serve_demo``)."""
    from sync.config import ENV_SECRET_STORE, store_secret
    from sync.server.store import AxisStore

    store = AxisStore(axis_data(home))
    # test secrets of a demo: in the workspace's 0600 file, never in the user's keyring
    previous = os.environ.get(ENV_SECRET_STORE)
    os.environ[ENV_SECRET_STORE] = "file"
    try:
        for ws_home, system in ((Path(home), ORG_SYSTEM), (peer_home(home), PEER_SYSTEM)):
            with Workspace(ws_home) as ws:
                org = ws.organisation
                secret = secrets.token_urlsafe(24)
                store.upsert_system(system, secret, org.organ_id, org.name)
                store_secret(ws_home, system, secret)
                ws.set_settings({"axis_system_id": system}, axis={"system_id": system})
        for organ_id, name in others:
            store.upsert_system(
                f"vanthu-demo-{organ_id}", secrets.token_urlsafe(24), organ_id, name
            )
    finally:
        store.close()
        if previous is None:
            os.environ.pop(ENV_SECRET_STORE, None)
        else:
            os.environ[ENV_SECRET_STORE] = previous


def point_to(home: Path, url: str) -> None:
    """Both workspaces' axis endpoint: ``url`` (their system ids and secrets are kept)."""
    from sync.config import AxisConfig, save_config

    for ws_home in (Path(home), peer_home(home)):
        with Workspace(ws_home) as ws:
            system = ws.setting("axis_system_id") or ""
            if ws.setting("axis_endpoint") != url:
                save_config(ws, AxisConfig(url, system, timeout=10.0), None)


def servers_running(home: Path) -> bool:
    """Whether the demo's axis already runs (``demo --serve`` in another terminal, another
    window): its data folder is locked by the server (sync/server/run.py)."""
    lock = axis_data(home) / "server.lock"
    if not lock.is_file():
        return False
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no advisory lock to look at
        return False
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


# -- child processes ---------------------------------------------------------------------


@dataclass
class Child:
    """A child process in its own session (a terminal's Ctrl+C reaches the parent, which
    stops it), its stderr in a log file."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def read_line(self, timeout: float) -> str:
        """The first line the child prints (its URL, "ready"), or "" if it did not."""
        stream = self.process.stdout
        assert stream is not None
        selector = selectors.DefaultSelector()
        selector.register(stream, selectors.EVENT_READ)
        deadline, line = time.monotonic() + timeout, b""
        try:
            while not line.endswith(b"\n") and time.monotonic() < deadline:
                if not selector.select(timeout=0.1):
                    if self.process.poll() is not None:
                        break
                    continue
                byte = os.read(stream.fileno(), 1)
                if not byte:
                    break
                line += byte
        finally:
            selector.close()
        return line.decode("utf-8", "replace").strip()

    def stop(self, grace: float = STOP_GRACE) -> int | None:
        process = self.process
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process.stdout is not None:
            process.stdout.close()
        return process.returncode


def spawn(name: str, args: list[str], log: Path, module: str = "sync.demo") -> Child:
    log.parent.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    env["VANTHU_PARENT_PID"] = str(os.getpid())
    with log.open("ab") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", module, *args],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err, env=env,
            start_new_session=True,
        )  # fmt: skip
    return Child(name, process, log)


@dataclass
class DemoServices:
    home: Path
    axis_url: str
    children: list[Child] = field(default_factory=list)

    @property
    def pids(self) -> list[int]:
        return [c.pid for c in self.children]

    def stop(self) -> None:
        for child in reversed(self.children):  # the robot first, then the axis
            child.stop()
        self.children.clear()


@contextlib.contextmanager
def serve_demo(
    home: Path, *, robot: str | None = None, interval: float = ROBOT_INTERVAL,
    timeout: float = 30.0,
) -> Iterator[DemoServices]:  # fmt: skip
    """The demo's local axis (and, with ``robot``, the peer's robot: ``python -m ROBOT --home
    PEER --interval S``, which prints "ready") as child processes on 127.0.0.1 for the time of
    the ``with``; both workspaces point to the axis meanwhile."""
    from app.errors import StorageError

    home = Path(home)
    if servers_running(home):
        raise StorageError("in_use", path=str(axis_data(home)), reason="vanthu demo --serve")
    logs = home / "logs"
    services = DemoServices(home, "")
    try:
        axis = spawn("axis", ["axis", "--data", str(axis_data(home))], logs / "demo-axis.log")
        services.children.append(axis)
        url = axis.read_line(timeout)
        if not url.startswith(f"http://{HOST}:"):
            tail = axis.log.read_text("utf-8", "replace")[-300:] if axis.log.exists() else ""
            raise StorageError("not_started", path=str(axis.log), reason=tail.strip() or url)
        services.axis_url = url
        point_to(home, url)
        if robot:
            args = ["--home", str(peer_home(home)), "--interval", str(interval)]
            peer = spawn("peer", args, logs / "demo-peer.log", module=robot)
            services.children.append(peer)
            ready = peer.read_line(timeout)
            if ready != "ready":
                raise StorageError("not_started", path=str(peer.log), reason=ready)
        yield services
    finally:
        services.stop()


# -- the children's side -------------------------------------------------------------------


def watch_parent() -> None:
    """End this child (SIGTERM to itself) when the process that started it is gone."""
    parent = int(os.environ.get("VANTHU_PARENT_PID") or os.getppid())

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGTERM)
                return

    threading.Thread(target=watch, name="vanthu-parent-watch", daemon=True).start()


def main(argv: Sequence[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m sync.demo")
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("axis")
    p.add_argument("--data", required=True)
    args = parser.parse_args(argv)
    watch_parent()
    from sync.cli_axis import main_serve

    return main_serve(["--data", args.data, "--host", HOST, "--port", "0", "--quiet"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


__all__ = [
    "ORG_SYSTEM",
    "PEER_SYSTEM",
    "DemoServices",
    "axis_data",
    "peer_home",
    "point_to",
    "register_systems",
    "serve_demo",
    "servers_running",
    "watch_parent",
]
