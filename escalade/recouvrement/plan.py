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

Once every invoice's principal is paid (decided by the gate on the principal alone, so an
unpublished rate never blocks it), late-payment accessories may still be due: B2B penalties
(C. com. L441-10) and the indemnity per late invoice (D441-5), public procurement moratory
interest and indemnity (R2192-31 CCP, décret 2013-269), a consumer's legal interest from the
mise en demeure (C. civ. 1231-6, 1344-1). The plan then says how much the décompte finds
(payments imputed on interest first, C. civ. 1343-1; a public buyer's on the principal first,
and its interest and indemnity are payable within 45 days of the principal's payment, CCP
R2192-36, a date the step gives) in an informational step,
`accessoires_restants`, with no channel or document: nothing is chased automatically (the
gate refuses every contact on a settled dossier but one of objet `RECLAMATION_ACCESSOIRES`
while the décompte finds something due); the creditor claims them with the décompte or
waives them, then records it: a contact of an objet of `OBJETS_ACCESSOIRES_TRAITES`, or in
the store the waiver transition (`escalade.procedures.etapes.AccessoiresAbandonnes`, read by
`escalade.stockage.planification`). A rate the legal data does not cover yet is said, never
guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Final

from escalade.droit import decompte, indemnite_forfaitaire
from escalade.droit.erreurs import DonneeJuridiqueManquante
from escalade.droit.format_fr import montant_fr
from escalade.droit.jurisprudence import Jurisprudence
from escalade.droit.modele import Contact, Dossier
from escalade.droit.procedure_collective import declaration_creance
from escalade.recouvrement import mise_en_demeure
from escalade.recouvrement.conformite import (
    Decision,
    EtatFacture,
    Motif,
    decision_en_dict,
    etats_factures,
    fuseau,
    procedure_en_cours,
    verifier,
    verifier_creance,
)
from escalade.recouvrement.politique import Politique

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
# Recorded once the creditor has claimed (sent the décompte) or waived the accessories. The
# claim is a contact with the debtor (the gate lets it through while accessories remain due);
# the waiver, a decision of the creditor, is a contact of that objet in a dossier file, or in
# the store the transition `escalade.procedures.etapes.AccessoiresAbandonnes` (escalade
# abandon-accessoires).
RECLAMATION_ACCESSOIRES: Final = "reclamation_accessoires"
ABANDON_ACCESSOIRES: Final = "abandon_accessoires"
OBJETS_ACCESSOIRES_TRAITES: Final = (RECLAMATION_ACCESSOIRES, ABANDON_ACCESSOIRES)
# Public procurement: interest and indemnity due without a claim, to be paid within the
# R2192-36 CCP delay after the principal (shared/LEGAL.md §3; the CCP article of the 40 EUR
# is unconfirmed, so the décret is cited).
REFERENCES_PUBLIC_SANS_DEMANDE: Final = ("Décret n° 2013-269 du 29 mars 2013", "CCP art. R2192-36")
REFERENCES_IMPUTATION_INTERETS: Final = ("C. civ. art. 1343-1",)
# The accessories that run on each kind of debtor, as printed in the motif.
ACCESSOIRES: Final = {
    "professionnel": "pénalités de retard",
    "personne_publique": "intérêts moratoires",
    "consommateur": "intérêts au taux légal",
}


@dataclass(frozen=True)
class Action:
    dossier: str
    etape: str
    date: date
    canal: str | None
    document: str | None
    juridiction: str | None
    motif: str
    bloquee: bool
    motifs_blocage: tuple[Motif, ...]
    prochain_creneau: datetime | None
    references: tuple[str, ...] = ()


def action_en_dict(a: Action) -> dict[str, Any]:
    blocage = decision_en_dict(Decision(not a.bloquee, a.motifs_blocage, a.prochain_creneau))
    return {
        "dossier": a.dossier,
        "etape": a.etape,
        "date": a.date.isoformat(),
        "canal": a.canal,
        "document": a.document,
        "juridiction": a.juridiction,
        "motif": a.motif,
        "bloquee": a.bloquee,
        "motifs": blocage["motifs"],
        "prochain_creneau": blocage["prochain_creneau"],
        "references": list(a.references),
    }


def _jj(d: date) -> str:
    return f"{d:%d/%m/%Y}"


# --- what has been done ---------------------------------------------------------------


