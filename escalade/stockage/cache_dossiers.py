"""What a long-running process (the server) may keep between requests on a SQLite store.

`escalade verifier` reads the dossier it checks from scratch at every call
(`escalade.stockage.lecture_rapide`): connect, read the schema revision, the dossier's rows
and parts, assemble and validate the `Dossier`. A server answering the gate for a dialer
re-reads the same dossiers over and over; this module keeps, per process:

- one read-only sqlite3 connection, open for the life of the process;
- the assembled dossiers last checked (invoices, payments, disputes, plans, steps, the
  dossier's own contacts), at most `TAILLE` of them, least recently used dropped first;
- the bearer of each token already presented (operator and role).

Exact invalidation: every read runs in one snapshot (BEGIN ... COMMIT) whose first statement
is `PRAGMA data_version`; SQLite changes that number on this connection whenever any other
connection (the CLI, another worker, this server's own writes through SQLAlchemy) has
committed since the last look. When it changed, everything kept is dropped before anything
is read: a payment recorded or a token revoked by the CLI is seen by the very next request.
The debtor's journal window (the contacts around the moment checked) is never kept: it is
read fresh in the same snapshot at every check.

PostgreSQL has no such signal: the server reads through the store at every request there.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Final

from escalade.droit.modele import Contact, Dossier
from escalade.stockage.jetons import Porteur, empreinte
from escalade.stockage.lecture_rapide import au_schema_courant, lire_dossier, lire_fenetre, ouvrir

TAILLE: Final = 1024  # dossiers kept per process (about 75 KiB each with 100 contacts)
_PORTEURS_MAX: Final = 10_000  # tokens kept (only valid ones are kept)


@dataclass(frozen=True)
class _Lu:
    dossier: Dossier | None  # None: the general path must read it (moved debtor)
    debiteur_id: int


class LecteurSqlite:
    """One per process and SQLite file: the connection, the dossiers and the tokens kept."""

    def __init__(self, fichier: Path, taille: int = TAILLE) -> None:
        self._conn = ouvrir(fichier)
        self._verrou = threading.Lock()
        self._taille = taille
        self._version: int | None = None
        self._schema_courant = False
        self._dossiers: OrderedDict[str, _Lu] = OrderedDict()
        self._porteurs: dict[str, Porteur] = {}
        self.lus = self.repris = 0  # dossiers read / served from memory (the bench prints them)

    @contextmanager
    def _instantane(self) -> Iterator[sqlite3.Connection]:
        """One read snapshot, after dropping what another connection's commit made stale."""
        with self._verrou:
            conn = self._conn
            conn.execute("BEGIN")
            try:
                # The first read of the transaction: the snapshot and its version are one.
                version = conn.execute("PRAGMA data_version").fetchone()[0]
                if version != self._version:
                    self._dossiers.clear()
                    self._porteurs.clear()
                    self._schema_courant = au_schema_courant(conn)
                    self._version = version
                yield conn
            finally:
                conn.execute("COMMIT")

    def porteur(self, jeton: str) -> Porteur | None:
        """The bearer of a valid token (None: unknown or revoked), as `porteur_du_jeton`.

        Raises `LookupError` when the store is not at the current schema (the caller then
        reads through the store)."""
        cle = empreinte(jeton)
        with self._instantane() as conn:
            if not self._schema_courant:
                raise LookupError("schéma à migrer")
            if cle in self._porteurs:
                return self._porteurs[cle]
            ligne = conn.execute(
                "SELECT o.nom, j.role FROM jetons j JOIN operateurs o ON o.id = j.operateur_id "
                "WHERE j.empreinte = ? AND j.revoque_le IS NULL",
                (cle,),
            ).fetchone()
            if ligne is None:
                return None  # unknown tokens are not kept (no memory to fill from outside)
            if len(self._porteurs) >= _PORTEURS_MAX:
                self._porteurs.clear()
            self._porteurs[cle] = porteur = Porteur(ligne[0], ligne[1])
            return porteur

    def lire(
        self, reference: str, le: datetime, fenetre: timedelta
    ) -> tuple[Dossier, list[Contact]] | None:
        """(dossier, debtor's journal window around `le`) as `lecture_rapide.lire` reads
        them, or None when the general path must answer (older schema, moved debtor)."""
        with self._instantane() as conn:
            if not self._schema_courant:
                return None
            lu = self._dossiers.get(reference)
            if lu is None:
                lu = self._lire_dossier(conn, reference)
            else:
                self._dossiers.move_to_end(reference)
                self.repris += 1
            if lu.dossier is None:
                return None
            return lu.dossier, lire_fenetre(conn, lu.debiteur_id, le, fenetre)

    def _lire_dossier(self, conn: sqlite3.Connection, reference: str) -> _Lu:
        resultat = lire_dossier(conn, reference)  # an unknown reference raises EntreeInvalide
        self.lus += 1
        lu = _Lu(None, 0) if resultat is None else _Lu(*resultat)
        self._dossiers[reference] = lu
        if len(self._dossiers) > self._taille:
            self._dossiers.popitem(last=False)
        return lu

    def fermer(self) -> None:
        with self._verrou:
            self._conn.close()
