"""The outgoing document's life on real SoftHSM tokens: drafted without a number, approved by
the official in place (a new version, the old ones kept), issued by the clerk (the number
taken in the transaction that stores the issued file), refused where ND30 says no; and, from
the command line, the whole way to a second office over the local axis."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.clock import fixed_clock
from app.desk import Desk
from app.errors import InvalidInput, StateError
from app.store.history import verify_chain
from app.workspace import Workspace
from signing.desk import SigningDesk
from signing.errors import PinIncorrect, TokenRemoved
from signing.tokens import TokenModule
from tests.conftest import NOW, ROOT, make_pdf
from tests.signing.conftest import ORG, PERSONAL, SoftHsm
from tests.signing.drafts import SEAL, SIGNATURE, draft_lines, new_draft, pull_out_at, signer
from tests.signing.validators import openssl_verify, pdfsig_fields, pdfsig_verdicts

pytestmark = pytest.mark.token


@pytest.fixture
def desk(tmp_path: Path):
    ws = Workspace.create(
        tmp_path / "ws", "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND",
        clock=fixed_clock(NOW),
    )  # fmt: skip
    d = Desk(ws)
    yield d
    d.close()


def approve(desk: Desk, softhsm: SoftHsm, ids: list[int], **kwargs):
    return SigningDesk(desk.ws).approve(
        ids, signer(softhsm, PERSONAL), PERSONAL.pin, image=SIGNATURE, **kwargs
    )


def issue(desk: Desk, softhsm: SoftHsm, document_id: int, **kwargs):
    return SigningDesk(desk.ws).issue(
        document_id, signer(softhsm, ORG), ORG.pin, seal=SEAL, date=NOW.date(), **kwargs
    )


def pdftext(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


# ----------------------------------------------------------------------------- services ---


def test_draft_approve_issue_keeps_every_version_and_numbers_once(
    desk: Desk, softhsm: SoftHsm, tmp_path: Path
):
    doc = new_draft(desk, tmp_path, 1, attach=2)
    assert (doc.number, doc.status, doc.code_number) == (None, "draft", "")
    assert doc.notation == "/QĐ-UBND" and doc.register_code == "di"
    original = doc.file_sha256

    [outcome] = approve(desk, softhsm, [doc.id])  # placement: above the signer's title
    assert outcome.status == "signed" and outcome.version == 2
    approved = desk.document(doc.id)
    assert approved.status == "approved" and approved.number is None
    assert approved.file_sha256 != original

    plan = SigningDesk(desk.ws).plan_issue(doc.id, NOW.date())
    assert (plan.number, plan.notation) == (1, "01/QĐ-UBND")
    result = issue(desk, softhsm, doc.id)
    issued = desk.document(doc.id)
    assert (issued.number, issued.notation, issued.status) == (1, "01/QĐ-UBND", "issued")
    assert issued.issued_date == NOW.date().isoformat()
    assert issued.document_key == f"000.00.00.H29,{NOW:%Y/%m/%d},01/QĐ-UBND"
    assert len(result.attachments) == 2

    # every version kept: draft, approved, issued; attachments in their signed version
    versions = desk.documents.versions(doc.id)
    mains = [v for v in versions if v.kind == "main"]
    assert [(v.version, v.role) for v in mains] == [(1, "draft"), (2, "approve"), (3, "issue")]
    assert mains[0].sha256 == original and desk.ws.blobs.has(original)
    attachments = [v for v in versions if v.kind == "attachment"]
    assert sorted((v.position, v.role) for v in attachments) == [
        (1, "attachment"), (1, "draft"), (2, "attachment"), (2, "draft"),
    ]  # fmt: skip

    # the issued file: exactly the two real signatures, both valid; number and date on it
    path = desk.ws.blobs.path_for(issued.file_sha256)
    assert pdfsig_fields(path) == [("PheDuyet1", True), ("BanHanh1", True)]
    assert pdfsig_verdicts(path, softhsm.ca_cert_der, tmp_path) == ["Signature is Valid."] * 2
    assert openssl_verify(path, softhsm.ca_cert_der, tmp_path) == [True, True]
    # our own validator: writing the number and date at issue is not a change to warn about
    from signing.trust import TrustStore
    from signing.validate import validate_pdf

    official, _organisation = validate_pdf(
        path.read_bytes(), trust=TrustStore.load(None, bundled=False)
    ).signatures
    codes = {f.code for f in official.findings}
    assert official.changes == "form_filling" and "issue_fields_filled" in codes
    assert not codes & {"form_filled", "annotations_changed", "other_changes"}
    text = pdftext(path)
    assert "Số: 01/QĐ-UBND" in text
    assert f"ngày {NOW.day} tháng {NOW.month} năm {NOW.year}" in text
    for v in attachments:
        if v.role == "attachment":
            assert "01/QĐ-UBND" in pdftext(desk.ws.blobs.path_for(v.sha256))

    # the history names signer, role and versions; the chain and the row agree
    actions = [(e.action, e.details.get("role")) for e in desk.documents.history(doc.id)]
    assert actions[:3] == [("draft", None), ("sign", "approve"), ("issue", None)]
    sign_event = desk.documents.history(doc.id)[1]
    assert sign_event.details["signer"] == PERSONAL.subject_cn
    assert sign_event.details["file"]["sha256"] == approved.file_sha256
    assert verify_chain(desk.ws.conn).ok

    # issued once only; never approved again; its place in the register never edited
    with pytest.raises(StateError) as again:
        issue(desk, softhsm, doc.id)
    assert again.value.problem == "already_issued"
    [late] = approve(desk, softhsm, [doc.id])
    assert late.status == "failed" and late.error.problem == "already_issued"
    with pytest.raises(InvalidInput) as edit:
        desk.documents.edit(doc.id, {"code_notation": "QĐ-VP"})
    assert edit.value.problem == "register_place"


def test_a_secret_draft_takes_the_secret_series(desk: Desk, softhsm: SoftHsm, tmp_path: Path):
    normal = new_draft(desk, tmp_path, 1)
    secret = new_draft(desk, tmp_path, 2, secret=True)
    assert secret.register_code == "di-mat" and secret.confidentiality >= 1
    approve(desk, softhsm, [normal.id, secret.id])
    issue(desk, softhsm, secret.id)
    issue(desk, softhsm, normal.id)
    assert [desk.document(i).number for i in (normal.id, secret.id)] == [1, 1]  # two series


def test_the_issue_date_is_chosen_in_time_order_and_picks_its_years_numbers(
    desk: Desk, softhsm: SoftHsm, tmp_path: Path
):
    first, second, third = (new_draft(desk, tmp_path, n) for n in (1, 2, 3))
    approve(desk, softhsm, [first.id, second.id, third.id])
    plans = SigningDesk(desk.ws)
    issue(desk, softhsm, first.id)  # NOW: number 01 of NOW's year

    # the future and a day before the latest issued document of the register are refused
    for day, problem in ((NOW.date() + dt.timedelta(days=1), "future"),
                         (NOW.date() - dt.timedelta(days=1), "before_last_issued")):  # fmt: skip
        with pytest.raises(InvalidInput) as refused:
            plans.plan_issue(second.id, day)
        assert (refused.value.field, refused.value.problem) == ("issued_date", problem)
    assert refused.value.data["notation"] == "01/QĐ-UBND"
    assert refused.value.data["last"] == NOW.date().isoformat()
    assert plans.plan_issue(second.id, NOW.date()).number == 2  # the same day is fine

    # another year: that year's own numbers, from 01
    last_year = dt.date(NOW.year - 1, 12, 30)
    plan = plans.plan_issue(second.id, last_year)
    assert (plan.year, plan.number, plan.notation) == (NOW.year - 1, 1, "01/QĐ-UBND")
    SigningDesk(desk.ws).issue(second.id, signer(softhsm, ORG), ORG.pin, seal=SEAL,
                               date=last_year)  # fmt: skip
    dated = desk.document(second.id)
    assert (dated.year, dated.number, dated.issued_date) == (NOW.year - 1, 1, "2025-12-30")
    assert "ngày 30 tháng 12 năm 2025" in pdftext(desk.ws.blobs.path_for(dated.file_sha256))
    assert plans.plan_issue(third.id).number == 2  # NOW's year goes on from its own 01


def test_the_register_book_holds_issued_documents_only(
    desk: Desk, softhsm: SoftHsm, tmp_path: Path
):
    from app.model import Direction
    from app.register_books import export_register

    first, second = new_draft(desk, tmp_path, 1), new_draft(desk, tmp_path, 2)
    approve(desk, softhsm, [first.id, second.id])
    book = export_register(desk.ws, kind=Direction.OUTGOING, fmt="csv", out=tmp_path / "a.csv")
    assert book.rows == 0  # drafts, even approved, have no place in the book yet
    issue(desk, softhsm, second.id)
    book = export_register(desk.ws, kind=Direction.OUTGOING, fmt="csv", out=tmp_path / "b.csv")
    assert (book.rows, book.first_number, book.last_number) == (1, 1, 1)
    assert "01/QĐ-UBND" in (tmp_path / "b.csv").read_text(encoding="utf-8-sig")


def test_issue_needs_the_officials_signature_first(desk: Desk, softhsm: SoftHsm, tmp_path: Path):
    doc = new_draft(desk, tmp_path, 1)
    with pytest.raises(StateError) as refused:
        issue(desk, softhsm, doc.id)
    assert refused.value.problem == "not_approved"
    assert desk.document(doc.id).number is None


def test_a_wrong_pin_or_a_token_pulled_out_leaves_no_number_taken(
    desk: Desk, softhsm: SoftHsm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    doc = new_draft(desk, tmp_path, 1, attach=1)
    approve(desk, softhsm, [doc.id])
    before = desk.document(doc.id)
    with pytest.raises(PinIncorrect):
        SigningDesk(desk.ws).issue(doc.id, signer(softhsm, ORG), "000000", seal=SEAL)
    assert desk.document(doc.id) == before

    # SoftHSM cannot be unplugged: the second C_Sign (the attachment) answers as a real token
    # pulled out does (CKR_DEVICE_REMOVED); the rest is the real token
    pull_out_at(monkeypatch, 2)
    with pytest.raises(TokenRemoved):
        issue(desk, softhsm, doc.id)
    assert desk.document(doc.id) == before  # approved, no number, the same file
    assert not list((desk.ws.paths.home / "tmp").iterdir())  # nothing left behind
    monkeypatch.undo()
    assert issue(desk, softhsm, doc.id).document.number == 1  # the number was never used


ANOTHER_DESK = """
import datetime as dt, sys
from app.clock import fixed_clock
from app.documents import DocumentService
from app.drafts import OutgoingDraft
from app.workspace import Workspace
ws = Workspace(sys.argv[1], clock=fixed_clock(dt.datetime.fromisoformat(sys.argv[3])))
draft = OutgoingDraft.build(doc_type_value="QĐ", subject="Quyết định ban hành trên giấy",
                            file=sys.argv[2])
