"""``certomancer animate`` as a process of its own on 127.0.0.1, for the test PKIs
(tests/signing/pki.py for the tokens, tests/signing/field_pki.py for field-like documents)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_key(path: Path, bits: int) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


@dataclass
class CertoServer:
    """``certomancer animate`` in its own process, on 127.0.0.1 only."""

    config: Path
    port: int
    log: Path
    proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, wait: bool = True) -> None:
        """Start the server (if it is not running); ``wait`` until it listens. Starting
        takes a few seconds, so fixtures start it ahead (``wait=False``) while other tests
        run."""
        if not self.running:
            exe = Path(sys.executable).with_name("certomancer")
            cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "certomancer"]
            with self.log.open("ab") as log:
                self.proc = subprocess.Popen(
                    [*cmd, "--config", str(self.config), "animate", "--port", str(self.port),
                     "--no-web-ui"],
                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                )  # fmt: skip
        if not wait:
            return
        assert self.proc is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"certomancer exited: {self.log.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("certomancer did not start listening")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
