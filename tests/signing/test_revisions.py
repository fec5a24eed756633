"""What changed after each signature (signing/revisions.py), on real PDFs written the way the
field's iText-based tools write them (tests/signing/field_itext.py) and on edits a signer
never accepts; pdfsig and openssl say the bytes are intact, pyHanko's own difference
analysis is the outside opinion on the steps it can judge, pdfium draws the pages."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from signing.report import INVALID, VALID, WARNINGS, SignatureReport
from signing.revisions import RevisionHistory
from signing.revocation import RevocationCache
from signing.validate import validate_pdf
from tests.signing.field_pki import FieldPki, fill_cache, trust_for
from tests.signing.validators import openssl_verify, pdfsig_verdicts

pytest_plugins = ["tests.signing.field_pki"]  # field_pki, certo, offline, loopback_only

pytestmark = pytest.mark.usefixtures("loopback_only")


def codes(sig: SignatureReport) -> set[str]:
    return {f.code for f in sig.findings}


@pytest.fixture(scope="module")
def cache(field_pki: FieldPki, tmp_path_factory: pytest.TempPathFactory) -> RevocationCache:
    """Every CA's current CRL, as a refresh today would leave it."""
    cache = RevocationCache(tmp_path_factory.mktemp("revisions") / "cache")
    fill_cache(field_pki, cache)
    return cache


def check(pki: FieldPki, name: str, cache: RevocationCache):
    return validate_pdf(pki.pdf(name), trust=trust_for(pki), cache=cache)


def finding(sig: SignatureReport, code: str):
    return next(f for f in sig.findings if f.code == code)


def oracle_dir(tmp_path: Path) -> Path:
    folder = tmp_path / f"oracle-{len(list(tmp_path.glob('oracle-*')))}"
    folder.mkdir()
    return folder


# ------------------------------------------------------------ the field's revisions ---


def test_itext_revisions_that_free_objects_and_add_stamps_keep_earlier_signatures_valid(
    field_pki: FieldPki, cache: RevocationCache, tmp_path: Path
):
    data = field_pki.pdf("itext-pair")
    assert b"0000000000 65534 f" in data  # the second signature's revision frees, as iText does
    report = validate_pdf(data, trust=trust_for(field_pki), cache=cache)
    first, second = report.signatures
    assert (first.verdict, second.verdict) == (VALID, VALID), first.reasons("en")
    assert first.changes == "signatures" and codes(first) == {"only_signatures_added"}
    assert "chỉ có thêm chữ ký số và con dấu" in first.reasons("vi")[0]
    assert "Only signatures and stamps were added" in first.reasons("en")[0]
    # the outside opinions: the bytes of both signatures are intact ...
    path = tmp_path / "itext-pair.pdf"
    path.write_bytes(data)
    root, ca = field_pki.der("root-g2"), field_pki.der("ca-g2")
    assert pdfsig_verdicts(path, root, oracle_dir(tmp_path)) == ["Signature is Valid."] * 2
    assert openssl_verify(path, root, oracle_dir(tmp_path), [ca]) == [True, True]
    # ... and pyHanko's default difference analysis refuses the step (the field's problem)
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, SuspiciousModification

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signed = reader.embedded_signatures[0].signed_revision
    verdict = DEFAULT_DIFF_POLICY.review_file(reader, signed)
    assert isinstance(verdict, SuspiciousModification)


