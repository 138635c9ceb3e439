"""Prescription (limitation) of the creditor's action, invoice by invoice.

- Between professionals, and a trader against a non-trader: 5 years (C. com. L110-4),
  from the due date, when the creditor could act (C. civ. 2224).
- A professional against a consumer: 2 years (C. conso. L218-2), from the completion of
  the works or of the service (Cass. 1re civ., 19 mai 2021, n° 20-12.520), not the invoice
  date; when the completion date is unknown the issue date is used and flagged.
- Against a public person: 4 years from 1 January of the year after the right arose (loi
  n° 68-1250 du 31 décembre 1968, art. 1er); any written claim interrupts it (art. 2).
- Interruption: acknowledgement by the debtor (2240; a partial payment on the invoice is
  one), a court claim (2241), an enforcement measure (2244); a new period of the same length
  starts (2231). A mise en demeure does not interrupt (except the quadriennale), a collective
  proceeding's opening judgment does (C. com. L622-21 III ... declaration then keeps it
  interrupted until the proceeding closes).
- The action is time-barred once the last day of the term has passed (2229); months and
  years end on the same date number (CPC 641 rule, applied here as calendar arithmetic).

References: C. com. L110-4; C. conso. L218-2; C. civ. 2224, 2229, 2231, 2240, 2241, 2244.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from escalade.droit.delais import ajouter_mois
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.modele import Dossier, Facture

DECISION_CONSO = "cass_civ1_2021_05_19_prescription_conso"
REFERENCES_INTERRUPTION = ("C. civ. art. 2231", "C. civ. art. 2240", "C. civ. art. 2241")
EVENEMENTS_ECRITS = ("email", "courrier", "lrar")


@dataclass(frozen=True)
class Prescription:
    facture: str
    duree_ans: int
    depart: date
    motif_depart: str
    derniere_interruption: date | None
    fin: date  # last day on which the creditor may still act
    acquise_le: date  # first day the action is time-barred
    acquise: bool
    references: tuple[str, ...]
    avertissement: str | None = None


def _interruptions(dossier: Dossier, f: Facture, publique: bool) -> list[date]:
    dates = [i.date for i in dossier.interruptions if i.facture in (None, f.numero)]
    dates += [p.date for p in dossier.paiements if p.facture == f.numero]  # acknowledgement
    pc = dossier.debiteur.procedure_collective
    if pc is not None:
        dates.append(pc.jugement_le)
    if publique:  # loi 68-1250 art. 2: any written claim to the public body
        dates += [c.le.date() for c in dossier.contacts if c.canal in EVENEMENTS_ECRITS]
        if dossier.mise_en_demeure is not None:
            dates.append(dossier.mise_en_demeure.envoyee_le)
    return [d for d in dates if d >= f.date_echeance]


def _fin(depart: date, ans: int) -> date:
    """Last day of a term of `ans` years starting on `depart` (same date number)."""
    return ajouter_mois(depart, 12 * ans)


def prescription(dossier: Dossier, f: Facture, le: date, jur: Jurisprudence) -> Prescription:
    type_ = dossier.debiteur.type
    interruptions = [d for d in _interruptions(dossier, f, type_ == "personne_publique") if d <= le]
    derniere = max(interruptions, default=None)
    avertissement = None
    if type_ == "personne_publique":
        ans = jur.entier("prescription_personnes_publiques", f.date_echeance)
        depart = date(max(f.date_echeance, derniere or f.date_echeance).year + 1, 1, 1)
        motif = "1er janvier suivant l'exigibilité (ou la dernière réclamation écrite)"
        fin = date(depart.year + ans - 1, 12, 31)
        refs: tuple[str, ...] = ("Loi n° 68-1250 du 31 décembre 1968, art. 1er et 2",)
    else:
        if type_ == "consommateur":
            ans = jur.entier("prescription_consommateurs", f.date_echeance)
            depart = f.date_execution or f.date_emission
            motif = "achèvement de la prestation" if f.date_execution else "date d'émission"
            refs = ("C. conso. art. L218-2", jur.citation(DECISION_CONSO))
            if f.date_execution is None:
                avertissement = (
                    f"Facture {f.numero} : date d'exécution de la prestation inconnue ; "
                    "le délai est compté depuis la date d'émission (à vérifier)."
                )
        else:
            ans = jur.entier("prescription_professionnels", f.date_echeance)
            depart = f.date_echeance
            motif = "date d'exigibilité (échéance)"
            refs = ("C. com. art. L110-4", "C. civ. art. 2224")
        if derniere is not None and derniere > depart:
            depart, motif = derniere, "dernier acte interruptif"
        fin = _fin(depart, ans)
    if derniere is not None:
        refs += REFERENCES_INTERRUPTION
    acquise_le = fin + timedelta(days=1)
    return Prescription(
        f.numero, ans, depart, motif, derniere, fin, acquise_le, le >= acquise_le,
        refs + ("C. civ. art. 2229",), avertissement,
    )  # fmt: skip


def prescriptions(dossier: Dossier, le: date, jur: Jurisprudence) -> list[Prescription]:
    return [prescription(dossier, f, le, jur) for f in dossier.factures]


def montant_non_prescrit(dossier: Dossier, le: date, jur: Jurisprudence) -> Decimal:
    """Sum of the invoice amounts whose action is not time-barred at `le`."""
    libres = {p.facture for p in prescriptions(dossier, le, jur) if not p.acquise}
    return sum((f.montant_ttc for f in dossier.factures if f.numero in libres), Decimal(0))
