"""The worklist: server-rendered French pages (Jinja templates in `gabarits/`), no build chain.

Login with the operator's token (kept in an HttpOnly, SameSite=Strict cookie), the plan of
the day (calls first, with the debtor's phone and the amount due), a dossier's page
(timeline, décompte, documents to download), the call form (the gate's answer is shown
before anything is saved) and the management report. Every form carries an anti-CSRF token:
bound to the session's token once logged in, a double-submit cookie on the login form.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from escalade.droit.erreurs import ErreurEscalade
from escalade.serveur.acces import COOKIE, identifier, jeton_de_la_requete
from escalade.serveur.contexte import Contexte, aujourdhui, maintenant
from escalade.stockage.jetons import Porteur, role_suffit

routes = APIRouter(include_in_schema=False)
gabarits = Jinja2Templates(directory=str(Path(__file__).parent / "gabarits"))
COOKIE_CSRF = "escalade_csrf"
CANAUX_FR = {"telephone": "téléphone", "sms": "SMS", "email": "courriel", "courrier": "courrier",
             "lrar": "lettre recommandée", "visite": "visite"}  # fmt: skip
DOCUMENTS = ("decompte", "relance_1", "relance_2", "fiche_appel", "mise_en_demeure")


def _ctx(request: Request) -> Contexte:
    ctx: Contexte = request.app.state.contexte
    return ctx


def _csrf(request: Request) -> str:
    """The session's anti-CSRF token: an HMAC of its bearer token (unguessable by a third site)."""
    secret: bytes = request.app.state.secret_csrf
    jeton = jeton_de_la_requete(request) or ""
    return hmac.new(secret, jeton.encode(), hashlib.sha256).hexdigest()


def _verifier_csrf(request: Request, recu: str) -> None:
    if not hmac.compare_digest(_csrf(request), recu):
        raise HTTPException(403, "formulaire expiré ou d'une autre origine (jeton anti-CSRF)")


def _porteur(request: Request) -> Porteur | None:
    return identifier(request)


def _page(request: Request, nom: str, porteur: Porteur | None, **donnees: Any) -> HTMLResponse:
    return gabarits.TemplateResponse(
        request,
        nom,
        {
            "porteur": porteur,
            "csrf": _csrf(request) if porteur else "",
            "canaux": CANAUX_FR,
            **donnees,
        },
    )


def _vers_connexion() -> RedirectResponse:
    return RedirectResponse("/connexion", status_code=303)


# --- login -------------------------------------------------------------------------------


@routes.get("/connexion")
def connexion(request: Request, erreur: str | None = None) -> Response:
    jeton_formulaire = secrets.token_urlsafe(24)
    reponse = gabarits.TemplateResponse(
        request, "connexion.html", {"porteur": None, "csrf": jeton_formulaire, "erreur": erreur}
    )
    reponse.set_cookie(COOKIE_CSRF, jeton_formulaire, httponly=True, samesite="strict",
                       secure=request.url.scheme == "https")  # fmt: skip
    return reponse


@routes.post("/connexion")
def se_connecter(
    request: Request, jeton: Annotated[str, Form()], csrf: Annotated[str, Form()]
) -> Response:
    attendu = request.cookies.get(COOKIE_CSRF, "")
    if not attendu or not hmac.compare_digest(attendu, csrf):
        raise HTTPException(403, "formulaire expiré ou d'une autre origine (jeton anti-CSRF)")
    from escalade.stockage.jetons import porteur_du_jeton
    from escalade.stockage.moteur import transaction_lecture

    with transaction_lecture(_ctx(request).moteur) as conn:
        porteur = porteur_du_jeton(conn, jeton.strip())
    if porteur is None:
        return connexion(request, "jeton inconnu ou révoqué")
    reponse = RedirectResponse("/", status_code=303)
    reponse.set_cookie(COOKIE, jeton.strip(), httponly=True, samesite="strict",
                       secure=request.url.scheme == "https")  # fmt: skip
    reponse.delete_cookie(COOKIE_CSRF)
    return reponse