def test_pyhanko_and_this_analysis_agree_where_pyhanko_can_judge(field_pki: FieldPki):
    """Three signatures written by pyHanko itself: pyHanko's rules accept each later
    revision as form filling (a signature field signed); so does this analysis."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, ModificationLevel

    data = field_pki.pdf("three")
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = reader.embedded_signatures
    history = RevisionHistory(
        reader, data, {s.sig_field.container_ref.idnum: s.signed_revision for s in signatures}
    )
    for sig in signatures[:-1]:
        theirs = DEFAULT_DIFF_POLICY.review_file(reader, sig.signed_revision)
        assert theirs.modification_level == ModificationLevel.FORM_FILLING
        ours, _ = history.after(sig.signed_revision, later=1)
        assert ours == "signatures"


def test_sixteen_signatures_are_judged_with_one_step_per_revision(
    field_pki: FieldPki, cache: RevocationCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    judged: list[int] = []
    real = RevisionHistory._judge

    def counting(self: RevisionHistory, revision: int):
        judged.append(revision)
        return real(self, revision)

    monkeypatch.setattr(RevisionHistory, "_judge", counting)
    data = field_pki.pdf("sixteen")
    report = validate_pdf(data, trust=trust_for(field_pki), cache=cache)
    assert len(report.signatures) == 16
    assert {s.verdict for s in report.signatures} <= {VALID, WARNINGS}
    assert all(s.changes in ("signatures", "none") for s in report.signatures)
    g1 = [s for s in report.signatures if s.signer == "Bộ Tài chính"]
    assert g1 and all(codes(s) - {"only_signatures_added"} == {"sha1_in_chain"} for s in g1)
    # each revision after the first signature judged once: linear, not quadratic
    assert sorted(judged) == sorted(set(judged)) and len(judged) == 15
    path = tmp_path / "sixteen.pdf"
    path.write_bytes(data)
    verdicts = pdfsig_verdicts(path, field_pki.der("root-g2"), oracle_dir(tmp_path))
    assert verdicts == ["Signature is Valid."] * 16


# ------------------------------------------------------- edits a signer never accepts ---


@pytest.mark.parametrize("name", ["itext-pair-freed-content", "itext-pair-freed-content-65534"])
def test_a_content_stream_freed_after_signing_is_invalid_and_names_the_page(
    field_pki: FieldPki, cache: RevocationCache, tmp_path: Path, name: str
):
    report = check(field_pki, name, cache)
    for sig in report.signatures:
        assert sig.verdict == INVALID and sig.changes == "page_content"
        assert finding(sig, "freed_object_in_use").data == {"page": 1}
        assert "Trang 1" in sig.reasons("vi")[0]
    # the signed bytes are untouched: pdfsig alone would call both signatures valid
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(field_pki.pdf(name))
    assert pdfsig_verdicts(path, field_pki.der("root-g2"), tmp_path) == ["Signature is Valid."] * 2


def test_text_replaced_under_the_same_object_number_looks_different(
    field_pki: FieldPki, cache: RevocationCache
):
    report = check(field_pki, "itext-pair-replaced-text", cache)
    assert [s.verdict for s in report.signatures] == [INVALID, INVALID]
    # each revision after the first signature, classified once
    steps = [(r.changes, r.page) for r in report.revisions]
    # the second signature's revision: its signature, and (depending on pyHanko's choices when
    # it writes, which vary from process to process) the document information updated with it
    assert "signatures" in steps[0][0] and set(steps[0][0]) <= {"signatures", "validation_data"}
    assert steps[0][1] is None and steps[1] == (("page_content",), 1)
    assert report.as_json()["revisions"][-1] == {
        "revision": report.revisions[-1].revision,
        "changes": ["page_content"],
        "page": 1,
    }
    for sig in report.signatures:
        assert finding(sig, "page_looks_different").data == {"page": 1}
        assert sig.reasons("en")[0].startswith("Page 1 looks different after this signature")


def test_a_page_reencoded_without_visible_change_is_only_a_warning(
    field_pki: FieldPki, cache: RevocationCache
):
    report = check(field_pki, "itext-pair-resources", cache)
    first, second, third = report.signatures
    for sig in (first, second):
        assert sig.verdict == WARNINGS and sig.changes == "other"
        assert codes(sig) == {"other_changes", "later_signatures"}
    assert third.verdict == VALID


def test_a_stamp_added_without_signing_is_an_annotation(
    field_pki: FieldPki, cache: RevocationCache
):
    report = check(field_pki, "itext-pair-stamp-unsigned", cache)
    assert [s.verdict for s in report.signatures] == [WARNINGS, WARNINGS]
    assert all("annotations_changed" in codes(s) for s in report.signatures)


def test_a_new_catalog_is_judged_by_drawing_every_page(
    field_pki: FieldPki, cache: RevocationCache, monkeypatch: pytest.MonkeyPatch
):
    from signing.visual import PageRenderer

    drawn: list[tuple[int, int]] = []
    real = PageRenderer.same_page

    def spy(self: PageRenderer, before: int, after: int, index: int):
        drawn.append((after, index))
        return real(self, before, after, index)

    monkeypatch.setattr(PageRenderer, "same_page", spy)
    report = check(field_pki, "itext-pair-new-catalog", cache)
    assert [s.verdict for s in report.signatures] == [WARNINGS, WARNINGS]
    assert all(s.changes == "other" for s in report.signatures)
    assert drawn  # the pages were compared as pdfium draws them


def test_certification_allows_what_its_level_allows(field_pki: FieldPki, cache: RevocationCache):
    [p1] = check(field_pki, "certified-p1-then-note", cache).signatures
    assert p1.verdict == INVALID and "certification_forbids_changes" in codes(p1)
    certified, approval = check(field_pki, "certified-p2-then-signed", cache).signatures
    assert (certified.verdict, approval.verdict) == (VALID, VALID)
    certified, _ = check(field_pki, "certified-p2-then-note", cache).signatures
    assert certified.verdict == INVALID and "certification_forbids_changes" in codes(certified)
