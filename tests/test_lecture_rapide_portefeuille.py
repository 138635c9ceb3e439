"""The faster paths of a large décompte keep the same results (issue 19): the indented JSON
written without the standard library's slow path, the identifier checks done once per value."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.json_indente import json_indente
from escalade.entrees.portefeuille_csv import dossiers_du_csv

VALEURS: list[Any] = [
    {},
    [],
    {"a": [], "b": {}, "c": [1, {"d": None}], "e": True, "f": False},
    {"montant": "1200.00", "texte": 'guillemet " barre \\ tab\t ligne\n fin\x01 é € 𝄞'},
    [[], [[]], {"x": [{"y": -3}]}, 0, 10**20, "", "\u2028"],
    {"flottant": 1.5, "tuple": ("a", 2)},
    {"cles": {1: "un", "2": [True, None], 3.5: {}}},
]


@pytest.mark.parametrize("valeur", VALEURS)
def test_json_indente_est_le_texte_de_json_dumps(valeur: Any) -> None:
    assert json_indente(valeur) == json.dumps(valeur, ensure_ascii=False, indent=2)


def test_json_indente_avec_retrait_d_un_element_de_liste() -> None:
    valeur = {"dossier": "D-1", "factures": [{"numero": "FA-1"}]}
    attendu = json.dumps({"decomptes": [valeur]}, ensure_ascii=False, indent=2)
    assert attendu == '{\n  "decomptes": [\n    ' + json_indente(valeur, "\n    ") + "\n  ]\n}"


ENTETE = (
    "reference;creancier_nom;creancier_siren;creancier_adresse;creancier_code_postal;"
    "creancier_ville;debiteur_nom;debiteur_type;debiteur_adresse;debiteur_code_postal;"
    "debiteur_ville;numero;date_emission;date_echeance;montant_ttc\n"
)


def _ligne(ref: str, siren: str, numero: str, debiteur: str = "Client SAS") -> str:
    return (
        f"{ref};Atelier Durand SARL;{siren};12 rue de la Paix;75002;Paris;{debiteur};"
        f"professionnel;4 avenue Foch;69006;Lyon;{numero};2026-01-01;2026-01-31;100.00\n"
    )


def test_un_siren_invalide_est_refuse_a_chaque_lecture() -> None:
    texte = ENTETE + _ligne("D-1", "732829321", "FA-1")
    for _ in range(2):  # a failed check is not remembered as a success
        with pytest.raises(EntreeInvalide, match="SIREN « 732829321 » invalide"):
            dossiers_du_csv(io.StringIO(texte), "p.csv")


def test_le_creancier_lu_une_fois_par_dossier_et_le_debiteur_compare() -> None:
    texte = ENTETE + _ligne("D-1", "732 829 320", "FA-1") + _ligne("D-1", "732829320", "FA-2")
    texte += _ligne("D-2", "732829320", "FA-3")
    dossiers = dossiers_du_csv(io.StringIO(texte), "p.csv")
    assert [d.creancier.siren for d in dossiers] == ["732829320", "732829320"]
    assert [[f.numero for f in d.factures] for d in dossiers] == [["FA-1", "FA-2"], ["FA-3"]]
    autre = texte + _ligne("D-2", "732829320", "FA-4", debiteur="Autre SAS")
    with pytest.raises(EntreeInvalide, match="le dossier D-2 a déjà un autre débiteur") as e:
        dossiers_du_csv(io.StringIO(autre), "p.csv")
    assert e.value.champ == "ligne 5"
