"""Court transitions of a dossier: the route step taken (injonction de payer, petites
créances, assignation) and, after filing, the court records in sequence.

An injonction de payer or petites créances on a disputed invoice is refused (CPC art. 1405;
CPCE L125-1: a certain claim), petites créances above the cap (CPCE R125-1). After filing,
a court record out of sequence is refused: an ordonnance dated before its requête, service
of an ordonnance not recorded, enforceability within the month of opposition (CPC art.
1416, 1422) or after an opposition, an agreement and a refusal of the same petites créances
procedure (CPCE L125-1). Recording the same court fact twice changes nothing; a different
date for a fact already recorded is refused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from escalade.droit.donnees_juridiques import Jurisprudence
from escalade.droit.erreurs import EntreeInvalide
from escalade.droit.format_fr import montant_fr
from escalade.droit.modele import Dossier, Injonction, PetitesCreances
from escalade.droit.valeurs import Etape
from escalade.procedures.evenements import (
    EtapeRoute,
    InjonctionDeposee,
    InjonctionExecutoire,
    InjonctionOpposition,
    InjonctionOrdonnance,
    InjonctionRejetee,
    InjonctionSignifiee,
    PetitesCreancesAccord,
    PetitesCreancesDemandee,
    PetitesCreancesInvitation,
    PetitesCreancesRefus,
)
from escalade.procedures.suivi_injonction import delai_opposition
from escalade.procedures.transitions_communes import (
    REF_L622_21,
    exigible,
    facture_connue,
    franchir,
    jj,
    pas_de_procedure,
    refus,
)
from escalade.recouvrement.etat_creance import etats_factures
from escalade.recouvrement.routes import choisir

REF_INJONCTION = ("CPC art. 1405",)
REF_PETITES_CREANCES = ("CPCE art. L125-1", "CPCE art. R125-1")
REF_ORDONNANCE = ("CPC art. 1409",)
REF_SIGNIFICATION = ("CPC art. 1411",)
REF_OPPOSITION = ("CPC art. 1416",)
REF_EXECUTOIRE = ("CPC art. 1416", "CPC art. 1422")
REF_SUBSTITUTION = ("CPC art. 1420",)
REF_L125_1 = ("CPCE art. L125-1",)


def route(d: Dossier, e: EtapeRoute, le: date, jur: Jurisprudence) -> Dossier:
    libelle = {"injonction_de_payer": "Injonction de payer", "petites_creances":
               "Procédure des petites créances", "assignation": "Assignation"}[e.etape]  # fmt: skip
    pas_de_procedure(d, e.le, libelle, REF_L622_21)
    exigible(d, e.le, jur, libelle)
    etats = {x.numero: x for x in etats_factures(d, e.le, jur)}
    for numero in e.factures or []:
        facture_connue(d, numero)
    visees = e.factures or [n for n, x in etats.items() if not x.payee]
    contestees = [n for n in visees if etats[n].litige is not None]
    if contestees and e.etape != "assignation":
        raise refus(
            f"{libelle} refusée : facture(s) contestée(s) {', '.join(contestees)} ; une créance "
            "contestée relève d'une action contradictoire (assignation).",
            REF_INJONCTION if e.etape == "injonction_de_payer" else REF_PETITES_CREANCES,
        )
    if e.etape == "petites_creances":
        _sous_le_plafond(d, e, [etats[n].restant for n in visees], jur)
    return franchir(d, e.etape, e.le, f"{libelle} le {jj(e.le)}")


# --- after filing ----------------------------------------------------------------------------


def _pas_avant(quand: date, depuis: date | None, quoi: str, apres_quoi: str,
               articles: tuple[str, ...]) -> None:  # fmt: skip
    if depuis is not None and quand < depuis:
        raise refus(f"{quoi} : le {jj(quand)} précède {apres_quoi} "
                     f"({jj(depuis)}).", articles)  # fmt: skip


def _deja(actuelle: date | None, nouvelle: date, quoi: str) -> bool:
    """True when the same fact is already recorded (nothing to do); refused if another date."""
    if actuelle is None:
        return False
    if actuelle != nouvelle:
        raise refus(f"Date déjà enregistrée pour {quoi} : le {jj(actuelle)} ; une autre date "
                     f"({jj(nouvelle)}) est refusée.")  # fmt: skip
    return True


def _avec_injonction(d: Dossier, **champs: object) -> Dossier:
    inj = d.injonction or Injonction()
    return d.model_copy(update={"injonction": inj.model_copy(update=champs)})


def _dans_la_route(d: Dossier, etape: Etape, le: date, motif: str) -> Dossier:
    """A court fact recorded without its filing: the dossier enters the route on that day."""
    return d if d.etape == etape else franchir(d, etape, le, motif)


def inj_deposee(d: Dossier, e: InjonctionDeposee, le: date, jur: Jurisprudence) -> Dossier:
    inj = d.injonction or Injonction()
    if _deja(inj.requete_deposee_le, e.requete_deposee_le, "le dépôt de la requête"):
        return d
    d = route(d, EtapeRoute(etape="injonction_de_payer", le=e.requete_deposee_le), le, jur)
    return _avec_injonction(d, requete_deposee_le=e.requete_deposee_le)


def _ordonnance_possible(inj: Injonction, quand: date, quoi: str) -> None:
    _pas_avant(quand, inj.requete_deposee_le, quoi, "le dépôt de la requête", REF_ORDONNANCE)


def inj_ordonnance(d: Dossier, e: InjonctionOrdonnance, le: date, jur: Jurisprudence) -> Dossier:
    inj = d.injonction or Injonction()
    if _deja(inj.ordonnance_le, e.ordonnance_le, "l'ordonnance d'injonction de payer"):
        return d
    if inj.rejetee:
        raise refus("Ordonnance refusée : la requête est enregistrée comme rejetée.",
                     REF_ORDONNANCE)  # fmt: skip
    _ordonnance_possible(inj, e.ordonnance_le, "Ordonnance refusée")
    d = _dans_la_route(d, "injonction_de_payer", e.ordonnance_le,
                       f"ordonnance d'injonction de payer du {jj(e.ordonnance_le)}")  # fmt: skip
    return _avec_injonction(d, ordonnance_le=e.ordonnance_le)


def inj_rejetee(d: Dossier, e: InjonctionRejetee, le: date, jur: Jurisprudence) -> Dossier:
    inj = d.injonction or Injonction()
    if inj.rejetee:
        return d
    if inj.ordonnance_le is not None:
        raise refus(f"Rejet refusé : une ordonnance d'injonction de payer du "
                     f"{jj(inj.ordonnance_le)} est enregistrée.", REF_ORDONNANCE)  # fmt: skip
    _ordonnance_possible(inj, e.rejetee_le, "Rejet refusé")
    motif = f"requête en injonction de payer rejetée le {jj(e.rejetee_le)}"
    d = _dans_la_route(d, "injonction_de_payer", e.rejetee_le, motif)
    return _avec_injonction(d, rejetee=True)


def _ordonnance(d: Dossier, quoi: str, articles: tuple[str, ...]) -> Injonction:
    inj = d.injonction
    if inj is None or inj.ordonnance_le is None:
        raise refus(f"{quoi} : aucune ordonnance d'injonction de payer enregistrée.",
                     articles)  # fmt: skip
    return inj


def inj_signifiee(d: Dossier, e: InjonctionSignifiee, le: date, jur: Jurisprudence) -> Dossier:
    inj = _ordonnance(d, "Signification refusée", REF_SIGNIFICATION)
    if _deja(inj.signifiee_le, e.signifiee_le, "la signification de l'ordonnance"):
        if inj.signifiee_a_personne == e.a_personne:
            return d
        raise refus("La signification est déjà enregistrée, avec l'autre modalité (à personne "
                     "ou non) : une correction se fait dans le fichier du dossier.")  # fmt: skip
    _pas_avant(e.signifiee_le, inj.ordonnance_le, "Signification refusée", "l'ordonnance",
               REF_SIGNIFICATION)  # fmt: skip
    return _avec_injonction(d, signifiee_le=e.signifiee_le, signifiee_a_personne=e.a_personne)


def inj_opposition(d: Dossier, e: InjonctionOpposition, le: date, jur: Jurisprudence) -> Dossier:
    inj = _ordonnance(d, "Opposition refusée", REF_OPPOSITION)
    if _deja(inj.opposition_le, e.opposition_le, "l'opposition"):
        return d
    _pas_avant(e.opposition_le, inj.ordonnance_le, "Opposition refusée", "l'ordonnance",
               REF_OPPOSITION)  # fmt: skip
    if inj.executoire_le is not None and inj.executoire_le <= e.opposition_le:
        raise refus(f"Opposition refusée : l'ordonnance est enregistrée exécutoire depuis le "
                     f"{jj(inj.executoire_le)}, le délai d'opposition étant expiré.",
                     REF_EXECUTOIRE)  # fmt: skip
    return _avec_injonction(d, opposition_le=e.opposition_le)


def inj_executoire(d: Dossier, e: InjonctionExecutoire, le: date, jur: Jurisprudence) -> Dossier:
    inj = _ordonnance(d, "Caractère exécutoire refusé", REF_EXECUTOIRE)
    if _deja(inj.executoire_le, e.executoire_le, "le caractère exécutoire de l'ordonnance"):
        return d
    if inj.opposition_le is not None:
        raise refus(f"Caractère exécutoire refusé : une opposition a été formée le "
                     f"{jj(inj.opposition_le)} ; le jugement rendu sur opposition se substitue "
                     "à l'ordonnance.", REF_SUBSTITUTION)  # fmt: skip
    if inj.signifiee_le is None:
        raise refus("Caractère exécutoire refusé : l'ordonnance n'est pas enregistrée comme "
                     "signifiée.", REF_EXECUTOIRE)  # fmt: skip
    # CPC 1422: effects of a judgment absent opposition within the month following service,
    # whatever the way it was served (CPC 1416 al. 1).
    limite = delai_opposition(d, inj.signifiee_le, jur)
    if e.executoire_le <= limite.echeance:
        raise refus(f"Caractère exécutoire refusé au {jj(e.executoire_le)} : le débiteur peut "
                     f"former opposition jusqu'au {jj(limite.echeance)} inclus.",
                     REF_EXECUTOIRE + limite.references)  # fmt: skip
    return _avec_injonction(d, executoire_le=e.executoire_le)


def _sous_le_plafond(
    d: Dossier, e: EtapeRoute, principaux: list[Decimal], jur: Jurisprudence
) -> None:
    """CPCE R125-1: the cap counts principal and interest. Without the amount claimed, that
    of the route selection (every unpaid invoice); for chosen invoices, their principal."""
    plafond = jur.decimal("petites_creances_plafond", e.le)
    montant = e.montant_reclame
    if montant is None and e.factures is None:
        montant = choisir(d, e.le, jur).montant_r125_1
    if montant is None:
        montant = sum(principaux, Decimal(0))
    if montant > plafond:
        raise refus(
            f"Procédure des petites créances refusée : {montant_fr(montant)} dépasse le plafond "
            f"de {montant_fr(plafond)} (principal et intérêts).",
            REF_PETITES_CREANCES,
        )


def _avec_pc(d: Dossier, **champs: object) -> Dossier:
    pc = d.petites_creances or PetitesCreances()
    return d.model_copy(update={"petites_creances": pc.model_copy(update=champs)})


def pc_demandee(d: Dossier, e: PetitesCreancesDemandee, le: date, jur: Jurisprudence) -> Dossier:
    pc = d.petites_creances or PetitesCreances()
    if _deja(pc.demande_le, e.demande_le, "la demande au commissaire de justice"):
        if e.commissaire_nom is None or e.commissaire_nom == pc.commissaire_nom:
            return d
        return _avec_pc(d, commissaire_nom=e.commissaire_nom)
    # CPCE R125-1: the cap applies to principal and interest, as the route selection counts.
    montant = choisir(d, e.demande_le, jur).montant_r125_1
    d = route(d, EtapeRoute(etape="petites_creances", le=e.demande_le,
                             montant_reclame=montant), le, jur)  # fmt: skip
    champs: dict[str, object] = {"demande_le": e.demande_le}
    if e.commissaire_nom is not None:
        champs["commissaire_nom"] = e.commissaire_nom
    return _avec_pc(d, **champs)


def pc_invitation(
    d: Dossier, e: PetitesCreancesInvitation, le: date, jur: Jurisprudence
) -> Dossier:
    pc = d.petites_creances or PetitesCreances()
    if _deja(pc.invitation_envoyee_le, e.invitation_envoyee_le, "l'invitation du débiteur"):
        return d
    _pas_avant(e.invitation_envoyee_le, pc.demande_le, "Invitation refusée", "la demande",
               REF_L125_1)  # fmt: skip
    d = _dans_la_route(d, "petites_creances", e.invitation_envoyee_le,
                       f"invitation du débiteur le {jj(e.invitation_envoyee_le)}")  # fmt: skip
    return _avec_pc(d, invitation_envoyee_le=e.invitation_envoyee_le)


def _pc_en_cours(d: Dossier, quoi: str) -> PetitesCreances:
    pc = d.petites_creances
    if pc is None or (pc.demande_le is None and pc.invitation_envoyee_le is None):
        raise refus(f"{quoi} : aucune procédure des petites créances enregistrée "
                     "(demande ou invitation).", REF_L125_1)  # fmt: skip
    return pc


def pc_accord(d: Dossier, e: PetitesCreancesAccord, le: date, jur: Jurisprudence) -> Dossier:
    pc = _pc_en_cours(d, "Accord non enregistré")
    if _deja(pc.accord_le, e.accord_le, "l'accord"):
        return d
    if pc.refus_le is not None:
        raise refus(f"Accord non enregistré : un refus du débiteur est enregistré le "
                     f"{jj(pc.refus_le)}.", REF_L125_1)  # fmt: skip
    _pas_avant(e.accord_le, pc.invitation_envoyee_le or pc.demande_le, "Accord non enregistré",
               "l'invitation du débiteur", REF_L125_1)  # fmt: skip
    if any(x.date < e.accord_le for x in e.echeances):
        raise EntreeInvalide("une échéance précède la date de l'accord", champ="echeances")
    return _avec_pc(d, accord_le=e.accord_le, montant_accord=e.montant_accord,
                    echeances=list(e.echeances))  # fmt: skip


def pc_refus(d: Dossier, e: PetitesCreancesRefus, le: date, jur: Jurisprudence) -> Dossier:
    pc = _pc_en_cours(d, "Refus non enregistré")
    if _deja(pc.refus_le, e.refus_le, "le refus"):
        return d
    if pc.accord_le is not None:
        raise refus(f"Refus non enregistré : un accord est enregistré le {jj(pc.accord_le)}.",
                     REF_L125_1)  # fmt: skip
    _pas_avant(e.refus_le, pc.invitation_envoyee_le or pc.demande_le, "Refus non enregistré",
               "l'invitation du débiteur", REF_L125_1)  # fmt: skip
    return _avec_pc(d, refus_le=e.refus_le)
