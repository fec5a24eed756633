"""Time as the office sees it: Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving).
Numbers reset on 1 January of Vietnam time, whatever the computer's own time zone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

try:
    from zoneinfo import ZoneInfo

    VN_TZ: dt.tzinfo = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # no tz database at all: Vietnam has kept UTC+7 since 1975
    VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def vn_now(clock: Clock = system_clock) -> dt.datetime:
    return clock().astimezone(VN_TZ)


def vn_today(clock: Clock = system_clock) -> dt.date:
    return vn_now(clock).date()


def fixed_clock(moment: dt.datetime) -> Clock:
    """A clock that always reads ``moment`` (tests, imports of historical data)."""
    if moment.tzinfo is None:
        raise ValueError("fixed_clock needs an aware datetime")
    return lambda: moment


__all__ = ["VN_TZ", "Clock", "fixed_clock", "system_clock", "vn_now", "vn_today"]
