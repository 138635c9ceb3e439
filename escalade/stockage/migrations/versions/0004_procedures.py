"""The court routes after filing: the dossier's injonction de payer and petites créances records.

Two JSON documents on `dossiers`, as the mise en demeure and the judgment already are: one
record of each kind per dossier (its natural key is the dossier), holding the dates the
user records (`escalade.droit.modele.Injonction`, `escalade.droit.modele.PetitesCreances`). The
transitions that fill them are written to the append-only `historique` like any other.

Revision ID: 0004
Revises: 0003
Create Date: 2026-06-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("dossiers", sa.Column("injonction", sa.JSON))
    op.add_column("dossiers", sa.Column("petites_creances", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("petites_creances")
        batch.drop_column("injonction")
