"""The workspace's token settings (``pkcs11_modules``, ``softhsm_conf``) applied to a process
by ``use_workspace_tokens`` — in a fresh process each time: SoftHSM reads its configuration
once per process, and this one may have loaded it already."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.demo_tokens import DEMO_PINS, OFFICIAL_TOKEN, ORG_TOKEN, PEER_TOKEN
from app.workspace import Workspace
from tests.conftest import ROOT

PROBE = """
import json, os, sys
from app.workspace import Workspace
from signing import use_workspace_tokens
with Workspace(sys.argv[1]) as ws:
    before = os.environ.get("SOFTHSM2_CONF")
    got = use_workspace_tokens(ws)
print(json.dumps({"before": before, "after": os.environ.get("SOFTHSM2_CONF"),
                  "modules": list(got.modules), "applied": got.applied}))
"""


def probe(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "SOFTHSM2_CONF"}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(home)], capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_the_demo_pins_are_the_agreed_ones() -> None:
    assert DEMO_PINS == {
        "VanThu Demo Official": "123456",
        "VanThu Demo Org": "654321",
        "VanThu Demo Peer": "246810",  # the second organisation's (README)
    }
    assert {OFFICIAL_TOKEN, ORG_TOKEN, PEER_TOKEN} == set(DEMO_PINS)


def test_settings_reach_the_process(workspace: Workspace, tmp_path: Path) -> None:
    home = workspace.paths.home
    assert probe(home) == {"before": None, "after": None, "modules": [], "applied": True}
    module = tmp_path / "libvendor-pkcs11.so"
    module.write_bytes(b"\x7fELF")
    (home / "tokens").mkdir()
    workspace.set_settings(
        {
            "softhsm_conf": "tokens/softhsm2.conf",  # relative: from the workspace folder
            "pkcs11_modules": json.dumps([str(module), str(tmp_path / "gone.so")]),
        }
    )
    got = probe(home)
    assert got["after"] == str(home / "tokens" / "softhsm2.conf")
    assert got["modules"] == [str(module)]  # a module that is not there is left out
    workspace.set_settings({"pkcs11_modules": str(module)})  # one plain path
    assert probe(home)["modules"] == [str(module)]
