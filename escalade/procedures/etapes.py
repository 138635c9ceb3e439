"""Dated transitions of a dossier (SPEC section 2): explicit events, illegal ones refused.

`appliquer(dossier, evenement, le, jur)` returns a new dossier with the event recorded and
its étape and history updated, or raises `TransitionRefusee` with the reason and the
articles. Refused, for instance:
- an event dated after `le` (a transition records what happened);
- a mise en demeure on a settled dossier (C. civ. art. 1342), during a respected payment
  plan (C. civ. art. 1305-2) or on time-barred invoices;
- an injonction de payer or petites créances on a disputed invoice (CPC art. 1405; CPCE
  L125-1: a certain claim), petites créances above the cap (CPCE R125-1);
- any new step, payment plan or payment of a prior claim during a collective proceeding
  (C. com. art. L622-7, L622-21);
- a waiver of the late-payment accessories before the principal is paid, or with nothing
  left to waive (the décompte, payments imputed on interest first, C. civ. 1343-1);
- after filing, a court record out of sequence (CPC art. 1409-1422, CPCE L125-1).

The events are the models of `escalade.procedures.evenements`; the court transitions (the
route step and the records after filing) are in `escalade.procedures.transitions_judiciaires`,
the checks both kinds share in `escalade.procedures.transitions_communes`.

The étape is derived after each event: suspendu during a collective proceeding, a respected
payment plan or when every unpaid invoice is disputed; solde once the principal is paid;
prescrit when every unpaid invoice is time-barred; otherwise the last step reached.
"""

from __future__ import annotations

from datetime import date

from escalade.droit import decompte
from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import DonneeJuridiqueManquante, EntreeInvalide
from escalade.droit.format_fr import montant_fr
from escalade.droit.modele import (
    Avoir as AvoirModele,
)
from escalade.droit.modele import Dossier, Echeancier, EtapeDatee, Litige, MiseEnDemeure
from escalade.droit.modele import (
    Paiement as PaiementModele,
)
from escalade.droit.parties import ProcedureCollective as ProcedureModele
from escalade.droit.valeurs import Etape
from escalade.procedures.evenements import (
    AccessoiresAbandonnes,
    Avoir,
    EcheanceManquee,
    EcheancierConvenu,
    EtapeRoute,
    Evenement,
    InjonctionDeposee,
    InjonctionExecutoire,
    InjonctionOpposition,
    InjonctionOrdonnance,
    InjonctionRejetee,
    InjonctionSignifiee,
    LitigeClos,
    LitigeOuvert,
    MiseEnDemeureEnvoyee,
    MiseEnDemeureNonReclamee,
    MiseEnDemeureRecue,
    Paiement,
    PetitesCreancesAccord,
    PetitesCreancesDemandee,
    PetitesCreancesInvitation,
    PetitesCreancesRefus,
    ProcedureCollectiveOuverte,
)
from escalade.procedures.transitions_communes import (
    REF_L622_7,
    REF_L622_21,
    REF_SOLDE,
    REF_TERME,
    exigible,
    facture_connue,
    franchir,
    jj,
    pas_de_procedure,
    refus,
)
from escalade.procedures.transitions_judiciaires import (
    inj_deposee,
    inj_executoire,
    inj_opposition,
    inj_ordonnance,
    inj_rejetee,
    inj_signifiee,
    pc_accord,
    pc_demandee,
    pc_invitation,
    pc_refus,
    route,
)
from escalade.recouvrement.etat_creance import (
    echeance_manquee,
    echeancier_en_cours,
    echeancier_respecte,
    etats_factures,
    litige_ouvert,
    procedure_en_cours,
)
from escalade.recouvrement.reste_du import reste_du

ETATS: tuple[str, ...] = ("solde", "suspendu", "prescrit", "irrecouvrable")
ROUTES: tuple[str, ...] = ("injonction_de_payer", "petites_creances", "assignation")


