"""Importing WeasyPrint without its library searches (Linux).

WeasyPrint loads GObject, Pango, HarfBuzz and Fontconfig through cffi, trying for each a
list of names (`weasyprint/text/ffi.py`). A name that is not a file cffi can open goes to
`ctypes.util.find_library`, which on Linux runs `ldconfig -p` and, for a name it does not
find there, gcc and ld: 22 searches and their processes on each import, 0.14 s of CPU in
them and about 0.07 s in Python, 40 % of the import (0.51 s measured, 0.30 s without).
Each list also holds the library's soname (`libpango-1.0.so.0`), which the dynamic loader
finds on its own, as it does for every library of the system: during the import,
`find_library` answers « not found » and WeasyPrint goes on to that name. Should that fail
(a library only `find_library` knows where to find), the import is made again as
WeasyPrint makes it, its message included.
"""

from __future__ import annotations

import importlib
import io
import sys
from contextlib import redirect_stdout

MODULE = "weasyprint"


def importer(module: str = MODULE) -> None:
    """Import `module` (WeasyPrint) once, its libraries opened by their sonames."""
    if module in sys.modules or sys.platform != "linux":
        return
    import ctypes.util

    trouver = ctypes.util.find_library
    ctypes.util.find_library = _introuvable
    try:
        with redirect_stdout(io.StringIO()):  # WeasyPrint prints its advice before failing
            importlib.import_module(module)
        return
    except OSError:
        pass  # a library not found by its soname: WeasyPrint's own search, below
    finally:
        ctypes.util.find_library = trouver
    importlib.import_module(module)


def _introuvable(name: str) -> str | None:  # find_library's signature
    return None
