"""Law as dated data: the series, their dated values, the decisions, and the whole bundle.

A value holds from its date until the day before the next one, the last one until the
series' `connu_jusqu_au` (or forever when the series has no such bound). A date before the
first value or after the bound raises `DonneeJuridiqueManquante`, naming the series and the
date: the tool never silently reuses an older value. The loader of the YAML files is
`escalade.droit.jurisprudence`.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import ParamSpec, TypeVar

from escalade.droit.erreurs import DonneeJuridiqueManquante

UNITES_DECIMALES = frozenset({"pourcent", "points", "coefficient", "euros"})
UNITES_ENTIERES = frozenset({"jours", "mois", "ans", "heures", "nombre"})
UNITES = UNITES_DECIMALES | UNITES_ENTIERES | {"texte"}
CONFIANCES = frozenset({"H", "M", "L"})

Valeur = Decimal | int | str
P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class ValeurDatee:
    """One value of a series, with the date it takes effect and its source."""

    depuis: date
    valeur: Valeur
    source: str
    confiance: str
    url: str | None = None
    note: str | None = None
    locale: bool = False  # comes from the user's local extension


@dataclass(frozen=True)
class Prolongation:
    """The user's local statement that the last value still held after the shipped data's end
    (`depuis` = the day after it), with its source (e.g. the ECB Data Portal consulted on...)."""

    depuis: date
    source: str


@dataclass(frozen=True)
class Serie:
    nom: str
    description: str
    unite: str
    valeurs: tuple[ValeurDatee, ...]
    connu_jusqu_au: date | None
    publication: str | None = None  # where a new value is published (for `escalade taux`)
    prolongation: Prolongation | None = None

    @cached_property
    def _dates(self) -> list[date]:
        return [v.depuis for v in self.valeurs]

    def en_vigueur(self, le: date) -> ValeurDatee:
        """The value in force on `le`, or an explicit error naming series and date."""
        rang = bisect_right(self._dates, le)
        courante = self.valeurs[rang - 1] if rang else None
        if courante is None:
            debut = self.valeurs[0].depuis.isoformat()
            raise DonneeJuridiqueManquante(
                f"la série « {self.nom} » ({self.description}) ne couvre pas le "
                f"{le.isoformat()} : ses données commencent le {debut}",
                serie=self.nom,
                jour=le,
            )
        if self.connu_jusqu_au is not None and le > self.connu_jusqu_au:
            raise DonneeJuridiqueManquante(
                f"la série « {self.nom} » ({self.description}) n'est pas connue au "
                f"{le.isoformat()} : les données s'arrêtent au "
                f"{self.connu_jusqu_au.isoformat()} (valeur non publiée ou non confirmée). "
                "Ajoutez la valeur publiée, avec sa source, dans le dossier local "
                "de jurisprudence (voir `escalade taux --help`).",
                serie=self.nom,
                jour=le,
                pas_encore_connue=True,
            )
        return courante

    def decimal(self, le: date) -> Decimal:
        v = self.en_vigueur(le).valeur
        assert isinstance(v, Decimal), self.nom
        return v

    def entier(self, le: date) -> int:
        v = self.en_vigueur(le).valeur
        assert isinstance(v, int), self.nom
        return v

    def changements(self, du: date, au: date) -> list[ValeurDatee]:
        """Values taking effect strictly after `du` and up to `au` (for period splits)."""
        return [v for v in self.valeurs if du < v.depuis <= au]


@dataclass(frozen=True)
class Decision:
    """A court decision the tool cites."""

    id: str
    juridiction: str
    date: date
    numero: str
    solution: str
    source: str
    citation: str  # the short form printed in references


@dataclass(frozen=True, eq=False)  # hashed by identity: usable as a cache key
class Jurisprudence:
    series: Mapping[str, Serie]
    decisions: Mapping[str, Decision]

    def serie(self, nom: str) -> Serie:
        try:
            return self.series[nom]
        except KeyError:
            raise DonneeJuridiqueManquante(
                f"série juridique inconnue : « {nom} »", serie=nom
            ) from None

    def decimal(self, nom: str, le: date) -> Decimal:
        return self.serie(nom).decimal(le)

    def entier(self, nom: str, le: date) -> int:
        return self.serie(nom).entier(le)

    def texte(self, nom: str, le: date) -> str:
        return str(self.serie(nom).en_vigueur(le).valeur)

    def citation(self, decision_id: str) -> str:
        try:
            return self.decisions[decision_id].citation
        except KeyError:
            raise DonneeJuridiqueManquante(
                f"décision inconnue dans jurisprudence/decisions.yaml : « {decision_id} »"
            ) from None


@dataclass(frozen=True)
class _Manquante:
    erreur: DonneeJuridiqueManquante


def memoire_juridique(taille: int) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """`functools.lru_cache` that also remembers a `DonneeJuridiqueManquante`: each later call
    with the same arguments raises a fresh copy of it (same message, series and day) without
    recomputing. A décompte « à parfaire » bisects over days for the first one a rate is
    missing; on a portfolio the same bisection recurred for every invoice due the same day."""

    def decorer(fonction: Callable[P, R]) -> Callable[P, R]:
        def essayer(*args: P.args, **kwargs: P.kwargs) -> R | _Manquante:
            try:
                return fonction(*args, **kwargs)
            except DonneeJuridiqueManquante as e:  # kept without its frames
                return _Manquante(e.with_traceback(None))

        resultat: Callable[..., R | _Manquante] = functools.lru_cache(maxsize=taille)(essayer)

        @functools.wraps(fonction)
        def appel(*args: P.args, **kwargs: P.kwargs) -> R:
            r = resultat(*args, **kwargs)
            if isinstance(r, _Manquante):
                raise replace(r.erreur)
            return r

        return appel

    return decorer
