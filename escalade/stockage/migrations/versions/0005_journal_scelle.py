"""The journal as recorded facts, annulments, and append-only triggers nobody can cross.

- `contacts.nature`: `controle` (allowed by the gate at its moment), `passe` (recorded after
  the fact) or `entrant` (the debtor called or wrote): `escalade.recouvrement.nature_contact`.
- `annulations_contacts`: a wrong contact is annulled by a new row (who, when, why), never
  deleted; the gate, the plan and the reports leave annulled contacts out.
- The append-only tables refuse an INSERT that collides with an existing row: on SQLite,
  `REPLACE INTO` deletes the old row without firing its DELETE trigger.
- The purge's door is tied to the purge's own transaction: a setting local to the
  transaction on PostgreSQL (`escalade.purge`), a function of the connection on SQLite
  (`escalade_purge()`, registered by `escalade.stockage.moteur`; outside escalade it does not
  exist and every UPDATE or DELETE fails). A row in `purge_en_cours` opens nothing any more.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

AJOUT_SEUL = ("contacts", "historique", "audit", "annulations_contacts")
# table -> condition of a colliding INSERT (REPLACE INTO would rewrite that row)
_COLLISIONS = {
    "contacts": "id = NEW.id OR (dossier_id = NEW.dossier_id AND cle = NEW.cle)",
    "historique": "id = NEW.id OR (dossier_id = NEW.dossier_id AND cle = NEW.cle)",
    "audit": "id = NEW.id",
    "annulations_contacts": "id = NEW.id OR contact_id = NEW.contact_id",
}


def upgrade() -> None:
    op.add_column(
        "contacts",
        sa.Column("nature", sa.String(20), nullable=False, server_default="controle"),
    )
    op.create_table(
        "annulations_contacts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "contact_id", sa.Integer, sa.ForeignKey("contacts.id"), nullable=False, unique=True
        ),
        sa.Column("le", sa.DateTime, nullable=False),
        sa.Column("motif", sa.Text, nullable=False),
        sa.Column("operateur", sa.String(100)),
    )
    if op.get_bind().dialect.name == "postgresql":
        _triggers_postgresql()
    else:
        _triggers_sqlite()


def _triggers_sqlite() -> None:
    for table in AJOUT_SEUL:
        for operation in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_ajout_seul_{operation.lower()}")
            op.execute(
                f"CREATE TRIGGER {table}_ajout_seul_{operation.lower()} "
                f"BEFORE {operation} ON {table} WHEN NOT escalade_purge() "
                f"BEGIN SELECT RAISE(ABORT, '{table} : table en ajout seul, "
                f"{operation} interdit'); END"
            )
        op.execute(
            f"CREATE TRIGGER {table}_ajout_seul_insert BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {_COLLISIONS[table]}) "
            f"BEGIN SELECT RAISE(ABORT, '{table} : table en ajout seul, une ligne existante "
            "ne se remplace pas'); END"
        )


def _triggers_postgresql() -> None:
    op.execute(
        """
        CREATE OR REPLACE FUNCTION escalade_ajout_seul() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF coalesce(current_setting('escalade.purge', true), '') = 'oui' THEN
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
            END IF;
            RAISE EXCEPTION '% : table en ajout seul, % interdit', TG_TABLE_NAME, TG_OP;
        END
        $$
        """
    )
    table = "annulations_contacts"
    op.execute(
        f"CREATE TRIGGER {table}_ajout_seul BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION escalade_ajout_seul()"
    )
    op.execute(
        f"CREATE TRIGGER {table}_ajout_seul_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION escalade_ajout_seul()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS annulations_contacts_ajout_seul ON annulations_contacts")
        op.execute(
            "DROP TRIGGER IF EXISTS annulations_contacts_ajout_seul_truncate "
            "ON annulations_contacts"
        )
        op.execute(
            """
            CREATE OR REPLACE FUNCTION escalade_ajout_seul() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM purge_en_cours) THEN
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION '% : table en ajout seul, % interdit', TG_TABLE_NAME, TG_OP;
            END
            $$
            """
        )
    else:
        for table in AJOUT_SEUL:
            for operation in ("update", "delete", "insert"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_ajout_seul_{operation}")
        for table in AJOUT_SEUL[:3]:
            for operation in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_ajout_seul_{operation.lower()} "
                    f"BEFORE {operation} ON {table} "
                    "WHEN NOT EXISTS (SELECT 1 FROM purge_en_cours) "
                    f"BEGIN SELECT RAISE(ABORT, '{table} : table en ajout seul, "
                    f"{operation} interdit'); END"
                )
    op.drop_table("annulations_contacts")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("nature")
