"""Imputation des paiements (Code civil 1342-10 et 1343-1).

- A payment the debtor assigned to an invoice goes to that invoice (C. civ. 1342-10 al. 1).
- Otherwise (1342-10 al. 2): first on debts that have fallen due; among them, the oldest
  (by due date, then issue date, then invoice number: the order the debtor had most
  interest in discharging is presumed to be the oldest); debts not yet due last.
- Within one debt (1343-1): first on the interest (penalties), then on the principal.
  The fixed indemnity is imputed last, after the principal of the same invoice.
- A public buyer (public procurement, CCP art. R2192-36, décret n° 2013-269) pays the
  principal first: interest and indemnity are owed on top, within 45 days of the principal's
  payment (`POSTES_PRINCIPAL_D_ABORD`; the décompte selects it by the debtor's regime).
- What is left once every debt is paid is an overpayment (trop-perçu), reported.

References: C. civ. art. 1342-10, 1343-1; CCP art. R2192-36.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

REFERENCES_AFFECTE = ("C. civ. art. 1342-10 al. 1", "C. civ. art. 1343-1")
REFERENCES_LEGAL = ("C. civ. art. 1342-10 al. 2", "C. civ. art. 1343-1")
POSTES = ("interets", "principal", "indemnite")
# CCP R2192-36 (décret 2013-269): the public accountant pays the principal ("mise en paiement
# du principal"); moratory interest and the indemnity follow it.
POSTES_PRINCIPAL_D_ABORD = ("principal", "interets", "indemnite")


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


def repartir(
    montant: Decimal, dus: dict[str, Decimal], postes: tuple[str, ...] = POSTES
) -> tuple[dict[str, Decimal], Decimal]:
    """Split `montant` over the heads of one debt in the order `postes` (default 1343-1);
    return the rest. A head not in `postes` gets nothing."""
    payes: dict[str, Decimal] = dict.fromkeys(POSTES, Decimal(0))
    reste = montant
    for poste in postes:
        paye = min(reste, dus.get(poste, Decimal(0)))
        payes[poste] = paye
        reste -= paye
    return payes, reste
