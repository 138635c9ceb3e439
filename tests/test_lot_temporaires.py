"""`escalade lot` leaves no temporary files (issue 19): WeasyPrint's `weasyprint-*` font
folders of the workers go to a folder of the batch, removed when the pool ends, whether the
batch finished or was stopped."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent

PROGRAMME = """
import sys
from datetime import date
from pathlib import Path
from escalade.documents.lot import Tache, produire_lot
from escalade.entrees.chargement import charger_fichier

exemples = sorted(Path("examples").glob("*.yaml"))[:3]
taches = [Tache(charger_fichier(e)[0], m) for e in exemples for m in ("relance_1", "relance_2")]
sortie = Path(sys.argv[1])
arreter = sys.argv[2] == "arret"

def progression(n):
    if arreter:
        raise KeyboardInterrupt

try:
    bilan = produire_lot(taches, sortie, date(2026, 6, 30), processus=2, progression=progression)
    print(len(bilan.produites))
except KeyboardInterrupt:
    print("arrêté")
"""


@pytest.mark.parametrize(("mode", "attendu"), [("complet", "6"), ("arret", "arrêté")])
def test_aucun_dossier_temporaire_apres_un_lot(tmp_path: Path, mode: str, attendu: str) -> None:
    temporaire = tmp_path / "tmp"
    temporaire.mkdir()
    sortie = tmp_path / "lot"
    sortie.mkdir()
    r = subprocess.run(
        [sys.executable, "-c", PROGRAMME, str(sortie), mode],
        capture_output=True, text=True, cwd=RACINE, env={**os.environ, "TMPDIR": str(temporaire)},
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == attendu
    assert list(temporaire.iterdir()) == []
    assert not (sortie / ".temporaire").exists()
    if mode == "complet":
        assert len(list(sortie.glob("D-*.pdf"))) == 6


def test_un_fsync_par_lot_et_non_par_lettre(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The letters are not synced one by one (resuming checks their SHA-256): the batch syncs
    once, then writes its manifest; the fsyncs left are the manifest's two writes and the
    merged PDF, whatever the number of letters."""
    from datetime import date

    from escalade.documents.lot import Tache, lire_manifeste, produire_lot
    from escalade.entrees.chargement import charger_fichier

    appels: list[str] = []
    fsync, sync = os.fsync, os.sync
    monkeypatch.setattr(os, "fsync", lambda fd: (appels.append("fsync"), fsync(fd))[1])
    monkeypatch.setattr(os, "sync", lambda: (appels.append("sync"), sync())[1])
    exemples = sorted((RACINE / "examples").glob("*.yaml"))
    for n in (1, 4):
        appels.clear()
        sortie = tmp_path / f"lot{n}"
        sortie.mkdir()
        taches = [Tache(charger_fichier(e)[0], "relance_1") for e in exemples[:n]]
        bilan = produire_lot(taches, sortie, date(2026, 6, 30), processus=1)
        assert len(bilan.produites) == n and not bilan.echecs
        assert appels == ["fsync", "fsync", "sync", "fsync"]
        assert len(lire_manifeste(sortie / "manifeste.csv")) == n  # each file's SHA-256 checked
