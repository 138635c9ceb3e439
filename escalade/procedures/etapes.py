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
- after filing, a court record out of sequence: an ordonnance dated before its requête,
  service of an ordonnance not recorded, enforceability within the month of opposition
  (CPC art. 1416, 1422) or after an opposition, an agreement and a refusal of the same
  petites créances procedure (CPCE L125-1). Recording the same court fact twice changes
  nothing; a different date for a fact already recorded is refused.

The étape is derived after each event: suspendu during a collective proceeding, a respected
payment plan or when every unpaid invoice is disputed; solde once the principal is paid;
prescrit when every unpaid invoice is time-barred; otherwise the last step reached.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from escalade.droit.erreurs import EntreeInvalide, TransitionRefusee
from escalade.droit.jurisprudence import Jurisprudence
from escalade.droit.modele import (
    Avoir as AvoirModele,
)
from escalade.droit.modele import (
    DateJ,
    Dossier,
    EcheanceConvenue,
    Echeancier,
    Etape,
    EtapeDatee,
    Injonction,
    Litige,
    MiseEnDemeure,
    Montant,
    MontantPositif,
    PetitesCreances,
    Texte,
    TypeProcedure,
)
from escalade.droit.modele import (
    Paiement as PaiementModele,
)
from escalade.droit.modele import (
    ProcedureCollective as ProcedureModele,
)
from escalade.recouvrement.conformite import (
    echeance_manquee,
    echeancier_en_cours,
    echeancier_respecte,
    etats_factures,
    litige_ouvert,
    procedure_en_cours,
)

ETATS: tuple[str, ...] = ("solde", "suspendu", "prescrit", "irrecouvrable")
ROUTES: tuple[str, ...] = ("injonction_de_payer", "petites_creances", "assignation")
REF_L622_21 = ("C. com. art. L622-21",)
REF_L622_7 = ("C. com. art. L622-7",)
REF_SOLDE = ("C. civ. art. 1342",)
REF_TERME = ("C. civ. art. 1103", "C. civ. art. 1305-2")
REF_INJONCTION = ("CPC art. 1405",)
REF_PETITES_CREANCES = ("CPCE art. L125-1", "CPCE art. R125-1")
REF_ORDONNANCE = ("CPC art. 1409",)
REF_SIGNIFICATION = ("CPC art. 1411",)
REF_OPPOSITION = ("CPC art. 1416",)
REF_EXECUTOIRE = ("CPC art. 1416", "CPC art. 1422")
REF_SUBSTITUTION = ("CPC art. 1420",)
REF_L125_1 = ("CPCE art. L125-1",)


