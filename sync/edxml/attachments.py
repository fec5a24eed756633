"""Attachments on the way in: base64 decoded as the text streams past (never the whole payload
in memory), ZIP wrappers (one entry, some producers' habit) opened entry-by-entry with size and
ratio limits, names made safe for any file system, content types settled.

Every refusal is an ``InvalidInput`` with field ``attachment``; the caller owns the temporary
folder and removes it whatever happens."""

from __future__ import annotations

import binascii
import hashlib
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from app.errors import InvalidInput
from app.textfold import normalize_text
from sync.edxml.model import ParseLimits, Repair

CHUNK = 1024 * 1024
_WHITESPACE = b" \t\r\n"
_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
PLACEHOLDER_WINDOW = 1024  # non-ASCII text this early in a payload: prose, not a damaged file
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
# Formats that are ZIP archives themselves: their bytes are the file, never a wrapper.
ZIP_FORMATS = {
    ".zip", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".odg", ".epub", ".jar",
    ".apk", ".xps", ".oxps", ".kmz", ".docm", ".xlsm", ".pptm", ".dotx",
}  # fmt: skip
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".xml": "text/xml",
    ".edxml": "text/xml",
    ".htm": "text/html",
    ".html": "text/html",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".zip": "application/zip",
    ".rar": "application/vnd.rar",
    ".7z": "application/x-7z-compressed",
}
ZIP_TYPES = {"application/zip", "application/x-zip-compressed", "application/x-zip"}
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$"} | {
    f"{dev}{n}" for dev in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")
}
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_DRIVE = re.compile(r"^[A-Za-z]:")
MAX_NAME_BYTES = 240


class Undecodable(Exception):
    """The payload is not base64. ``placeholder``: it is prose (non-ASCII letters right at the
    start), as forms and templates leave in place of a file; otherwise a damaged payload."""

    def __init__(self, placeholder: bool) -> None:
        super().__init__("placeholder" if placeholder else "garbage")
        self.placeholder = placeholder


class Base64Stream:
    """Decodes base64 text fed in pieces of any size into ``out``; hashes and counts what it
    writes. Whitespace anywhere is ignored; padding may only close the payload."""

    def __init__(self, out: BinaryIO, limit: int) -> None:
        self.out = out
        self.limit = limit
        self.digest = hashlib.sha256()
        self.size = 0
        self.chars = 0  # non-whitespace characters seen
        self.padded_repair = False
        self._carry = b""
        self._closed = False  # padding seen: nothing may follow

    def feed(self, text: str) -> None:
        if not text.isascii():
            cut = next(i for i, ch in enumerate(text) if not ch.isascii())
            self.feed(text[:cut])
            raise Undecodable(placeholder=self.chars <= PLACEHOLDER_WINDOW)
        data = text.encode("ascii").translate(None, _WHITESPACE)
        if not data:
            return
        self.chars += len(data)
        if self._closed or data.translate(None, _ALPHABET):
            raise Undecodable(placeholder=False)
        if b"=" in data:
            _, _, tail = data.partition(b"=")
            if tail.strip(b"="):
                raise Undecodable(placeholder=False)
            self._closed = True
        data = self._carry + data
        if self._closed:
            if len(data) % 4:
                raise Undecodable(placeholder=False)
            block, self._carry = data, b""
        else:
            cut = len(data) - len(data) % 4
            block, self._carry = data[:cut], data[cut:]
        self._write(block)

    def finish(self) -> None:
        """End of the payload: a missing final padding is added (and noted); one stray
        character cannot be decoded."""
        if self._carry:
            if len(self._carry) == 1:
                raise Undecodable(placeholder=False)
            self._write(self._carry + b"=" * (4 - len(self._carry)))
            self.padded_repair = True
            self._carry = b""

    def _write(self, block: bytes) -> None:
        if not block:
            return
        try:
            raw = binascii.a2b_base64(block, strict_mode=True)
        except binascii.Error:
            raise Undecodable(placeholder=False) from None
        self.size += len(raw)
        if self.size > self.limit:
            raise InvalidInput("attachment", "too_large", limit=self.limit)
        self.digest.update(raw)
        self.out.write(raw)


# ------------------------------------------------------------------------------ names ---


def safe_name(declared: str) -> tuple[str, bool]:
    """A file name that cannot climb out of a folder nor name a device on any system:
    (the name, whether it had to change). Refused when nothing usable is left."""
    text = normalize_text(declared or "")
    parts = [p for p in re.split(r"[\\/]+", text) if p.strip()]
    base = parts[-1].strip() if parts else ""
    base = _DRIVE.sub("", base)
    base = _WINDOWS_FORBIDDEN.sub("_", base).rstrip(" .").lstrip(" ")
    if not base or set(base) <= {"."}:
        raise InvalidInput("attachment", "unsafe_name", value=declared[:80])
    stem = base.split(".")[0].rstrip(" ").upper()
    if stem in _RESERVED:
        base = "_" + base
    if len(base.encode("utf-8")) > MAX_NAME_BYTES:
        suffix = PurePosixPath(base).suffix
        suffix = suffix if len(suffix) <= 16 else ""
        stem_text = base[: len(base) - len(suffix)]
        while len((stem_text + suffix).encode("utf-8")) > MAX_NAME_BYTES:
            stem_text = stem_text[:-1]
        base = stem_text + suffix
    base = unicodedata.normalize("NFC", base)
    return base, base != (declared or "")


def extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def guess_content_type(name: str) -> str:
    return CONTENT_TYPES.get(extension(name), "application/octet-stream")


def clean_content_type(value: str) -> str:
    """``Application/PDF; name=x`` → ``application/pdf``; empty stays empty."""
    return (value or "").split(";")[0].strip().lower()


# ------------------------------------------------------------------------------- zips ---


def is_zip(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) in ZIP_MAGIC


def wraps_a_file(name: str, path: Path) -> bool:
    """True when the decoded bytes are a ZIP wrapped around the named file (detected by the
    magic bytes); a file whose own format is a ZIP (.docx, .zip…) is never unwrapped."""
    return extension(name) not in ZIP_FORMATS and is_zip(path)


@dataclass(frozen=True)
class Unzipped:
    size: int
    sha256: str
    entry: str


def unwrap_zip(source: Path, target: Path, name: str, limits: ParseLimits) -> Unzipped:
    """Copy the one entry of the ZIP ``source`` to ``target``, streaming, counting what comes
    out: a second entry, an entry path that climbs out, encryption, damage, or more bytes
    than the limits allow refuse the attachment."""
    zipped_size = source.stat().st_size
    try:
        with zipfile.ZipFile(source) as archive:
            entries = [i for i in archive.infolist() if not i.is_dir()]
            if len(entries) != 1 or len(archive.infolist()) != 1:
                raise InvalidInput(
                    "attachment", "zip_entries", value=name, count=len(archive.infolist())
                )
            entry = entries[0]
            if _unsafe_entry(entry.filename):
                raise InvalidInput("attachment", "zip_unsafe_entry", value=name)
            if entry.flag_bits & 0x1:
                raise InvalidInput("attachment", "zip_damaged", value=name)
            _check_growth(entry.file_size, zipped_size, name, limits)
            digest = hashlib.sha256()
            size = 0
            with archive.open(entry) as src, target.open("wb") as out:
                for chunk in iter(lambda: src.read(CHUNK), b""):
                    size += len(chunk)
                    _check_growth(size, zipped_size, name, limits)
                    digest.update(chunk)
                    out.write(chunk)
            return Unzipped(size, digest.hexdigest(), entry.filename)
    except InvalidInput:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise InvalidInput("attachment", "zip_damaged", value=name) from exc
    except (ValueError, OSError, LookupError) as exc:  # lzma/bz2 errors, odd headers
        raise InvalidInput("attachment", "zip_damaged", value=name) from exc


def _check_growth(size: int, zipped: int, name: str, limits: ParseLimits) -> None:
    too_big = size > limits.max_attachment_bytes
    too_fast = size > limits.zip_ratio_floor and size > limits.max_zip_ratio * max(zipped, 1)
    if too_big or too_fast:
        raise InvalidInput("attachment", "zip_bomb", value=name, limit=limits.max_zip_ratio)


def _unsafe_entry(entry: str) -> bool:
    text = entry.replace("\\", "/")
    parts = text.split("/")
    return text.startswith("/") or bool(_DRIVE.match(text)) or ".." in parts or "\x00" in text


def file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        yield from iter(lambda: stream.read(CHUNK), b"")


def settle_content_type(
    name: str, declared: str, referenced: str, unwrapped: bool, raw_is_zip: bool
) -> tuple[str, Repair | None]:
    """The content type of the stored file. A wrapper's ``application/zip`` describes the
    wrapper, not the file: the manifest's type or the name's extension says what it is."""
    declared, referenced = clean_content_type(declared), clean_content_type(referenced)
    if unwrapped:
        for candidate in (declared, referenced):
            if candidate and candidate not in ZIP_TYPES:
                return candidate, None
        return guess_content_type(name), None
    if declared in ZIP_TYPES and not raw_is_zip and extension(name) != ".zip":
        settled = referenced if referenced and referenced not in ZIP_TYPES else ""
        settled = settled or guess_content_type(name)
        return settled, Repair("zip_declared_not_zip", name, declared)
    return declared or referenced or guess_content_type(name), None


__all__ = [
    "Base64Stream",
    "Undecodable",
    "Unzipped",
    "file_chunks",
    "guess_content_type",
    "safe_name",
    "settle_content_type",
    "unwrap_zip",
    "wraps_a_file",
]
