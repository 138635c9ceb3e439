"""The identifier and bank checks that passed, kept between runs (SIREN, SIRET, TVA, IBAN, BIC).

Importing python-stdnum and schwifty costs about 40 ms of CPU, a sixth of `escalade decompte`
on one dossier (issue 19), while the same creditor and debtors are checked run after run. A
check that passed is kept in the user's cache folder (`$XDG_CACHE_HOME/escalade/`, beside the
law's cache) with its result (the normal form), under a key made of the installed libraries
(and pycountry, whose country list checks a BIC) and the text of the module that makes the
checks (`escalade.droit.parties`): the same value checked by the same code with the same
libraries gives the same answer, so it is taken from there without importing them. A check
that fails is never kept (checked again, the library's reason given). A library is named in
the key by its package file (path, size, modification time), found without importing it:
installing another version, or the same again, rewrites that file. (Asking each one's version
of `importlib.metadata` read the names of every installed distribution: ~5 ms of a start.)

Stored with `marshal`, which runs no code when read (unlike pickle). At most `RETENUES_MAX`
results, the latest: a portfolio of 100 000 debtors does not make every start read a large
file. A missing, damaged or stale file is ignored, one that cannot be written too. The
command line writes what a run checked when a command succeeds (`retenir`); nothing else
writes.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

R = TypeVar("R")

# Bump when this encoding changes.
_FORMAT = "escalade/verifications 2"
# The modules of python-stdnum, schwifty and pycountry (the country list schwifty checks a
# BIC's country code against).
_BIBLIOTHEQUES = ("stdnum", "schwifty", "pycountry")
_VERIFICATEURS = ("parties.py",)  # the checks' own code is part of the key
RETENUES_MAX = 1000

_connues: dict[tuple[str | None, ...], Any] | None = None  # read on first use
_nouvelles = False
_verrou = threading.Lock()  # the server validates in several threads


def fichier_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "escalade" / "verifications.marshal"


def _installee(module: str) -> tuple[str, int, int] | None:
    """The installed library, without importing it: its package file's path, size and
    modification time (None: not installed)."""
    from importlib.util import find_spec

    try:
        spec = find_spec(module)
        if spec is None or spec.origin is None:
            return None
        etat = os.stat(spec.origin)
    except (ImportError, ValueError, OSError):
        return None
    return spec.origin, etat.st_size, etat.st_mtime_ns


def _cle() -> tuple[Any, ...]:
    ici = Path(__file__).parent
    codes = (ici.joinpath(m).read_text(encoding="utf-8") for m in _VERIFICATEURS)
    return (_FORMAT, *map(_installee, _BIBLIOTHEQUES), *codes)


def _lire() -> dict[tuple[str | None, ...], Any]:
    try:
        cle, resultats = marshal.loads(fichier_cache().read_bytes())
        if cle != _cle() or type(resultats) is not dict:
            return {}
        return resultats
    except (OSError, EOFError, ValueError, TypeError):
        return {}


def verifie(verifier: Callable[..., R], *valeurs: str | None) -> R:
    """`verifier(*valeurs)`, or its result kept by an earlier run (the same check of the same
    values by the same code and libraries). `verifier` raises when the check fails."""
    global _connues, _nouvelles
    cle = (verifier.__name__, *valeurs)
    with _verrou:
        if _connues is None:
            _connues = _lire()
        if cle in _connues:
            connu: R = _connues[cle]
            return connu
    resultat = verifier(*valeurs)
    with _verrou:
        _connues[cle] = resultat
        _nouvelles = True
        while len(_connues) > RETENUES_MAX:
            del _connues[next(iter(_connues))]  # the oldest first
    return resultat


def retenir() -> None:
    """Write the results this run added, if any (atomic: a concurrent run reads the old file
    or the new one). Called by the command line when a command ends."""
    global _nouvelles
    with _verrou:
        if not _nouvelles or _connues is None:
            return
        _nouvelles = False
        gardees = dict(_connues)
    cible = fichier_cache()
    provisoire = cible.with_name(f"{cible.name}.{os.getpid()}")
    try:
        cible.parent.mkdir(parents=True, exist_ok=True)
        provisoire.write_bytes(marshal.dumps((_cle(), gardees)))
        os.replace(provisoire, cible)
    except (OSError, ValueError):
        with contextlib.suppress(OSError):  # not even written: nothing to remove
            provisoire.unlink(missing_ok=True)
