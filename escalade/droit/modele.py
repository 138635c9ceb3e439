"""The domain model (SPEC section 2): pydantic v2, strict, `Decimal` money, EUR only.

Field names are the French snake_case names of the dossier file format; more
fields may be added, none renamed. Validation errors are turned into French
messages naming the field by `escalade.entrees.chargement`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

PARIS = ZoneInfo("Europe/Paris")

Canal = Literal["email", "sms", "telephone", "courrier", "lrar", "visite"]
CANAUX: tuple[str, ...] = ("email", "sms", "telephone", "courrier", "lrar", "visite")
TypeDebiteur = Literal["professionnel", "consommateur", "personne_publique"]
Segment = Literal["ponctuel", "occasionnel", "chronique", "nouveau", "risque"]
TypeProcedure = Literal["sauvegarde", "redressement_judiciaire", "liquidation_judiciaire"]
Etape = Literal[
    "relance_1",
    "relance_2",
    "relance_telephonique",
    "derniere_relance",
    "mise_en_demeure",
    "injonction_de_payer",
    "petites_creances",
    "assignation",
    "solde",
    "suspendu",
    "prescrit",
    "irrecouvrable",
]

_MONTANT = re.compile(r"^\d+([.,]\d{1,2})?$")
_TAUX = re.compile(r"^\d+([.,]\d{1,4})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _montant(v: Any) -> Decimal:
    """Money as Decimal: a string "1200.00", an integer or a Decimal; never a float."""
    if isinstance(v, (bool, float)):
        raise ValueError(f'montant « {v} » : écrivez-le entre guillemets, par exemple "1200.00"')
    if isinstance(v, int):
        v = Decimal(v)
    if isinstance(v, str):
        texte = v.strip()
        if texte.startswith("-"):
            raise ValueError(f"montant négatif « {v} » : un montant est positif")
        if not _MONTANT.match(texte):
            raise ValueError(
                f"montant « {v} » invalide : attendu un nombre en euros avec au plus deux "
                'décimales, sans devise (par exemple "1200.00")'
            )
        v = Decimal(texte.replace(",", "."))
    if not isinstance(v, Decimal):
        raise ValueError(f"montant « {v} » invalide")
    if not v.is_finite():
        raise ValueError(f"montant « {v} » invalide")
    if v < 0:
        raise ValueError(f"montant négatif « {v} » : un montant est positif")
    if v.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(f"montant « {v} » : au plus deux décimales (centimes)")
    return v


def _strictement_positif(v: Decimal) -> Decimal:
    if v <= 0:
        raise ValueError("le montant doit être strictement positif")
    return v


def _taux(v: Any) -> Decimal:
    """A yearly rate in percent ("15.00")."""
    if isinstance(v, (bool, float)):
        raise ValueError(f'taux « {v} » : écrivez-le entre guillemets, par exemple "15.00"')
    if isinstance(v, int):
        v = Decimal(v)
    if isinstance(v, str):
        if not _TAUX.match(v.strip()):
            raise ValueError(f'taux « {v} » invalide : attendu un pourcentage annuel, ex. "15.00"')
        v = Decimal(v.strip().replace(",", "."))
    if not isinstance(v, Decimal) or not v.is_finite():
        raise ValueError(f"taux « {v} » invalide")
    if v < 0 or v > 100:
        raise ValueError(f"taux « {v} » hors limites (0 à 100 %)")
    return v


def _date(v: Any) -> date:
    if isinstance(v, datetime):
        raise ValueError(f"date « {v} » : attendu une date sans heure (AAAA-MM-JJ)")
    if isinstance(v, date):
        return v
    if isinstance(v, str) and _DATE.match(v.strip()):
        try:
            return date.fromisoformat(v.strip())
        except ValueError:
            pass
    raise ValueError(f"date « {v} » invalide : attendu AAAA-MM-JJ (par exemple 2026-03-31)")


def _horodatage(v: Any) -> datetime:
    """A contact time; without an offset it is read as Europe/Paris time."""
    if isinstance(v, str):
        try:
            v = datetime.fromisoformat(v.strip())
        except ValueError:
            raise ValueError(
                f"horodatage « {v} » invalide : attendu AAAA-MM-JJTHH:MM[:SS][+HH:MM]"
            ) from None
    if not isinstance(v, datetime):
        raise ValueError(f"horodatage « {v} » invalide")
    return v.replace(tzinfo=PARIS) if v.tzinfo is None else v


def _texte(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError(f"texte attendu, reçu « {v} »")
    return v


_decimal_en_texte = PlainSerializer(lambda d: format(d, "f"), return_type=str, when_used="json")
Montant = Annotated[Decimal, BeforeValidator(_montant), _decimal_en_texte]
MontantPositif = Annotated[
    Decimal, BeforeValidator(_montant), AfterValidator(_strictement_positif), _decimal_en_texte
]
Taux = Annotated[Decimal, BeforeValidator(_taux), _decimal_en_texte]
DateJ = Annotated[date, BeforeValidator(_date)]
Horodatage = Annotated[datetime, BeforeValidator(_horodatage)]
Texte = Annotated[str, BeforeValidator(_texte)]


class Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Adresse(Modele):
    lignes: list[Texte] = Field(default_factory=list)
    code_postal: Annotated[str, BeforeValidator(_texte)]
    ville: Texte
    pays: Texte = "France"

    @model_validator(mode="after")
    def _code_postal(self) -> Adresse:
        if self.pays.lower() == "france" and not re.fullmatch(r"\d{5}", self.code_postal):
            raise ValueError(
                f"code postal « {self.code_postal} » invalide : cinq chiffres attendus"
            )
        return self


class Partie(Modele):
    nom: Texte
    forme_juridique: Texte | None = None
    siren: Texte | None = None
    siret: Texte | None = None
    tva: Texte | None = None
    adresse: Adresse
    email: Texte | None = None
    telephone: Texte | None = None
    representant: Texte | None = None

    @model_validator(mode="after")
    def _identifiants(self) -> Partie:
        # python-stdnum checks the Luhn keys of SIREN/SIRET and the TVA key.
        from stdnum.exceptions import ValidationError as NumeroInvalide
        from stdnum.fr import siren, siret, tva

        for champ, module in (("siren", siren), ("siret", siret), ("tva", tva)):
            valeur = getattr(self, champ)
            if valeur is None:
                continue
            try:
                setattr(self, champ, module.validate(valeur))
            except NumeroInvalide:
                raise ValueError(
                    f"{champ.upper()} « {valeur} » invalide (clé de contrôle)"
                ) from None
        return self


class Mandataire(Partie):
    """A collection agency acting for the creditor (CPCE R124-4 mentions)."""

    premiere_lettre_reference: Texte | None = None
    premiere_lettre_date: DateJ | None = None


class Creancier(Partie):
    iban: Texte | None = None
    bic: Texte | None = None
    taux_penalites: Taux | None = None
    capitalisation: bool = False  # C. civ. 1343-2: only when the creditor asks for it
    personne_physique_non_professionnelle: bool = False
    mandataire: Mandataire | None = None

    @model_validator(mode="after")
    def _banque(self) -> Creancier:
        # schwifty checks the IBAN checksum and the BIC structure.
        if self.iban is None and self.bic is None:
            return self
        from schwifty import BIC, IBAN
        from schwifty.exceptions import SchwiftyException

        try:
            if self.iban is not None:
                self.iban = IBAN(self.iban).compact
            if self.bic is not None:
                self.bic = str(BIC(self.bic))
        except SchwiftyException as e:
            raise ValueError(f"coordonnées bancaires invalides : {e}") from None
        return self


class Interlocuteur(Modele):
    nom: Texte
    role: Texte | None = None
    email: Texte | None = None
    telephone: Texte | None = None


class ProcedureCollective(Modele):
    type: TypeProcedure
    jugement_le: DateJ
    publication_bodacc_le: DateJ | None = None


class Debiteur(Partie):
    type: TypeDebiteur
    segment: Segment = "occasionnel"
    interlocuteurs: list[Interlocuteur] = Field(default_factory=list)
    canaux_refuses: list[Canal] = Field(default_factory=list)
    procedure_collective: ProcedureCollective | None = None
    commercant: bool | None = None  # trader or commercial company (CPC 1406 court choice)


class Facture(Modele):
    numero: Texte
    date_emission: DateJ
    date_echeance: DateJ
    montant_ttc: MontantPositif
    taux_penalites: Taux | None = None
    date_execution: DateJ | None = None  # completion of the service (consumer limitation start)
    pieces: list[Texte] = Field(default_factory=list)

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
    facture: Texte | None = None
    reference: Texte | None = None


class Avoir(Modele):
    numero: Texte | None = None
    date: DateJ
    montant: MontantPositif
    facture: Texte


class Litige(Modele):
    facture: Texte
    ouvert_le: DateJ
    motif: Texte
    clos_le: DateJ | None = None


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
    operateur: Texte | None = None


class MiseEnDemeure(Modele):
    envoyee_le: DateJ
    recue_le: DateJ | None = None
    premiere_presentation_le: DateJ | None = None  # unclaimed letter: still valid
    non_reclamee: bool = False
    delai_jours: Annotated[int, Field(ge=1, le=60)] = 8
    numero_lrar: Texte | None = None
    document: Texte | None = None  # the letter sent (path relative to the dossier file)
    accuse_reception: Texte | None = None  # scan of the acknowledgment (same)


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
    juridiction_adresse: list[Texte] = Field(default_factory=list)


class PetitesCreances(Modele):
    """The simplified small-claims procedure (CPCE L125-1): dates the user records."""

    demande_le: DateJ | None = None
    commissaire_nom: Texte | None = None
    commissaire_adresse: list[Texte] = Field(default_factory=list)
    invitation_envoyee_le: DateJ | None = None
    accord_le: DateJ | None = None
    montant_accord: Montant | None = None
    echeances: list[EcheanceConvenue] = Field(default_factory=list)
    refus_le: DateJ | None = None


class EtapeDatee(Modele):
    etape: Etape
    le: DateJ
    motif: Texte | None = None


class Dossier(Modele):
    reference: Texte
    devise: Literal["EUR"] = "EUR"
    creancier: Creancier
    debiteur: Debiteur
    factures: list[Facture]
    paiements: list[Paiement] = Field(default_factory=list)
    avoirs: list[Avoir] = Field(default_factory=list)
    litiges: list[Litige] = Field(default_factory=list)
    echeanciers: list[Echeancier] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    mise_en_demeure: MiseEnDemeure | None = None
    interruptions: list[Interruption] = Field(default_factory=list)
    jugement: Jugement | None = None
    injonction: Injonction | None = None
    petites_creances: PetitesCreances | None = None
    etape: Etape | None = None
    historique: list[EtapeDatee] = Field(default_factory=list)

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


def decimal_exact(texte: str) -> Decimal:
    """Parse a decimal string for the CLI (raises ValueError in French)."""
    try:
        return Decimal(texte)
    except InvalidOperation:
        raise ValueError(f"nombre invalide « {texte} »") from None
