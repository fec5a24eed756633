"""The demo's test tokens (SoftHSM2, made by ``vanthu demo``): their labels and PINs.

They are TEST tokens of a demo workspace under a test PKI: their PINs are printed in the
README and offered as a hint by the demo's PIN dialog (only when the workspace's setting
``demo`` is "1"). No real token's PIN is ever written anywhere."""

from __future__ import annotations

OFFICIAL_TOKEN = "VanThu Demo Official"
ORG_TOKEN = "VanThu Demo Org"
DEMO_PINS = {"VanThu Demo Official": "123456", "VanThu Demo Org": "654321"}
DEMO_SO_PINS = {OFFICIAL_TOKEN: "12345678", ORG_TOKEN: "87654321"}  # security officer

__all__ = ["DEMO_PINS", "DEMO_SO_PINS", "OFFICIAL_TOKEN", "ORG_TOKEN"]
