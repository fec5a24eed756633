"""The signature check the core runs on every registered document with a file
(app/signature_checks.py declares the port; signing/cli.py installs this one)."""

from __future__ import annotations

import os
from pathlib import Path

from app.signature_checks import CheckedSignatures
from signing.revocation import RevocationCache
from signing.trust import TrustStore
from signing.validate import validate_pdf

ENV_OFFLINE = "VANTHU_OFFLINE"  # "1": never fetch revocation data (DSS and cache only)


class WorkspaceSignatureChecker:
    def __init__(self, home: Path) -> None:
        self.home = Path(home)

    def check(self, path: Path) -> CheckedSignatures:
        online = os.environ.get(ENV_OFFLINE, "").strip().lower() not in {"1", "yes", "true"}
        report = validate_pdf(
            Path(path).read_bytes(),
            trust=TrustStore.load(self.home),
            cache=RevocationCache.of_workspace(self.home),
            online=online,
        )
        unsigned = not report.signatures and not any(
            p.severity == "invalid" for p in report.problems
        )
        return CheckedSignatures(
            verdict="unsigned" if unsigned else report.overall,
            signatures=len(report.signatures),
            report=report.as_json(),
        )


__all__ = ["ENV_OFFLINE", "WorkspaceSignatureChecker"]