print(DocumentService(ws).register_outgoing(draft).notation)
ws.close()
"""


def test_a_number_taken_by_another_desk_meanwhile_is_not_used_twice(
    desk: Desk, softhsm: SoftHsm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Another process numbers a document between the clerk's plan and commit: the commit is
    refused (the signed file bears a number now taken), and the desk signs again with the
    next number."""
    from app.outgoing import OutgoingService

    doc = new_draft(desk, tmp_path, 1)
    approve(desk, softhsm, [doc.id])
    paper = make_pdf(tmp_path / "giay.pdf", ["QUYẾT ĐỊNH", "bản giấy"])
    real = OutgoingService.commit_issue
    raced = {"done": False}

    def commit_after_another_desk(self, plan, *args, **kwargs):
        if not raced["done"]:
            raced["done"] = True
            # what `vanthu outgoing add` does, in its own process, on the office's day (NOW):
            # the CLI would read the computer's clock, and a paper document dated after NOW
            # would then (rightly) refuse the retry's earlier date
            run = subprocess.run(
                [sys.executable, "-c", ANOTHER_DESK, str(desk.ws.paths.home), str(paper),
                 NOW.isoformat()],
                capture_output=True, text=True, env=softhsm.env() | {"PYTHONPATH": str(ROOT)},
            )  # fmt: skip
            assert run.returncode == 0, run.stderr
        return real(self, plan, *args, **kwargs)

    monkeypatch.setattr(OutgoingService, "commit_issue", commit_after_another_desk)
    result = issue(desk, softhsm, doc.id)
    assert result.attempts == 2
    assert (result.document.number, result.document.notation) == (2, "02/QĐ-UBND")
    assert "Số: 02/QĐ-UBND" in pdftext(desk.ws.blobs.path_for(result.document.file_sha256))
    numbers = sorted(d.number for d in desk.documents.list(limit=10)[0] if d.number)
    assert numbers == [1, 2]


