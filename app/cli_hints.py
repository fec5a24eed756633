"""What the command line adds to an error's words: the option or command that helps. The
core's messages (app/messages.py) never name CLI options; the window adds its own hints."""

from __future__ import annotations

from app.errors import AppError, InvalidInput, StateError, WorkspaceError

HINTS: dict[tuple[str, str], tuple[str, str]] = {
    ("duplicate_document", ""): (
        "Dùng --force nếu vẫn muốn vào sổ.",
        "Use --force to register it anyway.",
    ),
    ("workspace", "not_initialised"): (
        "Hãy chạy: vanthu init --org-id … --org-name … --org-abbr …",
        "Run: vanthu init --org-id … --org-name … --org-abbr …",
    ),
    ("workspace", "axis_not_configured"): (
        "Hãy chạy: vanthu axis config --endpoint URL --system-id MÃ --secret-stdin",
        "Run: vanthu axis config --endpoint URL --system-id ID --secret-stdin",
    ),
    ("workspace", "axis_secret_missing"): (
        "Hãy chạy lại: vanthu axis config … --secret-stdin",
        "Run again: vanthu axis config … --secret-stdin",
    ),
    ("state", "not_signed"): (
        "Dùng --allow-unsigned nếu thật sự cần gửi.",
        "Use --allow-unsigned if it must go as it is.",
    ),
    ("invalid_input", "choose_one"): ("Chọn bằng --cert.", "Choose with --cert."),
    ("invalid_input", "not_loopback"): (
        "Thêm --allow-remote nếu thật sự muốn mở ra mạng.",
        "Add --allow-remote to really open it to the network.",
    ),
    ("invalid_input", "register_place"): (
        "Dùng: vanthu cancel ID --reason … rồi vào sổ lại.",
        "Use: vanthu cancel ID --reason … then register it again.",
    ),
    ("invalid_input", "not_in_place"): (
        "Văn thư phát hành bằng: vanthu issue ID --token … --pin-stdin --image DẤU.png",
        "The clerk issues with: vanthu issue ID --token … --pin-stdin --image SEAL.png",
    ),
    ("invalid_input", "output_exists"): (
        "Dùng --overwrite để ghi đè.",
        "Use --overwrite to replace it.",
    ),
}


def cli_hint(error: AppError, lang: str = "vi") -> str:
    """The hint for ``error`` on the command line, or ''."""
    problem = ""
    if isinstance(error, WorkspaceError | StateError | InvalidInput):
        problem = error.problem
    pair = HINTS.get((error.code, problem))
    if pair is None:
        return ""
    return pair[1] if lang == "en" else pair[0]


__all__ = ["HINTS", "cli_hint"]
