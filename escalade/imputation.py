"""Imputation des paiements (Code civil 1342-10 et 1343-1).

- A payment the debtor assigned to an invoice goes to that invoice (C. civ. 1342-10 al. 1).
- Otherwise (1342-10 al. 2): first on debts that have fallen due; among them, the oldest
  (by due date, then issue date, then invoice number: the order the debtor had most
  interest in discharging is presumed to be the oldest); debts not yet due last.
- Within one debt (1343-1): first on the interest (penalties), then on the principal.
  The fixed indemnity is imputed last, after the principal of the same invoice.
- What is left once every debt is paid is an overpayment (trop-perçu), reported.

References: C. civ. art. 1342-10, 1343-1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

REFERENCES_AFFECTE = ("C. civ. art. 1342-10 al. 1", "C. civ. art. 1343-1")
REFERENCES_LEGAL = ("C. civ. art. 1342-10 al. 2", "C. civ. art. 1343-1")
POSTES = ("interets", "principal", "indemnite")


@dataclass(frozen=True)
class CleDette:
    numero: str
    date_emission: date
    date_echeance: date


def ordre_legal(dettes: list[CleDette], le: date) -> list[CleDette]:
    """Debts in the order of C. civ. 1342-10 al. 2 for a payment made on `le`."""
    return sorted(
        dettes,
        key=lambda d: (d.date_echeance > le, d.date_echeance, d.date_emission, d.numero),
    )


def repartir(montant: Decimal, dus: dict[str, Decimal]) -> tuple[dict[str, Decimal], Decimal]:
    """Split `montant` over the heads of one debt in the 1343-1 order; return the rest."""
    payes: dict[str, Decimal] = {}
    reste = montant
    for poste in POSTES:
        paye = min(reste, dus.get(poste, Decimal(0)))
        payes[poste] = paye
        reste -= paye
    return payes, reste
