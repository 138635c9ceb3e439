"""`escalade lot` leaves no temporary files (issue 19): WeasyPrint's `weasyprint-*` font
folders of the workers go to a folder of the batch, removed when the pool ends, whether the
batch finished or was stopped (Ctrl-C, SIGTERM, a worker killed: the batch ends with an
error instead of waiting for ever for the lost worker's letters)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent

PROGRAMME = """
import multiprocessing
import os
import signal
import sys
from datetime import date
from pathlib import Path
from escalade.documents.lot import Tache, produire_lot
from escalade.documents.travailleurs_lot import TravailleurPerdu
from escalade.entrees.chargement import charger_fichier

mode = sys.argv[2]
exemples = sorted(Path("examples").glob("*.yaml"))[: 6 if mode == "tue" else 3]
taches = [Tache(charger_fichier(e)[0], m) for e in exemples for m in ("relance_1", "relance_2")]
sortie = Path(sys.argv[1])

def progression(n):
    if mode == "arret":
        raise KeyboardInterrupt
    if mode == "sigterm":
        os.kill(os.getpid(), signal.SIGTERM)
    if mode == "tue":
        for enfant in multiprocessing.active_children()[:1]:
            try:
                os.kill(enfant.pid, signal.SIGKILL)
            except ProcessLookupError:  # killed at an earlier letter, reaped since by the pool
                pass

try:
    bilan = produire_lot(taches, sortie, date(2026, 6, 30), processus=2, progression=progression)
    print(len(bilan.produites))
except KeyboardInterrupt:
    print("arrêté")
except TravailleurPerdu as e:
    print(e.message.split(" : ")[0])
"""


@pytest.mark.parametrize(
    ("mode", "attendu"),
    [
        ("complet", "6"),
        ("arret", "arrêté"),
        ("sigterm", "arrêté"),
        ("tue", "un processus de rendu du lot s'est arrêté brutalement (tué, ou mémoire "
                "insuffisante)"),
    ],
)  # fmt: skip
def test_aucun_dossier_temporaire_apres_un_lot(tmp_path: Path, mode: str, attendu: str) -> None:
    temporaire = tmp_path / "tmp"
    temporaire.mkdir()
    sortie = tmp_path / "lot"
    sortie.mkdir()
    r = subprocess.run(
        [sys.executable, "-c", PROGRAMME, str(sortie), mode],
        capture_output=True, text=True, cwd=RACINE, env={**os.environ, "TMPDIR": str(temporaire)},
        timeout=120,
    )  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == attendu
    assert "Traceback" not in r.stderr  # no worker prints one
    assert list(temporaire.iterdir()) == []
    assert [p.name for p in sortie.iterdir() if p.name.startswith(".")] == []  # nor .partiel
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
