"""The ECB's main refinancing operations rate, read from its official source.

The ECB Data Portal publishes the series FM.B.U2.EUR.4F.KR.MRR_FR.LEV (main refinancing
operations, fixed rate, level, one observation per date of change) without a key; its CSV
format (`?format=csvdata`) has a header line and one line per observation, with, among
others, the columns KEY, FREQ, ..., TIME_PERIOD (the date the rate takes effect,
AAAA-MM-JJ) and OBS_VALUE (the rate in percent). `lire_csv` reads that text (downloaded by
`telecharger`, or by hand on a machine without internet) and refuses anything else naming
the file, line and column; `telecharger` uses the standard library with a timeout and turns
every network failure into a French message.
"""

from __future__ import annotations

import csv
import io
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from escalade.droit.erreurs import EntreeInvalide, SourceInaccessible
from escalade.entrees.lecture_csv import erreurs_csv

SERIE_BCE = "FM.B.U2.EUR.4F.KR.MRR_FR.LEV"
URL_BCE = "https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV?format=csvdata"
DELAI_SECONDES = 20
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Observation:
    """One date of change of the rate and its level in percent."""

    date: date
    valeur: Decimal


def lire_csv(texte: str, fichier: str) -> list[Observation]:
    """The observations of the CSV, sorted by date; an error names the file, line and column."""
    lecteur = csv.DictReader(io.StringIO(texte.lstrip("\ufeff")))
    with erreurs_csv(fichier, lecteur):
        return _observations(lecteur, fichier)


def _observations(lecteur: csv.DictReader[str], fichier: str) -> list[Observation]:
    colonnes = lecteur.fieldnames or []
    for requise in ("TIME_PERIOD", "OBS_VALUE"):
        if requise not in colonnes:
            raise EntreeInvalide(
                f"colonne « {requise} » absente : ce n'est pas un export CSV de la série "
                f"{SERIE_BCE} du ECB Data Portal (colonnes lues : "
                f"{', '.join(colonnes) or 'aucune'})",
                fichier=fichier,
                champ=requise,
            )
    observations: list[Observation] = []
    for numero, ligne in enumerate(lecteur, start=2):
        cle = (ligne.get("KEY") or SERIE_BCE).strip()
        if cle != SERIE_BCE:
            raise EntreeInvalide(
                f"ligne {numero} : série « {cle} », attendu {SERIE_BCE}",
                fichier=fichier,
                champ="KEY",
            )
        periode = (ligne.get("TIME_PERIOD") or "").strip()
        try:
            if not _DATE.match(periode):
                raise ValueError
            jour = date.fromisoformat(periode)
        except ValueError:
            raise EntreeInvalide(
                f"ligne {numero} : date « {periode} » invalide (attendu AAAA-MM-JJ)",
                fichier=fichier,
                champ="TIME_PERIOD",
            ) from None
        brut = (ligne.get("OBS_VALUE") or "").strip()
        try:
            valeur = Decimal(brut)
        except InvalidOperation:
            valeur = Decimal("NaN")
        if not valeur.is_finite() or not Decimal(0) <= valeur <= Decimal(100):
            raise EntreeInvalide(
                f"ligne {numero} : taux « {brut} » invalide (un pourcentage entre 0 et 100)",
                fichier=fichier,
                champ="OBS_VALUE",
            )
        observations.append(Observation(jour, valeur))
    if not observations:
        raise EntreeInvalide("aucune observation dans le fichier", fichier=fichier)
    observations.sort(key=lambda o: o.date)
    for avant, apres in pairwise(observations):
        if avant.date == apres.date and avant.valeur != apres.valeur:
            raise EntreeInvalide(
                f"deux taux différents pour le {apres.date.isoformat()}",
                fichier=fichier,
                champ="TIME_PERIOD",
            )
    return observations


def telecharger(url: str = URL_BCE, delai: float = DELAI_SECONDES) -> str:
    """The CSV text of the series, or `SourceInaccessible` with a French message."""
    requete = urllib.request.Request(url, headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(requete, timeout=delai) as reponse:
            return str(reponse.read().decode("utf-8"))
    except urllib.error.HTTPError as e:
        raise SourceInaccessible(
            f"le ECB Data Portal a répondu {e.code} ({e.reason}) à {url} ; réessayez plus tard, "
            "ou téléchargez le CSV à la main et passez-le par --fichier"
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as e:
        raison = getattr(e, "reason", None) or e
        raise SourceInaccessible(
            f"le ECB Data Portal est injoignable ({raison}) : pas de connexion à internet ? "
            f"Sur une machine sans internet, téléchargez {url} ailleurs et passez le fichier "
            "par --fichier"
        ) from None
    except UnicodeDecodeError:
        raise SourceInaccessible(f"réponse illisible (pas du texte UTF-8) de {url}") from None
