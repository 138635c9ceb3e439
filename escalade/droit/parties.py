"""The parties of a dossier: creditor (and its collection agency), debtor, their addresses.

SIREN, SIRET and TVA numbers are checked (and normalised) by their control keys
(python-stdnum); the creditor's IBAN and BIC by schwifty. A French postal code has five
digits. The debtor's type decides the legal regime (professional, consumer, public person).
"""

from __future__ import annotations

import functools
import re
from typing import Any, Literal

from pydantic import Field, ValidationInfo, model_validator

from escalade.droit.cache_verifications import verifie
from escalade.droit.messages_tiers import motif_bancaire
from escalade.droit.valeurs import (
    Canal,
    DateJ,
    Modele,
    MontantPositif,
    Segment,
    Taux,
    Texte,
    TexteNonVide,
    TypeDebiteur,
    TypeProcedure,
    liste_vide,
)

_CODE_POSTAL = re.compile(r"\d{5}")


class Adresse(Modele):
    lignes: list[Texte] = Field(default_factory=liste_vide)
    code_postal: Texte
    ville: Texte
    pays: Texte = "France"

    @model_validator(mode="after")
    def _code_postal(self) -> Adresse:
        if self.pays.lower() == "france" and not _CODE_POSTAL.fullmatch(self.code_postal):
            raise ValueError(
                f"code postal « {self.code_postal} » invalide : cinq chiffres attendus"
            )
        return self


# How a letter greets a person: « Madame, » or « Monsieur, »; unknown: « Madame, Monsieur, ».
Civilite = Literal["M.", "Mme"]


# Validation context of a dossier read back from the store: its identifiers and bank details
# were checked (and normalised) when it was imported; importing schwifty and python-stdnum
# again to re-check them cost more than the whole gate.
DEJA_VERIFIE = {"deja_verifie": True}


def deja_verifie(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("deja_verifie"))


# A portfolio repeats its creditor on every dossier: each identifier is checked once (a
# failed check raises and is not cached). A check that passed is also kept between runs
# (escalade.droit.cache_verifications): a known value does not import the library again.
@functools.lru_cache(maxsize=4096)
def _identifiant_verifie(champ: str, valeur: str) -> str:
    """The number in its normal form, python-stdnum having checked its key (Luhn for
    SIREN/SIRET, the TVA key: French, or the country's own for a foreign prefix)."""
    from stdnum import vatin
    from stdnum.exceptions import ValidationError as NumeroInvalide
    from stdnum.fr import siren, siret, tva

    module: Any = {"siren": siren, "siret": siret, "tva": tva}[champ]
    # A foreign VAT number is checked by its own country's rules, prefix kept.
    prefixe = valeur.strip()[:2].upper()
    if champ == "tva" and prefixe.isalpha() and prefixe != "FR":
        module = vatin
    try:
        return str(module.validate(valeur))
    except NumeroInvalide:
        raise ValueError(f"{champ.upper()} « {valeur} » invalide (clé de contrôle)") from None


@functools.lru_cache(maxsize=1024)
def _banque_verifiee(iban: str | None, bic: str | None) -> tuple[str | None, str | None]:
    """The IBAN (compact) and BIC, schwifty having checked the IBAN checksum and the BIC
    structure."""
    from schwifty import BIC, IBAN
    from schwifty.exceptions import SchwiftyException

    try:
        iban_compact = None if iban is None else IBAN(iban).compact
    except SchwiftyException as e:
        raise ValueError(f"IBAN « {iban} » invalide : {motif_bancaire(e)}") from None
    try:
        return iban_compact, None if bic is None else str(BIC(bic))
    except SchwiftyException as e:
        raise ValueError(f"BIC « {bic} » invalide : {motif_bancaire(e)}") from None


class Partie(Modele):
    nom: TexteNonVide
    # The civility of the person the letters are addressed to: the party itself when it is
    # a natural person, else its `representant`.
    civilite: Civilite | None = None
    forme_juridique: Texte | None = None
    siren: Texte | None = None
    # Trade and companies register: the town of its registry (C. com. R123-237: the SIREN
    # followed by « RCS » and that town) and the share capital (C. com. R123-238).
    rcs: Texte | None = None
    capital_social: MontantPositif | None = None
    siret: Texte | None = None
    tva: Texte | None = None
    adresse: Adresse
    email: Texte | None = None
    telephone: Texte | None = None
    representant: Texte | None = None

    @model_validator(mode="after")
    def _identifiants(self, info: ValidationInfo) -> Partie:
        # python-stdnum checks the Luhn keys of SIREN/SIRET and the TVA key (French, or
        # the country's own for a foreign prefix: DE, NL, ES, HR...).
        if deja_verifie(info):
            return self
        for champ in ("siren", "siret", "tva"):
            valeur = getattr(self, champ)
            if valeur is not None:
                setattr(self, champ, verifie(_identifiant_verifie, champ, valeur))
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
    def _banque(self, info: ValidationInfo) -> Creancier:
        if (self.iban is None and self.bic is None) or deja_verifie(info):
            return self
        self.iban, self.bic = verifie(_banque_verifiee, self.iban, self.bic)
        return self


class Interlocuteur(Modele):
    nom: Texte
    civilite: Civilite | None = None
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
    interlocuteurs: list[Interlocuteur] = Field(default_factory=liste_vide)
    canaux_refuses: list[Canal] = Field(default_factory=liste_vide)
    procedure_collective: ProcedureCollective | None = None
    commercant: bool | None = None  # trader or commercial company (CPC 1406 court choice)
