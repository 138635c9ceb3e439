"""Benchmark: `escalade decompte` on one dossier, the whole process (target < 0.3 s).

Median of 20 runs of `escalade decompte examples/01_b2b_paiements_partiels.yaml --date
2026-06-30`, with two baselines measured in the same run with the same interpreter:
`python -c pass` (the interpreter's own start) and `python -c "import pydantic"` (the one
heavy library the command cannot avoid).

Run: .venv/bin/python benchmarks/bench_decompte_cli.py [--fois N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
ESCALADE = Path(sys.executable).parent / "escalade"
DOSSIER = RACINE / "examples" / "01_b2b_paiements_partiels.yaml"


def mediane(commande: list[str], fois: int) -> float:
    durees = []
    for _ in range(fois):
        debut = time.perf_counter()
        subprocess.run(commande, check=True, stdout=subprocess.DEVNULL, cwd=RACINE)
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fois", type=int, default=20)
    fois = parser.parse_args().fois
    mesures = {
        "référence : python -c pass": [sys.executable, "-c", "pass"],
        "référence : python -c 'import pydantic'": [sys.executable, "-c", "import pydantic"],
        "escalade decompte (1 dossier, tableau)": [
            str(ESCALADE), "decompte", str(DOSSIER), "--date", "2026-06-30",
        ],
        "escalade decompte (1 dossier, --json)": [
            str(ESCALADE), "decompte", str(DOSSIER), "--date", "2026-06-30", "--json",
        ],
    }  # fmt: skip
    print(f"Médiane de {fois} exécutions (processus complet), objectif < 0,300 s ;")
    print(f"charge de la machine pendant la mesure : {os.getloadavg()[0]:.1f}")
    for libelle, commande in mesures.items():
        print(f"  {libelle:<42} {mediane(commande, fois):.3f} s")


if __name__ == "__main__":
    main()
