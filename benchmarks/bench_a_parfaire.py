"""Benchmark: the « à parfaire » décompte in one pass against the passes (issue 19).

The benchmark portfolio's dossiers (`bench_decompte_portefeuille.generer`), décompte and JSON
text in one process at 4 December 2026 (or `--date`), when most décomptes are à parfaire:
- the décompte as `calculer` makes it: the first missing day found beforehand, one pass;
- baseline, in the same run: the passes (simulate, stop at the first missing day, simulate
  again), which `calculer` falls back to when that day cannot be foreseen.
Both run once untimed (the law data's caches warmed), then alternate; the minimum CPU time
of each is kept (a shared machine's noise only adds time); their JSON texts are checked equal.

Run: .venv/bin/python benchmarks/bench_a_parfaire.py [--dossiers N] [--date AAAA-MM-JJ]
"""

from __future__ import annotations

import argparse
import gc
import os
import time
from datetime import date
from unittest import mock

from bench_decompte_portefeuille import generer

from escalade.droit import a_parfaire, decompte
from escalade.droit.decompte_json import json_decompte
from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Dossier


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=5000)
    parser.add_argument("--date", type=date.fromisoformat, default=date(2026, 12, 4))
    parser.add_argument("--tours", type=int, default=3)
    arguments = parser.parse_args()
    le, jur = arguments.date, jurisprudence()
    dossiers = [Dossier.model_validate(d) for d in generer(arguments.dossiers)]
    gc.disable()  # as calculer_lot does

    def une_passe() -> list[str]:
        return [json_decompte(decompte.calculer(d, le, jur)) for d in dossiers]

    def passes() -> list[str]:
        with mock.patch.object(decompte, "_en_une_passe", side_effect=a_parfaire.Imprevisible):
            return une_passe()

    une_passe(), passes()  # the law data's caches warmed for both (not timed)
    cpu: dict[str, list[float]] = {"une": [], "passes": []}
    textes: dict[str, list[str]] = {}
    for _ in range(arguments.tours):
        for nom, fonction in (("une", une_passe), ("passes", passes)):
            debut = time.process_time()
            textes[nom] = fonction()
            cpu[nom].append(time.process_time() - debut)
    assert textes["une"] == textes["passes"]
    simulations = mock.Mock(wraps=decompte._simuler)
    with mock.patch.object(decompte, "_simuler", simulations):
        resultats = [decompte.calculer(d, le, jur) for d in dossiers]
    a_parfaire_n = sum(1 for r in resultats if r.arrete_au is not None)
    une, base = min(cpu["une"]), min(cpu["passes"])
    print(f"Décompte + JSON de {len(dossiers)} dossiers au {le.isoformat()}, un processus")
    print(f"  décomptes à parfaire                : {a_parfaire_n}")
    print(f"  simulations (une par dossier = {len(dossiers)}) : {simulations.call_count}")
    print(f"  charge de la machine : {os.getloadavg()[0]:.1f} ; CPU, minimum de {arguments.tours}")
    print(f"  référence, par les passes           : {base:6.2f} s")
    print(f"  en une passe (calculer)             : {une:6.2f} s  ({une / base - 1:+.1%})")


if __name__ == "__main__":
    main()
