"""Speed of the pure gate (escalade.recouvrement.conformite.verifier) with a journal window in
memory.

Prints the median time per check for a journal of N contacts (the window the store feeds),
and, as a baseline measured in the same run, the median time of the cheapest possible pass
over the same journal (reading each contact's timestamp once).

    .venv/bin/python benchmarks/bench_gate_pure.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Contact
from escalade.droit.valeurs import PARIS
from escalade.entrees.chargement import charger_fichier
from escalade.recouvrement.conformite import verifier
from escalade.recouvrement.politique import politique_par_defaut

RACINE = Path(__file__).resolve().parent.parent


def _journal(n: int, fin: datetime) -> list[Contact]:
    canaux = ("email", "telephone", "courrier", "sms")
    return [
        Contact(le=fin - timedelta(minutes=180 * i + 7), canal=canaux[i % 4], objet="relance")  # type: ignore[arg-type]
        for i in range(n)
    ]


def _median(fonction, repetitions: int = 2000) -> float:  # type: ignore[no-untyped-def]
    mesures = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        fonction()
        mesures.append(time.perf_counter() - debut)
    return statistics.median(mesures)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    jur = jurisprudence()
    politique = politique_par_defaut(jur)
    dossier = charger_fichier(RACINE / "examples" / "01_b2b_paiements_partiels.yaml")[0]
    le = datetime(2026, 5, 6, 11, 0, tzinfo=PARIS)
    journal = _journal(n, le)
    verifier(dossier, "telephone", le, journal, politique, jur)  # warm caches (holidays)
    gate = _median(lambda: verifier(dossier, "telephone", le, journal, politique, jur))
    vide = _median(lambda: verifier(dossier, "telephone", le, [], politique, jur))
    base = _median(lambda: [c.le.timestamp() for c in journal])
    print(f"verifier, journal de {n} contacts : {gate * 1e3:.3f} ms (médiane)")
    print(f"verifier, journal vide            : {vide * 1e3:.3f} ms (médiane)")
    print(f"référence, lecture des horodatages : {base * 1e3:.3f} ms (médiane)")


if __name__ == "__main__":
    main()
