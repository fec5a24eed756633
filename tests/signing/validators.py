"""Two validators we did not write, as test oracles: poppler's pdfsig (NSS) and OpenSSL CMS."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def _pem(der: bytes) -> str:
    import base64
    import textwrap

    body = "\n".join(textwrap.wrap(base64.b64encode(der).decode(), 64))
    return f"-----BEGIN CERTIFICATE-----\n{body}\n-----END CERTIFICATE-----\n"


def pdfsig_verdicts(pdf: Path, trust_der: bytes, tmpdir: Path) -> list[str]:
    """The "Signature Validation:" verdict of each signature, e.g. "Signature is Valid." or
    "Digest Mismatch.". pdfsig exits 0 even on a bad digest: only its output counts."""
    nss = Path(tmpdir) / "nssdb"
    nss.mkdir(exist_ok=True)
    ca = Path(tmpdir) / "ca-pdfsig.pem"
    ca.write_text(_pem(trust_der))
    subprocess.run(
        ["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True, capture_output=True
    )
    subprocess.run(
        ["certutil", "-A", "-d", f"sql:{nss}", "-n", "ca", "-t", "CT,C,C", "-i", str(ca)],
        check=True,
        capture_output=True,
    )
    run = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(pdf)], capture_output=True, text=True
    )
    return re.findall(r"Signature Validation:\s*(.+?)\s*$", run.stdout, flags=re.M)


def openssl_verify(
    pdf: Path, trust_der: bytes, tmpdir: Path, intermediates: list[bytes] | None = None
) -> list[bool]:
    """For each signature: does ``openssl cms -verify`` accept its CMS over its /ByteRange?
    ``intermediates``: CA certificates the CMS does not carry (field signatures carry only
    the signer's); they join the CA file as certificates to build the chain with (OpenSSL
    still requires the chain to end at the self-signed ``trust_der``: no -partial_chain)."""
    from asn1crypto.cms import ContentInfo
    from pyhanko.pdf_utils.reader import PdfFileReader

    tmpdir = Path(tmpdir)
    ca = tmpdir / "ca-openssl.pem"
    ca.write_text(_pem(trust_der) + "".join(_pem(der) for der in intermediates or []))
    data = Path(pdf).read_bytes()
    with open(pdf, "rb") as f:
        signatures = PdfFileReader(f, strict=False).embedded_signatures
        pieces = []
        for sig in signatures:
            a, b, c, d = (int(v) for v in sig.sig_object["/ByteRange"])
            contents = sig.sig_object.get_object().raw_get("/Contents")
            cms = ContentInfo.load(bytes(contents.original_bytes), strict=False).dump()
            pieces.append((data[a : a + b] + data[c : c + d], cms))
    verdicts = []
    for i, (content, cms) in enumerate(pieces):
        content_file = tmpdir / f"content-{i}.bin"
        cms_file = tmpdir / f"sig-{i}.der"
        content_file.write_bytes(content)
        cms_file.write_bytes(cms)
        run = subprocess.run(
            ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(cms_file),
             "-content", str(content_file), "-CAfile", str(ca), "-purpose", "any",
             "-out", "/dev/null"],
            capture_output=True,
        )  # fmt: skip
        verdicts.append(run.returncode == 0)
    return verdicts


def pdfsig_fields(pdf: Path) -> list[tuple[str, bool]]:
    """Every signature field pdfsig lists, with whether it holds a signature: validators count
    these, so an unsigned one shows as an empty signature to the reader."""
    run = subprocess.run(["pdfsig", "-nocert", str(pdf)], capture_output=True, text=True)
    listed = re.split(r"^Signature #\d+:\s*$", run.stdout, flags=re.M)[1:]
    found = []
    for block in listed:
        name = re.search(r"Signature Field Name:\s*(.+?)\s*$", block, flags=re.M)
        found.append((name.group(1) if name else "", "is not signed" not in block))
    return found
