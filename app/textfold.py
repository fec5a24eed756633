"""Diacritic-insensitive text for search: "Quyết định", "QUYẾT ĐỊNH" and "quyet dinh" fold
to the same letters, and đ/Đ fold to d.

``fold`` maps every character to exactly one character, so an offset in the folded text is
the same offset in the original: snippets are highlighted on the original words."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l"}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _SPECIAL:
        return _SPECIAL[ch]
    if ch.isascii():
        return ch.lower()
    base = "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
    base = base.lower()
    # Keep the one-to-one mapping: a character that does not fold to one letter stays itself.
    return base if len(base) == 1 else ch.lower()[:1] or ch


def fold(text: str) -> str:
    """Lower-case, strip diacritics, đ→d; same length as ``unicodedata.normalize('NFC', text)``.

    The caller passes NFC text (``normalize_text`` does that) when offsets matter."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(c) for c in text)


def normalize_text(text: str) -> str:
    """NFC, no control characters, single spaces; what every stored text field goes through."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c if c.isprintable() or c in "\n\t" else " " for c in text)
    return re.sub(r"[ \t]+", " ", text).strip()


_TOKEN = re.compile(r"[0-9a-z]+", re.ASCII)


def tokens(folded: str) -> list[str]:
    """Search words of a folded text (letters and digits)."""
    return _TOKEN.findall(folded)


__all__ = ["fold", "normalize_text", "tokens"]
