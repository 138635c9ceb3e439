"""The contact journal: reading a debtor's rolling window, recording a contact behind the gate.

Recording re-runs the compliance gate inside the write transaction that inserts the
contact: on SQLite the transaction starts with BEGIN IMMEDIATE (the database write lock is
held from the first read), on PostgreSQL the debtor row is locked with SELECT ... FOR
UPDATE. Two operators recording a contact for one debtor at the same moment are thus
serialised, and the second one sees the first one's contact when the gate counts (SPEC
section 5: "two operators cannot both pass the limit").

The moment of a contact made "now" is taken inside that transaction, once the lock is held,
and the gate counts every contact of the debtor in every window containing the new one, the
later ones included. A contact that already happened (`entrant`, or dated in the past beyond
a short tolerance: `escalade.recouvrement.nature_contact`) is a recorded fact: written
whatever the gate says, marked with its nature, and an audit row keeps the rules it would
have broken; a future moment is refused. Annulled contacts (`escalade.stockage.annulations`)
are left out of every read.

A refused contact is not recorded. A refusal made only of policy limits (`Motif.legal`
False) may be overridden with a reason: the contact is then recorded as forced and the
override is written to the append-only audit log. A legal refusal is never overridden.
The dated transitions of a dossier are recorded by `escalade.stockage.transitions`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, bindparam, select, text

from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.modele import Contact
from escalade.droit.valeurs import PARIS
from escalade.stockage import schema as s
from escalade.stockage.annulations import non_annule
from escalade.stockage.audit import operateur_ou_systeme
from escalade.stockage.cles import cle_contact, id_insere
from escalade.stockage.depot import charger_lot, identifiants
from escalade.stockage.moteur import est_postgresql, point_de_test, transaction_ecriture

if TYPE_CHECKING:
    from escalade.droit.donnees_juridiques import Jurisprudence
    from escalade.recouvrement.conformite import Decision
    from escalade.recouvrement.politique_modele import Politique

_COLONNES = ("le", "canal", "interlocuteur", "objet", "resultat", "note", "document", "operateur",
             "promesse_le", "promesse_montant")  # fmt: skip


def fenetre(politique: Politique) -> timedelta:
    """How far back the gate needs the journal (the policy's longest rolling window)."""
    from escalade.recouvrement.politique_modele import fenetre_max_jours

    return timedelta(days=fenetre_max_jours(politique))


# The gate's two reads, built once with bound parameters: building a select() per check cost
# more than running it (SQLAlchemy then reuses the compiled form from its statement cache).
_C = s.contacts.c
_PRECEDENT = (
    select(*(_C[c] for c in _COLONNES))
    .where(_C.debiteur_id == bindparam("debiteur"), _C.le < bindparam("depuis"), non_annule())
    .order_by(_C.le.desc())
    .limit(1)
)
_FENETRE = (
    select(*(_C[c] for c in _COLONNES))
    .where(
        _C.debiteur_id == bindparam("debiteur"),
        _C.le >= bindparam("depuis"),
        _C.le <= bindparam("jusqu_a"),
        non_annule(),
    )
    .order_by(_C.le)
)


# A dossier moved to another debtor by a re-import (its SIREN corrected) keeps its contacts,
# recorded with the debtor of the time (the journal is append-only): they count for the
# dossier's debtor of today too. The gate's reads add the contacts of those dossiers.
_D = s.dossiers.c
_DEPLACES = select(_D.id).where(
    _D.debiteur_id == bindparam("debiteur"), _D.debiteur_change.is_(True)
)
_DU_DEBITEUR = (_C.debiteur_id == bindparam("debiteur")) | _C.dossier_id.in_(
    bindparam("deplaces", expanding=True)
)
_PRECEDENT_DEPLACES = (
    select(*(_C[c] for c in _COLONNES))
    .where(_DU_DEBITEUR, _C.le < bindparam("depuis"), non_annule())
    .order_by(_C.le.desc())
    .limit(1)
)
_FENETRE_DEPLACES = (
    select(*(_C[c] for c in _COLONNES))
    .where(_DU_DEBITEUR, _C.le >= bindparam("depuis"), _C.le <= bindparam("jusqu_a"), non_annule())
    .order_by(_C.le)
)


def dossiers_deplaces(conn: Connection, debiteur_ids: Sequence[int]) -> dict[int, list[int]]:
    """For each debtor, its dossiers moved to it by a re-import (their SIREN changed): their
    contacts may have been recorded with another debtor."""
    resultat: dict[int, list[int]] = {}
    if not debiteur_ids:
        return resultat
    requete = select(_D.debiteur_id, _D.id).where(
        _D.debiteur_id.in_(debiteur_ids), _D.debiteur_change.is_(True)
    )
    for debiteur, dossier in conn.execute(requete):
        resultat.setdefault(int(debiteur), []).append(int(dossier))
    return resultat


def contacts_du_debiteur(
    conn: Connection, debiteur_id: int, depuis: datetime, jusqu_a: datetime
) -> list[Contact]:
    """The debtor's contacts (all creditors, all dossiers) with depuis <= le <= jusqu_a,
    preceded by the last contact before the window, if any (the retention rule counts
    from the last contact, however old).

    Range scans of the index (debiteur_id, le): only the window is read, whatever the
    size of the journal. Rows come from the store, already validated: no re-validation.
    """
    parametres: dict[str, Any] = {"debiteur": debiteur_id, "depuis": depuis, "jusqu_a": jusqu_a}
    deplaces = list(conn.execute(_DEPLACES, parametres).scalars())
    precedent, fenetre_ = _PRECEDENT, _FENETRE
    if deplaces:  # the contacts of the dossiers moved here count too
        parametres["deplaces"] = deplaces
        precedent, fenetre_ = _PRECEDENT_DEPLACES, _FENETRE_DEPLACES
    lignes = [*conn.execute(precedent, parametres), *conn.execute(fenetre_, parametres)]
    return [Contact.model_construct(**r._mapping) for r in lignes]


def contacts_des_debiteurs(
    conn: Connection, debiteur_ids: Sequence[int], depuis: datetime, jusqu_a: datetime
) -> dict[int, list[Contact]]:
    """The windows of many debtors at once (the plan of a whole portfolio)."""
    resultat: dict[int, list[Contact]] = {i: [] for i in debiteur_ids}
    if not debiteur_ids:
        return resultat
    requete = (
        select(s.contacts.c.debiteur_id, *(s.contacts.c[c] for c in _COLONNES))
        .where(
            s.contacts.c.debiteur_id.in_(debiteur_ids),
            s.contacts.c.le >= depuis,
            s.contacts.c.le <= jusqu_a,
            non_annule(),
        )
        .order_by(s.contacts.c.le)
    )
    for r in conn.execute(requete):
        champs = dict(r._mapping)
        resultat[champs.pop("debiteur_id")].append(Contact.model_construct(**champs))
    deplaces = dossiers_deplaces(conn, debiteur_ids)
    if deplaces:  # contacts of dossiers moved to the debtor, made with their former debtor
        proprietaire = {dossier: debiteur for debiteur, ds in deplaces.items() for dossier in ds}
        anciens = conn.execute(
            select(
                s.contacts.c.dossier_id, s.contacts.c.debiteur_id, *(_C[c] for c in _COLONNES)
            ).where(
                _C.dossier_id.in_(list(proprietaire)),
                _C.le >= depuis,
                _C.le <= jusqu_a,
                non_annule(),
            )
        )
        for r in anciens:
            champs = dict(r._mapping)
            debiteur = proprietaire[champs.pop("dossier_id")]
            if champs.pop("debiteur_id") != debiteur:
                resultat[debiteur].append(Contact.model_construct(**champs))
        for debiteur in deplaces:
            resultat[debiteur].sort(key=lambda c: c.le)
    return resultat


def verrouiller_debiteur(conn: Connection, debiteur_id: int) -> None:
    """PostgreSQL: lock the debtor row until the end of the transaction (SQLite: the
    BEGIN IMMEDIATE of the write transaction already holds the database write lock)."""
    if est_postgresql(conn):
        conn.execute(
            text("SELECT id FROM debiteurs WHERE id = :id FOR UPDATE"), {"id": debiteur_id}
        )


@dataclass(frozen=True)
class ResultatContact:
    enregistre: bool  # a new row was written
    deja_enregistre: bool  # the same contact (time, channel, subject) was already there
    force: bool  # recorded despite policy limits (audit log written)
    decision: Decision | None  # None when the contact was already recorded
    nature: str = "controle"  # escalade.recouvrement.nature_contact
    contact_id: int | None = None  # the row written
    le: datetime | None = None  # the contact's moment (taken under the lock when "now")


def _decision(
    conn: Connection,
    stocke: Any,
    contact: Contact,
    politique: Politique,
    jur: Jurisprudence,
    facture: str | None,
) -> Decision:
    from escalade.recouvrement.conformite import verifier

    marge = fenetre(politique)  # every window containing the contact: before and after it
    debut, fin = contact.le - marge, contact.le + marge
    contacts = contacts_du_debiteur(conn, stocke.debiteur_id, debut, fin)
    return verifier(
        stocke.dossier, contact.canal, contact.le, contacts, politique, jur, facture=facture,
        objet=contact.objet,
    )  # fmt: skip


def verifier_en_depot(
    conn: Connection,
    reference: str,
    canal: str,
    le: datetime,
    politique: Politique,
    jur: Jurisprudence,
    facture: str | None = None,
    *,
    objet: str | None = None,
) -> Decision:
    """The gate for a stored dossier, with the debtor's journal window from the store."""
    from escalade.droit.dossier_au import dossier_au
    from escalade.recouvrement.conformite import verifier

    dossier_id, debiteur_id = identifiants(conn, reference)
    stocke = charger_lot(conn, [dossier_id])[0]
    marge = fenetre(politique)  # the contacts after `le` fill its windows too
    contacts = contacts_du_debiteur(conn, debiteur_id, le - marge, le + marge)
    au = dossier_au(stocke.dossier, le.astimezone(PARIS).date())
    return verifier(au, canal, le, contacts, politique, jur, facture=facture,  # type: ignore[arg-type]
                    objet=objet)  # fmt: skip


def enregistrer_contact(
    m: Engine,
    reference: str,
    contact: Contact,
    politique: Politique,
    jur: Jurisprudence,
    maintenant: datetime | Callable[[], datetime],
    *,
    facture: str | None = None,
    motif_forcage: str | None = None,
    entrant: bool = False,
    au_present: bool = False,
    pendant: Callable[[Connection, int], None] | None = None,
) -> ResultatContact:
    """Re-check the gate and record the contact, in one locked write transaction.

    `maintenant` (a clock, or a fixed moment) is read once the debtor's lock is held; with
    `au_present` the contact is dated at that moment (its own `le` is ignored). A contact
    dated before it beyond the tolerance, or `entrant`, is a fact (recorded, never refused);
    a moment after it is an input error (nothing written). `pendant(conn, contact_id)`, when
    given, runs inside that transaction once the contact row is written (`escalade envoyer`
    hands the message to the SMTP server there): if it raises, nothing of the contact is kept
    and the exception goes to the caller.
    """
    from escalade.recouvrement.nature_contact import CONTROLE, nature_du_contact

    if motif_forcage is not None and not motif_forcage.strip():
        raise EntreeInvalide("--forcer demande un motif écrit (--motif)", champ="--motif")
    with transaction_ecriture(m) as conn:
        dossier_id, debiteur_id = identifiants(conn, reference)
        verrouiller_debiteur(conn, debiteur_id)
        instant = maintenant() if callable(maintenant) else maintenant
        if au_present:
            contact = contact.model_copy(update={"le": instant})
        nature = nature_du_contact(contact.le, instant, entrant=entrant)
        deja = conn.execute(
            select(s.contacts.c.id).where(
                s.contacts.c.dossier_id == dossier_id, s.contacts.c.cle == cle_contact(contact)
            )
        ).first()
        if deja is not None:
            return ResultatContact(False, True, False, None, nature, deja.id, contact.le)
        stocke = charger_lot(conn, [dossier_id])[0]
        decision = _decision(conn, stocke, contact, politique, jur, facture)
        force = False
        if not decision.autorise and nature == CONTROLE:
            legal = any(mo.legal for mo in decision.motifs)
            if legal or motif_forcage is None:
                return ResultatContact(False, False, False, decision, nature, None, contact.le)
            force = True
        point_de_test("contact")
        contact = contact.model_copy(update={"operateur": operateur_ou_systeme(contact.operateur)})
        contact_id = id_insere(
            conn.execute(
                s.contacts.insert().values(
                    debiteur_id=debiteur_id,
                    dossier_id=dossier_id,
                    cle=cle_contact(contact),
                    force=force,
                    nature=nature,
                    enregistre_le=instant,
                    **{c: getattr(contact, c) for c in _COLONNES},
                )
            )
        )
        if force or not decision.autorise:
            conn.execute(
                s.audit.insert().values(
                    le=instant,
                    action="contact_force" if force else f"contact_{nature}_hors_regles",
                    operateur=contact.operateur,
                    dossier_id=dossier_id,
                    contact_id=contact_id,
                    regles=[
                        {"code": mo.code, "message": mo.message, "articles": list(mo.articles)}
                        for mo in decision.motifs
                    ],
                    motif=motif_forcage
                    if force
                    else "contact déjà fait, enregistré comme un fait malgré ces règles",
                )
            )
        if pendant is not None:
            pendant(conn, contact_id)
        return ResultatContact(True, False, force, decision, nature, contact_id, contact.le)
