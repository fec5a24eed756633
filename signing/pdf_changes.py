"""What a revision shows, object by object: its "shape", to compare two revisions when
pyHanko's rules cannot justify the step between them (signing/revisions.py).

A shape holds, per page, a digest of what draws the page (content streams, resources, boxes,
rotation, transparency group; inherited entries filled in) and the list of its annotations
(each with a digest, its subtype and the signature field it is the widget of, if any); a
digest of the document catalog without the entries that legitimately change after signing
(``/AcroForm``, ``/DSS``, ``/Metadata``… and ``/Pages``, compared page by page); and a digest
per form field that is not a signature field (its value and flags).

Digests follow references but not the ``/Parent`` and ``/P`` back-links, are computed once per
stored object version (an object unchanged between revisions is hashed once) and are bounded
(objects, depth, bytes): when a bound is hit the shape is unknown (``TooComplex``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from pyhanko.pdf_utils import generic

PAGE_KEYS = ("/Contents", "/Resources", "/MediaBox", "/CropBox", "/Rotate", "/UserUnit", "/Group")
INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
CATALOG_IGNORED = frozenset(
    {"/AcroForm", "/DSS", "/Extensions", "/Metadata", "/MarkInfo", "/Version", "/Pages"}
)
BACK_LINKS = frozenset({"/Parent", "/P"})
MAX_NODES = 400_000
MAX_DEPTH = 64
MAX_PAGES = 20_000
MAX_FIELDS = 20_000
MAX_STREAM_BYTES = 512 * 1024 * 1024


class TooComplex(Exception):
    """A bound of the walk was hit."""


@dataclass(frozen=True)
class Annotation:
    idnum: int | None  # None for a direct annotation dictionary
    digest: bytes
    subtype: str
    sig_field: int | None  # object number of the signature field whose widget this is


@dataclass(frozen=True)
class PageShape:
    content: bytes
    annots: tuple[Annotation, ...]


@dataclass(frozen=True)
class Shape:
    pages: tuple[PageShape, ...]
    catalog: bytes
    fields: dict[str, bytes] = field(default_factory=dict)  # non-signature fields


class Digests:
    """Digests of stored objects, shared by every revision of one file."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.memo: dict[tuple[int, int, Any], bytes] = {}
        self.nodes = 0
        self.bytes = 0

    def _key(self, handler: Any, ref: generic.IndirectObject) -> tuple[int, int, Any]:
        revision = getattr(handler, "revision", self.reader.xrefs.total_revisions - 1)
        where = self.reader.xrefs.get_historical_ref(ref.reference, revision)
        return ref.idnum, ref.generation, where

    def of(self, handler: Any, obj: Any, depth: int = 0, busy: frozenset = frozenset()) -> bytes:
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise TooComplex
        if isinstance(obj, generic.IndirectObject):
            key = self._key(handler, obj)
            known = self.memo.get(key)
            if known is not None:
                return known
            if key in busy:  # a cycle: name the object, do not follow it again
                return hashlib.sha256(b"cycle%d" % obj.idnum).digest()
            value = self.of(handler, obj.get_object(), depth + 1, busy | {key})
            self.memo[key] = value
            return value
        h = hashlib.sha256()
        if isinstance(obj, generic.StreamObject):
            data = obj.encoded_data or b""
            self.bytes += len(data)
            if self.bytes > MAX_STREAM_BYTES:
                raise TooComplex
            h.update(b"S" + hashlib.sha256(data).digest())
            h.update(self.of_dict(handler, obj, depth, busy, skip=frozenset({"/Length"})))
            return h.digest()
        if isinstance(obj, generic.DictionaryObject):
            return self.of_dict(handler, obj, depth, busy)
        if isinstance(obj, generic.ArrayObject):
            h.update(b"A")
            for item in obj:
                h.update(self.of(handler, item, depth + 1, busy))
            return h.digest()
        if isinstance(obj, generic.NullObject):
            return hashlib.sha256(b"null").digest()
        h.update(type(obj).__name__.encode() + b":" + repr(obj).encode("utf-8", "replace"))
        return h.digest()

    def of_dict(
        self, handler: Any, obj: Any, depth: int, busy: frozenset, skip: frozenset = frozenset()
    ) -> bytes:
        h = hashlib.sha256(b"D")
        for key in sorted(str(k) for k in obj):
            if key in skip or key in BACK_LINKS:
                continue
            h.update(key.encode("utf-8", "replace"))
            h.update(self.of(handler, obj.raw_get(key), depth + 1, busy))
        return h.digest()


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, generic.IndirectObject) else obj


