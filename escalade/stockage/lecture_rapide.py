"""Read one dossier and its debtor's journal window with the standard sqlite3 module.

`escalade verifier` must answer, whole process included, in under 0.3 s; importing
SQLAlchemy alone costs about 0.1 s. For a SQLite store already at the current schema
revision, this module reads what the gate needs with plain SQL (read-only connection, one
snapshot), decoding the values as the SQLAlchemy types of `schema.py` store them: dates and
amounts as text, JSON as text, contact times as naive UTC text. Anything else (PostgreSQL,
an older schema that needs migrating) returns None and the caller uses the regular store.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Contact, Dossier
from escalade.droit.valeurs import PARIS
from escalade.stockage import REVISION
from escalade.stockage.assemblage import PARTIES, assembler

_JSON = {"creancier", "debiteur", "mise_en_demeure", "jugement", "pieces", "echeances",
         "injonction", "petites_creances"}  # fmt: skip
_CONTACT = PARTIES["contacts"][1]
# escalade.stockage.annulations.SQL_NON_ANNULE (not imported: it would load SQLAlchemy)
_NON_ANNULE = "NOT EXISTS (SELECT 1 FROM annulations_contacts a WHERE a.contact_id = contacts.id)"


def _utc_texte(moment: datetime) -> str:
    """The stored form of a contact time (SQLAlchemy's SQLite DateTime format, in UTC)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _moment(texte: str) -> datetime:
    return datetime.fromisoformat(texte).replace(tzinfo=UTC).astimezone(PARIS)


def _lignes(curseur: sqlite3.Cursor) -> list[dict[str, Any]]:
    noms = [d[0] for d in curseur.description]
    lignes = [dict(zip(noms, ligne, strict=True)) for ligne in curseur]
    for nom in _JSON.intersection(noms):  # only the dossiers row has JSON columns
        for ligne in lignes:
            if ligne[nom] is not None:
                ligne[nom] = json.loads(ligne[nom])
    return lignes


def _contacts(lignes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for ligne in lignes:
        ligne["le"] = _moment(ligne["le"])
    return lignes


def ouvrir(fichier: Path) -> sqlite3.Connection:
    """A read-only connection without implicit transactions (the caller says BEGIN)."""
    conn = sqlite3.connect(str(fichier), timeout=60, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA query_only=1")
    return conn


def au_schema_courant(conn: sqlite3.Connection) -> bool:
    """True when the store is at the current schema revision (else: the general path)."""
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError:
        return False
    return revision is not None and revision[0] == REVISION


def lire_dossier(conn: sqlite3.Connection, reference: str) -> tuple[Dossier, int] | None:
    """(the stored dossier, its debtor's id), or None when the general path must read it
    (a dossier moved to this debtor by a re-import). Inside the caller's transaction."""
    dossiers = _lignes(conn.execute("SELECT * FROM dossiers WHERE reference = ?", (reference,)))
    if not dossiers:
        raise EntreeInvalide(
            f"aucun dossier « {reference} » dans le dépôt (ni fichier de ce nom)",
            champ="DOSSIER",
        )
    ligne = dossiers[0]
    parties = {
        table: _lignes(conn.execute(
            f"SELECT {', '.join(colonnes)} FROM {table} WHERE dossier_id = ? "
            + (f"AND {_NON_ANNULE} " if table == "contacts" else "") + "ORDER BY id",
            (ligne["id"],),
        ))
        for table, (_, colonnes) in PARTIES.items()
    }  # fmt: skip
    _contacts(parties["contacts"])
    deplace = conn.execute(
        "SELECT 1 FROM dossiers WHERE debiteur_id = ? AND debiteur_change LIMIT 1",
        (ligne["debiteur_id"],),
    ).fetchone()
    if deplace is not None:  # a dossier moved to this debtor by a re-import: general path
        return None
    return assembler(ligne, parties), int(ligne["debiteur_id"])


def lire_fenetre(
    conn: sqlite3.Connection, debiteur_id: int, le: datetime, fenetre: timedelta
) -> list[Contact]:
    """The debtor's journal around `le` (every window containing it, and the contact just
    before), inside the caller's transaction."""
    colonnes = ", ".join(_CONTACT)
    # every window containing `le`: the contacts after it count too
    depuis, jusqu_a = _utc_texte(le - fenetre), _utc_texte(le + fenetre)
    precedent = conn.execute(
        f"SELECT {colonnes} FROM contacts WHERE debiteur_id = ? AND le < ? AND {_NON_ANNULE} "
        "ORDER BY le DESC LIMIT 1",
        (debiteur_id, depuis),
    )
    journal = _contacts(_lignes(precedent))
    fenetre_ = conn.execute(
        f"SELECT {colonnes} FROM contacts WHERE debiteur_id = ? AND le >= ? AND le <= ? "
        f"AND {_NON_ANNULE} "
        "ORDER BY le",
        (debiteur_id, depuis, jusqu_a),
    )
    journal += _contacts(_lignes(fenetre_))
    return [Contact.model_construct(**c) for c in journal]


def lire(
    fichier: Path, reference: str, le: datetime, fenetre: timedelta
) -> tuple[Dossier, list[Contact]] | None:
    """(dossier, debtor's journal window before `le`), or None to fall back on SQLAlchemy."""
    conn = ouvrir(fichier)
    try:
        conn.execute("BEGIN")
        if not au_schema_courant(conn):
            return None
        lu = lire_dossier(conn, reference)
        if lu is None:
            return None
        d, debiteur_id = lu
        journal = lire_fenetre(conn, debiteur_id, le, fenetre)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return d, journal
