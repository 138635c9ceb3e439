"""`escalade verifier` on a stored dossier, whole process (target: under 0.3 s).

Baselines from the same run: an empty Python process, and `escalade --version` (the CLI's
own start-up); the figure is the median of 15 runs after one warm-up run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
ESCALADE = Path(sys.executable).parent / "escalade"
CIBLE = 0.3
FOIS = 15


def _mediane(commande: list[str], env: dict[str, str]) -> float:
    subprocess.run(commande, capture_output=True, env=env, check=False)  # warm-up
    durees = []
    for _ in range(FOIS):
        debut = time.perf_counter()
        subprocess.run(commande, capture_output=True, env=env, check=False)
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ESCALADE_DB": str(Path(tmp) / "depot.sqlite")}
        env.pop("ESCALADE_POLITIQUE", None)
        subprocess.run(
            [str(ESCALADE), "importer", str(RACINE / "examples")], env=env, check=True,
            capture_output=True,
        )  # fmt: skip
        vide = _mediane([sys.executable, "-c", "pass"], env)
        version = _mediane([str(ESCALADE), "--version"], env)
        verifier = _mediane(
            [str(ESCALADE), "verifier", "D-2026-001", "--canal", "telephone",
             "--le", "2026-07-06T10:30", "--json"], env,
        )  # fmt: skip
    print(f"référence : processus Python vide : {vide:.3f} s")
    print(f"référence : escalade --version : {version:.3f} s")
    print(f"escalade verifier (dépôt SQLite, processus entier, médiane de {FOIS}) : "
          f"{verifier:.3f} s, cible < {CIBLE} s")  # fmt: skip
    print("OK" if verifier < CIBLE else "AU-DESSUS DE LA CIBLE")


if __name__ == "__main__":
    main()
