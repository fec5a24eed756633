"""Finding PKCS#11 modules without setup: the module names seen on Vietnamese offices' tokens
(docs/domain.md §8) in the usual system folders, plus paths from settings and
``VANTHU_PKCS11_MODULE`` (several separated by the OS path separator)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

WINDOWS_NAMES = (
    "eTPKCS11.dll", "vnpt-ca_csp11.dll", "VNPT-CA_v34.dll", "vnptca_p11_v6.dll",
    "vnptca_p11_v7.dll", "vnptca_p11_v8.dll", "vnptca_p11_v9.dll", "vnptca_p11_v10.dll",
    "vnpt-ca_cl_v1.dll", "viettel-ca.dll", "viettel-ca_v1.dll", "viettel-ca_v2.dll",
    "viettel-ca_v3.dll", "viettel-ca_v4.dll", "viettel-ca_v5.dll", "viettel-ca_v6.dll",
    "BkavCA.dll", "fpt-ca.dll", "fpt-ca-stx.dll", "CA2_v34.dll", "CA2_csp11.dll",
    "ShuttleCsp11_3003.dll", "ngp11v211.dll", "eps2003csp11.dll", "gclib.dll", "wdpkcs.dll",
    "bit4xpki.dll", "opensc-pkcs11.dll", "softhsm2-x64.dll", "softhsm2.dll",
)  # fmt: skip
UNIX_NAMES = (
    "libeTPkcs11.so", "libbit4xpki.so", "libwdpkcs.so", "libcastle.so.1.0.0",
    "opensc-pkcs11.so", "viettel-ca_v6.so", "fptca_v4.so", "libsofthsm2.so",
)  # fmt: skip
MAC_NAMES = (
    "libeTPkcs11.dylib", "libbit4xpki.dylib", "viettel-ca_v6.dylib", "opensc-pkcs11.so",
    "libsofthsm2.so", "libsofthsm2.dylib",
)  # fmt: skip


def search_folders(platform: str = sys.platform) -> list[Path]:
    if platform.startswith("win"):
        root = Path(os.environ.get("SYSTEMROOT", r"C:\Windows"))
        return [root / "System32", root / "SysWOW64"]
    if platform == "darwin":
        return [Path(p) for p in ("/usr/local/lib", "/opt/homebrew/lib", "/Library/OpenSC/lib",
                                  "/usr/local/lib/softhsm", "/opt/homebrew/lib/softhsm")]  # fmt: skip
    folders = ["/usr/lib", "/usr/lib64", "/usr/local/lib", "/lib"]
    for base in ("/usr/lib", "/usr/local/lib"):
        for arch in ("x86_64-linux-gnu", "aarch64-linux-gnu"):
            folders.append(f"{base}/{arch}")
    expanded = []
    for folder in folders:
        expanded += [folder, f"{folder}/pkcs11", f"{folder}/softhsm"]
    return [Path(p) for p in dict.fromkeys(expanded)]


def known_names(platform: str = sys.platform) -> tuple[str, ...]:
    if platform.startswith("win"):
        return WINDOWS_NAMES
    return MAC_NAMES if platform == "darwin" else UNIX_NAMES


def find_modules(
    configured: Iterable[str | os.PathLike[str]] = (),
    *,
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    folders: Iterable[Path] | None = None,
) -> list[Path]:
    """Every module that exists: configured and environment paths first, then known names in
    the system folders. The same file reached by two paths (symlinks) appears once."""
    env = os.environ if env is None else env
    candidates: list[Path] = [Path(p) for p in configured]
    candidates += [Path(p) for p in env.get("VANTHU_PKCS11_MODULE", "").split(os.pathsep) if p]
    for folder in folders if folders is not None else search_folders(platform):
        candidates += [folder / name for name in known_names(platform)]
    found: dict[Path, Path] = {}
    for path in candidates:
        try:
            if path.is_file():
                found.setdefault(path.resolve(), path)
        except OSError:
            continue
    return list(found.values())


__all__ = ["find_modules", "known_names", "search_folders"]
