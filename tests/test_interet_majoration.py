"""CMF L313-3 (issue 17 item 14): the legal rate is increased by 5 points "à l'expiration
d'un délai de deux mois" from the day the judgment became enforceable. Enforceable on
15 January 2026: the two months end on 15 March (same date number, CPC 641 al. 2); the
increased rate applies from 16 March, not from the 15th."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from conftest import EXEMPLES

from escalade.droit.decompte import calculer
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.interet_legal import debut_majoration
from escalade.droit.modele import Jugement
from escalade.entrees.chargement import charger_fichier


def test_debut_de_la_majoration_le_lendemain_des_deux_mois(jur: Jurisprudence) -> None:
    assert debut_majoration(jur, date(2026, 1, 15)) == date(2026, 3, 16)
    # 31 December: two months end on 28 February (no 31 February); increase from 1 March.
    assert debut_majoration(jur, date(2025, 12, 31)) == date(2026, 3, 1)


def test_decompte_majore_a_partir_du_16_mars(jur: Jurisprudence) -> None:
    # Example 02: 1850.00 EUR, mise en demeure received 2 March 2026, legal interest from
    # 3 March at the "autres cas" rate of the first half of 2026, 2.62 %.
    d0 = charger_fichier(EXEMPLES / "02_b2c_mise_en_demeure.yaml")[0]
    jugement = Jugement(rendu_le=date(2026, 1, 10), executoire_le=date(2026, 1, 15))
    d = d0.model_copy(update={"jugement": jugement})
    r = calculer(d, date(2026, 3, 31), jur)
    [ligne] = r.lignes
    periodes = [(p.debut, p.fin, p.jours, p.taux, p.montant) for p in ligne.periodes]
    # 1850 x 2.62 % x 13/365 = 1.7263 -> 1.73; 1850 x 7.62 % x 16/365 = 6.1795 -> 6.18.
    assert periodes == [
        (date(2026, 3, 3), date(2026, 3, 15), 13, Decimal("2.62"), Decimal("1.73")),
        (date(2026, 3, 16), date(2026, 3, 31), 16, Decimal("7.62"), Decimal("6.18")),
    ]
    assert r.interets == Decimal("7.91")
