"""Building and parsing stream: a 48 MB attachment, built into a package and parsed back in a
fresh process, never costs that process more than 100 MB (the imports alone take ~40 MB; a
package held in memory would take several times the attachment). bench/bench_edxml.py does
the same at 300 MB."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = r"""
import hashlib, io, json, os, random, sys
from pathlib import Path
from app.store.blobs import BlobStore
from sync.edxml import build_edoc, parse_package
from tests.sync.edxml_factory import edoc

folder = Path(sys.argv[1])
source = folder / "scan.pdf"
digest = hashlib.sha256()
block = os.urandom(1024 * 1024)
with source.open("wb") as out:
    for _ in range(48):
        out.write(block)
        digest.update(block)
with (folder / "p.edxml").open("wb") as out:
    build_edoc(edoc(random.Random(1), kind=0), [("scan.pdf", "application/pdf", source)], out)
source.unlink()
parsed = parse_package(folder / "p.edxml", BlobStore(folder / "blobs"))
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"peak_mb": peak / 1024, "ok": parsed.attachments[0].sha256 == digest.hexdigest()}))
"""


def test_build_and_parse_stream(tmp_path: Path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["ok"]
    assert result["peak_mb"] < 100, result
