"""The shipped legal data of `jurisprudence/` and its loader (escalade.droit.jurisprudence).

The expected values are those shared/LEGAL.md marks [H] (high confidence), with the text
that sets each of them; the tests read like the legal history they encode.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from escalade.droit.donnees_juridiques import UNITES_DECIMALES, UNITES_ENTIERES, Jurisprudence
from escalade.droit.erreurs import DonneeJuridiqueInvalide, DonneeJuridiqueManquante
from escalade.droit.jurisprudence import charger, dossier_livre

SERIES_ATTENDUES = {
    "taux_bce_refinancement",
    "taux_interet_legal_autres_cas",
    "taux_interet_legal_particulier",
    "penalites_retard_marge",
    "penalites_retard_multiplicateur_plancher",
    "penalites_retard_methode_bce",
    "commande_publique_marge",
    "indemnite_forfaitaire",
    "indemnite_forfaitaire_commande_publique",
    "petites_creances_plafond",
    "petites_creances_duree",
    "prescription_professionnels",
    "prescription_consommateurs",
    "mise_en_demeure_delai_usuel",
    "mise_en_demeure_delai_long",
    "injonction_delai_signification",
    "injonction_delai_opposition",
    "declaration_creances_delai",
    "declaration_creances_prolongation_hors_metropole",
    "releve_forclusion_delai",
    "interet_legal_majoration",
    "interet_legal_majoration_delai",
    "capitalisation_periode",
    "base_jours_annee",
    "cerfa_injonction_tribunal_judiciaire",
    "cerfa_injonction_tribunal_commerce",
    "cerfa_injonction_contentieux_protection",
    "prescription_personnes_publiques",
    "lrar_delai_garde",
}

DECISIONS_ATTENDUES = {
    "cass_civ1_2021_01_20_lrar_non_reclamee": "19-20.680",
    "cass_civ1_2021_05_19_prescription_conso": "20-12.520",
    "cass_civ1_2012_02_09_capitalisation_conso": "11-14.605",
    "cass_civ2_2020_11_19_lrar_reception": "19-17.934",
    "cass_civ2_2019_10_17_injonction_non_avenue": "18-18.759",
    "cass_civ3_2021_01_21_jours_feries": "19-24.799",
    "cass_crim_2012_01_17_appels_malveillants": "11-81.756",
    "cjue_2022_10_20_bff_finance_iberia": "C-585/20",
}


@pytest.fixture(scope="module")
def jur(tmp_path_factory: pytest.TempPathFactory) -> Jurisprudence:
    """The shipped data alone: an empty local folder keeps the user's own files out."""
    return charger(local=tmp_path_factory.mktemp("aucune_extension"))


@pytest.fixture
def sans_extension(tmp_path: Path) -> Path:
    vide = tmp_path / "local_vide"
    vide.mkdir()
    return vide


# --- the shipped data ------------------------------------------------------


def test_toutes_les_series_livrees_se_chargent(jur: Jurisprudence) -> None:
    # Other modules add their own series; the core ones must all be there.
    assert set(jur.series) >= SERIES_ATTENDUES
    assert set(jur.decisions) >= set(DECISIONS_ATTENDUES)


def test_chaque_fichier_livre_se_charge_par_le_chargeur_public(sans_extension: Path) -> None:
    fichiers = sorted(dossier_livre().glob("*.yaml"))
    assert {f.stem for f in fichiers} >= SERIES_ATTENDUES | {"decisions"}
    for fichier in fichiers:
        seul = charger(livre=fichier, local=sans_extension)
        assert fichier.stem in seul.series or seul.decisions, fichier.name


def test_chaque_fichier_commence_par_un_commentaire_citant_le_texte() -> None:
    for fichier in dossier_livre().glob("*.yaml"):
        premiere = fichier.read_text(encoding="utf-8").splitlines()[0]
        assert premiere.startswith("# "), fichier.name


