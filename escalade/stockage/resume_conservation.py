"""The summary of each dossier that the retention rules read, built by SQL aggregates.

`escalade.rgpd.conservation` decides on a `Resume` (the debtor's type and collective
proceeding, the étape, the enforceable title, the end of the relationship); `resumes` builds
it for a batch of dossier ids without loading nor validating whole dossiers. The purge
(`escalade.stockage.purge`) reads it batch by batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, Interval, func, literal_column, select

from escalade.droit.modele import Injonction, PetitesCreances
from escalade.droit.valeurs import PARIS
from escalade.rgpd.conservation import (
    Resume,
    dates_procedures,
    fin_parmi,
    routes_en_cours,
    titre_executoire,
)
from escalade.stockage import schema as s
from escalade.stockage.moteur import est_postgresql

# --- the summary of each dossier, from SQL ---------------------------------------------------
#
# The decisions read `escalade.rgpd.conservation.Resume`: the debtor's type and collective
# proceeding, the étape, the enforceable title, and the end of the relationship, i.e. the
# latest dated event with, on a tie, the first one in the order of
# `escalade.rgpd.conservation._evenements` (sources in that order, rows of a source in the order
# the dossier lists them). Here each source gives its own latest event per dossier, computed
# by the database, and `fin_parmi` picks among them: no whole dossier is loaded nor
# validated. The court records (injonction de payer, petites créances: two small JSON
# documents of the dossier row, migration 0004) are read whole and go through the same
# functions as a dossier's (`conservation.dates_procedures`, `routes_en_cours`).

_AU_PLUS_26_H = 26  # a Paris calendar day lasts 23 to 25 hours: a wider window of contacts


def _premiers(lignes: Iterable[Any]) -> Iterator[Any]:
    """The first row of each dossier (rows ordered by dossier first)."""
    dernier = None
    for ligne in lignes:
        if ligne[0] != dernier:
            dernier = ligne[0]
            yield ligne


def _au_dernier_jour(
    table: Any, colonne: str, autres: Sequence[str], lo: int, hi: int, filtre: Any = None
) -> Any:
    """Per dossier, the rows whose `colonne` is the dossier's latest, by dossier then id."""
    t = table.c
    dernier = select(t.dossier_id, func.max(t[colonne]).label("m")).where(
        t.dossier_id.between(lo, hi)
    )
    if filtre is not None:
        dernier = dernier.where(filtre)
    x = dernier.group_by(t.dossier_id).subquery()
    requete = (
        select(t.dossier_id, t[colonne], *(t[a] for a in autres))
        .join(x, (x.c.dossier_id == t.dossier_id) & (x.c.m == t[colonne]))
        .order_by(t.dossier_id, t.id)
    )
    return requete if filtre is None else requete.where(filtre)


def _maximum(table: Any, colonne: str, lo: int, hi: int) -> Any:
    t = table.c
    return (
        select(t.dossier_id, func.max(t[colonne]))
        .where(t.dossier_id.between(lo, hi))
        .group_by(t.dossier_id)
        .order_by(t.dossier_id)
    )


def _contacts_du_dernier_jour(conn: Connection, lo: int, hi: int) -> Any:
    """Per dossier, the contacts of the last 26 hours before its latest one (a superset of
    those of its last Paris day), by dossier, time, id."""
    c = s.contacts.c
    x = (
        select(c.dossier_id, func.max(c.le).label("m"))
        .where(c.dossier_id.between(lo, hi))
        .group_by(c.dossier_id)
        .subquery()
    )
    if est_postgresql(conn):
        depuis = x.c.m - literal_column(f"interval '{_AU_PLUS_26_H} hours'", Interval)
    else:  # naive UTC text, fixed width: a text comparison is a time comparison
        depuis = func.datetime(x.c.m, f"-{_AU_PLUS_26_H} hours")
    return (
        select(c.dossier_id, c.le, c.canal, c.objet)
        .join(x, (x.c.dossier_id == c.dossier_id) & (c.le >= depuis))
        .order_by(c.dossier_id, c.le, c.id)
    )


def _date(valeur: Any, champ: str) -> date:
    """A date read from a JSON document (text) or a column (already a date).

    Callers read only dates the dossier model requires: a missing one is a damaged store.
    """
    if valeur is None:
        raise RuntimeError(f"dépôt incohérent : date « {champ} » absente")
    if isinstance(valeur, date):
        return valeur
    return date.fromisoformat(valeur)


