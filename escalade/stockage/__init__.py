"""The store: dossiers, the contact journal, the transition history and the audit log.

SQLite by default (one file, WAL, foreign keys on), PostgreSQL when a URL is given
(`--db` or `ESCALADE_DB`), the same code on both (SPEC section 8). The schema is built by
the Alembic migrations shipped in `escalade/stockage/migrations/`, applied automatically
on first use. The contact journal, the transition history and the audit log are
append-only: triggers refuse UPDATE and DELETE on both engines, except inside a GDPR
purge (`escalade.stockage.moteur.purge_autorisee`).

SQLAlchemy is imported only by the commands that use the store (fast start-up).
"""
