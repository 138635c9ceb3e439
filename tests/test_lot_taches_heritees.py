"""With fork, a batch's workers find their tasks in the list they inherit: only the task's
number crosses the pipe, no dossier is pickled (escalade.documents.travailleurs_lot)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pypdf
import pytest

from escalade.documents import travailleurs_lot
from escalade.documents.lot import Tache, produire_lot
from escalade.entrees.chargement import charger_fichier

RACINE = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(os.name != "posix", reason="fork only")
def test_aucune_tache_picklee_et_lettres_dans_l_ordre(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuser(self: Tache) -> object:
        raise AssertionError("une tâche a été sérialisée vers un processus de rendu")

    monkeypatch.setattr(Tache, "__reduce__", refuser, raising=False)
    exemples = sorted((RACINE / "examples").glob("*.yaml"))[:3]
    taches = [Tache(charger_fichier(e)[0], m) for e in exemples for m in ("relance_1", "relance_2")]
    bilan = produire_lot(taches, tmp_path, date(2026, 6, 30), processus=2)
    assert not bilan.echecs
    assert [(ligne.dossier, ligne.document) for ligne in bilan.produites] == [t.cle for t in taches]
    for ligne, tache in zip(bilan.produites, taches, strict=True):
        texte = pypdf.PdfReader(tmp_path / ligne.fichier).pages[0].extract_text()
        assert tache.dossier.debiteur.nom.split()[0] in texte
    assert travailleurs_lot._TACHES == []  # let go when the pool ends
