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


@pytest.mark.skipif(os.name != "posix", reason="fork only")
def test_les_travailleurs_heritent_du_moteur_charge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The main process builds the renderer (fonts, stylesheet) and renders the first letter
    itself; the forked workers render the others with the renderer they inherit, building
    none of their own. After the batch the main process lets it go (its font files were in
    the batch's temporary folder)."""
    from escalade.documents import rendu

    journal = tmp_path / "journal"
    construire, produire = rendu.MoteurPdf.__init__, travailleurs_lot.produire_une

    def noter(quoi: str) -> None:
        with journal.open("a") as f:
            f.write(f"{quoi} {os.getpid()}\n")

    def construire_note(self: rendu.MoteurPdf) -> None:
        noter("moteur")
        construire(self)

    def produire_note(tache: Tache) -> object:
        noter("lettre")
        return produire(tache)

    monkeypatch.setattr(rendu.MoteurPdf, "__init__", construire_note)
    monkeypatch.setattr(travailleurs_lot, "produire_une", produire_note)
    rendu.liberer_moteur()
    exemples = sorted((RACINE / "examples").glob("*.yaml"))[:4]
    taches = [Tache(charger_fichier(e)[0], m) for e in exemples for m in ("relance_1", "relance_2")]
    sortie = tmp_path / "lot"
    sortie.mkdir()
    bilan = produire_lot(taches, sortie, date(2026, 6, 30), processus=2)
    assert not bilan.echecs and len(bilan.produites) == 8
    lignes = [ligne.split() for ligne in journal.read_text().splitlines()]
    principal = str(os.getpid())
    assert [ligne for ligne in lignes if ligne[0] == "moteur"] == [["moteur", principal]]
    lettres = [pid for quoi, pid in lignes if quoi == "lettre"]
    assert len(lettres) == 8 and lettres[0] == principal
    assert principal not in lettres[1:]  # the others: in the workers
    assert rendu._MOTEUR is None and travailleurs_lot._ETAT == {}
