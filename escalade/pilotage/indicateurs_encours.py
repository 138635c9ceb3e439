"""The receivables KPIs: the ageing balance at a date and the DSO (direct method), over the
period and month by month (definitions in escalade.pilotage.definitions_indicateurs)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from escalade.pilotage.definitions_indicateurs import TRANCHES
from escalade.pilotage.suivi_factures import ZERO, SuiviFacture, un_chiffre


@dataclass(frozen=True)
class Tranche:
    cle: str
    libelle: str
    nombre: int
    montant: Decimal


def balance_agee(suivis: Sequence[SuiviFacture], au: date) -> tuple[Tranche, ...]:
    montants = dict.fromkeys((c for c, _ in TRANCHES), ZERO)
    nombres = dict.fromkeys((c for c, _ in TRANCHES), 0)
    for s in suivis:
        if s.facture.emission > au:
            continue
        reste = s.restant_au(au)
        if reste == ZERO:
            continue
        retard = (au - s.facture.echeance).days
        cle = (
            "non_echu"
            if retard <= 0
            else "0_30"
            if retard <= 30
            else "31_60"
            if retard <= 60
            else "61_90"
            if retard <= 90
            else "plus_90"
        )
        montants[cle] += reste
        nombres[cle] += 1
    return tuple(Tranche(c, lib, nombres[c], montants[c]) for c, lib in TRANCHES)


@dataclass(frozen=True)
class Dso:
    du: date
    au: date
    jours_periode: int
    encours: Decimal
    chiffre_affaires: Decimal
    jours: Decimal | None  # None: no sales in the period


def dso(suivis: Sequence[SuiviFacture], du: date, au: date) -> Dso:
    """(receivables at `au` / sales TTC invoiced in [du, au]) x days of the period."""
    encours = sum((s.restant_au(au) for s in suivis if s.facture.emission <= au), ZERO)
    ventes = sum((s.facture.montant for s in suivis if du <= s.facture.emission <= au), ZERO)
    jours_periode = (au - du).days + 1
    jours = None if ventes == ZERO else un_chiffre(encours / ventes * jours_periode)
    return Dso(du, au, jours_periode, encours, ventes, jours)


def mois_de(du: date, au: date) -> list[tuple[date, date]]:
    """The calendar months of [du, au], each clipped to the period."""
    resultat = []
    debut = du
    while debut <= au:
        suivant = date(debut.year + debut.month // 12, debut.month % 12 + 1, 1)
        fin = min(au, suivant - timedelta(days=1))
        resultat.append((debut, fin))
        debut = suivant
    return resultat


def dso_mensuel(suivis: Sequence[SuiviFacture], du: date, au: date) -> tuple[Dso, ...]:
    return tuple(dso(suivis, d, f) for d, f in mois_de(du, au))
