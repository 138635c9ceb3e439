"""`escalade plan` over 10 000 dossiers (target: under 10 s, whole process).

Baseline from the same run: the same command over 100 dossiers (start-up and fixed costs),
so the figure shows what the portfolio size itself costs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _depot_bench import dossiers

from escalade.droit.valeurs import PARIS
from escalade.stockage import depot
from escalade.stockage.moteur import moteur, transaction_ecriture

CIBLE = 10.0


def _store(dossier_tmp: Path, n: int) -> tuple[str, float]:
    url = f"sqlite:///{dossier_tmp / f'plan_{n}.sqlite'}"
    debut = time.perf_counter()
    with transaction_ecriture(moteur(url)) as c:
        depot.importer(c, dossiers(n), datetime(2026, 6, 30, 9, tzinfo=PARIS))
    return url, time.perf_counter() - debut


def _plan(url: str) -> tuple[float, int]:
    debut = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-c", "from escalade.cli import main; main()", "plan",
         "--date", "2026-06-30", "--json", "--db", url],
        capture_output=True, text=True, check=True, env=os.environ,
    )  # fmt: skip
    duree = time.perf_counter() - debut
    return duree, r.stdout.count('"dossier":')


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        petit, _ = _store(Path(tmp), 100)
        grand, import_s = _store(Path(tmp), 10_000)
        base, n_base = _plan(petit)
        duree, n = _plan(grand)
    print(f"import de 10 000 dossiers (mise en place) : {import_s:.1f} s")
    print(f"référence : escalade plan sur 100 dossiers : {base:.2f} s ({n_base} actions)")
    print(f"escalade plan sur 10 000 dossiers : {duree:.2f} s ({n} actions), cible < {CIBLE} s")
    print("OK" if duree < CIBLE else "AU-DESSUS DE LA CIBLE")


if __name__ == "__main__":
    main()