def test_chaque_valeur_a_sa_source_et_une_confiance(jur: Jurisprudence) -> None:
    for nom, serie in jur.series.items():
        assert serie.description.strip(), nom
        assert serie.valeurs, nom
        for v in serie.valeurs:
            assert v.source.strip(), (nom, v.depuis)
            assert v.confiance in {"H", "M", "L"}, (nom, v.depuis)
            assert not v.locale, (nom, v.depuis)
            if serie.unite in UNITES_DECIMALES:
                assert isinstance(v.valeur, Decimal), (nom, v.depuis)
            elif serie.unite in UNITES_ENTIERES:
                assert type(v.valeur) is int, (nom, v.depuis)
            else:
                assert isinstance(v.valeur, str) and v.valeur, (nom, v.depuis)


def test_chaque_decision_a_une_citation(jur: Jurisprudence) -> None:
    for ident, decision in jur.decisions.items():
        assert decision.citation.strip(), ident
        assert decision.solution.strip(), ident
        assert decision.source.strip(), ident
        assert decision.numero in decision.citation, ident
    for ident, numero in DECISIONS_ATTENDUES.items():
        assert jur.decisions[ident].numero == numero
        assert numero in jur.citation(ident)


def test_citations_attendues(jur: Jurisprudence) -> None:
    assert jur.citation("cass_civ1_2021_01_20_lrar_non_reclamee") == (
        "Cass. 1re civ., 20 janv. 2021, n° 19-20.680"
    )
    assert jur.decisions["cjue_2022_10_20_bff_finance_iberia"].date == date(2022, 10, 20)
    with pytest.raises(DonneeJuridiqueManquante, match="decision_inventee"):
        jur.citation("decision_inventee")


# --- legal interest rate (CMF L313-2, D313-1-A) ----------------------------

# (date of effect, créancier particulier, autres cas): every row LEGAL.md §1 marks [H].
TAUX_LEGAL_H = [
    (date(2015, 1, 1), "4.06", "0.93"),
    (date(2015, 7, 1), "4.29", "0.99"),
    (date(2016, 1, 1), "4.54", "1.01"),
    (date(2016, 7, 1), "4.35", "0.93"),
    (date(2017, 1, 1), "4.16", "0.90"),
    (date(2017, 7, 1), "3.94", "0.90"),
    (date(2018, 7, 1), "3.60", "0.88"),
    (date(2020, 1, 1), "3.15", "0.87"),
    (date(2020, 7, 1), "3.11", "0.84"),
    (date(2021, 1, 1), "3.14", "0.79"),
    (date(2021, 7, 1), "3.12", "0.76"),
    (date(2022, 1, 1), "3.13", "0.76"),
    (date(2022, 7, 1), "3.15", "0.77"),
    (date(2023, 1, 1), "4.47", "2.06"),
    (date(2023, 7, 1), "6.82", "4.22"),
    (date(2024, 7, 1), "8.16", "4.92"),
    (date(2025, 1, 1), "7.21", "3.71"),
    (date(2025, 7, 1), "6.65", "2.76"),
    (date(2026, 1, 1), "6.67", "2.62"),
]


@pytest.mark.parametrize(("depuis", "particulier", "autres_cas"), TAUX_LEGAL_H)
def test_taux_legal_semestriel(
    jur: Jurisprudence, depuis: date, particulier: str, autres_cas: str
) -> None:
    fin_du_semestre = date(depuis.year, 6, 30) if depuis.month == 1 else date(depuis.year, 12, 31)
    for le in (depuis, fin_du_semestre):
        assert jur.decimal("taux_interet_legal_particulier", le) == Decimal(particulier)
        assert jur.decimal("taux_interet_legal_autres_cas", le) == Decimal(autres_cas)
    assert jur.serie("taux_interet_legal_autres_cas").en_vigueur(depuis).confiance == "H"


def test_taux_legal_exemples_du_cahier_des_charges(jur: Jurisprudence) -> None:
    assert jur.decimal("taux_interet_legal_autres_cas", date(2025, 7, 1)) == Decimal("2.76")
    assert jur.decimal("taux_interet_legal_particulier", date(2026, 1, 1)) == Decimal("6.67")
    assert jur.decimal("taux_interet_legal_autres_cas", date(2026, 6, 30)) == Decimal("2.62")


