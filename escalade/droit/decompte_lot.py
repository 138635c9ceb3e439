"""The décompte of a whole portfolio: every core, in chunks, results streamed in input order.

Small inputs are computed in this process (starting workers costs more than it saves).
Large ones are cut into chunks of consecutive dossiers computed by forked worker processes:
the workers inherit the loaded dossiers and legal data, so a task is only a pair of indices,
and a worker sends back its chunk already rendered (JSON text) when that is what the caller
prints. The cyclic garbage collector is paused meanwhile: the engine makes no reference
cycles, and rescanning a heap of a hundred thousand invoices made the batch three times slower.
Pure orchestration: the legal computation is `escalade.droit.decompte.calculer`.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, Literal

from escalade.droit.decompte import calculer
from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Dossier

Forme = Literal["decompte", "dict", "json", "json_lot"]
SEUIL_PARALLELE = 1000  # dossiers: below, one process is faster than starting workers
TAILLE_TRANCHE = 500

_DOSSIERS: Sequence[Dossier] = ()  # the batch being computed, inherited by forked workers


def coeurs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _rendre(dossier: Dossier, le: date, forme: Forme) -> Any:
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


def _tranche(debut: int, fin: int, le: date, forme: Forme) -> list[Any]:
    gc.disable()
    return [_rendre(d, le, forme) for d in _DOSSIERS[debut:fin]]


def calculer_lot(
    dossiers: Sequence[Dossier],
    le: date,
    *,
    forme: Forme = "decompte",
    processus: int | None = None,
    taille_tranche: int = TAILLE_TRANCHE,
) -> Iterator[Any]:
    """Each dossier's décompte at `le`, in input order: a `Decompte`, its JSON dict, or its
    JSON text (`json.dumps(..., ensure_ascii=False, indent=2)`; "json_lot": the same text
    indented as an element of `json_des_decomptes`' list). A missing legal value in
    any dossier stops the batch (`DonneeJuridiqueManquante`). `Decompte` objects hold their
    regime's closures and cannot travel between processes: they are computed here."""
    global _DOSSIERS
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
            for d in dossiers:
                yield _rendre(d, le, forme)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _DOSSIERS = dossiers
        bornes = list(range(0, len(dossiers), taille_tranche))
        with ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork")) as executeur:
            for resultats in executeur.map(
                _tranche,
                bornes,
                [b + taille_tranche for b in bornes],
                [le] * len(bornes),
                [forme] * len(bornes),
            ):
                yield from resultats
    finally:
        _DOSSIERS = ()
        if actif:
            gc.enable()


def json_des_decomptes(dossiers: Sequence[Dossier], le: date) -> str:
    """The JSON document `escalade decompte --json` prints: one dossier's décompte, or
    {"decomptes": [...]}; the same text as `json.dumps(..., ensure_ascii=False, indent=2)`."""
    if len(dossiers) == 1:
        return "".join(calculer_lot(dossiers, le, forme="json"))
    corps = ",\n".join(calculer_lot(dossiers, le, forme="json_lot"))
    return '{\n  "decomptes": [\n' + corps + "\n  ]\n}"
