"""Bearer tokens of the server: who calls the API and the worklist, and with which rights.

`jetons`: one row per token issued by `escalade operateur jeton NOM`, tied to a registered
operator (the name written to the journal and the audit log for what the token does), with
its access role (lecture, gestionnaire, administrateur). Only the SHA-256 of the token is
stored: a copy of the database does not give access. A revoked token keeps its row (date
of revocation), so that the audit log's operator names stay explained.

Revision ID: 0007
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "jetons",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("operateur_id", sa.Integer, sa.ForeignKey("operateurs.id"), nullable=False),
        sa.Column("empreinte", sa.String(64), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("cree_le", sa.DateTime, nullable=False),
        sa.Column("revoque_le", sa.DateTime),
        sa.UniqueConstraint("empreinte", name="uq_jetons_empreinte"),
    )
    op.create_index("ix_jetons_operateur_id", "jetons", ["operateur_id"])


def downgrade() -> None:
    op.drop_index("ix_jetons_operateur_id", "jetons")
    op.drop_table("jetons")
