"""Reading dossier files: YAML, JSON (one dossier or a list) and CSV portfolios.

Numbers are read exactly: YAML floats and JSON numbers become `Decimal`
from their written digits, never through a binary float. Every error names
the file, the field (or line) and the reason, in French.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.lecture_yaml import raison_yaml, sans_doublon
from escalade.droit.modele import Dossier
from escalade.entrees.validation_dossier import valider_dossier

if TYPE_CHECKING:
    from escalade.entrees.portefeuille_csv import Brouillon

EXTENSIONS = {".yaml", ".yml", ".json", ".csv"}


TAILLE_MAX = 50 * 1024 * 1024  # bytes: a product bound (a portfolio of 100 000 dossiers)
PROFONDEUR_MAX = 50  # nesting levels of a dossier file (a dossier needs fewer than 10)
NOEUDS_MAX = 5_000_000  # YAML nodes once aliases are expanded (a 50 MB file holds fewer)


@sans_doublon
class _ChargeurExact(yaml.SafeLoader):
    """Safe YAML loader: floats kept as Decimal, duplicate keys refused, bounded nesting and
    a bounded size once aliases are expanded (a few lines of nested aliases would expand to
    billions of nodes; the aliases PyYAML itself writes for a shared object stay fine)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._profondeur = getattr(self, "_profondeur", 0) + 1
        try:
            if self._profondeur > PROFONDEUR_MAX:
                raise yaml.composer.ComposerError(
                    None, None, "imbrication trop profonde", self.peek_event().start_mark
                )
            marque = self.peek_event().start_mark
            noeud = super().compose_node(parent, index)
        finally:
            self._profondeur -= 1
        # Size once aliases are expanded (what the validation will walk): an alias counts
        # as the whole node it names, so nested aliases cannot multiply unseen.
        tailles: dict[int, int] = self.__dict__.setdefault("_tailles", {})
        if id(noeud) not in tailles:
            enfants: list[Any] = []
            if isinstance(noeud, yaml.SequenceNode):
                enfants = noeud.value
            elif isinstance(noeud, yaml.MappingNode):
                enfants = [n for paire in noeud.value for n in paire]
            tailles[id(noeud)] = 1 + sum(tailles.get(id(e), 1) for e in enfants)
        if tailles[id(noeud)] > NOEUDS_MAX:
            raise yaml.composer.ComposerError(None, None, "alias YAML refusé", marque)
        return noeud


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
    _taille(chemin)
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


def _taille(chemin: Path) -> None:
    try:
        taille = chemin.stat().st_size
    except OSError:
        return  # read_text reports it in French
    if taille > TAILLE_MAX:
        raise EntreeInvalide(
            f"fichier trop volumineux ({taille // (1024 * 1024)} Mo, au plus "
            f"{TAILLE_MAX // (1024 * 1024)} Mo) : découpez-le en plusieurs fichiers",
            fichier=str(chemin),
        )


def _sans_cle_double(paires: list[tuple[str, Any]]) -> dict[str, Any]:
    objet: dict[str, Any] = {}
    for cle, valeur in paires:
        if cle in objet:
            raise EntreeInvalide(f"clé « {cle} » en double dans un même objet JSON", champ=cle)
        objet[cle] = valeur
    return objet


def lire_donnees(texte: str, fichier: str, format_: str) -> Any:
    """Parse YAML or JSON text into plain data (Decimal numbers)."""
    if format_ == "json":
        try:
            return json.loads(texte, parse_float=Decimal, object_pairs_hook=_sans_cle_double)
        except json.JSONDecodeError as e:
            raise EntreeInvalide(
                f"JSON invalide ligne {e.lineno}, colonne {e.colno} : {_raison_json(e.msg)}",
                fichier=fichier,
            ) from None
        except EntreeInvalide as e:
            raise EntreeInvalide(e.message, fichier=fichier, champ=e.champ) from None
        except RecursionError:
            raise EntreeInvalide(
                "JSON invalide : imbrication trop profonde", fichier=fichier
            ) from None
    try:
        return yaml.load(texte, Loader=_ChargeurExact)
    except RecursionError:
        raise EntreeInvalide(_TROP_PROFOND.format("YAML"), fichier=fichier) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        ligne = f" ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        raison = raison_yaml(getattr(e, "problem", None), _BORNES_YAML)
        raise EntreeInvalide(f"YAML invalide{ligne} : {raison}", fichier=fichier) from None


_TROP_PROFOND = "{} invalide : imbrication trop profonde"
_PROBLEMES_JSON = (  # the json module's reasons are English: the user reads French
    ("Expecting value", "valeur attendue"),
    ("Expecting property name enclosed in double quotes", "nom de clé entre guillemets attendu"),
    ("Expecting ',' delimiter", "virgule attendue"),
    ("Expecting ':' delimiter", "deux-points « : » attendus"),
    ("Unterminated string starting at", "chaîne non terminée (guillemet manquant)"),
    ("Invalid control character at", "caractère de contrôle interdit dans une chaîne"),
    ("Extra data", "données en trop après la fin du document"),
    ("Invalid \\escape", "séquence d'échappement invalide"),
)


def _raison_json(message: str) -> str:
    for anglais, francais in _PROBLEMES_JSON:
        if message.startswith(anglais):
            return francais
    return f"syntaxe incorrecte ({message})"


_BORNES_YAML = (  # this reader's own bounds, before PyYAML's reasons (droit.lecture_yaml)
    (
        "alias YAML refusé",
        f"alias YAML (*) qui démultiplient le document au-delà de "
        f"{NOEUDS_MAX:_} éléments : refusé".replace("_", " "),
    ),
    ("imbrication trop profonde", f"imbrication trop profonde (au plus {PROFONDEUR_MAX} niveaux)"),
)


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
    if suffixe == ".csv":  # imported here: a YAML dossier's start-up does not pay for it
        from escalade.entrees.portefeuille_csv import dossiers_du_csv

        return dossiers_du_csv(io.StringIO(texte), str(chemin))
    donnees = lire_donnees(texte, str(chemin), "json" if suffixe == ".json" else "yaml")
    dossiers = _dossiers_de_donnees(donnees, str(chemin))
    refs = [d.reference for d in dossiers]
    doublon = next((r for r in refs if refs.count(r) > 1), None)
    if doublon:
        raise EntreeInvalide(f"référence de dossier « {doublon} » en double", fichier=str(chemin))
    return dossiers


def lire_portefeuille_csv(chemin: Path) -> list[Brouillon]:
    """A CSV portfolio's rows grouped by dossier and checked row by row, each dossier to be
    validated by `portefeuille_csv.valider_brouillon` (by the workers of a large décompte)."""
    from escalade.entrees.portefeuille_csv import lire_portefeuille

    return lire_portefeuille(io.StringIO(lire_texte(chemin)), str(chemin))


def iterer_fichiers(chemins: list[Path]) -> Iterator[Path]:
    """Expand folders into the dossier files they hold (sorted, for stable output)."""
    for chemin in chemins:
        if chemin.is_dir():
            yield from sorted(p for p in chemin.iterdir() if p.suffix.lower() in EXTENSIONS)
        else:
            yield chemin
