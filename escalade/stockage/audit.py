"""The audit journal: who did what and when, read across the store; one audit line written.

`journal` merges the imports, contacts, documents and transitions with the append-only
audit table (overrides, purges, exports, waivers); `journaliser` appends one line to it.
Every write names its operator: `--operateur` (or ESCALADE_OPERATEUR), else the system
account that ran the command (`operateur_ou_systeme`), never nobody.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from escalade.droit.erreurs import EntreeInvalide
from escalade.stockage import schema as s

SUFFIXE_SYSTEME = " (compte système)"


def operateur_ou_systeme(operateur: str | None) -> str:
    """The operator given, else the login of the system account running the command, marked
    as such (« dupont (compte système) »): an audit line always says who acted."""
    if operateur:
        return operateur
    try:
        compte = getpass.getuser()
    except (OSError, KeyError):  # no USER/LOGNAME and no password entry (a bare container)
        compte = "inconnu"
    return f"{compte}{SUFFIXE_SYSTEME}"


@dataclass(frozen=True)
class Evenement:
    le: datetime
    action: str  # import | contact | document | transition | contact_force | purge | export...
    operateur: str | None
    dossier: str | None
    detail: str


def journal(conn: Connection, reference: str | None = None) -> list[Evenement]:
    """Who did what and when, oldest first: imports, contacts, documents, transitions,
    overrides, purges, exports (the last three from the append-only audit table)."""
    d = s.dossiers.c
    filtre_id: int | None = None
    if reference is not None:
        filtre_id = conn.execute(select(d.id).where(d.reference == reference)).scalar()
        if filtre_id is None:
            raise EntreeInvalide(f"aucun dossier « {reference} » dans le dépôt", champ="DOSSIER")
    refs = (
        dict(conn.execute(select(d.id, d.reference)).all())
        if filtre_id is None
        else {filtre_id: reference}
    )

    def _ou(table: Any) -> Any:
        return table.c.dossier_id == filtre_id if filtre_id is not None else True

    evenements: list[Evenement] = []
    requete = select(d.id, d.importe_le)
    if filtre_id is not None:
        requete = requete.where(d.id == filtre_id)
    for i, le in conn.execute(requete):
        evenements.append(Evenement(le, "import", None, refs.get(i), "dossier importé"))
    c = s.contacts.c
    for r in conn.execute(
        select(
            c.dossier_id, c.enregistre_le, c.operateur, c.canal, c.objet, c.le, c.document
        ).where(_ou(s.contacts))
    ):
        quand = r.le.strftime("%Y-%m-%d %H:%M")
        evenements.append(
            Evenement(r.enregistre_le, "contact", r.operateur, refs.get(r.dossier_id),
                      f"{r.canal}, {r.objet}, le {quand}")
        )  # fmt: skip
        if r.document:
            evenements.append(
                Evenement(r.enregistre_le, "document", r.operateur, refs.get(r.dossier_id),
                          f"document joint au contact du {quand}")
            )  # fmt: skip
    h = s.historique.c
    for t in conn.execute(
        select(h.dossier_id, h.enregistre_le, h.operateur, h.etape, h.le, h.evenement).where(
            _ou(s.historique)
        )
    ):
        quoi = f"étape « {t.etape} » le {t.le.isoformat()}"
        if t.evenement:
            quoi += f" ({t.evenement})"
        evenements.append(
            Evenement(t.enregistre_le, "transition", t.operateur, refs.get(t.dossier_id), quoi)
        )
    a = s.audit.c
    for u in conn.execute(
        select(a.dossier_id, a.le, a.action, a.operateur, a.motif).where(_ou(s.audit))
    ):
        evenements.append(Evenement(u.le, u.action, u.operateur, refs.get(u.dossier_id), u.motif))
    return sorted(evenements, key=lambda e: (e.le, e.action))


def journaliser(
    conn: Connection,
    action: str,
    motif: str,
    maintenant: datetime,
    operateur: str | None = None,
    dossier_id: int | None = None,
    regles: list[Any] | None = None,
) -> None:
    """Append one line to the audit table (exports, purges)."""
    conn.execute(
        s.audit.insert().values(
            le=maintenant, action=action, operateur=operateur_ou_systeme(operateur),
            dossier_id=dossier_id,
            regles=regles or [], motif=motif,
        )
    )  # fmt: skip
