"""Matching credits to open invoices: sure, unsure, never twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from escalade.entrees.rapprochement import Affectation, FactureOuverte, meme_nom, rapprocher
from escalade.entrees.releve_bancaire import Credit, lire_camt053
from tests.test_releve_bancaire import camt, entree

D = Decimal
FACTURES = (
    FactureOuverte(
        "D-MARTIN", "FA-2026-0042", D("1200.00"), "Boulangerie Martin SAS", date(2026, 3, 1)
    ),
    FactureOuverte(
        "D-MARTIN", "FA-2026-0043", D("300.00"), "Boulangerie Martin SAS", date(2026, 3, 5)
    ),
    FactureOuverte("D-DUPONT", "FA-2026-0050", D("850.00"), "Garage Dupont", date(2026, 3, 2)),
    FactureOuverte("D-LEROY", "FA-2026-0060", D("850.00"), "Leroy SARL", date(2026, 3, 3)),
)


def credit(identite: str, montant: str, **kw: object) -> Credit:
    return Credit(
        identite=identite,
        date=date(2026, 4, 10),
        montant=D(montant),
        libelle=str(kw.pop("libelle", "")),
        **kw,
    )  # type: ignore[arg-type]


def test_camt_with_reference_without_and_one_credit_for_two_invoices() -> None:
    releve = lire_camt053(
        camt(
            # structured reference, exact amount
            entree("300.00", ref_banque="R1", ref="FA-2026-0043"),
            # two invoice numbers in the label, one transfer of 1 200 + 300 = 1 500...
            # ...but FA-2026-0043 is already paid by R1 above: 1 500 > 1 200 left, unsure
            entree("1500.00", ref_banque="R2", ustrd="FACTURES FA 2026 0042 ET FA-2026-0043"),
            # no reference at all: exact amount and payer's name
            entree("850.00", ref_banque="R3", debiteur="GARAGE DUPONT"),
        )
    )
    resultat = rapprocher(releve.credits, FACTURES)
    assert [(p.credit.identite, p.affectations, p.motif) for p in resultat.surs] == [
        (
            "camt:R1",
            (Affectation("D-MARTIN", "FA-2026-0043", D("300.00")),),
            "référence de paiement (FA-2026-0043), montant exact",
        ),
        (
            "camt:R3",
            (Affectation("D-DUPONT", "FA-2026-0050", D("850.00")),),
            "montant exact et nom du débiteur",
        ),
    ]
    [incertain] = resultat.incertains
    assert incertain.credit.identite == "camt:R2"
    assert incertain.motif == (
        "numéro de facture dans le libellé (FA-2026-0042, FA-2026-0043) mais montant "
        "1500.00 € supérieur au restant dû (1200.00 €)"
    )


def test_one_credit_paying_two_invoices() -> None:
    releve = lire_camt053(
        camt(entree("1500.00", ref_banque="R9", ustrd="REGLEMENT FA-2026-0042 FA-2026-0043"))
    )
    [sur] = rapprocher(releve.credits, FACTURES).surs
    # 1 200 + 300 = 1 500: each invoice receives what remains on it
    assert sur.affectations == (
        Affectation("D-MARTIN", "FA-2026-0042", D("1200.00")),
        Affectation("D-MARTIN", "FA-2026-0043", D("300.00")),
    )


def test_part_payment_of_one_named_invoice_is_sure() -> None:
    [sur] = rapprocher([credit("c1", "400.00", reference="FA-2026-0042")], FACTURES).surs
    assert sur.affectations == (Affectation("D-MARTIN", "FA-2026-0042", D("400.00")),)
    assert sur.motif == "référence de paiement (FA-2026-0042), paiement partiel"


def test_amount_alone_is_never_sure() -> None:
    # 850 matches FA-2026-0050 (Dupont) and FA-2026-0060 (Leroy): no name, no reference
    resultat = rapprocher([credit("c2", "850.00", libelle="VIREMENT RECU")], FACTURES)
    assert resultat.surs == ()
    [incertain] = resultat.incertains
    assert incertain.motif == (
        "montant exact sans référence : 2 facture(s) possible(s) (FA-2026-0050, FA-2026-0060)"
    )


def test_a_credit_is_never_matched_twice() -> None:
    c = credit("camt:R1", "300.00", reference="FA-2026-0043")
    premier = rapprocher([c], FACTURES)
    assert len(premier.surs) == 1
    second = rapprocher([c], FACTURES, deja_rapproches=frozenset({"camt:R1"}))
    assert (second.surs, second.deja_rapproches) == ((), (c,))
    # the same credit twice in one statement: the second copy is skipped
    doublon = rapprocher([c, c], FACTURES)
    assert (len(doublon.surs), doublon.deja_rapproches) == (1, (c,))


def test_two_credits_cannot_both_settle_the_same_invoice() -> None:
    a = credit("a", "300.00", reference="FA-2026-0043")
    b = credit("b", "300.00", reference="FA-2026-0043")
    resultat = rapprocher([a, b], FACTURES)
    assert [p.credit.identite for p in resultat.surs] == ["a"]
    assert resultat.incertains[0].motif == ("référence de paiement : FA-2026-0043 déjà soldée(s)")


def test_nothing_matches() -> None:
    resultat = rapprocher([credit("z", "12.34", libelle="INTERETS CREDITEURS")], FACTURES)
    assert [c.identite for c in resultat.sans_correspondance] == ["z"]


def test_names_compare_without_legal_form_case_or_accents() -> None:
    assert meme_nom("Boulangerie Martin SAS", "BOULANGERIE MARTIN")
    assert meme_nom("Crêperie Élise", "VIR SEPA CREPERIE ELISE FACT 12")
    assert not meme_nom("Garage Dupont", "Leroy SARL")
