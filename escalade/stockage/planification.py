"""The plan of the whole store: each open dossier's next action, after the gate.

Dossiers are streamed batch by batch (bounded memory); for each batch the journal windows of
all its debtors are read in one query, then the pure `escalade.plan.planifier` decides.
Read-only: planning twice writes nothing and gives the same answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from escalade.modele import PARIS
from escalade.stockage.depot import LOT, iterer_ouverts
from escalade.stockage.journal import contacts_des_debiteurs, fenetre

if TYPE_CHECKING:
    from escalade.jurisprudence import Jurisprudence
    from escalade.plan import Action
    from escalade.politique import Politique


def planifier_depot(
    conn: Connection, le: date, politique: Politique, jur: Jurisprudence, lot: int = LOT
) -> Iterator[Action]:
    from escalade.plan import planifier

    fin = datetime.combine(le + timedelta(days=1), time(0), tzinfo=PARIS)
    debut = fin - fenetre(politique) - timedelta(days=1)
    flux = iterer_ouverts(conn, lot)
    while paquet := list(islice(flux, lot)):
        journaux = contacts_des_debiteurs(conn, sorted({p.debiteur_id for p in paquet}), debut, fin)
        for p in paquet:
            action = planifier(p.dossier, le, politique, jur, contacts=journaux[p.debiteur_id])
            if action is not None:
                yield action
