"""The JSON routes: the gate, the journal, the plan, a dossier's history, décompte and documents,
payments and disputes. Each answers exactly the JSON of the matching command's `--json`.

Reads need the role lecture, writes the role gestionnaire (`escalade.serveur.acces`). The
operator behind the token is the one written to the journal and the audit log.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from escalade.serveur.acces import GESTION, LECTURE
from escalade.serveur.contexte import Contexte, aujourdhui, en_paris, maintenant
from escalade.stockage.jetons import Porteur

routes = APIRouter(prefix="/api")

Canal = Literal["email", "sms", "telephone", "courrier", "lrar", "visite"]  # droit.valeurs.CANAUX
Lecteur = Annotated[Porteur, Depends(LECTURE)]
Gestionnaire = Annotated[Porteur, Depends(GESTION)]


def _ctx(request: Request) -> Contexte:
    ctx: Contexte = request.app.state.contexte
    return ctx


class _Corps(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DemandeVerification(_Corps):
    dossier: str = Field(description="Référence du dossier dans le dépôt.")
    canal: Canal
    le: datetime | None = Field(None, description="Moment du contact (défaut : maintenant).")
    facture: str | None = Field(None, description="Facture visée.")
    objet: str | None = Field(None, description="Objet envisagé (reclamation_accessoires...).")


class DemandeContact(_Corps):
    dossier: str
    canal: Canal
    objet: str = Field(description="Objet (relance_1, appel, mise_en_demeure...).")
    le: datetime | None = None
    resultat: str | None = None
    note: str | None = Field(None, description="Note libre (pas de donnée sensible).")
    interlocuteur: str | None = None
    document: str | None = None
    facture: str | None = None
    motif_forcage: str | None = Field(
        None, description="Passer outre une limite de la politique (jamais la loi) : motif écrit."
    )
    confirmer_note: bool = Field(
        False, description="Confirme une note signalée sensible ou excessive (CNIL)."
    )
    entrant: bool = Field(
        False, description="Contact venu du débiteur : un fait, enregistré sans être refusé."
    )


class DemandePaiement(_Corps):
    dossier: str
    montant: Decimal = Field(description="Montant reçu en euros (ex. 1234.56).")
    date: dt.date
    facture: str | None = None
    reference: str | None = None
    le: dt.date | None = Field(None, description="Date d'enregistrement (défaut : aujourd'hui).")


class DemandeLitige(_Corps):
    dossier: str
    action: Literal["ouvrir", "clore"] = "ouvrir"
    facture: str
    date: dt.date
    motif: str | None = Field(None, description="Motif de la contestation (pour ouvrir).")
    le: dt.date | None = None


# --- the gate and the journal ------------------------------------------------------------


def decision_du_depot(ctx: Contexte, d: DemandeVerification) -> Any:
    """The gate as `escalade verifier` runs it (`escalade.stockage.controle`); on SQLite the
    dossier comes from the process's reader (kept until the next commit, the journal window
    read fresh), the same values as the command reads."""
    from escalade.recouvrement.conformite import fenetre_max
    from escalade.stockage.controle import verifier_lu, verifier_reference

    moment = ctx.horloge() if d.le is None else en_paris(d.le)
    pol = ctx.politique(moment.date())
    if ctx.lecteur is not None:
        lu = ctx.lecteur.lire(d.dossier, moment, fenetre_max(pol))
        if lu is not None:
            return verifier_lu(*lu, d.canal, moment, pol, ctx.jur, d.facture, d.objet)
    return verifier_reference(
        ctx.db, d.dossier, d.canal, moment, pol, ctx.jur, d.facture, objet=d.objet
    )


@routes.post(
    "/verifier",
    summary="Ce contact est-il permis ? (escalade verifier --json)",
    response_model=dict[str, Any],
)
async def verifier(demande: DemandeVerification, request: Request, _: Lecteur) -> Response:
    """Asynchronous on SQLite: the check (about a millisecond of CPU, no wait: readers never
    wait under WAL) runs in the event loop, without the thread pool's two hops; on PostgreSQL
    it runs in the thread pool. The JSON is encoded once (no response-model pass)."""
    from escalade.recouvrement.conformite import decision_en_dict

    ctx = _ctx(request)
    if ctx.lecteur is not None:
        decision = decision_du_depot(ctx, demande)
    else:
        decision = await run_in_threadpool(decision_du_depot, ctx, demande)
    return JSONResponse(decision_en_dict(decision))


def enregistrer(ctx: Contexte, d: DemandeContact, operateur: str) -> tuple[int, dict[str, Any]]:
    """Record a contact through the journal's locked transaction: (HTTP status, JSON)."""
    from escalade.droit.erreurs import EntreeInvalide
    from escalade.droit.modele import Contact
    from escalade.recouvrement.objets_contact import verifier_objet
    from escalade.rgpd.notes_sensibles import analyser, avertissement
    from escalade.stockage.journal import enregistrer_contact
    from escalade.stockage.saisies import resultat_contact_en_dict

    detections = analyser(" ; ".join(t for t in (d.note, d.resultat) if t))
    if detections and not d.confirmer_note:
        raise EntreeInvalide(
            f"{avertissement(detections)} ; reformulez la note (faits objectifs et "
            "pertinents) ou confirmez-la (confirmer_note)",
            champ="note",
        )
    # Without `le` the contact is dated under the debtor's lock; a past one is a fact.
    moment = ctx.horloge() if d.le is None else en_paris(d.le)
    contact = Contact.model_validate(
        {
            "le": moment,
            "canal": d.canal,
            "objet": verifier_objet(d.objet, champ="objet"),  # the closed list of the CLI
            "resultat": d.resultat,
            "note": d.note,
            "interlocuteur": d.interlocuteur,
            "document": d.document,
            "operateur": operateur,
        }
    )
    r = enregistrer_contact(
        ctx.moteur,
        d.dossier,
        contact,
        ctx.politique(moment.date()),
        ctx.jur,
        ctx.horloge,
        facture=d.facture,
        motif_forcage=d.motif_forcage,
        entrant=d.entrant,
        au_present=d.le is None,
    )
    statut = 201 if r.enregistre else 200 if r.deja_enregistre else 409
    return statut, resultat_contact_en_dict(r, moment)


