"""Intérêts moratoires des personnes publiques (décret n° 2013-269 du 29 mars 2013,
Code de la commande publique R2192-31).

A public debtor that pays late owes moratory interest at the ECB main refinancing rate in
force on the first day of the half-year in which the interest starts to run, plus a margin
(8 points), fixed for the whole delay, and the fixed recovery indemnity, without the
creditor having to ask. Interest runs from the day after the payment deadline until the
principal is paid ("mise en paiement du principal"); the public accountant pays the
principal, and the interest and the indemnity follow within 45 days (R2192-36): in the
décompte a payment goes to the principal first (`escalade.droit.decompte`, `principal_d_abord`).
A waiver of the moratory interest is deemed unwritten (L2192-14, recorded in
`jurisprudence/commande_publique_renonciation_interets.yaml`).

References: CCP art. R2192-31, R2192-36, L2192-14; décret n° 2013-269 du 29 mars 2013.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from escalade.droit.donnees_juridiques import Jurisprudence, memoire_juridique
from escalade.droit.periodes import SegmentTaux, debut_semestre, pourcent

REFERENCES = ("CCP art. R2192-31", "Décret n° 2013-269 du 29 mars 2013")
# Payments go to the principal first; interest and indemnity are paid within the delay of
# the series below after the principal (R2192-36).
REFERENCES_IMPUTATION = ("CCP art. R2192-36",)
SERIE_DELAI_ACCESSOIRES = "commande_publique_delai_paiement_accessoires"
_MOIS = {1: "1er janvier", 7: "1er juillet"}


@lru_cache(maxsize=4096)  # the same sentence for every invoice of a portfolio
def regle(jur: Jurisprudence, debut_cours: date) -> str:
    """The rule that will give the rate once the ECB rate of that half-year is recorded."""
    ancrage = debut_semestre(debut_cours)
    marge = jur.decimal("commande_publique_marge", debut_cours)
    return (
        f"taux BCE au {_MOIS[ancrage.month]} {ancrage.year} + {marge.normalize():f} points "
        "(CCP R2192-31), "
        "fixe pour toute la durée du retard"
    )


@memoire_juridique(65536)
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
