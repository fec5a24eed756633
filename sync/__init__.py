"""edXML, the national axis client and the local axis server, and the desk's outbox/inbox."""

from sync.client import AxisClient
from sync.config import AxisConfig
from sync.directory import Agency
from sync.errors import AxisAuthFailed, AxisRejected, AxisUnreachable, SyncError
from sync.exchange import ExchangeService, SyncReport

__all__: list[str] = [
    "Agency",
    "AxisAuthFailed",
    "AxisClient",
    "AxisConfig",
    "AxisRejected",
    "AxisUnreachable",
    "ExchangeService",
    "SyncError",
    "SyncReport",
]
