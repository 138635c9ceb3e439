"""Safe YAML reading shared by dossier files and legal data: a repeated key is an error.

PyYAML silently keeps the last of two identical keys; a dossier or a legal series with a
key written twice is a mistake the user must see, with its line.
"""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's parser when available: about ten times faster on the legal data.
ChargeurSur: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def mapping_sans_doublon(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    vus: set[Any] = set()
    for cle_node, _ in node.value:
        cle = loader.construct_object(cle_node)
        if cle in vus:
            raise yaml.constructor.ConstructorError(
                None, None, f"clé « {cle} » en double", cle_node.start_mark
            )
        vus.add(cle)
    return loader.construct_mapping(node)


def sans_doublon(classe: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """Register the duplicate-key check on a loader class (used as a class decorator)."""
    classe.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping_sans_doublon)
    return classe


# PyYAML's reasons are English: the user reads French. Dossier files and legal data share
# these; a reader adds its own (its bounds) in front.
PROBLEMES_YAML: tuple[tuple[str, str], ...] = (
    ("expected ',' or ']'", "crochet fermant « ] » ou virgule attendus"),
    ("expected ',' or '}'", "accolade fermante « } » ou virgule attendues"),
    ("mapping values are not allowed here", "deux-points inattendus (indentation ou guillemets ?)"),
    ("could not find expected ':'", "deux-points « : » attendus"),
    ("that cannot start any token", "caractère interdit (une tabulation ? indentez par espaces)"),
    ("found unexpected end of stream", "fin de fichier inattendue (guillemet non fermé ?)"),
    ("expected <block end>", "indentation incohérente"),
    ("found undefined alias", "alias YAML (*) sans ancre (&) correspondante"),
    ("found duplicate anchor", "ancre YAML (&) en double"),
)


def raison_yaml(probleme: str | None, propres: tuple[tuple[str, str], ...] = ()) -> str:
    """PyYAML's reason in French; an unknown one is kept, in parentheses, after a French
    head. Reasons already in French (« clé … en double », « date impossible … ») pass."""
    for anglais, francais in (*propres, *PROBLEMES_YAML):
        if probleme and anglais in probleme:
            return francais
    if probleme and (probleme.startswith("clé ") or probleme.startswith("date impossible")):
        return probleme
    return f"syntaxe incorrecte ({probleme})" if probleme else "syntaxe incorrecte"


_DATES = (  # datetime's reasons for a date that does not exist
    ("day is out of range for month", "ce jour n'existe pas dans ce mois"),
    ("month must be in 1..12", "le mois va de 1 à 12"),
    ("year", "année hors des limites"),
)


def raison_date(erreur: ValueError) -> str:
    message = str(erreur)
    return next((fr for en, fr in _DATES if en in message), "date inexistante")
