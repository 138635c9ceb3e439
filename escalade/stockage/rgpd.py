"""GDPR on the store: the purge, the access export, the sensitive notes and the audit journal.

The purge applies the rule of `escalade.rgpd.conservation.a_purger` to a summary of each dossier
built by SQL (`resumes`: no whole dossier is loaded), in batches of `LOT` dossiers, each
batch one write transaction with one statement per category and table: an interrupted
purge (even killed) leaves every batch either fully purged and recorded in `purges`, or
untouched; the next run resumes. Inside the transaction the append-only triggers let the
purge through by their own door (`purge_autorisee`), and nothing else.

What stays: amounts, dates, étapes, channels and subjects of contacts, invoice numbers,
postal code and town of the debtor (its holiday calendar and statistics), the operators.
What goes is exactly `escalade.rgpd.conservation.CHAMPS`. The pseudonym of a debtor is
"Pseudonyme D000042" (its internal row number): stable across its dossiers, so statistics
per debtor survive, and meaningless once the debtor row itself is pseudonymised (when its
last dossier is).

SQLite: `PRAGMA secure_delete=ON` overwrites freed content, then VACUUM rebuilds the file
and a TRUNCATE checkpoint empties the WAL: the purged values are nowhere in the files. A
run that finds nothing left to purge in a store that was ever purged compacts it too: a
purge killed after its last batch and before its VACUUM is made physical by the next run.
PostgreSQL: the rows hold the new values and a VACUUM of the touched tables drops the old
row versions; backups and the server's WAL archive are outside the tool's reach.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Interval,
    String,
    Text,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    select,
    update,
)

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import PARIS, Injonction, PetitesCreances
from escalade.rgpd.conservation import (
    ACTIONS,
    CATEGORIES,
    LIBELLES,
    ActionPurge,
    PolitiqueConservation,
    Resume,
    Retenue,
    a_purger_resume,
    dates_procedures,
    fin_parmi,
    retenues_resume,
    routes_en_cours,
    titre_executoire,
)
from escalade.stockage import schema as s
from escalade.stockage.moteur import (
    est_postgresql,
    point_de_test,
    purge_autorisee,
    transaction_ecriture,
    transaction_lecture,
)

LOT = 2000  # dossiers per write transaction
EFFACE = "[effacé]"  # NOT NULL free-text columns (litiges.motif, audit.motif)
TABLES_TOUCHEES = ("dossiers", "debiteurs", "contacts", "historique", "litiges", "factures",
                   "paiements", "audit")  # fmt: skip


def pseudonyme(debiteur_id: int) -> str:
    return f"Pseudonyme D{debiteur_id:06d}"


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


# --- applying ------------------------------------------------------------------------------


def _pseudonymiser_identite(conn: Connection, ids: Sequence[int]) -> None:
    lignes = conn.execute(
        select(s.dossiers.c.id, s.dossiers.c.debiteur, s.dossiers.c.debiteur_id).where(
            s.dossiers.c.id.in_(ids)
        )
    ).all()
    gardes = ("type", "segment", "canaux_refuses", "procedure_collective", "commercant",
              "forme_juridique")  # fmt: skip
    nouveaux = []
    for ligne in lignes:
        avant = ligne.debiteur
        adresse = avant.get("adresse") or {}
        apres = {k: avant[k] for k in gardes if k in avant}
        apres["nom"] = pseudonyme(ligne.debiteur_id)
        apres["adresse"] = {
            "lignes": [],
            "code_postal": adresse.get("code_postal", "00000"),
            "ville": adresse.get("ville", ""),
            "pays": adresse.get("pays", "France"),
        }
        nouveaux.append({"cible": ligne.id, "valeur": apres})
    conn.execute(
        update(s.dossiers)
        .where(s.dossiers.c.id == bindparam("cible"))
        .values(debiteur=bindparam("valeur")),
        nouveaux,
    )
    c = s.contacts.c
    conn.execute(
        update(s.contacts)
        .where(c.dossier_id.in_(ids), c.interlocuteur.is_not(None))
        .values(interlocuteur=None)
    )


def _pseudonymiser_debiteurs(conn: Connection, debiteur_ids: set[int]) -> None:
    """A debtor row loses its name and key once every one of its dossiers is pseudonymised."""
    if not debiteur_ids:
        return
    d = s.dossiers.c
    faites = select(s.purges.c.dossier_id).where(s.purges.c.categorie == "identite_coordonnees")
    restants = set(
        conn.execute(
            select(d.debiteur_id).where(d.debiteur_id.in_(debiteur_ids), d.id.not_in(faites))
        ).scalars()
    )
    a_faire = [
        {"cible": i, "nom": pseudonyme(i), "cle": f"pseudonyme:{i}"}
        for i in sorted(debiteur_ids - restants)
    ]
    if a_faire:
        conn.execute(
            update(s.debiteurs)
            .where(s.debiteurs.c.id == bindparam("cible"))
            .values(nom=bindparam("nom"), cle=bindparam("cle")),
            a_faire,
        )


def _effacer_notes(conn: Connection, ids: Sequence[int]) -> None:
    c = s.contacts.c
    conn.execute(
        update(s.contacts)
        .where(c.dossier_id.in_(ids), (c.note.is_not(None)) | (c.resultat.is_not(None)))
        .values(note=None, resultat=None)
    )
    li = s.litiges.c
    conn.execute(
        update(s.litiges).where(li.dossier_id.in_(ids), li.motif != EFFACE).values(motif=EFFACE)
    )
    # The history key embeds the reason (étape|date|motif): rebuilt without it.
    h = s.historique.c
    conn.execute(
        update(s.historique)
        .where(h.dossier_id.in_(ids), h.motif.is_not(None))
        .values(motif=None, cle=h.etape + "|" + cast(h.le, String) + "|#" + cast(h.id, String))
    )


def _effacer_documents(conn: Connection, ids: Sequence[int]) -> None:
    c = s.contacts.c
    conn.execute(
        update(s.contacts)
        .where(c.dossier_id.in_(ids), c.document.is_not(None))
        .values(document=None)
    )
    d = s.dossiers.c
    avec_numero = select(d.id, d.mise_en_demeure).where(
        d.id.in_(ids), d.mise_en_demeure["numero_lrar"].as_string().is_not(None)
    )
    nouveaux = [
        {"cible": i, "valeur": {k: v for k, v in mise.items() if k != "numero_lrar"}}
        for i, mise in conn.execute(avec_numero)
        if mise and mise.get("numero_lrar")
    ]
    if nouveaux:
        conn.execute(
            update(s.dossiers)
            .where(d.id == bindparam("cible"))
            .values(mise_en_demeure=bindparam("valeur")),
            nouveaux,
        )


def _effacer_pieces(conn: Connection, ids: Sequence[int]) -> None:
    conn.execute(update(s.factures).where(s.factures.c.dossier_id.in_(ids)).values(pieces=[]))
    # The payment key embeds its reference (date|montant|facture|reference): rebuilt.
    p = s.paiements.c
    conn.execute(
        update(s.paiements)
        .where(p.dossier_id.in_(ids), p.reference.is_not(None))
        .values(reference=None, cle="#" + cast(p.id, String))
    )


def _effacer_audit(conn: Connection, ids: Sequence[int]) -> None:
    a = s.audit.c
    conn.execute(
        update(s.audit)
        .where(a.dossier_id.in_(ids), a.action != "purge", a.motif != EFFACE)
        .values(motif=EFFACE)
    )


_APPLIQUER: dict[str, Callable[[Connection, Sequence[int]], None]] = {
    "identite_coordonnees": _pseudonymiser_identite,
    "journal_contacts_notes": _effacer_notes,
    "documents_produits": _effacer_documents,
    "montants_factures": _effacer_pieces,
    "journal_audit": _effacer_audit,
}


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
                _APPLIQUER[categorie](conn, par_categorie[categorie])
        _inserer_purges(conn, par_categorie, au, maintenant)
        _journaliser_purges(conn, a_faire, au, operateur, maintenant)
        identites = par_categorie["identite_coordonnees"]
        if identites:
            debiteurs = set(
                conn.execute(
                    select(s.dossiers.c.debiteur_id).where(s.dossiers.c.id.in_(identites))
                ).scalars()
            )
            _pseudonymiser_debiteurs(conn, debiteurs)


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


# --- the audit journal ---------------------------------------------------------------------


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
            le=maintenant, action=action, operateur=operateur, dossier_id=dossier_id,
            regles=regles or [], motif=motif,
        )
    )  # fmt: skip


# --- sensitive notes -----------------------------------------------------------------------


@dataclass(frozen=True)
class NoteSensible:
    dossier: str
    source: str  # contacts.note | contacts.resultat | litiges.motif | historique.motif
    le: str  # when (ISO)
    texte: str
    categories: tuple[str, ...]


def notes_sensibles(conn: Connection) -> list[NoteSensible]:
    """Every stored free text that looks sensitive or excessive (escalade.rgpd.notes_sensibles)."""
    from escalade.rgpd.notes_sensibles import categories

    d = s.dossiers.c
    sources: list[tuple[str, Any, Any, Any]] = [
        ("contacts.note", s.contacts, s.contacts.c.note, s.contacts.c.le),
        ("contacts.resultat", s.contacts, s.contacts.c.resultat, s.contacts.c.le),
        ("litiges.motif", s.litiges, s.litiges.c.motif, s.litiges.c.ouvert_le),
        ("historique.motif", s.historique, s.historique.c.motif, s.historique.c.le),
    ]
    resultat = []
    for nom, table, colonne, quand in sources:
        requete = (
            select(d.reference, colonne, quand)
            .join(s.dossiers, s.dossiers.c.id == table.c.dossier_id)
            .where(colonne.is_not(None))
            .order_by(d.reference, table.c.id)
        )
        for reference, texte_, le in conn.execute(requete):
            trouve = categories(texte_)
            if trouve:
                resultat.append(NoteSensible(reference, nom, le.isoformat(), texte_, trouve))
    return resultat


# --- access export (RGPD art. 15 and 20) -----------------------------------------------------


def _norm(texte: str | None) -> str:
    from escalade.rgpd.notes_sensibles import normaliser

    return normaliser(texte or "")


def _correspond(valeur: Any, cible: str, numero: str) -> bool:
    if not isinstance(valeur, str) or not valeur:
        return False
    if numero and valeur.replace(" ", "") == numero:
        return True
    return _norm(valeur) == cible


def _interlocuteurs(debiteur: dict[str, Any], cible: str, numero: str) -> list[dict[str, Any]]:
    return [
        i
        for i in debiteur.get("interlocuteurs") or []
        if any(_correspond(i.get(k), cible, numero) for k in ("nom", "email", "telephone"))
    ]


def _est_le_debiteur(debiteur: dict[str, Any], cible: str, numero: str) -> bool:
    champs = ("nom", "siren", "siret", "email", "telephone", "representant")
    return any(_correspond(debiteur.get(k), cible, numero) for k in champs)


def _json(valeur: Any) -> Any:
    from decimal import Decimal

    if isinstance(valeur, Decimal):
        return format(valeur, "f")
    if isinstance(valeur, date | datetime):
        return valeur.isoformat()
    return valeur


def _lignes(conn: Connection, table: Any, dossier_id: int) -> list[dict[str, Any]]:
    requete = select(table).where(table.c.dossier_id == dossier_id).order_by(table.c.id)
    return [
        {k: _json(v) for k, v in r._mapping.items() if k not in {"id", "dossier_id", "debiteur_id"}}
        for r in conn.execute(requete)
    ]


def exporter(conn: Connection, personne: str) -> dict[str, Any]:
    """Everything the store holds about one person: as the debtor (the whole dossier: every
    part of it is about them), or as a contact person of a debtor (only the lines naming
    them). Matched on the name (accents, case and punctuation ignored), the email, the
    phone, the SIREN or SIRET."""
    cible = _norm(personne)
    numero = personne.replace(" ", "")
    if not cible:
        raise EntreeInvalide("personne à rechercher vide", champ="PERSONNE")
    d = s.dossiers.c
    comme_debiteur: list[dict[str, Any]] = []
    comme_interlocuteur: list[dict[str, Any]] = []
    for ligne in conn.execute(select(s.dossiers).order_by(d.reference)):
        debiteur = ligne.debiteur
        if _est_le_debiteur(debiteur, cible, numero):
            comme_debiteur.append(_dossier_complet(conn, ligne))
            continue
        trouves = _interlocuteurs(debiteur, cible, numero)
        contacts = [
            c
            for c in _lignes(conn, s.contacts, ligne.id)
            if _correspond(c.get("interlocuteur"), cible, numero)
        ]
        if trouves or contacts:
            comme_interlocuteur.append(
                {
                    "dossier": ligne.reference,
                    "debiteur": debiteur.get("nom"),
                    "interlocuteur": trouves,
                    "contacts": contacts,
                }
            )
    return {
        "personne": personne,
        "references": ["RGPD art. 15", "RGPD art. 20"],
        "comme_debiteur": comme_debiteur,
        "comme_interlocuteur": comme_interlocuteur,
    }


def _dossier_complet(conn: Connection, ligne: Any) -> dict[str, Any]:
    a = s.audit.c
    audit = [
        {k: _json(v) for k, v in r._mapping.items()}
        for r in conn.execute(
            select(a.le, a.action, a.operateur, a.motif).where(a.dossier_id == ligne.id)
            .order_by(a.id)
        )
    ]  # fmt: skip
    purges = [
        {k: _json(v) for k, v in r._mapping.items()}
        for r in conn.execute(
            select(s.purges.c.categorie, s.purges.c.action, s.purges.c.au)
            .where(s.purges.c.dossier_id == ligne.id).order_by(s.purges.c.id)
        )
    ]  # fmt: skip
    return {
        "reference": ligne.reference,
        "debiteur": ligne.debiteur,
        "creancier": ligne.creancier.get("nom"),
        "etape": ligne.etape,
        "mise_en_demeure": ligne.mise_en_demeure,
        "jugement": ligne.jugement,
        "injonction": ligne.injonction,
        "petites_creances": ligne.petites_creances,
        "importe_le": _json(ligne.importe_le),
        **{t: _lignes(conn, getattr(s, t), ligne.id) for t in (
            "factures", "paiements", "avoirs", "litiges", "echeanciers", "interruptions",
            "contacts", "historique")},
        "audit": audit,
        "purges": purges,
    }  # fmt: skip
