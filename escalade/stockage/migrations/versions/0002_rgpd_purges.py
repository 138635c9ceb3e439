"""GDPR purge record: which retention category of which dossier was purged, and when.

The purge itself goes through the append-only triggers of 0001 by their own door (a row
in `purge_en_cours` inside the purge transaction); this table only remembers what is done,
so an interrupted purge resumes where it stopped and nothing is purged twice. It holds no
personal data.

Revision ID: 0002
Revises: 0001
Create Date: 2026-06-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "purges",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("dossier_id", sa.Integer, sa.ForeignKey("dossiers.id"), nullable=False),
        sa.Column("categorie", sa.String(40), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("au", sa.Date, nullable=False),  # legal date of the purge (--date)
        sa.Column("effectuee_le", sa.DateTime, nullable=False),
        sa.UniqueConstraint("dossier_id", "categorie"),
    )


def downgrade() -> None:
    op.drop_table("purges")
