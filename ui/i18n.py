"""Translations of the window, with Qt's own tools (shipped with PySide6):

    python -m ui.i18n update   # lupdate: the strings of ui/*.py into resources/translations/*.ts
    python -m ui.i18n build    # lrelease: *.ts → *.qm (generated, never edited, not in git)
    python -m ui.i18n check    # exit 1 when a string has no translation (the tests run it)

The source language is Vietnamese (``self.tr("Văn bản đến")``); ``vanthu_en.ts`` holds the
English, edited by people (Qt Linguist or any editor); the compiled ``.qm`` is made by
``make translations``, which ``make run`` and ``make test`` run first."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from resources import ROOT as RESOURCES

UI = Path(__file__).resolve().parent
TRANSLATIONS = RESOURCES / "translations"
LANGUAGES = ("en",)


def tool(name: str) -> str:
    """``pyside6-lupdate`` / ``pyside6-lrelease`` of the running interpreter's environment."""
    candidate = Path(sys.executable).with_name(f"pyside6-{name}")
    return str(candidate) if candidate.exists() else f"pyside6-{name}"


def sources() -> list[Path]:
    return sorted(p for p in UI.rglob("*.py") if "__pycache__" not in p.parts)


def ts_file(lang: str) -> Path:
    return TRANSLATIONS / f"vanthu_{lang}.ts"


def update(ts: Path | None = None, lang: str = "en") -> Path:
    """Merge the window's current strings into the .ts (translations kept, vanished strings
    marked obsolete and dropped)."""
    target = ts or ts_file(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [tool("lupdate"), "-no-obsolete", "-silent", "-locations", "none", "-source-language", "vi_VN",
         "-target-language", lang, *map(str, sources()), "-ts", str(target)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return target


def build(lang: str = "en") -> Path:
    ts = ts_file(lang)
    qm = ts.with_suffix(".qm")
    subprocess.run(
        [tool("lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return qm


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            text = (translation.text or "") if translation is not None else ""
            if kind in ("unfinished", "vanished", "obsolete") or not text.strip():
                if kind in ("vanished", "obsolete"):
                    continue
                missing.append((name, message.findtext("source", "")))
    return missing


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "build"
    if command == "update":
        for lang in LANGUAGES:
            print(update(lang=lang))
        return 0
    if command == "build":
        for lang in LANGUAGES:
            print(build(lang))
        return 0
    if command == "check":
        problems = [(lang, c, s) for lang in LANGUAGES for c, s in untranslated(ts_file(lang))]
        for lang, context, source in problems:
            print(f"{lang}: {context}: «{source}» has no translation")
        return 1 if problems else 0
    print(__doc__)
    return 2


__all__ = ["build", "sources", "ts_file", "untranslated", "update"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
