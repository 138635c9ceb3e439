"""The project's small error hierarchy.

Every error carries a French message for the user and structured fields
(file, field, value, article). The CLI maps them to exit codes; nothing
else catches broadly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class ErreurEscalade(Exception):
    """Base class: a French message and optional context."""

    message: str
    fichier: str | None = None
    champ: str | None = None
    articles: tuple[str, ...] = field(default_factory=tuple)

    code_sortie = 1

    def __str__(self) -> str:
        parties = []
        if self.fichier:
            parties.append(self.fichier)
        if self.champ:
            parties.append(f"champ « {self.champ} »")
        prefixe = " : ".join(parties)
        return f"{prefixe} : {self.message}" if prefixe else self.message


class EntreeInvalide(ErreurEscalade):
    """Bad input from the user (file, field, value): exit code 2."""

    code_sortie = 2


@dataclass
class DonneeJuridiqueManquante(ErreurEscalade):
    """A legal value the data does not cover (series and date named): exit code 4.

    Not an input error: the user's file is right, the law's data is not there yet (a rate
    not published or not recorded). `serie` and `jour` name what is missing when known."""

    serie: str | None = None
    jour: date | None = None
    pas_encore_connue: bool = False  # after the series' known end (not before its start)

    code_sortie = 4


class DonneeJuridiqueInvalide(ErreurEscalade):
    """A malformed file in jurisprudence/ or in the local extension: exit code 2."""

    code_sortie = 2


class SourceInaccessible(ErreurEscalade):
    """An official source that could not be read (network, server): exit code 5."""

    code_sortie = 5


class TransitionRefusee(ErreurEscalade):
    """An illegal transition of a dossier (reason and articles given): exit code 2."""

    code_sortie = 2


class ContactRefuse(ErreurEscalade):
    """A contact refused by the compliance gate: exit code 3."""

    code_sortie = 3
