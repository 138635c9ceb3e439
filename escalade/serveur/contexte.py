"""What every request needs: the engine, the legal data, the creditor's policy, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from escalade.droit.valeurs import PARIS

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.recouvrement.politique_modele import Politique
    from escalade.stockage.cache_dossiers import LecteurSqlite


@dataclass
class Contexte:
    """One per application (per process): the engine (one pool), what is read once at
    start-up, and on SQLite the process's reader of the store (`cache_dossiers`)."""

    db: str | None
    politique_fichier: Path | None
    moteur: Engine
    jur: Jurisprudence
    horloge: Callable[[], datetime]  # the clock read under the debtor's lock (tests fix it)
    lecteur: LecteurSqlite | None = None
    _politiques: dict[date, Any] = field(default_factory=dict)

    @classmethod
    def ouvrir(
        cls,
        db: str | None,
        politique_fichier: Path | None,
        horloge: Callable[[], datetime] | None = None,
    ) -> Contexte:
        from escalade.droit.jurisprudence import jurisprudence
        from escalade.stockage import fichier_sqlite, url_du_depot
        from escalade.stockage.cache_dossiers import LecteurSqlite
        from escalade.stockage.moteur import moteur

        m = moteur(db, creer=False)  # migrated first: the reader expects the current schema
        fichier = fichier_sqlite(url_du_depot(db))
        lecteur = None if fichier is None else LecteurSqlite(fichier)
        return cls(
            db, politique_fichier, m, jurisprudence(), horloge or maintenant, lecteur=lecteur
        )

    def politique(self, jour: date) -> Politique:
        """The creditor's policy in force on `jour` (read once per day and kept)."""
        from escalade.recouvrement.politique_creancier import politique_du_creancier

        if jour not in self._politiques:
            self._politiques[jour] = politique_du_creancier(self.politique_fichier, self.jur, jour)
        pol: Politique = self._politiques[jour]
        return pol


def maintenant() -> datetime:
    return datetime.now(PARIS)


def aujourdhui() -> date:
    """Today in Paris (legal days are French days)."""
    return maintenant().date()


def en_paris(moment: datetime | None) -> datetime:
    """A moment given without a time zone is Paris time (as on the command line)."""
    if moment is None:
        return maintenant()
    return moment.replace(tzinfo=PARIS) if moment.tzinfo is None else moment
