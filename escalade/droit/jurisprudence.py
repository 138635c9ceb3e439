"""Law as dated data: the loader of `jurisprudence/`.

Each series is one YAML file of `jurisprudence/` (shipped inside the package):

    description: Taux de l'intérêt légal, autres cas (créancier professionnel)
    unite: pourcent            # pourcent | points | coefficient | euros | texte
                               # | jours | mois | ans | heures (durations) | nombre (counts)
    connu_jusqu_au: 2026-06-30 # last day the data covers; later dates are an explicit error
    valeurs:
      2026-01-01:
        valeur: "2.62"         # quoted string for Decimal units, integer for durations
        source: "Arrêté du 15 décembre 2025, JORF n° 0302 du 26 décembre 2025"
        url: https://...       # optional
        confiance: H           # H | M | L (see shared/LEGAL.md)
        note: ...              # optional

A value holds from its date until the day before the next one, the last one
until `connu_jusqu_au` (or forever when the series has no such bound: fixed
amounts such as the 40 EUR); the series, values and decisions are the types of
`escalade.droit.donnees_juridiques`, which refuse a date the data does not cover.

Case law lives in `jurisprudence/decisions.yaml` (a mapping id → decision).

Local extension: values published after a release are added, with their
source, in YAML files of the same shape (only `valeurs` and optionally
`connu_jusqu_au` per series) in the folder named by `ESCALADE_JURISPRUDENCE`
(default `~/.config/escalade/jurisprudence/`). A local value may not repeat
a date of the shipped data.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from escalade.droit.cache_jurisprudence import LectureEnCache
from escalade.droit.donnees_juridiques import (
    CONFIANCES,
    UNITES,
    UNITES_DECIMALES,
    UNITES_ENTIERES,
    Decision,
    Jurisprudence,
    Prolongation,
    Serie,
    Valeur,
    ValeurDatee,
)
from escalade.droit.erreurs import DonneeJuridiqueInvalide

CHAMPS_SERIE = frozenset({"description", "unite", "connu_jusqu_au", "valeurs", "publication"})
_DATE_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --- parsing ---------------------------------------------------------------


def _date(brut: Any, fichier: str, champ: str) -> date:
    if isinstance(brut, date) and not isinstance(brut, datetime):
        return brut
    if isinstance(brut, str) and _DATE_ISO.match(brut):
        try:
            return date.fromisoformat(brut)
        except ValueError:
            pass
    raise DonneeJuridiqueInvalide(
        f"date invalide « {brut} » (attendu AAAA-MM-JJ)", fichier=fichier, champ=champ
    )


def _valeur(brut: Any, unite: str, fichier: str, champ: str) -> Valeur:
    if unite in UNITES_DECIMALES:
        if not isinstance(brut, str):
            raise DonneeJuridiqueInvalide(
                f"un montant ou un taux s'écrit entre guillemets, reçu {brut!r}",
                fichier=fichier,
                champ=champ,
            )
        try:
            nombre = Decimal(brut)
        except InvalidOperation:
            nombre = None
        if nombre is None or not nombre.is_finite():
            raise DonneeJuridiqueInvalide(
                f"nombre décimal invalide « {brut} »", fichier=fichier, champ=champ
            )
        return nombre
    if unite in UNITES_ENTIERES:
        if not isinstance(brut, int) or isinstance(brut, bool):
            raise DonneeJuridiqueInvalide(
                f"une durée est un nombre entier, reçu {brut!r}", fichier=fichier, champ=champ
            )
        return brut
    if not isinstance(brut, str) or not brut:
        raise DonneeJuridiqueInvalide(f"texte attendu, reçu {brut!r}", fichier=fichier, champ=champ)
    return brut


def _valeurs(brutes: Any, unite: str, fichier: str, nom: str, locale: bool) -> list[ValeurDatee]:
    if not isinstance(brutes, dict):
        raise DonneeJuridiqueInvalide(
            "« valeurs » doit associer des dates à des valeurs", fichier=fichier, champ=nom
        )
    resultat: list[ValeurDatee] = []
    for cle, entree in brutes.items():
        champ = f"{nom}.valeurs.{cle}"
        depuis = _date(cle, fichier, champ)
        if not isinstance(entree, dict):
            raise DonneeJuridiqueInvalide("valeur sans source", fichier=fichier, champ=champ)
        source = entree.get("source")
        if not isinstance(source, str) or not source.strip():
            raise DonneeJuridiqueInvalide(
                "chaque valeur doit citer sa source", fichier=fichier, champ=champ
            )
        confiance = entree.get("confiance", "H" if locale else None)
        if confiance not in CONFIANCES:
            raise DonneeJuridiqueInvalide(
                f"confiance « {confiance} » invalide (H, M ou L)", fichier=fichier, champ=champ
            )
        inconnus = set(entree) - {"valeur", "source", "url", "confiance", "note"}
        if inconnus:
            raise DonneeJuridiqueInvalide(
                f"champs inconnus : {', '.join(sorted(inconnus))}", fichier=fichier, champ=champ
            )
        for facultatif in ("url", "note"):
            if entree.get(facultatif) is not None and not isinstance(entree[facultatif], str):
                raise DonneeJuridiqueInvalide(
                    f"« {facultatif} » doit être un texte", fichier=fichier, champ=champ
                )
        resultat.append(
            ValeurDatee(
                depuis=depuis,
                valeur=_valeur(entree.get("valeur"), unite, fichier, champ + ".valeur"),
                source=source.strip(),
                confiance=confiance,
                url=entree.get("url"),
                note=entree.get("note"),
                locale=locale,
            )
        )
    return resultat


def _verifier_ordre(valeurs: list[ValeurDatee], fichier: str, nom: str) -> list[ValeurDatee]:
    valeurs = sorted(valeurs, key=lambda v: v.depuis)
    for avant, apres in pairwise(valeurs):
        if avant.depuis == apres.depuis:
            raise DonneeJuridiqueInvalide(
                f"date en double : {apres.depuis.isoformat()}", fichier=fichier, champ=nom
            )
    return valeurs


def _verifier_borne(
    valeurs: tuple[ValeurDatee, ...], borne: date | None, fichier: str, champ: str
) -> None:
    if borne is not None and borne < valeurs[-1].depuis:
        raise DonneeJuridiqueInvalide(
            f"« connu_jusqu_au » ({borne.isoformat()}) précède la dernière valeur "
            f"({valeurs[-1].depuis.isoformat()})",
            fichier=fichier,
            champ=champ,
        )


def lire_serie(nom: str, donnees: Any, fichier: str) -> Serie:
    if not isinstance(donnees, dict):
        raise DonneeJuridiqueInvalide("une série est un objet YAML", fichier=fichier)
    inconnus = set(donnees) - CHAMPS_SERIE
    if inconnus:
        raise DonneeJuridiqueInvalide(
            f"champs inconnus : {', '.join(sorted(map(str, inconnus)))}", fichier=fichier
        )
    unite = donnees.get("unite")
    if unite not in UNITES:
        raise DonneeJuridiqueInvalide(f"unité « {unite} » inconnue", fichier=fichier, champ="unite")
    description = donnees.get("description")
    if not isinstance(description, str) or not description:
        raise DonneeJuridiqueInvalide("description manquante", fichier=fichier, champ="description")
    valeurs = _valeurs(donnees.get("valeurs"), unite, fichier, nom, locale=False)
    if not valeurs:
        raise DonneeJuridiqueInvalide("aucune valeur", fichier=fichier, champ="valeurs")
    borne_brute = donnees.get("connu_jusqu_au")
    borne = _date(borne_brute, fichier, "connu_jusqu_au") if borne_brute is not None else None
    triees = tuple(_verifier_ordre(valeurs, fichier, nom))
    _verifier_borne(triees, borne, fichier, "connu_jusqu_au")
    publication = donnees.get("publication")
    if publication is not None and (not isinstance(publication, str) or not publication.strip()):
        raise DonneeJuridiqueInvalide("texte attendu", fichier=fichier, champ="publication")
    return Serie(
        nom=nom,
        description=description,
        unite=unite,
        valeurs=triees,
        connu_jusqu_au=borne,
        publication=publication.strip() if publication else None,
    )


def etendre_serie(serie: Serie, donnees: Any, fichier: str) -> Serie:
    """Add the user's local values (and a later bound) to a shipped series.

    A later `connu_jusqu_au` must say on what it rests: either values dated after the
    shipped end, each with its source, or a `source` for the statement that the last value
    still held (e.g. « ECB Data Portal, consulté le ... »). Neither is refused, naming the
    file and the field: a bound alone would let an unconfirmed value be used."""
    if not isinstance(donnees, dict):
        raise DonneeJuridiqueInvalide(
            "extension de série invalide", fichier=fichier, champ=serie.nom
        )
    inconnus = set(donnees) - {"valeurs", "connu_jusqu_au", "source"}
    if inconnus:
        raise DonneeJuridiqueInvalide(
            f"champs inconnus : {', '.join(sorted(inconnus))}", fichier=fichier, champ=serie.nom
        )
    if "valeurs" in donnees and not donnees["valeurs"]:
        raise DonneeJuridiqueInvalide(
            "« valeurs » vide : donnez chaque valeur avec sa source",
            fichier=fichier,
            champ=f"{serie.nom}.valeurs",
        )
    ajouts = _valeurs(donnees.get("valeurs", {}), serie.unite, fichier, serie.nom, locale=True)
    valeurs = _verifier_ordre([*serie.valeurs, *ajouts], fichier, serie.nom)
    borne = serie.connu_jusqu_au
    source = donnees.get("source")
    if source is not None and (not isinstance(source, str) or not source.strip()):
        raise DonneeJuridiqueInvalide(
            "la source doit être un texte non vide", fichier=fichier, champ=f"{serie.nom}.source"
        )
    prolongation = serie.prolongation
    if donnees.get("connu_jusqu_au") is not None:
        borne = _date(donnees["connu_jusqu_au"], fichier, f"{serie.nom}.connu_jusqu_au")
        ancienne = serie.connu_jusqu_au
        if ancienne is not None and borne > ancienne:
            apres = [v for v in ajouts if v.depuis > ancienne]
            if source:
                prolongation = Prolongation(ancienne + timedelta(days=1), source.strip())
            elif not apres:
                raise DonneeJuridiqueInvalide(
                    f"« connu_jusqu_au » prolongé au {borne.isoformat()} sans valeur ni source : "
                    "ajoutez la valeur publiée après le "
                    f"{ancienne.isoformat()} avec sa source (même inchangée), ou une « source » "
                    "qui établit que la dernière valeur est toujours en vigueur",
                    fichier=fichier,
                    champ=f"{serie.nom}.source",
                )
    elif source is not None:
        raise DonneeJuridiqueInvalide(
            "« source » sans « connu_jusqu_au » : jusqu'à quand la valeur est-elle confirmée ?",
            fichier=fichier,
            champ=f"{serie.nom}.connu_jusqu_au",
        )
    elif ajouts and borne is not None:
        borne = None if max(v.depuis for v in ajouts) > borne else borne
        if borne is None:
            raise DonneeJuridiqueInvalide(
                "une valeur ajoutée après la fin connue de la série doit dire jusqu'à quand elle "
                "est connue (« connu_jusqu_au »)",
                fichier=fichier,
                champ=serie.nom,
            )
    _verifier_borne(tuple(valeurs), borne, fichier, f"{serie.nom}.connu_jusqu_au")
    return replace(serie, valeurs=tuple(valeurs), connu_jusqu_au=borne, prolongation=prolongation)


def lire_decisions(donnees: Any, fichier: str) -> dict[str, Decision]:
    if not isinstance(donnees, dict):
        raise DonneeJuridiqueInvalide(
            "decisions.yaml doit associer un identifiant à chaque décision", fichier=fichier
        )
    decisions: dict[str, Decision] = {}
    for ident, d in donnees.items():
        champs = ("juridiction", "date", "numero", "solution", "source", "citation")
        if not isinstance(d, dict) or any(not d.get(c) for c in champs):
            raise DonneeJuridiqueInvalide(
                f"une décision doit donner : {', '.join(champs)}", fichier=fichier, champ=str(ident)
            )
        decisions[str(ident)] = Decision(
            id=str(ident),
            juridiction=str(d["juridiction"]),
            date=_date(d["date"], fichier, f"{ident}.date"),
            numero=str(d["numero"]),
            solution=str(d["solution"]).strip(),
            source=str(d["source"]),
            citation=str(d["citation"]),
        )
    return decisions


# --- loading ---------------------------------------------------------------


def dossier_livre() -> Path:
    """The shipped `jurisprudence/` folder (checkout or installed package)."""
    depuis_checkout = Path(__file__).resolve().parents[2] / "jurisprudence"
    if depuis_checkout.is_dir():
        return depuis_checkout
    # the package's own folder (escalade/_jurisprudence), as importlib.resources gives it
    return Path(__file__).resolve().parents[1] / "_jurisprudence"


def dossier_local() -> Path:
    explicite = os.environ.get("ESCALADE_JURISPRUDENCE")
    if explicite:
        return Path(explicite)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "escalade" / "jurisprudence"


def _fichiers_yaml(dossier: Path) -> Iterable[Path]:
    if dossier.is_file():
        return [dossier]
    if not dossier.is_dir():
        return []
    return sorted(p for p in dossier.iterdir() if p.suffix in {".yaml", ".yml"})


def _lire_fichier(chemin: Path, texte: str | None = None) -> Any:
    """One YAML file parsed (`texte`: its content when already read)."""
    from escalade.droit.yaml_juridique import lire_yaml  # PyYAML: only when not in the cache

    if texte is None:
        try:
            texte = chemin.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise DonneeJuridiqueInvalide(f"fichier illisible : {e}", fichier=str(chemin)) from None
    return lire_yaml(texte, str(chemin))


def charger(livre: Path | None = None, local: Path | None = None) -> Jurisprudence:
    livre = livre or dossier_livre()
    du_livre = list(_fichiers_yaml(livre))
    local = local if local is not None else dossier_local()
    locaux = list(_fichiers_yaml(local))
    lecture = LectureEnCache([livre, local], [*du_livre, *locaux], _lire_fichier)
    series: dict[str, Serie] = {}
    decisions: dict[str, Decision] = {}
    for chemin in du_livre:
        if chemin.stem == "decisions":
            decisions = lire_decisions(lecture.lire(chemin), str(chemin))
        else:
            series[chemin.stem] = lire_serie(chemin.stem, lecture.lire(chemin), str(chemin))
    for chemin in locaux:
        extension = lecture.lire(chemin) or {}
        if not isinstance(extension, dict):
            raise DonneeJuridiqueInvalide(
                "un fichier local associe des séries à des valeurs", fichier=str(chemin)
            )
        for nom, donnees in extension.items():
            if nom not in series:
                raise DonneeJuridiqueInvalide(
                    f"série inconnue « {nom} » (séries : voir `escalade taux`)",
                    fichier=str(chemin),
                    champ=str(nom),
                )
            series[nom] = etendre_serie(series[nom], donnees, str(chemin))
    jur = Jurisprudence(series=series, decisions=decisions)
    lecture.retenir()
    return jur


@lru_cache(maxsize=1)
def jurisprudence() -> Jurisprudence:
    """The shipped data plus the user's local extension, loaded once per process."""
    return charger()
