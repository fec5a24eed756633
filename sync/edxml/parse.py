"""Reading an edXML package without ever holding it: lxml's event parser is fed the file in
1 MB pieces; the header becomes a small tree (reader.py), and each attachment's base64 text is
decoded as it streams past into a file in a private temporary folder, unzipped there when it
came zipped, and only once the whole package has been read and accepted handed to the blob
sink. A refused package therefore leaves nothing behind: no blob, no temporary file.

Hostile input is refused before it costs anything: a DOCTYPE (and so any entity, internal or
external) is refused before the parser sees it (guard.py) and would stop the parser at once
anyway; entities are never resolved and the network never used; sizes, depth, element
counts, text and the length of any one piece of markup are capped (``ParseLimits``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from lxml import etree

from app.errors import InvalidInput, StorageError
from sync.edxml import attachments as att
from sync.edxml.guard import MarkupGuard
from sync.edxml.model import (
    NS,
    BlobSink,
    ParsedPackage,
    ParseLimits,
    Repair,
    StoredAttachment,
)
from sync.edxml.reader import Node, Reader, content_id

FEED = 1024 * 1024
_HEADERS = {"edXMLEnvelope", "edXMLHeader", "MessageHeader"}


@dataclass
class _Staged:
    """One attachment decoded into the temporary folder, waiting for the package to pass."""

    path: Path
    size: int
    sha256: str
    node: Node
    unzipped: bool
    raw_is_zip: bool


@dataclass
class _Pending:
    """The Attachment element being read."""

    node: Node
    raw: Path | None = None
    file: BinaryIO | None = None
    stream: att.Base64Stream | None = None
    placeholder: bool = False


class _Target:
    """lxml parser target: builds the header tree, streams payloads into files. Its callbacks
    raise ``InvalidInput`` to stop the parser; lxml hands the exception back from ``feed``."""

    def __init__(self, limits: ParseLimits, folder: Path) -> None:
        self.limits = limits
        self.folder = folder
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.elements = 0
        self.text_chars = 0
        self.staged: list[_Staged] = []
        self.dropped: list[Node] = []
        self.repairs: list[Repair] = []
        self.signed = False
        self.pending: _Pending | None = None
        self.in_payload = False
        self.count = 0

    # -- lxml callbacks ----------------------------------------------------------------------

    def doctype(self, *_: Any) -> None:
        raise InvalidInput("edxml", "doctype_forbidden")

    def start(self, tag: str, attrib: Any, nsmap: Any = None) -> None:
        ns, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
        if self.root is None and (name != "edXML" or ns != NS):
            problem = "wrong_namespace" if name == "edXML" else "not_edxml"
            raise InvalidInput("edxml", problem, value=ns if name == "edXML" else name)
        if self.in_payload:
            raise InvalidInput("attachment", "base64_invalid", value=self._name())
        self.elements += 1
        if self.elements > self.limits.max_elements:
            raise InvalidInput("edxml", "too_many", limit=self.limits.max_elements)
        if len(self.stack) >= self.limits.max_depth:
            raise InvalidInput("edxml", "too_deep", limit=self.limits.max_depth)
        node = Node(ns, name, dict(attrib))
        self._count_text(sum(len(k) + len(v) for k, v in node.attrs.items()))
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)
        if not node.ours:
            return
        if name == "Attachment" and self.pending is None:
            self.count += 1
            if self.count > self.limits.max_attachments:
                raise InvalidInput("attachment", "too_many", limit=self.limits.max_attachments)
            self.pending = _Pending(node)
        elif name == "ContentTransferEncoded" and self.pending is not None:
            self._open_payload()

    def data(self, text: str) -> None:
        if self.in_payload:
            pending = self.pending
            assert pending is not None
            if pending.stream is not None:
                try:
                    pending.stream.feed(text)
                except att.Undecodable as exc:
                    self._undecodable(exc)
            return
        self._count_text(len(text))
        if self.stack:
            self.stack[-1].parts.append(text)

    def _count_text(self, chars: int) -> None:
        self.text_chars += chars
        if self.text_chars > self.limits.max_text_chars:
            raise InvalidInput("edxml", "text_too_large", limit=self.limits.max_text_chars)

    def end(self, tag: str) -> None:
        node = self.stack.pop()
        if self.in_payload and node.name == "ContentTransferEncoded":
            self._close_payload()
        elif self.pending is not None and node is self.pending.node:
            pending, self.pending = self.pending, None
            self._attachment_done(pending)
        elif node.name == "Signature" and node.children:
            self.signed = True

    def close(self) -> None:
        return None

    # -- payloads ----------------------------------------------------------------------------

    def _name(self) -> str:
        """The attachment being read, for messages: its name, else its ContentId."""
        if self.pending is None:
            return ""
        node = self.pending.node
        return _text(node, "AttachmentName") or _text(node, "ContentId") or f"#{self.count}"

    def _open_payload(self) -> None:
        pending = self.pending
        assert pending is not None
        if pending.raw is not None or pending.placeholder:  # a second payload
            raise InvalidInput("attachment", "base64_invalid", value=self._name())
        pending.raw = self.folder / f"a{self.count}.raw"
        pending.file = pending.raw.open("wb")
        pending.stream = att.Base64Stream(pending.file, self.limits.max_attachment_bytes)
        self.in_payload = True

    def _undecodable(self, exc: att.Undecodable) -> None:
        if not exc.placeholder:
            raise InvalidInput("attachment", "base64_invalid", value=self._name())
        pending = self.pending
        assert pending is not None
        pending.placeholder = True
        pending.stream = None

    def _close_payload(self) -> None:
        self.in_payload = False
        pending = self.pending
        assert pending is not None
        if pending.stream is not None:
            try:
                pending.stream.finish()
            except att.Undecodable as exc:
                self._undecodable(exc)
        self.close_files()

    def close_files(self) -> None:
        if self.pending is not None and self.pending.file is not None:
            self.pending.file.close()
            self.pending.file = None

    def _attachment_done(self, pending: _Pending) -> None:
        """All of one Attachment is known: settle its name, unwrap a ZIP, stage the file."""
        node, raw, stream = pending.node, pending.raw, pending.stream
        name = _text(node, "AttachmentName") or content_id(_text(node, "ContentId"))
        if raw is None or stream is None or pending.placeholder or stream.chars == 0:
            why = "attachment_not_encoded" if pending.placeholder else "attachment_empty"
            self.repairs.append(Repair(why, name or f"#{self.count}"))
            if raw is not None:
                raw.unlink(missing_ok=True)
            self.dropped.append(node)
            return
        safe = att.safe_name(name)[0] if name else f"attachment-{self.count}"
        if att.wraps_a_file(safe, raw):
            target = raw.with_suffix(".bin")
            try:
                out = att.unwrap_zip(raw, target, safe, self.limits)
            finally:
                raw.unlink(missing_ok=True)
            self.repairs.append(Repair("attachment_unzipped", safe, out.entry))
            staged = _Staged(target, out.size, out.sha256, node, True, True)
        else:
            digest = stream.digest.hexdigest()
            staged = _Staged(raw, stream.size, digest, node, False, att.is_zip(raw))
        if stream.padded_repair:
            self.repairs.append(Repair("base64_padding", safe))
        self.staged.append(staged)


def _text(node: Node, name: str) -> str:
    found = node.named(name)
    return found[0].text() if found else ""


def parse_package(
    source: str | os.PathLike[str] | BinaryIO,
    sink: BlobSink,
    *,
    limits: ParseLimits | None = None,
    temp_dir: str | os.PathLike[str] | None = None,
) -> ParsedPackage:
    """Read an .edxml package (a path or a binary stream) leniently; store its attachments in
    ``sink`` once the whole package has been accepted. Raises ``InvalidInput`` (field
    ``edxml``, ``attachment`` or ``file``) for anything that cannot be accepted."""
    limits = limits or ParseLimits()
    if temp_dir is not None:
        Path(temp_dir).mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="vanthu-edxml-", dir=temp_dir))
    try:
        with _open(source, limits) as stream:
            target = _Target(limits, folder)
            label = "" if hasattr(source, "read") else str(source)
            size = _feed(stream, target, limits, label)
        return _finish(target, sink, size)
    except OSError as exc:  # a full disk, an unreadable stream: not the package's fault
        raise StorageError("write_failed", path=str(folder), reason=exc.strerror) from exc
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _open(source: Any, limits: ParseLimits) -> Any:
    if hasattr(source, "read"):
        yield source
        return
    path = Path(source)
    try:
        size = path.stat().st_size
        stream = path.open("rb")
    except FileNotFoundError:
        raise InvalidInput("file", "not_found", value=str(path)) from None
    except (IsADirectoryError, PermissionError):
        raise InvalidInput("file", "unreadable", value=str(path)) from None
    if size > limits.max_package_bytes:
        stream.close()
        raise InvalidInput("edxml", "too_large", limit=limits.max_package_bytes, value=size)
    with stream:
        yield stream


def _feed(stream: BinaryIO, target: _Target, limits: ParseLimits, label: str) -> int:
    parser = etree.XMLParser(
        target=target,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,  # keeps libxml2's caps on names, attributes and comments
        remove_comments=True,
        remove_pis=True,
    )
    guard = MarkupGuard(limits.max_markup_bytes)
    size = 0
    at_end = False
    try:
        while chunk := stream.read(FEED):
            size += len(chunk)
            if size > limits.max_package_bytes:
                raise InvalidInput("edxml", "too_large", limit=limits.max_package_bytes)
            guard.feed(chunk)
            parser.feed(chunk)
        if size == 0:
            raise InvalidInput("edxml", "empty", value=label)
        at_end = True
        parser.close()
    except etree.XMLSyntaxError as exc:  # what libxml2 itself refuses
        line = exc.position[0] if exc.position else None
        if at_end and target.root is not None:
            raise InvalidInput("edxml", "truncated", line=line) from None
        reason = (exc.msg or "").split(",")[0][:120]
        raise InvalidInput("edxml", "malformed_xml", line=line, reason=reason) from None
    except etree.LxmlError as exc:
        raise InvalidInput("edxml", "malformed_xml", reason=str(exc)[:120]) from None
    finally:
        target.close_files()
    if target.root is None:
        raise InvalidInput("edxml", "empty", value=label)
    return size


def _finish(target: _Target, sink: BlobSink, size: int) -> ParsedPackage:
    assert target.root is not None
    reader = Reader()
    message = reader.message(target.root)
    if message is None:
        foreign = next(
            (n.ns for n in target.root.walk() if n.name in _HEADERS and not n.ours), None
        )
        if foreign is not None:  # the envelope is there, in another namespace
            raise InvalidInput("edxml", "wrong_namespace", value=foreign)
        raise InvalidInput("edxml", "no_message_header")
    refs = _references(target.root)
    repairs = [*reader.repairs, *target.repairs]
    matched: set[str] = set()
    settled = []
    for number, staged in enumerate(target.staged, 1):
        node = staged.node
        raw_cid = _text(node, "ContentId")
        cid = content_id(raw_cid)
        ref = refs.get(cid.lower(), {})
        declared = _text(node, "AttachmentName") or ref.get("AttachmentName", "") or cid
        if declared:
            name, changed = att.safe_name(declared)
        else:
            name, changed = f"attachment-{number}", False
        if changed:
            repairs.append(Repair("attachment_name_sanitised", name, declared))
        if not ref:
            repairs.append(Repair("attachment_unreferenced", name, raw_cid))
        else:
            matched.add(cid.lower())
            if ref["raw_cid"] != raw_cid:
                repairs.append(Repair("content_id_prefix", name, f"{ref['raw_cid']} ≠ {raw_cid}"))
        content_type, note = att.settle_content_type(
            name,
            _text(node, "ContentType"),
            ref.get("ContentType", ""),
            staged.unzipped,
            staged.raw_is_zip,
        )
        if note:
            repairs.append(note)
        description = _text(node, "Description") or ref.get("Description", "")
        settled.append((staged, name, content_type, cid, description, declared if changed else ""))
    matched |= {content_id(_text(n, "ContentId")).lower() for n in target.dropped}
    for key, ref in refs.items():
        if key not in matched:
            repairs.append(Repair("attachment_missing", ref.get("AttachmentName") or key))
    # Only now, with the whole package read and accepted, do files reach the sink.
    stored = []
    for staged, name, content_type, cid, description, declared in settled:
        blob = sink.put_chunks(att.file_chunks(staged.path))
        staged.path.unlink(missing_ok=True)
        stored.append(
            StoredAttachment(
                name=name,
                content_type=content_type,
                size=staged.size,
                sha256=staged.sha256,
                blob=str(getattr(blob, "sha256", blob)),
                content_id=cid,
                description=description,
                declared_name=declared,
                unzipped=staged.unzipped,
            )
        )
    return ParsedPackage(
        message=message,
        attachments=tuple(stored),
        repairs=tuple(repairs),
        signed=target.signed,
        package_size=size,
    )


def _references(root: Node) -> dict[str, dict[str, str]]:
    """The manifest's References by ContentId (lower case, without ``cid:``)."""
    found: dict[str, dict[str, str]] = {}
    manifests = [n for n in root.walk() if n.ours and n.name == "edXMLManifest"]
    for node in (r for m in manifests for r in m.named("Reference")):
        raw = _text(node, "ContentId") or next(
            (v.strip() for k, v in node.attrs.items() if k.endswith("}href") or k == "href"), ""
        )
        entry = {k: _text(node, k) for k in ("ContentType", "Description", "AttachmentName")}
        entry["raw_cid"] = raw
        found[content_id(raw).lower()] = entry
    return found


__all__ = ["parse_package"]
