"""The plan of the whole store: each open dossier's next action, after the gate.

Dossiers are streamed batch by batch (bounded memory); for each batch the journal windows of
all its debtors are read in one query, then the pure `escalade.plan.planifier` decides.
Read-only: planning twice writes nothing and gives the same answer.

Settled dossiers (étape « solde ») are closed in the store, yet late-payment accessories
may remain due on them (`escalade.plan`, step `accessoires_restants`). They are merged into
the stream, in reference order, only when they may have some: a payment dated after one of
their invoices' due dates (paid on time: nothing accrued, nothing owed) and no contact
recording that the creditor claimed or waived them. SQL keeps that filter cheap, so a store
full of settled dossiers does not load them all; for those it keeps, only the
`accessoires_restants` step is planned.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from sqlalchemy import Connection, exists, select

from escalade.modele import PARIS
from escalade.stockage import schema as s
from escalade.stockage.depot import LOT, DossierStocke, charger_lot, iterer_ouverts
from escalade.stockage.journal import contacts_des_debiteurs, fenetre

if TYPE_CHECKING:
    from escalade.jurisprudence import Jurisprudence
    from escalade.plan import Action
    from escalade.politique import Politique

ETAPE_SOLDE = "solde"


def iterer_soldes_avec_accessoires(conn: Connection, lot: int = LOT) -> Iterator[DossierStocke]:
    """Settled dossiers that may still owe accessories, in reference order, batch by batch."""
    from escalade.plan import OBJETS_ACCESSOIRES_TRAITES

    d, p, f, c = s.dossiers.c, s.paiements.c, s.factures.c, s.contacts.c
    paye_en_retard = exists(
        select(p.id)
        .join(s.factures, f.dossier_id == p.dossier_id)
        .where(p.dossier_id == d.id, p.date > f.date_echeance)
    )
    traites = exists(
        select(c.id).where(c.dossier_id == d.id, c.objet.in_(OBJETS_ACCESSOIRES_TRAITES))
    )
    dernier = ""
    while True:
        ids = list(
            conn.execute(
                select(d.id)
                .where(
                    d.ouvert.is_(False),
                    d.etape == ETAPE_SOLDE,
                    d.reference > dernier,
                    paye_en_retard,
                    ~traites,
                )
                .order_by(d.reference)
                .limit(lot)
            ).scalars()
        )
        if not ids:
            return
        charges = charger_lot(conn, ids)
        yield from charges
        dernier = charges[-1].dossier.reference


def planifier_depot(
    conn: Connection, le: date, politique: Politique, jur: Jurisprudence, lot: int = LOT
) -> Iterator[Action]:
    from escalade.plan import planifier

    fin = datetime.combine(le + timedelta(days=1), time(0), tzinfo=PARIS)
    debut = fin - fenetre(politique) - timedelta(days=1)
    flux = heapq.merge(
        ((p.dossier.reference, False, p) for p in iterer_ouverts(conn, lot)),
        ((p.dossier.reference, True, p) for p in iterer_soldes_avec_accessoires(conn, lot)),
        key=lambda x: x[0],
    )
    while paquet := list(islice(flux, lot)):
        journaux = contacts_des_debiteurs(
            conn, sorted({p.debiteur_id for _, _, p in paquet}), debut, fin
        )
        for _, solde, p in paquet:
            action = planifier(p.dossier, le, politique, jur, contacts=journaux[p.debiteur_id])
            if action is None or (solde and action.etape != "accessoires_restants"):
                continue
            yield action
