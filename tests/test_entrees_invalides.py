"""Bad input through the real command line: a French message on stderr naming the file, the
field (or line) and the reason; exit code 2; no traceback; nothing on stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from stockage_commun import lancer

from escalade.droit.jurisprudence import jurisprudence

ENTETE = """reference: D-ERR-1
creancier: {nom: Atelier Durand SARL, adresse: {code_postal: "75002", ville: Paris}}
debiteur:
  {nom: Garage Petit SARL, type: professionnel, adresse: {code_postal: "37000", ville: Tours}}
"""
FACTURE = (
    "factures: [{numero: F1, date_emission: 2026-01-01, date_echeance: 2026-01-31, "
    "montant_ttc: %s}]\n"
)
CSV_ENTETE = (
    "reference;creancier_nom;creancier_code_postal;creancier_ville;debiteur_nom;debiteur_type;"
    "debiteur_code_postal;debiteur_ville;numero;date_emission;date_echeance;montant_ttc\n"
)
CSV_LIGNE = (
    "D-1;Atelier Durand;75002;Paris;Garage Petit;professionnel;37000;Tours;"
    "F1;2026-01-01;2026-01-31;{}\n"
)


@pytest.fixture(autouse=True)
def jurisprudence_livree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ESCALADE_JURISPRUDENCE", str(tmp_path / "aucune_extension"))
    jurisprudence.cache_clear()
    yield
    jurisprudence.cache_clear()


def refuse(capsys: pytest.CaptureFixture[str], chemin: Path, *morceaux: str) -> str:
    """Run `decompte` on a bad file; check exit 2, file named, each fragment present."""
    code, sortie, erreur = lancer(capsys, "decompte", str(chemin), "--date", "2026-06-30")
    assert code == 2, erreur
    assert sortie == ""
    assert "Traceback" not in erreur
    assert erreur.startswith("Erreur : ") and str(chemin) in erreur, erreur
    for morceau in morceaux:
        assert morceau in erreur, erreur
    return erreur


def dossier(tmp_path: Path, texte: str, nom: str = "dossier.yaml") -> Path:
    chemin = tmp_path / nom
    chemin.write_text(texte, encoding="utf-8")
    return chemin


@pytest.mark.parametrize(
    ("montant", "raison"),
    [
        ('"12,3,4"', "« 12,3,4 » invalide"),
        ('"1200.005"', "« 1200.005 » invalide"),
        ("1200.005", "au plus deux décimales"),
        ('"1200 USD"', "sans devise"),
        ('"-100.00"', "montant négatif"),
        ("-100", "montant négatif"),
        ('"0.00"', "strictement positif"),
        ('"abc"', "« abc » invalide"),
    ],
)
def test_montant_invalide(
    montant: str, raison: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chemin = dossier(tmp_path, ENTETE + FACTURE % montant)
    refuse(capsys, chemin, "« factures[0].montant_ttc »", raison)


def test_un_decimal_yaml_sans_guillemets_est_lu_exactement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`montant_ttc: 1200.50` unquoted is read as Decimal("1200.50"), never a binary float:
    paid on its due date, nothing else is owed, and the amount prints to the cent."""
    texte = ENTETE + FACTURE % "1200.50" + "paiements: [{date: 2026-01-31, montant: 0.1}]\n"
    chemin = dossier(tmp_path, texte)
    code, sortie, erreur = lancer(capsys, "decompte", str(chemin), "--date", "2026-06-30", "--json")
    assert code == 0, erreur
    resultat = json.loads(sortie)
    # 1 200,50 − 0,10 paid on the due date (no penalty yet) = 1 200,40 of principal.
    assert resultat["factures"][0]["montant_ttc"] == "1200.50"
    assert resultat["principal"] == "1200.40"


