"""Retention per category at its boundary day, the end of the relationship, the legal hold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from conftest import dossier

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.rgpd.conservation import a_purger, echeances, fin_de_relation, retenues
from escalade.rgpd.regles_conservation import CATEGORIES, politique_par_defaut

SOLDE = {
    "etape": "solde",
    "historique": [{"etape": "solde", "le": "2026-03-10"}],
    "paiements": [{"date": "2026-03-10", "montant": "1000.00", "facture": "F1"}],
}


@pytest.fixture
def politique(jur: Jurisprudence):  # type: ignore[no-untyped-def]
    return politique_par_defaut(jur, date(2026, 6, 30))


def _categories(d, le, politique) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.categorie for a in a_purger(d, le, politique)]


def test_politique_par_defaut_cite_ses_sources(politique) -> None:  # type: ignore[no-untyped-def]
    assert politique.base_active_ans == 3  # CNIL 2021-131
    assert dict(politique.prescription_ans) == {
        "professionnel": 5, "consommateur": 2, "personne_publique": 4
    }  # fmt: skip
    assert politique.pieces_comptables_ans == 10  # C. com. L123-22
    assert politique.execution_titre_ans == 10  # CPCE L111-4
    assert "2021-131" in politique.sources["base_active_ans"]
    assert "L123-22" in politique.sources["pieces_comptables_ans"]


def test_fin_de_relation_dossier_solde() -> None:
    # Settled on 2026-03-10 (transition and payment); a later contact moves the end.
    assert fin_de_relation(dossier(**SOLDE)).le == date(2026, 3, 10)
    d = dossier(
        **SOLDE,
        contacts=[{"le": "2026-04-02T10:00:00+02:00", "canal": "email", "objet": "remerciement"}],
    )
    fin = fin_de_relation(d)
    assert fin.le == date(2026, 4, 2)
    assert fin.motif == "contact (email, remerciement) du 2026-04-02"


def test_fin_de_relation_sans_evenement_est_l_echeance() -> None:
    assert fin_de_relation(dossier()).le == date(2026, 2, 1)


def test_fin_de_relation_echeancier_en_cours() -> None:
    # The last agreed instalment (2026-12-15) ends the relationship, not the agreement date.
    d = dossier(
        echeanciers=[
            {
                "convenu_le": "2026-03-01",
                "echeances": [
                    {"date": "2026-06-15", "montant": "500.00"},
                    {"date": "2026-12-15", "montant": "500.00"},
                ],
            }
        ]
    )
    assert fin_de_relation(d).le == date(2026, 12, 15)


def test_b2b_bornes_de_chaque_categorie(politique) -> None:  # type: ignore[no-untyped-def]
    # End of relationship 2026-03-10. Notes: active base 3 years -> kept until 2029-03-10.
    # Identity, documents, audit: max(3 years, 5 years L110-4) -> kept until 2031-03-10.
    # Amounts and invoices: 10 years L123-22 -> kept until 2036-03-10.
    d = dossier(**SOLDE)
    bornes = {e.categorie: e.conserve_jusqu_au for e in echeances(d, politique)}
    assert bornes == {
        "identite_coordonnees": date(2031, 3, 10),
        "journal_contacts_notes": date(2029, 3, 10),
        "documents_produits": date(2031, 3, 10),
        "montants_factures": date(2036, 3, 10),
        "journal_audit": date(2031, 3, 10),
    }
    assert _categories(d, date(2029, 3, 10), politique) == []
    assert _categories(d, date(2029, 3, 11), politique) == ["journal_contacts_notes"]
    assert _categories(d, date(2031, 3, 10), politique) == ["journal_contacts_notes"]
    assert _categories(d, date(2031, 3, 11), politique) == [
        "identite_coordonnees", "journal_contacts_notes", "documents_produits", "journal_audit"
    ]  # fmt: skip
    assert _categories(d, date(2036, 3, 10), politique) == _categories(
        d, date(2031, 3, 11), politique
    )
    assert _categories(d, date(2036, 3, 11), politique) == list(CATEGORIES)


def test_consommateur_pas_d_archive_au_dela_de_la_base_active(politique) -> None:  # type: ignore[no-untyped-def]
    # L218-2: 2 years < 3 years of active base: identity kept until 2029-03-10, no later.
    d = dossier(**SOLDE, debiteur={"type": "consommateur", "siren": None, "nom": "Jean Dupont"})
    assert _categories(d, date(2029, 3, 10), politique) == []
    assert _categories(d, date(2029, 3, 11), politique) == [
        "identite_coordonnees", "journal_contacts_notes", "documents_produits", "journal_audit"
    ]  # fmt: skip


def test_personne_publique_quadriennale(politique) -> None:  # type: ignore[no-untyped-def]
    # Loi 68-1250: 4 years from 1 January 2027 -> kept until 2030-12-31.
    d = dossier(**SOLDE, debiteur={"type": "personne_publique", "siren": None})
    bornes = {e.categorie: e.conserve_jusqu_au for e in echeances(d, politique)}
    assert bornes["identite_coordonnees"] == date(2030, 12, 31)
    assert "identite_coordonnees" not in _categories(d, date(2030, 12, 31), politique)
    assert "identite_coordonnees" in _categories(d, date(2031, 1, 1), politique)


def test_action_porte_motif_et_articles(politique) -> None:  # type: ignore[no-untyped-def]
    d = dossier(**SOLDE)
    identite = next(
        a
        for a in a_purger(d, date(2031, 3, 11), politique)
        if a.categorie == "identite_coordonnees"
    )
    assert identite.action == "pseudonymiser"
    assert identite.references == (
        "RGPD art. 5.1.e", "CNIL, délibération n° 2021-131", "C. com. art. L110-4", "RGPD art. 17"
    )  # fmt: skip
    assert identite.motif.startswith("conservé jusqu'au 2031-03-10 : base active (3 ans)")
    assert "debiteur.nom" in identite.champs
    montants = a_purger(d, date(2036, 3, 11), politique)[3]
    assert (montants.categorie, montants.action) == ("montants_factures", "effacer")
    assert montants.references == ("RGPD art. 5.1.e", "C. com. art. L123-22", "RGPD art. 17")


def test_deja_purge_n_est_pas_repete(politique) -> None:  # type: ignore[no-untyped-def]
    d = dossier(**SOLDE)
    assert _categories(d, date(2031, 3, 11), politique)[0] == "identite_coordonnees"
    restant = a_purger(d, date(2031, 3, 11), politique, {"identite_coordonnees", "journal_audit"})
    assert [a.categorie for a in restant] == ["journal_contacts_notes", "documents_produits"]


def test_notes_en_archive_sur_option(politique) -> None:  # type: ignore[no-untyped-def]
    d = dossier(**SOLDE)
    gardees = replace(politique, notes_en_archive=True)
    assert _categories(d, date(2029, 3, 11), gardees) == []


def test_politique_plus_courte(politique) -> None:  # type: ignore[no-untyped-def]
    # A creditor keeping one year of active base: notes go after 2027-03-10.
    d = dossier(**SOLDE)
    courte = replace(politique, base_active_ans=1)
    assert _categories(d, date(2027, 3, 11), courte) == ["journal_contacts_notes"]


# --- legal hold -----------------------------------------------------------------------

LOIN = date(2045, 1, 1)  # past every retention period of the minimal dossier


def test_procedure_collective_gele_le_dossier(politique) -> None:  # type: ignore[no-untyped-def]
    d = dossier(
        debiteur={
            "procedure_collective": {"type": "redressement_judiciaire", "jugement_le": "2026-05-04"}
        }
    )
    gel = retenues(d, LOIN, politique)
    assert [r.references for r in gel] == [("C. com. art. L622-21",)]
    assert gel[0].jusqu_au is None
    assert a_purger(d, LOIN, politique) == []


@pytest.mark.parametrize("etape", ["injonction_de_payer", "petites_creances", "assignation"])
def test_procedure_en_cours_gele_le_dossier(politique, etape: str) -> None:  # type: ignore[no-untyped-def]
    d = dossier(etape=etape)
    assert [r.motif for r in retenues(d, LOIN, politique)] == [
        f"procédure en cours (étape « {etape} »)"
    ]
    assert a_purger(d, LOIN, politique) == []


def test_titre_executoire_gele_dix_ans(politique) -> None:  # type: ignore[no-untyped-def]
    # Enforceable on 2027-01-15: may be enforced until 2037-01-15 (CPCE L111-4); the dossier
    # stays whole until then, and its retention runs from the judgment (its last event).
    d = dossier(jugement={"rendu_le": "2026-12-01", "executoire_le": "2027-01-15"}, etape="solde")
    assert a_purger(d, date(2037, 1, 15), politique) == []
    assert retenues(d, date(2037, 1, 15), politique)[0].jusqu_au == date(2037, 1, 15)
    assert retenues(d, date(2037, 1, 16), politique) == []
    # Relationship ended 2026-12-01 (judgment): notes until 2029-12-01, identity until
    # 2031-12-01, amounts until 2036-12-01: everything is due the day the hold ends.
    assert _categories(d, date(2037, 1, 16), politique) == list(CATEGORIES)


def test_sans_procedure_pas_de_gel(politique) -> None:  # type: ignore[no-untyped-def]
    assert retenues(dossier(**SOLDE), LOIN, politique) == []


def test_injonction_en_cours_puis_opposition_gelent(politique) -> None:  # type: ignore[no-untyped-def]
    d = dossier(injonction={"requete_deposee_le": "2026-06-01", "ordonnance_le": "2026-06-20"})
    assert [r.motif for r in retenues(d, LOIN, politique)] == [
        "injonction de payer : procédure en cours"
    ]
    d = dossier(injonction={"ordonnance_le": "2026-06-20", "opposition_le": "2026-08-01"})
    assert [r.motif for r in retenues(d, LOIN, politique)] == [
        "injonction de payer : opposition formée"
    ]
    assert a_purger(d, LOIN, politique) == []


def test_injonction_rejetee_ne_gele_pas(politique) -> None:  # type: ignore[no-untyped-def]
    d = dossier(injonction={"requete_deposee_le": "2026-06-01", "rejetee": True})
    assert retenues(d, LOIN, politique) == []
    # The rejected requête (2026-06-01) is the last event: identity kept until 2031-06-01.
    assert fin_de_relation(d).le == date(2026, 6, 1)


def test_ordonnance_executoire_gele_dix_ans(politique) -> None:  # type: ignore[no-untyped-def]
    # Enforceable 2026-09-15 (CPC 1422) -> enforceable until 2036-09-15 (CPCE L111-4).
    d = dossier(injonction={"ordonnance_le": "2026-06-20", "executoire_le": "2026-09-15"})
    gel = retenues(d, date(2036, 9, 15), politique)
    assert [(r.jusqu_au, r.references) for r in gel] == [(date(2036, 9, 15), ("CPCE art. L111-4",))]
    assert retenues(d, date(2036, 9, 16), politique) == []


def test_petites_creances_en_cours_gele_refus_libere(politique) -> None:  # type: ignore[no-untyped-def]
    en_cours = dossier(petites_creances={"demande_le": "2026-06-01"})
    assert [r.references for r in retenues(en_cours, LOIN, politique)] == [("CPCE art. L125-1",)]
    refus = dossier(petites_creances={"demande_le": "2026-06-01", "refus_le": "2026-07-10"})
    assert retenues(refus, LOIN, politique) == []
    assert fin_de_relation(refus).le == date(2026, 7, 10)
