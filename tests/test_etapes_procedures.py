"""After-filing transitions (escalade.procedures.etapes): the court facts in sequence, or refused.

The dossier (conftest.dossier): one invoice of 1 000,00 € due 2026-02-01, a professional
debtor in Lyon (general French calendar).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from conftest import dossier

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import TransitionRefusee
from escalade.droit.modele import Dossier
from escalade.procedures import etapes as E

LE = date(2026, 12, 31)
MED = {"envoyee_le": "2026-03-02", "recue_le": "2026-03-04", "delai_jours": 8}


def _suite(d: Dossier, jur: Jurisprudence, *evenements: Any) -> Dossier:
    for e in evenements:
        d = E.appliquer(d, e, LE, jur)
    return d


def _refus(d: Dossier, jur: Jurisprudence, e: Any) -> TransitionRefusee:
    with pytest.raises(TransitionRefusee) as refus:
        E.appliquer(d, e, LE, jur)
    return refus.value


def test_depot_ouvre_la_route_et_reprend_ses_refus(jur: Jurisprudence) -> None:
    d = _suite(dossier(mise_en_demeure=MED), jur,
               E.InjonctionDeposee(requete_deposee_le=date(2026, 3, 20)))  # fmt: skip
    assert d.etape == "injonction_de_payer"
    assert d.injonction is not None and d.injonction.requete_deposee_le == date(2026, 3, 20)
    assert [(h.etape, h.le) for h in d.historique] == [("injonction_de_payer", date(2026, 3, 20))]
    # The same filing again changes nothing (no second history entry).
    assert E.appliquer(d, E.InjonctionDeposee(requete_deposee_le=date(2026, 3, 20)), LE, jur) == d
    conteste = dossier(litiges=[{"facture": "F1", "ouvert_le": "2026-02-10", "motif": "x"}])
    r = _refus(conteste, jur, E.InjonctionDeposee(requete_deposee_le=date(2026, 3, 20)))
    assert r.articles == ("CPC art. 1405",)


def test_ordonnance_et_rejet_dans_l_ordre(jur: Jurisprudence) -> None:
    d = _suite(dossier(mise_en_demeure=MED), jur,
               E.InjonctionDeposee(requete_deposee_le=date(2026, 3, 20)))  # fmt: skip
    r = _refus(d, jur, E.InjonctionOrdonnance(ordonnance_le=date(2026, 3, 19)))
    assert "précède le dépôt de la requête (20/03/2026)" in r.message
    assert r.articles == ("CPC art. 1409",)
    rejetee = _suite(d, jur, E.InjonctionRejetee(rejetee_le=date(2026, 4, 2)))
    assert rejetee.injonction is not None and rejetee.injonction.rejetee
    r = _refus(rejetee, jur, E.InjonctionOrdonnance(ordonnance_le=date(2026, 4, 3)))
    assert "rejetée" in r.message
    # Without a recorded filing, the ordonnance puts the dossier on the route on its date.
    seule = _suite(dossier(), jur, E.InjonctionOrdonnance(ordonnance_le=date(2026, 4, 10)))
    assert (seule.etape, seule.historique[-1].le) == ("injonction_de_payer", date(2026, 4, 10))


def test_signification_opposition_executoire(jur: Jurisprudence) -> None:
    d = dossier()
    r = _refus(d, jur, E.InjonctionSignifiee(signifiee_le=date(2026, 5, 4)))
    assert "aucune ordonnance" in r.message and r.articles == ("CPC art. 1411",)
    d = _suite(d, jur, E.InjonctionOrdonnance(ordonnance_le=date(2026, 4, 10)))
    r = _refus(d, jur, E.InjonctionExecutoire(executoire_le=date(2026, 9, 1)))
    assert "pas enregistrée comme signifiée" in r.message
    # Served (not to the person) Monday 4 May 2026: the month of CPC 1422 runs from service
    # whatever its form, until Thursday 4 June 2026 inclusive.
    d = _suite(d, jur, E.InjonctionSignifiee(signifiee_le=date(2026, 5, 4), a_personne=False))
    assert d.injonction is not None and not d.injonction.signifiee_a_personne
    r = _refus(d, jur, E.InjonctionExecutoire(executoire_le=date(2026, 6, 4)))
    assert "jusqu'au 04/06/2026 inclus" in r.message
    assert r.articles[:2] == ("CPC art. 1416", "CPC art. 1422")
    fin = _suite(d, jur, E.InjonctionExecutoire(executoire_le=date(2026, 6, 5)))
    assert fin.injonction is not None and fin.injonction.executoire_le == date(2026, 6, 5)
    assert fin.etape == "injonction_de_payer"  # court facts after filing keep the étape


def test_petites_creances_issue_unique(jur: Jurisprudence) -> None:
    d = dossier(mise_en_demeure=MED)
    r = _refus(d, jur, E.PetitesCreancesRefus(refus_le=date(2026, 4, 1)))
    assert "aucune procédure des petites créances" in r.message
    d = _suite(d, jur,
               E.PetitesCreancesDemandee(demande_le=date(2026, 3, 14), commissaire_nom="Me A"),
               E.PetitesCreancesInvitation(invitation_envoyee_le=date(2026, 3, 16)))  # fmt: skip
    assert d.etape == "petites_creances"
    r = _refus(d, jur, E.PetitesCreancesAccord(accord_le=date(2026, 3, 15)))
    assert "précède l'invitation du débiteur (16/03/2026)" in r.message
    refus = _suite(d, jur, E.PetitesCreancesRefus(refus_le=date(2026, 3, 30)))
    r = _refus(refus, jur, E.PetitesCreancesAccord(accord_le=date(2026, 4, 1)))
    assert r.articles == ("CPCE art. L125-1",)
    # 5 000,00 € of principal plus the late penalties since 2 February 2026 exceed the cap
    # of R125-1 (5 000 € in 2026, principal and interest): the request itself is refused.
    gros = dossier(mise_en_demeure=MED, factures=[{
        "numero": "F1", "date_emission": "2026-01-02", "date_echeance": "2026-02-01",
        "montant_ttc": "5000.00"}])  # fmt: skip
    r = _refus(gros, jur, E.PetitesCreancesDemandee(demande_le=date(2026, 3, 14)))
    assert "plafond" in r.message and "CPCE art. R125-1" in r.articles
