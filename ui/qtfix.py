"""Work-arounds for bugs of the Qt binding, each measured before it is applied.

PySide6 6.12.0: ``SignalInstance.emit`` returns ``True`` without taking a reference to it, so
every signal emitted from Python costs ``True`` one reference. Once they are all gone the
interpreter stops at once with "Fatal Python error: bool_dealloc" (exit 134): after a few
hundred emits, that is a minute of an export's progress bar, or a test suite. PySide6 6.11
does not have the bug. ``apply()`` emits a private signal a few times, and only when that
costs references does it wrap ``emit`` to give the reference back. The task bridge
(ui/tasks.py) applies it on import: every window and test that runs work has it."""

from __future__ import annotations

import ctypes
import sys
import threading

from PySide6.QtCore import QObject, Signal, SignalInstance

PROBES = 64
_lock = threading.Lock()
_applied: list[bool] = []  # [whether emit was wrapped], once measured


class _Probe(QObject):
    pinged = Signal()


def _emit_costs_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBES):
        probe.pinged.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:  # give back what the probe took
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= PROBES // 2  # other threads may move the count a little, not by PROBES


def apply() -> bool:
    """Wrap ``SignalInstance.emit`` if this binding loses a reference per emit; whether it
    did (measured once per process)."""
    with _lock:
        if not _applied:
            needed = _emit_costs_a_reference()
            if needed:
                emit = SignalInstance.emit
                incref = ctypes.pythonapi.Py_IncRef
                incref.argtypes = [ctypes.py_object]

                def emit_keeping_true(self: SignalInstance, *args: object) -> object:
                    result = emit(self, *args)
                    if result is True or result is False:
                        incref(result)  # the reference the binding did not take
                    return result

                SignalInstance.emit = emit_keeping_true  # type: ignore[method-assign]
            _applied.append(needed)
        return _applied[0]


__all__ = ["apply"]