def _date_evenement(e: Evenement) -> date:
    for champ in ("date", "ouvert_le", "clos_le", "convenu_le", "constatee_le", "envoyee_le",
                  "recue_le", "premiere_presentation_le", "jugement_le", "le",
                  "requete_deposee_le", "ordonnance_le", "rejetee_le", "signifiee_le",
                  "opposition_le", "executoire_le", "demande_le", "invitation_envoyee_le",
                  "accord_le", "refus_le"):  # fmt: skip
        valeur = getattr(e, champ, None)
        if isinstance(valeur, date):
            return valeur
    raise AssertionError(type(e).__name__)


# --- the derived étape --------------------------------------------------------------------


def etat(dossier: Dossier, le: date, jur: Jurisprudence) -> Etape | None:
    """The étape a dossier is in on `le`, derived from its facts."""
    if procedure_en_cours(dossier, le):
        return "suspendu"
    etats = etats_factures(dossier, le, jur)
    impayees = [e for e in etats if not e.payee]
    if not impayees:
        return "solde"
    if all(e.prescription.acquise for e in impayees):
        return "prescrit"
    if echeancier_respecte(dossier, le) is not None or all(e.litige for e in impayees):
        return "suspendu"
    atteintes = [h for h in dossier.historique if h.etape not in ETATS]
    return atteintes[-1].etape if atteintes else None


def _avec_etat(dossier: Dossier, le: date, jur: Jurisprudence, motif: str) -> Dossier:
    nouvel = etat(dossier, le, jur)
    if nouvel is None or nouvel == dossier.etape:
        return dossier.model_copy(update={"etape": nouvel})
    historique = [*dossier.historique, EtapeDatee(etape=nouvel, le=le, motif=motif)]
    return dossier.model_copy(update={"etape": nouvel, "historique": historique})


# --- one handler per event --------------------------------------------------------------------


def _paiement(d: Dossier, e: Paiement, le: date, jur: Jurisprudence) -> Dossier:
    if e.facture is not None:
        facture_connue(d, e.facture)
    pas_de_procedure(d, e.date, "Paiement d'une créance antérieure", REF_L622_7)
    p = PaiementModele(date=e.date, montant=e.montant, facture=e.facture, reference=e.reference)
    d = d.model_copy(update={"paiements": [*d.paiements, p]})
    return _avec_etat(d, e.date, jur, f"paiement de {e.montant} € le {jj(e.date)}")


def _avoir(d: Dossier, e: Avoir, le: date, jur: Jurisprudence) -> Dossier:
    facture_connue(d, e.facture)
    a = AvoirModele(numero=e.numero, date=e.date, montant=e.montant, facture=e.facture)
    d = d.model_copy(update={"avoirs": [*d.avoirs, a]})
    return _avec_etat(d, e.date, jur, f"avoir de {e.montant} € sur la facture {e.facture}")


def _litige_ouvert(d: Dossier, e: LitigeOuvert, le: date, jur: Jurisprudence) -> Dossier:
    facture_connue(d, e.facture)
    if litige_ouvert(d, e.facture, e.ouvert_le) is not None:
        raise refus(f"Un litige est déjà ouvert sur la facture {e.facture}.")
    lit = Litige(facture=e.facture, ouvert_le=e.ouvert_le, motif=e.motif)
    d = d.model_copy(update={"litiges": [*d.litiges, lit]})
    return _avec_etat(d, e.ouvert_le, jur, f"litige ouvert sur la facture {e.facture}")


def _litige_clos(d: Dossier, e: LitigeClos, le: date, jur: Jurisprudence) -> Dossier:
    facture_connue(d, e.facture)
    ouvert = litige_ouvert(d, e.facture, e.clos_le)
    if ouvert is None:
        raise refus(f"Aucun litige ouvert sur la facture {e.facture} au {jj(e.clos_le)}.")
    litiges = [
        lit.model_copy(update={"clos_le": e.clos_le}) if lit is ouvert else lit for lit in d.litiges
    ]
    d = d.model_copy(update={"litiges": litiges})
    return _avec_etat(d, e.clos_le, jur, f"litige clos sur la facture {e.facture}")


