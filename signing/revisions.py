"""What changed after each signature, analysed once per file, revision by revision.

Every revision after the first signature is compared with the revision just before it (not
every signature with every later revision: that grows with the square of the signature
count) and classified as one or more of:

``validation_data``  DSS, XMP metadata, the document information, objects nothing uses
``signatures``       a signature made in that revision: its field and widget, a seal stamp
                     annotation added with it, the form's default resources, the tags of
                     the structure tree (tagged PDFs record every new widget there)
``form_filling``     form fields other than signatures filled in, added or changed, or new
                     empty signature fields
``annotations``      annotations added, changed or removed (other than the above)
``other``            anything else: catalog entries (actions, names, outlines…), fields
                     deleted, a page re-encoded without any visible difference
``page_content``     a page draws differently, or pages were added or removed (invalid)
``freed_in_use``     a page still uses an object the revision freed (invalid)
``unknown``          the step could not be analysed (indeterminate)

How a step is judged. The revision's new objects matter only through the objects it
overwrites, so only those (and the ones it frees) are located, in the regions of both
revisions (signing/pdf_changes.py): a page's drawing objects, an annotation and what it uses,
the form, validation data, the structure tree, the rest of the catalog. Objects rewritten
identically are ignored (iText rewrites many). The page tree, each page's annotation list,
the field list and the catalog's entries are compared directly. Freed objects that nothing
uses never count: the field's iText tools free objects in nearly every revision (as
generation 65534).

Where a page's drawing objects changed, the objects alone cannot say whether the page looks
different (iText re-encodes resources, adds a font for a widget), so what pdfium draws is
compared: the page's content in the revision before and after the step, WITHOUT annotations
and form widgets (signing/visual.py) — annotations, signature widgets and stamps are judged as
objects, so that nothing a later widget or stamp covers can hide a change of the page
underneath. Same pixels: the change is harmless (part of the signature when the revision
signs, else ``other``); different pixels: ``page_content`` with the page number. When the
objects cannot be read at all (a broken or oversized structure), every page is compared that
way and the step is at best ``other``.

A signature is judged by the worst step after it. Steps compose: if every step after a
signature leaves each page drawing the same, the final file draws what was signed (a change
made and undone later is still reported). Field locks (FieldMDP) and certification (DocMDP)
are checked per signature against the steps after it; a later revision that removes the
certification entry (``/Perms``), as the field's tools do when the organisation countersigns,
is reported to the certifying signature as a warning.

pyHanko's own difference analysis (``StandardDiffPolicy``, even with object freeing allowed)
computes every path to every object of each revision: 2–20 s per revision on the field's
tagged 10,000-object decrees; the tests use it as an outside opinion on small documents
(tests/signing/test_revisions.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic

from signing.pdf_changes import ObjectGraph, RevisionView, TooComplex, same_value
from signing.report import Finding, RevisionChange
from signing.visual import PageRenderer

log = logging.getLogger(__name__)

ORDER = (
    "none", "validation_data", "signatures", "form_filling", "annotations", "other",
    "unknown", "freed_in_use", "page_content",
)  # fmt: skip
FORM_FREE_KEYS = frozenset({"/Fields", "/DR", "/DA", "/Q", "/NeedAppearances", "/SigFlags"})
CATALOG_FREE_KEYS = frozenset(
    {"/AcroForm", "/DSS", "/Extensions", "/Metadata", "/MarkInfo", "/Version", "/Pages"}
)
MAX_VISUAL_PAGES = 60  # pages drawn, at most, to judge one step
CONTAINERS = ("/XRef", "/ObjStm")


@dataclass(frozen=True)
class Step:
    revision: int
    kinds: frozenset[str]
    page: int | None = None  # 1-based: the page of page_content / freed_in_use / unknown
    fields: frozenset[str] = frozenset()  # form fields changed (for locks)
    notes: frozenset[str] = frozenset()  # "certification_removed", "drawn"


class _Judgement:
    """What one step is found to contain, while it is being judged."""

    def __init__(self) -> None:
        self.kinds: set[str] = set()
        self.fields: set[str] = set()
        self.notes: set[str] = set()
        self.redraw: set[int] = set()
        self.freed_pages: set[int] = set()


class RevisionHistory:
    """The steps of one file, each judged when first asked for."""

    def __init__(self, reader: Any, data: bytes, signed_revisions: dict[int, int]) -> None:
        """``signed_revisions``: object number of each signature field → the revision its
        signature (or document timestamp) was made in."""
        self.reader = reader
        self.signed_revisions = signed_revisions
        self.signing_revisions = set(signed_revisions.values())
        self.graph = ObjectGraph(reader)
        self.renderer = PageRenderer(data, reader)
        self._steps: dict[int, Step] = {}
        self._views: dict[int, RevisionView] = {}

    @property
    def last(self) -> int:
        return self.reader.xrefs.total_revisions - 1

    def view(self, revision: int) -> RevisionView:
        if revision not in self._views:
            self._views[revision] = RevisionView(self.reader, revision, self.graph)
        return self._views[revision]

    def step(self, revision: int) -> Step:
        if revision not in self._steps:
            try:
                self._steps[revision] = self._judge(revision)
            except (TooComplex, RecursionError):
                self._steps[revision] = self._all_pages_drawn(revision)
            except Exception as exc:  # a broken structure in either revision
                log.debug("revision %d could not be read: %r", revision, exc)
                self._steps[revision] = self._all_pages_drawn(revision)
        return self._steps[revision]

    # -- one step -----------------------------------------------------------------------------

    def _judge(self, revision: int) -> Step:
        old, new = self.view(revision - 1), self.view(revision)
        if old.root_ref != new.root_ref:
            raise TooComplex  # a new catalog: compare what the pages draw
        j = _Judgement()
        signs = revision in self.signing_revisions
        freed = {ref.idnum for ref in self.reader.xrefs.refs_freed_in_revision(revision)}
        overwritten = self._overwritten(revision, old, new, freed)
        roles = {n: self._role(n, g, old, new) for n, g in overwritten.items()}
        if freed or any(r in ("page", "unplaced") for r in roles.values()):
            first_change = self._pages(revision, old, new, j, signs)
            if first_change is not None:
                return Step(revision, frozenset({"page_content"}), page=first_change + 1)
        if any(r in ("catalog", "form", "field", "unplaced") for r in roles.values()):
            self._fields(revision, old, new, j)
        for idnum, role in roles.items():
            self._record(revision, idnum, role, old, new, j, signs)
        for idnum in freed:
            self._locate_freed(idnum, new, j)
        if j.freed_pages:
            page = min(j.freed_pages) + 1
            return Step(revision, frozenset({"freed_in_use"}), page=page)
        if len(j.redraw) > MAX_VISUAL_PAGES:  # e.g. a font every page uses, rewritten
            return Step(revision, frozenset({"unknown"}), page=min(j.redraw) + 1)
        for index in sorted(j.redraw):
            same = self.renderer.same_page(revision - 1, revision, index)
            if same is None:
                return Step(revision, frozenset({"unknown"}), page=index + 1)
            if not same:
                return Step(revision, frozenset({"page_content"}), page=index + 1)
            j.kinds.add("signatures" if signs else "other")
            j.notes.add("drawn")
        if not j.kinds:
            j.kinds.add("signatures" if signs else "validation_data")
        return Step(revision, frozenset(j.kinds), fields=frozenset(j.fields),
                    notes=frozenset(j.notes))  # fmt: skip

    def _pages(
        self, revision: int, old: RevisionView, new: RevisionView, j: _Judgement, signs: bool
    ) -> int | None:
        """Compare the page lists, drawing entries and annotation lists; the index of the
        first page added, removed or moved, if any."""
        before, after = [p.ref for p in old.pages], [p.ref for p in new.pages]
        if before != after:
            return next((i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
                        min(len(before), len(after)))  # fmt: skip
        for index, (was, now) in enumerate(zip(old.pages, new.pages, strict=True)):
            if not same_value(generic.DictionaryObject(was.drawing),
                              generic.DictionaryObject(now.drawing)):  # fmt: skip
                j.redraw.add(index)
            if was.annots == now.annots:
                continue
            kept = set(was.annots)
            if kept - set(now.annots):
                j.kinds.add("annotations")  # removed
            for ref in now.annots:
                if ref not in kept:
                    j.kinds.add(self._new_annotation(revision, new, ref, signs))
        return None

    def _new_annotation(self, revision: int, new: RevisionView, ref: tuple[int, int],
                        signs: bool) -> str:  # fmt: skip
        annot = new.get(*ref)
        field = new.signature_field_of(annot)
        if field is not None:
            return "signatures" if self.signed_revisions.get(field) == revision else "form_filling"
        if isinstance(annot, generic.DictionaryObject) and annot.get("/Subtype") == "/Stamp":
            return "signatures" if signs else "annotations"  # a seal stamped with a signature
        return "annotations"

    def _changed_annotation(
        self, revision: int, new: RevisionView, idnum: int, j: _Judgement | None = None
    ) -> str:
        annot = new.get(idnum)
        field = new.signature_field_of(annot)
        if field is not None and self.signed_revisions.get(field) == revision:
            return "signatures"  # an empty signature field signed now
        owner = new.form_field_of(idnum, annot)
        if owner is not None and owner.kind != "/Sig":
            # the widget of a text or choice field drawn again with its new value: the clerk
            # writing the number and date at issue (ND30) is form filling, not a new note
            if j is not None:
                j.fields.add(owner.name)
            return "form_filling"
        return "annotations"

    def _fields(self, revision: int, old: RevisionView, new: RevisionView, j: _Judgement) -> None:
        for idnum, field in new.fields.items():
            if idnum in old.fields:
                continue
            if field.kind == "/Sig" and self.signed_revisions.get(idnum) == revision:
                j.kinds.add("signatures")
            else:
                j.kinds.add("form_filling")
                j.fields.add(field.name)
        if set(old.fields) - set(new.fields):
            j.kinds.add("other")  # fields deleted
        form_old, form_new = old.acroform, new.acroform
        if form_old is not None and form_new is not None:
            for key in (set(form_old) | set(form_new)) - FORM_FREE_KEYS:
                if (
                    key not in form_old
                    or key not in form_new
                    or not same_value(form_old.raw_get(key), form_new.raw_get(key))
                ):
                    j.kinds.add("other")

    def _overwritten(
        self, revision: int, old: RevisionView, new: RevisionView, freed: set[int]
    ) -> dict[int, int]:
        """Objects that existed before and that this revision stores again, differently."""
        xrefs = self.reader.xrefs
        out: dict[int, int] = {}
        for ref in xrefs.explicit_refs_in_revision(revision):
            if ref.idnum in freed or xrefs.get_historical_ref(ref, revision - 1) is None:
                continue
            now = new.get(ref.idnum, ref.generation)
            if isinstance(now, generic.StreamObject) and now.get("/Type") in CONTAINERS:
                continue
            if same_value(old.get(ref.idnum, ref.generation), now):
                continue
            out[ref.idnum] = ref.generation
        return out

    @staticmethod
    def _role(idnum: int, generation: int, old: RevisionView, new: RevisionView) -> str:
        """What an overwritten object is, told from itself where it can be (cheap), else
        "unplaced" (to be looked for in the regions)."""
        if idnum == new.root_ref[0]:
            return "catalog"
        values = [v.get(idnum, generation) for v in (old, new)]
        dicts = [v for v in values if isinstance(v, generic.DictionaryObject)]
        kinds = {d.get("/Type") for d in dicts}
        if kinds & {"/Page", "/Pages"}:
            return "page"
        if any(d.get("/Subtype") is not None and "/Rect" in d for d in dicts):
            return "annotation"
        if any(idnum in v.info_ids or idnum in v.dss_ids for v in (old, new)) or (
            "/Metadata" in kinds
        ):
            return "validation"
        if any(v.is_structure(idnum, d) for v in (old, new) for d in dicts):
            return "structure"
        if any(idnum == v.acroform_id or idnum == v.fields_array_id for v in (old, new)):
            return "form"
        if any("/FT" in d or "/T" in d for d in dicts):
            return "field"
        if kinds & {"/Sig", "/DocTimeStamp"}:
            return "signature_value"
        return "unplaced"

    def _record(
        self, revision: int, idnum: int, role: str, old: RevisionView, new: RevisionView,
        j: _Judgement, signs: bool,
    ) -> None:  # fmt: skip
        """Record what an overwritten object changes."""
        if role == "catalog":
            self._catalog(old, new, j, signs)
        elif role == "annotation":
            j.kinds.add(self._changed_annotation(revision, new, idnum, j))
        elif role == "validation":
            j.kinds.add("validation_data")
        elif role == "structure":
            j.kinds.add("signatures" if signs else "other")
        elif role == "field":
            field = new.fields.get(idnum) or old.fields.get(idnum)
            if field is not None and field.kind == "/Sig":
                j.kinds.add("signatures" if self.signed_revisions.get(idnum) == revision
                            else "other")  # fmt: skip
            elif field is not None:
                j.kinds.add("form_filling")
                j.fields.add(field.name)
            else:
                self._place(revision, idnum, old, new, j, signs)
        elif role == "signature_value":
            j.kinds.add("other")  # an earlier signature's value replaced
        elif role == "unplaced":
            self._place(revision, idnum, old, new, j, signs)
        # "page" and "form": compared as lists and entries

    def _place(
        self, revision: int, idnum: int, old: RevisionView, new: RevisionView,
        j: _Judgement, signs: bool,
    ) -> None:  # fmt: skip
        """Find where an overwritten object is used, in either revision."""
        views = (old, new)
        located = any(idnum == p.annots_holder for v in views for p in v.pages)
        for index in range(len(new.pages)):
            if idnum in old.drawing_objects(index) or idnum in new.drawing_objects(index):
                j.redraw.add(index)
                located = True
        for view in views:
            for annot, used in view.annotation_objects.items():
                if idnum in used:
                    j.kinds.add(self._changed_annotation(revision, new, annot, j))
                    located = True
        if any(idnum in v.form_resources for v in views):
            j.kinds.add("signatures" if signs else "form_filling")
            located = True
        if any(idnum in v.validation_objects for v in views):
            j.kinds.add("validation_data")
            located = True
        if not located:
            j.kinds.add("other")  # used elsewhere in the catalog, or somewhere we do not look

    def _catalog(self, old: RevisionView, new: RevisionView, j: _Judgement, signs: bool) -> None:
        for key in (set(old.root) | set(new.root)) - CATALOG_FREE_KEYS:
            if (
                key in old.root
                and key in new.root
                and same_value(old.root.raw_get(key), new.root.raw_get(key))
            ):
                continue
            if key == "/Perms" and key not in new.root:
                j.notes.add("certification_removed")
            elif key == "/StructTreeRoot":
                j.kinds.add("signatures" if signs else "other")
            else:
                j.kinds.add("other")

    @staticmethod
    def _locate_freed(idnum: int, new: RevisionView, j: _Judgement) -> None:
        """A freed object still used by a page or its annotations is a page that is no
        longer what was signed; used elsewhere, another change; used by nothing, none."""
        for index in range(len(new.pages)):
            if idnum in new.drawing_objects(index):
                j.freed_pages.add(index)
        for annot, used in new.annotation_objects.items():
            if idnum == annot or idnum in used:
                j.freed_pages.add(new.annotation_pages[annot])
        if idnum in new.field_nodes or idnum in new.other_objects:
            j.kinds.add("other")

    def _all_pages_drawn(self, revision: int) -> Step:
        count = self.renderer.page_count(revision)
        if count is None or count != self.renderer.page_count(revision - 1):
            return Step(revision, frozenset({"unknown"}))
        if count > MAX_VISUAL_PAGES:
            return Step(revision, frozenset({"unknown"}))
        for index in range(count):
            same = self.renderer.same_page(revision - 1, revision, index)
            if same is None:
                return Step(revision, frozenset({"unknown"}), page=index + 1)
            if not same:
                return Step(revision, frozenset({"page_content"}), page=index + 1)
        # the pages draw the same; what else changed could not be read
        return Step(revision, frozenset({"other"}), notes=frozenset({"drawn"}))

    def judged(self) -> tuple[RevisionChange, ...]:
        """The steps judged so far, in order (every step after the first signature once
        any signature has a later one)."""
        return tuple(
            RevisionChange(r, tuple(sorted(s.kinds, key=ORDER.index)), s.page)
            for r, s in sorted(self._steps.items())
        )

    # -- per signature --------------------------------------------------------------------------

    def after(
        self, revision: int, later: int, fieldmdp: Any = None, docmdp: Any = None
    ) -> tuple[str, list[Finding]]:
        """(the worst kind of change after ``revision``, the findings to report), for a
        signature made in ``revision`` with ``later`` signatures and timestamps after it."""
        steps = [self.step(r) for r in range(revision + 1, self.last + 1)]
        kinds: set[str] = set().union(*(s.kinds for s in steps)) if steps else set()
        worst = max(kinds, key=ORDER.index) if kinds else "none"
        findings: list[Finding] = []
        if worst == "page_content":
            page = next(s.page for s in steps if "page_content" in s.kinds)
            findings.append(Finding("page_looks_different", "invalid", {"page": page}))
        elif worst == "freed_in_use":
            page = next(s.page for s in steps if "freed_in_use" in s.kinds)
            findings.append(Finding("freed_object_in_use", "invalid", {"page": page}))
        if "unknown" in kinds:
            findings.append(Finding("changes_unchecked", "indeterminate"))
        if "form_filling" in kinds and _issue_step(steps):
            # ND30: the clerk writes the number and date when issuing, sealed by the same
            # revision's signature — what the official signed for, not a change to it
            findings.append(Finding("issue_fields_filled", "info"))
            kinds_warned = kinds - {"form_filling"}
        else:
            kinds_warned = kinds
        for kind, code in (("form_filling", "form_filled"),
                           ("annotations", "annotations_changed"), ("other", "other_changes")):  # fmt: skip
            if kind in kinds_warned:
                findings.append(Finding(code, "warning"))
        if later and worst in ("signatures", "validation_data"):
            findings.append(Finding("only_signatures_added", "info", {"count": later}))
        elif later and worst not in ("page_content", "freed_in_use"):
            findings.append(Finding("later_signatures", "info", {"count": later}))
        findings += self._permissions(steps, fieldmdp, docmdp)
        return ("page_content" if worst == "freed_in_use" else worst), findings

    @staticmethod
    def _permissions(steps: list[Step], fieldmdp: Any, docmdp: Any) -> list[Finding]:
        found: list[Finding] = []
        if fieldmdp is not None:
            locked = sorted(n for s in steps for n in s.fields if fieldmdp.is_locked(n))
            if locked:
                found.append(Finding("locked_field_changed", "invalid", {"field": locked[0]}))
        if docmdp is not None:
            allowed = {
                1: {"validation_data"},
                2: {"validation_data", "signatures", "form_filling"},
                3: {"validation_data", "signatures", "form_filling", "annotations"},
            }[int(docmdp.value)]
            if any(not s.kinds <= allowed for s in steps):
                found.append(Finding("certification_forbids_changes", "invalid"))
            if any("certification_removed" in s.notes for s in steps):
                found.append(Finding("certification_removed", "warning"))
        return found


ISSUE_FIELDS = re.compile(r"^(SoKyHieu|NgayBanHanh)\d*$")  # signing/issue_fields.py


def _issue_step(steps: list[Step]) -> bool:
    """Every field filled after the signature is an ND30 number or date field, filled in a
    revision that also signs (the clerk's issue signature covers it)."""
    filling = [s for s in steps if "form_filling" in s.kinds]
    return bool(filling) and all(
        "signatures" in s.kinds and s.fields and all(ISSUE_FIELDS.match(n) for n in s.fields)
        for s in filling
    )


__all__ = ["ORDER", "RevisionHistory", "Step"]
