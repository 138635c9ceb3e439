"""Plumbing shared by the interest computations: rate segments, half-years, simple interest.

Simple interest on exact days: amount = base × rate / 100 × days / day-count basis,
rounded half-up to the cent for each period line (SPEC section 3: totals are sums
of rounded lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

CENTIME = Decimal("0.01")
UN_JOUR = timedelta(days=1)


def arrondi(montant: Decimal) -> Decimal:
    """Half-up rounding to the cent."""
    return montant.quantize(CENTIME, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class SegmentTaux:
    """A stretch of days [debut, fin] (both included) at one yearly rate in percent."""

    debut: date
    fin: date
    taux: Decimal
    libelle: str  # how the rate is made, in French ("BCE 2,15 % au 1er janvier 2026 + 10 points")


@dataclass(frozen=True)
class Periode:
    """One line of a décompte: interest on `base` from `debut` to `fin` included."""

    debut: date
    fin: date
    jours: int
    taux: Decimal
    base: Decimal
    montant: Decimal
    libelle: str


def debut_semestre(d: date) -> date:
    """1 January or 1 July of the half-year holding `d`."""
    return date(d.year, 1 if d.month <= 6 else 7, 1)


def debuts_de_semestre(debut: date, fin: date) -> list[date]:
    """Half-year starts strictly after `debut` and up to `fin`."""
    bornes: list[date] = []
    d = debut_semestre(debut)
    while True:
        d = date(d.year, 7, 1) if d.month == 1 else date(d.year + 1, 1, 1)
        if d > fin:
            return bornes
        bornes.append(d)


def decouper(debut: date, fin: date, bornes: list[date]) -> list[tuple[date, date]]:
    """Split [debut, fin] at each boundary date (a boundary starts a new stretch)."""
    morceaux = []
    courant = debut
    for b in sorted(set(bornes)):
        if courant < b <= fin:
            morceaux.append((courant, b - UN_JOUR))
            courant = b
    morceaux.append((courant, fin))
    return morceaux


def periodes(segments: list[SegmentTaux], base: Decimal, base_annee: int) -> list[Periode]:
    """Interest lines on a constant `base` over consecutive rate segments."""
    lignes = []
    for s in segments:
        jours = (s.fin - s.debut).days + 1
        montant = arrondi(base * s.taux / 100 * jours / base_annee)
        lignes.append(Periode(s.debut, s.fin, jours, s.taux, base, montant, s.libelle))
    return lignes


def pourcent(taux: Decimal) -> str:
    """French display of a rate: Decimal("12.15") -> "12,15 %"."""
    return f"{taux.normalize():f}".replace(".", ",") + " %"
