"""Work-arounds for reference-counting bugs of PySide6 6.12.0, applied when counter_app.ui is
imported, each only when a probe shows the bug (a fixed PySide6 runs unpatched).

CPython 3.11 frees None, True and False like any object when their count reaches zero and
then aborts ("deallocating None", "bool_dealloc"). PySide6 6.12.0 drops references in two
places the counter uses all the time:

1. `SignalInstance.emit()` called from Python returns True without owning a reference:
   one reference to True lost per emit. Patched: the wrapper gives it back.
2. A Python override returning None where C++ expects a QVariant (`data()`,
   `headerData()` of a model, asked by a view for every cell, role and repaint) loses a
   reference to None. Models return `no_value()` instead of None, which adds the reference
   the binding will drop.

Extra references to None, True or False can do no harm: they are never freed anyway.
PySide6 6.11.3 has neither bug; see the note for pyproject.toml in the issue report.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, Qt, Signal, SignalInstance

_PROBES = 64
_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None

NONE_LOSES_REFERENCE = False  # set by install()


class _Probe(QObject):
    ping = Signal()


class _ProbeModel(QAbstractListModel):
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 (Qt signature)
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def _lost(obj: object, action) -> int:
    """References to `obj` lost over `_PROBES` calls of `action` (given back afterwards)."""
    before = sys.getrefcount(obj)
    for _ in range(_PROBES):
        action()
    lost = before - sys.getrefcount(obj)
    for _ in range(max(0, lost)):
        _incref(obj)
    return lost


def emit_loses_references() -> bool:
    probe = _Probe()
    return _lost(True, probe.ping.emit) >= _PROBES * 3 // 4


def returned_none_loses_references() -> bool:
    model = _ProbeModel()
    index = model.index(0, 0)
    return _lost(None, lambda: index.data(Qt.ItemDataRole.DisplayRole)) >= _PROBES * 3 // 4


def no_value() -> None:
    """None, for a Python override that returns a QVariant to C++ (model data, headers)."""
    if NONE_LOSES_REFERENCE:
        _incref(None)
    return None


def install() -> None:
    global NONE_LOSES_REFERENCE
    NONE_LOSES_REFERENCE = NONE_LOSES_REFERENCE or returned_none_loses_references()
    if getattr(SignalInstance.emit, "hall_counter_patched", False) or not emit_loses_references():
        return
    original = SignalInstance.emit

    def emit(self, *args):
        result = original(self, *args)
        _incref(result)  # the reference the binding returned without owning
        return result

    emit.hall_counter_patched = True
    SignalInstance.emit = emit