def test_approving_many_reports_each_and_honours_cancel(
    desk: Desk, softhsm: SoftHsm, tmp_path: Path
):
    ids = [new_draft(desk, tmp_path, n).id for n in range(1, 5)]
    cancel = threading.Event()
    seen = []

    def progress(done: int, total: int, outcome) -> None:
        seen.append((done, total, outcome.document_id, outcome.status))
        if done == 2:
            cancel.set()  # the clerk presses Cancel after the second

    outcomes = approve(desk, softhsm, ids, progress=progress, cancel=cancel)
    assert [o.status for o in outcomes] == ["signed", "signed", "not_started", "not_started"]
    assert seen == [(1, 4, ids[0], "signed"), (2, 4, ids[1], "signed")]
    assert [desk.document(i).status for i in ids] == ["approved"] * 2 + ["draft"] * 2


def test_signing_an_issued_pdf_with_the_issue_role_again_is_refused(
    desk: Desk, softhsm: SoftHsm, tmp_path: Path
):
    from signing.sign import Role, SignRequest, sign_document

    doc = new_draft(desk, tmp_path, 1)
    approve(desk, softhsm, [doc.id])
    issued = desk.ws.blobs.path_for(issue(desk, softhsm, doc.id).document.file_sha256)
    with pytest.raises(StateError) as refused:
        sign_document(
            TokenModule.of(softhsm.module), ORG.label, ORG.pin, ORG.key_id.hex(),
            SignRequest(issued, tmp_path / "lan-2.pdf", Role.ISSUE, image=SEAL, number="9/QĐ-UBND",
                        date=dt.date(2026, 11, 26)),
        )  # fmt: skip
    assert refused.value.problem == "issue_signed"
    assert not (tmp_path / "lan-2.pdf").exists()


