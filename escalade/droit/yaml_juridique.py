"""The YAML reader of legal data and of the creditor's settings files.

Duplicate keys and impossible dates (2026-02-30) are errors naming the file and the line.
Kept apart from `escalade.droit.jurisprudence` so that a command whose law folder is
already in the cache (`escalade.droit.cache_jurisprudence`) does not import PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml

from escalade.droit.erreurs import DonneeJuridiqueInvalide
from escalade.droit.lecture_yaml import ChargeurSur, raison_date, raison_yaml, sans_doublon


@sans_doublon
class _ChargeurSansDoublon(ChargeurSur):  # type: ignore[valid-type,misc]
    """A YAML loader that refuses duplicate keys (PyYAML silently keeps the last one)."""


def _date_yaml(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A YAML date that does not exist (2026-02-30) is a YAML error, not a crash."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as e:
        raise yaml.constructor.ConstructorError(
            None, None, f"date impossible « {node.value} » ({raison_date(e)})", node.start_mark
        ) from None


_ChargeurSansDoublon.add_constructor("tag:yaml.org,2002:timestamp", _date_yaml)


def lire_yaml(texte: str, fichier: str) -> Any:
    try:
        return yaml.load(texte, Loader=_ChargeurSansDoublon)
    except yaml.YAMLError as e:
        ligne = ""
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        if mark is not None:
            ligne = f" (ligne {mark.line + 1})"
        probleme = raison_yaml(getattr(e, "problem", None))
        raise DonneeJuridiqueInvalide(
            f"YAML invalide{ligne} : {probleme}", fichier=fichier
        ) from None
