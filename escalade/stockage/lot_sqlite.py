"""Loading batches of dossiers with plain sqlite3: the plan of a whole SQLite store.

`escalade.stockage.depot.charger_lot` reads through SQLAlchemy, whose per-value result
processing (JSON, dates, amounts) cost the plan of a large store more than the planning
itself. On SQLite, `LecteurSqlite` runs the same queries (one per table per batch) on the
DBAPI connection under the caller's SQLAlchemy connection: inside its transaction, so every
read of the plan sees one snapshot. Each value is decoded as the column's type in `schema.py`
decodes it (JSON, `Date`, `MontantExact`, `HorodatageUTC`), so `assembler` receives the same
values as from `charger_lot` and validates the dossier with the same pydantic model.

One difference, for speed: the creditor, the same on every dossier of a portfolio, is
validated once per distinct stored text and that `Creancier` is shared by those dossiers.
The plan only reads the dossiers it loads (`escalade.stockage.planification`): nothing
modifies the shared object.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import JSON, Connection, Date

from escalade.droit.parties import DEJA_VERIFIE, Creancier
from escalade.droit.valeurs import PARIS
from escalade.stockage import schema as s
from escalade.stockage.annulations import SQL_NON_ANNULE
from escalade.stockage.assemblage import PARTIES, assembler
from escalade.stockage.depot import DossierStocke

Decodeur = Callable[[Any], Any]

_DOSSIER: Final = ("id", "debiteur_id", "reference", "creancier", "debiteur", "etape",
                   "mise_en_demeure", "jugement", "injonction", "petites_creances")  # fmt: skip
_LOT_SQL: Final = 500  # at most this many ids bound in one IN (...)


def _moment(texte: str) -> datetime:
    """`HorodatageUTC`: naive UTC text read back as an aware Paris time."""
    return datetime.fromisoformat(texte).replace(tzinfo=UTC).astimezone(PARIS)


def _json(texte: str) -> Any:
    return None if texte == "null" else json.loads(texte)  # SQLAlchemy stores None as null


def _decodeur(table: str, colonne: str) -> Decodeur | None:
    """How `schema.py`'s type of the column turns the stored value into Python (None: as is)."""
    type_ = s.metadata.tables[table].c[colonne].type
    if isinstance(type_, JSON):
        return _json
    if isinstance(type_, s.MontantExact):
        return Decimal
    if isinstance(type_, s.HorodatageUTC):
        return _moment
    if isinstance(type_, Date):
        return date.fromisoformat
    return None


def _decodeurs(table: str, colonnes: Sequence[str]) -> tuple[Decodeur | None, ...]:
    return tuple(_decodeur(table, c) for c in colonnes)


def _lignes(
    curseur: Any, colonnes: Sequence[str], decodeurs: Sequence[Decodeur | None]
) -> list[dict[str, Any]]:
    paires = tuple(zip(colonnes, decodeurs, strict=True))
    return [
        {c: v if d is None or v is None else d(v) for (c, d), v in zip(paires, ligne, strict=True)}
        for ligne in curseur
    ]


def est_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


class LecteurSqlite:
    """`charger_lot` for a SQLite store, on the caller's connection and transaction."""

    def __init__(self, conn: Connection) -> None:
        assert est_sqlite(conn)
        self._dbapi: Any = conn.connection.driver_connection
        self._creanciers: dict[str, Creancier] = {}
        self._parties = {
            table: (colonnes, _decodeurs(table, colonnes))
            for table, (_, colonnes) in PARTIES.items()
        }
        self._dossier = _decodeurs("dossiers", _DOSSIER)

    def _creancier(self, texte: str) -> Creancier:
        """The creditor of this stored text, validated once (as `assembler` would)."""
        creancier = self._creanciers.get(texte)
        if creancier is None:
            creancier = Creancier.model_validate(json.loads(texte), context=DEJA_VERIFIE)
            self._creanciers[texte] = creancier
        return creancier

    def _executer(self, sql: str, ids: Sequence[int]) -> Any:
        curseur = self._dbapi.cursor()
        curseur.execute(sql.format(marques=", ".join("?" * len(ids))), tuple(ids))
        return curseur

    def charger_lot(self, ids: Sequence[int]) -> list[DossierStocke]:
        """Dossiers by id, in the given order (as `escalade.stockage.depot.charger_lot`)."""
        resultat: list[DossierStocke] = []
        for i in range(0, len(ids), _LOT_SQL):
            resultat += self._charger(ids[i : i + _LOT_SQL])
        return resultat

    def _charger(self, ids: Sequence[int]) -> list[DossierStocke]:
        if not ids:
            return []
        colonnes = ", ".join(c for c in _DOSSIER if c != "creancier")
        curseur = self._executer(
            f"SELECT creancier, {colonnes} FROM dossiers WHERE id IN ({{marques}})", ids
        )
        autres = tuple(c for c in _DOSSIER if c != "creancier")
        decodeurs = tuple(d for c, d in zip(_DOSSIER, self._dossier, strict=True)
                          if c != "creancier")  # fmt: skip
        lignes: dict[int, dict[str, Any]] = {}
        for creancier, *reste in curseur:
            ligne = _lignes([reste], autres, decodeurs)[0]
            ligne["creancier"] = self._creancier(creancier)
            lignes[ligne["id"]] = ligne
        parties: dict[str, dict[int, list[dict[str, Any]]]] = {}
        for table, (cols, decs) in self._parties.items():
            filtre = f"AND {SQL_NON_ANNULE} " if table == "contacts" else ""
            curseur = self._executer(
                f"SELECT dossier_id, {', '.join(cols)} FROM {table} "
                f"WHERE dossier_id IN ({{marques}}) {filtre}ORDER BY id",
                ids,
            )
            par_dossier: dict[int, list[dict[str, Any]]] = {}
            for dossier_id, *reste in curseur:
                par_dossier.setdefault(dossier_id, []).append(_lignes([reste], cols, decs)[0])
            parties[table] = par_dossier
        vide: list[Mapping[str, Any]] = []
        return [
            DossierStocke(
                id=i,
                debiteur_id=lignes[i]["debiteur_id"],
                dossier=assembler(lignes[i], {t: p.get(i, vide) for t, p in parties.items()}),
            )
            for i in ids
        ]
