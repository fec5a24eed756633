"""The import table of docs/architecture.md, enforced by walking every module with ast."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOMS = ("app", "signing", "sync", "ui")
FORBIDDEN = {
    "app": {"ui", "signing", "sync", "PySide6", "shiboken6"},
    "signing": {"ui", "sync", "PySide6", "shiboken6"},
    "sync": {"ui", "signing", "PySide6", "shiboken6"},
    "ui": set(),
}


def imports_of(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
    return found


def modules(room: str) -> list[Path]:
    return sorted((ROOT / room).rglob("*.py"))


@pytest.mark.parametrize("room", ROOMS)
def test_rooms_import_only_what_the_table_allows(room: str):
    problems = []
    for path in modules(room):
        for line, name in imports_of(path):
            top = name.split(".")[0]
            if top in FORBIDDEN[room]:
                problems.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
            if room == "ui" and top in {"signing", "sync"}:
                parts = name.split(".")
                if len(parts) > 1 and parts[1].startswith("_"):
                    problems.append(f"{path.relative_to(ROOT)}:{line} uses private {name}")
                elif len(parts) > 2:
                    problems.append(f"{path.relative_to(ROOT)}:{line} reaches into {name}")
    assert problems == []


def test_every_package_declares_its_public_names():
    for room in (*ROOMS, "resources"):
        tree = ast.parse((ROOT / room / "__init__.py").read_text(encoding="utf-8"))
        names = {t.id for n in tree.body if isinstance(n, ast.Assign | ast.AnnAssign)
                 for t in ([n.target] if isinstance(n, ast.AnnAssign) else n.targets)
                 if isinstance(t, ast.Name)}  # fmt: skip
        assert "__all__" in names, room


def test_the_checker_catches_a_violation(tmp_path: Path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\nfrom PySide6.QtWidgets import QWidget\nfrom sync import client\n")
    names = {n for _, n in imports_of(bad)}
    assert {"PySide6.QtWidgets", "sync"} <= names


# SQL statements live in the store layer only (app/store/, sync/store/, the local axis's own
# store): a later issue adds a shared PostgreSQL store, and the services must not need editing.
SQL = re.compile(
    r"\b(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM"
    r"|CREATE\s+(TABLE|INDEX|VIRTUAL|UNIQUE)|DROP\s+(TABLE|INDEX)|PRAGMA\s)"
)


def sql_lines(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return sorted(
        {
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and SQL.search(node.value)
        }
    )  # fmt: skip


def in_store(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return "store" in parts[:-1] or path.name == "store.py"


@pytest.mark.parametrize("room", ROOMS)
def test_sql_lives_in_the_store_layer(room: str):
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in modules(room)
        if not in_store(path)
        for line in sql_lines(path)
    ]
    assert found == []


def test_the_sql_checker_sees_a_statement(tmp_path: Path):
    bad = tmp_path / "bad.py"
    bad.write_text('rows = conn.execute("SELECT id FROM documents WHERE number = ?", (1,))\n')
    assert sql_lines(bad) == [1]
