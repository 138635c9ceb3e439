"""Intérêts moratoires des personnes publiques (décret n° 2013-269 du 29 mars 2013,
Code de la commande publique R2192-31).

A public debtor that pays late owes moratory interest at the ECB main refinancing rate in
force on the first day of the half-year in which the interest starts to run, plus a margin
(8 points), fixed for the whole delay, and the fixed recovery indemnity, without the
creditor having to ask (R2192-36 requires both within 45 days of the principal).

References: CCP art. R2192-31; décret n° 2013-269 du 29 mars 2013.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from escalade.jurisprudence import Jurisprudence
from escalade.periodes import SegmentTaux, debut_semestre, pourcent

REFERENCES = ("CCP art. R2192-31", "Décret n° 2013-269 du 29 mars 2013")
_MOIS = {1: "1er janvier", 7: "1er juillet"}


@lru_cache(maxsize=65536)
def segments_taux(
    jur: Jurisprudence, debut: date, fin: date, debut_cours: date
) -> tuple[SegmentTaux, ...]:
    """One segment: the rate is anchored on the half-year when interest starts (`debut_cours`)."""
    ancrage = debut_semestre(debut_cours)
    bce = jur.decimal("taux_bce_refinancement", ancrage)
    marge = jur.decimal("commande_publique_marge", debut_cours)
    libelle = (
        f"taux BCE {pourcent(bce)} au {_MOIS[ancrage.month]} {ancrage.year} "
        f"+ {marge.normalize():f} points, fixe pour toute la durée du retard"
    )
    return (SegmentTaux(debut, fin, bce + marge, libelle),)
