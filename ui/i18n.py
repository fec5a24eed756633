"""Translations of the window, with Qt's own tools (shipped with PySide6):

    python -m ui.i18n update   # lupdate: the strings of ui/*.py into resources/translations/*.ts
    python -m ui.i18n build    # lrelease: *.ts → *.qm (generated, never edited, not in git)
    python -m ui.i18n check    # exit 1 when a string has no translation, or a translation
                               # loses a placeholder or an accelerator (the tests run it)

The source language is Vietnamese (``self.tr("Văn bản đến")``); ``vanthu_en.ts`` holds the
English, edited by people (Qt Linguist or any editor); the compiled ``.qm`` is made by
``make translations``, which ``make run`` and ``make test`` run first."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
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


def build(lang: str = "en", qm: Path | None = None) -> Path:
    """lrelease: the .ts compiled to ``qm`` (beside it by default)."""
    ts = ts_file(lang)
    qm = qm or ts.with_suffix(".qm")
    subprocess.run(
        [tool("lrelease"), "-silent", str(ts), "-qm", str(qm)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return qm


def _texts(translation: ET.Element) -> list[str]:
    """The translated text, or each plural form of a numerus message."""
    forms = translation.findall("numerusform")
    return [f.text or "" for f in forms] if forms else [translation.text or ""]


def _messages(ts: Path) -> list[tuple[str, str, ET.Element | None]]:
    """(context, source, translation) of every live message (not vanished or obsolete)."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("vanished", "obsolete"):
                continue
            found.append((name, message.findtext("source", ""), translation))
    return found


def untranslated(ts: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation (a plural message
    needs every form)."""
    return [
        (context, source)
        for context, source, translation in _messages(ts)
        if translation is None
        or translation.get("type") == "unfinished"
        or not all(text.strip() for text in _texts(translation))
    ]


PLACEHOLDER = re.compile(r"%L?n|%\d|\{[a-z_]+\}")
MNEMONIC = re.compile(r"&(?!&)\S")


def mismatched(ts: Path) -> list[tuple[str, str, str]]:
    """(context, source, what) of every translation that loses or adds a placeholder (%1,
    %n, {name}) or an accelerator (&) of its source: the code fills the source's."""
    problems = []
    for context, source, translation in _messages(ts):
        if translation is None or translation.get("type") == "unfinished":
            continue
        wanted = sorted(PLACEHOLDER.findall(source))
        keys = len(MNEMONIC.findall(source))
        for text in filter(str.strip, _texts(translation)):  # (empty: untranslated)
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                problems.append((context, source, f"placeholders {wanted} in «{text}»"))
            if len(MNEMONIC.findall(text)) != keys:
                problems.append((context, source, f"{keys} accelerator(s) (&) in «{text}»"))
    return problems


def check(lang: str = "en") -> list[str]:
    """What is wrong with a language, read off a fresh lupdate of the current sources into a
    copy of its .ts (so that a string added to the code without ``update`` counts too)."""
    with tempfile.TemporaryDirectory() as folder:
        fresh = Path(folder) / ts_file(lang).name
        if ts_file(lang).is_file():
            shutil.copyfile(ts_file(lang), fresh)
        update(fresh, lang)
        problems = [f"{lang}: {c}: «{s}» has no translation" for c, s in untranslated(fresh)]
        problems += [f"{lang}: {c}: «{s}»: {what}" for c, s, what in mismatched(fresh)]
    return problems


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
        problems = [problem for lang in LANGUAGES for problem in check(lang)]
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    print(__doc__)
    return 2


__all__ = ["build", "check", "mismatched", "sources", "ts_file", "untranslated", "update"]

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
