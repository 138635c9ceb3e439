"""Public-holiday calendar of a place in France, chosen from its postal code.

Code de procédure civile art. 642 extends a time limit that would end on a
Saturday, a Sunday or a "jour férié ou chômé" to the next working day. The
public holidays are those of Code du travail art. L3133-1 (Cass. 3e civ.,
21 janv. 2021, n° 19-24.799, Whit Monday included), plus the local days:

- Alsace-Moselle (Moselle 57, Bas-Rhin 67, Haut-Rhin 68), C. trav. art.
  L3134-13: 26 December, and Good Friday. Good Friday is legally a holiday
  only in communes that have a Protestant temple or a mixed church; this
  module treats it as a holiday in the whole of the three departments. That
  is the conservative choice for extending a deadline: waiting one more day
  never makes a step premature. Whether art. 642 extends a deadline over a
  local holiday at all is not settled (LEGAL.md §6, UNCONFIRMED); the safe
  default is to extend.
- Overseas, the day commemorating the abolition of slavery (Loi n° 83-550
  du 30 juin 1983, Décret n° 83-1003 du 23 nov. 1983, extended to
  Saint-Barthélemy and Saint-Martin by Décret n° 2012-553 du 23 avril 2012).

The dates come from the ``holidays`` package (``holidays.France``), whose
rules are read as they are; where they differ from the project's legal notes
the difference is documented, not patched here.

The holiday sets are computed once per (subdivision, year) and cached, so a
batch of 100 000 deadline computations builds each calendar year only once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Final

from escalade.droit.erreurs import EntreeInvalide

METROPOLE: Final = "metropole"

REFERENCE_NATIONALE: Final = "C. trav. art. L3133-1"
REFERENCE_ALSACE_MOSELLE: Final = "C. trav. art. L3134-13"
REFERENCES_OUTRE_MER: Final = (
    "Loi n° 83-550 du 30 juin 1983",
    "Décret n° 83-1003 du 23 nov. 1983",
)
REFERENCE_SAINT_BARTHELEMY_SAINT_MARTIN: Final = "Décret n° 2012-553 du 23 avril 2012"

_SAMEDI: Final = 5


@dataclass(frozen=True)
class Calendrier:
    """The public holidays of one place (a ``holidays.France`` subdivision).

    ``code`` is the subdivision of the ``holidays`` package ("57", "6AE",
    "971", ...) or ``"metropole"``; ``libelle`` names the place in French;
    ``references`` are the texts that make those days holidays.
    """

    code: str
    libelle: str
    references: tuple[str, ...]

    def est_ferie(self, d: date) -> bool:
        """True when ``d`` is a public holiday of this place (C. trav. L3133-1)."""
        return d in _feries(self.code, d.year)

    def nom_ferie(self, d: date) -> str | None:
        """The French name of the holiday on ``d`` (``None`` on other days)."""
        return _feries(self.code, d.year).get(d)

    def est_ouvrable(self, d: date) -> bool:
        """True for a working day in the sense of CPC art. 642.

        Not a Saturday, not a Sunday, not a public holiday of this place.
        """
        return d.weekday() < _SAMEDI and d not in _feries(self.code, d.year)

    def prochain_jour_ouvrable(self, d: date) -> date:
        """``d`` itself if it is a working day, else the next one (CPC art. 642)."""
        while not self.est_ouvrable(d):
            d = _lendemain(d)
        return d


def _lendemain(d: date) -> date:
    """The next day; a date past year 9999 is bad input, not a crash."""
    try:
        return d + timedelta(days=1)
    except OverflowError as exc:
        raise EntreeInvalide("date hors de la plage prise en charge (an 9999 dépassé)") from exc


# The holidays package imports all of its 250 countries on first use (about 80 ms): too slow
# for a command that must start in 0.3 s. Its French dates for the years most dossiers need
# are therefore generated once into a table shipped with the package (`python -m
# escalade.droit.calendrier` rewrites it; tests/test_calendrier.py checks it against the package
# for every place and year), and the package itself is only asked for other years.
TABLE: Final = Path(__file__).resolve().parent / "jours_feries.json"
ANNEES_TABLE: Final = range(2008, 2041)


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, dict[str, str]]]:
    texte = _texte_table()
    try:
        donnees: dict[str, dict[str, dict[str, str]]] = json.loads(texte) if texte else {}
    except ValueError:
        return {}
    return donnees


@cache
def _texte_table() -> str | None:
    """The generated table's text, read once per process (each place is parsed from it)."""
    try:
        return TABLE.read_text("utf-8")
    except OSError:
        return None


def feries_du_paquet(code: str, annee: int) -> dict[date, str]:
    """Holidays of one place and year, straight from the holidays package."""
    from holidays.countries.france import France

    subdiv = None if code == METROPOLE else code
    # France.__init__ takes untyped **kwargs.
    jours = France(subdiv=subdiv, years=annee, language="fr")  # type: ignore[no-untyped-call]
    return dict(sorted(jours.items()))


@cache
def _table_du_lieu(code: str) -> dict[str, dict[str, str]]:
    """One place's years from the table, parsing only that place's part of the file: the
    table holds 14 places (177 kB, about 2 ms to parse whole) and a command needs one. The
    file is compact JSON with sorted keys; a place is the object after `"code":{`, a text
    its other keys (years, dates) and values (names) cannot contain. Anything else: the
    whole table."""
    texte = _texte_table()
    if texte is None:
        return {}
    debut = texte.find(f'"{code}":{{')
    if debut < 0:
        return _table().get(code, {})
    try:
        annees, _ = json.JSONDecoder().raw_decode(texte, debut + len(code) + 3)
    except ValueError:
        return _table().get(code, {})
    return annees if isinstance(annees, dict) else _table().get(code, {})


