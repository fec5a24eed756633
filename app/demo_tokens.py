"""The demo's SoftHSM test tokens (label → PIN): test tokens, not secrets. The demo's PIN
dialog offers them as a hint only in a demo workspace (setting ``demo`` = "1")."""

from __future__ import annotations

DEMO_PINS = {"VanThu Demo Official": "123456", "VanThu Demo Org": "654321"}

__all__ = ["DEMO_PINS"]
