"""Dated transitions of a stored dossier, and the creditor's waiver of the accessories.

An event goes through the pure core (`escalade.procedures.etapes.appliquer`) and the new
state is stored in one write transaction, the debtor row locked as for a contact
(`escalade.stockage.journal.verrouiller_debiteur`). The event is written to the append-only
history with its data; the same event recorded twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, select

from escalade.droit.erreurs import EntreeInvalide
from escalade.stockage import schema as s
from escalade.stockage.audit import operateur_ou_systeme
from escalade.stockage.depot import charger_lot, enregistrer_dossier, identifiants
from escalade.stockage.journal import verrouiller_debiteur
from escalade.stockage.moteur import point_de_test, transaction_ecriture

if TYPE_CHECKING:
    from escalade.droit.donnees_juridiques import Jurisprudence


@dataclass(frozen=True)
class ResultatTransition:
    references: tuple[str, ...]  # the dossiers moved (a collective proceeding: all the debtor's)
    etapes_avant: tuple[str | None, ...]
    etapes: tuple[str | None, ...]
    deja_enregistre: bool


def _cle_evenement(evenement: Any) -> str:
    import hashlib
    import json

    donnees = json.dumps(evenement.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return f"evt|{evenement.type}|{hashlib.sha256(donnees.encode()).hexdigest()[:32]}"


def enregistrer_transition(
    m: Engine,
    reference: str,
    evenement: Any,
    le: date,
    jur: Jurisprudence,
    maintenant: datetime,
    operateur: str | None = None,
) -> ResultatTransition:
    """Apply a dated event through the pure core and store the new state, in one transaction.

    The event is written to the append-only history (with its data); the same event recorded
    twice changes nothing. A collective proceeding concerns the debtor: every open dossier of
    that debtor receives it (C. com. art. L622-21 binds all creditors).
    """
    return enregistrer_transitions(m, reference, [evenement], le, jur, maintenant, operateur)[0]


def enregistrer_transitions(
    m: Engine,
    reference: str,
    evenements: Sequence[Any],
    le: date,
    jur: Jurisprudence,
    maintenant: datetime,
    operateur: str | None = None,
) -> list[ResultatTransition]:
    """Several events of one dossier, applied in order in one transaction: all or nothing
    (a court file's dates recorded at once: the ordonnance, then its service...)."""
    with transaction_ecriture(m) as conn:
        dossier_id, debiteur_id = identifiants(conn, reference)
        verrouiller_debiteur(conn, debiteur_id)
        resultats = [
            _appliquer_en_depot(conn, dossier_id, debiteur_id, e, le, jur, maintenant, operateur)
            for e in evenements
        ]
        point_de_test("transition")
        return resultats


def _appliquer_en_depot(
    conn: Connection,
    dossier_id: int,
    debiteur_id: int,
    evenement: Any,
    le: date,
    jur: Jurisprudence,
    maintenant: datetime,
    operateur: str | None,
) -> ResultatTransition:
    from escalade.procedures.etapes import appliquer
    from escalade.procedures.evenements import ProcedureCollectiveOuverte

    cle = _cle_evenement(evenement)
    ids = [dossier_id]
    if isinstance(evenement, ProcedureCollectiveOuverte):
        ids += [
            i
            for i in conn.execute(
                select(s.dossiers.c.id)
                .where(
                    s.dossiers.c.debiteur_id == debiteur_id,
                    s.dossiers.c.ouvert.is_(True),
                    s.dossiers.c.id != dossier_id,
                )
                .order_by(s.dossiers.c.reference)
            ).scalars()
        ]
    deja = conn.execute(
        select(s.historique.c.id).where(
            s.historique.c.dossier_id == dossier_id, s.historique.c.cle == cle
        )
    ).first()
    stockes = charger_lot(conn, ids)
    if deja is not None:
        etapes = tuple(x.dossier.etape for x in stockes)
        return ResultatTransition(tuple(x.dossier.reference for x in stockes), etapes, etapes, True)
    apres = [appliquer(x.dossier, evenement, le, jur) for x in stockes]
    for stocke, nouveau in zip(stockes, apres, strict=True):
        enregistrer_dossier(conn, nouveau, maintenant, operateur=operateur_ou_systeme(operateur))
        conn.execute(
            s.historique.insert().values(
                dossier_id=stocke.id,
                cle=cle,
                etape=nouveau.etape or "aucune",
                le=le,
                motif=None,
                evenement=evenement.type,
                donnees=evenement.model_dump(mode="json"),
                operateur=operateur_ou_systeme(operateur),
                enregistre_le=maintenant,
            )
        )
    return ResultatTransition(
        tuple(x.dossier.reference for x in stockes),
        tuple(x.dossier.etape for x in stockes),
        tuple(n.etape for n in apres),
        False,
    )


# --- the creditor's waiver of the late-payment accessories -------------------------------------

ABANDON_AUDIT = "abandon_accessoires"  # the audit action, named after the plan's objet


@dataclass(frozen=True)
class ResultatAbandon:
    transition: ResultatTransition
    montant: Decimal | None  # what the décompte found due that day; None: not computable yet
    non_calculable: str | None  # the missing legal data, when `montant` is None


def enregistrer_abandon_accessoires(
    m: Engine,
    reference: str,
    evenement: Any,
    le: date,
    jur: Jurisprudence,
    maintenant: datetime,
    motif: str,
    operateur: str | None = None,
) -> ResultatAbandon:
    """Record the waiver (`escalade.procedures.evenements.AccessoiresAbandonnes`) in one
    transaction: the history row the plan reads (`escalade.stockage.planification`) and an
    audit line with the amount given up and the creditor's written reason. Not a contact: no
    gate, no journal row, nothing counted against the debtor's contact limits."""
    from escalade.droit import decompte
    from escalade.droit.erreurs import DonneeJuridiqueManquante
    from escalade.droit.format_fr import montant_fr
    from escalade.recouvrement.reste_du import reste_du

    if not motif.strip():
        raise EntreeInvalide("l'abandon des accessoires demande un motif écrit", champ="--motif")
    with transaction_ecriture(m) as conn:
        dossier_id, debiteur_id = identifiants(conn, reference)
        verrouiller_debiteur(conn, debiteur_id)
        avant = charger_lot(conn, [dossier_id])[0].dossier
        r = _appliquer_en_depot(
            conn, dossier_id, debiteur_id, evenement, le, jur, maintenant, operateur
        )
        montant: Decimal | None = None
        manque: str | None = None
        try:
            montant = reste_du(decompte.calculer(avant, evenement.le, jur, a_parfaire_permis=False))
        except DonneeJuridiqueManquante as e:
            manque = e.message.split(". ")[0].rstrip(".")  # the missing value, not the advice
        if not r.deja_enregistre:
            combien = (
                f"{montant_fr(montant)} selon le décompte"
                if montant is not None
                else f"montant non calculable ({manque})"
            )
            conn.execute(
                s.audit.insert().values(
                    le=maintenant,
                    action=ABANDON_AUDIT,
                    operateur=operateur_ou_systeme(operateur),
                    dossier_id=dossier_id,
                    regles=[{
                        "code": ABANDON_AUDIT,
                        "le": evenement.le.isoformat(),
                        "montant": None if montant is None else f"{montant:.2f}",
                    }],
                    motif=f"accessoires de retard abandonnés au {evenement.le:%d/%m/%Y}, "
                    f"{combien} : {motif.strip()}",
                )
            )  # fmt: skip
        point_de_test("transition")
        return ResultatAbandon(r, montant, manque)
