"""Payments with a reference keyed by that reference and their invoice; dossiers moved to
another debtor by a re-import flagged.

Before, a payment's key was its date, amount, invoice and reference: a corrected file (the
same transfer, 400 € then 410 €) added a second payment. The key of a payment with a
reference is now `ref|<reference>|<invoice>` (`escalade.stockage.cles.cle_paiement`): the
stored ones are re-keyed. A store already holding two payments with the same reference and
invoice in one dossier keeps both: the first (lowest id) takes the new key, the others keep
their old one (nothing is deleted; the user corrects them by hand if they were one payment).

`dossiers.debiteur_change`: a re-import changed the dossier's debtor (its SIREN corrected);
the gate then counts the dossier's contacts made with the former debtor for the new one
(`escalade.stockage.journal`). Set here for the dossiers already moved (a contact recorded
with another debtor than the dossier's).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_PAIEMENTS = sa.table(
    "paiements",
    sa.column("id", sa.Integer),
    sa.column("dossier_id", sa.Integer),
    sa.column("cle", sa.String),
    sa.column("facture", sa.String),
    sa.column("reference", sa.String),
)


def upgrade() -> None:
    op.add_column("dossiers", sa.Column("debiteur_change", sa.Boolean))
    op.execute(
        "UPDATE dossiers SET debiteur_change = TRUE WHERE EXISTS (SELECT 1 FROM contacts c "
        "WHERE c.dossier_id = dossiers.id AND c.debiteur_id != dossiers.debiteur_id)"
    )
    conn = op.get_bind()
    p = _PAIEMENTS.c
    prises: set[tuple[int, str]] = set()
    lignes = conn.execute(
        sa.select(p.id, p.dossier_id, p.facture, p.reference)
        .where(p.reference.is_not(None), p.reference != "")
        .order_by(p.id)
    ).all()
    for ligne in lignes:
        cle = f"ref|{ligne.reference}|{ligne.facture or ''}"
        if (ligne.dossier_id, cle) in prises:
            continue  # a second payment with this reference and invoice: kept, old key
        prises.add((ligne.dossier_id, cle))
        conn.execute(sa.update(_PAIEMENTS).where(p.id == ligne.id).values(cle=cle))


def downgrade() -> None:
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("debiteur_change")
    """The keys stay: the code of revision 0007 then adds a payment re-imported with the same
    reference a second time, as it did before (nothing is lost)."""
