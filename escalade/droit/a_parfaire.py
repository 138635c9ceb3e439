"""Le décompte « à parfaire »: what to do when a rate is not published yet.

When the legal data stops before the décompte's date (the ECB rate of 1 July, the legal
interest rate of the half-year: `connu_jusqu_au` of a series), a lawyer does not wait and
does not guess: the décompte is « arrêté au » the last day every rate it needs is known, and
the claim adds that interest or penalties run on « à compter du ... jusqu'à parfait
paiement » at the rate the law gives (a « somme à parfaire »). This module finds that day
for each invoice (the first day whose rate the data does not give) and says, in French,
which series is missing and which rule will give the rate. Nothing is carried forward: the
days after `arrete_au` carry no amount at all.

Pure: the regime's rate segments are the only source; the search is a bisection over days
(a period that cannot be priced on day d cannot be priced on any later day).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from escalade.droit.decompte_facture import LigneFacture, Regime
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import DonneeJuridiqueManquante
from escalade.droit.format_fr import date_longue
from escalade.droit.modele import Facture
from escalade.droit.periodes import UN_JOUR, SegmentTaux

Segments = Callable[[date, date, Facture], tuple[SegmentTaux, ...]]


@dataclass(frozen=True)
class APparfaire:
    """One invoice whose interest or penalties run on past the computed part."""

    facture: str
    depuis: date  # first day not computed
    serie: str  # the legal series whose value is missing
    regle: str  # the rule that will give the rate, in French
    motif: str  # the loader's message (series, date, where the data stops)


@dataclass(frozen=True)
class Manque:
    jour: date
    erreur: DonneeJuridiqueManquante


def premier_jour_inconnu(segments: Segments, debut: date, fin: date, f: Facture) -> Manque | None:
    """The first day of [debut, fin] whose rate the data does not give, or None."""
    # The error is kept without its traceback: its frames would hold it in a reference cycle,
    # left uncollected while a large batch runs with the cyclic collector paused.
    try:
        segments(debut, fin, f)
        return None
    except DonneeJuridiqueManquante as e:
        return _premier_jour(segments, debut, fin, f, e.with_traceback(None))


def _premier_jour(
    segments: Segments, debut: date, fin: date, f: Facture, erreur: DonneeJuridiqueManquante
) -> Manque:
    """The first missing day of [debut, fin], `erreur` being what `segments(debut, fin)` raised."""
    trouve = _jour_nomme(segments, debut, fin, f, erreur.jour)
    if trouve is not None:
        return trouve
    bas, haut = debut, fin  # segments(debut, haut) fails; find the smallest such haut
    while bas < haut:
        milieu = bas + (haut - bas) // 2
        try:
            segments(debut, milieu, f)
        except DonneeJuridiqueManquante as e:
            haut, erreur = milieu, e.with_traceback(None)
        else:
            bas = milieu + UN_JOUR
    return Manque(haut, erreur)


def _jour_nomme(
    segments: Segments, debut: date, fin: date, f: Facture, jour: date | None
) -> Manque | None:
    """The day the loader's error names, when it is the first missing one: the range fails
    up to it and not the day before (the boundary the search below would find, checked in two
    calls instead of about ten); None when the error names no such day."""
    if jour is None or not debut <= jour <= fin:
        return None
    try:
        segments(debut, jour, f)
        return None  # the day named is known: let the search find the boundary
    except DonneeJuridiqueManquante as e:
        erreur = e.with_traceback(None)
    if jour > debut:
        try:
            segments(debut, jour - UN_JOUR, f)
        except DonneeJuridiqueManquante:
            return None
    return Manque(jour, erreur)


class ManqueTrouve(Exception):
    """Internal to the décompte: a rate is missing from `manque.jour` (caught by `calculer`)."""

    def __init__(self, manque: Manque) -> None:
        super().__init__(manque.erreur.message)
        self.manque = manque


def segments_surs(segments: Segments) -> Segments:
    """The regime's segments, raising `ManqueTrouve` (with the first missing day) instead of
    the loader's error, so that the décompte can stop interest the day before."""

    def surs(debut: date, fin: date, f: Facture) -> tuple[SegmentTaux, ...]:
        try:
            return segments(debut, fin, f)
        except DonneeJuridiqueManquante as e:
            if not e.pas_encore_connue:  # before the data starts: an error, not à parfaire
                raise
        # Raised outside the handler: as its context, the loader's error and its frames
        # would make a reference cycle, left uncollected while a batch pauses the collector.
        manque = premier_jour_inconnu(segments, debut, fin, f)
        assert manque is not None
        raise ManqueTrouve(manque)

    return surs


