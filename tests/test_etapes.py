"""Dossier transitions (escalade.procedures.etapes): dated events, illegal ones refused with
articles."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from conftest import EXEMPLES

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide, TransitionRefusee
from escalade.droit.modele import Dossier
from escalade.entrees.chargement import charger_fichier
from escalade.procedures import etapes as E


def exemple(nom: str, **modifs: Any) -> Dossier:
    d = charger_fichier(EXEMPLES / nom)[0]
    return d.model_copy(update=modifs) if modifs else d


LE = date(2026, 5, 4)


def test_paiement_qui_solde(jur: Jurisprudence) -> None:
    # 3 600 invoiced, 1 800 paid: a payment of 1 800 settles the principal.
    d = E.appliquer(
        exemple("01_b2b_paiements_partiels.yaml"),
        E.Paiement(date=date(2026, 5, 2), montant=Decimal("1800.00")),
        LE,
        jur,
    )
    assert d.etape == "solde"
    assert d.historique[-1].etape == "solde" and d.historique[-1].le == date(2026, 5, 2)
    assert len(d.paiements) == 3


def test_mise_en_demeure_refusee_sur_dossier_solde(jur: Jurisprudence) -> None:
    with pytest.raises(TransitionRefusee) as e:
        E.appliquer(
            exemple("03_personne_publique.yaml"),
            E.MiseEnDemeureEnvoyee(envoyee_le=date(2026, 4, 1)),
            LE,
            jur,
        )
    assert "soldé" in e.value.message
    assert e.value.articles == ("C. civ. art. 1342",)


def test_injonction_refusee_sur_facture_contestee(jur: Jurisprudence) -> None:
    d = exemple("04_litige.yaml")
    with pytest.raises(TransitionRefusee) as e:
        E.appliquer(d, E.EtapeRoute(etape="injonction_de_payer", le=LE), LE, jur)
    assert "FA-2026-0042" in e.value.message
    assert e.value.articles == ("CPC art. 1405",)
    apres = E.appliquer(
        d, E.EtapeRoute(etape="injonction_de_payer", le=LE, factures=["FA-2026-0011"]), LE, jur
    )
    assert apres.etape == "injonction_de_payer"


def test_aucune_etape_pendant_une_procedure_collective(jur: Jurisprudence) -> None:
    d = exemple("05_procedure_collective.yaml")
    with pytest.raises(TransitionRefusee) as e:
        E.appliquer(d, E.MiseEnDemeureEnvoyee(envoyee_le=date(2026, 6, 1)), date(2026, 6, 1), jur)
    assert e.value.articles == ("C. com. art. L622-21",)
    with pytest.raises(TransitionRefusee) as e:
        E.appliquer(
            d, E.Paiement(date=date(2026, 6, 1), montant=Decimal("100.00")), date(2026, 6, 1), jur
        )
    assert e.value.articles == ("C. com. art. L622-7",)


def test_procedure_collective_ouverte_suspend(jur: Jurisprudence) -> None:
    d = E.appliquer(
        exemple("01_b2b_paiements_partiels.yaml"),
        E.ProcedureCollectiveOuverte(procedure="sauvegarde", jugement_le=date(2026, 5, 1)),
        LE,
        jur,
    )
    assert d.etape == "suspendu"
    assert d.debiteur.procedure_collective is not None


def test_litige_ouvert_puis_clos(jur: Jurisprudence) -> None:
    d = exemple("04_litige.yaml")
    with pytest.raises(TransitionRefusee):
        E.appliquer(d, E.LitigeOuvert(facture="FA-2026-0042", ouvert_le=LE, motif="x"), LE, jur)
    tout = E.appliquer(
        d, E.LitigeOuvert(facture="FA-2026-0011", ouvert_le=LE, motif="prix"), LE, jur
    )
    assert tout.etape == "suspendu"  # every unpaid invoice is disputed
    rouvert = E.appliquer(tout, E.LitigeClos(facture="FA-2026-0011", clos_le=LE), LE, jur)
    assert rouvert.litiges[-1].clos_le == LE
    with pytest.raises(EntreeInvalide):
        E.appliquer(d, E.LitigeClos(facture="FA-INCONNUE", clos_le=LE), LE, jur)


def test_echeancier_puis_echeance_manquee(jur: Jurisprudence) -> None:
    d = E.appliquer(
        exemple("01_b2b_paiements_partiels.yaml"),
        E.EcheancierConvenu(
            convenu_le=date(2026, 3, 1),
            echeances=[
                {"date": date(2026, 3, 31), "montant": Decimal("900.00")},  # type: ignore[list-item]
                {"date": date(2026, 4, 30), "montant": Decimal("900.00")},  # type: ignore[list-item]
            ],
        ),
        date(2026, 3, 1),
        jur,
    )
    assert d.etape == "suspendu"
    with pytest.raises(TransitionRefusee):  # a mise en demeure during a respected plan
        E.appliquer(d, E.MiseEnDemeureEnvoyee(envoyee_le=date(2026, 3, 20)), date(2026, 3, 20), jur)
    paye = E.appliquer(
        d, E.Paiement(date=date(2026, 3, 30), montant=Decimal("900.00")), date(2026, 3, 30), jur
    )
    with pytest.raises(TransitionRefusee) as e:  # paid on time: not missed
        E.appliquer(
            paye,
            E.EcheanceManquee(echeance=date(2026, 3, 31), constatee_le=date(2026, 4, 2)),
            date(2026, 4, 2),
            jur,
        )
    assert "couverte" in e.value.message
    rompu = E.appliquer(
        paye, E.EcheanceManquee(echeance=date(2026, 4, 30), constatee_le=date(2026, 5, 2)), LE, jur
    )
    assert rompu.echeanciers[-1].rompu_le == date(2026, 5, 2)
    assert rompu.etape != "suspendu"


def test_mise_en_demeure_envoyee_recue_non_reclamee(jur: Jurisprudence) -> None:
    d = E.appliquer(
        exemple("04_litige.yaml"),
        E.MiseEnDemeureEnvoyee(envoyee_le=date(2026, 4, 28), delai_jours=8),
        LE,
        jur,
    )
    assert d.etape == "mise_en_demeure" and d.mise_en_demeure is not None
    recue = E.appliquer(d, E.MiseEnDemeureRecue(recue_le=date(2026, 4, 30)), LE, jur)
    assert recue.mise_en_demeure is not None and recue.mise_en_demeure.recue_le == date(2026, 4, 30)
    with pytest.raises(TransitionRefusee):
        E.appliquer(
            recue, E.MiseEnDemeureNonReclamee(premiere_presentation_le=date(2026, 4, 30)), LE, jur
        )
    with pytest.raises(TransitionRefusee):  # a second one
        E.appliquer(d, E.MiseEnDemeureEnvoyee(envoyee_le=date(2026, 5, 1)), LE, jur)


def test_petites_creances_au_dessus_du_plafond(jur: Jurisprudence) -> None:
    with pytest.raises(TransitionRefusee) as e:
        E.appliquer(
            exemple("04_litige.yaml"),
            E.EtapeRoute(
                etape="petites_creances",
                le=LE,
                factures=["FA-2026-0011"],
                montant_reclame=Decimal("5000.01"),
            ),
            LE,
            jur,
        )
    assert "plafond de 5 000,00 €" in e.value.message
    assert e.value.articles == ("CPCE art. L125-1", "CPCE art. R125-1")


def test_evenement_futur_refuse(jur: Jurisprudence) -> None:
    with pytest.raises(TransitionRefusee) as e:
        E.appliquer(
            exemple("04_litige.yaml"),
            E.Paiement(date=date(2026, 5, 5), montant=Decimal("1.00")),
            LE,
            jur,
        )
    assert "postérieur" in e.value.message


def test_le_dossier_d_origine_n_est_pas_modifie(jur: Jurisprudence) -> None:
    d = exemple("04_litige.yaml")
    E.appliquer(d, E.Paiement(date=LE, montant=Decimal("10.00")), LE, jur)
    assert d.paiements == []


def test_petites_creances_plafond_compte_les_interets(jur: Jurisprudence) -> None:
    # CPCE R125-1 counts principal and interest. Example 04 without its dispute, at 30/06/2026,
    # contractual rate 15 %:
    #   FA-2026-0011: 3 600,00 x 15 % x 141 j (10/02 -> 30/06) / 365 = 208,60
    #   FA-2026-0042: 1 200,00 x 15 % x  91 j (01/04 -> 30/06) / 365 =  44,88
    #   4 800,00 principal + 253,48 = 5 053,48 > 5 000,00, though the principal alone is under.
    le = date(2026, 6, 30)
    with pytest.raises(TransitionRefusee) as e:
        E.appliquer(
            exemple("04_litige.yaml", litiges=[]),
            E.EtapeRoute(etape="petites_creances", le=le),
            le,
            jur,
        )
    assert "5 053,48 € dépasse le plafond de 5 000,00 €" in e.value.message
