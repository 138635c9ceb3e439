"""The décompte of a whole portfolio: every core, in chunks, results streamed in input order.

Small inputs are computed in this process (starting workers costs more than it saves).
Large ones are cut into chunks of consecutive dossiers computed by forked worker processes:
the workers inherit the loaded dossiers and legal data, so a task is only a pair of indices,
and a worker sends back its chunk already rendered (JSON text) when that is what the caller
prints. The elements may also be raw data that a `preparer` turns into a dossier (a CSV
portfolio's rows, validated): then the workers validate too, each its own chunk. The cyclic
garbage collector is paused meanwhile: the engine makes no reference cycles, and rescanning
a heap of a hundred thousand invoices made the batch three times slower.
Pure orchestration: the legal computation is `escalade.droit.decompte.calculer`.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any, Literal

from escalade.droit.decompte import calculer
from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Dossier

Forme = Literal["decompte", "dict", "json", "json_lot", "octets_lot"]
SEUIL_PARALLELE = 1000  # dossiers: below, one process is faster than starting workers
TAILLE_TRANCHE = 500

_ELEMENTS: Sequence[Any] = ()  # the batch being computed, inherited by forked workers
_PREPARER: Callable[[Any], Dossier] | None = None  # and how an element becomes a dossier
Preparer = Callable[[Any], Dossier]


def coeurs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _rendre(element: Any, le: date, forme: Forme, preparer: Preparer | None) -> Any:
    dossier = element if preparer is None else preparer(element)
    resultat = calculer(dossier, le, jurisprudence())
    if forme == "decompte":
        return resultat
    if forme == "dict":
        from escalade.droit.serialisation import decompte_en_dict

        return decompte_en_dict(resultat)
    from escalade.droit.decompte_json import json_decompte

    # json_lot: already indented as an element of {"decomptes": [...]} (no pass over the
    # whole text in the parent process afterwards).
    return (
        json_decompte(resultat) if forme == "json" else "    " + json_decompte(resultat, "\n    ")
    )


def _rendre_tranche(
    elements: Sequence[Any], le: date, forme: Forme, preparer: Preparer | None
) -> list[Any]:
    if forme == "octets_lot":  # one piece: the chunk's json_lot texts joined, in UTF-8
        texte = ",\n".join(_rendre(x, le, "json_lot", preparer) for x in elements)
        return [texte.encode("utf-8")]
    return [_rendre(x, le, forme, preparer) for x in elements]


def _tranche(debut: int, fin: int, le: date, forme: Forme) -> list[Any]:
    gc.disable()
    return _rendre_tranche(_ELEMENTS[debut:fin], le, forme, _PREPARER)


def calculer_lot(
    dossiers: Sequence[Any],
    le: date,
    *,
    forme: Forme = "decompte",
    processus: int | None = None,
    taille_tranche: int = TAILLE_TRANCHE,
    preparer: Preparer | None = None,
) -> Iterator[Any]:
    """Each dossier's décompte at `le`, in input order: a `Decompte`, its JSON dict, or its
    JSON text (`json.dumps(..., ensure_ascii=False, indent=2)`; "json_lot": the same text
    indented as an element of `json_des_decomptes`' list; "octets_lot": one piece per chunk
    of `taille_tranche` dossiers, their json_lot texts joined by ",\n", in UTF-8, encoded by
    the worker). A missing legal value in
    any dossier stops the batch (`DonneeJuridiqueManquante`). `Decompte` objects hold their
    regime's closures and cannot travel between processes: they are computed here.
    `preparer`: each element is turned into its dossier by it, in the worker (an error it
    raises stops the batch there: the first in input order reaches the caller)."""
    global _ELEMENTS, _PREPARER
    jurisprudence()  # loaded once here (cached), inherited by the workers
    n = min(processus or coeurs(), -(-len(dossiers) // taille_tranche))
    actif = gc.isenabled()
    gc.disable()
    try:
        if (
            forme == "decompte"
            or n <= 1
            or sys.platform != "linux"  # forked workers inherit the batch; elsewhere, one process
            or (len(dossiers) < SEUIL_PARALLELE and processus is None)
        ):
            if forme == "octets_lot":
                for i in range(0, len(dossiers), taille_tranche):
                    tranche = dossiers[i : i + taille_tranche]
                    yield from _rendre_tranche(tranche, le, forme, preparer)
                return
            for d in dossiers:
                yield _rendre(d, le, forme, preparer)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if preparer is not None:  # once here: what it loads or builds is inherited by all
            preparer(dossiers[0])
        _ELEMENTS, _PREPARER = dossiers, preparer
        bornes = list(range(0, len(dossiers), taille_tranche))
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as executeur:
            try:
                for resultats in executeur.map(
                    _tranche,
                    bornes,
                    [b + taille_tranche for b in bornes],
                    [le] * len(bornes),
                    [forme] * len(bornes),
                ):
                    yield from resultats
            except BaseException:  # an error (or the caller stopping): no chunk left to wait for
                executeur.shutdown(wait=False, cancel_futures=True)
                raise
    finally:
        _ELEMENTS, _PREPARER = (), None
        if actif:
            gc.enable()


def json_des_decomptes(dossiers: Sequence[Any], le: date, preparer: Preparer | None = None) -> str:
    """The JSON document `escalade decompte --json` prints: one dossier's décompte, or
    {"decomptes": [...]}; the same text as `json.dumps(..., ensure_ascii=False, indent=2)`."""
    return b"".join(octets_json_des_decomptes(dossiers, le, preparer)).decode("utf-8")


def octets_json_des_decomptes(
    dossiers: Sequence[Any], le: date, preparer: Preparer | None = None
) -> Iterator[bytes]:
    """The text of `json_des_decomptes` in UTF-8, in consecutive pieces computed as they are
    given (a caller can write them out without holding the whole document); the workers of
    a large batch render and encode their chunks themselves."""
    if len(dossiers) == 1:
        for texte in calculer_lot(dossiers, le, forme="json", preparer=preparer):
            yield texte.encode("utf-8")
        return
    yield b'{\n  "decomptes": [\n'
    debut = True
    for morceau in calculer_lot(dossiers, le, forme="octets_lot", preparer=preparer):
        yield morceau if debut else b",\n" + morceau
        debut = False
    yield b"\n  ]\n}"