def _echeancier(d: Dossier, e: EcheancierConvenu, le: date, jur: Jurisprudence) -> Dossier:
    pas_de_procedure(d, e.convenu_le, "Échéancier", REF_L622_7 + REF_L622_21)
    if not e.echeances:
        raise EntreeInvalide("un échéancier compte au moins une échéance", champ="echeances")
    if any(x.date < e.convenu_le for x in e.echeances):
        raise EntreeInvalide("une échéance précède la date de l'accord", champ="echeances")
    if all(x.payee for x in etats_factures(d, e.convenu_le, jur)):
        raise refus("Échéancier refusé : le dossier est soldé.", REF_SOLDE)
    if echeancier_respecte(d, e.convenu_le) is not None:
        raise refus("Un échéancier est déjà en cours et respecté ; déclarez-le d'abord rompu.")
    ech = Echeancier(convenu_le=e.convenu_le, echeances=list(e.echeances))
    d = d.model_copy(update={"echeanciers": [*d.echeanciers, ech]})
    return _avec_etat(d, e.convenu_le, jur, f"échéancier convenu le {jj(e.convenu_le)}")


def _echeance_manquee(d: Dossier, e: EcheanceManquee, le: date, jur: Jurisprudence) -> Dossier:
    ech = echeancier_en_cours(d, e.constatee_le)
    if ech is None:
        raise refus(f"Aucun échéancier en cours au {jj(e.constatee_le)}.")
    if all(x.date != e.echeance for x in ech.echeances):
        raise refus(f"Aucune échéance convenue le {jj(e.echeance)}.")
    if e.constatee_le <= e.echeance:
        raise refus(
            f"L'échéance du {jj(e.echeance)} ne peut être constatée manquée qu'après ce jour.",
            REF_TERME,
        )
    manquee = echeance_manquee(d, ech, e.constatee_le)
    if manquee is None or manquee.date > e.echeance:
        raise refus(
            f"L'échéance du {jj(e.echeance)} est couverte par les paiements reçus à temps : "
            "l'échéancier est respecté.",
            REF_TERME,
        )
    echeanciers = [
        x.model_copy(update={"rompu_le": e.constatee_le}) if x is ech else x for x in d.echeanciers
    ]
    d = d.model_copy(update={"echeanciers": echeanciers})
    return _avec_etat(d, e.constatee_le, jur, f"échéance du {jj(e.echeance)} manquée")


def _med_envoyee(d: Dossier, e: MiseEnDemeureEnvoyee, le: date, jur: Jurisprudence) -> Dossier:
    pas_de_procedure(d, e.envoyee_le, "Mise en demeure", REF_L622_21)
    exigible(d, e.envoyee_le, jur, "Mise en demeure")
    if d.mise_en_demeure is not None:
        raise refus(
            f"Une mise en demeure a déjà été envoyée le {jj(d.mise_en_demeure.envoyee_le)}."
        )
    med = MiseEnDemeure(
        envoyee_le=e.envoyee_le, delai_jours=e.delai_jours, numero_lrar=e.numero_lrar
    )
    d = d.model_copy(update={"mise_en_demeure": med})
    return franchir(
        d, "mise_en_demeure", e.envoyee_le, f"LRAR envoyée, délai {e.delai_jours} jours"
    )


def _med_existante(d: Dossier, le: date) -> MiseEnDemeure:
    if d.mise_en_demeure is None:
        raise refus("Aucune mise en demeure envoyée dans ce dossier.")
    if le < d.mise_en_demeure.envoyee_le:
        envoi = jj(d.mise_en_demeure.envoyee_le)
        raise refus(f"Date antérieure à l'envoi de la mise en demeure ({envoi}).")
    return d.mise_en_demeure


def _med_recue(d: Dossier, e: MiseEnDemeureRecue, le: date, jur: Jurisprudence) -> Dossier:
    med = _med_existante(d, e.recue_le)
    nouvelle = med.model_copy(update={"recue_le": e.recue_le, "non_reclamee": False})
    return d.model_copy(update={"mise_en_demeure": nouvelle})


def _med_non_reclamee(
    d: Dossier, e: MiseEnDemeureNonReclamee, le: date, jur: Jurisprudence
) -> Dossier:
    med = _med_existante(d, e.premiere_presentation_le)
    if med.recue_le is not None:
        raise refus(f"La mise en demeure a été reçue le {jj(med.recue_le)}.")
    nouvelle = med.model_copy(
        update={"premiere_presentation_le": e.premiere_presentation_le, "non_reclamee": True}
    )
    return d.model_copy(update={"mise_en_demeure": nouvelle})


