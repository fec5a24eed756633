"""Regenerate tests/data/field/manifest.json from the corpus PDFs.

    .venv/bin/python tests/data/field/make_manifest.py [--check]

Where each file came from (repository, commit, path, licence, what it is) is written below
by hand: nothing in the file can tell it. Everything else, the SHA-256, the size and the facts
of every signature with its expected verdict, is recomputed from the bytes by
tests/signing/field_facts.py (pdfium, asn1crypto, pdfsig; never the project's validator).
``--check`` rewrites nothing and exits 1 when the manifest differs from what the files say.
A missing PDF is an error: the manifest describes every file or none."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.signing.field_facts import MANIFEST, file_facts, known_certificates, locate  # noqa: E402

NO_LICENCE = "no licence stated; kept as a test fixture of public material"
DSS = ("esig/dss", "d9473b8efea72fd5754623fa92bb9311f2b005c5", "LGPL-2.1 (repository LICENSE)")
DSS_DIR = "dss-pades/src/test/resources/validation/"
DIGITORUS = (
    "digitorus/pdfsign",
    "3d7049d4e891926534c0c804fd1e111c89bf1f31",
    "BSD-2-Clause (repository LICENSE)",
)

# name, repository, commit, path in the repository, licence, description, bench
SOURCES: list[tuple[str, str, str, str, str, str, bool]] = [
    (
        "vn_vgca_g2_decree50_2026_6sig.pdf",
        "diepxuan/diepxuan.github.io",
        "16728fd679ca083026e3704fa21f56bdb9911584",
        "van-ban/dat-dai/50-2026-ND-CP.pdf",
        "MIT (repository LICENSE)",
        "Government decree 50/2026/ND-CP: signed by the Deputy Prime Minister (Tran Hong Ha, "
        "ETSI.CAdES.detached) and then five times by the organisation 'CHINH PHU' (RSA-3072, "
        "adbe.pkcs7.detached), each an incremental update with a Government CA G2 timestamp: "
        "the largest Vietnamese field document found (the bench document).",
        True,
    ),
    (
        "vn_vgca_g2_hdnd_thanhhoa_4sig_2026.pdf",
        "sonthkh-alt/hdndthkpi",
        "037b71fff05ef07c7cd5b72e8b0149fae0b681e5",
        "danhmuc.pdf",
        NO_LICENCE,
        "Thanh Hoa provincial People's Council office: a 10-page official document signed by "
        "the official (Tran Manh Long) and then three times by the organisation, each an "
        "incremental update with a Government CA G2 timestamp (VGCA tools, 2026).",
        False,
    ),
    (
        "vn_vgca_g2_vpcp_portal_qd970_2024.pdf",
        "khiemledev/smartdocs_demo",
        "4906fedf9af20214647cbdfdded6406dda22a404",
        "public/samples/970-ttg.signed.pdf",
        NO_LICENCE,
        "Prime Minister's decision 970/QD-TTg as published on the Government portal: one "
        "signature of 'Cong Thong tin dien tu Chinh phu' (G2 'CA phuc vu cac co quan Nha "
        "nuoc'), timestamped; the CMS signingTime is local time written as UTC (7 h late).",
        False,
    ),
    (
        "vn_ca2_nacencomm_tax_pkcs7sha1_2013.pdf",
        "votienphat/ChuKySo",
        "a4464079ad5f5294878ba745fc64d09a23cf0401",
        "License/Sieu Viet/2013/tokhaiGTGT T0113.pdf",
        NO_LICENCE,
        "A company's VAT return of January 2013 signed for the tax portal: adbe.pkcs7.sha1, "
        "SHA-1, RSA-1024, certificate from CA2 (NACENCOMM) of the 2013 generation.",
        False,
    ),
    (
        "vn_cts_test_pkcs7sha1_2022.pdf",
        "duongtr4409/VSM_BUSSINESS_SERVICE",
        "bbf29ef5f3913a7cf9651e99f3dcd95002396082",
        "Digitally Signed PDF.pdf",
        NO_LICENCE,
        "A Vietnamese integrator's test signing (2022): adbe.pkcs7.sha1 with a certificate "
        "(CN=0100686999) from a test CA 'CTS Test' that no trust store holds.",
        False,
    ),
    (
        "vn_cts_test_itext_detached_2022.pdf",
        "duongtr4409/VSM_BUSSINESS_SERVICE",
        "bbf29ef5f3913a7cf9651e99f3dcd95002396082",
        "itext_signed.pdf",
        NO_LICENCE,
        "The same integrator and test certificate signing with iText, adbe.pkcs7.detached "
        "SHA-256 (2022).",
        False,
    ),
    (
        "vn_selfsigned_student_2025.pdf",
        "Tuanha0302/Chu_ky_so",
        "e5218b5fc6aa79ded305200d12402677250bba02",
        "signed.pdf",
        NO_LICENCE,
        "A student's report signed with a self-signed certificate (Thai Nguyen, 2025).",
        False,
    ),
    (
        "vn_no_signer_certificate_2023.pdf",
        "dongbk97/SignPdf",
        "3df7fd723c887588b57b3a643e07972e8880daa9",
        "signed.pdf",
        NO_LICENCE,
        "A Vietnamese developer's signing test (2023) whose CMS carries no certificate at "
        "all: the signer cannot be identified.",
        False,
    ),
    (
        "eu_dss_sk_cz_5sig_doctimestamp.pdf",
        DSS[0],
        DSS[1],
        DSS_DIR + "pades-5-signatures-and-1-document-timestamp.pdf",
        DSS[2],
        "EU DSS test file: five signatures from Slovak and Czech qualified CAs (2011) and a "
        "document timestamp (2019), each an incremental update.",
        False,
    ),
    (
        "eu_dss_be_eid_lt.pdf",
        DSS[0],
        DSS[1],
        DSS_DIR + "belgian_pki_multiple_ocsps_lt.pdf",
        DSS[2],
        "EU DSS test file: a Belgian eID signature (Citizen CA, 2020), timestamped, with "
        "validation data added afterwards (PAdES B-LT).",
        False,
    ),
    (
        "eu_dss_be_certipost_lta_sha512.pdf",
        DSS[0],
        DSS[1],
        DSS_DIR + "Test.signed_Certipost-2048-SHA512.extended-LTA.pdf",
        DSS[2],
        "EU DSS test file: a Certipost (Belgium) SHA-512 signature of 2013 extended to "
        "B-LTA with two document timestamps (2013, 2019).",
        False,
    ),
    (
        "eu_dss_es_pkcs7sha1_rsa1024.pdf",
        DSS[0],
        DSS[1],
        DSS_DIR + "pkcs7_sha1.pdf",
        DSS[2],
        "EU DSS test file: a Spanish official gazette signature in adbe.pkcs7.sha1 (FNMT, "
        "2009) and a later SHA-1/RSA-1024 signature (ANF, 2010).",
        False,
    ),
    (
        "eu_dss_tn_content_changed_after_signing.pdf",
        DSS[0],
        DSS[1],
        DSS_DIR + "modified_after_signature.pdf",
        DSS[2],
        "EU DSS test file: a Tunisian signature (2018) after which the page content was "
        "changed in an incremental update.",
        False,
    ),
    (
        "eu_dss_annotation_replaced_after_signing.pdf",
        DSS[0],
        DSS[1],
        DSS_DIR + "dss-2236/replace.pdf",
        DSS[2],
        "EU DSS test file (DSS-2236): a self-signed signature after which an annotation's "
        "appearance was replaced; the page content itself is unchanged.",
        False,
    ),
    (
        "cr_sinpe_2sig_2doctimestamps.pdf",
        DSS[0],
        DSS[1],
        DSS_DIR + "muestra-firmado-firmado.pdf",
        DSS[2],
        "EU DSS test file from Costa Rica (SINPE, 2021): two signatures, each followed by a "
        "document timestamp of the national TSA.",
        False,
    ),
    (
        "intl_globalsign_aatl_datasheet_2017.pdf",
        DIGITORUS[0],
        DIGITORUS[1],
        "testdoc/aatl-datasheet.pdf",
        DIGITORUS[2],
        "GlobalSign's AATL datasheet signed by GlobalSign (GlobalSign CA 2 for AATL), "
        "timestamped, 2017: a genuine foreign signature.",
        False,
    ),
    (
        "intl_globalsign_digest_mismatch_2012.pdf",
        DIGITORUS[0],
        DIGITORUS[1],
        "testdoc/sigmodified.pdf",
        DIGITORUS[2],
        "A GlobalSign-signed test file (2012) with bytes changed inside the signed range: "
        "the digest no longer matches.",
        False,
    ),
    (
        "br_govbr_broken_cms_empty_field.pdf",
        "TiagoPaza/govbr-signature",
        "a7fd1d7c2985113bbc70d971d63d276a6c596ea8",
        "signed.pdf",
        NO_LICENCE,
        "A gov.br (Brazil) signing attempt: /Contents that is not a readable CMS, next to an "
        "empty signature field.",
        False,
    ),
]


def missing_intermediates(files: list[dict]) -> list[dict]:
    """Vietnamese issuers (C=VN) of signer certificates that neither resources/trust/ nor
    ../shared/pki/vn/ holds, by key identifier."""
    found: dict[tuple, dict] = {}
    for f in files:
        for s in f["signatures"]:
            c = s["cms"]
            if c.get("issuer_c") != "VN" or c.get("self_signed"):
                continue
            known = s["issuer_known"]
            if known.get("bundled") or known.get("shared"):
                continue
            key = (c.get("issuer_cn"), c.get("issuer_o"), c.get("issuer_key_id"))
            entry = found.setdefault(
                key,
                {
                    "issuer_cn": key[0],
                    "issuer_o": key[1],
                    "issuer_key_id": key[2],
                    "seen_in": [],
                },
            )
            entry["seen_in"].append(f"{f['name']}#{s['index']}")
    return list(found.values())


def build() -> dict:
    known = known_certificates()
    files = []
    missing = []
    for name, repo, commit, path, licence, description, bench in SOURCES:
        located = locate(name)
        if located is None:
            missing.append(name)
            continue
        facts = file_facts(located, known)
        files.append(
            {
                "name": name,
                "repository": repo,
                "commit": commit,
                "path": path,
                "licence": licence,
                "description": description,
                "bench": bench,
                "sha256": facts["sha256"],
                "size": facts["size"],
                "signatures": facts["signatures"],
            }
        )
    if missing:
        raise SystemExit(f"corpus files not found (see tests/data/field/README.md): {missing}")
    return {
        "about": "Signed PDFs from public repositories and what they are, read without the "
        "project's validator. Regenerate with tests/data/field/make_manifest.py.",
        "files": files,
        "missing_intermediates": missing_intermediates(files),
    }


def main(argv: list[str]) -> int:
    text = json.dumps(build(), ensure_ascii=False, indent=1) + "\n"
    if "--check" in argv:
        same = MANIFEST.is_file() and MANIFEST.read_text(encoding="utf-8") == text
        print("manifest up to date" if same else "manifest differs from the files")
        return 0 if same else 1
    MANIFEST.write_text(text, encoding="utf-8")
    print(f"wrote {MANIFEST.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
