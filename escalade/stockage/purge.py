"""The GDPR purge of the store: what is due, batch by batch, and making it physical.

The purge applies the rule of `escalade.rgpd.conservation.a_purger` to a summary of each dossier
built by SQL (`resumes`: no whole dossier is loaded), in batches of `LOT` dossiers, each
batch one write transaction with one statement per category and table: an interrupted
purge (even killed) leaves every batch either fully purged and recorded in `purges`, or
untouched; the next run resumes. Inside the transaction the append-only triggers let the
purge through by their own door (`purge_autorisee`), and nothing else.

What stays: amounts, dates, étapes, channels and subjects of contacts, invoice numbers,
postal code and town of the debtor (its holiday calendar and statistics), the operators.
What goes is exactly `escalade.rgpd.regles_conservation.CHAMPS`, written by
`escalade.stockage.effacement` (one function per category; the debtor's pseudonym); the
summary the rule reads is built by `escalade.stockage.resume_conservation`.

SQLite: `PRAGMA secure_delete=ON` overwrites freed content, then VACUUM rebuilds the file
and a TRUNCATE checkpoint empties the WAL: the purged values are nowhere in the files. A
run that finds nothing left to purge in a store that was ever purged compacts it too: a
purge killed after its last batch and before its VACUUM is made physical by the next run.
PostgreSQL: the rows hold the new values and a VACUUM of the touched tables drops the old
row versions; backups and the server's WAL archive are outside the tool's reach.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Connection, Engine, String, Text, func, literal, select

from escalade.rgpd.conservation import ActionPurge, Retenue, a_purger_resume, retenues_resume
from escalade.rgpd.regles_conservation import ACTIONS, CATEGORIES, LIBELLES, PolitiqueConservation
from escalade.stockage import schema as s
from escalade.stockage.effacement import APPLIQUER, pseudonymiser_debiteurs
from escalade.stockage.moteur import (
    est_postgresql,
    point_de_test,
    purge_autorisee,
    transaction_ecriture,
    transaction_lecture,
)
from escalade.stockage.resume_conservation import resumes

LOT = 2000  # dossiers per write transaction
TABLES_TOUCHEES = ("dossiers", "debiteurs", "contacts", "historique", "litiges", "factures",
                   "paiements", "audit")  # fmt: skip


@dataclass(frozen=True)
class PurgeDossier:
    reference: str
    dossier_id: int
    actions: tuple[ActionPurge, ...]
    retenues: tuple[Retenue, ...] = ()


@dataclass
class BilanPurge:
    au: date
    applique: bool
    dossiers_examines: int = 0
    purges: list[PurgeDossier] = field(default_factory=list)
    geles: list[PurgeDossier] = field(default_factory=list)

    def compte_par_categorie(self) -> dict[str, int]:
        compte: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
        for p in self.purges:
            for a in p.actions:
                compte[a.categorie] += 1
        return compte


# --- reading what is due ------------------------------------------------------------------


def _ids_a_examiner(conn: Connection, apres: int, lot: int) -> list[int]:
    """Dossiers with at least one category not purged yet, by id."""
    faites = (
        select(func.count())
        .select_from(s.purges)
        .where(s.purges.c.dossier_id == s.dossiers.c.id)
        .scalar_subquery()
    )
    requete = (
        select(s.dossiers.c.id)
        .where(s.dossiers.c.id > apres, faites < len(CATEGORIES))
        .order_by(s.dossiers.c.id)
        .limit(lot)
    )
    return list(conn.execute(requete).scalars())


def _deja(conn: Connection, ids: Sequence[int]) -> dict[int, set[str]]:
    faites: dict[int, set[str]] = defaultdict(set)
    requete = select(s.purges.c.dossier_id, s.purges.c.categorie).where(
        s.purges.c.dossier_id.in_(ids)
    )
    for dossier_id, categorie in conn.execute(requete):
        faites[dossier_id].add(categorie)
    return faites


def _examiner(
    conn: Connection, ids: Sequence[int], au: date, politique: PolitiqueConservation
) -> Iterator[PurgeDossier]:
    faites = _deja(conn, ids)
    for dossier_id, reference, resume in resumes(conn, ids):
        gel = retenues_resume(resume, au, politique)
        if gel:
            yield PurgeDossier(reference, dossier_id, (), tuple(gel))
            continue
        actions = a_purger_resume(resume, au, politique, faites[dossier_id])
        if actions:
            yield PurgeDossier(reference, dossier_id, tuple(actions))


def _motif_audit(regles: Sequence[tuple[str, str, tuple[str, ...]]], au: date) -> str:
    parties = [f"{LIBELLES[categorie]} ({action})" for categorie, action, _ in regles]
    return f"purge RGPD au {au.isoformat()} : " + ", ".join(parties)


def _inserer_purges(
    conn: Connection, par_categorie: dict[str, list[int]], au: date, maintenant: datetime
) -> None:
    """One `purges` row per dossier and category: one INSERT ... SELECT per category."""
    d, p = s.dossiers.c, s.purges.c
    for categorie, ids in par_categorie.items():
        if ids:
            lignes = select(
                d.id, literal(categorie, String), literal(ACTIONS[categorie], String),
                literal(au, p.au.type), literal(maintenant, p.effectuee_le.type),
            ).where(d.id.in_(ids)).order_by(d.id)  # fmt: skip
            conn.execute(
                s.purges.insert().from_select(
                    ["dossier_id", "categorie", "action", "au", "effectuee_le"], lignes
                )
            )


def _journaliser_purges(
    conn: Connection,
    a_faire: Sequence[PurgeDossier],
    au: date,
    operateur: str | None,
    maintenant: datetime,
) -> None:
    """One audit line per dossier, what was done and on which articles, never the data:
    one INSERT ... SELECT per distinct set of actions (usually one per batch)."""
    groupes: dict[tuple[tuple[str, str, tuple[str, ...]], ...], list[int]] = defaultdict(list)
    for p in a_faire:
        groupes[tuple((x.categorie, x.action, x.references) for x in p.actions)].append(
            p.dossier_id
        )
    d, a = s.dossiers.c, s.audit.c
    for regles, ids in groupes.items():
        lignes = select(
            literal(maintenant, a.le.type), literal("purge", String),
            literal(operateur, String), d.id,
            literal([{"categorie": c, "action": x, "articles": list(r)} for c, x, r in regles],
                    a.regles.type),
            literal(_motif_audit(regles, au), Text),
        ).where(d.id.in_(ids)).order_by(d.id)  # fmt: skip
        conn.execute(
            s.audit.insert().from_select(
                ["le", "action", "operateur", "dossier_id", "regles", "motif"], lignes
            )
        )


def _appliquer_lot(
    conn: Connection,
    a_faire: Sequence[PurgeDossier],
    au: date,
    operateur: str | None,
    maintenant: datetime,
) -> None:
    """One batch, set-based: one statement per category and table for the whole batch."""
    par_categorie: dict[str, list[int]] = defaultdict(list)
    for p in a_faire:
        for a in p.actions:
            par_categorie[a.categorie].append(p.dossier_id)
    with purge_autorisee(conn):
        for categorie in CATEGORIES:
            if par_categorie[categorie]:
                APPLIQUER[categorie](conn, par_categorie[categorie])
        _inserer_purges(conn, par_categorie, au, maintenant)
        _journaliser_purges(conn, a_faire, au, operateur, maintenant)
        identites = par_categorie["identite_coordonnees"]
        if identites:
            debiteurs = set(
                conn.execute(
                    select(s.dossiers.c.debiteur_id).where(s.dossiers.c.id.in_(identites))
                ).scalars()
            )
            pseudonymiser_debiteurs(conn, debiteurs)


def purger(
    m: Engine,
    au: date,
    politique: PolitiqueConservation,
    *,
    appliquer: bool,
    operateur: str | None,
    maintenant: datetime,
    lot: int = LOT,
    progression: Callable[[int], None] | None = None,
) -> BilanPurge:
    """Find (and with `appliquer`, carry out) every purge due on `au`, batch by batch."""
    bilan = BilanPurge(au=au, applique=appliquer)
    dernier = 0
    numero_lot = 0
    while True:
        contexte = transaction_ecriture(m) if appliquer else transaction_lecture(m)
        with contexte as conn:
            if appliquer and not est_postgresql(conn):
                conn.exec_driver_sql("PRAGMA secure_delete=ON")
            ids = _ids_a_examiner(conn, dernier, lot)
            if not ids:
                break
            resultats = list(_examiner(conn, ids, au, politique))
            a_faire = [r for r in resultats if r.actions]
            if appliquer and a_faire:
                _appliquer_lot(conn, a_faire, au, operateur, maintenant)
                numero_lot += 1
                point_de_test(f"purge_lot_{numero_lot}")  # kill tests: inside the transaction
        bilan.dossiers_examines += len(ids)
        bilan.purges += a_faire
        bilan.geles += [r for r in resultats if r.retenues]
        dernier = ids[-1]
        if progression is not None:
            progression(len(ids))
    point_de_test("purge_avant_compactage")
    if appliquer and (bilan.purges or _deja_purge(m)):
        compacter(m)
    return bilan


def _deja_purge(m: Engine) -> bool:
    with transaction_lecture(m) as conn:
        return conn.execute(select(s.purges.c.id).limit(1)).first() is not None


def compacter(m: Engine) -> None:
    """Make the purge physical: no old value left in the database files."""
    if m.dialect.name == "postgresql":
        with m.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in (*TABLES_TOUCHEES, "purges"):
                conn.exec_driver_sql(f"VACUUM {table}")
        return
    with m.connect() as conn:
        # pysqlite's own transaction handling is off (moteur.py): these run outside BEGIN.
        brut = conn.connection.driver_connection
        assert brut is not None
        brut.execute("PRAGMA secure_delete=ON")
        brut.execute("VACUUM")
        brut.execute("PRAGMA wal_checkpoint(TRUNCATE)")
