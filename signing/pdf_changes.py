"""Did a later revision change what the pages show?

pyHanko's difference analysis calls many harmless later revisions "suspicious" (iText frees
objects, rewrites page annotation lists…). For those, this compares what draws each page in
the signed revision and in the final file: the content streams, resources, boxes and rotation
(inherited ones included), and the document's optional-content settings. Annotations are left
out on purpose: they are reported separately, as a warning.

The walk is bounded (objects, depth, bytes), so a hostile file cannot make it run away; when a
bound is hit the answer is "unknown".
"""

from __future__ import annotations

import hashlib
from typing import Any

from pyhanko.pdf_utils import generic

PAGE_KEYS = ("/Contents", "/Resources", "/MediaBox", "/CropBox", "/Rotate", "/UserUnit")
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
MAX_NODES = 200_000
MAX_DEPTH = 64
MAX_PAGES = 20_000
MAX_STREAM_BYTES = 512 * 1024 * 1024


class TooComplex(Exception):
    """A bound of the walk was hit."""


class _Digest:
    def __init__(self) -> None:
        self.nodes = 0
        self.bytes = 0

    def of(self, obj: Any, depth: int = 0, path: tuple[tuple[int, int], ...] = ()) -> bytes:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise TooComplex
        h = hashlib.sha256()
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in path:  # a cycle: name the object, do not follow it again
                return hashlib.sha256(b"cycle%d" % path.index(key)).digest()
            return self.of(obj.get_object(), depth + 1, (*path, key))
        if isinstance(obj, generic.StreamObject):
            data = obj.encoded_data or b""
            self.bytes += len(data)
            if self.bytes > MAX_STREAM_BYTES:
                raise TooComplex
            h.update(b"S" + hashlib.sha256(data).digest())
            h.update(self._dict(obj, depth, path, skip={"/Length"}))
            return h.digest()
        if isinstance(obj, generic.DictionaryObject):
            return self._dict(obj, depth, path)
        if isinstance(obj, generic.ArrayObject):
            h.update(b"A")
            for item in obj:
                h.update(self.of(item, depth + 1, path))
            return h.digest()
        if isinstance(obj, generic.NullObject):
            return hashlib.sha256(b"null").digest()
        h.update(type(obj).__name__.encode() + b":" + repr(obj).encode("utf-8", "replace"))
        return h.digest()

    def _dict(
        self, obj: Any, depth: int, path: tuple[tuple[int, int], ...], skip: set[str] = frozenset()
    ) -> bytes:
        h = hashlib.sha256(b"D")
        for key in sorted(str(k) for k in obj):
            if key in skip:
                continue
            h.update(key.encode("utf-8", "replace"))
            h.update(self.of(obj.raw_get(key), depth + 1, path))
        return h.digest()


def _pages(root: Any) -> list[dict[str, Any]]:
    """Each page's drawing entries (and its /Annots), with inherited ones filled in, in page
    order."""
    pages: list[dict[str, Any]] = []
    stack: list[tuple[Any, dict[str, Any], int]] = [(root["/Pages"], {}, 0)]
    seen: set[int] = set()
    while stack:
        node_ref, inherited, depth = stack.pop()
        node = node_ref.get_object() if isinstance(node_ref, generic.IndirectObject) else node_ref
        if not isinstance(node, generic.DictionaryObject) or id(node) in seen:
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH or len(pages) > MAX_PAGES:
            raise TooComplex
        here = dict(inherited)
        for key in INHERITED:
            if key in node:
                here[key] = node.raw_get(key)
        kids = node.get("/Kids")
        if node.get("/Type") == "/Pages" or kids is not None:
            for kid in reversed(list(kids or [])):
                stack.append((kid, here, depth + 1))
            continue
        entry = {k: node.raw_get(k) for k in (*PAGE_KEYS, "/Annots") if k in node}
        entry.update({k: v for k, v in here.items() if k not in entry})
        pages.append(entry)
    return pages


def _fingerprint(handler: Any) -> tuple[list[bytes], list[bytes]]:
    """(what draws each page, and the document's optional content; each page's annotations)"""
    digest = _Digest()
    root = handler.root
    pages = _pages(root)
    content = [
        digest.of(generic.DictionaryObject({k: v for k, v in p.items() if k != "/Annots"}))
        for p in pages
    ]
    if "/OCProperties" in root:  # optional content: which layers show
        content.append(digest.of(root.raw_get("/OCProperties")))
    annots = [digest.of(p.get("/Annots", generic.ArrayObject())) for p in pages]
    return content, annots


def page_changes(reader: Any, signed_revision: int) -> str | None:
    """What changed on the pages between ``signed_revision`` and the final file:
    "content" (what the pages show), "annotations" (only their annotations), "none", or
    None when it could not be told."""
    try:
        content_before, annots_before = _fingerprint(
            reader.get_historical_resolver(signed_revision)
        )
        content_after, annots_after = _fingerprint(reader)
    except (TooComplex, RecursionError):
        return None
    except Exception:  # a broken structure in either revision: cannot be told
        return None
    if content_before != content_after:
        return "content"
    return "annotations" if annots_before != annots_after else "none"


__all__ = ["page_changes"]