@routes.post("/deconnexion")
def se_deconnecter(request: Request, csrf: Annotated[str, Form()]) -> Response:
    _verifier_csrf(request, csrf)
    reponse = _vers_connexion()
    reponse.delete_cookie(COOKIE)
    return reponse


# --- plan of the day ---------------------------------------------------------------------


def _montant_du(d: Any, ctx: Contexte) -> str:
    from escalade.droit.decompte import calculer
    from escalade.droit.format_fr import montant_fr

    try:
        return montant_fr(calculer(d, aujourdhui(), ctx.jur).total)
    except ErreurEscalade:
        return "non calculable (donnée juridique manquante)"


@routes.get("/")
def plan_du_jour(request: Request, tous: bool = False) -> Response:
    porteur = _porteur(request)
    if porteur is None:
        return _vers_connexion()
    from escalade.stockage.depot import charger
    from escalade.stockage.moteur import transaction_lecture
    from escalade.stockage.plan_du_jour import plan_du_jour as plan

    ctx = _ctx(request)
    jour = aujourdhui()
    with transaction_lecture(ctx.moteur) as conn:
        p = plan(conn, jour, ctx.politique(jour), ctx.jur, None)
        actions = [
            a for a in p.actions if tous or p.responsables[a.dossier] in (None, porteur.operateur)
        ]
        dossiers = {a.dossier: charger(conn, a.dossier).dossier for a in actions}
    actions.sort(key=lambda a: (a.canal != "telephone", a.bloquee, a.date, a.dossier))
    lignes = [
        {
            "action": a,
            "responsable": p.responsables[a.dossier],
            "debiteur": dossiers[a.dossier].debiteur.nom,
            "telephone": dossiers[a.dossier].debiteur.telephone,
            "montant": _montant_du(dossiers[a.dossier], ctx),
        }
        for a in actions
    ]
    return _page(request, "plan.html", porteur, jour=jour, lignes=lignes, tous=tous,
                 inconnus=p.inconnus)  # fmt: skip


# --- a dossier ---------------------------------------------------------------------------


@routes.get("/dossiers/{ref}")
def page_dossier(request: Request, ref: str, enregistre: bool = False) -> Response:
    porteur = _porteur(request)
    if porteur is None:
        return _vers_connexion()
    from escalade.droit.decompte import calculer
    from escalade.pilotage.historique import chronologie
    from escalade.stockage.moteur import transaction_lecture
    from escalade.stockage.pilotage import dossier_et_transitions

    ctx = _ctx(request)
    with transaction_lecture(ctx.moteur) as conn:
        d, transitions = dossier_et_transitions(conn, ref)
    try:
        decompte, erreur_decompte = calculer(d, aujourdhui(), ctx.jur), None
    except ErreurEscalade as e:
        decompte, erreur_decompte = None, str(e)
    return _page(request, "dossier.html", porteur, dossier=d,
                 evenements=chronologie(d, transitions), decompte=decompte,
                 erreur_decompte=erreur_decompte, documents=DOCUMENTS,
                 enregistre=enregistre, jour=aujourdhui())  # fmt: skip


# --- the call form -----------------------------------------------------------------------


def _formulaire_appel(
    request: Request, porteur: Porteur, ref: str, valeurs: dict[str, Any], erreur: str | None
) -> Response:
    from escalade.recouvrement.conformite import decision_en_dict
    from escalade.serveur.api import DemandeVerification, decision_du_depot

    decision = None
    if erreur is None:
        try:
            decision = decision_en_dict(
                decision_du_depot(
                    _ctx(request),
                    DemandeVerification(dossier=ref, canal=valeurs["canal"], le=valeurs["le"],
                                        objet=valeurs["objet"] or None),
                )
            )  # fmt: skip
        except ErreurEscalade as e:
            erreur = str(e)
    return _page(request, "appel.html", porteur, ref=ref, valeurs=valeurs, decision=decision,
                 erreur=erreur, peut_ecrire=role_suffit(porteur.role, "gestionnaire"))  # fmt: skip


