"""Loading batches of dossiers with plain sqlite3: the plan of a whole SQLite store.

`escalade.stockage.depot.charger_lot` reads through SQLAlchemy, whose per-value result
processing (JSON, dates, amounts) cost the plan of a large store more than the planning
itself. On SQLite, `LecteurSqlite` runs the same queries (one per table per batch) on the
DBAPI connection under the caller's SQLAlchemy connection: inside its transaction, so every
read of the plan sees one snapshot. Each value goes through SQLAlchemy's own result processor
of the column's type in `schema.py` (JSON, `Date`, `MontantExact`, `HorodatageUTC`), once per
value rather than through SQLAlchemy's row machinery, so `assembler` receives the same values
as from `charger_lot` and validates the dossier with the same pydantic model: the data are
not trusted (a store written by an older version, or edited by hand, is checked as before).

One difference, for speed: the creditor, the same on every dossier of a portfolio, is
validated once per distinct stored text and that `Creancier` is shared by those dossiers
(an invalid one is left to `assembler`, for the same error). The plan only reads the dossiers
it loads (`escalade.stockage.planification`): nothing modifies the shared object.

Not `escalade.stockage.lecture_rapide`: that one reads a single dossier on its own sqlite3
connection without importing SQLAlchemy (the start-up of `escalade verifier`); this one runs
under the plan's SQLAlchemy transaction and decodes with the schema's own types. Merging them
would cost `verifier` the import of SQLAlchemy or the plan its single snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from pydantic import ValidationError
from sqlalchemy import JSON, Connection, Dialect

from escalade.droit.parties import DEJA_VERIFIE, Creancier
from escalade.stockage import schema as s
from escalade.stockage.annulations import SQL_NON_ANNULE
from escalade.stockage.assemblage import PARTIES, assembler
from escalade.stockage.depot import DossierStocke

Decodeur = Callable[[Any], Any]

_DOSSIER: Final = ("id", "debiteur_id", "reference", "creancier", "debiteur", "etape",
                   "mise_en_demeure", "jugement", "injonction", "petites_creances")  # fmt: skip
_LOT_SQL: Final = 500  # at most this many ids bound in one IN (...)


def _decodeur(dialecte: Dialect, table: str, colonne: str) -> Decodeur | None:
    """SQLAlchemy's own result processor of the column's type in `schema.py` on this dialect
    (None: the value as sqlite3 gives it), so the values and the errors on a damaged value are
    those of `charger_lot`. JSON: the usual empty values without the decoder (same result)."""
    type_ = s.metadata.tables[table].c[colonne].type
    decodeur = type_.dialect_impl(dialecte).result_processor(dialecte, None)
    if decodeur is None or not isinstance(type_, JSON):
        return decodeur
    general = decodeur

    def json_(texte: str) -> Any:
        if texte == "null":  # None, stored by SQLAlchemy as JSON null
            return None
        return [] if texte == "[]" else general(texte)

    return json_


Decodage = tuple[tuple[str, ...], tuple[tuple[str, Decodeur], ...]]


def _decodage(dialecte: Dialect, table: str, colonnes: Sequence[str]) -> Decodage:
    """The columns read and those whose stored value needs decoding, with their decoder."""
    decodes = tuple((c, d) for c in colonnes if (d := _decodeur(dialecte, table, c)) is not None)
    return tuple(colonnes), decodes


def _ligne(decodage: Decodage, valeurs: Sequence[Any]) -> dict[str, Any]:
    colonnes, decodes = decodage
    ligne = dict(zip(colonnes, valeurs, strict=True))
    for colonne, decoder in decodes:
        valeur = ligne[colonne]
        if valeur is not None:
            ligne[colonne] = decoder(valeur)
    return ligne


def est_sqlite(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


class LecteurSqlite:
    """`charger_lot` for a SQLite store, on the caller's connection and transaction."""

    def __init__(self, conn: Connection) -> None:
        assert est_sqlite(conn)
        self._dbapi: Any = conn.connection.driver_connection
        self._creanciers: dict[str, Creancier] = {}
        d = conn.dialect
        self._parties = {
            table: _decodage(d, table, colonnes) for table, (_, colonnes) in PARTIES.items()
        }
        self._dossier = _decodage(d, "dossiers", [c for c in _DOSSIER if c != "creancier"])
        self._json_creancier = _decodeur(d, "dossiers", "creancier") or json.loads

    def _creancier(self, texte: str) -> Creancier | Any:
        """The creditor of this stored text, validated once (as `assembler` would); an invalid
        one is left to `assembler`, whose error names the dossier and the field."""
        creancier = self._creanciers.get(texte)
        if creancier is None:
            brut = self._json_creancier(texte)
            try:
                creancier = Creancier.model_validate(brut, context=DEJA_VERIFIE)
            except ValidationError:
                return brut
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
        curseur = self._executer(
            f"SELECT creancier, {', '.join(self._dossier[0])} FROM dossiers "
            "WHERE id IN ({marques})",
            ids,
        )
        lignes: dict[int, dict[str, Any]] = {}
        for creancier, *reste in curseur:
            ligne = _ligne(self._dossier, reste)
            ligne["creancier"] = self._creancier(creancier)
            lignes[ligne["id"]] = ligne
        parties: dict[str, dict[int, list[dict[str, Any]]]] = {}
        for table, decodage in self._parties.items():
            filtre = f"AND {SQL_NON_ANNULE} " if table == "contacts" else ""
            curseur = self._executer(
                f"SELECT dossier_id, {', '.join(decodage[0])} FROM {table} "
                f"WHERE dossier_id IN ({{marques}}) {filtre}ORDER BY id",
                ids,
            )
            par_dossier: dict[int, list[dict[str, Any]]] = {}
            for dossier_id, *reste in curseur:
                par_dossier.setdefault(dossier_id, []).append(_ligne(decodage, reste))
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