@pytest.mark.parametrize(
    ("annee", "taux"),
    [
        (2008, "3.99"),
        (2009, "3.79"),
        (2010, "0.65"),
        (2011, "0.38"),
        (2012, "0.71"),
        (2013, "0.04"),
        (2014, "0.04"),
    ],
)
def test_avant_2015_un_seul_taux_annuel(jur: Jurisprudence, annee: int, taux: str) -> None:
    for le in (date(annee, 1, 1), date(annee, 7, 1), date(annee, 12, 31)):
        assert jur.decimal("taux_interet_legal_autres_cas", le) == Decimal(taux)
        assert jur.decimal("taux_interet_legal_particulier", le) == Decimal(taux)


def test_le_taux_particulier_n_est_jamais_inferieur_depuis_2015(jur: Jurisprudence) -> None:
    particulier = jur.serie("taux_interet_legal_particulier")
    autres = jur.serie("taux_interet_legal_autres_cas")
    assert [v.depuis for v in particulier.valeurs] == [v.depuis for v in autres.valeurs]
    for v in particulier.valeurs:
        if v.depuis >= date(2015, 1, 1):
            assert v.valeur > autres.en_vigueur(v.depuis).valeur, v.depuis


@pytest.mark.parametrize(
    "serie", ["taux_interet_legal_autres_cas", "taux_interet_legal_particulier"]
)
@pytest.mark.parametrize("le", [date(2026, 7, 1), date(2026, 11, 26)])
def test_second_semestre_2026_inconnu(jur: Jurisprudence, serie: str, le: date) -> None:
    with pytest.raises(DonneeJuridiqueManquante) as erreur:
        jur.decimal(serie, le)
    message = str(erreur.value)
    assert serie in message
    assert le.isoformat() in message
    assert "2026-06-30" in message


def test_aucune_valeur_inventee_pour_le_second_semestre_2026(jur: Jurisprudence) -> None:
    for nom in ("taux_interet_legal_autres_cas", "taux_interet_legal_particulier"):
        serie = jur.serie(nom)
        assert serie.connu_jusqu_au == date(2026, 6, 30)
        assert serie.changements(date(2026, 1, 1), date(2026, 12, 31)) == []


@pytest.mark.parametrize(
    ("serie", "le", "debut"),
    [
        ("taux_interet_legal_autres_cas", date(2007, 12, 31), "2008-01-01"),
        ("taux_bce_refinancement", date(2008, 7, 8), "2008-07-09"),
        ("indemnite_forfaitaire", date(2012, 12, 31), "2013-01-01"),
    ],
)
def test_date_avant_la_premiere_valeur(
    jur: Jurisprudence, serie: str, le: date, debut: str
) -> None:
    with pytest.raises(DonneeJuridiqueManquante) as erreur:
        jur.serie(serie).en_vigueur(le)
    message = str(erreur.value)
    assert serie in message
    assert le.isoformat() in message
    assert debut in message


def test_serie_inconnue(jur: Jurisprudence) -> None:
    with pytest.raises(DonneeJuridiqueManquante, match="taux_invente"):
        jur.decimal("taux_invente", date(2025, 1, 1))


# --- ECB rate and B2B late penalties (C. com. L441-10 II) ------------------


def test_taux_bce_exemples(jur: Jurisprudence) -> None:
    assert jur.decimal("taux_bce_refinancement", date(2026, 1, 1)) == Decimal("2.15")
    assert jur.decimal("taux_bce_refinancement", date(2024, 7, 1)) == Decimal("4.25")
    assert jur.decimal("taux_bce_refinancement", date(2025, 6, 10)) == Decimal("2.40")
    assert jur.decimal("taux_bce_refinancement", date(2025, 6, 11)) == Decimal("2.15")
    assert jur.decimal("taux_bce_refinancement", date(2026, 2, 5)) == Decimal("2.15")


