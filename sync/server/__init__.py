"""The local axis: a WSGI application implementing the axis protocol (docs/domain.md §10),
served by waitress on 127.0.0.1, keeping packages in SQLite and files under ``--data``.

Start it with ``vanthu axis serve --data DIR`` or ``python -m sync.server --data DIR``;
in code, ``serve(ServerConfig(data=DIR), ready=print)``."""

from __future__ import annotations

from sync.server.app import AxisApp, Faults
from sync.server.run import ServerConfig, is_loopback, serve
from sync.server.store import AxisStore

__all__ = ["AxisApp", "AxisStore", "Faults", "ServerConfig", "is_loopback", "serve"]
