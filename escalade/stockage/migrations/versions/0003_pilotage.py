"""Steering the collection: operators and the creditor's recorded collection costs.

`operateurs`: the people who make contacts and receive plan actions (name, email, role);
the name is what `contact --operateur` writes in the journal. `frais`: what collection
cost the creditor (date, amount, nature: agency fee, LRAR postage, court fee...), the
numerator of the cost per euro recovered in `escalade rapport`.

Revision ID: 0003
Revises: 0002
Create Date: 2026-06-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "operateurs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nom", sa.String(100), nullable=False, unique=True),
        sa.Column("email", sa.Text),
        sa.Column("role", sa.String(40), nullable=False),
        sa.Column("cree_le", sa.DateTime, nullable=False),
    )
    op.create_table(
        "frais",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("creancier_cle", sa.String(200), nullable=False),
        sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossiers.id")),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("montant", sa.String(32), nullable=False),
        sa.Column("nature", sa.String(60), nullable=False),
        sa.Column("libelle", sa.Text),
        sa.Column("enregistre_le", sa.DateTime, nullable=False),
    )
    op.create_index("ix_frais_creancier_cle", "frais", ["creancier_cle"])


def downgrade() -> None:
    op.drop_index("ix_frais_creancier_cle", "frais")
    op.drop_table("frais")
    op.drop_table("operateurs")