def _evenements_par_source(
    conn: Connection, lo: int, hi: int
) -> Iterator[dict[int, tuple[date, str]]]:
    """Each source's latest event per dossier, in the order of `conservation._evenements`
    (the dossiers' own mise en demeure and judgment excepted: read with the dossier)."""
    f = s.factures
    yield {
        r[0]: (r[1], f"échéance de la facture {r[2]}")
        for r in _premiers(conn.execute(_au_dernier_jour(f, "date_echeance", ["numero"], lo, hi)))
    }
    contacts: dict[int, tuple[date, str]] = {}
    par_dossier: dict[int, list[Any]] = defaultdict(list)
    for r in conn.execute(_contacts_du_dernier_jour(conn, lo, hi)):
        par_dossier[r[0]].append(r)
    for i, lignes in par_dossier.items():
        jour = lignes[-1].le.astimezone(PARIS).date()
        premier = next(x for x in lignes if x.le.astimezone(PARIS).date() == jour)
        contacts[i] = (jour, f"contact ({premier.canal}, {premier.objet})")
    yield contacts
    yield {i: (le, "paiement") for i, le in conn.execute(_maximum(s.paiements, "date", lo, hi))}
    yield {i: (le, "avoir") for i, le in conn.execute(_maximum(s.avoirs, "date", lo, hi))}
    yield _litiges(conn, lo, hi)
    yield _echeanciers(conn, lo, hi)
    h = s.historique
    yield {
        r[0]: (r[1], f"étape « {r[2]} »")
        for r in _premiers(conn.execute(
            _au_dernier_jour(h, "le", ["etape"], lo, hi, h.c.evenement.is_(None))
        ))
    }  # fmt: skip
    yield {
        i: (le, "acte interruptif de prescription")
        for i, le in conn.execute(_maximum(s.interruptions, "date", lo, hi))
    }


def _premier_max(evenements: Iterable[tuple[date, str]]) -> tuple[date, str] | None:
    meilleur = None
    for e in evenements:
        if meilleur is None or e[0] > meilleur[0]:
            meilleur = e
    return meilleur


def _litiges(conn: Connection, lo: int, hi: int) -> dict[int, tuple[date, str]]:
    li = s.litiges.c
    par_dossier: dict[int, list[tuple[date, str]]] = defaultdict(list)
    requete = (
        select(li.dossier_id, li.ouvert_le, li.clos_le)
        .where(li.dossier_id.between(lo, hi))
        .order_by(li.dossier_id, li.id)
    )
    for i, ouvert, clos in conn.execute(requete):
        par_dossier[i].append((ouvert, "ouverture d'un litige"))
        if clos is not None:
            par_dossier[i].append((clos, "clôture d'un litige"))
    return {i: e for i, ev in par_dossier.items() if (e := _premier_max(ev)) is not None}


def _echeanciers(conn: Connection, lo: int, hi: int) -> dict[int, tuple[date, str]]:
    e = s.echeanciers.c
    par_dossier: dict[int, list[tuple[date, str]]] = defaultdict(list)
    requete = (
        select(e.dossier_id, e.convenu_le, e.echeances, e.rompu_le)
        .where(e.dossier_id.between(lo, hi))
        .order_by(e.dossier_id, e.id)
    )
    for i, convenu, echeances_, rompu in conn.execute(requete):
        ev = par_dossier[i]
        ev.append((convenu, "échéancier convenu"))
        ev += [(_date(x["date"], "echeances.date"), "échéance d'un échéancier") for x in echeances_]
        if rompu is not None:
            ev.append((rompu, "échéancier rompu"))
    return {i: x for i, ev in par_dossier.items() if (x := _premier_max(ev)) is not None}


def resumes(conn: Connection, ids: Sequence[int]) -> Iterator[tuple[int, str, Resume]]:
    """(id, reference, summary) of the dossiers `ids` (ascending), from SQL aggregates."""
    lo, hi = ids[0], ids[-1]
    sources = list(_evenements_par_source(conn, lo, hi))
    d = s.dossiers.c
    requete = select(
        d.id, d.reference, d.etape,
        d.debiteur["type"].as_string(),
        d.debiteur[("procedure_collective", "type")].as_string(),
        d.debiteur[("procedure_collective", "jugement_le")].as_string(),
        d.mise_en_demeure["envoyee_le"].as_string(),
        d.jugement["rendu_le"].as_string(),
        d.jugement["executoire_le"].as_string(),
        d.injonction, d.petites_creances,
    ).where(d.id.in_(ids)).order_by(d.id)  # fmt: skip
    for (i, reference, etape, type_, pc_type, pc_le, mise, rendu, executoire, inj_json,
         pc_json) in conn.execute(requete):  # fmt: skip
        inj = None if inj_json is None else Injonction.model_validate(inj_json)
        petites = None if pc_json is None else PetitesCreances.model_validate(pc_json)
        evenements = [src[i] for src in sources if i in src]
        if mise is not None:
            evenements.append(
                (_date(mise, "mise_en_demeure.envoyee_le"), "envoi de la mise en demeure")
            )
        if rendu is not None:
            evenements.append((_date(rendu, "jugement.rendu_le"), "jugement"))
        evenements += dates_procedures(inj, petites)
        jugement = None if rendu is None else _date(executoire or rendu, "jugement.executoire_le")
        procedure = None
        if pc_type is not None:
            procedure = (pc_type, _date(pc_le, "procedure_collective.jugement_le"))
        yield (
            i,
            reference,
            Resume(
                type_debiteur=type_,
                procedure_collective=procedure,
                etape=etape,
                fin=fin_parmi(evenements),
                titre=titre_executoire(jugement, None if inj is None else inj.executoire_le),
                routes=tuple(routes_en_cours(inj, petites)),
            ),
        )