@routes.post(
    "/contacts",
    summary="Enregistre un contact après un nouveau contrôle (escalade contact --json)",
    responses={409: {"description": "Contact refusé : rien n'est enregistré, motifs donnés."}},
)
def contacts(demande: DemandeContact, request: Request, porteur: Gestionnaire) -> JSONResponse:
    statut, corps = enregistrer(_ctx(request), demande, porteur.operateur)
    return JSONResponse(corps, status_code=statut)


# --- reads -------------------------------------------------------------------------------


@routes.get("/plan", summary="Le plan du jour (escalade plan --json)")
def plan(
    request: Request,
    _: Lecteur,
    date_: Annotated[date | None, Query(alias="date")] = None,
    operateur: str | None = None,
    canal: Canal | None = None,
) -> dict[str, Any]:
    from escalade.stockage.moteur import transaction_lecture
    from escalade.stockage.plan_du_jour import plan_du_jour, plan_en_dict

    ctx = _ctx(request)
    jour = date_ or aujourdhui()
    with transaction_lecture(ctx.moteur) as conn:
        p = plan_du_jour(conn, jour, ctx.politique(jour), ctx.jur, operateur or None)
    sortie = plan_en_dict(p)
    if canal:
        sortie["actions"] = [a for a in sortie["actions"] if a["canal"] == canal]
    if p.inconnus:
        sortie["avertissements"] = [
            "la politique affecte des actions à des opérateurs non enregistrés : "
            + ", ".join(p.inconnus)
        ]
    return sortie


@routes.get("/dossiers/{ref}", summary="Historique d'un dossier (escalade historique --json)")
def dossier(ref: str, request: Request, _: Lecteur) -> dict[str, Any]:
    from escalade.pilotage.historique_envois import historique_en_dict
    from escalade.stockage.moteur import transaction_lecture
    from escalade.stockage.pilotage import historique_du_depot

    with transaction_lecture(_ctx(request).moteur) as conn:
        return historique_en_dict(*historique_du_depot(conn, ref))


