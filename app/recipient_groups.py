"""Groups of frequent recipients ("the districts", "the departments"): a name and the
organisations in it, kept in the workspace's settings (one JSON value, ``recipient_groups``,
changed with a ``settings`` history event like every setting). The clerk saves a group once
and picks it the next time instead of searching each organisation again."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.errors import InvalidInput
from app.model import organ_id

SETTING = "recipient_groups"
MAX_NAME = 120
MAX_MEMBERS = 500


@dataclass(frozen=True)
class Member:
    organ_id: str
    name: str = ""

    def as_json(self) -> dict[str, str]:
        return {"organ_id": self.organ_id, "name": self.name}


@dataclass(frozen=True)
class RecipientGroup:
    name: str
    members: tuple[Member, ...]

    @property
    def organ_ids(self) -> list[str]:
        return [m.organ_id for m in self.members]

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "members": [m.as_json() for m in self.members]}


def groups(ws: Any) -> list[RecipientGroup]:
    """The saved groups, by name (a damaged value reads as no groups, never as an error)."""
    try:
        raw = json.loads(ws.setting(SETTING) or "[]")
    except ValueError:
        return []
    found = []
    for entry in raw if isinstance(raw, list) else []:
        if not isinstance(entry, dict) or not str(entry.get("name", "")).strip():
            continue
        members = tuple(
            Member(str(m.get("organ_id", "")), str(m.get("name", "")))
            for m in entry.get("members", [])
            if isinstance(m, dict) and m.get("organ_id")
        )
        found.append(RecipientGroup(str(entry["name"]).strip(), members))
    return sorted(found, key=lambda g: g.name.casefold())


def save_group(ws: Any, name: str, members: Iterable[Member | tuple[str, str]]) -> RecipientGroup:
    """Save (or replace) the group ``name`` with ``members`` (organisation ids checked)."""
    name = " ".join(str(name or "").split())
    if not name:
        raise InvalidInput("group", "missing")
    if len(name) > MAX_NAME:
        raise InvalidInput("group", "too_long", value=name[:40], limit=MAX_NAME)
    kept: dict[str, Member] = {}
    for m in members:
        member = m if isinstance(m, Member) else Member(*m)
        oid = organ_id(member.organ_id, "organ_id")
        kept.setdefault(oid, Member(oid, member.name.strip()))
    if not kept:
        raise InvalidInput("recipients", "missing")
    if len(kept) > MAX_MEMBERS:
        raise InvalidInput("recipients", "too_many", value=len(kept), limit=MAX_MEMBERS)
    group = RecipientGroup(name, tuple(kept.values()))
    others = [g for g in groups(ws) if g.name.casefold() != name.casefold()]
    _store(ws, [*others, group], saved=name)
    return group


def delete_group(ws: Any, name: str) -> bool:
    """Forget the group ``name``; False when there was none."""
    current = groups(ws)
    kept = [g for g in current if g.name.casefold() != str(name).strip().casefold()]
    if len(kept) == len(current):
        return False
    _store(ws, kept, deleted=str(name).strip())
    return True


def _store(ws: Any, items: list[RecipientGroup], **event: Any) -> None:
    value = json.dumps([g.as_json() for g in items], ensure_ascii=False)
    ws.set_settings({SETTING: value}, recipient_group=event)


__all__ = ["Member", "RecipientGroup", "delete_group", "groups", "save_group"]
