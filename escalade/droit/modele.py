"""The domain model (SPEC section 2): the dossier, its invoices, payments and dated events.

Pydantic v2, strict, `Decimal` money, EUR only (value types in `escalade.droit.valeurs`,
parties in `escalade.droit.parties`). Field names are the French snake_case names of the
dossier file format; more fields may be added, none renamed. Validation errors are turned
into French messages naming the field by `escalade.entrees.validation_dossier`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from escalade.droit.parties import Creancier, Debiteur
from escalade.droit.valeurs import (
    Canal,
    DateJ,
    Etape,
    Horodatage,
    Identifiant,
    IdentifiantFacultatif,
    Modele,
    Montant,
    MontantPositif,
    ReferencePaiement,
    Taux,
    Texte,
    liste_vide,
)


class Facture(Modele):
    numero: Identifiant
    date_emission: DateJ
    date_echeance: DateJ
    montant_ttc: MontantPositif
    taux_penalites: Taux | None = None
    date_execution: DateJ | None = None  # completion of the service (consumer limitation start)
    pieces: list[Texte] = Field(default_factory=liste_vide)

    @model_validator(mode="after")
    def _dates(self) -> Facture:
        if self.date_echeance < self.date_emission:
            raise ValueError(
                f"facture {self.numero} : l'échéance ({self.date_echeance}) précède "
                f"l'émission ({self.date_emission})"
            )
        return self


class Paiement(Modele):
    date: DateJ
    montant: MontantPositif
    facture: IdentifiantFacultatif | None = None
    reference: ReferencePaiement | None = None


class Avoir(Modele):
    numero: IdentifiantFacultatif | None = None
    date: DateJ
    montant: MontantPositif
    facture: IdentifiantFacultatif


class Litige(Modele):
    facture: IdentifiantFacultatif
    ouvert_le: DateJ
    motif: Texte
    clos_le: DateJ | None = None

    @model_validator(mode="after")
    def _dates(self) -> Litige:
        if self.clos_le is not None and self.clos_le < self.ouvert_le:
            raise ValueError(
                f"litige sur la facture {self.facture} : clos le {self.clos_le}, "
                f"avant son ouverture le {self.ouvert_le}"
            )
        return self


class EcheanceConvenue(Modele):
    date: DateJ
    montant: MontantPositif


class Echeancier(Modele):
    convenu_le: DateJ
    echeances: list[EcheanceConvenue]
    rompu_le: DateJ | None = None


class Contact(Modele):
    le: Horodatage
    canal: Canal
    interlocuteur: Texte | None = None
    objet: Texte
    resultat: Texte | None = None
    note: Texte | None = None
    document: Texte | None = None
    operateur: IdentifiantFacultatif | None = None
    promesse_le: DateJ | None = None  # a promise to pay by that day (the plan pauses)
    promesse_montant: Montant | None = None  # the amount promised (None: what is due)


class MiseEnDemeure(Modele):
    envoyee_le: DateJ
    recue_le: DateJ | None = None
    premiere_presentation_le: DateJ | None = None  # unclaimed letter: still valid
    non_reclamee: bool = False
    delai_jours: Annotated[int, Field(ge=1, le=60)] = 8
    numero_lrar: Texte | None = None
    document: Texte | None = None  # the letter sent (path relative to the dossier file)
    accuse_reception: Texte | None = None  # scan of the acknowledgment (same)

    @model_validator(mode="after")
    def _dates(self) -> MiseEnDemeure:
        if self.recue_le is not None and self.recue_le < self.envoyee_le:
            raise ValueError(
                f"mise en demeure reçue le {self.recue_le}, avant son envoi le {self.envoyee_le}"
            )
        if (
            self.premiere_presentation_le is not None
            and self.premiere_presentation_le < self.envoyee_le
        ):
            raise ValueError(
                f"mise en demeure présentée le {self.premiere_presentation_le}, "
                f"avant son envoi le {self.envoyee_le}"
            )
        return self


TypeInterruption = Literal["reconnaissance", "demande_en_justice", "mesure_execution"]


class Interruption(Modele):
    """An act interrupting limitation (C. civ. 2240, 2241, 2244)."""

    date: DateJ
    type: TypeInterruption
    facture: Texte | None = None  # None: every invoice of the dossier


class Jugement(Modele):
    """A judgment ordering payment (CMF L313-3: +5 points two months after enforceability)."""

    rendu_le: DateJ
    executoire_le: DateJ | None = None


class Injonction(Modele):
    """The injonction de payer after filing (CPC 1405-1425): dates the user records."""

    requete_deposee_le: DateJ | None = None
    ordonnance_le: DateJ | None = None
    rejetee: bool = False  # CPC 1409: the judge rejected the requête
    signifiee_le: DateJ | None = None
    signifiee_a_personne: bool = True  # CPC 1416 al. 2 when False
    opposition_le: DateJ | None = None
    executoire_le: DateJ | None = None
    juridiction_nom: Texte | None = None
    juridiction_adresse: list[Texte] = Field(default_factory=liste_vide)


class PetitesCreances(Modele):
    """The simplified small-claims procedure (CPCE L125-1): dates the user records."""

    demande_le: DateJ | None = None
    commissaire_nom: Texte | None = None
    commissaire_adresse: list[Texte] = Field(default_factory=liste_vide)
    invitation_envoyee_le: DateJ | None = None
    accord_le: DateJ | None = None
    montant_accord: Montant | None = None
    echeances: list[EcheanceConvenue] = Field(default_factory=liste_vide)
    refus_le: DateJ | None = None


class EtapeDatee(Modele):
    etape: Etape
    le: DateJ
    motif: Texte | None = None


class Dossier(Modele):
    reference: Identifiant
    devise: Literal["EUR"] = "EUR"
    creancier: Creancier
    debiteur: Debiteur
    factures: list[Facture]
    paiements: list[Paiement] = Field(default_factory=liste_vide)
    avoirs: list[Avoir] = Field(default_factory=liste_vide)
    litiges: list[Litige] = Field(default_factory=liste_vide)
    echeanciers: list[Echeancier] = Field(default_factory=liste_vide)
    contacts: list[Contact] = Field(default_factory=liste_vide)
    mise_en_demeure: MiseEnDemeure | None = None
    interruptions: list[Interruption] = Field(default_factory=liste_vide)
    jugement: Jugement | None = None
    injonction: Injonction | None = None
    petites_creances: PetitesCreances | None = None
    etape: Etape | None = None
    historique: list[EtapeDatee] = Field(default_factory=liste_vide)

    @model_validator(mode="after")
    def _references_de_factures(self) -> Dossier:
        if not self.factures:
            raise ValueError("un dossier contient au moins une facture")
        numeros = [f.numero for f in self.factures]
        doublons = sorted({n for n in numeros if numeros.count(n) > 1})
        if doublons:
            raise ValueError(f"numéro de facture en double : {', '.join(doublons)}")
        connus = set(numeros)
        for nom, elements in (
            ("paiements", self.paiements),
            ("avoirs", self.avoirs),
            ("litiges", self.litiges),
            ("interruptions", self.interruptions),
        ):
            for i, e in enumerate(elements):
                numero = getattr(e, "facture", None)
                if numero is not None and numero not in connus:
                    raise ValueError(f"{nom}[{i}] : facture « {numero} » absente du dossier")
        return self

    def facture(self, numero: str) -> Facture:
        return next(f for f in self.factures if f.numero == numero)