def test_taux_bce_inconnu_apres_le_5_fevrier_2026(jur: Jurisprudence) -> None:
    with pytest.raises(DonneeJuridiqueManquante) as erreur:
        jur.decimal("taux_bce_refinancement", date(2026, 7, 1))
    assert "taux_bce_refinancement" in str(erreur.value)
    assert "2026-07-01" in str(erreur.value)


# Every change LEGAL.md §2 marks [H], at its effective date.
BCE_H = [
    (date(2009, 4, 8), "1.25"),
    (date(2013, 11, 13), "0.25"),
    (date(2014, 9, 10), "0.05"),
    (date(2022, 7, 27), "0.50"),
    (date(2022, 9, 14), "1.25"),
    (date(2022, 11, 2), "2.00"),
    (date(2022, 12, 21), "2.50"),
    (date(2023, 2, 8), "3.00"),
    (date(2023, 3, 22), "3.50"),
    (date(2023, 5, 10), "3.75"),
    (date(2023, 6, 21), "4.00"),
    (date(2023, 8, 2), "4.25"),
    (date(2023, 9, 20), "4.50"),
    (date(2024, 6, 12), "4.25"),
    (date(2024, 9, 18), "3.65"),
    (date(2024, 10, 23), "3.40"),
    (date(2024, 12, 18), "3.15"),
    (date(2025, 2, 5), "2.90"),
    (date(2025, 3, 12), "2.65"),
    (date(2025, 4, 23), "2.40"),
    (date(2025, 6, 11), "2.15"),
]


@pytest.mark.parametrize(("depuis", "taux"), BCE_H)
def test_taux_bce_a_sa_date_d_effet(jur: Jurisprudence, depuis: date, taux: str) -> None:
    valeur = jur.serie("taux_bce_refinancement").en_vigueur(depuis)
    assert valeur.depuis == depuis
    assert valeur.valeur == Decimal(taux)
    assert valeur.confiance == "H"


def test_dates_d_effet_incertaines_marquees_faibles(jur: Jurisprudence) -> None:
    bce = jur.serie("taux_bce_refinancement")
    for depuis in (date(2008, 10, 15), date(2008, 11, 12), date(2009, 3, 11), date(2016, 3, 16)):
        valeur = bce.en_vigueur(depuis)
        assert valeur.depuis == depuis
        assert valeur.confiance == "L"
        assert valeur.note


# LEGAL.md §2, "resulting default B2B penalty rate per semester": ECB on the anchor date,
# default rate (+ 10 points) and contractual floor (3 × legal rate, autres cas).
SEMESTRES_PENALITES = [
    (date(2013, 1, 1), "0.75", "10.75", "0.12"),
    (date(2013, 7, 1), "0.50", "10.50", "0.12"),
    (date(2014, 1, 1), "0.25", "10.25", "0.12"),
    (date(2014, 7, 1), "0.15", "10.15", "0.12"),
    (date(2015, 1, 1), "0.05", "10.05", "2.79"),
    (date(2015, 7, 1), "0.05", "10.05", "2.97"),
    (date(2016, 1, 1), "0.05", "10.05", "3.03"),
    (date(2016, 7, 1), "0.00", "10.00", "2.79"),
    (date(2022, 7, 1), "0.00", "10.00", "2.31"),
    (date(2023, 1, 1), "2.50", "12.50", "6.18"),
    (date(2023, 7, 1), "4.00", "14.00", "12.66"),
    (date(2024, 1, 1), "4.50", "14.50", "15.21"),
    (date(2024, 7, 1), "4.25", "14.25", "14.76"),
    (date(2025, 1, 1), "3.15", "13.15", "11.13"),
    (date(2025, 7, 1), "2.15", "12.15", "8.28"),
    (date(2026, 1, 1), "2.15", "12.15", "7.86"),
]