def test_the_same_draft_changed_while_it_was_signed_is_not_overwritten(
    desk: Desk, softhsm: SoftHsm, tmp_path: Path
):
    doc = new_draft(desk, tmp_path, 1)
    other = make_pdf(tmp_path / "moi.pdf", draft_lines("Bản sửa"))
    blob = desk.ws.blobs.put_file(other)
    with pytest.raises(StateError) as refused:
        desk.ws.write(
            lambda conn: desk.documents.new_version(
                conn, doc.id, sha256=blob.sha256, name="moi.pdf", size=blob.size,
                role="approve", action="sign", expected_sha256="0" * 64,
            )
        )  # fmt: skip
    assert refused.value.problem == "changed_meanwhile"
    assert desk.document(doc.id).file_sha256 == doc.file_sha256


# ------------------------------------------------------------------------ command line ---


def vanthu(softhsm: SoftHsm, home: Path, *args: str, pin: str = "", **env: str):
    run = subprocess.run(
        [sys.executable, "-m", "app.cli", "--home", str(home), *args],
        input=pin + "\n" if pin else "", capture_output=True, text=True,
        env=softhsm.env() | {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi",
                             "VANTHU_SECRET_STORE": "file", "VANTHU_TRUST_BUNDLED": "0"} | env,
        timeout=300,
    )  # fmt: skip
    assert "Traceback" not in run.stderr, run.stderr
    return run


