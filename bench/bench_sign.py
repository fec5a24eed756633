"""Signing on a SoftHSM2 token, warm process, PAdES B-B:

- the official's visible approve signature (the signature image) on a 1-page PDF: median;
- the same on a ~10 MB PDF;
- a batch of 100 one-page documents with one PIN entry: total time;
- a ~200 MB PDF signed in a fresh process: that process's peak memory.

The token is made here (softhsm2-util, key generated on the token, a throwaway CA)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import report, scratch, vm_hwm_mb

from resources import ROOT as RESOURCES

TOKEN, PIN, SO_PIN, KEY_ID = "VT-BENCH", "123456", "12345678", b"\x01"
IMAGE = RESOURCES / "signatures" / "chu-ky-mau.png"
BOX = (330.0, 110.0, 480.0, 172.5)
NOISE_KB = 780  # about 1 MB per page once in the PDF
TARGETS = {"approve_ms": 60, "approve_10mb_ms": 120, "batch100_s": 6.0, "rss_200mb_mb": 350}


def softhsm_module() -> Path:
    for candidate in (
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
        "/usr/lib/softhsm/libsofthsm2.so",
    ):
        if Path(candidate).is_file():
            return Path(candidate)
    raise SystemExit("SoftHSM2 is not installed (make deps installs softhsm2)")


def make_token(folder: Path) -> None:
    """A token with a key generated on it and a certificate from a throwaway CA."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    from pkcs11 import Attribute, KeyType, ObjectClass

    from signing.tokens import TokenModule

    (folder / "tokens").mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--so-pin", SO_PIN,
         "--pin", PIN], check=True, capture_output=True,
    )  # fmt: skip
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA đo hiệu năng")])
    now = dt.datetime.now(dt.UTC)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )

    def setup(lib) -> None:
        with lib.get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as s:
            public, _ = s.generate_keypair(
                KeyType.RSA, 2048, id=KEY_ID, label="khoa", store=True,
                private_template={Attribute.SIGN: True, Attribute.SENSITIVE: True,
                                  Attribute.EXTRACTABLE: False},
            )  # fmt: skip
            numbers = rsa.RSAPublicNumbers(
                int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
                int.from_bytes(public[Attribute.MODULUS], "big"),
            )
            cert = (
                x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Nguyễn Văn A")]))
                .issuer_name(ca_name)
                .public_key(numbers.public_key())
                .serial_number(7)
                .not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=365))
                .add_extension(
                    x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                    critical=True,
                )
                .sign(ca_key, hashes.SHA256())
            )
            from cryptography.hazmat.primitives.serialization import Encoding

            s.create_object(
                {
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: 0,
                    Attribute.TOKEN: True,
                    Attribute.ID: KEY_ID,
                    Attribute.LABEL: "Chứng thư số",
                    Attribute.VALUE: cert.public_bytes(Encoding.DER),
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                }
            )

    TokenModule.of(softhsm_module()).run(setup)
    from cryptography.hazmat.primitives.serialization import Encoding

    (folder / "ca.der").write_bytes(ca_cert.public_bytes(Encoding.DER))