@pytest.mark.parametrize(("ancrage", "bce", "defaut", "plancher"), SEMESTRES_PENALITES)
def test_penalites_par_semestre(
    jur: Jurisprudence, ancrage: date, bce: str, defaut: str, plancher: str
) -> None:
    assert jur.texte("penalites_retard_methode_bce", ancrage) == "semestrielle"
    taux_bce = jur.decimal("taux_bce_refinancement", ancrage)
    assert taux_bce == Decimal(bce)
    assert taux_bce + jur.decimal("penalites_retard_marge", ancrage) == Decimal(defaut)
    minimum = jur.decimal("penalites_retard_multiplicateur_plancher", ancrage) * jur.decimal(
        "taux_interet_legal_autres_cas", ancrage
    )
    assert minimum == Decimal(plancher)


def test_histoire_des_penalites_de_retard(jur: Jurisprudence) -> None:
    # Loi NRE (2001): ECB + 7 points, floor 1.5 × legal rate, most recent operation.
    nre = date(2008, 12, 31)
    assert jur.decimal("penalites_retard_marge", nre) == Decimal("7")
    assert jur.decimal("penalites_retard_multiplicateur_plancher", nre) == Decimal("1.5")
    assert jur.texte("penalites_retard_methode_bce", nre) == "operation_la_plus_recente"
    # Loi LME: ECB + 10 points and 3 × from 1 January 2009.
    lme = date(2009, 1, 1)
    assert jur.decimal("penalites_retard_marge", lme) == Decimal("10")
    assert jur.decimal("penalites_retard_multiplicateur_plancher", lme) == Decimal("3")
    assert jur.texte("penalites_retard_methode_bce", date(2012, 12, 31)) == (
        "operation_la_plus_recente"
    )
    # Loi 2012-387: half-year anchoring from 1 January 2013.
    assert jur.texte("penalites_retard_methode_bce", date(2013, 1, 1)) == "semestrielle"
    # Ordonnance 2019-359: same rule, now cited as L441-10 II.
    for nom in (
        "penalites_retard_marge",
        "penalites_retard_multiplicateur_plancher",
        "penalites_retard_methode_bce",
    ):
        assert "L441-10 II" in jur.serie(nom).en_vigueur(date(2025, 1, 1)).source


def test_indemnite_forfaitaire_et_commande_publique(jur: Jurisprudence) -> None:
    assert jur.decimal("indemnite_forfaitaire", date(2013, 1, 1)) == Decimal("40.00")
    assert jur.decimal("indemnite_forfaitaire", date(2026, 11, 26)) == Decimal("40")
    assert "D441-5" in jur.serie("indemnite_forfaitaire").en_vigueur(date(2025, 1, 1)).source
    assert jur.decimal("indemnite_forfaitaire_commande_publique", date(2013, 5, 1)) == Decimal(40)
    assert jur.decimal("commande_publique_marge", date(2025, 1, 1)) == Decimal("8")
    assert "R2192-31" in jur.serie("commande_publique_marge").en_vigueur(date(2025, 1, 1)).source
    note = jur.serie("indemnite_forfaitaire_commande_publique").valeurs[-1].note or ""
    assert "NON CONFIRMÉ" in note


# --- amounts and delays ----------------------------------------------------


def test_petites_creances(jur: Jurisprudence) -> None:
    assert jur.decimal("petites_creances_plafond", date(2019, 12, 31)) == Decimal("4000")
    assert jur.decimal("petites_creances_plafond", date(2020, 1, 1)) == Decimal("5000.00")
    assert jur.entier("petites_creances_duree", date(2025, 3, 1)) == 1
    with pytest.raises(DonneeJuridiqueManquante):
        jur.decimal("petites_creances_plafond", date(2016, 5, 31))


def test_prescription(jur: Jurisprudence) -> None:
    assert jur.entier("prescription_professionnels", date(2025, 1, 1)) == 5
    assert jur.entier("prescription_consommateurs", date(2025, 1, 1)) == 2
    assert "L137-2" in jur.serie("prescription_consommateurs").en_vigueur(date(2015, 1, 1)).source
    assert "L218-2" in jur.serie("prescription_consommateurs").en_vigueur(date(2025, 1, 1)).source
    with pytest.raises(DonneeJuridiqueManquante):
        jur.entier("prescription_professionnels", date(2008, 6, 18))


