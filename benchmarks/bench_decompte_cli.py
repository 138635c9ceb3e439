"""Benchmark: `escalade decompte` on one dossier, the whole process (target < 4x the
baseline `python -c "import click"`, issue 19).

Median of 20 rounds of `escalade decompte examples/01_b2b_paiements_partiels.yaml --date
2026-06-30`, wall and CPU time, with the baselines measured in the same rounds (each command
once per round: see _demarrage) with the same interpreter: `python -c "import click"`,
`python -c pass` and `python -c "import pydantic"`.

Run: .venv/bin/python benchmarks/bench_decompte_cli.py [--fois N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _demarrage import IMPORT_CLICK, RACINE, charge, mesurer_ensemble, rapport

ESCALADE = Path(sys.executable).parent / "escalade"
DOSSIER = RACINE / "examples" / "01_b2b_paiements_partiels.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fois", type=int, default=20)
    fois = parser.parse_args().fois
    references = {
        "référence : python -c 'import click'": IMPORT_CLICK,
        "référence : python -c pass": [sys.executable, "-c", "pass"],
        "référence : python -c 'import pydantic'": [sys.executable, "-c", "import pydantic"],
    }
    commandes = {
        "escalade decompte (1 dossier, tableau)": [
            str(ESCALADE), "decompte", str(DOSSIER), "--date", "2026-06-30",
        ],
        "escalade decompte (1 dossier, --json)": [
            str(ESCALADE), "decompte", str(DOSSIER), "--date", "2026-06-30", "--json",
        ],
    }  # fmt: skip
    mesures = mesurer_ensemble({**references, **commandes}, fois)
    print(f"Médianes de {fois} tours (processus complet, un de chaque par tour) ; {charge()}")
    for libelle in references:
        mur, cpu = mesures[libelle]
        print(f"  {libelle:<40} mur {mur:.3f} s, CPU {cpu:.3f} s")
    base = mesures["référence : python -c 'import click'"]
    ok = True
    for libelle in commandes:
        ok &= rapport(libelle, mesures[libelle], base, 4)
    print("OK" if ok else "AU-DESSUS DE LA CIBLE")


if __name__ == "__main__":
    main()
