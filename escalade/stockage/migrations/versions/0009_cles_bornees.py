"""Keys longer than their column, written by SQLite before the keys were bounded, bounded.

SQLite does not enforce a VARCHAR's length: before the store bounded its keys to their
columns (`escalade.stockage.cles.borner`: the head of the key and the SHA-256 of the whole),
a contact with a very long `objet`, a payment with a long reference or a debtor with a long
name was stored under its whole key. The code now looks for the bounded key, so a re-import
of the same file would not find the row and would record the contact or the payment a
second time. Each over-long key is rewritten here as the code computes it now. When the
bounded key is already taken in its scope (the row was recorded twice since), the old row
keeps its key: nothing is deleted or merged by a migration. PostgreSQL refused such keys at
insert: there is nothing to rewrite.

The bounding is copied here (a migration must not change when the code does).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PARTIE, EVENEMENT = 200, 300
# (table, key column, length, column of the uniqueness scope or None: unique in the table)
_CLES = (
    ("debiteurs", "cle", PARTIE, None),
    ("dossiers", "creancier_cle", PARTIE, ""),  # "": not unique, always rewritten
    ("frais", "creancier_cle", PARTIE, ""),
    ("paiements", "cle", EVENEMENT, "dossier_id"),
    ("avoirs", "cle", EVENEMENT, "dossier_id"),
    ("litiges", "cle", EVENEMENT, "dossier_id"),
    ("interruptions", "cle", EVENEMENT, "dossier_id"),
    ("historique", "cle", EVENEMENT, "dossier_id"),
    ("contacts", "cle", EVENEMENT, "dossier_id"),
)


def borner(cle: str, longueur: int) -> str:
    """escalade.stockage.cles.borner as of revision 0009."""
    if len(cle) <= longueur:
        return cle
    empreinte = hashlib.sha256(cle.encode()).hexdigest()
    return f"{cle[: longueur - len(empreinte) - 1]}#{empreinte}"


def _reecrire(
    conn: sa.Connection, table: str, colonne: str, longueur: int, portee: str | None
) -> None:
    t = sa.table(
        table, sa.column("id"), sa.column(colonne), *([sa.column(portee)] if portee else [])
    )
    cle = t.c[colonne]
    for ligne in conn.execute(
        sa.select(t).where(sa.func.length(cle) > longueur).order_by(t.c.id)
    ).mappings():
        nouvelle = borner(ligne[colonne], longueur)
        if portee != "":
            deja = sa.select(t.c.id).where(cle == nouvelle)
            if portee:
                deja = deja.where(t.c[portee] == ligne[portee])
            if conn.execute(deja).first() is not None:
                continue  # recorded again since under the bounded key: both rows kept
        conn.execute(sa.update(t).where(t.c.id == ligne["id"]).values({colonne: nouvelle}))


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    for table, colonne, longueur, portee in _CLES:
        _reecrire(conn, table, colonne, longueur, portee)


def downgrade() -> None:
    """The bounded keys stay: the code of revision 0008 bounds them the same way."""