def dossier_stocke(ctx: Contexte, ref: str) -> Any:
    from escalade.stockage.depot import charger
    from escalade.stockage.moteur import transaction_lecture

    with transaction_lecture(ctx.moteur) as conn:
        return charger(conn, ref).dossier


@routes.get("/dossiers/{ref}/decompte", summary="Décompte à une date (escalade decompte --json)")
def decompte(
    ref: str,
    request: Request,
    _: Lecteur,
    date_: Annotated[date | None, Query(alias="date")] = None,
) -> Response:
    from escalade.droit.decompte_lot import json_des_decomptes

    texte = json_des_decomptes([dossier_stocke(_ctx(request), ref)], date_ or aujourdhui())
    return Response(texte, media_type="application/json")


@routes.get(
    "/dossiers/{ref}/documents/{modele}",
    summary="Produit un document à la demande (escalade lettre)",
    responses={409: {"description": "Lettre refusée par le contrôle de conformité."}},
)
def document(
    ref: str,
    modele: str,
    request: Request,
    _: Lecteur,
    format_: Annotated[Literal["pdf", "docx"], Query(alias="format")] = "pdf",
    date_: Annotated[date | None, Query(alias="date")] = None,
) -> Response:
    from escalade.documents.catalogue import verifier_modele
    from escalade.documents.production import controler, produire
    from escalade.recouvrement.conformite import decision_en_dict

    ctx = _ctx(request)
    verifier_modele(modele)
    jour = date_ or aujourdhui()
    d = dossier_stocke(ctx, ref)
    decision = controler(modele, d, jour, ctx.politique(jour), ctx.jur)
    if decision is not None and not decision.autorise:
        return JSONResponse(
            {"dossier": ref, "document": modele, "refus": decision_en_dict(decision)},
            status_code=409,
        )
    p = produire(d, modele, jour, ctx.jur, format_)
    types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    return Response(
        p.contenu,
        media_type=types[p.format],
        headers={"Content-Disposition": f'attachment; filename="{p.nom_fichier}"'},
    )


# --- dated transitions -------------------------------------------------------------------


def _transition(
    ctx: Contexte, dossier: str, type_: str, champs: dict[str, Any], le: date | None, qui: str
) -> JSONResponse:
    from escalade.stockage.saisies import enregistrer_evenement, transition_en_dict

    evenement, r = enregistrer_evenement(
        ctx.moteur, dossier, type_, champs, le or aujourdhui(), ctx.jur, maintenant(), qui
    )
    corps = transition_en_dict(evenement, r)
    return JSONResponse(corps, status_code=200 if r.deja_enregistre else 201)


@routes.post("/paiements", summary="Enregistre un paiement reçu (escalade paiement --json)")
def paiements(demande: DemandePaiement, request: Request, porteur: Gestionnaire) -> JSONResponse:
    champs = {
        "montant": demande.montant,
        "date": demande.date,
        "facture": demande.facture,
        "reference": demande.reference,
    }
    return _transition(
        _ctx(request), demande.dossier, "paiement", champs, demande.le, porteur.operateur
    )


@routes.post("/litiges", summary="Ouvre ou clôt un litige (escalade litige ouvrir|clore --json)")
def litiges(demande: DemandeLitige, request: Request, porteur: Gestionnaire) -> JSONResponse:
    from escalade.droit.erreurs import EntreeInvalide

    if demande.action == "ouvrir":
        if not demande.motif:
            raise EntreeInvalide("le motif de la contestation est obligatoire", champ="motif")
        type_ = "litige_ouvert"
        champs: dict[str, Any] = {
            "facture": demande.facture,
            "motif": demande.motif,
            "ouvert_le": demande.date,
        }
    else:
        type_, champs = "litige_clos", {"facture": demande.facture, "clos_le": demande.date}
    return _transition(_ctx(request), demande.dossier, type_, champs, demande.le, porteur.operateur)
