"""Reading dossier files: YAML, JSON (one dossier or a list) and CSV portfolios.

Numbers are read exactly: YAML floats and JSON numbers become `Decimal`
from their written digits, never through a binary float. Every error names
the file, the field (or line) and the reason, in French.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.lecture_yaml import sans_doublon
from escalade.droit.modele import Dossier

EXTENSIONS = {".yaml", ".yml", ".json", ".csv"}


@sans_doublon
class _ChargeurExact(yaml.SafeLoader):
    """Safe YAML loader: floats kept as Decimal, duplicate keys refused."""


def _float_exact(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | str:
    texte = str(loader.construct_scalar(node))
    try:
        return Decimal(texte.replace("_", ""))
    except ArithmeticError:
        return texte


def _date_ou_texte(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """An impossible date (2026-02-30) stays text, so the model names its field."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return str(node.value)


_ChargeurExact.add_constructor("tag:yaml.org,2002:float", _float_exact)
_ChargeurExact.add_constructor("tag:yaml.org,2002:timestamp", _date_ou_texte)


def lire_texte(chemin: Path) -> str:
    try:
        texte = chemin.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise EntreeInvalide("fichier introuvable", fichier=str(chemin)) from None
    except IsADirectoryError:
        raise EntreeInvalide("c'est un dossier, pas un fichier", fichier=str(chemin)) from None
    except UnicodeDecodeError:
        raise EntreeInvalide(
            "fichier illisible : encodage UTF-8 attendu", fichier=str(chemin)
        ) from None
    except OSError as e:
        raise EntreeInvalide(f"fichier illisible ({e.strerror})", fichier=str(chemin)) from None
    if not texte.strip():
        raise EntreeInvalide("fichier vide", fichier=str(chemin))
    return texte


def lire_donnees(texte: str, fichier: str, format_: str) -> Any:
    """Parse YAML or JSON text into plain data (Decimal numbers)."""
    if format_ == "json":
        try:
            return json.loads(texte, parse_float=Decimal)
        except json.JSONDecodeError as e:
            raise EntreeInvalide(
                f"JSON invalide ligne {e.lineno}, colonne {e.colno} : {e.msg}", fichier=fichier
            ) from None
    try:
        return yaml.load(texte, Loader=_ChargeurExact)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        ligne = f" ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        raison = _raison_yaml(getattr(e, "problem", None))
        raise EntreeInvalide(f"YAML invalide{ligne} : {raison}", fichier=fichier) from None


_PROBLEMES_YAML = (  # PyYAML's reasons are English: the user reads French
    ("expected ',' or ']'", "crochet fermant « ] » ou virgule attendus"),
    ("expected ',' or '}'", "accolade fermante « } » ou virgule attendues"),
    ("mapping values are not allowed here", "deux-points inattendus (indentation ou guillemets ?)"),
    ("could not find expected ':'", "deux-points « : » attendus"),
    ("that cannot start any token", "caractère interdit (une tabulation ? indentez par espaces)"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet non fermé ?)"),
    ("expected <block end>", "indentation incohérente"),
)


def _raison_yaml(probleme: str | None) -> str:
    for anglais, francais in _PROBLEMES_YAML:
        if probleme and anglais in probleme:
            return francais
    return f"syntaxe incorrecte ({probleme})" if probleme else "syntaxe incorrecte"


_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (vérifiez son orthographe)",
    "bool_type": "valeur oui/non attendue (true ou false)",
    "int_type": "nombre entier attendu",
    "string_type": "texte attendu",
    "list_type": "liste attendue",
    "dict_type": "objet attendu",
    "model_type": "objet attendu",
    "greater_than_equal": "valeur trop petite",
    "less_than_equal": "valeur trop grande",
}


