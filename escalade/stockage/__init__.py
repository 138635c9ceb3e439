"""The store: dossiers, the contact journal, the transition history and the audit log.

SQLite by default (one file, WAL, foreign keys on), PostgreSQL when a URL is given
(`--db` or `ESCALADE_DB`), the same code on both (SPEC section 8). The schema is built by
the Alembic migrations shipped in `escalade/stockage/migrations/`, applied automatically
on first use. The contact journal, the transition history and the audit log are
append-only: triggers refuse UPDATE and DELETE on both engines, except inside a GDPR
purge (`escalade.stockage.moteur.purge_autorisee`).

SQLAlchemy is imported only by the commands that use the store (fast start-up).
"""

from __future__ import annotations

import os
from pathlib import Path

# The head of escalade/stockage/migrations/versions (a test keeps them in sync).
REVISION = "0009"
NOM_FICHIER = "escalade.sqlite"


def url_du_depot(db: str | None = None) -> str:
    """The SQLAlchemy URL of the store (`--db`, `ESCALADE_DB`, or the default file)."""
    brut = (db or os.environ.get("ESCALADE_DB") or "").strip()
    if not brut:
        dossier = Path(os.environ.get("ESCALADE_DATA") or ".")
        return f"sqlite:///{dossier / NOM_FICHIER}"
    if "://" not in brut:
        return f"sqlite:///{Path(brut)}"
    for prefixe in ("postgres://", "postgresql://"):
        if brut.startswith(prefixe):
            return "postgresql+psycopg://" + brut[len(prefixe) :]
    return brut


def fichier_sqlite(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL or an in-memory database)."""
    if not url.startswith("sqlite"):
        return None
    chemin = url.split(":///", 1)[1] if ":///" in url else ""
    return Path(chemin) if chemin and chemin != ":memory:" else None