@pytest.mark.parametrize(
    ("serie", "valeur"),
    [
        ("mise_en_demeure_delai_usuel", 8),
        ("mise_en_demeure_delai_long", 15),
        ("injonction_delai_signification", 6),
        ("injonction_delai_opposition", 1),
        ("declaration_creances_delai", 2),
        ("declaration_creances_prolongation_hors_metropole", 2),
        ("releve_forclusion_delai", 6),
        ("interet_legal_majoration_delai", 2),
        ("capitalisation_periode", 1),
        ("base_jours_annee", 365),
    ],
)
def test_delais_en_vigueur(jur: Jurisprudence, serie: str, valeur: int) -> None:
    assert jur.entier(serie, date(2026, 11, 26)) == valeur


def test_majoration_et_usages(jur: Jurisprudence) -> None:
    assert jur.decimal("interet_legal_majoration", date(2025, 1, 1)) == Decimal("5")
    for nom in ("mise_en_demeure_delai_usuel", "mise_en_demeure_delai_long"):
        valeur = jur.serie(nom).en_vigueur(date(2025, 1, 1))
        assert valeur.confiance == "M"
        assert "non légale" in (valeur.note or "")
    base = jur.serie("base_jours_annee").en_vigueur(date(2025, 1, 1))
    assert "bissextile" in (base.note or "")


def test_cerfa(jur: Jurisprudence) -> None:
    le = date(2026, 11, 26)
    assert jur.texte("cerfa_injonction_tribunal_judiciaire", le) == "12948*06"
    assert jur.texte("cerfa_injonction_tribunal_commerce", le) == "12946*02"
    assert jur.texte("cerfa_injonction_contentieux_protection", le) == "16040*01"
    tj = jur.serie("cerfa_injonction_tribunal_judiciaire").en_vigueur(le)
    assert tj.confiance == "M"
    assert "*07" in (tj.note or "")


# --- the loader refuses malformed data -------------------------------------

SERIE_VALIDE = """\
description: Série de test
unite: pourcent
connu_jusqu_au: 2026-06-30
valeurs:
  2025-01-01:
    valeur: "1.00"
    source: Texte de test
    confiance: H
"""


def _charger_fichier(dossier: Path, contenu: str, local: Path, nom: str = "serie_test") -> Path:
    dossier.mkdir(exist_ok=True)
    fichier = dossier / f"{nom}.yaml"
    fichier.write_text(contenu, encoding="utf-8")
    charger(livre=dossier, local=local)
    return fichier


def test_une_serie_valide_se_charge(tmp_path: Path, sans_extension: Path) -> None:
    (tmp_path / "livre").mkdir()
    (tmp_path / "livre" / "serie_test.yaml").write_text(SERIE_VALIDE, encoding="utf-8")
    jur = charger(livre=tmp_path / "livre", local=sans_extension)
    assert jur.decimal("serie_test", date(2025, 6, 1)) == Decimal("1.00")


