"""The dated events of a dossier (SPEC section 2): one frozen, strict model per fact.

A payment, a credit note, a dispute opened or closed, a payment plan agreed or broken, the
mise en demeure sent, received or unclaimed, a collective proceeding, a court step taken, a
waiver of the late-payment accessories; and after filing, the court records of the
injonction de payer and of the petites créances procedure. `escalade.procedures.etapes`
applies them to a dossier.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from escalade.droit.modele import EcheanceConvenue
from escalade.droit.valeurs import DateJ, Montant, MontantPositif, Texte, TypeProcedure


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
