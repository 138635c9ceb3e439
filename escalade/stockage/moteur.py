"""Engine creation, connection settings, write transactions and automatic migrations.

Where the store lives: `--db` (a URL or a SQLite file path), else `ESCALADE_DB`, else the
file `escalade.sqlite` in `$ESCALADE_DATA` or in the current directory.

SQLite: WAL journal (readers never block the writer), foreign keys on, a busy timeout,
and pysqlite's own transaction handling turned off so that SQLAlchemy's `begin` emits a
real `BEGIN` (reads) or `BEGIN IMMEDIATE` (writes: the write lock is taken before the
gate is re-checked, so two operators cannot both pass a limit). PostgreSQL: psycopg 3;
writes lock the debtor row with SELECT ... FOR UPDATE (see `escalade.stockage.journal`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text

from escalade.droit.erreurs import EntreeInvalide
from escalade.stockage import REVISION, fichier_sqlite, url_du_depot

_ECRITURE = "escalade_ecriture"
_VERROU_MIGRATION = 732829320  # any constant: the advisory lock key of migrations


def _reglages_sqlite(moteur: Engine) -> None:
    @event.listens_for(moteur, "connect")
    def _connexion(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's begin event emits BEGIN
        curseur = dbapi_connection.cursor()
        curseur.execute("PRAGMA journal_mode=WAL")
        curseur.execute("PRAGMA foreign_keys=ON")
        curseur.execute("PRAGMA busy_timeout=60000")
        curseur.close()
        drapeau = [0]  # 1 inside `purge_autorisee` on this connection only
        _PURGE_SQLITE[id(dbapi_connection)] = drapeau
        dbapi_connection.create_function("escalade_purge", 0, lambda: drapeau[0])

    @event.listens_for(moteur, "begin")
    def _debut(conn: Connection) -> None:
        ecriture = conn.get_execution_options().get(_ECRITURE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if ecriture else "BEGIN")


_MOTEURS: dict[str, Engine] = {}
# SQLite: the purge's door of each connection (read by the triggers through escalade_purge()).
_PURGE_SQLITE: dict[int, list[int]] = {}


def _moteur(url: str) -> Engine:
    """One engine (one pool) per URL and process."""
    if url not in _MOTEURS:
        if url.startswith("sqlite"):
            m = create_engine(url, connect_args={"timeout": 60})
            _reglages_sqlite(m)
        else:
            m = create_engine(url)
        _MOTEURS[url] = m
    return _MOTEURS[url]


def oublier() -> None:
    """Close every engine of this process and forget the migration marks (tests)."""
    for m in _MOTEURS.values():
        m.dispose()
    _MOTEURS.clear()
    _MIGRES.clear()


def moteur(db: str | None = None, *, creer: bool = True) -> Engine:
    """The engine of the store, migrated to the current schema.

    `creer=False` (read-only commands): a missing SQLite file is an input error instead of
    an empty store silently created in the current directory.
    """
    url = url_du_depot(db)
    fichier = fichier_sqlite(url)
    if fichier is not None and not fichier.exists():
        if not creer:
            raise EntreeInvalide(
                "aucun dépôt de dossiers ici : importez d'abord des dossiers "
                "(escalade importer FICHIER) ou indiquez --db / ESCALADE_DB",
                fichier=str(fichier),
            )
        if not fichier.parent.exists():
            raise EntreeInvalide("le répertoire du dépôt n'existe pas", fichier=str(fichier))
    m = _moteur(url)
    migrer(m)
    return m


def est_postgresql(conn: Connection | Engine) -> bool:
    return conn.dialect.name == "postgresql"


@contextmanager
def transaction_ecriture(m: Engine) -> Iterator[Connection]:
    """A write transaction: BEGIN IMMEDIATE on SQLite, a plain transaction on PostgreSQL."""
    with m.connect() as conn:
        conn.execution_options(**{_ECRITURE: True})
        with conn.begin():
            yield conn


@contextmanager
def transaction_lecture(m: Engine) -> Iterator[Connection]:
    """A read transaction: one consistent snapshot (WAL on SQLite)."""
    with m.connect() as conn, conn.begin():
        yield conn


def _revision(conn: Connection) -> str | None:
    from sqlalchemy import inspect

    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


_MIGRES: set[str] = set()


def migrer(m: Engine) -> None:
    """Apply the shipped Alembic migrations once, under a lock (first use of a store)."""
    cle = str(m.url)
    if cle in _MIGRES:
        return
    with m.connect() as conn:
        with conn.begin():
            a_jour = _revision(conn) == REVISION
        if not a_jour:
            conn.execution_options(**{_ECRITURE: True})
            with conn.begin():
                if est_postgresql(conn):
                    conn.execute(text(f"SELECT pg_advisory_xact_lock({_VERROU_MIGRATION})"))
                if _revision(conn) != REVISION:
                    _alembic_upgrade(conn)
    _MIGRES.add(cle)


def _alembic_upgrade(conn: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")


@contextmanager
def purge_autorisee(conn: Connection) -> Iterator[None]:
    """Inside a GDPR purge only, the append-only tables accept UPDATE and DELETE.

    The door is local to the caller's transaction and connection (migration 0005): on
    PostgreSQL a setting local to the transaction (`set_config(..., true)`: gone at commit
    or rollback), on SQLite a flag of this connection read by the triggers through the
    function `escalade_purge()`. No row another session could insert opens it.
    """
    if est_postgresql(conn):
        conn.execute(text("SELECT set_config('escalade.purge', 'oui', true)"))
        yield  # on an error the transaction rolls back, and the setting with it
        conn.execute(text("SELECT set_config('escalade.purge', '', true)"))
        return
    drapeau = _PURGE_SQLITE[id(conn.connection.dbapi_connection)]
    drapeau[0] = 1
    try:
        yield
    finally:
        drapeau[0] = 0


def point_de_test(nom: str) -> None:
    """Test hook: with ESCALADE_TEST_PAUSE=nom the process stops here, inside its transaction.

    The kill tests start a command with this variable, wait for the marker file named by
    ESCALADE_TEST_MARQUEUR, then kill the process (SIGKILL) to prove the store stays
    consistent. Without the variable this is a no-op.
    """
    if os.environ.get("ESCALADE_TEST_PAUSE") != nom:
        return
    marqueur = os.environ.get("ESCALADE_TEST_MARQUEUR")
    if marqueur:
        Path(marqueur).write_text(nom, encoding="utf-8")
    time.sleep(float(os.environ.get("ESCALADE_TEST_PAUSE_SECONDES", "60")))
