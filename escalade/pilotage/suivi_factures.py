"""The KPIs' inputs and each invoice's follow-up: its credit notes and allocated payments.

The inputs are flat rows (invoices, payments, credit notes, the first date of each
escalation step per dossier, the recorded costs), never `Dossier` objects: the store reads
them with a few SQL queries over 100 000 invoices.

Conventions shared by every figure:
- Principal of an invoice: its amount including VAT minus its credit notes. Penalties,
  interest and the 40 EUR indemnity are not counted: these figures measure how invoices
  are settled, as the sales ledger sees it.
- Allocation of payments (`imputer`): a payment naming an invoice goes to it; the rest, and
  a payment naming none, go to the dossier's invoices that are due at the payment date
  before those that are not, the oldest due date first (the order of C. civ. art.
  1342-10). The KPIs allocate to principal only (not interest first, C. civ. art. 1343-1):
  a ledger convention, stated in the definitions.
- An invoice is settled on the day its principal is fully paid (credit notes count).
- "Recovered" means principal received after the due date: an invoice paid on time was
  paid, not recovered.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

ZERO: Final = Decimal(0)
CENT: Final = Decimal("0.01")


@dataclass(frozen=True)
class FactureKpi:
    dossier: str
    numero: str
    segment: str
    emission: date
    echeance: date
    montant: Decimal


@dataclass(frozen=True)
class MouvementKpi:
    """A payment (facture optional) or a credit note (facture required)."""

    dossier: str
    date: date
    montant: Decimal
    facture: str | None = None


@dataclass(frozen=True)
class FraisKpi:
    date: date
    montant: Decimal
    nature: str


@dataclass(frozen=True)
class Portefeuille:
    factures: Sequence[FactureKpi]
    paiements: Sequence[MouvementKpi] = ()
    avoirs: Sequence[MouvementKpi] = ()
    etapes: Mapping[str, Mapping[str, date]] = field(
        default_factory=dict
    )  # dossier -> étape -> 1st date
    frais: Sequence[FraisKpi] = ()


@dataclass
class SuiviFacture:
    """One invoice with its credit notes and the payments allocated to its principal."""

    facture: FactureKpi
    avoirs: list[tuple[date, Decimal]] = field(default_factory=list)
    reglements: list[tuple[date, Decimal]] = field(default_factory=list)
    solde_le: date | None = None

    @property
    def principal(self) -> Decimal:
        return self.facture.montant - sum((m for _, m in self.avoirs), ZERO)

    def avoirs_au(self, le: date) -> Decimal:
        return sum((m for d, m in self.avoirs if d <= le), ZERO)

    def paye_au(self, le: date) -> Decimal:
        return sum((m for d, m in self.reglements if d <= le), ZERO)

    def restant_au(self, le: date) -> Decimal:
        reste = self.facture.montant - self.avoirs_au(le) - self.paye_au(le)
        return reste if reste > ZERO else ZERO


def _par_dossier(elements: Iterable[Any]) -> dict[str, list[Any]]:
    groupes: dict[str, list[Any]] = defaultdict(list)
    for e in elements:
        groupes[e.dossier].append(e)
    return groupes


def _imputer_dossier(suivis: list[SuiviFacture], paiements: list[MouvementKpi]) -> None:
    par_numero = {s.facture.numero: s for s in suivis}
    reste = {s.facture.numero: s.principal for s in suivis}
    for p in sorted(paiements, key=lambda p: p.date):
        disponible = p.montant
        cibles = []
        if p.facture in par_numero:
            cibles.append(par_numero[p.facture])
        cibles += sorted(
            (s for s in suivis if s.facture.numero != p.facture),
            key=lambda s: (s.facture.echeance > p.date, s.facture.echeance, s.facture.numero),
        )
        for s in cibles:
            if disponible <= ZERO:
                break
            part = min(disponible, reste[s.facture.numero])
            if part > ZERO:
                s.reglements.append((p.date, part))
                reste[s.facture.numero] -= part
                disponible -= part
                if reste[s.facture.numero] == ZERO:
                    s.solde_le = p.date


def imputer(p: Portefeuille) -> list[SuiviFacture]:
    """Each invoice with its credit notes and allocated payments (module docstring)."""
    suivis = [SuiviFacture(f) for f in p.factures]
    par_cle = {(s.facture.dossier, s.facture.numero): s for s in suivis}
    for a in p.avoirs:
        s = par_cle.get((a.dossier, a.facture or ""))
        if s is not None:
            s.avoirs.append((a.date, a.montant))
    factures = _par_dossier(s.facture for s in suivis)
    paiements = _par_dossier(p.paiements)
    for dossier, liste in factures.items():
        _imputer_dossier([par_cle[(dossier, f.numero)] for f in liste], paiements.get(dossier, []))
    return suivis


def pourcentage(numerateur: Decimal, denominateur: Decimal) -> Decimal | None:
    if denominateur == ZERO:
        return None
    return (numerateur * 100 / denominateur).quantize(CENT, ROUND_HALF_UP)


def un_chiffre(valeur: Decimal) -> Decimal:
    return valeur.quantize(Decimal("0.1"), ROUND_HALF_UP)
