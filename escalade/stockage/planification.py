"""The plan of the whole store: each open dossier's next action, after the gate.

Dossiers are streamed batch by batch (bounded memory); for each batch the journal windows of
all its debtors are read in one query, then the pure `escalade.recouvrement.plan.planifier` decides.
Read-only: planning twice writes nothing and gives the same answer.

Settled dossiers (étape « solde ») are closed in the store, yet late-payment accessories
may remain due on them (`escalade.recouvrement.plan`, step `accessoires_restants`). They are merged
into
the stream, in reference order, only when they may have some: a payment dated after one of
their invoices' due dates (paid on time: nothing accrued, nothing owed) and no contact
recording that the creditor claimed or waived them, nor a waiver transition in the history
(`escalade abandon-accessoires`, `escalade.procedures.etapes.AccessoiresAbandonnes`). SQL keeps that
filter cheap, so a store full of settled dossiers does not load them all; for those it keeps,
only the `accessoires_restants` step is planned. The waiver is history, not a field of the
dossier the pure plan reads: an open dossier that has one (a file re-imported with an étape)
loses that step here.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from sqlalchemy import Connection, exists, select

from escalade.droit.valeurs import PARIS
from escalade.stockage import schema as s
from escalade.stockage.depot import (
    LOT,
    Chargeur,
    DossierStocke,
    charger_lot,
    iterer_ouverts,
    pas_par_reference,
)
from escalade.stockage.journal import contacts_des_debiteurs, fenetre

if TYPE_CHECKING:
    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.droit.parties import Creancier
    from escalade.recouvrement.action import Action
    from escalade.recouvrement.politique_modele import Politique

# A part of the store by reference: after the first, up to the second (None: to the end).
Tranche = tuple[str, str | None]

ETAPE_SOLDE = "solde"
ACCESSOIRES_RESTANTS = "accessoires_restants"


def _evenement_abandon() -> str:
    from escalade.procedures.evenements import AccessoiresAbandonnes

    return str(AccessoiresAbandonnes.model_fields["type"].default)


def accessoires_abandonnes(conn: Connection, ids: Sequence[int]) -> set[int]:
    """The dossiers among `ids` whose history records the waiver of the accessories."""
    if not ids:
        return set()
    h = s.historique.c
    return set(
        conn.execute(
            select(h.dossier_id)
            .where(h.dossier_id.in_(ids), h.evenement == _evenement_abandon())
            .distinct()
        ).scalars()
    )


def iterer_soldes_avec_accessoires(
    conn: Connection,
    lot: int = LOT,
    charger: Chargeur | None = None,
    jusqu_a: str | None = None,
    apres: str = "",
) -> Iterator[DossierStocke]:
    """Settled dossiers that may still owe accessories, in reference order, batch by batch
    (`charger`, `jusqu_a`, `apres`: as in `escalade.stockage.depot.iterer_ouverts`)."""
    from escalade.recouvrement.reste_du import OBJETS_ACCESSOIRES_TRAITES

    d, p, f, c, h = s.dossiers.c, s.paiements.c, s.factures.c, s.contacts.c, s.historique.c
    paye_en_retard = exists(
        select(p.id)
        .join(s.factures, f.dossier_id == p.dossier_id)
        .where(p.dossier_id == d.id, p.date > f.date_echeance)
    )
    traites = exists(
        select(c.id).where(c.dossier_id == d.id, c.objet.in_(OBJETS_ACCESSOIRES_TRAITES))
    ) | exists(select(h.id).where(h.dossier_id == d.id, h.evenement == _evenement_abandon()))
    # The next `lot` dossiers along the unique index on the reference, then the settled ones
    # among them: filtering and sorting every remaining settled dossier at each step was
    # quadratic on SQLite (as `iterer_ouverts` was).
    for pas in pas_par_reference(conn, lot, jusqu_a, apres):
        ids = list(
            conn.execute(
                select(d.id)
                .where(
                    d.id.in_([r.id for r in pas]),
                    d.ouvert.is_(False),
                    d.etape == ETAPE_SOLDE,
                    paye_en_retard,
                    ~traites,
                )
                .order_by(d.reference)
            ).scalars()
        )
        if ids:
            yield from charger(ids) if charger is not None else charger_lot(conn, ids)


def _chargeur(conn: Connection) -> Chargeur | None:
    """Plain sqlite3 batches on SQLite (`escalade.stockage.lot_sqlite`); None: SQLAlchemy's
    `charger_lot` (PostgreSQL)."""
    from escalade.stockage.lot_sqlite import LecteurSqlite, est_sqlite

    return LecteurSqlite(conn).charger_lot if est_sqlite(conn) else None


def planifier_depot(
    conn: Connection, le: date, politique: Politique, jur: Jurisprudence, lot: int = LOT
) -> Iterator[Action]:
    """Each open dossier's next action (and the settled ones' remaining accessories), in
    reference order."""
    return (a for a, _ in planifier_avec_creanciers(conn, le, politique, jur, lot))


def planifier_avec_creanciers(
    conn: Connection,
    le: date,
    politique: Politique,
    jur: Jurisprudence,
    lot: int = LOT,
    tranche: Tranche = ("", None),
) -> Iterator[tuple[Action, Creancier]]:
    """`planifier_depot`, each action with its dossier's creditor (the assignment rules by
    creditor read it: no second pass over the store). `tranche`: only the references after
    its first element and up to its second (None: to the end)."""
    from escalade.droit.dossier_au import dossier_au
    from escalade.recouvrement.plan import planifier

    fin = datetime.combine(le + timedelta(days=1), time(0), tzinfo=PARIS)
    debut = fin - fenetre(politique) - timedelta(days=1)
    charger = _chargeur(conn)
    apres, jusqu_a = tranche
    flux = heapq.merge(
        (
            (p.dossier.reference, False, p)
            for p in iterer_ouverts(conn, lot, charger, jusqu_a, apres)
        ),
        (
            (p.dossier.reference, True, p)
            for p in iterer_soldes_avec_accessoires(conn, lot, charger, jusqu_a, apres)
        ),
        key=lambda x: x[0],
    )
    while paquet := list(islice(flux, lot)):
        journaux = contacts_des_debiteurs(
            conn, sorted({p.debiteur_id for _, _, p in paquet}), debut, fin
        )
        actions = [
            (
                solde,
                p,
                planifier(
                    dossier_au(p.dossier, le), le, politique, jur, contacts=journaux[p.debiteur_id]
                ),
            )
            for _, solde, p in paquet
        ]
        abandonnes = accessoires_abandonnes(
            conn, [p.id for solde, p, a in actions
                   if not solde and a is not None and a.etape == ACCESSOIRES_RESTANTS]
        )  # fmt: skip
        for solde, p, action in actions:
            if action is None or (solde and action.etape != ACCESSOIRES_RESTANTS):
                continue
            if action.etape == ACCESSOIRES_RESTANTS and p.id in abandonnes:
                continue
            yield action, p.dossier.creancier