def etapes_faites(dossier: Dossier) -> dict[str, date]:
    """Each step already done, with the day it was first done (contacts, history, letters)."""
    faites: dict[str, date] = {}
    for c in sorted(dossier.contacts, key=lambda c: c.le):
        faites.setdefault(c.objet, c.le.date())
    for h in dossier.historique:
        faites.setdefault(h.etape, h.le)
    if dossier.mise_en_demeure is not None:
        faites["mise_en_demeure"] = dossier.mise_en_demeure.envoyee_le
    return faites


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


def _controler(
    action: Action,
    dossier: Dossier,
    politique: Politique,
    jur: Jurisprudence,
    journal: Sequence[Contact],
) -> Action:
    if action.canal is None:
        decision = verifier_creance(dossier, action.date, politique, jur, journal)
    else:
        regle = politique.canaux[action.canal]
        debut = min(d for d, _ in regle.plages)
        moment = datetime.combine(
            action.date, time(debut // 60, debut % 60), fuseau(dossier.debiteur.adresse.code_postal)
        )
        decision = verifier(dossier, action.canal, moment, journal, politique, jur)
    if decision.autorise:
        return action
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
        if c.objet == "relance_telephonique" and c.resultat in RESULTATS_ACCORD
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
    from escalade.recouvrement.routes import choisir

    delai = mise_en_demeure.delai(dossier, jur)
    if delai.echeance is None:
        motif = delai.motif
        if dossier.mise_en_demeure is None:
            motif = (
                "mise en demeure enregistrée au journal mais sans ses dates : renseignez l'envoi "
                "et la réception (ou la première présentation)"
            )
        return Action(
            dossier.reference, "suivi_mise_en_demeure", le, None, None, None,
            f"Délai de la mise en demeure inconnu : {motif}.", False, (), None, delai.references,
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


# --- principal paid, accessories left ---------------------------------------------------------


def _liste(elements: list[str]) -> str:
    return elements[0] if len(elements) == 1 else ", ".join(elements[:-1]) + " et " + elements[-1]


def _de(nom: str) -> str:
    """'de pénalités', 'd'intérêts' (elision before a vowel)."""
    return f"d'{nom}" if nom[:1] in "aeiouéèêî" else f"de {nom}"


def reste_du(dc: decompte.Decompte, facture: str | None = None) -> Decimal:
    """What the décompte still finds due, on one invoice or on all: principal left after the
    payments were imputed (on interest first, C. civ. 1343-1; a public buyer's on the principal
    first, CCP R2192-36), accessories, indemnities."""
    return sum(
        (
            ligne.total_du
            for ligne in dc.lignes
            if facture is None or ligne.facture.numero == facture
        ),
        Decimal(0),
    )  # fmt: skip


def detail_reste_du(dc: decompte.Decompte, type_debiteur: str, facture: str | None = None) -> str:
    """The parts of `reste_du` in French: "10,70 € d'intérêts moratoires, 40,00 € d'indemnité
    forfaitaire et 363,06 € de principal (...)"; empty when nothing is due."""
    lignes = [x for x in dc.lignes if facture is None or x.facture.numero == facture]
    accessoires = sum((x.accessoires for x in lignes), Decimal(0))
    indemnites = sum((x.indemnite_restante for x in lignes), Decimal(0))
    principal = sum((x.principal for x in lignes), Decimal(0))
    elements: list[str] = []
    if accessoires > 0:
        elements.append(f"{montant_fr(accessoires)} {_de(ACCESSOIRES[type_debiteur])}")
    if indemnites > 0:
        elements.append(f"{montant_fr(indemnites)} d'indemnité forfaitaire")
    if principal > 0 and dc.regime.principal_d_abord:  # public buyer: principal first
        elements.append(f"{montant_fr(principal)} de principal")
    elif principal > 0:
        elements.append(
            f"{montant_fr(principal)} de principal (paiements imputés d'abord sur les "
            "accessoires, C. civ. art. 1343-1)"
        )
    return _liste(elements) if elements else ""


def _par_facture(valeurs: dict[str, date]) -> str:
    """'le 16/03/2026' when every invoice shares the date, else 'le 16/03/2026 (FA-1) et le
    20/04/2026 (FA-2)'."""
    if len(set(valeurs.values())) == 1:
        return f"le {_jj(next(iter(valeurs.values())))}"
    return _liste([f"le {_jj(jour)} ({numero})" for numero, jour in valeurs.items()])


def _delai_public(dc: decompte.Decompte) -> tuple[str, str]:
    """A public buyer whose principal is paid: when each invoice's principal was paid, and
    the R2192-36 deadline of the interest and indemnity still due (the décompte's dates).
    Empty texts when the décompte knows no such date (principal cleared by credit notes)."""
    payes: dict[str, date] = {}
    limites: dict[str, date] = {}
    durees: set[int] = set()
    for x in dc.lignes:
        if x.principal_solde_le is None or x.echeance_accessoires is None:
            continue
        payes[x.facture.numero] = x.principal_solde_le
        if x.accessoires + x.indemnite_restante > 0:
            limites[x.facture.numero] = x.echeance_accessoires.echeance
            durees.add(x.echeance_accessoires.duree)
    if not limites or len(durees) != 1:
        return "", ""
    return (
        f" {_par_facture(payes)}",
        f", payables dans les {durees.pop()} jours suivant la mise en paiement du principal "
        f"(CCP art. R2192-36), soit au plus tard {_par_facture(limites)}",
    )


def _suite_accessoires(dossier: Dossier) -> str:
    return (
        f"à réclamer par l'envoi du décompte de créance (escalade lettre {dossier.reference} "
        "--modele decompte) ou à abandonner ; aucune relance automatique. Une fois réclamés, "
        f"enregistrez l'envoi (escalade contact {dossier.reference} --canal courrier --objet "
        f"{RECLAMATION_ACCESSOIRES}) ; abandonnés, la décision (escalade abandon-accessoires "
        f"{dossier.reference} --date AAAA-MM-JJ --motif ...) ; dans un fichier de dossier, un "
        f"contact d'objet « {RECLAMATION_ACCESSOIRES} » ou « {ABANDON_ACCESSOIRES} » : cette "
        "action ne reviendra plus."
    )


def _accessoires_non_calculables(
    dossier: Dossier, le: date, jur: Jurisprudence, erreur: DonneeJuridiqueManquante
) -> Action:
    """A rate the legal data does not cover yet: the accessories are said, never guessed."""
    type_debiteur = dossier.debiteur.type
    try:
        references = list(decompte.regime(jur, dossier).references)
    except DonneeJuridiqueManquante:
        references = []
    if type_debiteur == "personne_publique":
        references += REFERENCES_PUBLIC_SANS_DEMANDE
    quoi = ACCESSOIRES[type_debiteur]
    if type_debiteur != "consommateur":  # never an indemnity against a consumer (D441-5)
        quoi += ", indemnité forfaitaire"
    return Action(
        dossier.reference, "accessoires_restants", le, None, None, None,
        f"Principal des factures payé, mais des accessoires de retard ({quoi}) peuvent "
        f"rester dus : leur montant ne peut pas encore être calculé au {_jj(le)}, faute de "
        f"donnée juridique ({erreur.message}). Aucun montant n'est avancé ; "
        f"{_suite_accessoires(dossier)}",
        False, (), None, tuple(dict.fromkeys(references)),
    )  # fmt: skip


def _accessoires_restants(
    dossier: Dossier, le: date, jur: Jurisprudence, faites: dict[str, date]
) -> Action | None:
    """The late-payment accessories still due on a dossier whose principal is paid.

    Informational only (no channel, no document, not sent through the gate: the claim itself
    is a contact, checked when recorded): None once the creditor recorded a claim or a waiver
    (in the store, a waiver transition is filtered by `escalade.stockage.planification`), or
    when the décompte finds nothing left (paid on time; consumer without a mise en demeure).
    """
    if any(objet in faites for objet in OBJETS_ACCESSOIRES_TRAITES):
        return None
    try:
        dc = decompte.calculer(dossier, le, jur)
    except DonneeJuridiqueManquante as e:
        return _accessoires_non_calculables(dossier, le, jur, e)
    if dc.total <= 0:
        return None
    type_debiteur = dossier.debiteur.type
    public = type_debiteur == "personne_publique"
    elements: list[str] = []
    accessoires = dc.penalites + dc.interets
    if accessoires > 0:
        articles = ", ".join(r for r in dc.regime.references if " art. " in r)
        elements.append(f"{montant_fr(accessoires)} {_de(ACCESSOIRES[type_debiteur])} ({articles})")
    if dc.indemnites > 0:
        en_retard = sum(1 for ligne in dc.lignes if ligne.indemnite_due > ligne.indemnite_payee)
        pluriel = "s" if en_retard > 1 else ""
        articles = "" if public else " ; " + ", ".join(indemnite_forfaitaire.REFERENCES)
        elements.append(
            f"{montant_fr(dc.indemnites)} d'indemnité forfaitaire pour frais de recouvrement "
            f"({en_retard} facture{pluriel} payée{pluriel} en retard{articles})"
        )
    references = list(dc.references)
    # Public buyer: payable within R2192-36's delay after the principal (its date when known).
    paye_le, delai = _delai_public(dc) if public and dc.principal == 0 else ("", "")
    if dc.principal > 0 and public:
        # The gate settles on the principal alone; a payment assigned to an invoice stays on
        # it here (principal, then its interest and indemnity), so another may keep principal.
        elements.append(f"{montant_fr(dc.principal)} de principal, qui produit encore des intérêts")
        tete = (
            "Principal des factures payé si les paiements s'imputent sur le principal de toutes "
            f"les factures ; le décompte au {_jj(le)}, qui laisse un paiement affecté sur sa "
            "facture (principal, puis intérêts et indemnité, CCP art. R2192-36), trouve encore "
            "dus : "
        )
    elif dc.principal > 0:  # 1343-1: the décompte imputed the payments on interest first
        elements.append(
            f"{montant_fr(dc.principal)} de principal, qui produit encore des "
            f"{ACCESSOIRES[type_debiteur].split()[0]}"
        )
        tete = (
            "Principal des factures payé si les paiements s'imputent sur le principal ; le "
            f"décompte au {_jj(le)}, qui les impute d'abord sur les intérêts et pénalités "
            "(C. civ. art. 1343-1), trouve encore dus : "
        )
        references += REFERENCES_IMPUTATION_INTERETS
    else:
        tete = (
            f"Principal des factures payé{paye_le} ; restent dus selon le décompte au {_jj(le)} : "
        )
    motif = f"{tete}{_liste(elements)}, soit {montant_fr(dc.total)}"
    if public:
        motif += (
            " ; débiteur public (décret n° 2013-269 du 29 mars 2013) : intérêts moratoires et "
            "indemnité forfaitaire sont dus sans demande du créancier"
            + (delai or ", payables dans le délai de l'art. R2192-36 CCP suivant la mise en "
               "paiement du principal")
        )  # fmt: skip
        references += REFERENCES_PUBLIC_SANS_DEMANDE
    return Action(
        dossier.reference, "accessoires_restants", le, None, None, None,
        f"{motif} ; {_suite_accessoires(dossier)}", False, (), None,
        tuple(dict.fromkeys(references)),
    )  # fmt: skip


# --- the plan ----------------------------------------------------------------------------------


def _declaration(
    dossier: Dossier, le: date, jur: Jurisprudence, faites: dict[str, date]
) -> Action | None:
    if "declaration_creance" in faites:
        return None
    declaration = declaration_creance(dossier, jur)
    assert declaration is not None
    if declaration.limite is None:
        quand = declaration.motif
    elif declaration.limite < le:
        quand = (
            f"délai expiré le {_jj(declaration.limite)} ; relevé de forclusion à demander au "
            f"juge-commissaire au plus tard le {_jj(declaration.releve_forclusion_jusqu_au)}"
            if declaration.releve_forclusion_jusqu_au
            else f"délai expiré le {_jj(declaration.limite)}"
        )
    else:
        quand = f"au plus tard le {_jj(declaration.limite)} ({declaration.motif})"
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
        return _accessoires_restants(dossier, le, jur, faites)
    if all(e.payee or e.prescription.acquise for e in etats):
        prescrit = Action(
            dossier.reference, "prescrit", le, None, None, None,
            "Toutes les factures impayées sont prescrites : plus d'action en paiement.",
            False, (), None,
        )  # fmt: skip
        return _controler(prescrit, dossier, politique, jur, journal)
    action: Action | None = _confirmation(dossier, faites, le)
    if action is None and "mise_en_demeure" not in faites:
        action = _amiable(dossier, le, politique, etats, faites)
    if action is None:
        action = _route(dossier, le, jur, faites)
    if action is None:
        return None
    return _controler(action, dossier, politique, jur, journal)
