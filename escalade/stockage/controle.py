"""The gate on a stored dossier, by reference: the fast read on SQLite, the store otherwise.

Shared by `escalade verifier` and the server's `POST /api/verifier`. On a SQLite store at
the current schema the dossier and its debtor's journal window are read with plain sqlite3
(`escalade.stockage.lecture_rapide`: no SQLAlchemy, about ten times faster than loading the
dossier through the store); otherwise (PostgreSQL, a store to migrate) through the store
(`escalade.stockage.journal.verifier_en_depot`). Both read one consistent snapshot.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.droit.modele import Contact, Dossier
    from escalade.recouvrement.conformite import Decision
    from escalade.recouvrement.politique_modele import Politique


def verifier_reference(
    db: str | None,
    reference: str,
    canal: str,
    moment: datetime,
    pol: Politique,
    jur: Jurisprudence,
    facture: str | None = None,
    objet: str | None = None,
) -> Decision:
    """The gate for the stored dossier `reference` at `moment` (`db`: URL or SQLite file)."""
    from escalade.recouvrement.conformite import fenetre_max
    from escalade.stockage import fichier_sqlite, url_du_depot

    fichier = fichier_sqlite(url_du_depot(db))
    if fichier is not None and fichier.exists():
        from escalade.stockage.lecture_rapide import lire

        lu = lire(fichier, reference, moment, fenetre_max(pol))
        if lu is not None:
            d, contacts = lu
            return verifier_lu(d, contacts, canal, moment, pol, jur, facture, objet)
    from escalade.stockage.journal import verifier_en_depot
    from escalade.stockage.moteur import moteur, transaction_lecture

    with transaction_lecture(moteur(db, creer=False)) as conn:
        return verifier_en_depot(conn, reference, canal, moment, pol, jur, facture, objet=objet)


def verifier_lu(
    d: Dossier,
    contacts: list[Contact],
    canal: str,
    moment: datetime,
    pol: Politique,
    jur: Jurisprudence,
    facture: str | None = None,
    objet: str | None = None,
) -> Decision:
    """The gate on a dossier read from the store and its debtor's journal window around
    `moment` (the dossier is taken as known on that day, as the general path does)."""
    from escalade.droit.dossier_au import dossier_au
    from escalade.droit.valeurs import PARIS
    from escalade.recouvrement.conformite import verifier as gate

    d = dossier_au(d, moment.astimezone(PARIS).date())  # the dossier as known that day
    return gate(d, canal, moment, contacts, pol, jur, facture=facture, objet=objet)
