"""Annulled contacts: a wrong contact is corrected by a new append-only row, never deleted.

`non_annule` is the condition every reader of the journal adds (the gate's window, the plan,
the dossier's contacts); `annuler_contact` writes the annulment under the debtor's lock, so
that a gate check running at the same moment sees the journal before or after it, never half.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import ColumnElement, Engine, exists, select

from escalade.droit.erreurs import EntreeInvalide
from escalade.stockage import schema as s
from escalade.stockage.moteur import est_postgresql, transaction_ecriture

# The same condition in plain SQL (escalade.stockage.lecture_rapide reads with sqlite3).
SQL_NON_ANNULE: Final = (
    "NOT EXISTS (SELECT 1 FROM annulations_contacts a WHERE a.contact_id = contacts.id)"
)
LONGUEUR_MOTIF: Final = 2000


def non_annule() -> ColumnElement[bool]:
    """True for a contact that no annulment row names."""
    a = s.annulations_contacts.c
    return ~exists().where(a.contact_id == s.contacts.c.id)


@dataclass(frozen=True)
class Annulation:
    contact_id: int
    reference: str  # the dossier of the annulled contact
    le: datetime  # the annulled contact's moment
    canal: str
    objet: str


def annuler_contact(
    m: Engine, contact_id: int, motif: str, operateur: str | None, maintenant: datetime
) -> Annulation:
    """Annul contact `contact_id` (a French input error if it does not exist, is already
    annulled, or the reason is empty)."""
    motif = motif.strip()
    if not motif:
        raise EntreeInvalide("une annulation demande un motif écrit", champ="--motif")
    if len(motif) > LONGUEUR_MOTIF:
        raise EntreeInvalide(
            f"motif trop long ({len(motif)} caractères, au plus {LONGUEUR_MOTIF})", champ="--motif"
        )
    c, d = s.contacts.c, s.dossiers.c
    with transaction_ecriture(m) as conn:
        ligne = conn.execute(
            select(c.debiteur_id, c.le, c.canal, c.objet, d.reference)
            .join(s.dossiers, d.id == c.dossier_id)
            .where(c.id == contact_id)
        ).first()
        if ligne is None:
            raise EntreeInvalide(f"aucun contact n° {contact_id} dans le dépôt", champ="ID")
        if est_postgresql(conn):  # the gate's lock: a check in progress sees before or after
            debiteur = s.debiteurs.c.id == ligne.debiteur_id
            conn.execute(select(s.debiteurs.c.id).where(debiteur).with_for_update())
        deja = conn.execute(
            select(s.annulations_contacts.c.le).where(
                s.annulations_contacts.c.contact_id == contact_id
            )
        ).first()
        if deja is not None:
            raise EntreeInvalide(
                f"le contact n° {contact_id} est déjà annulé (le {deja.le:%d/%m/%Y à %H:%M})",
                champ="ID",
            )
        conn.execute(
            s.annulations_contacts.insert().values(
                contact_id=contact_id, le=maintenant, motif=motif, operateur=operateur
            )
        )
    return Annulation(contact_id, ligne.reference, ligne.le, ligne.canal, ligne.objet)