@pytest.mark.parametrize(
    ("contenu", "motif"),
    [
        pytest.param(
            SERIE_VALIDE + '  2025-01-01:\n    valeur: "2.00"\n    source: T\n    confiance: H\n',
            "double",
            id="date-en-double",
        ),
        pytest.param(
            SERIE_VALIDE + '  "2025-01-01":\n    valeur: "2.00"\n    source: T\n    confiance: H\n',
            "double",
            id="date-en-double-ecrite-autrement",
        ),
        pytest.param(
            SERIE_VALIDE.replace("2025-01-01", "2026-02-30"), "2026-02-30", id="date-impossible"
        ),
        pytest.param(
            SERIE_VALIDE.replace("2025-01-01", '"01/01/2026"'), "01/01/2026", id="date-francaise"
        ),
        pytest.param(
            SERIE_VALIDE.replace("connu_jusqu_au: 2026-06-30", "connu_jusqu_au: 30/06/2026"),
            "30/06/2026",
            id="borne-mal-formee",
        ),
        pytest.param(SERIE_VALIDE.replace('"1.00"', "1.00"), "guillemets", id="taux-non-cite"),
        pytest.param(SERIE_VALIDE.replace('"1.00"', "1"), "guillemets", id="entier-non-cite"),
        pytest.param(SERIE_VALIDE.replace('"1.00"', '"un"'), "invalide", id="taux-illisible"),
        pytest.param(SERIE_VALIDE.replace('"1.00"', '"NaN"'), "invalide", id="taux-non-fini"),
        pytest.param(
            SERIE_VALIDE.replace("    source: Texte de test\n", ""), "source", id="sans-source"
        ),
        pytest.param(
            SERIE_VALIDE.replace("    source: Texte de test\n", '    source: " "\n'),
            "source",
            id="source-vide",
        ),
        pytest.param(
            SERIE_VALIDE.replace("confiance: H", "confiance: X"), "confiance", id="confiance"
        ),
        pytest.param(SERIE_VALIDE.replace("pourcent", "pourmille"), "unité", id="unite-inconnue"),
        pytest.param(SERIE_VALIDE.replace("valeurs:\n", "valeurs: [\n"), "YAML", id="yaml"),
        pytest.param(
            SERIE_VALIDE.replace("connu_jusqu_au", "connu_jusquau"), "champs", id="champ-inconnu"
        ),
        pytest.param(
            SERIE_VALIDE.replace("2026-06-30", "2024-12-31"), "précède", id="borne-trop-tot"
        ),
        pytest.param(
            SERIE_VALIDE.replace("    confiance: H\n", "    confiance: H\n    url: 3\n"),
            "url",
            id="url-non-texte",
        ),
    ],
)
def test_le_chargeur_refuse(tmp_path: Path, sans_extension: Path, contenu: str, motif: str) -> None:
    with pytest.raises(DonneeJuridiqueInvalide) as erreur:
        _charger_fichier(tmp_path / "livre", contenu, sans_extension)
    assert erreur.value.fichier is not None
    assert erreur.value.fichier.endswith("serie_test.yaml")
    assert "serie_test.yaml" in str(erreur.value)
    assert motif in str(erreur.value)


@pytest.mark.parametrize(
    ("contenu", "raison"),
    [
        pytest.param(
            SERIE_VALIDE.replace("2025-01-01", "2026-02-30"),
            "date impossible « 2026-02-30 » (ce jour n'existe pas dans ce mois)",
            id="jour-hors-du-mois",
        ),
        pytest.param(
            SERIE_VALIDE.replace("2025-01-01", "2026-13-01"),
            "date impossible « 2026-13-01 » (le mois va de 1 à 12)",
            id="mois-13",
        ),
        pytest.param(
            SERIE_VALIDE.replace("valeurs:\n", "valeurs: [\n"),
            "crochet fermant « ] » ou virgule attendus",
            id="crochet",
        ),
        pytest.param(
            SERIE_VALIDE.replace("    source:", "\tsource:"),
            "caractère interdit (une tabulation ? indentez par espaces)",
            id="tabulation",
        ),
    ],
)
def test_le_chargeur_explique_en_francais(
    tmp_path: Path, sans_extension: Path, contenu: str, raison: str
) -> None:
    """PyYAML's and datetime's English reasons reach the user in French (issue 14's note)."""
    with pytest.raises(DonneeJuridiqueInvalide) as erreur:
        _charger_fichier(tmp_path / "livre", contenu, sans_extension)
    message = str(erreur.value)
    assert "YAML invalide (ligne " in message
    assert message.endswith(raison), message
    for anglais in ("expected", "out of range", "must be", "token", "found"):
        assert anglais not in message


def test_une_duree_doit_etre_un_entier(tmp_path: Path, sans_extension: Path) -> None:
    contenu = SERIE_VALIDE.replace("pourcent", "mois").replace('"1.00"', '"6"')
    with pytest.raises(DonneeJuridiqueInvalide, match="entier"):
        _charger_fichier(tmp_path / "livre", contenu, sans_extension)


