"""What changed after each signature, analysed once per file, revision by revision.

Every revision after the first signature is compared with the revision just before it (not
every signature with every later revision: that grows with the square of the signature
count) and classified as one of:

``validation_data``  DSS, document timestamps, metadata (pyHanko's LTA level)
``signatures``       new signatures, their widgets, and seal stamps added in the same revision
``form_filling``     form fields other than signature fields filled in or changed
``annotations``      annotations added, changed or removed (other than the above)
``other``            anything else outside the pages (catalog entries, a page re-encoded
                     without any visible difference, a save that changed nothing visible)
``page_content``     a page draws differently (invalid)
``freed_in_use``     a page uses an object freed after signing (invalid)
``unknown``          the step could not be analysed (indeterminate)

How a step is judged, strongest first:

1. pyHanko's rules, one step at a time (signing/diff_policy.py: freed objects that no page
   uses are explained there);
2. when those cannot justify the step, the shapes of both revisions (signing/pdf_changes.py):
   catalog, non-signature form fields, each page's drawing entries and annotations. New
   annotations that are the widgets of signatures (or stamps added by a revision that signs)
   count as signatures; freed objects a page still uses are reported with the page;
3. for each page whose drawing objects changed (or all pages, when the shapes cannot be
   read), what pdfium draws: the page's content in the revision before and after the step,
   WITHOUT annotations and form widgets (signing/visual.py). Annotations are judged by step 2,
   object by object, so that nothing a later widget or stamp covers can hide a change of the
   page underneath. Same pixels: the change is harmless (``signatures`` when the revision
   signs, else ``other``); different pixels: ``page_content`` with the page number.

A signature is then judged by the worst step after it. Steps compose: if every step after a
signature leaves each page drawing the same, the final file draws what was signed. (A change
made and undone later is still reported, which a single signed-vs-final comparison would
miss.) Field locks (FieldMDP) and certification (DocMDP) are checked per signature against the
steps after it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from signing.diff_policy import ObjectGraph, StepResult, TooManyObjects, judge_step
from signing.pdf_changes import Digests, Shape, TooComplex, page_dicts, shape_of
from signing.report import Finding
from signing.visual import PageRenderer

log = logging.getLogger(__name__)

ORDER = (
    "none", "validation_data", "signatures", "form_filling", "annotations", "other",
    "unknown", "freed_in_use", "page_content",
)  # fmt: skip
MAX_VISUAL_PAGES = 60  # pages rendered for one step whose shapes could not be read


@dataclass(frozen=True)
class Step:
    revision: int
    kinds: frozenset[str]
    how: str  # "pyhanko" | "structure" | "visual"
    page: int | None = None  # 1-based: the first page that changed (page_content, freed_in_use)
    result: StepResult | None = None
    changed_fields: frozenset[str] = frozenset()

    @property
    def worst(self) -> str:
        return max(self.kinds, key=ORDER.index) if self.kinds else "none"


class RevisionHistory:
    """The steps of one file, computed when first asked for."""

    def __init__(
        self,
        reader: Any,
        data: bytes,
        signed_revisions: dict[int, int],
        signed_names: set[str],
    ) -> None:
        """``signed_revisions``: object number of each signature field → the revision its
        signature was made in; ``signed_names``: their field names."""
        self.reader = reader
        self.signed_revisions = signed_revisions
        self.signing_revisions = set(signed_revisions.values())
        self.signed_names = signed_names
        self.digests = Digests(reader)
        self.graph = ObjectGraph(reader)
        self.renderer = PageRenderer(data, reader)
        self._steps: dict[int, Step] = {}
        self._shapes: dict[int, Shape | None] = {}

    @property
    def last(self) -> int:
        return self.reader.xrefs.total_revisions - 1

    # -- one step ---------------------------------------------------------------------------

    def step(self, revision: int) -> Step:
        known = self._steps.get(revision)
        if known is None:
            known = self._steps[revision] = self._judge(revision)
        return known

    def _judge(self, revision: int) -> Step:
        old = self.reader.get_historical_resolver(revision - 1)
        new = self.reader.get_historical_resolver(revision)
        try:
            result = judge_step(old, new, self.graph)
        except Exception as exc:  # SuspiciousModification, or a structure pyHanko cannot read
            log.debug("revision %d not justified by the rules: %s", revision, exc)
            return self._by_shape(revision, old, new)
        kinds = {self._kind_of(revision, result)}
        return Step(revision, frozenset(kinds), "pyhanko", result=result,
                    changed_fields=result.changed_fields)  # fmt: skip

    def _kind_of(self, revision: int, result: StepResult) -> str:
        from pyhanko.sign.diff_analysis import ModificationLevel

        level = result.level
        signs = revision in self.signing_revisions
        if level <= ModificationLevel.LTA_UPDATES:
            return "signatures" if signs else "validation_data"
        if level == ModificationLevel.FORM_FILLING:
            if result.changed_fields <= self.signed_names:
                return "signatures" if signs or result.changed_fields else "validation_data"
            return "form_filling"
        if level == ModificationLevel.ANNOTATIONS:
            return "annotations"
        return "other"

    def _shape(self, revision: int) -> Shape | None:
        if revision not in self._shapes:
            handler = self.reader.get_historical_resolver(revision)
            try:
                self._shapes[revision] = shape_of(self.digests, handler)
            except (TooComplex, RecursionError):
                self._shapes[revision] = None
            except Exception:  # a broken structure in that revision
                self._shapes[revision] = None
        return self._shapes[revision]

    def _by_shape(self, revision: int, old: Any, new: Any) -> Step:
        before, after = self._shape(revision - 1), self._shape(revision)
        if before is None or after is None:
            return self._all_pages_visually(revision)
        kinds: set[str] = set()
        signs = revision in self.signing_revisions
        if before.catalog != after.catalog:
            kinds.add("other")
        changed = {n for n in before.fields.keys() | after.fields.keys()
                   if before.fields.get(n) != after.fields.get(n)}  # fmt: skip
        if changed:
            kinds.add("form_filling")
        freed_page = self._freed_in_use(new)
        if freed_page is not None:
            return Step(revision, frozenset({"freed_in_use"}), "structure", page=freed_page)
        if len(before.pages) != len(after.pages):
            page = min(len(before.pages), len(after.pages)) + 1
            return Step(revision, frozenset({"page_content"}), "structure", page=page)
        redraw = []
        for number, (was, now) in enumerate(zip(before.pages, after.pages, strict=True), 1):
            if was.content != now.content:
                redraw.append(number)
            kinds |= self._annotation_kinds(revision, was.annots, now.annots, signs)
        for number in redraw:
            same = self.renderer.same_page(revision - 1, revision, number - 1)
            if same is None:
                return Step(revision, frozenset({"unknown"}), "visual", page=number)
            if not same:
                return Step(revision, frozenset({"page_content"}), "visual", page=number)
        if not kinds:
            kinds.add("signatures" if signs else "other")
        how = "visual" if redraw else "structure"
        return Step(revision, frozenset(kinds), how, changed_fields=frozenset(changed))

    def _annotation_kinds(
        self, revision: int, was: tuple[Any, ...], now: tuple[Any, ...], signs: bool
    ) -> set[str]:
        kinds: set[str] = set()
        before = {(a.idnum, a.digest) for a in was}
        after = {(a.idnum, a.digest) for a in now}
        old_ids = {a.idnum for a in was}
        for annot in now:
            if (annot.idnum, annot.digest) in before:
                continue
            fresh_signature = self.signed_revisions.get(annot.sig_field) == revision
            if annot.sig_field is not None and (fresh_signature or annot.idnum not in old_ids):
                # the widget of the signature made here, or a new (empty) signature field
                kinds.add("signatures" if fresh_signature else "form_filling")
            elif annot.subtype == "/Stamp" and signs and annot.idnum not in old_ids:
                kinds.add("signatures")  # a seal stamped with the signature made here
            else:
                kinds.add("annotations")
        if any((a.idnum, a.digest) not in after and a.idnum not in {b.idnum for b in now}
               for a in was):  # fmt: skip
            kinds.add("annotations")  # removed
        return kinds

    def _freed_in_use(self, new: Any) -> int | None:
        """The first page (1-based) that uses an object this revision frees."""
        freed = {ref.idnum for ref in new.refs_freed_in_revision()}
        if not freed:
            return None
        try:
            if not freed & self.graph.page_objects(new):
                return None
            for number, (page, _) in enumerate(page_dicts(new.root), start=1):
                if freed & self.graph.reachable(new, [page]):
                    return number
        except (TooManyObjects, TooComplex, RecursionError):
            return 1
        return 1

    def _all_pages_visually(self, revision: int) -> Step:
        count = self.renderer.page_count(revision)
        if count is None or count != self.renderer.page_count(revision - 1):
            return Step(revision, frozenset({"unknown"}), "visual")
        if count > MAX_VISUAL_PAGES:
            return Step(revision, frozenset({"unknown"}), "visual")
        for index in range(count):
            same = self.renderer.same_page(revision - 1, revision, index)
            if same is None:
                return Step(revision, frozenset({"unknown"}), "visual", page=index + 1)
            if not same:
                return Step(revision, frozenset({"page_content"}), "visual", page=index + 1)
        # the pages draw the same; what else changed could not be read
        return Step(revision, frozenset({"other"}), "visual")

    # -- per signature ------------------------------------------------------------------------

    def after(
        self, revision: int, later: int, fieldmdp: Any = None, docmdp: Any = None
    ) -> tuple[str, list[Finding]]:
        """(the worst kind of change after ``revision``, the findings to report), for a
        signature made in ``revision`` with ``later`` signatures and timestamps after it."""
        steps = [self.step(r) for r in range(revision + 1, self.last + 1)]
        kinds = set().union(*(s.kinds for s in steps)) if steps else set()
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
        if "form_filling" in kinds:
            findings.append(Finding("form_filled", "warning"))
        if "annotations" in kinds:
            findings.append(Finding("annotations_changed", "warning"))
        if "other" in kinds:
            findings.append(Finding("other_changes", "warning"))
        if worst in ("signatures", "validation_data") and any(s.how != "pyhanko" for s in steps):
            findings.append(Finding("only_signatures_added", "info", {"count": later}))
        elif later and worst not in ("page_content", "freed_in_use"):
            findings.append(Finding("later_signatures", "info", {"count": later}))
        findings += self._permissions(steps, fieldmdp, docmdp)
        return ("page_content" if worst == "freed_in_use" else worst), findings

    @staticmethod
    def _permissions(steps: list[Step], fieldmdp: Any, docmdp: Any) -> list[Finding]:
        found: list[Finding] = []
        if fieldmdp is not None:
            for step in steps:
                names = {n for n, ok in (step.result.field_updates if step.result else ())
                         if not ok} | set(step.changed_fields)  # fmt: skip
                locked = sorted(n for n in names if fieldmdp.is_locked(n))
                if locked:
                    found.append(Finding("locked_field_changed", "invalid", {"field": locked[0]}))
                    break
        if docmdp is not None:
            allowed = {1: {"validation_data"}, 2: {"validation_data", "signatures", "form_filling"}}
            permitted = allowed.get(int(docmdp.value), set(ORDER[:5]))
            for step in steps:
                if not step.kinds <= permitted or (step.result and not step.result.certifying_ok):
                    found.append(Finding("certification_forbids_changes", "invalid"))
                    break
        return found


__all__ = ["ORDER", "RevisionHistory", "Step"]