class Imprevisible(Exception):
    """Internal to the décompte: the first missing day could not be known before simulating
    (`prevoir`); the décompte is then simulated again at each missing day found."""


@dataclass
class Prevision:
    """The day interest will stop at, found before the simulation: the first day, on any
    invoice, whose rate the data does not give (`manque`), checked during the simulation.

    The day is right only if one of the invoices it was found on (`factures`) still owes
    principal on that day: interest runs on it then. An invoice paid off before would not
    need that day's rate, and interest could run on. `constater` looks at each invoice as the
    simulation advances it over the day, and `atteint` says whether one did."""

    manque: Manque
    factures: frozenset[str]
    atteint: bool = False

    def constater(self, ligne: LigneFacture, jusqu_au: date) -> None:
        """Before `ligne` advances to `jusqu_au` (its principal is then the one of that day)."""
        if (
            not self.atteint
            and ligne.couru_jusqu_au < self.manque.jour <= jusqu_au
            and ligne.principal > 0
            and ligne.facture.numero in self.factures
        ):
            self.atteint = True


def prevoir(
    factures: Iterable[Facture], r: Regime, fin: date, jur: Jurisprudence
) -> Prevision | None:
    """The first day, up to `fin`, whose rate the data does not give for an invoice of the
    dossier, from the day its interest starts; None when every rate is known.

    Raises `Imprevisible` when the data is missing before a series starts (an error, not à
    parfaire), when a series starts after that day (its error could come first), or when the
    invoices missing on that day name different data (which one the décompte cites would
    depend on the order of the simulation)."""
    premiers: list[tuple[str, Manque]] = []
    for f in factures:
        debut = r.debut_cours(f)
        if debut is not None and debut <= fin:
            manque = _premier_manque(r, debut, fin, f)
            if manque is not None:
                premiers.append((f.numero, manque))
    if not premiers:
        return None
    jour = min(m.jour for _, m in premiers)
    au_jour = [(numero, m) for numero, m in premiers if m.jour == jour]
    manque = au_jour[0][1]
    if any(m is not manque and _motif(m.erreur) != _motif(manque.erreur) for _, m in au_jour):
        raise Imprevisible
    if _debut_des_series(jur) > jour:
        raise Imprevisible
    return Prevision(manque, frozenset(numero for numero, _ in au_jour))


# An invoice's first missing day by the regime's key and the days, and whether the data was
# missing before a series starts there (bounded: cleared when full)
_PREMIERS: dict[Hashable, tuple[Manque | None, bool]] = {}
_TAILLE_PREMIERS = 65536


def _premier_manque(r: Regime, debut: date, fin: date, f: Facture) -> Manque | None:
    """The first missing day of [debut, fin] for `f`, remembered by the regime's key (a
    portfolio has many invoices due the same day); `Imprevisible` when the data is missing
    before a series starts."""
    cle = None if r.cle_segments is None else (r.cle_segments(f), debut, fin)
    trouve = None if cle is None else _PREMIERS.get(cle)
    if trouve is None:
        erreur = _erreur(r.segments, debut, fin, f)
        if erreur is None or not erreur.pas_encore_connue:
            trouve = (None, erreur is not None)
        else:
            trouve = (_premier_jour(r.segments, debut, fin, f, erreur), False)
        if cle is not None:
            if len(_PREMIERS) >= _TAILLE_PREMIERS:
                _PREMIERS.clear()
            _PREMIERS[cle] = trouve
    manque, avant_les_donnees = trouve
    if avant_les_donnees:
        raise Imprevisible
    return manque


def _erreur(
    segments: Segments, debut: date, fin: date, f: Facture
) -> DonneeJuridiqueManquante | None:
    """What pricing [debut, fin] raises (kept without its frames), or None."""
    try:
        segments(debut, fin, f)
        return None
    except DonneeJuridiqueManquante as e:
        return e.with_traceback(None)


@lru_cache(maxsize=8)
def _debut_des_series(jur: Jurisprudence) -> date:
    """The latest first day of a series: before it, a rate may be missing as « not covered
    yet » (an error, not à parfaire)."""
    return max((s.valeurs[0].depuis for s in jur.series.values() if s.valeurs), default=date.min)


def _motif(e: DonneeJuridiqueManquante) -> tuple[str | None, str, bool]:
    return e.serie, e.message, e.pas_encore_connue


