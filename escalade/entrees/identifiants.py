"""Identifiers of the parties of an invoice: SIREN/SIRET and VAT numbers, each by its own rules.

A VAT number is checked with the rules of the country its prefix names (python-stdnum's
`stdnum.vatin`, which dispatches to `stdnum.eu.vat` for the EU and to each country's module
otherwise) and kept with its prefix; a French SIREN/SIRET with the Luhn key. An invalid
identifier is not stored: the caller reports it and goes on, it never stops an import.

Country codes that are French overseas departments and territories (La Réunion « RE »,
Guadeloupe « GP »…) are France for a postal address (ISO 3166-1 gives them their own code,
the French post does not).
"""

from __future__ import annotations

from dataclasses import dataclass

OUTRE_MER = frozenset({"RE", "GP", "MQ", "GF", "YT", "PM", "BL", "MF", "NC", "PF", "WF", "TF"})


_RAISONS = {
    "InvalidChecksum": "clé de contrôle fausse",
    "InvalidLength": "longueur invalide",
    "InvalidFormat": "format invalide",
    "InvalidComponent": "préfixe de pays ou partie du numéro invalide",
}


@dataclass(frozen=True)
class Verification:
    valeur: str | None  # the compact valid identifier, or None
    motif: str | None  # why it was refused (None when valid or absent)


def verifier_tva(brut: str | None) -> Verification:
    """A VAT number checked by its country's rules, prefix kept (compact form)."""
    if not brut or not brut.strip():
        return Verification(None, None)
    from stdnum import vatin
    from stdnum.exceptions import ValidationError

    texte = brut.strip()
    try:
        return Verification(str(vatin.validate(texte)), None)
    except ValidationError as e:
        pays = texte[:2].upper()
        raison = _RAISONS.get(type(e).__name__, "numéro invalide")
        return Verification(None, f"TVA « {texte} » invalide selon les règles de {pays} ({raison})")


def verifier_siren(brut: str | None) -> Verification:
    """A SIREN (nine digits, Luhn key)."""
    if not brut or not brut.strip():
        return Verification(None, None)
    from stdnum.exceptions import ValidationError
    from stdnum.fr import siren

    try:
        return Verification(str(siren.validate(brut)), None)
    except ValidationError:
        return Verification(None, f"SIREN « {brut.strip()} » invalide (clé de contrôle)")


def pays_adresse(code: str | None) -> str | None:
    """The country of a postal address: None for France (mainland or overseas), else the code."""
    if not code:
        return None
    code = code.strip().upper()
    return None if code == "FR" or code in OUTRE_MER else code