def make_pdf(path: Path, pages: int = 1, noise_kb: int = 0) -> Path:
    """Pages of Vietnamese text, each with an incompressible noise image of ``noise_kb``."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(
        TTFont("Serif", str(RESOURCES / "fonts" / "LiberationSerif-Regular.ttf"))
    )
    c = canvas.Canvas(str(path), pagesize=A4, pageCompression=1)
    side = int((noise_kb * 1024 / 3) ** 0.5) if noise_kb else 0
    for page in range(pages):
        c.setFont("Serif", 13)
        c.drawString(60, 780, "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK — QUYẾT ĐỊNH")
        c.drawString(60, 760, f"Về việc đo hiệu năng ký số, trang {page + 1}")
        if side:  # a different image on every page, or the PDF would share one
            from PIL import Image

            noise = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
            c.drawImage(ImageReader(noise), 60, 250, 450, 450)
        c.showPage()
    c.save()
    return path


def sign(module, src: Path, dst: Path):
    from signing import Placement, Role, SignRequest, sign_document

    request = SignRequest(src, dst, Role.APPROVE, Placement(page=1, box=BOX), IMAGE)
    return sign_document(module, TOKEN, PIN, KEY_ID.hex(), request)


def timed(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def child_200mb(path: Path, folder: Path) -> None:
    """In a fresh process: sign the big file, print the peak RSS."""
    from signing.tokens import TokenModule

    os.environ["SOFTHSM2_CONF"] = str(folder / "token" / "softhsm2.conf")
    module = TokenModule.of(softhsm_module())
    before = vm_hwm_mb()
    sign(module, path, folder / "big-signed.pdf")
    print(f"{before:.1f} {vm_hwm_mb():.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--big-mb", type=int, default=200)
    parser.add_argument("--child-200mb", help=argparse.SUPPRESS)
    parser.add_argument("--make-big", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.make_big:  # in its own process: reportlab holds the whole file while writing it
        make_pdf(Path(args.make_big), pages=args.big_mb, noise_kb=NOISE_KB)
        return
    folder = scratch("sign")
    if args.child_200mb:
        child_200mb(Path(args.child_200mb), folder)
        return
    shutil.rmtree(folder)
    folder.mkdir(parents=True)
    make_token(folder / "token")
    from signing.tokens import TokenModule

    module = TokenModule.of(softhsm_module())
    one = make_pdf(folder / "one.pdf")
    ten = make_pdf(folder / "ten.pdf", pages=10, noise_kb=NOISE_KB)
    sign(module, one, folder / "warm.pdf")  # warm: imports, first key lookup
    approve = timed(lambda: sign(module, one, folder / "one-signed.pdf"), args.repeats)
    approve_10 = timed(
        lambda: sign(module, ten, folder / "ten-signed.pdf"), max(5, args.repeats // 3)
    )

    from signing import Placement, Role, SignRequest, sign_batch

    batch_dir = folder / "batch"
    batch_dir.mkdir()
    requests = []
    for i in range(args.batch):
        src = batch_dir / f"vb-{i:03d}.pdf"
        shutil.copyfile(one, src)
        requests.append(
            SignRequest(
                src, batch_dir / f"ky-{i:03d}.pdf", Role.APPROVE, Placement(page=1, box=BOX), IMAGE
            )
        )
    start = time.perf_counter()
    outcomes = sign_batch(module, TOKEN, PIN, KEY_ID.hex(), requests)
    batch_seconds = time.perf_counter() - start
    batch_ok = all(o.status == "signed" for o in outcomes)

    big = folder / "big.pdf"
    subprocess.run(
        [sys.executable, __file__, "--make-big", str(big), "--big-mb", str(args.big_mb)], check=True
    )
    big_mb = big.stat().st_size / 1e6
    run = subprocess.run(
        [sys.executable, __file__, "--child-200mb", str(big)], capture_output=True, text=True
    )
    if run.returncode:
        sys.stderr.write(run.stderr)
    base_rss, big_rss = (
        (float(v) for v in run.stdout.split()[-2:]) if run.returncode == 0 else (0, 1e9)
    )

    figures = {
        "approve_ms": round(statistics.median(approve), 1),
        "approve_p95_ms": round(sorted(approve)[int(len(approve) * 0.95) - 1], 1),
        "approve_10mb_ms": round(statistics.median(approve_10), 1),
        "ten_mb_file_mb": round(ten.stat().st_size / 1e6, 1),
        "batch100_s": round(batch_seconds, 2),
        "batch_documents": args.batch,
        "rss_200mb_mb": round(big_rss, 1),
        "rss_200mb_baseline_mb": round(base_rss, 1),
        "big_file_mb": round(big_mb, 1),
    }
    ok = (
        batch_ok
        and figures["approve_ms"] <= TARGETS["approve_ms"]
        and figures["approve_10mb_ms"] <= TARGETS["approve_10mb_ms"]
        and figures["batch100_s"] <= TARGETS["batch100_s"]
        and figures["rss_200mb_mb"] <= TARGETS["rss_200mb_mb"]
    )
    print(
        f"approve 1 page: median {figures['approve_ms']} ms (p95 {figures['approve_p95_ms']}); "
        f"{figures['ten_mb_file_mb']} MB: {figures['approve_10mb_ms']} ms; batch of {args.batch}: "
        f"{figures['batch100_s']} s; {figures['big_file_mb']} MB file: peak RSS "
        f"{figures['rss_200mb_mb']} MB (process at start {figures['rss_200mb_baseline_mb']} MB)"
    )
    shutil.rmtree(folder, ignore_errors=True)
    report({"benchmark": "sign", "ok": ok} | figures | {"targets": TARGETS})


if __name__ == "__main__":
    main()
