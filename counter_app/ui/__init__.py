"""The counter's Qt user interface (the only package that imports Qt)."""

from . import qt_compat

qt_compat.install()
