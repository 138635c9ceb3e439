"""The errors of Python's csv module as the project's French input errors.

`csv.Error` speaks English (« field larger than field limit (131072) », « unexpected end of
data ») and, uncaught, ends in a traceback: every CSV reader of `escalade.entrees` reads
under `erreurs_csv`, which names the file and the line instead.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from escalade.droit.erreurs import EntreeInvalide


class _Lecteur(Protocol):
    @property
    def line_num(self) -> int: ...


def _ligne_en_cours(lecteur: object) -> int:
    # A DictReader's own line_num is that of its last complete row; its reader's counts the
    # line being parsed when the error arose.
    source = getattr(lecteur, "reader", lecteur)
    return max(int(getattr(source, "line_num", 1)), 1)


def message_csv(erreur: csv.Error) -> str:
    """The French reason of a csv.Error (the module's English text is never shown)."""
    if "field larger than field limit" in str(erreur):
        return (
            f"champ de plus de {csv.field_size_limit()} caractères : trop long pour une "
            "donnée de facture ou de paiement (guillemet non fermé ?)"
        )
    return "ligne CSV illisible (guillemet non fermé ou caractère nul)"


@contextmanager
def erreurs_csv(fichier: str, lecteur: _Lecteur) -> Iterator[None]:
    """Turn a csv.Error raised inside the block into an EntreeInvalide naming the line."""
    try:
        yield
    except csv.Error as e:
        raise EntreeInvalide(
            message_csv(e), fichier=fichier, champ=f"ligne {_ligne_en_cours(lecteur)}"
        ) from None


def lignes_csv(lecteur: Iterator[list[str]], fichier: str) -> Iterator[list[str]]:
    """The rows of a csv.reader, a csv.Error turned into an EntreeInvalide naming the line."""
    n = 0
    while True:
        n += 1
        try:
            ligne = next(lecteur)
        except StopIteration:
            return
        except csv.Error as e:
            raise EntreeInvalide(message_csv(e), fichier=fichier, champ=f"ligne {n}") from None
        yield ligne
