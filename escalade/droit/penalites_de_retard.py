"""Pénalités de retard entre professionnels (Code de commerce L441-10 II).

- Due from the day after the payment date shown on the invoice, with no reminder needed.
- Default rate: the ECB main refinancing rate plus a margin (10 points since loi 2008-776,
  7 before). Since 1 January 2013 (loi 2012-387) the ECB rate is the one in force on
  1 January for the first half-year and on 1 July for the second; before, the rate of the
  most recent operation applied at each moment.
- A contractual rate may not be lower than a floor (3 × the legal interest rate since 2009,
  1.5 × before); below it, the floor applies. The creditor being a professional, the floor
  uses the legal rate of the "autres cas" category (CMF L313-2).
- Where the default rate is lower than that floor (2024), the text applies the floor only to
  a contractual stipulation; the case is flagged, not decided (shared/LEGAL.md §2).

References: C. com. L441-10 II; CMF L313-2; loi 2012-387 art. 121.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache

from escalade.droit.donnees_juridiques import Jurisprudence, memoire_juridique
from escalade.droit.erreurs import DonneeJuridiqueManquante
from escalade.droit.periodes import (
    UN_JOUR,
    SegmentTaux,
    debut_semestre,
    debuts_de_semestre,
    decouper,
    pourcent,
)

REFERENCES = ("C. com. art. L441-10 II",)
REFERENCES_PLANCHER = ("C. com. art. L441-10 II", "CMF art. L313-2")

_SERIES_DE_BORNES = (
    "taux_bce_refinancement",
    "penalites_retard_marge",
    "penalites_retard_multiplicateur_plancher",
    "penalites_retard_methode_bce",
)
_MOIS = {1: "1er janvier", 7: "1er juillet"}


def _taux_par_defaut(jur: Jurisprudence, jour: date) -> tuple[Decimal, str]:
    marge = jur.decimal("penalites_retard_marge", jour)
    if jur.texte("penalites_retard_methode_bce", jour) == "semestrielle":
        ancrage = debut_semestre(jour)
        bce = jur.decimal("taux_bce_refinancement", ancrage)
        quand = f"au {_MOIS[ancrage.month]} {ancrage.year}"
    else:
        bce = jur.decimal("taux_bce_refinancement", jour)
        quand = "de la dernière opération"
    libelle = f"taux BCE {pourcent(bce)} {quand} + {marge.normalize():f} points"
    return bce + marge, libelle


@lru_cache(maxsize=4096)  # the same sentence for every invoice of a portfolio
def regle(jur: Jurisprudence, jour: date, contractuel: Decimal | None) -> str:
    """The rule that will give the rate from `jour` once its data is published (French)."""
    ancrage = debut_semestre(jour)
    semestre = f"{'1er' if ancrage.month == 1 else '2nd'} semestre {ancrage.year}"
    if contractuel is not None:
        fois = jur.decimal("penalites_retard_multiplicateur_plancher", jour).normalize()
        return (
            f"taux contractuel {pourcent(contractuel)}, ou le plancher légal ({fois:f} × le taux "
            f"de l'intérêt légal du {semestre}) s'il est supérieur"
        )
    try:
        marge = f"{jur.decimal('penalites_retard_marge', jour).normalize():f} points"
    except DonneeJuridiqueManquante:
        marge = "la marge légale"
    return f"taux BCE au {_MOIS[ancrage.month]} {ancrage.year} + {marge}"


def plancher(jur: Jurisprudence, jour: date) -> Decimal:
    """The floor of a contractual rate: multiplier × legal rate (autres cas)."""
    multiplicateur = jur.decimal("penalites_retard_multiplicateur_plancher", jour)
    return multiplicateur * jur.decimal("taux_interet_legal_autres_cas", jour)


@lru_cache(maxsize=4096)
def taux_du_jour(
    jur: Jurisprudence, jour: date, contractuel: Decimal | None
) -> tuple[Decimal, str]:
    """The penalty rate in force on `jour` and how it is made (French label)."""
    if contractuel is None:
        return _taux_par_defaut(jur, jour)
    minimum = plancher(jur, jour)
    if contractuel >= minimum:
        return contractuel, f"taux contractuel {pourcent(contractuel)}"
    return minimum, (
        f"plancher légal {pourcent(minimum)} (3 × taux légal), le taux contractuel "
        f"{pourcent(contractuel)} étant inférieur"
    )


def _bornes(jur: Jurisprudence, debut: date, fin: date, contractuel: Decimal | None) -> list[date]:
    bornes = debuts_de_semestre(debut, fin)
    series = (
        (*_SERIES_DE_BORNES, "taux_interet_legal_autres_cas") if contractuel else _SERIES_DE_BORNES
    )
    for nom in series:
        serie = jur.serie(nom)
        bornes += [v.depuis for v in serie.changements(debut, fin)]
        if serie.connu_jusqu_au is not None:  # past the known data: never reuse a value
            bornes.append(serie.connu_jusqu_au + UN_JOUR)
    return bornes


@memoire_juridique(65536)
def segments_taux(
    jur: Jurisprudence, debut: date, fin: date, contractuel: Decimal | None
) -> tuple[SegmentTaux, ...]:
    """Rate segments covering [debut, fin], merged where the rate does not change."""
    segments: list[SegmentTaux] = []
    for d, f in decouper(debut, fin, _bornes(jur, debut, fin, contractuel)):
        taux, libelle = taux_du_jour(jur, d, contractuel)
        if segments and segments[-1].taux == taux and segments[-1].libelle == libelle:
            segments[-1] = SegmentTaux(segments[-1].debut, f, taux, libelle)
        else:
            segments.append(SegmentTaux(d, f, taux, libelle))
    return tuple(segments)


def avertissements(
    jur: Jurisprudence, segments: tuple[SegmentTaux, ...], contractuel: Decimal | None
) -> list[str]:
    """Flag the half-years where the default rate is below 3 × the legal rate (undecided case)."""
    if contractuel is not None:
        return []
    return list(_avertissements(jur, segments))


@lru_cache(maxsize=65536)  # a portfolio has the same periods on every invoice due the same day
def _avertissements(jur: Jurisprudence, segments: tuple[SegmentTaux, ...]) -> tuple[str, ...]:
    messages = []
    for s in segments:
        try:
            minimum = plancher(jur, s.debut)
        except DonneeJuridiqueManquante:
            continue
        if minimum > s.taux:
            messages.append(
                f"Du {s.debut:%d/%m/%Y} au {s.fin:%d/%m/%Y}, le taux par défaut "
                f"{pourcent(s.taux)} est inférieur à 3 × le taux légal ({pourcent(minimum)}) : "
                "L441-10 n'applique ce plancher qu'à un taux contractuel ; le taux par défaut "
                "est retenu, cas à apprécier (non tranché)."
            )
    return tuple(messages)