class _Evenement(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Paiement(_Evenement):
    type: Literal["paiement"] = "paiement"
    date: DateJ
    montant: MontantPositif
    facture: Texte | None = None
    reference: Texte | None = None


class Avoir(_Evenement):
    type: Literal["avoir"] = "avoir"
    date: DateJ
    montant: MontantPositif
    facture: Texte
    numero: Texte | None = None


class LitigeOuvert(_Evenement):
    type: Literal["litige_ouvert"] = "litige_ouvert"
    facture: Texte
    ouvert_le: DateJ
    motif: Texte


class LitigeClos(_Evenement):
    type: Literal["litige_clos"] = "litige_clos"
    facture: Texte
    clos_le: DateJ


class EcheancierConvenu(_Evenement):
    type: Literal["echeancier_convenu"] = "echeancier_convenu"
    convenu_le: DateJ
    echeances: list[EcheanceConvenue]


class EcheanceManquee(_Evenement):
    type: Literal["echeance_manquee"] = "echeance_manquee"
    echeance: DateJ  # the date of the missed instalment
    constatee_le: DateJ


class MiseEnDemeureEnvoyee(_Evenement):
    type: Literal["mise_en_demeure_envoyee"] = "mise_en_demeure_envoyee"
    envoyee_le: DateJ
    delai_jours: Annotated[int, Field(ge=1, le=60)] = 8
    numero_lrar: Texte | None = None


class MiseEnDemeureRecue(_Evenement):
    type: Literal["mise_en_demeure_recue"] = "mise_en_demeure_recue"
    recue_le: DateJ


class MiseEnDemeureNonReclamee(_Evenement):
    type: Literal["mise_en_demeure_non_reclamee"] = "mise_en_demeure_non_reclamee"
    premiere_presentation_le: DateJ


class ProcedureCollectiveOuverte(_Evenement):
    type: Literal["procedure_collective_ouverte"] = "procedure_collective_ouverte"
    procedure: TypeProcedure
    jugement_le: DateJ
    publication_bodacc_le: DateJ | None = None


class EtapeRoute(_Evenement):
    """A court step taken: injonction de payer filed, petites créances started, claim served."""

    type: Literal["etape_route"] = "etape_route"
    etape: Literal["injonction_de_payer", "petites_creances", "assignation"]
    le: DateJ
    factures: list[Texte] | None = None  # None: every unpaid invoice
    montant_reclame: Montant | None = None  # principal + interest, for the small-claims cap


class AccessoiresAbandonnes(_Evenement):
    """The creditor gives up the late-payment accessories still due once the principal is paid
    (escalade.recouvrement.plan, step accessoires_restants): a decision of the creditor, not a
    contact."""

    type: Literal["accessoires_abandonnes"] = "accessoires_abandonnes"
    le: DateJ


# --- after filing: the court records of escalade.procedures.injonction_de_payer and
# petites_creances ---


class InjonctionDeposee(_Evenement):
    """The requête en injonction de payer filed (the route step, CPC 1405-1407)."""

    type: Literal["injonction_deposee"] = "injonction_deposee"
    requete_deposee_le: DateJ


class InjonctionOrdonnance(_Evenement):
    type: Literal["injonction_ordonnance"] = "injonction_ordonnance"
    ordonnance_le: DateJ


class InjonctionRejetee(_Evenement):
    type: Literal["injonction_rejetee"] = "injonction_rejetee"
    rejetee_le: DateJ


class InjonctionSignifiee(_Evenement):
    type: Literal["injonction_signifiee"] = "injonction_signifiee"
    signifiee_le: DateJ
    a_personne: bool = True  # CPC 1416 al. 2 when False


class InjonctionOpposition(_Evenement):
    type: Literal["injonction_opposition"] = "injonction_opposition"
    opposition_le: DateJ


class InjonctionExecutoire(_Evenement):
    type: Literal["injonction_executoire"] = "injonction_executoire"
    executoire_le: DateJ


class PetitesCreancesDemandee(_Evenement):
    """The request to the commissaire de justice (the route step, CPCE L125-1)."""

    type: Literal["petites_creances_demandee"] = "petites_creances_demandee"
    demande_le: DateJ
    commissaire_nom: Texte | None = None


class PetitesCreancesInvitation(_Evenement):
    type: Literal["petites_creances_invitation"] = "petites_creances_invitation"
    invitation_envoyee_le: DateJ


class PetitesCreancesAccord(_Evenement):
    type: Literal["petites_creances_accord"] = "petites_creances_accord"
    accord_le: DateJ
    montant_accord: MontantPositif | None = None
    echeances: list[EcheanceConvenue] = Field(default_factory=list)


class PetitesCreancesRefus(_Evenement):
    type: Literal["petites_creances_refus"] = "petites_creances_refus"
    refus_le: DateJ


EvenementProcedure = (
    InjonctionDeposee
    | InjonctionOrdonnance
    | InjonctionRejetee
    | InjonctionSignifiee
    | InjonctionOpposition
    | InjonctionExecutoire
    | PetitesCreancesDemandee
    | PetitesCreancesInvitation
    | PetitesCreancesAccord
    | PetitesCreancesRefus
)

Evenement = (
    Paiement
    | Avoir
    | LitigeOuvert
    | LitigeClos
    | EcheancierConvenu
    | EcheanceManquee
    | MiseEnDemeureEnvoyee
    | MiseEnDemeureRecue
    | MiseEnDemeureNonReclamee
    | ProcedureCollectiveOuverte
    | EtapeRoute
    | AccessoiresAbandonnes
    | EvenementProcedure
)


def _refus(message: str, articles: tuple[str, ...] = ()) -> TransitionRefusee:
    return TransitionRefusee(message, articles=articles)


def _jj(d: date) -> str:
    return f"{d:%d/%m/%Y}"


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


def _facture_connue(dossier: Dossier, numero: str) -> None:
    if all(f.numero != numero for f in dossier.factures):
        raise EntreeInvalide(
            f"facture « {numero} » absente du dossier {dossier.reference}", champ="facture"
        )


def _pas_de_procedure(dossier: Dossier, le: date, quoi: str, articles: tuple[str, ...]) -> None:
    if procedure_en_cours(dossier, le):
        pc = dossier.debiteur.procedure_collective
        assert pc is not None
        raise _refus(
            f"{quoi} refusé(e) : procédure collective ouverte le {_jj(pc.jugement_le)} ; "
            "seule la déclaration de créance au mandataire judiciaire est possible.",
            articles,
        )


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


def _franchir(dossier: Dossier, etape: Etape, le: date, motif: str) -> Dossier:
    historique = [*dossier.historique, EtapeDatee(etape=etape, le=le, motif=motif)]
    return dossier.model_copy(update={"etape": etape, "historique": historique})


# --- one handler per event --------------------------------------------------------------------


def _paiement(d: Dossier, e: Paiement, le: date, jur: Jurisprudence) -> Dossier:
    if e.facture is not None:
        _facture_connue(d, e.facture)
    _pas_de_procedure(d, e.date, "Paiement d'une créance antérieure", REF_L622_7)
    p = PaiementModele(date=e.date, montant=e.montant, facture=e.facture, reference=e.reference)
    d = d.model_copy(update={"paiements": [*d.paiements, p]})
    return _avec_etat(d, e.date, jur, f"paiement de {e.montant} € le {_jj(e.date)}")


def _avoir(d: Dossier, e: Avoir, le: date, jur: Jurisprudence) -> Dossier:
    _facture_connue(d, e.facture)
    a = AvoirModele(numero=e.numero, date=e.date, montant=e.montant, facture=e.facture)
    d = d.model_copy(update={"avoirs": [*d.avoirs, a]})
    return _avec_etat(d, e.date, jur, f"avoir de {e.montant} € sur la facture {e.facture}")


def _litige_ouvert(d: Dossier, e: LitigeOuvert, le: date, jur: Jurisprudence) -> Dossier:
    _facture_connue(d, e.facture)
    if litige_ouvert(d, e.facture, e.ouvert_le) is not None:
        raise _refus(f"Un litige est déjà ouvert sur la facture {e.facture}.")
    lit = Litige(facture=e.facture, ouvert_le=e.ouvert_le, motif=e.motif)
    d = d.model_copy(update={"litiges": [*d.litiges, lit]})
    return _avec_etat(d, e.ouvert_le, jur, f"litige ouvert sur la facture {e.facture}")


def _litige_clos(d: Dossier, e: LitigeClos, le: date, jur: Jurisprudence) -> Dossier:
    _facture_connue(d, e.facture)
    ouvert = litige_ouvert(d, e.facture, e.clos_le)
    if ouvert is None:
        raise _refus(f"Aucun litige ouvert sur la facture {e.facture} au {_jj(e.clos_le)}.")
    litiges = [
        lit.model_copy(update={"clos_le": e.clos_le}) if lit is ouvert else lit for lit in d.litiges
    ]
    d = d.model_copy(update={"litiges": litiges})
    return _avec_etat(d, e.clos_le, jur, f"litige clos sur la facture {e.facture}")


def _echeancier(d: Dossier, e: EcheancierConvenu, le: date, jur: Jurisprudence) -> Dossier:
    _pas_de_procedure(d, e.convenu_le, "Échéancier", REF_L622_7 + REF_L622_21)
    if not e.echeances:
        raise EntreeInvalide("un échéancier compte au moins une échéance", champ="echeances")
    if any(x.date < e.convenu_le for x in e.echeances):
        raise EntreeInvalide("une échéance précède la date de l'accord", champ="echeances")
    if all(x.payee for x in etats_factures(d, e.convenu_le, jur)):
        raise _refus("Échéancier refusé : le dossier est soldé.", REF_SOLDE)
    if echeancier_respecte(d, e.convenu_le) is not None:
        raise _refus("Un échéancier est déjà en cours et respecté ; déclarez-le d'abord rompu.")
    ech = Echeancier(convenu_le=e.convenu_le, echeances=list(e.echeances))
    d = d.model_copy(update={"echeanciers": [*d.echeanciers, ech]})
    return _avec_etat(d, e.convenu_le, jur, f"échéancier convenu le {_jj(e.convenu_le)}")


def _echeance_manquee(d: Dossier, e: EcheanceManquee, le: date, jur: Jurisprudence) -> Dossier:
    ech = echeancier_en_cours(d, e.constatee_le)
    if ech is None:
        raise _refus(f"Aucun échéancier en cours au {_jj(e.constatee_le)}.")
    if all(x.date != e.echeance for x in ech.echeances):
        raise _refus(f"Aucune échéance convenue le {_jj(e.echeance)}.")
    if e.constatee_le <= e.echeance:
        raise _refus(
            f"L'échéance du {_jj(e.echeance)} ne peut être constatée manquée qu'après ce jour.",
            REF_TERME,
        )
    manquee = echeance_manquee(d, ech, e.constatee_le)
    if manquee is None or manquee.date > e.echeance:
        raise _refus(
            f"L'échéance du {_jj(e.echeance)} est couverte par les paiements reçus à temps : "
            "l'échéancier est respecté.",
            REF_TERME,
        )
    echeanciers = [
        x.model_copy(update={"rompu_le": e.constatee_le}) if x is ech else x for x in d.echeanciers
    ]
    d = d.model_copy(update={"echeanciers": echeanciers})
    return _avec_etat(d, e.constatee_le, jur, f"échéance du {_jj(e.echeance)} manquée")


def _exigible(d: Dossier, le: date, jur: Jurisprudence, quoi: str) -> None:
    etats = etats_factures(d, le, jur)
    if all(x.payee for x in etats):
        raise _refus(f"{quoi} refusée : le dossier est soldé.", REF_SOLDE)
    if all(x.payee or x.prescription.acquise for x in etats):
        refs = tuple(dict.fromkeys(r for x in etats for r in x.prescription.references))
        raise _refus(f"{quoi} refusée : les factures impayées sont prescrites.", refs)
    if echeancier_respecte(d, le) is not None:
        raise _refus(f"{quoi} refusée : l'échéancier convenu est respecté.", REF_TERME)


def _med_envoyee(d: Dossier, e: MiseEnDemeureEnvoyee, le: date, jur: Jurisprudence) -> Dossier:
    _pas_de_procedure(d, e.envoyee_le, "Mise en demeure", REF_L622_21)
    _exigible(d, e.envoyee_le, jur, "Mise en demeure")
    if d.mise_en_demeure is not None:
        raise _refus(
            f"Une mise en demeure a déjà été envoyée le {_jj(d.mise_en_demeure.envoyee_le)}."
        )
    med = MiseEnDemeure(
        envoyee_le=e.envoyee_le, delai_jours=e.delai_jours, numero_lrar=e.numero_lrar
    )
    d = d.model_copy(update={"mise_en_demeure": med})
    return _franchir(
        d, "mise_en_demeure", e.envoyee_le, f"LRAR envoyée, délai {e.delai_jours} jours"
    )


def _med_existante(d: Dossier, le: date) -> MiseEnDemeure:
    if d.mise_en_demeure is None:
        raise _refus("Aucune mise en demeure envoyée dans ce dossier.")
    if le < d.mise_en_demeure.envoyee_le:
        envoi = _jj(d.mise_en_demeure.envoyee_le)
        raise _refus(f"Date antérieure à l'envoi de la mise en demeure ({envoi}).")
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
        raise _refus(f"La mise en demeure a été reçue le {_jj(med.recue_le)}.")
    nouvelle = med.model_copy(
        update={"premiere_presentation_le": e.premiere_presentation_le, "non_reclamee": True}
    )
    return d.model_copy(update={"mise_en_demeure": nouvelle})


def _procedure(d: Dossier, e: ProcedureCollectiveOuverte, le: date, jur: Jurisprudence) -> Dossier:
    actuelle = d.debiteur.procedure_collective
    if actuelle is not None and actuelle.jugement_le >= e.jugement_le:
        raise _refus(
            f"Une procédure collective est déjà enregistrée (jugement du "
            f"{_jj(actuelle.jugement_le)}) ; une conversion porte une date postérieure."
        )
    pc = ProcedureModele(
        type=e.procedure, jugement_le=e.jugement_le, publication_bodacc_le=e.publication_bodacc_le
    )
    debiteur = d.debiteur.model_copy(update={"procedure_collective": pc})
    d = d.model_copy(update={"debiteur": debiteur})
    return _avec_etat(d, e.jugement_le, jur, f"{e.procedure.replace('_', ' ')} ouvert(e)")


def _route(d: Dossier, e: EtapeRoute, le: date, jur: Jurisprudence) -> Dossier:
    libelle = {"injonction_de_payer": "Injonction de payer", "petites_creances":
               "Procédure des petites créances", "assignation": "Assignation"}[e.etape]  # fmt: skip
    _pas_de_procedure(d, e.le, libelle, REF_L622_21)
    _exigible(d, e.le, jur, libelle)
    etats = {x.numero: x for x in etats_factures(d, e.le, jur)}
    for numero in e.factures or []:
        _facture_connue(d, numero)
    visees = e.factures or [n for n, x in etats.items() if not x.payee]
    contestees = [n for n in visees if etats[n].litige is not None]
    if contestees and e.etape != "assignation":
        raise _refus(
            f"{libelle} refusée : facture(s) contestée(s) {', '.join(contestees)} ; une créance "
            "contestée relève d'une action contradictoire (assignation).",
            REF_INJONCTION if e.etape == "injonction_de_payer" else REF_PETITES_CREANCES,
        )
    if e.etape == "petites_creances":
        _sous_le_plafond(d, e, [etats[n].restant for n in visees], jur)
    return _franchir(d, e.etape, e.le, f"{libelle} le {_jj(e.le)}")


def _accessoires_abandonnes(
    d: Dossier, e: AccessoiresAbandonnes, le: date, jur: Jurisprudence
) -> Dossier:
    """Only once every invoice's principal is paid (before, the décompte still claims them),
    and only when the décompte finds something due; an amount that a missing rate keeps
    from being computed may still be waived (nothing is guessed, the waiver covers it)."""
    from escalade.droit import decompte
    from escalade.droit.erreurs import DonneeJuridiqueManquante
    from escalade.droit.format_fr import montant_fr
    from escalade.recouvrement.plan import reste_du

    impayees = [x for x in etats_factures(d, e.le, jur) if not x.payee]
    if impayees:
        detail = ", ".join(f"{x.numero} ({montant_fr(x.restant)})" for x in impayees)
        raise _refus(
            f"Abandon des accessoires refusé : au {_jj(e.le)}, le principal reste dû sur "
            f"{detail} ; l'abandon porte sur les accessoires de retard restant dus une fois "
            "le principal payé."
        )
    try:
        du = reste_du(decompte.calculer(d, e.le, jur))
    except DonneeJuridiqueManquante:
        du = None
    if du is not None and du <= 0:
        raise _refus(
            f"Rien à abandonner : le principal est payé et le décompte au {_jj(e.le)} ne trouve "
            "ni pénalité, ni intérêt, ni indemnité restant dus.",
            REF_SOLDE,
        )
    return _avec_etat(d, e.le, jur, f"accessoires de retard abandonnés le {_jj(e.le)}")


# --- after filing ----------------------------------------------------------------------------


def _pas_avant(quand: date, depuis: date | None, quoi: str, apres_quoi: str,
               articles: tuple[str, ...]) -> None:  # fmt: skip
    if depuis is not None and quand < depuis:
        raise _refus(f"{quoi} : le {_jj(quand)} précède {apres_quoi} "
                     f"({_jj(depuis)}).", articles)  # fmt: skip


def _deja(actuelle: date | None, nouvelle: date, quoi: str) -> bool:
    """True when the same fact is already recorded (nothing to do); refused if another date."""
    if actuelle is None:
        return False
    if actuelle != nouvelle:
        raise _refus(f"Date déjà enregistrée pour {quoi} : le {_jj(actuelle)} ; une autre date "
                     f"({_jj(nouvelle)}) est refusée.")  # fmt: skip
    return True


def _avec_injonction(d: Dossier, **champs: object) -> Dossier:
    inj = d.injonction or Injonction()
    return d.model_copy(update={"injonction": inj.model_copy(update=champs)})


def _dans_la_route(d: Dossier, etape: Etape, le: date, motif: str) -> Dossier:
    """A court fact recorded without its filing: the dossier enters the route on that day."""
    return d if d.etape == etape else _franchir(d, etape, le, motif)


def _inj_deposee(d: Dossier, e: InjonctionDeposee, le: date, jur: Jurisprudence) -> Dossier:
    inj = d.injonction or Injonction()
    if _deja(inj.requete_deposee_le, e.requete_deposee_le, "le dépôt de la requête"):
        return d
    d = _route(d, EtapeRoute(etape="injonction_de_payer", le=e.requete_deposee_le), le, jur)
    return _avec_injonction(d, requete_deposee_le=e.requete_deposee_le)


def _ordonnance_possible(inj: Injonction, quand: date, quoi: str) -> None:
    _pas_avant(quand, inj.requete_deposee_le, quoi, "le dépôt de la requête", REF_ORDONNANCE)


def _inj_ordonnance(d: Dossier, e: InjonctionOrdonnance, le: date, jur: Jurisprudence) -> Dossier:
    inj = d.injonction or Injonction()
    if _deja(inj.ordonnance_le, e.ordonnance_le, "l'ordonnance d'injonction de payer"):
        return d
    if inj.rejetee:
        raise _refus("Ordonnance refusée : la requête est enregistrée comme rejetée.",
                     REF_ORDONNANCE)  # fmt: skip
    _ordonnance_possible(inj, e.ordonnance_le, "Ordonnance refusée")
    d = _dans_la_route(d, "injonction_de_payer", e.ordonnance_le,
                       f"ordonnance d'injonction de payer du {_jj(e.ordonnance_le)}")  # fmt: skip
    return _avec_injonction(d, ordonnance_le=e.ordonnance_le)


def _inj_rejetee(d: Dossier, e: InjonctionRejetee, le: date, jur: Jurisprudence) -> Dossier:
    inj = d.injonction or Injonction()
    if inj.rejetee:
        return d
    if inj.ordonnance_le is not None:
        raise _refus(f"Rejet refusé : une ordonnance d'injonction de payer du "
                     f"{_jj(inj.ordonnance_le)} est enregistrée.", REF_ORDONNANCE)  # fmt: skip
    _ordonnance_possible(inj, e.rejetee_le, "Rejet refusé")
    motif = f"requête en injonction de payer rejetée le {_jj(e.rejetee_le)}"
    d = _dans_la_route(d, "injonction_de_payer", e.rejetee_le, motif)
    return _avec_injonction(d, rejetee=True)


def _ordonnance(d: Dossier, quoi: str, articles: tuple[str, ...]) -> Injonction:
    inj = d.injonction
    if inj is None or inj.ordonnance_le is None:
        raise _refus(f"{quoi} : aucune ordonnance d'injonction de payer enregistrée.",
                     articles)  # fmt: skip
    return inj


def _inj_signifiee(d: Dossier, e: InjonctionSignifiee, le: date, jur: Jurisprudence) -> Dossier:
    inj = _ordonnance(d, "Signification refusée", REF_SIGNIFICATION)
    if _deja(inj.signifiee_le, e.signifiee_le, "la signification de l'ordonnance"):
        if inj.signifiee_a_personne == e.a_personne:
            return d
        raise _refus("La signification est déjà enregistrée, avec l'autre modalité (à personne "
                     "ou non) : une correction se fait dans le fichier du dossier.")  # fmt: skip
    _pas_avant(e.signifiee_le, inj.ordonnance_le, "Signification refusée", "l'ordonnance",
               REF_SIGNIFICATION)  # fmt: skip
    return _avec_injonction(d, signifiee_le=e.signifiee_le, signifiee_a_personne=e.a_personne)


def _inj_opposition(d: Dossier, e: InjonctionOpposition, le: date, jur: Jurisprudence) -> Dossier:
    inj = _ordonnance(d, "Opposition refusée", REF_OPPOSITION)
    if _deja(inj.opposition_le, e.opposition_le, "l'opposition"):
        return d
    _pas_avant(e.opposition_le, inj.ordonnance_le, "Opposition refusée", "l'ordonnance",
               REF_OPPOSITION)  # fmt: skip
    if inj.executoire_le is not None and inj.executoire_le <= e.opposition_le:
        raise _refus(f"Opposition refusée : l'ordonnance est enregistrée exécutoire depuis le "
                     f"{_jj(inj.executoire_le)}, le délai d'opposition étant expiré.",
                     REF_EXECUTOIRE)  # fmt: skip
    return _avec_injonction(d, opposition_le=e.opposition_le)


def _inj_executoire(d: Dossier, e: InjonctionExecutoire, le: date, jur: Jurisprudence) -> Dossier:
    from escalade.procedures.injonction_de_payer import delai_opposition

    inj = _ordonnance(d, "Caractère exécutoire refusé", REF_EXECUTOIRE)
    if _deja(inj.executoire_le, e.executoire_le, "le caractère exécutoire de l'ordonnance"):
        return d
    if inj.opposition_le is not None:
        raise _refus(f"Caractère exécutoire refusé : une opposition a été formée le "
                     f"{_jj(inj.opposition_le)} ; le jugement rendu sur opposition se substitue "
                     "à l'ordonnance.", REF_SUBSTITUTION)  # fmt: skip
    if inj.signifiee_le is None:
        raise _refus("Caractère exécutoire refusé : l'ordonnance n'est pas enregistrée comme "
                     "signifiée.", REF_EXECUTOIRE)  # fmt: skip
    # CPC 1422: effects of a judgment absent opposition within the month following service,
    # whatever the way it was served (CPC 1416 al. 1).
    limite = delai_opposition(d, inj.signifiee_le, jur)
    if e.executoire_le <= limite.echeance:
        raise _refus(f"Caractère exécutoire refusé au {_jj(e.executoire_le)} : le débiteur peut "
                     f"former opposition jusqu'au {_jj(limite.echeance)} inclus.",
                     REF_EXECUTOIRE + limite.references)  # fmt: skip
    return _avec_injonction(d, executoire_le=e.executoire_le)


def _sous_le_plafond(
    d: Dossier, e: EtapeRoute, principaux: list[Decimal], jur: Jurisprudence
) -> None:
    """CPCE R125-1: the cap counts principal and interest. Without the amount claimed, that
    of the route selection (every unpaid invoice); for chosen invoices, their principal."""
    from escalade.droit.format_fr import montant_fr
    from escalade.recouvrement.routes import choisir

    plafond = jur.decimal("petites_creances_plafond", e.le)
    montant = e.montant_reclame
    if montant is None and e.factures is None:
        montant = choisir(d, e.le, jur).montant_r125_1
    if montant is None:
        montant = sum(principaux, Decimal(0))
    if montant > plafond:
        raise _refus(
            f"Procédure des petites créances refusée : {montant_fr(montant)} dépasse le plafond "
            f"de {montant_fr(plafond)} (principal et intérêts).",
            REF_PETITES_CREANCES,
        )


def _avec_pc(d: Dossier, **champs: object) -> Dossier:
    pc = d.petites_creances or PetitesCreances()
    return d.model_copy(update={"petites_creances": pc.model_copy(update=champs)})


def _pc_demandee(d: Dossier, e: PetitesCreancesDemandee, le: date, jur: Jurisprudence) -> Dossier:
    pc = d.petites_creances or PetitesCreances()
    if _deja(pc.demande_le, e.demande_le, "la demande au commissaire de justice"):
        if e.commissaire_nom is None or e.commissaire_nom == pc.commissaire_nom:
            return d
        return _avec_pc(d, commissaire_nom=e.commissaire_nom)
    from escalade.recouvrement.routes import choisir

    # CPCE R125-1: the cap applies to principal and interest, as the route selection counts.
    montant = choisir(d, e.demande_le, jur).montant_r125_1
    d = _route(d, EtapeRoute(etape="petites_creances", le=e.demande_le,
                             montant_reclame=montant), le, jur)  # fmt: skip
    champs: dict[str, object] = {"demande_le": e.demande_le}
    if e.commissaire_nom is not None:
        champs["commissaire_nom"] = e.commissaire_nom
    return _avec_pc(d, **champs)


def _pc_invitation(
    d: Dossier, e: PetitesCreancesInvitation, le: date, jur: Jurisprudence
) -> Dossier:
    pc = d.petites_creances or PetitesCreances()
    if _deja(pc.invitation_envoyee_le, e.invitation_envoyee_le, "l'invitation du débiteur"):
        return d
    _pas_avant(e.invitation_envoyee_le, pc.demande_le, "Invitation refusée", "la demande",
               REF_L125_1)  # fmt: skip
    d = _dans_la_route(d, "petites_creances", e.invitation_envoyee_le,
                       f"invitation du débiteur le {_jj(e.invitation_envoyee_le)}")  # fmt: skip
    return _avec_pc(d, invitation_envoyee_le=e.invitation_envoyee_le)


def _pc_en_cours(d: Dossier, quoi: str) -> PetitesCreances:
    pc = d.petites_creances
    if pc is None or (pc.demande_le is None and pc.invitation_envoyee_le is None):
        raise _refus(f"{quoi} : aucune procédure des petites créances enregistrée "
                     "(demande ou invitation).", REF_L125_1)  # fmt: skip
    return pc


def _pc_accord(d: Dossier, e: PetitesCreancesAccord, le: date, jur: Jurisprudence) -> Dossier:
    pc = _pc_en_cours(d, "Accord non enregistré")
    if _deja(pc.accord_le, e.accord_le, "l'accord"):
        return d
    if pc.refus_le is not None:
        raise _refus(f"Accord non enregistré : un refus du débiteur est enregistré le "
                     f"{_jj(pc.refus_le)}.", REF_L125_1)  # fmt: skip
    _pas_avant(e.accord_le, pc.invitation_envoyee_le or pc.demande_le, "Accord non enregistré",
               "l'invitation du débiteur", REF_L125_1)  # fmt: skip
    if any(x.date < e.accord_le for x in e.echeances):
        raise EntreeInvalide("une échéance précède la date de l'accord", champ="echeances")
    return _avec_pc(d, accord_le=e.accord_le, montant_accord=e.montant_accord,
                    echeances=list(e.echeances))  # fmt: skip


def _pc_refus(d: Dossier, e: PetitesCreancesRefus, le: date, jur: Jurisprudence) -> Dossier:
    pc = _pc_en_cours(d, "Refus non enregistré")
    if _deja(pc.refus_le, e.refus_le, "le refus"):
        return d
    if pc.accord_le is not None:
        raise _refus(f"Refus non enregistré : un accord est enregistré le {_jj(pc.accord_le)}.",
                     REF_L125_1)  # fmt: skip
    _pas_avant(e.refus_le, pc.invitation_envoyee_le or pc.demande_le, "Refus non enregistré",
               "l'invitation du débiteur", REF_L125_1)  # fmt: skip
    return _avec_pc(d, refus_le=e.refus_le)


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
    EtapeRoute: _route,
    AccessoiresAbandonnes: _accessoires_abandonnes,
    InjonctionDeposee: _inj_deposee,
    InjonctionOrdonnance: _inj_ordonnance,
    InjonctionRejetee: _inj_rejetee,
    InjonctionSignifiee: _inj_signifiee,
    InjonctionOpposition: _inj_opposition,
    InjonctionExecutoire: _inj_executoire,
    PetitesCreancesDemandee: _pc_demandee,
    PetitesCreancesInvitation: _pc_invitation,
    PetitesCreancesAccord: _pc_accord,
    PetitesCreancesRefus: _pc_refus,
}


def appliquer(dossier: Dossier, evenement: Evenement, le: date, jur: Jurisprudence) -> Dossier:
    """The dossier after `evenement`, recorded on `le`; TransitionRefusee when illegal."""
    quand = _date_evenement(evenement)
    if quand > le:
        raise _refus(
            f"Événement daté du {_jj(quand)}, postérieur au {_jj(le)} : une transition "
            "enregistre ce qui a eu lieu."
        )
    gestionnaire = _GESTIONNAIRES[type(evenement)]
    return gestionnaire(dossier, evenement, le, jur)  # type: ignore[operator]
