"""`vanthu` sub-commands of the exchange room (loaded through the ``vanthu.commands`` entry
point): ``edxml`` (sync/cli_edxml.py), ``axis``, ``sync``, ``send``, ``status``, ``revoke``,
``directory`` (sync/cli_axis.py)."""

from __future__ import annotations

from typing import Any


def register_commands(sub: Any) -> None:
    from sync.cli_axis import register_axis_commands
    from sync.cli_desk import register_desk_commands
    from sync.cli_edxml import register_edxml_commands

    register_edxml_commands(sub)
    register_desk_commands(sub, register_axis_commands(sub))


__all__ = ["register_commands"]
