"""The escalation plan: each dossier's next action on a given date (SPEC section 4).

Amicable steps follow the creditor's policy per debtor segment (default, SPEC section 4:
friendly email at due date +1, firmer reminder +10, call with a call sheet +20, last letter
+30, mise en demeure by LRAR +45; new and risky clients faster; punctual ones get a call
first). A step already done (a contact with that `objet` in the dossier) is never planned
again; a late step keeps its spacing from the previous one.

After the mise en demeure's deadline (C. civ. 1344; from reception, or first presentation
of an unclaimed letter; unknown: the plan says so instead of guessing):
- a disputed claim: advice to bring a contradictory claim (assignation), not an injonction;
- an undisputed claim within the small-claims cap, principal and interest (CPCE L125-1,
  R125-1): petites créances first;
- otherwise injonction de payer (CPC art. 1405) before the tribunal de commerce when the
  debtor is a trader or a commercial company (C. com. art. L721-3), except in Bas-Rhin,
  Haut-Rhin and Moselle where the tribunal judiciaire's commercial chamber sits (C. com.
  art. L731-1), else before the tribunal judiciaire (CPC art. 1406).
Under a collective proceeding the only action is the claim declaration (C. com. L622-24).
Each planned contact then goes through the gate (`escalade.recouvrement.conformite`): an action it
refuses is marked blocked, with its reasons and the next allowed moment.

A promise to pay (a contact with `promesse_le`) pauses the plan until the promised day plus
the policy's grace (`escalade.recouvrement.promesse`); the next action then says whether it
was kept and the plan resumes with the next step.

Once every invoice's principal is paid, late-payment accessories may still be due: the plan
then says how much the décompte finds in an informational step, `accessoires_restants`
(`escalade.recouvrement.accessoires_restants`). A planned action is an
`escalade.recouvrement.action.Action`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Final

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.format_fr import JOURS
from escalade.droit.modele import Contact, Dossier
from escalade.droit.procedure_collective import declaration_creance, delais_a_la_date
from escalade.droit.valeurs import PARIS
from escalade.recouvrement import mise_en_demeure
from escalade.recouvrement.accessoires_restants import accessoires_restants
from escalade.recouvrement.action import Action, etapes_faites
from escalade.recouvrement.conformite import Decision, verifier, verifier_creance
from escalade.recouvrement.creneaux import fuseau
from escalade.recouvrement.etat_creance import EtatFacture, etats_factures, procedure_en_cours
from escalade.recouvrement.objets_contact import ALIAS_ETAPES
from escalade.recouvrement.politique_modele import Politique
from escalade.recouvrement.promesse import suivi_promesse
from escalade.recouvrement.routes import choisir

# étape -> (channel, document)
CANAL_ET_DOCUMENT: Final = {
    "relance_1": ("email", "relance_1"),
    "relance_2": ("email", "relance_2"),
    "relance_telephonique": ("telephone", "fiche_appel"),
    "derniere_relance": ("courrier", "derniere_relance"),
    "mise_en_demeure": ("lrar", "mise_en_demeure"),
}
REPLI: Final = {"email": "courrier", "sms": "courrier"}  # a written fallback
RESULTATS_ACCORD: Final = ("accord", "promesse", "promesse_de_paiement")

REFERENCES_INJONCTION: Final = ("CPC art. 1405", "CPC art. 1406")
REFERENCES_PETITES_CREANCES: Final = ("CPCE art. L125-1", "CPCE art. R125-1")
REFERENCES_ASSIGNATION: Final = ("CPC art. 54", "CPC art. 1405")


def _jj(d: date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"  # f"{d:%d/%m/%Y}" without strftime


def _canal_possible(dossier: Dossier, canal: str) -> bool:
    d = dossier.debiteur
    if canal in d.canaux_refuses:
        return False
    if canal == "email":
        return bool(d.email or any(i.email for i in d.interlocuteurs))
    if canal in ("telephone", "sms"):
        return bool(d.telephone or any(i.telephone for i in d.interlocuteurs))
    return True


# --- the gate on a planned action ------------------------------------------------------


# The states of the dossier's invoices on a day: (day, etats_factures(dossier, day, jur)).
EtatsDuJour = tuple[date, Sequence[EtatFacture]]


def _sur(etats: EtatsDuJour | None, jour: date) -> Sequence[EtatFacture] | None:
    return etats[1] if etats is not None and etats[0] == jour else None


def _decider(
    action: Action,
    dossier: Dossier,
    politique: Politique,
    jur: Jurisprudence,
    journal: Sequence[Contact],
    moment: datetime | None,
    etats: EtatsDuJour | None = None,
) -> tuple[Decision, datetime | None]:
    """The gate's answer for `action` at `moment` (default: the channel's first hour that day).

    `etats`: the invoices' states the plan computed for one day, reused when the gate checks
    that same day (Paris time) instead of being computed again."""
    if action.canal is None:
        connus = _sur(etats, action.date)
        return verifier_creance(dossier, action.date, politique, jur, journal, etats=connus), None
    tz = fuseau(dossier.debiteur.adresse.code_postal)
    if moment is None:
        debut = min(d for d, _ in politique.canaux[action.canal].plages)
        moment = datetime.combine(action.date, time(debut // 60, debut % 60), tz)
    connus = _sur(etats, moment.astimezone(PARIS).date())
    return verifier(dossier, action.canal, moment, journal, politique, jur, etats=connus), moment


def _controler(
    action: Action,
    dossier: Dossier,
    politique: Politique,
    jur: Jurisprudence,
    journal: Sequence[Contact],
    etats: EtatsDuJour | None = None,
) -> Action:
    """The action after the gate. Refused only for a while (a Sunday, a holiday, a quiet hour,
    a frequency limit): planned at the next allowed moment, with the reason of the delay.
    Marked blocked only when the gate gives no such moment, or refuses that one too."""
    decision, moment = _decider(action, dossier, politique, jur, journal, None, etats)
    if decision.autorise:
        return action
    if action.canal is not None and decision.prochain_creneau is not None and moment is not None:
        tz = fuseau(dossier.debiteur.adresse.code_postal)
        creneau = decision.prochain_creneau.astimezone(tz)
        reportee = Action(
            action.dossier, action.etape, creneau.date(), action.canal, action.document,
            action.juridiction, action.motif, False, (), None, action.references,
        )  # fmt: skip
        ensuite, _ = _decider(reportee, dossier, politique, jur, journal, creneau, etats)
        if ensuite.autorise:
            raisons = " ; ".join(
                m.message[:1].lower() + m.message[1:].rstrip(".") for m in decision.motifs
            )
            motif = (
                f"{action.motif.rstrip('.')} ; reportée du {JOURS[action.date.weekday()]} "
                f"{_jj(action.date)} au {JOURS[creneau.weekday()]} {_jj(creneau.date())} à "
                f"partir de {creneau:%H:%M} (heure du débiteur) : {raisons}."
            )
            return Action(
                action.dossier, action.etape, creneau.date(), action.canal, action.document,
                action.juridiction, motif, False, (), None, action.references,
            )  # fmt: skip
    return Action(
        action.dossier, action.etape, action.date, action.canal, action.document,
        action.juridiction, action.motif, True, decision.motifs, decision.prochain_creneau,
        action.references,
    )  # fmt: skip


# --- amicable steps ------------------------------------------------------------------------


def _confirmation(dossier: Dossier, faites: dict[str, date], le: date) -> Action | None:
    """A written confirmation of what was agreed during the call (SPEC section 4)."""
    if "confirmation_appel" in faites:
        return None
    appels = [
        c for c in dossier.contacts
        if ALIAS_ETAPES.get(c.objet, c.objet) == "relance_telephonique"
        and c.resultat in RESULTATS_ACCORD
    ]  # fmt: skip
    if not appels:
        return None
    appel = max(appels, key=lambda c: c.le)
    canal = "email" if _canal_possible(dossier, "email") else "courrier"
    return Action(
        dossier.reference, "confirmation_appel", max(appel.le.date(), le), canal,
        "confirmation_appel", None,
        f"Confirmation écrite de l'accord obtenu lors de l'appel du {_jj(appel.le.date())} "
        f"(résultat : {appel.resultat}).", False, (), None,
    )  # fmt: skip


def _amiable(
    dossier: Dossier,
    le: date,
    politique: Politique,
    etats: list[EtatFacture],
    faites: dict[str, date],
) -> Action | None:
    suite = politique.plans[dossier.debiteur.segment]
    impayees = [e for e in etats if not e.payee and not e.prescription.acquise]
    base = [e for e in impayees if e.litige is None] or impayees
    reference = min(base, key=lambda e: e.echeance)
    rang = max((i for i, (etape, _) in enumerate(suite) if etape in faites), default=-1)
    notes: list[str] = []
    for i in range(rang + 1, len(suite)):
        etape, jours = suite[i]
        canal, document = CANAL_ET_DOCUMENT[etape]
        if not _canal_possible(dossier, canal):
            repli = REPLI.get(canal)
            if repli is None or not _canal_possible(dossier, repli):
                notes.append(f"{etape} sautée (canal « {canal} » refusé ou sans coordonnées)")
                continue
            notes.append(f"canal « {canal} » refusé ou sans coordonnées : « {repli} » à la place")
            canal = repli
        prevue = reference.echeance + timedelta(days=jours)
        pourquoi = (
            f"Segment {dossier.debiteur.segment} : {etape} à J+{jours} de l'échéance du "
            f"{_jj(reference.echeance)} (facture {reference.numero})"
        )
        if i > 0 and suite[i - 1][0] in faites:
            precedente, jours_prec = suite[i - 1]
            espacee = faites[precedente] + timedelta(days=jours - jours_prec)
            if espacee > prevue:
                prevue = espacee
                pourquoi += (
                    f", {jours - jours_prec} jours après {precedente} du {_jj(faites[precedente])}"
                )
        if faites:
            pourquoi += " ; déjà faites : " + ", ".join(
                f"{e} le {_jj(d)}" for e, d in sorted(faites.items(), key=lambda x: x[1])
            )
        if prevue < le:
            pourquoi += f" ; prévue le {_jj(prevue)}, en retard"
        if etape == "mise_en_demeure":
            delai = politique.delai_mise_en_demeure_jours[dossier.debiteur.type]
            pourquoi += f" ; délai de {delai} jours laissé au débiteur à compter de la réception"
        motif = " ; ".join([pourquoi, *notes]) + "."
        return Action(
            dossier.reference, etape, max(prevue, le), canal, document, None, motif, False, (),
            None, mise_en_demeure.REFERENCES if etape == "mise_en_demeure" else (),
        )  # fmt: skip
    return None


# --- after the mise en demeure -----------------------------------------------------------


def _route(
    dossier: Dossier, le: date, jur: Jurisprudence, faites: dict[str, date]
) -> Action | None:
    """The judicial route once the mise en demeure's deadline has run (one implementation:
    `escalade.recouvrement.routes.choisir`, which also names the competent court, CPC 1406)."""
    delai = mise_en_demeure.delai(dossier, jur)
    if delai.echeance is None:
        if dossier.mise_en_demeure is None:
            motif = (
                "mise en demeure enregistrée au journal mais sans ses dates : renseignez l'envoi "
                "et la réception (ou la première présentation)"
            )
            return Action(
                dossier.reference, "suivi_mise_en_demeure", le, None, None, None,
                f"Délai de la mise en demeure inconnu : {motif}.", False, (), None,
                delai.references,
            )  # fmt: skip
        suivi = mise_en_demeure.suivi_sans_reception(dossier, le, jur)
        return Action(
            dossier.reference, "suivi_mise_en_demeure", max(le, suivi.a_partir_du), None,
            None, None, f"Délai de la mise en demeure inconnu : {suivi.motif}.", False, (), None,
            suivi.references,
        )  # fmt: skip
    depart = max(delai.echeance.echeance + timedelta(days=1), le)
    choix = choisir(dossier, depart, jur)
    route = next((r for r in choix.routes if r not in faites), None)
    if route is None:
        return None
    document = route if route in ("petites_creances", "injonction_de_payer") else None
    tribunal = (
        None
        if route == "petites_creances" or choix.juridiction is None
        else choix.juridiction.libelle
    )
    notes = "".join(f" ; {n.message[:1].lower()}{n.message[1:].rstrip('.')}" for n in choix.notes)
    if route == "injonction_de_payer" and "petites_creances" in faites:
        notes += f" ; petites créances tentées le {_jj(faites['petites_creances'])}"
    attente = f"à l'expiration du délai de la mise en demeure le {_jj(delai.echeance.echeance)}"
    motif = f"{choix.motif[:1].upper()}{choix.motif[1:]}, {attente}{notes}."
    return Action(
        dossier.reference, route, depart, None, document, tribunal, motif, False, (), None,
        tuple(dict.fromkeys(choix.references + delai.references)),
    )  # fmt: skip


# --- the plan ----------------------------------------------------------------------------------


def _declaration(
    dossier: Dossier, le: date, jur: Jurisprudence, faites: dict[str, date]
) -> Action | None:
    if "declaration_creance" in faites:
        return None
    declaration = declaration_creance(dossier, jur)
    assert declaration is not None
    quand = delais_a_la_date(declaration, le)
    return Action(
        dossier.reference, "declaration_creance", le, None, None, None,
        "Procédure collective : relances et actions en paiement interdites ; déclarer la "
        f"créance au mandataire judiciaire, {quand}.", False, (), None, declaration.references,
    )  # fmt: skip


def planifier(
    dossier: Dossier,
    le: date,
    politique: Politique,
    jur: Jurisprudence,
    contacts: Sequence[Contact] | None = None,
) -> Action | None:
    """The next action on `dossier` as of `le`, after the gate; None when nothing is left to do.

    `dossier.contacts` tells which steps are done; `contacts` (the debtor's journal across
    creditors, default: the dossier's contacts) feeds the gate's frequency limits.
    """
    journal = dossier.contacts if contacts is None else contacts
    faites = etapes_faites(dossier)
    if procedure_en_cours(dossier, le):
        return _declaration(dossier, le, jur, faites)
    etats = etats_factures(dossier, le, jur)
    if all(e.payee for e in etats):
        return accessoires_restants(dossier, le, jur, faites)
    if all(e.payee or e.prescription.acquise for e in etats):
        prescrit = Action(
            dossier.reference, "prescrit", le, None, None, None,
            "Toutes les factures impayées sont prescrites : plus d'action en paiement.",
            False, (), None,
        )  # fmt: skip
        return _controler(prescrit, dossier, politique, jur, journal, (le, etats))
    action: Action | None = _confirmation(dossier, faites, le)  # confirms a promise, too
    promesse = suivi_promesse(dossier, le, politique.promesse_delai_grace_jours)
    if action is None and promesse is not None and promesse.en_cours:  # paused till then
        return Action(
            dossier.reference, "promesse_en_cours", promesse.fin_grace + timedelta(days=1),
            None, None, None, promesse.motif, False, (), None,
        )  # fmt: skip
    if action is None and "mise_en_demeure" not in faites:
        action = _amiable(dossier, le, politique, etats, faites)
    if action is None:
        action = _route(dossier, le, jur, faites)
    if action is None:
        return None
    if promesse is not None and promesse.derniere:  # resuming after the promise
        action = replace(action, motif=f"{promesse.motif} ; {action.motif}")
    return _controler(action, dossier, politique, jur, journal, (le, etats))
