"""`vanthu verify`, `vanthu trust …` and `vanthu revocation …` (signing room commands; the
signing room's ``register_commands`` calls ``register_verify_commands``).

    vanthu verify FILE.pdf [--offline] [--json]
        exit 0: signed, and every signature valid or valid with warnings
        exit 6: anything else (a signature invalid or indeterminate, no signature at all, a
                damaged PDF); exit 2: not a PDF / file not found
    vanthu trust list [--json]
    vanthu trust add FILE [--anchor] [--json]      DER or PEM, one or several certificates
    vanthu trust remove FINGERPRINT [--json]       SHA-256 (a unique prefix of ≥ 8 digits)
    vanthu revocation refresh [FILE.pdf …] [--json]
    vanthu revocation list [--json]

``verify`` uses the workspace's trust store and revocation cache when ``--home`` is an
initialised workspace, else the bundled trust store alone (and no cache). ``trust`` and
``revocation`` need a workspace.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from app.clock import VN_TZ
from app.errors import InvalidInput, WorkspaceError
from app.workspace import WorkspacePaths

EXIT_NOT_VALID = 6


def register_verify_commands(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "verify", help="check the digital signatures of a PDF (exit 6 unless all are valid)"
    )
    p.add_argument("file")
    p.add_argument(
        "--offline", action="store_true", help="never use the network: the file's own data "
        "and the workspace cache only"
    )  # fmt: skip
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)

    trust = sub.add_parser("trust", help="certification authorities that signatures may chain to")
    trust_sub = trust.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = trust_sub.add_parser("list", help="bundled and added certificates, enabled or not")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_trust_list)
    p = trust_sub.add_parser("add", help="trust a certificate file (DER or PEM)")
    p.add_argument("file")
    p.add_argument(
        "--anchor", action="store_true", help="trust it as an anchor even if not self-signed"
    )
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_trust_add)
    p = trust_sub.add_parser("remove", help="remove an added certificate, disable a bundled one")
    p.add_argument("fingerprint", help="SHA-256 fingerprint (or a unique prefix)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_trust_remove)

    rev = sub.add_parser("revocation", help="cached revocation data (CRLs, OCSP responses)")
    rev_sub = rev.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = rev_sub.add_parser(
        "refresh", help="fetch the CRLs and OCSP answers of the known certificates"
    )
    p.add_argument("files", nargs="*", help="signed PDFs whose certificates to include too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_revocation_refresh)
    p = rev_sub.add_parser("list", help="what the cache holds, and as of when")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_revocation_list)


# ------------------------------------------------------------------------------ helpers ---


def _vi(text_vi: str, text_en: str) -> str:
    from app.cli import vi

    return vi(text_vi, text_en)


def _when(value: dt.datetime | str | None, seconds: bool = False) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    local = (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(VN_TZ)
    fmt = _vi("%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M") + (":%S" if seconds else "")
    return local.strftime(fmt) + " (+07:00)"


def _workspace_home(ctx: Any, required: bool) -> Path | None:
    home = ctx.home
    if WorkspacePaths(home).db.is_file():
        return home
    if required:
        raise WorkspaceError("not_initialised", str(home))
    return None


def _read_file(path: Path, field: str = "file") -> bytes:
    try:
        if not path.exists():
            raise InvalidInput(field, "not_found", value=str(path))
        if not path.is_file():
            raise InvalidInput(field, "not_a_file", value=str(path))
        return path.read_bytes()
    except PermissionError:
        raise InvalidInput(field, "unreadable", value=str(path)) from None
    except OSError:
        raise InvalidInput(field, "unreadable", value=str(path)) from None


def _read_pdf(path: Path) -> bytes:
    data = _read_file(path)
    if not data:
        raise InvalidInput("file", "empty", value=str(path))
    if b"%PDF-" not in data[:1024]:
        raise InvalidInput("file", "not_pdf", value=str(path))
    return data


def _store_and_cache(home: Path | None) -> tuple[Any, Any]:
    from signing.revocation import RevocationCache
    from signing.trust import TrustStore

    trust = TrustStore.load(home)
    cache = RevocationCache.of_workspace(home) if home is not None else None
    return trust, cache


# ------------------------------------------------------------------------------- verify ---


def cmd_verify(ctx: Any) -> int:
    from signing.validate import validate_pdf

    path = Path(ctx.args.file)
    data = _read_pdf(path)
    trust, cache = _store_and_cache(_workspace_home(ctx, required=False))
    report = validate_pdf(data, trust=trust, cache=cache, online=not ctx.args.offline)
    ctx.emit({"file": str(path)} | report.as_json(), lambda: _verify_text(path, report))
    return 0 if report.ok else EXIT_NOT_VALID


def _verify_text(path: Path, report: Any) -> str:
    from app.messages_verify import verify_label

    lines = [f"{path}"]
    for problem in report.problems:
        lines.append("  " + problem.sentence())
    total = len(report.signatures)
    if total:
        lines.append(_vi("Kết luận chung: ", "Overall: ") + verify_label("verdict", report.overall))
    for sig in report.signatures:
        lines.append("")
        kind = (
            _vi("Dấu thời gian", "Document timestamp")
            if sig.kind == "timestamp"
            else _vi("Chữ ký", "Signature")
        )
        field = f" — {_vi('ô', 'field')} «{sig.field}»" if sig.field else ""
        lines.append(f"{kind} {sig.index}/{total}{field}: {verify_label('verdict', sig.verdict)}")
        who = _vi("Đơn vị cấp dấu thời gian", "Time-stamping authority")
        if sig.kind != "timestamp":
            who = _vi("Người ký", "Signer")
        lines.append(f"  {who}: {sig.signer or '—'}")
        if sig.organisation or sig.organisation_id:
            org = sig.organisation or ""
            if sig.organisation_id:
                org = f"{org} ({sig.organisation_id})".strip()
            lines.append(f"  {_vi('Cơ quan, tổ chức', 'Organisation')}: {org}")
        if sig.issuer:
            lines.append(f"  {_vi('Tổ chức cấp chứng thư', 'Issued by')}: {sig.issuer}")
        when = _when(sig.signing_time, seconds=True)
        if sig.time_source:
            when += f" — {verify_label('time', sig.time_source)}"
        lines.append(f"  {_vi('Thời điểm ký', 'Signed at')}: {when}")
        yes, no = _vi("có", "yes"), _vi("không", "no")
        facts = []
        if sig.level:
            facts.append(f"{_vi('mức', 'level')} PAdES {sig.level}")
        if sig.intact is not None:
            facts.append(f"{_vi('nguyên vẹn', 'intact')}: {yes if sig.intact else no}")
        if sig.trusted is not None:
            facts.append(f"{_vi('tin cậy', 'trusted')}: {yes if sig.trusted else no}")
        if facts:
            lines.append("  " + " · ".join(facts))
        rev = sig.revocation
        if rev.source == "none":
            text = verify_label("revocation", "none")
        else:
            text = (
                f"{_vi('tình trạng tại', 'status as of')} {_when(rev.checked_at)}"
                f" — {verify_label('revocation', rev.source)}"
            )
        lines.append(f"  {_vi('Kiểm tra thu hồi', 'Revocation')}: {text}")
        reasons = sig.reasons()
        if reasons:
            lines.append("  " + _vi("Lý do, lưu ý:", "Reasons and notes:"))
            lines.extend(f"    - {r}" for r in reasons)
    return "\n".join(lines)


# -------------------------------------------------------------------------------- trust ---


def _trust_line(entry: Any) -> str:
    role = _vi("gốc", "anchor") if entry.anchor else _vi("trung gian", "intermediate")
    origin = _vi("kèm theo", "bundled") if entry.origin == "bundled" else _vi("thêm", "added")
    state = {
        "enabled": _vi("đang dùng", "enabled"),
        "expired": _vi(
            "hết hạn, chỉ dùng để kiểm tra chữ ký ký trước đó",
            "expired, used only to check signatures made before",
        ),
        "disabled": _vi("đã tắt", "disabled"),
    }[entry.status]
    validity = f"{entry.not_before:%Y-%m-%d} → {entry.not_after:%Y-%m-%d}"
    key = f"  {_vi('mã khóa', 'key id')} {entry.key_id}" if entry.key_id else ""
    return (
        f"{entry.fingerprint[:16].upper()}  [{role}, {origin}, {state}]  "
        f"{entry.common_name}  ({validity}){key}"
    )


def cmd_trust_list(ctx: Any) -> int:
    from signing.trust import TrustStore

    store = TrustStore.load(_workspace_home(ctx, required=True))
    entries = store.entries

    def text() -> str:
        if not entries:
            return _vi("Kho tin cậy đang trống.", "The trust store is empty.")
        return "\n".join(_trust_line(e) for e in entries)

    ctx.emit({"certificates": [e.as_json() for e in entries]}, text)
    return 0


def cmd_trust_add(ctx: Any) -> int:
    from signing.trust import TrustStore

    store = TrustStore.load(_workspace_home(ctx, required=True))
    path = Path(ctx.args.file)
    added = store.add(_read_file(path, "cert"), anchor=ctx.args.anchor, source=str(path))
    ctx.emit(
        {"added": [e.as_json() for e in added]},
        lambda: "\n".join(_vi("Đã tin cậy: ", "Trusted: ") + _trust_line(e) for e in added),
    )
    return 0


def cmd_trust_remove(ctx: Any) -> int:
    from signing.trust import TrustStore

    store = TrustStore.load(_workspace_home(ctx, required=True))
    entry = store.remove(ctx.args.fingerprint)
    said = (
        _vi("Đã tắt (chứng thư kèm theo, vẫn giữ): ", "Disabled (bundled, kept): ")
        if entry.origin == "bundled"
        else _vi("Đã xóa: ", "Removed: ")
    )
    ctx.emit(
        {
            "removed": entry.as_json()
            | {"action": "disabled" if entry.origin == "bundled" else "deleted"}
        },
        said + _trust_line(entry),
    )
    return 0


# --------------------------------------------------------------------------- revocation ---


def cmd_revocation_refresh(ctx: Any) -> int:
    from signing.revocation import refresh_workspace
    from signing.validate import signature_certificates

    home = _workspace_home(ctx, required=True)
    extra = []
    for name in ctx.args.files:
        path = Path(name)
        extra.extend(signature_certificates(_read_pdf(path)))
    # the trust store's certificates, and those seen in documents whose chain reaches one of
    # its anchors: a document cannot make the desk call addresses of its own choosing
    outcomes = refresh_workspace(home, extra)

    def text() -> str:
        if not outcomes:
            return _vi(
                "Không có địa chỉ kiểm tra thu hồi nào trong các chứng thư đã biết.",
                "No revocation URL in the known certificates.",
            )
        lines = []
        for o in outcomes:
            kind = o.kind.upper()
            if o.ok:
                lines.append(
                    f"✓ {kind} {o.url} — {o.subject} — "
                    f"{_vi('phát hành', 'issued')} {_when(o.produced_at)}"
                )
            else:
                lines.append(f"✗ {kind} {o.url} — {o.subject} — {_vi('lỗi', 'failed')}: {o.reason}")
        done = sum(o.ok for o in outcomes)
        lines.append(
            _vi(
                f"Đã lấy {done}/{len(outcomes)}; lỗi không làm dừng việc cập nhật.",
                f"Fetched {done} of {len(outcomes)}; failures do not stop the refresh.",
            )
        )
        return "\n".join(lines)

    ctx.emit(
        {
            "fetched": [o.as_json() for o in outcomes if o.ok],
            "failed": [o.as_json() for o in outcomes if not o.ok],
        },
        text,
    )
    return 0


def cmd_revocation_list(ctx: Any) -> int:
    from signing.revocation import RevocationCache

    cache = RevocationCache.of_workspace(_workspace_home(ctx, required=True))
    entries = cache.entries()
    rows = [
        {
            "kind": e.kind,
            "url": e.url,
            "fetched_at": e.fetched_at.isoformat() if e.fetched_at else None,
            "produced_at": e.produced_at.isoformat() if e.produced_at else None,
            "next_update": e.next_update.isoformat() if e.next_update else None,
            "status": e.status,
        }
        for e in entries
    ]

    def text() -> str:
        if not rows:
            return _vi(
                "Chưa có dữ liệu thu hồi nào trên máy. Chạy: vanthu revocation refresh",
                "No revocation data saved yet. Run: vanthu revocation refresh",
            )
        return "\n".join(
            f"{e.kind.upper():4} {e.url}  {_vi('lấy lúc', 'fetched')} {_when(e.fetched_at)}  "
            f"{_vi('hiệu lực đến', 'valid until')} {_when(e.next_update)}"
            for e in entries
        )

    ctx.emit({"entries": rows}, text)
    return 0


__all__ = ["EXIT_NOT_VALID", "register_verify_commands"]
