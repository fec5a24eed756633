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


# One C-level pass for ASCII and every Latin letter Vietnamese uses (Latin-1, Latin
# Extended-A/B, Latin Extended Additional); anything else goes character by character.
_TABLE = {
    cp: _fold_char(chr(cp))
    for rng in (range(0x41, 0x5B), range(0xC0, 0x250), range(0x1E00, 0x1F00))
    for cp in rng
    if chr(cp).isalpha()
}


def fold(text: str) -> str:
    """Lower-case, strip diacritics, đ→d; same length as ``unicodedata.normalize('NFC', text)``.

    The caller passes NFC text (``normalize_text`` does that) when offsets matter."""
    if text.isascii():
        return text.lower()
    folded = text.translate(_TABLE)
    if folded.isascii():
        return folded
    return "".join(c if c.isascii() else _fold_char(c) for c in folded)


_CONTROL = re.compile(
    r"[^\S \n\t]|[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]"
)
_SPACES = re.compile(r"[ \t]+")


def normalize_text(text: str) -> str:
    """NFC, no control characters, single spaces; what every stored text field goes through."""
    text = unicodedata.normalize("NFC", text)
    if not text.isprintable():
        text = _CONTROL.sub(" ", text)
        text = "".join(c if c.isprintable() or c in "\n\t" else " " for c in text)
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


_TOKEN = re.compile(r"[0-9a-z]+", re.ASCII)


def tokens(folded: str) -> list[str]:
    """Search words of a folded text (letters and digits)."""
    return _TOKEN.findall(folded)


def _letter_classes() -> dict[str, str]:
    groups: dict[str, list[str]] = {}
    ranges = ((0x30, 0x3A), (0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00))
    for cp in (cp for first, end in ranges for cp in range(first, end)):
        ch = chr(cp)
        if ch.isalnum():
            groups.setdefault(fold(ch), []).append(ch)
    return {
        k: "[" + "".join(sorted(set(v))) + "]" if len(v) > 1 else re.escape(v[0])
        for k, v in groups.items()
    }


_CLASSES = _letter_classes()


def loose_pattern(folded_word: str) -> str:
    """A regular expression that finds ``folded_word`` in original text whatever its accents
    and case: "quyet" finds "Quyết", "QUYẾT", "quyet". Lets ranking and highlighting work on
    the stored text without folding every candidate."""
    return "".join(_CLASSES.get(ch, re.escape(ch)) for ch in folded_word)


__all__ = ["fold", "loose_pattern", "normalize_text", "tokens"]