def page_dicts(root: Any) -> list[tuple[Any, dict[str, Any]]]:
    """(page dictionary, drawing entries with inherited ones filled in), in page order."""
    pages: list[tuple[Any, dict[str, Any]]] = []
    stack: list[tuple[Any, dict[str, Any], int]] = [(root.raw_get("/Pages"), {}, 0)]
    seen: set[int] = set()
    while stack:
        node_ref, inherited, depth = stack.pop()
        node = _resolve(node_ref)
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
        entry = {k: node.raw_get(k) for k in PAGE_KEYS if k in node}
        entry.update({k: v for k, v in here.items() if k not in entry})
        pages.append((node, entry))
    return pages


def _sig_field_of(annot: Any) -> Any:
    """The signature field a widget belongs to (itself when merged), or None."""
    if annot.get("/Subtype") != "/Widget":
        return None
    for candidate in (annot, _resolve(annot.get("/Parent"))):
        if isinstance(candidate, generic.DictionaryObject) and candidate.get("/FT") == "/Sig":
            return candidate
    return None


def _annotations(digests: Digests, handler: Any, page: Any) -> tuple[Annotation, ...]:
    found = []
    raw = page.raw_get("/Annots") if "/Annots" in page else None
    for item in _resolve(raw) or []:
        annot = _resolve(item)
        if not isinstance(annot, generic.DictionaryObject):
            continue
        sig_field = _sig_field_of(annot)
        field_id = None
        if sig_field is not None:
            container = sig_field.container_ref
            field_id = getattr(container, "idnum", None)
        found.append(
            Annotation(
                idnum=item.idnum if isinstance(item, generic.IndirectObject) else None,
                digest=digests.of(handler, item),
                subtype=str(annot.get("/Subtype", "")),
                sig_field=field_id,
            )
        )
    return tuple(found)


def _fields(digests: Digests, handler: Any, root: Any) -> dict[str, bytes]:
    """Digest per terminal form field that is not a signature field, by dotted name."""
    out: dict[str, bytes] = {}
    try:
        top = _resolve(root["/AcroForm"]).get("/Fields")
    except (KeyError, AttributeError):
        return out
    stack: list[tuple[Any, str, str | None]] = [(f, "", None) for f in _resolve(top) or []]
    while stack:
        ref, prefix, kind = stack.pop()
        node = _resolve(ref)
        if not isinstance(node, generic.DictionaryObject):
            continue
        if len(out) + len(stack) > MAX_FIELDS:
            raise TooComplex
        name = str(node.get("/T", ""))
        full = f"{prefix}.{name}" if prefix and name else (name or prefix)
        kind = str(node.get("/FT", kind or ""))
        kids = [k for k in _resolve(node.get("/Kids")) or [] if "/T" in _resolve(k)]
        if kids:
            stack.extend((k, full, kind) for k in kids)
            continue
        if kind != "/Sig":
            out[full or f"#{getattr(ref, 'idnum', '?')}"] = digests.of_dict(
                handler, node, 0, frozenset(), skip=frozenset({"/Kids"})
            )
    return out


def shape_of(digests: Digests, handler: Any) -> Shape:
    """The shape of ``handler`` (the reader, or one of its historical resolvers). Raises
    ``TooComplex`` (and reading errors, for a broken structure)."""
    root = handler.root
    pages = []
    for page, entry in page_dicts(root):
        content = digests.of_dict(handler, generic.DictionaryObject(entry), 0, frozenset())
        pages.append(PageShape(content, _annotations(digests, handler, page)))
    catalog = digests.of_dict(handler, root, 0, frozenset(), skip=CATALOG_IGNORED)
    return Shape(tuple(pages), catalog, _fields(digests, handler, root))


__all__ = ["Annotation", "Digests", "PageShape", "Shape", "TooComplex", "page_dicts", "shape_of"]