def test_une_decision_sans_citation_est_refusee(tmp_path: Path, sans_extension: Path) -> None:
    contenu = (
        "cass_test:\n  juridiction: Cour de cassation\n  date: 2021-01-20\n"
        "  numero: 19-20.680\n  solution: Solution.\n  source: Source\n"
    )
    with pytest.raises(DonneeJuridiqueInvalide, match="citation") as erreur:
        _charger_fichier(tmp_path / "livre", contenu, sans_extension, nom="decisions")
    assert (erreur.value.fichier or "").endswith("decisions.yaml")


# --- the user's local extension --------------------------------------------

EXTENSION = """\
taux_interet_legal_autres_cas:
  connu_jusqu_au: 2026-12-31
  valeurs:
    2026-07-01:
      valeur: "2.50"
      source: "Arrêté fictif (donnée de test, pas une valeur publiée)"
taux_interet_legal_particulier:
  connu_jusqu_au: 2026-12-31
  valeurs:
    2026-07-01:
      valeur: "6.50"
      source: "Arrêté fictif (donnée de test, pas une valeur publiée)"
      confiance: M
"""


def _extension(tmp_path: Path, contenu: str) -> Path:
    dossier = tmp_path / "local"
    dossier.mkdir()
    (dossier / "taux_2026.yaml").write_text(contenu, encoding="utf-8")
    return dossier


def _verifier_extension(jur: Jurisprudence) -> None:
    autres = jur.serie("taux_interet_legal_autres_cas")
    assert autres.connu_jusqu_au == date(2026, 12, 31)
    ajout = autres.en_vigueur(date(2026, 11, 26))
    assert ajout.valeur == Decimal("2.50")
    assert ajout.locale is True
    assert ajout.depuis == date(2026, 7, 1)
    assert ajout.confiance == "H"  # default for a local value with a published source
    particulier = jur.serie("taux_interet_legal_particulier").en_vigueur(date(2026, 7, 1))
    assert (particulier.valeur, particulier.locale, particulier.confiance) == (
        Decimal("6.50"),
        True,
        "M",
    )
    # The shipped values are untouched and not flagged.
    livre = autres.en_vigueur(date(2026, 6, 30))
    assert (livre.valeur, livre.locale) == (Decimal("2.62"), False)
    with pytest.raises(DonneeJuridiqueManquante, match="2027-01-01"):
        autres.en_vigueur(date(2027, 1, 1))


def test_extension_locale_par_parametre(tmp_path: Path) -> None:
    _verifier_extension(charger(local=_extension(tmp_path, EXTENSION)))


def test_extension_locale_par_variable_d_environnement(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ESCALADE_JURISPRUDENCE", str(_extension(tmp_path, EXTENSION)))
    _verifier_extension(charger())


def test_extension_locale_refuse_une_date_livree(tmp_path: Path) -> None:
    contenu = EXTENSION.replace("2026-07-01", "2026-01-01", 1)
    with pytest.raises(DonneeJuridiqueInvalide, match="2026-01-01") as erreur:
        charger(local=_extension(tmp_path, contenu))
    assert (erreur.value.fichier or "").endswith("taux_2026.yaml")


def test_extension_locale_refuse_une_serie_inconnue(tmp_path: Path) -> None:
    contenu = EXTENSION.replace("taux_interet_legal_autres_cas:", "taux_invente:")
    with pytest.raises(DonneeJuridiqueInvalide, match="taux_invente") as erreur:
        charger(local=_extension(tmp_path, contenu))
    assert (erreur.value.fichier or "").endswith("taux_2026.yaml")


def test_extension_locale_doit_dire_jusqu_a_quand(tmp_path: Path) -> None:
    contenu = EXTENSION.replace("  connu_jusqu_au: 2026-12-31\n", "")
    with pytest.raises(DonneeJuridiqueInvalide, match="connu_jusqu_au"):
        charger(local=_extension(tmp_path, contenu))


def test_extension_locale_sans_source_refusee(tmp_path: Path) -> None:
    contenu = EXTENSION.replace(
        '      source: "Arrêté fictif (donnée de test, pas une valeur publiée)"\n', "", 1
    )
    with pytest.raises(DonneeJuridiqueInvalide, match="source"):
        charger(local=_extension(tmp_path, contenu))
