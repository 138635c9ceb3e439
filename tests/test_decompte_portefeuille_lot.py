"""`escalade decompte portefeuille.csv --json` on a large portfolio: the rows are grouped
here and each dossier is validated, computed and written by the worker processes. Same text
as validating and computing everything in one process; an invalid row still stops the
command with exit 2, its line and field named, nothing on stdout."""

from __future__ import annotations

import functools
import io
import json
from datetime import date
from pathlib import Path

import pytest

from escalade.droit.decompte import calculer
from escalade.droit.decompte_lot import SEUIL_PARALLELE, calculer_lot
from escalade.droit.dossier_au import dossier_au
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.jurisprudence import jurisprudence
from escalade.droit.modele import Dossier
from escalade.droit.serialisation import decompte_en_dict
from escalade.entrees.portefeuille_csv import (
    Brouillon,
    dossiers_du_csv,
    lire_portefeuille,
    valider_brouillon,
)
from tests.stockage_commun import lancer

ENTETE = (
    "reference;creancier_nom;creancier_siren;creancier_code_postal;creancier_ville;"
    "debiteur_nom;debiteur_type;debiteur_code_postal;debiteur_ville;numero;date_emission;"
    "date_echeance;montant_ttc;montant_paye;date_paiement\n"
)
TYPES = ("professionnel", "consommateur", "personne_publique")


def _csv(n: int) -> str:
    """n dossiers of two invoices each (the first one half paid), the three regimes."""
    lignes = [ENTETE]
    for i in range(n):
        type_ = TYPES[i % 3]
        for k in range(2):
            jour = 1 + (i + k) % 28
            paye = f"{(i % 50) * 10 + 5}.00;2025-03-{jour:02d}" if k == 0 else ";"
            lignes.append(
                f"D-{i:04d};Atelier Durand SARL;732829320;75002;Paris;Client {i};{type_};69006;"
                f"Lyon;F{i}-{k};2024-10-{jour:02d};2024-11-{jour:02d};{1000 + i}.{k}5;{paye}\n"
            )
    return "".join(lignes)


def _preparer(le: date, brouillon: Brouillon) -> Dossier:
    return dossier_au(valider_brouillon(brouillon), le)


@pytest.mark.parametrize("le", [date(2026, 6, 30), date(2026, 12, 4)])
def test_les_processus_valident_et_calculent_comme_un_seul(local: Path, le: date) -> None:
    texte = _csv(7)
    attendus = [
        decompte_en_dict(calculer(dossier_au(d, le), le, jurisprudence()))
        for d in dossiers_du_csv(io.StringIO(texte), "p.csv")
    ]
    brouillons = lire_portefeuille(io.StringIO(texte), "p.csv")
    assert [b.reference for b in brouillons] == [f"D-{i:04d}" for i in range(7)]
    preparer = functools.partial(_preparer, le)
    lot = calculer_lot(
        brouillons, le, forme="dict", processus=2, taille_tranche=2, preparer=preparer
    )
    assert list(lot) == attendus
    octets = calculer_lot(
        brouillons, le, forme="octets_lot", processus=2, taille_tranche=3, preparer=preparer
    )
    texte_lot = b",\n".join(octets).decode("utf-8")
    document = json.dumps({"decomptes": attendus}, ensure_ascii=False, indent=2)
    assert '{\n  "decomptes": [\n' + texte_lot + "\n  ]\n}" == document


def test_commande_json_sur_un_grand_portefeuille(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], local: Path
) -> None:
    n = SEUIL_PARALLELE + 5  # the worker processes' path
    chemin = tmp_path / "portefeuille.csv"
    chemin.write_text(_csv(n), encoding="utf-8")
    code, sortie, erreur = lancer(capsys, "decompte", str(chemin), "--date", "2026-06-30", "--json")
    assert code == 0, erreur
    le = date(2026, 6, 30)
    attendus = [
        decompte_en_dict(calculer(dossier_au(d, le), le, jurisprudence()))
        for d in dossiers_du_csv(io.StringIO(_csv(n)), "p.csv")
    ]
    assert sortie == json.dumps({"decomptes": attendus}, ensure_ascii=False, indent=2) + "\n"
    assert json.loads(sortie)["decomptes"][-1]["dossier"] == f"D-{n - 1:04d}"


def test_une_ligne_invalide_loin_dans_le_fichier(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], local: Path
) -> None:
    """The first invalid dossier in file order is named (not the first worker to fail), with
    its CSV line; exit 2 and nothing written."""
    lignes = _csv(SEUIL_PARALLELE + 5).splitlines(keepends=True)
    # line numbers: header is line 1, dossier i's invoices are lines 2i+2 and 2i+3
    lignes[1801] = lignes[1801].replace("2024-11-", "2024-13-")  # line 1802: dossier 900
    lignes[1999] = lignes[1999].replace(".05;", ".0x5;")  # line 2000: dossier 999
    chemin = tmp_path / "portefeuille.csv"
    chemin.write_text("".join(lignes), encoding="utf-8")
    code, sortie, erreur = lancer(capsys, "decompte", str(chemin), "--date", "2026-06-30", "--json")
    assert code == 2, erreur
    assert sortie == ""
    assert "Traceback" not in erreur
    assert str(chemin) in erreur
    assert "« ligne 1802, date_echeance » : date « 2024-13-" in erreur, erreur


def test_une_ligne_incomplete_est_refusee_avant_tout_calcul(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], local: Path
) -> None:
    lignes = _csv(SEUIL_PARALLELE + 5).splitlines(keepends=True)
    lignes[2010] = lignes[2010].replace(";Lyon;", ";;")  # line 2011: debiteur_ville empty
    chemin = tmp_path / "portefeuille.csv"
    chemin.write_text("".join(lignes), encoding="utf-8")
    code, sortie, erreur = lancer(capsys, "decompte", str(chemin), "--date", "2026-06-30", "--json")
    assert (code, sortie) == (2, "")
    assert "« ligne 2011 » : valeur manquante : debiteur_ville" in erreur, erreur


def test_le_debiteur_compare_ligne_a_ligne() -> None:
    """The same debtor written with spaces around a value is the same; another is refused,
    its line named."""
    lignes = _csv(2).splitlines(keepends=True)
    espaces = lignes[2].replace(";Client 0;", "; Client 0 ;").replace(";Lyon;", ";Lyon ;")
    brouillons = lire_portefeuille(io.StringIO("".join([*lignes[:2], espaces, *lignes[3:]])), "p")
    assert [len(b.lignes) for b in brouillons] == [2, 2]
    autre = lignes[2].replace(";Client 0;", ";Client 9;")
    with pytest.raises(EntreeInvalide) as e:
        lire_portefeuille(io.StringIO("".join([*lignes[:2], autre, *lignes[3:]])), "p.csv")
    assert e.value.champ == "ligne 3"
    assert "le dossier D-0000 a déjà un autre débiteur" in e.value.message
