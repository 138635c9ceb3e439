"""French display of amounts, dates and rates (terminal, letters, JSON labels).

>>> montant_fr(Decimal("1234.5"))
'1 234,50 €'
>>> date_longue(date(2026, 11, 22))
'22 novembre 2026'
>>> date_longue(date(2026, 7, 1))
'1er juillet 2026'
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from escalade.droit.periodes import arrondi

MOIS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
ESPACE_FINE = "\u202f"  # narrow no-break space, the French thousands separator
ESPACE_INSECABLE = "\u00a0"


def nombre_fr(valeur: Decimal, decimales: int = 2, separateur: str = " ") -> str:
    signe = "-" if valeur < 0 else ""
    texte = f"{abs(valeur):.{decimales}f}"
    entier, _, fraction = texte.partition(".")
    groupes: list[str] = []
    while len(entier) > 3:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    groupes.insert(0, entier)
    resultat = separateur.join(groupes)
    return signe + resultat + ("," + fraction if fraction else "")


def montant_fr(valeur: Decimal, separateur: str = " ") -> str:
    """'1 234,56 €' (amount rounded half-up to the cent)."""
    return nombre_fr(arrondi(valeur), 2, separateur) + " €"


def date_longue(d: date) -> str:
    jour = "1er" if d.day == 1 else str(d.day)
    return f"{jour} {MOIS[d.month - 1]} {d.year}"


def date_courte(d: date) -> str:
    return f"{d:%d/%m/%Y}"


def jour_semaine(d: date) -> str:
    return JOURS[d.weekday()]


def pourcent_fr(taux: Decimal) -> str:
    texte = f"{taux.normalize():f}"
    if "." in texte:
        entier, fraction = texte.split(".")
        texte = entier + "," + fraction.ljust(2, "0")
    else:
        texte += ",00"
    return texte + " %"
