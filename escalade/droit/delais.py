"""Computing procedural time limits (Code de procédure civile art. 640 to 642).

- Art. 640: a time limit runs from the date of the act, event, decision or
  notification that starts it.
- Art. 641 al. 1: a time limit in days does not count that day itself, so
  8 days from 1 March end on 9 March.
- Art. 641 al. 2: a time limit in months or years ends on the day of the last
  month or year with the same date number ("quantième"); when that month has
  no such day, on its last day (31 January + 1 month = 28 or 29 February).
- Art. 642: every time limit ends at 24:00 on its last day; one that would end
  on a Saturday, a Sunday or a public holiday is extended to the next working
  day. Holidays are those of the place (see ``escalade.droit.calendrier``).

This module holds no legal duration: callers pass the number of days, months
or years (8 or 15 days for a mise en demeure, one month for an opposition...).
It does not handle backward-counted deadlines ("délais à rebours"), to which
art. 642 does not apply.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal, get_args

from escalade.droit.calendrier import Calendrier
from escalade.droit.erreurs import EntreeInvalide

Unite = Literal["jours", "mois", "ans"]

REFERENCES_CPC: Final = ("CPC art. 640", "CPC art. 641", "CPC art. 642")

_UNITES: Final = frozenset(get_args(Unite))
_JOURS_SEMAINE: Final = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MOIS: Final = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
# Holiday names that are common nouns, written in lower case inside a sentence.
_NOMS_EN_MINUSCULE: Final = (
    "Lundi ",
    "Vendredi ",
    "Jour ",
    "Fête ",
    "Abolition ",
    "Armistice",
    "Arrivée ",
)
_SAMEDI: Final = 5


@dataclass(frozen=True)
class Echeance:
    """The end of a time limit and how it was reached.

    ``echeance_brute`` is the last day under CPC art. 641; ``echeance`` is that
    day after the art. 642 extension, ``prorogee`` says whether it moved and
    ``motif_prorogation`` lists, in French, the days it moved over.
    """

    depart: date
    duree: int
    unite: Unite
    echeance_brute: date
    echeance: date
    prorogee: bool
    motif_prorogation: str | None
    calendrier: str
    references: tuple[str, ...]


def calculer_delai(depart: date, duree: int, unite: Unite, calendrier: Calendrier) -> Echeance:
    """The last day of a time limit of ``duree`` ``unite`` starting on ``depart``.

    ``depart`` is the day of the event (CPC art. 640), which is not counted
    (art. 641); the result is extended over Saturdays, Sundays and the public
    holidays of ``calendrier`` (art. 642).

    >>> from escalade.droit.calendrier import calendrier_pour_code_postal
    >>> calculer_delai(date(2026, 3, 1), 8, "jours", calendrier_pour_code_postal("75002")).echeance
    datetime.date(2026, 3, 9)
    """
    _verifier_duree(duree)
    brute = _echeance_brute(depart, duree, unite)
    sautes = _jours_non_ouvrables(brute, calendrier)
    echeance = _decaler(brute, len(sautes))
    feries = any(calendrier.est_ferie(j) and j.weekday() < _SAMEDI for j in sautes)
    return Echeance(
        depart=depart,
        duree=duree,
        unite=unite,
        echeance_brute=brute,
        echeance=echeance,
        prorogee=bool(sautes),
        motif_prorogation=", ".join(_decrire(j, calendrier) for j in sautes) or None,
        calendrier=calendrier.libelle,
        references=REFERENCES_CPC + calendrier.references if feries else REFERENCES_CPC,
    )


def ajouter_mois(d: date, mois: int) -> date:
    """``d`` plus ``mois`` months under CPC art. 641 al. 2.

    Same date number, or the last day of the month when it has none.

    >>> ajouter_mois(date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> ajouter_mois(date(2028, 1, 31), 1)
    datetime.date(2028, 2, 29)
    >>> ajouter_mois(date(2026, 3, 15), 2)
    datetime.date(2026, 5, 15)
    """
    index = d.year * 12 + (d.month - 1) + mois
    annee, mois_cible = divmod(index, 12)
    if not date.min.year <= annee <= date.max.year:
        raise EntreeInvalide("date hors de la plage prise en charge (an 1 à 9999)", champ="duree")
    dernier_jour = calendar.monthrange(annee, mois_cible + 1)[1]
    return date(annee, mois_cible + 1, min(d.day, dernier_jour))


def _verifier_duree(duree: int) -> None:
    if isinstance(duree, bool) or not isinstance(duree, int):
        raise EntreeInvalide(f"la durée doit être un nombre entier, reçu {duree!r}", champ="duree")
    if duree < 0:
        raise EntreeInvalide(f"la durée doit être positive ou nulle, reçu {duree}", champ="duree")


def _echeance_brute(depart: date, duree: int, unite: Unite) -> date:
    """The last day before any extension (CPC art. 641)."""
    if unite == "jours":
        return _decaler(depart, duree)
    if unite == "mois":
        return ajouter_mois(depart, duree)
    if unite == "ans":
        return ajouter_mois(depart, 12 * duree)
    attendues = ", ".join(sorted(_UNITES))
    raise EntreeInvalide(
        f"unité de délai inconnue « {unite} » (attendu : {attendues})", champ="unite"
    )


def _decaler(d: date, jours: int) -> date:
    try:
        return d + timedelta(days=jours)
    except OverflowError as exc:
        raise EntreeInvalide("date hors de la plage prise en charge (an 1 à 9999)") from exc


def _jours_non_ouvrables(d: date, calendrier: Calendrier) -> list[date]:
    """The consecutive non-working days from ``d`` on (CPC art. 642)."""
    sautes: list[date] = []
    while not calendrier.est_ouvrable(d):
        sautes.append(d)
        d = _decaler(d, 1)
    return sautes


def _decrire(d: date, calendrier: Calendrier) -> str:
    """One skipped day in French.

    "samedi 4 avril 2026", "samedi 26 décembre 2026 (Saint-Étienne)",
    "lundi de Pâques 6 avril 2026".
    """
    nom = calendrier.nom_ferie(d)
    jour = "1er" if d.day == 1 else str(d.day)
    date_courte = f"{jour} {_MOIS[d.month - 1]} {d.year}"
    if d.weekday() >= _SAMEDI:
        suffixe = f" ({nom})" if nom else ""
        return f"{_JOURS_SEMAINE[d.weekday()]} {date_courte}{suffixe}"
    assert nom is not None  # a weekday is skipped only when it is a holiday
    if nom.startswith(_NOMS_EN_MINUSCULE):
        nom = nom[0].lower() + nom[1:]
    return f"{nom} {date_courte}"
