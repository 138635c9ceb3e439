"""The court of an injonction de payer (CPC 1406): category, territory, Cerfa; overseas."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import EXEMPLES, dossier
from pypdf import PdfReader

from escalade.cli import cli
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.juridiction import cerfa, est_commercial, juridiction, lire_sieges

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


# --- overseas: tribunaux mixtes de commerce, Saint-Pierre-et-Miquelon -----------------
# C. com. L732-1: TMC in the overseas departments and regions, presided by the président
# of the tribunal judiciaire (L732-3), seats and ressorts in annexe 7-3 (D732-1):
# Basse-Terre and Pointe-à-Pitre (971), Fort-de-France (972), Cayenne (973), Saint-Denis
# and Saint-Pierre (974), Mamoudzou (976, since 1 April 2011). Saint-Pierre-et-Miquelon:
# tribunal de première instance for every debtor (COJ R511-1, C. com. L910-2).


def _lieu(code_postal: str, ville: str) -> dict[str, Any]:
    return {"lignes": ["1 rue X"], "code_postal": code_postal, "ville": ville}


def test_martinique_societe_commerciale_tribunal_mixte_de_commerce(jur: Jurisprudence) -> None:
    d = dossier(debiteur=_debiteur(forme_juridique="SAS", adresse=_lieu("97200", "Fort-de-France")))
    j = juridiction(d, LE, jur)
    assert j.categorie == "tribunal_mixte_commerce"
    assert j.juge == "président du tribunal mixte de commerce"
    assert j.designation == "tribunal mixte de commerce compétent pour Fort-de-France (97200)"
    assert j.commercial
    assert "tribunal mixte de commerce (Fort-de-France)" in j.motif
    assert j.references == (
        "CPC art. 1406", "C. com. art. L721-3", "C. com. art. L210-1",
        "C. com. art. L732-1", "C. com. art. L732-3", "C. com. art. D732-1",
    )  # fmt: skip
    # One TMC in Martinique: nothing to choose; the form is only presumed (data: confidence L).
    assert len(j.a_verifier) == 1 and "présomption" in j.a_verifier[0]
    assert cerfa(j, LE, jur) == "12946*02"
    assert jur.serie("cerfa_injonction_tribunal_mixte_commerce").en_vigueur(LE).confiance == "L"


def test_martinique_consommateur_tribunal_judiciaire(jur: Jurisprudence) -> None:
    debiteur = {"nom": "Jean Dupont", "type": "consommateur",
                "adresse": _lieu("97200", "Fort-de-France")}  # fmt: skip
    j = juridiction(dossier(debiteur=debiteur), LE, jur)
    assert j.categorie == "tribunal_judiciaire"
    assert j.juge == "président du tribunal judiciaire"
    assert j.references == ("CPC art. 1406",)
    assert j.a_verifier == ()
    assert cerfa(j, LE, jur) == "12948*06"


@pytest.mark.parametrize(
    ("code_postal", "ville", "sieges"),
    [
        ("97110", "Pointe-à-Pitre", "Basse-Terre ou Pointe-à-Pitre"),
        ("97150", "Saint-Martin", "Basse-Terre ou Pointe-à-Pitre"),  # ressort of Basse-Terre
        ("97133", "Saint-Barthélemy", "Basse-Terre ou Pointe-à-Pitre"),
        ("97300", "Cayenne", "Cayenne"),
        ("97410", "Saint-Pierre", "Saint-Denis ou Saint-Pierre"),
        ("97600", "Mamoudzou", "Mamoudzou"),
    ],
)
def test_departements_d_outre_mer(
    jur: Jurisprudence, code_postal: str, ville: str, sieges: str
) -> None:
    d = dossier(debiteur=_debiteur(commercant=True, adresse=_lieu(code_postal, ville)))
    j = juridiction(d, LE, jur)
    assert j.categorie == "tribunal_mixte_commerce"
    assert f"tribunal mixte de commerce ({sieges})" in j.motif
    # Two TMC in the department: the user picks the one whose ressort holds the commune.
    assert any("plusieurs tribunaux mixtes" in p for p in j.a_verifier) is (" ou " in sieges)


def test_mayotte_avant_le_1er_avril_2011_signale(jur: Jurisprudence) -> None:
    d = dossier(debiteur=_debiteur(commercant=True, adresse=_lieu("97600", "Mamoudzou")))
    j = juridiction(d, date(2011, 3, 31), jur)
    assert j.categorie == "tribunal_commerce"
    assert any("hors métropole" in p and "31/03/2011" in p for p in j.a_verifier)
    assert juridiction(d, date(2011, 4, 1), jur).categorie == "tribunal_mixte_commerce"


def test_saint_pierre_et_miquelon_tribunal_de_premiere_instance(jur: Jurisprudence) -> None:
    lieu = _lieu("97500", "Saint-Pierre")
    j = juridiction(dossier(debiteur=_debiteur(forme_juridique="SARL", adresse=lieu)), LE, jur)
    assert j.categorie == "tribunal_premiere_instance"
    assert j.juge == "président du tribunal de première instance"
    assert "statue en matière commerciale" in j.motif
    assert j.references[-2:] == ("COJ art. R511-1", "C. com. art. L910-2")
    assert cerfa(j, LE, jur) is None
    assert any("aucun formulaire Cerfa" in p for p in j.a_verifier)
    consommateur = {"nom": "Jean Dupont", "type": "consommateur", "adresse": lieu}
    c = juridiction(dossier(debiteur=consommateur), LE, jur)
    assert c.categorie == "tribunal_premiere_instance"
    assert c.references == ("CPC art. 1406", "COJ art. R511-1")


@pytest.mark.parametrize(
    ("code_postal", "ville", "categorie"),
    [
        ("67000", "Strasbourg", "tribunal_judiciaire"),  # chambre commerciale (L731-1)
        ("75002", "Paris", "tribunal_activites_economiques"),
        ("33000", "Bordeaux", "tribunal_commerce"),
    ],
)
def test_metropole_inchangee(
    jur: Jurisprudence, code_postal: str, ville: str, categorie: str
) -> None:
    d = dossier(debiteur=_debiteur(forme_juridique="SAS", adresse=_lieu(code_postal, ville)))
    j = juridiction(d, LE, jur)
    assert j.categorie == categorie
    assert not any("mixte" in r or "L732" in r for r in (j.motif, *j.references))


@pytest.mark.parametrize(
    "serie", ["tribunaux_mixtes_commerce", "tribunaux_premiere_instance",
              "tribunaux_activites_economiques"],
)  # fmt: skip
def test_listes_de_sieges_lisibles(jur: Jurisprudence, serie: str) -> None:
    # Every entry of every value reads as « Siège (dép.) »: a typo would drop a court.
    for v in jur.serie(serie).valeurs:
        assert isinstance(v.valeur, str)
        entrees = [] if v.valeur == "aucun" else v.valeur.split(";")
        lus = lire_sieges(jur, serie, v.depuis)
        assert lus is not None and len(lus) == len(entrees), (serie, v.depuis)


def test_departements_des_tribunaux_mixtes(jur: Jurisprudence) -> None:
    deps = {dep for _, dep in lire_sieges(jur, "tribunaux_mixtes_commerce", LE) or ()}
    assert deps == {"971", "972", "973", "974", "976"}
    avant = {
        dep for _, dep in lire_sieges(jur, "tribunaux_mixtes_commerce", date(2010, 1, 1)) or ()
    }
    assert avant == {"971", "972", "973", "974"}


def test_requete_de_l_exemple_martinique_lue_dans_le_pdf(tmp_path: Path) -> None:
    # examples/07_martinique.yaml with a mise en demeure received 22 May 2026 (8 days:
    # Saturday 30 May, moved to Monday 1 June); on 15 June the injonction is open.
    donnees = yaml.safe_load((EXEMPLES / "07_martinique.yaml").read_text(encoding="utf-8"))
    donnees["mise_en_demeure"] = {"envoyee_le": "2026-05-20", "recue_le": "2026-05-22",
                                  "delai_jours": 8}  # fmt: skip
    fichier = tmp_path / "07.yaml"
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True), encoding="utf-8")
    res = CliRunner().invoke(cli, ["injonction", str(fichier), "--date", "2026-06-15",
                                   "--sortie", str(tmp_path / "s"), "--json"])  # fmt: skip
    assert res.exit_code == 0, res.output
    pdf = PdfReader(tmp_path / "s" / "D-2026-007_requete_injonction.pdf")
    texte = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in pdf.pages))
    assert "À Madame ou Monsieur le président du tribunal mixte de commerce" in texte
    assert "tribunal mixte de commerce compétent pour Fort-de-France (97200)" in texte
    assert "tribunal de commerce compétent" not in texte
    assert "C. com. art. L732-1" in texte
    assert json.loads(res.output)["juridiction"]["categorie"] == "tribunal_mixte_commerce"