@lru_cache(maxsize=4096)
def _feries(code: str, annee: int) -> MappingProxyType[date, str]:
    """Holidays of one subdivision and one year, as a read-only mapping."""
    genere = _table_du_lieu(code).get(str(annee))
    if genere is not None:
        return MappingProxyType({date.fromisoformat(j): nom for j, nom in genere.items()})
    return MappingProxyType(feries_du_paquet(code, annee))


def codes_connus() -> list[str]:
    """Every calendar code a postal code can lead to."""
    calendriers = [
        _METROPOLE,
        _MOSELLE,
        _BAS_RHIN,
        *_OUTRE_MER.values(),
        *_CODES_PARTICULIERS.values(),
    ]
    return sorted({c.code for c in calendriers})


def generer_table() -> dict[str, dict[str, dict[str, str]]]:
    return {
        code: {
            str(annee): {j.isoformat(): nom for j, nom in feries_du_paquet(code, annee).items()}
            for annee in ANNEES_TABLE
        }
        for code in codes_connus()
    }


# --- postal codes -----------------------------------------------------------

_AM: Final = (REFERENCE_NATIONALE, REFERENCE_ALSACE_MOSELLE)
_DOM: Final = (REFERENCE_NATIONALE, *REFERENCES_OUTRE_MER)
_COM_ANTILLES: Final = (*_DOM, REFERENCE_SAINT_BARTHELEMY_SAINT_MARTIN)

_MOSELLE: Final = Calendrier("57", "Alsace-Moselle (Moselle)", _AM)
_BAS_RHIN: Final = Calendrier("6AE", "Alsace-Moselle (Bas-Rhin)", _AM)
_HAUT_RHIN: Final = Calendrier("6AE", "Alsace-Moselle (Haut-Rhin)", _AM)
_METROPOLE: Final = Calendrier(METROPOLE, "France métropolitaine", (REFERENCE_NATIONALE,))


def _collectivite_autonome(code: str, libelle: str) -> Calendrier:
    """A collectivity with its own labour and procedure law (not verified here)."""
    return Calendrier(code, libelle, (f"Réglementation locale ({libelle})",))


# Keyed by the first three digits of the postal code.
_OUTRE_MER: Final[dict[str, Calendrier]] = {
    "971": Calendrier("971", "Guadeloupe", _DOM),
    "972": Calendrier("972", "Martinique", _DOM),
    "973": Calendrier("973", "Guyane", _DOM),
    "974": Calendrier("974", "La Réunion", _DOM),
    "975": Calendrier("PM", "Saint-Pierre-et-Miquelon", (REFERENCE_NATIONALE,)),
    "976": Calendrier("976", "Mayotte", _DOM),
    # Own labour and procedure law: the dates are those of the holidays
    # package, the local texts are not verified.
    "986": _collectivite_autonome("WF", "Wallis-et-Futuna"),
    "987": _collectivite_autonome("PF", "Polynésie française"),
    "988": _collectivite_autonome("NC", "Nouvelle-Calédonie"),
}

# Whole postal codes that leave their department's calendar.
_CODES_PARTICULIERS: Final[dict[str, Calendrier]] = {
    "97133": Calendrier("BL", "Saint-Barthélemy", _COM_ANTILLES),
    "97150": Calendrier("MF", "Saint-Martin", _COM_ANTILLES),
}

_DEPARTEMENTS_ALSACE_MOSELLE: Final[dict[str, Calendrier]] = {
    "57": _MOSELLE,
    "67": _BAS_RHIN,
    "68": _HAUT_RHIN,
}


def calendrier_pour_code_postal(code_postal: str) -> Calendrier:
    """The holiday calendar of the place with this French postal code.

    >>> calendrier_pour_code_postal("67000").libelle
    'Alsace-Moselle (Bas-Rhin)'
    >>> calendrier_pour_code_postal("20000").libelle
    'France métropolitaine'

    Raises ``EntreeInvalide`` (champ ``code_postal``) for a malformed code, a
    code that no French place uses, or a code of Monaco (980xx).
    """
    if not isinstance(code_postal, str):
        raise _invalide(f"le code postal doit être du texte de 5 chiffres, reçu {code_postal!r}")
    return _calendrier(code_postal.strip())


@lru_cache(maxsize=1024)
def _calendrier(code: str) -> Calendrier:
    if len(code) != 5 or not (code.isascii() and code.isdigit()):
        raise _invalide(f"« {code} » n'est pas un code postal français (5 chiffres attendus)")
    if code in _CODES_PARTICULIERS:
        return _CODES_PARTICULIERS[code]
    departement = code[:2]
    if departement in _DEPARTEMENTS_ALSACE_MOSELLE:
        return _DEPARTEMENTS_ALSACE_MOSELLE[departement]
    if "01" <= departement <= "95":
        return _METROPOLE
    if code[:3] == "980":
        raise _invalide(f"« {code} » est un code postal de Monaco, qui n'est pas en France")
    if code[:3] in _OUTRE_MER:
        return _OUTRE_MER[code[:3]]
    raise _invalide(f"« {code} » ne correspond à aucun département ou collectivité français")


def _invalide(message: str) -> EntreeInvalide:
    return EntreeInvalide(message, champ="code_postal")


if __name__ == "__main__":
    TABLE.write_text(
        json.dumps(generer_table(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        + "\n",
        encoding="utf-8",
    )
    print(TABLE)