def _procedure(d: Dossier, e: ProcedureCollectiveOuverte, le: date, jur: Jurisprudence) -> Dossier:
    actuelle = d.debiteur.procedure_collective
    if actuelle is not None and actuelle.jugement_le >= e.jugement_le:
        raise refus(
            f"Une procédure collective est déjà enregistrée (jugement du "
            f"{jj(actuelle.jugement_le)}) ; une conversion porte une date postérieure."
        )
    pc = ProcedureModele(
        type=e.procedure, jugement_le=e.jugement_le, publication_bodacc_le=e.publication_bodacc_le
    )
    debiteur = d.debiteur.model_copy(update={"procedure_collective": pc})
    d = d.model_copy(update={"debiteur": debiteur})
    return _avec_etat(d, e.jugement_le, jur, f"{e.procedure.replace('_', ' ')} ouvert(e)")


def _accessoires_abandonnes(
    d: Dossier, e: AccessoiresAbandonnes, le: date, jur: Jurisprudence
) -> Dossier:
    """Only once every invoice's principal is paid (before, the décompte still claims them),
    and only when the décompte finds something due; an amount that a missing rate keeps
    from being computed may still be waived (nothing is guessed, the waiver covers it)."""
    impayees = [x for x in etats_factures(d, e.le, jur) if not x.payee]
    if impayees:
        detail = ", ".join(f"{x.numero} ({montant_fr(x.restant)})" for x in impayees)
        raise refus(
            f"Abandon des accessoires refusé : au {jj(e.le)}, le principal reste dû sur "
            f"{detail} ; l'abandon porte sur les accessoires de retard restant dus une fois "
            "le principal payé."
        )
    try:
        du = reste_du(decompte.calculer(d, e.le, jur, a_parfaire_permis=False))
    except DonneeJuridiqueManquante:
        du = None
    if du is not None and du <= 0:
        raise refus(
            f"Rien à abandonner : le principal est payé et le décompte au {jj(e.le)} ne trouve "
            "ni pénalité, ni intérêt, ni indemnité restant dus.",
            REF_SOLDE,
        )
    return _avec_etat(d, e.le, jur, f"accessoires de retard abandonnés le {jj(e.le)}")


_GESTIONNAIRES = {
    Paiement: _paiement,
    Avoir: _avoir,
    LitigeOuvert: _litige_ouvert,
    LitigeClos: _litige_clos,
    EcheancierConvenu: _echeancier,
    EcheanceManquee: _echeance_manquee,
    MiseEnDemeureEnvoyee: _med_envoyee,
    MiseEnDemeureRecue: _med_recue,
    MiseEnDemeureNonReclamee: _med_non_reclamee,
    ProcedureCollectiveOuverte: _procedure,
    EtapeRoute: route,
    AccessoiresAbandonnes: _accessoires_abandonnes,
    InjonctionDeposee: inj_deposee,
    InjonctionOrdonnance: inj_ordonnance,
    InjonctionRejetee: inj_rejetee,
    InjonctionSignifiee: inj_signifiee,
    InjonctionOpposition: inj_opposition,
    InjonctionExecutoire: inj_executoire,
    PetitesCreancesDemandee: pc_demandee,
    PetitesCreancesInvitation: pc_invitation,
    PetitesCreancesAccord: pc_accord,
    PetitesCreancesRefus: pc_refus,
}


def appliquer(dossier: Dossier, evenement: Evenement, le: date, jur: Jurisprudence) -> Dossier:
    """The dossier after `evenement`, recorded on `le`; TransitionRefusee when illegal."""
    quand = _date_evenement(evenement)
    if quand > le:
        raise refus(
            f"Événement daté du {jj(quand)}, postérieur au {jj(le)} : une transition "
            "enregistre ce qui a eu lieu."
        )
    gestionnaire = _GESTIONNAIRES[type(evenement)]
    return gestionnaire(dossier, evenement, le, jur)  # type: ignore[operator]
