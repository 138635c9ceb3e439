"""Writing the user's local law folder (`$ESCALADE_JURISPRUDENCE`): a published value
recorded without editing YAML (`escalade taux ajouter`), and the ECB rate fetched from its
official source (`escalade taux actualiser`).

Each series the tool writes lives in `<dossier>/<série>.yaml`, in the shape the loader reads
(`escalade.droit.jurisprudence`: `valeurs` each with a source, `connu_jusqu_au`, and a
`source` for a bound prolonged without a new value). Before anything is written the whole
law data is loaded again with the new file, so a file the tool writes is one it can read;
the file is then replaced atomically. Nothing is written on an error.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from escalade.droit.donnees_juridiques import (
    UNITES_DECIMALES,
    UNITES_ENTIERES,
    Jurisprudence,
    Serie,
)
from escalade.droit.erreurs import DonneeJuridiqueInvalide, EntreeInvalide
from escalade.droit.jurisprudence import charger
from escalade.droit.yaml_juridique import lire_yaml
from escalade.entrees.bce import SERIE_BCE, URL_BCE, Observation

SERIE_TAUX_BCE = "taux_bce_refinancement"


@dataclass
class Ecriture:
    """What a command recorded (or would record) in the local folder."""

    fichier: Path
    serie: str
    ajouts: list[tuple[date, str, str]] = field(default_factory=list)  # date, valeur, source
    connu_jusqu_au: date | None = None
    ecarts: list[str] = field(default_factory=list)  # shipped values the source contradicts


def jurisprudence_livree() -> Jurisprudence:
    with tempfile.TemporaryDirectory() as vide:
        return charger(local=Path(vide))


def _section(dossier: Path, nom: str) -> tuple[Path, dict[str, Any]]:
    fichier = dossier / f"{nom}.yaml"
    if not fichier.exists():
        return fichier, {}
    contenu = lire_yaml(fichier.read_text(encoding="utf-8"), str(fichier)) or {}
    if not isinstance(contenu, dict):
        raise DonneeJuridiqueInvalide(
            "un fichier local associe des séries à des valeurs", fichier=str(fichier)
        )
    section = contenu.get(nom) or {}
    if not isinstance(section, dict):
        raise DonneeJuridiqueInvalide(
            "extension de série invalide", fichier=str(fichier), champ=nom
        )
    return fichier, {**contenu, nom: dict(section)}


def _ecrire(dossier: Path, fichier: Path, contenu: dict[str, Any]) -> None:
    """Check that the whole law data loads with the new file, then write it atomically."""
    texte = yaml.safe_dump(contenu, allow_unicode=True, sort_keys=False, width=100)
    with tempfile.TemporaryDirectory() as essai:
        if dossier.is_dir():
            for autre in dossier.iterdir():
                if autre.suffix in {".yaml", ".yml"} and autre.name != fichier.name:
                    shutil.copy(autre, Path(essai) / autre.name)
        (Path(essai) / fichier.name).write_text(texte, encoding="utf-8")
        charger(local=Path(essai))  # a DonneeJuridiqueInvalide here leaves the folder untouched
    dossier.mkdir(parents=True, exist_ok=True)
    provisoire = fichier.with_suffix(".yaml.tmp")
    provisoire.write_text(texte, encoding="utf-8")
    os.replace(provisoire, fichier)


def _valeur(brute: str, serie: Serie) -> str | int:
    if serie.unite in UNITES_DECIMALES:
        try:
            nombre = Decimal(brute.strip().replace(",", "."))
        except InvalidOperation:
            nombre = Decimal("NaN")
        if not nombre.is_finite():
            raise EntreeInvalide(f"« {brute} » n'est pas un nombre décimal", champ="--valeur")
        if serie.unite == "pourcent" and not Decimal(0) <= nombre <= Decimal(100):
            raise EntreeInvalide(
                f"taux « {brute} » hors de 0 à 100 (en pourcent)", champ="--valeur"
            )
        return format(nombre, "f")
    if serie.unite in UNITES_ENTIERES:
        if not brute.strip().isdigit():
            raise EntreeInvalide(f"« {brute} » n'est pas un nombre entier", champ="--valeur")
        return int(brute)
    if not brute.strip():
        raise EntreeInvalide("valeur vide", champ="--valeur")
    return brute.strip()


def _par_semestre(serie: Serie) -> bool:
    """A series whose shipped data ends on a half-year's last day (the legal interest rate):
    a new value covers its half-year, and no half-year may be skipped."""
    fin = serie.connu_jusqu_au
    return fin is not None and (fin.month, fin.day) in {(6, 30), (12, 31)}


def _fin_semestre(d: date) -> date:
    return date(d.year, 6, 30) if d.month <= 6 else date(d.year, 12, 31)


def ajouter(
    dossier: Path,
    nom: str,
    depuis: date,
    valeur_brute: str,
    source: str,
    connu_jusqu_au: date | None,
    url: str | None = None,
) -> Ecriture:
    """Record a published value of series `nom` from `depuis`, with its source."""
    livree = jurisprudence_livree()
    if nom not in livree.series:
        raise EntreeInvalide(
            f"série inconnue « {nom} » (les séries : escalade taux --json)", champ="SERIE"
        )
    serie = livree.series[nom]
    if not source.strip():
        raise EntreeInvalide("une valeur sans source est refusée", champ="--source")
    valeur = _valeur(valeur_brute, serie)
    couvert = serie.connu_jusqu_au or serie.valeurs[-1].depuis
    if depuis <= couvert:
        en_place = serie.en_vigueur(depuis) if depuis >= serie.valeurs[0].depuis else None
        detail = f" : {en_place.valeur} ({en_place.source})" if en_place else ""
        raise EntreeInvalide(
            f"les données livrées couvrent déjà le {depuis.isoformat()} (série connue jusqu'au "
            f"{couvert.isoformat()}){detail} ; une valeur locale ne complète que la suite",
            champ="--depuis",
        )
    actuelle = charger(local=dossier).series[nom]
    fin_actuelle = actuelle.connu_jusqu_au or actuelle.valeurs[-1].depuis
    if _par_semestre(serie) and depuis > fin_actuelle + timedelta(days=1):
        raise EntreeInvalide(
            f"la valeur du {(fin_actuelle + timedelta(days=1)).isoformat()} manque d'abord : "
            "un semestre ne se saute pas",
            champ="--depuis",
        )
    if connu_jusqu_au is None:
        if not _par_semestre(serie):
            raise EntreeInvalide(
                "dites jusqu'à quand cette valeur est confirmée (--connu-jusqu-au AAAA-MM-JJ, "
                "par exemple le jour où vous avez consulté la source)",
                champ="--connu-jusqu-au",
            )
        connu_jusqu_au = _fin_semestre(depuis)
    if connu_jusqu_au < depuis:
        raise EntreeInvalide(
            f"--connu-jusqu-au ({connu_jusqu_au.isoformat()}) précède --depuis",
            champ="--connu-jusqu-au",
        )
    fichier, contenu = _section(dossier, nom)
    section = contenu.setdefault(nom, {})
    valeurs = dict(section.get("valeurs") or {})
    if any(str(cle) == depuis.isoformat() for cle in valeurs):
        raise EntreeInvalide(
            f"une valeur locale du {depuis.isoformat()} existe déjà dans {fichier}",
            champ="--depuis",
        )
    entree: dict[str, Any] = {"valeur": valeur, "source": source.strip(), "confiance": "H"}
    if url:
        entree["url"] = url
    valeurs[depuis] = entree
    section["valeurs"] = dict(sorted(valeurs.items(), key=lambda kv: str(kv[0])))
    ancienne = section.get("connu_jusqu_au")
    if not isinstance(ancienne, date) or ancienne < connu_jusqu_au:
        section["connu_jusqu_au"] = connu_jusqu_au
    _ecrire(dossier, fichier, contenu)
    return Ecriture(fichier, nom, [(depuis, str(valeur), source.strip())], connu_jusqu_au)


def actualiser_bce(
    dossier: Path, observations: list[Observation], consulte_le: date, origine: str
) -> Ecriture:
    """Record the ECB decisions the data does not have yet, and that the last one is still
    in force on `consulte_le` (the day the source was read)."""
    actuelle = charger(local=dossier).series[SERIE_TAUX_BCE]
    fichier, contenu = _section(dossier, SERIE_TAUX_BCE)
    ecriture = Ecriture(fichier, SERIE_TAUX_BCE)
    derniere = observations[-1]
    if consulte_le < derniere.date:
        raise EntreeInvalide(
            f"date de consultation {consulte_le.isoformat()} antérieure à la dernière "
            f"observation ({derniere.date.isoformat()})",
            champ="--consulte-le",
        )
    connues = {v.depuis: v for v in actuelle.valeurs}
    for o in observations:
        v = connues.get(o.date)
        if v is not None and isinstance(v.valeur, Decimal) and v.valeur != o.valeur:
            ecriture.ecarts.append(
                f"{o.date.isoformat()} : {format(v.valeur, 'f')} dans les données, "
                f"{format(o.valeur.normalize(), 'f')} selon la BCE"
            )
    fin = actuelle.connu_jusqu_au or actuelle.valeurs[-1].depuis
    section = contenu.setdefault(SERIE_TAUX_BCE, {})
    valeurs = dict(section.get("valeurs") or {})
    precedente = actuelle.en_vigueur(fin).valeur
    for o in observations:
        if o.date <= fin:
            continue
        if o.valeur != precedente:
            source = (
                f"ECB Data Portal, série {SERIE_BCE} (opérations principales de "
                f"refinancement, taux fixe), changement à effet du {o.date.isoformat()}, "
                f"consulté le {consulte_le.isoformat()} ({origine})"
            )
            valeurs[o.date] = {
                "valeur": format(o.valeur.normalize(), "f"),
                "source": source,
                "url": URL_BCE,
                "confiance": "H",
            }
            ecriture.ajouts.append((o.date, format(o.valeur.normalize(), "f"), source))
        precedente = o.valeur
    if consulte_le <= fin and not ecriture.ajouts:
        return ecriture  # nothing new: the data already covers that day
    if valeurs:
        section["valeurs"] = dict(sorted(valeurs.items(), key=lambda kv: str(kv[0])))
    section["connu_jusqu_au"] = consulte_le
    section["source"] = (
        f"ECB Data Portal, série {SERIE_BCE}, consulté le {consulte_le.isoformat()} "
        f"({origine}) : dernière modification du taux à effet du {derniere.date.isoformat()}"
    )
    ecriture.connu_jusqu_au = consulte_le
    _ecrire(dossier, fichier, contenu)
    return ecriture