@routes.get("/dossiers/{ref}/appel")
def appel(request: Request, ref: str) -> Response:
    porteur = _porteur(request)
    if porteur is None:
        return _vers_connexion()
    le = _ctx(request).horloge().replace(second=0, microsecond=0, tzinfo=None)
    valeurs = {"canal": "telephone", "objet": "appel", "le": le, "resultat": "", "note": "",
               "interlocuteur": ""}  # fmt: skip
    return _formulaire_appel(request, porteur, ref, valeurs, None)


@routes.post("/dossiers/{ref}/appel")
def appel_envoye(
    request: Request,
    ref: str,
    csrf: Annotated[str, Form()],
    canal: Annotated[str, Form()],
    objet: Annotated[str, Form()],
    le: Annotated[str, Form()],
    action: Annotated[str, Form()] = "verifier",
    resultat: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    interlocuteur: Annotated[str, Form()] = "",
    confirmer_note: Annotated[bool, Form()] = False,
) -> Response:
    porteur = _porteur(request)
    if porteur is None:
        return _vers_connexion()
    _verifier_csrf(request, csrf)
    erreur = None
    try:
        moment = datetime.fromisoformat(le)
    except ValueError:
        moment, erreur = maintenant().replace(tzinfo=None), f"moment « {le} » invalide"
    if canal not in CANAUX_FR:
        canal, erreur = "telephone", f"canal « {canal} » inconnu"
    valeurs = {"canal": canal, "objet": objet.strip(), "le": moment, "resultat": resultat,
               "note": note, "interlocuteur": interlocuteur}  # fmt: skip
    if action != "enregistrer" or erreur is not None:
        return _formulaire_appel(request, porteur, ref, valeurs, erreur)
    if not role_suffit(porteur.role, "gestionnaire"):
        raise HTTPException(403, f"le rôle « {porteur.role} » ne permet pas d'enregistrer")
    from escalade.serveur.api import DemandeContact, enregistrer

    try:
        statut, _corps = enregistrer(
            _ctx(request),
            DemandeContact(dossier=ref, canal=canal, objet=objet.strip(), le=moment,  # type: ignore[arg-type]
                           resultat=resultat or None, note=note or None,
                           interlocuteur=interlocuteur or None, confirmer_note=confirmer_note),
            porteur.operateur,
        )  # fmt: skip
    except ErreurEscalade as e:
        return _formulaire_appel(request, porteur, ref, valeurs, str(e))
    if statut == 409:
        refus = "contact refusé par le contrôle : rien n'a été enregistré"
        return _formulaire_appel(request, porteur, ref, valeurs, refus)
    return RedirectResponse(f"/dossiers/{ref}?enregistre=1", status_code=303)


# --- the management report ---------------------------------------------------------------


@routes.get("/rapport")
def rapport(
    request: Request,
    du: dt.date | None = None,
    au: dt.date | None = None,
    creancier: str | None = None,
) -> Response:
    """The report of `escalade rapport --sortie FICHIER.html`: figures, definitions, charts."""
    porteur = _porteur(request)
    if porteur is None:
        return _vers_connexion()
    from escalade.pilotage.rapport import contexte, rendre_html
    from escalade.stockage.rapport_depot import indicateurs_du_depot, periode

    ctx = _ctx(request)
    jour = aujourdhui()
    debut, fin = periode(du, au, jour)
    indicateurs, experiences, cle, ecarts = indicateurs_du_depot(
        ctx.db, creancier or None, ctx.politique(jour), debut, fin, jour
    )
    return HTMLResponse(rendre_html(contexte(indicateurs, cle, experiences, jour, ecarts)))
