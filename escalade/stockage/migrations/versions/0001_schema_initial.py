"""Initial schema: dossiers and their parts, contact journal, history, audit log.

The journal, the history and the audit log are append-only: triggers refuse UPDATE and
DELETE (and TRUNCATE on PostgreSQL) unless a GDPR purge is running in the same
transaction (a row in `purge_en_cours`).

Revision ID: 0001
Revises:
Create Date: 2026-06-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

AJOUT_SEUL = ("contacts", "historique", "audit")
MONTANT = sa.String(32)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer, primary_key=True)


def _dossier() -> sa.Column:
    return sa.Column(
        "dossier_id",
        sa.Integer,
        sa.ForeignKey("dossiers.id", name=None),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "debiteurs",
        _id(),
        sa.Column("cle", sa.String(200), nullable=False, unique=True),
        sa.Column("nom", sa.Text, nullable=False),
    )
    op.create_table(
        "dossiers",
        _id(),
        sa.Column("reference", sa.String(100), nullable=False, unique=True),
        sa.Column("creancier_cle", sa.String(200), nullable=False),
        sa.Column("creancier", sa.JSON, nullable=False),
        sa.Column("debiteur_id", sa.Integer, sa.ForeignKey("debiteurs.id"), nullable=False),
        sa.Column("debiteur", sa.JSON, nullable=False),
        sa.Column("etape", sa.String(30)),
        sa.Column("ouvert", sa.Boolean, nullable=False),
        sa.Column("mise_en_demeure", sa.JSON),
        sa.Column("jugement", sa.JSON),
        sa.Column("importe_le", sa.DateTime, nullable=False),
        sa.Column("modifie_le", sa.DateTime, nullable=False),
    )
    op.create_index("ix_dossiers_creancier_cle", "dossiers", ["creancier_cle"])
    op.create_index("ix_dossiers_debiteur_id", "dossiers", ["debiteur_id"])
    op.create_index("ix_dossiers_ouvert", "dossiers", ["ouvert"])
    op.create_table(
        "factures",
        _id(),
        _dossier(),
        sa.Column("numero", sa.String(100), nullable=False),
        sa.Column("date_emission", sa.Date, nullable=False),
        sa.Column("date_echeance", sa.Date, nullable=False),
        sa.Column("montant_ttc", MONTANT, nullable=False),
        sa.Column("taux_penalites", MONTANT),
        sa.Column("date_execution", sa.Date),
        sa.Column("pieces", sa.JSON, nullable=False),
        sa.UniqueConstraint("dossier_id", "numero"),
    )
    op.create_table(
        "paiements",
        _id(),
        _dossier(),
        sa.Column("cle", sa.String(300), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("montant", MONTANT, nullable=False),
        sa.Column("facture", sa.String(100)),
        sa.Column("reference", sa.String(200)),
        sa.UniqueConstraint("dossier_id", "cle"),
    )
    op.create_table(
        "avoirs",
        _id(),
        _dossier(),
        sa.Column("cle", sa.String(300), nullable=False),
        sa.Column("numero", sa.String(100)),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("montant", MONTANT, nullable=False),
        sa.Column("facture", sa.String(100), nullable=False),
        sa.UniqueConstraint("dossier_id", "cle"),
    )
    op.create_table(
        "litiges",
        _id(),
        _dossier(),
        sa.Column("cle", sa.String(300), nullable=False),
        sa.Column("facture", sa.String(100), nullable=False),
        sa.Column("ouvert_le", sa.Date, nullable=False),
        sa.Column("motif", sa.Text, nullable=False),
        sa.Column("clos_le", sa.Date),
        sa.UniqueConstraint("dossier_id", "cle"),
    )
    op.create_table(
        "echeanciers",
        _id(),
        _dossier(),
        sa.Column("convenu_le", sa.Date, nullable=False),
        sa.Column("echeances", sa.JSON, nullable=False),
        sa.Column("rompu_le", sa.Date),
        sa.UniqueConstraint("dossier_id", "convenu_le"),
    )
    op.create_table(
        "interruptions",
        _id(),
        _dossier(),
        sa.Column("cle", sa.String(300), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("facture", sa.String(100)),
        sa.UniqueConstraint("dossier_id", "cle"),
    )
    op.create_table(
        "historique",
        _id(),
        _dossier(),
        sa.Column("cle", sa.String(300), nullable=False),
        sa.Column("etape", sa.String(30), nullable=False),
        sa.Column("le", sa.Date, nullable=False),
        sa.Column("motif", sa.Text),
        sa.Column("evenement", sa.String(60)),
        sa.Column("donnees", sa.JSON),
        sa.Column("operateur", sa.String(100)),
        sa.Column("enregistre_le", sa.DateTime, nullable=False),
        sa.UniqueConstraint("dossier_id", "cle"),
    )
    op.create_table(
        "contacts",
        _id(),
        sa.Column("debiteur_id", sa.Integer, sa.ForeignKey("debiteurs.id"), nullable=False),
        _dossier(),
        sa.Column("cle", sa.String(300), nullable=False),
        sa.Column("le", sa.DateTime, nullable=False),
        sa.Column("canal", sa.String(20), nullable=False),
        sa.Column("interlocuteur", sa.Text),
        sa.Column("objet", sa.Text, nullable=False),
        sa.Column("resultat", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("document", sa.Text),
        sa.Column("operateur", sa.String(100)),
        sa.Column("force", sa.Boolean, nullable=False),
        sa.Column("enregistre_le", sa.DateTime, nullable=False),
        sa.UniqueConstraint("dossier_id", "cle"),
    )
    op.create_index("ix_contacts_debiteur_le", "contacts", ["debiteur_id", "le"])
    op.create_table(
        "audit",
        _id(),
        sa.Column("le", sa.DateTime, nullable=False),
        sa.Column("action", sa.String(60), nullable=False),
        sa.Column("operateur", sa.String(100)),
        sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossiers.id")),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contacts.id")),
        sa.Column("regles", sa.JSON, nullable=False),
        sa.Column("motif", sa.Text, nullable=False),
    )
    op.create_table(
        "purge_en_cours",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        _triggers_postgresql()
    else:
        _triggers_sqlite()


def _triggers_sqlite() -> None:
    for table in AJOUT_SEUL:
        for operation in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_ajout_seul_{operation.lower()} "
                f"BEFORE {operation} ON {table} "
                "WHEN NOT EXISTS (SELECT 1 FROM purge_en_cours) "
                f"BEGIN SELECT RAISE(ABORT, '{table} : table en ajout seul, "
                f"{operation} interdit'); END"
            )


def _triggers_postgresql() -> None:
    op.execute(
        """
        CREATE FUNCTION escalade_ajout_seul() RETURNS trigger LANGUAGE plpgsql AS $$
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
    for table in AJOUT_SEUL:
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
        for table in AJOUT_SEUL:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_ajout_seul ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_ajout_seul_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS escalade_ajout_seul()")
    for table in (
        "purge_en_cours",
        "audit",
        "contacts",
        "historique",
        "interruptions",
        "echeanciers",
        "litiges",
        "avoirs",
        "paiements",
        "factures",
        "dossiers",
        "debiteurs",
    ):
        op.drop_table(table)