def test_date_impossible_non_citee(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = ENTETE + FACTURE.replace("2026-01-31", "2026-02-30") % '"100.00"'
    refuse(capsys, dossier(tmp_path, texte), "« factures[0].date_echeance »", "« 2026-02-30 »")


def test_date_impossible_citee(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = ENTETE + FACTURE.replace("2026-01-31", '"2026-02-30"') % '"100.00"'
    refuse(capsys, dossier(tmp_path, texte), "« factures[0].date_echeance »", "AAAA-MM-JJ")


def test_date_au_mauvais_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = ENTETE + FACTURE.replace("2026-01-31", '"31/01/2026"') % '"100.00"'
    refuse(capsys, dossier(tmp_path, texte), "« factures[0].date_echeance »", "« 31/01/2026 »")


def test_champ_manquant(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = ENTETE + "factures: [{numero: F1, date_emission: 2026-01-01, montant_ttc: '1.00'}]\n"
    refuse(capsys, dossier(tmp_path, texte), "« factures[0].date_echeance »", "manquant")


def test_devise_autre_que_l_euro(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = "devise: USD\n" + ENTETE + FACTURE % '"100.00"'
    refuse(capsys, dossier(tmp_path, texte), "« devise »", "« USD » non autorisée", "EUR")


def test_canal_inconnu(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = (
        ENTETE
        + FACTURE % '"100.00"'
        + 'contacts: [{le: "2026-02-05T10:00:00+01:00", canal: pigeon, objet: relance_1}]\n'
    )
    refuse(capsys, dossier(tmp_path, texte), "« contacts[0].canal »", "« pigeon »", "lrar")


def test_type_de_debiteur_inconnu(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = ENTETE.replace("type: professionnel", "type: entreprise") + FACTURE % '"1.00"'
    refuse(capsys, dossier(tmp_path, texte), "« debiteur.type »", "« entreprise »", "consommateur")


def test_erreur_de_syntaxe_yaml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = ENTETE + FACTURE.rstrip("]\n") % '"1.00"' + "\n"
    refuse(capsys, dossier(tmp_path, texte), "YAML invalide ligne 6", "crochet fermant")


def test_json_invalide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refuse(capsys, dossier(tmp_path, '{"reference": "X",}', "d.json"), "JSON invalide ligne 1")


@pytest.mark.parametrize("contenu", ["", "  \n\n"])
def test_fichier_vide(contenu: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refuse(capsys, dossier(tmp_path, contenu), "fichier vide")


def test_fichier_illisible_en_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chemin = tmp_path / "latin1.yaml"
    chemin.write_bytes("reference: Créance\n".encode("latin-1"))
    refuse(capsys, chemin, "encodage UTF-8")


def test_un_dossier_au_lieu_d_un_fichier(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Tests run as root, so chmod 000 would not make a file unreadable: a folder named .yaml does.
    chemin = tmp_path / "repertoire.yaml"
    chemin.mkdir()
    refuse(capsys, chemin, "pas un fichier")


def test_fichier_introuvable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refuse(capsys, tmp_path / "absent.yaml", "fichier introuvable")


def test_extension_inconnue(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chemin = dossier(tmp_path, ENTETE + FACTURE % '"1.00"', "dossier.txt")
    refuse(capsys, chemin, "format non reconnu", ".yaml")


def test_csv_colonne_obligatoire_absente(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entete = CSV_ENTETE.replace(";montant_ttc", "")
    ligne = CSV_LIGNE.replace(";{}", "")
    refuse(
        capsys, dossier(tmp_path, entete + ligne, "p.csv"), "colonnes obligatoires", "montant_ttc"
    )


def test_csv_ligne_trop_courte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = CSV_ENTETE + CSV_LIGNE.format("100.00") + "D-2;Atelier;75002;Paris\n"
    refuse(capsys, dossier(tmp_path, texte, "p.csv"), "« ligne 3 »", "4 valeurs pour 12 colonnes")


def test_csv_montant_invalide_nomme_la_ligne(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texte = CSV_ENTETE + CSV_LIGNE.format("100.00") + CSV_LIGNE.format("9,60,0").replace("F1", "F2")
    refuse(capsys, dossier(tmp_path, texte, "p.csv"), "ligne 3, montant_ttc", "« 9,60,0 »")


def test_csv_valeur_obligatoire_vide(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    texte = CSV_ENTETE + CSV_LIGNE.format("100.00").replace("2026-01-31", "")
    refuse(capsys, dossier(tmp_path, texte, "p.csv"), "« ligne 2 »", "date_echeance")


def test_date_de_ligne_de_commande_invalide(capsys: pytest.CaptureFixture[str]) -> None:
    code, sortie, erreur = lancer(
        capsys, "decompte", "examples/01_b2b_paiements_partiels.yaml", "--date", "2026-02-30"
    )
    assert code == 2 and sortie == "" and "Traceback" not in erreur
    assert "« 2026-02-30 » invalide" in erreur


def test_vrai_processus_sans_trace(tmp_path: Path) -> None:
    """The installed `escalade` process itself: French message, exit 2, no traceback."""
    chemin = dossier(tmp_path, ENTETE + FACTURE.replace("2026-01-31", "2026-02-30") % '"1.00"')
    executable = Path(sys.executable).parent / "escalade"
    fini = subprocess.run(
        [str(executable), "decompte", str(chemin), "--date", "2026-06-30"],
        capture_output=True,
        text=True,
        check=False,
        env={"ESCALADE_JURISPRUDENCE": str(tmp_path / "aucune"), "PATH": "/usr/bin:/bin"},
    )
    assert fini.returncode == 2, fini.stderr
    assert fini.stdout == ""
    assert "Traceback" not in fini.stderr
    assert "« factures[0].date_echeance » : date « 2026-02-30 » invalide" in fini.stderr
