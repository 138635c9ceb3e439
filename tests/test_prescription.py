"""Prescription: 5 years B2B (L110-4), 2 years B2C (L218-2), 4 years against a public person."""

from __future__ import annotations

from datetime import date

from conftest import dossier

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.prescription import prescription


def test_b2b_cinq_ans_depuis_l_echeance(jur: Jurisprudence) -> None:
    # Due 2026-02-01: the creditor may act until 2031-02-01 included; barred from 2031-02-02.
    d = dossier()
    p = prescription(d, d.factures[0], date(2031, 2, 1), jur)
    assert (p.duree_ans, p.depart, p.fin, p.acquise_le, p.acquise) == (
        5, date(2026, 2, 1), date(2031, 2, 1), date(2031, 2, 2), False
    )  # fmt: skip
    assert prescription(d, d.factures[0], date(2031, 2, 2), jur).acquise
    assert p.references == ("C. com. art. L110-4", "C. civ. art. 2224", "C. civ. art. 2229")


def test_un_paiement_partiel_interrompt(jur: Jurisprudence) -> None:
    # A partial payment on 2027-06-15 acknowledges the debt (2240): a new 5-year period (2231).
    d = dossier(paiements=[{"date": "2027-06-15", "montant": "100.00", "facture": "F1"}])
    p = prescription(d, d.factures[0], date(2031, 6, 1), jur)
    assert (p.depart, p.fin, p.acquise) == (date(2027, 6, 15), date(2032, 6, 15), False)
    assert "C. civ. art. 2240" in p.references


def test_une_mise_en_demeure_n_interrompt_pas(jur: Jurisprudence) -> None:
    d = dossier(mise_en_demeure={"envoyee_le": "2027-01-10", "recue_le": "2027-01-12"})
    assert prescription(d, d.factures[0], date(2031, 2, 2), jur).acquise


def test_consommateur_deux_ans_depuis_l_execution(jur: Jurisprudence) -> None:
    # Service completed 2025-12-20, invoiced 2026-01-02: barred from 2027-12-21
    # (Civ. 1re, 19 mai 2021: the period runs from the completion of the service).
    d = dossier(debiteur={"type": "consommateur", "siren": None})
    f = d.factures[0].model_copy(update={"date_execution": date(2025, 12, 20)})
    d = d.model_copy(update={"factures": [f]})
    p = prescription(d, f, date(2027, 12, 21), jur)
    assert (p.depart, p.fin, p.acquise) == (date(2025, 12, 20), date(2027, 12, 20), True)
    assert p.references[:2] == (
        "C. conso. art. L218-2",
        "Cass. 1re civ., 19 mai 2021, n° 20-12.520",
    )
    assert p.avertissement is None


def test_consommateur_sans_date_d_execution_signale(jur: Jurisprudence) -> None:
    d = dossier(debiteur={"type": "consommateur", "siren": None})
    p = prescription(d, d.factures[0], date(2026, 6, 1), jur)
    assert p.depart == date(2026, 1, 2)
    assert p.avertissement is not None and "date d'émission" in p.avertissement


def test_quadriennale_personne_publique(jur: Jurisprudence) -> None:
    # Due 2026-02-01 → runs from 1 January 2027 for four years: last day 2030-12-31.
    d = dossier(debiteur={"type": "personne_publique", "siren": "217500016"})
    p = prescription(d, d.factures[0], date(2030, 12, 31), jur)
    assert (p.depart, p.fin, p.acquise) == (date(2027, 1, 1), date(2030, 12, 31), False)
    assert prescription(d, d.factures[0], date(2031, 1, 1), jur).acquise
