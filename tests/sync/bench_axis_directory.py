"""Benchmark (not a test): a 111,000-agency directory through the local axis.

    .venv/bin/python -m tests.sync.bench_axis_directory [N]

Generates N agencies (Vietnamese names, 90 % with a parent), starts the local axis with
``--agencies`` as its own process on 127.0.0.1, and times ``AxisClient.get_agencies()``
(fetch + gunzip + JSON parse + ``Agency`` objects), the part the desk's directory cache is
built on. Target (issue 4): the directory loaded into the cache in ≤ 3 s."""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, AxisProcess, add_systems

UNITS = ["Ủy ban nhân dân", "Sở Tài chính", "Phòng Giáo dục và Đào tạo", "Trạm Y tế",
         "Trường Trung học cơ sở", "Chi cục Thuế", "Văn phòng Hội đồng nhân dân",
         "Ban Quản lý dự án", "Bệnh viện Đa khoa"]  # fmt: skip
PLACES = ["tỉnh Đắk Lắk", "huyện Krông Pắc", "xã Ea Kly", "thành phố Buôn Ma Thuột",
          "huyện Cư M'gar", "tỉnh Quảng Nam", "huyện Điện Bàn", "thị xã Sơn Tây"]  # fmt: skip


def make_directory(path: Path, count: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    entries: list[dict[str, object]] = []
    for i in range(count):
        code = f"{i // 1000:03d}.{(i // 10) % 100:02d}.{i % 10:02d}.H{i % 64:02d}"
        parent = (
            entries[rng.randrange(len(entries))]["code"] if entries and rng.random() < 0.9 else ""
        )
        entries.append({"id": i + 1, "code": code, "pcode": parent, "mail": f"vt{i}@example.gov.vn",
                        "name": f"{rng.choice(UNITS)} {rng.choice(PLACES)} {i}"})  # fmt: skip
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")


def main(count: int = 111_000, runs: int = 7) -> None:
    base = Path(tempfile.mkdtemp(prefix="axis-bench-"))
    directory = base / "agencies.json"
    make_directory(directory, count)
    print(f"directory: {count} agencies, {directory.stat().st_size / 1e6:.1f} MB of JSON")
    add_systems(base / "data", SYSTEM_A, SYSTEM_B)
    started = time.perf_counter()
    server = AxisProcess(base / "data", ["--agencies", str(directory), "--quiet"]).start(60)
    print(f"server ready (load file, SQLite upsert, build JSON + gzip): "
          f"{time.perf_counter() - started:.2f} s")  # fmt: skip
    try:
        client = server.client(SYSTEM_A)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            agencies = client.get_agencies()
            times.append(time.perf_counter() - started)
        print(f"get_agencies(): {len(agencies)} agencies, median {statistics.median(times):.2f} s "
              f"(min {min(times):.2f}, max {max(times):.2f}) over {runs} runs")  # fmt: skip
    finally:
        server.stop()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 111_000)
