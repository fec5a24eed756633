"""The demo's test tokens (SoftHSM2, made by ``vanthu demo``): their labels and PINs.

They are TEST tokens of a demo workspace under a test PKI: their PINs are printed in the
README and offered as a hint by the demo's PIN dialog (only when the workspace's setting
``demo`` is "1"). No real token's PIN is ever written anywhere.

The second organisation (the peer workspace, ``<home>/peer``) has a token of its own, in its
own token folder: its director's key and the organisation's key, each with its certificate
(``PEER_KEYS``: their CKA_IDs), so that its letters are approved and issued as ours are."""

from __future__ import annotations

OFFICIAL_TOKEN = "VanThu Demo Official"
ORG_TOKEN = "VanThu Demo Org"
PEER_TOKEN = "VanThu Demo Peer"
DEMO_PINS = {OFFICIAL_TOKEN: "123456", ORG_TOKEN: "654321", PEER_TOKEN: "246810"}
DEMO_SO_PINS = {OFFICIAL_TOKEN: "12345678", ORG_TOKEN: "87654321", PEER_TOKEN: "24681012"}
PEER_KEYS = {"official": "01", "org": "0a"}  # the peer token's keys: role -> CKA_ID (hex)

__all__ = ["DEMO_PINS", "DEMO_SO_PINS", "OFFICIAL_TOKEN", "ORG_TOKEN", "PEER_KEYS", "PEER_TOKEN"]
