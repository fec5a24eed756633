"""edXML, the national axis client and the local axis server, and the desk's outbox/inbox.

The names below load on first use: importing ``sync`` (as the ``vanthu`` command does to add
its sub-commands) must not pay for ``requests`` and lxml."""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "Agency": "sync.store.directory",
    "AxisAuthFailed": "sync.errors",
    "AxisClient": "sync.client",
    "AxisConfig": "sync.config",
    "check_connection": "sync.config",
    "load_secret": "sync.config",
    "secret_backend": "sync.config",
    "secret_location": "sync.config",
    "store_secret": "sync.config",
    "AxisRejected": "sync.errors",
    "AxisUnreachable": "sync.errors",
    "ExchangeDesk": "sync.desk",
    "ExchangeService": "sync.exchange",
    "IncomingActions": "sync.incoming",
    "SenderRequest": "sync.incoming",
    "SyncError": "sync.errors",
    "SyncEvent": "sync.desk",
    "SyncReport": "sync.exchange",
    "SyncRound": "sync.desk",
    "SyncWorker": "sync.desk",
    "LetterIssuer": "sync.demo_peer",
    "PeerRobot": "sync.demo_peer",
    "ROBOT_INTERVAL": "sync.demo",
    "run_robot": "sync.demo_peer",
    "peer_home": "sync.demo",
    "register_systems": "sync.demo",
    "serve_demo": "sync.demo",
    "servers_running": "sync.demo",
    "watch_parent": "sync.demo",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'sync' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__: list[str] = sorted(_WHERE)
