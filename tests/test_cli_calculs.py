"""The calculation commands through the real command line: decompte (table and --json with
the exact keys of SPEC section 7), delai, en-lettres, taux (local values, unknown values)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from stockage_commun import lancer

EXEMPLE = "examples/01_b2b_paiements_partiels.yaml"
# SPEC section 7: keys other tools rely on, exact.
CLES_DECOMPTE = {"principal", "penalites", "interets", "indemnites", "total", "factures"}
CLES_FACTURE = {"numero", "restant_du", "penalites", "interets", "indemnite", "periodes"}
CLES_PERIODE = {"debut", "fin", "jours", "taux", "montant"}

EXTENSION = """# Valeur FICTIVE, pour le test : aucun arrêté du 2e semestre 2026 n'est connu.
taux_interet_legal_autres_cas:
  connu_jusqu_au: 2026-12-31
  valeurs:
    2026-07-01:
      valeur: "2.50"
      source: "Valeur fictive de test"
"""


def test_decompte_tableau(local: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """examples/01 at 30 June 2026 (BCE 2,15 % on 1 July 2025 and 1 January 2026 -> 12,15 %):
    FA-2025-0187 (2 400,00, due 15/10/2025):
      16/10 -> 10/12/2025  56 j × 2 400,00 = 44,74 ; payment 1 000,00 (assigned): 44,74 + 955,26
      11/12 -> 31/12/2025  21 j × 1 444,74 = 10,10 ; 01/01 -> 20/02/2026  51 j = 24,53
      payment 800,00 (unassigned, oldest due first): 34,63 + 765,37 ; principal 679,37
      21/02 -> 30/06/2026 130 j × 679,37 × 12,15 % / 365 = 29,399... -> 29,40
    FA-2025-0231 (1 200,00, due 03/12/2025): 28 j -> 11,18 ; 181 j -> 72,30 ; total 83,48
    total = 679,37 + 1 200,00 + 29,40 + 83,48 + 2 × 40,00 = 2 072,25"""
    code, sortie, erreur = lancer(capsys, "decompte", EXEMPLE, "--date", "2026-06-30")
    assert code == 0, erreur
    lignes = sortie.splitlines()
    assert lignes[0] == "Décompte du dossier D-2026-001 au 30 juin 2026"
    assert "Régime    : pénalités de retard entre professionnels" in lignes
    assert any(
        ligne.split()
        == [
            "21/02/2026",
            "30/06/2026",
            "130",
            "12,15",
            "%",
            "679,37",
            "€",
            "29,40",
            "€",
            "taux",
            "BCE",
            "2,15",
            "%",
            "au",
            "1er",
            "janvier",
            "2026",
            "+",
            "10",
            "points",
        ]
        for ligne in lignes
    ), sortie
    assert "TOTAL DÛ :                   2 072,25 €" in lignes
    assert "Pénalités :                    112,88 €" in lignes
    assert any(ligne.startswith("Références : C. com. art. L441-10 II ; ") for ligne in lignes)


def test_decompte_json_cles_de_la_spec(local: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, sortie, erreur = lancer(capsys, "decompte", EXEMPLE, "--date", "2026-06-30", "--json")
    assert code == 0, erreur
    d = json.loads(sortie)
    assert CLES_DECOMPTE | {"references"} <= set(d)
    assert (d["principal"], d["penalites"], d["interets"], d["indemnites"], d["total"]) == (
        "1879.37",
        "112.88",
        "0.00",
        "80.00",
        "2072.25",
    )
    for f in d["factures"]:
        assert set(f) >= CLES_FACTURE
        for p in f["periodes"]:
            assert set(p) >= CLES_PERIODE
            assert isinstance(p["jours"], int) and isinstance(p["montant"], str)
    assert d["factures"][0]["periodes"][0] == {
        "debut": "2025-10-16",
        "fin": "2025-12-10",
        "jours": 56,
        "taux": "12.15",
        "base": "2400.00",
        "montant": "44.74",
        "libelle": "taux BCE 2,15 % au 1er juillet 2025 + 10 points",
    }
    assert d["references"] == [
        "C. com. art. L441-10 II",
        "C. com. art. D441-5",
        "CJUE, 20 oct. 2022, BFF Finance Iberia, aff. C-585/20",
        "C. civ. art. 1342-10 al. 1",
        "C. civ. art. 1343-1",
        "C. civ. art. 1342-10 al. 2",
    ]


def test_decompte_json_plusieurs_dossiers(local: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, sortie, erreur = lancer(
        capsys, "decompte", EXEMPLE, "examples/portefeuille.csv", "--date", "2026-06-30", "--json"
    )
    assert code == 0, erreur
    d = json.loads(sortie)
    assert [x["dossier"] for x in d["decomptes"]] == ["D-2026-001", "D-2026-101", "D-2026-102"]
    # D-2026-102: a consumer without a mise en demeure owes no interest and no 40 EUR.
    assert d["decomptes"][2]["total"] == "320.00"


def test_delai_json_ascension(capsys: pytest.CaptureFixture[str]) -> None:
    """4 May 2026 + 10 days = Thursday 14 May 2026, Ascension (Easter 5 April + 39 days):
    extended to Friday 15 May (CPC 642)."""
    code, sortie, _ = lancer(
        capsys,
        "delai",
        "--depuis",
        "2026-05-04",
        "--jours",
        "10",
        "--code-postal",
        "75002",
        "--json",
    )
    assert code == 0
    d = json.loads(sortie)
    assert d["echeance"] == "2026-05-15"
    assert d["references"] == [
        "CPC art. 640",
        "CPC art. 641",
        "CPC art. 642",
        "C. trav. art. L3133-1",
    ]


def test_delai_vendredi_saint_en_alsace(capsys: pytest.CaptureFixture[str]) -> None:
    """27 March 2026 + 7 days = Good Friday 3 April: a working day in Paris; in Strasbourg
    (C. trav. L3134-13) the deadline moves past the week-end and Easter Monday to 7 April."""
    args = ("delai", "--depuis", "2026-03-27", "--jours", "7", "--json", "--code-postal")
    assert json.loads(lancer(capsys, *args, "75002")[1])["echeance"] == "2026-04-03"
    alsace = json.loads(lancer(capsys, *args, "67000")[1])
    assert alsace["echeance"] == "2026-04-07"
    assert "C. trav. art. L3134-13" in alsace["references"]


def test_delai_sans_duree_est_une_erreur_d_usage(capsys: pytest.CaptureFixture[str]) -> None:
    code, sortie, erreur = lancer(
        capsys, "delai", "--depuis", "2026-05-04", "--code-postal", "75002"
    )
    assert code == 2 and sortie == ""
    assert "indiquez soit --jours, soit --mois" in erreur


@pytest.mark.parametrize(
    ("orthographe", "attendu"),
    [
        ((), "mille deux cent trente-quatre euros et cinquante centimes"),
        (("--orthographe", "1990"), "mille-deux-cent-trente-quatre euros et cinquante centimes"),
    ],
)
def test_en_lettres(
    orthographe: tuple[str, ...], attendu: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, sortie, _ = lancer(capsys, "en-lettres", "1234,50", *orthographe)
    assert code == 0
    assert sortie == attendu + "\n"


def test_en_lettres_montant_invalide(capsys: pytest.CaptureFixture[str]) -> None:
    code, sortie, erreur = lancer(capsys, "en-lettres", "12,345")
    assert code == 2 and sortie == ""
    assert "au plus deux décimales" in erreur


def _ligne(taux: dict[str, Any], serie: str) -> dict[str, Any]:
    return next(ligne for ligne in taux["taux"] if ligne["serie"] == serie)


def test_taux_second_semestre_2026_inconnu(local: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, sortie, _ = lancer(capsys, "taux", "--date", "2026-07-15", "--json")
    assert code == 0
    d = json.loads(sortie)
    legal = _ligne(d, "taux_interet_legal_autres_cas")
    assert legal["connu"] is False
    assert "2026-07-15" in legal["motif"] and "2026-06-30" in legal["motif"]
    assert "valeur" not in legal  # never the first half-year's 2,62 %
    assert _ligne(d, "(calculé) taux_penalites_par_defaut")["connu"] is False
    # the first half-year is known, with its source
    code, sortie, _ = lancer(capsys, "taux", "--date", "2026-06-30", "--json")
    premier = _ligne(json.loads(sortie), "taux_interet_legal_autres_cas")
    assert (premier["valeur"], premier["depuis"], premier["locale"]) == (
        "2.62",
        "2026-01-01",
        False,
    )
    assert "Arrêté du 15 décembre 2025" in premier["source"]


def test_taux_valeur_locale(local: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (local / "second_semestre_2026.yaml").write_text(EXTENSION, encoding="utf-8")
    code, sortie, erreur = lancer(capsys, "taux", "--date", "2026-07-15", "--json")
    assert code == 0, erreur
    d = json.loads(sortie)
    legal = _ligne(d, "taux_interet_legal_autres_cas")
    assert (legal["valeur"], legal["locale"], legal["source"]) == (
        "2.50",
        True,
        "Valeur fictive de test",
    )
    assert d["dossier_local"] == str(local)
    assert _ligne(d, "taux_interet_legal_particulier")["connu"] is False
    code, texte, _ = lancer(capsys, "taux", "--date", "2026-07-15")
    bloc = texte.split("[taux_interet_legal_autres_cas]")[1].split("\n\n")[0]
    assert "2,50 % depuis le 01/07/2026 (valeur locale)" in bloc
    particulier = texte.split("[taux_interet_legal_particulier]")[1].split("\n\n")[0]
    assert "inconnu : " in particulier


def test_decompte_avec_la_valeur_locale(
    local: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Consumer, mise en demeure received 22/04/2026, décompte at 15/07/2026:
    23/04 -> 30/06/2026  69 j ; 800,00 × 2,62 % × 69/365 = 3,962301 -> 3,96
    01/07 -> 15/07/2026  15 j ; 800,00 × 2,50 % (local value) × 15/365 = 0,821918 -> 0,82"""
    (local / "second_semestre_2026.yaml").write_text(EXTENSION, encoding="utf-8")
    dossier = tmp_path / "conso.yaml"
    dossier.write_text(
        """reference: C-1
creancier: {nom: Atelier Durand SARL, adresse: {code_postal: "75002", ville: Paris}}
debiteur:
  {nom: M. Jean Dupont, type: consommateur, adresse: {code_postal: "33000", ville: Bordeaux}}
factures:
  - {numero: F1, date_emission: 2026-03-01, date_echeance: 2026-03-31, montant_ttc: "800.00"}
mise_en_demeure: {envoyee_le: 2026-04-20, recue_le: 2026-04-22}
""",
        encoding="utf-8",
    )
    code, sortie, erreur = lancer(
        capsys, "decompte", str(dossier), "--date", "2026-07-15", "--json"
    )
    assert code == 0, erreur
    periodes = json.loads(sortie)["factures"][0]["periodes"]
    assert [(p["jours"], p["taux"], p["montant"]) for p in periodes] == [
        (69, "2.62", "3.96"),
        (15, "2.5", "0.82"),
    ]


def test_le_lot_parallele_rend_le_meme_json(local: Path) -> None:
    """The batch path (worker processes, chunks) gives the very text of the one-process path,
    in input order, and the JSON document of several dossiers is `json.dumps` of the whole."""
    from datetime import date

    from escalade.droit.decompte_lot import calculer_lot, json_des_decomptes
    from escalade.entrees.chargement import charger_fichier

    tous = [
        *charger_fichier(Path("examples/portefeuille.csv")),
        *charger_fichier(Path(EXEMPLE)),
        *charger_fichier(Path("examples/07_martinique.yaml")),
    ]
    le = date(2026, 6, 30)
    seul = list(calculer_lot(tous, le, forme="dict", processus=1))
    lot = list(calculer_lot(tous, le, forme="dict", processus=2, taille_tranche=1))
    assert lot == seul
    assert [d["dossier"] for d in lot] == ["D-2026-101", "D-2026-102", "D-2026-001", "D-2026-007"]
    texte = json_des_decomptes(tous, le)
    assert texte == json.dumps({"decomptes": seul}, ensure_ascii=False, indent=2)
    assert json_des_decomptes(tous[:1], le) == json.dumps(seul[0], ensure_ascii=False, indent=2)
