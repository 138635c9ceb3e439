"""A public buyer pays the principal first (CCP art. R2192-36, décret n° 2013-269).

The public accountant pays ("met en paiement") the principal; moratory interest runs until
then on the amount paid late, and the interest and the 40 EUR indemnity are owed on top,
payable within 45 days following the principal's payment. So in the décompte a payment goes
to principal first (then interest, then indemnity), interest stops on each portion of
principal when it is paid, and a note gives the R2192-36 deadline. B2B and consumer
imputation (interest first, C. civ. 1343-1) is unchanged: see test_decompte_scenarios 02
and test_plan_accessoires.

Rate of every case below: interest starts on 02/02/2026, 16/02/2026 or 01/11/2025; ECB rate
2,15 % on 1 January 2026 and on 1 July 2025 (in force since 11/06/2025) + 8 points = 10,15 %,
fixed for the whole delay (CCP art. R2192-31).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from conftest import dossier

from escalade.droit.decompte import Decompte, calculer
from escalade.droit.decompte_facture import Imputation
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier
from escalade.recouvrement.plan import planifier
from escalade.recouvrement.politique import politique_par_defaut

D = Decimal
PUBLIC = {
    "nom": "Commune de Villeneuve-sur-Lot",
    "type": "personne_publique",
    "siren": "217500016",
    "adresse": {"lignes": ["Hôtel de ville"], "code_postal": "47300", "ville": "Villeneuve"},
}
DEUX_FACTURES = [
    {"numero": "F1", "date_emission": "2026-01-02", "date_echeance": "2026-02-01",
     "montant_ttc": "1000.00"},
    {"numero": "F2", "date_emission": "2026-01-16", "date_echeance": "2026-02-15",
     "montant_ttc": "500.00"},
]  # fmt: skip
UNE_FACTURE = [
    {"numero": "FA-2025-0210", "date_emission": "2025-10-01", "date_echeance": "2025-10-31",
     "montant_ttc": "9600.00"}
]  # fmt: skip


def public(
    factures: list[dict[str, Any]], paiements: list[dict[str, Any]], **autres: Any
) -> Dossier:
    return dossier(debiteur=PUBLIC, factures=factures, paiements=paiements, **autres)


def ligne(d: Decompte, numero: str) -> tuple[Decimal, Decimal, Decimal]:
    """(principal, interest due, indemnity due) of one invoice."""
    [x] = [x for x in d.lignes if x.facture.numero == numero]
    return x.principal, x.interets_dus + x.capitalise, x.indemnite_due - x.indemnite_payee


def test_un_paiement_libre_solde_tous_les_principaux_avant_les_accessoires(
    jur: Jurisprudence,
) -> None:
    # One payment of 1 500,00 on 03/03/2026, assigned to no invoice (C. civ. 1342-10 al. 2:
    # F1 then F2, the oldest due first); principal of every debt first (R2192-36).
    # F1 1 000,00 due 01/02: 02/02-03/03, 30 days: 1 000 × 10,15 % × 30 / 365 = 8,3425 -> 8,34.
    # F2 500,00 due 15/02: 16/02-03/03, 16 days: 500 × 10,15 % × 16 / 365 = 2,2247 -> 2,22.
    # Both principals paid on 03/03: no interest after. Left: 8,34 + 2,22 = 10,56 of interest,
    # 2 × 40,00 = 80,00 of indemnities; total 90,56.
    d = calculer(public(DEUX_FACTURES, [{"date": "2026-03-03", "montant": "1500.00"}]),
                 date(2026, 6, 30), jur)  # fmt: skip
    assert d.paiements[0].imputations == (
        Imputation("F1", D("0.00"), D("1000.00"), D("0.00")),
        Imputation("F2", D("0.00"), D("500.00"), D("0.00")),
    )
    assert ligne(d, "F1") == (D("0.00"), D("8.34"), D("40.00"))
    assert ligne(d, "F2") == (D("0.00"), D("2.22"), D("40.00"))
    assert (d.principal, d.interets, d.indemnites, d.total) == (
        D("0.00"), D("10.56"), D("80.00"), D("90.56")
    )  # fmt: skip
    assert [p.fin for x in d.lignes for p in x.periodes] == [date(2026, 3, 3)] * 2
    # 03/03/2026 + 45 days = Friday 17/04/2026 (28 days to 31/03, 17 in April).
    assert [x.echeance_accessoires.echeance for x in d.lignes if x.echeance_accessoires] == [
        date(2026, 4, 17), date(2026, 4, 17)
    ]  # fmt: skip
    assert "C. civ. art. 1343-1" not in d.references
    assert d.references[-2:] == ("C. civ. art. 1342-10 al. 2", "CCP art. R2192-36")


def test_un_paiement_affecte_reste_sur_sa_facture(jur: Jurisprudence) -> None:
    # 1 500,00 assigned to F1 on 03/03/2026 (C. civ. 1342-10 al. 1): F1's principal 1 000,00,
    # then its interest 8,34 and its indemnity 40,00 (1 048,34); the 451,66 left goes to
    # F2's principal: 500,00 - 451,66 = 48,34 of principal left on F2.
    # F2: 16/02-03/03, 16 days on 500,00: 2,22; 04/03-30/06, 119 days on 48,34:
    # 48,34 × 10,15 % × 119 / 365 = 1,5997 -> 1,60; interest 2,22 + 1,60 = 3,82.
    # Total 48,34 + 3,82 + 40,00 = 92,16.
    paiement = {"date": "2026-03-03", "montant": "1500.00", "facture": "F1"}
    d = calculer(public(DEUX_FACTURES, [paiement]), date(2026, 6, 30), jur)
    assert d.paiements[0].imputations == (
        Imputation("F1", D("8.34"), D("1000.00"), D("40.00")),
        Imputation("F2", D("0.00"), D("451.66"), D("0.00")),
    )
    assert ligne(d, "F1") == (D("0.00"), D("0.00"), D("0.00"))
    assert ligne(d, "F2") == (D("48.34"), D("3.82"), D("40.00"))
    assert d.total == D("92.16")
    # The gate, on the principal alone, sees both invoices paid (F1 1 000, then F2 500);
    # the plan says the décompte's principal without citing 1343-1.
    pol = politique_par_defaut(jur)
    a = planifier(public(DEUX_FACTURES, [paiement]), date(2026, 6, 30), pol, jur)
    assert a is not None and a.etape == "accessoires_restants"
    assert a.motif.startswith(
        "Principal des factures payé si les paiements s'imputent sur le principal de toutes "
        "les factures ; le décompte au 30/06/2026, qui laisse un paiement affecté sur sa "
        "facture (principal, puis intérêts et indemnité, CCP art. R2192-36), trouve encore "
        "dus : 3,82 € d'intérêts moratoires (CCP art. R2192-31), 40,00 € d'indemnité "
        "forfaitaire pour frais de recouvrement (1 facture payée en retard) et 48,34 € de "
        "principal, qui produit encore des intérêts, soit 92,16 € ; débiteur public"
    )
    assert "1343-1" not in a.motif and "C. civ. art. 1343-1" not in a.references


def test_apres_le_principal_les_interets_puis_l_indemnite(jur: Jurisprudence) -> None:
    # Example 03's invoice: 9 600,00 paid on 16/03/2026 (principal first): 01/11/2025-16/03/2026,
    # 136 days: 9 600 × 10,15 % × 136 / 365 = 363,0641 -> 363,06 of interest, + 40,00.
    # Then 380,00 on 20/04/2026, assigned to nothing: 363,06 on interest, 16,94 on the
    # indemnity; 40,00 - 16,94 = 23,06 left. No interest after 16/03/2026.
    paiements = [
        {"date": "2026-03-16", "montant": "9600.00", "facture": "FA-2025-0210"},
        {"date": "2026-04-20", "montant": "380.00"},
    ]
    d = calculer(public(UNE_FACTURE, paiements), date(2026, 6, 30), jur)
    assert [p.imputations for p in d.paiements] == [
        (Imputation("FA-2025-0210", D("0.00"), D("9600.00"), D("0.00")),),
        (Imputation("FA-2025-0210", D("363.06"), D("0.00"), D("16.94")),),
    ]
    assert ligne(d, "FA-2025-0210") == (D("0.00"), D("0.00"), D("23.06"))
    assert d.total == D("23.06")
    assert [(p.debut, p.fin, p.montant) for p in d.lignes[0].periodes] == [
        (date(2025, 11, 1), date(2026, 3, 16), D("363.06"))
    ]
    # Something is still due: the note gives the deadline, 16/03/2026 + 45 = 30/04/2026.
    assert d.avertissements == [
        "Facture FA-2025-0210 : principal payé le 16/03/2026 ; les intérêts moratoires et "
        "l'indemnité forfaitaire pour frais de recouvrement, dus sans demande du créancier, "
        "sont à payer dans les 45 jours suivant la mise en paiement du principal (CCP art. "
        "R2192-36), soit au plus tard le 30/04/2026."
    ]
    # All paid: no note, the deadline stays known on the line.
    solde = [*paiements, {"date": "2026-04-21", "montant": "23.06"}]
    d = calculer(public(UNE_FACTURE, solde), date(2026, 6, 30), jur)
    assert d.total == 0 and d.avertissements == []
    assert d.lignes[0].echeance_accessoires is not None
    assert d.lignes[0].echeance_accessoires.echeance == date(2026, 4, 30)


def test_delai_r2192_36_proroge_au_premier_jour_ouvrable(jur: Jurisprudence) -> None:
    # Paid on 18/03/2026: 01/11/2025-18/03/2026, 138 days: 9 600 × 10,15 % × 138 / 365
    # = 368,4033 -> 368,40. 18/03/2026 + 45 days = Saturday 02/05/2026 (13 days to 31/03,
    # 30 in April, 2 in May): moved over Saturday 2 and Sunday 3 May to Monday 04/05/2026
    # (CPC 642, the debtor's calendar).
    paiement = {"date": "2026-03-18", "montant": "9600.00", "facture": "FA-2025-0210"}
    d = calculer(public(UNE_FACTURE, [paiement]), date(2026, 6, 30), jur)
    assert (d.interets, d.indemnites, d.total) == (D("368.40"), D("40.00"), D("408.40"))
    assert d.avertissements == [
        "Facture FA-2025-0210 : principal payé le 18/03/2026 ; les intérêts moratoires et "
        "l'indemnité forfaitaire pour frais de recouvrement, dus sans demande du créancier, "
        "sont à payer dans les 45 jours suivant la mise en paiement du principal (CCP art. "
        "R2192-36), soit au plus tard le 04/05/2026 (prorogée au premier jour ouvrable : "
        "samedi 2 mai 2026, dimanche 3 mai 2026)."
    ]
    assert d.references[-4:] == ("CCP art. R2192-36", "CPC art. 640", "CPC art. 641",
                                 "CPC art. 642")  # fmt: skip


def test_capitalisation_ne_fait_pas_reprendre_les_interets(jur: Jurisprudence) -> None:
    # The creditor asks for capitalisation (C. civ. 1343-2): on the first anniversary,
    # 01/11/2026, the 363,06 of interest left unpaid is capitalised, but interest ran only
    # until the principal's payment on 16/03/2026: it produces nothing more.
    paiement = {"date": "2026-03-16", "montant": "9600.00", "facture": "FA-2025-0210"}
    d = calculer(public(UNE_FACTURE, [paiement], creancier={"capitalisation": True}),
                 date(2026, 12, 31), jur)  # fmt: skip
    assert (d.lignes[0].capitalise, d.lignes[0].interets_dus) == (D("363.06"), D("0.00"))
    assert (d.interets, d.total) == (D("363.06"), D("403.06"))
    assert [p.fin for p in d.lignes[0].periodes] == [date(2026, 3, 16)]


@pytest.mark.parametrize("type_", ["professionnel", "consommateur"])
def test_les_autres_debiteurs_gardent_l_imputation_1343_1(jur: Jurisprudence, type_: str) -> None:
    # The same payment as the first test, by a company: interest first (1343-1).
    # Default rate 2026 S1 12,15 % (L441-10 II): F1 30 days: 1 000 × 12,15 % × 30 / 365
    # = 9,9863 -> 9,99 first, then F1's principal 1 000,00, then its 40,00 (D441-5):
    # 1 049,99; the 450,01 left: F2's 16 days, 500 × 12,15 % × 16 / 365 = 2,6630 -> 2,66,
    # then 447,35 of F2's principal.
    # A consumer without a mise en demeure owes no interest: principal only, same order.
    d = calculer(
        dossier(debiteur={"type": type_}, factures=DEUX_FACTURES,
                paiements=[{"date": "2026-03-03", "montant": "1500.00"}]),
        date(2026, 3, 3), jur,
    )  # fmt: skip
    attendu = {
        "professionnel": (
            Imputation("F1", D("9.99"), D("1000.00"), D("40.00")),
            Imputation("F2", D("2.66"), D("447.35"), D("0.00")),
        ),
        "consommateur": (
            Imputation("F1", D("0"), D("1000.00"), D("0")),
            Imputation("F2", D("0"), D("500.00"), D("0")),
        ),
    }[type_]
    assert d.paiements[0].imputations == attendu
    assert "C. civ. art. 1343-1" in d.references and "CCP art. R2192-36" not in d.references
    assert all(x.echeance_accessoires is None for x in d.lignes)
    assert not any("R2192-36" in message for message in d.avertissements)
