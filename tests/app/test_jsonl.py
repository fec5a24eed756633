"""Reading `vanthu incoming import` files: hostile or broken lines become per-line errors and
never stop the lines after them."""

from __future__ import annotations

import subprocess
import sys
import tracemalloc
from pathlib import Path

from app.errors import InvalidInput
from app.import_lines import MAX_LINE_BYTES, read_jsonl
from app.messages import describe
from tests.conftest import ROOT


def test_broken_lines_are_reported_and_reading_goes_on(tmp_path: Path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b'\xef\xbb\xbf{"a": 1}\n'  # a BOM on the first line is fine
        b"\n"
        b"not json\n"
        b"[1, 2]\n"
        b'{"b": "\xff\xfe"}\n'
        + b"[" * 100_000
        + b"\n"
        + b'{"c": "'
        + b"x" * (MAX_LINE_BYTES + 10)
        + b'"}\n'
        b'{"d": 4}'  # no newline at the end
    )
    tracemalloc.start()
    items = list(read_jsonl(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [n for n, _ in items] == [1, 3, 4, 5, 6, 7, 8]
    assert items[0][1] == {"a": 1} and items[-1][1] == {"d": 4}
    problems = {n: v.problem for n, v in items if isinstance(v, InvalidInput)}
    assert problems == {
        3: "bad_json", 4: "not_an_object", 5: "not_utf8", 6: "bad_json", 7: "line_too_long"
    }  # fmt: skip
    assert peak < 4 * MAX_LINE_BYTES
    assert describe(dict(items)[7], "vi").startswith("Dòng 7: dòng quá dài")


def test_errors_are_one_line_on_stderr_even_with_json(tmp_path: Path):
    home = tmp_path / "ws"
    cli = [sys.executable, "-m", "app.cli", "--home", str(home)]
    env = {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([*cli, "list", "--json"], capture_output=True, text=True, env=env)
    assert out.returncode == 1 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and "vanthu init" in out.stderr
