"""The outbox of `escalade envoyer` (exactly-once sending), and the promise to pay of a contact.

A row is written « en_cours » before the SMTP transaction; it is confirmed (« envoye ») in
the transaction that records the contact, after the server accepted the message. A row
left « en_cours » (the process was killed, the connection dropped mid-message) is listed
by the next run for a decision and never sent again automatically.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "envois",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossiers.id"), nullable=False),
        sa.Column("modele", sa.String(100), nullable=False),
        sa.Column("destinataire", sa.Text, nullable=False),
        sa.Column("message_id", sa.String(300), nullable=False, unique=True),
        sa.Column("le", sa.DateTime(timezone=False), nullable=False),
        sa.Column("etat", sa.String(30), nullable=False),
        sa.Column("contact_id", sa.Integer, sa.ForeignKey("contacts.id")),
        sa.Column("erreur", sa.Text),
        sa.Column("cree_le", sa.DateTime(timezone=False), nullable=False),
        sa.Column("confirme_le", sa.DateTime(timezone=False)),
    )
    op.create_index("ix_envois_dossier_modele", "envois", ["dossier_id", "modele"])
    # A promise to pay recorded with a contact (`contact --promesse-le`): the plan pauses.
    op.add_column("contacts", sa.Column("promesse_le", sa.Date))
    op.add_column("contacts", sa.Column("promesse_montant", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("promesse_montant")
        batch.drop_column("promesse_le")
    op.drop_index("ix_envois_dossier_modele", table_name="envois")
    op.drop_table("envois")