def _message(erreur: Any) -> str:
    type_ = erreur["type"]
    if type_ == "value_error":
        return str(erreur["ctx"]["error"])
    if type_ == "literal_error":
        attendu = erreur["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        return f"valeur « {erreur['input']} » non autorisée (valeurs possibles : {attendu})"
    if type_ in ("greater_than_equal", "less_than_equal"):
        borne = erreur["ctx"].get("ge", erreur["ctx"].get("le"))
        return f"{_MESSAGES[type_]} : « {erreur['input']} » (limite {borne})"
    return _MESSAGES.get(type_, f"valeur invalide ({erreur['msg']})")


def _chemin(loc: tuple[Any, ...]) -> str:
    parties: list[str] = []
    for p in loc:
        if isinstance(p, int):
            parties[-1:] = [f"{parties[-1]}[{p}]"] if parties else [f"[{p}]"]
        elif not str(p).startswith("function-"):
            parties.append(str(p))
    return ".".join(parties) or "(racine)"


def valider_dossier(donnees: Any, fichier: str, prefixe: str = "") -> Dossier:
    if not isinstance(donnees, dict):
        raise EntreeInvalide(
            "un dossier est un objet (reference, creancier, debiteur, factures…)",
            fichier=fichier,
            champ=prefixe or None,
        )
    try:
        return Dossier.model_validate(donnees)
    except ValidationError as e:
        premiere = e.errors()[0]
        champ = _chemin(tuple(premiere["loc"]))
        autres = len(e.errors()) - 1
        suite = (
            f" (et {autres} autre{'s' if autres > 1 else ''} erreur{'s' if autres > 1 else ''})"
            if autres
            else ""
        )
        raise EntreeInvalide(
            _message(premiere) + suite, fichier=fichier, champ=prefixe + champ
        ) from None


def _dossiers_de_donnees(donnees: Any, fichier: str) -> list[Dossier]:
    if isinstance(donnees, list):
        if not donnees:
            raise EntreeInvalide("portefeuille vide : aucun dossier", fichier=fichier)
        return [valider_dossier(d, fichier, f"[{i}].") for i, d in enumerate(donnees)]
    if isinstance(donnees, dict) and "dossiers" in donnees and "reference" not in donnees:
        return _dossiers_de_donnees(donnees["dossiers"], fichier)
    return [valider_dossier(donnees, fichier)]


def charger_fichier(chemin: Path) -> list[Dossier]:
    """Every dossier of one file (YAML, JSON or CSV portfolio)."""
    suffixe = chemin.suffix.lower()
    if suffixe not in EXTENSIONS:
        raise EntreeInvalide(
            "format non reconnu : extensions acceptées .yaml, .yml, .json, .csv",
            fichier=str(chemin),
        )
    texte = lire_texte(chemin)
    if suffixe == ".csv":
        from escalade.entrees.portefeuille_csv import dossiers_du_csv

        return dossiers_du_csv(io.StringIO(texte), str(chemin))
    donnees = lire_donnees(texte, str(chemin), "json" if suffixe == ".json" else "yaml")
    dossiers = _dossiers_de_donnees(donnees, str(chemin))
    refs = [d.reference for d in dossiers]
    doublon = next((r for r in refs if refs.count(r) > 1), None)
    if doublon:
        raise EntreeInvalide(f"référence de dossier « {doublon} » en double", fichier=str(chemin))
    return dossiers


def iterer_fichiers(chemins: list[Path]) -> Iterator[Path]:
    """Expand folders into the dossier files they hold (sorted, for stable output)."""
    for chemin in chemins:
        if chemin.is_dir():
            yield from sorted(p for p in chemin.iterdir() if p.suffix.lower() in EXTENSIONS)
        else:
            yield chemin


def csv_lecteur(flux: io.StringIO) -> csv.DictReader[str]:
    entete = flux.readline()  # the separator is the header's (a bad later line cannot fool it)
    flux.seek(0)
    separateur = max(";,\t", key=entete.count)
    return csv.DictReader(flux, delimiter=separateur)
