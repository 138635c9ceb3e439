"""The court of an injonction de payer (CPC 1406): category, territory, Cerfa."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from conftest import dossier

from escalade.juridiction import cerfa, est_commercial, juridiction
from escalade.jurisprudence import Jurisprudence

LE = date(2026, 3, 20)


def _debiteur(**champs: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "nom": "Boulangerie Martin",
        "type": "professionnel",
        "adresse": {"lignes": ["4 avenue Foch"], "code_postal": "33000", "ville": "Bordeaux"},
    }
    base.update(champs)
    return base


def test_commercant_hors_experimentation_tribunal_de_commerce(jur: Jurisprudence) -> None:
    j = juridiction(dossier(debiteur=_debiteur(commercant=True)), LE, jur)
    assert j.categorie == "tribunal_commerce"
    assert j.juge == "président du tribunal de commerce"
    assert j.commercial
    assert "CPC art. 1406" in j.references and "C. com. art. L721-3" in j.references
    assert "Bordeaux (33000)" in j.regle_territoriale
    assert "ordre public" in j.regle_territoriale
    assert j.a_verifier == ()
    assert cerfa(j, LE, jur) == "12946*02"


def test_societe_commerciale_par_la_forme(jur: Jurisprudence) -> None:
    # SARL: commercial by its form (C. com. L210-1), even if the file says "not a trader".
    j = juridiction(dossier(debiteur=_debiteur(forme_juridique="SARL", commercant=False)), LE, jur)
    assert j.categorie == "tribunal_commerce"
    assert any("L210-1" in p for p in j.a_verifier)


def test_forme_lue_dans_la_denomination_a_confirmer(jur: Jurisprudence) -> None:
    j = juridiction(dossier(debiteur=_debiteur(nom="Boulangerie Martin SAS")), LE, jur)
    assert j.categorie == "tribunal_commerce"
    assert any("déduite de la dénomination" in p for p in j.a_verifier)


def test_commercant_a_lyon_tribunal_des_activites_economiques(jur: Jurisprudence) -> None:
    adresse = {"lignes": ["4 avenue Foch"], "code_postal": "69006", "ville": "Lyon"}
    j = juridiction(dossier(debiteur=_debiteur(commercant=True, adresse=adresse)), LE, jur)
    assert j.categorie == "tribunal_activites_economiques"
    assert j.juge == "président du tribunal des activités économiques"
    assert "Arrêté du 5 juillet 2024, art. 2" in j.references
    assert cerfa(j, LE, jur) == "12946*02"
    # Before the trial (1 January 2025) the same debtor went to the tribunal de commerce.
    avant = juridiction(
        dossier(debiteur=_debiteur(commercant=True, adresse=adresse)), date(2024, 12, 31), jur
    )
    assert avant.categorie == "tribunal_commerce"


def test_paris_par_arrondissement(jur: Jurisprudence) -> None:
    adresse = {"lignes": ["1 rue X"], "code_postal": "75008", "ville": "Paris 8e"}
    j = juridiction(dossier(debiteur=_debiteur(commercant=True, adresse=adresse)), LE, jur)
    assert j.categorie == "tribunal_activites_economiques"


def test_departement_d_un_tae_hors_siege_signale(jur: Jurisprudence) -> None:
    adresse = {"lignes": ["1 rue X"], "code_postal": "69100", "ville": "Villeurbanne"}
    j = juridiction(dossier(debiteur=_debiteur(commercant=True, adresse=adresse)), LE, jur)
    assert j.categorie == "tribunal_commerce"
    assert any("Lyon" in p and "ressort" in p for p in j.a_verifier)


def test_apres_l_experimentation_situation_inconnue_signalee(jur: Jurisprudence) -> None:
    j = juridiction(dossier(debiteur=_debiteur(commercant=True)), date(2029, 1, 2), jur)
    assert j.categorie == "tribunal_commerce"
    assert any("situation inconnue" in p for p in j.a_verifier)


def test_strasbourg_matiere_commerciale_au_tribunal_judiciaire(jur: Jurisprudence) -> None:
    adresse = {"lignes": ["2 place Kléber"], "code_postal": "67000", "ville": "Strasbourg"}
    j = juridiction(dossier(debiteur=_debiteur(forme_juridique="SAS", adresse=adresse)), LE, jur)
    assert j.categorie == "tribunal_judiciaire"
    assert j.commercial
    assert "chambre commerciale" in j.motif
    assert "C. com. art. L731-1" in j.references
    assert "Strasbourg (67000)" in j.regle_territoriale
    assert cerfa(j, LE, jur) == "12948*06"


def test_consommateur_tribunal_judiciaire_de_son_domicile(jur: Jurisprudence) -> None:
    debiteur = {
        "nom": "Jean Dupont",
        "type": "consommateur",
        "adresse": {"lignes": ["3 rue des Lilas"], "code_postal": "44000", "ville": "Nantes"},
    }
    j = juridiction(dossier(debiteur=debiteur), LE, jur)
    assert j.categorie == "tribunal_judiciaire"
    assert j.juge == "président du tribunal judiciaire"
    assert not j.commercial
    assert "domicile du débiteur à Nantes (44000)" in j.regle_territoriale
    assert j.references == ("CPC art. 1406",)
    assert cerfa(j, LE, jur) == "12948*06"


def test_personne_publique_juge_administratif(jur: Jurisprudence) -> None:
    debiteur = {
        "nom": "Commune de Vienne",
        "type": "personne_publique",
        "adresse": {"lignes": ["Hôtel de ville"], "code_postal": "38200", "ville": "Vienne"},
    }
    j = juridiction(dossier(debiteur=debiteur), LE, jur)
    assert j.categorie == "tribunal_administratif"
    assert "CJA art. R541-1" in j.references
    assert cerfa(j, LE, jur) is None


def test_professionnel_non_commercant_inconnu_signale(jur: Jurisprudence) -> None:
    j = juridiction(dossier(debiteur=_debiteur()), LE, jur)
    assert j.categorie == "tribunal_judiciaire"
    assert any("qualité de commerçant" in p for p in j.a_verifier)


def test_nom_et_adresse_exacts_fixes_par_l_utilisateur(jur: Jurisprudence) -> None:
    d = dossier(
        debiteur=_debiteur(commercant=True),
        injonction={"juridiction_nom": "Tribunal de commerce de Bordeaux",
                    "juridiction_adresse": ["Place de la Bourse", "33000 Bordeaux"]},
    )  # fmt: skip
    j = juridiction(d, LE, jur)
    assert j.designation == "Tribunal de commerce de Bordeaux"
    assert j.adresse == ("Place de la Bourse", "33000 Bordeaux")
    # A CLI option wins over the file.
    j2 = juridiction(d, LE, jur, nom="TC Bordeaux (greffe)")
    assert j2.nom == "TC Bordeaux (greffe)"


@pytest.mark.parametrize(
    ("forme", "attendu"), [("SCS", True), ("SASU", True), ("EURL", True), ("SCI", False)]
)
def test_formes_commerciales(forme: str, attendu: bool) -> None:
    d = dossier(debiteur=_debiteur(forme_juridique=forme, commercant=None))
    assert est_commercial(d.debiteur)[0] is attendu
