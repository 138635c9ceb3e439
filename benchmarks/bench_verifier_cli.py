"""`escalade verifier` on a stored dossier and `escalade --help`, whole process.

Targets (issue 19): verifier < 4x and --help < 2x the baseline measured in the same run,
`python -c "import click"` (the interpreter plus the one library every command needs).
Medians of 15 rounds after one warm-up (each command once per round: see _demarrage), wall
and CPU time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _demarrage import IMPORT_CLICK, RACINE, charge, mesurer_ensemble, rapport

ESCALADE = Path(sys.executable).parent / "escalade"
FOIS = 15


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ESCALADE_DB": str(Path(tmp) / "depot.sqlite")}
        env.pop("ESCALADE_POLITIQUE", None)
        subprocess.run(
            [str(ESCALADE), "importer", str(RACINE / "examples")], env=env, check=True,
            capture_output=True,
        )  # fmt: skip
        mesures = mesurer_ensemble({
            "base": IMPORT_CLICK,
            "aide": [str(ESCALADE), "--help"],
            "verifier": [str(ESCALADE), "verifier", "D-2026-001", "--canal", "telephone",
                         "--le", "2026-07-06T10:30", "--json"],
        }, FOIS, env)  # fmt: skip
    base, aide, verifier = mesures["base"], mesures["aide"], mesures["verifier"]
    print(f"Médianes de {FOIS} tours (processus complet, un de chaque par tour) ; {charge()}")
    print(f"  référence : python -c 'import click'     mur {base[0]:.3f} s, CPU {base[1]:.3f} s")
    ok = rapport("escalade --help", aide, base, 2)
    ok &= rapport("escalade verifier (dépôt SQLite)", verifier, base, 4)
    print("OK" if ok else "AU-DESSUS DE LA CIBLE")


if __name__ == "__main__":
    main()