def ok(run: subprocess.CompletedProcess[str]) -> dict:
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_life_of_a_document_from_the_command_line(softhsm: SoftHsm, pki_online, tmp_path: Path):
    from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, running_axis

    a, b = tmp_path / "a", tmp_path / "b"
    root = tmp_path / "root.cer"
    root.write_bytes(softhsm.ca_cert_der)
    for home, system in ((a, SYSTEM_A), (b, SYSTEM_B)):
        ok(vanthu(softhsm, home, "init", "--org-id", system[2], "--org-name", system[3],
                  "--org-abbr", "UBND", "--json"))  # fmt: skip
        assert vanthu(softhsm, home, "trust", "add", str(root)).returncode == 0

    pdf = make_pdf(tmp_path / "qd.pdf", draft_lines("Về việc phê duyệt kế hoạch chuyển đổi số"))
    annex = make_pdf(tmp_path / "phu-luc.pdf", ["PHỤ LỤC", "Danh mục nhiệm vụ"])
    drafted = ok(vanthu(softhsm, a, "draft", "add", str(pdf), "--type", "QĐ", "--subject",
                        "Về việc phê duyệt kế hoạch chuyển đổi số", "--signer", "Nguyễn Văn A",
                        "--position", "CHỦ TỊCH", "--attach", str(annex), "--json"))  # fmt: skip
    doc = drafted["id"]
    assert (drafted["status"], drafted["number"], drafted["notation"]) == ("draft", None, None)

    signed = ok(vanthu(softhsm, a, "sign", "--document", str(doc), "--role", "approve",
                       "--token", PERSONAL.label, "--pin-stdin", "--image", str(SIGNATURE),
                       "--anchor", "CHỦ TỊCH", "--json", pin=PERSONAL.pin))  # fmt: skip
    assert signed["status"] == "approved" and signed["version"] == 2
    refused = vanthu(softhsm, a, "sign", "--document", str(doc), "--role", "issue", "--token",
                     ORG.label, "--pin-stdin", "--image", str(SEAL), pin=ORG.pin)  # fmt: skip
    assert refused.returncode == 2 and "vanthu issue" in refused.stderr

    issued = ok(vanthu(softhsm, a, "issue", str(doc), "--token", ORG.label, "--pin-stdin",
                       "--image", str(SEAL), "--json", pin=ORG.pin))  # fmt: skip
    assert (issued["number"], issued["notation"], issued["status"]) == (1, "01/QĐ-UBND", "issued")
    again = vanthu(softhsm, a, "issue", str(doc), "--token", ORG.label, "--pin-stdin",
                   "--image", str(SEAL), pin=ORG.pin)  # fmt: skip
    assert again.returncode != 0 and again.stderr.count("\n") == 1
    assert "đã được phát hành" in again.stderr
    assert ORG.pin not in again.stdout + again.stderr

    shown = ok(vanthu(softhsm, a, "show", str(doc), "--json"))
    assert (shown["status"], shown["number"], shown["notation"]) == ("issued", 1, "01/QĐ-UBND")
    assert shown["file"]["versions"] == 3 and shown["file"]["sha256"] == issued["sha256"]
    out = tmp_path / "ra.pdf"
    ok(vanthu(softhsm, a, "file", str(doc), "-o", str(out), "--json"))
    assert pdfsig_fields(out) == [("PheDuyet1", True), ("BanHanh1", True)]
    first = tmp_path / "ban-dau.pdf"
    ok(vanthu(softhsm, a, "file", str(doc), "-o", str(first), "--version", "1", "--json"))
    assert first.read_bytes() == pdf.read_bytes()
    edit = vanthu(softhsm, a, "edit", str(doc), "--set", "code_notation=QĐ-VP")
    assert edit.returncode == 2 and "hủy" in edit.stderr

    with running_axis(tmp_path) as axis:
        for home, system in ((a, SYSTEM_A), (b, SYSTEM_B)):
            run = vanthu(softhsm, home, "axis", "config", "--endpoint", axis.url, "--system-id",
                         system[0], "--secret-stdin", pin=system[1])  # fmt: skip
            assert run.returncode == 0, run.stderr
        own = vanthu(softhsm, a, "send", str(doc), "--to", SYSTEM_A[2])
        assert own.returncode == 2 and "chính cơ quan mình" in own.stderr
        ok(vanthu(softhsm, a, "send", str(doc), "--to", SYSTEM_B[2], "--json"))
        assert ok(vanthu(softhsm, a, "sync", "--once", "--json"))["sent"] == 1
        assert ok(vanthu(softhsm, a, "show", str(doc), "--json"))["status"] == "sent"
        got = ok(vanthu(softhsm, b, "sync", "--once", "--json"))
        assert got["received"] == 1
        [incoming] = ok(vanthu(softhsm, b, "list", "--direction", "incoming", "--json"))[
            "documents"
        ]
        assert incoming["notation"] == "01/QĐ-UBND"
        received = ok(vanthu(softhsm, b, "show", str(incoming["id"]), "--json"))
        assert received["file"]["name"] == "qd.pdf"  # the name the package declared
        assert received["signatures"]["verdict"] in ("valid", "valid_with_warnings")
        ok(vanthu(softhsm, b, "status", str(incoming["id"]), "--code", "03", "--json"))
        ok(vanthu(softhsm, b, "sync", "--once", "--json"))
        ok(vanthu(softhsm, a, "sync", "--once", "--json"))
        recipients = ok(vanthu(softhsm, a, "recipients", str(doc), "--json"))["recipients"]
        assert [(r["organ_id"], r["latest"]) for r in recipients] == [(SYSTEM_B[2], "03")]
    assert ok(vanthu(softhsm, a, "audit", "verify", "--json"))["ok"]
