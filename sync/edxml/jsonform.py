"""edXML messages as JSON, both ways: what ``vanthu edxml parse --json`` prints and what
``vanthu edxml build --json-in`` reads. Keys are the model's field names (``from`` for the
sender), dates ``YYYY-MM-DD``, timestamps ``YYYY-MM-DDTHH:MM:SS`` (Vietnam time)."""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import fields, is_dataclass
from enum import IntEnum
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from app.errors import InvalidInput
from sync.edxml.model import (
    STATUS_CODES,
    EdocMessage,
    Message,
    OutgoingAttachment,
    ParsedPackage,
    StaffInfo,
    StatusMessage,
)
from sync.edxml.reader import parse_moment


def to_json(value: Any) -> Any:
    """Dataclasses become objects with their field names; dates ISO; tuples lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, IntEnum):
        return int(value)
    return value


def message_to_json(message: Message) -> dict[str, Any]:
    """The same keys for both kinds: what a kind lacks is null (or an empty list)."""
    if isinstance(message, StatusMessage):
        return {
            "kind": "status",
            "document_id": None,
            "code": None,
            "subject": None,
            "from": to_json(message.sender),
            "to": [],
            "promulgation": None,
            "business": None,
            "response_for": to_json(message.response_for),
            "status": {
                "code": message.status_code,
                "meaning": STATUS_CODES.get(message.status_code),
                "description": message.description,
                "timestamp": to_json(message.timestamp),
                "staff": to_json(message.staff),
            },
        }
    data = to_json(message)
    ordered = {"kind": "edoc", "document_id": data.pop("document_id")}
    ordered["code"] = data.pop("code")
    ordered["subject"] = data.pop("subject")
    ordered["from"] = data.pop("sender")
    ordered["to"] = data.pop("to")
    ordered["promulgation"] = data.pop("promulgation")
    ordered["business"] = data.pop("business")
    ordered["response_for"] = data.pop("response_for")
    ordered["status"] = None
    return ordered | data


def package_to_json(package: ParsedPackage) -> dict[str, Any]:
    return message_to_json(package.message) | {
        "attachments": [to_json(a) for a in package.attachments],
        "repairs": [to_json(r) for r in package.repairs],
        "signed": package.signed,
        "package_size": package.package_size,
    }


# --------------------------------------------------------------------------- from JSON ---


def message_from_json(data: Any) -> Message:
    """The message ``message_to_json`` wrote (unknown keys refused, missing ones default)."""
    if not isinstance(data, dict):
        raise InvalidInput("json", "not_an_object")
    data = {k: v for k, v in data.items() if k not in _OUTPUT_ONLY}
    kind = data.pop("kind", "edoc")
    if kind == "status":
        status = data.pop("status", None)
        if not isinstance(status, dict):
            raise InvalidInput("json", "missing", value="status")
        for key in ("document_id", "code", "subject", "to", "promulgation", "business"):
            if data.pop(key, None) not in (None, []):
                raise InvalidInput("json", "unknown_field", value=key)
        status = {k: v for k, v in status.items() if k != "meaning"}
        fields_ = {
            "sender": data.pop("from", None),
            "response_for": data.pop("response_for", []),
            "status_code": status.pop("code", None),
            "description": status.pop("description", ""),
            "timestamp": status.pop("timestamp", None),
            "staff": status.pop("staff", to_json(StaffInfo())),
        }
        if data or status:
            raise InvalidInput("json", "unknown_field", value=", ".join([*data, *status]))
        return _build(StatusMessage, fields_, "status")
    if kind != "edoc":
        raise InvalidInput("json", "unknown", value=kind)
    data.pop("status", None)
    if "from" in data:
        data["sender"] = data.pop("from")
    return _build(EdocMessage, data, "edoc")


def attachments_from_json(data: Any, base: Path) -> list[OutgoingAttachment]:
    """``[{"name", "content_type", "path", "description"}]``; paths relative to ``base``."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise InvalidInput("json", "malformed", value="attachments")
    found = []
    for item in data:
        if not isinstance(item, dict) or not item.get("path") or not item.get("name"):
            raise InvalidInput("json", "missing", value="attachments[].name, path")
        found.append(
            OutgoingAttachment(
                name=str(item["name"]),
                content_type=str(item.get("content_type") or ""),
                path=base / str(item["path"]),
                description=str(item.get("description") or ""),
            )
        )
    return found


_OUTPUT_ONLY = {"attachments", "repairs", "signed", "package_size"}


def _build(cls: type, data: Any, path: str) -> Any:
    if not isinstance(data, dict):
        raise InvalidInput("json", "malformed", value=path)
    hints = get_type_hints(cls)
    names = {f.name for f in fields(cls)}
    unknown = [k for k in data if k not in names]
    if unknown:
        raise InvalidInput("json", "unknown_field", value=f"{path}.{unknown[0]}")
    values = {k: _value(hints[k], v, f"{path}.{k}") for k, v in data.items()}
    try:
        return cls(**values)
    except TypeError:
        missing = [f.name for f in fields(cls) if f.name not in values]
        raise InvalidInput(
            "json", "missing", value=f"{path}.{missing[0] if missing else ''}"
        ) from None


def _value(kind: Any, value: Any, path: str) -> Any:
    origin, args = get_origin(kind), get_args(kind)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        kind = next(a for a in args if a is not type(None))
        origin, args = get_origin(kind), get_args(kind)
    if origin is tuple:
        if not isinstance(value, list):
            raise InvalidInput("json", "malformed", value=path)
        return tuple(_value(args[0], v, f"{path}[]") for v in value)
    if is_dataclass(kind):
        return _build(kind, value, path)
    if kind in (dt.date, dt.datetime):
        moment = parse_moment(str(value)) if isinstance(value, str) else None
        if moment is None:
            raise InvalidInput("json", "malformed", value=f"{path}: {value}")
        return moment if kind is dt.datetime else moment.date()
    if kind is bool and isinstance(value, bool):
        return value
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind is str and isinstance(value, str):
        return value
    raise InvalidInput("json", "malformed", value=f"{path}: {value!r}"[:80])


__all__ = [
    "attachments_from_json",
    "message_from_json",
    "message_to_json",
    "package_to_json",
    "to_json",
]
