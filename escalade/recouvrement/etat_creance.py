"""The state of a claim on a date, without rates: principal left, disputes, payment plans.

Each invoice's unpaid principal (payments and credit notes imputed without any rate, so an
unpublished rate never blocks the gate), its open dispute, the payment plan agreed and
whether it is respected, the collective proceeding. Read by the compliance gate
(`escalade.recouvrement.regles_conformite`), the plan, the procedures and the documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.imputation import CleDette, ordre_legal
from escalade.droit.modele import Dossier, EcheanceConvenue, Echeancier, Litige
from escalade.droit.prescription import Prescription, prescriptions

ZERO: Final = Decimal(0)


def principal_restant(dossier: Dossier, le: date) -> dict[str, Decimal]:
    """Each invoice's unpaid principal at the end of `le`, credit notes and payments deducted.

    Payments go to their invoice, the rest by C. civ. 1342-10 al. 2 (due debts first, the
    oldest first). Unlike the décompte, nothing goes to penalties or interest first (1343-1):
    "settled" is decided on the principal, without rates, so an unknown rate never blocks.
    """
    restant = {f.numero: f.montant_ttc for f in dossier.factures}
    for a in dossier.avoirs:
        if a.date <= le:
            restant[a.facture] = max(restant[a.facture] - a.montant, ZERO)
    cles = [CleDette(f.numero, f.date_emission, f.date_echeance) for f in dossier.factures]
    for p in sorted((p for p in dossier.paiements if p.date <= le), key=lambda p: p.date):
        reste = p.montant
        ordre = [c.numero for c in ordre_legal(cles, p.date)]
        if p.facture is not None:
            ordre = [p.facture, *(n for n in ordre if n != p.facture)]
        for numero in ordre:
            if reste <= 0:
                break
            pris = min(reste, restant[numero])
            restant[numero] -= pris
            reste -= pris
    return restant


def litige_ouvert(dossier: Dossier, facture: str, le: date) -> Litige | None:
    for lit in dossier.litiges:
        if (
            lit.facture == facture
            and lit.ouvert_le <= le
            and (lit.clos_le is None or lit.clos_le > le)
        ):
            return lit
    return None


def echeancier_en_cours(dossier: Dossier, le: date) -> Echeancier | None:
    """The latest payment plan agreed by `le` and not declared broken by then."""
    en_cours = [
        e for e in dossier.echeanciers
        if e.convenu_le <= le and (e.rompu_le is None or e.rompu_le > le)
    ]  # fmt: skip
    return max(en_cours, key=lambda e: e.convenu_le, default=None)


def echeance_manquee(dossier: Dossier, ech: Echeancier, le: date) -> EcheanceConvenue | None:
    """The first instalment due before `le` that payments made on time do not cover."""
    paiements = sorted(
        (p for p in dossier.paiements if ech.convenu_le <= p.date <= le), key=lambda p: p.date
    )
    du = ZERO
    for echeance in sorted(ech.echeances, key=lambda e: e.date):
        if echeance.date >= le:
            break
        du += echeance.montant
        paye = sum((p.montant for p in paiements if p.date <= echeance.date), ZERO)
        if paye < du:
            return echeance
    return None


def echeancier_respecte(dossier: Dossier, le: date) -> Echeancier | None:
    ech = echeancier_en_cours(dossier, le)
    if ech is None or echeance_manquee(dossier, ech, le) is not None:
        return None
    return ech


@dataclass(frozen=True)
class EtatFacture:
    numero: str
    restant: Decimal
    echeance: date
    litige: Litige | None
    prescription: Prescription

    @property
    def payee(self) -> bool:
        return self.restant <= 0

    def exigible(self, le: date) -> bool:
        return (
            not self.payee
            and self.echeance < le
            and self.litige is None
            and not self.prescription.acquise
        )


def etats_factures(dossier: Dossier, le: date, jur: Jurisprudence) -> list[EtatFacture]:
    restant = principal_restant(dossier, le)
    par_facture = {p.facture: p for p in prescriptions(dossier, le, jur)}
    return [
        EtatFacture(
            f.numero,
            restant[f.numero],
            f.date_echeance,
            litige_ouvert(dossier, f.numero, le),
            par_facture[f.numero],
        )
        for f in dossier.factures
    ]


def procedure_en_cours(dossier: Dossier, le: date) -> bool:
    pc = dossier.debiteur.procedure_collective
    return pc is not None and pc.jugement_le <= le
