"""pyHanko's difference analysis, configured for one revision at a time and for the field.

``StandardDiffPolicy`` compares a signed revision with every later one; done for each
signature of a file that is the square of the signature count. Here each revision is compared
with the one just before it, once per file (signing/revisions.py folds the steps per
signature). The policy is pyHanko's default one with two changes:

- object freeing is allowed (``reject_object_freeing=False``), and a rule explains every
  freed reference whose object number no page of the NEW revision uses (pages, their
  contents, resources and annotations, followed down everything but the ``/Parent`` and
  ``/P`` back-links). The field's iText-based tools free objects in nearly every revision
  (generation 65534), typically the ``/Annots`` array a revision replaces or leftovers of the
  office software. A freed object that a page still uses is not explained (the page now
  draws something that does not exist, whatever a lenient viewer shows);
- the form rule records every form update it approves, so that field locks (FieldMDP) and
  certification (DocMDP) can be checked per signature afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DocInfoRule,
    DSSCompareRule,
    FormUpdate,
    FormUpdatingRule,
    GenericFieldModificationRule,
    MetadataUpdateRule,
    ModificationLevel,
    ObjectStreamRule,
    QualifiedWhitelistRule,
    ReferenceUpdate,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    XrefStreamRule,
)

MAX_PAGE_OBJECTS = 200_000
BACK_LINKS = frozenset({"/Parent", "/P"})


class TooManyObjects(Exception):
    """The pages use more objects than the walk is allowed to visit."""


def _direct_refs(obj: Any) -> list[generic.IndirectObject]:
    """The references a (resolved) object holds, down through its direct parts."""
    found: list[generic.IndirectObject] = []
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, generic.IndirectObject):
            found.append(item)
        elif isinstance(item, generic.DictionaryObject):  # streams too
            stack.extend(item.raw_get(k) for k in item if k not in BACK_LINKS)
        elif isinstance(item, generic.ArrayObject):
            stack.extend(item)
    return found


class ObjectGraph:
    """Which objects each stored object version refers to, shared by every revision of
    one file (an object unchanged between revisions is read once)."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.memo: dict[tuple[int, int, Any], tuple[tuple[int, int], ...]] = {}

    def reachable(self, handler: Any, starts: list[Any], limit: int = MAX_PAGE_OBJECTS) -> set[int]:
        """Object numbers reachable from ``starts`` in ``handler`` (a reader or historical
        resolver), following everything but back-links."""
        revision = getattr(handler, "revision", self.reader.xrefs.total_revisions - 1)
        xrefs = self.reader.xrefs
        seen: set[int] = set()
        stack = [(r.idnum, r.generation) for s in starts for r in _direct_refs(s)]
        while stack:
            idnum, generation = stack.pop()
            if idnum in seen:
                continue
            seen.add(idnum)
            if len(seen) > limit:
                raise TooManyObjects
            ref = generic.Reference(idnum, generation)
            key = (idnum, generation, xrefs.get_historical_ref(ref, revision))
            kids = self.memo.get(key)
            if kids is None:
                obj = handler.get_object(generic.Reference(idnum, generation, pdf=handler))
                kids = tuple((r.idnum, r.generation) for r in _direct_refs(obj))
                self.memo[key] = kids
            stack.extend(kids)
        return seen

    def page_objects(self, handler: Any) -> set[int]:
        """Object numbers that the pages of ``handler`` use: the page tree, the pages and
        everything they reach except back-links."""
        return self.reachable(handler, [handler.root.raw_get("/Pages")])


class FreedObjectsRule(QualifiedWhitelistRule):
    """Explains (at LTA level) the freed references of a revision that no page of that
    revision uses."""

    def __init__(self, graph: ObjectGraph) -> None:
        self.graph = graph

    def apply_qualified(
        self, old: Any, new: Any
    ) -> Iterable[tuple[ModificationLevel, ReferenceUpdate]]:
        freed = new.refs_freed_in_revision()
        if not freed:
            return
        in_use = self.graph.page_objects(new)
        for ref in freed:
            if ref.idnum not in in_use:
                yield ModificationLevel.LTA_UPDATES, ReferenceUpdate(ref)


class RecordingFormRule(FormUpdatingRule):
    """pyHanko's form rule, remembering what it approved."""

    def __init__(self, inner: FormUpdatingRule) -> None:
        super().__init__(inner.field_rules, inner.ignored_acroform_keys)
        self.updates: list[tuple[ModificationLevel, FormUpdate]] = []

    def apply(self, old: Any, new: Any) -> Iterator[tuple[ModificationLevel, FormUpdate]]:
        for level, update in super().apply(old, new):
            self.updates.append((level, update))
            yield level, update


@dataclass(frozen=True)
class StepResult:
    """pyHanko's judgement of one revision against the one before it."""

    level: ModificationLevel
    changed_fields: frozenset[str]
    field_updates: tuple[tuple[str, bool], ...]  # (field name, valid when locked)
    certifying_ok: bool  # every form update is allowed after a certification signature


def judge_step(old: Any, new: Any, graph: ObjectGraph) -> StepResult:
    """Raises pyHanko's ``SuspiciousModification`` (or a reading error) when the step cannot
    be justified object by object."""
    form_rule = RecordingFormRule(
        FormUpdatingRule(
            field_rules=[
                SigFieldCreationRule(),
                SigFieldModificationRule(),
                GenericFieldModificationRule(),
            ]
        )
    )
    policy = StandardDiffPolicy(
        global_rules=[
            CatalogModificationRule(),
            DocInfoRule().as_qualified(ModificationLevel.LTA_UPDATES),
            XrefStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
            ObjectStreamRule().as_qualified(ModificationLevel.LTA_UPDATES),
            DSSCompareRule().as_qualified(ModificationLevel.LTA_UPDATES),
            MetadataUpdateRule().as_qualified(ModificationLevel.LTA_UPDATES),
            FreedObjectsRule(graph),
        ],
        form_rule=form_rule,
        reject_object_freeing=False,
    )
    result = policy.apply(old, new)
    updates = tuple(
        (u.field_name, bool(u.valid_when_locked))
        for _, u in form_rule.updates
        if u.field_name is not None
    )
    return StepResult(
        level=result.modification_level,
        changed_fields=frozenset(result.changed_form_fields),
        field_updates=updates,
        certifying_ok=all(u.valid_when_certifying for _, u in form_rule.updates),
    )


__all__ = [
    "BACK_LINKS",
    "FreedObjectsRule",
    "ObjectGraph",
    "StepResult",
    "TooManyObjects",
    "judge_step",
]