def elements(
    lignes: list[LigneFacture], r: Regime, manque: Manque, arrete_au: date, fin: date
) -> list[APparfaire]:
    """Each invoice whose interest runs after `arrete_au` (principal still due then): from
    when, and by which rule."""
    serie = manque.erreur.serie or "?"
    elements = []
    for ligne in lignes:
        f, debut = ligne.facture, ligne.debut_cours
        solde = ligne.principal_solde_le
        encore_du = ligne.principal > 0 or (solde is not None and solde > arrete_au)
        if debut is None or debut > fin or not encore_du:
            continue
        depuis = max(debut, arrete_au + UN_JOUR)
        regle = r.regle_a_parfaire(depuis, f) if r.regle_a_parfaire else f"série « {serie} »"
        elements.append(APparfaire(f.numero, depuis, serie, regle, manque.erreur.message))
    return elements


NATURES = {"penalites": "pénalités de retard arrêtées", "interets": "intérêts arrêtés"}


def avertissements(
    arrete_au: date, elements: list[APparfaire], r: Regime, paiements: list[date]
) -> list[str]:
    """The notes of an à parfaire décompte: what stops, and each payment made after it whose
    imputation is provisional (not for a public buyer: its payments go to the principal
    first, CCP R2192-36)."""
    notes = [avertissement(arrete_au, elements, NATURES[r.nature])]
    if not r.principal_d_abord:
        notes += [avertissement_paiement(d, arrete_au) for d in paiements if d > arrete_au]
    return notes


def avertissement(arrete_au: date, elements: list[APparfaire], nature: str) -> str:
    """The French note of an à parfaire décompte."""
    return _avertissement(arrete_au, tuple(dict.fromkeys(a.serie for a in elements)), nature)


@lru_cache(maxsize=4096)  # the same note for every dossier stopped the same day
def _avertissement(arrete_au: date, series_manquantes: tuple[str, ...], nature: str) -> str:
    series = ", ".join(f"« {serie} »" for serie in series_manquantes)
    return (
        f"Décompte à parfaire : {nature} au {arrete_au:%d/%m/%Y}, le taux applicable "
        f"ensuite n'étant pas encore publié ou enregistré (série {series}) ; ces accessoires "
        "continuent de courir jusqu'à parfait paiement ; aucun montant n'est avancé pour la "
        "suite. Ajoutez la valeur publiée avec sa source (escalade taux ajouter, ou escalade "
        "taux actualiser pour le taux BCE), puis refaites le décompte."
    )


@lru_cache(maxsize=4096)
def avertissement_paiement(date_paiement: date, arrete_au: date) -> str:
    return (
        f"Paiement du {date_paiement:%d/%m/%Y}, postérieur à l'arrêté du {arrete_au:%d/%m/%Y} : "
        "son imputation est provisoire, les intérêts ou pénalités courus depuis le "
        f"{arrete_au + UN_JOUR:%d/%m/%Y}, qu'il paie en premier (C. civ. 1343-1), ne sont pas "
        "encore calculables ; la part imputée sur le principal sera réduite d'autant."
    )


# --- the sentence of a document ----------------------------------------------------

NATURE = {"penalites": "les pénalités de retard", "interets": "les intérêts"}


def mention(
    arrete_au: date | None, nature: str, a_parfaire: list[APparfaire], numeros: set[str]
) -> dict[str, Any] | None:
    """The « à parfaire » sentence of a document claiming the invoices `numeros` (None when
    nothing of theirs runs on past `arrete_au`)."""
    elements = [a for a in a_parfaire if a.facture in numeros]
    if arrete_au is None or not elements:
        return None
    groupes: dict[tuple[str, date], list[str]] = {}
    for a in elements:
        groupes.setdefault((a.regle, a.depuis), []).append(a.facture)
    quoi = NATURE[nature]
    if len(groupes) == 1:
        (regle, depuis), _ = next(iter(groupes.items()))
        outre = f"{quoi} au {regle}, à compter du {date_longue(depuis)}"
    else:
        outre = " ; ".join(
            f"{quoi} de la facture {', '.join(factures)} au {regle}, à compter du "
            f"{date_longue(depuis)}"
            for (regle, depuis), factures in groupes.items()
        )
    return {
        "arrete_au": arrete_au,
        "depuis": min(a.depuis for a in elements),
        "series": sorted({a.serie for a in elements}),
        "factures": [
            {"facture": a.facture, "depuis": a.depuis, "regle": a.regle} for a in elements
        ],
        "phrase": (
            f"Somme arrêtée au {date_longue(arrete_au)}, outre {outre} jusqu'à parfait "
            "paiement (somme à parfaire : le taux applicable ensuite n'est pas encore publié)."
        ),
        "outre": outre,
    }
