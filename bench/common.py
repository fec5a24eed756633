"""Helpers shared by the benchmarks: workspaces in a scratch folder, sample documents,
peak memory, and the last-line JSON every benchmark prints."""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.clock import VN_TZ, fixed_clock  # noqa: E402
from app.sample_data import SampleGenerator  # noqa: E402
from app.workspace import Workspace  # noqa: E402

NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=VN_TZ)


def scratch(name: str) -> Path:
    base = Path(os.environ.get("VANTHU_BENCH_DIR") or tempfile.gettempdir()) / "vanthu-bench"
    path = base / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_workspace(home: Path) -> Workspace:
    return Workspace.create(
        home, "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND", clock=fixed_clock(NOW)
    )


def sample_lines(count: int, seed: int = 7) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, mapping) pairs as `vanthu incoming import` reads them from JSONL."""
    gen = SampleGenerator(seed=seed)
    for line in range(1, count + 1):
        d = gen.document(NOW.date() - dt.timedelta(days=line % 300))
        yield (
            line,
            {
                "from_org_id": d.from_org_id,
                "from_org_name": d.from_org_name,
                "code_number": d.code_number,
                "code_notation": d.code_notation,
                "issued_date": d.issued_date.isoformat(),
                "doc_type": d.doc_type,
                "subject": d.subject,
                "signer": d.signer,
                "urgency": d.urgency,
            },
        )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _proc_status_mb(key: str) -> float:
    """A line of /proc/self/status in MB (Linux); ru_maxrss when it is missing."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def vm_hwm_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries the parent's peak
    over into a child started with vfork+exec."""
    return _proc_status_mb("VmHWM")


def vm_rss_mb() -> float:
    return _proc_status_mb("VmRSS")


def report(result: dict[str, Any]) -> None:
    """The last line of every benchmark: one JSON object."""
    print(json.dumps(result, ensure_ascii=False), flush=True)
