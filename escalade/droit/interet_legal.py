"""Intérêt au taux légal dû par un consommateur (Code civil 1231-6 et 1344-1).

The mise en demeure of paying a sum of money starts moratory interest at the legal rate,
without proof of loss (C. civ. 1344-1, 1231-6). The rate is that of the creditor's
category (CMF L313-2, D313-1-A): a professional creditor takes the "autres cas" rate, a
natural person not acting for professional needs the higher one. Since 2015 the rate
changes each half-year; before, each year. Two months after a judgment ordering payment
became enforceable, the rate is increased by 5 points (CMF L313-3).

References: C. civ. art. 1231-6, 1344-1; CMF art. L313-2, L313-3.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from escalade.droit.delais import ajouter_mois
from escalade.droit.donnees_juridiques import Jurisprudence, memoire_juridique
from escalade.droit.periodes import UN_JOUR, SegmentTaux, decouper, pourcent

REFERENCES = ("C. civ. art. 1231-6", "C. civ. art. 1344-1", "CMF art. L313-2")
REFERENCES_MAJORATION = ("CMF art. L313-3",)


def serie_du_creancier(personne_physique_non_professionnelle: bool) -> str:
    if personne_physique_non_professionnelle:
        return "taux_interet_legal_particulier"
    return "taux_interet_legal_autres_cas"


def debut_majoration(jur: Jurisprudence, executoire_le: date) -> date:
    """First day of the 5-point increase (L313-3: "à l'expiration d'un délai de deux mois à
    compter du jour où la décision de justice est devenue exécutoire"). The two months end on
    the same date number (CPC art. 641 al. 2: enforceable 15 January, the period ends on
    15 March); the increased rate applies from the next day, 16 March."""
    mois = jur.entier("interet_legal_majoration_delai", executoire_le)
    return ajouter_mois(executoire_le, mois) + UN_JOUR


@lru_cache(maxsize=4096)  # the same sentence for every invoice of a portfolio
def regle(jur: Jurisprudence, jour: date, serie: str, majoration_des: date | None) -> str:
    """The rule that will give the rate from `jour` once its arrêté is published (French)."""
    semestre = f"{'1er' if jour.month <= 6 else '2nd'} semestre {jour.year}"
    categorie = (
        "créancier personne physique n'agissant pas pour des besoins professionnels"
        if serie == "taux_interet_legal_particulier"
        else "autres cas"
    )
    texte = f"taux de l'intérêt légal du {semestre} ({categorie})"
    if majoration_des is not None and jour >= majoration_des:
        points = jur.decimal("interet_legal_majoration", jour)
        texte += f" majoré de {points.normalize():f} points (CMF L313-3)"
    return texte


@memoire_juridique(65536)
def segments_taux(
    jur: Jurisprudence, debut: date, fin: date, serie: str, majoration_des: date | None
) -> tuple[SegmentTaux, ...]:
    donnees = jur.serie(serie)
    bornes = [v.depuis for v in donnees.changements(debut, fin)]
    if donnees.connu_jusqu_au is not None:  # past the known data: an explicit error, no reuse
        bornes.append(donnees.connu_jusqu_au + UN_JOUR)
    if majoration_des is not None:
        bornes.append(majoration_des)
    segments = []
    for d, f in decouper(debut, fin, bornes):
        taux = jur.decimal(serie, d)
        libelle = f"taux légal {pourcent(taux)}"
        if majoration_des is not None and d >= majoration_des:
            points = jur.decimal("interet_legal_majoration", d)
            taux += points
            libelle += f" majoré de {points.normalize():f} points (L313-3)"
        segments.append(SegmentTaux(d, f, taux, libelle))
    return tuple(segments)
